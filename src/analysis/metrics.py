"""Metrics of the report, defined once in resources/metrics.yaml, with drill-down to their rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .contract import PROVENANCE
from .datasets import columns_of, load
from .files import write_csv
from .resources import (
    fields_for,
    indicator_for_metric,
    load_metric_definitions,
    load_plausibility,
    load_report_figures,
    load_vocabularies,
    load_vocabulary_policy,
)
from .text import normalize_key
from .wording import holds

KEY_COLUMNS = ["metric", "value", "unit", "numerator", "denominator", "label", "dataset", "rows", "note"]
MISSING_PREVIOUS = "上年数据缺失"
#: The mark of a figure that must be checked before it is printed (key_figures.csv ``verify``).
VERIFY = "需核实"


@dataclass
class MetricResult:
    """A metric's value (None when the data does not support it, ``note`` saying why) and its rows."""

    metric: str
    value: object
    unit: str
    label: str
    dataset: str
    rows: pd.DataFrame
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""


@dataclass
class _Context:
    """What an aggregation may need beyond its rows: the folder, the report year, loaded datasets."""

    metric_id: str
    processed_dir: str | Path | None
    year: int
    cache: dict


def previous_processed_dir(processed_dir: str | Path | None, year: int) -> Path:
    """Return where the processed data of ``year - 1`` is, by the project's folder rule
    (:func:`analysis.paths.previous_processed`): …/2025 → …/2024, else data/processed/<year-1>."""
    folder = Path(processed_dir) if processed_dir is not None else paths.processed_folder(year)
    return paths.previous_processed(folder, year)


def _load(name: str, folder: str | Path | None) -> pd.DataFrame:
    """A processed dataset with every canonical column (a column a file lacks is blank)."""
    df = load(name, folder)
    missing = [c for c in columns_of(name) if c not in df.columns]
    return df.assign(**{c: pd.NA for c in missing}) if missing else df


def _contains_any(column: pd.Series, wanted: list) -> pd.Series:
    """Rows whose `;`-separated list cell holds any of ``wanted``."""
    wanted = {str(w) for w in wanted}
    return column.map(lambda v: isinstance(v, str) and bool(wanted & set(v.split(";")))).astype(bool)


def _select(df: pd.DataFrame, where: dict | None, dataset: str = "") -> pd.DataFrame:
    """Rows matching every condition: column → value, list of values, or {any_of: [...]} for list cells.

    A column kept as the department wrote it (vocabulary policy ``written``: 对象) is compared by
    the canonical value its spelling names (退役军人及家属 is 退役军人).
    """
    mask = pd.Series(True, index=df.index)
    for column, wanted in (where or {}).items():
        if isinstance(wanted, dict):
            mask &= _contains_any(df[column], wanted["any_of"])
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        found = _canonical(df[column], dataset, column)
        if str(found.dtype).startswith("null"):  # a column no file filled (Arrow null type) holds no value
            found = found.astype(object)
        mask &= found.isin(values).fillna(False).astype(bool)
    return df[mask]


def _canonical(values: pd.Series, dataset: str, column: str) -> pd.Series:
    """The canonical values of a column kept as written; other columns as they are."""
    f = fields_for(dataset).get(column) if dataset else None
    if f is None or not f.vocabulary or load_vocabulary_policy().get(f.vocabulary) != "written" or values.isna().all():
        return values  # (an all-empty text column maps to an Arrow null column, which isin refuses)
    table = load_vocabularies().get(f.vocabulary, {})
    return values.map(lambda v: table.get(normalize_key(v), v) if isinstance(v, str) else v)


def _in_year(df: pd.DataFrame, column: str | None, year: int) -> pd.DataFrame:
    """Rows whose date ``column`` falls in ``year`` (all rows when no column is given)."""
    if not column:
        return df
    return df[(pd.to_datetime(df[column], errors="coerce").dt.year == year).fillna(False).astype(bool)]


def _number(total: float) -> int | float:
    """A sum as int when whole, else rounded to cents."""
    return int(total) if float(total).is_integer() else round(float(total), 2)


def _measure(d: dict, rows: pd.DataFrame) -> int | float:
    """Rows counted, or Σ ``column`` (a blank counts as ``fill``, default 0)."""
    if "column" not in d:
        return int(len(rows))
    return _number(pd.to_numeric(rows[d["column"]], errors="coerce").fillna(d.get("fill", 0)).sum())


def _rate(result: MetricResult, num: float, den: float) -> None:
    result.numerator, result.denominator = _number(num), _number(den)
    result.value = round(num / den * 100, 4) if den else None


def _agg_count(d, rows, ctx, result):
    result.value = int(len(rows))


def _agg_sum(d, rows, ctx, result):
    result.value = _measure(d, rows) if len(rows) else 0


def _agg_nunique(d, rows, ctx, result):
    result.value = int(rows[d["column"]].dropna().nunique())


def _agg_min_group_count(d, rows, ctx, result):
    counts = rows.groupby(d["by"]).size()
    result.value = int(counts.min()) if len(counts) else None


def _agg_period(d, rows, ctx, result):
    dates = pd.to_datetime(rows[d["column"]]).dropna()
    result.value = f"{dates.min():%Y-%m}/{dates.max():%Y-%m}" if len(dates) else None


def _agg_ratio(d, rows, ctx, result):
    _rate(result, float(rows[d["numerator"]].fillna(0).sum()), float(rows[d["denominator"]].fillna(0).sum()))


def _share_parts(d: dict, rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A share's denominator rows (``denominator_where``) and numerator rows (those of them with
    ``flag`` true and matching ``numerator_where``)."""
    base = _select(rows, d.get("denominator_where"), d["dataset"])
    hits = _select(base, d.get("numerator_where"), d["dataset"])
    if "flag" in d:
        hits = hits[hits[d["flag"]].fillna(False).astype(bool)]
    return base, hits


def _agg_share(d, rows, ctx, result):
    """Rows with ``flag`` true (and matching ``numerator_where``) among the rows of ``denominator_where``."""
    base, hits = _share_parts(d, rows)
    result.rows = base
    _rate(result, float(len(hits)), float(len(base)))


def _agg_yoy(d, rows, ctx, result):
    """(this year / previous year − 1) × 100, the previous year's rows from its processed folder."""
    previous_year = ctx.year - 1
    folder = previous_processed_dir(ctx.processed_dir, ctx.year)
    if not folder.is_dir():
        result.note = f"{MISSING_PREVIOUS}：未找到{previous_year}年的清洗结果"
        return
    key = (str(folder), d["dataset"])
    if key not in ctx.cache:
        ctx.cache[key] = _load(d["dataset"], folder)
    before = _in_year(_select(ctx.cache[key], d.get("where"), d["dataset"]), d.get("year_column"), previous_year)
    if before.empty:
        result.note = f"{MISSING_PREVIOUS}：{previous_year}年的清洗结果中没有“{d['dataset']}”的{previous_year}年数据"
        return
    this, last = _measure(d, rows), _measure(d, before)
    result.numerator, result.denominator = this, last
    result.value = round((this / last - 1) * 100, 4) if last else None


def in_periods(rows: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Return the statistics-table rows (indicator_values) reported for one of ``years`` by their
    ``period_year``: the rule the indicator metrics count by, for a notebook's tables too."""
    return rows[rows["period_year"].isin(list(years)).fillna(False).astype(bool)]


def _indicator_rows(d, rows, ctx, result, years: list[int]) -> tuple[pd.DataFrame, str]:
    indicator = indicator_for_metric(ctx.metric_id)
    if indicator is None:
        raise KeyError(f"指标“{ctx.metric_id}”在 indicators.csv 中没有对应的统计指标")
    chosen = in_periods(rows[(rows["indicator"] == indicator.name).fillna(False).astype(bool)], years)
    result.rows = chosen
    return chosen, indicator.name


def _agg_indicator(d, rows, ctx, result):
    """The report year's value of one indicator, summed over the departments that report it."""
    chosen, name = _indicator_rows(d, rows, ctx, result, [ctx.year])
    if chosen.empty:
        result.note = f"没有“{name}”{ctx.year}年的数值"
        return
    result.value = _number(chosen["value"].sum())


def _agg_indicator_years_sum(d, rows, ctx, result):
    """Σ of one indicator over the report year and the years before it (``years`` in all); every year
    must be reported."""
    years = list(range(ctx.year - int(d.get("years", 3)) + 1, ctx.year + 1))
    chosen, name = _indicator_rows(d, rows, ctx, result, years)
    missing = [y for y in years if y not in set(chosen["period_year"].dropna().astype(int))]
    if missing:
        result.note = f"缺少“{name}”{'、'.join(f'{y}年' for y in missing)}的数值"
        return
    result.value = _number(chosen["value"].sum())


AGGREGATIONS = {
    "count": _agg_count, "sum": _agg_sum, "nunique": _agg_nunique, "min_group_count": _agg_min_group_count,
    "period": _agg_period, "ratio": _agg_ratio, "share": _agg_share, "yoy": _agg_yoy,
    "indicator": _agg_indicator, "indicator_years_sum": _agg_indicator_years_sum,
}


def _definition(metric_id: str) -> dict:
    definitions = load_metric_definitions()
    if metric_id not in definitions:
        raise KeyError(f"指标“{metric_id}”未在 metrics.yaml 中定义")
    return definitions[metric_id]


def _selection(metric_id: str, processed_dir: str | Path | None, cache: dict
               ) -> tuple[dict, pd.DataFrame, _Context, pd.DataFrame]:
    """A metric's definition, its whole dataset, its context and the rows it aggregates."""
    d = _definition(metric_id)
    if d["dataset"] not in cache:
        cache[d["dataset"]] = _load(d["dataset"], processed_dir)
    if "_year" not in cache:
        cache["_year"] = processed_year(processed_dir)
    df = cache[d["dataset"]]
    ctx = _Context(metric_id, processed_dir, cache["_year"], cache)
    return d, df, ctx, _in_year(_select(df, d.get("where", {}), d["dataset"]), d.get("year_column"), ctx.year)


def selected_rows(metric_id: str, processed_dir: str | Path | None = None, cache: dict | None = None
                  ) -> pd.DataFrame:
    """Return the rows a metric aggregates: its dataset's rows matching its ``where`` in the report
    year (for a ``share``, all of them, before its denominator's selection). A view built on them
    counts exactly what the metric counts."""
    return _selection(metric_id, processed_dir, {} if cache is None else cache)[3]


def select_rows(metric_id: str, frame: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Return the rows of ``frame`` (rows of the metric's dataset) that the metric selects: those
    matching its ``where`` and, when ``year`` is given, falling in that year by its ``year_column``.
    A notebook's subset (精准普法活动, 讨薪案件) is then the metric's subset, not a copy of its rule."""
    d = _definition(metric_id)
    rows = _select(frame, d.get("where", {}), d["dataset"])
    return rows if year is None else _in_year(rows, d.get("year_column"), year)


def share_flags(metric_id: str, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Return, for a ``share`` metric, which of ``rows`` its denominator counts and which its
    numerator counts (two boolean Series on ``rows``' index)."""
    d = _definition(metric_id)
    if d["agg"] != "share":
        raise ValueError(f"指标“{metric_id}”不是比率（share）指标")
    base, hits = _share_parts(d, rows)
    return (pd.Series(rows.index.isin(base.index), index=rows.index, dtype=bool),
            pd.Series(rows.index.isin(hits.index), index=rows.index, dtype=bool))


def selection_value(metric_id: str, column: str):
    """Return the value a metric's ``where`` requires of ``column`` (e.g. the service centre's name
    in ``handled_by``), so that a view names the same group as the metric."""
    return _definition(metric_id)["where"][column]


def compute(metric_id: str, processed_dir: str | Path | None = None, cache: dict | None = None) -> MetricResult:
    """Compute one metric from processed data."""
    d = _definition(metric_id)
    if d["agg"] not in AGGREGATIONS:
        raise ValueError(f"未知的汇总方式：{d['agg']}")
    cache = {} if cache is None else cache
    d, df, ctx, rows = _selection(metric_id, processed_dir, cache)
    result = MetricResult(metric_id, None, d.get("unit", ""), d.get("label", metric_id), d["dataset"], rows)
    if df.empty:
        result.note = f"没有“{d['dataset']}”数据"
        return result
    AGGREGATIONS[d["agg"]](d, rows, ctx, result)
    return result


def compute_all(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Compute every defined metric; one row per metric with value, unit, numerator, denominator."""
    cache: dict = {}
    records = []
    for metric_id in load_metric_definitions():
        r = compute(metric_id, processed_dir, cache)
        records.append({"metric": r.metric, "value": r.value, "unit": r.unit, "numerator": r.numerator,
                        "denominator": r.denominator, "label": r.label, "dataset": r.dataset, "rows": len(r.rows),
                        "note": r.note})
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
        value, sources, ok, note = None, "", False, ""
        if fig["metric"] in definitions:
            r = compute(fig["metric"], processed_dir, cache)
            value, note = r.value, r.note
            ok = holds(value, fig["claimed"], fig["rule"]) if value is not None else False
            sources = "; ".join(sorted(r.rows["source_file"].dropna().unique())) if len(r.rows) else ""
        records.append({"id": fig["id"], "metric": fig["metric"], "label": definitions.get(fig["metric"], {}).get("label", fig["metric"]),
                        "snippet": fig["snippet"], "claimed": fig["claimed"], "unit": fig["unit"], "rule": fig["rule"],
                        "value": value, "holds": ok, "sources": sources, "note": note})
    columns = ["id", "metric", "label", "snippet", "claimed", "unit", "rule", "value", "holds", "sources", "note"]
    return pd.DataFrame(records, columns=columns)


def processed_year(processed_dir: str | Path | None) -> int:
    """Return the report year a processed folder was cleaned for (manifest.json, else the folder's
    name, else the configured year)."""
    from .datasets import load_manifest
    from .paths import folder_year, report_year

    year = load_manifest(processed_dir, key="year").get("year")
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
    marks = check_plausibility(processed_dir, year)
    table["verify"] = table["metric"].map(lambda m: VERIFY if marks.get(m) else "")
    table["verify_reason"] = table["metric"].map(lambda m: "；".join(marks.get(m, [])))
    write_csv(table, out_file)
    return table


def _weak_sheets(processed_dir: str | Path | None) -> set[tuple[str, str]]:
    """(file, sheet) of the sheets recognised only on weak evidence (manifest.json ``evidence``)."""
    from .datasets import load_manifest

    return {(f["path"], s["name"]) for f in load_manifest(processed_dir).get("files", [])
            for s in f.get("sheets", []) if s.get("evidence") == "weak" and s.get("dataset")}


def _by_department(d: dict, rows: pd.DataFrame) -> dict[str, float]:
    """What each department contributed to a count, sum or number of distinct values."""
    if rows.empty or "department" not in rows.columns:
        return {}
    out = {}
    for dep, part in rows.groupby(rows["department"].fillna("").astype(str)):
        out[dep] = float(part[d["column"]].dropna().nunique()) if d["agg"] == "nunique" else float(_measure(d, part))
    return out


def _jump(now: float, before: float, factor: float, least: float) -> bool:
    """True when a value changed by more than ``factor`` times (either way) and by at least ``least``."""
    if abs(now - before) < least:
        return False
    if before <= 0 or now <= 0:
        return True
    return max(now, before) / min(now, before) > factor


def check_plausibility(processed_dir: str | Path | None, year: int | None = None) -> dict[str, list[str]]:
    """Metric id → why its figure must be checked (需核实): a jump against last year's figure or a
    department's jump against what it sent last year (factors in metrics.yaml ``_plausibility``),
    or rows from a sheet recognised only on weak evidence. Metrics with nothing to say are absent."""
    settings = load_plausibility()
    factor = float(settings.get("jump_factor", 3.0))
    dep_factor = float(settings.get("department_factor", factor))
    least = float(settings.get("min_change", 5))
    aggs = set(settings.get("aggregations", ["count", "sum", "nunique"]))
    year = processed_year(processed_dir) if year is None else int(year)
    previous = previous_processed_dir(processed_dir, year)
    has_previous = (Path(previous) / "manifest.json").is_file()
    weak = _weak_sheets(processed_dir)
    now_cache: dict = {}
    before_cache: dict = {}
    marks: dict[str, list[str]] = {}
    for metric_id, d in load_metric_definitions().items():
        found: list[str] = []
        try:
            r = compute(metric_id, processed_dir, now_cache)
        except Exception:  # noqa: BLE001 - a figure that cannot be computed has nothing to compare
            continue
        if weak and len(r.rows) and {"source_file", "source_sheet"} <= set(r.rows.columns):
            pairs = set(zip(r.rows["source_file"], r.rows["source_sheet"], strict=True))
            if pairs & weak:
                found.append("部分数据来自仅凭相近表头识别的工作表")
        numeric = isinstance(r.value, (int, float)) and not isinstance(r.value, bool)
        if has_previous and numeric and d.get("agg") in aggs:
            try:
                b = compute(metric_id, previous, before_cache)
            except Exception:  # noqa: BLE001 - last year's figure cannot be computed: nothing to compare
                b = None
            if b is not None and isinstance(b.value, (int, float)) and len(b.rows):
                if _jump(float(r.value), float(b.value), factor, least):
                    found.append(f"与上年（{b.value:g}）相比变化超过{factor:g}倍")
                before = _by_department(d, b.rows)
                for dep, value in sorted(_by_department(d, r.rows).items()):
                    if dep in before and _jump(value, before[dep], dep_factor, least):
                        found.append(f"{dep or '未注明单位'}报送{value:g}，上年为{before[dep]:g}")
        if found:
            marks[metric_id] = found
    return marks
