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

#: How a chart names a group nobody stated.
UNSTATED = "未注明"

#: Who resolved a dispute, grouped for display, tried in order: (kind, words the name ends with,
#: words one of which it contains, words one of which it also contains). The service centre comes
#: first, named by the metric 区社会治理综合服务中心矛盾纠纷化解率 (:func:`service_centre`).
RESOLVER_KINDS: list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    ("司法所", ("司法所",), (), ()),
    ("法院诉调对接", (), ("法院",), ()),
    ("街道、社区调委会", (), ("街道", "社区"), ("调解委员会", "调委会")),
    ("行业性专业性调委会", (), ("调解委员会", "调委会"), ()),
]
OTHER_RESOLVER = "其他"


def service_centre() -> str:
    """The district's social-governance service centre, as its resolution-rate metric names it."""
    return str(metrics.selection_value("service_center_resolution_rate", "handled_by"))


def classify_resolver(body: object, centre: str | None = None) -> str:
    """The kind of body that resolved a dispute (service centre, 司法所, court, street or community
    committee, trade committee, 其他), or 未注明 when none is named."""
    if not isinstance(body, str) or not body.strip() or body == UNSTATED:
        return UNSTATED
    if body == (centre or service_centre()):
        return body
    for kind, endings, any_of, also_any_of in RESOLVER_KINDS:
        if endings and not body.endswith(endings):
            continue
        if any_of and not any(w in body for w in any_of):
            continue
        if also_any_of and not any(w in body for w in also_any_of):
            continue
        return kind
    return OTHER_RESOLVER


def resolver_kinds() -> list[str]:
    """Every kind :func:`classify_resolver` gives, in the order charts show them."""
    return [service_centre(), "街道、社区调委会", "司法所", "行业性专业性调委会", "法院诉调对接", OTHER_RESOLVER,
            UNSTATED]


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
