"""Every supported format, parsed with limits, into one sequence of blocks with no markup left in their text.

Markdown and plain text go through markdown-it (links keep their words, emphasis and quote markers go, inline HTML
tables are parsed as HTML); HTML through BeautifulSoup; Word files through mammoth to HTML; PDFs through pypdf,
with headings from bold or larger fonts and bullets from their glyphs.

Documents are untrusted. Front matter is read without YAML aliases and with a depth limit; a Word file's XML parts
are stream-checked with lxml (no DTD or entities, bounded unpacked bytes, elements and paragraphs) before mammoth
reads them; HTML element counts, text lines, PDF pages, unpacked page content and extracted characters are
bounded; and each file has a time limit. Any failure is a DocumentError for that one file, in one line.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import io
import re
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html import unescape as html_unescape

from advisor.errors import DocumentError

# Limits far above any real role document (a long one has a few hundred paragraphs and a few thousand XML
# elements) and low enough that a hostile file is refused in well under a second.
MAX_SECONDS = 15.0                 # per file; ADVISOR_MAX_FILE_SECONDS
MAX_FRONT_MATTER = 16_000          # characters
MAX_FRONT_MATTER_DEPTH = 16        # nested lists or mappings
MAX_TEXT_LINES = 20_000            # Markdown and plain text
MAX_BLOCKS = 5_000                 # paragraphs, list items, rows and fields after parsing
MAX_HTML_CHARS = 8_000_000
MAX_HTML_ELEMENTS = 50_000
MAX_DOCX_UNZIPPED = 40_000_000     # bytes the whole archive claims to unpack to
MAX_DOCX_XML_BYTES = 16_000_000    # bytes of XML actually unpacked and read
MAX_DOCX_ELEMENTS = 100_000
MAX_PDF_PAGES = 300
MAX_PDF_PAGE_CONTENT = 4_000_000   # unpacked content-stream bytes of one page
MAX_PDF_CHARS = 2_000_000          # extracted characters

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)

_FIELD = re.compile(r"^[A-Z][\w /&'’().,-]{0,48}?\s*:\s+\S")
_BULLET = re.compile(r"^\s*(?:[-*+•●▪◦\u2022\u25aa\u25cf\uf0b7\x7f]|\d{1,2}[.)])\s+")
_AMOUNT = re.compile(r"[$€£¥]\s?\d|\d\s?(?:USD|EUR|GBP|CAD|AUD)\b")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | item | row | field
    text: str
    depth: int = 0
    header: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    pseudo: bool = False  # a heading inferred from a bold or label line, not marked up as one


@dataclass
class Parsed:
    blocks: list[Block]
    meta: dict = field(default_factory=dict)
    page_title: str = ""


def parse(raw: bytes, suffix: str, source: str, max_seconds: float = MAX_SECONDS) -> Parsed:
    """One file's blocks, or a DocumentError saying in one line why the file cannot be read."""
    token = _deadline.set(time.monotonic() + max_seconds)
    try:
        with _time_limit(max_seconds):
            return _parse(raw, suffix, source)
    except _OutOfTime:
        raise DocumentError(source, f"took over {max_seconds:g} s to read and was stopped; split it into smaller "
                                    "files (ADVISOR_MAX_FILE_SECONDS)") from None
    finally:
        _deadline.reset(token)


def _parse(raw: bytes, suffix: str, source: str) -> Parsed:
    try:
        if suffix == ".pdf":
            parsed = Parsed(_pdf_blocks(raw, source))
        elif suffix == ".docx":
            blocks, markdown = _docx_blocks(raw, source)
            if markdown is None:
                parsed = Parsed(blocks)
            else:  # a Word file holding Markdown source, a line a paragraph: read as the Markdown it is
                meta, body = _front_matter(markdown, source)
                parsed = Parsed(_meta_fields(meta, source) + _markdown_blocks(body, source), meta)
        else:
            text = _decode_text(raw, source)
            meta, body = _front_matter(text, source)
            if suffix in (".html", ".htm"):
                blocks, page_title = _html_blocks(body, source)
                parsed = Parsed(_meta_fields(meta, source) + blocks, meta, page_title)
            else:
                lines = body.count("\n") + 1
                if lines > MAX_TEXT_LINES:
                    raise DocumentError(source, f"has {lines:,} lines, over the {MAX_TEXT_LINES:,}-line limit; "
                                                "split it into smaller files")
                body_blocks = _markdown_blocks(body, source, plain=suffix == ".txt")
                parsed = Parsed(_meta_fields(meta, source) + body_blocks, meta)
    except (DocumentError, _OutOfTime):
        raise
    except RecursionError:
        raise DocumentError(source, "is nested too deeply to read") from None
    except MemoryError:
        raise DocumentError(source, "is too large to read") from None
    except Exception as exc:  # a parser library's own error on a malformed file
        raise DocumentError(source, f"could not be parsed ({type(exc).__name__}: {_first_line(exc)})") from None
    if len(parsed.blocks) > MAX_BLOCKS:
        raise DocumentError(source, f"has over {MAX_BLOCKS:,} paragraphs, list items or rows; split it into smaller files")
    parsed.blocks = _tidy(parsed.blocks)
    return parsed


class _OutOfTime(BaseException):
    """Raised into a parser when a file's time is up: a BaseException, so no library's `except Exception`
    swallows it."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt whatever parser runs (pure-Python parsers all, C ones between calls) after `seconds`: a timer
    signal in the main thread when no other timer is running; elsewhere the checks in our own loops only."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    if not usable:
        yield
        return

    def out_of_time(signum, frame):  # type: ignore[no-untyped-def]
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, out_of_time)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def _check_time() -> None:
    """The same limit, checked in our own loops (the only check when parsing outside the main thread)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise _OutOfTime


# -- text and front matter -----------------------------------------------------------------------------------------

def _decode_text(raw: bytes, source: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and _utf16_text(raw):
        raise DocumentError(source, "is UTF-16 text; re-save it as UTF-8")
    if b"\x00" in raw:
        raise DocumentError(source, "looks binary (contains NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, f"is not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8") from None


def _utf16_text(raw: bytes) -> bool:
    try:
        return "\x00" not in raw.decode("utf-16")
    except UnicodeDecodeError:
        return False


def _front_matter(text: str, source: str) -> tuple[dict, str]:
    """YAML front matter between `---` lines, TOML between `+++` lines (Hugo's), or a metadata block of `key: value`
    lines naming a title (MultiMarkdown's and Pelican's): its scalar fields, and the body."""
    stripped = text.lstrip()
    if stripped.startswith("+++"):
        return _toml_front_matter(stripped, source)
    if not stripped.startswith("---"):
        return _metadata_block(text)
    end = re.search(r"^(?:---|\.\.\.)\s*$", stripped[3:], flags=re.M)
    if not end:
        return {}, text
    header = stripped[3:3 + end.start()]
    body = stripped[3 + end.end():]
    if len(header) > MAX_FRONT_MATTER:
        raise DocumentError(source, f"has front matter over {MAX_FRONT_MATTER:,} characters")
    import yaml

    class _NoAliases(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("YAML aliases are not allowed in front matter")
            self.depth += 1
            if self.depth > MAX_FRONT_MATTER_DEPTH:
                raise DocumentError(source, f"has front matter nested over {MAX_FRONT_MATTER_DEPTH} levels deep")
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    try:
        meta = yaml.load(header, Loader=_NoAliases)  # noqa: S506 - a SafeLoader that also refuses aliases
    except yaml.YAMLError as exc:
        raise DocumentError(source, f"has malformed front matter ({str(exc).splitlines()[0][:160]})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DocumentError(source, "front matter must be a mapping of keys to values")
    return _scalars(meta), body


# Front-matter keys that describe the page, not the role: read as metadata (title, date, organisation…) or not at
# all (a site generator's own). Any other key is a fact of the document ("salary", "location") and is kept as a field.
_PAGE_KEYS = frozenset("title aliases family updated date lastmod org organisation organization company author "
                       "authors draft tags categories layout slug url link links permalink weight type "
                       "excerpt_separator read_time thumbnail image images menu toc id summary_image".split())


_MARKUP_BLOCK = re.compile(r"<(?:ul|ol|li|p|table|div|h[1-6]|dl|br)\b", re.I)


def _meta_fields(meta: dict, source: str) -> list[Block]:
    """The front matter's facts about the role: short values as `Key: value` lines ("Salary: $71,120 - $78,410"); a
    long one, or a list of paragraphs (a site that keeps the whole posting in its front matter), as a section
    headed by its key, its text read as the body's is."""
    out = []
    for key, value in meta.items():
        name = re.sub(r"^[a-z]_", "", key.lower())  # "b_benefits": a site's sort-order prefix
        if key.lower() in _PAGE_KEYS or name.endswith("_at") or name.startswith("sort") \
                or re.search(r"note|source|comment", name):  # an editor's, about the file
            continue
        items = [str(v) for v in (value if isinstance(value, list) else [value])
                 if isinstance(v, (str, int, float)) and str(v).strip()]
        label = name.replace("_", " ").capitalize()
        if any(len(v) > 300 or _MARKUP_BLOCK.search(v) and len(v) > 120 for v in items):
            out.append(Block("heading", label, depth=2))
            for v in items:
                out.extend(_html_blocks(v, source)[0] if _MARKUP_BLOCK.search(v) else _markdown_blocks(v, source))
            continue
        text = _oneline(", ".join(_plain(v, source) for v in items))
        if not text or re.match(r"(?:https?://|\.{1,2}/|/)", text):
            continue
        out.append(Block("field", f"{label}: {text}"))
    return out


def _plain(value: str, source: str) -> str:
    """A short front-matter value's words, without the markup a site put in it ('<a href="…">Jo Smith</a>')."""
    if not re.search(r"<[A-Za-z/]", value):
        return value
    return " ".join(b.text or " · ".join(b.cells) for b in _html_blocks(value, source)[0])


_META_LINE = re.compile(r"^([A-Za-z][\w-]{0,30}):[ \t]*(\S.*)$")


def _metadata_block(text: str) -> tuple[dict, str]:
    """A file opening with `Title: …` and more lowercase-keyed `key: value` lines up to a blank line ("Title: Senior
    Engineer" / "license: https://…"): the site generator's metadata, not the document's text. A posting's own
    labelled lines ("Job Title: …", "Location: …") have capitalised, often several-word keys and stay text."""
    head, _, body = text.lstrip().partition("\n\n")
    lines = head.splitlines()
    found = [_META_LINE.match(ln.strip()) for ln in lines]
    if len(lines) < 2 or not all(found) or found[0].group(1).lower() != "title" \
            or not any(m.group(1).islower() for m in found[1:]):  # type: ignore[union-attr]
        return {}, text
    return _scalars({m.group(1).lower(): m.group(2).strip() for m in found}), body  # type: ignore[union-attr]


def _toml_front_matter(stripped: str, source: str) -> tuple[dict, str]:
    import tomllib

    end = re.search(r"^\+\+\+\s*$", stripped[3:], flags=re.M)
    if not end:
        return {}, stripped
    header = stripped[3:3 + end.start()]
    if len(header) > MAX_FRONT_MATTER:
        raise DocumentError(source, f"has front matter over {MAX_FRONT_MATTER:,} characters")
    try:
        meta = tomllib.loads(header)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise DocumentError(source, f"has malformed front matter ({str(exc).splitlines()[0][:160]})") from None
    return _scalars(meta), stripped[3 + end.end():]


def _scalars(meta: dict) -> dict:
    meta = {str(k): v.isoformat() if isinstance(v, datetime.date) else v for k, v in meta.items()}  # updated: 2026-10-01
    # a site's templates escape what YAML would misread ("Programmer position&#58; Supporting …")
    return {k: html_unescape(v) if isinstance(v, str) else v for k, v in meta.items()
            if isinstance(v, (str, int, float, list)) or v is None}


# -- markdown and plain text ---------------------------------------------------------------------------------------

_HTML_TABLE = re.compile(r"(<table\b.*?</table>)", re.I | re.S)
_HTML_NOISE = re.compile(r"<(style|script)\b.*?</\1>|<!--.*?-->", re.I | re.S)


def _markdown_blocks(text: str, source: str, plain: bool = False) -> list[Block]:
    """Markdown, with any HTML tables in it parsed as HTML (a blank line inside one would end a Markdown HTML
    block and leak its tags into the text)."""
    text = _HTML_NOISE.sub("", text)
    blocks: list[Block] = []
    for i, segment in enumerate(_HTML_TABLE.split(text)):
        if i % 2:
            blocks.extend(_html_blocks(segment, source)[0])
        elif segment.strip():
            blocks.extend(_markdown_segment(segment, source, plain))
    return blocks


def _markdown_segment(text: str, source: str, plain: bool) -> list[Block]:
    from markdown_it import MarkdownIt

    # escapes stay separate tokens, so a table row keeps them as the source writes it ("\\$160,000")
    md = MarkdownIt("commonmark", {"html": True}).enable("table").disable("text_join")
    tokens = md.parse(text.replace("\r\n", "\n"))
    blocks: list[Block] = []
    list_depth = 0
    in_item = False
    item_started = False
    header: tuple[str, ...] = ()
    row: list[str] = []
    in_head = False
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if not i % 2000:
            _check_time()
        if t.type == "heading_open":
            text_ = _inline_text(tokens[i + 1]).strip()
            if text_:
                blocks.append(Block("heading", _oneline(text_), depth=int(t.tag[1])))
            i += 3
            continue
        if t.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif t.type == "list_item_open":
            in_item, item_started = True, False
        elif t.type == "list_item_close":
            in_item = False
        elif t.type == "thead_open":
            in_head, header = True, ()
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            row.append(_oneline(_inline_text(tokens[i + 1], escapes=True)))
        elif t.type == "tr_close":
            if in_head:
                header = tuple(row)
            elif any(c for c in row):
                blocks.append(Block("row", "", header=header, cells=tuple(row)))
        elif t.type == "inline" and tokens[i - 1].type == "paragraph_open":
            content = _inline_text(t)
            bold_only = _bold_only(t)
            lead = _bold_first_line(t)
            label, value = _bold_label(t)
            if label and not in_item:
                # "**REPORTS TO** Director, Product and Technology": a label and its value on one line
                if len(value) <= 150 and not re.search(r"[.!?]\s+\S", value):
                    blocks.append(Block("field", f"{label}: {value}"))
                else:
                    blocks.append(Block("heading", label, depth=0, pseudo=True))
                    blocks.extend(_paragraph_blocks(value, False, plain))
                i += 1
                continue
            if lead and not in_item and len(lead) <= 90 and not _FIELD.match(lead):
                # "**Minimum Qualifications**" on its own line above the text it heads, in one paragraph
                blocks.append(Block("heading", _oneline(lead).rstrip(":"), depth=0, pseudo=True))
                content = content.split("\n", 1)[1] if "\n" in content else ""
                bold_only = False
                if not content.strip():
                    i += 1
                    continue
            if in_item and not item_started:
                blocks.append(Block("item", _oneline(content), depth=list_depth))
                item_started = True
            elif in_item and blocks and blocks[-1].kind == "item":
                last = blocks[-1]
                blocks[-1] = Block("item", f"{last.text} {_oneline(content)}", depth=last.depth)
            else:
                blocks.extend(_paragraph_blocks(content, bold_only, plain))
        elif t.type == "html_block":
            html = t.content
            if re.search(r"<(?:table|p|ul|ol|h[1-6]|div|dl)\b", html, re.I):
                blocks.extend(_html_blocks(html, source)[0])
        elif t.type in ("fence", "code_block"):
            if t.content.strip():
                blocks.extend(_paragraph_blocks(t.content if plain else t.content.strip(), False))
        i += 1
    return blocks


def _inline_text(token, escapes: bool = False) -> str:  # type: ignore[no-untyped-def]
    """An inline token's text; with `escapes`, a backslash escape as the source writes it (a table cell is quoted
    as written; text.cells reads it)."""
    return _children_text(token.children or [], escapes)


def _children_text(children: list, escapes: bool = False) -> str:  # type: ignore[type-arg]
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "text_special":
            keep = escapes and child.info == "escape" and child.content != "|"
            out.append(child.markup if keep else child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content or "")
        elif child.type == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.I):
                out.append("\n")
    return "".join(out)


def _bold_only(token) -> bool:  # type: ignore[no-untyped-def]
    return _all_bold([c for c in token.children or [] if not (c.type == "text" and not c.content.strip())])


def _all_bold(children: list) -> bool:  # type: ignore[type-arg]
    """Inline tokens that are one bold run, start to end."""
    kinds = [c.type for c in children]
    return len(kinds) >= 3 and kinds[0] == "strong_open" and kinds[-1] == "strong_close" \
        and "strong_open" not in kinds[1:-1]


def _bold_first_line(token) -> str:  # type: ignore[no-untyped-def]
    """The text of a paragraph's first line when that line is all bold and more lines follow, else ''."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    breaks = [k for k, c in enumerate(children) if c.type in ("softbreak", "hardbreak")]
    if not breaks or len(children) <= breaks[0] + 1:
        return ""
    first = children[:breaks[0]]
    if not _all_bold(first):
        return ""
    return "".join(c.content for c in first if c.type in ("text", "text_special", "code_inline")).strip()


def _bold_label(token) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A one-line paragraph opening with a bold label written as a heading, with no colon, and its value after it
    ("**REPORTS TO** Director, Product and Technology"): the label and the value, else ('', '')."""
    children = [c for c in token.children or [] if c.type != "text" or c.content]
    if len(children) < 4 or children[0].type != "strong_open" or any(
            c.type in ("softbreak", "hardbreak") for c in children):
        return "", ""
    close = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None or close + 1 >= len(children):
        return "", ""
    label = _oneline("".join(c.content for c in children[1:close] if c.type in ("text", "text_special")))
    value = _oneline(_children_text(children[close + 1:]))
    if not label or label.endswith(":") or len(label) > 60 or not _capitalised_line(label) \
            or not re.match(r"[A-Z0-9$€£(]", value):
        return "", ""
    return label, value


def _paragraph_blocks(content: str, bold_only: bool, plain: bool = False) -> list[Block]:
    """A paragraph's lines: `Label: value` lines become fields, `| a | b |` lines table rows, wrapped lines join.
    A capitalised line standing alone as a paragraph is a heading ("Assignment Length"), in plain text and in
    markup where it was not marked up as one; in plain text so is an all-capitals line above the text it heads."""
    lines = [ln.strip() for ln in content.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return []
    if (_capitalised_line(lines[0]) or (plain and len(lines) == 1 and _short_label(lines[0]))) \
            and (len(lines) == 1 or (plain and lines[0].isupper())) and not bold_only:
        # its depth for now is its rank by style: a line in capitals heads the capitalised lines under it
        return [Block("heading", lines[0].rstrip(":"), depth=1 if lines[0].isupper() else 2, pseudo=True),
                *_paragraph_blocks("\n".join(lines[1:]), False, plain)]
    pipes = [ln for ln in lines if _PIPE_ROW.match(ln)]
    if len(pipes) >= 2 and len(pipes) >= len(lines) - 1:
        rows = [ln for ln in lines if _PIPE_ROW.match(ln) and not _TABLE_RULE.match(ln)]
        header = _cells(rows[0])
        return [Block("row", "", header=header, cells=_cells(r)) for r in rows[1:]]
    fields = [ln for ln in lines if _FIELD.match(ln) and len(ln) <= 200]
    if len(lines) >= 2 and len(fields) * 2 >= len(lines):
        out: list[Block] = []
        for ln in lines:
            if _FIELD.match(ln) or not out:
                out.append(Block("field" if _FIELD.match(ln) else "paragraph", ln))
            else:
                out[-1] = Block(out[-1].kind, f"{out[-1].text} {ln}")
        return out
    if len(lines) >= 2 and all(_BULLET.match(ln) for ln in lines[1:]):
        return [*_paragraph_blocks(lines[0], False), *(Block("item", _BULLET.sub("", ln), depth=1) for ln in lines[1:])]
    if plain and len(lines) >= 2:
        # a line much shorter than the paragraph's longest, not ending mid-sentence, was written as a line, not
        # wrapped: "$58,986 to $86,255" above "The salary in the Department of … is …"
        width = max(len(ln) for ln in lines)
        cut = next((k for k, ln in enumerate(lines[:-1]) if len(ln) * 2 < width
                    and not re.search(r"[,;:\-–—(]$", ln) and lines[k + 1][:1].isupper()), None)
        if cut is None and width <= 60 and all(ln[:1].isupper() and not _JOINS_ON.search(ln) for ln in lines[:-1]) \
                and lines[-1][:1].isupper():
            cut = 0  # short capitalised lines, none running on: a title block ("IT Specialist", "Consumer Bureau")
        if cut is not None:
            return [*_paragraph_blocks("\n".join(lines[:cut + 1]), False, plain),
                    *_paragraph_blocks("\n".join(lines[cut + 1:]), False, plain)]
    text = _oneline(" ".join(lines))
    if bold_only and len(text) <= 90:
        return [Block("heading", text.rstrip(":"), depth=0, pseudo=True)] if not _FIELD.match(text) \
            else [Block("field", text)]
    if len(lines) == 1 and _FIELD.match(text) and len(text) <= 200:
        return [Block("field", text)]
    return [Block("paragraph", text)]


def _cells(line: str) -> tuple[str, ...]:
    return tuple(_oneline(c.replace("\\", "")) for c in line.strip().strip("|").split("|"))


def _oneline(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


# -- HTML (and Word through mammoth) -------------------------------------------------------------------------------

_START_TAG = re.compile(r"<[A-Za-z]")
_DROP = ["script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "aside", "svg", "button",
         "template", "select", "input", "head"]


def _html_blocks(html: str, source: str) -> tuple[list[Block], str]:
    from bs4 import BeautifulSoup

    if len(html) > MAX_HTML_CHARS:
        raise DocumentError(source, f"has over {MAX_HTML_CHARS:,} characters of HTML")
    elements = len(_START_TAG.findall(html))
    if elements > MAX_HTML_ELEMENTS:
        raise DocumentError(source, f"has {elements:,} HTML elements, over the {MAX_HTML_ELEMENTS:,}-element limit")
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    title = re.split(r"\s+[-–|]\s+", title)[0] if title else ""
    for tag in soup(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": re.compile("navigation|banner|contentinfo|search")}):
        tag.decompose()
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    for tag in root.find_all(class_=re.compile(r"^(?:.*[-_])?(?:nav|navigation|breadcrumbs?|skip-link|cookie-banner|"
                                               r"sidebar|contribution-banner)$", re.I)):
        tag.decompose()
    blocks: list[Block] = []
    _walk(root, blocks, 0)
    return blocks, title


_BLOCK_TAGS = {"p", "div", "section", "article", "main", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5",
               "h6", "blockquote", "dl", "dt", "dd", "pre", "figure", "figcaption", "center", "body", "html", "tr",
               "td", "th", "tbody", "thead", "hr", "br"}


def _walk(node, blocks: list[Block], list_depth: int) -> None:  # type: ignore[no-untyped-def]
    from bs4 import NavigableString, Tag

    inline: list[str] = []

    def flush() -> None:
        text = "".join(inline)
        inline.clear()
        if text.strip():
            blocks.extend(_paragraph_blocks(text, False))

    _check_time()
    for child in list(node.children):
        if len(blocks) > MAX_BLOCKS:
            return
        if isinstance(child, NavigableString):
            if type(child).__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction", "CData"):
                continue
            inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name == "br":
            inline.append("\n")
            continue
        if name not in _BLOCK_TAGS:
            inline.append(_inline_html(child))
            continue
        flush()
        if re.fullmatch(r"h[1-6]", name):
            # a heading left open ("<h1>Title</h2>") swallows the page after it: its own words before the first
            # block inside it are the heading, the blocks are the page
            kids = list(child.children)
            inner = next((c for c in kids if isinstance(c, Tag) and c.name.lower() in _BLOCK_TAGS
                          and c.name.lower() != "br"), None)
            own = kids[:kids.index(inner)] if inner is not None else [child]
            text = _oneline(" ".join(c.get_text(" ") if isinstance(c, Tag) else str(c) for c in own))
            if text:
                blocks.append(Block("heading", text, depth=int(name[1])))
            if inner is not None:
                for c in own:
                    c.extract()
                _walk(child, blocks, list_depth)
        elif name == "p":
            text = _inline_html(child)
            strong = child.find(["strong", "b"])
            bold_only = strong is not None and _oneline(strong.get_text(" ")) == _oneline(child.get_text(" "))
            if bold_only:
                blocks.extend(_paragraph_blocks(_oneline(text), True))
            elif strong is not None and _oneline(child.get_text(" ")).startswith(_oneline(strong.get_text(" "))) \
                    and _oneline(strong.get_text(" ")).endswith(":"):
                blocks.append(Block("field", _oneline(text)))
            else:
                blocks.extend(_paragraph_blocks(text, False))
        elif name in ("ul", "ol"):
            _walk(child, blocks, list_depth + 1)
        elif name == "li":
            nested = child.find_all(["ul", "ol"], recursive=False)
            for n in nested:
                n.extract()
            text = _oneline(_inline_html(child, block_text=True))
            if text:
                blocks.append(Block("item", text, depth=max(1, list_depth)))
            for n in nested:
                _walk(n, blocks, list_depth + 1)
        elif name == "table":
            blocks.extend(_table_rows(child))
        elif name == "dl":
            term = ""
            for item in child.find_all(["dt", "dd"]):
                text = _oneline(item.get_text(" "))
                if item.name == "dt":
                    term = text
                elif text:
                    blocks.append(Block("field", f"{term}: {text}" if term else text))
        elif name == "hr":
            continue
        else:
            _walk(child, blocks, list_depth)
    flush()


def _inline_html(tag, block_text: bool = False) -> str:  # type: ignore[no-untyped-def]
    from bs4 import NavigableString, Tag

    out: list[str] = []
    for d in tag.descendants:
        if isinstance(d, NavigableString) and type(d).__name__ == "NavigableString":
            out.append(str(d))
        elif isinstance(d, Tag) and d.name == "br":
            out.append("\n")
        elif isinstance(d, Tag) and block_text and d.name in ("p", "div") and out:
            out.append(" ")
    return "".join(out)


def _table_rows(table) -> list[Block]:  # type: ignore[no-untyped-def]
    """Rows with their header; a cell spanning rows is repeated in each row it spans, so a row keeps its level."""
    rows = [r for r in table.find_all("tr") if r.find_parent("table") is table]
    header: tuple[str, ...] = ()
    carry: dict[int, tuple[str, int]] = {}
    out: list[Block] = []
    for r in rows:
        cells_tags = r.find_all(["td", "th"], recursive=False)
        values: list[str] = []
        col = 0
        queue = list(cells_tags)
        while queue or col in carry:
            if col in carry:
                text, left = carry[col]
                values.append(text)
                carry[col] = (text, left - 1)
                if left - 1 <= 0:
                    del carry[col]
                col += 1
                continue
            cell = queue.pop(0)
            text = _oneline(_inline_html(cell, block_text=True))
            span = cell.get("rowspan")
            if span and str(span).isdigit() and int(span) > 1:
                carry[col] = (text, min(int(span), 500) - 1)
            values.append(text)
            col += 1
        is_header = all(c.name == "th" for c in cells_tags) and cells_tags and not header and not out
        if is_header or (not header and not out and r.find_parent("thead") is not None):
            header = tuple(values)
            continue
        if sum(1 for v in values if v) >= (2 if len(values) > 2 else 1):
            out.append(Block("row", "", header=header, cells=tuple(values)))
    if not header and len(out) >= 2:
        header = out[0].cells
        out = [Block("row", "", header=header, cells=b.cells) for b in out[1:]]
    return out


def _docx_blocks(raw: bytes, source: str) -> tuple[list[Block], str | None]:
    """A Word file's blocks; and, when its paragraphs are Markdown source (a front-matter fence first, "## "
    headings, "| a | b |" rows), that source with a line per paragraph, else None."""
    import mammoth

    _check_docx(raw, source)
    style_map = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"
    result = mammoth.convert_to_html(io.BytesIO(raw), style_map=style_map,
                                     convert_image=mammoth.images.img_element(lambda image: {"src": ""}))
    _check_time()
    return _html_blocks(result.value, source)[0], _markdown_source(result.value, raw)


# Lines only Markdown source has: a heading's hashes, a table's rule, a front-matter fence.
_MARKDOWN_LINE = re.compile(r"^(?:#{1,6}\s+\S|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$)")


def _markdown_source(html: str, raw: bytes) -> str | None:
    """The text of a Word file made of plain paragraphs only (no heading, list or table styles) that reads as
    Markdown source: it opens with a front-matter fence, or has two lines only Markdown writes. Its empty
    paragraphs are its blank lines, so they are read from the file itself (mammoth drops them)."""
    import zipfile

    from bs4 import BeautifulSoup
    from lxml import etree

    if BeautifulSoup(html, "html.parser").find(["h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"]):
        return None
    w = _W_P[:-1]
    lines = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("word/document.xml") as member:
        # already checked by _check_docx: well-formed, no DTD or entities, within the size limits
        for _, para in etree.iterparse(member, events=("end",), tag=_W_P, resolve_entities=False, no_network=True):
            lines.append("".join(el.text or "" if el.tag == w + "t" else "\t" if el.tag == w + "tab" else "\n"
                                 for el in para.iter(w + "t", w + "tab", w + "br")))
            para.clear()
    if not lines:
        return None
    fenced = lines[0].strip() in ("---", "+++") and any(line.strip() == lines[0].strip() for line in lines[1:])
    if fenced or sum(bool(_MARKDOWN_LINE.match(line.strip())) for line in lines) >= 2:
        return "\n".join(lines)
    return None


_W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


def _check_docx(raw: bytes, source: str) -> None:
    """Read every XML part of a Word file once with lxml, streaming, before mammoth builds it in memory: refuse
    a DTD or entities (Word never writes them), malformed XML, and more unpacked bytes, elements or paragraphs
    than any role document has. The sizes a zip claims are checked too, but only what is read is trusted."""
    import zipfile

    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise DocumentError(source, "is not a readable .docx file (not a zip archive)") from None
    with archive:
        infos = archive.infolist()
        claimed = sum(info.file_size for info in infos)
        if claimed > MAX_DOCX_UNZIPPED:
            raise DocumentError(source, f"unpacks to {claimed:,} bytes, over the {MAX_DOCX_UNZIPPED:,}-byte limit")
        if "word/document.xml" not in {info.filename for info in infos}:
            raise DocumentError(source, "is not a readable .docx file (no word/document.xml)")
        budget = _Budget()
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels")):
                continue
            budget.head = b""
            try:
                with archive.open(info) as member:
                    _check_xml_part(etree, _Capped(member, budget, source), info.filename, source, budget)
            except etree.XMLSyntaxError as exc:
                if re.search(rb"<!(?:DOCTYPE|ENTITY)", budget.head):
                    raise DocumentError(source, _DTD_REASON.format(info.filename)) from None
                detail = re.sub(r"\s*\(<string>, line \d+\)$", "", _first_line(exc))
                raise DocumentError(source, f"is not a readable .docx file ({info.filename} is not well-formed XML: "
                                            f"{detail})") from None
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
                raise DocumentError(source, f"is not a readable .docx file ({info.filename} is damaged: "
                                            f"{_first_line(exc)})") from None


_DTD_REASON = "is not a readable .docx file ({} declares a DTD or entities, which Word files never do)"


@dataclass
class _Budget:
    bytes: int = 0
    elements: int = 0
    paragraphs: int = 0
    head: bytes = b""  # the start of the part being read, where a DTD would be


class _Capped(io.RawIOBase):
    """A zip member read through a byte budget shared by all parts: a zip bomb stops at the limit, whatever its
    headers claim."""

    def __init__(self, member, budget: _Budget, source: str) -> None:  # type: ignore[no-untyped-def]
        self._member, self._budget, self._source = member, budget, source

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        data = self._member.read(min(size, 1 << 16) if size and size > 0 else 1 << 16)
        if len(self._budget.head) < 4096:
            self._budget.head += data[:4096]
        self._budget.bytes += len(data)
        if self._budget.bytes > MAX_DOCX_XML_BYTES:
            raise DocumentError(self._source, f"unpacks to over {MAX_DOCX_XML_BYTES:,} bytes of XML, over the limit")
        return data


def _check_xml_part(etree, stream: _Capped, name: str, source: str, budget: _Budget) -> None:  # type: ignore[no-untyped-def]
    parser = etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    first = True
    for _, element in parser:
        if first:
            first = False
            if element.getroottree().docinfo.doctype:
                raise DocumentError(source, _DTD_REASON.format(name))
        budget.elements += 1
        if element.tag == _W_P:
            budget.paragraphs += 1
        if budget.elements > MAX_DOCX_ELEMENTS:
            raise DocumentError(source, f"has over {MAX_DOCX_ELEMENTS:,} XML elements, over the limit; "
                                        "split it into smaller files")
        if budget.paragraphs > MAX_BLOCKS:
            raise DocumentError(source, f"has over {MAX_BLOCKS:,} paragraphs, over the limit; split it into "
                                        "smaller files")
        if not budget.elements % 5000:
            _check_time()
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]


# -- PDF -----------------------------------------------------------------------------------------------------------

def _pdf_blocks(raw: bytes, source: str) -> list[Block]:
    import pypdf
    from pypdf.errors import LimitReachedError

    # pypdf's own limits on unpacking streams, lowered for this read only (they are per execution context)
    limits = getattr(pypdf, "apply_configuration", None)
    try:
        with limits(**{name: MAX_PDF_STREAM for name in _PDF_STREAM_LIMITS}) if limits else contextlib.nullcontext():
            lines = _pdf_lines(raw, source)
    except LimitReachedError as exc:
        raise DocumentError(source, f"has a part over the PDF reader's safety limits ({_first_line(exc)})") from None
    return _pdf_layout(lines, source)


MAX_PDF_STREAM = 16_000_000  # unpacked bytes of any one stream
_PDF_STREAM_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                      "array_based_stream_maximum_output_length", "brotli_maximum_output_length",
                      "maximum_declared_stream_length")


def _pdf_lines(raw: bytes, source: str) -> list[tuple[str, bool, float]]:
    """Each line of text with whether it is all bold and its font size, page by page."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = len(reader.pages)
    except Exception as exc:  # pypdf's own error on a damaged or non-PDF file
        raise DocumentError(source, f"is not a readable PDF ({_first_line(exc)})") from None
    if pages > MAX_PDF_PAGES:
        raise DocumentError(source, f"has {pages} pages, over the {MAX_PDF_PAGES}-page limit")
    lines: list[tuple[str, bool, float]] = []  # text, all bold, font size
    chars = 0
    for number, page in enumerate(reader.pages, start=1):
        _check_time()
        contents = page.get_contents()
        size = len(contents.get_data()) if contents is not None else 0
        if size > MAX_PDF_PAGE_CONTENT:
            raise DocumentError(source, f"has a page (page {number}) whose content unpacks to {size:,} bytes, over "
                                        f"the {MAX_PDF_PAGE_CONTENT:,}-byte limit")
        runs: list[tuple[str, str, float]] = []

        def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
            nonlocal chars
            if text:
                chars += len(text)
                if chars > MAX_PDF_CHARS:
                    raise DocumentError(source, f"has over {MAX_PDF_CHARS:,} characters of text, over the limit; "
                                                "split it into smaller files")
                name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
                runs.append((text, name, float(size or 0) * abs(float(tm[0]) if tm else 1.0) or float(size or 0)))

        page.extract_text(visitor_text=visit)
        current: list[tuple[str, str, float]] = []
        for text, font, size in runs:
            parts = text.split("\n")
            for j, part in enumerate(parts):
                if part:
                    current.append((part, font, size))
                if j < len(parts) - 1 and current:
                    lines.append(_pdf_line(current))
                    current = []
        if current:
            lines.append(_pdf_line(current))
    return lines


def _pdf_layout(lines: list[tuple[str, bool, float]], source: str) -> list[Block]:
    """Headings from bold or larger lines, bullets from their glyphs, paragraphs from the rest."""
    if not any(t.strip() for t, _, _ in lines):
        raise DocumentError(source, "is a PDF with no extractable text (scanned images need OCR first)")
    sizes = sorted(s for t, _, s in lines if t.strip())
    body = sizes[len(sizes) // 2] if sizes else 10.0
    widths = sorted(len(t) for t, _, _ in lines if t.strip())
    full = widths[int(len(widths) * 0.8)] if widths else 80
    blocks: list[Block] = []
    para: list[str] = []
    kind = "paragraph"
    wrapped = False  # the last line was a heading that ran to the edge of the page: the next may continue it

    def flush() -> None:
        nonlocal para, kind
        if para:
            if kind == "item":
                blocks.append(Block("item", _oneline(" ".join(para)), depth=1))
            else:
                blocks.extend(_paragraph_blocks("\n".join(para), False))
        para, kind = [], "paragraph"

    for text, bold, size in lines:
        stripped = text.strip()
        if not stripped:
            flush()
            wrapped = False
            continue
        bullet = _BULLET.match(stripped) or stripped[:1] in "\uf0b7\uf0a7\u2022\x7f"
        if (bold or size > body * 1.15) and len(stripped) <= 100 and not bullet and \
                not stripped.endswith((".", ",")) and not _lead_in(stripped):
            depth = 1 if size >= body * 1.45 else 2 if size > body * 1.15 else 3
            prev = blocks[-1] if blocks and not para else None
            if prev is not None and prev.kind == "heading" and prev.depth == depth and wrapped \
                    and len(prev.text) + len(stripped) <= 200:
                blocks[-1] = Block("heading", f"{prev.text} {stripped.rstrip(':')}", depth=depth)  # a wrapped heading
            else:
                flush()
                blocks.append(Block("heading", stripped.rstrip(":"), depth=depth))
            wrapped = len(stripped) >= full * 0.6 and not stripped.endswith(("?", ":", "!"))
            continue
        wrapped = False
        if bullet:
            flush()
            kind = "item"
            para = [re.sub(r"^[\uf0b7\uf0a7\u2022\x7f]\s*", "", _BULLET.sub("", stripped))]
            continue
        para.append(stripped)
        if stripped.endswith((".", "!", "?", ":")) and len(stripped) < full * 0.75:
            flush()
    flush()
    return blocks


def _pdf_line(runs: list[tuple[str, str, float]]) -> tuple[str, bool, float]:
    text = "".join(t for t, _, _ in runs)
    visible = [(t, f, s) for t, f, s in runs if t.strip() and t.strip() not in ("\x7f", "\uf0b7")]
    bold = bool(visible) and all(re.search(r"bold|black|heavy|semibold", f, re.I) for _, f, _ in visible)
    size = max((s for _, _, s in visible), default=0.0)
    return text, bold, size


# -- after parsing: headings a person would see --------------------------------------------------------------------

_MINOR_WORDS = frozenset("a an and as at by for from in of on or the to with &".split())


def _capitalised_line(text: str) -> bool:
    """A short line written as a heading: every word capitalised (small joining words aside), or all in capitals,
    and not a sentence, a field or a list item ("MINIMUM QUALIFICATIONS", "What You'll Do", "Senior Park Ranger")."""
    words = re.findall(r"[^\s]+", text.rstrip(":"))
    if not 0 < len(words) <= 8 or re.search(r"[.;,!?]$", text) or _FIELD.match(text) or _BULLET.match(text):
        return False
    lettered = [w for w in words if re.search(r"[A-Za-z]", w)]
    return bool(lettered) and all(w[:1].isupper() or w.lower() in _MINOR_WORDS or not w[:1].isalpha()
                                  for w in lettered) and lettered[0][:1].isupper()


def _short_label(text: str) -> bool:
    """A line of a few words standing alone in plain text, capitalised as a sentence is ("About the work",
    "Who we are"): written as a heading, not a sentence (no closing stop, no list mark, no field)."""
    return _label_line(text) and not text.endswith(":") and not _FIELD.match(text) and not _BULLET.match(text) \
        and not re.search(r"\d", text)


# A line that runs on into the next: it ends with a joining mark or word ("…, and", "the", "–").
_JOINS_ON = re.compile(r"(?:[,;:\-–—(&/]|\b(?:and|or|of|the|a|an|to|for|in|on|at|with|by|from|as|that|which|who|"
                       r"is|are|was|be|will|our|your|their|its))\s*$", re.I)


def _tidy(blocks: list[Block]) -> list[Block]:
    """Give inferred headings a depth under the real heading above them. A run of inferred headings before any
    text is a title block (a name and a grade), kept as text; later in a document a run of them nests ("Seeing
    the Big Picture", then "Essential" above its list). A short label line followed by a list is the list's
    heading; a lead-in clause ("The lead is accountable for:") stays with its list as text."""
    out: list[Block] = []
    depth = 0
    content = False  # any text seen yet
    headed = False  # any heading kept yet
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        headed = bool(out) and (headed or out[-1].kind == "heading")
        if b.kind == "heading" and b.text != _oneline(b.text):
            b = replace(b, text=_oneline(b.text))  # "ANALYST PROGRAMMER  II" as typed
        if b.kind == "heading" and not b.pseudo:
            if not content and _AMOUNT.search(b.text) and out:
                # a heading in a page's title block giving pay ("#### 💰 $97.50–$130.00 an hour") says something
                # about the role; it heads nothing
                out.append(Block("field", b.text))
                continue
            depth = b.depth
            out.append(b)
            continue
        if b.kind == "heading" and b.pseudo and out and out[-1].kind == "heading" and out[-1].pseudo \
                and content and (nxt is None or nxt.kind == "heading"):
            # between an inferred heading and the next heading, a line is the first one's text, not an empty
            # section of its own ("Start Date", "April 1st 2024", "Assignment Location")
            out.append(Block("paragraph", b.text))
            continue
        if b.kind == "heading" and b.pseudo and out and out[-1].kind == "heading" and not out[-1].pseudo \
                and content and (nxt is None or (nxt.kind == "heading" and not nxt.pseudo)):
            # a section's one line ("### Location", "Great Neck, NY", "### URL") is its text, not a heading
            out.append(Block("paragraph", b.text))
            continue
        if b.kind == "heading" and b.pseudo and b.depth:  # plain text's, ranked by style (see _paragraph_blocks)
            if not out or nxt is None or (b.depth == 2 and not content and not headed) or (
                    not content and out[-1].kind == "field" and out[-1].pseudo):
                out.append(Block("field", b.text, pseudo=True))  # its opening lines: the title block
            else:
                out.append(Block("heading", b.text, depth=min(9, depth + b.depth), pseudo=True))
            continue
        if b.kind == "heading" and b.pseudo:
            if nxt is None or (out and out[-1].kind == "field" and out[-1].pseudo) or (
                    not content and nxt.kind == "heading" and nxt.pseudo):
                out.append(Block("field", b.text, pseudo=True))
                continue
            under = out[-1].depth if out and out[-1].kind == "heading" and out[-1].pseudo else depth
            out.append(Block("heading", b.text, depth=min(9, under + 1), pseudo=True))
            continue
        content = content or b.kind in ("paragraph", "item", "row")
        if b.kind == "paragraph" and nxt is not None and nxt.kind == "item" and _label_line(b.text) \
                and not _lead_in(b.text):
            out.append(Block("heading", b.text.rstrip(":").strip(), depth=min(9, depth + 1), pseudo=True))
            continue
        out.append(b)
    return out


# A line that introduces a list as the start of a sentence ("The lead is accountable for:", "As a developer,
# you will:", "Duties include:"), not a label naming it ("Requirements:"): function words, the same in any document.
_LEAD_START = re.compile(r"^(?:the|a|an|as|in|on|at|this|these|those|our|your|their|you|we|they|he|she|it|each|"
                         r"every|all|some|any|successful|candidates?|applicants?)\b", re.I)
_LEAD_END = re.compile(r"\b(?:for|to|of|with|by|on|in|at|as|from|include|includes|including|will|are|is|be|"
                       r"that|such as|following|supports?|should|must|can|may)\s*:$", re.I)


def _lead_in(text: str) -> bool:
    """Does a line ending in ':' read as the start of a sentence that its list completes?"""
    text = text.strip()
    return text.endswith(":") and bool(_LEAD_START.match(text) or _LEAD_END.search(text))


def _label_line(text: str) -> bool:
    words = text.rstrip(":").split()
    return 0 < len(words) <= 5 and not re.search(r"[.!?;,]$", text) and text[:1].isupper()


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:160]
