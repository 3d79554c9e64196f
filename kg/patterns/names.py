"""Programs, clusters, citations and parent policies (kg/extract/programs.py, clusters.py,
citations.py, parents.py)."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Programs, clusters, citations
# --------------------------------------------------------------------------

#: Suffixes that make a name a program (longest first).
PROGRAM_SUFFIX_RE = re.compile(
    r"(?:行动计划|专项行动|创新计划|工程|计划|行动|专项(?!提升|整治|检查|审计|资金|债)|大赛|博览会|创新券|服务券|体验券|"
    r"引导基金|投资基金|天使基金|产业基金|创投基金|试点(?!地区|城市|单位|企业|工作|示范|经验)|"
    r"战略(?!性|定位|意义|联盟|支撑|科技|层次|需求|决策|思维|谋划|合作|目标|部署|布局|核心|地位|任务|眼光|重点|方向|咨询|规划))(?!”)"
)
#: What may not follow a program word for it to end a name (专项规划, 计划项目 …).
NOT_PROGRAM_AFTER_RE = re.compile(
    r"^[\u4e00-\u9fff]?(?:书|表|单|期|经费|资金|项目|规划|基金|债|检查|审计|整治|评估|办法|管理|申报|立项|部署|技术|方案|硕士|博士|师)"
)
#: An amount, a share or a count, never part of a program's name: 最高20万元, 50亿元, 30%,
#: 不少于8场 (a quoted name keeps its numbers: “2+5+4”).
AMOUNT_IN_NAME_RE = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?[万亿千百]*(?:元|%|％|场|次|个|家|项|名|人|期|批)")
#: The rest of a quotation that goes on past a program word: （计划）2.0” (a version, a
#: year), up to its closing quote.
QUOTE_CLOSE_AFTER_RE = re.compile(r"[^“”，,。；;、\n]{0,6}”")
#: A count of programs closing a list: 等六大工程, 三大创新工程.
PROGRAM_COUNT_RE = re.compile(r"^(?:[一二两三四五六七八九十]+大)?(?:创新|重点|重大|科技)?(?:工程|行动|计划|专项|战略)$")
#: A run of quoted names followed by a program word: “111”“1331”“136”等工程, “111”、“1331”等重大工程.
QUOTED_LIST_PROGRAM_RE = re.compile(
    r"((?:“[^”]{1,12}”[、，,\s]*){2,})(?:等)?(?:[一二两三四五六七八九十]大|重大|重点)?(?:创新|科技)?(?:工程|行动|计划)"
)
#: A quoted name followed closely by a mechanism word: “三评”改革, “揭榜挂帅”制, “七个一批”项目建设.
QUOTED_PROGRAM_RE = re.compile(
    r"(?P<pre>[\u4e00-\u9fff]{0,8}?)“(?P<q>[^”“]{2,16})”(?P<suf>[^的等，,。；;、“”\s]{0,8}?(?:创新工程|工程|行动计划|专项行动|行动|计划|专项|战略布局|战略|改革|制|机制|试点|"
    r"示范项目|项目建设|建设|项目|活动|大赛|赛事|品牌|平台|载体|基金|解决方案|制度|体系|通道|班列|模式|专区|系列招聘活动|对接活动))?"
)
#: A quoted name whose own words end in a program's kind: “算力券”, “青创贷”, “科贷通”, “雏鹰行动”, “武创荟”.
QUOTED_PROGRAM_WORD_RE = re.compile(r"(?:券|贷|通|行动|计划|工程|大赛|赛|奖|荟|汇|榜|节|会|基金|专项|机制|工作法)$")
#: A quoted slogan or phrase, no program: “不会转、不能转”, “让数据多跑路”, “卡脖子”-like goals.
QUOTED_NOT_PROGRAM_RE = re.compile(
    r"[，,。；;！!？?]|的|^(?:让|把|以|从|既|不|无|有|最|做|敢|能|要)|(?:难|问题|瓶颈|现象)$|^一.一.$|^一对一$"
)
#: A quoted clause, never a name even before a programme word (“让数据多跑路，群众少跑腿”).
QUOTED_CLAUSE_RE = re.compile(r"[，,。；;！!？?]|的")
#: A programme word after a quoted slogan that makes the slogan a named reform or programme
#: (“最多跑一次”改革, “一企一策”机制), whatever the slogan's own words.
STRONG_PROGRAM_SUFFIX_RE = re.compile(r"(?:工程|行动|计划|专项|改革|机制|制)$")
#: Verbs that launch or carry out a quoted program: 深入推进“三个调整优化”.
PROGRAM_VERB_BEFORE_RE = re.compile(
    r"(?:实施|推进|开展|落实|启动|推行|深化|建好|建立|实行|用好|统筹推进|重点建设|构建|采用|以建设|持续推动|"
    r"推出|举办|打造|发挥|探索|推广|设立|发布|完善|强化|依托|创新|扩大|叫响|擦亮|培育|引导OPC使用|使用)$"
)
#: What may follow a quoted program launched by a verb: punctuation, 等, 工作, 政策 ….
PROGRAM_QUOTE_AFTER_RE = re.compile(
    r"^(?:$|[，,。；;、）)“]|等|工作|政策|人才工作|为目标|新格局|机制|模式|品牌|平台|作用|一体化)"
)
#: Launch wording in a heading: the document sets the program up.
PROGRAM_LAUNCH_RE = re.compile(r"^(?:推进实施|组织实施|深入实施|实施|启动|开展|推进|落实|打造)?")
#: A name too short to tell one program from another unless quoted: 创新行动, 核心战略.
SHORT_PROGRAM_RE = re.compile(r"^[\u4e00-\u9fff]{1,2}(?:工程|计划|行动|专项|战略|大赛|试点|基金)$")
#: Generic names that are not a program by themselves.
GENERIC_PROGRAM_RE = re.compile(
    r"^(?:工程|计划|行动|专项|行动计划|专项行动|重大工程|重点工程|科技计划|工作计划|年度计划|科技专项|"
    r"重点专项|建设工程|示范工程|发展计划|实施计划|行动方案|科技计划专项|创新工程|系统工程|人才工程|人才计划|"
    r"科技工程|重点建设工程|县级科技计划|市级科技计划|省级科技计划|财政科技计划|国家战略|重大战略|发展战略|"
    r"[一二两三四五六七八九十]+大(?:创新|重点)?(?:工程|行动|计划|战略))$"
    r"|^(?:一批|一项|一系列|一场|一套|一支|一个|一次|本|该|此|各|各类|相关|有关|这|上述|其他|多个|若干|等|及|和|的|项目)"
    r"|(?:评审|评估|申报|管理|研究|政策|规划|项目)(?:计划|工程)$"
    r"|本(?:行动计划|计划|方案|行动)$"
    # a kind of fund or contest, no one fund's or contest's name (创业投资基金, 创新创业大赛);
    # a level written before it names the fund of that government (市天使投资引导基金)
    r"|^(?:政府|创业|股权|产业|投资|引导|天使|风险|创投|私募|并购|种子|发展|牵引|省内外|国内外)+基金$"
    r"|^(?:创新|创业|大学生|青年|科技|技能|职业技能)+大赛$"
)
#: A conjunct ending in a thing of its own, not a modifier of the name after 和 (重大项目和…工程).
PROGRAM_OBJECT_END_RE = re.compile(r"(?:项目|平台|基地|中心|机构|企业|园区|集聚区|示范区|体系|集群)$")
#: The owner level opening a program name that holds a modifier inside (国家科技重大专项).
OWNER_LEVEL_OPENING_RE = re.compile(r"^(?:国家|自治区|省|市|县)(?!域|会|内|外)")
#: A government level before a kind of fund or contest, naming whose it is: 市级[天使投资基金].
OWNER_LEVEL_BEFORE_RE = re.compile(r"(?:国家|省级|市级|县级|区级|省|市|县|区)$")
#: 《title》 with one level of nesting: 《关于印发《X》的通知》.
BOOK_TITLE_RE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
#: Relation words before a citation: 根据/依据/按照 → basedOn (with 制定/编制 after, in the
#: same sentence: 根据《X》精神，结合我市实际，制定本方案), 贯彻落实/落实 → implements.
BASED_ON_BEFORE_RE = re.compile(r"(?:根据|依据|依照|按照|遵照|基于)[^，。；,;《》]{0,12}$")
BASED_ON_AFTER_RE = re.compile(r"^[^。；;！!？?]{0,40}?(?:制定|编制|制订|修订|起草|提出(?:如下|以下))")
#: What joins a cited title to the one before it in a list: 《A》和《B》, 《A》（国发〔2016〕43号）、《B》
#: (the second shares the first's relation).
CITATION_LIST_JOIN_RE = re.compile(r"》(?:[（(][^（）()]{0,24}[）)])?(?:和|及|与|以及|、)$")
IMPLEMENTS_BEFORE_RE = re.compile(r"(?:贯彻落实|认真贯彻|深入贯彻|贯彻|落实好?|执行|实施)[^，。；,;《》]{0,14}$")
#: An industry named by its suffix: X产业集群 / X产业 (not 产业园, 产业化, 产业链 …).
INDUSTRY_SUFFIX_RE = re.compile(
    r"产业集群|产业地标|产业(?!园|化|链|区|基地|体系|结构|集聚|联盟|创新|政策|项目|发展|技术|工人|工程|协作|升级|转型|布局|规划|基础|集中|需求|配套|导向|资本|投资|用地|孵化|的|应用|研究|服务|人才|工作|制高点|竞争|生态|格局|水平|附加值|高端|规模|效益|集中度|领域|主要|变革|场景|引导|促进|周期|基金|方向|赛道|带|集聚区|部门|主体|资源|融合|合作|体量|基金)"
)
#: A list of industries closed by its kind: 短剧短视频、电子商务、知识付费等重点产业, 钢铁、有色等传统优势行业.
#: Group ``kind``: a qualified kind (等重点产业) says the items are industries; after a bare
#: 等产业 one item at least must be an industry the vocabulary knows.
INDUSTRY_LIST_END_RE = re.compile(
    r"等(?P<kind>重点|新兴|主导|特色|优势|传统优势|支柱|战略性新兴|未来|数字)?(?:产业|行业)(?!链|园|化|政策|项目)"
)
#: Words that make a phrase before 产业 no industry's name: verbs, places, 之.
NOT_INDUSTRY_NAME_RE = re.compile(r"提供|匹配|抢占|联合|推动|之|我市|我省|支持|加快|构建|服务于|用于|面向|助力")
#: What follows 产业 in a body's name (数字经济产业处, 人工智能产业协会, 人工智能产业专班办公室):
#: the words before it name a body, not an industry the text speaks of.
BODY_AFTER_INDUSTRY_RE = re.compile(r"(?:专班)?(?:处|科|办公室|协会|学会|商会|联合会|促进会|研究院|专班|领导小组)")
#: Characters never inside an industry's name read by shape: dashes, an ellipsis, plain
#: quotation marks (a scraped page's "…"; a name in “…” is read whole).
NOT_IN_INDUSTRY_NAME_RE = re.compile(r"[—\-\"'…]")
#: Words too generic to name an industry alone: 新兴产业, 重点产业, 相关产业.
GENERIC_INDUSTRY_RE = re.compile(
    r"^(?:新兴|重点|主导|优势|相关|传统|本地|区域|特色|支柱|地方|该|各|各类|其他|现有|高新技术|新|大|这些|上述|"
    r"战略性|创新型|千亿级|百亿级|现代|领域|龙头|本|核心|关联|上下游|配套|基础|骨干|新动能新|适宜|当地|"
    r"标志性|引领性|一批|多个|若干|本土|优质|城市|企业)+$"
)
#: The quoted core of a program's name (group 1): “双百”工程 → 双百 (its identity key).
QUOTED_CORE_RE = re.compile(r"“([^”]+)”")
#: A quoted five-year plan inside a program's name: “十四五” → 十四五 (no core of its own).
QUOTED_FIVE_YEAR_RE = re.compile(r"“(十[一二三四五六七八九]五)”")
#: A word launching a program right before its name in a headline (or nothing before it).
HEADLINE_LAUNCH_BEFORE_RE = re.compile(r"(?:实施|启动|开展|组织实施|推进实施|设立)$|^$")
#: A word launching a program right before its name anywhere: 启动, 设立, 组织实施.
LAUNCH_BEFORE_RE = re.compile(r"(?:启动|设立|组织实施)$")
#: The kind a list of quoted programs ends with (“双百”“千企”工程 → 工程; group 1).
PROGRAM_KIND_END_RE = re.compile(r"(工程|行动|计划)$")
#: A short quoted name in a list of programs (group 1: the name).
SHORT_QUOTE_RE = re.compile(r"“([^”]{1,12})”")
#: Suffixes after which a program's name may start before its quote (科技创新“双百”工程).
NAME_BEFORE_QUOTE_SUFFIX_RE = re.compile(r"(?:工程|行动|计划|专项|战略)$")
#: A leading place word that does not name an industry: 我市, 全省, 运城(特色…).
CLUSTER_PLACE_PREFIX_RE = re.compile(
    r"^(?:我市|我省|我区|全市|全省|全区|本市|本地|[\u4e00-\u9fff]{2}(?=特色|新兴|重点|主导|优势))"
)
#: The separators of a list of industries, kept by `re.split` (its group).
INDUSTRY_LIST_SPLIT_RE = re.compile(r"(、|和|及)")
#: A quoted phrase of up to 30 characters (one naming an industry is kept from clusters).
QUOTED_PHRASE_RE = re.compile(r"“[^”]{1,30}”")

# --------------------------------------------------------------------------
# Parent policies
# --------------------------------------------------------------------------

#: A higher-level named plan in a purpose statement: 按照自治区“科技兴蒙”行动…, 落实国家“十四五”…规划.
PARENT_PLAN_RE = re.compile(
    r"(?:按照|根据|依据|落实|贯彻落实|贯彻|深入实施|实施|围绕)"
    r"(?P<owner>党中央、国务院|党中央|国务院|国家|中央|省委、省政府|省委省政府|省政府|省|自治区党委、政府|自治区)"
    r"(?P<name>“[^”]{2,16}”[\u4e00-\u9fff]{0,10}?(?:行动计划|行动|战略|工程|计划|规划)|[\u4e00-\u9fff“”]{2,20}?(?:行动计划|行动方案|规划纲要|发展规划))"
)
#: A named plan a purpose statement carries out, owner optional: 为全面实施“人工智能+”行动，… /
#: 为贯彻落实苏州市人工智能OPC培育发展行动部署，… (group name; a 战略 is a strategy, no plan).
PURPOSE_PLAN_RE = re.compile(
    r"为(?:全面|深入|认真|进一步|切实|加快)?(?:贯彻落实|贯彻|落实|实施|推进)"
    r"(?P<name>[\u4e00-\u9fff]{0,12}“[^”]{2,16}”[\u4e00-\u9fffA-Za-z]{0,10}?(?:行动计划|行动方案|行动|工程|计划|规划)"
    r"|[\u4e00-\u9fffA-Za-z0-9+]{4,24}?(?:行动计划|行动方案|行动|规划))"
    r"(?:部署|精神|要求|决策部署|工作部署)?[，,]"
)
#: The statement of purpose a document opens with ends so: …，特制定本方案 / 制定如下措施.
PURPOSE_END_RE = re.compile(r"(?:制定|制订|编制|提出)(?:了)?(?:本|此|如下|以下)")
#: Words removed from a plan title to find the strategy it names (time, genre, wrappers).
PLAN_TITLE_NOISE_RE = re.compile(
    r"“?十[一二三四五六七八九]五”?|(?:19|20)\d\d(?:[-—–至]\d{4})?年?|(?:专项|发展|战略)?(?:规划|实施方案|行动方案|方案|纲要|计划)$"
)

#: Issuers or titles of national documents: 国务院, 国务院办公厅, 中共中央, 国家发展改革委 ….
NATIONAL_ISSUER_RE = re.compile(
    r"国务院|中共中央|全国人民代表大会|国家[\u4e00-\u9fff]{1,8}(?:委|局|部|署)|^(?:科技部|教育部|财政部|工业和信息化部)"
)
