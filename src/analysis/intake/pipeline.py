"""The per-file pipeline: reading → layout → recognition → convert, for one file at a time.

raw file ─► reading ─► layout ─► recognition ─► convert ─► FileResult (kept rows, quarantine, issues)
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..resources import fields_for, load_datasets
from .convert import Context, convert_table, parse_field
from .departments import find_department, find_unit_line, normalize_department
from .headers import month_of_label
from .issues import Issue
from .layout import cell_ref, split_table
from .reading import read_workbook
from .recognition import Recognition, recognise
from .results import FileResult, SheetResult
from .templates import TemplateInfo, match_template, read_template_info

_YEAR = re.compile(r"(20\d{2})\s*年")
_YEAR_BARE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def find_year(*texts: str) -> int | None:
    """Return the first year written as 20xx年 (or a bare 20xx) in the texts."""
    for pattern in (_YEAR, _YEAR_BARE):
        for text in texts:
            m = pattern.search(text or "")
            if m:
                return int(m.group(1))
    return None


def find_file_department(rel_path: str) -> str | None:
    """Return the department named in a file's name, else in its folders (nearest first)."""
    parts = PurePosixPath(rel_path).parts
    for part in [PurePosixPath(rel_path).stem, *reversed(parts[:-1])]:
        dep = find_department(part)
        if dep:
            return dep
    return None


def sheet_department(title_lines: list[str], rel_path: str, issues: list[Issue], sheet: str) -> str:
    """Return the submitting unit: 填报单位 line, title lines, file name, then folder names."""
    for line in title_lines:
        unit = find_unit_line(line)
        if unit:
            canonical = normalize_department(unit) or find_department(unit)
            if canonical:
                return canonical
            issues.append(Issue("warning", rel_path, sheet, "", "", f"填报单位“{unit}”不在单位名录中，请使用规范名称（已改按文件名或文件夹识别）"))
    for line in title_lines:
        dep = find_department(line)
        if dep:
            return dep
    return find_file_department(rel_path) or ""


def process_file(rel_path: str, data: bytes, sha: str, year: int | None) -> FileResult:
    """Run reading → layout → recognition → convert for one file. Never raises for bad input."""
    result = FileResult(path=rel_path, sha256=sha)
    book = read_workbook(Path(rel_path), data)
    result.format = book.format
    file_dep = find_file_department(rel_path) or ""
    result.department = file_dep
    for note in book.notes:
        result.issues.append(Issue("info", rel_path, "", "", "", note, file_dep))
    if book.error:
        result.error = book.error
        result.issues.append(Issue("error", rel_path, "", "", "", book.error, file_dep))
        return result
    if not book.sheets:
        result.issues.append(Issue("error", rel_path, "", "", "", "工作簿中没有任何工作表", file_dep))
    template = read_template_info(book, year)  # a filled submission template, for the report year
    year = find_year(PurePosixPath(rel_path).stem, rel_path) or year
    for sheet in book.sheets:
        sr, issues = process_sheet(rel_path, sheet, file_dep, year, sole=len(book.sheets) == 1, template=template)
        result.sheets.append(sr)
        result.issues.extend(issues)
    return result


def process_sheet(rel_path: str, sheet, file_dep: str, year: int | None, sole: bool = False,
                  template: TemplateInfo | None = None) -> tuple[SheetResult, list[Issue]]:
    """Turn one sheet into records, quarantined rows and issues (``template``: the workbook's template info)."""

    sr = SheetResult(name=sheet.name, department=file_dep)
    issues: list[Issue] = []

    def say(severity: str, cell: str, dataset: str, message: str, department: str | None = None) -> None:
        issues.append(Issue(severity, rel_path, sheet.name, cell, dataset, message,
                            sr.department if department is None else department))

    # --- submission template (intake/templates.py): its own sheets are skipped; a data sheet is
    # read at its known header row, columns mapped by the template's labels (tier "template").
    filled = match_template(template, sheet)
    if filled is not None and filled.part != "data":
        sr.reason = filled.reason
        return sr, issues
    by_template = filled is not None and filled.columns is not None
    # ---
    if not sheet.visible:
        sr.reason = "隐藏工作表，已跳过"
        say("info", "", "", "隐藏工作表未读取（如含本年数据，请取消隐藏后重新报送）")
        return sr, issues
    if not _has_content(sheet.rows):
        sr.reason = "空工作表"
        if sole:
            say("error", "", "", "工作簿为空，没有任何数据，请核对后重新报送")
        else:
            say("info", "", "", "空工作表，已跳过")
        return sr, issues
    table = split_table(sheet, header=filled.header if by_template else None)
    sr.department = sheet_department(table.title_lines, rel_path, issues, sheet.name)
    dep = sr.department
    if table.header_rows is None:
        sr.reason = "未找到表头"
        if _looks_like_notes(sheet.name, table.title_lines):
            say("info", "", "", "说明或参考工作表，不含台账数据，已跳过")
        else:
            lines = sum(1 for r in sheet.rows if any(str(v).strip() for v in r))
            say("warning", "", "", f"未找到可识别的表头（共{lines}行有内容），无法读取：请使用统一模板的列名")
        return sr, issues
    context = " ".join([*table.title_lines, sheet.name, rel_path])
    if by_template:
        rec = Recognition(filled.dataset, dict(filled.columns), unmapped=list(filled.unmapped), complete=True)
        sr.mapping = "template"
    else:
        rec = recognise([c.candidates for c in table.columns], context)
    for severity, message in filled.notes if filled is not None else ():
        say(severity, f"A{table.header_rows[0] + 1}", filled.dataset or "", message)
    wide = None if rec.complete else recognise_wide(table, context, find_year(*table.title_lines, sheet.name) or year)
    if wide is not None:
        rec = wide[0]
    header_ref = f"A{table.header_rows[0] + 1}"
    if rec.dataset is None:
        sr.reason = rec.reason
        say("info" if _looks_like_notes(sheet.name, table.title_lines) else "warning", header_ref, "", rec.reason + "，已跳过")
        return sr, issues
    ds = sr.dataset = rec.dataset
    ctx = Context(rel_path, sheet.name, ds, dep, find_year(*table.title_lines, sheet.name) or year)
    if not dep:
        say("warning", "", ds, "无法确定报送单位：请在标题下注明“填报单位：××”或在文件名中写明单位")
    for index in rec.unmapped:
        say("info", cell_ref(table.header_rows[1], index), ds, f"未识别的列“{table.columns[index].label}”，未读取")
    for r, text in table.labels:
        say("info", f"A{r + 1}", ds, f"分组标题行“{text[:20]}”，不计入数据")
    for r in table.repeated_headers:
        say("info", f"A{r + 1}", ds, "重复的表头行（同一工作表中的第二张表），不计入数据")
    content_cols = [i for i, c in rec.columns.items() if c != "_ignore" and i < len(table.columns)]
    empty = _blank_rows(table.data, content_cols) if content_cols else set()
    if empty:
        table.blanks.extend(sorted(empty))
        table.data = [(r, cells) for r, cells in table.data if r not in empty]
    sr.totals, sr.footers, sr.blanks, sr.labels = len(table.totals), len(table.footers), len(table.blanks), len(table.labels)
    if wide is not None:
        passes = wide[1]
        say("info", header_ref, ds, f"按月分列的宽表：{len(passes)}个月份列逐列读取，每个非空单元格计为一行数据")
    else:
        passes = [(rec.columns, table.data, {})]
    sr.rows_read = sum(len(rows) for _, rows, _ in passes)
    if not rec.complete:
        sr.reason = rec.reason
        say("error", header_ref, ds, rec.reason + "，本表数据行全部暂存待核")
        for r, _ in table.data:
            _quarantine(sr, rel_path, ds, dep, r, rec.reason, {})
            say("error", f"A{r + 1}", ds, f"第{r + 1}行未采用：{rec.reason}")
        return sr, issues
    parts = []
    for columns, rows, constants in passes:
        part = convert_table(ctx, table, columns, rows, constants)
        parts.append(part)
        issues.extend(_check_totals(ctx, table, columns, part, dep))
        for _, severity, ref, message in part.issues:
            say(severity, ref, ds, message)
        for r, reason, raw in part.quarantined:
            _quarantine(sr, rel_path, ds, dep, r, reason, raw)
            say("error", f"A{r + 1}", ds, f"第{r + 1}行未采用：{reason}")
    _gather(sr, parts, dep)
    return sr, issues


def _has_content(rows: list[list[object]]) -> bool:
    """True when some cell holds more than blanks (the test of ``_blank_rows``, stopping at the first)."""
    for cells in rows:
        for v in cells:
            if v.__class__ is str:
                if v and not v.isspace():
                    return True
            elif v is not None:
                return True
    return False


def _blank_rows(data: list[tuple[int, list[object]]], columns: list[int]) -> set[int]:
    """Rows whose cells in ``columns`` are all blank (they hold only a 序号 or other unread columns)."""
    blank = set()
    for r, cells in data:
        for i in columns:
            v = cells[i] if i < len(cells) else ""
            if v.__class__ is str:
                if v and not v.isspace():
                    break
            elif v is not None:
                break
        else:
            blank.add(r)
    return blank


def _quarantine(sr: SheetResult, rel_path: str, ds: str, dep: str, r: int, reason: str, raw: dict) -> None:
    sr.quarantine.append({"dataset": ds, "source_file": rel_path, "source_sheet": sr.name,
                          "source_row": r + 1, "department": dep, "reason": reason, "raw": raw})


def _gather(sr: SheetResult, parts: list, dep: str) -> None:
    """Put the kept rows of a sheet's converted parts into ``sr``: columns, rows and departments."""
    names = list(dict.fromkeys(c for part in parts for c in part.columns))
    sr.columns = {c: [v for part in parts for v in part.columns.get(c, [None] * len(part.rows))] for c in names}
    sr.rows = [r + 1 for part in parts for r in part.rows]
    own = sr.columns.pop("department", None)
    if own is None:
        sr.departments = None
        return
    known = {}
    for d in set(own):
        if not d:
            known[d] = dep
        elif d != dep and dep and normalize_department(d) is None:
            known[d] = dep  # an unknown spelling (already reported) never replaces a known unit
        else:
            known[d] = d
    mapped = [known[d] for d in own]
    sr.departments = None if all(d == dep for d in mapped) else mapped


def month_columns(table) -> list[tuple[int, int, int | None]]:
    """Return (column, month, year or None) for header labels such as 1月, 2025年3月, 十二月."""

    found = []
    for col in table.columns:
        hit = month_of_label(col.label)
        if hit:
            found.append((col.index, *hit))
    return found


def recognise_wide(table, context: str, year: int | None):
    """Recognise a table with one column per month (单位 × 1月…12月) for datasets that allow it.

    Returns (recognition, passes) where each pass converts one month column with the month as a
    constant, or None when the table is not such a table.
    """
    import datetime as dt


    months = month_columns(table)
    if len(months) < 3:
        return None
    month_cols = {c for c, _, _ in months}
    for name, spec in load_datasets().items():
        if not spec.wide_value:
            continue
        fields = fields_for(name)
        month_field = next((c for c, f in fields.items() if f.type == "month"), None)
        if month_field is None:
            continue
        first = months[0][0]
        virtual = len(table.columns)
        labels = [[] if c.index in month_cols else c.candidates for c in table.columns]
        labels[first] = [fields[spec.wide_value].label]
        labels.append([fields[month_field].label])
        rec = recognise(labels, context)
        if rec.dataset != name or not rec.complete:
            continue
        passes = []
        for col, month, month_year in months:
            columns = {i: c for i, c in rec.columns.items() if i not in (first, virtual)}
            columns[col] = spec.wide_value
            rows = [(r, cells) for r, cells in table.data if col < len(cells) and str(cells[col]).strip()]
            constants = {month_field: dt.date(month_year or year or dt.date.today().year, month, 1)}
            passes.append((columns, rows, constants))
        rec.columns = {i: c for i, c in rec.columns.items() if i != virtual}
        return rec, passes
    return None


def _looks_like_notes(sheet: str, titles: list[str]) -> bool:
    text = sheet + " ".join(titles[:2])
    return any(k in text for k in ("说明", "填表", "参考", "字典", "目录", "下拉", "代码", "选项", "示例", "模板"))


def _check_totals(ctx, table, columns, converted, dep) -> list[Issue]:
    """Compare each 合计/小计 row with the data rows it covers; totals never count as data."""

    spec = fields_for(ctx.dataset)
    position = {r: pos for pos, r in enumerate(converted.rows)}
    found = []
    for r, cells, scope, kind in table.totals:
        for index, column in columns.items():
            f = spec[column]
            if f.type not in ("int", "float") or index >= len(cells):
                continue
            stated = parse_field(f, cells[index], ctx.year)
            if stated.value is None or stated.error:
                continue
            values = converted.columns.get(column, [])
            actual = sum(values[position[d]] or 0 for d in scope if d in position)
            if abs(float(stated.value) - float(actual)) > 1e-6:
                found.append(Issue("warning", ctx.source_file, ctx.source_sheet, cell_ref(r, index), ctx.dataset,
                                   f"{kind}行“{f.label}”填报为{stated.value:g}，与上方明细之和{actual:g}不一致"
                                   f"（{kind}不计入数据；公式结果可能未更新），请核对", dep))
    return found
