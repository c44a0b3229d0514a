"""Word an extractive answer for a person reading it at a glance: a direct sentence first, then bullets.

Each answered part (one role, one topic) is written from its passages by kind: a figure or a labelled value
("Base Salary: $180,000") becomes one sentence, a short list one sentence, a longer list a lead line and bullets
(at most LIST_CAP, then "…and N more under “Heading” in the document"), a career list a next-step sentence, a table one bullet per row, and a
paragraph its own sentences. What comes from a document is quoted verbatim; the words around it come from the
templates in advisor/templates/answer.j2, the one place the wording lives.

The text stays plain so every surface can show it: a bullet is a line starting with "• ", and every line carries
the citation markers of what it quotes (so each line can be checked against its sources on its own).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from advisor.records import Record
from advisor.parts import Part, Unit, under_own_name
from advisor.text import cells, quantities, words_within
from advisor.topics import direction, label as topic_label

TEMPLATES = Path(__file__).with_name("templates")
BULLET = "• "
LIST_CAP = 8  # bullets shown from one list; the rest are counted ("…and 3 more under “Duties” in the document")
INLINE_ITEMS = 4  # a list this short (and INLINE_CHARS long at most) is said in one sentence
INLINE_CHARS = 200
_LABEL_VALUE = re.compile(r"^([A-Z][A-Za-z/&'’() -]{0,40}?)\s*:\s+(\S.*)$")
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|will|would|should|must|has|have|may)\b", re.I)

Cite = Callable[[Record], str]


@functools.cache
def _macros() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=False)
    return env.get_template("answer.j2").module


def say(kind: str, **values: str) -> str:
    """One sentence of the kind `kind` (a macro of answer.j2); a missing value is an error, not a blank."""
    macro = getattr(_macros(), kind, None)
    if macro is None:
        raise KeyError(f"answer.j2 has no template for '{kind}'")
    return re.sub(r"\s+", " ", str(macro(**values))).strip()


def is_more_line(line: str) -> bool:
    """The '…and N more' pointer after a cut list, or the 'also has …' pointer to the topic's other sections: they
    say where the rest is, not a fact about a role."""
    return _pointer().fullmatch(re.sub(r"\s+", " ", line).strip()) is not None


@functools.cache
def _pointer() -> re.Pattern[str]:
    """The pointer lines' pattern, read once from their templates."""
    head, rest = say("more", count="\x00", heading="\x01").split("\x00")
    middle, tail = rest.split("\x01")
    more = re.escape(head) + r"\d+" + re.escape(middle) + r".+?" + re.escape(tail)
    also_head, also_tail = say("also", headings="\x00").split("\x00")
    also = re.escape(also_head) + r"“.+?" + re.escape(also_tail)
    return re.compile(f"{more}|{also}")


def asks_yes_no(question: str) -> bool:
    """"Does it…?", "Is there…?": a question a quoted statement answers best, for the reader to weigh."""
    return bool(_YES_NO.match(question))


def part_lines(part: "Part", cite: Cite, *, name_role: bool = False, yes_no: bool = False) -> list[str]:
    """The lines of one answered part: its direct sentence first, then bullets."""
    if part.step:  # "what comes after X?" answered by the ladder's order: the level beside it, and its first line
        first = part.units[0]
        marker = cite(first.record)
        lines = [say("ladder_step", role=part.role or first.record.role, way=part.way, level=part.step, cite=marker)]
        if first.record.kind != "table":  # what the document says first of that level ("Leads incident response")
            lines.append(say("statement", text=first.text.strip(), cite=marker))
        return lines
    groups: dict[str, list[Unit]] = {}
    for unit in part.units:
        groups.setdefault(unit.record.id, []).append(unit)
    runs: list[list[Unit]] = []
    for units in groups.values():
        units = sorted(units, key=lambda u: u.order)
        last = runs[-1][0].record if runs else None
        if last is not None and last.kind == units[0].record.kind == "list" and last.section == units[0].record.section:
            runs[-1] += units  # one list cut into several chunks is still one list
        else:
            runs.append(units)
    role = part.role or runs[0][0].record.role
    records = [units[0].record for units in runs]
    if len(runs) >= 2 and all(r.level for r in records) and len({r.level for r in records}) == len(records):
        return _levels(role, part.topic, runs, cite)
    lines: list[str] = []
    inline: list[str] = []  # short lists and values said in one sentence, joined with "; "
    last_list = max((i for i, units in enumerate(runs) if units[0].record.kind == "list"), default=len(runs) - 1)
    for i, units in enumerate(runs):
        written = _record_lines(role, part.topic, units[0].record, units, cite, first=not inline,
                                yes_no=yes_no and i == 0, more=part.more if i == last_list else 0)
        if written.inline:
            inline.append(written.lines[0])
            continue
        if inline:
            lines.append(_join_inline(inline))
            inline = []
        lines += written.lines
    if inline:
        lines.append(_join_inline(inline))
    # several roles in one answer
    named = name_role or any(r.role != role for r in records)
    if named and lines and role not in lines[0]:
        lines[0] = f"{role}: {lines[0]}"
    if part.also:
        lines.append(say("also", headings=_join([f"“{h}”" for h in part.also], "and")))
    return lines


@dataclass(frozen=True)
class _Written:
    lines: list[str]
    inline: bool = False  # one sentence, to be joined with the part's other short statements


def _record_lines(role: str, topic: str | None, record: Record, units: list["Unit"], cite: Cite, *, first: bool,
                  yes_no: bool, more: int) -> _Written:
    marker = "".join(dict.fromkeys(cite(u.record) for u in units))
    texts = [u.text.strip() for u in units if u.text.strip()]
    if record.kind == "table":
        return _Written(_table(role, record, texts, marker, first))
    if record.kind == "list":
        items = [_item(t) for t in texts]
        marks = [cite(u.record) for u in units if u.text.strip()]
        way = direction(record.heading, heading=True) \
            if topic == "progression" or "progression" in record.topics else None
        short = len(items) <= INLINE_ITEMS and sum(map(len, items)) <= INLINE_CHARS and not more
        if way and short:
            return _Written([say("next_step", role=role, way=way, items=_join(items, "or"), cite=marker)])
        # a job's facts under its own name ("Location: Vancouver, BC") read as labelled values too
        facts = under_own_name(record)
        if _LABEL_VALUE.match(items[0]) and _is_value(items[0]) and (quantities(items[0]) or facts) \
                and (short or first):
            # a list of labelled figures ("Typical Experience Range: 10-15+ years…"): the first is the answer
            head = _value(role, items[0], marks[0], first)
            labelled = [_LABEL_VALUE.match(i) for i in items[1:]]
            if len(items) <= INLINE_ITEMS - 1 and all(labelled):  # a few labelled lines: one sentence
                rest = [say("labelled", label=_lower(m.group(1)), value=_item(m.group(2)), cite=mark)
                        for m, mark in zip(labelled, marks[1:]) if m]
                return _Written(["; ".join([head.rstrip("."), *rest]) + "."], inline=True)
            return _Written([head] + _bullets(role, record.heading, texts[1:], marks[1:], more))
        # under "Essential" or "As part of the team, you will" (no noun to build a sentence on), the items are listed
        if short and (not record.heading or _noun_phrase(record.heading)) and not _names_role(role, record.heading):
            return _Written([say("list_inline", subject=_subject(role, record.heading, first),
                                 verb=_verb(record.heading, len(items)), items=_join(items, "and"), cite=marker)],
                            inline=True)
        return _Written([_list_lead(role, record.heading, texts, marker, first)]
                        + _bullets(role, record.heading, texts, marks, more))
    if len(texts) == 1 and _is_value(texts[0]):
        # a bare figure is named by its heading, unless that heading only names the organisation or the role (a
        # posting's "### Wikimedia Foundation" above its pay line): then by what was asked of it
        heading = record.heading
        if words_within(heading, f"{record.org} {record.role} {role}"):
            heading = topic_label(topic) if topic else ""
        return _Written([_value(role, texts[0], marker, first, heading)], inline=True)
    if record.kind == "fields" and len(texts) > 1 and _LABEL_VALUE.match(texts[0]):
        head = _value(role, texts[0], marker, first, record.heading)
        return _Written([head] + [say("bullet", text=t, cite=marker) for t in texts[1:]])
    statement = " ".join(texts)
    if yes_no:
        return _Written([say("yes_no", document=role, text=statement, cite=marker)])
    return _Written([say("statement", text=statement, cite=marker)])


def _levels(role: str, topic: str | None, runs: Sequence[Sequence["Unit"]], cite: Cite) -> list[str]:
    """A family's figures level by level: a lead line, then one bullet per level (under its own heading when the
    levels have headings of their own, "Senior Engineer: Salary: …")."""
    markers = [cite(units[0].record) for units in runs]
    headings = list(dict.fromkeys(units[0].record.heading for units in runs))
    shared = headings[0] if len(headings) == 1 else (topic_label(topic) if topic else "levels")
    lines = [say("list_lead", subject=_subject(role, shared, True), cite="".join(markers))]
    for units, marker in zip(runs, markers):
        row = _table_row(units[0].record, " ".join(u.text.strip() for u in units))
        lines.append(say("bullet", text=row if len(headings) == 1 else f"{units[0].record.heading}: {row}",
                         cite=marker))
    return lines


def _table(role: str, record: Record, rows: list[str], marker: str, first: bool) -> list[str]:
    if len(rows) == 1:  # one row: "The SF benchmark for Engineer is $160,000 [1]."
        return [_row_sentence(record, rows[0], marker)]
    lead = say("list_lead", subject=_subject(role, record.heading, first), cite=marker)
    return [lead] + [say("bullet", text=_table_row(record, row), cite=marker) for row in rows[:LIST_CAP]] + \
        ([say("more", count=str(len(rows) - LIST_CAP), heading=record.heading)]
         if len(rows) > LIST_CAP else [])


def _row_sentence(record: Record, row: str, marker: str) -> str:
    values = cells(row)
    lines = record.text.split("\n")
    header = cells(lines[0]) if len(lines) > 1 else []
    if len(values) == 2 and len(header) == 2 and all(values) and header != values:
        subject = f"The {_lower(header[1])} for {values[0]}"
        return say("value", subject=subject, verb=_verb(header[1], 1), value=values[1], cite=marker)
    return say("statement", text=_table_row(record, row), cite=marker)


def _table_row(record: Record, row: str) -> str:
    """A row `| L3 | $120k |` as "L3 · Salary: $120k", its columns named by the table's header."""
    if not row.startswith("|"):
        return row
    values = cells(row)
    lines = record.text.split("\n")
    header = cells(lines[0]) if len(lines) > 1 else []
    if header == values:
        header = []
    parts = []
    for i, cell in enumerate(values):
        if not cell:
            continue
        name = header[i] if i < len(header) else ""
        parts.append(f"{name}: {cell}" if name and i > 0 else cell)
    return " · ".join(parts)


def _list_lead(role: str, heading: str, texts: list[str], marker: str, first: bool) -> str:
    shown = texts[:LIST_CAP]
    labels = [m.group(1) for m in map(_LABEL_VALUE.match, shown) if m]
    subject = _subject(role, heading, first)
    # "Cloud Architecture: Deep knowledge of…": the labels say it at a glance
    if len(labels) == len(shown) >= 3 and not _names_role(role, heading):
        return say("list_inline", subject=subject, verb="include", items=_join(labels, "and"), cite=marker) + ":"
    return say("list_lead", subject=subject, cite=marker)


def _bullets(role: str, heading: str, texts: list[str], marks: list[str], more: int) -> list[str]:
    shown, hidden = texts[:LIST_CAP], len(texts[LIST_CAP:]) + more
    lines = [say("bullet", text=t, cite=m) for t, m in zip(shown, marks)]
    if hidden:
        lines.append(say("more", count=str(hidden), heading=heading))
    return lines


def _value(role: str, text: str, marker: str, first: bool, heading: str = "") -> str:
    """"Base Salary: $180,000 - $275,000+" (or a bare figure under its heading) as one sentence."""
    m = _LABEL_VALUE.match(text)
    name, value = (m.group(1), m.group(2)) if m else (heading, text)
    value = value.rstrip().rstrip(".;").rstrip()
    figures = quantities(value)
    if name.strip() and not _noun_phrase(name) and first:  # under "Where this role leads": quoted, not a sentence
        return say("quoted", subject=_subject(role, name, first), value=value, cite=marker)
    if len(figures) == 1 and figures[0].is_range:
        return say("range", subject=_subject(role, name, first), value=value, cite=marker)
    return say("value", subject=_subject(role, name, first), verb=_verb(name, 1), value=value, cite=marker)


def _is_value(text: str) -> bool:
    """A labelled value ("Salary: $130,000.00 Annually") or a bare one ("$180,000 - $275,000+"), not a sentence."""
    if _LABEL_VALUE.match(text) and len(text) <= 160 and not re.search(r"[.!?]\s+[A-Z]", text):
        return True
    return len(text.split()) <= 8 and not re.search(r"[.!?]$", text) and bool(re.search(r"\d", text))


def _subject(role: str, label: str, first: bool) -> str:
    """"A Tech Director's salary range", "The pay for a Director of Education Technology", or "the salary range"
    after the role has been named."""
    if label.lower().startswith(role.lower() + " ") and len(label) > len(role) + 1:
        label = label[len(role):].strip()  # "Senior Full Stack Developer Assignment Length": its assignment length
    words = _lower(label)
    if label.strip() and not _noun_phrase(label):  # "How will it work?": named, not built into a sentence
        return f"From the {role} document ({label.strip().rstrip(':')})" if first else f"under “{label.strip()}”"
    if not first:
        return f"the {words}"
    if _names_role(role, label):  # a heading "IC2" over the level IC2's lines: they are the document's on it
        return f"From the {role} document"
    if label.strip().lower() == role.strip().lower() or not words:
        return f"{article(role).capitalize()} {role}"
    if " of " in role or "(" in role or role.endswith("s"):
        return f"The {words} for {article(role)} {role}"
    return f"{article(role).capitalize()} {role}'s {words}"


def _names_role(role: str, label: str) -> bool:
    """Whether a heading is the role's name or part of it ("IC2" for "… framework IC2"), not a topic of it."""
    label = label.strip().rstrip(":").lower()
    return bool(label) and label != role.strip().lower() and \
        re.search(rf"(?<!\w){re.escape(label)}(?!\w)", role.lower()) is not None


def _noun_phrase(label: str) -> bool:
    """A heading that reads as a noun phrase ("Salary Range"), not a question or a sentence ("How will it work?")."""
    label = label.strip().rstrip(":")
    return bool(label) and len(label.split()) <= 6 and not re.search(r"[?.!]", label) and not re.match(
        r"(?i)(?:how|what|why|when|where|who|which|is|are|do|does|can|will|should)\b", label) \
        and not re.fullmatch(r"(?i)[a-z]{4,}(?:ial|able|ible|ed)", label)  # "Essential", "Preferred": a qualifier


def article(name: str) -> str:
    """'a' or 'an' as the name is said: a code or an initialism by its first letter's name ("an M3 Engineering
    Manager", "an SRE", "a UX Designer"), a word by its first sound ("an Engineer", "a University Librarian",
    "an Hourly Worker")."""
    first = (name.split() or [""])[0]
    # said letter by letter: a code ("M3", "IC3") or a short or vowelless run of capitals ("SRE"), not "NASA"
    if re.fullmatch(r"[A-Z]{1,4}\d+[A-Z]?|[A-Z]{1,3}|[B-DF-HJ-NP-TV-Z]{4,5}", first):
        return "an" if first[0] in "AEFHILMNORSX" else "a"  # letters whose name starts with a vowel sound
    if re.match(r"(?i)(?:uni|use|usu|uti|eu|one\b|once\b)", first):
        return "a"
    return "an" if re.match(r"(?i)[aeiou]|hour|honou?r|heir", first) else "a"


def _lower(label: str) -> str:
    """A heading used inside a sentence: "Salary Range" → "salary range"; acronyms and codes keep their case."""
    label = label.strip().rstrip(":")
    if label.isupper():
        return label.lower()
    return " ".join(w.lower() if re.fullmatch(r"[A-Z][a-z'’]+", w) else w for w in label.split())


def _verb(label: str, count: int) -> str:
    """"is" or "are", by the number of items or the label's head noun ("Hours of work" are)."""
    head = re.split(r"\s+(?:of|for|in|to)\s+", label.strip(), maxsplit=1)[0].split()
    noun = head[-1].lower() if head else ""
    plural = count > 1 or (noun.endswith("s") and not noun.endswith(("ss", "us", "is")))
    return "are" if plural else "is"


def _item(text: str) -> str:
    return text.strip().rstrip(".;").rstrip()


def _join(items: Sequence[str], conjunction: str) -> str:
    items = [_item(i) for i in items if _item(i)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} {items[-1]}"


def _join_inline(sentences: list[str]) -> str:
    """Short statements of one part in one sentence: "A's minimum education is X [1]; the preferred … [2]."."""
    cleaned = [s.rstrip().rstrip(".") for s in sentences]
    return "; ".join(cleaned) + "."
