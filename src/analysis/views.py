"""Frames the report's charts share, built from the same selections as the metrics (metrics.yaml).

A chart and a key figure cannot disagree: a view takes the rows a metric aggregates
(:func:`analysis.metrics.selected_rows`) and marks the rows its rates count
(:func:`analysis.metrics.share_flags`), instead of restating the year filter or what "due" and
"satisfied" mean in a notebook. Only what a chart adds for grouping lives here: months, days, and
blank groups shown as 未注明.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import metrics
from .resources import load_name_groups

#: How a chart names a group nobody stated.
UNSTATED = "未注明"

#: The grouping in name_groups.csv that sorts the bodies resolving disputes into kinds.
RESOLVER_GROUPING = "resolver"


def service_centre() -> str:
    """The district's social-governance service centre, as its resolution-rate metric names it."""
    return str(metrics.selection_value("service_center_resolution_rate", "handled_by"))


def group_of_name(name: str, grouping: str) -> str | None:
    """The first group of ``grouping`` (name_groups.csv) whose words ``name`` holds: it ends with
    one of ``ends_with``, contains one of ``contains_any`` and one of ``also_contains_any`` (an
    empty cell sets no condition); None when no group takes it."""
    for g in load_name_groups(grouping):
        if ((not g.ends_with or name.endswith(g.ends_with))
                and (not g.contains_any or any(w in name for w in g.contains_any))
                and (not g.also_contains_any or any(w in name for w in g.also_contains_any))):
            return g.group
    return None


def classify_resolver(body: object, centre: str | None = None) -> str:
    """The kind of body that resolved a dispute: the service centre itself, else its group in
    name_groups.csv (司法所, court, street or community committee, trade committee, 其他), or
    未注明 when none is named."""
    if not isinstance(body, str) or not body.strip() or body == UNSTATED:
        return UNSTATED
    if body == (centre or service_centre()):
        return body
    return group_of_name(body, RESOLVER_GROUPING) or UNSTATED


def resolver_kinds() -> list[str]:
    """Every kind :func:`classify_resolver` gives, in the order charts show them."""
    groups = sorted(load_name_groups(RESOLVER_GROUPING), key=lambda g: g.chart_order)
    return [service_centre(), *(g.group for g in groups), UNSTATED]


def _fill_unstated(frame: pd.DataFrame, columns: list[str], label: str = UNSTATED) -> pd.DataFrame:
    """``columns`` with their blanks named ``label``, as text, so that a chart groups them."""
    return frame.assign(**{c: frame[c].fillna(label).astype(str) for c in columns})


def disputes(processed_dir: str | Path | None = None, cache: dict | None = None) -> pd.DataFrame:
    """The disputes of the report year, as 排查化解矛盾纠纷 counts them, with ``resolved`` as
    矛盾纠纷化解率 counts it, ``kind`` (:func:`classify_resolver`), ``month``, ``days`` to resolve, and
    ``street``: a street's own ledger without a street column counts for that street; blank
    types, bodies and streets are 未注明."""
    rows = metrics.selected_rows("disputes_screened", processed_dir, cache)
    _, resolved = metrics.share_flags("dispute_resolution_rate", rows)
    department = rows["department"]
    from_department = department.where(department.astype(str).str.endswith("街道"))
    frame = rows.assign(resolved=resolved, street=rows["street"].astype("string").fillna(from_department))
    frame = _fill_unstated(frame, ["dispute_type", "handled_by", "street"])
    centre = service_centre()
    return frame.assign(kind=frame["handled_by"].map(lambda b: classify_resolver(b, centre)),
                        month=frame["received_date"].dt.to_period("M"),
                        days=(frame["resolved_date"] - frame["received_date"]).dt.days)


def hotline_tickets(processed_dir: str | Path | None = None, cache: dict | None = None) -> pd.DataFrame:
    """The report year's 12345 tickets, as 12345热线办结率 selects them, with ``due`` and
    ``done_due`` (its denominator and numerator), ``rated`` and ``satisfied`` (those of
    12345热线满意率), and ``month``; blank categories, units and streets are 未注明, blank
    satisfaction 未评价."""
    rows = metrics.selected_rows("hotline_completion_rate", processed_dir, cache)
    due, done = metrics.share_flags("hotline_completion_rate", rows)
    rated, satisfied = metrics.share_flags("hotline_satisfaction_rate", rows)
    frame = rows.assign(due=due, done_due=done, rated=rated, satisfied=satisfied,
                        month=rows["received_date"].dt.to_period("M"))
    frame = _fill_unstated(frame, ["satisfaction"], "未评价")
    return _fill_unstated(frame, ["category", "handling_unit", "street"])
