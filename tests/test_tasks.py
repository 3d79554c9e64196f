"""Tasks: numbering hierarchies, restarts, bare headings, framing sections, headlines."""

from __future__ import annotations

import pytest
from conftest import extract_text

from kg.extract.facts import load_resources
from kg.extract.tasks import build_outline, headline, parse_number, select_tasks
from kg.model import NumberStyle
from kg.segment import split_lines


def notes(text: str):
    return load_resources().attribution.note_spans(text, None)


def tasks_of(body: str):
    lines = split_lines(body)
    units, _ = select_tasks(build_outline(lines), body, notes)
    return [("/".join(u.task.path), u.task.label) for u in units]


def test_parse_number_styles():
    cases = {
        "第二章 实施": (NumberStyle.CHAPTER, 2, "第二章"),
        "第一节 把握": (NumberStyle.SECTION, 1, "第一节"),
        "一、凝聚": (NumberStyle.CN_DUN, 1, "一"),
        "(三)目标任务": (NumberStyle.CN_PAREN, 3, "（三）"),
        "10.培育": (NumberStyle.ARABIC, 10, "10"),
        "1、大力支持": (NumberStyle.ARABIC, 1, "1"),
        "（2）建立": (NumberStyle.ARABIC_PAREN, 2, "（2）"),
        "③完善": (NumberStyle.CIRCLED, 3, "③"),
    }
    for text, (style, value, label) in cases.items():
        num = parse_number(text)
        assert num is not None, text
        assert (num.style, num.value, num.label) == (style, value, label)
    for text in ("2021年是开局之年", "1.5亿元投资", "一是加强", "“十四五”时期", "（市科技局负责）"):
        assert parse_number(text) is None, text


def test_restart_under_each_parent_and_mixed_styles():
    body = """一、总体要求
（一）指导思想
坚持创新驱动。
二、重点任务
（一）完善创新主体体系
1.打造特色新兴产业集群。以全面实施为着力点。
2.建好“三库一榜”。围绕我市十大产业集群。
（二）统筹创新空间布局
1.推进智创城建设。依托创新基地。
①建设孵化器。
②建设加速器。
三、保障措施
（一）建立协同机制
建立市级各部门联席会议制度。
"""
    assert tasks_of(body) == [
        ("二/（一）/1", "打造特色新兴产业集群"),
        ("二/（一）/2", "建好“三库一榜”"),
        ("二/（二）/1/①", "建设孵化器"),
        ("二/（二）/1/②", "建设加速器"),
        ("三/（一）", "建立协同机制"),
    ]


def test_unnumbered_section_heading_gets_the_next_number():
    body = """四、优化政策环境
18.重构科技计划管理体系。重新编制管理办法。（市科技局牵头负责）
培育创新文化，形成创新生态建设合力
19.充分利用科技活动周等活动，大力弘扬科学家精神。（市科协牵头）
"""
    assert tasks_of(body) == [
        ("四/18", "重构科技计划管理体系"),
        ("五/19", "充分利用科技活动周等活动，大力弘扬科学家精神"),
    ]


def test_higher_item_with_its_own_responsibility_is_a_task():
    body = """1.实施人才计划。（市人社局牵头，市财政局配合）
（1）引进高层次人才。
（2）培养本土人才。
2.完善激励机制。
"""
    assert [p for p, _ in tasks_of(body)] == ["1", "1/（1）", "1/（2）", "2"]


def test_framing_sections_are_not_tasks(fixture_text):
    result = extract_text(fixture_text("plan_with_toc.txt"))
    main = result.main
    paths = ["/".join(t.path) for t in main.tasks]
    assert paths == ["第二章/第一节", "第二章/第二节", "第二章/第三节", "第九章/第一节"]
    # the table of contents did not produce tasks twice
    assert len(set(paths)) == len(paths)


def test_goal_heading_without_items_is_not_a_task():
    body = """一、建设目标
到2025年，建成区域科技创新中心。
二、重点任务
（一）加强平台建设。建设重点实验室。
"""
    assert tasks_of(body) == [("二/（一）", "加强平台建设")]


def test_headline():
    assert headline("编制完成“十四五”专项规划。围绕我市产业集群") == "编制完成“十四五”专项规划"
    assert headline("加强组织领导（市科技局负责）", notes) == "加强组织领导"
    assert headline("推广“人工智能OPC”（即一人公司）模式", notes) == "推广“人工智能OPC”（即一人公司）模式"
    assert headline("深化目标考核") == "深化目标考核"


def test_deep_numbering_nests_eight_levels():
    body = "第一章 总则\n第一节 目标\n一、任务\n（一）方向\n1.事项\n（1）子项\n①细项\n1)末项。具体内容。\n"
    paths = [p for p, _ in tasks_of(body)]
    assert paths == ["第一章/第一节/一/（一）/1/（1）/①/1)"]


def test_spans_point_into_the_text(fixture_text):
    text = fixture_text("web_page_notice.txt")
    result = extract_text(text)
    for doc in result.documents:
        for task in doc.tasks:
            assert text[task.span.start : task.span.end] == task.text
            assert task.label in task.text


def test_measures_under_a_numbered_item_and_a_year_after_the_number():
    body = """1.精简许可事项。（审改办牵头，各部门负责）
主要措施：
（1）2018年第三季度完成清理。（审改办牵头，各部门负责）
（2）持续精简行政许可事项。（审改办牵头）
3.2018年要在全国推开改革。（市场监管总局负责）
"""
    assert [p for p, _ in tasks_of(body)] == ["1", "1/（1）", "1/（2）", "3"]


def test_labelled_sub_items_with_their_own_notes():
    body = """三、主要任务
（二）打造社区矩阵。立足青年发展型城市定位，打造社区矩阵。
“一核”：以新城科教创新区为核心，打造主阵地。（牵头单位：市科技局，责任单位：市教育局）
“双园”：鼓励两个产业园打造特色社区。（牵头单位：市科技局）
“多区”：鼓励各区镇利用各类载体。
责任单位：各区镇
（三）建设支撑平台。发挥国有企业作用。
"""
    assert tasks_of(body) == [
        ("三/（二）/一核", "“一核”"),
        ("三/（二）/双园", "“双园”"),
        ("三/（二）/多区", "“多区”"),
        ("三/（三）", "建设支撑平台"),
    ]


def test_labelled_paragraphs_without_notes_stay_in_their_item():
    body = """（一）算力补贴。
支持对象：在本区注册的企业。
支持标准：按实际投入的30%给予补贴。
"""
    assert tasks_of(body) == [("（一）", "算力补贴")]


def test_field_lines_are_not_headings():
    body = """（一）优化布局
1．打造创业带。以高校为核心。
责任单位：市科技局、市工信局
2．建设社区。布局基础设施。
责任单位：各区县（市）政府
（二）创新模式
3．打造线上社区。依托平台。
"""
    assert [p for p, _ in tasks_of(body)] == ["（一）/1", "（一）/2", "（二）/3"]


def test_section_headings_carry_work_only_through_their_items():
    body = """一、总体目标
到2028年，建成百个社区。
二、重点任务
（一）强化算力。打造算力网。
三、组织保障
建立工作推进机制。
"""
    assert tasks_of(body) == [("二/（一）", "强化算力")]


def test_a_long_headline_mentioning_background_is_a_task():
    body = """（3）2018年启动“互联网+”背景下专利代理监管方式创新研究。（知识产权局负责）
"""
    assert [p for p, _ in tasks_of(body)] == ["（3）"]


def test_long_lists_keep_every_item_and_a_stray_large_number_is_text():
    body = "一、重点任务\n" + "".join(f"{i}.推进第{i}项工作。（市科技局负责）\n" for i in range(1, 261))
    paths = [p for p, _ in tasks_of(body)]
    assert len(paths) == 260 and paths[-1] == "一/260"
    stray = "一、重点任务\n1.建设平台。（市科技局负责）\n2.培育企业。（市科技局负责）\n500.万元以上的项目给予支持。\n"
    assert [p for p, _ in tasks_of(stray)] == ["一/1", "一/2"]


def closing_lines(body: str) -> list[str]:
    return [line.text for line in build_outline(split_lines(body)).closing]


def test_closing_matter_after_the_last_item_ends_it():
    body = """十、营造创新氛围
鼓励举办创业大赛。
施行说明：本措施自印发之日起施行，由区科技局会同相关部门负责解释。
"""
    units, other = select_tasks(build_outline(split_lines(body)), body, notes)
    assert [u.task.path for u in units] == [("十",)]
    assert "施行说明" not in units[0].task.text and "鼓励举办创业大赛" in units[0].task.text
    assert [line.text for line in other] == ["施行说明：本措施自印发之日起施行，由区科技局会同相关部门负责解释。"]


@pytest.mark.parametrize(
    "closing",
    [
        "施行说明：本措施自2026年3月18日起施行。",
        "附则",
        "附件1：重点任务分工表",
        "附：首批OPC社区授牌",
        "政策咨询：市科技局高新技术处",
        "本政策涉及的财政补助，由各专项资金承担。",
        "本方案自印发之日起试行，由市经济和信息化局负责解释。",
        "下一步，市市场监管局将持续优化服务。",
    ],
)
def test_every_kind_of_closing_matter_ends_the_items(closing):
    body = f"五、一站办结\n全面推行一站式服务。\n{closing}\n其后的说明。\n"
    assert closing_lines(body) == [closing, "其后的说明。"]


def test_closing_words_before_the_last_item_are_the_items_text():
    # only after the last numbered line: a paragraph of an item in the middle stays in it
    body = "一、加强统筹\n下一步，市科技局将牵头制定细则。\n二、完善机制\n建立联席会议制度。\n"
    assert closing_lines(body) == []
    units, _ = select_tasks(build_outline(split_lines(body)), body, notes)
    assert "下一步" in units[0].task.text
    # a paragraph of the last item that is no closing matter stays in it
    assert closing_lines("五、一站办结\n全面推行一站式服务。\n各地要抓好落实。\n") == []


def test_articles_about_the_document_and_its_beneficiaries_are_no_tasks():
    body = """二、支持对象
注册在本区的OPC企业。
三、支持措施
1.提供低成本创业空间。对入驻社区的OPC给予免租支持。
2.本措施所称OPC，是指以个人为核心的创业主体。
3.本《意见》由区工作专班负责统筹推进与解释。
"""
    assert tasks_of(body) == [("三/1", "提供低成本创业空间")]


def test_a_heading_printed_in_lenticular_brackets_is_its_words():
    body = "第四条 【建设OPC特色孵化空间】\n对新认定的社区给予支持。\n第五条 【提供人才保障】对人才给予补贴。\n"
    assert tasks_of(body) == [("第四条", "建设OPC特色孵化空间"), ("第五条", "提供人才保障")]
