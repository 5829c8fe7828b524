"""Chart helpers in the report style: figure size, footnotes, legends, grids, bars, heat maps."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from .labels import display_width
from .style import (
    CATEGORY_COLORS,
    DEFAULT_HEIGHT_IN,
    PALETTE,
    SEQUENTIAL_CMAP,
    SMALL_FONT_PT,
    TEXT_WIDTH_IN,
)


def subplots(nrows: int = 1, ncols: int = 1, height: float = DEFAULT_HEIGHT_IN, **kwargs):
    """``plt.subplots`` at the report's text width, with constrained layout."""
    import matplotlib.pyplot as plt

    kwargs.setdefault("figsize", (TEXT_WIDTH_IN, height))
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, **kwargs)


def color_for(label: str, index: int = 0) -> str:
    """The fixed colour of a recurring category, else the palette's colour at ``index``."""
    return CATEGORY_COLORS.get(str(label), PALETTE[index % len(PALETTE)])


def colors_for(labels: Iterable) -> list[str]:
    """Colours for a sequence of labels: fixed ones where known, the palette otherwise."""
    return [color_for(label, i) for i, label in enumerate(labels)]


def add_footnote(fig, text: str, fontsize: float = SMALL_FONT_PT):
    """Write ``text`` (e.g. the data period and the source) under the figure, left-aligned.

    Long notes are wrapped to the figure's width (preferably after '；'); with constrained
    layout the axes are moved up to make room for the note.
    """
    max_units = int(fig.get_figwidth() * 72 * 0.97 / (fontsize * 0.5))
    text = wrap_text(str(text), max_units)
    lines = text.count("\n") + 1
    height_pt = fig.get_figheight() * 72
    needed = (lines * fontsize * 1.35 + 6) / height_pt
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        engine.set(rect=(0, needed, 1, 1 - needed))
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, needed + 0.08))
    return fig.text(0.005, 0.005, text, ha="left", va="bottom", fontsize=fontsize, color="#595959")


def wrap_text(text: str, max_units: int) -> str:
    """Wrap ``text`` so that no line is wider than ``max_units`` (CJK characters count 2).

    Breaks after '；', '，' or '：' where possible, else anywhere.
    """
    out = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in re.split(r"(?<=[；，：;,])", paragraph):
            if display_width(line + piece) <= max_units:
                line += piece
                continue
            if line:
                out.append(line)
                line = ""
            for ch in piece:
                if display_width(line + ch) > max_units:
                    out.append(line)
                    line = ""
                line += ch
        out.append(line)
    return "\n".join(out)


def legend_outside(fig, ax=None, **kwargs):
    """A figure legend to the right of the axes, without a frame.

    Takes the handles of ``ax`` (one axes or a list; default: the first axes) and removes
    those axes' own legends. Constrained layout narrows the axes to make room; the title
    above and the footnote below stay clear.
    """
    axes = ax if isinstance(ax, (list, tuple)) else [ax if ax is not None else fig.axes[0]]
    handles, labels = [], []
    for one in axes:
        h, labs = one.get_legend_handles_labels()
        handles += h
        labels += labs
        if one.get_legend() is not None:
            one.get_legend().remove()
    kwargs.setdefault("frameon", False)
    kwargs.setdefault("fontsize", SMALL_FONT_PT)
    return fig.legend(handles, labels, loc="outside right upper", **kwargs)


def value_grid(ax, axis: str = "y", integer: bool = False, nbins: int | str = 6, log: bool = False):
    """Keep grid lines on the value axis only, with thousands separators on its labels.

    ``integer`` for counts (no 2.5 ticks); ``nbins`` the most ticks (fewer for narrow panels);
    ``log`` for a logarithmic axis (values must be positive).
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.grid(False)
    ax.grid(True, axis=axis)
    value_axis = getattr(ax, f"{axis}axis")
    if log:
        getattr(ax, f"set_{axis}scale")("log")
    else:
        value_axis.set_major_locator(MaxNLocator(nbins=nbins, integer=integer))
    value_axis.set_major_formatter(FuncFormatter(_tick_label))
    return ax


def _tick_label(value, _position=None) -> str:
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{min(3, max(1, -math.floor(math.log10(abs(value))) + 1))}f}".rstrip(
        "0"
    ).rstrip(".")


def heatmap(data: pd.DataFrame, ax, label: str, cmap: str = SEQUENTIAL_CMAP, **kwargs):
    """A seaborn heat map in the report style: whole numbers written in, blanks left white."""
    import seaborn as sns

    kwargs.setdefault("annot", True)
    kwargs.setdefault("fmt", ".0f")
    kwargs.setdefault("linewidths", 0.5)
    kwargs.setdefault("linecolor", "#DDDDDD")
    kwargs.setdefault("annot_kws", {"fontsize": SMALL_FONT_PT})
    from matplotlib.ticker import MaxNLocator

    sns.heatmap(data, cmap=cmap, cbar_kws={"label": label}, ax=ax, **kwargs)
    colorbar = ax.collections[0].colorbar if ax.collections else None
    if colorbar is not None:
        colorbar.locator = MaxNLocator(nbins=5, integer=True)
        colorbar.update_ticks()
        colorbar.outline.set_visible(False)
    ax.grid(False)
    ax.tick_params(length=0)
    return ax


def data_period(dates: Iterable, prefix: str = "数据期间：") -> str:
    """Describe the first and last month of ``dates``: '数据期间：2025年1月至2025年12月'."""
    series = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce").dropna()
    if series.empty:
        return f"{prefix}无日期数据"
    first, last = series.min(), series.max()
    if (first.year, first.month) == (last.year, last.month):
        return f"{prefix}{first.year}年{first.month}月"
    return f"{prefix}{first.year}年{first.month}月至{last.year}年{last.month}月"


def report_months(dates: Iterable, year: int, *, to_december: bool = False) -> pd.PeriodIndex:
    """The months a monthly chart shows: from January of ``year`` (or the first month of ``dates``,
    if earlier) to the last month of ``dates``, or to December (``to_december``, or when there are
    no dates), so that a month without rows is a zero, not a gap."""
    dated = pd.Series(list(dates), dtype="object").dropna()
    january, december = pd.Period(f"{year}-01", "M"), pd.Period(f"{year}-12", "M")
    if not len(dated):
        return pd.period_range(january, december, freq="M")
    last = max(dated.max(), december) if to_december else dated.max()
    return pd.period_range(min(dated.min(), january), last, freq="M")


def spans_years(months: Sequence[pd.Period]) -> bool:
    """Whether ``months`` run over more than one calendar year."""
    return months[0].year != months[-1].year


def month_labels(months: Sequence[pd.Period], suffix: str = "") -> list[str]:
    """Tick labels for months: 1 … 12 (with ``suffix``, e.g. 月) within one year, 24/12 across years
    (:func:`month_axis_label` says which)."""
    if spans_years(months):
        return [f"{p.year % 100}/{p.month}" for p in months]
    return [f"{p.month}{suffix}" for p in months]


def month_axis_label(months: Sequence[pd.Period]) -> str:
    """The axis title under :func:`month_labels`: 2025年月份 within one year, else 年/月."""
    return "年/月" if spans_years(months) else f"{months[0].year}年月份"


def stacked_bars(ax, table: pd.DataFrame, *, horizontal: bool = False, positions=None,
                 colors: Sequence[str] | None = None, legend: bool = True, totals: str | None = None) -> pd.Series:
    """Draw one stacked bar per row of ``table``, one segment per column in column order.

    ``positions`` are the bars' places or tick labels (default: the index); ``colors`` gives one
    colour per column (default: the palette in order); ``legend`` names the segments after the
    columns; ``totals`` is a format for a label at the end of each bar (``" {:,}"``).
    Returns each bar's total.
    """
    where = table.index if positions is None else positions
    base = pd.Series(0, index=table.index)
    for i, column in enumerate(table.columns):
        color = colors[i] if colors is not None else PALETTE[i % len(PALETTE)]
        label = column if legend else None
        if horizontal:
            ax.barh(where, table[column], left=base, label=label, color=color)
        else:
            ax.bar(where, table[column], bottom=base, label=label, color=color)
        base = base + table[column]
    for i, total in enumerate(base if totals else ()):
        if horizontal:
            ax.text(total, i, totals.format(total), va="center", fontsize=SMALL_FONT_PT)
        else:
            ax.text(i, total, totals.format(total), ha="center", va="bottom", fontsize=SMALL_FONT_PT)
    return base


def bar_labels(ax, container, fmt: str = "{:,.0f}", labels: Sequence[str] | None = None, **kwargs):
    """Label bars with their values (thousands separators by default), or with the given ``labels``."""
    kwargs.setdefault("fontsize", SMALL_FONT_PT)
    kwargs.setdefault("padding", 2)
    if labels is None:
        labels = [_fmt(v, fmt) for v in container.datavalues]
    return ax.bar_label(container, labels=list(labels), **kwargs)


def upright_xticks(ax) -> None:
    """Write the x tick labels top to bottom, one character under the other (Chinese vertical
    writing): many long labels side by side neither overlap nor need turning the head."""
    labels = [label.get_text() for label in ax.get_xticklabels()]
    ax.set_xticks(ax.get_xticks(), ["\n".join(text) for text in labels], rotation=0,
                  ha="center", va="top", linespacing=0.95)


def fit_annotations(ax, columns: int, least: float = 5.5) -> None:
    """Shrink the numbers written in a heat map's cells until the widest fits its cell."""
    fig = ax.figure
    texts = [t for t in ax.texts if t.get_text()]
    if not texts or columns <= 0:
        return
    engine = fig.get_layout_engine()
    if engine is not None:  # the axes' place after the layout, not before
        engine.execute(fig)
    cell_pt = ax.get_position().width * fig.get_figwidth() * 72 / columns
    widest = max(len(t.get_text()) for t in texts)
    size = min(texts[0].get_fontsize(), max(least, cell_pt * 0.9 / (0.6 * widest)))
    for t in texts:
        t.set_fontsize(size)


def slant_xticks(ax, rotation: float = 30) -> None:
    """Turn the x tick labels by ``rotation`` degrees, right-aligned under their ticks."""
    ax.tick_params(axis="x", rotation=rotation)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")


def _fmt(value, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return fmt.format(value)
