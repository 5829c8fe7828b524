"""Whether a value supports a claim: holds, holds only by truncation, or does not hold.

The rules are those of ``analysis.wording`` (the contract's wording table). A percentage (and a
同比 growth) "holds" when the value rounded to the precision shown gives the claim, and "holds only
by truncation" when only cutting off the digits does (4,122/4,125 = 99.93% written "99%"). Three
readings the contract does not list are judged here too: a range (3至5场), 约/左右 (within 10%) and
不足/不满 (strictly below).
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from ..wording import holds, place_value
from .phrasing import as_decimal, decimals_of

HOLDS, TRUNCATION, FAILS, NO_DATA, UNTIED = "holds", "truncation", "fails", "no_data", "untied"
REVIEW = "review"  # more than one reading fits and the best does not hold: the writer decides
VERDICT_TEXT = {
    HOLDS: "成立",
    TRUNCATION: "仅截断时成立",
    FAILS: "不成立",
    NO_DATA: "暂无数据",
    UNTIED: "未对应指标",
    REVIEW: "需人工核对",
}
RULE_TEXT = {
    "exact": "等于", "yu": "“余”：大于N且小于N加末位单位", "over": "超过（不含）", "near": "接近且小于",
    "at_least": "以上/达到（含本数）", "at_most": "以下/以内（含本数）", "pct": "百分比按显示精度四舍五入",
    "yoy": "同比增幅按显示精度四舍五入", "period": "起止月份", "range": "区间（含两端）",
    "approx": "约数（相差10%以内）", "under": "不足（不含本数）",
}
APPROX_TOLERANCE = Decimal("0.1")


def _shown(value: Decimal, claimed: str, rounding: str) -> bool:
    places = decimals_of(claimed)
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=rounding) == Decimal(claimed)
    except InvalidOperation:
        return False


def judge_percent(value: Decimal, claimed: str, rule: str) -> str:
    """Judge a percentage or growth shown at some precision: rounding, else truncation, else fails."""
    n = Decimal(claimed)
    if rule == "pct" and n in (Decimal(0), Decimal(100)):
        return HOLDS if value == n else FAILS
    if rule == "yoy" and (value < 0) != (n < 0) and value != 0:
        return FAILS
    if _shown(value, claimed, ROUND_HALF_UP):
        return HOLDS
    if _shown(value, claimed, ROUND_DOWN):
        return TRUNCATION
    return FAILS


def judge(value: object, claimed: str, rule: str, upper: str = "") -> str:
    """Return HOLDS, TRUNCATION or FAILS for a computed value against a claim (value not None)."""
    if rule == "period":
        return HOLDS if str(value) == str(claimed) else FAILS
    x = as_decimal(value)
    if rule in ("pct", "yoy"):
        return judge_percent(x, claimed, rule)
    n = Decimal(claimed)
    if rule == "exact" and upper.startswith("±"):  # 1.6万份: shown to its last digit
        step = Decimal(upper[1:])
        if n - step / 2 <= x < n + step / 2:
            return HOLDS
        return TRUNCATION if n <= x < n + step else FAILS
    if rule == "range":
        return HOLDS if n <= x <= Decimal(upper or claimed) else FAILS
    if rule == "approx":
        return HOLDS if abs(x - n) <= abs(n) * APPROX_TOLERANCE else FAILS
    if rule == "under":
        return HOLDS if x < n else FAILS
    return HOLDS if holds(float(x), claimed, rule) else FAILS


def interval(claimed: str, rule: str, upper: str = "") -> tuple[float, float, bool, bool] | None:
    """Return the values a claim allows as (low, high, low included, high included); None for periods."""
    if rule == "period":
        return None
    n = float(claimed)
    if rule == "exact" and upper.startswith("±"):
        step = float(upper[1:])
        return n - step / 2, n + step, True, False
    if rule == "exact":
        return n, n, True, True
    if rule == "yu":
        return n, n + place_value(n), False, False
    if rule == "over":
        return n, math.inf, False, False
    if rule == "near":
        return n * 0.9, n, True, False
    if rule == "at_least":
        return n, math.inf, True, False
    if rule == "at_most":
        return -math.inf, n, False, True
    if rule == "under":
        return -math.inf, n, False, False
    if rule == "range":
        return n, float(upper or claimed), True, True
    if rule == "approx":
        return n * 0.9, n * 1.1, True, True
    if rule == "pct" and n in (0.0, 100.0):
        return n, n, True, True
    step = 10.0 ** -decimals_of(claimed)
    return n - step / 2, n + step, True, False


def intervals_meet(a: tuple[float, float, bool, bool], b: tuple[float, float, bool, bool]) -> bool:
    """True when two claims' intervals share at least one value."""
    low, low_in = (a[0], a[2]) if a[0] > b[0] or (a[0] == b[0] and not a[2]) else (b[0], b[2])
    high, high_in = (a[1], a[3]) if a[1] < b[1] or (a[1] == b[1] and not a[3]) else (b[1], b[3])
    return low < high or (low == high and low_in and high_in)
