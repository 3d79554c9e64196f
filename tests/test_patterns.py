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
            ],
            ["一、总体要求", "运城市科学技术局", "关于印发《运城市加快建设区域性创新中心实施方案》的通知"],
        ),
        (P.META_KEY_RE, ["索  引 号: 012150", "发文机关: 山西省人民政府", "成文日期: 2021-04-30"], ["发文: x"]),
        (
            P.DOC_NUMBER_RE,
            ["晋政发〔2021〕15号", "呼政办字〔2021 〕7号", "忻市发[2019]24号", "国发（2017）35号"],
            ["2021年15号", "〔2021〕"],
        ),
        (P.CN_DATE_RE, ["2020年4月9日", "2020年4月  日", "2021年2月3日印发"], ["2020年4月", "2021-02-03"]),
        (P.ISO_DATE_RE, ["2021-04-30", "2021/4/30"], ["2021-2023"]),
        (P.YEAR_RANGE_RE, ["(2021-2023)", "2021—2025年", "2021年至2025年"], ["2021年"]),
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
            ["加强组织领导", "深化目标考核"],
        ),
        (P.GOAL_HEADING_RE, ["建设目标", "目标", "主要目标"], ["目标任务", "深化目标考核"]),
        (P.FRAMING_LABEL_RE, ["指导思想:以", "\n基本原则："], ["坚持指导思想"]),
        (P.REGION_SUFFIX_RE, ["忻州市", "内蒙古自治区", "土默特左旗"], ["忻州"]),
        (
            P.TRAILING_PAREN_RE,
            ["x。（市科技局牵头，各县（市、区）政府配合）", "x(金山高新区、市科技局)"],
            ["（一）加强"],
        ),
        (P.RESPONSIBLE_WORDS_RE, ["市科技局牵头", "市直有关单位配合", "金山高新区"], ["试行"]),
        (
            P.BOILERPLATE_ITEM_RE,
            ["为加快科技成果转化，结合我县实际，制定本措施。", "本办法自印发之日起施行。"],
            ["支持企业建设中试基地。"],
        ),
        (
            P.NATIONAL_ISSUER_RE,
            ["国务院办公厅", "国家发展改革委", "中共中央办公厅"],
            ["山西省人民政府", "忻州市科学技术局"],
        ),
        (P.ZERO_WIDTH_RE, ["市\u200b科技局"], ["市科技局"]),
        (P.PUNCT_RE, ["“", "（"], ["科"]),
        (P.SPACES_RE, ["\u3000", " "], ["x"]),
        (P.CLAUSE_RE, ["按照自治区部署。", "一\n", "末尾无标点"], [""]),
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
