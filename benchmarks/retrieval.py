"""Retrieval benchmark: our hybrid retrieval vs the naive LangChain tutorial pipeline vs BM25 alone,
measured in one process on benchmarks/questions.yaml, plus ingest time, cold start and query latency.

    .venv/bin/python benchmarks/retrieval.py [--knowledge DIR] [--questions FILE] [--repeat N]

Prints tables; figures are relative to this machine (ratios against the baseline are the portable part).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MONEY = re.compile(r"\$\s?\d")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--questions", type=Path, default=ROOT / "benchmarks" / "questions.yaml")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions")
    args = parser.parse_args()

    from rich.console import Console
    from rich.table import Table

    from advisor.baseline import NaivePipeline
    from advisor.embeddings import Embedder
    from advisor.engine import Advisor
    from advisor.index import sync
    from advisor.settings import load_settings

    console = Console()
    cases = yaml.safe_load(args.questions.read_text())
    answerable = [c for c in cases if c.get("evidence")]
    unanswerable = [c for c in cases if not c.get("evidence")]
    data = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    settings = load_settings(data_dir=data, knowledge_dir=args.knowledge)

    embedder = Embedder()
    started = time.perf_counter()
    embedder.model  # noqa: B018 - load the model outside the ingest timing
    model_load = time.perf_counter() - started
    started = time.perf_counter()
    report = sync(settings, [args.knowledge], embedder)
    ingest_s = time.perf_counter() - started
    advisor = Advisor(settings, embedder)
    started = time.perf_counter()
    naive = NaivePipeline([args.knowledge], embedder)
    naive_ingest_s = time.perf_counter() - started

    def ranks(hits: list[str], needle: str) -> int | None:
        for i, text in enumerate(hits):
            if needle.lower() in text.lower():
                return i + 1
        return None

    systems = {
        "ours (hybrid + role filter)": lambda q: [e.text for e in advisor.ask(q).evidence][:4],
        "naive LangChain (1000/200, vector k=4)": lambda q: [h.text for h in naive.vector_search(q, 4)],
        "BM25 alone (same 1000/200 chunks)": lambda q: [h.text for h in naive.bm25_search(q, 4)],
    }
    table = Table(title=f"Retrieval at k=4 on {len(answerable)} answerable questions")
    for col in ("system", "hit@1", "hit@4", "MRR@4", "context chars (mean)", "vs naive context"):
        table.add_column(col, justify="right" if col != "system" else "left")
    naive_chars = None
    rows = []
    for name, search in systems.items():
        found = [ranks(search(c["q"]), c["evidence"]) for c in answerable]
        chars = statistics.mean(sum(len(t) for t in search(c["q"])) for c in answerable)
        rows.append((name, found, chars))
        if name.startswith("naive"):
            naive_chars = chars
    for name, found, chars in rows:
        n = len(found)
        table.add_row(name, f"{sum(r == 1 for r in found) / n:.0%}", f"{sum(r is not None for r in found) / n:.0%}",
                      f"{sum(1 / r for r in found if r) / n:.3f}", f"{chars:,.0f}",
                      f"{chars / naive_chars:.2f}x" if naive_chars else "")
    console.print(table)

    answers = {c["q"]: advisor.ask(c["q"]) for c in cases}
    cited = sum(any(c["evidence"].lower() in x.text.lower() for x in answers[c["q"]].citations) for c in answerable)
    facts = sum(c.get("answer", c["evidence"]).lower() in answers[c["q"]].answer.lower() for c in answerable)
    naive_facts = sum(c.get("answer", c["evidence"]).lower() in naive.answer(c["q"]).lower() for c in answerable)
    abstained = sum(answers[c["q"]].abstained for c in unanswerable)
    false_abstain = sum(answers[c["q"]].abstained for c in answerable)
    pay_leaks = sum(bool(MONEY.search(answers[c["q"]].answer)) for c in unanswerable)
    quality = Table(title="Answers")
    quality.add_column("measure")
    quality.add_column("ours", justify="right")
    quality.add_column("naive (answer = top chunk)", justify="right")
    quality.add_row("labelled evidence cited", f"{cited}/{len(answerable)}", "—")
    quality.add_row("expected fact in answer", f"{facts}/{len(answerable)}", f"{naive_facts}/{len(answerable)}")
    quality.add_row("answerable but abstained", f"{false_abstain}/{len(answerable)}", "never abstains")
    quality.add_row("unanswerable that abstained", f"{abstained}/{len(unanswerable)}", f"0/{len(unanswerable)}")
    quality.add_row("pay figures in unanswerable answers", str(pay_leaks),
                    str(sum(bool(MONEY.search(naive.answer(c["q"]))) for c in unanswerable)))
    console.print(quality)

    full, retrieval_only, naive_lat = [], [], []
    for _ in range(args.repeat):
        for c in cases:
            t = time.perf_counter()
            advisor.ask(c["q"])
            full.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            advisor.retriever.search(c["q"], settings.top_k)
            retrieval_only.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            naive.vector_search(c["q"], 4)
            naive_lat.append((time.perf_counter() - t) * 1000)

    def pct(values: list[float], p: float) -> float:
        return statistics.quantiles(values, n=100)[int(p) - 1]

    env = {**os.environ, "ADVISOR_DATA_DIR": str(data), "ADVISOR_KNOWLEDGE_DIR": str(args.knowledge)}
    advisor_bin = str(Path(sys.executable).with_name("advisor"))
    cold = []
    for _ in range(2):
        t = time.perf_counter()
        subprocess.run([advisor_bin, "ask", "What does a Tech Director earn?"], env=env, check=True,
                       capture_output=True)
        cold.append(time.perf_counter() - t)

    speed = Table(title=f"Speed ({len(full)} timed questions, model loaded)")
    speed.add_column("measure")
    speed.add_column("value", justify="right")
    speed.add_row("model load", f"{model_load:.2f} s")
    speed.add_row(f"ingest {len(report.files)} files / {report.added} chunks (model loaded)", f"{ingest_s:.2f} s")
    speed.add_row("naive pipeline build (split + embed)", f"{naive_ingest_s:.2f} s")
    speed.add_row("cold start to first answer (`advisor ask`, best of 2)", f"{min(cold):.2f} s")
    speed.add_row("ask p50 / p95 (full pipeline)", f"{pct(full, 50):.1f} / {pct(full, 95):.1f} ms")
    speed.add_row("hybrid retrieval p50 / p95", f"{pct(retrieval_only, 50):.1f} / {pct(retrieval_only, 95):.1f} ms")
    speed.add_row("naive vector search p50 / p95", f"{pct(naive_lat, 50):.1f} / {pct(naive_lat, 95):.1f} ms")
    speed.add_row("ask p50 vs naive search p50", f"{pct(full, 50) / pct(naive_lat, 50):.1f}x")
    console.print(speed)


if __name__ == "__main__":
    main()
