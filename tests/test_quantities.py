"""The quantity grammar: numbers, multipliers, units, ranges, fractions, lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.quantities import UnitKind, find_quantities, number_value


def Q(text):
    return [(q.value, q.value_max, q.unit, text[q.start : q.end]) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("培育企业100家", [(100, None, "家", "100家")]),
        ("压缩到8.5个工作日以内", [(8.5, None, "个工作日", "8.5个工作日")]),
        ("清理收费1500多亿元", [(1500, None, "亿元", "1500多亿元")]),
        ("消减积压10万件", [(10, None, "万件", "10万件")]),
        ("提供2000卡时算力，部署5000P算力", [(2000, None, "卡时", "2000卡时"), (5000, None, "P", "5000P")]),
        ("覆盖21大类", [(21, None, "大类", "21大类")]),
        ("降价10%—15%", [(10, 15, "%", "10%—15%")]),
        ("打造1—2个社区，推动3-5个县", [(1, 2, "个", "1—2个"), (3, 5, "个", "3-5个")]),
        ("给予10～20万元扶持", [(10, 20, "万元", "10～20万元")]),
        (
            "建成百个社区、培育千家企业、集聚万名人才",
            [(100, None, "个", "百个"), (1000, None, "家", "千家"), (10000, None, "名", "万名")],
        ),
        ("压减三分之一以上，压缩一半", [(1 / 3, None, "", "三分之一"), (0.5, None, "", "一半")]),
        ("占比百分之十五", [(15, None, "%", "百分之十五")]),
        ("分别压缩至15个、7个工作日以内", [(15, None, "个工作日", "15个"), (7, None, "个工作日", "7个工作日")]),
        ("谋划 10 项关键技术", [(10, None, "项", "10 项")]),
        ("实现一天办结", [(1, None, "天", "一天")]),
        ("年交易额超亿元", [(1, None, "亿元", "亿元")]),
        ("新增1,000家", [(1000, None, "家", "1,000家")]),
    ],
)
def test_quantities(text, want):
    got = Q(text)
    assert [(pytest.approx(v), m, u, s) for v, m, u, s in got] == [(pytest.approx(v), m, u, s) for v, m, u, s in want]


@pytest.mark.parametrize(
    "text", ["培育一批企业", "2018年底前", "国发〔2021〕29号", "关键零部件", "一站式服务", "GB2312标准"]
)
def test_not_quantities(text):
    assert Q(text) == []


def test_kinds():
    kinds = [q.kind for q in find_quantities("5个工作日、30%、2个百分点、100亿元、三分之一、2000卡时")]
    assert kinds == [
        UnitKind.TIME,
        UnitKind.PERCENT,
        UnitKind.POINTS,
        UnitKind.MONEY,
        UnitKind.FRACTION,
        UnitKind.COMPUTE,
    ]


def test_number_values():
    assert number_value("一百五十") == 150
    assert number_value("１２") == 12
    assert number_value("1,500") == 1500


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["家", "个", "项", "万元", "%", "个工作日"]))
def test_arabic_and_chinese_forms_agree(n, unit):
    from kg.numerals import int_to_cn

    (arabic,) = find_quantities(f"新增{n}{unit}")
    assert (arabic.value, arabic.unit) == (n, unit)
    if 1 < n < 100 and not unit.startswith("万"):
        (chinese,) = find_quantities(f"新增{int_to_cn(n)}{unit}")
        assert (chinese.value, chinese.unit) == (n, unit)
