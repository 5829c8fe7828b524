"""Verdicts on synthetic values: truncation, rounding, 100% only when exact, conflicting statements."""

from __future__ import annotations

from decimal import Decimal

import pytest

from analysis.draft.check import check_blocks
from analysis.draft.documents import Block
from analysis.draft.metric_values import MetricValue, MetricValues, label_of, unit_of
from analysis.draft.verdicts import (
    FAILS,
    HOLDS,
    NO_DATA,
    TRUNCATION,
    UNTIED,
    interval,
    intervals_meet,
    judge,
)


class FixedValues(MetricValues):
    """Metric values given by the test (no processed folder)."""

    def __init__(self, values: dict[str, object]):
        super().__init__(None)
        self.fixed = values

    def _compute(self, metric: str) -> MetricValue:
        value = self.fixed.get(metric)
        if value is None:
            return MetricValue(metric, label_of(metric), None, unit_of(metric), note="测试：无数据")
        v = value if isinstance(value, str) else Decimal(str(value))
        return MetricValue(metric, label_of(metric), v, unit_of(metric), "test", 1, ("测试.xlsx",))


@pytest.mark.parametrize(
    ("value", "claimed", "rule", "verdict"),
    [
        (99.927, "99", "pct", TRUNCATION),
        (99.927, "99.9", "pct", HOLDS),
        (99.927, "100", "pct", FAILS),
        (100, "100", "pct", HOLDS),
        (98.85, "98.9", "pct", HOLDS),
        (98.84, "98.9", "pct", FAILS),
        (98.89, "98.8", "pct", TRUNCATION),
        (12.4, "12", "yoy", HOLDS),
        (-12.4, "12", "yoy", FAILS),
        (-12.4, "-12", "yoy", HOLDS),
        (5460, "5000", "yu", HOLDS),
        (6000, "5000", "yu", FAILS),
        (5000, "5000", "yu", FAILS),
        (98, "98", "at_least", HOLDS),
        (3, "3", "at_most", HOLDS),
        (1000, "1000", "over", FAILS),
        (4, "3", "range", FAILS),
        (4, "3", "under", FAILS),
        ("2021-01/2025-05", "2021-01/2025-05", "period", HOLDS),
    ],
)
def test_judge(value, claimed, rule, verdict):
    assert judge(value, claimed, rule) == verdict


def test_truncated_rate_in_a_sentence_gets_the_rounded_wording():
    blocks = [Block("paragraph", "(七)筑牢法治根基"), Block("paragraph", "1.构建体系。排查化解矛盾纠纷4125件，化解4122件，化解率99%。")]
    values = FixedValues({"disputes_screened": 4125, "disputes_resolved": 4122, "dispute_resolution_rate": 99.927})
    result = check_blocks(blocks, values)
    rate = next(f for f in result.findings if f.metric == "dispute_resolution_rate")
    assert rate.verdict == TRUNCATION
    assert rate.supported == "99.9%"
    assert [f.verdict for f in result.findings if f.metric != "dispute_resolution_rate"] == [HOLDS, HOLDS]


def test_changed_count_does_not_hold_and_gets_the_supported_wording():
    blocks = [Block("paragraph", "开展精准普法活动25次，发放宣传材料7000余份，覆盖群众2000余人。")]
    values = FixedValues({"precision_events": 21, "precision_materials": 5213, "precision_people": 2430})
    result = check_blocks(blocks, values)
    assert [(f.metric, f.verdict, f.supported) for f in result.findings] == [
        ("precision_events", FAILS, "21次"),
        ("precision_materials", FAILS, "5000余份"),
        ("precision_people", HOLDS, ""),
    ]


def test_untied_and_no_data_are_listed_not_skipped():
    blocks = [Block("paragraph", "今年新建了7个小花园，12345热线办结率98%。")]
    result = check_blocks(blocks, FixedValues({}))
    assert [(f.text, f.verdict) for f in result.findings] == [("7个", UNTIED), ("98%", NO_DATA)]


def test_same_metric_stated_twice():
    blocks = [Block("paragraph", "组织社区矫正法治教育24场，教育达标率98%以上。"),
              Block("paragraph", "组织社区矫正法治教育24场，教育达标率97%。")]
    result = check_blocks(blocks, FixedValues({}))
    conflicts = [s for s in result.structure if s.kind == "同一指标两处表述不一致"]
    assert len(conflicts) == 1 and "98%以上" in conflicts[0].message and "97%" in conflicts[0].message


def test_consistent_statements_are_no_conflict():
    assert intervals_meet(interval("5000", "yu"), interval("5460", "exact"))
    assert intervals_meet(interval("98.9", "pct"), interval("98.93", "pct"))
    assert not intervals_meet(interval("21", "exact"), interval("25", "exact"))
    assert not intervals_meet(interval("98", "at_least"), interval("97", "pct"))
