"""Responsibility notes (kg/extract/attribution.py): lists, roles, document conventions."""

from __future__ import annotations

import re

from kg.patterns.chars import LPAREN, RPAREN
from kg.patterns.structure import DRAFT_RE, THIS_DOCUMENT

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

#: Articles that are not work: the purpose clause (为…，制定本措施) and the articles about
#: the document itself — its scope, terms, validity, interpretation (本措施所称OPC是指…,
#: 本办法自…起施行, 本《意见》由…负责解释).
BOILERPLATE_ITEM_RE = re.compile(
    r"^为.{2,120}?(?:特)?(?:制定|制订)本(?:措施|办法|方案|规定|细则|意见|计划|规划)"
    rf"|^{THIS_DOCUMENT}"
)

#: A clause of a responsibility note that says when, not who: 完成时限：2023年底, 2023年底前
#: 完成, 2023年6月底前, 持续推进, 长期坚持 (the note grammar drops it).
NOTE_TIME_CLAUSE_RE = re.compile(
    r"^(?:完成时限|完成时间|时间节点|时间要求|进度安排|时限)[：:]"
    r"|(?:19|20)\d\d\s*年|^\d{1,2}\s*月|^(?:年底|年内|每年|上半年|下半年|本年度|当年)"
    r"|^(?:长期|持续|常态化?)(?:推进|坚持|实施|开展)?$"
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
