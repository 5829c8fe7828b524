"""Publish a chart in one call: its footnote, its picture files and data, its tables, its display."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import pandas as pd

from .charts import add_footnote
from .export import SavedFigure, save_figure, save_table


class Table(NamedTuple):
    """A table published with a chart: the frame, its Chinese headers and its percent columns."""

    frame: pd.DataFrame
    headers: Mapping[str, str] | None = None
    percent_cols: Iterable[str] = ()


def publish(
    fig,
    name: str,
    data: pd.DataFrame | pd.Series | None = None,
    footnote: str | None = None,
    tables: Mapping[str, Table | tuple | pd.DataFrame] | None = None,
    show: bool = True,
) -> SavedFigure:
    """Publish ``fig`` as figure ``name``: add ``footnote``, save the PNG, SVG and ``data`` CSV
    (:func:`~analysis.report.export.save_figure`), save each of ``tables`` as a sheet of the
    section's workbook (sheet name → :class:`Table`, a ``(frame, headers, percent_cols)`` tuple or
    a frame), then show the figure in the notebook::

        fg.publish(fig, "hotline_by_month", data=monthly, footnote=f"{PERIOD}；{SOURCE}",
                   tables={"热线按月": fg.Table(monthly, HEADERS, ["completion_rate"])})
    """
    if footnote:
        add_footnote(fig, footnote)
    saved = save_figure(fig, name, data=data)
    for sheet, spec in (tables or {}).items():
        table = Table(spec) if isinstance(spec, (pd.DataFrame, pd.Series)) else Table(*spec)
        save_table(table.frame, sheet, percent_cols=table.percent_cols, headers=table.headers)
    if show:
        import matplotlib.pyplot as plt

        plt.show()
    return saved
