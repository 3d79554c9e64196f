"""Document headers: title, number, issuer, date, jurisdiction, period, draft, nesting."""

from __future__ import annotations

from conftest import extract_text


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
