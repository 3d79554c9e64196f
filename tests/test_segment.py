"""Segment: noise, page metadata, tables of contents and nested documents."""

from __future__ import annotations

from conftest import FIXTURES

from kg.model import LineKind
from kg.segment import classify_lines, parse_meta_line, publication_statement, segment, split_lines


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


# A republished policy page as a plain scraper sees it: front matter, page tabs, a tag
# repeating the start of the title, the title, the page's date and issuer, the notice,
# a publication marker, the measures it carries, and the page's footer links.
REPUBLISHED_PAGE = """---
layout: default
title: 临川市科学技术局关于印发《临川市支持智能制造创新发展若干措施》的通知
---

      政策解读
      政策原文
      临川

临川市科学技术局关于印发《临川市支持智能制造创新发展若干措施》的通知

 2025-09-08

 临川市科学技术局

 来源：公众号某某汇

临科〔2025〕21号
各县（区）人民政府，市直有关单位：
《临川市支持智能制造创新发展若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。
临川市科学技术局
2025月9月8日
（此件公开发布）
临川市支持智能制造创新发展若干措施
为加快智能制造发展，制定本措施。
一、建设智能工厂。对新建智能工厂给予奖励。
二、培育服务机构。支持服务机构做大做强。
施行说明：本措施自印发之日起施行，有效期三年。
    返回政策原文列表
  ← 上一篇
  下一篇 →
"""


def test_front_matter_is_page_metadata():
    lines = split_lines(REPUBLISHED_PAGE)
    kinds, meta = classify_lines(lines)
    assert kinds[:4] == [LineKind.METADATA] * 4
    assert meta.title == "临川市科学技术局关于印发《临川市支持智能制造创新发展若干措施》的通知"
    assert meta.published == "2025-09-08"  # the bare date under the page title


def test_page_chrome_is_noise():
    lines = split_lines(REPUBLISHED_PAGE)
    kinds, _ = classify_lines(lines)
    kept = [line.text for line, kind in zip(lines, kinds) if kind is LineKind.CONTENT]
    for chrome in ("---", "layout: default", "政策解读", "政策原文", "临川", "2025-09-08", "（此件公开发布）"):
        assert chrome not in kept
    for chrome in ("返回政策原文列表", "← 上一篇", "下一篇 →", "来源：公众号某某汇"):
        assert chrome not in kept
    assert "临川市科学技术局" in kept  # the page's issuer line stays: it is no chrome


def test_republished_page_holds_a_notice_and_its_measures():
    seg = segment(REPUBLISHED_PAGE)
    titles = ["".join(x.text for x in s.title_lines) for s in seg.segments]
    assert titles == [
        "临川市科学技术局关于印发《临川市支持智能制造创新发展若干措施》的通知",
        "临川市支持智能制造创新发展若干措施",
    ]


def test_a_dash_line_without_front_matter_is_content():
    lines = split_lines("---\n一、总体要求\n加快发展。\n---\n")
    kinds, meta = classify_lines(lines)
    assert kinds[0] is LineKind.CONTENT and meta.title is None


def test_truncated_tag_of_the_title_is_noise():
    text = "关于印发《临川\n关于印发《临川市数字经济发展政策清单（第一批）》的通知\n各有关单位：\n"
    lines = split_lines(text)
    kinds, _ = classify_lines(lines)
    assert kinds[:2] == [LineKind.NOISE, LineKind.CONTENT]
    seg = segment(text)
    assert "".join(x.text for x in seg.segments[0].title_lines) == lines[1].text


def test_publication_statement_gives_date_and_publisher():
    text = (
        "临川市促进人工智能产业发展的若干措施（征求意见稿）\n"
        "一、建设算力平台。支持建设公共算力平台。\n"
        "临川市发展和改革委员会2026年3月31日发布，征求意见时间为2026年3月31日—2026年4月10日。\n"
        "该部分内容根据临川市发展和改革委员会官网整理。\n"
    )
    lines = split_lines(text)
    kinds, meta = classify_lines(lines)
    assert kinds[2:] == [LineKind.METADATA, LineKind.NOISE]
    assert meta.published == "2026-03-31"
    assert meta.issuer == "临川市发展和改革委员会"
    assert publication_statement("2026年3月2日临川区发改委发布，根据官网内容整理。") == ("2026-03-02", "临川区发改委")
    assert publication_statement("2026年4月14日发布") == ("2026-04-14", None)
    assert publication_statement("2022年1月5日，市政府发布《临川市规划》。") is None  # a sentence of the text


def test_untitled_notice_under_the_page_title_is_part_of_the_document():
    text = (FIXTURES / "untitled_notice.txt").read_text(encoding="utf-8")
    seg = segment(text)
    assert len(seg.segments) == 1
    (doc,) = seg.segments
    assert doc.before[0].text == "临科发〔2026〕9号" and doc.before[-1].text == "2026年4月8日"
    assert doc.lines[0].text.startswith("1.")
