"""What a column's values say about it, when its header says too little.

A header matched by no synonym may still be recognised from its cells: a column of numbers in
人 when the dataset has one count of people left; values that are the canonical values of one
vocabulary (来访/电话/网络 → the channel); dates under a header that says 日期 or 时间 when one date
field is left; names of people (an official, a mediator) — personal data, never read. Such binds
are weak (tiers ``unit`` and ``values``) and listed in column_map.csv for review.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import Field, fields_for, load_field_units, load_layout_words, load_units
from .departments import find_department, normalize_department
from .values import _blank, parse_bool, parse_date, parse_number
from .vocabulary import match_value

#: Header endings that say the unit: 教育人数 → 人, 发放份数 → 份, 备案次数 → 次.
_UNIT_ENDINGS = re.compile(r"(人次|人数|份数|次数|场次|件数|户数|个数|项数|册数|条数|篇数|金额|人|份|次|场|件|户|个|项|册|条|篇)$")
_ENDING_UNIT = {"人数": "人", "人次": "人次", "份数": "份", "次数": "次", "场次": "次", "件数": "件", "户数": "户",
                "个数": "个", "项数": "项", "册数": "册", "条数": "条", "篇数": "条", "金额": "元"}
_DATE_WORDS = ("日期", "时间", "日", "时", "年月")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_layout_words().get("surnames", []))


def _filled(samples: list[object]) -> list[object]:
    return [v for v in samples if not _blank(v)][:30]


def counting_numbers(samples: list[object]) -> bool:
    """True for a column of row numbers (1, 2, 3 …): what 序号 holds."""
    values = _filled(samples)
    if not values:
        return True
    numbers = []
    for v in values:
        p = parse_number(v)
        if p.error or p.value is None or float(p.value) != int(p.value) or p.unit:
            return False
        numbers.append(int(p.value))
    return all(0 <= n <= 100_000 for n in numbers) and sum(b > a for a, b in zip(numbers, numbers[1:], strict=False)) \
        >= 0.7 * max(len(numbers) - 1, 0)


def plausible_departments(samples: list[object]) -> bool:
    """True when most values are names of departments (a 单位 column, not 法制科 or a person)."""
    values = [str(v).strip() for v in _filled(samples)]
    if not values:
        return True
    known = sum(bool(normalize_department(v) or find_department(v)) for v in values)
    return known >= 0.5 * len(values)


def looks_like_names(samples: list[object]) -> bool:
    """True for a column of people's names: short Chinese words, most starting with a surname."""
    values = [str(v).strip() for v in _filled(samples)]
    if len(values) < 2:
        return False
    names = [v for v in values if _NAME.match(v) and v[0] in _surnames()]
    return len(names) >= 0.7 * len(values) and len(set(names)) >= 0.5 * len(names)


def header_unit(key: str, declared: str) -> str:
    """The unit a header gives: its bracketed unit, else its ending (教育人数 → 人)."""
    if declared:
        return declared
    m = _UNIT_ENDINGS.search(key)
    if not m:
        return ""
    return _ENDING_UNIT.get(m.group(1), m.group(1))


def _base(unit: str) -> str:
    found = load_units().get(unit)
    return found[0] if found else unit


def bind_by_values(dataset: str, labels: list[list[str]], samples: list[list[object]], mapping: dict[int, str],
                   taken: set[str], matches: dict, units: list[str] | None = None) -> None:
    """Bind columns no header matched, from what their values are (see the module's docstring)."""
    wanted = fields_for(dataset)
    free = {c: f for c, f in wanted.items() if c not in taken and not c.startswith("_") and f.type != "person_key"}
    for i, cands in enumerate(labels):
        if not cands or i in mapping or i >= len(samples) or matches.get(i) is None or matches[i].tier == "override":
            continue
        values = samples[i]
        if not _filled(values):
            continue
        key = cands[0]
        field = None
        tier = "values"
        if "_contact" in wanted and looks_like_names(values):
            field = "_contact"  # an official's or a mediator's name: personal, never read
        else:
            field = _by_vocabulary(values, free) or _by_date(key, values, free)
            if field is None:
                field = _by_unit(key, (units or [""] * len(labels))[i] if units else "", values, dataset, free)
                tier = "unit"
        if field is None:
            continue
        mapping[i] = field
        if field != "_contact":
            taken.add(field)
            free.pop(field, None)
        m = matches[i]
        m.field, m.tier, m.score = field, tier, 0.5
        m.note = m.note or "按列中数据推断，请复核"


def _by_vocabulary(values: list[object], free: dict[str, Field]) -> str | None:
    """The one free vocabulary field whose canonical values the column holds (≥ 70 %)."""
    texts = [str(v).strip() for v in _filled(values)]
    hits = []
    for column, f in free.items():
        if not f.vocabulary or f.type not in ("text", "grade", "list"):
            continue
        known = sum(match_value(f.vocabulary, t)[1] in ("exact", "normalised") for t in texts)
        if known >= 0.7 * len(texts):
            hits.append(column)
    return hits[0] if len(hits) == 1 else None


def _by_date(key: str, values: list[object], free: dict[str, Field]) -> str | None:
    """The one free date field, for a column of dates under a header that says 日期 or 时间."""
    if not any(w in key for w in _DATE_WORDS):
        return None
    filled = _filled(values)
    if sum(parse_date(v, 2025).error is None for v in filled) < 0.8 * len(filled):
        return None
    dates = [c for c, f in free.items() if f.type == "date"]
    return dates[0] if len(dates) == 1 else None


def _by_unit(key: str, declared: str, values: list[object], dataset: str, free: dict[str, Field]) -> str | None:
    """The one free numeric field measured in the header's unit, for a column of numbers."""
    unit = header_unit(key, declared)
    if not unit:
        return None
    filled = _filled(values)
    if sum(parse_number(v).error is None for v in filled) < 0.8 * len(filled):
        return None
    units = load_field_units()
    hits = [c for c, f in free.items() if f.type in ("int", "float") and (dataset, c) in units
            and _base(units[(dataset, c)].unit) == _base(unit)]
    if len(hits) == 1:
        return hits[0]
    return None


def bool_values(values: list[object]) -> bool:
    """True when a column holds yes/no answers (kept for rules that need it)."""
    filled = _filled(values)
    return bool(filled) and sum(parse_bool(v).error is None for v in filled) >= 0.9 * len(filled)
