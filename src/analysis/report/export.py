"""Files of the report: figures as 300-dpi PNG + SVG + chart data, tables as formatted xlsx.

Files written (all byte-identical when the same data is saved again, and left untouched then):

- ``<out>/figures/<section>/<name>.png`` (300 dpi), ``.svg`` (text as paths) and ``.csv`` (the
  chart's data, UTF-8 with BOM so that Excel opens it);
- ``<out>/tables/<section>.xlsx``: one sheet per table, Chinese headers, number formats.
"""

from __future__ import annotations

import atexit
import datetime as _dt
import io
import math
import numbers
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import paths
from ..files import CSV_ENCODING, OutputBlocked, csv_text, write_atomic
from ..inert import set_text
from ..reads import DEFER_VARIABLE, record_written
from .labels import DEFAULT_HEADERS, display_width, readable_values
from .style import PNG_DPI, SVG_HASH_SALT, keep_preview

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
    return section, root or paths.reports_folder()


def _check_name(name: str, what: str) -> None:
    if not name or re.search(r'[\\/:*?"<>|\x00-\x1f]', name) or name in {".", ".."}:
        raise ValueError(f"invalid {what} name: {name!r}")


def _write_if_changed(path: Path, content: bytes) -> Path:
    """Write ``content`` unless the file already holds exactly these bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    record_written(path)
    if path.is_file() and path.read_bytes() == content:
        return path
    try:
        return write_atomic(path, content)
    except OutputBlocked as blocked:  # the workbook open in Excel: the notebook goes on
        print(f"【提示】{blocked.line()}")
        return path


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
    title = figure_title(fig)
    if title:  # the Chinese title a gallery shows under the picture (not the file's name)
        metadata = {**metadata, "Title": title}
    # savefig puts the figure's layout engine back afterwards; when it has none (see
    # _freeze_layout), only these settings keep it from installing a fresh constrained layout
    rc = {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path", **_NO_AUTO_LAYOUT}
    with mpl.rc_context(rc):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buffer.getvalue()


def figure_title(fig) -> str:
    """A figure's title for people: its suptitle, else the first axes title."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        return sup.get_text().strip()
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            text = ax.get_title(loc).strip()
            if text:
                return text
    return ""


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
    return csv_text(frame).encode(CSV_ENCODING)  # text Excel would run as a formula neutralised


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
    keep_preview(fig, png_bytes)
    png = _write_if_changed(folder / f"{name}.png", png_bytes)
    svg = _write_if_changed(folder / f"{name}.svg", figure_bytes(fig, "svg"))
    csv = None
    if data is not None:
        csv = _write_if_changed(folder / f"{name}.csv", csv_bytes(data))
    return SavedFigure(png=png, svg=svg, csv=csv)


# --------------------------------------------------------------------------- tables

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
    Saving the same tables again gives a byte-identical workbook. Inside ``python -m analysis run``
    (:data:`DEFER_VARIABLE` set) the workbook is written once, when the notebook ends
    (:func:`flush_tables`), instead of after every sheet.
    """
    section, root = _resolve(section, out)
    path = root / "tables" / f"{section}.xlsx"
    frame = readable_values(_as_frame(df))  # dataset, rule and format ids by their Chinese names
    percent = set(percent_cols)
    unknown = percent - set(frame.columns)
    if unknown:
        raise KeyError(f"percent_cols not in the table: {sorted(unknown)}")
    names = {**DEFAULT_HEADERS, **(headers or {})}
    workbook, sheet = _replace_sheet(path, sheet_title(name))
    widths = _write_header(sheet, list(frame.columns), names)
    for j, column in enumerate(frame.columns, start=1):
        plain = bool(_PLAIN_COLUMN.search(str(column)) or _PLAIN_HEADER.search(names.get(str(column), str(column))))
        widths[j - 1] = max(widths[j - 1], _write_column(sheet, j, list(frame[column]), column in percent, plain))
    _finish_sheet(sheet, widths, len(frame))
    _store_workbook(path, workbook)
    return path


def _replace_sheet(path: Path, title: str):
    """(the section's workbook, a new empty sheet ``title`` in it, where the old one was)."""
    import openpyxl

    workbook = _open_workbook(path)
    if workbook is None:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = title
        return workbook, sheet
    position = workbook.sheetnames.index(title) if title in workbook.sheetnames else None
    if position is not None:
        del workbook[title]
    return workbook, workbook.create_sheet(title, position)


def _write_header(sheet, columns: list, names: Mapping[str, str]) -> list[int]:
    """The header row (bold, shaded, centred); the display width of each header."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    font, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    border = Border(bottom=Side(style="thin", color="9BC2E6"))
    widths = []
    for j, column in enumerate(columns, start=1):
        header = names.get(str(column), str(column))
        cell = sheet.cell(row=1, column=j)
        set_text(cell, header)
        cell.font, cell.fill, cell.border = font, fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths.append(display_width(header))
    return widths


def _write_column(sheet, j: int, raw: list, is_percent: bool, plain: bool) -> int:
    """Column ``j``'s values from row 2 on, each with its number format; the widest value shown."""
    from openpyxl.styles import Alignment

    converted = [_cell_value(v) for v in raw]
    floats = [v for v, kind in converted if kind == "float"]
    float_format = _FLOAT_FORMATS[_decimals(floats)] if floats else _FLOAT_FORMATS[1]
    widest = 0
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
        number_format, shown = _format_cell(value, kind, plain, float_format)
        if number_format:
            cell.number_format = number_format
        elif "\n" in shown:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        set_text(cell, value)  # a str is a string cell, never a formula
        widest = max(widest, max((display_width(part) for part in shown.split("\n")), default=0))
    return widest


def _format_cell(value, kind: str, plain: bool, float_format: str) -> tuple[str | None, str]:
    """(the number format of a converted value, None for text; the value as Excel shows it)."""
    if kind == "int":
        return (_PLAIN_INT_FORMAT, str(value)) if plain else (_INT_FORMAT, f"{value:,}")
    if kind == "float":
        return float_format, f"{value:,.3f}"
    if kind == "percent":
        return _PERCENT_FORMAT, f"{value:.1%}"
    if kind == "date":
        return _DATE_FORMAT, "2025-01-01"
    return None, "" if value is None else str(value)


def _finish_sheet(sheet, widths: list[int], rows: int) -> None:
    """Column widths, the frozen header row and the filter over the table."""
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 6), 60)
    sheet.freeze_panes = "A2"
    if widths and rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{rows + 1}"


#: Workbooks changed and not written yet (deferred), by path.
_pending: dict[Path, object] = {}


def _store_workbook(path: Path, workbook) -> None:
    """Write the workbook now, or (deferred) when :func:`flush_tables` runs."""
    if not os.environ.get(DEFER_VARIABLE):
        _write_workbook(path, workbook)
        return
    record_written(path)
    if not _pending:
        atexit.register(flush_tables)  # a notebook's end without the runner's flush
    _pending[path] = workbook


def _write_workbook(path: Path, workbook) -> None:
    workbook.properties.creator = "analysis"
    workbook.properties.created = _FIXED_TIME
    content = _deterministic_zip(_workbook_bytes(workbook))
    _write_if_changed(path, content)
    _workbooks[path] = (workbook, content)


def flush_tables() -> list[Path]:
    """Write the workbooks whose writing was deferred (see :func:`save_table`); the paths written."""
    written = []
    while _pending:
        path, workbook = _pending.popitem()
        _write_workbook(path, workbook)
        written.append(path)
    return written


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

    if path in _pending:  # changed in memory, not written yet
        return _pending[path]
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
