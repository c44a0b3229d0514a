"""Turn evidence into a short cited answer, or abstain; no language model involved.

The answer is built per (role, topic) part. A part about a strict topic (pay, progression, education,
experience...) is answered only from chunks of that very role that cover that topic; when the role's
documents have none, the part says so instead. Every line quotes evidence verbatim and cites it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from advisor.index import Record
from advisor.retrieve import Evidence, tokenize
from advisor.topics import STRICT, label

ABSTAIN_PREFIX = "The role documents don't say"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_GENERIC = frozenset(
    "role roles job position positions need needs required require requires requirement requirements typical typically "
    "get gets main key list give describe explain tell know like look looks usually someone person people "
    "kind type sort much many work working director manager".split()
)


@dataclass(frozen=True)
class Citation:
    n: int
    role: str
    section: str
    source: str
    text: str
    updated: str = ""
    chunk_id: str = ""


@dataclass(frozen=True)
class EvidenceItem:
    role: str
    section: str
    source: str
    text: str
    score: float
    similarity: float
    chunk_id: str


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    path: str = "extractive"
    standalone_question: str = ""
    verifier: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Unit:
    """The smallest quotable piece of a chunk: a sentence, a list item, a table row with its header."""

    text: str
    record: Record
    order: int


@dataclass
class Part:
    role: str | None
    topic: str | None
    units: list[Unit] = field(default_factory=list)
    gap: str = ""


def units_of(record: Record) -> list[Unit]:
    if record.kind == "list":
        items = [line[2:].strip() for line in record.text.split("\n") if line.startswith("- ")]
        return [Unit(item, record, i) for i, item in enumerate(items)]
    if record.kind == "table":
        lines = record.text.split("\n")
        header = [c.strip() for c in lines[0].strip().strip("|").split("|")]
        units = []
        for i, row in enumerate(lines[2:]):
            cells = [c.strip() for c in row.strip().strip("|").split("|")]
            pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells) if c]
            units.append(Unit("; ".join(pairs), record, i))
        return units
    return [Unit(s.strip(), record, i) for i, s in enumerate(_SENTENCE.split(record.text)) if s.strip()]


def content_words(question: str, role_names: list[str], topic_words: set[str]) -> set[str]:
    """Words that say what in particular is asked, beyond the role and the topic."""
    drop = {w for name in role_names for w in tokenize(name)} | topic_words | _GENERIC
    return {w for w in tokenize(question) if w not in drop and len(w) > 2}


def overlap(words: set[str], text: str) -> int:
    """How many of the words occur in the text, matching on a shared stem of up to 5 letters
    ("plan" ~ "planning", "mentor" ~ "mentors")."""
    tokens = set(tokenize(text))
    return sum(1 for w in words if any(t.startswith(w[:5]) or w.startswith(t[:5]) and len(t) >= 4 for t in tokens))


def compose(question: str, parts: list[Part], evidence: list[Evidence]) -> Answer:
    """Write the answer text with numbered citations from the parts' units."""
    citations: dict[str, Citation] = {}
    lines: list[str] = []
    gaps: list[str] = []
    for part in parts:
        if part.gap:
            gaps.append(part.gap)
            continue
        by_record: dict[str, list[Unit]] = {}
        for unit in part.units:
            by_record.setdefault(unit.record.id, []).append(unit)
        for record_id, units in by_record.items():
            record = units[0].record
            if record_id not in citations:
                citations[record_id] = Citation(n=len(citations) + 1, role=record.role, section=record.section,
                                                source=record.source, text=record.text, updated=record.updated,
                                                chunk_id=record.id)
            heading = record.section.split(" › ")[-1]
            body = "; ".join(u.text.rstrip(";") for u in sorted(units, key=lambda u: u.order)) \
                if record.kind in ("list", "table") else " ".join(u.text for u in sorted(units, key=lambda u: u.order))
            lead = f"{record.role} — {heading}" if heading != record.role else record.role
            lines.append(f"{lead}: {body} [{citations[record_id].n}]")
    answered = bool(lines)
    if not answered:
        text = f"{ABSTAIN_PREFIX}: " + " ".join(gaps) if gaps else f"{ABSTAIN_PREFIX} anything about that."
    else:
        text = "\n".join(lines + gaps)
    items = [EvidenceItem(e.role, e.record.section, e.record.source, e.text, round(e.score, 5), round(e.similarity, 4),
                          e.record.id) for e in evidence]
    return Answer(question=question, answer=text, abstained=not answered, citations=list(citations.values()),
                  evidence=items, gaps=gaps)


def gap_text(role: str | None, topic: str | None) -> str:
    if role and topic:
        return f"The {role} document doesn't give {label(topic)}."
    if role:
        return f"The {role} document doesn't cover that."
    return "None of the role documents cover that."


def is_strict(topic: str | None) -> bool:
    return topic in STRICT
