"""Numbering tokens, web-page noise and metadata, document numbers, dates, periods,
document structure, region names, and the helpers every stage uses (squeeze, comparable,
normalize_doc_number) — kg/segment.py, kg/extract/document.py, tasks.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.patterns.chars import CN_DIGITS, DOCNUM_LBR, DOCNUM_RBR, HANZI, LPAREN, PUNCT_RE, RPAREN, SPACE, ZERO_WIDTH_RE

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
#: The bracketed year every document number holds (〔2021〕): a text without one holds no
#: number, which this finds without trying DOC_NUMBER_RE's issuer at every Han character.
BRACKETED_YEAR_RE = re.compile(rf"[{DOCNUM_LBR}][{SPACE}]*(?:19|20)\d\d[{SPACE}]*[{DOCNUM_RBR}]")


def find_doc_numbers(text: str) -> Iterator[re.Match[str]]:
    """DOC_NUMBER_RE's matches in `text` (none looked for without a bracketed year)."""
    return DOC_NUMBER_RE.finditer(text) if BRACKETED_YEAR_RE.search(text) else iter(())


#: A line that is only a document number, its 号 possibly dropped: 中朝管发〔2026〕5, （中通管文〔2026〕4号）.
DOC_NUMBER_LINE_RE = re.compile(
    rf"^[{LPAREN}]?([{HANZI}A-Za-z]{{1,12}}[{DOCNUM_LBR}]((?:19|20)\d\d)[{DOCNUM_RBR}]第?(\d{{1,5}})号?)[{RPAREN}]?$"
)

#: The year, month and day of a date in Chinese numerals, as official documents sign them
#: (二〇二二年三月十五日; 〇 also typed ○ or Ｏ).
_CN_YEAR = r"(?:一九|二[〇○Ｏ零])[〇○Ｏ零一二三四五六七八九]{2}"
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:三十一?|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
#: A date written in Chinese: 2020年4月9日, 二〇二二年三月十五日; the day may be blank
#: (2020年4月  日); the year may be typed with 月 for 年 when a month and a day follow
#: (2026月3月26日). Groups of CN_DATE_RE: year, month, day (kg.numerals.cn_to_int reads
#: either form).
CN_DATE = (
    rf"(?:(?:19|20)\d\d[{SPACE}]*(?:年|月(?=[{SPACE}]*\d{{1,2}}[{SPACE}]*月))[{SPACE}]*\d{{1,2}}[{SPACE}]*月"
    rf"[{SPACE}]*(?:\d{{1,2}})?[{SPACE}]*日"
    rf"|{_CN_YEAR}[{SPACE}]*年[{SPACE}]*{_CN_MONTH}[{SPACE}]*月[{SPACE}]*(?:{_CN_DAY})?[{SPACE}]*日)"
)
CN_DATE_RE = re.compile(
    rf"((?:19|20)\d\d|{_CN_YEAR})[{SPACE}]*(?:年|月(?=[{SPACE}]*\d{{1,2}}[{SPACE}]*月))[{SPACE}]*"
    rf"(\d{{1,2}}|{_CN_MONTH})[{SPACE}]*月[{SPACE}]*(\d{{1,2}}|{_CN_DAY})?[{SPACE}]*日"
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
#: The dash of a span of years in a title, however typed: 2026-2027, 2026－2027, 2026～2027
#: (groups: the two years; a title's own form is 2026—2027).
YEAR_SPAN_DASH_RE = re.compile(r"((?:19|20)\d\d)[ ]*[-－–~～—][ ]*((?:19|20)\d\d)")
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
#: A document speaking of itself: 本措施, 本《意见》, 本实施意见 (closing matter, and the
#: articles about the document that are no work: kg.patterns.responsibility).
THIS_DOCUMENT = r"本《?(?:措施|办法|方案|规定|细则|意见|实施意见|计划|规划|政策|通知|条例)》?"
#: Closing matter: a paragraph after a document's last numbered item that is no part of
#: it, and ends every item still open (kg.extract.tasks.build_outline) —
#: - the label of a closing note or an appendix: 施行说明：…, 附则, 附件1：…, 附：…,
#:   政策咨询：…, 联系方式：…;
#: - a sentence about the document itself: 本措施自印发之日起施行…, 本政策涉及的财政补助…;
#: - a look ahead, as a report closes: 下一步，市市场监管局将….
#: Read on the squeezed line (spaces removed).
CLOSING_MATTER_RE = re.compile(
    r"^(?:施行说明|实施说明|附则|附件\d*|附表\d*|附|政策咨询|咨询电话|联系方式|联系电话|联系人)(?:[：:]|$)"
    rf"|^{THIS_DOCUMENT}"
    r"|^下一步[，,：:]"
)

#: Lines that are only a page marker or signature filler: （此页无正文） 共印5份 签发人：….
FILLER_RE = re.compile(r"此页无正文|^共印\d+份|签发人[:：]|^抄送[:：]|^抄报[:：]|印发$")

#: Headings that frame a plan (principles, situation, blueprint) rather than assign work.
FRAMING_HEADING_RE = re.compile(
    r"^(?:指导思想|基本原则|工作原则|总体思路|工作思路|发展思路|编制依据|适用范围|发展基础|发展环境|发展现状|"
    r"(?:支持|扶持|适用|政策|服务)对象(?:与范围|和范围|及范围)?)$"
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

#: The markers `kg.vocab.Iris` puts between a document's IRI and the IRIs it mints from
#: it (tasks -t-, targets -target-, incentives -incentive-): the first one after the
#: IRI's first character ends the owning document's IRI (`kg.partition.owning_document`).
OWNED_MARKER_RE = re.compile(r"-(?:t|target|incentive)-")

#: What `squeeze` removes: every space and zero-width character (one pass).
SQUEEZE_RE = re.compile(f"[{SPACE}\u200c\u200d\u2060]+")


def squeeze(text: str) -> str:
    """Remove every kind of whitespace and zero-width character."""
    return SQUEEZE_RE.sub("", text)


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
