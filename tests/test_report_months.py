"""Month ranges and labels of the monthly charts (analysis.report.charts)."""

from __future__ import annotations

import pandas as pd

from analysis import metrics
from analysis.report import figures as fg


def _months(*texts: str) -> list[pd.Period]:
    return [pd.Period(t, "M") for t in texts]


def test_report_months_start_in_january_and_end_with_the_data_or_december():
    dates = _months("2025-03", "2025-07")
    assert list(fg.report_months(dates, 2025)) == _months(*(f"2025-{m:02d}" for m in range(1, 8)))
    assert len(fg.report_months(dates, 2025, to_december=True)) == 12
    earlier = fg.report_months(_months("2024-11", "2025-02"), 2025)
    assert earlier[0] == pd.Period("2024-11", "M") and earlier[-1] == pd.Period("2025-02", "M")
    assert len(fg.report_months([None], 2025)) == 12  # no dates: the whole year


def test_month_labels_within_one_year_and_across_years():
    one = _months("2025-01", "2025-12")
    assert fg.month_labels(one) == ["1", "12"]
    assert fg.month_labels(one, suffix="月") == ["1月", "12月"]
    assert fg.month_axis_label(one) == "2025年月份" and not fg.spans_years(one)
    two = _months("2024-12", "2025-01")
    assert fg.month_labels(two, suffix="月") == ["24/12", "25/1"]
    assert fg.month_axis_label(two) == "年/月" and fg.spans_years(two)


def test_in_periods_keeps_the_given_years_and_drops_blank_ones():
    rows = pd.DataFrame({"period_year": pd.array([2024, 2025, None], dtype="Int64"), "value": [1, 2, 3]})
    assert metrics.in_periods(rows, [2025])["value"].tolist() == [2]
    assert metrics.in_periods(rows, range(2024, 2026))["value"].tolist() == [1, 2]
