"""Metrics of the report, defined once in resources/metrics.yaml, with drill-down to their rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .contract import PROVENANCE
from .datasets import load
from .files import write_csv
from .resources import load_metric_definitions, load_report_figures
from .wording import holds

KEY_COLUMNS = ["metric", "value", "unit", "numerator", "denominator", "label", "dataset", "rows"]


@dataclass
class MetricResult:
    """A metric's value (None when the data does not support it) and the rows behind it."""

    metric: str
    value: object
    unit: str
    label: str
    dataset: str
    rows: pd.DataFrame
    numerator: float | None = None
    denominator: float | None = None


def _select(df: pd.DataFrame, where: dict) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    for column, wanted in (where or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        mask &= df[column].isin(values).fillna(False).astype(bool)
    return df[mask]


def compute(metric_id: str, processed_dir: str | Path | None = None, cache: dict | None = None) -> MetricResult:
    """Compute one metric from processed data."""
    definitions = load_metric_definitions()
    if metric_id not in definitions:
        raise KeyError(f"指标“{metric_id}”未在 metrics.yaml 中定义")
    d = definitions[metric_id]
    if cache is not None and d["dataset"] not in cache:
        cache[d["dataset"]] = load(d["dataset"], processed_dir)
    df = cache[d["dataset"]] if cache is not None else load(d["dataset"], processed_dir)
    rows = _select(df, d.get("where", {}))
    agg = d["agg"]
    result = MetricResult(metric_id, None, d.get("unit", ""), d.get("label", metric_id), d["dataset"], rows)
    if df.empty:
        return result
    if agg == "count":
        result.value = int(len(rows))
    elif agg == "sum":
        result.value = int(rows[d["column"]].fillna(0).sum()) if len(rows) else 0
    elif agg == "nunique":
        result.value = int(rows[d["column"]].dropna().nunique())
    elif agg == "min_group_count":
        counts = rows.groupby(d["by"]).size()
        result.value = int(counts.min()) if len(counts) else None
    elif agg == "period":
        dates = pd.to_datetime(rows[d["column"]]).dropna()
        result.value = f"{dates.min():%Y-%m}/{dates.max():%Y-%m}" if len(dates) else None
    elif agg == "ratio":
        num = float(rows[d["numerator"]].fillna(0).sum())
        den = float(rows[d["denominator"]].fillna(0).sum())
        result.numerator, result.denominator = _number(num), _number(den)
        result.value = round(num / den * 100, 4) if den else None
    elif agg == "share":
        num = float(rows[d["flag"]].fillna(False).astype(bool).sum())
        den = float(len(rows))
        result.numerator, result.denominator = _number(num), _number(den)
        result.value = round(num / den * 100, 4) if den else None
    else:
        raise ValueError(f"未知的汇总方式：{agg}")
    return result


def _number(value: float) -> int | float:
    """A count as an int (14, not 14.0); other numbers unchanged."""
    return int(value) if float(value).is_integer() else value


def compute_all(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Compute every defined metric; one row per metric with value, unit, numerator, denominator."""
    cache: dict = {}
    records = []
    for metric_id in load_metric_definitions():
        r = compute(metric_id, processed_dir, cache)
        records.append({"metric": r.metric, "value": r.value, "unit": r.unit, "numerator": r.numerator,
                        "denominator": r.denominator, "label": r.label, "dataset": r.dataset, "rows": len(r.rows)})
    table = pd.DataFrame(records, columns=KEY_COLUMNS)
    for column in ("value", "numerator", "denominator"):  # 14, not 14.0; blank where there is none
        table[column] = pd.Series([r[column] for r in records], index=table.index, dtype=object)
    return table


def drill_down(metric_id: str, processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Return the processed rows behind a metric, provenance first (file, sheet, row, department)."""
    rows = compute(metric_id, processed_dir).rows
    others = [c for c in rows.columns if c not in PROVENANCE]
    return rows[[*PROVENANCE, *others]].reset_index(drop=True)


def report_table(area: str | None = None, processed_dir: str | Path | None = None,
                 year: int | None = None) -> pd.DataFrame:
    """Return the report's figures of an area beside the values computed from data, and their sources."""
    cache: dict = {}
    records = []
    definitions = load_metric_definitions()
    year = processed_year(processed_dir) if year is None else int(year)
    for fig in load_report_figures(year):
        if area is not None and fig["area"] != area:
            continue
        value, sources, ok = None, "", False
        if fig["metric"] in definitions:
            r = compute(fig["metric"], processed_dir, cache)
            value = r.value
            ok = holds(value, fig["claimed"], fig["rule"]) if value is not None else False
            sources = "; ".join(sorted(r.rows["source_file"].dropna().unique())) if len(r.rows) else ""
        records.append({"id": fig["id"], "metric": fig["metric"], "label": definitions.get(fig["metric"], {}).get("label", fig["metric"]),
                        "snippet": fig["snippet"], "claimed": fig["claimed"], "unit": fig["unit"], "rule": fig["rule"],
                        "value": value, "holds": ok, "sources": sources})
    columns = ["id", "metric", "label", "snippet", "claimed", "unit", "rule", "value", "holds", "sources"]
    return pd.DataFrame(records, columns=columns)


def processed_year(processed_dir: str | Path | None) -> int:
    """Return the report year a processed folder was cleaned for (manifest.json, else the folder's
    name, else the configured year)."""
    from .datasets import load_manifest
    from .paths import folder_year, report_year

    year = load_manifest(processed_dir).get("year")
    if year:
        return int(year)
    return folder_year(processed_dir) if processed_dir and folder_year(processed_dir) else report_year()


def write_key_figures(processed_dir: str | Path, out_file: str | Path, year: int | None = None) -> pd.DataFrame:
    """Write key_figures.csv: every metric with value, unit, numerator, denominator and report check.

    The check against the report's wording is made only for a year that has a report figure list.
    """
    table = compute_all(processed_dir)
    year = processed_year(processed_dir) if year is None else int(year)
    figures = {f["metric"]: f for f in load_report_figures(year)}
    table["report_id"] = table["metric"].map(lambda m: figures.get(m, {}).get("id", ""))
    table["report_wording"] = table["metric"].map(lambda m: figures.get(m, {}).get("snippet", ""))
    table["claimed"] = table["metric"].map(lambda m: figures.get(m, {}).get("claimed", ""))
    table["rule"] = table["metric"].map(lambda m: figures.get(m, {}).get("rule", ""))
    table["holds"] = [holds(v, figures[m]["claimed"], figures[m]["rule"]) if m in figures and v is not None else None
                      for m, v in zip(table["metric"], table["value"], strict=True)]
    write_csv(table, out_file)
    return table
