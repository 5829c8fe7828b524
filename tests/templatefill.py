"""Filling a generated submission template as a department would, for tests/test_templates.py.

Rows are made from what the workbook itself offers: each column's data validation (dropdown
values, date range, whole numbers, decimal range, text length) read back with openpyxl, edge
values first (the longest dropdown value, the first and last day of the year, 0 and the upper
bound, an identity number ending in X). Free texts start from the column's example in the
contract; the cross-field rules of rules.yaml are honoured so that a correct row is correct.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis.contract import TEMPLATE_INFO_SHEET
from analysis.intake.convert.convert import grade_fits
from analysis.resources import rules_for
from analysis.template_columns import template_columns

from .workbooks import id_number, id_with_x

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "欧阳晓东"]
WHOLES = [0, 120, 7, 2500, 36, 1, 480, 15]
AMOUNTS = [5275.57, 0, 450, 12500.5, 0.75, 86000, 3.2, 1999.99]
_DATE = re.compile(r"DATE\((\d+),(\d+),(\d+)\)")


@dataclass
class DataSheetInfo:
    """One data sheet as the template's info sheet describes it."""

    name: str
    dataset: str = ""
    version: str = ""
    header_row: int = 0
    fields: dict[str, str] = field(default_factory=dict)  # label → field


def read_info(wb) -> tuple[dict[str, str], dict[str, DataSheetInfo]]:
    """The general rows (key → value) and the data sheets of a template's info sheet."""
    general: dict[str, str] = {}
    sheets: dict[str, DataSheetInfo] = {}
    for name, key, value, column in wb[TEMPLATE_INFO_SHEET].iter_rows(min_row=2, values_only=True):
        if not name:
            general[key] = value or ""
            continue
        if key == "part" and value == "data":
            sheets[name] = DataSheetInfo(name)
        elif name in sheets:
            info = sheets[name]
            if key == "dataset":
                info.dataset = value
            elif key == "version":
                info.version = value
            elif key == "header_row":
                info.header_row = int(value)
            elif key == "column":
                info.fields[value] = column
    return general, sheets


def column_validations(ws) -> dict[int, DataValidation]:
    """Column index (1-based) → the validation covering that column's data area."""
    out: dict[int, DataValidation] = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            start = ref.split(":")[0]
            if int(re.sub(r"[A-Z]+", "", start)) <= 3:
                continue  # the 填报单位 cell of a blank template
            out[column_index_from_string(re.sub(r"\d+", "", start))] = dv
    return out


def first_data_row(ws) -> int:
    """The first row of a data sheet's data area: where its column validations begin."""
    rows = [int(re.sub(r"[A-Z$]+", "", str(dv.sqref).split()[0].split(":")[0]))
            for dv in column_validations(ws).values()]
    return min(rows)


def list_values(dv: DataValidation, wb) -> list[str]:
    """The values a list validation offers: inline, or read from the sheet range it names."""
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, ref = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [row[0].value for row in ws[ref.replace("$", "")]]


def allows(dv: DataValidation, value: object, wb) -> bool:
    """Whether Excel would accept ``value`` typed into a cell with this validation."""
    if value is None or value == "":
        return bool(dv.allow_blank)
    kind = dv.type
    if kind == "list":
        return value in list_values(dv, wb)
    if kind == "date":
        low, high = (dt.date(*map(int, _DATE.match(f).groups())) for f in (dv.formula1, dv.formula2))
        return isinstance(value, dt.date) and low <= value <= high
    if kind in ("whole", "decimal"):
        if kind == "whole" and not isinstance(value, int) or not isinstance(value, (int, float)):
            return False
        low = float(dv.formula1)
        if dv.operator == "greaterThanOrEqual":
            return value >= low
        if dv.operator == "between":
            return low <= value <= float(dv.formula2)
        raise AssertionError(f"unexpected operator {dv.operator}")
    if kind == "textLength":
        n, limit = len(str(value)), int(dv.formula1)
        return {"equal": n == limit, "lessThanOrEqual": n <= limit,
                "between": limit <= n <= int(dv.formula2 or limit)}[dv.operator]
    raise AssertionError(f"unexpected validation {kind}")


def _date_range(dv: DataValidation) -> tuple[dt.date, dt.date]:
    return tuple(dt.date(*map(int, _DATE.match(f).groups())) for f in (dv.formula1, dv.formula2))


def column_values(dv: DataValidation, wb, column, n: int, salt: str, position: int) -> list[object]:
    """``n`` values for one column, edge values first, each allowed by the column's validation."""
    kind = dv.type
    if kind == "list":
        values = list_values(dv, wb)
        longest = max(values, key=len)
        order = [longest, *[v for v in values if v != longest]]
        return [order[i % len(order)] for i in range(n)]
    if kind == "date":
        first, last = _date_range(dv)
        middle = [first + dt.timedelta(days=29 * i + 3) for i in range(n)]
        return [first, last, *middle][:n]
    if kind == "whole" and dv.operator == "between":  # a year
        low, high = int(dv.formula1), int(dv.formula2)
        return [high, low, *[high - i % (high - low + 1) for i in range(n - 2)]][:n]
    if kind == "whole":
        return [WHOLES[(i + position) % len(WHOLES)] for i in range(n)]
    if kind == "decimal" and dv.operator == "greaterThanOrEqual":  # an amount: real ones, large and small
        return [AMOUNTS[(i + position) % len(AMOUNTS)] for i in range(n)]
    if kind == "decimal":
        low, high = float(dv.formula1), float(dv.formula2)
        return [low, high, *[round(low + (high - low) * (0.55 + 0.05 * i), 3) for i in range(n - 2)]][:n]
    if column.kind == "id":
        return [id_with_x(), *[id_number(f"2101021980{i:02d}01{position:02d}{i % 10}") for i in range(1, n)]]
    if column.kind == "name":
        return [NAMES[i % len(NAMES)] for i in range(n)]
    if column.kind == "multi":
        return [column.separator.join(column.values[i % len(column.values):][:2]) for i in range(n)]
    base = column.example or column.label
    return [f"{base}（{salt}{i + 1}）" for i in range(n)]


def apply_rules(dataset: str, rows: list[dict[str, object]], options: dict[str, list[str]]) -> None:
    """Make rows honour the dataset's cross-field rules (a grade fits its score, parts ≤ wholes …)."""
    for rule in rules_for(dataset, "not_greater"):
        for row in rows:
            if row.get(rule["left"]) is not None and row.get(rule["right"]) is not None:
                row[rule["left"]] = min(row[rule["left"]], row[rule["right"]])
    for rule in rules_for(dataset, "rate_matches"):
        num, den, rate = rule["numerator"], rule["denominator"], rule["rate"]
        if not rows or num not in rows[0] or den not in rows[0]:
            continue
        rows[0][num], rows[0][den] = 0, max(rows[0][den] or 0, 10)  # 0 %
        if len(rows) > 1:
            rows[1][num] = rows[1][den] = max(rows[1][den] or 0, 1)  # 100 %
        for row in rows:
            if rate in row:
                row[rate] = row[num] / row[den] if row.get(den) else None
    for rule in rules_for(dataset, "grade_band"):
        for row in rows:
            if row.get(rule["score"]) is not None and rule["grade"] in row:
                row[rule["grade"]] = next(g for g in options[rule["grade"]] if grade_fits(g, float(row[rule["score"]])))


@dataclass
class Filled:
    """What a test wrote into a template: per data sheet its dataset, rows (field → value) and first row."""

    path: Path
    sheets: dict[str, tuple[str, list[dict[str, object]], int]]


def fill_template(path: Path, n: int = 8, salt: str = "", unit: str | None = None) -> Filled:
    """Fill every data sheet of a template with ``n`` correct rows; a blank template gets ``unit``."""
    wb = openpyxl.load_workbook(path)
    _, sheets = read_info(wb)
    done: dict[str, tuple[str, list[dict[str, object]], int]] = {}
    for name, info in sheets.items():
        ws = wb[name]
        columns = {c.field: c for c in template_columns(info.dataset)}
        validations = column_validations(ws)
        header = [ws.cell(info.header_row, c).value for c in range(1, ws.max_column + 1)]
        where = {info.fields[label]: i for i, label in enumerate(header, start=1) if label in info.fields}
        rows: list[dict[str, object]] = [{} for _ in range(n)]
        options: dict[str, list[str]] = {}
        for position, (column_name, index) in enumerate(where.items()):
            dv = validations[index]
            for row, value in zip(rows, column_values(dv, wb, columns[column_name], n, salt, position), strict=True):
                row[column_name] = value
            if dv.type == "list":
                options[column_name] = list_values(dv, wb)
        apply_rules(info.dataset, rows, options)
        first = first_data_row(ws)
        for offset, row in enumerate(rows):
            for column_name, value in row.items():
                dv = validations[where[column_name]]
                assert allows(dv, value, wb), (name, column_name, value)
                ws.cell(first + offset, where[column_name], value)
        if ws.cell(2, 2).value is None:
            ws.cell(2, 2, unit)
        done[name] = (info.dataset, rows, first)
    wb.save(path)
    return Filled(path, done)


def cell_of(path: Path, sheet: str, column: str, row: int) -> str:
    """The A1 reference of a field's cell in a data row (``row`` 0-based below the header)."""
    wb = openpyxl.load_workbook(path, read_only=False)
    _, sheets = read_info(wb)
    info = sheets[sheet]
    header = [wb[sheet].cell(info.header_row, c).value for c in range(1, wb[sheet].max_column + 1)]
    index = next(i for i, label in enumerate(header, start=1) if info.fields.get(label) == column)
    return f"{get_column_letter(index)}{first_data_row(wb[sheet]) + row}"
