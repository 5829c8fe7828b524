"""What the sample's counted records add up to, checked against the report's wording.

This is the generator's own bookkeeping, independent of the cleaner: it proves the planned
rows reproduce every figure of the areas publicity, case_review and correction before a file
is written. Whether the cleaner gets there from the messy files is what its tests check.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal

from analysis.paths import RESOURCES

AREAS = ("publicity", "case_review", "correction")


def _events(records, category, audience=None):
    return [
        r for r in records["publicity_events"]
        if r["counts"] and r["category"] == category and (audience is None or r["audience"] == audience)
    ]  # fmt: skip


def _share(rows, flag):
    return 100 * sum(r[flag] for r in rows) / len(rows)


def expected_figures(records: dict[str, list[dict]]) -> dict[str, object]:
    """Metric id -> value, computed from the records the cleaner should keep."""
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
    if rule == "pct":
        places = -n.as_tuple().exponent if n.as_tuple().exponent < 0 else 0
        if n in (0, 100):
            return x == n
        step = Decimal(1).scaleb(-places)
        return abs(x - n) <= step / 2 or n <= x < n + step
    raise ValueError(f"unknown rule {rule}")


def report_claims() -> list[dict]:
    with open(RESOURCES / "report_figures_2025.csv", encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["area"] in AREAS]


def failures(records: dict[str, list[dict]]) -> list[str]:
    """Report claims in the covered areas that the planned records do not reproduce."""
    figures = expected_figures(records)
    wrong = []
    for claim in report_claims():
        value = figures.get(claim["metric"])
        if value is None or not holds(claim["rule"], claim["claimed"], value):
            wrong.append(f"{claim['id']} {claim['metric']}: {value!r} vs {claim['snippet']}")
    return wrong
