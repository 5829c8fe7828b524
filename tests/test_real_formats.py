"""Issue 19, formats found in real folders: Excel 2003 XML, an .xlsx with moved parts, a
password-protected .xls, Excel 2.x–4.0 (BIFF2–4)."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from analysis.intake.reading.formats import read_spreadsheet_xml
from analysis.intake.reading.reading import read_workbook, sniff_format

from .workbooks import clean, write_xls, write_xlsx

ROWS = [["法律援助案件登记表"], ["案件编号", "受理日期", "案件类型", "案由"],
        ["援2025-001", "2025-03-01", "民事", "劳动争议"], ["援2025-002", "2025-04-02", "刑事", "盗窃"]]


def spreadsheet_xml(rows: list[list[object]], doctype: str = "") -> bytes:
    def cell(v: object) -> str:
        kind = "Number" if isinstance(v, (int, float)) else "String"
        return f'<Cell><Data ss:Type="{kind}">{v}</Data></Cell>'

    body = "".join("<Row>" + "".join(cell(v) for v in r) + "</Row>" for r in rows)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            f'<Worksheet ss:Name="登记"><Table>{body}</Table></Worksheet></Workbook>').encode()


@pytest.mark.parametrize("suffix", [".xls", ".xlsx", ".xml"])
def test_excel_2003_xml_is_read_whatever_its_name(tmp_path, suffix):
    raw = tmp_path / "raw"
    (raw / "区司法局").mkdir(parents=True)
    (raw / "区司法局" / f"法律援助{suffix}").write_bytes(spreadsheet_xml(ROWS))
    c = clean(raw, tmp_path / "out")
    sheet = c.manifest["files"][0]["sheets"][0]
    assert c.manifest["files"][0]["format"] == "spreadsheetml"
    assert sheet["dataset"] == "legal_aid_cases" and sheet["rows_kept"] == 2


def test_excel_2003_xml_sparse_cells_and_merges():
    xml = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="A"><Table>'
           '<Row><Cell ss:MergeAcross="1"><Data ss:Type="String">标题</Data></Cell></Row>'
           '<Row ss:Index="3"><Cell ss:Index="2"><Data ss:Type="Number">3.5</Data></Cell>'
           '<Cell><Data ss:Type="DateTime">2025-03-01T00:00:00.000</Data></Cell></Row>'
           '</Table></Worksheet></Workbook>').encode()
    [(name, rows, merged, visible)] = read_spreadsheet_xml(xml)
    assert name == "A" and visible and merged == [((0, 0), (0, 1))]
    assert rows[2][1] == 3.5 and str(rows[2][2]) == "2025-03-01" and rows[1] == ["", "", ""]


def test_excel_2003_xml_with_entities_is_refused_not_expanded(tmp_path):
    bomb = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n')
    data = spreadsheet_xml([["案件编号", "&lol2;"], ["&ext;", "1"]], doctype=bomb)
    book = read_workbook(Path("x.xls"), data)
    assert book.error and not book.sheets


def _move_parts(data: bytes) -> bytes:
    """The same package with every part under xl/ moved to book/ (relationships and types updated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            if name.endswith((".xml", ".rels")):
                body = body.replace(b"/xl/", b"/book/").replace(b'"xl/', b'"book/')
            dst.writestr(name.replace("xl/", "book/", 1) if name.startswith("xl/") else name, body)
    return out.getvalue()


def test_an_xlsx_with_its_workbook_elsewhere_is_read_by_its_relationships(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", ROWS)
    moved = _move_parts(plain.read_bytes())
    assert "xl/workbook.xml" not in zipfile.ZipFile(io.BytesIO(moved)).namelist()
    assert sniff_format(moved) == "xlsx-moved"
    raw = tmp_path / "raw"
    (raw / "区司法局").mkdir(parents=True)
    (raw / "区司法局" / "法律援助.xlsx").write_bytes(moved)
    c = clean(raw, tmp_path / "out")
    assert c.manifest["files"][0]["sheets"][0]["rows_kept"] == 2


def _password_xls(path: Path) -> Path:
    """An .xls whose globals carry a FILEPASS record (RC4), as Excel writes for an opening password."""
    import olefile

    write_xls(path, ROWS)
    ole = olefile.OleFileIO(str(path), write_mode=True)
    stream = bytearray(ole.openstream("Workbook").read())
    pos = 0
    while pos < len(stream):
        number, size = struct.unpack("<HH", stream[pos:pos + 4])
        if number == 0x5C and size >= 2:  # WRITEACCESS → FILEPASS of the same size
            stream[pos:pos + 2] = struct.pack("<H", 0x2F)
            stream[pos + 4:pos + 4 + size] = struct.pack("<H", 1) + bytes(size - 2)
            break
        pos += 4 + size
    ole.write_stream("Workbook", bytes(stream))
    ole.close()
    return path


def test_a_password_protected_xls_is_named_a_password(tmp_path):
    path = _password_xls(tmp_path / "加密.xls")
    book = read_workbook(path)
    assert book.format == "encrypted" and "密码" in book.error and "Calamine" not in book.error
    plain = write_xls(tmp_path / "plain.xls", ROWS)
    assert sniff_format(plain.read_bytes()) == "xls"


def test_an_excel_4_file_is_named_with_advice_to_resave(tmp_path):
    data = b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00" + b"\x0a\x00\x00\x00"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "老表.xls").write_bytes(data)
    c = clean(raw, tmp_path / "out")
    assert c.manifest["files"][0]["format"] == "biff-old"
    assert list(c.issues["code"]) == ["file-unreadable"]
    [message] = list(c.issues["message"])
    assert "Excel 4.0" in message and "另存为" in message


def test_copied_xml_that_is_not_a_workbook_is_not_read(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "配置.xml").write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    c = clean(raw, tmp_path / "out")
    assert c.summary.kept == 0 and len(c.issues) == 1
    shutil.rmtree(raw)
