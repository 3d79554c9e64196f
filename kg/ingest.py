"""Ingest: read one corpus file and decode it to text.

Supported: ``.txt`` (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, GB18030/GBK,
Big5 — detected with charset-normalizer, never assumed), ``.html``/``.htm`` (visible
text) and ``.docx`` (paragraphs and table cells).  Anything else that is not text is
refused with an :class:`IngestError` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from kg.errors import IngestError
from kg.model import FileFormat, SourceText

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES

#: Files larger than this are refused (a scraped policy page is rarely over 2 MB).
MAX_BYTES = 64 * 1024 * 1024

# Magic numbers of common binary formats that end up renamed as .txt.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file (convert it to text first)",
    b"PK\x03\x04": "a ZIP archive",
    b"\xd0\xcf\x11\xe0": "an old MS Office file (.doc/.xls; save it as .docx)",
    b"\x7fELF": "an executable",
}

_NEWLINES_RE = re.compile(r"\r\n?|\u2028|\u2029|\x85")
# Control characters other than tab and newline are dropped (they break RDF and HTML).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "th",
)  # fmt: skip


def read_source(path: Path, rel: str) -> SourceText:
    """Read and decode one file; raises IngestError with a message naming the problem."""
    try:
        if path.is_symlink() and not path.exists():
            raise IngestError(rel, "broken or looping symbolic link")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(rel, f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES // 2**20} MiB limit")
        raw = path.read_bytes()
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(rel, "permission denied (file is not readable)") from None
    except OSError as exc:
        raise IngestError(rel, f"cannot be read: {exc.strerror or exc}") from None
    return decode_source(raw, rel, path.suffix.lower())


def decode_source(raw: bytes, rel: str, suffix: str) -> SourceText:
    """Decode raw bytes of a file with the given suffix (pure function)."""
    sha = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise IngestError(rel, "file is empty")
    if suffix in DOCX_SUFFIXES:
        text, enc, fmt = _docx_text(raw, rel), "docx", FileFormat.DOCX
    else:
        for magic, what in _BINARY_MAGIC.items():
            if raw.startswith(magic):
                raise IngestError(rel, f"not a text file: looks like {what}")
        text, enc = decode_bytes(raw, rel)
        fmt = FileFormat.TEXT
        if suffix in HTML_SUFFIXES or _looks_like_html(text):
            text, fmt = html_text(text), FileFormat.HTML
    text = _CONTROL_RE.sub("", _NEWLINES_RE.sub("\n", text))
    if not text.strip():
        raise IngestError(rel, "file has no text (only whitespace or markup)")
    return SourceText(path=rel, text=text, sha256=sha, encoding=enc, fmt=fmt)


def decode_bytes(raw: bytes, rel: str) -> tuple[str, str]:
    """Detect the encoding of raw bytes and decode them."""
    # BOMs are unambiguous.
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc, errors="replace"), enc
    # UTF-16 without BOM: many NUL bytes at odd or even positions.
    if raw.count(b"\x00") > len(raw) // 4:
        even, odd = raw[0::2].count(0), raw[1::2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            raise IngestError(rel, "not a text file: binary content") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        best = from_bytes(raw).best()
    if best is None:
        raise IngestError(rel, "not a text file: no text encoding fits its bytes")
    enc = best.encoding.replace("_", "-")
    # GBK/GB2312 detections are decoded as GB18030, their superset.
    if enc in {"gb2312", "gbk", "hz"}:
        enc = "gb18030"
    text = raw.decode(enc, errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 50):
        raise IngestError(rel, f"not a text file: undecodable bytes (best guess {enc})")
    return text, enc


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def html_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "iframe", "svg"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return "\n".join(line.strip() for line in text.split("\n"))


def _docx_text(raw: bytes, rel: str) -> str:
    try:
        import docx
    except ImportError:  # pragma: no cover - dependency is declared
        raise IngestError(rel, "python-docx is not installed") from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(rel, f"not a valid .docx file ({exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
