"""Run the golden set through the real pipeline (Advisor.ask, with history for follow-ups) and through the
naive LangChain baseline in the same process, then score both the same way.

The eval keeps its own index (`<data_dir>/eval`, collection prefix `eval`) synced from the knowledge folder,
so it always measures the documents as they are now and never rewrites the index users query.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from advisor.embeddings import Embedder
from advisor.errors import AdvisorError
from advisor.evals.golden import Case, EvalDataError, Thresholds, load_cases, load_judge_labels, load_thresholds, select
from advisor.evals.judge import Judge, JudgeReport, known_titles, validate
from advisor.evals.metrics import K, CaseScore, Output, Passage, aggregate, matches, score_case
from advisor.settings import Settings

log = logging.getLogger(__name__)
PIPELINES = ("ours", "baseline")


@dataclass(frozen=True)
class EvalPaths:
    golden: Path
    thresholds: Path
    judge_labels: Path

    @classmethod
    def under(cls, folder: Path) -> "EvalPaths":
        return cls(folder / "golden", folder / "thresholds.yaml", folder / "judge_labels.yaml")


@dataclass
class CaseResult:
    case: Case
    outputs: dict[str, Output]
    scores: dict[str, CaseScore]
    llm: dict[str, Any] | None = None


@dataclass
class EvalRun:
    results: list[CaseResult]
    summary: dict[str, Any]
    config: dict[str, Any]
    knowledge: dict[str, Any]
    timings: dict[str, float]
    thresholds: Thresholds
    judge: JudgeReport | None = None
    llm_judge: dict[str, Any] | None = None
    created: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


def knowledge_fingerprint(folder: Path) -> dict[str, Any]:
    """A hash of every role document's name and bytes: two reports with the same hash measured the same documents."""
    from advisor.documents import discover

    digest = hashlib.sha256()
    files = []
    found = discover([folder])
    for path in found[0] if isinstance(found, tuple) else found:  # (files, refused) since ingest hardening
        data = path.read_bytes()
        name = path.relative_to(folder.resolve()).as_posix()
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        files.append({"file": name, "sha256": hashlib.sha256(data).hexdigest()[:16], "bytes": len(data)})
    return {"hash": digest.hexdigest(), "folder": str(folder), "files": files}


def eval_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"data_dir": settings.data_dir / "eval", "collection_prefix": "eval"})


def run_eval(settings: Settings, paths: EvalPaths, *, tags: Sequence[str] = (), split: str = "all",
             with_judge: bool = False, llm: Any = None, embedder: Embedder | None = None,
             progress: Callable[[int, int], None] | None = None) -> EvalRun:
    """Everything `advisor eval` measures, as one EvalRun the report module renders."""
    from advisor import index
    from advisor.baseline import NaivePipeline
    from advisor.engine import Advisor

    started = time.perf_counter()
    timings: dict[str, float] = {}
    thresholds = load_thresholds(paths.thresholds)
    cases = select(load_cases(paths.golden), list(tags), split)
    labels = load_judge_labels(paths.judge_labels) if with_judge else []
    knowledge = knowledge_fingerprint(settings.knowledge_dir)

    embedder = embedder or Embedder()
    mark = time.perf_counter()
    isolated = eval_settings(settings)
    report = index.sync(isolated, [settings.knowledge_dir], embedder)
    if report.errors:
        raise EvalDataError(f"The knowledge folder has documents that cannot be read: {report.errors[0]}")
    advisor = Advisor(isolated, embedder)
    advisor.load()
    timings["index_s"] = time.perf_counter() - mark
    _check_labels(cases, advisor.records)

    mark = time.perf_counter()
    naive = NaivePipeline([settings.knowledge_dir], embedder, settings.max_file_bytes)
    timings["baseline_build_s"] = time.perf_counter() - mark

    catalog = advisor.roles
    progression = [line[2:] for r in advisor.records if "progression" in r.topics
                   for line in r.text.split("\n") if line.startswith("- ")]
    judge = Judge(embedder, thresholds.judge_similarity, thresholds.judge_novelty,
                  known_titles([n for role in catalog.values() for n in role.names], progression),
                  tuple(role.names for role in catalog.values()))
    role_of_file = {Path(src).name: role.title for role in catalog.values() for src in role.sources}

    results: list[CaseResult] = []
    ours_s = baseline_s = score_s = 0.0
    for i, case in enumerate(cases):
        mark = time.perf_counter()
        ours = _ask_ours(advisor, case)
        ours_s += time.perf_counter() - mark
        mark = time.perf_counter()
        base = _ask_baseline(naive, case, role_of_file)
        baseline_s += time.perf_counter() - mark
        mark = time.perf_counter()
        outputs = {"ours": ours, "baseline": base}
        scores = {name: score_case(case, out, judge, K) for name, out in outputs.items()}
        score_s += time.perf_counter() - mark
        results.append(CaseResult(case, outputs, scores))
        if progress:
            progress(i + 1, len(cases))
    timings.update(ours_s=ours_s, baseline_s=baseline_s, scoring_s=score_s)

    judge_report = None
    if with_judge:
        mark = time.perf_counter()
        judge_report = validate(judge, labels)
        timings["judge_s"] = time.perf_counter() - mark

    llm_summary = None
    if llm is not None:
        from advisor.evals.llm_judge import judge_answers

        mark = time.perf_counter()
        llm_summary = judge_answers(llm, embedder, results)
        timings["llm_judge_s"] = time.perf_counter() - mark

    config = {
        "golden": str(paths.golden), "thresholds": str(paths.thresholds), "tags": list(tags), "split": split,
        "cases": len(cases), "holdout_cases": sum(c.holdout for c in cases), "k": K,
        "top_k": settings.top_k, "candidates": settings.candidates, "rrf_k": settings.rrf_k,
        "min_similarity": settings.min_similarity, "chunk_chars": settings.chunk_chars, "llm": settings.llm,
        "embedding_model": "all-MiniLM-L6-v2", "judge_similarity": thresholds.judge_similarity,
        "judge_novelty": thresholds.judge_novelty, "index_chunks": len(advisor.records),
        "baseline": "RecursiveCharacterTextSplitter(1000, 200) + vector k=4, answer = top chunk (cited as [1])",
    }
    timings["total_s"] = time.perf_counter() - started
    timings = {k: round(v, 2) for k, v in timings.items()}
    return EvalRun(results, summarise(results), config, knowledge, timings, thresholds, judge_report, llm_summary)


def summarise(results: Sequence[CaseResult]) -> dict[str, Any]:
    """Aggregates per pipeline for all selected cases, the tuning split and the holdout split, and per tag."""
    def block(rows: Sequence[CaseResult]) -> dict[str, Any]:
        return {name: aggregate([r.case for r in rows], [r.scores[name] for r in rows], [r.outputs[name] for r in rows])
                for name in PIPELINES} if rows else {}

    splits = {"all": list(results), "tuning": [r for r in results if not r.case.holdout],
              "holdout": [r for r in results if r.case.holdout]}
    tags = sorted({t for r in results for t in r.case.tags})
    by_tag = {}
    for tag in tags:
        rows = [r for r in results if tag in r.case.tags]
        by_tag[tag] = {name: {"cases": len(rows), "passed": sum(r.scores[name].passed for r in rows),
                              "correctness": round(sum(r.scores[name].correctness for r in rows) / len(rows), 4)}
                       for name in PIPELINES}
    return {"splits": {name: block(rows) for name, rows in splits.items()}, "by_tag": by_tag}


def _ask_ours(advisor: Any, case: Case) -> Output:
    from advisor.engine import Turn

    history: list[Turn] = []
    try:
        for question in case.history:
            earlier = advisor.ask(question, history[-advisor.settings.history_turns:])
            history.append(Turn(question, tuple(earlier.roles), tuple(earlier.topics)))
        mark = time.perf_counter()
        answer = advisor.ask(case.final_question, history[-advisor.settings.history_turns:])
        latency = (time.perf_counter() - mark) * 1000
    except AdvisorError as exc:
        return Output("", False, {}, (), error=str(exc))
    citations = {c.n: Passage(c.role, c.section, c.text, c.source) for c in answer.citations}
    retrieved = tuple(Passage(e.role, e.section, e.text, e.source) for e in answer.evidence)
    return Output(answer.answer, answer.abstained, citations, retrieved, tuple(answer.gaps), round(latency, 2))


def _ask_baseline(naive: Any, case: Case, role_of_file: dict[str, str]) -> Output:
    """The tutorial pipeline has no memory: a follow-up is asked on its own. Its answer is the top chunk,
    which is scored as citing that chunk ([1] after each line)."""
    mark = time.perf_counter()
    hits = naive.vector_search(case.final_question, K)
    latency = (time.perf_counter() - mark) * 1000
    passages = tuple(Passage(role_of_file.get(Path(h.source).name, ""), "", h.text, h.source) for h in hits)
    if not passages:
        return Output("", False, {}, (), latency_ms=round(latency, 2))
    top = passages[0]
    scored = "\n".join(f"{line.strip()} [1]" for line in top.text.split("\n") if line.strip())
    return Output(top.text, False, {1: top}, passages, latency_ms=round(latency, 2), scored_answer=scored)


def _check_labels(cases: Sequence[Case], records: Sequence[Any]) -> None:
    """Every labelled evidence passage must exist in the index: a stale label after a document edit is an error
    the maintainer fixes in the golden set, not a silent retrieval miss."""
    passages = [Passage(r.role, r.section, r.text, r.source) for r in records]
    roles = {r.role for r in records}
    for case in cases:
        for role in case.roles:
            if role not in roles:
                raise EvalDataError(f"Golden case '{case.id}': role '{role}' has no document in the index "
                                    f"(roles: {', '.join(sorted(roles))}). Roles without a document take roles: [].")
        for label in case.evidence:
            if not any(matches(label, p) for p in passages):
                where = f" under a heading ending '{label.section}'" if label.section else ""
                raise EvalDataError(f"Golden case '{case.id}': no chunk of role '{label.role}'{where} contains "
                                    f"“{label.text}”. Fix the label or the document.")
