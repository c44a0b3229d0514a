"""Run a question set through the real pipeline (Advisor.ask, with history for follow-ups) and through two
naive baselines in the same process, then score all three the same way.

Question sets: the golden set (evals/golden, over knowledge/) or any folder of documents with a question file
in the shared-corpus format (`--docs DIR --questions FILE`: id, q, kind answerable|unanswerable, doc,
evidence, expect_all, forbid), which is also scored with the definitions of shared/tools/score_questions.py.
Baselines: the naive tutorial pipeline as it is (top chunk, never abstains) and a stronger naive variant
(its top 4 chunks shown extractively, abstaining below the same similarity floor as ours).

The golden eval keeps its own index (`<data_dir>/eval`, collection prefix `eval`) synced from the knowledge
folder; a `--docs` run ingests into a temporary folder. Neither rewrites the index users query.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from advisor.embeddings import Embedder
from advisor.errors import AdvisorError
from advisor.evals.golden import Case, EvalDataError, Thresholds, load_cases, load_questions, load_thresholds, select
from advisor.evals.judge import Judge, JudgeReport, load_pairs, validate
from advisor.evals.metrics import K, CaseScore, Output, Passage, aggregate, matches, score_case
from advisor.settings import Settings

log = logging.getLogger(__name__)
PIPELINES = ("ours", "baseline", "baseline_top4")
PIPELINE_LABELS = {"ours": "ours", "baseline": "naive (top chunk)", "baseline_top4": "naive top-4 + abstain"}


@dataclass(frozen=True)
class EvalPaths:
    golden: Path
    thresholds: Path
    judge_pairs: Path
    judge_pairs_untuned: Path

    @classmethod
    def under(cls, folder: Path) -> "EvalPaths":
        return cls(folder / "golden", folder / "thresholds.yaml", folder / "judge_pairs.yaml",
                   folder / "judge_pairs_untuned.yaml")


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
             progress: Callable[[int, int], None] | None = None, docs: Path | None = None,
             questions: Path | None = None) -> EvalRun:
    """Everything `advisor eval` measures, as one EvalRun the report module renders."""
    import tempfile

    from advisor import index
    from advisor.baseline import NaivePipeline
    from advisor.engine import Advisor

    if (docs is None) != (questions is None):
        raise EvalDataError("Give --docs and --questions together (a folder of documents and its question file).")
    started = time.perf_counter()
    timings: dict[str, float] = {}
    thresholds = load_thresholds(paths.thresholds)
    corpus = docs is not None
    if corpus:
        if not docs.is_dir():  # type: ignore[union-attr]
            raise EvalDataError(f"{docs}: not a folder of documents.")
        cases = select(load_questions(questions), list(tags), split)  # type: ignore[arg-type]
    else:
        cases = select(load_cases(paths.golden), list(tags), split)
    tuning_pairs = load_pairs(paths.judge_pairs) if with_judge else []
    untuned_pairs = load_pairs(paths.judge_pairs_untuned) if with_judge and paths.judge_pairs_untuned.exists() else []
    folder = docs if corpus else settings.knowledge_dir
    knowledge = knowledge_fingerprint(folder)  # type: ignore[arg-type]

    embedder = embedder or Embedder.for_settings(settings)
    mark = time.perf_counter()
    scratch = tempfile.TemporaryDirectory(prefix="advisor-eval-") if corpus else None
    try:
        if scratch is not None:
            isolated = settings.model_copy(update={"data_dir": Path(scratch.name), "knowledge_dir": folder,
                                                   "collection_prefix": "eval"})
        else:
            isolated = eval_settings(settings)
        report = index.sync(isolated, [folder], embedder)  # type: ignore[list-item]
        ingest_errors = [str(e) for e in report.errors]
        if ingest_errors and not corpus:
            raise EvalDataError(f"The knowledge folder has documents that cannot be read: {ingest_errors[0]}")
        advisor = Advisor(isolated, embedder)
        advisor.load()
        timings["index_s"] = time.perf_counter() - mark
        if not corpus:
            _check_labels(cases, advisor.records)

        mark = time.perf_counter()
        naive = NaivePipeline([folder], embedder, settings.max_file_bytes)  # type: ignore[list-item]
        timings["baseline_build_s"] = time.perf_counter() - mark

        catalog = advisor.roles
        judge = Judge({role.title: tuple(role.aliases) for role in catalog.values()})
        role_of_file = {Path(src).name: role.title for role in catalog.values() for src in role.sources}

        results: list[CaseResult] = []
        spent = dict.fromkeys(PIPELINES, 0.0)
        score_s = 0.0
        for i, case in enumerate(cases):
            outputs: dict[str, Output] = {}
            for name in PIPELINES:
                mark = time.perf_counter()
                if name == "ours":
                    outputs[name] = _ask_ours(advisor, case)
                elif name == "baseline":
                    outputs[name] = _ask_baseline(naive, case, role_of_file)
                else:
                    outputs[name] = _ask_top4(naive, case, role_of_file, settings.min_similarity)
                spent[name] += time.perf_counter() - mark
            mark = time.perf_counter()
            scores = {name: score_case(case, out, judge, K) for name, out in outputs.items()}
            score_s += time.perf_counter() - mark
            results.append(CaseResult(case, outputs, scores))
            if progress:
                progress(i + 1, len(cases))
        timings.update(ours_s=spent["ours"], baseline_s=spent["baseline"], baseline_top4_s=spent["baseline_top4"],
                       scoring_s=score_s)
        index_chunks = len(advisor.records)
    finally:
        if scratch is not None:
            scratch.cleanup()

    judge_report = None
    if with_judge:
        mark = time.perf_counter()
        judge_report = validate(tuning_pairs, untuned_pairs)
        timings["judge_s"] = time.perf_counter() - mark

    llm_summary = None
    if llm is not None:
        from advisor.evals.llm_judge import judge_answers

        mark = time.perf_counter()
        llm_summary = judge_answers(llm, embedder, results)
        timings["llm_judge_s"] = time.perf_counter() - mark

    config = {
        "golden": str(questions if corpus else paths.golden), "docs": str(docs) if corpus else None,
        "mode": "corpus" if corpus else "golden", "thresholds": str(paths.thresholds), "tags": list(tags),
        "split": split, "cases": len(cases), "holdout_cases": sum(c.holdout for c in cases), "k": K,
        "top_k": settings.top_k, "candidates": settings.candidates, "rrf_k": settings.rrf_k,
        "min_similarity": settings.min_similarity, "chunk_chars": settings.chunk_chars, "llm": settings.llm,
        "extractive": not settings.llm, "embedding_model": "all-MiniLM-L6-v2", "index_chunks": index_chunks,
        "ingest_errors": ingest_errors,
        "baseline": "RecursiveCharacterTextSplitter(1000, 200) + vector k=4, answer = top chunk (cited as [1]), never abstains",
        "baseline_top4": f"the same chunks, answer = top 4 chunks cited [1]-[4], abstains when the top similarity "
                         f"< {settings.min_similarity} (our floor)",
    }
    timings["total_s"] = time.perf_counter() - started
    timings = {k: round(v, 2) for k, v in timings.items()}
    return EvalRun(results, summarise(results, corpus), config, knowledge, timings, thresholds, judge_report, llm_summary)


def summarise(results: Sequence[CaseResult], corpus: bool = False) -> dict[str, Any]:
    """Aggregates per pipeline for all selected cases, the tuning split and the holdout split, and per tag;
    for a corpus run also the shared scorer's figures."""
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
    summary: dict[str, Any] = {"splits": {name: block(rows) for name, rows in splits.items()}, "by_tag": by_tag}
    if corpus:
        summary["corpus"] = {name: corpus_scores(results, name) for name in PIPELINES}
    return summary


# The shared scorer's thresholds (shared/tools/score_questions.py), reported next to its figures.
CORPUS_THRESHOLDS = {"hit4": 0.95, "cited": 0.90, "facts": 0.90, "abstain": 0.90}


def _corpus_norm(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def corpus_scores(results: Sequence[CaseResult], name: str) -> dict[str, Any]:
    """hit4, cited, facts, abstain and forbidden exactly as shared/tools/score_questions.py defines them."""
    counts = {k: [0, 0] for k in CORPUS_THRESHOLDS}
    forbidden = 0
    failing: list[dict[str, Any]] = []
    for r in results:
        out = r.outputs[name]
        answer = _corpus_norm(out.answer)
        bad = []
        if r.case.expect == "answer":
            evidence = _corpus_norm(r.case.evidence[0].text) if r.case.evidence else ""
            top4 = [_corpus_norm(p.text) for p in out.retrieved[:4]]
            cited = [_corpus_norm(p.text) for p in out.citations.values()]
            for key, ok in (("hit4", any(evidence in t for t in top4)), ("cited", any(evidence in t for t in cited)),
                            ("facts", all(_corpus_norm(f) in answer for f in _flat(r.case.facts)) and not out.abstained)):
                counts[key][0] += ok
                counts[key][1] += 1
                if not ok:
                    bad.append(key)
        if r.case.expect == "abstain":
            counts["abstain"][0] += out.abstained
            counts["abstain"][1] += 1
            if not out.abstained:
                bad.append("abstain")
        hits = [f for f in r.case.forbidden if _corpus_norm(f) in answer]
        if hits:
            forbidden += 1
            bad.append("forbidden " + ",".join(hits))
        if bad:
            failing.append({"id": r.case.id, "failed": bad})
    rates = {k: round(v[0] / v[1], 4) if v[1] else 1.0 for k, v in counts.items()}
    passed = all(rates[k] >= CORPUS_THRESHOLDS[k] for k in CORPUS_THRESHOLDS) and forbidden == 0
    return {**rates, "forbidden": forbidden, "passed": passed, "failing": failing}


def _flat(facts: Sequence[Any]) -> list[str]:
    return [f if isinstance(f, str) else f[0] for f in facts]


def _ask_ours(advisor: Any, case: Case) -> Output:
    from advisor.conversation import Turn, turn_after
    from advisor.generate import respond

    history: list[Turn] = []
    try:
        for question in case.history:
            earlier = respond(advisor, question, history[-advisor.settings.history_turns:])
            history.append(turn_after(question, earlier, advisor.roles))
        mark = time.perf_counter()
        answer = respond(advisor, case.final_question, history[-advisor.settings.history_turns:])
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


def _ask_top4(naive: Any, case: Case, role_of_file: dict[str, str], floor: float) -> Output:
    """The stronger naive variant: its top 4 chunks shown extractively, each cited, or an abstention when even
    the best chunk is less similar to the question than our own relevance floor."""
    mark = time.perf_counter()
    hits, abstains = naive.shown_chunks(case.final_question, floor, K)
    latency = (time.perf_counter() - mark) * 1000
    passages = tuple(Passage(role_of_file.get(Path(h.source).name, ""), "", h.text, h.source) for h in hits)
    if abstains:
        return Output("The documents don't cover this.", True, {}, passages, latency_ms=round(latency, 2))
    answer = "\n\n".join(f"{p.text.strip()} [{i}]" for i, p in enumerate(passages, 1))
    scored = "\n".join(f"{line.strip()} [{i}]" for i, p in enumerate(passages, 1)
                       for line in p.text.split("\n") if line.strip())
    return Output(answer, False, {i: p for i, p in enumerate(passages, 1)}, passages,
                  latency_ms=round(latency, 2), scored_answer=scored)


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
