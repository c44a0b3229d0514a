"""The pieces an answer is made of: a Unit is the smallest quotable piece of a passage (a sentence, a list item,
a table row with its header), and a Part is what the engine chose for one (role, topic) of a question, or the gap
it found there. The engine picks them; compose words them; answer assembles the reply."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.records import Record
from advisor.retrieve import tokenize
from advisor.text import SENTENCE_END, cells, words_within

_SENTENCE = re.compile(SENTENCE_END + r"(?=[A-Z“\"(])")


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
    # a career question answered by the ladder's order: the level beside the role ("Senior Budget Analyst (P3 …)")
    # and which way it lies ("onward" or "into"); the units are that level's own first lines
    step: str = ""
    way: str = "onward"


def units_of(record: Record) -> list[Unit]:
    """A list's items (its lead-in line first), a table's rows with their header, a run of fields' lines, or a
    paragraph's sentences."""
    lines = record.text.split("\n")
    if record.kind == "list":
        items = [re.sub(r"^\s*- ", "", line).strip() for line in lines if line.strip()]
        return [Unit(item, record, i) for i, item in enumerate(items)]
    if record.kind == "table":
        return [Unit(_row_text(row), record, i) for i, row in enumerate(lines[1:] if len(lines) > 1 else lines)]
    if record.kind == "fields":
        return [Unit(line.strip(), record, i) for i, line in enumerate(lines) if line.strip()]
    return [Unit(s.strip(), record, i) for i, s in enumerate(_SENTENCE.split(record.text)) if s.strip()]


def _row_text(row: str) -> str:
    """A table row as the document shows it, `| a | b |`, so its cells keep their order and their columns."""
    return "| " + " | ".join(cells(row)) + " |"


def under_own_name(record: Record) -> bool:
    """Whether a passage sits under the role's own name (or no heading), as a posting's facts box does."""
    return not record.heading or words_within(record.heading, f"{record.role} {record.org}")


def overlap(words: set[str], text: str) -> int:
    """How many of the words occur in the text, matching on a shared stem of up to 5 letters
    ("plan" ~ "planning", "mentor" ~ "mentors")."""
    tokens = set(tokenize(text))
    return sum(1 for w in words if any(t.startswith(w[:5]) or w.startswith(t[:5]) and len(t) >= 4 for t in tokens))
