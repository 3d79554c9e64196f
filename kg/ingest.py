"""Ingest: read one corpus file and decode it to text.

Supported: ``.txt`` (UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, GB18030/GBK,
Big5 — detected with charset-normalizer, never assumed), ``.html``/``.htm`` (visible
text) and ``.docx`` (paragraphs and table cells).  Anything else that is not text is
refused with an :class:`IngestError` naming the file and the problem.

Every file is untrusted: a ``.docx`` may inflate only so far (in all, and per member
relative to its compressed size), XML and HTML that declare entities (a DTD, the way
to XXE and "billion laughs") are refused, HTML text is collected without recursion
(50,000 nested elements take linear time), and decoding runs under a time budget
(:class:`Limits`).  A stray undecodable byte in an otherwise UTF-8 file is replaced,
and the replacement is named with its byte offset in the file's ``encoding``.
"""

from __future__ import annotations

import hashlib
import io
import re
import signal
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import IngestError
from kg.model import FileFormat, SourceText

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES

#: Files larger than this are refused (a scraped policy page is rarely over 2 MB).
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one file may cost to read."""

    max_bytes: int = MAX_BYTES  # size of the file
    max_inflated: int = 256 * 2**20  # all members of a .docx, unpacked (as the zip declares them)
    max_ratio: float = 100.0  # unpacked / packed size of one member over 1 MiB (real XML: 5-20)
    max_members: int = 10_000  # entries of a .docx
    seconds: float = 60.0  # time to read and extract a file (where a timer can interrupt it) …
    seconds_per_mb: float = 20.0  # … plus this per MB of the file: a big file is no hostile one

    def budget(self, size: int) -> float:
        """The time budget of a file of `size` bytes (a 16 MB text needs ~60 s at 2 cores)."""
        return self.seconds + self.seconds_per_mb * size / 2**20


DEFAULT_LIMITS = Limits()
#: A member smaller than this is never refused for its ratio.
_RATIO_FLOOR = 2**20

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


def read_source(path: Path, rel: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Read and decode one file; raises IngestError with a message naming the problem."""
    try:
        if path.is_symlink() and not path.exists():
            raise IngestError(rel, "broken or looping symbolic link")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise IngestError(rel, f"file is {size / 1e6:.0f} MB, over the {limits.max_bytes / 2**20:g} MiB limit")
        raw = path.read_bytes()
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(rel, "permission denied (file is not readable)") from None
    except OSError as exc:
        raise IngestError(rel, f"cannot be read: {exc.strerror or exc}") from None
    return decode_source(raw, rel, path.suffix.lower(), limits)


class _OverBudget(Exception):
    pass


#: Seconds after which an expired budget rings again (its first exception was swallowed).
RERAISE_AFTER = 0.05


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `_OverBudget` in this block after `seconds` (a real-time timer; only in
    the main thread of a process, where signals are delivered: build workers are)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    expired = False

    def expire(signum, frame):  # type: ignore[no-untyped-def]  # noqa: ANN001, ARG001
        nonlocal expired
        expired = True
        # the exception is lost when the signal lands in a garbage-collector callback or
        # a __del__ ("Exception ignored in …"): ring again soon, until it is raised
        signal.setitimer(signal.ITIMER_REAL, RERAISE_AFTER)
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:  # the block ended on its own, but after its time
        raise _OverBudget


def decode_source(raw: bytes, rel: str, suffix: str, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """Decode raw bytes of a file with the given suffix (pure function); a file that
    takes longer than ``limits.seconds`` is refused."""
    try:
        with time_budget(limits.seconds):
            return _decode(raw, rel, suffix, limits)
    except _OverBudget:
        raise IngestError(rel, f"took over {limits.seconds:g} s to read; skipped") from None


def _decode(raw: bytes, rel: str, suffix: str, limits: Limits) -> SourceText:
    sha = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise IngestError(rel, "file is empty")
    if suffix in DOCX_SUFFIXES:
        text, enc, fmt = _docx_text(raw, rel, limits), "docx", FileFormat.DOCX
    else:
        for magic, what in _BINARY_MAGIC.items():
            if raw.startswith(magic):
                raise IngestError(rel, f"not a text file: looks like {what}")
        text, enc = decode_bytes(raw, rel)
        fmt = FileFormat.TEXT
        if suffix in HTML_SUFFIXES or _looks_like_html(text):
            _refuse_entities(text[:1_000_000].encode("utf-8", "replace"), rel, "the page")
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
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        return mostly
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


def _mostly_utf8(raw: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few stray bytes: the text with each replaced by U+FFFD, and
    an encoding that names their byte offsets.  None unless the valid part is plainly
    UTF-8 (many multi-byte characters per bad byte: GBK or Big5 read as UTF-8 give
    hardly any), so that other encodings still go to detection."""
    parts: list[str] = []
    offsets: list[int] = []
    pos, most = 0, 8 + len(raw) // 1000
    while True:
        try:
            parts.append(raw[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(raw[pos : pos + exc.start].decode("utf-8"))
            offsets.append(pos + exc.start)
            if len(offsets) > most:
                return None
            parts.append("\ufffd")
            pos += exc.end
    text = "".join(parts)
    wide = sum(1 for c in text if ord(c) > 0x7F) - len(offsets)
    if wide < 20 * len(offsets):
        return None
    shown = ", ".join(str(o) for o in offsets[:5]) + (", …" if len(offsets) > 5 else "")
    noun = "byte" if len(offsets) == 1 else "bytes"
    return text, f"utf-8 ({len(offsets)} undecodable {noun} replaced, at byte offset {shown})"


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def html_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup, CData, NavigableString, Tag

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "iframe", "svg"]):
        tag.decompose()
    # The text in document order with a newline around each block element, collected
    # with a stack (inserting the newlines into the tree costs time quadratic in depth).
    out: list[str] = []
    stack: list[object] = [soup]
    blocks = set(_BLOCK_TAGS)
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            out.append(node)  # a newline pushed below
        elif isinstance(node, Tag):
            block = node is not soup and node.name in blocks
            if block:
                out.append("\n")
                stack.append("\n")
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            out.append(str(node))
    text = "".join(out)
    return "\n".join(line.strip() for line in text.split("\n"))


_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)\b[^>]*(?:\[|SYSTEM|PUBLIC|<!ENTITY)", re.IGNORECASE)


def _refuse_entities(data: bytes, rel: str, where: str) -> None:
    """XML entities are how XXE and "billion laughs" work; no policy document needs
    one, so a file that declares any is refused (``<!DOCTYPE html>`` is fine)."""
    if _DTD_RE.search(data):
        raise IngestError(rel, f"{where} declares a DTD or XML entities (<!DOCTYPE [...]>/<!ENTITY>); refused")


def _check_zip(raw: bytes, rel: str, limits: Limits) -> None:
    """Refuse a .docx that would inflate beyond the limits, before anything unpacks it.
    zipfile stops each member at its declared size, so the declared sizes bound what
    python-docx can be made to unpack."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(rel, f"not a valid .docx file ({exc})") from None
    if len(infos) > limits.max_members:
        raise IngestError(rel, f"not a .docx: {len(infos)} entries in the zip, over the limit of {limits.max_members}")
    total = 0
    mb = limits.max_inflated / 2**20
    for info in infos:
        total += info.file_size
        if total > limits.max_inflated:
            raise IngestError(
                rel,
                f"inflates beyond {mb:g} MB (a zip bomb?): {info.filename} alone unpacks to "
                f"{info.file_size / 2**20:.0f} MB from {info.compress_size / 2**20:.1f} MB",
            )
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
            raise IngestError(
                rel,
                f"inflates beyond the limit (a zip bomb?): {info.filename} would unpack {ratio:.0f}-fold, "
                f"to {info.file_size / 2**20:.0f} MB (the limit is {limits.max_ratio:g}-fold)",
            )


def _scan_xml(zf: zipfile.ZipFile, rel: str) -> None:
    """Refuse a .docx whose XML parts declare a DTD or entities (XXE)."""
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        with zf.open(info) as member:
            tail = b""
            while chunk := member.read(1 << 20):
                _refuse_entities(tail + chunk, rel, info.filename)
                tail = chunk[-256:]


def _docx_text(raw: bytes, rel: str, limits: Limits = DEFAULT_LIMITS) -> str:
    try:
        import docx
    except ImportError:  # pragma: no cover - dependency is declared
        raise IngestError(rel, "python-docx is not installed") from None
    _check_zip(raw, rel, limits)
    try:
        _scan_xml(zipfile.ZipFile(io.BytesIO(raw)), rel)
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise IngestError(rel, f"not a valid .docx file ({exc})") from None
    except SyntaxError as exc:  # lxml's XMLSyntaxError
        raise IngestError(rel, f"not a valid .docx file: broken XML ({exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
