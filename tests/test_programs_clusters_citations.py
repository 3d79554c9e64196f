"""Programs, industry clusters and citations on excerpts written for the genre."""

from __future__ import annotations

import pytest

from kg.extract.citations import extract_citations
from kg.extract.clusters import extract_clusters, load_vocabulary
from kg.extract.facts import load_resources
from kg.extract.programs import extract_programs, program_key
from kg.model import CitationKind


@pytest.fixture(scope="module")
def seg():
    return load_resources().segmenter


def names(text, seg, headline_len=0):
    return [(p.name, p.key) for p in extract_programs(text, 0, seg, headline_len)]


def test_program_keys_merge_surface_forms():
    assert program_key("“111”创新工程") == program_key("“111”工程") == program_key("111工程".replace("111", "“111”"))
    assert program_key("“十四五”院士后备人选培养计划") == "十四五院士后备人选培养计划"


def test_quoted_list_and_suffix_programs(seg):
    got = names("深入推进“111”“1331”“136”等工程。大力实施高新技术企业倍增计划，开展科技型中小企业培育行动。", seg)
    assert ("“111”工程", "111") in got and ("“136”工程", "136") in got
    assert ("高新技术企业倍增计划", "高新技术企业倍增计划") in got
    assert ("科技型中小企业培育行动", "科技型中小企业培育行动") in got


def test_shared_suffix_lists(seg):
    got = [
        n for n, _ in names("深入实施创新驱动、科教兴省、人才强省战略。实施科普信息化、科普基础设施等两大工程。", seg)
    ]
    assert {"创新驱动战略", "科教兴省战略", "人才强省战略", "科普信息化工程", "科普基础设施工程"} <= set(got)


def test_quoted_mechanisms_and_reforms(seg):
    got = [n for n, _ in names("深入推进“三评”改革，探索推行核心技术攻关“揭榜挂帅”制，深入推进“三个调整优化”。", seg)]
    assert "“三评”改革" in got
    assert any("揭榜挂帅" in n for n in got)
    assert "“三个调整优化”" in got


def test_generic_words_are_not_programs(seg):
    assert names("组织实施一批重大工程，编制“十四五”专项规划，统筹用好市级科技计划。", seg) == []


def test_program_launched_in_headline_is_defined_here(seg):
    text = "8、实施“215”科技成果转化行动。支持企业实施20项示范项目。"
    (ref,) = extract_programs(text, 0, seg, headline_len=text.index("。") + 1)
    assert ref.defined_here and ref.key == "215"


def test_clusters_from_vocabulary_and_suffix(seg):
    vocab = load_vocabulary()
    text = "聚焦我市八大标志性引领性产业集群，加快发展新材料和特种金属材料产业，在半导体、大数据等领域攻关。"
    got = {(c.name, c.concept) for c in extract_clusters(text, 0, seg, vocab)}
    assert ("八大标志性引领性产业集群", None) in got
    assert ("新材料", "new-materials") in got
    assert ("特种金属材料", "special-metals") in got
    assert ("半导体", "semiconductor") in got and ("大数据", "big-data") in got


def test_generic_industry_words_are_not_clusters(seg):
    got = extract_clusters("培育一批特色新兴产业集群，推动产业链现代化和产业化发展。", 0, seg, load_vocabulary())
    assert got == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("现根据《山西省国民经济和社会发展第十四个五年规划和2035年远景目标纲要》编制本规划。", CitationKind.BASED_ON),
        ("认真贯彻《山西省实验室建设与运行管理办法（试行）》，做好培育工作。", CitationKind.IMPLEMENTS),
        ("落实省科技厅等七部门《关于进一步扩大高校和科研院所科研相关自主权的实施意见》。", CitationKind.IMPLEMENTS),
        ("研究编制《忻州市实验室建设与运行管理办法》。", CitationKind.CITES),
    ],
)
def test_citation_relations(text, kind):
    (c,) = extract_citations(text, 0, "某市科技创新工作要点")
    assert c.kind is kind


def test_citation_with_number_and_number_alone():
    cs = extract_citations(
        "按照《忻州市招才引智支持政策》（忻市发〔2019〕24号）享受待遇。贯彻国发[2017]35号文件。", 0, "x"
    )
    assert [(c.title, c.doc_number) for c in cs] == [
        ("忻州市招才引智支持政策", "忻市发〔2019〕24号"),
        (None, "国发〔2017〕35号"),
    ]


def test_nested_titles_and_self_reference():
    cs = extract_citations(
        "印发《关于印发《某市方案》的通知》。各部门要把本《行动方案》列入日程。", 0, "某市科技创新三年行动方案"
    )
    assert [c.title for c in cs] == ["关于印发《某市方案》的通知"]


# -- programs by shape: vouchers, loans, contests, funds, pilots; no slogans -----------------


def test_quoted_programs_by_their_own_words(seg):
    text = "引导OPC使用“算力券”，推出“青创贷”产品，举办“洛阳青年创新创业大赛”，实施“雏鹰行动”。"
    assert {n for n, _ in names(text, seg)} >= {"“算力券”", "“青创贷”", "“雏鹰行动”"}


def test_slogans_and_methods_are_not_programs(seg):
    text = "实行“一企一策”“一事一议”，破解“不会转、不能转”难题，让企业“拎包入驻”。"
    assert names(text, seg) == []


def test_unquoted_funds_contests_and_pilots(seg):
    text = "设立规模10亿元的青年创新创业投资基金，开展中小企业数字化转型试点，举办跨境电商创业大赛。"
    got = {n for n, _ in names(text, seg)}
    assert "青年创新创业投资基金" in got and "中小企业数字化转型试点" in got and "跨境电商创业大赛" in got


def test_a_quoted_core_with_等_is_the_program(seg):
    got = {n for n, _ in names("推广“赛马制”等项目组织方式，推出“数字化转型贷”等信贷产品。", seg)}
    assert "“赛马制”等项目" not in got and "“数字化转型贷”" in got


# -- clusters: lists closed by their kind, never phrases with verbs or places -----------------


def test_industries_listed_before_their_kind(seg):
    text = "聚焦短剧短视频、电子商务、知识付费、数字文创、软件开发等重点产业，支持钢铁、有色等传统优势行业转型。"
    got = {c.name for c in extract_clusters(text, 0, seg, load_vocabulary())}
    assert {"短剧短视频", "电子商务", "知识付费", "数字文创", "软件开发", "钢铁", "有色"} <= got


def test_phrases_before_chanye_that_name_no_industry(seg, gaz):
    text = "提供匹配产业周期的金融服务，抢占人工智能产业变革先机，探索太仓市产业引导基金发起设立子基金。"
    got = {c.name for c in extract_clusters(text, 0, seg, load_vocabulary(), gaz)}
    assert not got & {"提供匹配", "抢占人工智能", "太仓市"}


def test_a_bare_list_of_activities_is_no_list_of_industries(seg):
    vocab = load_vocabulary()
    services = {c.name for c in extract_clusters("积极发展研发设计、中介咨询等产业。", 0, seg, vocab)}
    assert not services & {"研发设计", "中介咨询"}
    # the same bare 等产业 after industries the vocabulary knows: each item is an industry
    known = {c.name for c in extract_clusters("围绕先进装备制造、新材料、文化旅游等产业。", 0, seg, vocab)}
    assert {"先进装备制造", "新材料", "文化旅游"} <= known


def test_a_kind_of_fund_or_contest_is_no_program_unless_a_government_owns_it(seg):
    got = {n for n, _ in names("引导政府投资基金、创业投资基金投向早期项目，举办创新创业大赛。", seg)}
    assert got == set()
    assert {n for n, _ in names("设立市级天使投资基金，支持早期项目。", seg)} == {"市级天使投资基金"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("深入实施绿色低碳和循环利用示范行动。", "绿色低碳和循环利用示范行动"),
        ("全面实施青少年科学素养与创新能力提升行动，", "青少年科学素养与创新能力提升行动"),
        ("设立长江经济带生态保护和绿色发展科技合作专项。", "长江经济带生态保护和绿色发展科技合作专项"),
    ],
)
def test_two_modifiers_joined_by_a_conjunction_stay_one_name(seg, text, name):
    assert [n for n, _ in names(text, seg)] == [name]


def test_a_conjunct_that_is_a_thing_of_its_own_is_no_modifier(seg):
    got = [n for n, _ in names("加快实施示范性重大项目和新材料应用示范工程。", seg)]
    assert got == ["新材料应用示范工程"]


def test_a_modifier_stands_inside_a_name_only_after_its_owner(seg):
    assert [n for n, _ in names("支持企业承担国家科技重大专项。", seg)] == ["国家科技重大专项"]
    assert [n for n, _ in names("布局建设重大科技基础设施工程。", seg)] == ["科技基础设施工程"]


def test_a_slogan_before_a_programme_word_is_a_named_reform(seg):
    assert [n for n, _ in names("2018年底前全面推行“最多跑一次”改革。", seg)] == ["“最多跑一次”改革"]
    assert [n for n, _ in names("力争让“最多跑一次”成为常态。", seg)] == []


# -- clusters: a name read by shape is a noun phrase (word classes) ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "整合产业对接、市场推广等增值服务。",
        "每年遴选产业引领型示范社区。",
        "七、选拔产业领军人才（团队）。",
        "激活产业新动能。",
        "开放产业、民生等多领域应用场景。",
        "依托区内产业楼宇，提供办公空间。",
        "对入驻其他产业空间的创业个人给予补贴。",
        "择优吸引大型产业承制方承接运营工作。",
        "根据从事新产业、新业态等模式创业的情况给予补贴。",
    ],
)
def test_a_verb_or_a_word_that_cannot_stand_alone_before_chanye_is_no_cluster(seg, text):
    assert extract_clusters(text, 0, seg, load_vocabulary()) == []


def test_a_name_starts_after_the_verb_or_place_that_governs_it(seg):
    vocab = load_vocabulary()
    got = {c.name for c in extract_clusters("梳理胶州市高端制造产业数字化需求。", 0, seg, vocab)}
    assert got == {"高端制造"}
    got = {c.name for c in extract_clusters("专注于检验检测、制造、政务等重点行业。", 0, seg, vocab)}
    assert {"检验检测", "制造", "政务"} <= got and not any("专注" in n for n in got)
    got = {c.name for c in extract_clusters("深耕制造、医疗、教育等重点行业。", 0, seg, vocab)}
    assert "制造" in got and "深耕制造" not in got
    # the genre's verbs jieba lacks govern too (kg/data/word_classes.tsv)
    got = {(c.name, c.concept) for c in extract_clusters("赋能智能制造产业升级。", 0, seg, vocab)}
    assert got and all(not n.startswith("赋能") for n, _ in got)


def test_count_words_and_nouns_made_of_verbs_stay_in_the_name(seg):
    text = "围绕我市八大标志性引领性产业集群，推进“8+6”重点产业集群建设。"
    got = {c.name for c in extract_clusters(text, 0, seg, load_vocabulary())}
    assert {"八大标志性引领性产业集群", "“8+6”重点产业集群"} <= got


def test_chanye_opening_a_bodys_name_names_no_cluster(seg):
    text = "政策咨询：市工业和信息化局数字经济产业处。依托市人工智能产业协会开展培训。青岛市人工智能产业专班办公室。"
    got = {c.name for c in extract_clusters(text, 0, seg, load_vocabulary())}
    assert not any(n.startswith(("市工业", "市人工", "青岛市")) for n in got)


# -- programs: the program word is a word of its own, closing the name ----------------------


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("对政策兑现情况、企业满意度进行动态监测与反馈。", "行动"),  # 进行|动态: no 行动
        ("鼓励银行设立OPC专项信贷产品。", "专项"),  # 专项 modifies the noun after it
        ("开展OPC专项技能培训，提供专项购房支持。", "专项"),
        ("每年给予OPC企业最高20万元创新券额度。", "给予"),  # an amount is no part of a name
        ("对入选各级人才计划的OPC项目给予奖励。", "入选"),
        ("可放宽青蓝国际创新创业大赛报名条件。", "放宽"),
    ],
)
def test_no_program_where_its_word_is_part_of_another_or_a_modifier(seg, text, wrong):
    assert not any(wrong in n or "万元" in n for n, _ in names(text, seg))


def test_a_program_word_that_closes_its_name_still_names_it(seg):
    assert "创新创业人才团队专项" in {n for n, _ in names("设立创新创业人才团队专项。", seg)}
    got = {n for n, _ in names("组建50亿元人工智能产业基金。", seg)}
    assert got == {"人工智能产业基金"}


def test_a_quotation_going_on_past_the_program_word_is_read_whole(seg):
    got = {n for n, _ in names("实施“科技型中小企业成长路线图计划2.0”，支持企业上市。", seg)}
    assert "“科技型中小企业成长路线图计划2.0”" in got
    assert not any(n.count("“") != n.count("”") for n in got)
    got = {n for n, _ in names("构建覆盖“创意验证-工程实现-敏捷制造”的全链条服务。", seg)}
    assert not any(n.count("“") != n.count("”") for n in got)


def test_a_particle_is_no_part_of_a_name(seg):
    # 了 is a particle (ul in jieba's dictionary): every class of particle governs
    got = {
        c.name for c in extract_clusters("组织实施了北斗卫星数字化智慧杂粮产业集群建设。", 0, seg, load_vocabulary())
    }
    assert got and not any(n.startswith("了") for n in got)


# -- citations: the relation, however far the verb and whatever the list -----------------


@pytest.mark.parametrize(
    "text",
    [
        "根据《山西省科技创新规划》，制定本方案。",
        "根据《山西省科技创新规划》精神，结合我市实际，制定本方案。",
        "依据《山西省科技创新规划》（晋政发〔2021〕15号）精神，制定本实施细则。",
        "按照《山西省科技创新规划》要求，现提出如下措施。",
    ],
)
def test_based_on_whatever_stands_between_the_title_and_the_verb(text):
    (c,) = extract_citations(text, 0, "忻州市科技创新行动计划")
    assert c.kind is CitationKind.BASED_ON


def test_titles_listed_together_share_their_relation():
    text = "依据《中华人民共和国促进科技成果转化法》和《山西省促进科技成果转化条例》，制定本办法。"
    assert [c.kind for c in extract_citations(text, 0, "")] == [CitationKind.BASED_ON] * 2
    text = "为贯彻落实《山西省科技创新规划》（晋政发〔2021〕15号）、《山西省人才新政》，推动创新。"
    assert [c.kind for c in extract_citations(text, 0, "")] == [CitationKind.IMPLEMENTS] * 2
    # no verb of making in the sentence: only cited
    (c,) = extract_citations("根据《国家创新驱动发展战略纲要》，我省创新能力显著提升。", 0, "")
    assert c.kind is CitationKind.CITES


def test_a_plain_quote_left_unpaired_and_a_count_are_no_part_of_a_name(seg):
    got = {n for n, _ in names('对获得"新质秀带创新券支持的企业，每年开展不少于8场专项培训。', seg)}
    assert not any('"' in n or "8场" in n for n in got)
    got = {n for n, _ in names('实施科技金融"益企共赢计划，举办一场AI智能体专题创新创业大赛。', seg)}
    assert "益企共赢计划" in got and not any(n.startswith(("科技金融", "一场")) for n in got)
