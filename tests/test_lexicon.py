"""The lexicon of names: trie, gazetteer, body types, recogniser, resolver."""

from __future__ import annotations

import pytest

from kg.lexicon.bodies import BodyKind, load_lexicon
from kg.lexicon.recognise import NameRecogniser, Verdict
from kg.lexicon.resolve import AgencyResolver
from kg.lexicon.trie import CharTrie

XINZHOU, HOHHOT, SHANXI, TAIYUAN, XIAODIAN = "140900", "150100", "140000", "140100", "140105"
TAICANG, GUANGDONG, WUHAN, LUOHU, BEIJING, HAIDIAN = "320585", "440000", "420100", "440303", "110000", "110108"
JIASHAN, NATIONAL = "330421", "100000"


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


@pytest.fixture(scope="module")
def recogniser(lex, gaz):
    return NameRecogniser(lex, gaz)


@pytest.fixture(scope="module")
def resolver(lex, gaz):
    return AgencyResolver(gaz, lex)


def resolve(recogniser, resolver, surface, region):
    (rec,) = recogniser.read(surface, region)
    assert rec.verdict is Verdict.AGENCY, (surface, rec.reason)
    return resolver.resolve(rec.parse, region)


# -- trie ---------------------------------------------------------------------


def test_trie_longest_match_and_spans():
    trie: CharTrie[int] = CharTrie()
    for n, word in enumerate(["科技", "科技局", "市科技局", "局"]):
        trie.add(word, n)
    assert trie.longest_at("市科技局牵头", 0) == (4, (2,))
    assert trie.longest_at("科技局", 0) == (3, (1,))
    assert [(s, e) for s, e, _ in trie.spans("由科技局和局")] == [(1, 4), (5, 6)]
    assert trie.get("科技") == (0,) and trie.get("科") == ()


# -- gazetteer ------------------------------------------------------------------


def test_gazetteer_spans_full_and_short_names(gaz):
    found = gaz.find_all("忻州市和山西省")
    assert [(m.surface, m.region.code) for m in found] == [("忻州市", XINZHOU), ("山西省", SHANXI)]
    assert gaz.match_at("广东金融监管局", 0).region.code == GUANGDONG


def test_county_short_names_need_context(gaz):
    assert gaz.lookup("太仓") is None  # a county-level short name is weak alone
    assert gaz.lookup("太仓", TAICANG).code == TAICANG
    assert gaz.lookup("太仓市").code == TAICANG


@pytest.mark.parametrize(
    ("name", "city", "code"),
    [
        ("龙华", "440300", "440309"),
        ("光明区", "440300", "440311"),
        ("临平", "330100", "330113"),
        ("即墨", "370200", "370215"),
    ],
)
def test_districts_made_after_2016_are_known(gaz, name, city, code):
    # the county-level changes since the table's source (深圳市龙华区 2017, 杭州市临平区 2021 …)
    found = gaz.lookup(name, city)
    assert found is not None and found.code == code and found.parent == city
    assert gaz.lookup("龙华", "460100").code == "460106"  # 海口市龙华区 stays


def test_the_narrowest_region_a_name_opens_with(gaz):
    assert gaz.opening_region("广州市海珠区人工智能发展局").code == "440105"
    assert gaz.opening_region("佛山市南海区桂城街道办事处").code == "440605"
    assert gaz.opening_region("北京市经济和信息化局").code == "110000"
    assert gaz.opening_region("经济发展局") is None


def test_a_body_named_with_its_district_is_the_districts(recogniser, resolver):
    # bodies the lexicon does not know, named with their city and district
    assert resolve(recogniser, resolver, "广州市海珠区人工智能发展局", "440100").region == "440105"
    assert resolve(recogniser, resolver, "北京市通州区人才工作局", BEIJING).region == "110112"
    # a zone named after a place is not that place's body
    assert resolve(recogniser, resolver, "内蒙古和林格尔新区", HOHHOT).region == "150000"


def test_gazetteer_full_names_and_abbreviations(gaz):
    assert gaz.full_name(LUOHU) == "深圳市罗湖区"
    assert gaz.full_name(HAIDIAN) == "北京市海淀区"
    assert gaz.full_name(TAICANG) == "太仓市"
    assert gaz.abbreviation("土左旗", HOHHOT).name == "土默特左旗"
    assert gaz.abbreviation("和林县", HOHHOT).name == "和林格尔县"
    assert gaz.city_of(TAICANG).name == "苏州市"


# -- body lexicon ---------------------------------------------------------------


def test_lexicon_rows_are_well_formed(lex):
    for form, types in lex.local.items():
        assert form and "{" not in form
        for body in types:
            assert "{R}" in body.template or "{S}" in body.template, body.template
            assert body.levels <= {"province", "city", "county"}
    for form, body in lex.national.items():
        assert form in body.forms and body.official
    assert lex.suffix_of("住房和城市更新局").word == "局"
    assert lex.expand("金山高新区管委会") == "金山高新区管理委员会"


# -- recogniser -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("市科技局", Verdict.AGENCY),
        ("市委组织部（人才办）", Verdict.AGENCY),
        ("武汉投控集团", Verdict.AGENCY),
        ("国务院审改办", Verdict.AGENCY),
        ("各区人民政府", Verdict.COLLECTIVE),
        ("市直有关单位", Verdict.COLLECTIVE),
        ("国务院相关部门", Verdict.COLLECTIVE),
        ("科研院所", Verdict.COLLECTIVE),
        ("武汉市对于性能先进的模型", Verdict.REJECTED),
        ("每年为每家OPC提供不少于2000卡时", Verdict.REJECTED),
        ("配合单位：市财政局", Verdict.REJECTED),
        ("市科技局）", Verdict.REJECTED),
        ("东莞市领导", Verdict.REJECTED),
        ("制造业龙头企业牵头建设开源实验室", Verdict.REJECTED),
        ("加快推进", Verdict.REJECTED),
    ],
)
def test_verdicts(recogniser, text, verdict):
    (rec,) = recogniser.read(text, XINZHOU)
    assert rec.verdict is verdict, rec.reason
    assert rec.reason


def test_names_run_together_are_split(recogniser):
    recs = recogniser.read("市经信局市新经济委", WUHAN)
    assert [r.surface for r in recs] == ["市经信局", "市新经济委"]
    assert all(r.verdict is Verdict.AGENCY for r in recs)


def test_known_body_scores_above_a_shape(recogniser):
    known = recogniser.recognise("市科技局", XINZHOU)
    shape = recogniser.recognise("市人才工作局", XINZHOU)
    assert known.score > shape.score >= 0.55


def test_level_word_is_not_mistaken_for_a_prefix(recogniser):
    rec = recogniser.recognise("市场监管局", XINZHOU)
    assert rec.parse.level is None and rec.parse.body == "市场监管局"
    rec = recogniser.recognise("市市场监管局", XINZHOU)
    assert rec.parse.level == "市" and rec.parse.body == "市场监管局"


# -- resolver ---------------------------------------------------------------------


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
        ("区科技局", XIAODIAN, "太原市小店区科学技术局", XIAODIAN),
        ("市科技局", XIAODIAN, "太原市科学技术局", TAIYUAN),
        ("土左旗", HOHHOT, "土默特左旗人民政府", "150121"),
        ("和林县", HOHHOT, "和林格尔县人民政府", "150123"),
        ("新城区", HOHHOT, "呼和浩特市新城区人民政府", "150102"),
        ("忻州经济开发区管委会", XINZHOU, "忻州经济开发区管理委员会", XINZHOU),
        ("科技部", XINZHOU, "科学技术部", NATIONAL),
        # a county-level city is its own 市
        ("市科技局", TAICANG, "太仓市科学技术局", TAICANG),
        ("高新区", TAICANG, "太仓高新技术产业开发区", TAICANG),
        ("团市委", TAICANG, "共青团太仓市委员会", TAICANG),
        ("市税务局", TAICANG, "国家税务总局太仓市税务局", TAICANG),
        ("县发改局", JIASHAN, "嘉善县发展和改革局", JIASHAN),
        # a province's bodies, branches of national bodies, courts
        ("财政厅", GUANGDONG, "广东省财政厅", GUANGDONG),
        ("政务和数据局", GUANGDONG, "广东省政务服务和数据管理局", GUANGDONG),
        ("省委金融办", GUANGDONG, "中共广东省委金融委员会办公室", GUANGDONG),
        ("广东金融监管局", GUANGDONG, "国家金融监督管理总局广东监管局", GUANGDONG),
        ("深圳证监局", GUANGDONG, "中国证券监督管理委员会深圳监管局", "440300"),
        ("省法院", GUANGDONG, "广东省高级人民法院", GUANGDONG),
        ("深圳市政府", GUANGDONG, "深圳市人民政府", "440300"),
        ("广州", GUANGDONG, "广州市人民政府", "440100"),
        # districts are written with their city; municipalities are provinces and cities
        ("区科技创新局", LUOHU, "深圳市罗湖区科技创新局", LUOHU),
        ("市科委", BEIJING, "北京市科学技术委员会", BEIJING),
        ("区政府", HAIDIAN, "北京市海淀区人民政府", HAIDIAN),
        # national documents: a shared form names the national body
        ("发展改革委", NATIONAL, "国家发展和改革委员会", NATIONAL),
        ("国家发展改革委", XINZHOU, "国家发展和改革委员会", NATIONAL),
        ("税务总局", NATIONAL, "国家税务总局", NATIONAL),
        ("人民银行", NATIONAL, "中国人民银行", NATIONAL),
        ("市场监管总局", WUHAN, "国家市场监督管理总局", NATIONAL),
    ],
)
def test_resolved_names(recogniser, resolver, surface, region, name, code):
    agency = resolve(recogniser, resolver, surface, region)
    assert (agency.name, agency.region) == (name, code)


def test_unknown_body_keeps_its_words(recogniser, resolver):
    agency = resolve(recogniser, resolver, "市人才工作局", WUHAN)
    assert agency.name == "武汉市人才工作局" and agency.kind is BodyKind.OTHER
    assert "市人才工作局" in agency.labels


def test_district_body_has_a_district_only_label(recogniser, resolver):
    agency = resolve(recogniser, resolver, "区科技局", LUOHU)
    assert "罗湖区科学技术局" in agency.labels


def test_same_body_two_forms_one_name(recogniser, resolver):
    forms = ["市人社局", "市人力资源社会保障局", "市人力资源和社会保障局", "忻州市人社局"]
    names = {resolve(recogniser, resolver, f, XINZHOU).name for f in forms}
    assert names == {"忻州市人力资源和社会保障局"}


@pytest.mark.parametrize(
    ("surface", "region", "name", "code"),
    [
        ("区医保分局", "330110", "杭州市医疗保障局余杭分局", "330110"),
        ("余杭经开区", "330110", "杭州余杭经济技术开发区", "330100"),
        ("义乌海关", "330782", "中华人民共和国义乌海关", "330782"),
        ("市市场发展委", "330782", "义乌市市场发展委员会", "330782"),
        ("工业和信息化部中小企业局", NATIONAL, "工业和信息化部中小企业局", NATIONAL),
        ("国家发展改革委高技术司", NATIONAL, "国家发展和改革委员会高技术司", NATIONAL),
        ("中国科学院成都分院", "510000", "中国科学院成都分院", None),
        ("赣南医科大学", "360700", "赣南医科大学", None),
        ("资产集团", TAICANG, "太仓市资产集团", None),
    ],
)
def test_branches_zones_institutions(recogniser, resolver, surface, region, name, code):
    agency = resolve(recogniser, resolver, surface, region)
    assert (agency.name, agency.region) == (name, code)


def test_a_body_inside_another_is_not_split(recogniser):
    assert len(recogniser.read("中国科学院成都分院", "510000")) == 1


def test_self_reference_needs_the_issuer(lex):
    assert lex.self_reference("我部", "工业和信息化部") == "工业和信息化部"
    assert lex.self_reference("部科技司", "工业和信息化部") == "工业和信息化部科技司"
    assert lex.self_reference("委高技术司", "国家发展和改革委员会") == "国家发展和改革委员会高技术司"
    assert lex.self_reference("部科技司", None) is None
    assert lex.self_reference("我部", "国家发展和改革委员会") is None


@pytest.mark.parametrize(
    ("surface", "region", "name"),
    [
        ("自治区党委组织部", "450000", "中共广西壮族自治区委员会组织部"),
        ("县委组织部", "371721", "中共曹县县委组织部"),
        ("人行南昌中心支行", "360000", "中国人民银行南昌中心支行"),
        ("人行曹县支行", "371721", "中国人民银行曹县支行"),
        ("省编办", "360000", "江西省机构编制委员会办公室"),
        ("省委编办", "360000", "中共江西省委机构编制委员会办公室"),
        ("市教委", "310000", "上海市教育委员会"),
        ("供销合作总社", NATIONAL, "中华全国供销合作总社"),
    ],
)
def test_naming_conventions(recogniser, resolver, surface, region, name):
    assert resolve(recogniser, resolver, surface, region).name == name


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("武汉投控集团", "武汉投资控股集团有限公司"),
        ("武汉金控集团", "武汉金融控股集团有限公司"),
        ("太原城投集团", "太原城市建设投资集团有限公司"),
    ],
)
def test_a_group_written_short_is_its_registered_company(recogniser, resolver, short, full):
    # the same company, written short or in full, is one name
    assert resolve(recogniser, resolver, short, WUHAN).name == full
    assert resolve(recogniser, resolver, full, WUHAN).name == full
    # a group named in its own words keeps them (no 有限公司 guessed)
    assert resolve(recogniser, resolver, "武汉地铁集团", WUHAN).name == "武汉地铁集团"
