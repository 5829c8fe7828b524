"""Lay records out the way department ledgers look: titles, headers, subtotals, totals, footers.

A sheet spec (from plan_<year>.yaml) says which records go on the sheet and which header text
stands over which field; `render_sheet` turns it into a `Sheet`, a grid of cell values plus
merged ranges, that the writers save as .xlsx, .xls or .csv.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter

from .cells import date_cell, yesno_cell


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # r1, c1, r2, c2 (1-based)
    hidden: bool = False
    bold_rows: set[int] = field(default_factory=set)
    title_rows: set[int] = field(default_factory=set)

    def add(self, values: list[Any]) -> int:
        """Append a row and return its 1-based row number."""
        self.rows.append(list(values))
        return len(self.rows)

    def add_line(self, text: str, width: int, *, title: bool = False) -> int:
        """A line of text merged across the table (titles, unit lines, footers)."""
        row = self.add([text] + [None] * (width - 1))
        if width > 1:
            self.merges.append((row, 1, row, width))
        if title:
            self.title_rows.add(row)
        return row

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _month(value: Any) -> int | None:
    return value.month if isinstance(value, date) else None


def select_records(records: list[dict], spec: dict) -> list[dict]:
    """Records tagged for this sheet: `select` names the tag, `where` narrows it down."""
    chosen = [r for r in records if r["file"] == spec["select"]]
    where = spec.get("where", {})
    date_field = spec.get("date_field")
    if "quarter" in where:
        chosen = [r for r in chosen if (r[date_field].month - 1) // 3 + 1 == where["quarter"]]
    if "months" in where:
        chosen = [r for r in chosen if r[date_field].month in where["months"]]
    if "sheet" in where:
        chosen = [r for r in chosen if r.get("sheet") == where["sheet"]]
    return chosen


def cell_value(record: dict, column: list, index: int, seq: int) -> Any:
    """The cell for one record under one column spec [header, field, style?]."""
    field_name = column[1]
    style = column[2] if len(column) > 2 else None
    if field_name == "_seq":
        return seq
    if field_name == "_blank":
        return None
    if field_name == "_const":
        return style
    raw = record.get("raw", {})
    if field_name in raw:
        return raw[field_name]
    value = record.get(field_name)
    if isinstance(value, bool):
        return yesno_cell(value, style or "是/否")
    if isinstance(value, date):
        return date_cell(value, record.get("date_style") or style or "datetime", index)
    return value


def header_rows(sheet: Sheet, columns: list[list]) -> None:
    """One header row, or two where a header reads "group|sub" (merged group cells)."""
    texts = [c[0] for c in columns]
    if not any("|" in t for t in texts):
        sheet.bold_rows.add(sheet.add(texts))
        return
    top = sheet.add([t.split("|")[0] for t in texts])
    bottom = sheet.add([t.split("|")[1] if "|" in t else None for t in texts])
    sheet.bold_rows.update({top, bottom})
    col = 0
    while col < len(texts):
        if "|" not in texts[col]:
            sheet.merges.append((top, col + 1, bottom, col + 1))
            col += 1
            continue
        group = texts[col].split("|")[0]
        end = col
        while (
            end + 1 < len(texts) and texts[end + 1].split("|")[0] == group and "|" in texts[end + 1]
        ):
            end += 1
        sheet.rows[top - 1][col + 1 : end + 1] = [None] * (end - col)
        if end > col:
            sheet.merges.append((top, col + 1, top, end + 1))
        col = end + 1


def _label_col(columns: list[list]) -> int:
    """Totals carry their label in the 序号 column, else the first column (0-based)."""
    for i, c in enumerate(columns):
        if c[1] == "_seq":
            return i
    return 0


def _sum_row(columns, label, sums, label_col) -> list[Any]:
    row: list[Any] = [None] * len(columns)
    row[label_col] = label
    for i, c in enumerate(columns):
        if c[1] in sums:
            row[i] = sums[c[1]]
    return row


def render_table(spec: dict, records: list[dict]) -> Sheet:
    """A ledger: title lines, header, data rows with subtotals and blank rows, total, footer."""
    sheet = Sheet(spec["name"], hidden=spec.get("hidden", False))
    columns = spec["columns"]
    width = len(columns)
    titles = spec.get("title", [])
    for text in [titles] if isinstance(titles, str) else titles:
        sheet.add_line(text, width, title=True)
    for key in ("unit_line", "note"):
        if spec.get(key):
            sheet.add_line(spec[key], width)
    header_rows(sheet, columns)
    if spec.get("code_row"):  # column codes (甲 乙 1 2 3) or a unit line right under the header
        sheet.add([*spec["code_row"], *[None] * (width - len(spec["code_row"]))])

    sum_fields = spec.get("sum_fields", [])
    label_col = _label_col(columns)
    blank_after = set(spec.get("blank_after", []))
    data_rows: list[int] = []
    seq = 0
    chosen = select_records(records, spec)
    for index, record in enumerate(chosen):
        seq += 1
        data_rows.append(sheet.add([cell_value(record, c, index, seq) for c in columns]))
        if index + 1 in blank_after:
            sheet.add([None] * width)
        if spec.get("subtotals") == "month":
            this = _month(record[spec["date_field"]])
            after = chosen[index + 1] if index + 1 < len(chosen) else None
            if after is None or _month(after[spec["date_field"]]) != this:
                month_rows = [r for r in chosen if _month(r[spec["date_field"]]) == this]
                sums = {f: sum(r.get(f) or 0 for r in month_rows) for f in sum_fields}
                sheet.bold_rows.add(sheet.add(_sum_row(columns, f"{this}月小计", sums, label_col)))

    total = spec.get("total")
    if total and chosen:
        row = _total_row(total, columns, chosen, data_rows, label_col, sum_fields)
        sheet.bold_rows.add(sheet.add(row))
    for line in spec.get("footer", []):
        sheet.add_line(line, width)
    return sheet


def _total_row(total: dict, columns, chosen, data_rows, label_col, sum_fields) -> list[Any]:
    """合计 row: literal sums, sums off by `delta` (a wrong total), or SUM formulas."""
    fields = total.get("fields", sum_fields)
    mode = total.get("mode", "literal")
    if mode == "formula":
        sums = {}
        for i, c in enumerate(columns):
            if c[1] in fields:
                letter = get_column_letter(i + 1)
                sums[c[1]] = f"=SUM({letter}{data_rows[0]}:{letter}{data_rows[-1]})"
    else:
        delta = total.get("delta", 0) if mode == "wrong" else 0
        sums = {f: sum(r.get(f) or 0 for r in chosen) + delta for f in fields}
    return _sum_row(columns, total.get("label", "合计"), sums, label_col)


def render_text(spec: dict) -> Sheet:
    """An instruction sheet (填表说明): one line of text per row."""
    sheet = Sheet(spec["name"], hidden=spec.get("hidden", False))
    for line in spec["lines"]:
        sheet.add([line])
    sheet.title_rows.add(1)
    return sheet


def render_lookup(spec: dict) -> Sheet:
    """A lookup list for drop-downs: one column per list, header in row 1."""
    sheet = Sheet(spec["name"], hidden=spec.get("hidden", False))
    lists = spec["lookup"]
    heads = list(lists)
    sheet.add(heads)
    for i in range(max(len(v) for v in lists.values())):
        sheet.add([lists[h][i] if i < len(lists[h]) else None for h in heads])
    return sheet


def render_sheet(spec: dict, records: list[dict]) -> Sheet:
    kind = spec.get("kind", "table")
    if kind == "text":
        return render_text(spec)
    if kind == "lookup":
        return render_lookup(spec)
    if kind == "empty":
        return Sheet(spec["name"])
    return render_table(spec, records)
