"""Every named regex in kg.patterns, on positive and negative examples."""

from __future__ import annotations

import pytest

from kg import patterns as P


@pytest.mark.parametrize(
    ("regex", "yes", "no"),
    [
        (P.CHAPTER_RE, ["第一章 开启", "第12章　总则"], ["第一节 把握", "第一条 为"]),
        (P.SECTION_RE, ["第二节 确立", "第3节 x"], ["第二章 实施"]),
        (P.ARTICLE_RE, ["第一条　为加快", "第十二条 本办法"], ["第一章"]),
        (P.CN_DUN_RE, ["一、凝聚创新合力", "十二、其他", "三．保障"], ["一是加强", "十四五”时期", "一方面"]),
        (P.CN_PAREN_RE, ["（一）加强组织领导", "(三)目标任务", "（ 二 ）x"], ["（1）组织", "（市科技局牵头）"]),
        (P.ARABIC_RE, ["1.编制完成", "10、培育", "3．加大"], ["1.5亿元", "2021年", "30家", "2) 推进"]),
        (P.ARABIC_RPAREN_RE, ["2) 推进", "3）完善"], ["(2)推进", "1.5"]),
        (P.ARABIC_PAREN_RE, ["（1）组织", "(12) 建立"], ["（一）加强", "(2021-2023)"]),
        (P.CIRCLED_RE, ["①建设", "⑳ 完善"], ["1.建设"]),
        (
            P.NOISE_LINE_RE,
            [
                "网站支持IPv6",
                "当前位置:首页 > 部门专题>市科技局专栏",
                "首页> 政策法规 >x",
                "字体:",
                "扫一扫在手机打开当前页面",
                "相关解读",
                "来源:呼和浩特市人民政府网",
                "发表时间:2022-02-16 15:26",
                "智能问答 长者模式 登录| 注册",
                "柳州市人民政府门户网站",
            ],
            ["一、总体要求", "运城市科学技术局", "关于印发《运城市加快建设区域性创新中心实施方案》的通知"],
        ),
        (P.META_KEY_RE, ["索  引 号: 012150", "发文机关: 山西省人民政府", "成文日期: 2021-04-30"], ["发文: x"]),
        (
            P.DOC_NUMBER_RE,
            ["晋政发〔2021〕15号", "呼政办字〔2021 〕7号", "忻市发[2019]24号", "国发（2017）35号"],
            ["2021年15号", "〔2021〕"],
        ),
        (
            P.BRACKETED_YEAR_RE,
            ["晋政发〔2021〕15号", "呼政办字〔2021 〕7号", "国发（2017）35号"],
            ["2021年15号", "〔二〇二一〕"],
        ),
        (
            P.CN_DATE_RE,
            ["2020年4月9日", "2020年4月  日", "2021年2月3日印发", "二〇二二年三月十五日", "二○二一年十二月三十一日"],
            ["2020年4月", "2021-02-03", "二〇二二年三月", "三年四月五日"],
        ),
        (P.ISO_DATE_RE, ["2021-04-30", "2021/4/30"], ["2021-2023"]),
        (P.YEAR_RANGE_RE, ["(2021-2023)", "2021—2025年", "2021年至2025年"], ["2021年"]),
        (P.YEAR_SPAN_DASH_RE, ["2026-2027", "2026－2027", "2026 ～ 2027", "2026—2027"], ["2026年-2027年", "2026"]),
        (P.FIVE_YEAR_PLAN_RE, ["“十四五”", "十三五时期"], ["十四"]),
        (P.TITLE_YEAR_RE, ["2021年忻州市创新生态建设重点工作"], ["忻州市2021年"]),
        (P.TITLE_ANY_YEAR_RE, ["忻州市2021年科技工作要点", "2022年度"], ["十四五"]),
        (P.PERIOD_STATEMENT_RE, ["规划期为2021—2025年", "实施期限：2022-2024年"], ["到2025年"]),
        (P.DRAFT_RE, ["（代拟稿）", "（征求意见稿）"], ["正式稿"]),
        (P.DRAFT_MARK_RE, ["（代拟稿）", "征求意见稿"], ["方案"]),
        (
            P.TITLE_END_RE,
            [
                "运城市加快建设区域性创新中心实施方案",
                "科技创新三年行动方案(2021-2023)",
                "2021年忻州市创新生态建设重点工作",
                "关于印发…的通知",
                "人才强省战略规划",
            ],
            ["忻州市科学技术局", "培育创新文化，形成创新生态建设合力"],
        ),
        (P.WRAPPER_TITLE_RE, ["关于印发《X》的通知", "关于申请印发《X》文件的请示"], ["X实施方案"]),
        (P.ISSUING_WRAPPER_RE, ["关于印发《X》的通知", "关于转发X的通知"], ["关于加强X的通知"]),
        (
            P.UNWRAP_TITLE_RE,
            ["关于印发《运城市方案》的通知", "关于申请印发《X措施》文件的请示", "关于印发X方案的通知"],
            ["运城市方案"],
        ),
        (P.SALUTATION_RE, ["各县（市、区）人民政府：", "市人民政府:"], ["现印发给你们。"]),
        (P.TOC_HEADER_RE, ["目录", "目  录"], ["目录如下"]),
        (P.ATTACHMENT_RE, ["附件：", "附件1：x", "附 件"], ["附加"]),
        (
            P.FILLER_RE,
            ["（此页无正文）", "共印5份", "忻科〔2020〕6号  签发人：韩玲梅", "忻州市科学技术局 2020年4月9日印发"],
            ["一、总体要求"],
        ),
        (
            P.FRAMING_HEADING_RE,
            ["指导思想", "把握创新发展新态势", "确立创新生态建设新蓝图", "发展基础"],
            ["加强组织领导", "深化目标考核", "优化产业发展环境", "夯实发展基础"],
        ),
        (P.GOAL_HEADING_RE, ["建设目标", "目标", "主要目标"], ["目标任务", "深化目标考核"]),
        (P.FRAMING_LABEL_RE, ["指导思想:以", "\n基本原则："], ["坚持指导思想"]),
        (P.REGION_SUFFIX_RE, ["忻州市", "内蒙古自治区", "土默特左旗"], ["忻州"]),
        (P.NOTE_JOINER_RE, ["市科技局和市财政局", "A会同B", "A以及B", "A及B"], ["市科技局、市财政局"]),
        (
            P.NOTE_TIME_CLAUSE_RE,
            ["完成时限：2023年底", "2023年底前完成", "12月底前", "持续推进", "长期坚持", "年底前"],
            ["市科技局", "各县（市、区）政府", "持续推进单位"],
        ),
        (P.NOTE_ASIDE_RE, ["含开发区、长江新区，下同", "以下简称“市科技局”", "包括各县"], ["市委组织部", "人才办"]),
        (P.NOT_ASSIGNMENT_AFTER_RE, ["解释。"], ["组织实施"]),
        (P.NOT_SUBJECT_WORD_RE, ["要求", "负责人", "联合体"], ["要加强", "负责统筹", "联合开展"]),
        (P.FIRST_CLAUSE_LEADS_RE, ["第一个逗号前为牵头单位", "第一个逗号前的单位为牵头单位"], ["第一个单位为牵头单位"]),
        (
            P.FIRST_LISTED_LEADS_RE,
            ["列第一位的为牵头单位", "排在首位的为牵头单位", "排名第一的单位为牵头单位"],
            ["第一个逗号前为牵头单位"],
        ),
        (P.STAR_LEADS_RE, ["带*的为牵头单位", "标注＊的单位为牵头单位", "*为牵头单位"], ["牵头单位：市科技局"]),
        (P.LABELLED_ITEM_RE, ["“一核”：以娄江新城为核心", "金融支持：发挥基金作用"], ["一、总体要求", "金融支持："]),
        (P.NOT_ITEM_LABEL_RE, ["责任单位", "主要措施", "支持对象"], ["金融支持", "“一核”"]),
        (P.SECTION_ONLY_HEADING_RE, ["保障措施", "总体要求", "组织保障"], ["加强组织领导"]),
        (
            P.CLOSING_MATTER_RE,
            [
                "施行说明：本措施自印发之日起施行",
                "附则",
                "附件2",
                "附：首批社区",
                "政策咨询：市科技局",
                "本政策涉及的补助",
                "下一步，市科技局将",
            ],
            ["附近建设停车场", "本市将加快建设", "下一步工作", "施行说明不全", "一、附则"],
        ),
        (
            P.BOILERPLATE_ITEM_RE,
            [
                "为加快科技成果转化，结合我县实际，制定本措施。",
                "本办法自印发之日起施行。",
                "本《意见》由望花区工作专班负责统筹推进与解释。",
                "本措施所称OPC，是指一人公司。",
            ],
            ["支持企业建设中试基地。", "本市将加快建设创新平台。"],
        ),
        (
            P.NATIONAL_ISSUER_RE,
            ["国务院办公厅", "国家发展改革委", "中共中央办公厅"],
            ["山西省人民政府", "忻州市科学技术局"],
        ),
        (P.ZERO_WIDTH_RE, ["市\u200b科技局"], ["市科技局"]),
        (P.PUNCT_RE, ["“", "（"], ["科"]),
        (P.SPACES_RE, ["\u3000", " "], ["x"]),
        (P.SQUEEZE_RE, ["\u3000", " ", "\u200b", "\u2060", "\ufeff"], ["市科技局", "\n"]),
        (P.CLAUSE_RE, ["按照自治区部署。", "一\n", "末尾无标点"], [""]),
        (
            P.OWNED_MARKER_RE,
            ["doc-方案-t-一-1", "doc-方案-target-2", "doc-方案-incentive-1"],
            ["doc-方案", "link-ab", "doc-x-tt-1"],
        ),
    ],
)
def test_pattern(regex, yes, no):
    for text in yes:
        assert regex.search(text), f"{regex.pattern[:40]!r} should match {text!r}"
    for text in no:
        assert not regex.search(text), f"{regex.pattern[:40]!r} should not match {text!r}"


def test_normalize_doc_number():
    assert P.normalize_doc_number("呼政办字〔2021 〕7号") == "呼政办字〔2021〕7号"
    assert P.normalize_doc_number("晋政发[2021]15号") == "晋政发〔2021〕15号"
    assert P.normalize_doc_number("国发（2017）35号") == "国发〔2017〕35号"


def test_strip_region_suffix():
    assert P.strip_region_suffix("忻州市") == "忻州"
    assert P.strip_region_suffix("内蒙古自治区") == "内蒙古"
    assert P.strip_region_suffix("和县") == "和县"


def test_comparable_and_squeeze():
    assert P.comparable("“十四五” 规划（试行）") == "十四五规划试行"
    assert P.squeeze("通 知\u3000") == "通知"


# Page headers: front matter, page chrome, publication dates and statements, terms of
# validity, title endings.
@pytest.mark.parametrize(
    ("regex", "yes", "no"),
    [
        (
            P.NOISE_LINE_RE,
            ["政策解读", "政策原文", "返回政策原文列表", "← 上一篇", "下一篇 →", "上一篇：关于…的通知"],
            ["政策解读会", "加强政策解读工作", "返回原籍创业的人才给予支持。"],
        ),
        (P.FRONT_MATTER_FENCE_RE, ["---", "-----"], ["--", "——", "---x"]),
        (
            P.FRONT_MATTER_LINE_RE,
            ["layout: default", "title: 关于印发…的通知", "date:2026-03-19"],
            ["标题: x", "一、x"],
        ),
        (
            P.PUBLICATION_MARKER_RE,
            ["（此件公开发布）", "(此件主动公开)", "（此件不予公开）"],
            ["此件公开发布", "（此页无正文）"],
        ),
        (P.BARE_DATE_LINE_RE, ["2026-03-19", "2021/4/30 15:26"], ["2026-03-19发布", "时间：2026-03-19", "2021-2023"]),
        (
            P.EDITORIAL_NOTE_RE,
            ["该部分内容根据北京市市场监督管理局官网整理。", "以上内容根据权威媒体报道整理", "根据公众号内容整理。"],
            ["根据工作需要，整理资料。", "根据《条例》制定本办法。"],
        ),
        (P.META_KEY_RE, ["公开方式：主动公开", "发表时间:2022-02-16 15:26"], ["公开: x"]),
        (
            P.DOC_NUMBER_LINE_RE,
            ["中朝管发〔2026〕5", "（中通管文〔2026〕4号）", "临科〔2025〕21号"],
            ["〔2026〕5", "临科〔2025〕21号文件"],
        ),
        (P.CN_DATE_RE, ["2026月3月26日", "2026年3月26日"], ["2026月3日", "2026月份3月"]),
        (
            P.PUBLICATION_STATEMENT_RE,
            [
                "嘉兴市发展和改革委员会2026年3月31日发布，征求意见时间为2026年3月31日—2026年4月10日。",
                "该政策由某某区科技局2026年3月7日发布，社会公开征求意见。",
                "2026年3月2日杨浦区发改委发布，根据官网内容整理。",
                "济南市大数据局于2026年2月5日，在某某活动上发布。",
                "常熟市人民政府2026年3月9日在某某微信公众号，根据公众号内容整理。",
                "2026年4月14日发布",
            ],
            ["2022年1月5日，市政府发布《临川市规划》。", "1.2026年3月1日前发布名单。", "发布时间：2026年3月1日"],
        ),
        (
            P.VALIDITY_RE,
            [
                "本措施自2026年3月18日起施行,有效期至2028年12月31日。",
                "本措施自2025年12月30日起试行，试行期二年。",
                "本措施自印发之日起施行，有效期三年",
                "本措施自印发之日起试行两年",
                "本措施自发布之日起实施，试行一年",
            ],
            ["本措施自印发之日起施行。", "本措施自2026年X月X日起施行，有效期3年。"],
        ),
        (
            P.TITLE_END_RE,
            ["北京市创新举措", "人才工作“十大赋能行动”", "《广州市优化营商环境措施三十条（2026年）》（OPC相关内容）"],
            ["关于申请印发《忻州市关于打造一流创新生态的措施》", "《临川市规划》的落实"],
        ),
        (P.EXCERPT_MARK_RE, ["X方案（节选）", "X方案（OPC相关内容）", "X(摘编)"], ["X方案（试行）", "X方案（2026年）"]),
        (
            P.BOOK_TITLE_LINE_RE,
            ["《支持创新发展行动方案》（试行）", "《临川市规划》"],
            ["关于印发《X》的通知", "《X》《Y》"],
        ),
    ],
)
def test_header_pattern(regex, yes, no):
    for text in yes:
        assert regex.search(text), f"{regex.pattern[:40]!r} should match {text!r}"
    for text in no:
        assert not regex.search(text), f"{regex.pattern[:40]!r} should not match {text!r}"


def test_document_numbers_are_found_only_where_a_bracketed_year_stands():
    """`find_doc_numbers` gives DOC_NUMBER_RE's matches, skipping texts that hold no
    bracketed year (where DOC_NUMBER_RE cannot match) without running it."""
    texts = [
        "根据《关于印发X的通知》（晋政发〔2021〕15号）和忻市发[2019]24号，制定本方案。",
        "（市科技局牵头）推进（2021-2023）三年行动。国发（2017）35号",
        "到2025年，培育企业50家（其中规上20家）。",
        "",
    ]
    for text in texts:
        assert [m.span() for m in P.find_doc_numbers(text)] == [m.span() for m in P.DOC_NUMBER_RE.finditer(text)]
