"""Sheet layouts: title rows, 填报单位 line, one- or two-level headers, code rows, unit lines,
blank rows, 小计/合计 rows, stacked tables, footers and notes around a ledger; and the truth of
each sheet (header rows, field per column letter, data rows with their expected records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.corpus import cells
from tests.corpus.columns import (
    MISSING,
    PARTNER_UNITS,
    Column,
    render_extra,
    render_field,
    render_personal,
    spell_department,
)
from tests.corpus.grid import Sheet, name_column
from tests.corpus.records import Context, Record

LETTER_CODES = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


@dataclass
class Options:
    """How a clerk dressed a table."""

    titles: list[str] = field(default_factory=list)
    merge_title: bool = True
    unit_line: str | None = None
    measure_line: str | None = None
    pre_note: str | None = None
    code_row: str | None = None
    blank_prob: float = 0.0
    sort: bool = True
    subtotals: bool = False
    total_label: str | None = None
    footer: str | None = None
    notes: list[str] = field(default_factory=list)
    stacked: str | None = None          # heading of a second table stacked below the first
    reordered: bool = False             # the second table's columns in another order
    example: str | None = None          # label of an example row under the header (not data)
    impossible: int = 0                 # rows with a date that does not exist (to be quarantined)
    export: bool = False                # a platform export (date-times, compact dates)
    fmt: str = "xlsx"


@dataclass
class SheetTruth:
    """What the evaluation must find for a sheet."""

    name: str
    dataset: str | None
    department: str | None = None
    hidden: bool = False
    header_rows: list[int] = field(default_factory=list)
    columns: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    layout: list[str] = field(default_factory=list)
    note: str | None = None

    def as_dict(self) -> dict:
        data_rows = len(self.rows)
        mandatory = sum(1 for r in self.rows for rec in r["records"] if not rec.get("_optional"))
        optional = sum(1 for r in self.rows for rec in r["records"] if rec.get("_optional"))
        return {"name": self.name, "dataset": self.dataset, "department": self.department,
                "hidden": self.hidden, "header_rows": self.header_rows, "columns": self.columns,
                "headers": self.headers, "data_rows": data_rows, "records": mandatory,
                "optional_records": optional,
                "quarantine_rows": [r["row"] for r in self.rows if r.get("quarantine")],
                "layout": self.layout, "note": self.note, "rows": self.rows}


def build_header_cells(cols: list[Column]) -> tuple[list[Any], list[Any] | None]:
    """Top and (for two-level headers) bottom header rows."""
    if not any(c.parent for c in cols):
        return [c.header for c in cols], None
    top, bottom = [], []
    for i, c in enumerate(cols):
        if c.parent:
            first = i == 0 or cols[i - 1].parent != c.parent
            top.append(c.parent if first else None)
            bottom.append(c.header)
        else:
            top.append(c.header)
            bottom.append(None)
    return top, bottom


def write_header(sheet: Sheet, cols: list[Column]) -> list[int]:
    """Write the header row(s) with merged cells; return their row numbers."""
    top, bottom = build_header_cells(cols)
    r1 = sheet.add(top)
    if bottom is None:
        return [r1]
    r2 = sheet.add(bottom)
    i = 0
    while i < len(cols):
        if cols[i].parent:
            j = i
            while j + 1 < len(cols) and cols[j + 1].parent == cols[i].parent:
                j += 1
            sheet.merge(r1, i, r1, j)
            i = j + 1
        else:
            sheet.merge(r1, i, r2, i)
            i += 1
    return [r1, r2]


def build_code_row(cols: list[Column], kind: str) -> list[Any]:
    """栏次 row under the header: 甲 乙 丙 for texts, 1 2 3 for numbers, "3=2/1" for a rate."""
    out: list[Any] = []
    letters, number = iter(LETTER_CODES), 0
    codes: dict[str, int] = {}
    for c in cols:
        if kind == "numbers" or c.numeric:
            number += 1
            codes[c.field or ""] = number
            out.append(str(number) if kind != "numbers" else number)
        elif "率" in c.header and c.kind == "extra":
            number += 1
            a, b = codes.get("attendees"), codes.get("passed")
            out.append(f"{number}={b}/{a}" if a and b else str(number))
        else:
            out.append(next(letters))
    if kind == "lanci":
        out[0] = "栏次"
    return out


def find_date_field(cols: list[Column], records: list[Record]) -> str | None:
    """The first date column filled in every record (for sorting and monthly subtotals)."""
    for c in cols:
        if c.kind == "field" and c.spec.get("type") in ("date", "month") and all(r.get(c.field) for r in records):
            return c.field
    return None


def find_required_date(cols: list[Column], required: set[str]) -> int | None:
    for i, c in enumerate(cols):
        if c.kind == "field" and c.field in required and c.spec.get("type") == "date":
            return i
    return None


def render_row(ctx: Context, cols: list[Column], rec: Record, index: int, aliases: dict,
               opts: Options, staff: list) -> tuple[list[Any], dict]:
    """The cells of one data row and the canonical record the truth expects."""
    row: list[Any] = []
    expected: dict[str, Any] = {}
    for c in cols:
        if c.kind == "seq":
            row.append(index if ctx.rng.random() > 0.1 else str(index))
        elif c.kind == "field":
            cell, value = render_field(ctx, c, rec, aliases, opts.export)
            row.append(cell)
            if value is not MISSING:
                expected[c.field] = value
        elif c.kind == "personal":
            row.append(render_personal(ctx, c, rec))
        elif c.kind == "staff":
            member = ctx.rng.choice(staff)
            row.append(member.phone if "电话" in c.header else member.name)
        elif c.kind == "department":
            row.append(spell_department(ctx, rec["_dept"], 0.6, aliases))
        elif c.kind == "partner":   # an organisation in another role (aside stream)
            row.append(ctx.aside.choice(PARTNER_UNITS))
        else:
            row.append(render_extra(ctx, c.field or c.header, rec, index))
    return row, expected


def sum_columns(cols: list[Column], expected_rows: list[dict]) -> dict[int, float]:
    """Column totals of the numeric columns, in the unit the column is written in."""
    out: dict[int, float] = {}
    for i, c in enumerate(cols):
        if not c.numeric:
            continue
        total = sum(e.get(c.field) or 0 for e in expected_rows)
        if c.spec["type"] == "money":
            total = round(total / 10000, 2) if c.style.get("wan") else int(total)
        out[i] = total
    return out


def build_total_row(cols: list[Column], label: str, totals: dict[int, float]) -> list[Any]:
    row: list[Any] = [None] * len(cols)
    row[0] = label
    for i, value in totals.items():
        row[i] = value if i else f"{label}{value}"
    return row


def format_month_label(template: str, month: int) -> str:
    return template.format(m=month, cn=cells.CN_MONTHS[month])


def write_block(ctx: Context, sheet: Sheet, cols: list[Column], records: list[Record], opts: Options,
                aliases: dict, staff: list, truth: SheetTruth, dept: str,
                defaults: dict[str, Any], bad: set[int], subtotal_label: str,
                order: list[int] | None = None) -> list[dict]:
    """Write the data rows of one table (with blank rows and monthly subtotals); ``order`` puts the
    cells of each row in another column order (a second table written by someone else)."""
    def add(row: list[Any]) -> int:
        return sheet.add(row if order is None else [row[i] for i in order])

    datef = find_date_field(cols, records)
    if datef and opts.sort:
        records.sort(key=lambda r: r[datef])
    bad_col = find_required_date(cols, set(defaults.get("_required", ())))
    all_expected: list[dict] = []
    group: list[dict] = []
    current_month = None
    for index, rec in enumerate(records, start=1):
        month = rec[datef].month if datef and opts.subtotals else None
        if group and month != current_month and month is not None:
            add(build_total_row(cols, format_month_label(subtotal_label, current_month), sum_columns(cols, group)))
            group = []
        current_month = month
        row, expected = render_row(ctx, cols, rec, index, aliases, opts, staff)
        quarantine = id(rec) in bad and bad_col is not None
        if quarantine:
            row[bad_col] = cells.write_impossible_date(rec[cols[bad_col].field], ctx.rng)
        r = add(row)
        record = {**{k: v for k, v in defaults.items() if not k.startswith("_")}, **expected}
        if rec.get("_person") and any(c.kind == "personal" and c.field in ("name", "id_number") for c in cols):
            record["_person"] = rec["_person"].id_number
        row_dept = rec.get("_dept", dept)
        truth.rows.append({"row": r, "department": row_dept, "quarantine": quarantine,
                           "records": [] if quarantine else [{"department": row_dept, **record}]})
        group.append(expected)
        all_expected.append(expected)
        if ctx.rng.random() < opts.blank_prob:
            sheet.add([None] * len(cols))
    if group and current_month is not None:
        add(build_total_row(cols, format_month_label(subtotal_label, current_month), sum_columns(cols, group)))
    return all_expected


def compose_ledger(ctx: Context, name: str, cols: list[Column], records: list[Record], opts: Options,
                   aliases: dict, dataset: str | None, dept: str, defaults: dict[str, Any]) -> tuple[Sheet, SheetTruth]:
    """A whole ledger sheet and its truth."""
    rng = ctx.rng
    sheet = Sheet(name)
    truth = SheetTruth(name, dataset, dept)
    width = len(cols)
    for title in opts.titles:
        r = sheet.add([title])
        if opts.merge_title and opts.fmt != "csv":
            sheet.merge(r, 0, r, width - 1)
    if opts.unit_line:
        r = sheet.add([opts.unit_line])
        if opts.merge_title and opts.fmt != "csv" and rng.random() < 0.5:
            sheet.merge(r, 0, r, width - 1)
    if opts.pre_note:
        sheet.add([opts.pre_note])
    if opts.measure_line and not opts.code_row:
        sheet.add([None] * (width - 1) + [opts.measure_line])
    staff = [ctx.draw_staff() for _ in range(rng.randint(1, 3))]
    bad = {id(r) for r in rng.sample(records, min(opts.impossible, len(records)))}
    subtotal_label = rng.choice(ctx.values["layout"]["subtotal_labels"])
    blocks = [records]
    if opts.stacked and len(records) >= 12:
        cut = len(records) // 2
        blocks = [records[:cut], records[cut:]]
    expected_all: list[dict] = []
    for b, block in enumerate(blocks):
        block_cols = cols
        if b:
            sheet.add([None] * width)
            sheet.add([opts.stacked])
            if opts.reordered:
                block_cols = reorder_columns(ctx, cols)
        truth.header_rows += write_header(sheet, block_cols)
        if opts.code_row:
            sheet.add(build_code_row(block_cols, opts.code_row))
        if opts.measure_line and opts.code_row and b == 0:
            sheet.add([opts.measure_line])
        if opts.example and b == 0 and block:
            sheet.add(write_example_row(ctx, cols, opts))
        before = len(truth.rows)
        order = [cols.index(c) for c in block_cols] if block_cols is not cols else None
        expected_all += write_block(ctx, sheet, cols, block, opts, aliases, staff, truth, dept, defaults,
                                    bad, subtotal_label, order)
        if block_cols is not cols:  # where each field is in this table's rows
            for trow in truth.rows[before:]:
                trow["columns"] = {name_column(i): c.truth for i, c in enumerate(block_cols)}
                trow["headers"] = {name_column(i): f"{c.parent}/{c.header}" if c.parent else c.header
                                   for i, c in enumerate(block_cols)}
    if opts.total_label and any(c.numeric for c in cols):
        sheet.add(build_total_row(cols, opts.total_label, sum_columns(cols, expected_all)))
    if opts.footer:
        sheet.add([None] * width)
        sheet.add([opts.footer])
    for note in opts.notes:
        sheet.add([note])
    fill_columns(truth, cols)
    return sheet, truth


def reorder_columns(ctx: Context, cols: list[Column]) -> list[Column]:
    """The columns of a second table written by someone else: the same headers, two of them swapped
    (a two-level group keeps its place)."""
    movable = [i for i, c in enumerate(cols) if not c.parent and c.kind != "seq"]
    if len(movable) < 3:
        return cols
    i, j = sorted(ctx.aside.sample(movable, 2))
    out = list(cols)
    out[i], out[j] = out[j], out[i]
    return out


def write_example_row(ctx: Context, cols: list[Column], opts: Options) -> list[Any]:
    """An example row the template came with: made-up values by column kind, the first cell the
    example label (drawn from the aside stream)."""
    aside, y = ctx.aside, ctx.year
    row: list[Any] = []
    for c in cols:
        kind = c.spec.get("type") if c.kind == "field" and c.spec else c.kind
        if kind == "date":
            row.append(aside.choice([f"{y}.3.15", f"{y}年3月15日", f"{y}-03-15"]))
        elif kind in ("int", "money", "score"):
            row.append(aside.choice([100, 20, 1]))
        elif kind in ("vocab", "vocab_list") and c.spec.get("vocab") in ctx.values["vocabularies"]:
            row.append(next(iter(ctx.values["vocabularies"][c.spec["vocab"]])))
        elif kind == "personal":
            row.append(aside.choice(["张三", "李四", "×××"]) if c.field == "name" else None)
        elif kind in ("text", "code"):
            row.append(aside.choice(["××社区普法讲座", "××××", "（按实际填写）"]))
        else:
            row.append(None)
    row[0] = opts.example
    return row


def fill_columns(truth: SheetTruth, cols: list[Column]) -> None:
    for i, c in enumerate(cols):
        letter = name_column(i)
        truth.columns[letter] = c.truth
        truth.headers[letter] = f"{c.parent}/{c.header}" if c.parent else c.header

