"""Every regular expression of the project, named and commented.

Character classes follow the conventions of zhon's ``hanzi.py``: a pattern is a
plain ``str`` constant (usable inside larger patterns) and, where it is used on
its own, a compiled ``re.Pattern`` named ``*_RE``.  Each has a unit test in
``tests/test_patterns.py``.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

#: Han ideographs (CJK Unified Ideographs and Extension A).
HANZI = "\u3400-\u4dbf\u4e00-\u9fff"

#: Chinese numerals used in numbering and quantities (两 = 2, 〇/零 = 0).
CN_DIGITS = "零〇一二两三四五六七八九十百千万"

#: Opening and closing parentheses, half- and full-width.
LPAREN = "(（"
RPAREN = ")）"

#: Brackets printed around the year of a document number: 〔2021〕 [2021] （2021）.
DOCNUM_LBR = "〔［\\[(（【"
DOCNUM_RBR = "〕］\\])）】"

#: Whitespace including the ideographic space and no-break space.
SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"

#: Zero-width characters that hide inside scraped names.
ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")

#: Sentence-final punctuation.
SENTENCE_END = "。！？!?"

#: Punctuation stripped when comparing texts (quotes, brackets, separators).
PUNCT_RE = re.compile(r"[\s\u3000，,。．.、；;：:！!？?“”\"‘’'《》〈〉「」『』【】〔〕（）()\[\]［］{}—\-－~～·•…/|]")

# --------------------------------------------------------------------------
# Numbering tokens at the start of a line
# --------------------------------------------------------------------------

#: 第一章 / 第1章 — chapter.
CHAPTER_RE = re.compile(rf"^第([{CN_DIGITS}\d]{{1,4}})章[{SPACE}、.．]*")
#: 第一节 — section (inside a chapter).
SECTION_RE = re.compile(rf"^第([{CN_DIGITS}\d]{{1,4}})节[{SPACE}、.．]*")
#: 第一条 — article of a regulation.
ARTICLE_RE = re.compile(rf"^第([{CN_DIGITS}\d]{{1,4}})条[{SPACE}、.．]*")
#: 一、 / 一． — top-level item with a Chinese numeral and a 顿号 (or full stop).
CN_DUN_RE = re.compile(rf"^([{CN_DIGITS}]{{1,4}})[、．.][{SPACE}]*")
#: （一） / (一) — parenthesised Chinese numeral, optional trailing 、.
CN_PAREN_RE = re.compile(rf"^[{LPAREN}][{SPACE}]*([{CN_DIGITS}]{{1,4}})[{SPACE}]*[{RPAREN}][{SPACE}、.．]*")
#: 1. / 1、 / 1． — Arabic numeral; not a decimal (1.5) nor a year (2021年); an item may open
#: with a year (3.2018年要在全国推开…).
ARABIC_RE = re.compile(rf"^(\d{{1,3}})(?:[、．]|\.(?!\d)|\.(?=(?:19|20)\d\d年))[{SPACE}]*")
#: 1) / 1） — Arabic numeral with a closing parenthesis only (a level of its own).
ARABIC_RPAREN_RE = re.compile(rf"^(\d{{1,3}})[{RPAREN}](?!\d)[{SPACE}]*")
#: （1） / (1) — parenthesised Arabic numeral.
ARABIC_PAREN_RE = re.compile(rf"^[{LPAREN}][{SPACE}]*(\d{{1,3}})[{SPACE}]*[{RPAREN}][{SPACE}、.．]*")
#: ① … ⑳ — circled numbers.
CIRCLED_RE = re.compile(r"^([\u2460-\u2473])[\s、.．]*")
#: A labelled paragraph: “一核”：… / 金融支持：… — a short label, a colon, then text.
LABELLED_ITEM_RE = re.compile(r"^(?P<label>“[^”“]{1,12}”|[\u4e00-\u9fffA-Za-z0-9+＋·]{2,16})[：:](?=[^\s：:])")
#: A section heading that carries work only through its sub-items: a leaf under it is not a task.
SECTION_ONLY_HEADING_RE = re.compile(
    r"^(?:总体要求|总体目标|保障措施|组织保障|保障机制|实施保障|工作要求|工作保障|组织实施|附则|其他|其它)$"
)
#: Labels that open a field or a framing paragraph, never an item: 责任单位： 主要措施： 支持对象：.
NOT_ITEM_LABEL_RE = re.compile(
    r".*(?:单位|部门|目标|原则|思想|措施|任务|举措|对象|标准|条件|依据|范围|期限|方式|内容|时间|地点|电话|人|附件|说明|备注)$"
)

# --------------------------------------------------------------------------
# Web-page noise and page metadata
# --------------------------------------------------------------------------

#: Lines of scraped web pages that are navigation, widgets or footers.
NOISE_LINE_RE = re.compile(
    r"""(
      ^(当前位置|您的位置|你的位置|所在位置)[:：]            # breadcrumb
    | ^首页\s*[>＞»]                                       # breadcrumb 首页 > …
    | [>＞»]\s*(政策法规|政策文件|政府信息公开|部门文件|通知公告|正文)  # breadcrumb trail
    | 网站支持IPv6 | 智能问答 | 长者模式 | 无障碍 | 登录\s*[|｜]\s*注册
    | ^字体[:：] | 【?字体[:：]?\s*[大中小]\s*[大中小]? | 访问次数 | 浏览次数 | 阅读次数
    | 扫一扫 | 在手机打开 | 分享到 | 打印本页 | 关闭窗口 | 【打印】 | 【关闭】 | 收藏本页
    | ^相关解读$ | ^相关链接$ | ^相关文件$ | ^附件[:：]?$ | ^主\s*题\s*词[:：]?\s*$
    | ^(来源|信息来源|文章来源)[:：] | ^(发布时间|发表时间|发布日期|更新时间)[:：]
    | 版权所有 | 主办单位[:：] | 承办单位[:：] | ICP备 | 网站标识码 | 公网安备
    | ^中国政府网
    | ^[\u4e00-\u9fff]{2,24}(门户网站|政府网站|人民政府网|政府网|官方网站)$   # the site's name as a header
    | ^[←<«‹\s]*(上一篇|下一篇)                             # previous / next article links
    | ^返回.{0,12}(列表|首页|顶部|上一页)$                  # back-to-list link
    | ^(政策解读|政策原文|图文解读|图片解读|文字解读|视频解读|解读文章|政策问答)$  # page tabs
    )""",
    re.VERBOSE,
)

#: The fence of a YAML front matter block opening a scraped page (``---`` … ``---``).
FRONT_MATTER_FENCE_RE = re.compile(r"^-{3,}$")
#: One ``key: value`` line of a front matter block (layout: default, title: …).
FRONT_MATTER_LINE_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)$")
#: Front matter keys that are page metadata (as the keys of META_KEYS); others are ignored.
FRONT_MATTER_KEYS = {"title": "title", "date": "published"}

#: A publication marker between a notice and what it carries: （此件公开发布） （此件主动公开）.
PUBLICATION_MARKER_RE = re.compile(rf"^[{LPAREN}][{SPACE}]*此件[^{LPAREN}{RPAREN}]{{1,10}}[{RPAREN}]$")

#: A bare date line (the page's publication date printed under the title): 2026-03-19, 2021/4/30 15:26.
BARE_DATE_LINE_RE = re.compile(
    rf"^((?:19|20)\d\d)[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?:[{SPACE}]+\d{{1,2}}:\d\d(?::\d\d)?)?$"
)

#: The republisher's note on where a page's text comes from: 该部分内容根据…官网整理, 根据权威媒体报道整理.
EDITORIAL_NOTE = (
    r"(?:该部分|本部分|以上|上述|本文|全文)?(?:内容)?(?:根据|据|摘自|转自)[^。；;]{1,40}?(?:整理|摘编|转载)"
)
EDITORIAL_NOTE_RE = re.compile(rf"^{EDITORIAL_NOTE}[。.]?$")

#: Page-metadata keys of government information-disclosure pages (索引号 …).
#: Several key–value pairs may share one line; keys may be spaced out (索  引 号).
META_KEYS = {
    "索引号": "index",
    "主题分类": "topic",
    "发文机关": "issuer",
    "发布机构": "issuer",
    "成文日期": "date",
    "标题": "title",
    "发文字号": "number",
    "文号": "number",
    "发布日期": "published",
    "发布时间": "published",
    "发表时间": "published",
    "是否有效": "valid",
    "有效性": "valid",
    "主题词": "keywords",
    "公开方式": "disclosure",
    "分类": "topic",
    "所属分类": "topic",
    "组配分类": "topic",
    "体裁分类": "topic",
    "信息分类": "topic",
    "发布单位": "issuer",
    "发文单位": "issuer",
    "生成日期": "published",
    "印发日期": "published",
    "实施日期": "effective",
    "废止日期": "expiry",
    "时效性": "valid",
    "信息索引号": "index",
    "关键词": "keywords",
    "关键字": "keywords",
}
_META_KEY_ALT = "|".join(r"\s*".join(map(re.escape, k)) for k in sorted(META_KEYS, key=len, reverse=True))
#: One metadata key followed by a colon.
META_KEY_RE = re.compile(rf"(?:^|(?<=\s))({_META_KEY_ALT})\s*[:：]")

# --------------------------------------------------------------------------
# Document numbers, dates, periods
# --------------------------------------------------------------------------

#: A document number: issuer abbreviation, bracketed year, serial, 号 — 晋政发〔2021〕15号.
DOC_NUMBER = (
    rf"[{HANZI}A-Za-z]{{1,12}}[{SPACE}]*[{DOCNUM_LBR}][{SPACE}]*((?:19|20)\d\d)[{SPACE}]*[{DOCNUM_RBR}]"
    rf"[{SPACE}]*第?[{SPACE}]*(\d{{1,5}})[{SPACE}]*号"
)
DOC_NUMBER_RE = re.compile(DOC_NUMBER)
#: A line that is only a document number, its 号 possibly dropped: 中朝管发〔2026〕5, （中通管文〔2026〕4号）.
DOC_NUMBER_LINE_RE = re.compile(
    rf"^[{LPAREN}]?([{HANZI}A-Za-z]{{1,12}}[{DOCNUM_LBR}]((?:19|20)\d\d)[{DOCNUM_RBR}]第?(\d{{1,5}})号?)[{RPAREN}]?$"
)

#: A date written in Chinese: 2020年4月9日; the day may be blank (2020年4月  日); the year may
#: be typed with 月 for 年 when a month and a day follow (2026月3月26日).
CN_DATE = (
    rf"(?:19|20)\d\d[{SPACE}]*(?:年|月(?=[{SPACE}]*\d{{1,2}}[{SPACE}]*月))[{SPACE}]*\d{{1,2}}[{SPACE}]*月"
    rf"[{SPACE}]*(?:\d{{1,2}})?[{SPACE}]*日"
)
CN_DATE_RE = re.compile(
    rf"((?:19|20)\d\d)[{SPACE}]*(?:年|月(?=[{SPACE}]*\d{{1,2}}[{SPACE}]*月))[{SPACE}]*(\d{{1,2}})[{SPACE}]*月"
    rf"[{SPACE}]*(\d{{1,2}})?[{SPACE}]*日"
)
#: A statement of publication closing a republished page: who published the document
#: and when — 嘉兴市发展和改革委员会2026年3月31日发布，…; 该政策由X于2026年3月7日发布;
#: 2026年3月2日X发布，根据官网内容整理; X2026年3月9日在…，根据公众号内容整理.
#: Groups: by (the publisher before the date), date, after (what stands between the date
#: and 发布: a publisher or the occasion).
PUBLICATION_STATEMENT_RE = re.compile(
    rf"^(?:[该本](?:政策|文件|措施|方案|意见|办法)?)?由?(?P<by>[^，,。；;：:“”\"《》\d]{{0,48}}?)[{SPACE}]*于?[{SPACE}]*"
    rf"(?P<date>{CN_DATE})[，,{SPACE}]*"
    rf"(?:(?P<after>[^。；;]{{0,80}}?)(?:正式)?(?:对外)?(?:现场)?(?:发布|公布)(?=[，,。；;{SPACE}]|$)"
    rf"|[^，,。；;]{{0,40}}[，,]{EDITORIAL_NOTE})"
)

#: An ISO-like date: 2021-04-30, 2021/4/30, 2021.4.30.
ISO_DATE_RE = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")

#: A year range: 2021-2023, (2021—2025年), 2021至2025年.
YEAR_RANGE_RE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[-－—–~～至到]\s*((?:19|20)\d\d)\s*年?")
#: A five-year-plan name: 十四五, “十四五”.
FIVE_YEAR_PLAN_RE = re.compile(r"“?十([一二三四五六七八九])五”?")
#: A term of validity with a stated start: 自2026年3月18日起施行，有效期至2028年12月31日 /
#: 自2025年12月30日起试行，试行期二年; or counted from issue: 自印发之日起施行，有效期三年.
#: Groups: start (a date; None when counted from issue), until (a year), years (a count).
VALIDITY_RE = re.compile(
    rf"自[{SPACE}]*(?:(?P<start>{CN_DATE})|(?:印发|发布|公布|发文)之日)[{SPACE}]*起[{SPACE}]*(?:施行|实施|执行|试行|生效)"
    rf"[，,]?[{SPACE}]*(?:(?:有效期|试行期|实施期|执行期|试行)[{SPACE}]*(?:为|是)?[{SPACE}]*)?"
    rf"(?:(?:至|到)[{SPACE}]*(?P<until>(?:19|20)\d\d)[{SPACE}]*年|(?P<years>[一二两三四五六七八九十]|\d{{1,2}})[{SPACE}]*年)"
)

#: A single leading year in a title: 2021年….
TITLE_YEAR_RE = re.compile(r"^((?:19|20)\d\d)\s*年")

#: Draft markers: （代拟稿） （征求意见稿） （送审稿） （草案）.
DRAFT_RE = re.compile(r"代拟稿|征求意见稿|送审稿|讨论稿|草案|初稿")

# --------------------------------------------------------------------------
# Document structure
# --------------------------------------------------------------------------

#: Words that end a document title (the genre of the document), optionally followed
#: by a count of articles (措施三十条), a closing quote (“十大赋能行动”) and parenthesised
#: qualifiers such as (试行), (2021-2023) or （OPC相关内容）; a title printed whole inside
#: book-title marks ends with 》 (《…措施三十条（2026年）》（OPC相关内容）).
TITLE_GENRE = (
    r"(?:通知|请示|报告|函|批复|决定|意见|实施意见|方案|实施方案|措施|若干措施|举措|办法|规划|计划|"
    r"要点|工作要点|细则|规定|条例|纲要|重点工作|工作|清单|任务分工|政策|指南|公告|通报|行动|目录)"
)
_QUALIFIERS = rf"(?:[{LPAREN}][^{RPAREN}]{{1,20}}[{RPAREN}])*"
TITLE_END_RE = re.compile(
    rf"{TITLE_GENRE}(?:[{CN_DIGITS}\d]{{1,4}}条)?{_QUALIFIERS}[”\"」]?{_QUALIFIERS}$"
    rf"|^《[^《》]+{TITLE_GENRE}(?:[{CN_DIGITS}\d]{{1,4}}条)?{_QUALIFIERS}》{_QUALIFIERS}$"
)

#: A carrier document (通知/请示/报告/函 …) title: 关于…的通知.
WRAPPER_TITLE_RE = re.compile(r"关于.*(?:通知|请示|报告|函|批复|决定)$")
#: 印发/转发/申请印发 … wrapper titles that carry the document named in 《》.
ISSUING_WRAPPER_RE = re.compile(r"(印发|转发|下发|颁布|发布)")
#: The 关于印发《X》的通知 / 关于印发X的通知 wrapper around a title.
UNWRAP_TITLE_RE = re.compile(
    r"^.*?关于(?:申请)?(?:印发|转发|下发|颁布|发布)[《“]?(.+?)[》”]?(?:文件)?的(?:通\s*知|请示|函)$"
)

#: A title printed inside book-title marks, qualifiers after them: 《X方案》（试行） → X方案（试行）.
BOOK_TITLE_LINE_RE = re.compile(rf"^《([^《》]+)》((?:[{LPAREN}][^{LPAREN}{RPAREN}]{{1,20}}[{RPAREN}])*)$")

#: A republisher's mark closing a title that the page gives an excerpt of, no part of the
#: title: （节选） （摘编） （OPC相关内容）.
EXCERPT_MARK_RE = re.compile(rf"[{LPAREN}](?:节选|摘编|摘录|摘要|[^{LPAREN}{RPAREN}]{{0,12}}相关内容)[{RPAREN}]$")

#: Salutation line of a notice: 各县（市、区）人民政府，…： (ends with a colon).
SALUTATION_RE = re.compile(r"[:：]$")

#: Table-of-contents header: 目录 / 目  录.
TOC_HEADER_RE = re.compile(rf"^目[{SPACE}]*录$")

#: Attachment marker: 附件：… / 附件1 ….
ATTACHMENT_RE = re.compile(rf"^附[{SPACE}]*件[{SPACE}\d]*[:：]?")

#: Lines that are only a page marker or signature filler: （此页无正文） 共印5份 签发人：….
FILLER_RE = re.compile(r"此页无正文|^共印\d+份|签发人[:：]|^抄送[:：]|^抄报[:：]|印发$")

#: Headings that frame a plan (principles, situation, blueprint) rather than assign work.
FRAMING_HEADING_RE = re.compile(
    r"^(?:指导思想|基本原则|工作原则|总体思路|工作思路|发展思路|编制依据|适用范围|发展基础|发展环境|发展现状)$"
    r"|形势|态势|蓝图|重大意义|重要意义|背景"
)  # 发展环境 alone frames a plan; 优化产业发展环境 is work
#: A heading that is only a statement of goals (建设目标, 主要目标) when it has no sub-items.
GOAL_HEADING_RE = re.compile(r"^(?:总体|建设|发展|主要|工作|战略|预期|具体)?目标$")
#: Framing labels inside a section's text (指导思想: … 基本原则: …).
FRAMING_LABEL_RE = re.compile(r"(?:^|\n)\s*(指导思想|基本原则|发展定位|战略目标|发展目标|主要目标|总体目标)\s*[:：]")

# --------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------

#: Administrative suffixes removed to get a region's short name (longest first).
REGION_SUFFIX_RE = re.compile(
    r"(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|自治县|自治旗|地区|林区|新区|矿区|"
    r"省|市|县|区|旗|盟)$"
)


def strip_region_suffix(name: str) -> str:
    """忻州市 → 忻州; 内蒙古自治区 → 内蒙古; a two-character name keeps its suffix (和县)."""
    short = REGION_SUFFIX_RE.sub("", name)
    return short if len(short) >= 2 else name


# --------------------------------------------------------------------------
# Helpers used by several stages
# --------------------------------------------------------------------------

#: Runs of whitespace (for squeezing).
SPACES_RE = re.compile(rf"[{SPACE}]+")

#: A clause as link evidence: text up to and including 。；; or a line end (or the tail).
CLAUSE_RE = re.compile(r"[^。；;\n]*[。；;\n]|[^。；;\n]+")


def squeeze(text: str) -> str:
    """Remove every kind of whitespace and zero-width character."""
    return SPACES_RE.sub("", ZERO_WIDTH_RE.sub("", text))


#: Words that run into a document number's issuer prefix: 贯彻国发〔2017〕35号 → 国发….
DOC_NUMBER_LEAD_RE = re.compile(
    r"^.*?(?:贯彻落实|贯彻|落实|根据|依据|按照|执行|印发|转发|参照|详见|见|和|及|与|的|文件|精神|号)"
)


def normalize_doc_number(raw: str) -> str:
    """忻科〔2020 〕6号, 晋政发[2021]15号 → 忻科〔2020〕6号 (〔〕, no inner spaces)."""
    m = DOC_NUMBER_RE.search(raw)
    if not m:
        return squeeze(raw)
    prefix = squeeze(raw[m.start() : m.start(1)])
    prefix = re.sub(rf"[{DOCNUM_LBR}]+$", "", prefix)
    stripped = DOC_NUMBER_LEAD_RE.sub("", prefix)
    if len(stripped) >= 1:
        prefix = stripped
    return f"{prefix}〔{m.group(1)}〕{int(m.group(2))}号"


def comparable(text: str) -> str:
    """Text as compared by the scorer: no spaces, no punctuation."""
    return PUNCT_RE.sub("", ZERO_WIDTH_RE.sub("", text))


# --------------------------------------------------------------------------
# Responsibility
# --------------------------------------------------------------------------

#: A plan period stated in the text: 规划期为2021—2025年.
PERIOD_STATEMENT_RE = re.compile(
    r"(?:规划期|实施期|执行期|期限|时间范围)[为是：:]?\s*((?:19|20)\d\d)\s*年?\s*[-－—–~～至到]\s*((?:19|20)\d\d)"
)
#: A year anywhere in a title: 忻州市2021年科技工作要点, 2022年度….
TITLE_ANY_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年度?")
#: A draft marker with its parentheses, as removed from a title: （征求意见稿）.
DRAFT_MARK_RE = re.compile(rf"[{LPAREN}]?(?:{DRAFT_RE.pattern})[{RPAREN}]?")

#: Articles that are not work: the purpose clause (为…，制定本措施) and closing clauses
#: (本办法自…起施行, 本措施由…负责解释).
BOILERPLATE_ITEM_RE = re.compile(
    r"^为.{2,120}?(?:特)?(?:制定|制订)本(?:措施|办法|方案|规定|细则|意见|计划|规划)"
    r"|^本(?:措施|办法|方案|规定|细则|意见|计划|规划|政策).{0,40}(?:起施行|起执行|负责解释|有效期)"
)

#: Separators of the clauses of a responsibility note: （A牵头，B配合）, 牵头单位：A；配合单位：B.
NOTE_CLAUSE_SEPS = "，,；;\n"
#: Separators of the names of one clause: 市科技局、市工信局.
NOTE_LIST_SEPS = "、"
#: Words joining two names (市科技局和市财政局, A会同B负责): a split only where a name ends.
NOTE_JOINER_RE = re.compile(r"以及|会同|联合|和|及|与|同")
#: A mark before the lead unit of a list, where a document says so: （*市科技局、市财政局）.
LEAD_STAR = "*＊※"
#: Colon after a field label: 责任单位：…
LABEL_COLON = "：:"
#: A note's aside that names no responsible body: 〈含开发区、长江新区，下同〉, （以下简称…）.
NOTE_ASIDE_RE = re.compile(r"^(?:含|包括|不含|即|如|以下简称|简称)|下同|简称")
#: What follows a role word when it assigns no task: 本措施由X负责解释 (the interpreting body).
NOT_ASSIGNMENT_AFTER_RE = re.compile(r"^(?:解释|修订解释)")
#: A subject word that is the start of a noun: 要求, 负责人, 联合体 (根据市委要求 has no subject).
NOT_SUBJECT_WORD_RE = re.compile(r"^(?:要求|要点|要素|要件|应用|应急|应对|负责人|联合体|组织部|将来)")
#: Document conventions on who leads a list written without role words.
#: 第一个逗号前为牵头单位: the names before the first comma lead, the others support.
FIRST_CLAUSE_LEADS_RE = re.compile(r"第一个?(?:逗号|，)(?:之)?前(?:的)?(?:单位|部门)?(?:为|是)牵头")
#: 列第一位的为牵头单位 / 排在首位的为牵头单位: the first name leads, the others support.
FIRST_LISTED_LEADS_RE = re.compile(
    r"(?:排(?:在|名)?(?:首位|第一)|列(?:在)?(?:首位|第一位?)|第一个?单位|首位)的?(?:单位|部门)?(?:为|是)牵头"
)
#: 带*的为牵头单位 / 标注*的单位牵头: the starred names lead, the others support.
STAR_LEADS_RE = re.compile(r"[*＊※]号?(?:的|者)?(?:单位|部门)?(?:为|是|表示)?牵头")

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
#: A year opening a clause: 2018年，… / 2019年将… (group year); not a date (2018年5月) nor a range.
CLAUSE_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年(?![\d月度—\-－~至到以比])")
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
QUALIFIED_AFTER_RE = re.compile(
    r"^(?:(?:及以上|以上|以下|以内)的|的[\u4e00-\u9fffA-Za-z]{0,6}?(?:企业|项目|单位|主体|团队|人才|机构|个人|人员|高校|园区|载体|实体|用户))"
)
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
#: A parenthesis listing what something contains: （含百余种工具）.
INCLUDES_RE = re.compile(r"^[（(](?:含|包括|包含|其中)")
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
    r"|^(?:一批|一项|一系列|本|该|此|各|各类|相关|有关|这|上述|其他|多个|若干|等|及|和|的|项目)"
    r"|(?:评审|评估|申报|管理|研究|政策|规划|项目)(?:计划|工程)$"
    r"|本(?:行动计划|计划|方案|行动)$"
    # a kind of fund or contest, no one fund's or contest's name (创业投资基金, 创新创业大赛);
    # a level written before it names the fund of that government (市天使投资引导基金)
    r"|^(?:政府|创业|股权|产业|投资|引导|天使|风险|创投|私募|并购|种子|发展|牵引|省内外|国内外)+基金$"
    r"|^(?:创新|创业|大学生|青年|科技|技能|职业技能)+大赛$"
)
#: A conjunct ending in a thing of its own, not a modifier of the name after 和 (重大项目和…工程).
PROGRAM_OBJECT_END_RE = re.compile(r"(?:项目|平台|基地|中心|机构|企业|园区|体系)$")
#: The owner level opening a program name that holds a modifier inside (国家科技重大专项).
OWNER_LEVEL_OPENING_RE = re.compile(r"^(?:国家|省|市|县|区|自治区)")
#: A government level before a kind of fund or contest, naming whose it is: 市级[天使投资基金].
OWNER_LEVEL_BEFORE_RE = re.compile(r"(?:国家|省级|市级|县级|区级|省|市|县|区)$")
#: 《title》 with one level of nesting: 《关于印发《X》的通知》.
BOOK_TITLE_RE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
#: Relation words before a citation: 根据/依据 → basedOn (with 制定/编制 after), 贯彻落实/落实 → implements.
BASED_ON_BEFORE_RE = re.compile(r"(?:根据|依据|依照|基于)[^，。；,;《》]{0,12}$")
BASED_ON_AFTER_RE = re.compile(r"^[，,]?[^，。；,;]{0,20}?(?:制定|编制|制订|修订|起草)")
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
#: Words too generic to name an industry alone: 新兴产业, 重点产业, 相关产业.
GENERIC_INDUSTRY_RE = re.compile(
    r"^(?:新兴|重点|主导|优势|相关|传统|本地|区域|特色|支柱|地方|该|各|各类|其他|现有|高新技术|新|大|这些|上述|"
    r"战略性|创新型|千亿级|百亿级|现代|领域|龙头|本|核心|关联|上下游|配套|基础|骨干|新动能新|适宜|当地|"
    r"标志性|引领性|一批|多个|若干)+$"
)

# --------------------------------------------------------------------------
# Parent policies
# --------------------------------------------------------------------------

#: A higher-level named plan in a purpose statement: 按照自治区“科技兴蒙”行动…, 落实国家“十四五”…规划.
PARENT_PLAN_RE = re.compile(
    r"(?:按照|根据|依据|落实|贯彻落实|贯彻|深入实施|实施|围绕)"
    r"(?P<owner>党中央、国务院|党中央|国务院|国家|中央|省委、省政府|省委省政府|省政府|省|自治区党委、政府|自治区)"
    r"(?P<name>“[^”]{2,16}”[\u4e00-\u9fff]{0,10}?(?:行动计划|行动|战略|工程|计划|规划)|[\u4e00-\u9fff“”]{2,20}?(?:行动计划|行动方案|规划纲要|发展规划))"
)
#: Words removed from a plan title to find the strategy it names (time, genre, wrappers).
PLAN_TITLE_NOISE_RE = re.compile(
    r"“?十[一二三四五六七八九]五”?|(?:19|20)\d\d(?:[-—–至]\d{4})?年?|(?:专项|发展|战略)?(?:规划|实施方案|行动方案|方案|纲要|计划)$"
)

#: Issuers or titles of national documents: 国务院, 国务院办公厅, 中共中央, 国家发展改革委 ….
NATIONAL_ISSUER_RE = re.compile(
    r"国务院|中共中央|全国人民代表大会|国家[\u4e00-\u9fff]{1,8}(?:委|局|部|署)|^(?:科技部|教育部|财政部|工业和信息化部)"
)
