"""Task tables: header, rows with one cell per line or on one line, section rows, and
the lead and support columns read as labelled fields."""

from __future__ import annotations

from conftest import extract_text

ONE_CELL_PER_LINE = """芜湖市2022年科技创新重点工作任务清单
序号
工作任务
牵头单位
配合单位
完成时限
一、壮大科技创新主体
1
新认定高新技术企业400家以上。实施高新技术企业培育行动。
市科技局
市财政局、市税务局、各县市区人民政府
2022年12月底
2
评价入库科技型中小企业1800家以上。
市科技局
各开发区管委会
2022年12月底
二、建设高能级创新平台
3
争创国家级创新平台3个。
市发展改革委、市经信局
市科技局
2022年12月底
"""

ONE_ROW_PER_LINE = """芜湖市2022年科技创新重点工作任务清单
序号\t重点任务\t牵头单位\t配合单位\t完成时限
1\t新认定高新技术企业400家以上。\t市科技局\t市财政局、市税务局\t2022年12月底
2\t评价入库科技型中小企业1800家以上。\t市科技局\t各开发区管委会\t2022年12月底
3\t争创国家级创新平台3个。\t市发展改革委、市经信局\t市科技局\t2022年12月底
"""


def rows(text):
    doc = extract_text(text).main
    return [
        (
            "/".join(t.path),
            t.label,
            sorted(a.name for a in t.facts.agencies if a.role.value == "lead"),
            sorted(a.name for a in t.facts.agencies if a.role.value == "support"),
        )
        for t in doc.tasks
    ]


WANT = [
    ("1", "新认定高新技术企业400家以上", ["芜湖市科学技术局"], ["国家税务总局芜湖市税务局", "芜湖市财政局"]),
    ("2", "评价入库科技型中小企业1800家以上", ["芜湖市科学技术局"], []),
    ("3", "争创国家级创新平台3个", ["芜湖市发展和改革委员会", "芜湖市经济和信息化局"], ["芜湖市科学技术局"]),
]


def test_a_table_with_one_cell_per_line():
    assert rows(ONE_CELL_PER_LINE) == WANT


def test_a_table_with_one_row_per_line_reads_the_same():
    assert rows(ONE_ROW_PER_LINE) == WANT


def test_rows_keep_their_targets_and_spans():
    result = extract_text(ONE_CELL_PER_LINE)
    (first, *_rest) = result.main.tasks
    assert [(t.value, t.unit) for t in first.facts.targets] == [(400, "家")]
    assert first.text.startswith("1\n新认定")


def _table(sep: str) -> str:
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "建设科技创新平台", "市科技局", "市财政局、市发改委"],
        ["2", "培育高新技术企业", "市科技局", "市税务局"],
    ]
    return "忻州市2023年科技工作要点任务分工\n" + "\n".join(sep.join(r) for r in rows) + "\n"


def test_a_table_reads_alike_whatever_parts_its_cells():
    def read(text):
        (main,) = extract_text(text).documents
        return [(t.path, t.label, sorted((a.name, a.role.value) for a in t.facts.agencies)) for t in main.tasks]

    tabbed = read(_table("\t"))
    assert [label for _, label, _ in tabbed] == ["建设科技创新平台", "培育高新技术企业"]
    assert ("忻州市发展和改革委员会", "support") in tabbed[0][2]
    for sep in ("  ", " | ", " ", "\u3000"):  # one space, as a page printed the cells, too
        assert read(_table(sep)) == tabbed, repr(sep)


def test_a_task_with_a_space_of_its_own_in_a_spaced_table():
    text = "任务分工\n序号 重点任务 牵头单位 配合单位\n1 打造 人才高地 市人社局 市科技局\n"
    (main,) = extract_text(text).documents
    (task,) = main.tasks
    assert task.label == "打造 人才高地"
