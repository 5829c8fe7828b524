"""Workbook formats found in real folders that the main reader does not take as they are.

- Excel 2003 XML (SpreadsheetML), the usual export of government systems, often saved as .xls or
  .xlsx: read with a hardened XML parser (defusedxml when installed; else the standard parser after
  refusing any DOCTYPE or entity declaration, so no entity is expanded and nothing is fetched).
- An .xlsx whose workbook part is not at xl/workbook.xml: found by following the package
  relationships (_rels/.rels) and read with openpyxl, which does the same.
- A password-protected .xls or .xlsx (msoffcrypto-tool tells), and the BIFF2–4 files of Excel
  2.x–4.0: named as such, with what to do.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_XML_HEAD = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*>")
_DECLARATION = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = "/officeDocument"
#: BOF records of BIFF2, BIFF3 and BIFF4 worksheets/workbooks (not in an OLE container).
_OLD_BIFF = {b"\x09\x00": "BIFF2（Excel 2.x）", b"\x09\x02": "BIFF3（Excel 3.0）", b"\x09\x04": "BIFF4（Excel 4.0）"}

PASSWORD = ("工作簿设置了打开密码，无法读取：请在 Excel 或 WPS 中输入密码打开，"
            "在“文件→信息→保护工作簿”（WPS：“文件→文档加密”）中清除密码后另存为 .xlsx 再报送")
OLD_BIFF = ("是 {name} 的旧格式工作簿，无法读取：请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再报送")


def is_spreadsheet_xml(data: bytes) -> bool:
    """True for Excel 2003 XML (SpreadsheetML), whatever the file's name."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[:8192].decode("utf-16", errors="ignore").encode("utf-8")
    return bool(_XML_HEAD.match(head)) and _SS.encode() in head and b"Workbook" in head


def old_biff(data: bytes) -> str:
    """The name of a BIFF2–4 format when the bytes are one ('' otherwise)."""
    if len(data) >= 8 and data[:2] in _OLD_BIFF and data[2:4] in (b"\x04\x00", b"\x06\x00", b"\x08\x00"):
        return _OLD_BIFF[data[:2]]
    return ""


def is_password_protected(data: bytes) -> bool:
    """True when an OLE file (.xls, or an encrypted .xlsx) needs a password to open."""
    try:
        import msoffcrypto

        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:  # noqa: BLE001 - not an Office file msoffcrypto knows: not a password
        return False


def moved_workbook_part(data: bytes) -> str:
    """The workbook part of a zip package whose workbook is not at xl/workbook.xml ('' when none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if _RELS not in names or "xl/workbook.xml" in names:
                return ""
            root = _parse(z.read(_RELS))
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    for rel in root.iter():
        if rel.tag.endswith("Relationship") and rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
            target = rel.get("Target", "").lstrip("/")
            if target in names and target.endswith(".xml"):
                return target
    return ""


def _parse(xml: bytes):
    """Parse XML without expanding entities or fetching anything."""
    try:
        from defusedxml import ElementTree as SafeTree  # type: ignore[import-untyped]

        return SafeTree.fromstring(xml, forbid_dtd=True)
    except ImportError:
        pass
    except Exception as exc:  # noqa: BLE001 - defusedxml's refusals and parse errors alike
        raise ValueError(str(exc)) from exc
    if _DECLARATION.search(xml[:65536]) or _DECLARATION.search(xml):
        raise ValueError("XML 中含有 DOCTYPE 或实体声明，已拒绝读取")
    from xml.etree import ElementTree

    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ValueError(str(exc)) from exc


def _value(kind: str, text: str) -> object:
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    if kind == "DateTime":
        try:
            moment = dt.datetime.fromisoformat(text.rstrip("Z")[:26])
        except ValueError:
            return text
        return moment.date() if moment.time() == dt.time() else moment
    if kind == "Boolean":
        return text.strip() in ("1", "true", "True")
    return text


def read_spreadsheet_xml(data: bytes) -> list[tuple[str, list[list[object]], list, bool]]:
    """The sheets of an Excel 2003 XML workbook: (name, rows, merged ranges, visible)."""
    root = _parse(data)
    ns = "{" + _SS + "}"
    sheets = []
    for ws in root.iter(ns + "Worksheet"):
        name = ws.get(ns + "Name") or f"Sheet{len(sheets) + 1}"
        rows: list[list[object]] = []
        merged = []
        table = ws.find(ns + "Table")
        for row in table.iter(ns + "Row") if table is not None else ():
            index = row.get(ns + "Index")
            r = int(index) - 1 if index else len(rows)
            while len(rows) < r:
                rows.append([])
            cells: list[object] = []
            for cell in row.iter(ns + "Cell"):
                at = cell.get(ns + "Index")
                c = int(at) - 1 if at else len(cells)
                while len(cells) < c:
                    cells.append("")
                node = cell.find(ns + "Data")
                text = "".join(node.itertext()) if node is not None else ""
                cells.append(_value(node.get(ns + "Type", "String"), text) if node is not None else "")
                across, down = int(cell.get(ns + "MergeAcross") or 0), int(cell.get(ns + "MergeDown") or 0)
                if across or down:
                    merged.append(((r, c), (r + down, c + across)))
                cells.extend([""] * across)
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        rows = [r + [""] * (width - len(r)) for r in rows]
        options = ws.find("{urn:schemas-microsoft-com:office:excel}WorksheetOptions")
        hidden = options is not None and any(
            (v.text or "").strip() in ("SheetHidden", "SheetVeryHidden") for v in options.iter()
            if v.tag.endswith("Visible"))
        sheets.append((name, rows, merged, not hidden))
    return sheets


def read_moved_xlsx(data: bytes) -> list[tuple[str, list[list[object]], list, bool]]:
    """The sheets of an .xlsx whose parts are elsewhere, read by openpyxl (which follows the
    package relationships): (name, rows, merged ranges, visible)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]
        merged = [((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1)) for m in ws.merged_cells.ranges]
        sheets.append((ws.title, rows, merged, ws.sheet_state == "visible"))
    return sheets
