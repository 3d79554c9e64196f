"""Metric phrases: each construct of `kg.extract.metric_phrase` on an excerpt of the genre."""

from __future__ import annotations

import pytest

from kg.extract.metric_phrase import topic_of
from kg.extract.targets import extract_targets


def metrics(text: str, period=(2021, 2025), doc_year=2021) -> list[tuple[str, float]]:
    targets, _ = extract_targets(text, 0, period, 0, doc_year)
    return [(t.metric, t.value) for t in targets]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # OBJECT: verb + quantity + noun
        ("到2025年，培育10个人工智能OPC生态社区。", [("培育人工智能OPC生态社区数量", 10)]),
        # SUBJECT: noun + verb + quantity; a list of items shares its verb of a flow (新建)
        (
            "到2025年，新建市级重点实验室5个、中试基地3个和星创天地2个。",
            [("新建市级重点实验室数量", 5), ("新建中试基地数量", 3), ("新建星创天地数量", 2)],
        ),
        # a verb that says nothing of what is counted is dropped
        (
            "到2025年，培育推荐省级技术创新中心3个、省级重点实验室2个。",
            [("省级技术创新中心数量", 3), ("省级重点实验室数量", 2)],
        ),
        # PREDICATE: quantity + noun + predicate, nothing before
        (
            "2025年底前，至少2个地市、10个县区实施“互联网+不动产登记”。",
            [("实施“互联网+不动产登记”的地市数量", 2), ("实施“互联网+不动产登记”的县区数量", 10)],
        ),
        ("到2025年，70%以上政务服务事项实现“一窗”分类受理。", [("政务服务事项实现“一窗”分类受理比例", 70)]),
        # CARRIED: a clause with no subject continues the topic of the clause before
        (
            "到2025年，技术合同成交额实现倍增，达到530亿元。",
            [("技术合同成交额", 530)],
        ),
        # a bare measure takes the noun of the item before: 总数达到91家
        (
            "到2025年，实现新认定高新技术企业30家、总数达到91家的目标任务。",
            [("新认定高新技术企业数量", 30), ("高新技术企业总数", 91)],
        ),
        # SHARE: parts of a total just counted
        (
            "到2025年，布局建设15个智创城，其中太原市2个。",
            [("建设智创城数量", 15), ("太原市智创城数量", 2)],
        ),
        # REDUCTION and GROWTH
        ("到2025年，一般工商业电价平均降低10%。", [("一般工商业电价平均降幅", 10)]),
        ("到2025年，技术合同认定登记额年均增长5%。", [("技术合同认定登记额年均增幅", 5)]),
        # 将 marks the object; the deadline and the item number are never part of a metric
        ("（1）2025年底前各地将企业开办时间压缩至3个工作日以内。", [("企业开办时间", 3)]),
        # a noun after the quantity's attributes
        (
            "到2025年，打造10个以上、总面积不低于100万平方米的OPC标杆社区。",
            [("打造OPC标杆社区数量", 10), ("OPC标杆社区面积", 100)],
        ),
        # what each counted thing must be is no target (面积均不少于…)
        ("到2025年，建成超10家面积均不少于1万平方米、全国领先的OPC社区。", [("建成OPC社区数量", 10)]),
        # TIME_LIMIT
        ("到2025年，实现“一表申请、一周开业”。", [("开业时限", 1)]),
        ("到2025年，打造“10分钟创业便利圈”。", [("创业便利圈通达时间", 10)]),
    ],
)
def test_metric_constructs(text, expected):
    assert metrics(text) == expected


def test_items_of_a_time_list_keep_their_subject():
    got = metrics("2025年底前，一般登记、抵押登记业务办理时间分别压缩至15个、7个工作日以内。")
    assert [m for m, _ in got] == ["一般登记、抵押登记业务办理时间"] * 2


def test_topic_of_a_clause():
    assert topic_of("高新技术企业数量实现倍增") == "高新技术企业数量"
    assert topic_of("在全国实现上述目标") == ""  # a prepositional phrase is no topic
    assert topic_of("达到100家") == ""


# metamorphic: the same target with and without its deadline, item number or lead words
@pytest.mark.parametrize(
    "form",
    [
        "新增高新技术企业100家。",
        "到2025年，新增高新技术企业100家。",
        "力争到2025年底新增高新技术企业100家。",
        "（3）新增高新技术企业100家。",
        "全市新增高新技术企业100家以上。",
    ],
)
def test_metric_does_not_depend_on_the_wording_around_it(form):
    assert [m for m, _ in metrics(form)] == ["新增高新技术企业数量"]
