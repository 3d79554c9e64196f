"""Annotation: brackets paired with nesting, mixed widths, quotations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.annotate import annotate


def test_nested_brackets_and_depth():
    text = "（责任单位：各区人民政府〈含开发区，下同〉）"
    ann = annotate(text)
    outer, inner = ann.brackets
    assert (outer.open, outer.close, outer.depth) == (0, len(text) - 1, 0)
    assert inner.family == "angle" and inner.depth == 1
    assert ann.top_level() == [outer]
    assert ann.enclosing(inner.open + 1) == inner


def test_mixed_width_parentheses_pair():
    ann = annotate("（市科技局)和(市财政局）")
    assert [(b.open, b.close) for b in ann.brackets] == [(0, 5), (7, 12)]
    assert ann.unpaired == ()


def test_unpaired_brackets_are_recorded():
    ann = annotate("市科技局）负责（未闭合")
    assert ann.brackets == () and ann.unpaired == (4, 7)


def test_quotes():
    ann = annotate("实施“111”创新工程和“揭榜挂帅”")
    assert [ann.text[q.start : q.end] for q in ann.quotes] == ["111", "揭榜挂帅"]


@given(st.text(alphabet="（）()【】〈〉《》市局，", max_size=40))
def test_pairs_are_well_nested(text):
    ann = annotate(text)
    for a in ann.brackets:
        assert a.open < a.close
        for b in ann.brackets:
            # two pairs never cross
            assert not (a.open < b.open < a.close < b.close)
    positions = [p for b in ann.brackets for p in (b.open, b.close)] + list(ann.unpaired)
    assert len(positions) == len(set(positions))
