"""Setup shared by the report notebooks: folders, style, datasets and Markdown output.

A notebook's first cell after its ``parameters`` cell reads::

    year, PROCESSED, OUT, FONT = start_notebook(SECTION, year, processed_dir, out_dir)

(``year`` None means the year configured in analysis.toml; folders None mean that year's
``data/processed/<year>`` and ``reports/<year>``; relative folders are taken from the project root)

and then loads its data with :func:`load_dataset` (from a dataset's single Parquet file or its
partitioned folder alike), or asks for it in SQL with :func:`sql`; a missing or unreadable dataset
gives an empty frame and a Chinese note, so that each section can skip itself instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, SupportsFloat

import pandas as pd

from .. import datasets, metrics, paths
from ..inert import escape_html_in_markdown
from . import export, style, tables

__all__ = [
    "compute_rate",
    "compute_share",
    "count_table",
    "display_path",
    "fmt_int",
    "grouped_values",
    "load_dataset",
    "metric_reader",
    "pct",
    "unstated_share",
    "resolve_folders",
    "show_markdown",
    "show_table",
    "sql",
    "start_notebook",
]


def resolve_folders(
    year: int | str | None, processed_dir: str | Path | None = None, out_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """Return the (processed, out) folders for the notebook parameters.

    ``None`` means the year's project folders, ``data/processed/<year>`` and ``reports/<year>``,
    by the same rule for every year; relative paths are taken from the project root.
    """
    year = paths.report_year(year)
    return (paths.resolve_in_project(processed_dir, paths.processed_folder(year)),
            paths.resolve_in_project(out_dir, paths.reports_folder(year)))


def start_notebook(
    section: str,
    year: int | str | None,
    processed_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    max_rows: int = 40,
) -> tuple[int, Path, Path, str]:
    """Resolve the year and folders, apply the report style and send output to ``section``.

    Returns (report year, processed folder, output folder, CJK font family used).
    """
    year = paths.report_year(year)
    processed, out = resolve_folders(year, processed_dir, out_dir)
    font = style.apply_style()
    export.set_output(section=section, out=out)
    pd.set_option("display.max_rows", max_rows)
    return year, processed, out, font


def load_dataset(name: str, processed: str | Path) -> pd.DataFrame:
    """Read one cleaned dataset; if missing or unreadable, say why and return an empty frame."""
    try:
        return datasets.load(name, processed_dir=processed)
    except Exception as exc:  # missing data must not stop the whole notebook
        print(f"【提示】数据集 {name} 无法读取：{exc}")
        return pd.DataFrame()


def sql(query: str, processed: str | Path) -> pd.DataFrame:
    """Run a DuckDB SQL query over the processed data (each dataset a table of its own name, plus
    ``quarantine``, ``issues``, ``column_map``), read where it lies; the result as a DataFrame::

        sql("SELECT street, count(*) AS n FROM disputes GROUP BY street", PROCESSED)
    """
    from .. import sql as duck

    return duck.query(query, processed)


def metric_reader(processed: str | Path, cache: dict | None = None) -> Callable[[str], metrics.MetricResult]:
    """Return a notebook's ``metric(name)``: one metric of the ``processed`` folder as metrics.yaml
    defines it, each dataset read once (into ``cache``, which a view may share)::

        metric = metric_reader(PROCESSED)
        rate = metric("dispute_resolution_rate")  # rate.value, rate.numerator, rate.rows …
    """
    cache = {} if cache is None else cache

    def metric(name: str) -> metrics.MetricResult:
        return metrics.compute(name, processed, cache)

    return metric


def pct(numerator: float, denominator: float) -> float:
    """``numerator`` as a percentage of ``denominator``; NaN when the denominator is 0."""
    return numerator / denominator * 100 if denominator else float("nan")


def compute_rate(numerator: pd.Series, denominator: pd.Series, digits: int = 2) -> pd.Series:
    """Row by row, ``numerator`` as a percentage of ``denominator``, rounded to ``digits``; NaN
    where the denominator is 0 (a group's rate in a table or chart)."""
    return (numerator / denominator.where(denominator > 0) * 100).round(digits)


def compute_share(values: pd.Series, digits: int = 2) -> pd.Series:
    """Each of ``values`` as a percentage of their total, rounded to ``digits``."""
    return (values / values.sum() * 100).round(digits)


def display_path(path: str | Path) -> str:
    """A folder as the notebook may print it: relative to the project, never the machine's path."""
    return paths.display_path(path)


def show_markdown(markdown: str) -> None:
    """Display ``markdown`` as a Markdown block in the notebook. The narrative is built from data
    (names of files, sheets, departments): any HTML in it is shown as text, never run
    (:func:`analysis.inert.escape_html_in_markdown`); Markdown emphasis is kept."""
    from IPython.display import Markdown, display

    display(Markdown(escape_html_in_markdown(markdown)))


def fmt_int(value: SupportsFloat) -> str:
    """Round to a whole number with thousands separators: 12345.6 -> '12,346'."""
    return f"{int(round(float(value))):,}"


def count_table(frame: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    """Count the rows of ``frame`` per (index, columns) pair; 0 where there are none.

    ``values`` names any column of ``frame``; it only selects what is counted.
    """
    return frame.pivot_table(
        index=index, columns=columns, values=values, aggfunc="size", fill_value=0
    )


def show_table(frame: pd.DataFrame, name: str, headers: Mapping[str, str], **options: Any) -> None:
    """Save ``frame`` as table sheet ``name`` and display it with the same Chinese headers.

    ``options`` go to :func:`analysis.report.export.save_table` (e.g. ``percent_cols``).
    """
    export.save_table(frame, name, headers=headers, **options)
    tables.show(frame, headers=headers, percent_cols=options.get("percent_cols", ()))


def grouped_values(values: pd.Series, dataset: str, column: str) -> pd.Series:
    """For a chart: each value as the canonical value its spelling names in the column's vocabulary
    (vocabularies.csv: 老人、老年群体 → 老年人), other values as written.

    The data keeps what the department wrote (a vocabulary with policy ``written``, such as 对象);
    only the counting groups the spellings of one group.
    """
    from ..resources import fields_for, load_vocabularies
    from ..text import normalize_key

    f = fields_for(dataset).get(column)
    if f is None or not f.vocabulary:
        return values
    table = load_vocabularies().get(f.vocabulary, {})
    return values.map(lambda v: table.get(normalize_key(v), v) if isinstance(v, str) and v else v)


def unstated_share(values: pd.Series, missing: str = "未注明") -> tuple[int, float]:
    """How many of ``values`` are missing (empty or ``missing``), and their share of all (0–1)."""
    if len(values) == 0:
        return 0, 0.0
    blank = values.isna() | values.astype("string").str.strip().isin(["", missing]).fillna(True)
    count = int(blank.sum())
    return count, count / len(values)
