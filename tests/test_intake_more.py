"""Issue 20, the remaining corpus losses: each general rule on a small workbook written here,
with the exact rows the cleaner must give."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from .workbooks import clean, write_xlsx

D = dt.date


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def test_a_date_header_over_months_binds_the_month_not_a_day(raw, out):
    """时间 (or 统计日期) over 2025.1 / 2025年2月 is the month of a monthly report: no consultation date."""
    write_xlsx(raw / "区教育局" / "执法备案月报.xlsx", [
        ["2025年涉企检查备案月报"], ["填报单位：区教育局"],
        ["联系人", "时间", "备案（件）", "报送方式"],
        ["张三", "2025.1", 3, "线上"],
        ["张三", "2025.2", 0, "线下"],
        ["李四", "2025.3", 5, "线上"],
    ])
    write_xlsx(raw / "区市场监督管理局" / "备案统计.xlsx", [
        ["区市场监督管理局涉企执法备案月度统计"],
        ["统计日期", "报备（次）", "方式"],
        ["2025年1月", 2, "书面"],
        ["2025年2月", 4, "现场"],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("enforcement_filings", ["department", "month", "filings"])) == sorted([
        ("区教育局", D(2025, 1, 1), 3), ("区教育局", D(2025, 2, 1), 0), ("区教育局", D(2025, 3, 1), 5),
        ("区市场监督管理局", D(2025, 1, 1), 2), ("区市场监督管理局", D(2025, 2, 1), 4)])
    assert c.rows("legal_consultations", ["source_file"]) == []
