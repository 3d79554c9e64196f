"""Hostile and broken input (issue 9): each case builds, the other documents are in the
graph, and a refused file is named with its problem."""

from __future__ import annotations

import codecs
import os
import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main

GOOD = "000_70eba105ec7cd892.txt"
NOTICE = "平遥县科技工作要点\n一、重点任务\n1.建设重点实验室。新建市级重点实验室5个。（县科技局负责）\n"


def _bad_corpus(folder):
    """The cases: name → (bytes or a callable making the file, expected message or None)."""
    folder.mkdir()
    shutil.copy(ROOT / "corpus" / GOOD, folder / GOOD)
    cases = {
        "empty.txt": (b"", "file is empty"),
        "blank.txt": (" \n\t\r\n\u3000".encode(), "no text"),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + os.urandom(300), "looks like a PNG image"),
        "binary.html": (os.urandom(4000), "not a text file"),
        "fake.docx": (b"PK\x03\x04garbage", "not a valid .docx"),
        "gbk.txt": (NOTICE.replace("平遥", "介休").encode("gbk"), None),
        "gb18030.txt": ((NOTICE.replace("平遥", "祁县") + "新增𠀀号平台2个。\n").encode("gb18030"), None),
        "big5.txt": ("臺北市科技工作要點\n一、重點任務\n1.建設實驗室。新建實驗室5個。（市科技局負責）\n".encode("big5"), None),
        "utf16le.txt": (codecs.BOM_UTF16_LE + NOTICE.replace("平遥", "太谷").encode("utf-16-le"), None),
        "utf16be.txt": (NOTICE.replace("平遥", "榆社").encode("utf-16-be"), None),
        "mixed_endings.txt": (NOTICE.replace("平遥", "左权").replace("\n", "\r\n", 1).encode(), None),
        "cr_only.txt": (NOTICE.replace("平遥", "和顺").replace("\n", "\r").encode(), None),
        "nul_bytes.txt": (NOTICE.replace("平遥", "昔阳").encode().replace("。".encode(), "。\x00".encode()), None),
        "unbalanced.txt": (("寿阳县工作要点\n一、任务\n1.落实《山西省条例。（县科技局牵头\n2.完善（机制。\n").encode(), None),
        "long_paren.txt": (("灵石县工作要点\n一、任务\n1.建设平台。（" + "县科技局、" * 1000 + "）\n").encode(), None),
        "deep.txt": ("第一章 总则\n第一节 目标\n一、任务\n（一）方向\n1.事项\n（1）子项\n①细项\n1)末项。内容。\n".encode(), None),
        "名 称 \"引号\" #1 文件.txt": (NOTICE.replace("平遥", "清徐").encode(), None),
        "zero_width.txt": ("忻州市科技工作要点\n一、任务\n1.建设平台。（市\u200b科技局\u3000牵头，市财政局配合）\n".encode(), None),
        "noise_only.txt": ("网站支持IPv6\n智能问答 长者模式 登录| 注册\n扫一扫在手机打开当前页面\n".encode(), "no document text"),
        "one_long_line.txt": (("阳曲县工作要点 " + "建设平台，新增实验室5个，" * 40000).encode(), None),
        "copy_of_good.txt": ((ROOT / "corpus" / GOOD).read_bytes(), None),
        "markup.txt": (
            ('关于印发《"><script>alert(1)</script>方案》的通知\n<b>"><img src=x onerror=alert(2)></b>实施方案\n'
             '一、<i>任务</i>\n1.建设"平台"\\。javascript:alert(3)（市"科技局"牵头）\n').encode(),
            None,
        ),
    }  # fmt: skip
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    (folder / "big.txt").write_bytes(
        (NOTICE.replace("平遥", "长治") * 1).encode() + ("建设平台，新增实验室5个。\n" * 450_000).encode()
    )
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "fifo.txt")
    expected = {name: msg for name, (_, msg) in cases.items() if msg}
    expected.update(
        {
            "loop_a.txt": "symbolic link",
            "loop_b.txt": "symbolic link",
            "dangling.txt": "symbolic link",
            "fifo.txt": "not a regular file",
        }
    )
    return expected


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad")
    expected = _bad_corpus(base / "corpus")
    out = base / "out"
    result = CliRunner().invoke(main, ["build", str(base / "corpus"), "-o", str(out), "--jobs", "2"])
    return result, expected, out, None


def test_build_finishes_and_names_every_refused_file(bad_build):
    result, expected, out, _ = bad_build
    assert result.exit_code == 0, result.output
    assert len(expected) + 18 >= 20
    for name, message in expected.items():
        line = next((ln for ln in result.output.splitlines() if ln.startswith(f"skipped {name}:")), None)
        assert line is not None, (name, result.output[-3000:])
        assert message in line, (name, line)


def test_every_readable_document_is_in_the_graph(bad_build):
    result, expected, out, _ = bad_build
    files = {
        t.object.value
        for t in ox.parse(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
        if t.predicate.value.endswith("#sourceFile")
    }
    for name in ("gbk.txt", "gb18030.txt", "big5.txt", "utf16le.txt", "utf16be.txt", "mixed_endings.txt", "cr_only.txt",
                 "nul_bytes.txt", "unbalanced.txt", "long_paren.txt", "deep.txt", "名 称 \"引号\" #1 文件.txt",
                 "zero_width.txt", "one_long_line.txt", "markup.txt", "big.txt", GOOD):  # fmt: skip
        assert name in files, name


def _query(out, q):
    from kg.query import open_store, run

    return [[v.value if v is not None else None for v in sol] for sol in run(open_store(out), q)]


def test_same_document_twice_is_one_node(bad_build):
    _, _, out, _ = bad_build
    rows = _query(
        out,
        'SELECT ?d (COUNT(DISTINCT ?f) AS ?n) WHERE { ?d dcterms:title "2021年忻州市创新生态建设重点工作" ; ont:sourceFile ?f } GROUP BY ?d',
    )
    assert len(rows) == 1 and rows[0][1] == "2"


def test_zero_width_and_full_width_inside_agency_names(bad_build):
    _, _, out, _ = bad_build
    rows = _query(
        out,
        """SELECT DISTINCT ?a WHERE { ?t ont:leadAgency/rdfs:label ?a ; ont:inDocument/ont:sourceFile "zero_width.txt" }""",
    )
    assert rows == [["忻州市科学技术局"]]


def test_encodings_decode_to_the_right_text(bad_build):
    _, _, out, _ = bad_build
    titles = {r[0] for r in _query(out, "SELECT ?t WHERE { ?d ont:sourceFile ?f ; dcterms:title ?t }")}
    expected = {f"{place}县科技工作要点" for place in ("介休", "祁县", "太谷", "榆社")} | {"臺北市科技工作要點"}
    assert expected <= titles


def test_markup_is_kept_as_text(bad_build):
    _, _, out, _ = bad_build
    titles = {r[0] for r in _query(out, 'SELECT ?t WHERE { ?d ont:sourceFile "markup.txt" ; dcterms:title ?t }')}
    assert any("<script>alert(1)</script>" in t for t in titles)
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = page.split('<script type="application/json" id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "<script" not in data and "<img" not in data


def test_deep_numbering_gets_a_deep_path(bad_build):
    _, _, out, _ = bad_build
    paths = {r[0] for r in _query(out, 'SELECT ?p WHERE { ?t ont:path ?p ; ont:inDocument/ont:sourceFile "deep.txt" }')}
    assert paths == {"第一章/第一节/一/（一）/1/（1）/①/1)"}
