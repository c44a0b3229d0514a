"""Read role documents of any supported format as a person would, and cut them into section-aware chunks.

Every format becomes one normalised sequence of blocks (headings, paragraphs, list items, table rows with their
header, `Label: value` fields), with no markup left in their text: Markdown and plain text through markdown-it,
HTML through a real parser, Word files through mammoth (to HTML), PDFs through pypdf with headings from the fonts.
Everything after this module reads only blocks and chunks, never a format's quirks.

The document's own title comes from its front matter, a `Job Title:` line, its page title or H1, or its first
heading that reads as a job title; the file name only as a last resort. Levels a document describes (a ladder's
headings, a table with a Level/Grade/Title column, several job titles side by side) become roles of their own.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from advisor import parsing
from advisor.errors import DocumentError
from advisor.parsing import Block
from advisor.text import SENTENCE_END
from advisor.topics import chunk_topics
from advisor.titles import (
    GRADE_LABELS,
    LEVEL_CODE,
    ROMAN,
    TITLE_LABELS,
    acronyms,
    clean_title,
    is_sentence,
    level_codes,
    name_variants,
    practitioner_names,
    reads_as_job_title,
    same_level,
    words as title_words,
)

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")
SECTION_SEPARATOR = " › "
_LEVEL_COLUMN = re.compile(r"^(?:current\s+)?(?:level|grade|band|title|job\s*title|role|position|step|rank|"
                           r"class(?:ification)?|seniority|career\s+level|job\s+level)s?$", re.I)
_TITLE_COLUMN = re.compile(r"^(?:job\s*|role\s*|position\s*)?(?:title|name)s?$|^(?:role|position)s?$", re.I)
_CODE_COLUMN = re.compile(r"^(?:(?:level|job|grade|pay|band)\s*)?(?:code|grade|band|level|step)s?$", re.I)
# Names that say nothing about the document at all: never a title, even for a page about several roles.
_PLACEHOLDERS = r"introduction|overview|summary|home|index|untitled|document\d*"
_PLACEHOLDER_TITLES = re.compile(rf"^(?:{_PLACEHOLDERS})$", re.I)
# Names of a page rather than of a role: not a role's title, though a page about several roles may keep one.
_GENERIC_TITLES = re.compile(rf"^(?:{_PLACEHOLDERS}|about(?: us| the role| the job)?|(?:available|open) positions|"
                             r"(?:careers?|job|employment|current) (?:opportunities|openings|vacancies)|"
                             r"opportunities|openings|join (?:us|our team)|work with us|we(?:'re| are) hiring|"
                             r"careers?|jobs?|vacancies|compensation|benefits)$", re.I)


@dataclass(frozen=True)
class Level:
    """A level (or a title) a document describes, in ladder order."""

    name: str
    rank: int
    aliases: tuple[str, ...] = ()
    title: str = ""  # the job title a Level/Grade table gives this level, when it has a Title column


@dataclass(frozen=True)
class RoleDocument:
    """A role document after loading: its title, organisation hints and normalised blocks."""

    source: str
    title: str
    body: str
    aliases: tuple[str, ...] = ()
    family: str = ""
    updated: str = ""
    content_hash: str = ""
    org: str = ""
    blocks: tuple[Block, ...] = ()
    levels: tuple[Level, ...] = ()


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    role: str
    section: str
    source: str
    position: int
    kind: str  # paragraph | list | table | fields
    topics: tuple[str, ...] = ()
    level: str = ""
    level_rank: int = -1

    @property
    def embedding_text(self) -> str:
        return embedding_text(self.section, self.text)


def embedding_text(section: str, text: str) -> str:
    """What the vector and BM25 sides see, at ingest and at search alike: the section path gives a bare
    list item its meaning."""
    return f"{section}\n{text}"


def discover(paths: list[Path]) -> tuple[list[Path], list[DocumentError]]:
    """Supported files under the given files or folders, in a stable order, and the ones refused:
    a file reached through a folder but resolving outside it (a symlink out) is never read."""
    found: list[Path] = []
    refused: list[DocumentError] = []
    for path in paths:
        if not path.exists():
            raise DocumentError(str(path), "no such file or folder")
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.rglob("*")):
                if not p.is_file() or p.suffix.lower() not in SUPPORTED_SUFFIXES \
                        or any(part.startswith(".") for part in p.relative_to(path).parts):
                    continue
                if not p.resolve().is_relative_to(root):
                    refused.append(DocumentError(f"{path.name}/{p.relative_to(path).as_posix()}",
                                                 "links outside the folder being ingested; not read"))
                    continue
                found.append(p)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
        else:
            raise DocumentError(str(path), f"unsupported file type; use one of {', '.join(SUPPORTED_SUFFIXES)}")
    return sorted(dict.fromkeys(p.resolve() for p in found)), refused


def load_document(path: Path, source: str, max_bytes: int,
                  max_seconds: float = parsing.MAX_SECONDS) -> RoleDocument:
    """Read one file into a RoleDocument, or raise DocumentError saying what is wrong with it."""
    try:
        with path.open("rb") as handle:  # never more than the limit, whatever the file claims or grows to
            raw = handle.read(max_bytes + 1)
            size = max(len(raw), os.fstat(handle.fileno()).st_size)
    except OSError as exc:
        raise DocumentError(source, f"cannot be read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise DocumentError(source, f"is {size:,} bytes, over the {max_bytes:,}-byte limit (ADVISOR_MAX_FILE_BYTES)")
    if not raw.strip():
        raise DocumentError(source, "is empty")
    parsed = parsing.parse(raw, path.suffix.lower(), source, max_seconds)
    blocks = parsed.blocks
    if not any(re.search(r"\w", b.text + " ".join(b.cells)) for b in blocks if b.kind != "heading"):
        raise DocumentError(source, "has no text")
    meta = parsed.meta
    levels = _levels(blocks)
    level_titles = {lv.name.casefold() for lv in levels if reads_as_job_title(lv.name)}
    title, titled_by = _title(meta, parsed.page_title, blocks, path, level_titles)
    title, employer = _employer_split(title, path)
    aliases = meta.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(",")]
    if not isinstance(aliases, list):
        raise DocumentError(source, "front matter 'aliases' must be a list of names")
    codes = _grade_codes(blocks)
    all_aliases = {*(str(a).strip()[:120] for a in aliases if str(a).strip()), *name_variants(title), *codes,
                   *level_codes(title), *practitioner_names(title)}
    all_aliases.discard(title)
    org = str(meta.get("org") or meta.get("organisation") or meta.get("organization") or meta.get("company")
              or employer)
    return RoleDocument(
        source=source,
        title=title,
        body="\n".join(b.text for b in blocks),
        aliases=tuple(sorted(all_aliases)),
        family=str(meta.get("family") or ""),
        updated=str(meta.get("updated") or meta.get("date") or meta.get("last_reviewed_at") or "")[:40],
        content_hash=hashlib.sha256(raw).hexdigest(),
        org=_org(_joined(org, _file_words(path, title, all_aliases, titled_by)), blocks, {title, *all_aliases}),
        blocks=tuple(blocks),
        levels=levels,
    )


# A proper name in running text: capitalised words, maybe joined by "of", "for", "and" (with "the"): "Department
# for Education", "Royal Borough of Greenwich", "Ontario Digital Service".
_PROPER_NAME = re.compile(r"\b[A-Z][\w&’'-]*(?:\s+(?:(?:of|for|and|&)(?:\s+the)?\s+)?[A-Z][\w&’'-]*){1,4}")


def _org(known: str, blocks: list[Block], names: set[str]) -> str:
    """The organisation's words (front matter, file name), then, after " | ", the names the document itself uses
    for it: the two proper names said most often that holds one of those words or is spelt by one as an acronym
    ("dfe" → "Department for Education", "ontario" → "Ontario Digital Service")."""
    known = known.strip()
    own = {w.lower() for n in names for w in re.findall(r"\w+", n)}
    keys = {w.lower() for w in re.findall(r"\w+", known) if len(w) >= 2 and w.lower() not in own}
    counts: Counter[str] = Counter()
    for block in blocks[:400]:
        for match in _PROPER_NAME.finditer(block.text[:5000]):
            name = re.sub(r"^(?:The|A|An)\s+|['’]s?$", "", match.group(0)).strip()
            words = re.findall(r"[\w&]+", name)
            capital = [w for w in words if w[0].isupper()]
            if len(words) < 2 or sum(w.lower() in own for w in capital) * 2 >= len(capital):
                continue  # one word, or the role's own title ("Senior Content Designer")
            if keys & ({w.lower() for w in words} | acronyms(name)):
                counts[name] += 1
    named = [n for n, _ in counts.most_common(2)]  # the first seen wins a tie
    return " | ".join([known, *named])[:200]


def _employer_split(title: str, path: Path) -> tuple[str, str]:
    """A title naming its employer after the job ("Adult Reference Librarian - New Rochelle Public Library",
    "Data Analyst | Acme Labs", "Designer at Acme"), where the file is named for that employer too: the job, and
    the employer (else the title, and "")."""
    stem = {w.lower() for w in re.findall(r"[A-Za-z0-9]+", path.stem)}
    for sep in (" - ", " – ", " — ", " | ", " at ", " @ "):
        if sep not in title:
            continue
        job, employer = (part.strip() for part in title.rsplit(sep, 1))
        named = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", employer) if w.lower() not in _JOINING]
        if named and set(named) <= stem and reads_as_job_title(job) and not reads_as_job_title(employer):
            return job, employer
    return title, ""


_JOINING = frozenset("of for the and".split())


def _joined(named: str, file_words: str) -> str:
    """The organisation named in front matter, then the file name's words that it does not already say."""
    said = {w.lower() for w in re.findall(r"\w+", named)}
    left = [w for w in file_words.split() if w.lower() not in said]
    return " ".join([named, *left]).strip()


def _file_words(path: Path, title: str, aliases: set[str], titled_by: str) -> str:
    """The file name's words that may name the organisation: those not already in the role's own names (unless
    the title came from the file name, when nothing else says which organisation it is)."""
    stem = re.sub(r"[-_.]+", " ", path.stem)
    if titled_by == "file name":  # less what kind of page it is ("job advert")
        return clean_title(stem) or stem
    words = stem.split()
    own = {w.lower() for n in (title, *aliases) for w in re.findall(r"\w+", n)}
    own |= {re.sub(r"[-'’]", "", w).lower() for n in (title, *aliases) for w in re.findall(r"\w+(?:[-'’]\w+)+", n)}
    left = " ".join(w for w in words if w.lower() not in own)  # "coop" of a "Co-op" title is the title's too
    if not left and not reads_as_job_title(title) and words and not _GENERIC_TITLES.match(words[0]):
        return words[0]  # a page named for its organisation first ("Zulip jobs")
    return left


def chunk_document(doc: RoleDocument, target_chars: int = 500) -> list[Chunk]:
    """Cut a document into chunks that each carry role, section path, level, source and position.

    A chunk holds blocks of one kind under one heading: a list with its lead-in line, a run of table rows with
    their header, a run of fields, or a paragraph. A level's rows and sections are never mixed with another's.
    """
    chunks: list[Chunk] = []
    seen: set[str] = set()
    level_by_name = {lv.name: lv for lv in doc.levels}
    for group in _groups(doc, level_by_name):
        path, kind, level, texts = group
        for text in _pack(kind, texts, target_chars):
            chunk_id = hashlib.sha256(f"{doc.source}\n{path}\n{level}\n{text}".encode()).hexdigest()[:24]
            if chunk_id in seen:
                continue
            seen.add(chunk_id)
            lv = level_by_name.get(level)
            chunks.append(Chunk(id=chunk_id, text=text, role=doc.title, section=path, source=doc.source,
                                position=len(chunks), kind=kind, topics=chunk_topics(path.split(" › ")[1:], text),
                                level=level, level_rank=lv.rank if lv else -1))
    if not chunks:
        raise DocumentError(doc.source, "has no text that could be chunked")
    return chunks


# -- title and levels ----------------------------------------------------------------------------------------------

def _title(meta: dict, page_title: str, blocks: list[Block], path: Path, level_titles: set[str]) -> tuple[str, str]:
    """The role's own title, in order of trust; the first candidate that reads as a job title wins. A document
    whose levels are jobs of their own (level_titles: "OSPO Engineer I", "Senior OSPO Engineer") is named for
    them all, never for its first level."""
    multi_role = len(level_titles) >= 2
    candidates: list[tuple[str, str]] = []
    if meta.get("title"):
        candidates.append((str(meta["title"]), "front matter"))
    for b in blocks[:60]:
        if b.kind == "field":
            m = TITLE_LABELS.match(b.text)
            if m:
                candidates.append((m.group(1), "title line"))
    if page_title:
        candidates.append((page_title, "page title"))
    headings = [b for b in blocks if b.kind == "heading"]
    h1 = [b for b in headings if b.depth == 1 and not b.pseudo]  # not a line that only looks like a heading
    if h1:
        candidates.append((h1[0].text, "h1"))
    strong = len(candidates)
    opening = [b for b in blocks[:3] if b.kind in ("field", "paragraph") and len(b.text.split()) <= 12]
    candidates.extend((b.text, "first line") for b in opening)
    candidates.extend((b.text, "heading") for b in headings[:12] if len(b.text.split()) <= 6)
    if not multi_role:
        for text, how in candidates:
            title = clean_title(str(text))[:120]
            if title and reads_as_job_title(title) and not _GENERIC_TITLES.match(title):
                # a title line saying the same title and more ("State Title: Program Supervisor VII" under a page
                # titled "Program Supervisor") is the more exact name
                lines = [clean_title(str(t))[:120] for t, h in candidates if h == "title line"]
                fuller = next((line for line in lines if title.casefold() in line.casefold()
                               and line.casefold() != title.casefold() and reads_as_job_title(line)), None)
                return (fuller, "title line") if fuller else (title, how)
    # no candidate reads as a job title: a document about several roles or a framework keeps its own name (not one
    # of its levels')
    own = [c for c in candidates[:strong] if clean_title(str(c[0])).casefold() not in level_titles]
    named = _own_name(own, _GENERIC_TITLES)
    if named:
        return named
    if multi_role:
        job_headings = [b.text for b in headings if reads_as_job_title(b.text)]
        shared = _shared_job_words(job_headings)
        if shared:
            return shared, "level titles"  # "Research Assistant" and "Software Developer / Research Assistant"
        named = _own_name(own, _PLACEHOLDER_TITLES)  # a page about several roles: its page title
        if named and not _GENERIC_TITLES.match(named[0]):
            return named
        for text, how in candidates[strong:]:  # or its opening line naming the series ("Analyst I/II/III")
            title = clean_title(str(text))[:120]
            if how == "first line" and reads_as_job_title(title) and not _GENERIC_TITLES.match(title):
                return title, how
        shared = _shared_job_words(job_headings, numbers_aside=True)
        if shared:
            return shared, "level titles"  # "OSPO Engineer I", "Senior OSPO Engineer"
        if named:
            return named  # "Available Positions": a page of several roles with no words in common
    stem = re.sub(r"[-_]+", " ", path.stem).strip()
    for text, how in candidates:  # the file's name as the document itself writes it ("Park Ranger I/II")
        if how in ("first line", "h1", "page title") and title_words(clean_title(str(text))) == title_words(stem):
            return clean_title(str(text))[:120], how
    return (clean_title(stem) or stem).title()[:120], "file name"


def _own_name(candidates: list[tuple[str, str]], refused: re.Pattern[str]) -> tuple[str, str] | None:
    """The first candidate that names the document (not a sentence, not a refused word), with how it was found."""
    for text, how in candidates:
        title = clean_title(str(text))[:120]
        if len(title.split()) > 9:  # "Tenure Track Position in Quantum Software and Technology at QuSoft"
            title = re.sub(r"\s+at\s+(?:the\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*$", "", title)
        if title and not refused.match(title) and len(title.split()) <= 9 and not is_sentence(title):
            return title, how
    return None


def _shared_job_words(titles: list[str], numbers_aside: bool = False) -> str:
    """The words every one of several job titles ends with (with numbers_aside, their level numbers aside: "OSPO
    Engineer I", "Senior OSPO Engineer" → "OSPO Engineer"), when they read as a job title themselves."""
    if len(titles) < 2:
        return ""
    split = [re.findall(r"[\w'+-]+", t) for t in titles]
    if numbers_aside:
        split = [w[:-1] if len(w) > 1 and (w[-1].lower() in ROMAN or w[-1].isdigit()) else w for w in split]
    shared: list[str] = []
    for words in zip(*(reversed(w) for w in split)):
        if len({w.lower() for w in words}) != 1:
            break
        shared.insert(0, words[0])
    name = " ".join(shared)
    return name if shared and reads_as_job_title(name) else ""


def _grade_codes(blocks: list[Block]) -> set[str]:
    """Grades or bands the document gives for its role ("Grade: PO4", "PAYBAND: Band A", a lone "G7" line)."""
    codes: set[str] = set()
    for b in blocks[:80]:
        if b.kind == "field":
            m = GRADE_LABELS.match(b.text)
            if m:
                codes.update(level_codes(m.group(1)))
        elif b.kind in ("paragraph", "heading") and len(b.text) <= 12:
            found = level_codes(b.text)
            if found and found[0] == b.text.strip():
                codes.add(found[0])
    return codes


def _levels(blocks: list[Block]) -> tuple[Level, ...]:
    """Levels or titles a document describes side by side: headings that name levels or job titles at one depth,
    or the rows of a table whose first column is a Level, Grade or Title."""
    names: list[str] = []
    by_depth: dict[int, list[str]] = {}
    for b in blocks:
        if b.kind == "heading" and b.depth >= 1 and _names_level(b.text):
            by_depth.setdefault(b.depth, []).append(b.text)
    for depth in sorted(by_depth):
        if len(by_depth[depth]) >= 2:
            names = by_depth[depth]
            break
    titles: dict[str, str] = {}
    codes: dict[str, set[str]] = {}
    headed = list(names)
    for b in blocks:
        if b.kind == "row" and b.header and _LEVEL_COLUMN.match(b.header[0].strip()) and b.cells and b.cells[0].strip():
            cell = _same_level_as(b.cells[0].strip(), headed)  # a pay table's row for a level a section describes
            if len(cell) <= 60 and cell not in names and not re.fullmatch(r"[-–—.]*", cell):
                names.append(cell)
            for head, value in zip(b.header[1:], b.cells[1:]):
                value = value.strip()
                if _TITLE_COLUMN.match(head.strip()) and value and value != cell and reads_as_job_title(value):
                    titles.setdefault(cell, value)
                elif _CODE_COLUMN.match(head.strip()) and value and len(value) <= 12 and level_codes(value):
                    codes.setdefault(cell, set()).update({value, *level_codes(value)})
    out = []
    for rank, name in enumerate(dict.fromkeys(names)):
        title = titles.get(name, "")
        parts = _LEVEL_PARTS.split(name)
        if level_codes(name):  # "P3 Senior Budget Analyst": the title beside the code
            parts.append(re.sub(r"\(\s*\)", "", LEVEL_CODE.sub(" ", name, count=1)))
        titled = [p.strip() for p in parts if p.strip() != name and reads_as_job_title(p)]
        aliases = {*name_variants(name), *level_codes(name), *((title, *name_variants(title)) if title else ()),
                   *codes.get(name, ()), *(v for p in titled for v in name_variants(p))}
        aliases.discard(name)
        out.append(Level(name=name, rank=rank, aliases=tuple(sorted(aliases)), title=title))
    return tuple(out)


def _same_level_as(cell: str, names: list[str]) -> str:
    """The section name of the level a table cell gives ("P2" in a pay table, "P2 Budget Analyst" a heading)."""
    cell_codes = level_codes(cell)
    if cell_codes:
        for name in names:
            if any(same_level(a, b) or a.lower() == b.lower() for a in cell_codes for b in level_codes(name)):
                return name
    return cell


_LEVEL_PARTS = re.compile(r":|\s[-–—]\s|[()]")  # "Level 3: Senior Designer", "IC4 – Staff Engineer", "Band B (Analyst)"


def _names_level(heading: str) -> bool:
    text = heading.strip()
    if len(text) > 80:
        return False
    codes = level_codes(text)
    if codes and len(text.split()) <= 4:
        return True
    if codes and any(reads_as_job_title(part) for part in _LEVEL_PARTS.split(text)):
        return True  # a level code beside the title it gives
    return reads_as_job_title(text)


# -- chunking ------------------------------------------------------------------------------------------------------

_KIND = {"paragraph": "paragraph", "item": "list", "row": "table", "field": "fields"}


def _groups(doc: RoleDocument, levels: dict[str, Level]) -> list[tuple[str, str, str, list[str]]]:
    """Consecutive blocks of one kind under one heading path and level, as (path, kind, level, texts)."""
    groups: list[tuple[str, str, str, list[str]]] = []
    stack: list[tuple[int, str]] = []
    section_level = ""
    level_depth = 99
    level_pseudo = False
    names = list(levels)
    lead_in = ""
    for i, b in enumerate(doc.blocks):
        if b.kind == "heading":
            if b.pseudo and b.depth == level_depth and level_pseudo and b.text not in levels \
                    and not reads_as_job_title(b.text):
                # an inferred heading ranked beside the inferred heading of a level ("SYSTEMS ANALYST II", then
                # "MAJOR DUTIES" in the same capitals) is a section of that level: styles cannot tell them apart
                b = Block("heading", b.text, depth=level_depth + 1, pseudo=True)
            while stack and stack[-1][0] >= b.depth:
                stack.pop()
            if b.depth <= level_depth:
                section_level, level_depth = "", 99
            if b.text in levels:
                section_level, level_depth, level_pseudo = b.text, b.depth, b.pseudo
            if not (b.depth == 1 and not stack and _same_name(b.text, doc.title)):
                stack.append((b.depth, b.text))
            lead_in = ""
            continue
        path = SECTION_SEPARATOR.join([doc.title, *(h for _, h in stack)])
        kind = _KIND[b.kind]
        level = section_level
        if b.kind == "row" and b.header and _LEVEL_COLUMN.match(b.header[0].strip()) and b.cells:
            row_level = _same_level_as(b.cells[0].strip(), names)
            level = row_level if row_level in levels else level
        text = _render(b)
        nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
        if b.kind == "paragraph" and text.rstrip().endswith(":") and nxt is not None and nxt.kind == "item":
            lead_in = text  # a lead-in line stays with the list it introduces
            continue
        if lead_in and b.kind == "item":
            text = f"{lead_in}\n{text}"
            lead_in = ""
            groups.append((path, kind, level, [text]))
            continue
        lead_in = ""
        last = groups[-1] if groups else None
        same_table = b.kind != "row" or (last is not None and last[3] and last[3][0].split("\n", 1)[0] == _render_header(b))
        if last and last[0] == path and last[1] == kind and last[2] == level and kind != "paragraph" and same_table \
                and not (b.kind == "row" and level):
            last[3].append(text)
        else:
            groups.append((path, kind, level, [text]))
    return groups


def _render(b: Block) -> str:
    if b.kind == "item":
        return "  " * max(0, b.depth - 1) + f"- {b.text}"
    if b.kind == "row":
        header = _render_header(b)
        row = "| " + " | ".join(b.cells) + " |"
        return f"{header}\n{row}" if header else row
    return b.text


def _render_header(b: Block) -> str:
    return "| " + " | ".join(b.header) + " |" if b.header else ""


def _pack(kind: str, texts: list[str], target: int) -> list[str]:
    """Join a group's blocks into chunks of about `target` characters; a table chunk repeats its header once."""
    if kind == "paragraph":
        out: list[str] = []
        for text in texts:
            out.extend(_split_long(text, target))
        return out
    chunks: list[str] = []
    current: list[str] = []
    header = ""
    for text in texts:
        if kind == "table":
            head, _, row = text.partition("\n")
            if not row:
                head, row = "", head
            if current and len("\n".join(current)) + len(row) > target:
                chunks.append("\n".join(current))
                current = []
            if not current and head:
                current.append(head)
            header = head or header
            current.append(row)
            continue
        if current and len("\n".join(current)) + len(text) + 1 > target:
            chunks.append("\n".join(current))
            current = []
        current.append(text)
    if current:
        chunks.append("\n".join(current))
    return chunks


_SENTENCE_END = re.compile(SENTENCE_END + r"(?=[A-Z0-9“\"(])")


def _split_long(text: str, target: int) -> list[str]:
    """A long paragraph in pieces of whole sentences; a piece opens with the short sentence that closed the one
    before it, so two sentences read together ("… is 2 May. Please quote ref DC07/002") are in one piece."""
    if len(text) <= target:
        return [text]
    pieces, current, last = [], "", ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + len(sentence) + 1 > target:
            pieces.append(current)
            current = f"{last} {sentence}" if last != current and len(last) <= target // 3 else sentence
        else:
            current = f"{current} {sentence}".strip()
        last = sentence
    if current:
        pieces.append(current)
    return pieces


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", clean_title(a)).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()



__all__ = ["Chunk", "Level", "RoleDocument", "SECTION_SEPARATOR", "SUPPORTED_SUFFIXES", "chunk_document",
           "discover", "embedding_text", "load_document"]
