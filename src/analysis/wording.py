"""The report's wording rules (余, 以上, 以下, 超, 近, rounded percentages …) as checks on a value."""

from __future__ import annotations

import math
from decimal import Decimal


def place_value(number: float) -> float:
    """Return the place value of a number's last non-zero digit: 5000 → 1000, 150 → 10, 1.2 → 0.1."""
    d = Decimal(str(number)).normalize()
    exponent = d.as_tuple().exponent
    return float(Decimal(1).scaleb(exponent))


def _decimals(claimed: str) -> int:
    return len(claimed.split(".")[1]) if "." in claimed else 0


def shown_readings(value: float, claimed: str) -> tuple[float, float]:
    """``value`` at the precision of ``claimed``: (rounded half up, truncated).

    99.9273 against "99" gives (100.0, 99.0): the report's 99% is the truncated reading only.
    """
    factor = 10 ** _decimals(claimed)
    return math.floor(value * factor + 0.5) / factor, math.floor(value * factor + 1e-9) / factor


def shown_as(value: float, claimed: str) -> bool:
    """True when ``value`` rounded or truncated to the precision of ``claimed`` gives ``claimed``."""
    n = float(claimed)
    rounded, truncated = shown_readings(value, claimed)
    return math.isclose(rounded, n) or math.isclose(truncated, n)


def truncation_only(value: object, claimed: str, rule: str) -> tuple[float, float] | None:
    """(rounded, truncated) when a percentage figure holds only because ``value`` is truncated
    (rounded it would read otherwise); None when it holds rounded, fails, or is no percentage."""
    if rule not in ("pct", "yoy") or value is None or isinstance(value, (bool, str)):
        return None
    try:
        x, n = float(value), float(claimed)
    except (TypeError, ValueError):
        return None
    if math.isnan(x) or (rule == "pct" and n in (0.0, 100.0)):
        return None
    rounded, truncated = shown_readings(x, str(claimed))
    if math.isclose(truncated, n) and not math.isclose(rounded, n):
        return rounded, truncated
    return None


def holds(value: object, claimed: str, rule: str) -> bool:
    """True when the computed ``value`` satisfies the report's figure ``claimed`` under ``rule``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    if rule == "period":
        return str(value) == str(claimed)
    x = float(value)
    n = float(claimed)
    if rule == "exact":
        return math.isclose(x, n)
    if rule == "yu":
        return n < x < n + place_value(n)
    if rule == "over":
        return x > n
    if rule == "near":
        return n * 0.9 <= x < n
    if rule == "at_least":
        return x >= n
    if rule == "at_most":
        return x <= n
    if rule in ("pct", "yoy"):
        if n in (0.0, 100.0) and rule == "pct":
            return math.isclose(x, n)
        return shown_as(x, claimed)
    raise ValueError(f"未知的表述规则：{rule}")


def describe(rule: str) -> str:
    """Return the rule in words, for tables."""
    return {
        "exact": "等于", "yu": "“余”：大于N且小于N加末位单位", "over": "超过（不含）", "near": "接近且小于",
        "at_least": "以上/达到（含）", "at_most": "以下（含）", "pct": "百分比按显示精度四舍五入或截断",
        "yoy": "同比增幅按显示精度", "period": "起止月份",
    }.get(rule, rule)
