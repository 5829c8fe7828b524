"""Workbook model of the corpus (a grid of cells per sheet) and its writers: xlsx, xls, csv, ods."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class DateCell:
    """A real date cell with its display format (Excel number format)."""

    value: dt.date | dt.datetime
    fmt: str = "yyyy-mm-dd"


@dataclass
class Sheet:
    """One sheet: rows of cells (0-based), merged ranges (r1, c1, r2, c2 inclusive, 0-based)."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    validations: list[tuple[str, str]] = field(default_factory=list)  # (A1 range, list formula)

    def add(self, cells: list[Any]) -> int:
        """Append a row; return its 1-based Excel row number."""
        self.rows.append(list(cells))
        return len(self.rows)

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        """Merge a range given in 1-based rows and 0-based columns."""
        if (r1, c1) != (r2, c2):
            self.merges.append((r1 - 1, c1, r2 - 1, c2))

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Book:
    """A workbook to write: relative path, format and sheets."""

    path: str
    fmt: str
    sheets: list[Sheet]


def name_column(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def write_book(book: Book, root: Path) -> Path:
    """Write a book under root in its format; return the path written."""
    path = root / book.path
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = {"xlsx": write_xlsx, "xls": write_xls, "csv": write_csv, "ods": write_ods}[book.fmt]
    writer(book, path)
    return path


def write_xlsx(book: Book, path: Path) -> None:
    """Write with openpyxl: merges, date formats, hidden sheets, list validations."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(value, DateCell):
                    cell.value = value.value
                    cell.number_format = value.fmt
                else:
                    cell.value = value
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for ref, formula in sheet.validations:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.add(ref)
            ws.add_data_validation(dv)
        if sheet.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def _get_xls_date_style(fmt: str, cache: dict[str, Any]) -> Any:
    import xlwt

    if fmt not in cache:
        style = xlwt.XFStyle()
        style.num_format_str = fmt.replace('"', "")  # xlwt takes the literal text
        cache[fmt] = style
    return cache[fmt]


def write_xls(book: Book, path: Path) -> None:
    """Write BIFF8 with xlwt (merges and date cells)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, Any] = {}
    for sheet in book.sheets:
        ws = wb.add_sheet(sheet.name[:31], cell_overwrite_ok=True)
        covered: set[tuple[int, int]] = set()
        for r1, c1, r2, c2 in sheet.merges:
            value = sheet.rows[r1][c1] if c1 < len(sheet.rows[r1]) else None
            ws.write_merge(r1, r2, c1, c2, _convert_xls_value(value))
            covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if (r, c) in covered or value is None or value == "":
                    continue
                if isinstance(value, DateCell):
                    ws.write(r, c, value.value, _get_xls_date_style(value.fmt, styles))
                else:
                    ws.write(r, c, value)
        if sheet.hidden:
            ws.visibility = 1
    wb.save(str(path))


def _convert_xls_value(value: Any) -> Any:
    if isinstance(value, DateCell):
        return value.value.isoformat()
    return "" if value is None else value


def format_cell_text(value: Any) -> str:
    """The text a CSV export shows for a cell."""
    if value is None:
        return ""
    if isinstance(value, DateCell):
        v = value.value
        return v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, dt.datetime) else v.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(book: Book, path: Path) -> None:
    """Write the first sheet as GBK CSV (as the hotline platform and WPS export)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in book.sheets[0].rows:
        writer.writerow([format_cell_text(v) for v in row])
    path.write_bytes(buf.getvalue().encode("gbk"))


def _render_ods_cell(value: Any, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None or value == "":
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, DateCell):
        v = value.value
        iso = v.isoformat() if isinstance(v, dt.date) else str(v)
        return (f'<table:table-cell office:value-type="date" office:date-value="{iso}"{attrs}>'
                f"<text:p>{iso[:10]}</text:p></table:table-cell>")
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    lines = "".join(f"<text:p>{escape(part)}</text:p>" for part in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string"{attrs}>{lines}</table:table-cell>'


def _render_ods_table(sheet: Sheet) -> str:
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in sheet.merges}
    covered = {(r, c) for r1, c1, r2, c2 in sheet.merges
               for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
    width = sheet.width
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = []
        for c in range(width):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
            else:
                cells.append(_render_ods_cell(row[c] if c < len(row) else None, spans.get((r, c))))
        rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    return f'<table:table table:name="{escape(sheet.name)}">{"".join(rows)}</table:table>'


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')


def write_ods(book: Book, path: Path) -> None:
    """Write a minimal OpenDocument spreadsheet (as LibreOffice saves one)."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
               f"<office:body><office:spreadsheet>{''.join(_render_ods_table(s) for s in book.sheets)}"
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, method in [("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
                                   ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
                                   ("content.xml", content, zipfile.ZIP_DEFLATED)]:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2025, 12, 5, 9, 0, 0)), data, compress_type=method)


def compute_serial(day: dt.date) -> int:
    """Excel's serial number of a day (1900 date system)."""
    return (day - EXCEL_EPOCH).days
