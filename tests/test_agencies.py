"""Agencies of a task: notes read, names recognised and resolved, one node per body;
collective references and rejected words kept as text."""

from __future__ import annotations

import pytest

from kg.annotate import annotate
from kg.extract.agencies import extract_agencies
from kg.extract.attribution import Conventions
from kg.extract.facts import load_resources
from kg.model import Role

XINZHOU, HOHHOT = "140900", "150100"


@pytest.fixture(scope="module")
def res():
    return load_resources()


def found(res, text, region=XINZHOU, offset=0):
    return extract_agencies(annotate(text), offset, region, res.attribution, res.agencies, Conventions())


def test_trailing_parenthesis(res):
    text = "5.完善人才政策。建设人才公寓。（市委组织部牵头，市科技局、各县（市、区）政府配合）"
    got = found(res, text)
    assert [(a.name, a.role) for a in got.agencies] == [
        ("中共忻州市委组织部", Role.LEAD),
        ("忻州市科学技术局", Role.SUPPORT),
    ]
    assert got.collective == ("各县（市、区）政府",)


def test_list_without_role_word_means_all_lead(res):
    got = found(res, "1.持续推进高新区建设。(金山高新区、市科技局)", HOHHOT)
    assert [(a.name, a.role) for a in got.agencies] == [
        ("金山高新区", Role.LEAD),
        ("呼和浩特市科学技术局", Role.LEAD),
    ]


def test_one_node_per_body_lead_wins(res):
    text = "1.推进。（市科技局配合）\n由市科学技术局牵头开展工作。"
    (agency,) = found(res, text).agencies
    assert agency.name == "忻州市科学技术局" and agency.role is Role.LEAD


def test_rejected_words_are_kept_with_a_reason(res):
    got = found(res, "1.推进。（责任单位：市科技局、对于性能先进的模型）")
    assert [a.name for a in got.agencies] == ["忻州市科学技术局"]
    (bad,) = got.rejected
    assert bad.surface == "对于性能先进的模型" and "clause" in bad.reason


def test_spans_point_at_the_surface(res):
    text = "3.开展实验室建设。（市科技局负责）"
    (ref,) = found(res, text, offset=100).agencies
    assert text[ref.span.start - 100 : ref.span.end - 100] == "市科技局"
    assert ref.evidence == "市科技局负责"
    assert "市科技局" in ref.labels


def test_a_district_body_in_a_zones_document_is_the_zones():
    """区经济发展局 in a document a development zone issues: the zone's bureau; with no
    zone issuing it, the words stay as written."""
    from kg.annotate import annotate
    from kg.extract.agencies import extract_agencies
    from kg.extract.attribution import Conventions
    from kg.extract.facts import load_resources

    res = load_resources()
    text = "四、开放场景。由区经济发展局牵头发布场景清单。"

    def names(issuer):
        found = extract_agencies(annotate(text), 0, "320400", res.attribution, res.agencies, Conventions(), issuer)
        return [a.name for a in found.agencies]

    assert names("常州经济开发区党政办公室") == ["常州经济开发区经济发展局"]
    assert names("苏州工业园区管理委员会") == ["苏州工业园区经济发展局"]
    assert names("常州市人民政府") == names(None) == ["区经济发展局"]
