"""Speed at scale: the ONNX path (what `advisor` does now) against the previous torch path, in one run, with ratios.

    .venv/bin/python benchmarks/speed.py [--sizes 10,100,1000] [--seed 7] [--sample 40] [--cold-runs 5]

For each N it generates N varied documents with benchmarks/generate.py, then, in a fresh child process per path
(so each peak RSS is its own):

- **onnx**: ingest as `advisor ingest` does (onnxruntime, vectors remembered, the passages answers rank embedded
  at ingest), then `Advisor` as `advisor ask` makes it (one thread, no torch);
- **torch**: ingest and `Advisor` with the sentence-transformers embedder, as before issue 16;
- **naive**: the naive LangChain pipeline (advisor/baseline.py: 1000/200 split, sentence-transformers, vector search
  k = 4, nothing kept on disk), built and searched as benchmarks/scale.py does.

With `--before DIR`, the ingest and the cold `advisor ask` of the earlier code are timed too.

For ONNX the one-off export into the fresh data folder runs first in a process of its own (it needs torch). Each
child loads the model, timed apart from the ingest; opens the index from the snapshot and, for comparison, by reading Chroma; asks every generated question after a warm-up.
Then, interleaved so machine load falls on all alike, fresh processes of `advisor ask` on each path's index and of
`python -c "import torch, sentence_transformers"`. The answers of the two paths are compared question by question.
The code measured is this checkout's (PYTHONPATH), whatever the virtualenv's editable install points at.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from generate import generate, load_questions  # noqa: E402
from scale import _correct, _hit, _maxrss_mb, _pct, _rate, measure_naive  # noqa: E402

PATHS = ("onnx", "torch")
NAIVE = "naive"
RSS_PROBE = ("import atexit, resource, sys\n"
             "atexit.register(lambda: print(f'MAXRSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', "
             "f'TORCH {int(\"torch\" in sys.modules)}', file=sys.stderr))\n")
EXPORT = ("import time\nfrom advisor.embeddings import Embedder\nfrom advisor.settings import load_settings\n"
          "started = time.perf_counter()\nEmbedder.for_settings(load_settings()).load()\n"
          "print(time.perf_counter() - started)\n")
ADVISOR_ASK = RSS_PROBE + "from advisor.cli import app\nsys.argv[0] = 'advisor'\napp()\n"
IMPORT_TORCH = RSS_PROBE + "import torch, sentence_transformers\n"
# The earlier code's ingest (`--before`), as its `advisor ingest` ran it: sentence-transformers with all cores; the
# model is loaded before the clock starts, as in `measure`.
INGEST_BEFORE = ("import json, time\nfrom advisor.embeddings import Embedder\nfrom advisor.index import sync\n"
                 "from advisor.settings import load_settings\nsettings = load_settings()\nembedder = Embedder()\n"
                 "embedder.model\nstarted = time.perf_counter()\n"
                 "report = sync(settings, [settings.knowledge_dir], embedder)\n"
                 "print(json.dumps({'chunks': report.added, 'ingest_s': time.perf_counter() - started}))\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated document counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=40, help="documents per corpus that get questions")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh processes per kind for the cold start")
    parser.add_argument("--paths", default=",".join((*PATHS, NAIVE)), help="which paths to measure (onnx,torch,naive)")
    parser.add_argument("--before", type=Path, help="also time the ingest and the cold `advisor ask` of this checkout "
                        "of the earlier code (e.g. `git archive 49b76f6 advisor | tar -x -C DIR`)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temp folder)")
    parser.add_argument("--report", type=Path, help="print the tables of an earlier run again (its speed.json)")
    parser.add_argument("--measure", choices=(*PATHS, NAIVE), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.report:
        saved = json.loads(args.report.read_text())
        report(saved["rows"], saved["paths"])
        return
    if args.measure:
        measured = measure_naive(args.corpus) if args.measure == NAIVE else measure(args.measure, args.corpus)
        args.result.write_text(json.dumps(measured))
        return

    from rich.console import Console

    console = Console(stderr=True)
    paths = [p for p in args.paths.split(",") if p in PATHS]
    naive = NAIVE in args.paths.split(",")
    root = args.keep or Path(tempfile.mkdtemp(prefix="advisor-speed-"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        corpus = root / f"n{n}"
        _, questions = generate(n, corpus, args.seed, args.sample)
        console.rule(f"N = {n}: {len(questions)} questions")
        measured = {}
        for path in paths:
            measured[path] = _child(path, corpus)
            m = measured[path]
            console.print(f"{path}: {m['chunks']} chunks in {m['ingest_s']:.1f} s = {m['chunks'] / m['ingest_s']:.1f} "
                          f"chunks/s; ask p50 {_pct(m['ask_ms'], 50):.0f} ms, p95 {_pct(m['ask_ms'], 95):.0f} ms",
                          highlight=False)
        if naive:
            measured[NAIVE] = _child(NAIVE, corpus)
            m = measured[NAIVE]
            console.print(f"naive: {m['chunks']} chunks built in {m['build_s']:.1f} s; vector search p50 "
                          f"{_pct(m['search_ms'], 50):.0f} ms", highlight=False)
        before = None
        if args.before is not None:
            done = subprocess.run([sys.executable, "-c", INGEST_BEFORE], check=True, capture_output=True, text=True,
                                  env=_env(corpus, "before", args.before.resolve()), cwd=corpus)
            before = json.loads(done.stdout.strip().splitlines()[-1])
            console.print(f"earlier code: {before['chunks']} chunks in {before['ingest_s']:.1f} s = "
                          f"{before['chunks'] / before['ingest_s']:.1f} chunks/s", highlight=False)
        cold = cold_starts(corpus, questions[0].q, paths, args.cold_runs, args.before)
        rows.append({"n": n, "questions": len(questions), "paths": measured, "cold": cold, "before": before})
    (root / "speed.json").write_text(json.dumps({"paths": paths, "rows": rows}))  # --report prints it again
    report(rows, paths)


def _env(corpus: Path, path: str, code: Path = ROOT) -> dict[str, str]:
    """The environment of a child running `code` on `path`'s data folder. Children run in the corpus folder: with
    `python -c`, the current folder comes first on sys.path, and this checkout's folder would shadow `code`."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "ADVISOR_DATA_DIR": str(corpus / f"data-{path}"), "ADVISOR_KNOWLEDGE_DIR": str(corpus / "knowledge"),
            "ADVISOR_EMBEDDING_BACKEND": path if path in PATHS else "torch"}


def _child(path: str, corpus: Path) -> dict:
    """For ONNX, first the one-off export into the fresh data folder, in a process of its own (it needs torch)."""
    export_s = None
    if path == "onnx":
        done = subprocess.run([sys.executable, "-c", EXPORT], check=True, env=_env(corpus, path), capture_output=True,
                              text=True, cwd=corpus)
        export_s = float(done.stdout.strip().splitlines()[-1])
    result = corpus / f"speed-{path}.json"
    subprocess.run([sys.executable, __file__, "--measure", path, "--corpus", str(corpus), "--result", str(result)],
                   check=True, env=_env(corpus, path), cwd=corpus)
    return {**json.loads(result.read_text()), "export_s": export_s}


def measure(path: str, corpus: Path) -> dict:
    """One path in this process: model load (and export), ingest, index open, every question."""
    from advisor.embeddings import Embedder
    from advisor.engine import Advisor
    from advisor.index import open_index, sync
    from advisor.settings import load_settings

    settings = load_settings()  # the data folder and backend come from _env
    questions = load_questions(corpus / "questions.yaml")
    out: dict = {"rss_start_mb": _maxrss_mb()}
    if path == "onnx":  # as `advisor ingest` and `advisor ask` make them now
        ingest_embedder = Embedder.for_settings(settings, remember=True)
        advisor = Advisor(settings)
    else:  # as before: sentence-transformers, nothing remembered
        ingest_embedder = Embedder(backend="torch")
        advisor = Advisor(settings, Embedder(settings.query_threads, backend="torch"))
    started = time.perf_counter()
    out["backend"] = ingest_embedder.load()
    out["model_load_s"] = time.perf_counter() - started
    out["rss_model_mb"] = _maxrss_mb()

    started, cpu = time.perf_counter(), time.process_time()
    report = sync(settings, [settings.knowledge_dir], ingest_embedder)
    if path == "onnx":  # as `advisor ingest` now does: the passages answers rank, embedded and remembered
        out["prepared"] = Advisor(settings, ingest_embedder).prepare()
    out["ingest_s"], out["ingest_cpu_s"] = time.perf_counter() - started, time.process_time() - cpu
    out["files"], out["chunks"], out["errors"] = len(report.files), report.added, len(report.errors)
    out["rss_ingest_mb"] = _maxrss_mb()

    snapshot = settings.data_dir / "snapshots" / f"{report.collection}.json"
    started = time.perf_counter()
    open_index(settings, ingest_embedder)
    out["open_snapshot_s"] = time.perf_counter() - started
    snapshot.unlink()
    started = time.perf_counter()
    open_index(settings, ingest_embedder)  # reads every record from Chroma, and writes the snapshot again
    out["open_chroma_s"] = time.perf_counter() - started

    started = time.perf_counter()
    advisor.load()
    out["advisor_load_s"] = time.perf_counter() - started  # snapshot, BM25 side and role catalog
    out["query_backend"] = advisor.embedder.load()
    for title in list(advisor.roles)[:3]:
        advisor.ask(f"What does a {title} do?")
    out.update(ask_ms=[], ask_cpu_ms=[], hit=[], correct=[], kinds=[], answers=[], load_avg=[os.getloadavg()[0]])
    for q in questions:
        started, cpu = time.perf_counter(), time.process_time()
        answer = advisor.ask(q.q)
        out["ask_ms"].append((time.perf_counter() - started) * 1000)
        out["ask_cpu_ms"].append((time.process_time() - cpu) * 1000)
        out["hit"].append(_hit(q, [(e.role, e.text) for e in answer.evidence[:4]]) if q.evidence else None)
        out["correct"].append(_correct(q, answer.answer, answer.abstained))
        out["kinds"].append(q.kind)
        out["answers"].append([answer.answer, [(c.source, c.section) for c in answer.citations]])
    out["load_avg"].append(os.getloadavg()[0])
    out["rss_query_mb"] = _maxrss_mb()
    return out


def cold_starts(corpus: Path, question: str, paths: list[str], runs: int,
                before: Path | None = None) -> dict[str, list[tuple[float, float, bool]]]:
    """(seconds, peak RSS MB) of fresh processes, interleaved: `advisor ask` per path (and of the earlier code), and
    importing torch and sentence-transformers."""
    commands = {f"ask-{p}": ([sys.executable, "-c", ADVISOR_ASK, "ask", question], _env(corpus, p)) for p in paths}
    if before is not None:  # on the index its own ingest made
        commands["ask-before"] = ([sys.executable, "-c", ADVISOR_ASK, "ask", question],
                                  _env(corpus, "before", before.resolve()))
    commands["import-torch"] = ([sys.executable, "-c", IMPORT_TORCH], _env(corpus, "torch"))
    out: dict[str, list[tuple[float, float, bool]]] = {k: [] for k in commands}
    for _ in range(runs):
        for kind, (command, env) in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=corpus)
            seconds = time.perf_counter() - started
            probe = next(line.split() for line in done.stderr.splitlines() if line.startswith("MAXRSS_KB"))
            out[kind].append((seconds, int(probe[1]) / 1024, bool(int(probe[3]))))
    return out


def report(rows: list[dict], paths: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 220)

    def table(title: str, *columns: str) -> Table:
        t = Table(title=title)
        for i, col in enumerate(columns):
            t.add_column(col, justify="left" if i == 0 else "right")
        return t

    def median(values: list[float]) -> float:
        return _pct(values, 50)

    both = "onnx" in paths and "torch" in paths
    cold = table("Cold start: fresh processes, index built (median of runs; peak RSS)", "N", "advisor ask (onnx)",
                 "advisor ask (torch)", "advisor ask (earlier code)", "import torch + sentence-transformers",
                 "onnx / import", "onnx / torch", "onnx / earlier", "torch imported by onnx path")
    for r in rows:
        c = r["cold"]
        s = {k: median([t for t, _, _ in v]) for k, v in c.items()}
        rss = {k: max(m for _, m, _ in v) for k, v in c.items()}
        cell = {k: f"{s[k]:.2f} s ({rss[k]:.0f} MB)" for k in s}
        cold.add_row(str(r["n"]), cell.get("ask-onnx", "—"), cell.get("ask-torch", "—"), cell.get("ask-before", "—"),
                     cell["import-torch"], f"{s['ask-onnx'] / s['import-torch']:.2f}x" if "ask-onnx" in s else "—",
                     f"{s['ask-onnx'] / s['ask-torch']:.2f}x" if both else "—",
                     f"{s['ask-onnx'] / s['ask-before']:.2f}x" if "ask-onnx" in s and "ask-before" in s else "—",
                     "yes" if any(t for _, _, t in c.get("ask-onnx", [])) else "no")
    console.print(cold)

    speed = table("Queries (Advisor.ask, after a warm-up) and ingest", "N", "path", "chunks", "ask p50 / p95 ms",
                  "ask CPU p50 / p95 ms", "load avg", "export s", "model load s", "ingest s", "chunks/s", "documents/s",
                  "index open s (snapshot / Chroma)", "peak RSS MB (model / ingest / queries)")
    for r in rows:
        for path, m in r["paths"].items():
            if path == NAIVE:  # its search only (no answer), its own 1000-character chunks
                speed.add_row(str(r["n"]), "naive LangChain (vector search)", str(m["chunks"]),
                              f"{_pct(m['search_ms'], 50):.1f} / {_pct(m['search_ms'], 95):.1f}", "—", "—", "—", "—",
                              f"{m['build_s']:.1f}", f"{m['chunks'] / m['build_s']:.1f}",
                              f"{r['n'] / m['build_s']:.1f}", "— (in memory)",
                              f"{m['rss_model_mb']:.0f} / — / {m['rss_query_mb']:.0f}")
                continue
            speed.add_row(str(r["n"]), path, str(m["chunks"]),
                          f"{_pct(m['ask_ms'], 50):.1f} / {_pct(m['ask_ms'], 95):.1f}",
                          f"{_pct(m['ask_cpu_ms'], 50):.1f} / {_pct(m['ask_cpu_ms'], 95):.1f}",
                          " → ".join(f"{x:.1f}" for x in m["load_avg"]),
                          f"{m['export_s']:.1f}" if m["export_s"] is not None else "—", f"{m['model_load_s']:.1f}",
                          f"{m['ingest_s']:.1f}", f"{m['chunks'] / m['ingest_s']:.1f}",
                          f"{r['n'] / m['ingest_s']:.1f}", f"{m['open_snapshot_s']:.2f} / {m['open_chroma_s']:.2f}",
                          f"{m['rss_model_mb']:.0f} / {m['rss_ingest_mb']:.0f} / {m['rss_query_mb']:.0f}")
        if r["before"]:
            b = r["before"]
            speed.add_row(str(r["n"]), "earlier code", str(b["chunks"]), "—", "—", "—", "—", "—",
                          f"{b['ingest_s']:.1f}", f"{b['chunks'] / b['ingest_s']:.1f}", f"{r['n'] / b['ingest_s']:.1f}",
                          "—", "—")
    console.print(speed)

    if "onnx" in paths and any(NAIVE in r["paths"] for r in rows):
        against = table("ONNX path against the naive LangChain pipeline", "N", "ingest documents/s", "ask p50 (ours: "
                        "whole answer; naive: search)", "ask p95", "peak RSS (queries)", "hit@4 ours / naive",
                        "expected fact: our answer / naive top chunk")
        for r in rows:
            o, nv = r["paths"]["onnx"], r["paths"][NAIVE]
            against.add_row(str(r["n"]), f"{nv['build_s'] / o['ingest_s']:.2f}x",
                            f"{_pct(o['ask_ms'], 50) / _pct(nv['search_ms'], 50):.2f}x",
                            f"{_pct(o['ask_ms'], 95) / _pct(nv['search_ms'], 95):.2f}x",
                            f"{o['rss_query_mb'] / nv['rss_query_mb']:.2f}x",
                            f"{_rate(o['hit']):.1%} / {_rate(nv['hit']):.1%}",
                            f"{sum(o['correct'])} / {sum(nv['correct'])} of {len(o['correct'])}")
        console.print(against)

    if both:
        ratio = table("ONNX path against the torch path", "N", "ingest chunks/s", "ask p50", "ask p95",
                      "peak RSS (queries)", "cold ask", "identical answers", "hit@4 onnx / torch",
                      "right onnx / torch")
        for r in rows:
            o, t = r["paths"]["onnx"], r["paths"]["torch"]
            same = sum(a == b for a, b in zip(o["answers"], t["answers"]))
            cold_o = median([s for s, _, _ in r["cold"]["ask-onnx"]])
            cold_t = median([s for s, _, _ in r["cold"]["ask-torch"]])
            ratio.add_row(str(r["n"]), f"{(o['chunks'] / o['ingest_s']) / (t['chunks'] / t['ingest_s']):.2f}x",
                          f"{_pct(o['ask_ms'], 50) / _pct(t['ask_ms'], 50):.2f}x",
                          f"{_pct(o['ask_ms'], 95) / _pct(t['ask_ms'], 95):.2f}x",
                          f"{o['rss_query_mb'] / t['rss_query_mb']:.2f}x", f"{cold_o / cold_t:.2f}x",
                          f"{same}/{len(o['answers'])}", f"{_rate(o['hit']):.1%} / {_rate(t['hit']):.1%}",
                          f"{sum(o['correct'])} / {sum(t['correct'])} of {len(o['correct'])}")
        console.print(ratio)

    last = rows[-1]
    if "onnx" in last["paths"]:
        o = last["paths"]["onnx"]
        s = {k: median([t for t, _, _ in v]) for k, v in last["cold"].items()}
        bar = table(f"The issue's bar at N = {last['n']}", "check", "measured", "bar", "met")
        checks = [("cold `advisor ask` / importing torch + sentence-transformers",
                   s["ask-onnx"] / s["import-torch"], "≤ 0.5x", s["ask-onnx"] / s["import-torch"] <= 0.5, "x"),
                  ("query p50", _pct(o["ask_ms"], 50), "< 50 ms", _pct(o["ask_ms"], 50) < 50, " ms"),
                  ("query p95", _pct(o["ask_ms"], 95), "< 150 ms", _pct(o["ask_ms"], 95) < 150, " ms"),
                  ("hit@4 on the generator's questions", 100 * _rate(o["hit"]), "≥ 95 %", _rate(o["hit"]) >= 0.95,
                   " %")]
        if last["before"]:
            b = last["before"]
            speedup = (o["chunks"] / o["ingest_s"]) / (b["chunks"] / b["ingest_s"])
            checks.append(("ingest chunks/s against the earlier code's", speedup, "≥ 1.5x", speedup >= 1.5, "x"))
        if both:
            t = last["paths"]["torch"]
            speedup = (o["chunks"] / o["ingest_s"]) / (t["chunks"] / t["ingest_s"])
            # the backend's share of it: the same code with sentence-transformers (not the bar)
            checks.append(("ingest chunks/s against the torch path of this code", speedup, "—", None, "x"))
            same = sum(a == b for a, b in zip(o["answers"], t["answers"]))
            checks.append(("answers identical to the torch path", same, f"{len(o['answers'])}",
                           same == len(o["answers"]), ""))
        for name, value, goal, met, unit in checks:
            bar.add_row(name, f"{value:.2f}{unit}" if isinstance(value, float) else f"{value}{unit}", goal,
                        "—" if met is None else "yes" if met else "NO")
        console.print(bar)


if __name__ == "__main__":
    main()
