"""What a sheet's shape and words say about its records, inside the rows (issue 20).

Cells read and adopted; a department column in another role; repeated column groups bound; generic
date headers settled by order and values; unit columns and legends applied; marks for nothing in a
form's period cell; monthly totals of a per-record dataset told apart. Used by :mod:`.pipeline`.
"""

from __future__ import annotations

import re

from ...resources import fields_for, load_datasets
from ..layout.layout import cell_ref, column_letter
from ..words.identity import missing_required
from ..words.values import is_nothing_mark, normalize_text, parse_date, plausible
from .recognition import Recognition, is_date_header, recognise, title_hits


def holds_month_totals(table, year: int | None) -> bool:
    """True for a table with three or more month columns of numbers (1月 … 12月)."""
    from .melt import period_of

    months = 0
    for col in table.columns:
        found = next((p for label in (col.label, *col.candidates) if label and (p := period_of(label, year))), None)
        if found and found[0] == "month":
            values = [cells[col.index] for _, cells in table.data if col.index < len(cells) and str(cells[col.index]).strip()]
            if values and sum(isinstance(v, (int, float)) or str(v).strip().isdigit() for v in values) >= 0.5 * len(values):
                months += 1
    return months >= 3


def settle_generic_dates(rec: Recognition, table, samples) -> Recognition:
    """Columns headed only 日期 or 时间 where the dataset has several date fields: by their order
    and their values. Left to right they take the free date fields, the required one first, then
    the others in the contract's order, as long as each column's dates never come before the
    previous one's on the same row (受理 before 化解). Rows are not held back for the header's
    vagueness when this settles the missing date."""
    spec = fields_for(rec.dataset)
    taken = set(rec.columns.values())
    free = sorted((c for c, f in spec.items() if f.type == "date" and c not in taken), key=lambda c: not spec[c].required)
    generic = [i for i in rec.unmapped if i < len(table.columns)
               and is_date_header(table.columns[i].label)
               and plausible("date", samples[i], share=0.8)]
    if not free or not generic or not spec[free[0]].required:
        return rec
    previous = None
    chosen: dict[int, str] = {}
    for index, column in zip(generic, free, strict=False):
        if previous is not None and not never_before(table.data, previous, index):
            break
        chosen[index] = column
        previous = index
    missing = missing_required(rec.dataset, taken | set(chosen.values()))
    if missing:
        return rec
    for index, column in chosen.items():
        rec.columns[index] = column
        rec.unmapped.remove(index)
        match = rec.matches.get(index)
        if match is not None:
            match.field, match.tier, match.score = column, "values", 0.5
            match.note = "表头未写明是哪个日期，按列的先后和日期先后推断，请复核"
    rec.missing, rec.complete, rec.reason = [], True, ""
    return rec


def settle_required_runner_up(rec: Recognition) -> Recognition:
    """A required field left without a column while a column bound to an optional field had it as
    runner-up (活动主题: 主题 or 活动名称, and no column says 活动名称): that column is the required
    field, when this completes the recognition (a ledger is not held back for a word that could be
    either)."""
    if rec.dataset is None or rec.complete or not rec.missing:
        return rec
    spec = fields_for(rec.dataset)
    swaps = {}
    for index, column in rec.columns.items():
        match = rec.matches.get(index)
        other = (match.runner_up or "").split(":")[0] if match is not None else ""
        if (column in spec and not spec[column].required and other in spec and spec[other].required
                and other not in rec.columns.values() and other not in swaps.values()):
            swaps[index] = other
    if not swaps or missing_required(rec.dataset, {*rec.columns.values(), *swaps.values()}):
        return rec
    for index, other in swaps.items():
        rec.columns[index] = other
        match = rec.matches[index]
        match.runner_up = f"{match.field}:{match.score:.2f}"
        match.field, match.tier, match.score = other, "values", 0.5
        match.note = "表头也可读作其他字段，按必填项读取，请复核"
    rec.missing, rec.complete, rec.reason = [], True, ""
    return rec


def settle_named_dates(rec: Recognition, table, samples, context: str) -> Recognition:
    """A sheet left unrecognised, incomplete or read as a dataset its titles do not name: each
    dataset the titles or file name name more (一院式, 普法活动 …) is tried with its generic dates and
    its required fields settled (see above); the first one then complete with its own columns
    enough is the reading (日期 | 类型 | 渠道 | 是否办结 | 时间 under 一院式 is no consultation log;
    开展时间 | 活动主题 | 活动类别 | 受益人数 under 普法活动 no correction class)."""
    specs = load_datasets()
    own_hits = title_hits(specs[rec.dataset], context) if rec.dataset else 0
    if rec.complete and own_hits:
        return rec
    named = sorted((n for n, spec in specs.items() if n != rec.dataset and title_hits(spec, context) > own_hits),
                   key=lambda n: -title_hits(specs[n], context))
    labels = [c.candidates for c in table.columns]
    for name in named:
        alt = recognise(labels, context, samples, dataset=name, units=[c.unit for c in table.columns])
        alt = settle_required_runner_up(settle_generic_dates(alt, table, samples))
        own = {c for c in alt.columns.values() if not c.startswith("_") and c not in ("remarks", "department")}
        if alt.complete and len(own) >= specs[name].min_fields:
            return alt
    return rec


def never_before(data: list, first: int, second: int) -> bool:
    """True when, on every row with both, the date in column ``second`` is not before ``first``'s."""
    for _, cells in data:
        a = parse_date(cells[first], None) if first < len(cells) else None
        b = parse_date(cells[second], None) if second < len(cells) else None
        if a is None or b is None or a.value is None or b.value is None or a.error or b.error:
            continue
        if b.value < a.value:
            return False
    return True


def apply_unit_columns(table, rec: Recognition, dataset: str, entries: list[dict], add_issue) -> None:
    """A column of units (万元, 元) right of a number column no header unit measures: each number is
    read in its row's unit (1.5 beside 万元 is 15,000 元); the unit column is read, not lost."""
    from ...resources import load_units

    spec, units = fields_for(dataset), load_units()
    # a column of units may also have been taken for a contact or a unit (单位) by its header or values
    weak = [i for i, f in rec.columns.items() if f in ("_contact", "department")]
    for index in sorted([*rec.unmapped, *weak]):
        left = rec.columns.get(index - 1)
        if left not in spec or spec[left].type not in ("int", "float") or table.columns[index - 1].unit:
            continue
        values = {normalize_text(cells[index]) for _, cells in table.data if index < len(cells)} - {""}
        if not values or not all(v in units or any(b == v for b, _ in units.values()) for v in values):
            continue
        if not any(units.get(v, ("", 1))[1] != 1 for v in values):
            continue  # units that change nothing: nothing to apply
        data = []
        for r, cells in table.data:
            unit = normalize_text(cells[index]) if index < len(cells) else ""
            number = cells[index - 1]
            if unit and isinstance(number, (int, float)) and not isinstance(number, bool):
                written = str(int(number)) if float(number).is_integer() else repr(float(number))
                cells = [*cells[:index - 1], f"{written}{unit}", *cells[index:]]
            elif unit and isinstance(number, str) and number.strip() and not number.strip().endswith(unit) \
                    and not is_nothing_mark(number):
                cells = [*cells[:index - 1], f"{number.strip()}{unit}", *cells[index:]]
            data.append((r, cells))
        table.data = data
        rec.columns[index] = "_ignore"
        if index in rec.unmapped:
            rec.unmapped.remove(index)
        for entry in entries:
            if entry["column"] == column_letter(index):
                if index in weak:  # shown as the unit column it is, not as the contact it was taken for
                    entry.update(field="", tier="none", score=0.0)
                entry.update(note=f"计量单位列：{column_letter(index - 1)}列的数按本列单位换算")
        add_issue("unit-column", cell_ref(table.header_rows[1], index), dataset, header=table.columns[index].text,
            column=column_letter(index - 1))


LEGEND = re.compile(r"(?<![A-Za-z\u4e00-\u9fff])([A-Za-z]|[甲乙丙丁戊])\s*(?:[=＝:：]|为|表示|代表|即)\s*([\u4e00-\u9fff]{1,6})")


def apply_legends(table, rows: list[list[object]], rec: Recognition, dataset: str, add_issue) -> None:
    """Codes explained by a legend on the sheet (注：甲=优秀，乙=合格 / A表示优秀): the cells of a
    vocabulary column holding only such codes read through the legend; codes with no legend stay."""
    from ..words.vocabulary import match_value

    lines = [*table.title_lines, *(text for _, text in table.notes)]
    lines += [" ".join(str(v) for v in rows[r] if str(v).strip()) for r in table.footers if r < len(rows)]
    pairs = [(code.upper(), word) for line in lines for code, word in LEGEND.findall(normalize_text(line))]
    if not pairs:
        return
    spec = fields_for(dataset)
    for index, column in rec.columns.items():
        f = spec.get(column)
        if f is None or not f.vocabulary:
            continue
        legend = {code: canonical for code, word in pairs
                  if (canonical := match_value(f.vocabulary, word))[1] in ("exact", "normalised") and (canonical := canonical[0])}
        values = {normalize_text(cells[index]).upper() for _, cells in table.data if index < len(cells)} - {""}
        if not legend or not values or not values <= set(legend):
            continue
        table.data = [(r, [*cells[:index], legend[normalize_text(cells[index]).upper()], *cells[index + 1:]]
                       if index < len(cells) and normalize_text(cells[index]) else cells) for r, cells in table.data]
        shown = "，".join(f"{k}={v}" for k, v in legend.items())
        add_issue("legend-codes", cell_ref(table.header_rows[1], index), dataset, header=table.columns[index].text,
            legend=shown)


def drop_nothing_marks(passes: list, dataset: str, table, add_issue, header_ref: str) -> list:
    """Rows whose cell of a ``no_row_if_written`` field holds only a mark for nothing (—, /, 不适用 in a
    period cell of an indicator form): no value was reported, so no row; said once per sheet."""
    spec = fields_for(dataset)
    out, dropped = [], []
    for columns, rows, constants in passes:
        marked = [i for i, c in columns.items() if c in spec and spec[c].empty == "no_row_if_written"]
        if marked:
            keep = [(r, cells) for r, cells in rows
                    if not any(i < len(cells) and is_nothing_mark(cells[i]) for i in marked)]
            dropped.extend(cell_ref(r, i) for r, cells in rows for i in marked if i < len(cells) and is_nothing_mark(cells[i]))
            rows = keep
        out.append((columns, rows, constants))
    if dropped:
        add_issue("period-nothing-written", dropped[0], dataset, count=len(dropped), first=dropped[0])
    return out


def bind_groups(groups, rec: Recognition, entries: list[dict]) -> None:
    """The columns of further groups leave the first pass's map; the column map shows their fields."""
    for index, column in groups.first.items():
        rec.columns[index] = column
        for entry in entries:
            if entry["column"] == column_letter(index):
                entry.update(field=column, note="并列多组人员的第一组：本组人员即本条记录的人员")
    for index, twin in groups.twins.items():
        rec.columns.pop(index, None)
        if index in rec.unmapped:
            rec.unmapped.remove(index)
        field_name = next(cols[index] for cols, _, _ in groups.passes if index in cols)
        letter = column_letter(index)
        for entry in entries:
            if entry["column"] == letter:
                entry.update(field=field_name, tier="repeated", score=1.0, note=f"与{column_letter(twin)}列同组的另一人")


BY_VALUES = ("values", "similarity")  # tiers that do not read the unit in the header


def demote_weak_departments(rec: Recognition, dataset: str, entries: list[dict]) -> None:
    """A row-level ``department`` column replaces the sheet's unit only when its header names the
    unit (备案单位, 执法主体名称): 授课单位, 承办律所, found by their values or a likeness alone, are
    organisations in other roles. Such a column is left unread (and counted as such)."""
    for index, column in list(rec.columns.items()):
        match = rec.matches.get(index)
        if column != "department" or match is None or match.tier not in BY_VALUES:
            continue
        del rec.columns[index]
        rec.unmapped.append(index)
        match.note = "单位名称列的表头不是报送单位，不作为报送单位"
        letter = column_letter(index)
        for entry in entries:
            if entry["column"] == letter and entry["field"] == "department":
                entry.update(field="", tier="none", score=0.0, note=match.note)


def find_field_label(dataset: str, column: str) -> str:
    """The label of a dataset's field (指标名称, 咨询方式), or 指标 when it has none."""
    spec = fields_for(dataset).get(column)
    return spec.label if spec is not None else "指标"


def count_filled(data: list[tuple[int, list[object]]], width: int) -> list[int]:
    """Per column, how many data rows hold something in it (blanks and spaces are nothing)."""
    counts = [0] * width
    for _, cells in data:
        for i, v in enumerate(cells[:width]):
            if v.__class__ is str:
                if v and not v.isspace():
                    counts[i] += 1
            elif v is not None:
                counts[i] += 1
    return counts


def count_adopted(passes: list, width: int) -> int:
    """The non-empty cells the passes read into a field (序号 and other ignored columns are not adopted)."""
    seen: set[tuple[int, int]] = set()
    for columns, rows, _ in passes:
        bound = [i for i, c in columns.items() if c != "_ignore" and i < width]
        for r, cells in rows:
            for i in bound:
                v = cells[i] if i < len(cells) else None
                if (v and not v.isspace()) if v.__class__ is str else v is not None:
                    seen.add((r, i))
    return len(seen)
