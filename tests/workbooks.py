"""Small messy workbooks written inside a test, and the cleaner's outputs read back.

Used by test_messiness.py: every helper writes into a folder the test owns (tmp_path), so the
tests never depend on the sample in data/raw/.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

Rows = list[list[object]]

# GB 11643-1999 check character of an 18-character identity number.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(first17: str) -> str:
    """Return a valid identity number: the 17 digits plus their check character."""
    return first17 + _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_with_x(prefix14: str = "21010219700101") -> str:
    """Return the first valid identity number starting with ``prefix14`` whose check character is X."""
    for n in range(1000):
        number = id_number(f"{prefix14}{n:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


def wrong_check(number: str) -> str:
    """Return the number with a check character that does not fit."""
    return number[:-1] + next(c for c in "0123456789" if c != number[-1])


# ---------------------------------------------------------------- writers

def write_xlsx(path: Path, sheets: dict[str, Rows] | Rows, merges: dict[str, list[str]] | None = None,
               hidden: tuple[str, ...] = ()) -> Path:
    """Write an .xlsx with openpyxl: ``sheets`` maps sheet name → rows (a bare list is "Sheet1").

    ``merges`` maps a sheet name to ranges such as "A1:F1"; sheets named in ``hidden`` are hidden.
    """
    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xls(path: Path, rows: Rows, sheet: str = "Sheet1",
              merges: tuple[tuple[int, int, int, int], ...] = ()) -> Path:
    """Write an old-format .xls with xlwt; ``merges`` are (row0, row1, col0, col1), 0-based inclusive."""
    import xlwt

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    merged_cells = set()
    for r0, r1, c0, c1 in merges:
        ws.write_merge(r0, r1, c0, c1, rows[r0][c0] if c0 < len(rows[r0]) else "")
        merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in merged_cells or value is None:
                continue
            ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_csv(path: Path, rows: Rows, encoding: str = "gbk") -> Path:
    """Write a CSV as Excel/WPS export it in China: GBK bytes, CRLF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def encrypted_xlsx(path: Path, rows: Rows, password: str = "1234") -> Path:
    """Write an .xlsx protected by an opening password (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(plain)
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt(password, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


# ---------------------------------------------------------------- reading the outputs back

def _plain(value: object) -> object:
    """pandas/numpy scalars → plain Python values; missing → None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes, dt.date)):
        return value.item()
    return value


@dataclass
class Cleaned:
    """The outputs of one ``run_clean`` into ``out``."""

    out: Path
    summary: object
    issues: pd.DataFrame
    quarantine: pd.DataFrame
    manifest: dict

    def dataset(self, name: str) -> pd.DataFrame:
        """The processed dataset (empty frame when the cleaner wrote none)."""
        path = self.out / f"{name}.parquet"
        return pd.read_parquet(path) if path.is_file() else pd.DataFrame()

    def rows(self, name: str, columns: list[str]) -> list[tuple]:
        """The dataset's rows as tuples of plain values, in file/sheet/row order."""
        df = self.dataset(name)
        if df.empty:
            return []
        df = df.sort_values(["source_file", "source_sheet", "source_row"], kind="stable")
        return [tuple(_plain(v) for v in row) for row in df[columns].itertuples(index=False)]

    def issue_list(self, source_file: str | None = None, severity: str | None = None) -> list[tuple]:
        """Issues as (severity, source_file, source_sheet, cell, message), optionally filtered."""
        df = self.issues
        if source_file is not None:
            df = df[df["source_file"] == source_file]
        if severity is not None:
            df = df[df["severity"] == severity]
        return [tuple(r) for r in df[["severity", "source_file", "source_sheet", "cell", "message"]].itertuples(index=False)]

    def codes(self, source_file: str | None = None, severity: str | None = None) -> list[str]:
        """The code of each issue (resources/issue_codes.csv), in issues.csv order, optionally filtered."""
        df = self.issues
        if source_file is not None:
            df = df[df["source_file"] == source_file]
        if severity is not None:
            df = df[df["severity"] == severity]
        return df["code"].tolist()

    def coded(self, code: str, source_file: str | None = None) -> list[tuple]:
        """Issues of one code as (severity, source_file, source_sheet, cell, message)."""
        df = self.issues[self.issues["code"] == code]
        if source_file is not None:
            df = df[df["source_file"] == source_file]
        return [tuple(r) for r in df[["severity", "source_file", "source_sheet", "cell", "message"]].itertuples(index=False)]

    def cells(self, severity: str, source_file: str | None = None) -> list[tuple[str, str]]:
        """(sheet, cell) of every issue of a severity, in issues.csv order (sheet, then row)."""
        return [(s, c) for _, _, s, c, _ in self.issue_list(source_file, severity)]

    def file(self, path: str) -> dict:
        """The manifest entry of one raw file."""
        matches = [f for f in self.manifest["files"] if f["path"] == path]
        assert matches, f"{path} not in manifest: {[f['path'] for f in self.manifest['files']]}"
        return matches[0]

    def sheet(self, path: str, sheet: str) -> dict:
        """The manifest entry of one sheet."""
        matches = [s for s in self.file(path)["sheets"] if s["name"] == sheet]
        assert matches, f"{path}!{sheet} not in manifest"
        return matches[0]

    def all_text(self) -> str:
        """Every output as text: parquet frames, CSV/JSON, feedback workbooks' XML, cache bytes."""
        parts = []
        for p in sorted(self.out.rglob("*")):
            if not p.is_file():
                continue
            if p.suffix == ".parquet":
                parts.append(pd.read_parquet(p).to_csv(index=False))
            elif p.suffix == ".xlsx":
                with zipfile.ZipFile(p) as z:
                    parts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            else:
                parts.append(p.read_bytes().decode("utf-8", "replace"))
        return "\n".join(parts)


def clean(raw: Path, out: Path, year: int | None = 2025) -> Cleaned:
    """Run the cleaner in-process (one worker, no progress bar) and read every output back."""
    from analysis.intake.run import run_clean

    summary = run_clean(raw, out, year=year, jobs=1, progress=False)
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False)
    quarantine = pd.read_parquet(out / "quarantine.parquet")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Cleaned(out, summary, issues, quarantine, manifest)


def write_ods(path: Path, rows: Rows, sheet: str = "Sheet1") -> Path:
    """Write a minimal OpenDocument spreadsheet (the parts LibreOffice writes that a reader needs)."""
    from xml.sax.saxutils import escape

    def cell(value: object) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')
    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:spreadsheet>'
               f'<table:table table:name="{escape(sheet)}">{body}</table:table></office:spreadsheet></office:body>'
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                    compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def column_map(out: Path) -> pd.DataFrame:
    """column_map.csv as text."""
    return pd.read_csv(out / "column_map.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
