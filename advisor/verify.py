"""The runtime verifier's entry points: every sentence a chat model writes (advisor/generate.py) or rewords
(advisor/draft.py) is checked by the claim checker of advisor/claims.py — the same checker the eval judge and
`advisor eval judge` use — against the passages it cites. A sentence that fails never reaches the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from advisor.claims import CITATION, Claim, Source, check, split_sentences
from advisor.text import quantities

__all__ = ["Check", "Claim", "check_answer", "check_claim", "numbers", "split_claims", "unsupported_numbers",
           "unsupported_titles"]


@dataclass
class Check:
    claim: Claim
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def split_claims(answer: str) -> list[Claim]:
    """Sentences (or answer lines) with the citation numbers they carry."""
    return split_sentences(answer)


def numbers(text: str) -> set[str]:
    """Normalised figures in a text: ranges as 'lo-hi', single values as numbers ("$180k" → "180000")."""
    out = set()
    for q in quantities(CITATION.sub(" ", text)):
        lo, hi = _num(q.lo), _num(q.hi)
        out.add(f"{lo}-{hi}" if q.is_range else lo)
    return out


def unsupported_numbers(sentence: str, evidence: Iterable[str]) -> list[str]:
    """Figures in the sentence that appear (by value, either end of a range) in none of the evidence texts."""
    have = {v for text in evidence for q in quantities(text) for v in (q.lo, q.hi)}
    missing = []
    for q in quantities(CITATION.sub(" ", sentence)):
        if not all(any(abs(v - x) < 0.005 for x in have) for v in {q.lo, q.hi}):
            missing.append(f"{_num(q.lo)}-{_num(q.hi)}" if q.is_range else _num(q.lo))
    return sorted(missing)


def unsupported_titles(sentence: str, evidence: Iterable[str], titles: Iterable[str]) -> list[str]:
    """Known job titles named in the sentence that none of the evidence texts name, matched as whole words
    on both sides ("CTO" is not the "cto" inside "director"). Longest first, and each title found is masked,
    so "Director" is not checked again inside "Tech Director"."""
    joined = " ".join(evidence).lower()
    lowered = sentence.lower()
    missing = []
    for title in sorted(set(titles), key=len, reverse=True):
        whole = rf"(?<!\w){re.escape(title.lower())}(?!\w)"
        if re.search(whole, lowered):
            lowered = re.sub(whole, " ", lowered)
            if not re.search(whole, joined):
                missing.append(title)
    return missing


def check_claim(claim: Claim, evidence: Mapping[int, str | Source], titles: Iterable[str] = (),
                require_citation: bool = True) -> Check:
    """Check one claim against the passages it cites (by citation number) with the claim checker. `evidence`
    maps numbers to passages (a Source, or plain text for a passage of unknown role). `titles` are known
    titles that must also be named in the cited text (the checker finds others by pattern)."""
    result = Check(claim)
    sources = [p if isinstance(p, Source) else Source(n, "", p) for n, p in evidence.items()]
    if require_citation and not claim.citations:
        result.problems.append("no citation")
        return result
    text = claim.text if CITATION.search(claim.text) or not claim.citations else \
        claim.text + "".join(f" [{n}]" for n in claim.citations)
    verdict = check(text, sources, require_citation=require_citation)
    result.problems.extend(verdict.reasons)
    cited = [_text(evidence[n]) for n in claim.citations if n in evidence]
    for title in unsupported_titles(CITATION.sub(" ", claim.text), cited, titles):
        if not any(title.lower() in p.lower() for p in result.problems):
            result.problems.append(f"title '{title}' is not in the cited evidence")
    result.problems[:] = list(dict.fromkeys(result.problems))
    return result


def check_answer(answer: str, evidence: Mapping[int, str | Source], titles: Iterable[str] = ()) -> list[Check]:
    titles = list(titles)
    return [check_claim(c, evidence, titles) for c in split_claims(answer)]


def _text(p: str | Source) -> str:
    return p if isinstance(p, str) else "\n".join((p.role, *p.names, p.text))


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
