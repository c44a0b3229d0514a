"""Turn evidence into a short cited answer, or abstain; no language model involved.

The answer is built per (role, topic) part. A part about a strict topic (pay, progression, education,
experience...) is answered only from chunks of that very role that cover that topic; when the role's
documents have none, the part says so instead. Every line quotes evidence verbatim and cites it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from advisor.compose import asks_yes_no, part_lines, say
from advisor.parts import Part
from advisor.records import Record
from advisor.retrieve import Evidence
from advisor.topics import STRICT, label

ABSTAIN_PREFIX = "The role documents don't say"


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
