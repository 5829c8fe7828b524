"""Rules across the fields of one record (rules.yaml), applied while a table is converted:
grades from scores, counts from rates, rates against their counts, values into their key's unit,
and 其中 rows resolved under the row above."""

from __future__ import annotations

import re

from ...resources import (
    fields_for,
    load_indicators,
    load_score_bands,
    load_units,
    load_vocabulary_children,
    rules_for,
)
from ...text import normalize_key
from ..issues import note
from ..words import values as V
from ..words.matching import is_breakdown
from ..words.measures import shown, unit_factor


def derive_grade(score: float, scheme: str = "default") -> str | None:
    """Return the grade of a score under a scheme of score_bands.csv."""
    for grade, low, high in load_score_bands()[scheme]:
        if low <= score < high:
            return grade
    return None


def _known_grade(grade: str) -> bool:
    """True for a grade some scheme of score_bands.csv knows (优秀, 合格 …), not a code (甲, B)."""
    return any(g == grade for bands in load_score_bands().values() for g, _, _ in bands)


def grade_fits(grade: str, score: float) -> bool:
    """True when some scheme that knows ``grade`` puts ``score`` in its band."""
    for bands in load_score_bands().values():
        for g, low, high in bands:
            if g == grade and low <= score < high:
                return True
    return False


def at(ref: str, found: tuple[str, str]) -> tuple[str, str, str]:
    """A note placed at a cell: (issue code, cell reference, message)."""
    return found[0], ref, found[1]


def check_record(dataset: str, record: dict, ref_of, issues: list) -> None:
    """Apply the dataset's cross-field rules of rules.yaml that work on one record; ``issues``
    gets (issue code, cell reference, message)."""
    fields = fields_for(dataset)
    for rule in rules_for(dataset):
        kind = rule["rule"]
        if kind == "grade_band":
            score, grade = record.get(rule["score"]), record.get(rule["grade"])
            if score is None:
                continue
            expected = derive_grade(float(score))
            if not grade:
                record[rule["grade"]] = expected
            elif _known_grade(grade) and not grade_fits(grade, float(score)):  # a code no legend explains: no verdict
                issues.append(at(ref_of(rule["grade"]), note(
                    "grade-mismatch", grade_label=fields[rule["grade"]].label, grade=grade,
                    score_label=fields[rule["score"]].label, score=f"{float(score):g}", expected=expected)))
        elif kind == "from_rate":
            base, rate = record.get(rule["base"]), record.get(rule["rate"])
            if record.get(rule["target"]) is None and base is not None and rate is not None:
                record[rule["target"]] = int(round(base * rate / 100))
                issues.append(at(ref_of(rule["rate"]), note(
                    "count-from-rate", target_label=fields[rule["target"]].label,
                    rate_label=fields[rule["rate"]].label, rate=f"{rate:g}", count=record[rule["target"]])))
        elif kind == "unit_of_value":
            _unit_of_value(rule, record, ref_of, issues)
        elif kind == "rate_matches":
            num, den, rate = record.get(rule["numerator"]), record.get(rule["denominator"]), record.get(rule["rate"])
            if num is not None and den and rate is not None and abs(num / den * 100 - rate) > rule.get("tolerance", 1):
                issues.append(at(ref_of(rule["rate"]), note(
                    "rate-mismatch", rate_label=fields[rule["rate"]].label, rate=f"{rate:g}",
                    numerator_label=fields[rule["numerator"]].label, denominator_label=fields[rule["denominator"]].label,
                    numerator=num, denominator=den)))


_KEY_UNIT = re.compile(r"\s*[（(]([^（）()]{1,6})[）)]\s*$")


def _unit_of_value(rule: dict, record: dict, ref_of, issues: list) -> None:
    """Put a value into its key's canonical unit (indicators.csv): the unit of the cell, else the
    row's unit column; 万元 → 元, a fraction in a % row → percent; a unit of another kind is reported."""
    value = record.get(rule["value"])
    if value is None:
        return
    key = str(record.get(rule["key"]) or "")
    canonical = load_indicators().get(key)
    target = canonical.unit if canonical else ""
    row_unit = str(record.get(rule["unit"]) or "").strip() or record.get("_key_units", {}).get(rule["key"], "")
    bracket = _KEY_UNIT.search(key) if canonical is None else None
    if bracket and V.unit_token(bracket.group(1)):  # an unknown key written with its unit: 案件（起）
        record[rule["key"]] = key[: bracket.start()].strip()
        row_unit = row_unit or bracket.group(1)
        base = load_units().get(row_unit)
        row_unit = base[0] if base and base[1] == 1 else row_unit
    source = record.get("_units", {}).get(rule["value"]) or V.unit_token(row_unit) or row_unit
    if target == "%" or source == "%":
        if isinstance(value, (int, float)) and 0 < value <= 1 and not record.get("_units", {}).get(rule["value"]):
            record[rule["value"]] = value * 100
            issues.append(at(ref_of(rule["value"]), note("percent-as-fraction", value=f"{value:g}",
                                                          percent=f"{value * 100:g}")))
        record[rule["unit"]] = "%"
        return
    if source and target:
        factor = unit_factor(source, target)
        if factor is None:
            issues.append(at(ref_of(rule["unit"]), note("indicator-unit-mismatch", source=source,
                                                         indicator=canonical.name, target=target)))
            record[rule["unit"]] = source
            return
        if factor != 1:
            record[rule["value"]] = value * factor
            issues.append(at(ref_of(rule["value"]), note("value-unit-converted", value=shown(value), source=source,
                                                          number=shown(value * factor), unit=target)))
        record[rule["unit"]] = target
    elif source and (base := load_units().get(source)) and base[1] != 1 and isinstance(value, (int, float)):
        # an indicator the list lacks, its unit column a multiple (万元): the value in the base unit (元)
        record[rule["value"]] = value * base[1]
        issues.append(at(ref_of(rule["value"]), note("value-unit-converted", value=shown(value), source=source,
                                                      number=shown(value * base[1]), unit=base[0])))
        record[rule["unit"]] = base[0]
    elif source or target:
        record[rule["unit"]] = source or target


def resolve_breakdowns(vocabulary: str, texts: list[object], values: list[object]
                       ) -> tuple[list[object], list[tuple[int, tuple[str, str]]]]:
    """Values of 其中 rows (其中：立案) looked up among the children of the row above's value.

    Returns the values (children resolved) and (position, (code, message)) for 其中 rows no child matches.
    """
    children = load_vocabulary_children().get(vocabulary)
    if not children:
        return values, []
    out, notes, parent = list(values), [], None
    for pos, raw in enumerate(texts):
        text = str(raw).strip() if raw is not None else ""
        key = normalize_key(text)
        if not key:
            continue
        if not is_breakdown(key):
            parent = values[pos]
            continue
        part = re.sub(r"^(其中|内含)[:：]?", "", key)
        child = children.get(str(parent), {}).get(part)
        if child is None:
            child = next((c for spelling, c in children.get(str(parent), {}).items() if spelling and spelling in part), None)
        if child is not None:
            out[pos] = child
        elif parent is not None:  # (the row above may have no value in this column: nothing to say)
            notes.append((pos, note("value-not-a-breakdown", text=text, parent=str(parent))))
    return out, notes


