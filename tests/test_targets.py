"""Targets: numbers, units, ranges, comparators, deadlines; what is not a target."""

from __future__ import annotations

import pytest

from kg.extract.targets import QuantityClass, classify_sentence, extract_targets


def T(text, period=(2021, 2025), headline_len=0):
    targets, incentives = extract_targets(text, 0, period, headline_len)
    return [(t.value, t.value_max, t.unit, t.comparator.value, t.year) for t in targets], [
        (i.value, i.value_max, i.unit) for i in incentives
    ]


def test_basic_and_enumerations():
    got, _ = T("新建市级重点实验室5个、工程技术研究中心5个，新增国家级企业技术中心1个。", (2022, 2022))
    assert got == [(5, None, "个", "=", 2022), (5, None, "个", "=", 2022), (1, None, "个", "=", 2022)]


def test_comparators():
    got, _ = T("到2025年，高新技术企业达到5000家以上，R&D经费占比达到2.5%左右，民营科技企业突破100家，能耗不超过10%。")
    assert [(v, c) for v, _, _, c, _ in got] == [(5000, ">="), (2.5, "≈"), (100, ">="), (10, "<=")]


def test_tupo_as_verb_is_not_a_comparator():
    got, _ = T("到2023年，突破30项重大关键技术。", (2021, 2023))
    assert got == [(30, None, "项", "=", 2023)]


def test_ranges_and_chinese_numerals():
    got, _ = T("力争形成2-3个高水平理工科高等院校，新建十个众创空间，支持百家企业上市。")
    assert got == [(2, 3, "个", "=", 2025), (10, None, "个", "=", 2025), (100, None, "家", "=", 2025)]


def test_deadline_carries_to_following_sentences():
    got, _ = T(
        "到2023年，建成区域科技创新中心城市。万人拥有发明专利数量达到10件，科技进步贡献率达到62%左右。", (2021, 2023)
    )
    assert got == [(10, None, "件", "=", 2023), (62, None, "%", "≈", 2023)]


def test_deadline_before_year_end():
    got, _ = T("2023年底前，新增省级孵化器3家。", None)
    assert got == [(3, None, "家", "=", 2023)]


def test_per_year_rate_has_no_deadline_and_no_period():
    assert T("每年认定高新技术企业50家以上。", (2021, 2023))[0] == [(50, None, "家", ">=", None)]
    assert T("组建3个中试基地。", None)[0] == [(3, None, "个", "=", None)]


def test_background_statistics_are_not_targets():
    text = (
        "截至2020年，全省共建成5个国家级重点实验室。全省共有103个重点实验室。2016年至2019年，共获得国家科学技术奖18项。"
    )
    assert T(text)[0] == []


def test_document_counts_names_and_ordinals_are_not_targets():
    assert T("重点要抓好5个方面21项工作落实落地。深入推进“111”工程，实施国家重点实验室“保5争5”行动。")[0] == []
    assert T("实施千名民营企业家培养行动。")[0] == []


def test_incentives_are_kept_apart():
    got, incentives = T(
        "对新认定省级中试基地的单位给予200万元奖励，单个成果最高补助50万元，给予10～20万元科研项目扶持。"
    )
    assert got == []
    assert incentives == [(200, None, "万元"), (50, None, "万元"), (10, 20, "万元")]


def test_doubling_without_number():
    got, _ = T("到2025年，研发经费投入实现倍增。实施高新技术企业倍增计划。")
    assert got == [(None, None, None, "x2", 2025)]


def test_money_target_in_yi_yuan():
    got, _ = T("年度计划投资120.37亿元。", (2021, 2021))
    assert got == [(120.37, None, "亿元", "=", 2021)]


def test_headline_number_repeated_in_body_is_read_once():
    text = "2.突破30项重大关键技术。围绕新兴产业开展攻关。到2023年，突破30项重大关键技术。"
    got, _ = T(text, (2021, 2023), headline_len=text.index("。") + 1)
    assert got == [(30, None, "项", "=", 2023)]


# -- the classifier: targets, incentives, thresholds, statistics, the plan's own parts -----


@pytest.mark.parametrize(
    ("sentence", "cls"),
    [
        ("对入驻企业按不超过实际投入的30%给予补贴。", QuantityClass.INCENTIVE),
        ("每年发放不超过5000万元算力券。", QuantityClass.INCENTIVE),
        ("给予最高500万元资金支持。", QuantityClass.INCENTIVE),
        ("由具备开发能力的微型团队（一般不超过10人）创办。", QuantityClass.THRESHOLD),
        ("对吸纳就业5人以上的青年创业实体给予奖励。", QuantityClass.THRESHOLD),
        ("培育年交易额超亿元的跨境电商企业。", QuantityClass.THRESHOLD),
        ("每年新引进亿元以上生物医药项目。", QuantityClass.THRESHOLD),
        ("截至2020年，全省共建成5个国家级重点实验室。", QuantityClass.BACKGROUND),
        ("对现有1300多项行政许可事项进行清理。", QuantityClass.BACKGROUND),
        ("重点抓好5个方面21项工作。", QuantityClass.SELF_COUNT),
        ("力争实现三个“零”的突破。", QuantityClass.SELF_COUNT),
        ("落实省科技厅等七个部门的部署。", QuantityClass.NONE),
        ("取证时间从平均22个工作日压缩至平均9个工作日。", QuantityClass.NONE),
        ("实施千名民营企业家培养行动。", QuantityClass.NONE),
        ("到2025年，培育高新技术企业5000家。", QuantityClass.TARGET),
        ("“十三五”以来，我区种植面积稳定，食糖产量占全国60%左右。", QuantityClass.BACKGROUND),
        ("设立科创板，是党中央交给上海的一项重大任务。", QuantityClass.NONE),
        # 现有 in an earlier clause says nothing of this quantity's time
        ("充分利用现有创业支持政策，打造集聚区，力争建设9个创新创业集聚区。", QuantityClass.TARGET),
        ("打造“10分钟创业便利圈”。", QuantityClass.TARGET),
        # who qualifies, the 对… phrase opened after a conjunction or running on past a comma
        ("落实减免政策，以及对月销售额未超过10万元的小规模纳税人免征增值税。", QuantityClass.THRESHOLD),
        ("以及对月销售额未超过10万元，季度销售额未超过30万元的小规模纳税人免征增值税。", QuantityClass.THRESHOLD),
        ("年营收超千万元、具有高成长性的OPC企业。", QuantityClass.THRESHOLD),
        ("推动数字游民与三次产业融合发展。", QuantityClass.NONE),
    ],
)
def test_each_quantity_is_classified_with_a_reason(sentence, cls):
    from kg.extract.deadlines import DocTime, find_deadlines

    readings = classify_sentence(sentence, find_deadlines(sentence, DocTime(2021, (2021, 2025))), period=(2021, 2025))
    assert readings[0].cls is cls, readings[0].reason
    assert readings[0].reason


def test_reductions_and_time_limits():
    got, _ = T("明年上半年企业开办时间压缩到8.5个工作日以内，五年内压缩到5个工作日以内。", (2018, 2018))
    assert got[0] == (8.5, None, "个工作日", "<=", None) or got[0][:4] == (8.5, None, "个工作日", "<=")
    targets, _ = extract_targets(
        "明年上半年企业开办时间压缩到8.5个工作日以内，五年内压缩到5个工作日以内。", 0, None, 0, 2018
    )
    assert [(t.value, t.unit, t.comparator.value, t.year) for t in targets] == [
        (8.5, "个工作日", "<=", 2019),
        (5, "个工作日", "<=", 2022),
    ]
    targets, _ = extract_targets(
        "2018年将许可证管理的38类产品压减三分之一以上，取证时间从平均22个工作日压缩至平均9个工作日。", 0, None, 0, 2018
    )
    assert [(round(t.value, 3), t.unit, t.comparator.value, t.year) for t in targets] == [
        (0.333, "", ">=", 2018),
        (9, "个工作日", "=", 2018),
    ]


def test_metrics_are_noun_phrases():
    targets, _ = extract_targets(
        "到2028年，建成百个人工智能OPC生态社区，主要申报业务应用率达70%，一般工商业电价平均降低10%。", 0, (2026, 2028)
    )
    assert [t.metric for t in targets] == [
        "建成人工智能OPC生态社区数量",
        "主要申报业务应用率",
        "一般工商业电价平均降幅",
    ]


# metamorphic: one target written in equivalent forms
@pytest.mark.parametrize(
    "form",
    [
        "到2025年，新增高新技术企业100家。",
        "到2025年，新增高新技术企业一百家。",
        "到2025年，新增高新技术企业 100 家。",
        "2025年底前，新增高新技术企业100家。",
        "力争到2025年底，新增高新技术企业100家。",
        "新增高新技术企业100家（到2025年）。",
    ],
)
def test_equivalent_forms_give_the_same_target(form):
    targets, _ = extract_targets(form, 0, (2021, 2025))
    assert [(t.value, t.unit, t.year) for t in targets] == [(100, "家", 2025)]


def test_every_condition_of_a_qualifying_phrase_is_a_threshold():
    from kg.extract.deadlines import DocTime, find_deadlines

    sentence = "以及对月销售额未超过10万元，季度销售额未超过30万元的小规模纳税人免征增值税。"
    readings = classify_sentence(sentence, find_deadlines(sentence, DocTime(2026, None)))
    assert [r.cls for r in readings] == [QuantityClass.THRESHOLD, QuantityClass.THRESHOLD]
    sentence = "孵化出100家以上年营收超千万元、具有高成长性的OPC企业。"
    readings = classify_sentence(sentence, find_deadlines(sentence, DocTime(2026, None)))
    assert [r.cls for r in readings] == [QuantityClass.TARGET, QuantityClass.THRESHOLD]


def test_a_milestone_in_brackets_is_the_same_metric_with_its_own_year():
    got, _ = T("到2025年，新建省级重点实验室5个（2024年2个）。")
    assert got == [(5, None, "个", "=", 2025), (2, None, "个", "=", 2024)]
    targets, _ = extract_targets("到2025年，高新技术企业达到500家（其中2023年达到300家）。", 0, (2021, 2025))
    assert [(t.metric, t.value, t.year) for t in targets] == [
        ("高新技术企业数量", 500, 2025),
        ("高新技术企业数量", 300, 2023),
    ]
    # what a total contains is no milestone
    got, _ = T("到2025年，建成重点实验室10个（其中省级5个）。")
    assert got == [(10, None, "个", "=", 2025)]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("研发经费支出年均增长15%。", "研发经费支出年均增幅"),
        ("研发经费支出年均增长不低于15%。", "研发经费支出年均增幅"),
        ("高新技术企业数量达500家以上。", "高新技术企业数量"),
        ("高新技术企业数量达500家以上（2025年）。", "高新技术企业数量"),
    ],
)
def test_the_metric_does_not_change_with_a_comparator_or_a_year_in_brackets(text, metric):
    targets, _ = extract_targets(text, 0, (2021, 2025))
    assert [t.metric for t in targets] == [metric]
