"""Tables with one column per period or per key value, read column by column ("melted").

Three shapes, declared per dataset in datasets.csv (``wide_value``: the field the cells hold,
``wide_period``: the field a period column gives, ``wide_key``: the field whose values may head
columns):

- one column per period: 单位 × 1月…12月; 指标 × 2023年 2024年 2025年; 指标 × 本年数 / 上年数
  (上年数, 上年同期 are the year before; 同比 columns are derived and not read);
- one column per key value: 街道 × 网格员（名） 未诉先办诉求（件） …: each header naming a value of the
  key's vocabulary (matched by meaning; the header's unit must fit the value's unit) is a column
  of that key; the other numeric columns of such a table are keys too, kept under their own words;
- a long table (指标名称 / 单位 / 数值) is not melted: the normal recognition reads it.

Each melted column becomes a *pass*: the column map with that column as the value field and the
period or key as constants of every row it gives.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...resources import (
    fields_for,
    load_datasets,
    load_indicators,
    load_layout_words,
    load_period_words,
    load_units,
)
from ...text import normalize_key
from ..words.identity import near_report_year
from ..words.matching import exact_key, is_breakdown, normal_key
from ..words.months import month_of_label
from ..words.privacy import contains_personal
from ..words.values import parse_number
from ..words.vocabulary import match_value
from .recognition import Recognition, recognise, title_hits

_UNIT_IN_BRACKETS = re.compile(r"\s*[（(][^（）()]{1,8}[）)]\s*$")
_YEAR = re.compile(r"^(?P<y>20\d{2})(?:\.0)?(?:年(?:度)?)?(?P<rest>.*)$")
_PART_OF_YEAR = re.compile(r"^(\d{1,2}[-—–~～至到]\d{1,2}月|上半年|下半年|前?[一二三四1-4]季度|1?\d月(份)?|全年|累计|以来)?"
                           r"(完成|累计|实际)?(数|数据|情况)?$")


@dataclass
class Melted:
    """A melted table's recognition and its passes (column map, rows, constants per column)."""

    recognition: Recognition
    passes: list[tuple[dict[int, str], list, dict]] = field(default_factory=list)
    derived: list[int] = field(default_factory=list)
    kind: str = "period"  # period | key
    unknown_keys: list[str] = field(default_factory=list)


def period_of(label: str, year: int | None) -> tuple[str, object] | None:
    """The period a header names: ("month", date), ("year", int), ("derived", None), or None.

    1月 / 2025年3月 → month; 2025年 / 2025年1—11月 / 本年数 → the year; 上年数 / 上年同期 → the year
    before; 同比 → derived.
    """
    key = normalize_key(label)
    if not key:
        return None
    words = load_period_words()
    if key in {normalize_key(w) for w in words["derived"]} or any(key.startswith(normalize_key(w)) for w in words["derived"]):
        return "derived", None
    month = month_of_label(key)
    if month is not None:
        m, y = month
        base = y or year or dt.date.today().year
        return "month", dt.date(base, m, 1)
    m = _YEAR.match(key)
    if m and _PART_OF_YEAR.match(m.group("rest")):
        return "year", int(m.group("y"))
    if year is not None:
        keys = {key, *(key[: -len(e)] for e in words.get("value_endings", ()) if key.endswith(e) and len(key) > len(e))}
        if keys & {normalize_key(w) for w in words["current_year"]}:
            return "year", int(year)
        if keys & {normalize_key(w) for w in words["previous_year"]}:
            return "year", int(year) - 1
    return None


def _column_period(col, year: int | None) -> tuple[str, object] | None:
    """The period a column's header names: its own label (the sub-header of a two-level header), then
    its other label parts, then the header as written."""
    for label in (col.label, *col.candidates, col.text):
        if label:
            found = period_of(label, year)
            if found is not None:
                return found
    return None


def _numeric_share(table, index: int) -> float:
    values = [cells[index] for _, cells in table.data if index < len(cells) and str(cells[index]).strip()]
    if not values:
        return 0.0
    return sum(parse_number(v).error is None for v in values) / len(values)


def _holds_personal(table, index: int) -> bool:
    """True when a column holds identity or phone numbers (then its header is no key value)."""
    return any(index < len(cells) and contains_personal(str(cells[index])) for _, cells in table.data[:50])


def _is_total_or_part(words: str) -> bool:
    """A header naming a total (合计, 小计 …) or a part of another column (其中…)."""
    key = normalize_key(words)
    return is_breakdown(key) or any(key.startswith(w) or key.endswith(w) for w in load_layout_words()["total_words"])


def _sums_columns(table, index: int, parts: list[int]) -> bool:
    """True when, on every row, the column holds the sum of the ``parts`` columns (总人次 of 来访 + 电话 …)."""
    if len(parts) < 2:
        return False
    checked = 0
    for _, cells in table.data:
        total = parse_number(cells[index]) if index < len(cells) else None
        if total is None or total.error or total.value is None:
            continue
        values = [parse_number(cells[i]) for i in parts if i < len(cells)]
        if any(v.error for v in values):
            return False
        if abs(sum(v.value or 0 for v in values) - total.value) > 1e-6:
            return False
        checked += 1
    return checked >= 2


@lru_cache(maxsize=1)
def _key_units() -> dict[str, str]:
    return {i.name: i.unit for i in load_indicators().values()}


def _units_fit(declared: str, canonical: str) -> bool:
    """A header unit fits a key's unit when both are of the same kind (名/人, 万元/元, 起/件)."""
    if not declared or not canonical:
        return True
    units = load_units()
    a, b = units.get(declared), units.get(canonical)
    return a is None or b is None or a[0] == b[0]


def _qualified(labels: list[str]) -> list[tuple[str, bool]]:
    """A label's bracketed qualifier kept as words: 万件清理事项(办结) → 万件清理事项办结. Matching
    would take the last bracket for a unit (the unit is gone already) and lose the qualifier."""
    return [(kept, True) for label in labels if label.endswith(")") and (kept := re.sub(r"[()]", "", label)) != label]


def key_columns(table, vocabulary: str) -> dict[int, str]:
    """Columns whose header names a value of ``vocabulary`` (the group of a two-level header too)."""
    found: dict[int, str] = {}
    taken: set[str] = set()
    for col in table.columns:
        # a header's fillers and endings cut (网格员配备数 → 网格员) only where the whole says nothing known
        stripped = [(k, True) for label in col.candidates if (k := normal_key(exact_key(label))) not in col.candidates]
        for label, cut in [*_qualified(col.candidates), *((label, False) for label in col.candidates), *stripped]:
            canonical, tier, _ = match_value(vocabulary, label)
            if canonical is None or tier == "similarity" or (cut and tier not in ("exact", "normalised")):
                continue
            if not _units_fit(col.unit, _key_units().get(canonical, "")) or canonical in taken:
                continue
            found[col.index] = canonical
            taken.add(canonical)
            break
    return found


def recognise_melted(table, context: str, year: int | None, samples=None,
                     dataset: str | None = None, report_year: int | None = None, settle=None) -> Melted | None:
    """Recognise a table with one column per period or per key value; None when it is not one.

    ``settle(rec, table, samples)`` may complete a reading whose date is under a generic header (月份).

    Only periods near ``report_year`` are columns to read (national statistics of 2013–2022 are no
    form of ours)."""
    for name, spec in load_datasets().items():
        if not spec.wide_value or (dataset is not None and name != dataset):
            continue
        fields = fields_for(name)
        periods = {c.index: p for c in table.columns if (p := _column_period(c, year)) is not None}
        derived = [i for i, p in periods.items() if p[0] == "derived"]
        periods = {i: p for i, p in periods.items() if p[0] != "derived" and _numeric_share(table, i) >= 0.5}
        kind = fields[spec.wide_period].type if spec.wide_period in fields else ""
        wanted = "month" if kind == "month" else "year"
        if wanted == "year" and sum(p[0] == "month" for p in periods.values()) >= 3:
            continue  # a table of months (1月 … 12月, 全年) is no form of years
        periods = {i: p for i, p in periods.items() if p[0] == wanted and near_report_year(p[1], report_year)}
        keys = key_columns(table, fields[spec.wide_key].vocabulary) if spec.wide_key else {}
        keys = {i: k for i, k in keys.items() if i not in periods and _numeric_share(table, i) >= 0.5
                and not _holds_personal(table, i)}  # 电话 over phone numbers is no channel
        if wanted == "month" and len(periods) < 3:
            periods = {}
        if not periods and not keys:
            continue
        melted = _melt(table, context, samples, name, spec, fields, periods, keys, derived, year, settle)
        if melted is not None:
            return melted
    return None


def _melt(table, context, samples, name, spec, fields, periods, keys, derived, year, settle=None) -> Melted | None:
    """The passes of one dataset's melted reading, or None when the rest of the table does not fit."""
    melt_cols = set(periods) | set(keys) | set(derived)
    virtual = len(table.columns)
    labels = [[] if c.index in melt_cols else c.candidates for c in table.columns]
    extra = [[fields[spec.wide_value].label]]
    if spec.wide_period and periods:
        extra.append([fields[spec.wide_period].label])
    if spec.wide_key and keys:
        extra.append([fields[spec.wide_key].label])
    labels += extra
    pad = [[] for _ in extra]
    rec = recognise(labels, context, (samples or [])[: len(table.columns)] + pad if samples else None, dataset=name)
    if rec.dataset == name and not rec.complete and samples and settle is not None:
        rec = settle(rec, table, samples)  # 月份 | 来访 | 电话 | 网络: the month is the date
    if rec.dataset != name or not rec.complete:
        return None
    if periods and not keys and fields[spec.wide_period].type == "month" and not title_hits(spec, context):
        # 活动类型 × 1月…12月 is another dataset's monthly totals: only the columns of this one, or a
        # title naming it, make it this dataset's table (never fold it into an unrelated one)
        rows = [i for i in rec.unmapped if i < virtual and i not in melt_cols and _numeric_share(table, i) < 0.5
                and any(i < len(cells) and str(cells[i]).strip() for _, cells in table.data)]
        if rows:
            return None
    base = {i: c for i, c in rec.columns.items() if i < virtual and c != spec.wide_value
            and not (keys and c == spec.wide_key) and not (periods and c == spec.wide_period)}
    unknown: list[str] = []
    if keys:  # the other numeric columns of a table of keys are keys too, under their own words
        for col in table.columns:
            if col.index in base or col.index in melt_cols or not col.candidates:
                continue
            if _numeric_share(table, col.index) >= 0.8 and not _holds_personal(table, col.index):
                words = "".join(_UNIT_IN_BRACKETS.sub("", part).strip() for part in (col.text or col.label).split(" / "))
                if _is_total_or_part(words) or _sums_columns(table, col.index, list(keys)):
                    # 合计 of the keys (by its header or its values), or a 其中 part of one: never a key of its own
                    derived.append(col.index)
                    continue
                keys[col.index] = words
                unknown.append(words)
    # a plain value column beside the year columns (数值 beside 上年同期) is the year's own value
    plain = {i: int(year) for i, c in rec.columns.items()
             if i < virtual and c == spec.wide_value and i not in melt_cols
             and periods and not keys and year is not None and spec.wide_period in fields
             and fields[spec.wide_period].type != "month"}
    periods = {**periods, **{i: ("year", y) for i, y in plain.items()}}
    passes = []
    columns_done = []
    for index in sorted(set(periods) | set(keys)):
        columns = dict(base)
        columns[index] = spec.wide_value
        constants: dict = {}
        if index in periods:
            constants[spec.wide_period] = periods[index][1]
        if index in keys:
            constants[spec.wide_key] = keys[index]
            if spec.wide_period and spec.wide_period not in base.values() and year is not None:
                constants.setdefault(spec.wide_period, int(year))
            unit_field = next((c for c, f in fields.items() if c == "unit"), None)
            if unit_field and unit_field not in base.values():
                constants[unit_field] = table.columns[index].unit or _key_units().get(keys[index], "")
        rows = [(r, cells) for r, cells in table.data if index < len(cells) and str(cells[index]).strip()]
        passes.append((columns, rows, constants))
        columns_done.append(index)
    rec.columns = {i: c for i, c in rec.columns.items() if i < virtual}
    for index in columns_done:
        rec.columns.setdefault(index, spec.wide_value)
    for m in list(rec.matches):
        if m >= virtual:
            del rec.matches[m]
    rec.unmapped = [i for i in rec.unmapped if i < virtual and i not in melt_cols and i not in keys and i not in derived]
    return Melted(rec, passes, derived, "key" if keys else "period", unknown)
