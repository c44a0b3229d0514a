"""Turn evidence into a short cited answer, or abstain; no language model involved.

The answer is built per (role, topic) part. A part about a strict topic (pay, progression, education,
experience...) is answered only from chunks of that very role that cover that topic; when the role's
documents have none, the part says so instead. Every line quotes evidence verbatim and cites it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from advisor.compose import asks_yes_no, part_lines, say
from advisor.index import Record
from advisor.retrieve import Evidence, tokenize
from advisor.text import SENTENCE_END
from advisor.topics import STRICT, label

ABSTAIN_PREFIX = "The role documents don't say"
_SENTENCE = re.compile(SENTENCE_END + r"(?=[A-Z“\"(])")


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
    candidates: list[str] = field(default_factory=list)

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
    more: int = 0  # items of the same list the engine left out, counted in the answer ("…and 3 more")
    also: tuple[str, ...] = ()  # headings of the role's other sections on the topic, not shown ("Hard Skills")
    clarify: bool = False  # the gap is a question back ("Which role do you mean: …?"), not a missing fact


def units_of(record: Record) -> list[Unit]:
    """A list's items (its lead-in line first), a table's rows with their header, a run of fields' lines, or a
    paragraph's sentences."""
    lines = record.text.split("\n")
    if record.kind == "list":
        items = [re.sub(r"^\s*- ", "", line).strip() for line in lines if line.strip()]
        return [Unit(item, record, i) for i, item in enumerate(items)]
    if record.kind == "table":
        if len(lines) == 1:
            return [Unit(_row_text([], lines[0]), record, 0)]
        header = [c.strip() for c in lines[0].strip().strip("|").split("|")]
        return [Unit(_row_text(header, row), record, i) for i, row in enumerate(lines[1:])]
    if record.kind == "fields":
        return [Unit(line.strip(), record, i) for i, line in enumerate(lines) if line.strip()]
    return [Unit(s.strip(), record, i) for i, s in enumerate(_SENTENCE.split(record.text)) if s.strip()]


def _row_text(header: list[str], row: str) -> str:
    """A table row as the document shows it, `| a | b |`, so its cells keep their order and their columns."""
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    return "| " + " | ".join(cells) + " |"


def overlap(words: set[str], text: str) -> int:
    """How many of the words occur in the text, matching on a shared stem of up to 5 letters
    ("plan" ~ "planning", "mentor" ~ "mentors")."""
    tokens = set(tokenize(text))
    return sum(1 for w in words if any(t.startswith(w[:5]) or w.startswith(t[:5]) and len(t) >= 4 for t in tokens))


def compose(question: str, parts: list[Part], evidence: list[Evidence]) -> Answer:
    """Write the answer text with numbered citations from the parts' units (wording: advisor/compose.py)."""
    citations: dict[str, Citation] = {}

    def cite(record: Record) -> str:
        if record.id not in citations:
            citations[record.id] = Citation(n=len(citations) + 1, role=record.role, section=record.section,
                                            source=record.source, text=record.text, updated=record.updated,
                                            chunk_id=record.id)
        return f"[{citations[record.id].n}]"

    lines: list[str] = []
    gaps = [part.gap for part in parts if part.gap]
    answered = [part for part in parts if not part.gap and part.units]
    several = len({part.role for part in answered}) > 1
    for part in answered:
        lines += part_lines(part, cite, name_role=several, yes_no=asks_yes_no(question))
    if lines:
        text = "\n".join(lines + gaps)
    else:  # an abstention or a question back says so in its own words
        text = " ".join(gaps) if gaps else say("nothing")
    cited = [c.chunk_id for c in citations.values()]
    ordered = sorted(evidence, key=lambda e: (cited.index(e.record.id) if e.record.id in cited else len(cited), -e.score))
    missing = [cid for cid in cited if cid not in {e.record.id for e in evidence}]
    items = [EvidenceItem(c.role, c.section, c.source, c.text, 1.0, 1.0, c.chunk_id)
             for c in citations.values() if c.chunk_id in missing]
    items += [EvidenceItem(e.role, e.record.section, e.record.source, e.text, round(e.score, 5),
                           round(e.similarity, 4), e.record.id) for e in ordered]
    items.sort(key=lambda i: cited.index(i.chunk_id) if i.chunk_id in cited else len(cited))
    return Answer(question=question, answer=text, abstained=not lines, citations=list(citations.values()),
                  evidence=items, gaps=gaps)


def gap_text(role: str | None, topic: str | None) -> str:
    return say("not_documented", role=role or "", what=label(topic) if topic else "")


def is_strict(topic: str | None) -> bool:
    return topic in STRICT
