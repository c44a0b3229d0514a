"""A corpus of hostile role documents, written by code into a folder (no bomb is ever stored in git).

`write_hostile(folder, outside)` writes each case into `folder` (and a secret file into `outside`, the target of
a link out and of an XML external entity) and returns {file name: what the skip reason must say}. A case whose
expected reason is None must be read (it is odd but harmless). tests/test_hostile.py ingests the folder together
with a good document; benchmarks/hostile.py times each case and measures memory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

SECRET = "hunter2-outside-secret"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str, prolog: str = "", document: bytes | None = None) -> bytes:
    """A minimal Word file whose document.xml holds `body` (or exactly `document`)."""
    xml = document if document is not None else (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {_W}><w:body>{body}</w:body></w:document>'
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _zip_bomb_docx(unpacked: int, zip64: bool = True) -> bytes:
    """A .docx whose document.xml unpacks to `unpacked` bytes of whitespace (written in pieces, never held)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=zip64) as member:
            member.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode())
            piece = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                member.write(piece)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def _lying_zip_docx(real: int) -> bytes:
    """A .docx whose headers claim document.xml unpacks to 100 bytes while it holds `real` bytes: the sizes a zip
    claims are not to be trusted."""
    out = bytearray(_zip_bomb_docx(real, zip64=False))
    name = b"word/document.xml"
    # (signature, offset of the name's length, of the name, of the uncompressed size): local header, central directory
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            length = struct.unpack("<H", out[start + length_at:start + length_at + 2])[0]
            if out[start + name_at:start + name_at + length] == name:
                out[start + size_at:start + size_at + 4] = struct.pack("<I", 100)
            start += 4
    return bytes(out)


def minimal_pdf(lines: list[str], pages: int = 1, broken_xref: bool = False) -> bytes:
    """A PDF with real text objects (Helvetica) on `pages` pages, built by hand."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        *(["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
           f"/Resources << /Font << /F1 {4 + pages} 0 R >> >> >>"] * pages),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{obj}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{(off * 7 + 13) if broken_xref else off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n"
              f"{xref + 999 if broken_xref else xref}\n%%EOF\n".encode())
    return out.getvalue()


def _pdf_flate_bomb(unpacked: int) -> bytes:
    """A one-page PDF whose content stream inflates to `unpacked` bytes of one repeated text operator."""
    op = b"(Lead the team.) Tj T* "
    compressor = zlib.compressobj(9)
    body = [compressor.compress(b"BT /F1 12 Tf 72 720 Td 14 TL ")]
    chunk = op * ((1 << 20) // len(op))
    for _ in range(unpacked // len(chunk)):
        body.append(compressor.compress(chunk))
    body.append(compressor.compress(b" ET") + compressor.flush())
    stream = b"".join(body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lines.append("title: *h")
    return "---\n" + "\n".join(lines) + "\n---\n# Bomb\n\nText.\n"


def write_hostile(folder: Path, outside: Path) -> dict[str, str | None]:
    """Write every hostile case into `folder`; return {file name: a phrase its skip reason must contain}."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.md"
    secret.write_text(f"# Secret Role\n\n## Pay\n\n{SECRET} $999,999\n")
    cases: dict[str, tuple[bytes, str | None]] = {
        # front matter
        "alias-bomb.md": (_alias_bomb().encode(), "YAML aliases are not allowed"),
        "yaml-deep.md": (("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n# Deep\n\nText.\n").encode(),
                         "nested"),
        "yaml-deep-mapping.md": (("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(60))
                                  + " " * 60 + "v: 1\n---\n# Deep\n\nText.\n").encode(), "nested"),
        "yaml-huge.md": (("---\ntitle: Big\nnotes: " + "x" * 20_000 + "\n---\n# Big\n\nText.\n").encode(),
                         "front matter over"),
        "yaml-python-tag.md": (b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n# T\n\nText.\n",
                               "malformed front matter"),
        # Word
        "docx-malformed.docx": (docx("", document=b'<?xml version="1.0"?><w:document ' + _W.encode()
                                     + b"><w:body><w:p><w:r><w:t>Unclosed</w:r></w:body>"), "not well-formed"),
        "docx-30k-paragraphs.docx": (docx("".join(paragraph(f"Line {i}") for i in range(30_000))), "paragraphs"),
        "docx-many-runs.docx": (docx("<w:p>" + "<w:r><w:t>x</w:t></w:r>" * 150_000 + "</w:p>"), "elements"),
        "docx-zip-bomb.docx": (_zip_bomb_docx(200 << 20), "unpacks to"),
        "docx-lying-sizes.docx": (_lying_zip_docx(64 << 20), "docx"),
        "docx-entity-bomb.docx": (docx(paragraph("&l9;"), prolog=(
            '<!DOCTYPE w:document [<!ENTITY l0 "lollollollollol">'
            + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)) + "]>")),
            "entit"),
        "docx-external-entity.docx": (docx(paragraph("&x;"), prolog=(
            f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>')), "entit"),
        "docx-not-zip.docx": (b"PK\x03\x04 this is not really a zip archive", "not a readable .docx"),
        # HTML
        "html-200k-siblings.html": (("<html><body>" + "<span>x</span>" * 200_000 + "</body></html>").encode(),
                                    "elements"),
        "html-deep.html": (("<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000
                            + "</body></html>").encode(), "elements"),
        "html-deep-small.html": (("<html><body>" + "<div>" * 5_000 + "deep" + "</div>" * 5_000
                                  + "</body></html>").encode(), "nested"),
        # PDF
        "pdf-broken-xref.pdf": (minimal_pdf(["Warehouse Operative", "Moves stock safely."], broken_xref=True), None),
        "pdf-truncated.pdf": (minimal_pdf(["Warehouse Operative"])[:60], "not a readable PDF"),
        "pdf-many-pages.pdf": (minimal_pdf(["Page"], pages=400), "pages"),
        "pdf-flate-bomb.pdf": (_pdf_flate_bomb(256 << 20), "PDF"),
        # text
        "nul-bytes.txt": (b"Looks like text at first. " * 500 + b"\x00\x01\x02" * 100, "NUL"),
        "invalid-utf8.md": ("# Café Manager\n\nRuns the café. ".encode() + b"\xff\xfe\xc3\x28 bad bytes", "UTF-8"),
        "empty.md": (b"", "is empty"),
        "only-spaces.txt": (b" \n\t \n", "is empty"),
        "over-size-limit.md": (b"# Big Role\n\n" + b"Words words words. " * 300_000, "byte limit"),
        "markdown-deep-lists.md": (("# Lists\n\n" + "".join("  " * i + "- item\n" for i in range(500))
                                          ).encode(), None),
        "markdown-brackets.md": (b"# Brackets\n\n" + b"[" * 1_000_000, "took over"),
        "markdown-100k-lines.md": (("# Items\n\n" + "- item\n" * 100_000).encode(), "lines"),
        "markdown-6k-items.md": (("# Items\n\n" + "- item\n" * 6_000).encode(), "paragraphs, list items"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    (folder / "link-outside.md").symlink_to(secret)
    expected: dict[str, str | None] = {name: reason for name, (_, reason) in cases.items()}
    expected["link-outside.md"] = "links outside the folder"
    return expected
