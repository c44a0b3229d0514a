"""Every supported format, parsed with limits, into one sequence of blocks with no markup left in their text.

Markdown and plain text go through markdown-it (links keep their words, emphasis and quote markers go, inline HTML
tables are parsed as HTML); HTML through BeautifulSoup; Word files through mammoth to HTML; PDFs through pypdf,
with headings from bold or larger fonts and bullets from their glyphs. Documents are untrusted: front matter is
read without YAML aliases, and sizes, element counts and pages are bounded; any parser failure is a DocumentError
for that one file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from advisor.errors import DocumentError

MAX_FRONT_MATTER = 16_000
MAX_BLOCKS = 20_000
MAX_HTML_CHARS = 8_000_000
MAX_DOCX_UNZIPPED = 40_000_000
MAX_PDF_PAGES = 300

_FIELD = re.compile(r"^[A-Z][\w /&'’().,-]{0,48}?\s*:\s+\S")
_BULLET = re.compile(r"^\s*(?:[-*+•●▪◦\u2022\u25aa\u25cf\uf0b7\x7f]|\d{1,2}[.)])\s+")
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


def parse(raw: bytes, suffix: str, source: str) -> Parsed:
    try:
        if suffix == ".pdf":
            parsed = Parsed(_pdf_blocks(raw, source))
        elif suffix == ".docx":
            parsed = Parsed(_docx_blocks(raw, source))
        else:
            text = _decode_text(raw, source)
            meta, body = _front_matter(text, source)
            if suffix in (".html", ".htm"):
                blocks, page_title = _html_blocks(body, source)
                parsed = Parsed(blocks, meta, page_title)
            else:
                parsed = Parsed(_markdown_blocks(body, plain=suffix == ".txt"), meta)
    except DocumentError:
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


# -- text and front matter -----------------------------------------------------------------------------------------

def _decode_text(raw: bytes, source: str) -> str:
    if b"\x00" in raw[:8192]:
        raise DocumentError(source, "looks binary (contains NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, f"is not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8") from None


def _front_matter(text: str, source: str) -> tuple[dict, str]:
    stripped = text.lstrip()
    if not stripped.startswith("---"):
        return {}, text
    end = re.search(r"^(?:---|\.\.\.)\s*$", stripped[3:], flags=re.M)
    if not end:
        return {}, text
    header = stripped[3:3 + end.start()]
    body = stripped[3 + end.end():]
    if len(header) > MAX_FRONT_MATTER:
        raise DocumentError(source, f"has front matter over {MAX_FRONT_MATTER:,} characters")
    import yaml

    class _NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("YAML aliases are not allowed in front matter")
            return super().compose_node(parent, index)

    try:
        meta = yaml.load(header, Loader=_NoAliases)  # noqa: S506 - a SafeLoader that also refuses aliases
    except yaml.YAMLError as exc:
        raise DocumentError(source, f"has malformed front matter ({str(exc).splitlines()[0][:160]})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DocumentError(source, "front matter must be a mapping of keys to values")
    import datetime as dt

    return {str(k): v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items()
            if isinstance(v, (str, int, float, list, dt.date)) or v is None}, body


# -- markdown and plain text ---------------------------------------------------------------------------------------

_HTML_TABLE = re.compile(r"(<table\b.*?</table>)", re.I | re.S)
_HTML_NOISE = re.compile(r"<(style|script)\b.*?</\1>|<!--.*?-->", re.I | re.S)


def _markdown_blocks(text: str, plain: bool = False) -> list[Block]:
    """Markdown, with any HTML tables in it parsed as HTML (a blank line inside one would end a Markdown HTML
    block and leak its tags into the text)."""
    text = _HTML_NOISE.sub("", text)
    blocks: list[Block] = []
    for i, segment in enumerate(_HTML_TABLE.split(text)):
        if i % 2:
            blocks.extend(_html_blocks(segment, "")[0])
        elif segment.strip():
            blocks.extend(_markdown_segment(segment, plain))
    return blocks


def _markdown_segment(text: str, plain: bool) -> list[Block]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
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
            row.append(_oneline(_inline_text(tokens[i + 1])))
        elif t.type == "tr_close":
            if in_head:
                header = tuple(row)
            elif any(c for c in row):
                blocks.append(Block("row", "", header=header, cells=tuple(row)))
        elif t.type == "inline" and tokens[i - 1].type == "paragraph_open":
            content = _inline_text(t)
            bold_only = _bold_only(t)
            if in_item and not item_started:
                blocks.append(Block("item", _oneline(content), depth=list_depth))
                item_started = True
            elif in_item and blocks and blocks[-1].kind == "item":
                last = blocks[-1]
                blocks[-1] = Block("item", f"{last.text} {_oneline(content)}", depth=last.depth)
            else:
                blocks.extend(_paragraph_blocks(content, bold_only))
        elif t.type == "html_block":
            html = t.content
            if re.search(r"<(?:table|p|ul|ol|h[1-6]|div|dl)\b", html, re.I):
                blocks.extend(_html_blocks(html, "")[0])
        elif t.type in ("fence", "code_block"):
            if t.content.strip():
                blocks.extend(_paragraph_blocks(t.content if plain else t.content.strip(), False))
        i += 1
    return blocks


def _inline_text(token) -> str:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content or "")
        elif child.type == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.I):
                out.append("\n")
    return "".join(out)


def _bold_only(token) -> bool:  # type: ignore[no-untyped-def]
    kinds = [c.type for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(kinds) >= 3 and kinds[0] == "strong_open" and kinds[-1] == "strong_close" \
        and "strong_open" not in kinds[1:-1]


def _paragraph_blocks(content: str, bold_only: bool) -> list[Block]:
    """A paragraph's lines: `Label: value` lines become fields, `| a | b |` lines table rows, wrapped lines join."""
    lines = [ln.strip() for ln in content.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return []
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

_DROP = ["script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "aside", "svg", "button",
         "template", "select", "input", "head"]


def _html_blocks(html: str, source: str) -> tuple[list[Block], str]:
    from bs4 import BeautifulSoup

    if len(html) > MAX_HTML_CHARS:
        raise DocumentError(source, f"has over {MAX_HTML_CHARS:,} characters of HTML")
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
            text = _oneline(child.get_text(" "))
            if text:
                blocks.append(Block("heading", text, depth=int(name[1])))
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


def _docx_blocks(raw: bytes, source: str) -> list[Block]:
    import zipfile

    import mammoth

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > MAX_DOCX_UNZIPPED:
                raise DocumentError(source, f"unpacks to {total:,} bytes, over the {MAX_DOCX_UNZIPPED:,}-byte limit")
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(source, "is not a readable .docx file (no word/document.xml)")
    except zipfile.BadZipFile:
        raise DocumentError(source, "is not a readable .docx file (not a zip archive)") from None
    style_map = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"
    result = mammoth.convert_to_html(io.BytesIO(raw), style_map=style_map,
                                     convert_image=mammoth.images.img_element(lambda image: {"src": ""}))
    return _html_blocks(result.value, source)[0]


# -- PDF -----------------------------------------------------------------------------------------------------------

def _pdf_blocks(raw: bytes, source: str) -> list[Block]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = len(reader.pages)
    except Exception as exc:  # pypdf's own error on a damaged or non-PDF file
        raise DocumentError(source, f"is not a readable PDF ({_first_line(exc)})") from None
    if pages > MAX_PDF_PAGES:
        raise DocumentError(source, f"has {len(reader.pages)} pages, over the {MAX_PDF_PAGES}-page limit")
    lines: list[tuple[str, bool, float]] = []  # text, all bold, font size
    for page in reader.pages:
        runs: list[tuple[str, str, float]] = []

        def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
            if text:
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
    if not any(t.strip() for t, _, _ in lines):
        raise DocumentError(source, "is a PDF with no extractable text (scanned images need OCR first)")
    sizes = sorted(s for t, _, s in lines if t.strip())
    body = sizes[len(sizes) // 2] if sizes else 10.0
    widths = sorted(len(t) for t, _, _ in lines if t.strip())
    full = widths[int(len(widths) * 0.8)] if widths else 80
    blocks: list[Block] = []
    para: list[str] = []
    kind = "paragraph"

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
            continue
        bullet = _BULLET.match(stripped) or stripped[:1] in "\uf0b7\uf0a7\u2022\x7f"
        if (bold or size > body * 1.15) and len(stripped) <= 100 and not bullet and not stripped.endswith((".", ",")):
            flush()
            depth = 1 if size >= body * 1.45 else 2 if size > body * 1.15 else 3
            blocks.append(Block("heading", stripped.rstrip(":"), depth=depth))
            continue
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

def _tidy(blocks: list[Block]) -> list[Block]:
    """Give inferred headings a depth under the real heading above them; a run of inferred headings with nothing
    under them is a title block (a name and a grade), kept as text; a short label line followed by a list is the
    list's heading."""
    out: list[Block] = []
    depth = 0
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.kind == "heading" and not b.pseudo:
            depth = b.depth
            out.append(b)
            continue
        if b.kind == "heading" and b.pseudo:
            if nxt is None or (nxt.kind == "heading" and nxt.pseudo) or (out and out[-1].kind == "field"
                                                                         and out[-1].pseudo):
                out.append(Block("field", b.text, pseudo=True))
                continue
            out.append(Block("heading", b.text, depth=min(6, depth + 1), pseudo=True))
            continue
        if b.kind == "paragraph" and nxt is not None and nxt.kind == "item" and _label_line(b.text):
            out.append(Block("heading", b.text.rstrip(":").strip(), depth=min(6, depth + 1), pseudo=True))
            continue
        out.append(b)
    return out


def _label_line(text: str) -> bool:
    words = text.rstrip(":").split()
    return 0 < len(words) <= 5 and not re.search(r"[.!?;,]$", text) and text[:1].isupper()


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:160]
