"""Load role documents of any supported format and cut them into section-aware chunks.

Every format is first turned into Markdown (headings, lists, tables), so one chunker serves all.
A chunk never splits a list item, a table row or a pay line, and always knows its section path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import DocumentError
from advisor.topics import chunk_topics

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx")
SECTION_SEPARATOR = " › "
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4"), ("#####", "h5"), ("######", "h6")]
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


@dataclass(frozen=True)
class RoleDocument:
    """A role document after loading: front matter plus a Markdown body."""

    source: str
    title: str
    body: str
    aliases: tuple[str, ...] = ()
    family: str = ""
    updated: str = ""
    content_hash: str = ""


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    role: str
    section: str
    source: str
    position: int
    kind: str  # paragraph | list | table | line
    topics: tuple[str, ...] = ()

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


def load_document(path: Path, source: str, max_bytes: int) -> RoleDocument:
    """Read one file into a RoleDocument, or raise DocumentError saying what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(source, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise DocumentError(source, f"is {len(raw):,} bytes, over the {max_bytes:,}-byte limit (ADVISOR_MAX_FILE_BYTES)")
    if not raw.strip():
        raise DocumentError(source, "is empty")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        markdown = _pdf_to_markdown(raw, source)
    elif suffix == ".docx":
        markdown = _docx_to_markdown(raw, source)
    else:
        text = _decode_text(raw, source)
        markdown = _html_to_markdown(text) if suffix in (".html", ".htm") else text
    meta, body = _split_front_matter(markdown, source)
    body = body.strip()
    if not re.search(r"\w", body):
        raise DocumentError(source, "has no text")
    title = str(meta.get("title") or _first_heading(body) or _title_from_filename(path)).strip()
    aliases = meta.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(",")]
    if not isinstance(aliases, list):
        raise DocumentError(source, "front matter 'aliases' must be a list of names")
    return RoleDocument(
        source=source,
        title=title,
        body=body,
        aliases=tuple(str(a).strip() for a in aliases if str(a).strip()),
        family=str(meta.get("family") or ""),
        updated=str(meta.get("updated") or ""),
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def chunk_document(doc: RoleDocument, target_chars: int = 700) -> list[Chunk]:
    """Cut a document into chunks that each carry role, section path, source and position."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(doc.body)
    sentence_splitter = RecursiveCharacterTextSplitter(
        chunk_size=target_chars, chunk_overlap=0, separators=["\n\n", "\n", ". ", "; ", ", ", " "], keep_separator="end"
    )
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in sections:
        headings = [section.metadata[key] for _, key in _HEADERS if key in section.metadata]
        if headings and _same_name(headings[0], doc.title):
            headings = headings[1:]
        path = SECTION_SEPARATOR.join([doc.title, *headings])
        for kind, text in _pack_blocks(_blocks(section.page_content), target_chars, sentence_splitter):
            chunk_id = hashlib.sha256(f"{doc.source}\n{path}\n{text}".encode()).hexdigest()[:24]
            if chunk_id in seen:
                continue
            seen.add(chunk_id)
            chunks.append(Chunk(
                id=chunk_id, text=text, role=doc.title, section=path, source=doc.source, position=len(chunks),
                kind=kind, topics=chunk_topics(headings, text),
            ))
    if not chunks:
        raise DocumentError(doc.source, "has no text that could be chunked")
    return chunks


def _blocks(content: str) -> list[tuple[str, str]]:
    """Group a section's lines into (kind, text) blocks: list items, table rows with their header, paragraphs."""
    blocks: list[tuple[str, str]] = []
    table_header: list[str] = []
    lines = [line.rstrip() for line in content.replace("\r\n", "\n").split("\n")]
    for line in lines:
        stripped = line.strip()
        if not stripped:
            table_header = []
            blocks.append(("break", ""))
            continue
        if stripped.startswith("|") or (table_header and "|" in stripped):
            if _TABLE_SEPARATOR.match(stripped):
                continue
            if not table_header:
                table_header = [stripped]
                continue
            blocks.append(("table", f"{table_header[0]}\n| {' | '.join(['---'] * _cells(table_header[0]))} |\n{stripped}"))
            continue
        table_header = []
        if _LIST_ITEM.match(line):
            indented = len(line) - len(line.lstrip()) >= 2
            item = _LIST_ITEM.sub("", line).strip()
            if indented and blocks and blocks[-1][0] == "list":
                blocks[-1] = ("list", f"{blocks[-1][1]}; {item}")
            else:
                blocks.append(("list", f"- {item}"))
        elif line.startswith(("  ", "\t")) and blocks and blocks[-1][0] == "list":
            blocks[-1] = ("list", f"{blocks[-1][1]} {stripped}")
        elif blocks and blocks[-1][0] == "paragraph":
            blocks[-1] = ("paragraph", f"{blocks[-1][1]} {stripped}")
        else:
            blocks.append(("paragraph", stripped))
    return [b for b in blocks if b[0] != "break"]


def _pack_blocks(blocks: list[tuple[str, str]], target: int, splitter: object) -> list[tuple[str, str]]:
    """Pack consecutive list items or table rows up to the target size; split long paragraphs at sentences."""
    packed: list[tuple[str, str]] = []
    for kind, text in blocks:
        if kind == "paragraph":
            if len(text) <= target:
                packed.append(("line" if len(text) < 80 else "paragraph", text))
            else:
                packed.extend(("paragraph", piece.strip()) for piece in splitter.split_text(text))  # type: ignore[attr-defined]
            continue
        last = packed[-1] if packed else None
        if kind == "list" and last and last[0] == "list" and len(last[1]) + len(text) + 1 <= target:
            packed[-1] = ("list", f"{last[1]}\n{text}")
        elif kind == "table" and last and last[0] == "table" and last[1].split("\n", 1)[0] == text.split("\n", 1)[0] \
                and len(last[1]) + len(text) <= target:
            packed[-1] = ("table", f"{last[1]}\n{text.split(chr(10))[-1]}")
        else:
            packed.append((kind, text))
    return packed


def _cells(row: str) -> int:
    return len([c for c in row.strip().strip("|").split("|")])


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _decode_text(raw: bytes, source: str) -> str:
    if b"\x00" in raw[:8192]:
        raise DocumentError(source, "looks binary (contains NUL bytes), not a text document")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, f"is not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8") from None


def _split_front_matter(text: str, source: str) -> tuple[dict, str]:
    if not text.lstrip().startswith("---"):
        return {}, text
    import frontmatter
    import yaml

    try:
        post = frontmatter.loads(text.lstrip())
    except yaml.YAMLError as exc:
        raise DocumentError(source, f"has malformed front matter ({str(exc).splitlines()[0]})") from None
    if not isinstance(post.metadata, dict):
        raise DocumentError(source, "front matter must be a mapping of keys to values")
    return dict(post.metadata), post.content


def _html_to_markdown(html: str) -> str:
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "iframe", "form"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    body = soup.body or soup
    markdown = markdownify(str(body), heading_style="ATX", bullets="-", strip=["a", "img"])
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    if title and not _first_heading(markdown):
        markdown = f"# {title}\n\n{markdown}"
    return markdown


def _pdf_to_markdown(raw: bytes, source: str) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(source, f"is not a readable PDF ({exc})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError(source, "is a PDF with no extractable text (scanned images need OCR first)")
    return "\n".join(_bullet_glyphs(line) for line in text.splitlines())


def _docx_to_markdown(raw: bytes, source: str) -> str:
    import io
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(source, f"is not a readable .docx file ({exc})") from None
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            style = (item.style.name if item.style is not None else "") or ""
            if not text:
                lines.append("")
            elif style == "Title":
                lines.append(f"# {text}")
            elif style.startswith("Heading") and style[-1:].isdigit():
                lines.append(f"{'#' * min(int(style[-1]), 6)} {text}")
            elif "List" in style:
                lines.append(f"- {text}")
            else:
                lines.extend(["", text, ""])
        elif isinstance(item, Table):
            rows = [[cell.text.strip().replace("|", "/") for cell in row.cells] for row in item.rows]
            if rows:
                lines.append("")
                lines.append("| " + " | ".join(rows[0]) + " |")
                lines.append("|" + "---|" * len(rows[0]))
                lines.extend("| " + " | ".join(r) + " |" for r in rows[1:])
                lines.append("")
    return "\n".join(lines)


def _bullet_glyphs(line: str) -> str:
    return re.sub(r"^\s*[•●▪◦]\s*", "- ", line)


def _first_heading(markdown: str) -> str:
    match = re.search(r"^#\s+(.+)$", markdown, flags=re.M)
    return match.group(1).strip() if match else ""


def _title_from_filename(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip().title()
