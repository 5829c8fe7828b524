"""The wording writer, the inverse of ``analysis.wording``: from a value and a rule, the phrase to print.

``phrase(5213, "yu", "份")`` → ``5000余份``; ``phrase(98.9, "at_least", "%")`` → ``98%以上``;
``phrase(1137, "over", "人")`` → ``超千人``; ``phrase(99.93, "pct", "%")`` → ``99.9%``.

Every phrase satisfies ``analysis.wording.holds`` for its value under its rule, read the Civil
Code's way (以上/以下 include the number; 超/不足 do not). ``like`` gives the precision of an
existing claim (its decimals, or its last digit's place value), so that a claim that does not hold
gets the nearest wording the data supports: "4,200余件" for 4,122 → "4100余件".
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from ..wording import place_value

ROUND_WORDS = {100: "百", 1000: "千", 10_000: "万", 100_000_000: "亿"}
MONEY_UNITS = ("元",)
MAX_PLACES = 4


def as_decimal(value: object) -> Decimal:
    """Return a number as a Decimal (floats through their shortest repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


def plain(d: Decimal, places: int | None = None) -> str:
    """Return a number as text: integers without decimals; otherwise up to ``places`` decimals."""
    if places is not None:
        return f"{d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    if d == d.to_integral_value():
        return f"{d.quantize(Decimal(1)):f}"
    return f"{d.normalize():f}"


def decimals_of(claimed: str) -> int:
    """Return how many decimals a written number shows."""
    return len(claimed.split(".")[1]) if "." in claimed else 0


def _scale(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """Return (divisor, scale word) for a value: money in 万元/亿元, large counts in 万."""
    magnitude = abs(value)
    if unit in MONEY_UNITS:
        if magnitude >= Decimal(100_000_000):
            return Decimal(100_000_000), "亿"
        if magnitude >= Decimal(10_000):
            return Decimal(10_000), "万"
    elif magnitude >= Decimal(100_000):
        return Decimal(10_000), "万"
    return Decimal(1), ""


def _with_unit(n: Decimal, unit: str) -> str:
    """Write a number with its measure word, scaled to 万/亿 where the report would."""
    divisor, word = _scale(n, unit)
    return f"{plain(n / divisor)}{word}{unit}"


def _lead_place(value: Decimal, keep: int | None = None) -> Decimal:
    """Place value that keeps one significant digit (two when the first digit is 1: 150, not 100)."""
    digits = len(str(int(abs(value)))) if abs(value) >= 1 else 1
    if keep is None:
        keep = 2 if str(int(abs(value)))[0] == "1" and digits >= 3 else 1
    return Decimal(10) ** max(digits - keep, 0)


def _like_place(like: str | None, value: Decimal) -> Decimal:
    """The place value of an existing claim's last digit, when the value reaches it; else the lead place."""
    if like and float(like) > 0:
        place = as_decimal(place_value(float(like)))
        if abs(value) >= place:
            return place
    return _lead_place(value)


def _floor_to(value: Decimal, place: Decimal) -> Decimal:
    return (value / place).to_integral_value(rounding=ROUND_FLOOR) * place


def phrase_exact(value: Decimal, unit: str) -> str:
    """21次; 5275.57万元 (money scaled)."""
    if unit == "%":
        return f"{plain(value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize())}%"
    if value != value.to_integral_value() and unit not in MONEY_UNITS:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return _with_unit(value, unit)


def phrase_yu(value: Decimal, unit: str, like: str | None = None) -> str:
    """5000余份 (N < x < N + place of N's last digit); 60余万元 for money."""
    place = _like_place(like, value)
    n = _floor_to(value, place)
    if n <= 0 or n == value:
        return phrase_exact(value, unit)
    divisor, word = _scale(n, unit)
    scaled = n / divisor
    if word and scaled == scaled.to_integral_value() and unit in MONEY_UNITS:
        return f"{plain(scaled)}余{word}{unit}"
    return f"{plain(scaled)}{word}余{unit}" if word else f"{plain(n)}余{unit}"


def _round_word(n: Decimal, unit: str) -> str:
    word = ROUND_WORDS.get(int(n)) if n == n.to_integral_value() and unit != "%" else None
    return f"{word}{unit}" if word else _with_unit(n, unit) if unit != "%" else f"{plain(n)}%"


def phrase_over(value: Decimal, unit: str, like: str | None = None) -> str:
    """超千人 (x > N)."""
    place = as_decimal(place_value(float(like))) if like and float(like) > 0 else _lead_place(value, keep=1)
    n = _floor_to(value, place)
    while n >= value and place > Decimal("0.0001"):
        place /= 10
        n = _floor_to(value - place / 2, place)
    if n <= 0:
        return phrase_exact(value, unit)
    return f"超{_round_word(n, unit)}"


def phrase_near(value: Decimal, unit: str) -> str:
    """近5000人 (0.9·N ≤ x < N)."""
    for keep in (1, 2, 3):
        place = _lead_place(value, keep=keep)
        n = (value / place).to_integral_value(rounding=ROUND_FLOOR) * place + place
        if value >= n * Decimal("0.9"):
            return f"近{_round_word(n, unit)}"
    return phrase_exact(value, unit)


def _percent_places(like: str | None, value: Decimal) -> int:
    if like is not None:
        return decimals_of(like)
    return 0 if value == value.to_integral_value() else 1


def phrase_at_least(value: Decimal, unit: str, like: str | None = None) -> str:
    """98%以上 (x ≥ N; 以上 includes N)."""
    if unit == "%":
        places = decimals_of(like) if like else (0 if value >= 1 else 1)
        n = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
        return f"{plain(n, places)}%以上"
    place = _like_place(like, value)
    return f"{_with_unit(_floor_to(value, place), unit)}以上"


def phrase_at_most(value: Decimal, unit: str, like: str | None = None) -> str:
    """3%以下 (x ≤ N; 以下 includes N)."""
    if unit == "%":
        places = decimals_of(like) if like else (0 if value >= 1 else 1)
        n = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_CEILING)
        return f"{plain(n, places)}%以下"
    place = _like_place(like, value)
    n = (value / place).to_integral_value(rounding=ROUND_CEILING) * place
    return f"{_with_unit(n, unit)}以下"


def percent_text(value: Decimal, places: int) -> str:
    """A percentage at ``places`` decimals, rounded; 100% and 0% only when exact (else more decimals)."""
    for p in range(places, MAX_PLACES + 1):
        shown = value.quantize(Decimal(1).scaleb(-p), rounding=ROUND_HALF_UP)
        if shown in (Decimal(0), Decimal(100)) and shown != value:
            continue
        return plain(shown, p)
    return plain(value.quantize(Decimal(1).scaleb(-MAX_PLACES), rounding=ROUND_DOWN), MAX_PLACES)


def phrase_pct(value: Decimal, like: str | None = None) -> str:
    """99.9% (rounded to the precision shown; 100% only when exact)."""
    return f"{percent_text(value, _percent_places(like, value))}%"


def phrase_yoy(value: Decimal, like: str | None = None) -> str:
    """同比增长12% / 同比下降5%."""
    word = "同比下降" if value < 0 else "同比增长"
    magnitude = abs(value)
    places = decimals_of(like) if like is not None else (0 if magnitude == magnitude.to_integral_value() else 1)
    return f"{word}{plain(magnitude.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places)}%"


def phrase_period(value: str) -> str:
    """2021-01/2025-05 → 2021年1月至2025年5月."""
    first, last = str(value).split("/")
    y1, m1 = (int(p) for p in first.split("-"))
    y2, m2 = (int(p) for p in last.split("-"))
    return f"{y1}年{m1}月至{y2}年{m2}月" if y1 != y2 else f"{y1}年{m1}月至{m2}月"


def phrase(value: object, rule: str, unit: str = "", *, like: str | None = None) -> str:
    """Return the report phrase for ``value`` under ``rule`` (the wording rules of the contract)."""
    if rule == "period":
        return phrase_period(str(value))
    if isinstance(value, float) and math.isnan(value):
        raise ValueError("没有数值，无法写出表述")
    d = as_decimal(value)
    if rule == "yu":
        return phrase_yu(d, unit, like)
    if rule == "over":
        return phrase_over(d, unit, like)
    if rule == "near":
        return phrase_near(d, unit)
    if rule == "at_least":
        return phrase_at_least(d, unit, like)
    if rule == "at_most":
        return phrase_at_most(d, unit, like)
    if rule == "pct":
        return phrase_pct(d, like)
    if rule == "yoy":
        return phrase_yoy(d, like)
    if rule in ("exact", "range", "approx", "under"):
        return phrase_exact(d, unit)
    raise ValueError(f"未知的表述规则：{rule}")
