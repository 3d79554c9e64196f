"""The regexes of the extractors (quantities, deadlines, targets, programs, clusters,
citations, parent plans) and of the metric phrases, on positive and negative examples.

Regexes anchored with ``$`` are used with ``.search`` on the text *before* a number or a
title (a prefix ending where the number starts); regexes anchored with ``^`` are used with
``.match`` on the text *after* it.  The examples are written the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import patterns as P
from kg.extract import metric_phrase as M

TESTS = Path(__file__).resolve().parent


# --------------------------------------------------------------------------
# kg.patterns: the regexes not covered in test_patterns.py
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regex", "yes", "no"),
    [
        # Document numbers
        (
            P.DOC_NUMBER_LEAD_RE,
            ["贯彻国发", "根据晋政发", "按照忻市发", "落实省委文件精神忻发"],
            ["晋政发", "国办发", "忻科"],
        ),
        # Quantities (kg/extract/quantities.py)
        (P.FRACTION_RE, ["压减三分之一", "提高到三分之二以上", "审批时限压缩五分之一"], ["三分", "部分地区", "分之"]),
        (P.HALF_RE, ["审批时间压缩一半", "减少一半以上"], ["上半年", "一年半", "半数以上"]),
        (P.PERCENT_WORDS_RE, ["增长百分之十五", "百分之5"], ["增长15%", "三分之一", "百分点"]),
        (
            P.NUMBER_RE,
            ["1500多亿元", "10万元", "2.5万平方米", "1,000家", "１０家", "二十一项", "百余家"],
            ["加强组织领导", "高新技术企业"],
        ),
        (P.RANGE_SEP_RE, ["3-5个", "10%—15%", "1至2个", "10～20万元", "3 到 5 家"], ["3个、5个", "10%，15%"]),
        (
            P.YEAR_NUMBER_RE,
            ["到2025年", "2021-04-30", "2021/4/30", "(2021-2023)"],
            ["培育2000家", "2025", "投入500万元"],
        ),
        (P.YEAR_NUMBER_RE, [], ["投入资金2035.6万元"]),
        (P.YEAR_NUMBER_RE, ["2026月3月26日"], []),
        # Comparators (kg/extract/targets.py: comparator_of)
        (P.GE_BEFORE_RE, ["数量超过", "不少于", "研发投入不低于", "力争突破", "至少"], ["低于", "控制在", "超过5家，"]),
        (P.LE_BEFORE_RE, ["不超过", "控制在", "给予最高", "资助上限为", "能耗低于"], ["不低于", "不少于", "超过"]),
        (P.APPROX_BEFORE_RE, ["约", "总规模接近", "将近"], ["达到", "约束"]),
        (P.GE_AFTER_RE, ["以上", "及以上的企业"], ["以下", "企业以上"]),
        (P.LE_AFTER_RE, ["以内", "以下的项目", "之内"], ["以上", "内"]),
        (P.APPROX_AFTER_RE, ["左右", "上下"], ["以上", "，左右"]),
        (P.REDUCE_TO_BEFORE_RE, ["开办时间压缩到", "压减至平均", "缩短至"], ["压缩", "降低", "增加到"]),
        # Deadlines (kg/extract/deadlines.py)
        (
            P.BY_YEAR_RE,
            ["到2025年", "至2023年底", "力争到2028年", "争取在2024年末"],
            ["截至2022年", "截止到2021年底", "2025年"],
        ),
        (
            P.YEAR_END_RE,
            ["2023年底前", "2025年前", "2019年上半年", "2020年底", "2024年内"],
            ["2025年", "2023年5月", "2021年度"],
        ),
        (P.DEADLINE_LEAD_RE, ["力争到", "在", "争取于 ", "努力至"], ["提高", "完成", "到达"]),
        (
            P.CLAUSE_YEAR_RE,
            ["2018年，全市新增", "2019年将建成", "（2024年2个）"],
            ["2018年5月", "2018年 5 月", "2022年度", "2021年至", "2020年以来"],
        ),
        (
            P.RELATIVE_YEAR_RE,
            ["明年", "次年", "年内完成", "上半年", "五年内", "3年内"],
            ["2025年", "年均增长", "近年来"],
        ),
        (P.PLAN_END_RE, ["“十四五”末", "十四五期末", "十三五时期末"], ["“十四五”时期", "十四五规划"]),
        (
            P.BACKGROUND_RE,
            ["截至2022年底", "已建成省级平台5个", "同比增长12%", "近年来", "目前全市共有"],
            ["到2025年，新增高新技术企业100家"],
        ),
        (P.PER_YEAR_RE, ["每年遴选10个项目", "年均增长5%", "年新增", "年认定"], ["三年新增", "2025年新增", "新增"]),
        (P.DOUBLE_RE, ["高新技术企业数量实现倍增", "翻一番", "翻番"], ["“倍增”计划", "倍增行动", "翻番工程"]),
        # Classification of a quantity (kg/extract/targets.py: classify)
        (
            P.INCENTIVE_RE,
            ["给予最高50万元补贴", "一次性奖励10万元", "发放算力券", "享受租金减免"],
            ["培育高新技术企业100家", "加强组织领导"],
        ),
        (P.PER_UNIT_BEFORE_RE, ["每月", "按每人每月", "每家企业每年不超过"], ["每年", "每月，", "培育"]),
        (P.PROPORTION_BEFORE_RE, ["按照实际租金的", "按不超过实际投入的", "研发费用的"], ["按照规定", "投入的资金"]),
        (
            P.QUALIFIED_AFTER_RE,
            ["以上的企业", "的科技型企业", "的项目", "的小规模纳税人", "、具有高成长性的OPC企业"],
            ["家", "以上", "的目标", "家企业", "、建成10个"],
        ),
        (P.CONDITION_OPENING_RE, ["对营收", "以及对月销售额", "对于符合"], ["针对", "推动对接"]),
        (P.NUMERAL_TERM_RE, ["三次产业融合", "一二三产业"], ["三次会议", "第三产业"]),
        (
            P.THRESHOLD_RE,
            ["是指", "一般不超过10人", "年营业收入", "原则上", "对研发投入100万元以上的"],
            ["到2025年培育高新技术企业100家", "给予最高50万元补贴"],
        ),
        (P.COMPARATOR_WORDS_RE, ["按不超过50%", "被超过3家企业购买", "至少"], ["达到", "突破"]),
        (P.SERVICE_TIME_RE, ["办结", "内办理", "以内完成", "”办结", "开业"], ["开展", "的企业", "后办结"]),
        (P.DEFINITION_RE, ["本措施所称OPC", "是指", "适用于"], ["指导", "按照指南"]),
        (
            P.GRANT_RATE_BEFORE_RE,
            ["按不超过", "按人均不低于", "按照投资额", "按实际投入的"],
            ["按照要求，给予", "给予"],
        ),
        (P.PAREN_SPAN_RE, ["（含百余种工具）", "(2021-2023)", "（订单量100-10000件）"], ["（未闭合", "无括号"]),
        (P.COUNTED_ITEM_RE, ["企业技术中心1个、", "省级中心四个和", "30家以上、"], ["A、B等三项", "一批、"]),
        (P.PAST_OPENING_RE, ["“十三五”以来", "截至2020年底"], ["到2025年", "充分利用现有政策"]),
        (P.INDEFINITE_BEFORE_RE, ["交给上海的", "是"], ["建设", "的确"]),
        (
            P.INCLUDES_RE,
            ["（含百余种工具）", "(包括3家)", "（其中省级5个）"],
            ["（订单量100-10000件）", "含百余种", "（其中2023年达到300家）"],
        ),
        (
            P.SELF_COUNT_AFTER_RE,
            ["个方面", "项重点任务", "条措施", "大任务", "个倍增", "个“零”的突破"],
            ["个企业", "项关键技术", "家"],
        ),
        (
            P.IN_PROGRAM_NAME_AFTER_RE,
            ["名民营企业家培养行动", "青年技能培训计划", "人才工程"],
            ["行动方案", "家企业，启动计划"],
        ),
        (P.POLICY_COUNT_BEFORE_RE, ["人才新政", "政策措施"], ["培育企业"]),
        (P.GOAL_VERB_RE, ["达到", "培育", "新增", "压缩到"], ["健全工作机制", "本措施所称OPC"]),
        # Programs (kg/extract/programs.py)
        (
            P.PROGRAM_SUFFIX_RE,
            ["人才引进工程", "专项行动", "创新券", "科技兴蒙战略", "试点"],
            ["专项资金", "战略性新兴产业", "试点城市", "实施“十大行动”"],
        ),
        (P.NOT_PROGRAM_AFTER_RE, ["项目", "申报书", "资金", "管理办法"], ["，", "的实施", "取得成效"]),
        (P.PROGRAM_COUNT_RE, ["六大工程", "三大创新工程", "工程", "重点专项"], ["人才工程", "六大工程建设"]),
        (
            P.QUOTED_LIST_PROGRAM_RE,
            ["“111”“1331”“136”等工程", "“111”、“1331”等重大工程", "“双百”“双千”计划"],
            ["“111”工程", "“放管服”“最多跑一次”改革"],
        ),
        (
            P.QUOTED_PROGRAM_RE,
            ["“三评”改革", "“揭榜挂帅”制", "“七个一批”项目建设", "推进“三个调整优化”"],
            ["“一”", "人才工程"],
        ),
        (
            P.QUOTED_PROGRAM_WORD_RE,
            ["算力券", "青创贷", "科贷通", "雏鹰行动", "武创荟"],
            ["三评", "揭榜挂帅", "放管服", "双休日"],
        ),
        (
            P.QUOTED_NOT_PROGRAM_RE,
            ["不会转、不能转", "让数据多跑路", "融资难", "一企一策", "一对一"],
            ["揭榜挂帅", "三评", "科贷通"],
        ),
        (P.PROGRAM_VERB_BEFORE_RE, ["深入推进", "实施", "打造"], ["根据", "加快", "推进工作"]),
        (P.PROGRAM_QUOTE_AFTER_RE, ["", "，", "等", "工作", "政策"], ["的", "建设", "技术"]),
        (P.SHORT_PROGRAM_RE, ["创新行动", "核心战略", "人才工程"], ["人才引进工程", "科技创新行动", "工程"]),
        (
            P.GENERIC_PROGRAM_RE,
            [
                "重大工程",
                "六大工程",
                "一批重点项目",
                "本行动计划",
                "科技计划",
                "年度项目计划",
                "政府投资基金",
                "创业投资基金",
                "大学生创新创业大赛",
            ],
            ["人才引进工程", "雏鹰计划", "科技特派员行动", "市天使投资引导基金", "直播电商大赛", "上海科创基金"],
        ),
        (P.OWNER_LEVEL_BEFORE_RE, ["设立市级", "省"], ["市场", "设立"]),
        (P.QUOTED_CLAUSE_RE, ["让数据多跑路，群众少跑腿", "最后一公里的"], ["最多跑一次", "一网通办"]),
        (P.STRONG_PROGRAM_SUFFIX_RE, ["改革", "专项行动", "机制"], ["建设", "活动", "平台"]),
        (P.OWNER_LEVEL_OPENING_RE, ["国家科技重大专项", "省重点研发计划"], ["科技重大专项", "布局建设"]),
        (P.PROGRAM_OBJECT_END_RE, ["示范性重大项目", "创新平台"], ["绿色低碳", "科技创新"]),
        # Citations (kg/extract/citations.py)
        (P.BOOK_TITLE_RE, ["《关于印发《X》的通知》", "根据《山西省科技创新促进条例》"], ["“山西省”", "《未闭合"]),
        (
            P.BASED_ON_BEFORE_RE,
            ["根据", "依据国务院", "根据省委、省政府"],
            ["贯彻落实", "根据要求，加快", "根据《条例》和"],
        ),
        (
            P.BASED_ON_AFTER_RE,
            ["制定本办法。", "等文件精神编制本规划", "精神，结合我市实际，制定本方案", "要求，现提出如下措施"],
            ["，认真组织实施", "精神，推动落实", "。制定本方案"],
        ),
        (P.CITATION_LIST_JOIN_RE, ["依据《A》和", "《A》（国发〔2016〕43号）、", "《A》以及"], ["依据", "《A》，并"]),
        (P.BASED_ON_AFTER_RE, ["，制定本办法。"], []),
        (P.IMPLEMENTS_BEFORE_RE, ["贯彻落实", "认真贯彻落实党中央", "为落实好"], ["根据", "落实《A》和"]),
        # Industry clusters (kg/extract/clusters.py)
        (
            P.INDUSTRY_SUFFIX_RE,
            ["新能源汽车产业", "先进制造业产业集群", "产业地标"],
            ["产业园", "产业化", "产业链", "产业发展"],
        ),
        (
            P.INDUSTRY_LIST_END_RE,
            ["短剧短视频、电子商务、知识付费等重点产业", "钢铁、有色等传统优势行业", "等战略性新兴产业"],
            ["等产业链", "等产业园", "重点产业"],
        ),
        (P.NOT_INDUSTRY_NAME_RE, ["推动", "我市", "之"], ["新能源汽车", "生物医药"]),
        (P.AMOUNT_IN_NAME_RE, ["最高20万元", "50亿元", "30%", "1.5亿元", "不少于8场"], ["“2+5+4”", "三大工程", "2.0"]),
        (P.QUOTE_CLOSE_AFTER_RE, ["2.0”", "”", "（2026）”"], ["2.0，支持", "、“十四五"]),
        (P.BODY_AFTER_INDUSTRY_RE, ["处", "协会", "专班办公室", "领导小组"], ["高质量发展", "集群", "链"]),
        (P.NOT_IN_INDUSTRY_NAME_RE, ["——专注", '"AI+', "……"], ["“8+6”重点", "人工智能"]),
        (P.GENERIC_INDUSTRY_RE, ["新兴", "战略性新兴", "重点", "千亿级"], ["新能源汽车", "生物医药"]),
        # What the quantity classifier asks around a number (kg/extract/target_classes.py,
        # targets.py, quantities.py)
        (P.TOKEN_CHAR_RE, ["5", "G", "．"], ["年", "，", "、"]),
        (P.RATE_UNIT_BEFORE_RE, ["每新增", "每", "对每引进"], ["新增", "每新增企业、"]),
        (P.DENOMINATOR_AFTER_RE, ["拥有发明专利", "口", "人口"], ["个", "家企业"]),
        (P.SCALE_CLASS_AFTER_RE, ["级产业集群"], ["家", "亿元以上"]),
        (P.EXISTING_BEFORE_RE, ["现有", "目前已建成", "我市已有"], ["新增", "现有，"]),
        (P.SIZE_CLASS_AFTER_RE, ["以上项目", "及以下货车"], ["以上", "以上，", "个"]),
        (P.RATE_GOAL_VERB_RE, ["按期完成", "按计划实现"], ["按不超过", "按照投资额"]),
        (P.NUMBERED_NAME_BEFORE_RE, ["十省", "四届"], ["新增", "十个"]),
        (P.MEETING_AFTER_RE, ["全会", "全体会议", "常务会议"], ["个", "次全会"]),
        (P.REDUCED_FROM_BEFORE_RE, ["从", "由平均"], ["压缩至", "从而"]),
        (P.REDUCED_FROM_AFTER_RE, ["个工作日压缩至5", "天减少到3"], ["个工作日", "家企业实现"]),
        (P.TIME_LIMIT_WORD_RE, ["审批时间压缩到", "一天办结"], ["试行两年", "培育"]),
        (P.REACH_TIME_AFTER_RE, ["生活圈", "以内到达", "通达"], ["天", "个工作日"]),
        (P.CIRCLE_OR_DONE_RE, ["分钟生活圈", "内办结"], ["个工作日", "年"]),
        (P.BOUND_AFTER_RE, ["以上", "左右", "及以上", "之内"], ["个以上", "家"]),
        (P.VALUE_NEXT_RE, ["，达到100家", ", 达到"], ["达到", "，力争"]),
        (P.DOUBLING_METRIC_TAIL_RE, ["高新技术企业数量实现", "2025年"], ["高新技术企业", "实现企业"]),
        # Programs and clusters (kg/extract/programs.py, clusters.py)
        (P.QUOTED_CORE_RE, ["实施“双百”工程", "“千企”行动"], ["双百工程", "“未闭合"]),
        (P.QUOTED_FIVE_YEAR_RE, ["“十四五”科技人才计划"], ["十四五", "“十四”"]),
        (P.HEADLINE_LAUNCH_BEFORE_RE, ["组织实施", "启动", ""], ["加强", "实施的"]),
        (P.LAUNCH_BEFORE_RE, ["启动", "设立", "组织实施"], ["实施", "开展"]),
        (P.PROGRAM_KIND_END_RE, ["“双百”“千企”工程", "行动"], ["工程师", "计划书"]),
        (P.SHORT_QUOTE_RE, ["“双百”", "“千企万人”"], ["“一个很长很长很长的不是项目名称的引语”", "双百"]),
        (P.NAME_BEFORE_QUOTE_SUFFIX_RE, ["工程", "专项", "战略"], ["工程师", "改革"]),
        (P.CLUSTER_PLACE_PREFIX_RE, ["我市新能源", "全省", "运城特色"], ["新能源汽车", "生物医药"]),
        (P.INDUSTRY_LIST_SPLIT_RE, ["钢铁、有色", "新材料和新能源"], ["钢铁，有色"]),
        (P.QUOTED_PHRASE_RE, ["“数字经济”产业"], ["数字经济", "“”"]),
        # Parent plans (kg/extract/parents.py, kg/link.py)
        (
            P.PARENT_PLAN_RE,
            ["按照自治区“科技兴蒙”行动", "落实国家“十四五”规划", "根据省“十四五”科技创新发展规划"],
            ["按照市委部署", "落实“十四五”规划", "根据国家有关规定"],
        ),
        (P.PARENT_PLAN_RE, ["落实国家“十四五”科技创新规划"], []),
        (
            P.PURPOSE_PLAN_RE,
            [
                "为全面实施“人工智能+”行动，",
                "为贯彻落实苏州市人工智能OPC培育发展行动部署，",
                "为落实省“十四五”科技创新规划，",
            ],
            ["为深入实施创新驱动发展战略，", "为加快建设创新平台，", "实施“人工智能+”行动，"],
        ),
        (P.PURPOSE_END_RE, ["特制定本方案", "制定如下措施", "提出以下意见"], ["制定配套政策", "编制规划"]),
        (
            P.PLAN_TITLE_NOISE_RE,
            ["“十四五”", "2021-2025年", "2022年", "科技创新发展规划", "实施方案"],
            ["打造一流创新生态", "规划局"],
        ),
    ],
)
def test_extract_pattern(regex, yes, no):
    for text in yes:
        assert regex.search(text), f"{regex.pattern[:40]!r} should match {text!r}"
    for text in no:
        assert not regex.search(text), f"{regex.pattern[:40]!r} should not match {text!r}"


@pytest.mark.parametrize(
    ("text", "pos", "vague"),
    [
        ("培育一批科技型企业", 2, True),
        ("出台一系列政策", 2, True),
        ("建设一流大学", 2, True),
        ("打造一站式服务平台", 2, True),
        ("推进一网通办", 2, True),
        ("认定为三类人才", 3, True),
        ("构建三位一体格局", 2, True),
        ("建设一流大学", 0, False),  # used with .match at the numeral, not .search
        ("新建一个中试基地", 2, False),
        ("培育一家链主企业", 2, False),
        ("三类大项目", 0, False),
    ],
)
def test_vague_one_matches_at_the_numeral(text, pos, vague):
    assert bool(P.VAGUE_ONE_RE.match(text, pos)) is vague


def test_quoted_program_suffix():
    assert P.QUOTED_PROGRAM_RE.search("深化“三评”改革").group("suf") == "改革"
    assert P.QUOTED_PROGRAM_RE.search("实施“双百”工程").group("suf") == "工程"
    assert P.QUOTED_PROGRAM_RE.search("破解“融资难”的问题").group("suf") is None


def test_program_launch_prefix():
    # The launch words are optional: the regex always matches; what it matched is the prefix.
    assert P.PROGRAM_LAUNCH_RE.match("组织实施人才引进工程").group(0) == "组织实施"
    assert P.PROGRAM_LAUNCH_RE.match("启动科技特派员行动").group(0) == "启动"
    assert P.PROGRAM_LAUNCH_RE.match("加强组织领导").group(0) == ""


# --------------------------------------------------------------------------
# kg.extract.metric_phrase
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regex", "yes", "no"),
    [
        (M.LEAD_RE, ["其中", "力争到2025年", "2023年底前", "全省", "，进一步"], ["培育企业", "新增其中"]),
        (M.ITEM_NUMBER_RE, ["（1）", "（一）", "①", "1.", "2、"], ["1.5亿元", "2025年", "（市科技局牵头）"]),
        (
            M.BEFORE_TAIL_RE,
            ["高新技术企业数量达到", "力争突破", "审批时间压缩一半以上", "从平均22个工作日压缩至", "年均增长"],
            ["高新技术企业", "达到目标的企业"],
        ),
        (M.REDUCE_RE, ["降低", "企业开办时间压减"], ["压减到", "增长"]),
        (M.GROWTH_RE, ["年均增长", "提高", "年均增长不低于"], ["降低", "增长率"]),
        (M.EMPTY_BRACKETS_RE, ["（）", "( )"], ["（2025年）", "（市科技局）"]),
        (M.QUANTITY_END_RE, ["5个", "2.5亿元", "重点实验室10家"], ["重点实验室", "5个省级实验室"]),
        (M.MILESTONE_AFTER_RE, ["（2024年2个）", "(2个)"], ["省级重点实验室", "，（2个）"]),
        (M.NOUN_AFTER_RE, ["人工智能OPC生态社区", "以上的科技型企业", "“专精特新”企业"], ["、", "和3个", "，", "家，"]),
        (M.ITEM_SEP_RE, ["、", "个地市、", "和", "以上、"], ["，", "个城市，"]),
        (M.MID_LEAD_RE, ["培育更多“小巨人”全年民营科技企业", "企业其中省级"], ["全年新增", "，全年新增", "力争"]),
        (M.ATTRIBUTED_NOUN_RE, ["、总面积不低于100万平方米的OPC标杆社区"], ["OPC标杆社区", "、总面积，不低于的社区"]),
        (M.NEXT_ITEM_RE, ["城市、3-5个", "地市和10个", "及两家"], ["研发和转化", "、，5个"]),
        (M.PREDICATE_RE, ["地市实施", "开展试评价", "实现“一窗”受理"], ["人工智能OPC生态社区", "企业"]),
        (M.OBJECT_VERB_RE, ["培育", "力争新增", "推动形成"], ["培育企业", "加强"]),
        (M.OBJECT_MARK_RE, ["将企业开办时间", "把"], ["将来", "将要", "企业"]),
        (M.PLACE_RE, ["太原市", "其余各设区市", "各", "长江新区"], ["企业", "高新技术企业数量"]),
        (M.FLOW_VERB_RE, ["新增", "新认定"], ["增加", "培育"]),
        (M.LEADING_VERB_RE, ["培育推荐省级技术创新中心", "支持和引进"], ["省级技术创新中心", "新增企业"]),
        (M.TOPIC_END_RE, ["高新技术企业数量实现倍增", "平均时间压减到"], ["高新技术企业数量", "科技型中小企业"]),
        (M.REACH_RE, ["创业便利圈", "”生活圈"], ["办结", "，创业便利圈"]),
        (M.SPACE_HEAD_RE, ["孵化空间", "人工智能OPC生态社区", "标准厂房"], ["企业", "空间布局"]),
        (M.DIGIT_RE, ["2025年", "5G"], ["高新技术企业", "五家"]),
        (M.REDUCTION_TAIL_RE, ["压缩到", "降低至平均", "压减三分之一"], ["压缩", "降低成本"]),
        (M.BOUND_WORDS_RE, ["以上企业", "多个", "及以上"], ["企业以上", "个"]),
        (M.TO_FIRST_STOP_RE, ["背景。企业数量", "一；二"], ["企业数量", "，达到"]),
        (M.COUNT_WORD_END_RE, ["企业数量", "投资总量"], ["数量企业", "企业"]),
    ],
)
def test_metric_phrase_pattern(regex, yes, no):
    for text in yes:
        assert regex.search(text), f"{regex.pattern[:40]!r} should match {text!r}"
    for text in no:
        assert not regex.search(text), f"{regex.pattern[:40]!r} should not match {text!r}"


# --------------------------------------------------------------------------
# Every named regex has examples
# --------------------------------------------------------------------------


def _named_regexes(module: object) -> list[str]:
    return sorted(n for n in dir(module) if n.endswith("_RE") and isinstance(getattr(module, n), re.Pattern))


def test_every_named_regex_has_examples():
    source = (TESTS / "test_patterns.py").read_text("utf-8") + (TESTS / "test_patterns_extract.py").read_text("utf-8")
    names = _named_regexes(P)
    assert names
    missing = [n for n in names if not re.search(rf"\bP\.{n}\b", source)]
    assert not missing, f"regexes of kg.patterns with no examples: {missing}"


def test_every_metric_phrase_regex_has_examples():
    source = (TESTS / "test_patterns_extract.py").read_text("utf-8")
    names = _named_regexes(M)
    assert names
    missing = [n for n in names if not re.search(rf"\bM\.{n}\b", source)]
    assert not missing, f"regexes of kg.extract.metric_phrase with no examples: {missing}"
