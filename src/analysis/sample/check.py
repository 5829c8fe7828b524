"""What the sample's counted records add up to, checked against the report's wording.

This is the generator's own bookkeeping, independent of the cleaner: it proves the planned
rows reproduce every figure of the report before a file is written. Whether the cleaner gets
there from the messy files is what its tests check; the ground truth below is what they (and
the engineer rewriting the intake) compare with:

- ``ground_truth(year)``: metric id → the value the cleaned sample must give;
- ``expected_rows(year)``: per dataset of the disputes, services and governance sections, the
  canonical rows the cleaner must keep (no personal data), with the file and sheet they are on;
- ``python -m analysis.sample.check --year 2025 --out DIR`` writes both (expected_metrics.csv,
  expected_<dataset>.csv) and prints the metrics.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from analysis.paths import RESOURCES

AREAS = ("publicity", "case_review", "correction", "disputes", "services", "governance")
SECTION_DATASETS = ("disputes", "hotline_tickets", "risk_assessments", "one_court_requests", "legal_aid_cases",
                    "legal_consultations", "reconsideration_cases", "court_appearances", "indicator_values")
RATED = ("满意", "基本满意", "不满意")
SATISFIED = ("满意", "基本满意")
CENTRE = "区社会治理综合服务中心"


def _events(records, category, audience=None):
    return [
        r for r in records["publicity_events"]
        if r["counts"] and r["category"] == category and (audience is None or r["audience"] == audience)
    ]  # fmt: skip


def _share(rows, flag):
    return 100 * sum(r[flag] for r in rows) / len(rows)


def expected_figures(records: dict[str, list[dict]], previous: dict[str, list[dict]] | None = None,
                     year: int = 2025) -> dict[str, object]:
    """Metric id -> value, computed from the records the cleaner should keep (``previous``: last
    year's records, for the year-on-year figures)."""
    counted = {name: [r for r in rows if r["counts"]] for name, rows in records.items()}
    figures: dict[str, object] = {}
    for prefix, category, audience in (
        ("precision", "精准普法", None), ("antifraud", "反诈宣传", None),
        ("veteran", "政策宣讲", "退役军人"), ("school", "送法进校园", None),
    ):  # fmt: skip
        rows = _events(records, category, audience)
        figures[f"{prefix}_events"] = len(rows)
        figures[f"{prefix}_people"] = sum(r["people_reached"] for r in rows)
        figures[f"{prefix}_materials"] = sum(r["materials"] for r in rows)
    figures["veteran_briefings"] = figures.pop("veteran_events")
    figures["school_students_reached"] = figures.pop("school_people")
    figures["legal_liaison_trainings"] = len(_events(records, "法律明白人培训"))
    figures["themed_events"] = len(_events(records, "专题活动"))
    figures["douyin_videos"] = sum(
        1
        for r in counted["publicity_videos"]
        if r["platform"] == "抖音" and r["account"] == "西市司法"
    )
    vp = counted["vice_principals"]
    figures["vice_principals_per_school"] = min(Counter(r["school"] for r in vp).values())
    figures["procuratorate_vice_principals"] = len(
        {r["person"].id_number for r in vp if r["file"] == "jcy_vp"}
    )
    cases = counted["case_file_reviews"]
    figures["reviewers"] = len({r["reviewer"] for r in cases})
    figures["case_files_reviewed"] = len(cases)
    months = sorted(r["closed_date"].strftime("%Y-%m") for r in cases)
    figures["closed_period"] = f"{months[0]}/{months[-1]}"
    figures["enterprise_enforcement_filings"] = sum(
        r["filings"] for r in counted["enforcement_filings"]
    )
    staff = counted["enforcement_staff"]
    figures["legal_review_staff_share"] = (
        100
        * sum(r["legal_review_staff"] for r in staff)
        / sum(r["enforcement_staff"] for r in staff)
    )
    sessions = counted["correction_education"]
    figures["correction_education_sessions"] = len(sessions)
    figures["correction_education_pass_rate"] = (
        100 * sum(r["passed"] for r in sessions) / sum(r["attendees"] for r in sessions)
    )
    figures["psych_service_person_times"] = len(counted["psych_services"])
    roster = counted["resettlement"]
    figures["resettlement_handover_rate"] = _share(roster, "handed_over")
    figures["resettlement_placement_rate"] = _share(roster, "placed")
    figures["resettlement_assistance_rate"] = _share(roster, "assisted")
    figures["reoffending_rate"] = _share(roster, "reoffended")
    figures.update(section_figures(counted, previous, year))
    return figures


def _of_year(rows: list[dict], field: str, year: int) -> list[dict]:
    return [r for r in rows if isinstance(r.get(field), date) and r[field].year == year]


def _rate(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def _women_or_minors(rows: list[dict]) -> list[dict]:
    return [r for r in rows if {"妇女", "未成年人"} & set((r["groups"] or "").split(";"))]


def indicator_rows(records: list[dict]) -> list[dict]:
    """The canonical indicator_values rows of the counted form rows: one per department, indicator
    and year (a form row carries this year's value and, where printed, last year's)."""
    seen: dict[tuple, dict] = {}
    for record in records:
        if not record["counts"]:
            continue
        for row in record["truth"]:
            seen.setdefault((row["department"], row["indicator"], row["period_year"]), {**row, "record": record})
    return list(seen.values())


def section_figures(counted: dict[str, list[dict]], previous: dict[str, list[dict]] | None,
                    year: int = 2025) -> dict[str, object]:
    """The 37 figures of the areas disputes, services and governance."""
    from analysis.resources import indicator_for_metric, load_metric_definitions

    figures: dict[str, object] = {}
    if "disputes" not in counted:
        return figures
    disputes = _of_year(counted["disputes"], "received_date", year)
    centre = [r for r in disputes if r["handled_by"] == CENTRE]
    figures["disputes_screened"] = len(disputes)
    figures["disputes_resolved"] = sum(r["resolved"] for r in disputes)
    figures["dispute_resolution_rate"] = _rate(figures["disputes_resolved"], len(disputes))
    figures["service_center_resolution_rate"] = _rate(sum(r["resolved"] for r in centre), len(centre))
    tickets = _of_year(counted["hotline_tickets"], "received_date", year)
    due = [r for r in tickets if r["due"]]
    rated = [r for r in tickets if r["satisfaction"] in RATED]
    figures["hotline_completion_rate"] = _rate(sum(r["completed"] for r in due), len(due))
    figures["hotline_satisfaction_rate"] = _rate(sum(r["satisfaction"] in SATISFIED for r in rated), len(rated))
    figures["stability_risk_assessments"] = sum(r["completed"] for r in counted["risk_assessments"])
    requests = _of_year(counted["one_court_requests"], "received_date", year)
    figures["one_court_requests"] = len(requests)
    figures["one_court_requests_closed"] = sum(r["closed"] for r in requests)
    cases = _of_year(counted["legal_aid_cases"], "accepted_date", year)
    figures["legal_aid_cases"] = len(cases)
    before = _of_year([r for r in (previous or {}).get("legal_aid_cases", []) if r["counts"]], "accepted_date",
                      year - 1)
    figures["legal_aid_cases_yoy"] = (len(cases) / len(before) - 1) * 100 if before else None
    women, women_before = _women_or_minors(cases), _women_or_minors(before)
    figures["women_children_cases_yoy"] = (len(women) / len(women_before) - 1) * 100 if women_before else None
    wage = [r for r in cases if r["wage_arrears"]]
    figures["wage_arrears_closure_rate"] = _rate(sum(r["closed"] for r in wage), len(wage))
    recovered = sum(Decimal(str(r["amount_recovered"] or 0)) for r in wage)
    figures["wage_arrears_recovered"] = int(recovered) if recovered == int(recovered) else float(recovered)
    aid_rated = [r for r in cases if r["satisfaction"] in RATED]
    figures["legal_services_satisfaction"] = _rate(sum(r["satisfaction"] in SATISFIED for r in aid_rated),
                                                   len(aid_rated))
    consultations = _of_year(counted["legal_consultations"], "consult_date", year)
    figures["legal_consultations"] = sum(r["people"] if r["people"] is not None else 1 for r in consultations)
    applications = _of_year(counted["reconsideration_cases"], "received_date", year)
    figures["reconsideration_applications"] = len(applications)
    figures["reconsideration_accepted"] = sum(r["accepted"] for r in applications)
    figures["reconsideration_closed"] = sum(r["closed"] for r in applications)
    hearings = _of_year(counted["court_appearances"], "hearing_date", year)
    figures["leader_court_appearance_rate"] = _rate(sum(r["leader_appeared"] for r in hearings), len(hearings))
    values = indicator_rows(counted["indicator_values"])
    for metric_id, d in load_metric_definitions().items():
        if d["agg"] not in ("indicator", "indicator_years_sum"):
            continue
        name = indicator_for_metric(metric_id).name
        years = range(year - int(d.get("years", 1)) + 1, year + 1)
        chosen = [r for r in values if r["indicator"] == name and r["period_year"] in years]
        if {r["period_year"] for r in chosen} != set(years):
            figures[metric_id] = None
            continue
        total = sum(Decimal(str(r["value"])) for r in chosen)
        figures[metric_id] = int(total) if total == int(total) else float(total)
    return figures


def holds(rule: str, claimed: str, value) -> bool:
    """The report's wording rules (datasets.md) for the rules these areas use."""
    if rule == "period":
        return value == claimed
    n = Decimal(claimed)
    x = Decimal(str(value))
    if rule == "exact":
        return x == n
    if rule == "yu":
        digits = str(int(n)).rstrip("0")
        unit = Decimal(10) ** (len(str(int(n))) - len(digits))
        return n < x < n + unit
    if rule == "over":
        return x > n
    if rule == "at_least":
        return x >= n
    if rule == "at_most":
        return x <= n
    if rule in ("pct", "yoy"):
        places = -n.as_tuple().exponent if n.as_tuple().exponent < 0 else 0
        if rule == "pct" and n in (0, 100):
            return x == n
        step = Decimal(1).scaleb(-places)
        return abs(x - n) <= step / 2 or n <= x < n + step
    raise ValueError(f"unknown rule {rule}")


def report_claims() -> list[dict]:
    with open(RESOURCES / "report_figures_2025.csv", encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["area"] in AREAS]


def failures(records: dict[str, list[dict]], previous: dict[str, list[dict]] | None = None) -> list[str]:
    """Report claims that the planned records do not reproduce (``previous``: the 2024 records,
    built from the 2024 plan when not given)."""
    if previous is None:
        previous = build_records(2024)
    figures = expected_figures(records, previous)
    wrong = []
    for claim in report_claims():
        value = figures.get(claim["metric"])
        if value is None or not holds(claim["rule"], claim["claimed"], value):
            wrong.append(f"{claim['id']} {claim['metric']}: {value!r} vs {claim['snippet']}")
    return wrong


# ---------------------------------------------------------------- ground truth for the cleaner


def build_records(year: int) -> dict[str, list[dict]]:
    """The planned records of a year (empty when the year has no plan)."""
    from .plan import PLANS, build, load_plan

    if not (PLANS / f"plan_{year}.yaml").is_file():
        return {}
    return build(year, load_plan(year)["seed"])


def ground_truth(year: int = 2025) -> dict[str, object]:
    """Metric id (every one of metrics.yaml) → the value the cleaned sample of ``year`` must give
    (None where the sample supports none)."""
    from analysis.resources import load_metric_definitions

    figures = expected_figures(build_records(year), build_records(year - 1), year) if year == 2025 else {}
    return {metric: figures.get(metric) for metric in load_metric_definitions()}


def _placements(year: int) -> tuple[dict[int, tuple[str, str]], dict[str, list[dict]]]:
    """The year's records by dataset, and id(record) → (file path, sheet name) for each record the
    plan writes on a sheet."""
    from .plan import load_plan, sheet_specs
    from .sheets import select_records

    by_dataset = build_records(year)
    records = [r for rows in by_dataset.values() for r in rows]
    where: dict[int, tuple[str, str]] = {}
    for file_spec in load_plan(year)["files"]:
        if file_spec.get("kind", "workbook") != "workbook":
            continue
        for spec in sheet_specs(file_spec):
            if spec.get("kind", "table") != "table":
                continue
            # a .csv holds one sheet, named after the file as a reader names it
            sheet = Path(file_spec["path"]).stem if file_spec.get("format") == "csv" else spec["name"]
            for r in select_records(records, spec):
                where.setdefault(id(r), (file_spec["path"], sheet))
    return where, by_dataset


def expected_rows(year: int = 2025) -> dict[str, list[dict]]:
    """Per dataset of the disputes, services and governance sections: the canonical rows the cleaner
    must keep, each with ``source_file`` and ``source_sheet``; no personal data.

    indicator_values rows carry ``known`` (False: an indicator indicators.csv does not map, kept
    under its own wording and reported).
    """
    from analysis.resources import load_datasets, load_fields

    where, by_dataset = _placements(year)
    out: dict[str, list[dict]] = {}
    for name in SECTION_DATASETS:
        if name not in by_dataset:
            continue
        columns = [c for c, f in load_fields()[name].items() if not f.personal and f.type != "person_key"]
        rows = []
        if name == "indicator_values":
            for row in indicator_rows(by_dataset[name]):
                file, sheet = where.get(id(row["record"]), ("", ""))
                rows.append({**{k: v for k, v in row.items() if k != "record"}, "source_file": file,
                             "source_sheet": sheet})
        else:
            bound = load_datasets()[name].in_year  # rows dated in another year are quarantined
            for r in by_dataset[name]:
                if not r["counts"]:
                    continue
                if bound and getattr(r.get(bound), "year", year) != year:
                    continue
                file, sheet = where.get(id(r), ("", ""))
                rows.append({**{c: r.get(c) for c in columns}, "source_file": file, "source_sheet": sheet})
        out[name] = rows
    return out


def write_ground_truth(year: int, out: Path) -> list[Path]:
    """Write expected_metrics.csv and expected_<dataset>.csv into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "expected_metrics.csv"]
    with open(written[0], "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["metric", "value"])
        for metric, value in ground_truth(year).items():
            writer.writerow([metric, "" if value is None else value])
    for name, rows in expected_rows(year).items():
        path = out / f"expected_{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["source_file"])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.sample.check",
                                     description="示例数据的标准答案：各指标应得的数值，及各数据集应保留的行。")
    parser.add_argument("--year", type=int, default=2025, help="年份（默认 2025）")
    parser.add_argument("--out", help="写出 expected_metrics.csv 与 expected_<数据集>.csv 的文件夹")
    args = parser.parse_args(argv)
    for metric, value in ground_truth(args.year).items():
        print(f"{metric}\t{'' if value is None else value}")
    if args.out:
        paths = write_ground_truth(args.year, Path(args.out))
        print(f"已写出 {len(paths)} 个文件到 {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
