"""Views and the metrics they share selections with agree, on small inline processed folders;
``publish`` writes a figure's files and tables in one call."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import metrics, views  # noqa: E402
from analysis.report import export  # noqa: E402
from analysis.report import figures as fg  # noqa: E402

PROV = {"source_file": "a.xlsx", "source_sheet": "s", "department": "区政数局"}


def _folder(base, year: int, name: str, rows: list[dict]):
    base.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame([{**PROV, "source_row": i + 3, **r} for i, r in enumerate(rows)])
    frame.to_parquet(base / f"{name}.parquet", index=False)
    (base / "manifest.json").write_text(json.dumps({"year": year}), encoding="utf-8")
    return base


def _ticket(no, date, due, completed, satisfaction, unit="区城管局"):
    return {"ticket_no": no, "received_date": date, "due": due, "completed": completed,
            "satisfaction": satisfaction, "handling_unit": unit}


TICKETS = [
    _ticket("1", "2025-01-05", True, True, "满意"),
    _ticket("2", "2025-02-05", True, False, "不满意", unit=None),
    _ticket("3", "2025-03-05", False, True, "未评价"),
    _ticket("4", "2025-04-05", True, True, "基本满意"),
    _ticket("5", "2025-04-09", None, None, None),
    _ticket("6", "2024-12-30", True, False, "不满意"),
]


def test_hotline_view_counts_what_the_rates_count(tmp_path):
    folder = _folder(tmp_path / "p", 2025, "hotline_tickets", TICKETS)
    tickets = views.hotline_tickets(folder)
    completion = metrics.compute("hotline_completion_rate", folder)
    satisfaction = metrics.compute("hotline_satisfaction_rate", folder)
    assert sorted(tickets["ticket_no"]) == ["1", "2", "3", "4", "5"]  # 2024's ticket is not the year's
    assert (tickets["due"].sum(), tickets["done_due"].sum()) == (completion.denominator, completion.numerator)
    assert (tickets["rated"].sum(), tickets["satisfied"].sum()) == (satisfaction.denominator, satisfaction.numerator)
    assert not tickets.loc[tickets["ticket_no"] == "3", "done_due"].item()  # completed, but not due
    assert tickets.loc[tickets["ticket_no"] == "2", "handling_unit"].item() == views.UNSTATED
    assert tickets.loc[tickets["ticket_no"] == "5", "satisfaction"].item() == "未评价"
    assert [str(m) for m in tickets.sort_values("ticket_no")["month"]] == ["2025-01", "2025-02", "2025-03",
                                                                           "2025-04", "2025-04"]


def test_hotline_view_follows_a_changed_definition(tmp_path, monkeypatch):
    """The view has no rule of its own: a metric defined otherwise changes what the view marks."""
    folder = _folder(tmp_path / "p", 2025, "hotline_tickets", TICKETS)
    definitions = metrics.load_metric_definitions()
    changed = {**definitions, "hotline_satisfaction_rate": {
        **definitions["hotline_satisfaction_rate"], "numerator_where": {"satisfaction": ["满意"]}}}
    monkeypatch.setattr(metrics, "load_metric_definitions", lambda: changed)
    tickets = views.hotline_tickets(folder)
    assert tickets["satisfied"].sum() == metrics.compute("hotline_satisfaction_rate", folder).numerator == 1


def _dispute(no, date, body, resolved, street=None, department="区司法局", resolved_date=None):
    return {"case_no": no, "received_date": date, "handled_by": body, "resolved": resolved, "street": street,
            "department": department, "resolved_date": resolved_date, "dispute_type": "邻里纠纷"}


def test_disputes_view_agrees_with_the_dispute_metrics(tmp_path):
    centre = views.service_centre()
    rows = [
        _dispute("1", "2025-01-02", centre, True, resolved_date="2025-01-12"),
        _dispute("2", "2025-02-02", centre, False),
        _dispute("3", "2025-03-02", "城东司法所", True, street="城东街道"),
        _dispute("4", "2025-03-05", "城西街道人民调解委员会", None, department="城西街道"),
        _dispute("5", "2024-11-05", centre, True),
    ]
    folder = _folder(tmp_path / "p", 2025, "disputes", rows)
    frame = views.disputes(folder).set_index("case_no")
    screened = metrics.compute("disputes_screened", folder)
    rate = metrics.compute("dispute_resolution_rate", folder)
    at_centre = metrics.compute("service_center_resolution_rate", folder)
    assert len(frame) == screened.value == 4
    assert frame["resolved"].sum() == rate.numerator
    mine = frame[frame["kind"] == centre]
    assert (len(mine), mine["resolved"].sum()) == (at_centre.denominator, at_centre.numerator)
    assert frame.loc["4", "street"] == "城西街道"  # a street's own ledger counts for that street
    assert frame.loc["2", "street"] == views.UNSTATED
    assert frame.loc["1", "days"] == 10
    assert list(frame["kind"]) == [centre, centre, "司法所", "街道、社区调委会"]


@pytest.mark.parametrize(("body", "kind"), [
    ("城东司法所", "司法所"), ("区人民法院诉调对接中心", "法院诉调对接"), ("城西社区调委会", "街道、社区调委会"),
    ("区医疗纠纷人民调解委员会", "行业性专业性调委会"), ("区信访局", "其他"), (None, "未注明"), (" ", "未注明"),
])
def test_classify_resolver(body, kind):
    assert views.classify_resolver(body) == kind
    assert kind in views.resolver_kinds()


def test_resolver_kinds_come_from_name_groups_csv(monkeypatch):
    """The word rules are data: a changed name_groups.csv changes the kinds and their order."""
    from analysis.resources import NameGroup

    groups = (NameGroup("人民调解", (), ("调委会",), (), 2), NameGroup("其余", (), (), (), 1))
    monkeypatch.setattr(views, "load_name_groups", lambda grouping: groups)
    assert views.classify_resolver("某街道人民调解委员会", "中心") == "其余"  # no 调委会 in its name
    assert views.classify_resolver("某社区调委会", "中心") == "人民调解"
    assert views.classify_resolver(None, "中心") == views.UNSTATED
    assert views.resolver_kinds()[1:] == ["其余", "人民调解", views.UNSTATED]


def test_group_of_name_needs_every_condition_of_a_row(monkeypatch):
    from analysis.resources import NameGroup

    groups = (NameGroup("甲", ("所",), ("司法",), ("东", "西"), 1),)
    monkeypatch.setattr(views, "load_name_groups", lambda grouping: groups)
    assert views.group_of_name("东城司法所", "x") == "甲"
    assert views.group_of_name("南城司法所", "x") is None  # neither 东 nor 西
    assert views.group_of_name("东城司法局", "x") is None  # does not end with 所


def test_empty_folder_gives_empty_views_with_their_columns(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"year": 2025}), encoding="utf-8")
    tickets, disputes = views.hotline_tickets(tmp_path), views.disputes(tmp_path)
    assert tickets.empty and {"due", "done_due", "rated", "satisfied", "month"} <= set(tickets.columns)
    assert disputes.empty and {"resolved", "kind", "month", "days", "street"} <= set(disputes.columns)


def test_a_year_without_rows_gives_empty_views(tmp_path):
    folder = _folder(tmp_path / "p", 2026, "hotline_tickets", TICKETS)
    assert views.hotline_tickets(folder).empty


def test_publish_writes_figure_data_footnote_and_tables(tmp_path):
    import openpyxl

    fg.apply_style()
    export.set_output(section="views_test", out=tmp_path)
    data = pd.DataFrame({"month": ["1", "2"], "n": [3, 4], "share": [42.9, 57.1]})
    fig, ax = fg.subplots(height=2)
    ax.bar(data["month"], data["n"])
    saved = fg.publish(fig, "by_month", data=data, footnote="来源：测试",
                       tables={"按月": fg.Table(data, {"n": "件数"}, ["share"]), "原样": data}, show=False)
    assert "来源：测试" in [t.get_text() for t in fig.texts]
    assert saved.png.is_file() and saved.svg.is_file()
    assert saved.csv.read_bytes() == export.csv_bytes(data)
    book = openpyxl.load_workbook(tmp_path / "tables" / "views_test.xlsx")
    assert book.sheetnames == ["按月", "原样"]
    assert book["按月"]["B1"].value == "件数" and book["按月"]["C2"].number_format == "0.0%"
    plt.close(fig)


def test_select_rows_is_the_metric_subset(tmp_path):
    cases = [{"case_no": str(i), "accepted_date": f"{2024 + i % 2}-05-0{i + 1}", "wage_arrears": i % 3 != 0,
              "closed": True, "amount_recovered": 100.0 * i} for i in range(6)]
    folder = _folder(tmp_path / "p", 2025, "legal_aid_cases", cases)
    frame = metrics.load("legal_aid_cases", folder)
    chosen = metrics.select_rows("wage_arrears_closure_rate", frame, 2025)
    assert sorted(chosen["case_no"]) == ["1", "5"]  # odd rows are of 2025; rows 0 and 3 are no wage cases
    assert len(chosen) == metrics.compute("wage_arrears_closure_rate", folder).denominator
    assert chosen["amount_recovered"].sum() == metrics.compute("wage_arrears_recovered", folder).value
    assert len(metrics.select_rows("wage_arrears_closure_rate", frame)) == 4  # no year: every wage case


def test_metric_reader_reads_each_dataset_once_into_the_shared_cache(tmp_path, monkeypatch):
    import math

    from analysis.report.analysis_kit import metric_reader, pct

    folder = _folder(tmp_path / "p", 2025, "hotline_tickets", TICKETS)
    reads = []
    real_load = metrics._load
    monkeypatch.setattr(metrics, "_load", lambda name, where: reads.append(name) or real_load(name, where))
    cache: dict = {}
    metric = metric_reader(folder, cache)
    rate = metric("hotline_completion_rate")
    tickets = views.hotline_tickets(folder, cache)
    assert metric("hotline_satisfaction_rate").denominator == tickets["rated"].sum()
    assert reads == ["hotline_tickets"]
    assert pct(rate.numerator, rate.denominator) == pytest.approx(rate.value)
    assert math.isnan(pct(1, 0))
