"""Figures and tables for the report: style, CJK fonts, reproducible files.

A notebook calls, once at the top::

    from analysis import figures as fg
    fg.apply_style()
    fg.set_output(section="publicity", out=REPORTS)

and then, for every chart and table::

    fig, ax = fg.subplots(height=3.2)
    ...
    fg.add_footnote(fig, "数据期间：2025年1月至12月；来源：各成员单位报送台账")
    fg.save_figure(fig, "activities_by_month", data=frame)
    fg.save_table(frame, "按月活动", percent_cols=["share"])

Files written (all byte-identical when the same data is saved again, and left untouched then):

- ``<out>/figures/<section>/<name>.png`` (300 dpi), ``.svg`` (text as paths) and ``.csv`` (the
  chart's data, UTF-8 with BOM so that Excel opens it);
- ``<out>/tables/<section>.xlsx``: one sheet per table, Chinese headers, number formats.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import math
import numbers
import re
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import matplotlib.font_manager as font_manager
import numpy as np
import pandas as pd

from analysis import paths

# --------------------------------------------------------------------------- style

#: The report's text width: 156 mm.
TEXT_WIDTH_IN = 156 / 25.4
#: Default figure height (inches): a little under two thirds of the width.
DEFAULT_HEIGHT_IN = 3.4
BASE_FONT_PT = 9.5
TITLE_FONT_PT = 10.5
SMALL_FONT_PT = 8.0
PNG_DPI = 300

#: System CJK fonts tried first, in this order (names as matplotlib's font manager knows them).
SYSTEM_CJK_FONTS = (
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
#: Openly licensed (SIL OFL) fonts shipped inside the ``mplfonts`` package, used when the
#: machine has none of the above. The SimHei file mplfonts also carries is deliberately not used.
BUNDLED_CJK_FONTS = {"Noto Sans CJK SC": "NotoSansCJKsc-Regular.otf"}

#: One palette for every chart: dark blue first, then distinguishable, print-safe colours.
PALETTE = (
    "#1F4E79",  # 深蓝
    "#C55A11",  # 橙褐
    "#548235",  # 绿
    "#7030A0",  # 紫
    "#BF8F00",  # 土黄
    "#2E75B6",  # 蓝
    "#C00000",  # 红
    "#7F7F7F",  # 灰
    "#00807F",  # 青
    "#A9D18E",  # 浅绿
)
#: A sequential colour map for heat maps, matching the palette's blue.
SEQUENTIAL_CMAP = "Blues"
#: Fixed colours for recurring categories, so that one category looks the same in every chart.
CATEGORY_COLORS = {
    "精准普法": PALETTE[0],
    "法律明白人培训": PALETTE[1],
    "专题活动": PALETTE[2],
    "反诈宣传": PALETTE[6],
    "送法进校园": PALETTE[5],
    "政策宣讲": PALETTE[3],
    "其他": PALETTE[7],
    "优秀": PALETTE[2],
    "良好": PALETTE[5],
    "合格": PALETTE[4],
    "不合格": PALETTE[6],
}

SVG_HASH_SALT = "analysis-report"
RANDOM_SEED = 2025
_style_font: str | None = None


def find_cjk_font() -> tuple[str, str | None]:
    """Return ``(family name, file registered or None)``: a system CJK font, else a bundled one.

    Raises RuntimeError when no CJK font is available at all (mplfonts missing and no system
    font), because every chart would then show empty boxes instead of Chinese text.
    """
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for name in SYSTEM_CJK_FONTS:
        if name in installed:
            return name, None
    for name, filename in BUNDLED_CJK_FONTS.items():
        path = bundled_font_path(filename)
        if path is not None:
            font_manager.fontManager.addfont(str(path))
            return name, str(path)
    raise RuntimeError(
        "找不到中文字体：请安装 mplfonts（pip install mplfonts）或系统字体 Noto Sans CJK SC。"
    )


def bundled_font_path(filename: str) -> Path | None:
    """Locate a font file inside the installed ``mplfonts`` package, or None."""
    try:
        import mplfonts
    except ImportError:
        return None
    root = Path(mplfonts.__file__).resolve().parent
    for candidate in (root / "fonts" / filename, *root.rglob(filename)):
        if candidate.is_file():
            return candidate
    return None


def _has_bold(font: str) -> bool:
    weights = {
        font_manager.weight_dict.get(e.weight, e.weight) if isinstance(e.weight, str) else e.weight
        for e in font_manager.fontManager.ttflist
        if e.name == font
    }
    return any(isinstance(w, int) and w >= 600 for w in weights)


def style_rc(font: str) -> dict:
    """The rcParams of the report style, for the given CJK font family."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [font, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "font.size": BASE_FONT_PT,
        "axes.titlesize": TITLE_FONT_PT,
        # bold only where the font has a bold face (the bundled Noto Sans CJK SC has not)
        "axes.titleweight": "bold" if _has_bold(font) else "normal",
        "axes.labelsize": BASE_FONT_PT,
        "xtick.labelsize": 9.0,
        "ytick.labelsize": 9.0,
        "legend.fontsize": 9.0,
        "legend.title_fontsize": 9.0,
        "figure.titlesize": TITLE_FONT_PT,
        "figure.figsize": (TEXT_WIDTH_IN, DEFAULT_HEIGHT_IN),
        "figure.dpi": 100,
        "figure.constrained_layout.use": True,
        "savefig.dpi": PNG_DPI,
        "savefig.bbox": None,
        "savefig.facecolor": "white",
        "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
        "image.cmap": SEQUENTIAL_CMAP,
        "svg.fonttype": "path",
        "svg.hashsalt": SVG_HASH_SALT,
        "pdf.fonttype": 3,
        "ps.fonttype": 3,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def apply_style() -> str:
    """Set the report style for matplotlib and seaborn; return the CJK font family used.

    Also seeds numpy's global random generator (seaborn's jitter), so that reruns give the
    same files. Safe to call more than once.
    """
    global _style_font
    import seaborn as sns

    font, _ = find_cjk_font()
    rc = style_rc(font)
    sns.set_theme(context="paper", style="whitegrid", palette=list(PALETTE), rc=rc)
    # seaborn's theme resets fonts to its own defaults for some keys: set ours again after it.
    mpl.rcParams.update(rc)
    # seaborn's strip plots jitter points with numpy's global generator: a fixed seed makes a
    # rerun of the notebook draw the same points, so the saved files stay byte-identical
    np.random.seed(RANDOM_SEED)
    _inline_without_tight_bbox()
    _style_font = font
    return font


def _inline_without_tight_bbox() -> None:
    """In a notebook, show figures as laid out (constrained layout already fits them).

    The inline backend's default ``bbox_inches='tight'`` costs a further drawing pass per
    figure and would crop the footnote margin differently from the saved files.
    """
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None or "IPKernelApp" not in shell.config:
            return
        from matplotlib.figure import Figure
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", bbox_inches=None)
        formatter = shell.display_formatter.formatters["image/png"]
        fallback = formatter.lookup_by_type(Figure)
        formatter.for_type(Figure, functools.partial(_show_figure, fallback=fallback))
    except Exception:  # not in a kernel, or another inline backend: keep its defaults
        return
    global _previews
    _previews = True


#: True once the notebook shows figures through :func:`_show_figure` (set by apply_style).
_previews = False


def _show_figure(fig, fallback):
    """The notebook's picture of ``fig``: the saved PNG scaled to the screen when the figure
    was saved at this size and resolution (no further drawing), else a fresh rendering."""
    preview = getattr(fig, "_analysis_preview", None)
    if preview is not None and preview[0] == (tuple(fig.get_size_inches()), fig.dpi):
        return preview[1]
    return fallback(fig)


def _keep_preview(fig, png: bytes) -> None:
    """Keep a screen-resolution copy of the PNG just written, for :func:`_show_figure`.

    Scaled down from the pixels matplotlib has just drawn (the canvas still holds them), so
    that showing a saved figure costs no third drawing pass.
    """
    if not _previews:
        return
    try:
        from PIL import Image

        width, height = struct.unpack(">II", png[16:24])  # the PNG header's size
        pixels = fig.canvas.buffer_rgba() if hasattr(fig.canvas, "buffer_rgba") else None
        if pixels is not None and np.asarray(pixels).shape[:2] == (height, width):
            image = Image.fromarray(np.asarray(pixels), "RGBA")
        else:
            image = Image.open(io.BytesIO(png))
        factor = PNG_DPI / fig.dpi
        if factor >= 1 and float(factor).is_integer():
            image = image.reduce(int(factor))
        else:
            size = (max(1, round(width / factor)), max(1, round(height / factor)))
            image = image.resize(size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, format="png", dpi=(fig.dpi, fig.dpi))
    except Exception:  # the notebook then draws the figure itself
        return
    fig._analysis_preview = ((tuple(fig.get_size_inches()), fig.dpi), buffer.getvalue())


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


def slant_xticks(ax, rotation: float = 30) -> None:
    """Turn the x tick labels by ``rotation`` degrees, right-aligned under their ticks."""
    ax.tick_params(axis="x", rotation=rotation)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")


def _fmt(value, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return fmt.format(value)


# --------------------------------------------------------------------------- output folders


@dataclass
class Output:
    section: str | None = None
    out: Path | None = None


_output = Output()


def set_output(section: str | None = None, out: str | Path | None = None) -> Output:
    """Set the section (sub-folder / workbook name) and the output root for this session.

    ``out`` defaults to the project's ``reports/`` folder.
    """
    if section is not None:
        _check_name(section, "section")
        _output.section = section
    if out is not None:
        _output.out = Path(out).expanduser().resolve()
    return _output


def _resolve(section: str | None, out: str | Path | None) -> tuple[str, Path]:
    section = section or _output.section or "misc"
    _check_name(section, "section")
    root = Path(out).expanduser().resolve() if out is not None else _output.out
    return section, root or paths.REPORTS_DIR


def _check_name(name: str, what: str) -> None:
    if not name or re.search(r'[\\/:*?"<>|\x00-\x1f]', name) or name in {".", ".."}:
        raise ValueError(f"invalid {what} name: {name!r}")


def _write_if_changed(path: Path, content: bytes) -> Path:
    """Write ``content`` unless the file already holds exactly these bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == content:
        return path
    return paths.write_atomic(path, content)


# --------------------------------------------------------------------------- figures


@dataclass
class SavedFigure:
    png: Path
    svg: Path
    csv: Path | None


_NO_AUTO_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}


def figure_bytes(fig, fmt: str) -> bytes:
    """Render ``fig`` in ``fmt`` ('png' or 'svg') without dates or software versions."""
    buffer = io.BytesIO()
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}[fmt]
    # savefig puts the figure's layout engine back afterwards; when it has none (see
    # _freeze_layout), only these settings keep it from installing a fresh constrained layout
    rc = {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path", **_NO_AUTO_LAYOUT}
    with mpl.rc_context(rc):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buffer.getvalue()


def _freeze_layout(fig, dpi: float = PNG_DPI) -> None:
    """Lay ``fig`` out once, as for a file at ``dpi``, then drop its layout engine.

    ``savefig`` runs a whole extra (silent) drawing pass before every file when the figure has
    a layout engine, even a frozen one; computing the layout here and removing the engine lets
    the PNG, the SVG and the notebook's display each draw the figure once.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        return
    if fig.axes and type(engine).__name__ != "PlaceHolderLayoutEngine":
        original = fig.dpi
        fig.set_dpi(dpi)  # the text sizes constrained layout measures depend on the dpi
        try:
            engine.execute(fig)
        except ValueError:  # as Figure.draw: a figure too small to lay out stays as it is
            pass
        finally:
            fig.set_dpi(original)
    with warnings.catch_warnings(), mpl.rc_context(_NO_AUTO_LAYOUT):
        warnings.simplefilter("ignore")
        fig.set_layout_engine(None)


def csv_bytes(data: pd.DataFrame | pd.Series) -> bytes:
    """A chart's data as CSV, UTF-8 with BOM, '\\n' line ends, the index kept when it means something."""
    frame = _as_frame(data)
    text = frame.to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")


def _as_frame(data) -> pd.DataFrame:
    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else "value")
    if not isinstance(data, pd.DataFrame):
        data = pd.DataFrame(data)
    index = data.index
    # an unnamed whole-number index is just row positions (e.g. left over from filtering)
    positional = all(n is None for n in index.names) and pd.api.types.is_integer_dtype(index)
    if not positional:
        data = data.reset_index()
    if isinstance(data.columns, pd.MultiIndex):
        data = data.copy()
        data.columns = [
            "_".join(str(p) for p in col if str(p) != "") for col in data.columns.to_flat_index()
        ]
    return data


def save_figure(
    fig,
    name: str,
    data: pd.DataFrame | pd.Series | None = None,
    section: str | None = None,
    out: str | Path | None = None,
) -> SavedFigure:
    """Save ``fig`` as ``<out>/figures/<section>/<name>.png`` (300 dpi) and ``.svg``.

    ``data``, the numbers the chart shows, goes beside them as ``<name>.csv``. Files whose
    content would not change are left untouched.

    The layout is computed once, at the PNG's resolution, and kept for the SVG and for the
    notebook's display (the figure's layout engine is removed): the files agree with each
    other, and neither file pays for a further layout or drawing pass.
    """
    _check_name(name, "figure")
    section, root = _resolve(section, out)
    folder = root / "figures" / section
    _freeze_layout(fig)
    png_bytes = figure_bytes(fig, "png")
    _keep_preview(fig, png_bytes)
    png = _write_if_changed(folder / f"{name}.png", png_bytes)
    svg = _write_if_changed(folder / f"{name}.svg", figure_bytes(fig, "svg"))
    csv = None
    if data is not None:
        csv = _write_if_changed(folder / f"{name}.csv", csv_bytes(data))
    return SavedFigure(png=png, svg=svg, csv=csv)


# --------------------------------------------------------------------------- tables

#: Headers of the closing table of each section (columns of metrics.report_table).
REPORT_TABLE_HEADERS = {
    "id": "编号",
    "metric": "指标",
    "label": "指标名称",
    "snippet": "报告表述",
    "claimed": "报告数值",
    "unit": "单位",
    "rule": "表述规则",
    "value": "计算值",
    "holds": "是否相符",
    "sources": "数据来源",
}

#: Chinese headers for column names that recur across tables (the report table's first).
DEFAULT_HEADERS = {
    **REPORT_TABLE_HEADERS,
    "numerator": "分子",
    "denominator": "分母",
    "department": "单位",
    "dataset": "数据集",
    "source_file": "来源文件",
    "source_sheet": "工作表",
    "source_row": "行号",
    "severity": "级别",
    "message": "问题说明",
    "cell": "单元格",
    "reason": "原因",
    "count": "数量",
    "rows": "行数",
    "share": "占比",
    "month": "月份",
    "quarter": "季度",
    "category": "活动类型",
    "audience": "对象",
    "street": "街道",
    "events": "活动场次",
    "materials": "发放材料（份）",
    "people_reached": "覆盖人数（人次）",
    "people_per_event": "场均覆盖人数",
    "platform": "平台",
    "account": "账号",
    "videos": "作品数（条）",
    "views": "播放量",
    "likes": "点赞",
    "shares": "转发",
    "enforcement_unit": "执法单位",
    "case_type": "案件类型",
    "grade": "等次",
    "score": "得分",
    "reviewer": "评查人",
    "defects": "存在问题",
    "files": "案卷数（本）",
    "filings": "备案次数",
    "enforcement_staff": "执法人员数",
    "legal_review_staff": "法制审核人员数",
    "venue": "司法所",
    "sessions": "场次",
    "attendees": "参加人数",
    "passed": "达标人数",
    "pass_rate": "达标率",
    "service_type": "服务类型",
    "persons": "人数",
    "person_times": "人次",
}

_INT_FORMAT = "#,##0"
_PLAIN_INT_FORMAT = "0"
#: Whole numbers shown without thousands separators: years, row numbers, codes.
_PLAIN_COLUMN = re.compile(r"(year|^source_row$|_row$|^row$|_no$|^id$)", re.IGNORECASE)
_PLAIN_HEADER = re.compile(r"(年份|年度|行号|编号|序号)")
_FLOAT_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00", 3: "#,##0.000"}
_PERCENT_FORMAT = "0.0%"
_DATE_FORMAT = "yyyy-mm-dd"
_FIXED_TIME = _dt.datetime(2025, 1, 1)
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str) -> str:
    """An Excel sheet name: no []:*?/\\ characters, at most 31 characters."""
    title = _INVALID_SHEET.sub("_", str(name)).strip("'") or "Sheet"
    return title[:31]


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: CJK and full-width characters count 2."""
    width = 0
    for ch in str(text):
        width += 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1
    return width


def _decimals(values: Sequence[float]) -> int:
    places = 0
    for value in values:
        for digits in range(0, 4):
            if abs(round(value, digits) - value) < 1e-9:
                places = max(places, digits)
                break
        else:
            return 2 if places < 2 else places
    return places


def _cell_value(value):
    """A Python value openpyxl can store, plus the kind it is."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None, "empty"
    if isinstance(value, (bool, np.bool_)):
        return ("是" if bool(value) else "否"), "text"
    if isinstance(value, numbers.Integral):
        return int(value), "int"
    if isinstance(value, numbers.Real):
        value = float(value)
        if math.isnan(value):
            return None, "empty"
        if math.isinf(value):
            return str(value), "text"
        return value, "float"
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None), "date"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value, "date"
    if isinstance(value, pd.Period):
        return str(value), "text"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value), "text"
    return str(value), "text"


def save_table(
    df: pd.DataFrame,
    name: str,
    section: str | None = None,
    out: str | Path | None = None,
    percent_cols: Iterable[str] = (),
    headers: Mapping[str, str] | None = None,
) -> Path:
    """Write ``df`` as sheet ``name`` of ``<out>/tables/<section>.xlsx`` (replacing that sheet).

    - Headers: ``headers[column]``, else :data:`DEFAULT_HEADERS`, else the column name.
    - ``percent_cols`` hold percent numbers (98.6 means 98.6 %, as the metrics give them): they
      are stored as fractions (0.986) with the format ``0.0%``.
    - Whole numbers get thousands separators, other numbers as many decimals as they need (≤3),
      dates ``yyyy-mm-dd``, True/False ``是``/``否``; the header row is frozen.
    Saving the same tables again gives a byte-identical workbook.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    section, root = _resolve(section, out)
    path = root / "tables" / f"{section}.xlsx"
    frame = _as_frame(df)
    percent = set(percent_cols)
    unknown = percent - set(frame.columns)
    if unknown:
        raise KeyError(f"percent_cols not in the table: {sorted(unknown)}")
    names = {**DEFAULT_HEADERS, **(headers or {})}
    title = sheet_title(name)

    workbook = _open_workbook(path)
    if workbook is not None:
        position = workbook.sheetnames.index(title) if title in workbook.sheetnames else None
        if position is not None:
            del workbook[title]
        sheet = workbook.create_sheet(title, position)
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = title

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="9BC2E6")
    header_border = Border(bottom=thin)
    columns = list(frame.columns)
    widths = []
    for j, column in enumerate(columns, start=1):
        header = names.get(str(column), str(column))
        cell = sheet.cell(row=1, column=j, value=header)
        cell.font = header_font
        cell.fill = header_fill
        cell.border = header_border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths.append(display_width(header))

    for j, column in enumerate(columns, start=1):
        raw = list(frame[column])
        converted = [_cell_value(v) for v in raw]
        is_percent = column in percent
        plain = bool(
            _PLAIN_COLUMN.search(str(column))
            or _PLAIN_HEADER.search(names.get(str(column), str(column)))
        )
        floats = [v for v, kind in converted if kind == "float"]
        float_format = _FLOAT_FORMATS[_decimals(floats)] if floats else _FLOAT_FORMATS[1]
        for i, (value, kind) in enumerate(converted, start=2):
            if is_percent and kind in {"int", "float"}:
                value, kind = round(value / 100.0, 8), "percent"
            if kind == "empty" or (kind == "text" and value == ""):
                # no cell at all, as in a workbook read back from its file: an empty cell kept
                # in memory would be written as an empty string element
                continue
            # the format is set before the value: openpyxl would otherwise register its own
            # default date format, and the workbook would change on every rerun
            cell = sheet.cell(row=i, column=j)
            if kind == "int" and plain:
                cell.number_format = _PLAIN_INT_FORMAT
                shown = str(value)
            elif kind == "int":
                cell.number_format = _INT_FORMAT
                shown = f"{value:,}"
            elif kind == "float":
                cell.number_format = float_format
                shown = f"{value:,.3f}"
            elif kind == "percent":
                cell.number_format = _PERCENT_FORMAT
                shown = f"{value:.1%}"
            elif kind == "date":
                cell.number_format = _DATE_FORMAT
                shown = "2025-01-01"
            else:
                shown = "" if value is None else str(value)
                if "\n" in shown:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.value = value
            longest = max((display_width(part) for part in shown.split("\n")), default=0)
            widths[j - 1] = max(widths[j - 1], longest)

    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 6), 60)
    sheet.freeze_panes = "A2"
    if columns and len(frame):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"

    workbook.properties.creator = "analysis"
    workbook.properties.created = _FIXED_TIME
    content = _deterministic_zip(_workbook_bytes(workbook))
    _write_if_changed(path, content)
    _workbooks[path] = (workbook, content)
    return path


def _workbook_bytes(workbook) -> bytes:
    """``workbook`` saved to bytes, leaving it as it was before (so that it can be saved again).

    Saving records each sheet's column outline level, which the next save would then write as
    an extra attribute: it is put back, so that a workbook kept in memory writes the same bytes
    as one read back from its file.
    """
    outlines = [(ws.column_dimensions, ws.column_dimensions.max_outline) for ws in workbook.worksheets]
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook.save(buffer)
    finally:
        for dimensions, level in outlines:
            dimensions.max_outline = level
    return buffer.getvalue()


#: The workbook last written to each path in this session, with the bytes written: the next
#: table of the section goes into it directly, instead of reading the file back (which made
#: writing a section's tables quadratic). The file is read again if it changed meanwhile.
_workbooks: dict[Path, tuple[object, bytes]] = {}


def _open_workbook(path: Path):
    """The section's workbook: the one in memory if the file still holds what it wrote, else
    the file's; None when there is no file yet."""
    import openpyxl

    try:
        on_disk = path.read_bytes()
    except OSError:
        _workbooks.pop(path, None)
        return None
    cached = _workbooks.pop(path, None)
    if cached is not None and cached[1] == on_disk:
        return cached[0]
    return openpyxl.load_workbook(io.BytesIO(on_disk))


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _deterministic_zip(content: bytes) -> bytes:
    """Rewrite an xlsx with fixed entry dates and fixed document times."""
    source = zipfile.ZipFile(io.BytesIO(content))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>2025-01-01T00:00:00Z\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return target_buffer.getvalue()


# --------------------------------------------------------------------------- notebook helpers


def has_rows(frame: pd.DataFrame | None, what: str, columns: Iterable[str] = ()) -> bool:
    """True when ``frame`` has rows (and the given columns with some values).

    Otherwise print a Chinese note saying what is skipped, and return False, so that a
    notebook section can be skipped instead of crashing.
    """
    if frame is None or len(frame) == 0:
        print(f"【提示】{what}：没有可用数据（数据集缺失或为空），本部分图表从略。")
        return False
    missing = [c for c in columns if c not in frame.columns or frame[c].notna().sum() == 0]
    if missing:
        print(f"【提示】{what}：缺少字段 {'、'.join(missing)} 的数据，本部分图表从略。")
        return False
    return True


RULE_NAMES = {
    "exact": "等于",
    "yu": "“余”",
    "over": "超过",
    "near": "接近",
    "at_least": "不低于",
    "at_most": "不高于",
    "pct": "百分比",
    "yoy": "同比",
    "period": "期间",
}


def for_display(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` for showing in a notebook: Chinese headers, True/False as 是/否."""
    names = {**DEFAULT_HEADERS, **(headers or {})}
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = shown[column].map({True: "是", False: "否"})
    shown = shown.rename(columns=lambda c: names.get(str(c), c))
    shown.index = shown.index.set_names(
        [names.get(str(n), n) if n is not None else None for n in shown.index.names]
    )
    return shown


def report_check_table(report: pd.DataFrame) -> pd.DataFrame:
    """The closing table of a section, from ``metrics.report_table``: readable values.

    Values and the report's numbers become numbers (whole ones as int, others rounded to two
    decimals; a period stays text), ``holds`` is kept as bool (written as 是/否 by
    :func:`save_table`), and the rule gets its Chinese name.
    """
    frame = report.copy()
    keep = [c for c in REPORT_TABLE_HEADERS if c in frame.columns]
    frame = frame[keep]
    for column in ("value", "claimed"):
        if column in frame.columns:
            values = [_display_value(_number_or_text(v)) for v in frame[column]]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
    if "rule" in frame.columns:
        frame["rule"] = [RULE_NAMES.get(str(r), r) for r in frame["rule"]]
    return frame.reset_index(drop=True)


def _number_or_text(value):
    """'21' → 21, '98.8' → 98.8; other text unchanged."""
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    return value


def _display_value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return int(value) if value.is_integer() else round(value, 2)
    return value


def report_check(
    area: str,
    processed_dir: str | Path | None = None,
    year: int = paths.DEFAULT_YEAR,
    name: str | None = "报告数字核对",
) -> pd.DataFrame:
    """A section's closing table: each report figure of ``area`` against the data.

    Built from :func:`analysis.metrics.report_table`; saved with :func:`save_table` as sheet
    ``name`` (unless ``name`` is None). When it cannot be built, a Chinese note is printed and
    an empty table returned.
    """
    try:
        from analysis import metrics

        report = metrics.report_table(area, processed_dir=processed_dir, year=year)
    except Exception as exc:  # a missing dataset must not stop the notebook
        print(f"【提示】报告数字核对表无法生成：{exc}")
        return pd.DataFrame(columns=list(REPORT_TABLE_HEADERS))
    if report.empty:
        print(f"【提示】{year}年没有报告数字清单（resources/report_figures_{year}.csv），本部分不做报告数字核对。")
        return pd.DataFrame(columns=list(REPORT_TABLE_HEADERS))
    check = report_check_table(report)
    if "holds" in check.columns:
        check["holds"] = check["holds"].fillna(False).astype(bool)
    if name is not None and len(check):
        save_table(check, name)
    return check


def report_check_summary(check: pd.DataFrame) -> str:
    """One Chinese sentence on a closing table: how many figures hold, which do not, which lack data."""
    if check is None or len(check) == 0:
        return "没有可核对的报告数字。"
    holds_mask = check["holds"].fillna(False).astype(bool)
    no_data = (
        check["value"].isna() if "value" in check.columns else pd.Series(False, index=check.index)
    )
    failing = list(dict.fromkeys(check.loc[~holds_mask & ~no_data, "snippet"].astype(str)))
    missing = list(dict.fromkeys(check.loc[~holds_mask & no_data, "snippet"].astype(str)))
    text = f"本部分共核对报告数字 {len(check)} 个，与数据相符 **{int(holds_mask.sum())} 个**"
    if failing:
        text += "；与数据不符的是：" + "；".join(failing) + "，需回查数据或修改表述"
    if missing:
        text += "；尚无数据支撑的是：" + "；".join(missing) + "，需相关单位报送台账"
    return text + "。"
