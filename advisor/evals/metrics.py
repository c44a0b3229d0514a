"""Scores for one pipeline output against one golden case, and their aggregates.

Retrieval follows BEIR conventions (binary relevance from labelled evidence; hit@k, MRR@k, nDCG@k,
recall@k at the same cutoff for every pipeline). Answer metrics are offline: required facts by string
presence with numbers normalised, groundedness and ALCE citation recall/precision by the offline judge,
abstention precision/recall, unsupported-number and forbidden-fact counts.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from typing import Any

from advisor.claims import Source
from advisor.evals.golden import Case, EvidenceLabel
from advisor.evals.judge import Judge, claims_of, strip_citations, with_citations
from advisor.text import quantities, same_currency

K = 4


@dataclass(frozen=True)
class Passage:
    """A retrieved or cited passage, pipeline-neutral. `section` may be empty (the naive baseline has none)."""

    role: str
    section: str
    text: str
    source: str = ""

    @property
    def cited_text(self) -> str:
        """What a citation's support is judged against: the section path (so role titles count), then the text."""
        return f"{self.section}\n{self.text}" if self.section else self.text


@dataclass(frozen=True)
class Output:
    """What a pipeline produced for a case. `scored_answer` is the answer as scored (the baseline's top chunk
    with its implicit citation made explicit); `citations` maps citation numbers to passages."""

    answer: str
    abstained: bool
    citations: dict[int, Passage]
    retrieved: tuple[Passage, ...]
    gaps: tuple[str, ...] = ()
    latency_ms: float = 0.0
    error: str = ""
    scored_answer: str | None = None

    @property
    def text_for_scoring(self) -> str:
        return self.answer if self.scored_answer is None else self.scored_answer


# -- retrieval -----------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Case, quotes, dashes and spacing folded, so labels match text however it was typed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[‐-―−]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def matches(label: EvidenceLabel, passage: Passage) -> bool:
    """A passage is relevant to a label when it is the label's role, under its heading, and contains its text."""
    if label.role and passage.role and normalise(passage.role) != normalise(label.role):
        return False
    if label.section and passage.section and not normalise(passage.section).endswith(normalise(label.section)):
        return False
    return normalise(label.text) in normalise(passage.text)


def retrieval_scores(case: Case, retrieved: Sequence[Passage], k: int = K) -> dict[str, float] | None:
    """hit@1, hit@k, MRR@k, nDCG@k, recall@k and context characters; None when the case labels no evidence."""
    context = float(sum(len(p.text) for p in retrieved))
    if not case.evidence:
        return None
    relevant = [any(matches(label, p) for label in case.evidence) for p in retrieved]
    top = relevant[:k]
    first = next((i for i, r in enumerate(top) if r), None)
    dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(top) if r)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(case.evidence))))
    found = sum(1 for label in case.evidence if any(matches(label, p) for p in retrieved[:k]))
    return {
        "hit@1": float(bool(relevant[:1] and relevant[0])),
        f"hit@{k}": float(first is not None),
        f"mrr@{k}": 0.0 if first is None else 1 / (first + 1),
        f"ndcg@{k}": dcg / ideal if ideal else 0.0,
        f"recall@{k}": found / len(case.evidence),
        "context_chars": context,
    }


# -- answers -------------------------------------------------------------------------------------------

def fact_present(fact: str, answer: str) -> bool:
    """The fact's text is in the answer (normalised), or all its figures are (by value: $180k = $180,000, either
    end of a range) and so are its words."""
    text, wanted = normalise(answer), normalise(fact)
    if wanted in text:
        return True
    fact_figures = quantities(fact)
    if not fact_figures:
        return False
    values = {v for q in quantities(strip_citations(answer)) for v in (q.lo, q.hi)}
    if not all(any(abs(v - f) < 0.005 for v in values) for q in fact_figures for f in {q.lo, q.hi}):
        return False
    words = re.findall(r"[a-z]{2,}", re.sub(r"[$£€]?\d[\d,.]*\s?[kKmM]?\b", " ", wanted))
    return all(re.search(rf"\b{re.escape(w)}", text) for w in words)


@dataclass(frozen=True)
class ClaimScore:
    text: str
    citations: tuple[int, ...]
    gap: bool
    supported: bool  # groundedness: the claim checker (advisor.claims) passes it against its citations
    entailed: bool  # ALCE citation recall: the cited passages jointly support it (the same checker)
    reason: str
    unsupported_numbers: tuple[str, ...]
    citation_relevant: dict[int, bool] = field(default_factory=dict)  # ALCE citation precision per citation


@dataclass(frozen=True)
class CaseScore:
    correctness: float
    facts: tuple[tuple[str, bool], ...]
    forbidden: tuple[tuple[str, bool], ...]
    abstained: bool
    gap_flagged: bool
    claims: tuple[ClaimScore, ...]
    retrieval: dict[str, float] | None
    passed: bool
    failures: tuple[str, ...]
    first_sentence_answers: bool | None = None  # None: not an answerable case
    extra_roles: tuple[str, ...] = ()  # roles cited that the case is not about
    answer_chars: int = 0
    evidence_chars: int = 0
    pay_units_right: bool | None = None  # None: no pay figure expected

    @property
    def scored_claims(self) -> list[ClaimScore]:
        return [c for c in self.claims if not c.gap]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["facts"] = [{"fact": f, "found": ok} for f, ok in self.facts]
        data["forbidden"] = [{"text": f, "found": ok} for f, ok in self.forbidden]
        data["claims"] = [{**asdict(c), "citation_relevant": {str(k): v for k, v in c.citation_relevant.items()}}
                          for c in self.claims]
        return data


def _sources(output: Output, judge: Judge, refs: Sequence[int] | None = None) -> list[Source]:
    chosen = output.citations if refs is None else {n: output.citations[n] for n in refs if n in output.citations}
    return [judge.source(n, p.role, p.cited_text) for n, p in chosen.items()]


def score_claims(output: Output, judge: Judge) -> tuple[ClaimScore, ...]:
    scores = []
    for claim in claims_of(output.text_for_scoring):
        # an abstention's sentences talk about the documents, not the role; a figure in one is still a claim
        if output.abstained and not claim.citations and not quantities(claim.text):
            scores.append(ClaimScore(claim.text, (), True, True, True, "abstention", ()))
            continue
        if claim.gap:
            scores.append(ClaimScore(claim.text, (), True, True, True, "says what the documents don't cover", ()))
            continue
        sentence = with_citations(claim.text, claim.citations)
        verdict = judge.verdict(sentence, _sources(output, judge))
        unknown = [n for n in claim.citations if n not in output.citations]
        problems = list(verdict.reasons)
        supported = verdict.supported and not unknown
        relevant: dict[int, bool] = {}
        for n in claim.citations:
            relevant[n] = supported and n in output.citations and _citation_needed(judge, claim, output, n)
        missing_numbers = tuple(r[len("number "):].split(" is not")[0] for r in problems
                                if r.startswith("number ") and r.endswith(" is not in the cited evidence"))
        scores.append(ClaimScore(claim.text, claim.citations, verdict.gap, supported, supported,
                                 "supported" if supported else "; ".join(problems) or "unsupported",
                                 missing_numbers, relevant))
    return tuple(scores)


def _citation_needed(judge: Judge, claim: Any, output: Output, n: int) -> bool:
    """ALCE: a citation is relevant if it supports the sentence alone, or the others no longer do without it."""
    refs = claim.citations
    if len(refs) == 1:
        return True
    alone = re.sub(r"\[\d{1,3}\]", "", claim.text) + f" [{n}]"
    if judge.verdict(alone, _sources(output, judge, [n])).supported:
        return True
    rest = [m for m in refs if m != n]
    without = re.sub(r"\[\d{1,3}\]", "", claim.text) + "".join(f"[{m}]" for m in rest)
    return not rest or not judge.verdict(without, _sources(output, judge, rest)).supported


def forbidden_present(forbidden: str, answer: str) -> bool:
    """A forbidden fact is in the answer by normalised value ($180k = $180,000; either end of a range), or,
    for a fact without figures, by normalised text."""
    banned = quantities(forbidden)
    if not banned:
        return normalise(forbidden) in normalise(answer)
    given = quantities(strip_citations(answer))
    values = {v for q in given for v in (q.lo, q.hi)}
    return all(any(abs(v - b) < 0.005 for v in values) for q in banned for b in {q.lo, q.hi})


def score_case(case: Case, output: Output, judge: Judge, k: int = K) -> CaseScore:
    text = output.answer
    facts = tuple((_fact_label(f), _fact_found(f, text)) for f in case.facts)
    forbidden = tuple((f, forbidden_present(f, text)) for f in case.forbidden)
    claims = score_claims(output, judge) if not output.error else ()
    gap_flagged = bool(output.gaps) or any(c.gap for c in claims)
    share = sum(ok for _, ok in facts) / len(facts) if facts else 1.0
    clean = not any(hit for _, hit in forbidden)
    if output.error:
        correctness = 0.0
    elif case.expect == "abstain":
        correctness = float(output.abstained and clean)
    elif case.expect == "partial":
        correctness = share * float(gap_flagged and clean and not output.abstained if facts else gap_flagged and clean)
    else:
        correctness = share * float(clean and not output.abstained)
    first = first_sentence_answers(case, output)
    extra = tuple(sorted({p.role for p in output.citations.values() if case.roles and p.role and p.role not in case.roles}))
    pay_ok = pay_units_right(case, output)
    failures: list[str] = []
    if output.error:
        failures.append(f"error: {output.error}")
    if case.expect == "abstain" and not output.abstained:
        failures.append("answered a question the documents cannot answer")
    if case.expect == "answer" and output.abstained:
        failures.append("abstained on an answerable question")
    if case.expect == "partial" and not gap_flagged:
        failures.append("did not say which part the documents don't cover")
    failures += [f"missing fact: {f}" for f, ok in facts if not ok]
    failures += [f"forbidden fact present: {f}" for f, hit in forbidden if hit]
    failures += [f"unsupported sentence: {c.text[:80]} ({c.reason})" for c in claims if not c.gap and not c.supported]
    if extra and not output.abstained:
        failures.append(f"cites another role: {', '.join(extra)}")
    if pay_ok is False and any(q.currency for q in quantities(strip_citations(text))):
        failures.append("pay figure with the wrong currency or period")
    numbers_bad = sum(len(c.unsupported_numbers) for c in claims)
    return CaseScore(correctness, facts, forbidden, output.abstained, gap_flagged, claims,
                     retrieval_scores(case, output.retrieved, k), passed=not failures and numbers_bad == 0,
                     failures=tuple(failures), first_sentence_answers=first, extra_roles=extra,
                     answer_chars=len(text), evidence_chars=sum(len(p.text) for p in output.citations.values()),
                     pay_units_right=pay_ok)


def first_sentence_answers(case: Case, output: Output) -> bool | None:
    """For an answerable case: does the answer's first sentence hold one of the required facts (the reader
    gets the answer first, not a preamble)? For an abstention case: does it open by saying the documents don't?"""
    sentences = claims_of(output.answer)
    first = sentences[0].text if sentences else ""
    if case.expect == "abstain":
        return output.abstained and bool(first)
    if not case.facts:
        return None
    return any(_fact_found(f, first) for f in case.facts)


def pay_units_right(case: Case, output: Output) -> bool | None:
    """For a case whose evidence carries money: every amount in the answer that matches an evidence amount has
    the evidence's currency and period. None when the case expects no pay figure."""
    evidence = [q for label in case.evidence for q in quantities(label.text) if q.currency]
    if not evidence or case.expect == "abstain":
        return None
    given = [q for q in quantities(strip_citations(output.answer)) if q.currency]
    if not given:
        return False
    for q in given:
        for e in evidence:
            if {q.lo, q.hi} & {e.lo, e.hi}:
                if not same_currency(q.currency, e.currency) or (q.period and e.period and q.period != e.period):
                    return False
    return True


def _fact_found(fact: str | tuple[str, ...], answer: str) -> bool:
    return any(fact_present(f, answer) for f in fact) if isinstance(fact, tuple) else fact_present(fact, answer)


def _fact_label(fact: str | tuple[str, ...]) -> str:
    return " | ".join(fact) if isinstance(fact, tuple) else fact


# -- aggregates ----------------------------------------------------------------------------------------

def aggregate(cases: Sequence[Case], scores: Sequence[CaseScore], outputs: Sequence[Output], k: int = K) -> dict[str, dict]:
    """Means over the cases: `retrieval` over cases with labelled evidence, `generation` over all."""
    retrieval_rows = [s.retrieval for s in scores if s.retrieval is not None]
    retrieval: dict[str, float | int] = {"cases": len(retrieval_rows)}
    for key in ("hit@1", f"hit@{k}", f"mrr@{k}", f"ndcg@{k}", f"recall@{k}"):
        retrieval[key] = _mean([r[key] for r in retrieval_rows])
    retrieval["context_chars"] = _mean([float(sum(len(p.text) for p in o.retrieved)) for o in outputs])

    claims = [c for s in scores for c in s.scored_claims]
    cited = [(n, ok) for c in claims for n, ok in c.citation_relevant.items()]
    graded = [(c, s) for c, s in zip(cases, scores) if c.expect in ("answer", "abstain")]
    tp = sum(1 for c, s in graded if c.expect == "abstain" and s.abstained)
    fp = sum(1 for c, s in graded if c.expect == "answer" and s.abstained)
    fn = sum(1 for c, s in graded if c.expect == "abstain" and not s.abstained)
    answered = [s for c, s in zip(cases, scores) if c.expect != "abstain"]
    latencies = [o.latency_ms for o in outputs]
    generation = {
        "cases": len(scores),
        "passed": sum(s.passed for s in scores),
        "correctness": _mean([s.correctness for s in scores]),
        "fact_recall": _mean([sum(ok for _, ok in s.facts) / len(s.facts) for s in answered if s.facts]),
        "groundedness": _ratio(sum(c.supported for c in claims), len(claims)),
        "citation_recall": _ratio(sum(c.entailed for c in claims), len(claims)),
        "citation_precision": _ratio(sum(ok for _, ok in cited), len(cited)),
        "abstention_precision": _ratio(tp, tp + fp),
        "abstention_recall": _ratio(tp, tp + fn),
        "first_sentence_answers": _ratio(sum(bool(s.first_sentence_answers) for s in scores
                                             if s.first_sentence_answers is not None),
                                         sum(s.first_sentence_answers is not None for s in scores)),
        "facts_all": _ratio(sum(all(ok for _, ok in s.facts) for s in answered if s.facts),
                            sum(bool(s.facts) for s in answered)),
        "extra_role_answers": sum(bool(s.extra_roles) and not s.abstained for s in scores),
        "answer_chars_p50": round(statistics.median([s.answer_chars for s in scores]), 1) if scores else 0.0,
        "evidence_chars_mean": _mean([float(s.evidence_chars) for s in scores]),
        "pay_units_right": _ratio(sum(bool(s.pay_units_right) for s in scores if s.pay_units_right is not None),
                                  sum(s.pay_units_right is not None for s in scores)),
        "unsupported_numbers": sum(len(c.unsupported_numbers) for c in claims),
        "forbidden_hits": sum(hit for s in scores for _, hit in s.forbidden),
        "sentences": len(claims),
        "errors": sum(bool(o.error) for o in outputs),
        "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "latency_p95_ms": round(_percentile(latencies, 95), 1) if latencies else 0.0,
    }
    return {"retrieval": retrieval, "generation": generation}


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def _ratio(a: float, b: float) -> float | None:
    """A share, or None when there is nothing to count (a pipeline that never abstains has no abstention precision)."""
    return round(a / b, 4) if b else None


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]
