"""The metric kinds of the disputes, services and governance sections, on small inline frames.

Each test writes processed parquet files (and a manifest naming the report year) into tmp_path
and calls ``metrics.compute`` as the notebooks and ``metrics`` command do.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import metrics, paths
from analysis.resources import (
    indicator_for_metric,
    load_indicators,
    load_metric_definitions,
    load_report_figures,
)

PROV = {"source_file": "a.xlsx", "source_sheet": "s", "department": "区司法局"}


def _folder(base, year: int, datasets: dict[str, list[dict]]):
    """A processed folder for ``year``: one parquet per dataset and a manifest with the year."""
    base.mkdir(parents=True, exist_ok=True)
    for name, rows in datasets.items():
        frame = pd.DataFrame([{**PROV, "source_row": i + 3, **r} for i, r in enumerate(rows)])
        frame.to_parquet(base / f"{name}.parquet", index=False)
    (base / "manifest.json").write_text(json.dumps({"year": year}), encoding="utf-8")
    return base


def _aid(n: int, year: int, groups: str = "其他", **extra) -> list[dict]:
    return [{"case_no": f"援{year}-{i}", "accepted_date": f"{year}-03-{i % 28 + 1:02d}", "groups": groups, **extra}
            for i in range(n)]


# ---------------------------------------------------------------- share, year filter, any_of


def test_share_with_denominator_and_numerator_selections(tmp_path):
    tickets = [
        {"ticket_no": "1", "received_date": "2025-01-05", "due": True, "completed": True, "satisfaction": "满意"},
        {"ticket_no": "2", "received_date": "2025-02-05", "due": True, "completed": False, "satisfaction": "不满意"},
        {"ticket_no": "3", "received_date": "2025-03-05", "due": False, "completed": False, "satisfaction": "未评价"},
        {"ticket_no": "4", "received_date": "2025-04-05", "due": True, "completed": True, "satisfaction": "基本满意"},
        {"ticket_no": "5", "received_date": "2024-12-30", "due": True, "completed": False, "satisfaction": "不满意"},
    ]
    folder = _folder(tmp_path / "p", 2025, {"hotline_tickets": tickets})
    done = metrics.compute("hotline_completion_rate", folder)
    assert (done.numerator, done.denominator) == (2.0, 3.0)  # ticket 3 is not due, ticket 5 is of 2024
    assert done.value == pytest.approx(200 / 3)
    assert sorted(done.rows["ticket_no"]) == ["1", "2", "4"]
    rated = metrics.compute("hotline_satisfaction_rate", folder)
    assert (rated.numerator, rated.denominator) == (2.0, 3.0)  # 未评价 is no rating


def test_share_over_a_subset_and_year_filter_on_counts(tmp_path):
    centre = "区社会治理综合服务中心"
    disputes = [
        {"received_date": "2025-02-01", "handled_by": centre, "resolved": True},
        {"received_date": "2025-02-02", "handled_by": centre, "resolved": False},
        {"received_date": "2025-02-03", "handled_by": "中华路司法所", "resolved": True},
        {"received_date": "2025-02-04", "handled_by": None, "resolved": True},
        {"received_date": "2024-12-20", "handled_by": centre, "resolved": True},
    ]
    folder = _folder(tmp_path / "p", 2025, {"disputes": disputes})
    assert metrics.compute("disputes_screened", folder).value == 4
    assert metrics.compute("disputes_resolved", folder).value == 3
    assert metrics.compute("dispute_resolution_rate", folder).value == pytest.approx(75.0)
    centre_rate = metrics.compute("service_center_resolution_rate", folder)
    assert (centre_rate.numerator, centre_rate.denominator, centre_rate.value) == (1.0, 2.0, 50.0)


def test_the_report_year_comes_from_the_manifest(tmp_path):
    disputes = [{"received_date": "2024-05-01", "resolved": True}, {"received_date": "2025-05-01", "resolved": True}]
    assert metrics.compute("disputes_screened", _folder(tmp_path / "a", 2024, {"disputes": disputes})).value == 1
    only_2024 = [disputes[0]]
    assert metrics.compute("disputes_screened", _folder(tmp_path / "b", 2025, {"disputes": only_2024})).value == 0


def test_sum_counts_a_blank_as_fill(tmp_path):
    rows = [{"consult_date": "2025-03-01", "channel": "来访", "people": None},
            {"consult_date": "2025-03-01", "channel": "电话", "people": 12},
            {"consult_date": "2025-03-02", "channel": "来访", "people": None}]
    folder = _folder(tmp_path / "p", 2025, {"legal_consultations": rows})
    assert metrics.compute("legal_consultations", folder).value == 14


def test_sum_keeps_cents_and_selects_by_flag(tmp_path):
    cases = [{"case_no": "1", "accepted_date": "2025-04-01", "wage_arrears": True, "amount_recovered": 8500.5, "closed": True},
             {"case_no": "2", "accepted_date": "2025-04-02", "wage_arrears": True, "amount_recovered": None, "closed": False},
             {"case_no": "3", "accepted_date": "2025-04-03", "wage_arrears": False, "amount_recovered": 30000.0, "closed": True}]
    folder = _folder(tmp_path / "p", 2025, {"legal_aid_cases": cases})
    assert metrics.compute("wage_arrears_recovered", folder).value == 8500.5
    closure = metrics.compute("wage_arrears_closure_rate", folder)
    assert (closure.numerator, closure.denominator) == (1.0, 2.0)


def test_any_of_matches_members_of_list_cells(tmp_path):
    rows = [{"groups": "妇女"}, {"groups": "农民工;妇女"}, {"groups": "未成年人"}, {"groups": "妇女儿童"}, {"groups": None}]
    picked = metrics._select(pd.DataFrame(rows), {"groups": {"any_of": ["妇女", "未成年人"]}})
    assert picked.index.tolist() == [0, 1, 2]  # "妇女儿童" is one unmapped text, not a list holding 妇女


# ---------------------------------------------------------------- year on year


def test_previous_processed_dir_rule(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "data" / "processed")
    assert metrics.previous_processed_dir(tmp_path / "x" / "2025", 2025) == tmp_path / "x" / "2024"
    assert metrics.previous_processed_dir(tmp_path / "x" / "2026", 2026) == tmp_path / "x" / "2025"
    assert metrics.previous_processed_dir(tmp_path / "out", 2025) == tmp_path / "data" / "processed" / "2024"
    # every year, the configured one too, has its own folder
    assert metrics.previous_processed_dir(tmp_path / "out", 2026) == tmp_path / "data" / "processed" / "2025"


def test_yoy_from_the_sibling_year_folder(tmp_path):
    _folder(tmp_path / "2024", 2024, {"legal_aid_cases": _aid(20, 2024) + _aid(5, 2024, "妇女") + _aid(5, 2023)})
    this = _aid(22, 2025) + _aid(3, 2025, "农民工;妇女") + _aid(3, 2025, "未成年人") + _aid(4, 2024)
    folder = _folder(tmp_path / "2025", 2025, {"legal_aid_cases": this})
    r = metrics.compute("legal_aid_cases_yoy", folder)
    assert (r.numerator, r.denominator) == (28, 25)  # rows of other years left out on both sides
    assert r.value == pytest.approx(12.0) and r.note == ""
    women = metrics.compute("women_children_cases_yoy", folder)
    assert (women.numerator, women.denominator, women.value) == (6, 5, pytest.approx(20.0))
    assert len(women.rows) == 6


def test_the_draft_checker_reads_a_yoy_metric_as_the_growth_not_the_ratio(tmp_path):
    from analysis.draft.metric_values import MetricValues

    _folder(tmp_path / "2024", 2024, {"legal_aid_cases": _aid(25, 2024)})
    folder = _folder(tmp_path / "2025", 2025, {"legal_aid_cases": _aid(28, 2025)})
    value = MetricValues(folder).get("legal_aid_cases_yoy")
    assert float(value.value) == pytest.approx(12.0)  # 28 against 25, not 112
    assert float(MetricValues(folder).get("legal_aid_cases").value) == 28


def test_yoy_without_previous_data_is_none_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "nowhere")
    folder = _folder(tmp_path / "2025", 2025, {"legal_aid_cases": _aid(10, 2025)})
    r = metrics.compute("legal_aid_cases_yoy", folder)
    assert r.value is None and r.note.startswith(metrics.MISSING_PREVIOUS)
    _folder(tmp_path / "2024", 2024, {"disputes": [{"received_date": "2024-01-01"}]})  # a 2024 folder, no cases
    r = metrics.compute("legal_aid_cases_yoy", folder)
    assert r.value is None and r.note.startswith(metrics.MISSING_PREVIOUS) and "legal_aid_cases" in r.note
    out = tmp_path / "kf.csv"
    metrics.write_key_figures(folder, out)
    table = pd.read_csv(out).set_index("metric")
    assert pd.isna(table.loc["legal_aid_cases_yoy", "value"])
    assert table.loc["legal_aid_cases_yoy", "note"].startswith(metrics.MISSING_PREVIOUS)
    assert table.loc["legal_aid_cases", "value"] == 10


# ---------------------------------------------------------------- indicators


def _values(rows: list[tuple[str, float, int, str]]) -> list[dict]:
    return [{"indicator": i, "value": v, "period_year": y, "department": d, "unit": ""} for i, v, y, d in rows]


def test_indicator_sums_departments_for_the_report_year(tmp_path):
    folder = _folder(tmp_path / "p", 2025, {"indicator_values": _values([
        ("网格员", 5, 2025, "中华路街道"), ("网格员", 7, 2025, "人民街道"), ("网格员", 6, 2024, "人民街道"),
        ("网格员数", 100, 2025, "站前街道"),  # an unmapped spelling is not the indicator
        ("清偿各类欠款", 52755700.0, 2025, "区发展和改革局"), ("清偿各类欠款", 41000000.0, 2024, "区发展和改革局"),
    ])})
    grid = metrics.compute("grid_workers", folder)
    assert grid.value == 12 and sorted(grid.rows["department"]) == ["中华路街道", "人民街道"]
    assert metrics.compute("arrears_repaid", folder).value == 52755700
    missing = metrics.compute("power_lists", folder)
    assert missing.value is None and "权责清单" in missing.note


def test_indicator_years_sum_needs_every_year(tmp_path):
    three = _values([("命案", 0, 2023, "区社会治安综合治理中心"), ("命案", 0, 2024, "区社会治安综合治理中心"),
                     ("命案", 0, 2025, "区社会治安综合治理中心"), ("命案", 2, 2022, "区社会治安综合治理中心")])
    r = metrics.compute("homicides_3y", _folder(tmp_path / "a", 2025, {"indicator_values": three}))
    assert r.value == 0 and len(r.rows) == 3  # zero is a value, 2022 is outside the three years
    some = _values([("命案", 1, 2024, "区社会治安综合治理中心"), ("命案", 0, 2025, "区社会治安综合治理中心")])
    r = metrics.compute("homicides_3y", _folder(tmp_path / "b", 2025, {"indicator_values": some}))
    assert r.value is None and "2023年" in r.note
    earlier = _values([("命案", 2, 2022, "区社会治安综合治理中心"), ("命案", 0, 2023, "区社会治安综合治理中心")])
    r = metrics.compute("homicides_3y", _folder(tmp_path / "c", 2024, {"indicator_values": some + earlier}))
    assert r.value == 3  # 2022..2024 for a 2024 report


def test_every_indicator_metric_has_one_indicator_with_its_unit():
    definitions = load_metric_definitions()
    for metric_id, d in definitions.items():
        if d["agg"] not in ("indicator", "indicator_years_sum"):
            continue
        feeding = [i for i in load_indicators().values() if i.metric == metric_id]
        assert len(feeding) == 1, metric_id
        assert feeding[0].unit == d["unit"], metric_id
    fed = {i.metric for i in load_indicators().values() if i.metric}
    assert fed <= set(definitions)
    for indicator in load_indicators().values():
        assert not indicator.parent or indicator.parent in load_indicators()
    assert indicator_for_metric("disputes_screened") is None


def test_every_report_figure_has_a_definition():
    definitions = load_metric_definitions()
    assert [f["metric"] for f in load_report_figures(2025) if f["metric"] not in definitions] == []
    with pytest.raises(KeyError):
        metrics.compute("no_such_metric")
