"""The report's look: text width, font sizes, palette and a CJK font that renders everywhere.

A notebook calls :func:`apply_style` once (``start_notebook`` does it); matplotlib and seaborn
then draw at the report's 156 mm text width with a Chinese font (Microsoft YaHei or SimHei where
installed, else the Noto Sans CJK SC that ships with mplfonts), and figures shown in the notebook
are the saved PNGs scaled to the screen.
"""

from __future__ import annotations

import functools
import io
import struct
from pathlib import Path

import matplotlib as mpl
import matplotlib.font_manager as font_manager
import numpy as np

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


def keep_preview(fig, png: bytes) -> None:
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

