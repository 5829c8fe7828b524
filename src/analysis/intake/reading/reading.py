"""Any raw file → sheets of cell values. The real format is read from the bytes, not the name."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

from ...contract import TEMPLATE_INFO_SHEET
from ..issues import note
from . import formats

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".et")
#: The real formats calamine reads, and the file extensions each may carry without a note.
EXPECTED = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls", ".et"), "xlsb": (".xlsb",), "ods": (".ods",),
            "spreadsheetml": (".xml",), "xlsx-moved": (".xlsx", ".xlsm")}
#: Formats read from the bytes whatever the file is named (intake/other_files.py).
WORKBOOK_FORMATS = ("xlsx", "xls", "ods", "xlsb", "spreadsheetml", "xlsx-moved", "biff-old")
FORMAT_NAMES = {"spreadsheetml": "Excel 2003 XML", "xlsx-moved": "xlsx"}
#: The error of a file whose reading crashed the reader (a panic here, an abort or a kill in a worker).
READER_CRASHED = "文件读取时读取程序异常退出，文件可能已损坏：请重新保存后报送"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    """A sheet's cells (A1-aligned rows of values, '' for empty) and merged ranges (0-based)."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    visible: bool = True


@dataclass
class Workbook:
    """What could be read from one file: its sheets, its real format, and file-level problems."""

    format: str
    sheets: list[Sheet] = field(default_factory=list)
    error: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)  # (issue code, message)


def sniff_format(data: bytes) -> str:
    """Return 'xlsx', 'xlsx-moved' (parts not at xl/), 'xlsb', 'ods', 'xls', 'spreadsheetml' (Excel
    2003 XML), 'biff-old' (Excel 2.x–4.0), 'encrypted', 'corrupt', 'docx', 'doc', 'zip', 'empty',
    'text' or 'binary' from the bytes."""
    if not data.strip():
        return "empty"
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "corrupt"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "content.xml" in names and b"opendocument.spreadsheet" in data[:200]:
            return "ods"
        if "word/document.xml" in names:
            return "docx"
        if formats.moved_workbook_part(data):
            return "xlsx-moved"
        return "zip"
    if data[:8] == _OLE:
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return "encrypted"
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if formats.is_password_protected(data):
            return "encrypted"
        return "xls"
    if formats.old_biff(data):
        return "biff-old"
    if formats.is_spreadsheet_xml(data):
        return "spreadsheetml"
    head = data[:4096]
    if b"\x00" in head:
        return "binary"
    return "text"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8?"


def read_csv_text(text: str) -> list[list[object]]:
    """Parse CSV text into rows, sniffing the delimiter (comma, tab, semicolon)."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_workbook(path: Path, data: bytes | None = None) -> Workbook:
    """Read a raw file into sheets; never raises for bad input (see ``Workbook.error``)."""
    if data is None:
        data = path.read_bytes()
    fmt = sniff_format(data)
    suffix = path.suffix.lower()
    book = Workbook(format=fmt)
    if fmt == "empty":
        book.error = "文件为空（0字节或只有空白），请重新导出后报送"
        return book
    if fmt == "encrypted":
        book.error = formats.PASSWORD
        return book
    if fmt == "biff-old":
        book.error = "文件" + formats.OLD_BIFF.format(name=formats.old_biff(data))
        return book
    if fmt == "corrupt":
        book.error = "工作簿已损坏（文件不完整或传输中断），无法读取：请重新保存后报送"
        return book
    if fmt in ("docx", "doc"):
        book.error = f"文件扩展名为{suffix}，实际是Word文档而不是Excel工作簿：请报送Excel表格"
        return book
    if fmt in ("zip", "binary"):
        book.error = "文件不是Excel工作簿（无法识别的文件格式），请用Excel或WPS另存为.xlsx后重新报送"
        return book
    if fmt == "text":
        if suffix != ".csv":
            book.error = f"文件扩展名为{suffix}，但内容是纯文本而不是Excel工作簿，请另存为.xlsx后重新报送"
            return book
        text, encoding = decode_text(data)
        if encoding == "utf-8?":
            book.notes.append(note("file-csv-encoding"))
        book.sheets.append(Sheet(name=path.stem, rows=read_csv_text(text)))
        return book
    if suffix not in EXPECTED[fmt]:
        book.notes.append(note("file-format-mismatch", suffix=suffix or "（无）", format=FORMAT_NAMES.get(fmt, fmt)))
    if fmt == "spreadsheetml":
        return _read_other(book, data, fmt)
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = wb.sheets_metadata
        for meta in metas:
            visible = str(meta.visible).endswith("Visible") and "Hidden" not in str(meta.visible)
            if "WorkSheet" not in str(meta.typ):
                continue
            if not visible:
                # Hidden sheets are not read, except a submission template's info sheet (intake/templates.py).
                rows = wb.get_sheet_by_name(meta.name).to_python() if meta.name == TEMPLATE_INFO_SHEET else []
                book.sheets.append(Sheet(name=meta.name, rows=rows, visible=False))
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # noqa: BLE001 - merged ranges are optional (xls may lack them)
                merged = []
            book.sheets.append(Sheet(name=meta.name, rows=rows, merged=merged, visible=True))
    except MemoryError:
        raise  # the memory limit, not the file: reported by the worker pool, never cached
    except Exception as exc:  # noqa: BLE001 - any reader failure is a file-level issue
        if fmt == "xlsx-moved":  # parts calamine does not find: openpyxl follows the relationships
            book.sheets = []
            return _read_other(book, data, fmt)
        book.error = f"工作簿已损坏或格式异常，无法读取（{type(exc).__name__}）：请重新保存后报送"
        book.sheets = []
    except BaseException as exc:  # a panic in the Rust reader (pyo3's PanicException)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        book.error = f"{READER_CRASHED}（{type(exc).__name__}）"
        book.sheets = []
    return book


def _read_other(book: Workbook, data: bytes, fmt: str) -> Workbook:
    """Read Excel 2003 XML or an .xlsx with moved parts (intake/formats.py); never raises for bad input."""
    try:
        found = formats.read_spreadsheet_xml(data) if fmt == "spreadsheetml" else formats.read_moved_xlsx(data)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is a file-level issue
        book.error = f"工作簿已损坏或格式异常，无法读取（{type(exc).__name__}）：请用 Excel 或 WPS 另存为 .xlsx 后报送"
        return book
    for name, rows, merged, visible in found:
        book.sheets.append(Sheet(name=name, rows=rows if visible or name == TEMPLATE_INFO_SHEET else [],
                                 merged=merged, visible=visible))
    return book
