"""Hostile documents and questions: time and memory for each case of tests/hostile_docs.py, and for a whole ingest.

    .venv/bin/python benchmarks/hostile.py [--max-seconds 15] [--skip-ingest]

Each document is read in a fresh child process (`load_document` + `chunk_document`, as `advisor ingest` does), so
its peak resident memory (ru_maxrss) is its own; tracemalloc's peak counts Python allocations only (not lxml's or
zlib's). The baseline is the good document knowledge/tech-director.md read the same way. Then `advisor ingest` of
the whole folder (the hostile cases and the good document, model load included) runs once in a child process with
its peak memory, and `clean_question` is timed on hostile questions against a plain one. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


_WARM_UP: list[Path] = []  # one small file of each format (--warm), read before the timed one


def read_one(path: Path, max_seconds: float) -> dict:
    """Read one file in this process; what it did, how long, and the memory it took."""
    import tracemalloc

    from advisor.documents import chunk_document, load_document
    from advisor.errors import DocumentError

    for warm in (ROOT / "knowledge" / "tech-director.md", *_WARM_UP):  # imports and first calls, not timed
        with contextlib.suppress(DocumentError):
            load_document(warm, warm.name, 5_000_000, max_seconds)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        chunks = chunk_document(load_document(path, path.name, 5_000_000, max_seconds))
        result = f"read: {len(chunks)} chunks"
    except DocumentError as exc:
        result = f"skipped: {exc.reason}"
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    return {"seconds": seconds, "traced_mb": peak / 2**20,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "result": result}


def in_child(path: Path, max_seconds: float, warm: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(path), "--warm", str(warm),
                          "--max-seconds", str(max_seconds)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    if out.returncode != 0:
        return {"seconds": float("nan"), "traced_mb": float("nan"), "rss_mb": float("nan"),
                "result": f"CHILD FAILED ({out.returncode}): {out.stderr.strip().splitlines()[-1:]}"}
    return json.loads(out.stdout)


def ingest_figures(folder: Path, data: Path, max_seconds: float) -> dict:
    """`advisor ingest FOLDER` in a child process: exit code, lines printed, time and the child's peak RSS."""
    env = {**os.environ, "ADVISOR_DATA_DIR": str(data), "ADVISOR_MAX_FILE_SECONDS": str(max_seconds),
           "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run([sys.executable, "-m", "advisor.cli", "ingest", str(folder)], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=1800)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"exit": out.returncode, "seconds": time.perf_counter() - started,
            "peak_rss_mb": max(after, before) / 1024, "stdout": out.stdout.strip(),
            "skipped": sum(1 for line in out.stderr.splitlines() if line.startswith("skipped ")),
            "traceback": "Traceback" in out.stdout + out.stderr}


def question_figures() -> list[tuple[str, float]]:
    from advisor.engine import clean_question

    cases = {
        "plain question": "What does a Tech Director do?",
        "zero-width inside words": "What does a " + "\u200b".join("Tech Director") + " do?",
        "HTML and Markdown": "<b>What</b> does a **Tech Director** do? <script>x</script> [doc](https://x.y)",
        "8,000 backticks": "`" * 7999 + "a",
        "8,000 unclosed emphasis": "*a" * 4000,
        "8,000 unclosed underscores": "_a " * 2666,
        "8,000 unclosed tags": "<a " * 2666,
    }
    out = []
    for name, question in cases.items():
        started = time.perf_counter()
        for _ in range(20):
            try:
                clean_question(question, 2000)
            except Exception:  # noqa: BLE001 - too long or empty is an answer too
                pass
        out.append((name, (time.perf_counter() - started) / 20))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--max-seconds", type=float, default=15.0, help="ADVISOR_MAX_FILE_SECONDS for the run.")
    parser.add_argument("--skip-ingest", action="store_true", help="Only the per-file and question figures.")
    args = parser.parse_args()
    from tests.hostile_docs import docx, minimal_pdf, paragraph, write_hostile

    if args.one:
        _WARM_UP.extend(sorted(args.warm.iterdir()))
        print(json.dumps(read_one(args.one, args.max_seconds)))
        return

    work = Path(tempfile.mkdtemp(prefix="advisor-hostile-"))
    try:
        folder = work / "docs"
        expected = write_hostile(folder, work / "outside")
        warm = work / "warm"
        warm.mkdir()
        (warm / "w.docx").write_bytes(docx(paragraph("Clerk") + paragraph("Files the papers.")))
        (warm / "w.pdf").write_bytes(minimal_pdf(["Clerk", "Files the papers."]))
        (warm / "w.html").write_text("<html><body><h1>Clerk</h1><p>Files the papers.</p></body></html>")
        shutil.copy(ROOT / "knowledge" / "tech-director.md", folder / "tech-director.md")
        baseline = in_child(ROOT / "knowledge" / "tech-director.md", args.max_seconds, warm)
        print(f"{'case':32} {'bytes':>10} {'s':>7} {'x base':>7} {'traced MB':>9} {'RSS MB':>7}  result")
        print(f"{'(baseline) tech-director.md':32} {(ROOT / 'knowledge/tech-director.md').stat().st_size:>10,} "
              f"{baseline['seconds']:7.3f} {1:7.1f} {baseline['traced_mb']:9.1f} {baseline['rss_mb']:7.0f}  "
              f"{baseline['result']}")
        worst = {"seconds": 0.0, "traced_mb": 0.0, "rss_mb": 0.0}
        for name in sorted(expected):
            path = folder / name
            if path.is_symlink():
                print(f"{name:32} {'':>10} {'':>7} {'':>7} {'':>9} {'':>7}  (refused before reading: link out)")
                continue
            fig = in_child(path, args.max_seconds, warm)
            for key in worst:
                worst[key] = max(worst[key], fig[key])
            print(f"{name:32} {path.stat().st_size:>10,} {fig['seconds']:7.3f} "
                  f"{fig['seconds'] / baseline['seconds']:7.1f} {fig['traced_mb']:9.1f} {fig['rss_mb']:7.0f}  "
                  f"{fig['result'][:150]}")
        print(f"\nworst case: {worst['seconds']:.2f} s, {worst['traced_mb']:.0f} MB traced, "
              f"{worst['rss_mb']:.0f} MB peak RSS (per-file child process, no model loaded)")
        if not args.skip_ingest:
            fig = ingest_figures(folder, work / "data", args.max_seconds)
            print(f"\nadvisor ingest of the folder ({len(expected)} hostile files + the good one): exit {fig['exit']}, "
                  f"{fig['seconds']:.1f} s, peak RSS {fig['peak_rss_mb']:.0f} MB (model included), "
                  f"{fig['skipped']} 'skipped' lines, traceback: {fig['traceback']}")
            print(f"  {fig['stdout']}")
        print("\nclean_question, mean of 20 calls:")
        questions = question_figures()
        plain = questions[0][1]
        for name, seconds in questions:
            print(f"  {name:28} {seconds * 1000:8.3f} ms  {seconds / plain:6.1f}x plain")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
