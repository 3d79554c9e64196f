"""Quantities and targets (kg/extract/quantities.py, deadlines.py, targets.py, metric_phrase.py)."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Quantities and targets (kg/extract/quantities.py, deadlines.py, targets.py)
# --------------------------------------------------------------------------

#: An Arabic number: digits, decimals, thousands separators (1,000), full-width digits.
ARABIC_NUMBER = r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?"
#: A number in Chinese numerals: 十, 二十一, 一百五十, 百, 千, 万, 两.
CN_NUMBER = r"[零〇一二两三四五六七八九十百千万亿]+"
#: A fraction: 三分之一, 2/3 written 三分之二 — group den, num.
FRACTION_RE = re.compile(rf"(?P<den>{CN_NUMBER}|{ARABIC_NUMBER})分之(?P<num>{CN_NUMBER}|{ARABIC_NUMBER})")
#: Half: 一半 (0.5 of what is reduced or reached).
HALF_RE = re.compile(r"一半")
#: A percentage written in words: 百分之十五.
PERCENT_WORDS_RE = re.compile(rf"百分之(?P<num>{CN_NUMBER}|{ARABIC_NUMBER})")
#: A number, with 多/余 after it and a 万/亿/千 multiplier: 1500多亿, 10万, 2.5万 (groups num, mult).
NUMBER_RE = re.compile(rf"(?P<num>{ARABIC_NUMBER}|{CN_NUMBER})(?P<more>[多余])?(?P<mult>万|亿|千)?(?P<more2>[多余])?")
#: The dash or word between the two ends of a range: 10%—15%, 3-5个, 1至2个.
RANGE_SEP_RE = re.compile(r"[\s]*(?:[-－—–~～]+|至|到)[\s]*")
#: A year as a date, never a quantity: 2025年 (followed by 年, 月 or a date's separator).
YEAR_NUMBER_RE = re.compile(r"(?:19|20)\d\d(?=\s*(?:年|月(?=\s*\d{1,2}\s*月)|[-/]\d|\.\d{1,2}\.\d))")
#: Chinese numerals that are words, not counts: 一批, 一系列, 一流, 一体化, 一站式, 一网通办.
#: Used with ``.match(text, pos)`` (so no ``^``: it would only match at the string's start).
VAGUE_ONE_RE = re.compile(
    r"[一两](?:批|些|系列|流|体|站|网|窗|次性|线|号|把手|带一路|揽子|张|套|门|件事)|[一二三四五六七八九]类(?!大)"
    r"|[一二三四五六七八九十]位一体"
)

#: Comparators written before a quantity.
GE_BEFORE_RE = re.compile(r"(?:超过|不少于|不低于|至少|力争突破|突破|达到以上|超|多于|高于)$")
LE_BEFORE_RE = re.compile(r"(?:不超过|不高于|控制在|(?<!不)低于|(?<!不)少于|不多于|最高|最多|最长|上限为?)$")
APPROX_BEFORE_RE = re.compile(r"(?:约|近|大约|接近)$")
#: Comparators written after a quantity (以上 ≥, 以内 ≤, 左右 ≈).
GE_AFTER_RE = re.compile(r"^(?:及以上|以上)")
LE_AFTER_RE = re.compile(r"^(?:以内|以下|之内)")
APPROX_AFTER_RE = re.compile(r"^(?:左右|上下)")
#: The quantity is a reduction reached (压缩到X): ≤ only with 以内; a decrease by X (降低10%): =.
REDUCE_TO_BEFORE_RE = re.compile(r"(?:压缩|压减|降低|降|缩短|减少|缩减|精简)(?:到|至)(?:平均)?$")

#: Deadlines.  到2025年 / 至2023年底 / 力争到2028年 (group year).
BY_YEAR_RE = re.compile(r"(?<!截)(?<!截止)(?:到|至|力争到|争取到|力争在|争取在|在)\s*((?:19|20)\d\d)\s*年(?:底|末)?")
#: 2023年底前 / 2025年前 / 2019年上半年 / 2020年底 (group year, half).
YEAR_END_RE = re.compile(r"((?:19|20)\d\d)\s*年\s*(?:(?:底|末)?前|底|末|(上|下)半年|内)")
#: Words leading into a year-end deadline, part of its span: 力争到[2025年底], 在[2023年底前].
DEADLINE_LEAD_RE = re.compile(r"(?:力争|争取|努力)?(?:到|至|在|于)\s*$")
#: A year opening a clause: 2018年，… / 2019年将… / （2024年2个） (group year); not a date
#: (2018年5月) nor a range.
CLAUSE_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月|[月度—\-－~至到以比])")
#: Relative deadlines: 明年, 次年, 今年, 年内, 全年, 当年, 上半年, 下半年, 五年内, 三年内.
RELATIVE_YEAR_RE = re.compile(
    rf"(?P<next>明年|次年|下一年)|(?P<this>今年|本年|年内|全年|当年|本年度)|(?P<half>上半年|下半年)|(?P<n>{CN_NUMBER}|\d+)年内"
)
#: The end of a five-year plan: “十四五”末, 十四五期末.
PLAN_END_RE = re.compile(r"“?十([一二三四五六七八九])五”?(?:末|期末|时期末)")
#: The past: background statistics, not goals.
BACKGROUND_RE = re.compile(
    r"截至|截止|已经|已有|已建成|已累计|共有|现有|目前|共建成|共获得|分别为|增长了|比上年|同比|较上年|以来|先后|曾|期末的|近年来|去年"
)
#: A sentence opening that sets all of it in the past: “十三五”以来，… / 截至2020年底，…
PAST_OPENING_RE = re.compile(r"以来|截至|截止|近年来|去年|过去")
#: 一 as an indefinite article before a classifier: 是党中央交给上海的[一项]重大任务.
INDEFINITE_BEFORE_RE = re.compile(r"(?:的|是|为|作为|成为)$")
#: A rate per year (每年遴选…, 年均增长…): no deadline year, whatever the plan's period.
PER_YEAR_RE = re.compile(r"每年|年均|(?<![一二三四五六七八九十两\d])年(?:认定|新增)|每年度")
#: 倍增 / 翻番 / 翻一番 with no number: comparator x2.
DOUBLE_RE = re.compile(r"(?:倍增|翻番|翻一番)(?!”?(?:计划|工程|行动|专项))")

#: Classification words.  An incentive's clause: subsidies, rewards, caps, vouchers.
INCENTIVE_RE = re.compile(
    r"奖励|奖补|补助|补贴|资助|扶持|给予|贴息|最高|一次性|券|担保贷款|免租|减免|优惠|免费|资金支持|风险补偿|"
    r"抵扣|租金|兑现|申领|享受|入股|占股|股权投资|投资额度|支持比例|提取|用于奖励"
)
#: A rate per person or period before an amount: 每月1200元, 每家企业每年不超过50万元.
PER_UNIT_BEFORE_RE = re.compile(
    r"每(?:月|人|家|个|户|平方米|次|季度)[^，,。；;]{0,6}$|每(?:家|个|人)[^，,。；;]{0,4}每年[^，,。；;]{0,4}$"
)
#: A share of something paid or charged, written before the number: 按照…租金的70%, 按投入的30%.
PROPORTION_BEFORE_RE = re.compile(r"按(?:照)?[^，,。；;]{0,20}的$|费用的$|投入的$|成本的$")
#: What follows a quantity that qualifies who or what is meant: 5人以上的企业, 超亿元的项目, 10亿元以上的.
#: A coordinate attribute may stand between (年营收超千万元、具有高成长性的OPC企业).
QUALIFIED_AFTER_RE = re.compile(
    r"^(?:(?:及以上|以上|以下|以内)的|(?:、[^，,。；;、]{1,12})?的[\u4e00-\u9fffA-Za-z]{0,6}?"
    r"(?:企业|项目|单位|主体|团队|人才|机构|个人|人员|高校|园区|载体|实体|用户|纳税人|经营者|创业者|工商户|商户))"
)
#: The opening of a phrase naming who qualifies: 对…的企业, 以及对…的小规模纳税人, 对于….
CONDITION_OPENING_RE = re.compile(r"^(?:以及|并且|并|同时|另外|此外|和|及)?对(?:于)?")
#: Fixed terms written with a numeral that counts nothing: 三次产业 (the three sectors).
NUMERAL_TERM_RE = re.compile(r"三次产业|一二三产业|一二三次产业")
#: A threshold or definition: what qualifies, not what is to be reached (对…以上的, 是指, 一般不超过).
THRESHOLD_RE = re.compile(
    r"是指|一般不超过|规模不超过|人员规模|符合条件|年营业收入|注册资本|正常经营|以上的|以下的|以内的|不超过.{0,6}的|"
    r"原则上|通常|放宽|均不少于|均不低于|均不超过|均达到|均在"
)
#: Comparator words, which are no verbs of a goal (按不超过50%, 被超过3家企业购买).
COMPARATOR_WORDS_RE = re.compile(r"不超过|不少于|不低于|不高于|超过|至少|最高|最多|高于|低于")
#: A time limit of a service after its number: 一日办结, 3个工作日内办理, 一周开业 (group: what is done).
SERVICE_TIME_RE = re.compile(r"^[”\"]?(?:以内|内)?(办结|办理|完成|审结|办好|出证|领证|开业|到账|答复|审批)")
#: An item of a list with its own count: 企业技术中心1个、 / 三个、 (a list of counted items).
COUNTED_ITEM_RE = re.compile(r"[\d一二两三四五六七八九十百千]+(?:个|家|项|名|所|座|件)(?:以上)?[、和及与]")
#: A sentence defining a term: its numbers say what is meant (本措施所称OPC…通常在15人以下).
DEFINITION_RE = re.compile(r"所称|泛指|是指|系指|指的是|适用于")
#: The rate or base of a grant before its number: 按不超过50%, 按人均不低于20平方米, 按照投资额.
GRANT_RATE_BEFORE_RE = re.compile(r"按(?:照)?(?:不超过|不高于|不低于|人均|每)?[^，,。；;]{0,12}$")
#: A parenthesis (one level): its numbers qualify or describe what stands before it.
PAREN_SPAN_RE = re.compile(r"[（(][^（()）]*[)）]")
#: A parenthesis listing what something contains: （含百余种工具）, （其中省级5个）; not a
#: milestone on the way, which names its year (（其中2023年达到300家）).
INCLUDES_RE = re.compile(r"^[（(](?:含|包括|包含|其中(?![^（）()]{0,3}(?:19|20)\d\d年))")
#: A number in a word that is not a count: 单一个体, 统一, 唯一, 同一, 第一, 首批.
ORDINAL_BEFORE = ("第", "首批", "统", "唯", "同", "单")
#: A count of the plan's own parts: 5个方面21项工作, 12条措施, 三大任务, 实现5个倍增.
SELF_COUNT_AFTER_RE = re.compile(
    r"^(?:[个项]?方面|项(?:工作|任务|措施|举措|政策|重点任务|主要任务)|条(?:措施|政策|举措)?|大(?:任务|行动|工程|领域|板块|产业|平台|体系)|个[“\"]?(?:倍增|突破|提升|到位|全覆盖)|个“[^”]{1,4}”的?突破)"
)
#: A number inside a program's name: 千名民营企业家培养行动, 百万青年技能培训计划.
IN_PROGRAM_NAME_AFTER_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}?(?:工程|计划|行动)(?![\u4e00-\u9fff]{0,2}(?:方案|规划))")
#: Counts of a policy's articles before the number: 人才新政12条, 政策措施20条.
POLICY_COUNT_BEFORE_RE = re.compile(r"(?:新政|政策|措施|意见|条例|办法)$")
#: Verbs of a goal (a quantity in a clause without one is no target).
GOAL_VERB_RE = re.compile(
    r"达到|达|突破|超过|新增|新建|培育|建设|建成|引进|认定|实现|组建|转化|实施|形成|布局|推动|支持|申报|挖掘|培养|开展|"
    r"集聚|增长|提高|提升|力争|确保|争取|累计|完成|打造|谋划|创建|推荐|吸引|发展|设立|新认定|保持|覆盖|进入|聚集|扶持|投资|投入|"
    r"压缩|压减|降低|下降|降价|缩短|减少|消减|精简|办结|组织|举办|发布|遴选|发掘|提供|上线|解决|清理|拓展|新培育|引育|招引|带动|培训|扩大|增加|增至|储备|吸纳|签约|落地|入驻|上市|挂牌|认证|开设|交易"
)


# --------------------------------------------------------------------------
# What the quantity classifier asks around a number (kg/extract/target_classes.py):
# ``$``-anchored regexes search the text before the number, ``^``-anchored ones match
# the text after it
# --------------------------------------------------------------------------

#: A character a number continues when it stands right before it (GB2312, 5G, 1.5):
#: the number is part of a longer token (asked with ``.match`` at that character).
TOKEN_CHAR_RE = re.compile(r"[0-9０-９.．A-Za-z]")
#: 每 and up to three characters before a 一: the unit of a rate (每新增一项).
RATE_UNIT_BEFORE_RE = re.compile(r"每[\u4e00-\u9fff]{0,3}$")
#: The denominator of a rate after its number: 万人拥有, 每万人口, 人均 (…均).
DENOMINATOR_AFTER_RE = re.compile(r"^(?:拥有|口|均|人口|发明)")
#: A scale class after its number: 千亿元级, 百亿级.
SCALE_CLASS_AFTER_RE = re.compile(r"^级")
#: What exists now, before its number: 现有1300多项, 目前已有.
EXISTING_BEFORE_RE = re.compile(r"(?:现有|已有|原有|目前)[^，,。；;]{0,4}$")
#: The size of what is meant, after its number: 亿元以上项目, 4.5吨及以下货车.
SIZE_CLASS_AFTER_RE = re.compile(r"^(?:及以上|以上|及以下|以下)[\u4e00-\u9fff]")
#: Verbs of a goal that make a 按… phrase no rate of a grant (按期完成, 按计划实现).
RATE_GOAL_VERB_RE = re.compile(r"完成|实现|达到|建成|力争")
#: A numeral in a name before the number: 十省百家, 四届十次.
NUMBERED_NAME_BEFORE_RE = re.compile(r"[一二三四五六七八九十百千]+[省市县区届]$")
#: A meeting after its number: 四届十次全会, 第三次全体会议.
MEETING_AFTER_RE = re.compile(r"^(?:全体会议|全会|会议|常务会议)")
#: The start of a reduction before its number: 从22个工作日…, 由平均…
REDUCED_FROM_BEFORE_RE = re.compile(r"(?:从|由)(?:平均)?$")
#: A reduction to a new figure after the number (个工作日压缩至5个): the number is the baseline.
REDUCED_FROM_AFTER_RE = re.compile(
    r"^[\u4e00-\u9fff]{0,12}?(?:压减|压缩|降低|减少|缩减)[\u4e00-\u9fff]{0,4}?(?:至|到)?(?:平均)?[0-9一二三四五六七八九十百千两半]"
)
#: Words of a time limit around a duration: 压缩到, 缩短, 办结, 审批 (searched in a window).
TIME_LIMIT_WORD_RE = re.compile(r"(?:压缩|压减|缩短|控制|减少|降低|提速|办结|办理|审查|审批)")
#: A time to reach a place after its number: 15分钟生活圈, 2小时通达.
REACH_TIME_AFTER_RE = re.compile(r"^(?:以内|内)?(?:到达|通达|送达|创业便利圈|生活圈|服务圈|交通圈|经济圈)")
#: A circle or a service done, soon after a duration (10分钟…圈, 一天办结).
CIRCLE_OR_DONE_RE = re.compile(r"(?:圈|办结)")
#: A word bounding the number right after it, kept in a target's text: 及以上, 左右, 以内.
BOUND_AFTER_RE = re.compile(r"^(?:及以上|以上|左右|以内|以下|之内)")
#: A goal's value in the next clause (…实现倍增，达到100家): no doubling without a number.
VALUE_NEXT_RE = re.compile(r"^[，,]\s*达到")
#: Words a doubling's metric ends with that are no part of it: 实现, 力争, 数量, 2025年.
DOUBLING_METRIC_TAIL_RE = re.compile(r"(?:实现|力争|努力|数量|\d+年)+$")
