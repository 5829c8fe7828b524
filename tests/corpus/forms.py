"""Forms that are not one-row-per-record ledgers: the month-wide 备案 table (单位 × 1月…12月)
and the 工作数据统计表 indicator forms (指标/单位/数值 rows with 其中 sub-rows, 上年数 and 同比;
one column per indicator; 近三年 with one column per year)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tests.corpus import cells
from tests.corpus.columns import decorate, spell_department
from tests.corpus.grid import Sheet, name_column
from tests.corpus.layout import Options, SheetTruth
from tests.corpus.records import Context


def add_preamble(ctx: Context, sheet: Sheet, opts: Options, width: int) -> None:
    for title in opts.titles:
        r = sheet.add([title])
        if opts.merge_title and opts.fmt != "csv":
            sheet.merge(r, 0, r, width - 1)
    if opts.unit_line:
        sheet.add([opts.unit_line])
    if opts.measure_line:
        sheet.add([None] * (width - 1) + [opts.measure_line])


def add_closing(sheet: Sheet, opts: Options, width: int) -> None:
    if opts.footer:
        sheet.add([None] * width)
        sheet.add([opts.footer])
    for note in opts.notes:
        sheet.add([note])


def set_columns(truth: SheetTruth, headers: list[str], columns: list[Any]) -> None:
    for i, (h, c) in enumerate(zip(headers, columns, strict=True)):
        truth.columns[name_column(i)] = c
        truth.headers[name_column(i)] = h


def format_month_header(ctx: Context, template: str, month: int) -> str:
    return template.format(m=month, cn=cells.CN_MONTHS[month], year=ctx.year)


def compose_filings_wide(ctx: Context, name: str, depts: list[str], opts: Options, aliases: dict,
                         submitter: str) -> tuple[Sheet, SheetTruth]:
    """单位 × 1月…12月 (+ 合计 column and row); one record per non-empty month cell."""
    rng, spec = ctx.rng, ctx.values["_variants"]["enforcement_filings"]
    template = rng.choice(spec["month_headers"])
    last = rng.choice([11, 12, 12])
    months = list(range(1, last + 1))
    seq = rng.random() < 0.6
    total_col = rng.random() < 0.6
    two_level = opts.fmt != "csv" and rng.random() < 0.4
    dept_header = rng.choice(spec["department_headers"])
    headers = (["序号"] if seq else []) + [dept_header] + [format_month_header(ctx, template, m) for m in months]
    columns: list[Any] = ([None] if seq else []) + ["department"] + [["filings", "month"]] * len(months)
    if total_col:
        headers.append(rng.choice(spec["total_headers"]))
        columns.append(None)
    width = len(headers)
    sheet, truth = Sheet(name), SheetTruth(name, "enforcement_filings", submitter, layout=["wide_months"])
    add_preamble(ctx, sheet, opts, width)
    first_month = len(headers) - len(months) - (1 if total_col else 0)
    if two_level:
        parent = rng.choice([f"{ctx.year}年涉企行政执法备案（次）", "各月备案情况", "备案次数（次）"])
        top = headers[:first_month] + [parent] + [None] * (len(months) - 1) + headers[first_month + len(months):]
        r1 = sheet.add(top)
        r2 = sheet.add([None] * first_month + headers[first_month:first_month + len(months)])
        for i in range(width):
            if i < first_month or i >= first_month + len(months):
                sheet.merge(r1, i, r2, i)
        sheet.merge(r1, first_month, r1, first_month + len(months) - 1)
        truth.header_rows = [r1, r2]
        truth.layout.append("two_level")
        headers = [h if i < first_month or i >= first_month + len(months) else f"{parent}/{h}"
                   for i, h in enumerate(headers)]
    else:
        truth.header_rows = [sheet.add(headers)]
    month_totals = [0] * len(months)
    for k, dept in enumerate(depts, start=1):
        values = [rng.choice([None, 0, 1, 2, 3, 4, 5, 6, 9]) if rng.random() < 0.85 else None for _ in months]
        row = ([k] if seq else []) + [spell_department(ctx, dept, 0.6, aliases)] + values
        if total_col:
            row.append(sum(v or 0 for v in values))
        r = sheet.add(row)
        records = [{"department": dept, "month": dt.date(ctx.year, m, 1).isoformat(), "filings": v}
                   for m, v in zip(months, values, strict=True) if v is not None]
        truth.rows.append({"row": r, "department": dept, "quarantine": False, "records": records})
        month_totals = [t + (v or 0) for t, v in zip(month_totals, values, strict=True)]
    if rng.random() < 0.7:
        total = ([None] if seq else []) + [rng.choice(ctx.values["layout"]["total_labels"])] + month_totals
        if total_col:
            total.append(sum(month_totals))
        sheet.add(total)
    add_closing(sheet, opts, width)
    set_columns(truth, headers, columns)
    return sheet, truth


def write_indicator_value(ctx: Context, value: float, unit: str, style: float) -> Any:
    """An indicator's value as written (the truth is the value times the unit's scale)."""
    rng = ctx.rng
    if unit == "%":
        return rng.choice([f"{value:g}%", value, f"{value:g}"])
    if rng.random() < style:
        if value == 0:
            return rng.choice(["0", "零", "０"])
        if float(value).is_integer():
            n = int(value)
            return rng.choice([f"{n}{unit}", cells.make_fullwidth(str(n)), str(n),
                               cells.write_chinese_number(n) if n < 10000 else str(n)])
        return rng.choice([f"{value:,}", str(value)])
    return value


def pick_previous_value(ctx: Context, value: float, spec: dict) -> float:
    if spec.get("rate"):
        return float(ctx.rng.randint(95, 100))
    if value == 0:
        return 0.0 if ctx.rng.random() < 0.8 else 1.0
    factor = ctx.rng.uniform(0.7, 1.2)
    return round(value * factor, 2) if not float(value).is_integer() else float(max(0, round(value * factor)))


def make_indicator_record(key: str, value: float, spec: dict, year: int, **extra: Any) -> dict:
    return {"indicator": key, "value": round(value * spec.get("scale", 1), 2), "period_year": year, **extra}


def spell_unit(ctx: Context, unit: str) -> str:
    return ctx.rng.choice(ctx.values["indicators"]["units"].get(unit, [unit]))


def compose_indicator_rows(ctx: Context, name: str, group: dict[str, dict], opts: Options,
                           dept: str) -> tuple[Sheet, SheetTruth]:
    """指标名称 / 单位 / 数值 rows with 其中 sub-rows, optional 上年数, 同比 and 备注 columns."""
    rng, spec = ctx.rng, ctx.values["_variants"]["indicator_values"]
    fields = spec["fields"]
    year = ctx.year
    seq, unit_col = rng.random() < 0.6, rng.random() < 0.8
    prev_col, yoy_col, note_col = rng.random() < 0.5, rng.random() < 0.35, rng.random() < 0.5
    headers: list[str] = (["序号"] if seq else []) + [decorate(rng.choice(fields["indicator"]["headers"]), rng, False)]
    columns: list[Any] = ([None] if seq else []) + ["indicator"]
    if unit_col:
        headers.append(rng.choice(fields["unit"]["headers"]))
        columns.append("unit")
    headers.append(rng.choice(fields["value"]["headers"]).format(year=year))
    columns.append("value")
    if prev_col:
        headers.append(rng.choice(spec["previous_headers"]).format(prev=year - 1))
        columns.append([None, "value"])
    if yoy_col:
        headers.append(rng.choice(spec["yoy_headers"]))
        columns.append(None)
    if note_col:
        headers.append(rng.choice(fields["note"]["headers"]))
        columns.append("note")
    width = len(headers)
    sheet, truth = Sheet(name), SheetTruth(name, "indicator_values", dept, layout=["indicator_rows"])
    add_preamble(ctx, sheet, opts, width)
    truth.header_rows = [sheet.add(headers)]
    if opts.code_row:
        sheet.add(["甲", "乙", *range(1, width - 1)][:width])
        truth.layout.append("code_row")
    style = rng.choice([0.0, 0.2, 0.5])
    number = 0
    if rng.random() < 0.4:
        sheet.add([None] * (1 if seq else 0) + [rng.choice(ctx.values["indicators"]["sections"])])
        truth.layout.append("section_rows")
    for key, ispec in group.items():
        sub = "parent" in ispec
        if not sub:
            number += 1
        label = rng.choice(ispec["names"])
        if not unit_col and ispec["unit"] != "%":
            label = f"{label}（{ispec['unit']}）"
        value = float(ispec["value"])
        prev = pick_previous_value(ctx, value, ispec)
        row: list[Any] = ([None if sub else number] if seq else []) + [label]
        if unit_col:
            row.append(spell_unit(ctx, ispec["unit"]))
        row.append(write_indicator_value(ctx, value, ispec["unit"], style))
        records = [make_indicator_record(key, value, ispec, year)]
        if prev_col:
            row.append(prev)
            records.append(make_indicator_record(key, prev, ispec, year - 1, _optional=True))
        if yoy_col:
            row.append(f"{(value / prev - 1) * 100:.1f}%" if prev else "—")
        if note_col:
            note = rng.choice(ctx.get_pool("indicator_notes")) if rng.random() < 0.3 else None
            row.append(note)
            if note:
                records[0]["note"] = note
        r = sheet.add(row)
        truth.rows.append({"row": r, "department": dept, "quarantine": False,
                           "records": [{"department": dept, **rec} for rec in records]})
    add_closing(sheet, opts, width)
    set_columns(truth, headers, columns)
    return sheet, truth


def compose_indicator_years(ctx: Context, name: str, group: dict[str, dict], opts: Options,
                            dept: str) -> tuple[Sheet, SheetTruth]:
    """近三年 form: one column per year (2023年 2024年 2025年)."""
    rng, spec = ctx.rng, ctx.values["_variants"]["indicator_values"]
    years = [ctx.year - 2, ctx.year - 1, ctx.year]
    template = rng.choice(spec["year_headers"])
    seq, unit_col, note_col = rng.random() < 0.5, rng.random() < 0.5, rng.random() < 0.3
    headers = (["序号"] if seq else []) + [rng.choice(spec["fields"]["indicator"]["headers"])]
    columns: list[Any] = ([None] if seq else []) + ["indicator"]
    if unit_col:
        headers.append(rng.choice(spec["fields"]["unit"]["headers"]))
        columns.append("unit")
    headers += [template.format(y=y) for y in years]
    columns += [["value", "period_year"]] * 3
    if note_col:
        headers.append(rng.choice(spec["fields"]["note"]["headers"]))
        columns.append("note")
    width = len(headers)
    sheet, truth = Sheet(name), SheetTruth(name, "indicator_values", dept, layout=["indicator_years"])
    add_preamble(ctx, sheet, opts, width)
    truth.header_rows = [sheet.add(headers)]
    marks = ctx.values["numbers"]["nothing_marks"] if ctx.aside.random() < 0.4 else []
    if marks:
        truth.layout.append("nothing_marks")
    for k, (key, ispec) in enumerate((k, v) for k, v in group.items() if "parent" not in v):
        label = rng.choice(ispec["names"])
        if not unit_col and ispec["unit"] != "%":
            label = f"{label}（{ispec['unit']}）"
        value = float(ispec["value"])
        values = [pick_previous_value(ctx, value, ispec), pick_previous_value(ctx, value, ispec), value]
        row: list[Any] = ([k + 1] if seq else []) + [label]
        if unit_col:
            row.append(spell_unit(ctx, ispec["unit"]))
        # a year the unit has no figure for: a mark for "nothing" (no value, no record)
        missing = {0} if marks and ctx.aside.random() < 0.5 else set()
        row += [write_indicator_value(ctx, v, ispec["unit"], 0.2) for v in values]
        for i in missing:
            row[len(row) - len(values) + i] = ctx.aside.choice(marks)
        if note_col:
            row.append(None)
        r = sheet.add(row)
        records = [{"department": dept, **make_indicator_record(key, v, ispec, y)}
                   for i, (y, v) in enumerate(zip(years, values, strict=True)) if i not in missing]
        truth.rows.append({"row": r, "department": dept, "quarantine": False, "records": records})
    add_closing(sheet, opts, width)
    set_columns(truth, headers, columns)
    return sheet, truth


def compose_indicator_columns(ctx: Context, name: str, group: dict[str, dict], opts: Options,
                              dept: str, aliases: dict) -> tuple[Sheet, SheetTruth]:
    """One column per indicator (header = indicator and unit), one row for the department."""
    rng, spec = ctx.rng, ctx.values["_variants"]["indicator_values"]
    dept_col = rng.random() < 0.6
    names = [h for h in spec["department_headers"] if h != "单位"]   # a bare 单位 would read as the unit column
    headers: list[str] = [rng.choice(names)] if dept_col else []
    columns: list[Any] = ["department"] if dept_col else []
    values, records = [], []
    for key, ispec in group.items():
        names = ispec.get("wide") or ispec["names"]
        label = rng.choice([n for n in names if not n.startswith("　")])
        headers.append(rng.choice([f"{label}（{ispec['unit']}）", f"{label}\n（{ispec['unit']}）", f"{label}/{ispec['unit']}"]))
        columns.append(["value", "indicator"])
        value = float(ispec["value"])
        values.append(write_indicator_value(ctx, value, ispec["unit"], 0.2))
        records.append({"department": dept, **make_indicator_record(key, value, ispec, ctx.year)})
    width = len(headers)
    sheet, truth = Sheet(name), SheetTruth(name, "indicator_values", dept, layout=["indicator_columns"])
    add_preamble(ctx, sheet, opts, width)
    if opts.fmt != "csv" and rng.random() < 0.4:
        parent = rng.choice([f"{ctx.year}年完成情况", "主要工作指标", "工作数据"])
        first = 1 if dept_col else 0
        r1 = sheet.add(headers[:first] + [parent] + [None] * (width - first - 1))
        r2 = sheet.add([None] * first + headers[first:])
        if dept_col:
            sheet.merge(r1, 0, r2, 0)
        sheet.merge(r1, first, r1, width - 1)
        truth.header_rows = [r1, r2]
        truth.layout.append("two_level")
        headers = headers[:first] + [f"{parent}/{h}" for h in headers[first:]]
    else:
        truth.header_rows = [sheet.add(headers)]
    row = ([spell_department(ctx, dept, 0.6, aliases)] if dept_col else []) + values
    r = sheet.add(row)
    truth.rows.append({"row": r, "department": dept, "quarantine": False, "records": records})
    add_closing(sheet, opts, width)
    set_columns(truth, headers, columns)
    return sheet, truth


def compose_channel_counts(ctx: Context, name: str, opts: Options, dept: str) -> tuple[Sheet, SheetTruth]:
    """A register kept per day with one count column per channel (来访 · 电话 · 网络 …) and a total
    column: one record per day and channel with a count written (a blank cell is no record)."""
    rng, spec = ctx.aside, ctx.values["_variants"]["legal_consultations"]
    channels = rng.sample(list(ctx.values["vocabularies"]["consult_channel"].items()), rng.randint(2, 4))
    total_col = rng.random() < 0.6
    headers = [rng.choice(spec["fields"]["consult_date"]["headers"])] + [rng.choice(w) for _, w in channels]
    columns: list[Any] = ["consult_date"] + [["people", "channel"]] * len(channels)
    if total_col:
        headers.append(rng.choice(["合计", "总人次", "小计", "合计（人次）"]))
        columns.append(None)
    width = len(headers)
    sheet, truth = Sheet(name), SheetTruth(name, "legal_consultations", dept, layout=["channel_counts"])
    add_preamble(ctx, sheet, opts, width)
    truth.header_rows = [sheet.add(headers)]
    days = sorted({dt.date(ctx.year, rng.randint(1, 12), rng.randint(1, 28)) for _ in range(rng.randint(8, 20))})
    style = rng.choice(["cell", "text"]) if opts.fmt != "csv" else "text"
    for day in days:
        counts = [rng.choice([None, 0, 1, 2, 3, 5, 8]) for _ in channels]
        if all(c is None for c in counts):
            counts[0] = 1
        cells_out: list[Any] = [cells.DateCell(day, "yyyy-mm-dd") if style == "cell" else f"{day.year}.{day.month}.{day.day}"]
        records = []
        for (canonical, _), n in zip(channels, counts, strict=True):
            if n is None:
                cells_out.append(None)
                continue
            cells_out.append(rng.choice(["—", "无"]) if n == 0 and rng.random() < 0.3 else n)
            records.append({"department": dept, "consult_date": day.isoformat(), "channel": canonical, "people": n})
        if total_col:
            cells_out.append(sum(n or 0 for n in counts))
        r = sheet.add(cells_out)
        truth.rows.append({"row": r, "department": dept, "quarantine": False, "records": records})
    add_closing(sheet, opts, width)
    set_columns(truth, headers, columns)
    return sheet, truth


def compose_pairs(ctx: Context, name: str, opts: Options, dept: str) -> tuple[Sheet, SheetTruth]:
    """A roster with one row per school and its two 法治副校长 side by side, each with the same
    columns (two-level: 第一名 / 姓名 …; or one level with an ordinal: 副校长（一） 工作单位（一） …)."""
    rng, spec = ctx.aside, ctx.values["_variants"]["vice_principals"]
    fields = spec["fields"]
    school_header = rng.choice(fields["school"]["headers"])
    ordinals = rng.choice([("1", "2"), ("一", "二"), ("甲", "乙"), ("（一）", "（二）"), ("A", "B")])
    with_id = rng.random() < 0.5
    two_level = opts.fmt != "csv" and rng.random() < 0.5
    parent = rng.choice(["法治副校长", "副校长", "选派人员"])
    children = [rng.choice(["姓名", "姓　名"])] + ([rng.choice(spec["personal"]["id_number"])] if with_id else []) \
        + [rng.choice(fields["employer"]["headers"])]
    kinds = ["name"] + (["id_number"] if with_id else []) + ["employer"]
    truths = {"name": "_personal", "id_number": "_personal", "employer": "employer"}
    width = 1 + 2 * len(children)
    sheet, truth = Sheet(name), SheetTruth(name, "vice_principals", dept, layout=["repeated_groups"])
    add_preamble(ctx, sheet, opts, width)
    headers, columns = [school_header], ["school"]
    if two_level:
        top = [school_header]
        for o in ordinals:
            top += [f"{parent}{o}"] + [None] * (len(children) - 1)
        r1 = sheet.add(top)
        r2 = sheet.add([None] + children * 2)
        sheet.merge(r1, 0, r2, 0)
        for g in range(2):
            sheet.merge(r1, 1 + g * len(children), r1, (g + 1) * len(children))
        truth.header_rows = [r1, r2]
        for o in ordinals:
            headers += [f"{parent}{o}/{c}" for c in children]
            columns += [truths[k] for k in kinds]
    else:
        row = [school_header]
        for o in ordinals:
            row += [f"{parent}{o}" if k == "name" else f"{c}{o}" for c, k in zip(children, kinds, strict=True)]
            columns += [truths[k] for k in kinds]
        headers = row
        truth.header_rows = [sheet.add(row)]
    employers = ctx.get_pool("employers")
    for school in rng.sample(ctx.get_pool("schools"), rng.randint(4, min(9, len(ctx.get_pool("schools"))))):
        row, records = [school], []
        for _ in range(2):
            person, employer = ctx.draw_aside_person(), rng.choice(employers)
            for k in kinds:
                row.append(person.name if k == "name" else cells.write_id(person, rng) if k == "id_number" else employer)
            records.append({"department": dept, "school": school, "employer": employer, "_person": person.id_number})
        r = sheet.add(row)
        truth.rows.append({"row": r, "department": dept, "quarantine": False, "records": records})
    add_closing(sheet, opts, width)
    set_columns(truth, headers, columns)
    return sheet, truth


def compose_month_totals(rng: random.Random, ctx: Context, name: str, opts: Options, dept: str) -> tuple[Sheet, SheetTruth]:
    """Monthly totals of a per-record ledger (活动类型 × 1月 … 12月): no records can come of it; the
    sheet is none of the datasets (drawn from ``rng``, a stream of its own)."""
    months = list(range(1, rng.choice([6, 9, 12]) + 1))
    headers = [rng.choice(["活动类型", "类别", "宣传形式"])] + [f"{m}月" for m in months] + [rng.choice(["合计", "全年"])]
    sheet = Sheet(name)
    add_preamble(ctx, sheet, opts, len(headers))
    sheet.add(headers)
    for category in rng.sample(list(ctx.values["vocabularies"]["activity_category"]), 3):
        counts = [rng.randint(0, 6) for _ in months]
        sheet.add([category, *counts, sum(counts)])
    return sheet, SheetTruth(name, None, dept, layout=["month_totals"], note="monthly totals of a ledger")
