"""Whether a recognised sheet is really one of ours: the evidence for what identifies the dataset.

Recognition pairs columns with fields by meaning, and generic columns (序号, 姓名, 身份证号, 单位,
备注, 日期, a row of months) pair with the fields of many datasets. A sheet is assigned only when
what identifies the dataset is present: its identifying fields (datasets.csv ``identify``) bound
by headers that name them or by values only they can have, and titles naming it
(``identify_titles``). Weights and thresholds are in matching.yaml (``identify``). A sheet that
falls short is recorded as not recognised, with the best candidate and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...resources import fields_for, load_datasets, load_matching_rules
from .matching import normal_key, unify_words
from .vocabulary import match_value

STRONG_TIERS = {"override", "template", "exact", "normalised"}
_OLD_YEAR = re.compile(r"(?<!\d)(1[89]\d{2}|20\d{2})\s*年")
_OTHER_CALENDAR = re.compile(r"民国|光绪|宣统|中华民国\s*\d")


@dataclass
class Identity:
    """How well a sheet's evidence identifies its dataset: level strong | weak | none, and why."""

    level: str
    score: float
    need: float
    why: str = ""


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_matching_rules().get("identify") or {}


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    words = _rules().get("generic_headers") or []
    return frozenset({w for w in words} | {normal_key(w) for w in words})


def needed(dataset: str) -> float:
    """The evidence a sheet needs to be ``dataset``."""
    rules = _rules()
    return float((rules.get("min_by_dataset") or {}).get(dataset, rules.get("min", 2.0)))


def untitled(dataset: str) -> float:
    """The evidence a sheet needs beyond ``needed`` when its titles, sheet and file name do not name
    ``dataset`` (a meeting register of 学习内容 + 参加人数 is no 法治教育 ledger unless it says so)."""
    rules = _rules()
    return float((rules.get("untitled_by_dataset") or {}).get(dataset, rules.get("untitled", 0.0)))


def title_names(dataset: str, context: str) -> str:
    """The identifying title word of ``dataset`` that the titles, sheet or file name say ('' when none),
    interchangeable words unified (入企检查报备 says 备案)."""
    words = load_datasets()[dataset].identify_titles
    found = next((w for w in words if w in (context or "")), "")
    if found or not context:
        return found
    unified = _unified(context)
    return next((w for w in words if _unified(w) in unified), "")


@lru_cache(maxsize=4096)
def _unified(text: str) -> str:
    return unify_words(text)


def _values_fit(vocabulary: str, samples: list[object]) -> bool:
    texts = [str(v).strip() for v in samples if v is not None and str(v).strip()][:30]
    if not texts:
        return False
    known = sum(match_value(vocabulary, t)[1] in ("exact", "normalised") for t in texts)
    return known >= float(_rules().get("values_share", 0.3)) * len(texts)


def _generic_label(dataset: str, header: str, label: str) -> bool:
    """True when a column matched through a generic label (人数 under 政治面貌分布) and its full
    header names nothing of the dataset (执法人员 / 人数 does)."""
    if not label or label == header:
        return False
    if label not in _generic() and normal_key(label) not in _generic():
        return False
    return not title_names(dataset, header)


def assess(dataset: str, columns: dict[int, str], matches: dict, headers: list[str],
           samples: list[list[object]] | None, context: str, known_keys: int = 0,
           labels: list[str] | None = None, named: bool = False) -> Identity:
    """Weigh the evidence that a sheet with this column map is ``dataset`` (see the module docstring).

    ``headers``: each column's header key as written; ``samples``: some values per column;
    ``known_keys``: columns of a wide table whose headers are known values of the dataset's key
    (indicators heading their columns); ``labels``: the part of each header that matched (the
    lower cell of a two-level header), generic labels count as generic headers; ``named``: the
    workbook holds a sheet of ours, so a sheet that names nothing needs no more than one that does.
    """
    rules = _rules()
    wanted = fields_for(dataset)
    identifying = set(load_datasets()[dataset].identify)
    strong = weak = 0.0
    seen: list[str] = []
    for i, column in sorted(columns.items()):
        m = matches.get(i)
        if m is None or m.field != column or i >= len(headers):
            continue  # a melted or virtual column: the shape, not the evidence
        f = wanted.get(column)
        person = column in ("_name", "_id_number") and any(
            wanted[c].type == "person_key" for c in identifying if c in wanted)
        if f is None or (column not in identifying and not person):
            continue
        key = headers[i] or ""
        values = samples[i] if samples and i < len(samples) else []
        if f.vocabulary and values and _values_fit(f.vocabulary, values):
            strong += float(rules.get("strong", 1.0))
            seen.append(f.label)
        elif f.vocabulary and values and column != load_datasets()[dataset].wide_key:
            weak += float(rules.get("weak", 0.5))  # the header names it, its values are none of its own
        elif f.vocabulary and column == load_datasets()[dataset].wide_key:
            weak += float(rules.get("weak", 0.5))  # a key column of unknown values (national statistics)
        elif person and not any(wanted[c].type == "person_key" and normal_key(wanted[c].label) in normal_key(key)
                                for c in identifying if c in wanted):
            weak += float(rules.get("weak", 0.5))  # 姓名, 身份证号: a person, not which person
        elif m.tier not in STRONG_TIERS or key in _generic() or normal_key(key) in _generic() \
                or _generic_label(dataset, key, labels[i] if labels and i < len(labels) else ""):
            weak += float(rules.get("weak", 0.5))
        else:
            strong += float(rules.get("strong", 1.0))
            seen.append(f.label)
    if known_keys:
        strong += float(rules.get("strong", 1.0)) * known_keys
        seen.append(f"{known_keys}个已知指标列")
    word = title_names(dataset, context)
    if word:
        strong += float(rules.get("title", 1.0))
    titled = bool(word) or named
    need = needed(dataset) + (0.0 if titled else untitled(dataset))
    title = load_datasets()[dataset].title
    if strong >= need:
        return Identity("strong", strong + weak, need)
    if strong + weak >= need and strong > 0 and (titled or not rules.get("weak_needs_title", False)):
        return Identity("weak", strong + weak, need, f"仅凭相近的表头认作“{title}”")
    said = "、".join(dict.fromkeys(seen)) or "无"
    why = (f"表头中能认定“{title}”的列不足（认定的列：{said}"
           f"{'；标题含“' + word + '”' if word else '' if titled else '；标题、工作表名和文件名都没有写明是这项数据'}），"
           "其余都是序号、姓名、单位、日期等通用列")
    return Identity("none", strong + weak, need, why)


def far_dates(context: str, report_year: int | None) -> str:
    """Why a sheet's titles or names date it far from the report year, or in another calendar ('' when not)."""
    if _OTHER_CALENDAR.search(context or ""):
        return "表中使用民国等其他纪年"
    if report_year is None:
        return ""
    far = int(_rules().get("far_years", 3))
    years = {int(y) for y in _OLD_YEAR.findall(context or "")}
    if years and all(abs(y - int(report_year)) >= far for y in years):
        return f"标题或名称所写年份为{min(years)}年，与报告年度{report_year}年相差过远"
    return ""


def far_values(samples: list[list[object]], report_year: int | None) -> str:
    """Why a sheet's cells date it far from the report year, or in another calendar ('' when not)."""
    import datetime as dt

    if report_year is None:
        return ""
    far = int(_rules().get("far_years", 3))
    dates = other = 0
    years = []
    for column in samples:
        for v in column[:10]:
            if isinstance(v, (dt.date, dt.datetime)):
                dates += 1
                years.append(v.year)
            elif isinstance(v, str) and _OTHER_CALENDAR.search(v):
                other += 1
    if other >= 3:
        return "表中日期使用民国等其他纪年"
    if dates >= 3 and sum(abs(y - int(report_year)) >= far for y in years) >= 0.8 * dates:
        return f"表中日期多在{min(years)}—{max(years)}年，与报告年度{report_year}年相差过远"
    return ""


def near_report_year(period: object, report_year: int | None) -> bool:
    """True when a period (a year, or a month's date) is near enough the report year to be one of
    its form's columns (matching.yaml ``identify.far_years``)."""
    if report_year is None or period is None:
        return True
    year = getattr(period, "year", period)
    try:
        return abs(int(year) - int(report_year)) < int(_rules().get("far_years", 3))
    except (TypeError, ValueError):
        return True


def missing_required(dataset: str, mapped: set[str], person_hint: str = "（姓名或身份证号）") -> list[str]:
    """Return the labels of the dataset's required fields a column map lacks. A person's key is there
    when 姓名 or 身份证号 is; its label is followed by ``person_hint`` when neither is."""
    missing = []
    for column, f in fields_for(dataset).items():
        if not f.required:
            continue
        if f.type == "person_key":
            if not mapped & {"_name", "_id_number"}:
                missing.append(f.label + person_hint)
        elif column not in mapped:
            missing.append(f.label)
    return missing
