"""Exact checks of a claim against the evidence it cites: the part of groundedness that needs no model.

Used by the chat-model path (drop sentences that fail) and by the evals (score sentences). A sentence
passes only if every citation points at supplied evidence and every number, currency amount, range and
job title in it appears in the text it cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_CITATION = re.compile(r"\[(\d{1,3})\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[“\"(])|\n+")
# $180,000 - $275,000+, 10-15+, 5–7, 180k, 12%, 2.5, L4 ...
_RANGE = re.compile(r"[$£€]?\s?\d[\d,]*(?:\.\d+)?\s?[kKmM]?\+?\s?(?:-|–|—|to)\s?[$£€]?\s?\d[\d,]*(?:\.\d+)?\s?[kKmM]?\+?")
_NUMBER = re.compile(r"[$£€]?\s?\d[\d,]*(?:\.\d+)?\s?[kKmM]?\b\+?%?")


@dataclass(frozen=True)
class Claim:
    text: str
    citations: tuple[int, ...]


@dataclass
class Check:
    claim: Claim
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def split_claims(answer: str) -> list[Claim]:
    """Sentences (or answer lines) with the citation numbers they carry."""
    claims = []
    for piece in _SENTENCE.split(answer):
        piece = piece.strip()
        if not piece or not re.search(r"\w", _CITATION.sub("", piece)):
            continue
        claims.append(Claim(piece, tuple(int(n) for n in _CITATION.findall(piece))))
    return claims


def numbers(text: str) -> set[str]:
    """Normalised numeric facts: ranges as 'lo-hi', amounts without currency formatting."""
    found: set[str] = set()
    consumed = text
    for match in _RANGE.finditer(text):
        lo, hi = re.split(r"\s?(?:-|–|—|to)\s?", match.group(0), maxsplit=1)
        found.add(f"{_norm_number(lo)}-{_norm_number(hi)}")
        consumed = consumed.replace(match.group(0), " ")
    for match in _NUMBER.finditer(consumed):
        value = _norm_number(match.group(0))
        if value:
            found.add(value)
    return found


def _norm_number(token: str) -> str:
    token = token.strip().replace(" ", "")
    plus = token.endswith("+")
    token = token.rstrip("+%").lstrip("$£€").replace(",", "")
    multiplier = 1
    if token[-1:].lower() == "k":
        token, multiplier = token[:-1], 1000
    elif token[-1:].lower() == "m":
        token, multiplier = token[:-1], 1_000_000
    try:
        value = float(token) * multiplier
    except ValueError:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text + ("+" if plus else "")


def unsupported_numbers(sentence: str, evidence: Iterable[str]) -> list[str]:
    """Numbers, amounts and ranges in the sentence that appear in none of the evidence texts."""
    supported: set[str] = set()
    for text in evidence:
        supported |= numbers(text)
        supported |= {n.rstrip("+") for n in numbers(text)}
        for rng in [n for n in numbers(text) if "-" in n]:  # each end of a range is supported on its own too
            supported.update(part.rstrip("+") for part in rng.split("-"))
    missing = []
    for n in numbers(_CITATION.sub("", sentence)):
        if n not in supported and n.rstrip("+") not in supported:
            missing.append(n)
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


def check_claim(claim: Claim, evidence: Mapping[int, str], titles: Iterable[str] = (),
                require_citation: bool = True) -> Check:
    """Check one claim against the evidence texts it cites, by citation number."""
    check = Check(claim)
    if require_citation and not claim.citations:
        check.problems.append("no citation")
        return check
    unknown = [n for n in claim.citations if n not in evidence]
    if unknown:
        check.problems.append(f"cites evidence that was not supplied: {', '.join(f'[{n}]' for n in unknown)}")
    cited = [evidence[n] for n in claim.citations if n in evidence]
    for n in unsupported_numbers(claim.text, cited):
        check.problems.append(f"number {n} is not in the cited evidence")
    for title in unsupported_titles(claim.text, cited, titles):
        check.problems.append(f"title '{title}' is not in the cited evidence")
    return check


def check_answer(answer: str, evidence: Mapping[int, str], titles: Iterable[str] = ()) -> list[Check]:
    titles = list(titles)
    return [check_claim(c, evidence, titles) for c in split_claims(answer)]
