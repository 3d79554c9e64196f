"""Agencies: roles from responsibility notes, canonical names with jurisdiction."""

from __future__ import annotations

import pytest

from kg.extract.agencies import AgencyResolver, extract_agencies, parse_note
from kg.model import Role


@pytest.fixture(scope="module")
def resolver(gaz):
    return AgencyResolver(gaz)


XINZHOU, HOHHOT, SHANXI, TAIYUAN, XIAODIAN = "140900", "150100", "140000", "140100", "140105"


@pytest.mark.parametrize(
    ("surface", "region", "name", "code"),
    [
        ("市科技局", XINZHOU, "忻州市科学技术局", XINZHOU),
        ("市科技局", HOHHOT, "呼和浩特市科学技术局", HOHHOT),
        ("忻州市科学技术局", HOHHOT, "忻州市科学技术局", XINZHOU),
        ("忻州市科技局", XINZHOU, "忻州市科学技术局", XINZHOU),
        ("省科技厅", XINZHOU, "山西省科学技术厅", SHANXI),
        ("自治区科技厅", HOHHOT, "内蒙古自治区科学技术厅", "150000"),
        ("市委组织部", XINZHOU, "中共忻州市委组织部", XINZHOU),
        ("市发改委", TAIYUAN, "太原市发展和改革委员会", TAIYUAN),
        ("市国资委", XINZHOU, "忻州市人民政府国有资产监督管理委员会", XINZHOU),
        ("市金融办", XINZHOU, "忻州市人民政府金融工作办公室", XINZHOU),
        ("区科技局", XIAODIAN, "小店区科学技术局", XIAODIAN),
        ("市科技局", XIAODIAN, "太原市科学技术局", TAIYUAN),
        ("土左旗", HOHHOT, "土默特左旗人民政府", "150121"),
        ("和林县", HOHHOT, "和林格尔县人民政府", "150123"),
        ("新城区", HOHHOT, "呼和浩特市新城区人民政府", "150102"),
        ("忻州经济开发区管委会", XINZHOU, "忻州经济开发区管理委员会", XINZHOU),
        ("科技部", XINZHOU, "中华人民共和国科学技术部", "100000"),
    ],
)
def test_canonical_names(resolver, surface, region, name, code):
    assert resolver.resolve(surface, region) == (name, code)


@pytest.mark.parametrize(
    "surface", ["市直有关单位", "各县（市、区）政府", "各相关部门", "各开发区", "有关部门", "各级政府"]
)
def test_collective_references_are_not_agencies(resolver, surface):
    assert resolver.resolve(surface, XINZHOU) == (None, None)


def test_parse_note_roles_and_nesting():
    names = parse_note("市委组织部、市人社局牵头，市教育局、市工信局等相关单位和各县（市、区）政府配合")
    assert [(n.surface, n.role) for n in names] == [
        ("市委组织部", Role.LEAD),
        ("市人社局", Role.LEAD),
        ("市教育局", Role.SUPPORT),
        ("市工信局", Role.SUPPORT),
        ("各县（市、区）政府", Role.SUPPORT),
    ]


def test_parse_note_keeps_names_with_he():
    names = parse_note("市工业和信息化局、市人力资源和社会保障局牵头负责")
    assert [n.surface for n in names] == ["市工业和信息化局", "市人力资源和社会保障局"]


def _roles(text, resolver, region=XINZHOU, first=False):
    refs, collective = extract_agencies(text, 0, region, resolver, first)
    return [(r.name, r.role.value) for r in refs], collective


def test_trailing_parenthesis(resolver):
    text = "5.完善人才政策。建设人才公寓。（市委组织部牵头，市科技局、各县（市、区）政府配合）"
    refs, collective = _roles(text, resolver)
    assert refs == [("中共忻州市委组织部", "lead"), ("忻州市科学技术局", "support")]
    assert collective == ["各县（市、区）政府"]


def test_list_without_role_word_means_all_lead(resolver):
    assert _roles("1.持续推进高新区建设。(金山高新区、市科技局)", resolver, HOHHOT)[0] == [
        ("金山高新区", "lead"),
        ("呼和浩特市科学技术局", "lead"),
    ]


def test_stated_convention_first_listed_leads(resolver):
    refs, _ = _roles("（二）建设孵化器。（市科技局，市财政局、市人社局）", resolver, first=True)
    assert refs == [
        ("忻州市科学技术局", "lead"),
        ("忻州市财政局", "support"),
        ("忻州市人力资源和社会保障局", "support"),
    ]


def test_responsibility_lines_and_in_text(resolver):
    text = "建立人才库。\n牵头单位：市人社局；配合单位：市财政局、市科技局\n由市教育局负责做好高校对接。"
    refs, _ = _roles(text, resolver)
    assert ("忻州市人力资源和社会保障局", "lead") in refs
    assert ("忻州市财政局", "support") in refs and ("忻州市科学技术局", "support") in refs
    assert ("忻州市教育局", "lead") in refs


def test_spans_point_at_the_surface(resolver):
    text = "3.开展实验室建设。（市科技局负责）"
    refs, _ = extract_agencies(text, 100, XINZHOU, resolver, False)
    (ref,) = refs
    assert text[ref.span.start - 100 : ref.span.end - 100] == "市科技局"
