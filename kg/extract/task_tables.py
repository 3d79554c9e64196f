"""Task tables: a list of tasks printed as a table (任务分工表, 任务清单)::

    序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限

as scraped web pages give them: a header of known column names (``kg/data/
table_columns.tsv``), either one per line or on one line separated by tabs, bars or
runs of spaces; then one row per task — its cells one per line (a row opens with a
line holding only its number) or on one line, split the same way.  Section rows
(一、壮大科技创新主体) between the rows belong to no task.

Each row is a task: its path is its number, its label the headline of its task cell,
and its lead and support cells are read by the responsibility grammar as fields with
the column's label (``Task.fields``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Line, Span, Task

#: A cell separator on one line: a tab, a bar, or two or more spaces.
_CELL_SEP_RE = re.compile(r"\t+|\s*[|｜]\s*|[ \u3000]{2,}")
#: A cell separator of a table whose header is split by single spaces (序号 重点任务 牵头单位):
#: a page that printed each cell with one space between.
_SPACE_SEP_RE = re.compile(r"[ \u3000\t]+")
#: A row number standing alone: 1, 12, （3）.
_ROW_NUMBER_RE = re.compile(r"^[（(]?(\d{1,3})[)）.、．]?$")
#: A section row: 一、壮大科技创新主体.
_SECTION_RE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")

#: Roles of columns read as responsibility fields, and the label they stand for.
_FIELD_LABELS = {"lead": "牵头单位", "support": "配合单位", "responsible": "责任单位"}


@lru_cache(maxsize=1)
def column_roles() -> dict[str, str]:
    text = resources.files("kg.data").joinpath("table_columns.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {header: role for header, role in rows[1:]}


@dataclass(frozen=True)
class TableTask:
    task: Task
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class TaskTable:
    columns: tuple[str, ...]  # roles, in order
    headers: tuple[str, ...]
    rows: tuple[TableTask, ...]
    lines: frozenset[int]  # indices of every line the table holds (header and section rows)


def _cells(text: str, spaced: bool = False) -> list[str]:
    """The cells of a line; `spaced`: of a table whose cells one space parts."""
    return [c.strip() for c in (_SPACE_SEP_RE if spaced else _CELL_SEP_RE).split(text.strip()) if c.strip()]


def _header_at(lines: list[Line], i: int) -> tuple[tuple[str, ...], int, bool] | None:
    """The column headers starting at line `i`, the number of lines they take, and
    whether single spaces part the cells."""
    roles = column_roles()
    for spaced in (False, True):
        one_line = _cells(lines[i].text, spaced)
        if len(one_line) >= 3 and all(c in roles for c in one_line):
            return tuple(one_line), 1, spaced
    k = i
    headers: list[str] = []
    while k < len(lines) and lines[k].text.strip() in roles:
        headers.append(lines[k].text.strip())
        k += 1
    if len(headers) >= 3 and any(roles[h] == "task" for h in headers):
        return tuple(headers), k - i, False
    return None


def find_task_tables(lines: list[Line], source: str, headline) -> list[TaskTable]:  # noqa: ANN001
    """Every task table among `lines` (a document's content lines)."""
    roles = column_roles()
    out: list[TaskTable] = []
    i = 0
    while i < len(lines):
        found = _header_at(lines, i)
        if found is None:
            i += 1
            continue
        headers, n, spaced = found
        columns = tuple(roles[h] for h in headers)
        if "task" not in columns:
            i += 1
            continue
        used = set(range(i, i + n))
        rows, end = _rows(lines, i + n, headers, columns, source, headline, used, spaced)
        if rows:
            out.append(TaskTable(columns, headers, tuple(rows), frozenset(lines[k].index for k in used)))
        i = max(end, i + 1)
    return out


def _rows(lines, start, headers, columns, source, headline, used, spaced):  # noqa: ANN001
    rows: list[TableTask] = []
    k = start
    task_column = columns.index("task")
    while k < len(lines):
        text = lines[k].text.strip()
        if _SECTION_RE.match(text) and len(text) <= 40:
            used.add(k)
            k += 1
            continue
        cells_inline = _cells(text, spaced)
        if spaced and len(cells_inline) > len(columns):
            # the task's own words held a space: the surplus cells are its
            extra = len(cells_inline) - len(columns)
            joined = " ".join(cells_inline[task_column : task_column + extra + 1])
            cells_inline = [*cells_inline[:task_column], joined, *cells_inline[task_column + extra + 1 :]]
        if len(cells_inline) >= 2 and _ROW_NUMBER_RE.match(cells_inline[0]) and columns[0] == "number":
            # a row on one line: cells split by tabs, bars or spaces
            row_lines = [lines[k]]
            cells = [(cells_inline[j], lines[k]) for j in range(len(cells_inline))]
            k += 1
        else:
            m = _ROW_NUMBER_RE.match(text)
            if m is None or columns[0] != "number":
                break
            row_lines = [lines[k]]
            cells = [(text, lines[k])]
            k += 1
            while k < len(lines) and len(cells) < len(columns):
                nxt = lines[k].text.strip()
                if _ROW_NUMBER_RE.match(nxt) or (_SECTION_RE.match(nxt) and len(nxt) <= 40):
                    break
                cells.append((nxt, lines[k]))
                row_lines.append(lines[k])
                k += 1
        used.update(range(k - len(row_lines), k))
        task = _task(cells, columns, headers, row_lines, source, headline)
        if task is not None:
            rows.append(TableTask(task, tuple(row_lines)))
    return rows, k


def _task(cells, columns, headers, row_lines, source, headline) -> Task | None:  # noqa: ANN001
    number = _ROW_NUMBER_RE.match(cells[0][0])
    if number is None:
        return None
    task_text = ""
    fields: list[tuple[str, Span]] = []
    for (text, line), role, header in zip(cells, columns, headers):
        start = source.find(text, line.span.start)
        span = Span(start, start + len(text)) if start >= 0 else line.span
        if role == "task":
            task_text = text
        elif role in _FIELD_LABELS:
            fields.append((header if header in ("牵头单位", "配合单位", "责任单位") else _FIELD_LABELS[role], span))
    if not task_text:
        return None
    span = Span(row_lines[0].span.start, row_lines[-1].span.end)
    return Task(
        path=(number.group(1),),
        label=headline(task_text),
        text=source[span.start : span.end],
        span=span,
        fields=tuple(fields),
    )
