"""Ingest: encodings are detected, not assumed; non-text files are refused by name."""

from __future__ import annotations

import io

import pytest

from kg.errors import IngestError
from kg.ingest import decode_source, read_source
from kg.model import FileFormat

TEXT = "关于印发《运城市加快建设区域性创新中心实施方案》的通知\n一、总体思路\n（一）指导思想\n坚持创新驱动发展，加快科技自立自强步伐。\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
     ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("big5", None)],
)  # fmt: skip
def test_encodings_are_detected(encoding, expected):
    text = (
        TEXT
        if encoding != "big5"
        else "關於印發科技創新三年行動方案的通知\n一、總體要求\n堅持創新驅動發展，加快科技自立自強。\n"
    )
    src = decode_source(text.encode(encoding), "a.txt", ".txt")
    assert src.text.strip() == text.strip()
    if expected:
        assert src.encoding == expected


def test_line_endings_are_normalised():
    src = decode_source("第一行\r\n第二行\r第三行\n".encode(), "a.txt", ".txt")
    assert src.text == "第一行\n第二行\n第三行\n"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [(b"", "empty"), (b"   \n\t  ", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
     (b"%PDF-1.4 binary", "PDF"), (bytes(range(256)) * 40, "not a text file")],
)  # fmt: skip
def test_non_text_is_refused_with_a_reason(raw, problem):
    with pytest.raises(IngestError) as info:
        decode_source(raw, "bad.txt", ".txt")
    assert "bad.txt" in str(info.value)
    assert problem in str(info.value)


def test_html_visible_text_only():
    page = "<html><head><title>t</title><script>alert(1)</script></head><body><p>一、总体要求</p><div>加强组织领导。</div></body></html>"
    src = decode_source(page.encode(), "a.html", ".html")
    assert src.fmt is FileFormat.HTML
    assert "alert" not in src.text
    assert "一、总体要求" in src.text.splitlines()


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("平遥县科技工作要点")
    d.add_paragraph("一、加强组织领导。（县科技局负责）")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "50家"
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "a.docx"
    path.write_bytes(buf.getvalue())
    src = read_source(path, "a.docx")
    assert src.fmt is FileFormat.DOCX
    assert "一、加强组织领导。（县科技局负责）" in src.text
    assert "指标\t50家" in src.text


def test_broken_docx_is_refused(tmp_path):
    path = tmp_path / "b.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError, match="b.docx"):
        read_source(path, "b.docx")


def test_unreadable_file(tmp_path):
    import os

    path = tmp_path / "secret.txt"
    path.write_text("一、总体要求", encoding="utf-8")
    os.chmod(path, 0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user that can read any file")
        with pytest.raises(IngestError, match="permission"):
            read_source(path, "secret.txt")
    finally:
        os.chmod(path, 0o644)
