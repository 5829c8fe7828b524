"""The wording writer: value + rule → phrase, and every phrase reads back as a claim the value satisfies."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from analysis.draft.phrasing import phrase
from analysis.draft.quantities import normalize, scan
from analysis.draft.verdicts import HOLDS, judge
from analysis.wording import holds


@pytest.mark.parametrize(
    ("value", "rule", "unit", "like", "expected"),
    [
        (5213, "yu", "份", None, "5000余份"),
        (98.9, "at_least", "%", None, "98%以上"),
        (1137, "over", "人", None, "超千人"),
        (99.93, "pct", "%", None, "99.9%"),
        (156, "yu", "人次", None, "150余人次"),
        (632_000, "yu", "元", None, "60余万元"),
        (52_755_700, "exact", "元", None, "5275.57万元"),
        (123_456, "yu", "人", None, "12万余人"),
        (4122, "yu", "件", "4200", "4100余件"),
        (Decimal(4122) * 100 / Decimal(4125), "pct", "%", "99", "99.9%"),
        (99.96, "pct", "%", None, "99.96%"),
        (100, "pct", "%", None, "100%"),
        (1.1765, "at_most", "%", None, "2%以下"),
        (4122, "near", "件", None, "近4200件"),
        (12.3, "yoy", "%", None, "同比增长12.3%"),
        (-5, "yoy", "%", None, "同比下降5%"),
        ("2021-01/2025-05", "period", "月", None, "2021年1月至2025年5月"),
        (5000, "yu", "份", None, "5000份"),
        (1000, "over", "人", None, "超900人"),
    ],
)
def test_phrases(value, rule, unit, like, expected):
    assert phrase(value, rule, unit, like=like) == expected


def test_at_least_includes_the_number_itself():
    """Civil Code reading: 以上 includes the number, so 98.0% may be written 98%以上."""
    assert phrase(98.0, "at_least", "%") == "98%以上"
    assert holds(98.0, "98", "at_least")
    assert phrase(3.0, "at_most", "%") == "3%以下"


RULES = {"exact": "件", "yu": "人次", "over": "人", "near": "份", "at_least": "%", "at_most": "%", "pct": "%", "yoy": "%"}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_phrase_reads_back_as_a_claim_that_holds(rule):
    """phrase → scan → claim: the value satisfies it under the rule the words carry."""
    rng = random.Random(rule)
    unit = RULES[rule]
    for _ in range(300):
        if rule == "yoy":
            value = Decimal(rng.randint(-500, 500)) / 10
        elif unit == "%":
            value = Decimal(rng.randint(0, 1000)) * 100 / Decimal(rng.randint(1000, 1100))
        else:
            value = Decimal(rng.choice([rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10_000, 2_000_000)]))
        written = phrase(value, rule, unit)
        found = scan(normalize(f"数量{written}"))[0]
        assert len(found) == 1, written
        claim = found[0]
        assert judge(value, claim.claimed, claim.rule) == HOLDS, (value, written, claim)


def test_money_phrases_read_back_in_yuan():
    for value in (10_000, 654_321, 52_755_700, 123_456_789):
        written = phrase(value, "yu", "元")
        claim = scan(normalize(written))[0][0]
        assert claim.unit == "元"
        assert judge(value, claim.claimed, claim.rule) == HOLDS, written


def test_unknown_rule_is_an_error():
    with pytest.raises(ValueError):
        phrase(1, "maybe")
