"""The committed sample in data/raw/<year> is exactly what the generator writes.

Regenerates the sample into a temporary folder and compares, file by file, every cell value of
every workbook and CSV with the committed files; checks every file says it is 示例数据 and that
the planned rows reproduce the report's figures.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
import python_calamine

from analysis.sample import check, plan
from analysis.sample.generate import generate, load_plan, main

ROOT = Path(__file__).resolve().parents[1]
MARK = "示例数据"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _plan_by_path(year: int) -> dict[str, dict]:
    return {f["path"]: f for f in load_plan(year)["files"]}


def _plain_bytes(data: bytes, spec: dict) -> bytes:
    """Decrypt a password-protected workbook with the plan's password."""
    if spec.get("kind") != "encrypted":
        return data
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=spec["password"])
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def cells(data: bytes, path: str) -> dict:
    """Every sheet's visibility, merged ranges and cell values (formulas as written)."""
    if path.endswith(".csv"):
        return {"csv": list(csv.reader(io.StringIO(data.decode("gbk"))))}
    if zipfile.is_zipfile(io.BytesIO(data)):
        wb = openpyxl.load_workbook(io.BytesIO(data))
        sheets = {
            ws.title: (ws.sheet_state, sorted(map(str, ws.merged_cells.ranges)),
                       [list(row) for row in ws.iter_rows(values_only=True)])
            for ws in wb.worksheets
        }  # fmt: skip
        props = wb.properties
        return {
            "sheets": sheets,
            "props": (props.title, props.creator, props.created, props.modified),
        }
    wb = python_calamine.load_workbook(io.BytesIO(data))  # old .xls
    return {
        m.name: (str(m.visible), wb.get_sheet_by_name(m.name).to_python(skip_empty_area=False))
        for m in wb.sheets_metadata
    }


def says_sample(data: bytes, path: str) -> bool:
    if path.endswith(".csv"):
        return MARK in data.decode("gbk")
    if not (zipfile.is_zipfile(io.BytesIO(data)) or data.startswith(b"\xd0\xcf\x11\xe0")):
        return MARK in data.decode("utf-8")  # the file that is not a workbook
    found = cells(data, path)
    return MARK in repr(found)


@pytest.fixture(scope="module", params=[2025, 2024])
def regenerated(request, tmp_path_factory):
    year = request.param
    out = tmp_path_factory.mktemp(f"sample{year}")
    started = time.perf_counter()
    generate(out, year)
    return year, out, time.perf_counter() - started


def test_same_files_as_committed(regenerated):
    year, out, _ = regenerated
    committed = ROOT / "data" / "raw" / str(year)
    assert committed.is_dir(), f"run `python -m analysis sample --year {year}` and commit it"
    assert _files(out) == _files(committed)


def test_every_cell_matches_the_committed_sample(regenerated):
    year, out, _ = regenerated
    committed = ROOT / "data" / "raw" / str(year)
    plan = _plan_by_path(year)
    compared = 0
    for rel in _files(out):
        spec = plan[rel]
        new, old = (out / rel).read_bytes(), (committed / rel).read_bytes()
        if spec.get("kind") in ("corrupt", "text"):
            assert new == old, rel
            continue
        new, old = _plain_bytes(new, spec), _plain_bytes(old, spec)
        assert cells(new, rel) == cells(old, rel), rel
        compared += 1
    assert compared >= (20 if year == 2025 else 2)


def test_every_file_says_it_is_sample_data(regenerated):
    year, out, _ = regenerated
    plan = _plan_by_path(year)
    for rel in _files(out):
        spec = plan[rel]
        if spec.get("kind") == "corrupt":
            continue  # a truncated zip: nothing can be read from it
        assert says_sample(_plain_bytes((out / rel).read_bytes(), spec), rel), rel


def test_generation_is_quick_and_byte_for_byte_deterministic(regenerated, tmp_path):
    year, out, elapsed = regenerated
    assert elapsed < 60  # about 2 s alone; generous for a loaded parallel test run
    generate(tmp_path, year)
    for rel in _files(out):
        assert (tmp_path / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_planned_rows_reproduce_the_report_figures():
    rows = plan.build(2025, load_plan(2025)["seed"])
    assert len(check.report_claims()) == 64
    assert check.failures(rows) == []
    figures = check.expected_figures(rows)
    assert figures["procuratorate_vice_principals"] == 19
    assert sum(r["file"] == "jcy_vp" for r in rows["vice_principals"]) == 20


def test_the_messy_files_are_there():
    root = ROOT / "data" / "raw" / "2025"
    plan = load_plan(2025)["files"]
    kinds = {f.get("kind", "workbook") for f in plan}
    assert {"copy", "encrypted", "corrupt", "empty", "text"} <= kinds
    assert any(f["path"].endswith(".xls") and f.get("format", "xlsx") == "xlsx" for f in plan)
    assert any(f.get("format") == "xls" for f in plan) and any(
        f.get("format") == "csv" for f in plan
    )
    copy = next(f for f in plan if f.get("kind") == "copy")
    source = next(f for f in plan if f["id"] == copy["of"])
    assert (root / copy["path"]).read_bytes() == (root / source["path"]).read_bytes()
    assert msoffcrypto.OfficeFile(
        io.BytesIO((root / "区人社局/人社局2025年普法宣传活动统计.xlsx").read_bytes())
    ).is_encrypted()


def test_command_line(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--year", "2024"]) == 0
    assert "示例数据 2024" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--year", "2023"])
