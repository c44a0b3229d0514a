"""Scale benchmark: ingest throughput, memory, query latency and retrieval quality as the number of role
documents grows, against the naive LangChain pipeline on the same generated corpus, in the same run.

    .venv/bin/python benchmarks/scale.py [--sizes 10,100,1000] [--seed 7] [--sample 40] [--misses 10]

For each N it generates N documents with benchmarks/generate.py, then measures in fresh child processes
(one for our pipeline, one for the naive one, so each peak RSS is its own): `advisor.index.sync` with a
progress bar, `Advisor.ask` on the generated questions after a warm-up, and the naive pipeline's build and
vector search; then the cold start of the `advisor ask` console script. Figures are for this machine;
the ratios against the naive pipeline are the portable part.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Question, _slug, generate, load_questions  # noqa: E402

MONEY = re.compile(r"[$£€]\s?\d")
KINDS = ("pay", "progression", "education", "experience", "responsibility", "skill", "trap")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated document counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=40, help="roles per corpus that get questions (6 each)")
    parser.add_argument("--cold-runs", type=int, default=3, help="runs of `advisor ask` for the cold start")
    parser.add_argument("--misses", type=int, default=0, help="show up to this many missed questions per N")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temp folder)")
    parser.add_argument("--measure", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        measure = measure_ours if args.measure == "ours" else measure_naive
        args.result.write_text(json.dumps(measure(args.corpus)))
        return

    from rich.console import Console

    console = Console(stderr=True)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    root = args.keep or Path(tempfile.mkdtemp(prefix="advisor-scale-"))
    rows = []
    for n in sizes:
        corpus = root / f"n{n}"
        _, questions = generate(n, corpus, args.seed, args.sample)
        console.rule(f"N = {n}: {len(questions)} questions ({sum(q.kind == 'trap' for q in questions)} traps)")
        ours = _child("ours", corpus)
        naive = _child("naive", corpus)
        cold = cold_start(corpus, questions[0].q, args.cold_runs)
        rows.append({"n": n, "questions": len(questions), "ours": ours, "naive": naive, "cold": cold})
        console.print(f"ingest: {ours['files']} documents, {ours['chunks']} chunks in {ours['ingest_s']:.1f} s "
                      f"= {ours['files'] / ours['ingest_s']:.1f} documents/s, {ours['chunks'] / ours['ingest_s']:.1f} "
                      f"chunks/s; ask p95 {_pct(ours['ask_ms'], 95):.0f} ms; hit@4 {_rate(ours['hit']):.0%}",
                      highlight=False)
    report(rows, args.misses)


def _child(which: str, corpus: Path) -> dict:
    """Measure in a fresh interpreter so ru_maxrss is that pipeline's own peak."""
    result = corpus / f"result-{which}.json"
    subprocess.run([sys.executable, __file__, "--measure", which, "--corpus", str(corpus), "--result", str(result)],
                   check=True)
    return json.loads(result.read_text())


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _settings(corpus: Path):  # noqa: ANN202 - Settings, imported lazily
    from advisor.settings import load_settings

    return load_settings(data_dir=corpus / "data", knowledge_dir=corpus / "knowledge")


def measure_ours(corpus: Path) -> dict:
    """Ingest with a progress bar, then time every question through Advisor.ask after a warm-up."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from advisor.embeddings import Embedder
    from advisor.engine import Advisor
    from advisor.index import sync

    questions = load_questions(corpus / "questions.yaml")
    out: dict = {"rss_start_mb": _maxrss_mb()}
    embedder = Embedder()
    started = time.perf_counter()
    embedder.model  # noqa: B018 - load the model outside the ingest timing
    out["model_load_s"] = time.perf_counter() - started
    out["rss_model_mb"] = _maxrss_mb()

    settings = _settings(corpus)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task({"read": "Reading", "embed": "Indexing"}[stage], total=total)
            bar.update(tasks[stage], completed=done, total=total)

        started = time.perf_counter()
        report = sync(settings, [settings.knowledge_dir], embedder, progress=progress)
        out["ingest_s"] = time.perf_counter() - started
    out["files"], out["chunks"], out["errors"] = len(report.files), report.added, [str(e) for e in report.errors]
    out["rss_ingest_mb"] = _maxrss_mb()

    advisor = Advisor(settings, embedder)
    started = time.perf_counter()
    advisor.load()
    out["open_s"] = time.perf_counter() - started
    for title in list(advisor.roles)[:3]:
        advisor.ask(f"What does a {title} do?")

    out["ask_ms"], out["embed_ms"], out["hit"], out["correct"], out["kinds"], out["misses"] = [], [], [], [], [], []
    out["ask_cpu_ms"], out["load_avg"] = [], [os.getloadavg()[0]]
    for q in questions:
        started, cpu = time.perf_counter(), time.process_time()
        answer = advisor.ask(q.q)
        out["ask_ms"].append((time.perf_counter() - started) * 1000)
        out["ask_cpu_ms"].append((time.process_time() - cpu) * 1000)
        started = time.perf_counter()
        embedder.embed_one(q.q)
        out["embed_ms"].append((time.perf_counter() - started) * 1000)
        top4 = answer.evidence[:4]
        hit = _hit(q, [(e.role, e.text) for e in top4]) if q.evidence else None
        correct = _correct(q, answer.answer, answer.abstained)
        out["hit"].append(hit)
        out["correct"].append(correct)
        out["kinds"].append(q.kind)
        if hit is False or not correct:
            out["misses"].append({"q": q.q, "kind": q.kind, "want": q.answer or "(abstain)", "roles": answer.roles,
                                  "top4": [f"{e.role} › {e.section.split(' › ')[-1]}" for e in top4],
                                  "answer": answer.answer[:300]})
    out["rss_query_mb"] = _maxrss_mb()
    out["load_avg"].append(os.getloadavg()[0])
    return out


def measure_naive(corpus: Path) -> dict:
    """The naive LangChain pipeline on the same documents: build (split + embed), vector search k=4."""
    from advisor.baseline import NaivePipeline
    from advisor.embeddings import Embedder

    questions = load_questions(corpus / "questions.yaml")
    embedder = Embedder()
    embedder.model  # noqa: B018
    out: dict = {"rss_model_mb": _maxrss_mb()}
    started = time.perf_counter()
    naive = NaivePipeline([corpus / "knowledge"], embedder)
    out["build_s"] = time.perf_counter() - started
    out["chunks"] = len(naive.chunks)
    for q in questions[:3]:
        naive.vector_search(q.q, 4)
    sources = {q.role: q.source or f"{_slug(q.role)}.md" for q in questions}  # .md, .txt or .html
    out["search_ms"], out["hit"], out["correct"], out["kinds"] = [], [], [], []
    for q in questions:
        started = time.perf_counter()
        hits = naive.vector_search(q.q, 4)
        out["search_ms"].append((time.perf_counter() - started) * 1000)
        own = [(q.role if h.source == sources[q.role] else h.source, h.text) for h in hits]
        out["hit"].append(_hit(q, own) if q.evidence else None)
        top = hits[0].text if hits else ""
        out["correct"].append(_correct(q, top, abstained=False))
        out["kinds"].append(q.kind)
    out["rss_query_mb"] = _maxrss_mb()
    return out


def _hit(q: Question, top4: list[tuple[str, str]]) -> bool:
    """The labelled phrase is in one of the top-4 passages, and that passage belongs to the asked role."""
    return any(role == q.role and q.evidence.lower() in text.lower() for role, text in top4)


def _correct(q: Question, text: str, abstained: bool) -> bool:
    """Answerable: the expected fact is stated. Trap: abstained, and no pay figure anywhere in the answer."""
    if q.kind == "trap":
        return abstained and not MONEY.search(text)
    return not abstained and q.answer.lower() in text.lower()


def cold_start(corpus: Path, question: str, runs: int) -> list[float]:
    """Seconds from launching `advisor ask` to its exit with an answer, index already built."""
    env = {**os.environ, "ADVISOR_DATA_DIR": str(corpus / "data"), "ADVISOR_KNOWLEDGE_DIR": str(corpus / "knowledge")}
    advisor_bin = str(Path(sys.executable).with_name("advisor"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([advisor_bin, "ask", question], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def _pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _rate(flags: list[bool | None]) -> float:
    known = [f for f in flags if f is not None]
    return sum(known) / len(known) if known else float("nan")


def _by_kind(side: dict, key: str, kind: str) -> str:
    flags = [f for f, k in zip(side[key], side["kinds"]) if k == kind and f is not None]
    return f"{sum(flags)}/{len(flags)}" if flags else "—"


def report(rows: list[dict], misses: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200)

    def table(title: str, *columns: str) -> Table:
        t = Table(title=title)
        for i, col in enumerate(columns):
            t.add_column(col, justify="left" if i == 0 else "right")
        return t

    ingest = table("Ingest (advisor.index.sync, model loaded beforehand) and memory", "N", "files", "chunks", "ingest s",
                   "documents/s", "chunks/s", "index open s", "RSS after model load", "peak RSS (ingest + queries)",
                   "naive peak RSS", "ours / naive RSS")
    for r in rows:
        o, nv = r["ours"], r["naive"]
        ingest.add_row(str(r["n"]), str(o["files"]), str(o["chunks"]), f"{o['ingest_s']:.1f}",
                       f"{o['files'] / o['ingest_s']:.1f}", f"{o['chunks'] / o['ingest_s']:.1f}", f"{o['open_s']:.2f}",
                       f"{o['rss_model_mb']:.0f} MB", f"{o['rss_query_mb']:.0f} MB", f"{nv['rss_query_mb']:.0f} MB",
                       f"{o['rss_query_mb'] / nv['rss_query_mb']:.2f}x")
    console.print(ingest)

    quality = table("Retrieval and answers on the generator's questions", "N", "questions", "hit@4 ours", "hit@4 naive",
                    "answer has expected fact", "naive top chunk has it", "traps abstained",
                    "pay figures on traps (ours / naive)")
    for r in rows:
        o, nv = r["ours"], r["naive"]
        answerable = [c for c, k in zip(o["correct"], o["kinds"]) if k != "trap"]
        traps = [c for c, k in zip(o["correct"], o["kinds"]) if k == "trap"]
        naive_answerable = [c for c, k in zip(nv["correct"], nv["kinds"]) if k != "trap"]
        naive_leaks = sum(not c for c, k in zip(nv["correct"], nv["kinds"]) if k == "trap")
        quality.add_row(str(r["n"]), f"{r['questions']} ({len(traps)} traps)", f"{_rate(o['hit']):.1%}",
                        f"{_rate(nv['hit']):.1%}", f"{sum(answerable)}/{len(answerable)}",
                        f"{sum(naive_answerable)}/{len(naive_answerable)}", f"{sum(traps)}/{len(traps)}",
                        f"{len(traps) - sum(traps)} / {naive_leaks}")
    console.print(quality)

    kinds = table("hit@4 by question kind (ours / naive); traps: correct abstentions", "kind",
                  *[f"N={r['n']}" for r in rows])
    for kind in KINDS:
        key = "correct" if kind == "trap" else "hit"
        kinds.add_row(kind, *[f"{_by_kind(r['ours'], key, kind)} / {_by_kind(r['naive'], key, kind)}" for r in rows])
    console.print(kinds)

    speed = table("Speed (model loaded, after a warm-up)", "N", "ask p50 ms", "ask p95 ms", "ask CPU p50 / p95 ms",
                  "load avg (start/end)", "one embedding p50 ms",
                  "naive search p50 ms", "naive search p95 ms", "p50 ours/naive", "p95 ours/naive",
                  "cold start `advisor ask` s (first / best)", "ingest s / naive build s")
    for r in rows:
        o, nv = r["ours"], r["naive"]
        speed.add_row(str(r["n"]), f"{_pct(o['ask_ms'], 50):.1f}", f"{_pct(o['ask_ms'], 95):.1f}",
                      f"{_pct(o['ask_cpu_ms'], 50):.1f} / {_pct(o['ask_cpu_ms'], 95):.1f}",
                      " / ".join(f"{x:.1f}" for x in o["load_avg"]),
                      f"{_pct(o['embed_ms'], 50):.1f}", f"{_pct(nv['search_ms'], 50):.1f}",
                      f"{_pct(nv['search_ms'], 95):.1f}", f"{_pct(o['ask_ms'], 50) / _pct(nv['search_ms'], 50):.1f}x",
                      f"{_pct(o['ask_ms'], 95) / _pct(nv['search_ms'], 95):.1f}x",
                      f"{r['cold'][0]:.2f} / {min(r['cold']):.2f}",
                      f"{o['ingest_s']:.1f} / {nv['build_s']:.1f} = {o['ingest_s'] / nv['build_s']:.2f}x")
    console.print(speed)

    last = rows[-1]
    bar = table(f"The issue's bar at N = {last['n']}", "check", "measured", "bar", "met")
    hit, p95 = _rate(last["ours"]["hit"]), _pct(last["ours"]["ask_ms"], 95)
    bar.add_row("hit@4 on the generator's questions", f"{hit:.1%}", "≥ 90 %", "yes" if hit >= 0.9 else "NO")
    bar.add_row("query p95 (Advisor.ask, wall clock)", f"{p95:.0f} ms", "< 250 ms", "yes" if p95 < 250 else "NO")
    cpu95 = _pct(last["ours"]["ask_cpu_ms"], 95)
    bar.add_row("query p95 CPU time (less sensitive to other load)", f"{cpu95:.0f} ms", "< 250 ms",
                "yes" if cpu95 < 250 else "NO")
    bar.add_row("ingest errors", str(len(last["ours"]["errors"])), "0", "yes" if not last["ours"]["errors"] else "NO")
    console.print(bar)

    for r in rows if misses else []:
        shown = r["ours"]["misses"][:misses]
        if shown:
            console.print(f"[bold]N={r['n']}: {len(r['ours']['misses'])} missed, first {len(shown)}[/]")
            for m in shown:
                console.print(f"  [{m['kind']}] {m['q']}\n    want: {m['want']}; roles: {m['roles']}; "
                              f"top4: {m['top4']}\n    answer: {m['answer']!r}", highlight=False)


if __name__ == "__main__":
    main()
