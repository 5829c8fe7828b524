"""The disputes, services and governance sections: the sample's ground truth against the cleaner.

``analysis.sample.check`` says what every metric must be and which rows every dataset must keep,
computed from the generator's records. The cleaned 2025 sample (with the 2024 sample beside it
for the year-on-year figures) is compared with it: every figure and every planned row.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter

import pandas as pd
import pytest

from analysis import metrics
from analysis.intake.run import run_clean
from analysis.resources import load_report_figures
from analysis.sample import check
from analysis.wording import holds

from .conftest import RAW_2025, ROOT

RAW_2024 = ROOT / "data" / "raw" / "2024"
SECTION_AREAS = ("disputes", "services", "governance")
@pytest.fixture(scope="module")
def truth() -> dict:
    return check.ground_truth(2025)


@pytest.fixture(scope="module")
def years(processed_sample, tmp_path_factory):
    """The cleaned samples in folders named after their years: …/2025 beside …/2024."""
    base = tmp_path_factory.mktemp("years")
    shutil.copytree(processed_sample, base / "2025")
    run_clean(RAW_2024, base / "2024", year=2024, jobs=1, progress=False)
    return base


def _section_figures() -> list:
    figures = [f for f in load_report_figures(2025) if f["area"] in SECTION_AREAS]
    return [pytest.param(f, id=f"{f['id']}-{f['metric']}") for f in figures]


def test_the_sections_have_37_figures():
    assert len(_section_figures()) == 37


@pytest.mark.parametrize("figure", _section_figures())
def test_cleaned_sample_gives_the_ground_truth(figure, years, truth):
    r = metrics.compute(figure["metric"], years / "2025")
    expected = truth[figure["metric"]]
    assert r.value == pytest.approx(expected, abs=1e-3), r.note
    assert holds(r.value, figure["claimed"], figure["rule"])


def test_ground_truth_holds_every_report_figure(truth):
    figures = load_report_figures(2025)
    assert len(figures) == 64 and set(truth) >= {f["metric"] for f in figures}
    assert [f["id"] for f in figures if not holds(truth[f["metric"]], f["claimed"], f["rule"])] == []


def test_d07_holds_by_truncation_only(truth):
    rate = truth["dispute_resolution_rate"]
    assert round(rate) == 100 and holds(rate, "99", "pct")
    assert truth["disputes_resolved"] < truth["disputes_screened"]


def test_the_service_centre_is_a_subset_with_its_own_rate(years, truth):
    centre = metrics.compute("service_center_resolution_rate", years / "2025")
    every = metrics.compute("dispute_resolution_rate", years / "2025")
    assert 0 < centre.denominator < every.denominator
    assert centre.value < every.value


def test_without_the_previous_year_the_yoy_figures_say_so(years, tmp_path):
    alone = tmp_path / "2025"
    shutil.copytree(years / "2025", alone)
    for metric_id in ("legal_aid_cases_yoy", "women_children_cases_yoy"):
        r = metrics.compute(metric_id, alone)
        assert r.value is None and r.note.startswith(metrics.MISSING_PREVIOUS)
    table = metrics.write_key_figures(alone, tmp_path / "kf.csv")
    row = table.set_index("metric").loc["legal_aid_cases_yoy"]
    assert row["value"] is None and row["note"].startswith(metrics.MISSING_PREVIOUS)
    with_2024 = metrics.compute("legal_aid_cases_yoy", years / "2025")
    assert with_2024.value is not None and with_2024.denominator > 0


def test_every_ledger_sheet_is_recognised_and_keeps_its_rows(processed_sample):
    """Per file and sheet, the rows the cleaner keeps for the section datasets equal the planned ones."""
    expected = check.expected_rows(2025)
    kept: Counter = Counter()
    for name in check.SECTION_DATASETS:
        path = processed_sample / f"{name}.parquet"
        if path.is_file():
            frame = pd.read_parquet(path, columns=["source_file", "source_sheet"])
            kept.update((name, f, s) for f, s in frame.itertuples(index=False))
    planned = Counter((name, r["source_file"], r["source_sheet"]) for name, rows in expected.items()
                      if name != "indicator_values" for r in rows)
    assert planned and {k: v for k, v in kept.items() if k[0] != "indicator_values"} == planned


def test_expected_rows_carry_no_personal_data(tmp_path):
    rows = check.expected_rows(2025)
    assert set(rows) == set(check.SECTION_DATASETS)
    for name, records in rows.items():
        assert records, name
        assert not {"name", "id_number", "phone", "person", "_name"} & set(records[0]), name
    assert all((RAW_2025 / r["source_file"]).is_file() for r in rows["hotline_tickets"])
    unknown = [r for r in rows["indicator_values"] if not r["known"]]
    assert unknown and all(r["indicator"] for r in unknown)
    written = check.write_ground_truth(2025, tmp_path)
    with open(written[0], encoding="utf-8", newline="") as handle:
        metrics_rows = list(csv.DictReader(handle))
    assert {r["metric"] for r in metrics_rows} >= {f["metric"] for f in load_report_figures(2025)}
    assert len(written) == 1 + len(check.SECTION_DATASETS)


def test_indicator_forms_of_every_shape_give_the_planned_rows(processed_sample):
    """Long (with 其中 rows, 上年数 and 同比 columns), wide (one column per indicator) and 近三年
    (one column per year) forms: each planned indicator value is kept once, in its canonical unit."""
    expected = Counter((r["indicator"], round(float(r["value"]), 2), r["unit"], int(r["period_year"]), r["department"])
                       for r in check.expected_rows(2025)["indicator_values"])
    frame = pd.read_parquet(processed_sample / "indicator_values.parquet")
    kept = Counter((r.indicator, round(float(r.value), 2), r.unit, int(r.period_year), r.department)
                   for r in frame.itertuples(index=False))
    assert kept == expected
