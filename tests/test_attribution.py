"""The responsibility grammar: where notes stand, lists, roles, conventions — and the
same responsibility written in equivalent forms giving the same lead and support sets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.annotate import annotate
from kg.extract.agencies import extract_agencies
from kg.extract.attribution import Conventions, Site, read_conventions
from kg.extract.facts import load_resources

XINZHOU, GUANGDONG, WUHAN, TAICANG, NATIONAL = "140900", "440000", "420100", "320585", "100000"


@pytest.fixture(scope="module")
def res():
    return load_resources()


def roles(res, text, region=XINZHOU, conventions=Conventions()):
    """(lead names, support names, collective texts) of a task text."""
    found = extract_agencies(annotate(text), 0, region, res.attribution, res.agencies, conventions)
    lead = sorted(a.name for a in found.agencies if a.role.value == "lead")
    support = sorted(a.name for a in found.agencies if a.role.value == "support")
    return lead, support, list(found.collective)


def sites(res, text, region=XINZHOU):
    return [n.site for n in res.attribution.find_notes(annotate(text), region)]


# -- where notes stand ------------------------------------------------------------


def test_bracket_note_anywhere_and_several_per_task(res):
    text = (
        "一、强化算力。设立算力服务券。（责任单位：市数据局、市经信局）各区集聚一批服务商。"
        "（责任单位：各区人民政府〈含开发区、长江新区管委会，下同〉）"
    )
    lead, support, collective = roles(res, text, WUHAN)
    assert lead == ["武汉市数据局", "武汉市经济和信息化局"] and support == []
    assert collective == ["各区人民政府"]


def test_field_on_a_line_of_its_own(res):
    text = "1．打造创业带。以高校为核心。\n责任单位：市科技局、市工信局，各开发区管委会，各区县（市）政府"
    assert sites(res, text) == [Site.FIELD]
    lead, _, collective = roles(res, text)
    assert lead == ["忻州市工业和信息化局", "忻州市科学技术局"]
    assert collective == ["各开发区管委会", "各区县（市）政府"]


def test_labelled_note_in_lenticular_brackets(res):
    text = "3.推进。【牵头单位】市经信局【配合单位】市商务局、市人社局"
    assert roles(res, text)[:2] == (
        ["忻州市经济和信息化局"],
        ["忻州市人力资源和社会保障局", "忻州市商务局"],
    )


def test_in_text_assignment(res):
    lead, support, _ = roles(res, "建立人才库，由市教育局牵头、市财政局配合做好高校对接。")
    assert lead == ["忻州市教育局"] and support == ["忻州市财政局"]


def test_interpreting_body_is_not_responsible(res):
    assert roles(res, "5.本措施自发布之日起实施，由市科技局负责解释。")[:2] == ([], [])


def test_subject_of_a_sentence_only_without_a_note(res):
    text = "（一）加强组织领导。科技部成立推进工作小组，统筹推进有关工作。各级科技管理部门要牢固树立理念。"
    assert roles(res, text, NATIONAL)[0] == ["科学技术部"]
    noted = text + "（发展改革委负责）"
    assert roles(res, noted, NATIONAL)[0] == ["国家发展和改革委员会"]


def test_asides_and_names_in_brackets_are_not_notes(res):
    for text in ("推广“人工智能OPC”（即一人公司）模式。", "实施方案（试行）。", "到2025年（含）建成10家。"):
        assert sites(res, text) == []
    # a list of names inside a sentence is not a note without a role word
    assert sites(res, "支持太仓高新区（科教新城）建设孵化器，服务企业。", TAICANG) == []


# -- lists ------------------------------------------------------------------------


def test_shared_prefix_is_written_once(res):
    text = "1.强化算力。（省发展改革委牵头负责，省工业和信息化厅、财政厅、政务和数据局，各地级以上市人民政府配合）"
    lead, support, collective = roles(res, text, GUANGDONG)
    assert lead == ["广东省发展和改革委员会"]
    assert support == ["广东省工业和信息化厅", "广东省政务服务和数据管理局", "广东省财政厅"]
    assert collective == ["各地级以上市人民政府"]


def test_shared_body_is_written_once(res):
    lead, _, _ = roles(res, "8.拓展场景。（广州、深圳市科技局按职责分工负责）", GUANGDONG)
    assert lead == ["广州市科学技术局", "深圳市科学技术局"]


def test_names_run_together_and_joined_by_he(res):
    lead, _, _ = roles(res, "1.加快发展。（市经信局市新经济委和市科技局负责）", WUHAN)
    assert lead == ["武汉市新经济委员会", "武汉市科学技术局", "武汉市经济和信息化局"]


def test_names_with_he_inside_are_kept(res):
    lead, _, _ = roles(res, "1.加快发展。（市工业和信息化局、市人力资源和社会保障局牵头负责）")
    assert lead == ["忻州市人力资源和社会保障局", "忻州市工业和信息化局"]


def test_deng_closes_a_list_with_a_collective(res):
    text = (
        "2.压缩时间。（市场监管总局牵头，公安部、人力资源社会保障部、税务总局等国务院相关部门以及各地区按职责分工负责）"
    )
    lead, support, collective = roles(res, text, NATIONAL)
    assert lead == ["国家市场监督管理总局"]
    assert support == ["人力资源和社会保障部", "公安部", "国家税务总局"]
    assert collective == ["国务院相关部门", "各地区"]


# -- roles ------------------------------------------------------------------------


def test_role_word_scope_runs_back_to_the_previous_role_word(res):
    text = "（省发展改革委牵头负责，省科技厅、财政厅，省税务局配合）"
    lead, support, _ = roles(res, "1.推进。" + text, GUANGDONG)
    assert lead == ["广东省发展和改革委员会"]
    assert support == ["国家税务总局广东省税务局", "广东省科学技术厅", "广东省财政厅"]


def test_responsible_after_a_lead_supports(res):
    assert roles(res, "1.清理。（国务院审改办牵头，各部门、人民银行负责）", NATIONAL)[:2] == (
        ["国务院行政审批制度改革工作领导小组办公室"],
        ["中国人民银行"],
    )
    assert roles(res, "1.注销。（市场监管总局、税务总局负责）", NATIONAL)[0] == ["国家市场监督管理总局", "国家税务总局"]
    text = "（牵头单位：市科技局，责任单位：市教育局、市人社局，资产集团）"
    lead, support, _ = roles(res, "1.集聚人才。" + text, TAICANG)
    assert lead == ["太仓市科学技术局"]
    assert support == ["太仓市人力资源和社会保障局", "太仓市教育局", "太仓市资产集团"]


def test_responsible_label_alone_leads(res):
    lead, support, _ = roles(
        res, "四、构建体系。（责任单位：市住房和城市更新局,市人才工作局,团市委,各区人民政府）", WUHAN
    )
    assert lead == ["共青团武汉市委员会", "武汉市人才工作局", "武汉市住房和城市更新局"] and support == []


def test_marked_lead_in_a_list(res):
    lead, support, _ = roles(res, "2.建设。责任单位：市发改委（牵头）、市财政局、市科技局")
    assert lead == ["忻州市发展和改革委员会"] and support == ["忻州市科学技术局", "忻州市财政局"]


def test_party_bodies_with_aliases(res):
    text = "（牵头单位：市委组织部（人才办），责任单位：市委宣传部（网信办）、市司法局）"
    lead, support, _ = roles(res, "1.推进。" + text, TAICANG)
    assert lead == ["中共太仓市委组织部"]
    assert support == ["中共太仓市委宣传部", "太仓市司法局"]


# -- document conventions ---------------------------------------------------------


def test_conventions_are_read_from_the_document():
    conv = read_conventions("（各项任务第一个逗号前为牵头单位）\n一、…")
    assert conv.first_clause_leads and not conv.first_listed_leads
    assert read_conventions("列第一位的为牵头单位").first_listed_leads
    assert read_conventions("带*的为牵头单位").star_leads


def test_conventions_apply_to_notes_without_role_words(res):
    text = "（二）建设孵化器。（市科技局、市工信局，市财政局、市人社局）"
    first_clause = roles(res, text, conventions=Conventions(first_clause_leads=True))
    assert first_clause[0] == ["忻州市工业和信息化局", "忻州市科学技术局"]
    first_listed = roles(res, text, conventions=Conventions(first_listed_leads=True))
    assert first_listed[0] == ["忻州市科学技术局"]
    star = roles(res, "1.建设。（市财政局、*市科技局）", conventions=Conventions(star_leads=True))
    assert star[:2] == (["忻州市科学技术局"], ["忻州市财政局"])
    # an explicit role word wins over a convention
    explicit = roles(res, "1.建设。（市财政局牵头，市科技局配合）", conventions=Conventions(first_listed_leads=True))
    assert explicit[:2] == (["忻州市财政局"], ["忻州市科学技术局"])


# -- metamorphic: one responsibility, many forms ------------------------------------

LEAD = ["忻州市工业和信息化局", "忻州市科学技术局"]
SUPPORT = ["忻州市人力资源和社会保障局", "忻州市财政局"]
FORMS = [
    "（市科技局、市工信局牵头，市财政局、市人社局配合）",
    "(市科技局、市工信局牵头,市财政局、市人社局配合)",
    "【市科技局、市工信局牵头，市财政局、市人社局配合】",
    "（市科技局、市工信局牵头负责；市财政局、市人社局按职责分工配合）",
    "（市科技局牵头，市工信局牵头，市财政局配合，市人社局配合）",
    "（市科技局、工信局牵头，市财政局、人社局配合）",
    "（市科技局和市工信局牵头，市财政局及市人社局配合）",
    "（牵头单位：市科技局、市工信局；配合单位：市财政局、市人社局）",
    "（牵头单位：市科技局、市工信局 配合单位：市财政局、市人社局）",
    "（牵头单位：市科技局、市工信局，责任单位：市财政局、市人社局）",
    "\n牵头单位：市科技局、市工信局\n配合单位：市财政局、市人社局",
    "\n牵头单位：市科技局、市工信局；配合单位：市财政局、市人社局。",
    "【牵头单位】市科技局、市工信局【配合单位】市财政局、市人社局",
    "（市科技局（牵头）、市工信局（牵头）、市财政局、市人社局）",
    "由市科技局、市工信局牵头，市财政局、市人社局配合，",
    "（市科技局、市工信局牵头）\n（市财政局、市人社局配合）",
    "（忻州市科学技术局、忻州市工业和信息化局牵头，忻州市财政局、忻州市人力资源和社会保障局配合）",
    # the comma lost on a scraped page: a space after the role word ends the clause
    "（市科技局、市工信局牵头 市财政局、市人社局配合）",
    "（市科技局、市工信局牵头\u3000市财政局、市人社局配合）",
    # the role named by 为 + a label word
    "（市科技局、市工信局为牵头单位，市财政局、市人社局为配合单位）",
    # labels of other documents: 主要责任单位, 协同部门
    "\n主要责任单位：市科技局、市工信局；协同部门：市财政局、市人社局",
    # the whole role word after the subject, then the supporting clause
    "市科技局、市工信局牵头负责，市财政局、市人社局配合。",
    # a clause of the note that says when
    "（市科技局、市工信局牵头，市财政局、市人社局配合，2023年底前完成）",
    "（牵头单位：市科技局、市工信局；配合单位：市财政局、市人社局；完成时限：2023年12月）",
    "（市科技局、市工信局牵头，市财政局、市人社局配合；持续推进）",
]


def test_a_note_that_also_says_when_names_its_bodies_and_nothing_more(res):
    text = "5.推进创新。（市科技局，2023年底前）"
    found = extract_agencies(annotate(text), 0, XINZHOU, res.attribution, res.agencies, Conventions())
    assert [(a.name, a.role.value) for a in found.agencies] == [("忻州市科学技术局", "lead")]
    assert found.rejected == ()  # the time is no name the quality report should count


@pytest.mark.parametrize("form", FORMS)
def test_equivalent_forms_give_the_same_roles(res, form):
    text = "3.加快建设科技创新平台。支持企业建设研发中心。" + form
    lead, support, _ = roles(res, text)
    assert (lead, support) == (LEAD, SUPPORT)


@given(st.sampled_from(FORMS), st.sampled_from(["", "。", "；"]), st.sampled_from(["", " ", "\u3000"]))
@settings(max_examples=60, deadline=None)
def test_punctuation_and_spaces_around_a_note_do_not_matter(form, end, space):
    res = load_resources()
    text = "3.加快建设科技创新平台。" + space + form + end
    lead, support, _ = roles(res, text)
    assert (lead, support) == (LEAD, SUPPORT)


def test_a_span_is_read_once(res):
    text = "1.推进。（牵头单位：市科技局）\n牵头单位：市工信局"
    found = extract_agencies(annotate(text), 0, XINZHOU, res.attribution, res.agencies, Conventions())
    spans = [a.span for a in found.agencies]
    assert len(spans) == len(set(spans)) == 2
    for a in found.agencies:
        assert text[a.span.start : a.span.end] == a.surface


# -- metamorphic, generated: responsibility facts of several kinds of document, each
# rendered by every construct the grammar names ------------------------------------

FACTS = [  # (document region, lead names, support names) as a note would write them
    (XINZHOU, ["市委组织部", "市人社局"], ["市教育局", "市工信局"]),
    (GUANGDONG, ["省发展改革委"], ["省工业和信息化厅", "省财政厅", "省税务局"]),
    (NATIONAL, ["市场监管总局", "国务院审改办"], ["公安部", "人力资源社会保障部", "税务总局"]),
    (TAICANG, ["市科技局", "高新区", "团市委"], ["市政府办", "市教育局"]),
    (WUHAN, ["市数据局"], ["市委网信办", "市经信局"]),
    ("330421", ["县发改局", "县经信局"], ["县财政局"]),
    ("440303", ["区科技创新局"], ["区财政局", "区委组织部"]),
]


def render(kind: str, lead: list[str], support: list[str]) -> str:
    a, b = "、".join(lead), "、".join(support)
    return {
        "paren": f"（{a}牵头，{b}配合）",
        "half": f"({a}牵头,{b}配合)",
        "square": f"【{a}牵头；{b}配合】",
        "labels": f"（牵头单位：{a}；配合单位：{b}）",
        "labels-responsible": f"（牵头单位：{a}，责任单位：{b}）",
        "lines": f"\n牵头单位：{a}\n配合单位：{b}",
        "lenticular-labels": f"\n【牵头单位】{a}【配合单位】{b}",
        "marks": "（" + "、".join([x + "（牵头）" for x in lead] + support) + "）",
        "role-each": "（" + "，".join([x + "牵头" for x in lead] + [x + "配合" for x in support]) + "）",
        "in-text": f"由{a}牵头，{b}配合，",
        "two-notes": f"（{a}牵头）\n（{b}配合）",
    }[kind]


KINDS = ["paren", "half", "square", "labels", "labels-responsible", "lines", "lenticular-labels", "marks",
         "role-each", "in-text", "two-notes"]  # fmt: skip


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: "+".join(f[1]))
def test_every_construct_gives_the_same_roles(res, fact):
    region, lead, support = fact
    body = "2.加快建设科技创新平台。支持企业建设研发中心。"
    want = roles(res, body + render("paren", lead, support), region)[:2]
    assert len(want[0]) == len(lead) and len(want[1]) == len(support)
    for kind in KINDS:
        assert roles(res, body + render(kind, lead, support), region)[:2] == want, kind


# -- running text: 由…, 会同, subjects of duties ----------------------------------------


def test_huitong_names_work_with_the_lead(res):
    text = "（十八）加强监测。统计局会同工业和信息化部、质检总局建立统计监测指标体系，定期发布报告。"
    assert roles(res, text, NATIONAL)[:2] == (
        ["国家统计局"],
        ["国家质量监督检验检疫总局", "工业和信息化部"],
    )
    text = "三、加大支持。由市财政局牵头，会同市科技局设立规模10亿元的投资基金。"
    assert roles(res, text)[:2] == (["忻州市财政局"], ["忻州市科学技术局"])
    assert roles(res, "1.推进。（市科技局会同市财政局负责）")[:2] == (["忻州市科学技术局"], ["忻州市财政局"])


def test_subjects_of_duties_and_the_first_act(res):
    text = "（十九）压实责任。地方各级人民政府要制定实施方案。国务院将适时组织开展专项督查。"
    assert roles(res, text, NATIONAL)[:2] == ([], [])  # the first subject is collective
    text = "（一）加强组织领导。成立工作专班，专班办公室设在市工信局，市工信局负责统筹推进。市财政局要保障经费。"
    assert roles(res, text)[0] == ["忻州市工业和信息化局", "忻州市财政局"]
    text = "十二、加强保障。建立由市委组织部牵头、市直有关单位参与的协调机制。各县区要制定配套措施。市财政局要统筹安排资金。"
    assert roles(res, text)[0] == ["中共忻州市委组织部", "忻州市财政局"]


def test_words_that_merely_look_like_a_subject(res):
    text = "（一）建设实验室。布局建设省实验室，择优培育国家和省重点实验室联合共建省实验室。"
    assert roles(res, text)[:2] == ([], [])


def test_a_ministry_document_names_its_own_departments(res):
    text = "2.推行诊断服务。由部中小企业局牵头，会同部信息技术发展司研究制定诊断服务规范。"
    found = extract_agencies(
        annotate(text), 0, NATIONAL, res.attribution, res.agencies, Conventions(), issuer="工业和信息化部"
    )
    assert [(a.name, a.role.value) for a in found.agencies] == [
        ("工业和信息化部中小企业局", "lead"),
        ("工业和信息化部信息技术发展司", "support"),
    ]
    text = "4.推进集群转型。我部会同财政部开展试点。"
    found = extract_agencies(
        annotate(text), 0, NATIONAL, res.attribution, res.agencies, Conventions(), issuer="工业和信息化部"
    )
    assert [(a.name, a.role.value) for a in found.agencies] == [("工业和信息化部", "lead"), ("财政部", "support")]


def test_field_lines_of_one_note(res):
    text = "8.推进品牌出海。打造一批品牌。\n【牵头单位】市市场监管局\n【责任单位】市商务局、各镇街"
    lead, support, collective = roles(res, text, TAICANG)
    assert lead == ["太仓市市场监督管理局"] and support == ["太仓市商务局"]
    assert collective == ["各镇街"]


def test_a_note_with_an_aside_clause(res):
    text = "（四）加强监管。（质检总局、工商总局按职责分工负责，地方各级人民政府落实属地管理责任）"
    found = extract_agencies(annotate(text), 0, NATIONAL, res.attribution, res.agencies, Conventions())
    assert [a.name for a in found.agencies] == ["国家质量监督检验检疫总局", "国家工商行政管理总局"]
    assert [r.surface for r in found.rejected] == ["地方各级人民政府落实属地管理责任"]


def test_each_of_a_list_of_grassroots_units(res):
    text = "4.招引项目。（区投资促进局牵头，区规划资源分局及各街道、镇配合）"
    lead, support, collective = roles(res, text, "330110")
    assert lead == ["杭州市余杭区投资促进局"]
    assert support == ["杭州市规划和自然资源局余杭分局"]
    assert collective == ["各街道", "镇"]


# -- the scans note sites make ------------------------------------------------------

_SCAN_TEXT = st.text(alphabet="市局负责牵头会同配合，,。；;\n要求人", max_size=60)


@given(text=_SCAN_TEXT, start=st.integers(0, 60))
def test_names_before_tries_every_place_a_follower_starts_and_no_clause_beyond(text, start):
    """`_starts_re` finds every start of a follower word, overlapping ones too, as a
    scan of `str.startswith` at each position would; `_clause_stop` is the first clause
    end within MAX_NAMES characters (else the text's end); the subject scan starts
    after every clause end."""
    from kg.extract.note_sites import _CLAUSE_END_RE, _clause_stop, _starts_re
    from kg.extract.notes import MAX_NAMES

    words = ("负责", "牵头", "会同", "牵头负责", "要")
    assert [m.start() for m in _starts_re(words).finditer(text)] == [
        k for k in range(len(text)) if text.startswith(words, k)
    ]
    start = min(start, len(text))
    ends = [i for i in (text.find(c, start, start + MAX_NAMES + 1) for c in "，,。；;\n") if i >= 0]
    assert _clause_stop(text, start) == min(ends, default=len(text))
    assert [m.start() + 1 for m in _CLAUSE_END_RE.finditer(text, 0, max(len(text) - 1, 0))] == [
        k for k in range(1, len(text)) if text[k - 1] in "。；;，,\n"
    ]


def test_a_role_word_later_in_the_sentence_gives_its_subject_the_role(res):
    # 市科技局 opens the sentence, a predicate of its own follows, then ，牵头做好…
    text = "3.加强协调。市科技局加强统筹协调，牵头做好协同创新工作。"
    assert roles(res, text)[:2] == (["忻州市科学技术局"], [])
    found = extract_agencies(annotate(text), 0, XINZHOU, res.attribution, res.agencies, Conventions())
    assert found.agencies[0].evidence == "市科技局加强统筹协调，牵头"
    text = "3.加强协调。市财政局加强资金保障，配合做好协同创新工作。"
    assert roles(res, text)[:2] == ([], ["忻州市财政局"])
    # what opens the sentence is no body: nobody is made responsible
    assert roles(res, "3.加强协调。企业加强统筹协调，牵头做好协同创新工作。")[:2] == ([], [])


def test_same_lead_whether_the_role_word_follows_the_name_or_a_predicate(res):
    direct = roles(res, "3.加强协调。市科技局牵头做好协同创新工作。")
    later = roles(res, "3.加强协调。市科技局加强统筹协调，牵头做好协同创新工作。")
    assert direct[:2] == later[:2] == (["忻州市科学技术局"], [])


def test_a_list_item_keeps_the_separators_inside_its_brackets(res):
    text = "10.明确分工。市发改局负责优化要素配置；各县（市、区）人民政府、忻州经济开发区管委会负责本辖区具体工作。"
    lead, _, collective = roles(res, text)
    assert lead == ["忻州市发展和改革局", "忻州经济开发区管理委员会"]
    assert collective == ["各县（市、区）人民政府"]
