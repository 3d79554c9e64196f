"""Segment: noise, page metadata, tables of contents and nested documents."""

from __future__ import annotations

from kg.model import LineKind
from kg.segment import classify_lines, parse_meta_line, segment, split_lines


def test_split_lines_keeps_offsets():
    text = "  一、总体要求\n\n\u3000（一）指导思想  \n"
    for line in split_lines(text):
        assert text[line.span.start : line.span.end] == line.text
    assert [x.text for x in split_lines(text)] == ["一、总体要求", "（一）指导思想"]


def test_metadata_line_with_several_keys():
    assert parse_meta_line("发文机关: 山西省人民政府 成文日期: 2021-04-30") == {
        "issuer": "山西省人民政府",
        "date": "2021-04-30",
    }
    assert parse_meta_line("索  引 号: 012150SX00100/2022-32171") == {"index": "012150SX00100/2022-32171"}
    assert parse_meta_line("一、发文机关要负责") == {}


def test_web_noise_is_dropped_and_metadata_kept(fixture_text):
    text = fixture_text("plan_with_toc.txt")
    lines = split_lines(text)
    kinds, meta = classify_lines(lines)
    kept = {line.text for line, kind in zip(lines, kinds) if kind is LineKind.CONTENT}
    assert "中国政府网 山西省人大 山西省政协" not in kept
    assert "扫一扫在手机打开当前页面" not in kept
    assert "相关解读" not in kept
    assert meta.number == "晋政发〔2021〕15号"
    assert meta.date == "2021-04-30"
    assert meta.issuer == "山西省人民政府"


def test_table_of_contents_is_skipped(fixture_text):
    text = fixture_text("plan_with_toc.txt")
    lines = split_lines(text)
    kinds, _ = classify_lines(lines)
    toc = [line.text for line, kind in zip(lines, kinds) if kind is LineKind.TOC]
    assert "第一节 推进实施“111”创新工程" in toc
    body = [line.text for line, kind in zip(lines, kinds) if kind is LineKind.CONTENT]
    assert body.count("第一节 推进实施“111”创新工程") == 1


def test_nested_request_notice_measures(fixture_text):
    seg = segment(fixture_text("nested_request_notice_measures.txt"))
    titles = ["".join(x.text for x in s.title_lines) for s in seg.segments]
    assert len(titles) == 3
    assert titles[0].endswith("文件的请示")
    assert titles[1].startswith("忻州市人民政府办公室")
    assert titles[2] == "忻州市关于打造一流创新生态培育壮大高质量转型发展新动能的措施"
    assert "忻科〔2020〕6号" in seg.segments[0].before[0].text


def test_page_title_repeated_as_formal_title_is_one_document(fixture_text):
    seg = segment(fixture_text("web_page_notice.txt"))
    titles = ["".join(x.text for x in s.title_lines) for s in seg.segments]
    assert titles == [
        "呼和浩特市人民政府办公室关于印发科技创新三年行动方案(2021-2023)的通知",
        "呼和浩特市科技创新三年行动方案(2021-2023)",
    ]


def test_no_title_still_yields_one_segment():
    seg = segment("加强组织领导，落实工作责任。\n一、加强领导。\n二、强化保障。\n")
    assert len(seg.segments) == 1
