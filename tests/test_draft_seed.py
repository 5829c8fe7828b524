"""check-draft on the 2025 seed report with the 2025 sample, compared with the report's figure list.

The figure list (resources/report_figures_2025.csv) is the answer key here: the checker never reads it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from analysis.draft.check import check_draft
from analysis.draft.verdicts import HOLDS, NO_DATA, TRUNCATION, UNTIED
from analysis.resources import load_report_figures

SEED = Path(__file__).parent / "data" / "seed_report_2025.txt"

#: Every number of the seed that is not a statistic, in text order, with the reason it is set aside.
SET_ASIDE = [
    ("2025年", "年份"), ("“十四五”", "规划名称"), ("二十大", "会议届次"), ("二十届", "会议届次"),
    ("二中", "会议届次"), ("三中", "会议届次"), ("四中", "会议届次"), ("“两个确立”", "固定提法"),
    ("“两个维护”", "固定提法"), ("三大", "固定提法（如“三大重点”）"), ("一、", "序号"), ("2025年", "年份"),
    ("(一)", "序号"), ("1.", "序号"), ("2.", "序号"), ("“八五”", "固定提法（引号内名称）"), ("(二)", "序号"),
    ("第一", "序数或排名"), ("2024年度", "年份"), ("(三)", "序号"), ("1.", "序号"), ("2.", "序号"),
    ("“八点钟”", "时刻"), ("3.", "序号"), ("(四)", "序号"), ("1.", "序号"), ("12345", "热线号码"),
    ("“万件清理”", "固定提法（引号内名称）"), ("2.", "序号"), ("3.", "序号"),
    ("《西市区权责清单(2025版)》", "法规或文件名称"), ("四级", "层级提法"), ("2025年", "年份"), ("(五)", "序号"),
    ("(六)", "序号"), ("“七个一”", "固定提法"), ("(七)", "序号"), ("1.", "序号"), ("四级", "层级提法"),
    ("“巡回司法所+四所一庭”", "固定提法"), ("近三年", "时间段"), ("十万人口", "比率基数"), ("第一", "序数或排名"),
    ("2.", "序号"), ("“一院式”", "固定提法（引号内名称）"), ("二、", "序号"), ("一是", "序号"), ("二是", "序号"),
    ("二、", "序号"), ("一是", "序号"), ("二是", "序号"), ("三是", "序号"), ("四是", "序号"), ("五是", "序号"),
    ("六是", "序号"),
]


@pytest.fixture(scope="module")
def seed_check(processed_sample, tmp_path_factory):
    missing_previous = tmp_path_factory.mktemp("no_previous_year") / "2024"
    return check_draft(SEED, processed_sample, 2025, missing_previous)


@pytest.fixture(scope="module")
def by_metric(seed_check):
    out = {}
    for f in seed_check.findings:
        assert f.metric not in out, f"{f.metric} tied twice"
        out[f.metric] = f
    return out


def test_finds_exactly_the_report_figures(seed_check):
    key = load_report_figures(2025)
    assert len(key) == 64
    assert len(seed_check.findings) == len(key)
    assert [f for f in seed_check.findings if f.verdict == UNTIED] == []


@pytest.mark.parametrize("row", load_report_figures(2025), ids=lambda r: r["id"])
def test_each_figure_tied_to_its_metric_with_its_rule(by_metric, row):
    assert row["metric"] in by_metric, f"{row['id']} {row['snippet']} not tied"
    f = by_metric[row["metric"]]
    assert f.text in row["snippet"].replace("（", "(").replace("）", ")")
    assert f.section == row["section"]
    assert f.rule == row["rule"]
    assert f.unit == row["unit"]
    if row["rule"] == "period":
        assert f.claimed == row["claimed"]
    else:
        assert Decimal(f.claimed) == Decimal(row["claimed"])


def test_metrics_with_data_hold_and_the_others_have_no_data(seed_check):
    for f in seed_check.findings:
        if f.value is not None and f.value.has_data:
            assert f.verdict in (HOLDS, TRUNCATION), (f.metric, f.value_text)
            assert f.sources
        else:
            assert f.verdict == NO_DATA and f.note, f.metric
    assert sum(f.value.has_data for f in seed_check.findings) >= 27


def test_d07_holds_only_by_truncation_once_the_data_exists(by_metric):
    """4,122 of 4,125 disputes is 99.93%: "99%" only by cutting the digits off."""
    d07 = by_metric["dispute_resolution_rate"]
    if d07.value.has_data:
        assert d07.verdict == TRUNCATION
        assert d07.supported == "99.9%"
    else:
        assert d07.verdict == NO_DATA


def test_d07_rate_against_its_own_counts(seed_check):
    found = [s for s in seed_check.structure if s.kind == "比率仅截断时与文中数字相符"]
    assert len(found) == 1
    assert found[0].section == "一(七)1"
    assert "4122件" in found[0].message and "4125件" in found[0].message and "99.9%" in found[0].message


def test_duplicated_part_number(seed_check):
    numbering = [s for s in seed_check.structure if s.kind == "序号"]
    assert len(numbering) == 1
    assert numbering[0].text == "二、"
    assert "下一步打算" in numbering[0].message and "三、" in numbering[0].message


def test_growth_claims_without_previous_year(seed_check):
    growth = [s for s in seed_check.structure if s.kind == "同比缺少上年数据"]
    assert sorted(s.text for s in growth) == ["同比增长10%", "同比增长12%"]


def test_no_other_structural_findings(seed_check):
    kinds = {s.kind for s in seed_check.structure}
    assert kinds == {"序号", "比率仅截断时与文中数字相符", "同比缺少上年数据"}


def test_every_other_number_is_set_aside(seed_check):
    assert [(a.item.text, a.item.reason) for a in seed_check.set_aside] == SET_ASIDE
    figure_spans = {(f.block, f.quantity.start) for f in seed_check.findings}
    assert not any((a.block, a.item.start) in figure_spans for a in seed_check.set_aside)


def test_a_line_wrapped_inside_a_sentence_is_one_paragraph():
    from analysis.draft.documents import read_txt

    blocks = read_txt(SEED)
    assert blocks[-1].text.startswith("六是") and "分类处置诉求" in blocks[-1].text
    assert blocks[1].text == "一、2025年法治建设工作情况" and blocks[2].text.startswith("(一)")
