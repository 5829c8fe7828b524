"""Save sheets as .xlsx (openpyxl), old .xls (xlwt) or GBK .csv, byte-for-byte reproducibly,
and make the broken files a real batch contains (corrupt, encrypted, not a workbook)."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import xlwt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .cells import Fmt
from .sheets import Sheet

FIXED_TIME = datetime(2025, 12, 5, 9, 0, 0)
ZIP_TIME = (2025, 12, 5, 9, 0, 0)
THIN = Side(style="thin")


def _plain(value):
    return value.value if isinstance(value, Fmt) else value


def _width(sheet: Sheet, col: int) -> float:
    longest = 4
    for r, row in enumerate(sheet.rows, start=1):
        if r in sheet.title_rows or col >= len(row) or row[col] is None:
            continue
        if any(m[0] == r and m[1] == col + 1 and m[3] > m[1] for m in sheet.merges):
            continue  # a merged line (unit line, footer) does not widen its first column
        text = str(_plain(row[col]))
        longest = max(longest, max(len(part) for part in text.split("\n")))
    return min(40, longest * 2 + 2)


def normalise_zip(data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Rewrite a zip with fixed timestamps so the same content gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = method
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def xlsx_bytes(sheets: list[Sheet], title: str) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        if sheet.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=_plain(value))
                if isinstance(value, Fmt):
                    cell.number_format = value.number_format
                if r in sheet.title_rows:
                    cell.font = Font(bold=True, size=14)
                    cell.alignment = Alignment(horizontal="center")
                elif r in sheet.bold_rows:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(
                        horizontal="center", vertical="center", wrap_text=True
                    )
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for c in range(sheet.width):
            ws.column_dimensions[get_column_letter(c + 1)].width = _width(sheet, c)
        for r in sheet.bold_rows:
            for c in range(1, sheet.width + 1):
                ws.cell(row=r, column=c).border = Border(THIN, THIN, THIN, THIN)
    props = wb.properties
    props.creator = props.lastModifiedBy = "示例数据生成器"
    props.title = title
    props.description = "示例数据，人员信息均为虚构"
    props.created = props.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return normalise_zip(buffer.getvalue())


XLS_STYLES = {
    "bold": xlwt.easyxf("font: bold on; align: horiz center, vert center, wrap on"),
    "title": xlwt.easyxf("font: bold on, height 280; align: horiz center"),
    "plain": xlwt.easyxf(""),
}


def _xls_style(value, bold: bool, title: bool):
    if isinstance(value, Fmt):
        return xlwt.easyxf(num_format_str=value.number_format.replace('"', ""))
    if title:
        return XLS_STYLES["title"]
    return XLS_STYLES["bold"] if bold else XLS_STYLES["plain"]


def xls_bytes(sheets: list[Sheet]) -> bytes:
    """An old-style .xls (BIFF8) as departments with old office software send it."""
    wb = xlwt.Workbook(encoding="utf-8")
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name, cell_overwrite_ok=True)
        if sheet.hidden:
            ws.visibility = 1
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                style = _xls_style(value, r in sheet.bold_rows, r in sheet.title_rows)
                ws.write(r - 1, c, _plain(value), style)
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1)
        for c in range(sheet.width):
            ws.col(c).width = int(_width(sheet, c) * 256)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(sheets: list[Sheet], encoding: str = "gbk") -> bytes:
    """A .csv export (one sheet, merges lost) in the encoding Excel uses on Chinese Windows."""
    (sheet,) = sheets
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    for row in sheet.rows:
        values = [_plain(v) for v in row]
        if any(isinstance(v, date | datetime) for v in values):
            raise ValueError(f"{sheet.name}: a .csv holds text only, use a text date style")
        writer.writerow(["" if v is None else v for v in values])
    return text.getvalue().encode(encoding)


@contextmanager
def _seeded_encryption(seed: int) -> Iterator[None]:
    """msoffcrypto draws salts and keys from `secrets` and stamps the container with the current
    time; seed the one and fix the other so the file is reproducible."""
    from msoffcrypto.method import ecma376_agile
    from msoffcrypto.method.container import ecma376_encrypted

    class FixedClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return FIXED_TIME

    rng = random.Random(seed)
    saved = ecma376_agile._random_buffer, ecma376_encrypted.datetime
    ecma376_agile._random_buffer = rng.randbytes
    ecma376_encrypted.datetime = FixedClock
    try:
        yield
    finally:
        ecma376_agile._random_buffer, ecma376_encrypted.datetime = saved


def encrypt_xlsx(data: bytes, password: str, seed: int) -> bytes:
    """The workbook as Excel saves it with 'Encrypt with password' (ECMA-376 agile)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with _seeded_encryption(seed):
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def corrupt(data: bytes) -> bytes:
    """A workbook cut off in transfer: the zip's central directory is missing.

    Stored uncompressed first, so the bytes do not depend on the zlib version."""
    stored = normalise_zip(data, zipfile.ZIP_STORED)
    return stored[: len(stored) * 55 // 100]
