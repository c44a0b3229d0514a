"""Role-expectation drafts and role comparisons for managers, built only from the role documents.

A draft is assembled from the documents' own structure (the index records): every bullet is a list item,
table row or sentence of one chunk and cites that chunk; a section the documents don't cover says so
instead of being filled. A chat model, when given, may only reword bullets: each reworded bullet is
checked against its cited chunk (advisor.verify) and keeps the document's own words when it fails.

Pure functions return `Draft` / `Comparison` objects; renderers turn them into Markdown, JSON or .docx
bytes, so the CLI and the Slack app share one implementation.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from advisor.parts import units_of
from advisor.documents import SECTION_SEPARATOR
from advisor.errors import AdvisorError
from advisor.records import Record
from advisor.prompts import fence, load_prompt
from advisor.retrieve import tokenize
from advisor.roles import Role, detect_roles
from advisor.topics import FACETS, MONEY, TopicModel, heading_topics, states
from advisor.verify import Claim, check_claim

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from advisor.embeddings import Embedder
    from advisor.engine import Advisor
    from advisor.settings import Settings

log = logging.getLogger(__name__)

NOT_DOCUMENTED = "Not in the role documents — add your own"
CONFIDENTIAL = "Confidential: for the hiring manager and HR; check before sharing outside them."
MARKING = "CONFIDENTIAL — draft for the hiring manager and HR"
FORMATS = ("md", "json", "docx")

# (key, title, confidential). Order is the order of the draft.
SECTIONS: tuple[tuple[str, str, bool], ...] = (
    ("summary", "Summary", False),
    ("primary_responsibilities", "Primary responsibilities", False),
    ("secondary_responsibilities", "Secondary responsibilities", False),
    ("success", "What success looks like", False),
    ("hard_skills", "Hard skills", False),
    ("soft_skills", "Soft skills", False),
    ("education", "Education", False),
    ("experience", "Experience", False),
    ("pay", "Pay band", True),
    ("career_path", "Career path", True),
)
# Sections a chat model may reword. The others are facts about the role (pay, path, education,
# experience): always shown whole, in document order, in the documents' own words.
FLEXIBLE = frozenset({"summary", "primary_responsibilities", "secondary_responsibilities", "success",
                      "hard_skills", "soft_skills"})
# Sections --focus reorders and thins out (the summary stays whole: it says what the role is).
FOCUSED = FLEXIBLE - {"summary"}
# Rows of a comparison: which draft sections feed each row.
ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("responsibilities", "Responsibilities", ("primary_responsibilities", "secondary_responsibilities")),
    ("skills", "Skills", ("hard_skills", "soft_skills")),
    ("education", "Education", ("education",)),
    ("experience", "Experience", ("experience",)),
    ("pay", "Pay (confidential)", ("pay",)),
    ("progression", "Progression (confidential)", ("career_path",)),
)
# What B "needs": requirements first, then duties.
NEEDS = ("experience", "education", "hard_skills", "soft_skills", "primary_responsibilities",
         "secondary_responsibilities")

_SUMMARY_SENTENCES = 5
_FOCUS_FLOOR = 0.20      # below this cosine similarity to the focus, a flexible bullet is left out ...
_FOCUS_MARGIN = 0.25     # ... and so is one this far below the draft's best match
_COVERED = 0.62          # a bullet of B this similar to a sentence or clause of A's documents is "mentioned" by A
_CELL_ITEMS = 6
_CELL_CHARS = 140
_NOTHING_NEEDED = "Nothing: the documents of both roles cover the same ground."

_ROLE_WORD_STOP = frozenset({"the", "a", "an", "of", "for", "and", "&"})
_POLISH_LINE = re.compile(r"^\s*[-*]?\s*\[?(b\d+)\]?\s*[:.)\]-]\s*(.+?)\s*$")
_CITATION_MARK = re.compile(r"\s*\[\d{1,3}\]")
# Words an editor may add without adding a fact.
_EDITING_WORDS = frozenset("including across through within using ensure ensures ensuring help helps support supports "
                           "drive drives lead leads deliver delivers build builds keep keeps make makes clear clearly "
                           "strong role well effective effectively".split())


class RoleNotFoundError(AdvisorError):
    """The role asked for has no role document; the message lists what there is."""


@dataclass(frozen=True)
class Bullet:
    id: str          # b1, b2 … stable within one draft
    text: str        # what the draft says
    quote: str       # the document's own words it rests on (== text unless a chat model reworded it)
    chunk_id: str
    role: str
    section: str     # section path of the cited chunk: "Role › H2 › H3"
    source: str
    updated: str
    label: str = ""  # the sub-heading it sits under, where that matters ("Advancement To")
    relevance: float | None = None  # similarity to --focus, when one was given


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    bullets: tuple[Bullet, ...] = ()
    confidential: bool = False
    note: str = ""   # e.g. how --focus thinned a documented section

    @property
    def documented(self) -> bool:
        return bool(self.bullets)


@dataclass(frozen=True)
class Draft:
    role: str
    aliases: tuple[str, ...]
    family: str
    sources: tuple[str, ...]
    updated: str
    sections: tuple[Section, ...]
    records: Mapping[str, Record]  # the cited chunks, by id
    focus: str | None = None
    path: str = "extractive"       # "llm" when a chat model's rewording survived verification
    level: str = ""                # the level drafted, when the role is one level of a ladder
    levels: tuple[str, ...] = ()   # a family's levels, in ladder order
    verifier: Mapping[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def bullets(self) -> list[Bullet]:
        return [b for s in self.sections for b in s.bullets]

    @property
    def not_documented(self) -> list[str]:
        return [s.key for s in self.sections if not s.documented]

    def to_dict(self) -> dict[str, Any]:
        numbers = _numbering(self.bullets)
        return {
            "role": self.role, "aliases": list(self.aliases), "family": self.family, "level": self.level,
            "levels": list(self.levels), "sources": list(self.sources),
            "updated": self.updated, "focus": self.focus, "path": self.path,
            "sections": [_section_dict(s, numbers) for s in self.sections],
            "not_documented": self.not_documented,
            "citations": _citations(numbers, self.records),
            "verifier": dict(self.verifier),
        }


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    a: tuple[Bullet, ...]
    b: tuple[Bullet, ...]


@dataclass(frozen=True)
class Link:
    """A documented connection between the two compared roles, e.g. A is an entry point into B."""

    kind: str        # entry | advancement | lateral
    sentence: str    # says it in words, without the citation
    bullet: Bullet


@dataclass(frozen=True)
class Need:
    bullet: Bullet
    closest: float | None  # best similarity to anything in A's documents (None: A has nothing to compare)


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    a_documented: bool     # False: A has no role document (only named, e.g. as B's entry point)
    rows: tuple[Row, ...]
    needs: tuple[Need, ...]  # what B needs that A's documents don't mention
    links: tuple[Link, ...]
    records: Mapping[str, Record]

    @property
    def bullets(self) -> list[Bullet]:
        return ([link.bullet for link in self.links] + [b for r in self.rows for b in (*r.a, *r.b)]
                + [n.bullet for n in self.needs])

    def to_dict(self) -> dict[str, Any]:
        numbers = _numbering(self.bullets)
        return {
            "a": self.a, "b": self.b, "a_documented": self.a_documented,
            "links": [{"kind": link.kind, "text": link.sentence, **_bullet_dict(link.bullet, numbers)}
                      for link in self.links],
            "rows": [{"key": r.key, "title": r.title,
                      "a": [_bullet_dict(b, numbers) for b in r.a], "b": [_bullet_dict(b, numbers) for b in r.b],
                      "a_documented": bool(r.a), "b_documented": bool(r.b)} for r in self.rows],
            "b_needs_not_in_a": [{**_bullet_dict(n.bullet, numbers), "closest_in_a": n.closest} for n in self.needs],
            "citations": _citations(numbers, self.records),
        }


# -- roles -----------------------------------------------------------------------------------------
def resolve_role(name: str, catalog: Mapping[str, Role]) -> Role:
    """The role a manager means by a title or alias; typos are forgiven, near misses get a 'did you mean'."""
    from rapidfuzz import fuzz, process

    known = ", ".join(catalog) or "none (run `advisor ingest`)"
    wanted = _role_key(name)
    if not wanted:
        example = next(iter(catalog), "Tech Director")
        raise RoleNotFoundError(f"Give a role title, e.g. “{example}”. Known roles: {known}.")
    # a role's or level's own name before another's alias ("IC3" is a level, though its family lists it too)
    for names in ((lambda r: (r.title, r.level)), (lambda r: r.names)):
        for role in catalog.values():
            if any(n and _role_key(n) == wanted for n in names(role)):
                return role
    mentions = detect_roles(name, dict(catalog))
    if len(mentions) == 1:
        m = mentions[0]
        rest = re.findall(r"\w+", name[:m.start] + " " + name[m.end:])
        if all(w.lower() in _ROLE_WORD_STOP for w in rest):
            return m.role
    names = {n: role.title for role in catalog.values() for n in role.names}
    close = process.extract(name, list(names), scorer=fuzz.token_set_ratio, processor=_fuzz_form, limit=10,
                            score_cutoff=70)
    best = close[0][1] if close else 0
    suggestions = list(dict.fromkeys(names[n] for n, score, _ in close if score >= best - 10))[:3]
    if suggestions:
        raise RoleNotFoundError(f"No role document for “{name}”. Did you mean "
                                f"{' or '.join(f'“{s}”' for s in suggestions)}? Known roles: {known}.")
    raise RoleNotFoundError(f"No role document for “{name}”. Known roles: {known}.")


# -- drafts ----------------------------------------------------------------------------------------
def draft_role(advisor: "Advisor", role: str, focus: str | None = None, llm: "BaseChatModel | None" = None) -> Draft:
    """The whole draft for a role or level name: resolve, assemble from the documents, focus, then (optionally)
    polish."""
    resolved = resolve_role(role, advisor.roles)
    draft = assemble(resolved, advisor.records, reader_for(advisor))
    if focus and focus.strip():
        draft = apply_focus(draft, focus.strip(), advisor.embedder)
    if llm is not None:
        draft = polish(draft, llm, titles=known_titles(advisor.roles, advisor.records))
    return draft


class Reader:
    """What a heading, sentence, list item or table row is about, by meaning: its embedding against the topic
    descriptions answers use (advisor.topics.DESCRIPTIONS; headings by their nearest example headings), and against
    advisor.topics.FACETS for the draft's finer sections (secondary duties, success, hard and soft skills)."""

    def __init__(self, embedder: "Embedder", topic_model: TopicModel | None = None) -> None:
        self._embedder = embedder
        self._topics = topic_model or TopicModel(embedder.embed)
        self._facets = TopicModel(embedder.embed, FACETS)
        self._vectors: dict[str, list[float]] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Embed, in one batch, the texts not yet seen."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self._embedder.embed(missing)))

    def topics(self, text: str) -> dict[str, float]:
        self.prepare([text])
        return self._topics.scores(self._vectors[text])

    def facets(self, text: str) -> dict[str, float]:
        self.prepare([text])
        return self._facets.scores(self._vectors[text])

    def heading_topics(self, headings: Sequence[str]) -> tuple[str, ...]:
        """What the headings mean, as ingest decides it (nearest example headings)."""
        if not headings:
            return ()
        self.prepare(headings)
        return heading_topics(headings, lambda h: self._topics.heading(self._vectors[h]))


def reader_for(advisor: "Advisor") -> Reader:
    """One Reader per Advisor, so a process embeds the descriptions and each document's text once."""
    reader = getattr(advisor, "_draft_reader", None)
    if reader is None:
        reader = Reader(advisor.embedder, advisor.topic_model)
        advisor._draft_reader = reader  # type: ignore[attr-defined]
    return reader


# Topics a draft has a section for; the others (benefits, working arrangements, reporting lines, hiring) are not
# part of a role's expectations and are left out.
_DRAFTED = ("overview", "responsibilities", "skills", "success", "education", "experience", "progression", "pay")
_ITEMS = ("list", "table", "fields")
_HEADING_WEIGHT = 0.1  # how much a heading's clear topic counts for a sentence under it
_FACET_MARGIN = 0.1    # a heading decides hard/soft or primary/secondary only when clearly one of them
_FACET_FLOOR = 0.45   # ... and means one of them at least this much
_SUCCESS_FLOOR = 0.5   # a heading or sentence means "what success looks like" only this clearly
_MEANING_FLOOR = 0.3   # a sentence meaning no topic this much is left out


def assemble(role: Role, records: Sequence[Record], reader: Reader) -> Draft:
    """A draft from the role's own chunks; nothing is written anew. Each sentence, list item and table row is placed
    by what its heading clearly means, else by what it says (see Reader); pay, education and experience only
    where the text states them. A level's draft holds its own rows and sections and the document's shared ones
    (never another level's); a family's draft shows each level by its first line per section."""
    doc = sorted((r for r in records if r.source in role.sources), key=lambda r: (r.source, r.position))
    others = [n for n in role.levels if n != role.level]
    other_amounts = {m.group(0) for r in doc if r.level and r.level != role.level for u in units_of(r)
                     if states("pay", u.text) for m in MONEY.finditer(u.text)}
    if role.level:
        doc = [r for r in doc if r.level == role.level] + [r for r in doc if not r.level]
    reader.prepare(_reading_texts(doc))
    picked: dict[str, list[tuple[str, Record, str]]] = {key: [] for key, _, _ in SECTIONS}
    level_firsts: set[tuple[str, str]] = set()
    group: tuple[str, str] = ("", "")  # a table's current group-label row ("| Experience | |"), by section
    for record in doc:
        for unit in units_of(record):
            headings = record.section.split(SECTION_SEPARATOR)[1:]
            if record.kind == "table":
                label = _group_label(unit.text)
                if label:
                    group = (record.section, label)
                    continue
                if group[0] == record.section:
                    headings = [*headings, group[1]]
            if not _has_content(unit.text, record.level):
                continue
            heading = _heading_meaning(headings, reader)
            for key in _section_keys(unit.text, record, headings, heading, reader):
                label = headings[-1] if key in ("education", "career_path") and headings else ""
                if role.is_family and record.level:  # a family shows each level compactly: its first line
                    if (record.level, key) in level_firsts:
                        continue
                    level_firsts.add((record.level, key))
                    label = record.level
                picked[key].append((unit.text, record, label))
    if role.level:
        picked = _only_this_level(picked, role.level, others, other_amounts)
    placed = {text for items in picked.values() for text, _, _ in items}
    summary = picked["summary"] or _opening(doc, placed)
    picked["summary"] = summary[:_SUMMARY_SENTENCES]

    sections: list[Section] = []
    counter = 0
    cited: dict[str, Record] = {}
    for key, title, confidential in SECTIONS:
        bullets = []
        seen: set[str] = set()
        for text, record, label in picked[key]:
            if text in seen:
                continue
            seen.add(text)
            counter += 1
            cited[record.id] = record
            bullets.append(Bullet(id=f"b{counter}", text=text, quote=text, chunk_id=record.id, role=role.title,
                                  section=record.section, source=record.source, updated=record.updated, label=label))
        sections.append(Section(key, title, tuple(bullets), confidential))
    return Draft(role=role.title, aliases=role.aliases, family=role.family, sources=role.sources,
                 updated=role.updated, sections=tuple(sections), records=cited, level=role.level,
                 levels=role.levels if not role.level else ())


def _reading_texts(records: Sequence[Record]) -> list[str]:
    texts = []
    for r in records:
        headings = r.section.split(SECTION_SEPARATOR)[1:]
        texts += headings[-2:]
        texts += [_unit_reading(u.text, r, headings) for u in units_of(r)]
    return texts


def _unit_reading(text: str, record: Record, headings: Sequence[str]) -> str:
    """What is embedded to read a unit: a list item or table row with its heading (a bare item means little)."""
    if record.kind in _ITEMS and headings:
        return f"{headings[-1]}: {text}"
    return text


def _has_content(text: str, level: str) -> bool:
    """A unit that says something besides the level's own name ('| M3 |' says nothing)."""
    rest = text.replace(level, " ") if level else text
    if re.fullmatch(r"[^:]{0,40}:\s*", rest):  # a label or a form's prompt with nothing after it ("Major(s):")
        return False
    return bool(re.search(r"\w", rest))


def _group_label(row: str) -> str:
    """A table row with one short filled cell labels the rows under it, like a sub-heading ("| Experience | |")."""
    cells = [c.strip(" *_") for c in row.strip().strip("|").split("|")]
    filled = [c for c in cells if c]
    if len(cells) > 1 and len(filled) == 1 and cells[0] and len(filled[0].split()) <= 4 \
            and not filled[0].startswith(("-", "•")):
        return filled[0]
    return ""


def _heading_meaning(headings: Sequence[str], reader: Reader) -> tuple[str, ...]:
    """The topics the headings clearly mean (as at ingest), or ("success",) for a heading that clearly means
    what success looks like."""
    if not headings:
        return ()
    last = headings[-1]
    if reader.facets(last)["success"] >= _SUCCESS_FLOOR and \
            reader.facets(last)["success"] > max(reader.topics(last).values()):
        return ("success",)
    return reader.heading_topics(headings)


def _section_keys(text: str, record: Record, headings: Sequence[str], heading: tuple[str, ...],
                  reader: Reader) -> list[str]:
    """The draft section(s) one unit belongs in (none: it is about benefits, hiring, working arrangements…).

    Pay, education and experience go by what the text states (an amount, a degree, years). Otherwise a heading
    that clearly means one topic places its list items and table rows; sentences, and items under headings that
    mean no topic clearly, go by their own meaning (the heading's topic counting for more), to the best-scoring
    section they can go in."""
    if states("pay", text) and (MONEY.search(text) or "pay" in heading):  # an amount, or a rate under a pay heading
        return ["pay"]
    facts = [k for k in ("education", "experience") if states(k, text)]
    if facts:
        return facts
    if record.kind == "fields":  # "Label: value" lines are a posting's particulars: only the facts above count
        return []
    itemised = record.kind in _ITEMS
    # education is placed only where a degree is stated (above); "Requirements" meaning education and experience
    # at once places neither by itself
    clear = [t for t in heading if t in _DRAFTED and t not in ("pay", "education")]
    if heading == ("education",) or reader.heading_topics(headings[-1:]) == ("education",):
        clear.append("education")  # a list under a heading meaning education alone ("Fields of study")
    if "education" in heading and "experience" in clear:
        clear.remove("experience")
    if itemised:
        if clear == ["overview"]:  # a list in an introduction is about the organisation or its purpose
            return []
        clear = [t for t in clear if t != "overview"] if len(clear) > 1 else clear
        if record.level and clear == ["progression"] and \
                _best(reader.topics(_unit_reading(text, record, headings)), _DRAFTED) != "progression":
            clear = []  # a ladder's heading over a level's own row: the row says what the level does
        if clear == ["education"] and _best(reader.topics(_unit_reading(text, record, headings)),
                                            ("education", "skills", "experience")) != "education":
            clear = []  # "Qualifications" lists skills and experience too: each item by its own meaning
        if len(clear) == 1:
            placed = _place(clear[0], text, headings, itemised, clear, reader)
            if placed:
                return placed
    scores = dict(reader.topics(_unit_reading(text, record, headings)))
    if states("responsibilities", text):  # says it in the words any document uses for duties (as answers read it)
        scores["responsibilities"] += _HEADING_WEIGHT
    # the heading's topics count (benefits, hiring… too); under a heading meaning none, the index's reading of such
    # a passage does
    for t in heading or (("responsibilities",) if headings else ("overview",)):
        if t in scores:
            scores[t] += _HEADING_WEIGHT
    success = reader.facets(text)["success"]
    if success >= _SUCCESS_FLOOR and success > max(scores.values()):
        scores["success"] = success
    for topic in sorted(scores, key=lambda t: -scores[t]):
        if scores[topic] < _MEANING_FLOOR or topic not in _DRAFTED:
            return []  # about nothing clearly, or about benefits, hiring, working arrangements, reporting lines
        placed = _place(topic, text, headings, itemised, clear, reader)
        if placed:
            return placed
    return []


def _place(topic: str, text: str, headings: Sequence[str], itemised: bool, clear: Sequence[str],
           reader: Reader) -> list[str]:
    """The section a unit of this topic goes in, or none when the topic needs what the unit lacks."""
    if topic in ("experience", "education"):  # not stated (above): only a list or table under a heading meaning it
        return [topic] if itemised and topic in clear else []
    if topic == "progression":
        said = "progression" in clear if itemised else states("progression", text)
        return ["career_path"] if said else []
    if topic == "overview":
        return [] if itemised else ["summary"]
    if topic == "success":
        return ["success"]
    if topic == "responsibilities":
        return ["secondary_responsibilities" if _facet_of(headings, ("primary", "secondary"), reader) == "secondary"
                else "primary_responsibilities"]
    if topic == "skills":
        kind = _facet_of(headings, ("hard_skills", "soft_skills"), reader)
        if kind is None:
            facets = reader.facets(text)
            kind = "soft_skills" if facets["soft_skills"] > facets["hard_skills"] else "hard_skills"
        return [kind]
    return []  # pay and education without an amount or a degree


def _best(scores: Mapping[str, float], among: Sequence[str]) -> str:
    return max(among, key=lambda t: scores.get(t, -1.0))


def _facet_of(headings: Sequence[str], pair: tuple[str, str], reader: Reader) -> str | None:
    """Which of two facets the deepest heading clearly means ("Soft Skills", "Secondary duties"), if either."""
    if not headings:
        return None
    scores = reader.facets(headings[-1])
    a, b = (scores[p] for p in pair)
    if abs(a - b) < _FACET_MARGIN or max(a, b) < _FACET_FLOOR:
        return None
    return pair[0] if a > b else pair[1]


def _opening(records: Sequence[Record], placed: set[str]) -> list[tuple[str, Record, str]]:
    """When no sentence reads as a summary: the role's first paragraph says what the role is (its sentences not
    already in another section, or else its first one)."""
    first = next((r for r in records if r.kind == "paragraph"), None)
    if first is None:
        return []
    units = units_of(first)
    return [(u.text, first, "") for u in ([u for u in units if u.text not in placed] or units[:1])]


def _only_this_level(picked: dict[str, list[tuple[str, Record, str]]], level: str, others: Sequence[str],
                     other_amounts: set[str]) -> dict[str, list[tuple[str, Record, str]]]:
    """A level's draft never shows another level's facts: shared text naming another level (and not this one), or
    stating an amount another level's rows state, is left out; where the level's own rows state pay, only they
    are its pay."""
    def named(name: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])", re.I)

    own, names = named(level), [named(n) for n in others if n]
    out: dict[str, list[tuple[str, Record, str]]] = {}
    for key, items in picked.items():
        kept = [(t, r, lb) for t, r, lb in items if r.level == level or not r.level
                and (own.search(t) or not any(n.search(t) for n in names)) and not any(a in t for a in other_amounts)]
        if key == "pay" and any(r.level == level for _, r, _ in kept):
            kept = [x for x in kept if x[1].level == level]
        out[key] = kept
    return out


def apply_focus(draft: Draft, focus: str, embedder: "Embedder") -> Draft:
    """Put what matters for the focus first and leave out flexible bullets unrelated to it.

    Pay, path, education and experience are facts about the role: they stay whole and in order.
    """
    import numpy as np

    flexible = [b for s in draft.sections if s.key in FOCUSED for b in s.bullets]
    if not flexible:
        return replace(draft, focus=focus)
    query = np.asarray(embedder.embed_one(focus), dtype=np.float32)
    vectors = np.asarray(embedder.embed([_bullet_line(b) for b in flexible]), dtype=np.float32)
    scores = {b.id: round(float(s), 4) for b, s in zip(flexible, vectors @ query)}
    cutoff = max(_FOCUS_FLOOR, max(scores.values()) - _FOCUS_MARGIN)
    sections = []
    for s in draft.sections:
        if s.key not in FOCUSED or not s.bullets:
            sections.append(s)
            continue
        scored = sorted((replace(b, relevance=scores[b.id]) for b in s.bullets), key=lambda b: -(b.relevance or 0))
        kept = tuple(b for b in scored if (b.relevance or 0) >= cutoff)
        left_out = len(scored) - len(kept)
        note = ""
        if left_out and not kept:
            note = f"The documents cover this, but none of it relates to “{focus}” ({left_out} left out)."
        elif left_out:
            note = f"Ordered by relevance to “{focus}”; {left_out} less related left out."
        sections.append(replace(s, bullets=kept, note=note))
    return replace(draft, sections=tuple(sections), focus=focus)


def polish(draft: Draft, llm: "BaseChatModel", titles: Iterable[str] = ()) -> Draft:
    """Let a chat model reword the flexible bullets; keep a rewording only if it passes the exact checks
    against the cited chunk (no number, amount or job title that the chunk lacks, little wording the chunk
    doesn't share). A failed rewording is dropped and the bullet keeps the document's own words."""
    from langchain_core.messages import HumanMessage

    titles = list(titles)
    candidates = [b for s in draft.sections if s.key in FLEXIBLE for b in s.bullets]
    if not candidates:
        return draft
    prompt = load_prompt("draft", role=draft.role, focus=fence(draft.focus) if draft.focus else "(none)",
                         sources=_prompt_sources(candidates, draft.records), bullets=_prompt_bullets(candidates))
    try:
        reply = llm.invoke([HumanMessage(content=prompt)])
    except Exception as exc:  # any provider failure: the extractive draft is still a whole, grounded draft
        log.warning("chat model failed while polishing a draft: %s", type(exc).__name__)
        return replace(draft, verifier={"polished": 0, "kept_original": len(candidates), "dropped": [],
                                        "error": f"the chat model failed ({type(exc).__name__}); "
                                                 "the draft keeps the documents' own words"})
    proposed = _parse_polish(_reply_text(reply))
    by_id = {b.id: b for b in candidates}
    accepted: dict[str, str] = {}
    dropped: list[dict[str, Any]] = []
    for bullet_id, text in proposed.items():
        bullet = by_id.get(bullet_id)
        if bullet is None:
            continue
        problems = check_polished(text, bullet, draft.records[bullet.chunk_id], titles)
        if problems:
            dropped.append({"id": bullet_id, "text": text, "problems": problems})
        elif text != bullet.text:
            accepted[bullet_id] = text
    if dropped:
        log.info("draft polish: %d rewordings dropped by verification", len(dropped))
    sections = tuple(replace(s, bullets=tuple(replace(b, text=accepted.get(b.id, b.text)) for b in s.bullets))
                     for s in draft.sections)
    return replace(draft, sections=sections, path="llm" if accepted else draft.path,
                   verifier={"polished": len(accepted), "kept_original": len(candidates) - len(accepted),
                             "dropped": dropped})


def check_polished(text: str, bullet: Bullet, record: Record, titles: Iterable[str] = ()) -> list[str]:
    """Problems with a reworded bullet, judged against the one chunk it cites (empty list = keep it)."""
    evidence = f"{record.section}\n{record.text}"
    problems = list(check_claim(Claim(f"{text} [1]", (1,)), {1: evidence}, titles).problems)
    ev_stems = {w[:5] for w in tokenize(evidence)}
    words = [w for w in tokenize(text) if w.isalpha() and len(w) >= 4 and w not in _EDITING_WORDS]
    novel = sorted({w for w in words if w[:5] not in ev_stems})
    if words and len(novel) > max(2, 0.3 * len(words)):
        problems.append(f"wording not in the cited text: {', '.join(novel[:6])}")
    if len(text) > 1.5 * len(bullet.quote) + 40:
        problems.append("much longer than the text it cites")
    return problems


def known_titles(catalog: Mapping[str, Role], records: Iterable[Record]) -> list[str]:
    """Job titles the checks know: role names, and the roles named in career paths."""
    titles = [n for role in catalog.values() for n in role.names]
    for r in records:
        if "progression" in r.topics and r.kind == "list":
            titles.extend(u.text for u in units_of(r) if len(u.text) <= 60)
    return list(dict.fromkeys(titles))


def chat_model_for(settings: "Settings") -> "BaseChatModel | None":
    """The configured chat model, or None; the provider code is imported only when ADVISOR_LLM is set."""
    if not settings.llm:
        return None
    from advisor.llm import chat_model_from_settings

    return chat_model_from_settings(settings)


# -- comparisons -----------------------------------------------------------------------------------
def compare_roles(advisor: "Advisor", role_a: str, role_b: str) -> Comparison:
    """Two roles side by side, and what B needs that A's documents don't mention.

    A may also be a role with no document that B's career path names (\"I'm a Senior Engineering Manager —
    what do I need for Tech Director?\"): then everything B requires is listed, with the entry point cited.
    """
    catalog, records = advisor.roles, advisor.records
    reader = reader_for(advisor)
    b = resolve_role(role_b, catalog)
    draft_b = assemble(b, records, reader)
    try:
        a: Role | None = resolve_role(role_a, catalog)
    except RoleNotFoundError as exc:
        if not _path_items(draft_b, role_a):
            path = "; ".join(dict.fromkeys(x.text for x in draft_b.section("career_path").bullets))
            raise RoleNotFoundError(f"{exc} The first role may also be one {b.title}'s career path names: {path}."
                                    if path else str(exc)) from None
        a = None
    if a is not None and a.title == b.title:
        raise AdvisorError(f"Both names mean {b.title}; compare two different roles.")
    draft_a = assemble(a, records, reader) if a else None
    a_name = a.title if a else role_a.strip()

    pairs = [(draft_b, a_name)] + ([(draft_a, b.title)] if draft_a else [])
    links = [Link(_link_kind(item.label), f"{d.role}'s documents list {item.text} under “{item.label}”.", item)
             for d, other in pairs for item in _path_items(d, other)]

    rows = []
    for key, title, section_keys in ROWS:
        a_bullets = tuple(x for k in section_keys for x in draft_a.section(k).bullets) if draft_a else ()
        b_bullets = tuple(x for k in section_keys for x in draft_b.section(k).bullets)
        rows.append(Row(key, title, a_bullets, b_bullets))

    a_records = [r for r in records if a and r.source in a.sources and (not a.level or r.level in ("", a.level))]
    needs = _needs(draft_a, draft_b, a_records, advisor.embedder)
    cited = {**(dict(draft_a.records) if draft_a else {}), **draft_b.records}
    return Comparison(a=a_name, b=b.title, a_documented=a is not None, rows=tuple(rows), needs=tuple(needs),
                      links=tuple(links), records=cited)


def _needs(draft_a: Draft | None, draft_b: Draft, a_records: list[Record], embedder: "Embedder") -> list[Need]:
    import numpy as np

    wanted = [(key, b) for key in NEEDS for b in draft_b.section(key).bullets]
    if draft_a is None:
        return [Need(b, None) for _, b in wanted]
    out: list[Need] = []
    semantic = []
    for key, b in wanted:
        if key in ("education", "experience") and not draft_a.section(key).documented:
            out.append(Need(b, None))  # strict topics: A's documents give none of it
        else:
            semantic.append(b)
    # Long prose sentences dilute a match, so A's sentences are also compared clause by clause.
    a_units = list(dict.fromkeys(t for r in a_records for u in units_of(r) for t in (u.text, *_clauses(u.text))))
    if semantic and a_units:
        a_vectors = np.asarray(embedder.embed(a_units), dtype=np.float32)
        queries = [(i, q) for i, b in enumerate(semantic) for q in (_bullet_line(b), *_clauses(b.text)[:1])]
        q_vectors = np.asarray(embedder.embed([q for _, q in queries]), dtype=np.float32)
        best = [0.0] * len(semantic)
        for (i, _), score in zip(queries, (q_vectors @ a_vectors.T).max(axis=1)):
            best[i] = max(best[i], float(score))
        out += [Need(b, round(s, 4)) for b, s in zip(semantic, best) if s < _COVERED]
    elif semantic:
        out += [Need(b, None) for b in semantic]
    order = {b.id: i for i, (_, b) in enumerate(wanted)}
    return sorted(out, key=lambda n: order[n.bullet.id])


def _path_items(draft: Draft, name: str) -> list[Bullet]:
    """Career-path items of a draft that name the given role (exactly, or all but a typo)."""
    from rapidfuzz import fuzz

    wanted = _fuzz_form(name)
    if not wanted:
        return []
    found = []
    for b in draft.section("career_path").bullets:
        bare = _fuzz_form(re.sub(r"\(.*?\)", "", b.text))            # "Chief Technology Officer"
        short = [_fuzz_form(x) for x in re.findall(r"\(([^)]*)\)", b.text)]  # "CTO"
        if fuzz.ratio(_fuzz_form(b.text), wanted) >= 90 or wanted == bare or wanted in short:
            found.append(b)
    return found


def _clauses(text: str) -> list[str]:
    return [p.strip() for p in re.split(r",\s+|;\s+|\s+and\s+|\s+—\s+|:\s+", text) if len(p.split()) >= 3]


def _link_kind(label: str) -> str:
    low = label.lower()
    if "lateral" in low:
        return "lateral"
    if re.search(r"entry|from|feeder|into", low):
        return "entry"
    return "advancement"


# -- renderers -------------------------------------------------------------------------------------
def draft_markdown(draft: Draft) -> str:
    numbers = _section_numbering(draft.bullets, draft.records)
    lines = [f"# {draft.role} — role expectations (draft)", "", f"_{MARKING}_", ""]
    lines += [_intro(draft), ""]
    for s in draft.sections:
        lines += [f"## {s.title}{' (confidential)' if s.confidential else ''}", ""]
        if s.confidential and s.documented:
            lines += [f"> {CONFIDENTIAL}", ""]
        if s.note:
            lines += [f"_{s.note}_", ""]
        if not s.documented:
            if not s.note:
                lines += [f"_{NOT_DOCUMENTED}._", ""]
            continue
        if s.key == "summary":
            lines += [_prose(s.bullets, numbers), ""]
            continue
        lines += [_md_group(group, numbers) for group in _groups(s.bullets)] + [""]
    lines += ["## Sources", ""]
    lines += [f"[{n}] {section} — {source} (updated {updated or 'unknown'})  "
              for n, section, source, updated in _section_sources(numbers, draft.records)]
    return "\n".join(lines).rstrip() + "\n"


def _intro(draft: Draft) -> str:
    where = f"the role documents ({', '.join(draft.sources)}; updated {draft.updated or 'unknown'})"
    intro = f"Drafted from {where}."
    if draft.level:
        intro += f" This is the {draft.level} level of {draft.family}: its own text and the document's shared text."
    if draft.levels:
        intro += f" Levels: {', '.join(draft.levels)} (each shown by its first line; draft a level for all of it)."
    intro += f" Every bullet cites where it comes from; sections marked “{NOT_DOCUMENTED}” are for you to fill in."
    if draft.focus:
        intro += f" Focus: “{draft.focus}”."
    if draft.path == "llm":
        intro += " Wording polished by a chat model and checked against the cited text."
    return intro


def _prose(bullets: Sequence[Bullet], numbers: Mapping[str, int]) -> str:
    """Sentences read as one paragraph, each run from one source cited once at its end."""
    out: list[str] = []
    for i, b in enumerate(bullets):
        out.append(b.text)
        if i + 1 == len(bullets) or numbers[bullets[i + 1].chunk_id] != numbers[b.chunk_id]:
            out[-1] += f" [{numbers[b.chunk_id]}]"
    return " ".join(out)


def draft_json(draft: Draft) -> str:
    return json.dumps(draft.to_dict(), ensure_ascii=False, indent=2)


def draft_docx(draft: Draft) -> bytes:
    """A Word document of the draft: a confidentiality marking in the header and footer of every page, the
    summary as a paragraph, headings per section, bullets with their citation, and one source line per section."""
    import docx
    from docx.shared import Pt

    numbers = _section_numbering(draft.bullets, draft.records)
    doc = docx.Document()
    section = doc.sections[0]
    for part, text in ((section.header, f"{MARKING} — {draft.role}"), (section.footer, CONFIDENTIAL)):
        run = part.paragraphs[0].add_run(text)
        run.bold, run.font.size = part is section.header, Pt(8)
    doc.add_heading(f"{draft.role} — role expectations (draft)", 0)
    doc.add_paragraph(_intro(draft))
    for s in draft.sections:
        doc.add_heading(f"{s.title}{' (confidential)' if s.confidential else ''}", 1)
        if s.confidential and s.documented:
            doc.add_paragraph().add_run(CONFIDENTIAL).bold = True
        if s.note:
            doc.add_paragraph().add_run(s.note).italic = True
        if not s.documented:
            if not s.note:
                doc.add_paragraph().add_run(f"{NOT_DOCUMENTED}.").italic = True
            continue
        if s.key == "summary":
            doc.add_paragraph(_prose(s.bullets, numbers))
            continue
        for group in _groups(s.bullets):
            para = doc.add_paragraph(style="List Bullet")
            if group[0].label:
                para.add_run(f"{group[0].label}: ").bold = True
            para.add_run(f"{'; '.join(b.text for b in group)} [{numbers[group[0].chunk_id]}]")
    doc.add_heading("Sources", 1)
    for n, where, source, updated in _section_sources(numbers, draft.records):
        para = doc.add_paragraph(f"[{n}] {where} — {source} (updated {updated or 'unknown'})")
        para.paragraph_format.space_after = Pt(2)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_draft(draft: Draft, fmt: str) -> str | bytes:
    if fmt == "md":
        return draft_markdown(draft)
    if fmt == "json":
        return draft_json(draft)
    if fmt == "docx":
        return draft_docx(draft)
    raise AdvisorError(f"Unknown format “{fmt}”: use one of {', '.join(FORMATS)}.")


def comparison_markdown(cmp: Comparison) -> str:
    numbers = _numbering(cmp.bullets)
    lines = [f"# {cmp.a} → {cmp.b}: how the roles compare", ""]
    lines += [f"- {link.sentence} [{numbers[link.bullet.chunk_id]}]" for link in cmp.links]
    if cmp.links:
        lines.append("")
    lines += [f"| | {_md_cell(cmp.a)} | {_md_cell(cmp.b)} |", "|---|---|---|"]
    for row in cmp.rows:
        a_cell = _cell(row.a, numbers, "<br>") if cmp.a_documented else "_No role document_"
        lines.append(f"| **{row.title}** | {a_cell} | {_cell(row.b, numbers, '<br>')} |")
    lines += ["", f"## {needs_heading(cmp)}", ""]
    lines += [_md_group(g, numbers) for g in _groups([n.bullet for n in cmp.needs])] or [f"_{_NOTHING_NEEDED}_"]
    lines += ["", "## Sources", ""]
    lines += [f"[{c['n']}] {c['section']} — {c['source']} (chunk {c['chunk_id']})  "
              for c in _citations(numbers, cmp.records)]
    return "\n".join(lines).rstrip() + "\n"


def needs_heading(cmp: Comparison) -> str:
    if not cmp.a_documented:
        return f"What {cmp.b} needs (there is no {cmp.a} document to compare with, so all of it is listed)"
    return f"What {cmp.b} needs that {cmp.a}'s documents don't mention"


def comparison_json(cmp: Comparison) -> str:
    return json.dumps(cmp.to_dict(), ensure_ascii=False, indent=2)


def comparison_renderables(cmp: Comparison) -> list[Any]:
    """What the terminal shows: links, the side-by-side rich table, the needs and the sources."""
    from rich.table import Table
    from rich.text import Text

    numbers = _numbering(cmp.bullets)
    out: list[Any] = []
    out += [Text(f"{link.sentence} [{numbers[link.bullet.chunk_id]}]") for link in cmp.links]
    table = Table(title=f"{cmp.a} → {cmp.b}", show_lines=True)
    table.add_column("", style="bold", no_wrap=True)
    table.add_column(cmp.a, min_width=min(len(cmp.a), 36), ratio=1)
    table.add_column(cmp.b, min_width=min(len(cmp.b), 36), ratio=1)
    for row in cmp.rows:
        a_cell = _cell(row.a, numbers, "\n", md=False) if cmp.a_documented else "No role document"
        table.add_row(row.title, Text(a_cell), Text(_cell(row.b, numbers, "\n", md=False)))
    out.append(table)
    out.append(Text(f"{needs_heading(cmp)}:", style="bold"))
    out += [Text(_md_group(g, numbers).replace("**", "")) for g in _groups([n.bullet for n in cmp.needs])] or \
        [Text(_NOTHING_NEEDED)]
    out += [Text(f"[{c['n']}] {c['section']} ({c['source']})", style="dim") for c in _citations(numbers, cmp.records)]
    return out


# -- small pieces ----------------------------------------------------------------------------------
def _numbering(bullets: Iterable[Bullet]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for b in bullets:
        numbers.setdefault(b.chunk_id, len(numbers) + 1)
    return numbers


def _section_numbering(bullets: Iterable[Bullet], records: Mapping[str, Record]) -> dict[str, int]:
    """For people: one citation number per section of a document (a long list cut into chunks is one source)."""
    by_place: dict[tuple[str, str], int] = {}
    numbers: dict[str, int] = {}
    for b in bullets:
        record = records[b.chunk_id]
        numbers[b.chunk_id] = by_place.setdefault((record.source, record.section), len(by_place) + 1)
    return numbers


def _section_sources(numbers: Mapping[str, int],
                     records: Mapping[str, Record]) -> list[tuple[int, str, str, str]]:
    out: dict[int, tuple[int, str, str, str]] = {}
    for cid, n in numbers.items():
        out.setdefault(n, (n, _short_path(records[cid].section), records[cid].source, records[cid].updated))
    return [out[n] for n in sorted(out)]


def _short_path(section: str) -> str:
    """A deep heading path as a person cites it: the role, then the two headings nearest the text."""
    parts = section.split(SECTION_SEPARATOR)
    return section if len(parts) <= 4 else SECTION_SEPARATOR.join([parts[0], "…", *parts[-2:]])


def _citations(numbers: Mapping[str, int], records: Mapping[str, Record]) -> list[dict[str, Any]]:
    return [{"n": n, "chunk_id": cid, "role": records[cid].role, "section": records[cid].section,
             "source": records[cid].source, "updated": records[cid].updated, "text": records[cid].text}
            for cid, n in numbers.items()]


def _bullet_dict(b: Bullet, numbers: Mapping[str, int]) -> dict[str, Any]:
    d: dict[str, Any] = {"id": b.id, "text": b.text, "quote": b.quote, "label": b.label, "cite": numbers[b.chunk_id],
                         "chunk_id": b.chunk_id, "section": b.section, "source": b.source, "updated": b.updated}
    if b.relevance is not None:
        d["relevance"] = b.relevance
    return d


def _section_dict(s: Section, numbers: Mapping[str, int]) -> dict[str, Any]:
    return {"key": s.key, "title": s.title, "confidential": s.confidential, "documented": s.documented,
            "note": s.note or ("" if s.documented else NOT_DOCUMENTED),
            "bullets": [_bullet_dict(b, numbers) for b in s.bullets]}


def _bullet_line(b: Bullet) -> str:
    return f"{b.label}: {b.text}" if b.label else b.text


def _groups(bullets: Sequence[Bullet]) -> list[list[Bullet]]:
    """Consecutive labelled bullets of one chunk ("Advancement To": three roles) render as one line."""
    groups: list[list[Bullet]] = []
    for b in bullets:
        last = groups[-1][-1] if groups else None
        if last and b.label and last.label == b.label and last.chunk_id == b.chunk_id:
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def _md_group(group: list[Bullet], numbers: Mapping[str, int]) -> str:
    label = f"**{group[0].label}:** " if group[0].label else ""
    return f"- {label}{'; '.join(b.text for b in group)} [{numbers[group[0].chunk_id]}]"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cell(bullets: Sequence[Bullet], numbers: Mapping[str, int], sep: str, md: bool = True) -> str:
    if not bullets:
        return f"_{NOT_DOCUMENTED}_" if md else NOT_DOCUMENTED
    groups = _groups(bullets)
    shown = []
    for group in groups[:_CELL_ITEMS]:
        text = "; ".join(b.text for b in group)
        text = f"{group[0].label}: {text}" if group[0].label else text
        text = text if len(text) <= _CELL_CHARS else text[:_CELL_CHARS - 1].rstrip() + "…"
        shown.append(f"• {_md_cell(text) if md else text} [{numbers[group[0].chunk_id]}]")
    if len(groups) > _CELL_ITEMS:
        shown.append(f"(+{len(groups) - _CELL_ITEMS} more in the draft)")
    return sep.join(shown)


def _prompt_sources(bullets: Sequence[Bullet], records: Mapping[str, Record]) -> str:
    blocks = []
    for cid in dict.fromkeys(b.chunk_id for b in bullets):
        record = records[cid]
        blocks.append(f"Source {cid[:8]} ({record.section}):\n{fence(record.text)}")
    return "\n\n".join(blocks)


def _prompt_bullets(bullets: Sequence[Bullet]) -> str:
    return "\n".join(f"{b.id} (source {b.chunk_id[:8]}): {b.text}" for b in bullets)


def _parse_polish(reply: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in reply.splitlines():
        match = _POLISH_LINE.match(line)
        if match:
            text = _CITATION_MARK.sub("", match.group(2)).strip().strip("`").strip()
            if text:
                out.setdefault(match.group(1), text)
    return out


def _reply_text(reply: Any) -> str:
    content = getattr(reply, "content", reply)
    if isinstance(content, list):  # some providers return content blocks
        return "\n".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
    return str(content)


def _role_key(name: str) -> str:
    words = re.sub(r"[^\w&+#]+", " ", name.lower().replace("’", "'").replace("'s", "")).split()
    words = [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return " ".join(w for w in words if w not in _ROLE_WORD_STOP)


def _fuzz_form(name: str) -> str:
    return " ".join(w for w in re.sub(r"[^\w&+#]+", " ", name.lower()).split() if w not in _ROLE_WORD_STOP)


def slug(title: str) -> str:
    """A file-name form of a role title: 'Tech Director' → 'tech-director'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "role"
