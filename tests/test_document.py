"""Document headers: title, number, issuer, date, jurisdiction, period, draft, nesting."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, extract_text


def test_nested_documents(fixture_text, gaz):
    result = extract_text(fixture_text("nested_request_notice_measures.txt"))
    docs = {d.key: d for d in result.documents}
    assert set(docs) == {"main", "wrapper1", "wrapper2"}
    assert docs["wrapper1"].doc_number == "忻科〔2020〕6号"
    assert docs["wrapper1"].date == "2020-04-09"
    assert docs["wrapper1"].issuers == ("忻州市科学技术局",)
    assert not docs["wrapper1"].draft
    assert docs["wrapper2"].draft and docs["wrapper2"].date is None  # 2020年4月  日: blank day
    assert docs["wrapper2"].wrapped_in == "wrapper1"
    assert docs["main"].wrapped_in == "wrapper2"
    assert docs["main"].draft  # carried by a draft notice
    assert docs["main"].title == "忻州市关于打造一流创新生态培育壮大高质量转型发展新动能的措施"
    assert docs["main"].doc_number is None
    assert gaz.get(docs["main"].region).name == "忻州市"


def test_web_page_notice_and_plan(fixture_text, gaz):
    result = extract_text(fixture_text("web_page_notice.txt"))
    docs = {d.key: d for d in result.documents}
    assert docs["wrapper1"].title == "关于印发科技创新三年行动方案(2021-2023)的通知"
    assert docs["wrapper1"].issuers == ("呼和浩特市人民政府办公室",)
    assert docs["wrapper1"].period is None
    main = docs["main"]
    assert main.title == "呼和浩特市科技创新三年行动方案(2021-2023)"
    assert main.doc_number == "呼政办字〔2021〕7号"  # issued by the notice
    assert main.date == "2021-02-03"
    assert main.period == (2021, 2023)
    region = gaz.get(main.region)
    assert (region.name, region.level, gaz.get(region.parent).name) == ("呼和浩特市", "city", "内蒙古自治区")


def test_page_metadata_plan(fixture_text, gaz):
    result = extract_text(fixture_text("plan_with_toc.txt"))
    (main,) = result.documents
    assert main.title == "山西省“十四五”打造一流创新生态 实施创新驱动、科教兴省、人才强省战略规划"
    assert main.doc_number == "晋政发〔2021〕15号"
    assert main.date == "2021-04-30"
    assert main.period == (2021, 2025)
    assert gaz.get(main.region).level == "province"


def test_county_notice_with_articles(fixture_text, gaz):
    result = extract_text(fixture_text("county_articles.txt"))
    docs = {d.key: d for d in result.documents}
    main = docs["main"]
    assert main.title == "平遥县促进科技成果转化若干措施（试行）"
    assert main.doc_number == "平政办发〔2023〕12号"
    region = gaz.get(main.region)
    assert (region.level, gaz.get(region.parent).name) == ("county", "晋中市")
    assert [t.path for t in main.tasks] == [("第二条",), ("第三条", "（1）"), ("第三条", "（2）")]


def test_annual_work_list_period_and_draft():
    text = "2022年太原市科技创新工作要点\n（征求意见稿）\n一、强化创新平台\n1.建设重点实验室。新建市级重点实验室5个。（市科技局负责）\n"
    (main,) = extract_text(text).documents
    assert main.title == "2022年太原市科技创新工作要点"
    assert main.period == (2022, 2022)
    assert main.draft
    assert main.issuers == ("太原市人民政府",)


def test_five_year_plan_period():
    text = "河北省“十四五”科技创新规划\n第一章 重点任务\n第一节 建设创新平台\n建设国家重点实验室。\n"
    (main,) = extract_text(text).documents
    assert main.period == (2021, 2025)


def test_republished_page(gaz):
    from test_segment import REPUBLISHED_PAGE

    docs = {d.key: d for d in extract_text(REPUBLISHED_PAGE).documents}
    assert set(docs) == {"main", "wrapper1"}
    notice, main = docs["wrapper1"], docs["main"]
    # the title as printed, issuer included; the issuer is read from it
    assert notice.title == "临川市科学技术局关于印发《临川市支持智能制造创新发展若干措施》的通知"
    assert notice.issuers == ("临川市科学技术局",)
    assert main.title == "临川市支持智能制造创新发展若干措施"
    assert main.doc_number == notice.doc_number == "临科〔2025〕21号"
    assert main.date == notice.date == "2025-09-08"  # signed 2025月9月8日: the year typed with 月
    assert main.period == (2025, 2028)  # 自印发之日起施行，有效期三年


def test_signature_date_with_a_typo():
    text = "临川市科技创新工作方案\n一、建设平台。建设平台5个。\n临川市科学技术局\n2026月3月26日\n"
    (main,) = extract_text(text).documents
    assert main.date == "2026-03-26"
    assert main.issuers == ("临川市科学技术局",)


def test_draft_page_dated_by_its_publication_statement(gaz):
    text = (
        "---\ntitle: 关于加快打造青年创业社区的若干措施\n---\n"
        "政策解读\n政策原文\n"
        "关于加快打造青年创业社区的若干措施\n"
        " 2026-01-05\n"
        "来源：公众号某某汇\n"
        "为培育创业生态，制定以下措施。\n"
        "一、打造创业社区。打造10个创业社区。\n"
        "常熟市人民政府2026年1月6日在某某大会发布，根据权威媒体报道整理。\n"
    )
    (main,) = extract_text(text).documents
    assert main.title == "关于加快打造青年创业社区的若干措施"
    assert main.date == "2026-01-06"  # the publication statement's, before the page's date
    assert gaz.get(main.region).name == "常熟市"  # the publisher names the region


def test_publishers_listed_together_are_each_an_issuer(gaz):
    text = (
        "---\ntitle: 临川区关于支持创业生态发展的若干措施\n---\n"
        "临川区关于支持创业生态发展的若干措施\n"
        "一、提供低成本创业空间。打造10个创业社区。\n"
        "临川区科学技术局、临川区发展和改革委员会2026年5月9日发布，根据官网内容整理。\n"
    )
    (main,) = extract_text(text).documents
    assert main.issuers == ("临川区科学技术局", "临川区发展和改革委员会")
    assert main.date == "2026-05-09"


def test_region_written_under_its_parent_is_the_narrower(gaz):
    text = "上海市徐汇区支持人工智能创新发展的若干措施\n一、建设社区。建设社区3个。\n"
    (main,) = extract_text(text).documents
    assert gaz.get(main.region).name == "徐汇区"


def test_validity_period():
    text = (
        "临川市支持算力发展若干措施\n一、建设算力。\n施行说明：本措施自2026年3月18日起施行，有效期至2028年12月31日。\n"
    )
    assert extract_text(text).documents[0].period == (2026, 2028)
    text = "临川市支持算力发展若干措施\n一、建设算力。\n本措施自2025年12月30日起试行，试行期二年。\n"
    assert extract_text(text).documents[0].period == (2025, 2027)


def test_title_in_book_title_marks():
    text = "《临川市优化营商环境措施三十条（2026年）》（节选）\n一、优化审批。压缩审批时间。\n"
    (main,) = extract_text(text).documents
    assert main.title == "临川市优化营商环境措施三十条（2026年）"  # no marks, no excerpt mark


def test_untitled_notice_gives_number_and_date():
    text = (FIXTURES / "untitled_notice.txt").read_text(encoding="utf-8")
    (main,) = extract_text(text).documents
    assert (main.doc_number, main.date) == ("临科发〔2026〕9号", "2026-04-08")
    assert main.issuers == ("临川区科学技术委员会",)


def test_joint_signature_names_every_issuer():
    text = (
        "关于印发《临川市创业扶持实施方案》的通知\n"
        "各有关单位：\n"
        "现将《临川市创业扶持实施方案》印发给你们，请认真贯彻落实。\n"
        "临川市科学技术局  临川市财政局\n"
        "临川市人力资源和社会保障局\n"
        "2026年3月19日\n"
        "临川市创业扶持实施方案\n"
        "一、支持创业。给予创业补贴。\n"
    )
    docs = {d.key: d for d in extract_text(text).documents}
    assert docs["wrapper1"].issuers == ("临川市科学技术局", "临川市财政局", "临川市人力资源和社会保障局")
    assert docs["main"].issuers == docs["wrapper1"].issuers  # carried by the 印发 notice


@pytest.mark.parametrize("signed", ["2022年3月15日", "二〇二二年三月十五日", "二○二二年三月十五日"])
def test_a_date_signed_in_chinese_numerals_is_the_same_date(signed):
    text = (
        "忻州市人民政府办公室\n关于印发忻州市科技创新行动计划的通知\n忻政办发〔2022〕15号\n"
        "各县（市、区）人民政府，市直各有关单位：\n现将《忻州市科技创新行动计划》印发给你们，请认真贯彻落实。\n"
        f"忻州市人民政府办公室\n{signed}\n"
        "忻州市科技创新行动计划\n一、培育创新主体。到2025年，高新技术企业达到200家。\n"
    )
    docs = {d.key: d for d in extract_text(text).documents}
    assert docs["main"].title == "忻州市科技创新行动计划"
    assert docs["main"].date == docs["wrapper1"].date == "2022-03-15"
