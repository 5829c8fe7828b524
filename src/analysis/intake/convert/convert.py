"""Table columns → canonical records: every distinct cell value through its field's parser, personal data keyed."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ...personal import personal_number
from ...resources import (
    Field,
    fields_for,
    load_datasets,
    load_field_units,
    load_units,
    rules_for,
)
from ...text import normalize_header, normalize_key
from ..issues import note
from ..layout.layout import Table, cell_ref
from ..recognise.evidence import looks_like_names
from ..words import values as V
from ..words.departments import find_department, normalize_department
from ..words.measures import NO_MEASURE, Measure, measure_for, measured
from ..words.privacy import contains_personal, id_problem, normalize_id, person_key, scrub
from ..words.vocabulary import map_vocabulary
from .rules import at, check_record, derive_grade, grade_fits, resolve_breakdowns  # noqa: F401 - grades are public here

PERSONAL_TYPES = {"person_name", "id_number", "phone"}
_ID_AS_NUMBER = re.compile(r"\d+(\.\d+)?(E\+\d+)?")
_ID_SPACE_OR_X = re.compile(r"\s|x")
_PHONE_IN_NAME = re.compile(r"1[3-9]\d{9}|\d{3,4}-?\d{7,8}")


@dataclass
class Context:
    """Where rows come from and what fills gaps (year, submitting department)."""

    source_file: str
    source_sheet: str
    dataset: str
    department: str
    year: int | None
    units: dict[int, str] = field(default_factory=dict)  # column index → unit of its header or unit row
    sheet_units: list[str] = field(default_factory=list)  # the sheet's 单位 line
    report_year: int | None = None  # the run's year: rows of datasets bound to it must fall in it


@dataclass
class Converted:
    """A converted table, column by column: kept rows, quarantined rows and cell issues.

    ``columns`` maps each output field to the values of the kept rows (in ``rows`` order);
    ``quarantined`` holds (sheet row, reason, original cell texts); ``issues`` holds
    (sheet row, issue code, cell, message) in row order.
    """

    rows: list[int] = field(default_factory=list)
    columns: dict[str, list] = field(default_factory=dict)
    quarantined: list[tuple[int, str, dict]] = field(default_factory=list)
    issues: list[tuple[int, str, str, str]] = field(default_factory=list)


VOCAB_LABEL = {"category": "活动类型", "case_type": "案件类型", "grade": "等次", "defect": "问题类型",
               "platform": "平台", "service_type": "服务类型", "audience": "对象", "theme": "主题",
               "street": "街道"}


def written(value: object) -> str:
    """A cell as the department wrote it: text only stripped (no NFKC), whole numbers without .0,
    dates as ISO; identity and phone numbers inside it replaced by [已隐去]."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat(" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return scrub(text) if contains_personal(text) else text


def original_cells(table: Table, columns: dict[int, str], cells: list[object]) -> dict[str, str]:
    """The row's cells as written, under the headers as written, for the quarantine.

    Only the columns read are kept; personal columns become the row's person_key.
    """
    raw: dict[str, str] = {}
    personal: dict[str, str] = {}
    for index, column in sorted(columns.items()):
        value = cells[index] if index < len(cells) else ""
        if column.startswith("_") and column != "_ignore":
            if column in ("_name", "_id_number", "_birth_date") and str(value).strip():
                personal[column] = str(value).strip()
            continue
        header = table.columns[index].text or table.columns[index].label if index < len(table.columns) else str(index)
        raw[header] = written(value)
    if personal:
        key = person_key(normalize_id(personal.get("_id_number", "")) or None, personal.get("_name"),
                         personal.get("_birth_date"))
        if key:
            raw["person_key"] = key
    return raw


def _whole(value: float) -> int | None:
    return int(value) if value >= 0 and value.is_integer() else None


# Cells whose type needs no parsing (no notes possible): field type → {cell class: converter};
# a converter returns None to leave the cell to the full parser.
_SERIAL_2000, _SERIAL_2101 = 36526, 73416  # Excel serial numbers of 2000-01-01 and 2101-01-01


def _serial_date(v: float) -> dt.date | None:
    return V.EXCEL_EPOCH + dt.timedelta(days=int(v)) if _SERIAL_2000 <= v < _SERIAL_2101 else None


_FAST = {
    "int": {float: _whole, int: lambda v: v if v >= 0 else None,
            str: lambda v: int(v) if v.isascii() and v.isdigit() else None},
    "date": {dt.datetime: lambda v: v.date() if 2000 <= v.year <= 2100 else None,
             dt.date: lambda v: v if 2000 <= v.year <= 2100 else None,
             float: _serial_date, int: _serial_date},
}


class CellResult(NamedTuple):
    """A converted cell: its value, notes as (issue code, message), and a reason to quarantine the row."""

    value: object
    notes: tuple[tuple[str, str], ...] = ()
    error: str | None = None
    unit: str = ""  # the unit a number is in after conversion (for rules that read a unit column)


def empty_value(f: Field, year: int | None = None) -> object:
    """The value of an empty cell by its column's rule (fields.csv ``empty``): 0, False, True,
    the sheet's year ("year") or None ("one" is 1 only where the sheet has no such column)."""
    return {"zero": 0, "false": False, "true": True, "year": year}.get(f.empty)


def convert_cell(f: Field, value: object, year: int | None, label: str) -> CellResult:
    """Convert one cell of a field: parse, scrub personal data, map vocabularies and departments.

    Notes and errors start with the column's ``label`` (``活动日期：…``).
    """
    return _labelled(convert_value(f, value, year), label)


def _labelled(res: CellResult, label: str) -> CellResult:
    if not res.notes and not res.error:
        return res
    return CellResult(res.value, tuple((code, f"{label}：{msg}") for code, msg in res.notes),
                      f"{label}：{res.error}" if res.error else None)


def _counts_or_amounts(f: Field) -> bool:
    """A ledger's count (a whole number) or amount (a number in a unit of money, 元) column, where a
    written —/无 is 0 (a score or a form's period cell is neither)."""
    if f.empty not in ("null", "zero", "one"):
        return False
    if f.type == "int":
        return True
    unit = load_field_units().get((f.dataset, f.column))
    return f.type == "float" and unit is not None and load_units().get(unit.unit, ("", 1))[0] == "元"


def convert_value(f: Field, value: object, year: int | None, measure: Measure = NO_MEASURE,
                  subject: str = "") -> CellResult:
    """Convert one cell of a field, with notes and errors not yet tied to a column label.

    ``subject`` (the column's header and the field's label) lets a yes/no cell repeat it (衔接 under 已衔接).
    """
    if f.type in ("int", "float"):
        parsed = V.parse_number(value)
    elif f.type == "bool" and subject:
        parsed = V.parse_bool_in(value, subject, bound=True)
    else:
        parsed = parse_field(f, value, year)
    notes: list[tuple[str, str]] = list(parsed.notes)
    if parsed.error:
        if f.required:
            return CellResult(None, tuple(notes), parsed.error)
        notes.append(note("cell-unreadable", reason=parsed.error))
        return CellResult(None, tuple(notes))
    val = parsed.value
    if parsed.empty or val is None:
        if parsed.written_none and _counts_or_amounts(f):
            # a count or amount column's —, 无: nothing happened, 0 (an empty cell stays empty)
            notes.append(note("count-written-none", text=V.normalize_text(value)))
            return CellResult(0, tuple(notes), unit=measure.canonical)
        required = f.empty in ("required", "no_row_if_written")
        return CellResult(empty_value(f, year), tuple(notes), "必填项为空" if required else None)
    unit = ""
    if f.type in ("int", "float") and (kind := personal_number(val)):
        what = "身份证号" if kind == "id" else "手机号码"
        return CellResult(None, tuple(notes), f"数字形似{what}，不是{f.label}，未计入（请核对该单元格）")
    if f.type in ("int", "float"):
        val, unit, problem = measured(f, val, parsed.unit, measure, V.normalize_text(value), notes)
        if problem:
            return CellResult(None, tuple(notes), problem)
    if isinstance(val, str) and contains_personal(val):
        notes.append(note("cell-personal-removed"))
        val = scrub(val)
    if f.vocabulary and f.type in ("text", "grade"):
        val, found = map_vocabulary(f.vocabulary, val)
        if found:
            notes.append((found[0], found[1].replace(f.vocabulary, VOCAB_LABEL.get(f.vocabulary, f.vocabulary))))
    if f.type == "department":
        canonical = normalize_department(val)
        if canonical is None and (inner := find_department(val)):
            notes.append(note("department-merged", written=val, dept=inner))
            canonical = inner
        if canonical is None and looks_like_person(val):
            notes.append(note("department-cell-person"))
            val = pseudonym(val)
        elif canonical is None:
            notes.append(note("department-cell-not-listed", written=val))
        else:
            val = canonical
    if f.type == "departments":
        names = []
        for part in V.split_list(val):
            canonical = normalize_department(part)
            if canonical is None and looks_like_person(part):
                notes.append(note("department-cell-person"))
                part = pseudonym(part)
            elif canonical is None:
                notes.append(note("department-cell-not-listed", written=part))
            names.append(canonical or part)
        val = ";".join(sorted(dict.fromkeys(names)))
    if f.type == "defects":
        val = _convert_defects(val, notes)
    if f.type == "list":
        val = _convert_list(f, val, notes)
    return CellResult(val, tuple(notes), unit=unit)


@dataclass
class _Work:
    """A table being converted: each field's values (one per row), notes and errors by row position,
    and what later steps need (units of the values, where each field's column is)."""

    out: dict[str, list]
    where: dict[str, int]  # field → its column index
    notes: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row position, code, cell, message)
    errors_at: dict[int, list[str]] = field(default_factory=dict)
    units_of: dict[str, list[str]] = field(default_factory=dict)  # numeric field → the unit of each converted value
    key_units: dict[str, list[str]] = field(default_factory=dict)  # vocabulary field → the unit in brackets of each cell
    plan: list[tuple[int, str]] = field(default_factory=list)  # (column index, label) of the converted columns
    personal_cols: list[tuple[int, str]] = field(default_factory=list)

    def ref(self, column: str, r: int) -> str:
        """The cell of a field in sheet row ``r`` ('' when the sheet has no such column)."""
        return cell_ref(r, self.where[column]) if column in self.where else ""


def convert_table(ctx: Context, table: Table, columns: dict[int, str],
                  rows: list[tuple[int, list[object]]], constants: dict | None = None) -> Converted:
    """Convert the data rows of a recognised table column by column.

    Each distinct cell value of a column kind is converted once (and remembered across tables);
    ``constants`` are fields every record gets as they are (the month of a month column in a
    wide table).
    """
    constants = constants or {}
    spec = fields_for(ctx.dataset)
    work = _Work(out=_absent_values(ctx, spec, constants, len(rows)),
                 where={column: index for index, column in columns.items()})
    _convert_columns(ctx, spec, work, table, columns, rows, constants)
    keys = _convert_persons(spec, work, rows)
    _apply_rules(ctx, work, rows)
    _fill_from_department(ctx, spec, work.out, rows, work.where, work.notes)
    _check_year(ctx, spec, work.out, rows, work.where, work.errors_at)
    return _set_aside_errors(work, rows, keys)


def _absent_values(ctx: Context, spec: dict[str, Field], constants: dict, n: int) -> dict[str, list]:
    """Every output field's values before any column is read: the constant, or the field's value when absent."""
    out: dict[str, list] = {}
    for column, f in spec.items():
        if not f.personal and f.type not in ("person_key", "ignore"):
            # a yes/no column the sheet lacks is not reported (null), not "no" for every row
            absent = None if f.type == "bool" and f.empty == "false" else empty_value(f, ctx.year)
            absent = 1 if f.empty == "one" else absent  # a row is one consultation where no count is written
            out[column] = [constants[column] if column in constants else absent] * n
    return out


def _convert_columns(ctx: Context, spec: dict[str, Field], work: _Work, table: Table, columns: dict[int, str],
                     rows: list[tuple[int, list[object]]], constants: dict) -> None:
    """Convert each column that is not personal (those are set aside for :func:`_convert_persons`)."""
    labels = {c.index: c.text or c.label for c in table.columns}
    widths = {len(c) for _, c in rows}
    by_column = list(zip(*(c for _, c in rows), strict=True)) if len(widths) == 1 else []
    for index, column in columns.items():
        f = spec[column]
        if f.type == "ignore" or column in constants:
            continue
        if f.type in PERSONAL_TYPES or column == "_birth_date":
            work.personal_cols.append((index, column))
            continue
        label = labels.get(index) or f.label
        work.plan.append((index, label))
        cells = by_column[index] if index < len(by_column) else [c[index] if index < len(c) else "" for _, c in rows]
        subject = (normalize_key(label) + f.label) if f.type == "bool" else ""
        values, flagged, cell_units = _convert_column(f, cells, ctx.year, label, measure_for(ctx, f, index), subject)
        if f.vocabulary:
            # the unit a key cell carries in brackets (清偿拖欠账款（万元）) is its value's unit
            work.key_units[column] = [normalize_header(c)[1] if isinstance(c, str) else "" for c in cells]
            values, breakdown_notes = resolve_breakdowns(f.vocabulary, list(cells), values)
            for pos, (code, message) in breakdown_notes:
                work.notes.append((pos, code, cell_ref(rows[pos][0], index), f"{label}：{message}"))
        work.out[column] = values
        if cell_units is not None:
            work.units_of[column] = cell_units
        for pos, res in flagged:
            ref = cell_ref(rows[pos][0], index)
            work.notes.extend((pos, code, ref, msg) for code, msg in res.notes)
            if res.error:
                work.errors_at.setdefault(pos, []).append(f"{ref} {res.error}")


def _convert_persons(spec: dict[str, Field], work: _Work, rows: list[tuple[int, list[object]]]) -> list[str | None]:
    """Check each row's personal cells and derive the person's key; return the keys (empty without personal columns)."""
    keys: list[str | None] = []
    if not work.personal_cols:
        return keys
    # a key is the person's own: a sheet naming only a contact or a handler (承办人) has none to derive
    wants_key = any(f.type == "person_key" for f in spec.values()) and any(
        column in ("_name", "_id_number") for _, column in work.personal_cols)
    for pos, (r, cells) in enumerate(rows):
        width = len(cells)
        personal = {}
        for index, column in work.personal_cols:
            if index < width and cells[index] != "":
                text = V.normalize_text(cells[index])
                if text:
                    personal[column] = text
        found: list[tuple[str, str, str]] = []
        errors: list[str] = []
        key = _convert_person(wants_key, personal, r, lambda c, r=r: work.ref(c, r), found, errors)
        keys.append(key)
        work.notes.extend((pos, *issue) for issue in found)
        if errors:
            work.errors_at.setdefault(pos, []).extend(errors)
    if wants_key:
        work.out["person_key"] = keys
    return keys


def _apply_rules(ctx: Context, work: _Work, rows: list[tuple[int, list[object]]]) -> None:
    """Check each record against the dataset's rules (rules.csv), which may correct its values."""
    rules = rules_for(ctx.dataset)
    if not rules:
        return
    out = work.out
    names = sorted({v for rule in rules for k, v in rule.items() if k != "rule" and isinstance(v, str)} & out.keys())
    for pos, (r, _) in enumerate(rows):
        record = {c: out[c][pos] for c in names}
        record["_units"] = {c: u[pos] for c, u in work.units_of.items()}
        record["_key_units"] = {c: u[pos] for c, u in work.key_units.items()}
        found: list[tuple[str, str, str]] = []
        check_record(ctx.dataset, record, lambda c, r=r: work.ref(c, r), found)
        for c in names:
            out[c][pos] = record[c]
        work.notes.extend((pos, *issue) for issue in found)


def _set_aside_errors(work: _Work, rows: list[tuple[int, list[object]]], keys: list[str | None]) -> Converted:
    """The converted table: rows with an error quarantined with their cells as written, notes in row order."""
    result = Converted(rows=[r for r, _ in rows], columns=work.out)
    errors_at = work.errors_at
    if errors_at:
        for pos in sorted(errors_at):
            r, cells = rows[pos]
            raw = {label: written(cells[index] if index < len(cells) else "") for index, label in work.plan}
            if keys and keys[pos]:
                raw["person_key"] = keys[pos]
            result.quarantined.append((r, "；".join(errors_at[pos]), raw))
        keep = [pos for pos in range(len(rows)) if pos not in errors_at]
        result.rows = [result.rows[pos] for pos in keep]
        result.columns = {c: [values[pos] for pos in keep] for c, values in work.out.items()}
    work.notes.sort(key=lambda t: t[0])
    result.issues = [(rows[pos][0], code, ref, msg) for pos, code, ref, msg in work.notes]
    return result


def _fill_from_department(ctx: Context, spec: dict[str, Field], out: dict[str, list], rows, where: dict[str, int],
                          notes: list) -> None:
    """Fields whose blank means the submitting unit (fields.csv ``empty: department``, e.g. a
    法治副校长's 工作单位 in a roster a unit sends of its own staff): filled, and said once."""
    for column, f in spec.items():
        if f.empty != "department" or column not in out or not ctx.department:
            continue
        blank = [pos for pos, v in enumerate(out[column]) if v is None or v == ""]
        if not blank:
            continue
        for pos in blank:
            out[column][pos] = ctx.department
        ref = cell_ref(rows[blank[0]][0], where[column]) if column in where else ""
        how = "未填写" if column in where else "本表没有这一列"
        notes.append((blank[0], *at(ref, note("department-filled", label=f.label, how=how, count=len(blank),
                                               dept=ctx.department))))


def _check_year(ctx: Context, spec: dict[str, Field], out: dict[str, list], rows, where: dict[str, int],
                errors_at: dict[int, list[str]]) -> None:
    """Rows of a dataset bound to the report year (datasets.csv ``in_year``) dated in another year
    are not this year's data: quarantined with the reason, never counted."""
    column = load_datasets()[ctx.dataset].in_year
    if not column or ctx.report_year is None or column not in out:
        return
    label = spec[column].label
    for pos, value in enumerate(out[column]):
        if isinstance(value, dt.date) and value.year != ctx.report_year and pos not in errors_at:
            ref = cell_ref(rows[pos][0], where[column]) if column in where else ""
            errors_at.setdefault(pos, []).append(
                f"{ref} {label}“{value.isoformat()}”不在{ctx.report_year}年：本报告只计{ctx.report_year}年的数据"
                f"（{value.year}年的数据请报送到{value.year}年）".strip())


def _convert_column(f: Field, cells: list[object], year: int | None, label: str, measure: Measure = NO_MEASURE,
                    subject: str = "") -> tuple[list[object], list[tuple[int, CellResult]], list[str] | None]:
    """Convert one column's cells; return the values, the (position, result) of cells with notes,
    and for a numeric field the unit of each value (None for other fields).

    Results are remembered per field kind, measure and cell class (1, 1.0 and True stay apart),
    across the tables a process converts; notes get the column's label only when reported.
    """
    memo = _memo_for(f, year, measure, subject)
    plain = measure.declared in ("", measure.canonical)
    low, high = measure.low, measure.high
    fast = _FAST.get(f.type) if plain else None
    numeric = f.type in ("int", "float")
    classes = set(map(type, cells))
    lookups: dict[type, dict] = {}
    notes: dict[type, dict] = {}
    any_noted = False
    for cls in classes:
        known = lookups[cls] = memo.setdefault(cls, {})  # cell value → converted value
        noted = notes[cls] = memo.setdefault(("noted", cls), {})  # cell value → result with notes
        unit_of = memo.setdefault(("unit", cls), {})  # cell value → unit of its value (numbers)
        distinct = set(cells) if len(classes) == 1 else {v for v in cells if v.__class__ is cls}
        todo = distinct.difference(known)
        if not todo:
            continue
        if len(known) + len(todo) > _MEMO_LIMIT:
            known.clear()
            noted.clear()
            todo = distinct
        if cls is str and f.type == "text" and not f.vocabulary:
            converted = _convert_texts(f, list(todo), year)
        else:
            quick = fast.get(cls) if fast is not None else None
            converted = {}
            for v in todo:
                q = quick(v) if quick is not None else None
                if q is not None and numeric and ((high is not None and q > high) or (low is not None and q < low)
                                                  or personal_number(q)):
                    q = None  # out of range or shaped like an identity number: said by the full parser
                converted[v] = CellResult(q, unit=measure.canonical) if q is not None else convert_value(f, v, year, measure, subject)
        for v, res in converted.items():
            known[v] = res[0]
            if res[1] or res[2]:
                noted[v] = res
            if numeric:
                unit_of[v] = res.unit
    for cls in classes:
        if notes[cls]:
            distinct = set(cells) if len(classes) == 1 else {v for v in cells if v.__class__ is cls}
            any_noted = any_noted or not distinct.isdisjoint(notes[cls])
    if len(classes) == 1:
        cls = next(iter(classes))
        values = list(map(lookups[cls].__getitem__, cells))
        noted = notes[cls]
        flagged = [(pos, _labelled(noted[v], label)) for pos, v in enumerate(cells) if v in noted] if any_noted else []
    else:
        values = [lookups[v.__class__][v] for v in cells]
        flagged = []
        for cls in classes if any_noted else ():
            noted = notes[cls]
            if noted:
                flagged.extend((pos, _labelled(noted[v], label)) for pos, v in enumerate(cells)
                               if v.__class__ is cls and v in noted)
        flagged.sort(key=lambda t: t[0])
    units = [memo[("unit", v.__class__)].get(v, "") for v in cells] if numeric else None
    return values, flagged, units


def _convert_texts(f: Field, texts: list[str], year: int | None) -> dict[str, CellResult]:
    """Convert many free-text cells at once: kept as written, only stripped (matching keys are
    normalised elsewhere, the text a department wrote is not); blanks and texts that look like
    an identity or phone number go through ``convert_value``."""
    out = {}
    empty = convert_value(f, "", year)
    for raw in texts:
        text = raw.strip()
        if not text:
            out[raw] = empty
        elif contains_personal(text):
            out[raw] = convert_value(f, raw, year)
        else:
            out[raw] = CellResult(text)
    return out


_MEMOS: dict[tuple, dict] = {}
_MEMO_LIMIT = 100_000  # values remembered per field kind and cell class


def _memo_for(f: Field, year: int | None, measure: Measure = NO_MEASURE, subject: str = "") -> dict:
    """Converted cells of one field kind, measure and subject, shared by all tables a process converts."""
    key = (f.type, f.required, f.empty, f.vocabulary, year if f.type in ("date", "month") else None, measure, subject)
    return _MEMOS.setdefault(key, {})


def parse_field(f: Field, value: object, year: int | None) -> V.Parsed:
    """Parse a cell by its field's type (number, date, percent, yes/no, list or text)."""
    t = f.type
    if t in ("defects", "departments"):
        text = V.normalize_text(value)
        return V.Parsed(text) if text else V.Parsed(empty=True)
    if t == "date":
        return V.parse_date(value, year)
    if t == "month":
        return V.parse_date(value, year, month_only=True)
    if t == "int":
        return V.parse_int(value)
    if t == "float":
        return V.parse_float(value)
    if t == "percent":
        return V.parse_percent(value)
    if t == "bool":
        return V.parse_bool(value)
    return V.parse_text(value)


def _convert_list(f: Field, text: str, notes: list) -> str:
    """A list cell (农民工、妇女): each part through the field's vocabulary, joined with ';'."""
    out = []
    for part in V.split_list(text):
        canonical, found = map_vocabulary(f.vocabulary, part) if f.vocabulary else (part, None)
        if found:
            label = VOCAB_LABEL.get(f.vocabulary, f.vocabulary)
            notes.append((found[0], found[1].replace(f.vocabulary, label)))
        out.append(canonical)
    return ";".join(dict.fromkeys(out))


def _convert_defects(text: str, notes: list) -> str:
    out = []
    for part in V.split_list(text):
        canonical, found = map_vocabulary("defect", part)
        if found:
            notes.append(note("defect-not-listed", text=part))
        if canonical != "无":
            out.append(canonical)
    return ";".join(dict.fromkeys(out))


def _convert_person(wants_key, personal, row, ref_of, issues, errors) -> str | None:
    """Derive person_key from identity number or name (+ birth date); report what is wrong."""
    name = personal.get("_name", "")
    if name and _PHONE_IN_NAME.search(name):
        issues.append(at(ref_of("_name"), note("name-holds-phone")))
        name = _PHONE_IN_NAME.sub("", name).strip(" ,，/;；()（）")
    id_number = normalize_id(personal.get("_id_number", "")) if personal.get("_id_number") else ""
    if id_number and ("." in id_number or "E" in id_number) and _ID_AS_NUMBER.fullmatch(id_number):
        issues.append(at(ref_of("_id_number"), note("id-stored-as-number")))
        id_number = str(int(float(id_number)))
    elif id_number:
        problem = id_problem(id_number)
        if problem:
            issues.append(at(ref_of("_id_number"), note("id-invalid", problem=problem)))
        if personal["_id_number"].strip() != id_number and _ID_SPACE_OR_X.search(personal["_id_number"]):
            issues.append(at(ref_of("_id_number"), note("id-normalised")))
    if not wants_key:
        return None
    key = person_key(id_number or None, name or None, personal.get("_birth_date"))
    if key is None:
        errors.append("缺少姓名和身份证号，无法生成人员编码")
    elif not id_number:
        issues.append(at(ref_of("_name"), note("person-key-by-name")))
    return key


_ROSTER_TYPES = {"text", "grade", "department", "departments", "list", "defects"}


_ORGANISATION_CHARS = re.compile("[管监办委局院法政务察卫健教育税商财交通建环保安警检审司民社团联协会科农水林文旅体医疗消防街镇乡村区市县省]")


def looks_like_person(text: str) -> bool:
    """True for a lone text that reads as a person's name and as no organisation (张伟, not 安监)."""
    text = text.strip()
    return 2 <= len(text) <= 4 and looks_like_names([text, text]) and not _ORGANISATION_CHARS.search(text[1:])


def pseudonym(name: str) -> str:
    """A name's stand-in in outputs: 〔姓名·6 hex of its keyed hash〕 (the same name, the same
    stand-in, so counts of distinct people still hold)."""
    key = person_key(None, name) or ""
    return f"〔姓名·{key[:6]}〕"


def hide_rosters(table: Table, columns: dict[int, str], dataset: str) -> list[str]:
    """Replace the names in columns that are not person fields but hold a roster of names (a
    reviewer column, or a table read the wrong way) by pseudonyms; return the headers of those columns."""
    spec = fields_for(dataset)
    hidden = []
    for index, column in columns.items():
        f = spec.get(column)
        if f is None or f.type not in _ROSTER_TYPES or column.startswith("_"):
            continue
        sample = []
        for _, cells in table.data:
            v = cells[index] if index < len(cells) else None
            if isinstance(v, str) and v.strip():
                sample.append(v)
                if len(sample) >= 40:
                    break
        if not looks_like_names(sample):
            continue
        hidden.append(index)
    if hidden:
        table.data = [(r, [pseudonym(v.strip()) if i in hidden and isinstance(v, str) and v.strip() else v
                           for i, v in enumerate(cells)]) for r, cells in table.data]
    return [table.columns[i].text or table.columns[i].label for i in hidden if i < len(table.columns)]


def raw_json(raw: dict) -> str:
    """Serialise a row's original cell texts (personal cells already replaced)."""
    return json.dumps(raw, ensure_ascii=False, sort_keys=False, default=str)
