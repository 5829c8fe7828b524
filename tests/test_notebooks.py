"""Every report notebook runs on the cleaned 2025 sample and writes what the report needs.

The sample in data/raw/2025 is cleaned once (`python -m analysis clean`) into a temporary folder;
each notebook then runs with papermill (kernel python3) with its parameters pointed at that folder
and at a temporary output folder, several kernels at once. The same notebooks also run against an
empty processed folder: every section must then print a note instead of failing.

Under pytest-xdist the expensive part runs once for all workers (a lock file in the shared
temporary folder), and its results are read by every test.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from .privacy_scan import find_values

ROOT = Path(__file__).resolve().parents[1]
RAW_2025 = ROOT / "data" / "raw" / "2025"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SECTIONS = {
    "00_intake_quality": "intake",
    "01_publicity_reach": "publicity",
    "02_case_file_review": "case_review",
    "03_community_correction": "correction",
}
AREAS = {"publicity": "publicity", "case_review": "case_review", "correction": "correction"}
CLOSING_SHEET = "报告数字核对"
GLYPH_WARNING = re.compile(r"Glyph \d+ .*missing from font|missing from font\(s\)")
PERSONAL_HEADERS = {
    "姓名",
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "联系电话",
    "电话",
    "手机",
    "手机号码",
}


# ------------------------------------------------------------------ running the notebooks once


def _shared_root(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _execute(notebook: Path, processed: Path, out: Path) -> dict:
    import papermill as pm

    started = time.monotonic()
    executed = out / "executed" / notebook.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    error = None
    try:
        pm.execute_notebook(
            str(notebook),
            str(executed),
            parameters={"year": 2025, "processed_dir": str(processed), "out_dir": str(out)},
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
        )
    except Exception as exc:  # recorded and asserted on by the tests
        error = f"{type(exc).__name__}: {exc}"[:4000]
    return {
        "notebook": notebook.stem,
        "executed": str(executed),
        "error": error,
        "seconds": round(time.monotonic() - started, 1),
    }


def _execute_together(notebooks: list[Path], processed: Path, out: Path) -> dict:
    """Run several notebooks one after the other in a single kernel (quick checks).

    Each notebook starts with ``%reset -f`` and its parameters, so none sees another's variables;
    the kernel start-up and the imports are paid once. Errors are kept in the outputs
    (allow_errors) and every cell is tagged with the notebook it came from.
    """
    from nbclient import NotebookClient

    started = time.monotonic()
    combined = nbformat.v4.new_notebook()
    combined.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    parameters = f"year = 2025\nprocessed_dir = {str(processed)!r}\nout_dir = {str(out)!r}\n"
    for notebook in notebooks:
        nb = nbformat.read(notebook, as_version=4)
        cells = [nbformat.v4.new_code_cell("%reset -f")]
        for cell in nb.cells:
            cells.append(cell)
            if "parameters" in cell.metadata.get("tags", []):
                cells.append(nbformat.v4.new_code_cell(parameters))
        for cell in cells:
            cell.metadata["source_notebook"] = notebook.stem
        combined.cells.extend(cells)
    error = None
    try:
        NotebookClient(
            combined,
            kernel_name="python3",
            timeout=300,
            allow_errors=True,
            resources={"metadata": {"path": str(notebooks[0].parent)}},
        ).execute()
    except Exception as exc:  # recorded and asserted on by the tests
        error = f"{type(exc).__name__}: {exc}"[:4000]
    executed = out / "executed" / "all_notebooks.ipynb"
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(combined, executed)
    return {
        "executed": str(executed),
        "error": error,
        "seconds": round(time.monotonic() - started, 1),
    }


def _run_all(root: Path) -> dict:
    processed = root / "processed"
    clean = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "clean",
            "--raw",
            str(RAW_2025),
            "--out",
            str(processed),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if clean.returncode != 0:
        return {"clean_error": clean.stderr[-4000:] or clean.stdout[-4000:]}
    empty = root / "empty_processed"
    empty.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        quick = pool.submit(_execute_together, NOTEBOOKS, empty, root / "reports_empty")
        results = list(pool.map(lambda nb: _execute(nb, processed, root / "reports"), NOTEBOOKS))
        empty_result = quick.result()
    return {
        "processed": str(processed),
        "reports": str(root / "reports"),
        "reports_empty": str(root / "reports_empty"),
        "sample": results,
        "empty": empty_result,
    }


@pytest.fixture(scope="session")
def run(tmp_path_factory) -> dict:
    if not RAW_2025.is_dir():
        pytest.fail("data/raw/2025 is missing: run `python -m analysis sample`")
    if not NOTEBOOKS:
        pytest.fail("no notebooks in notebooks/")
    root = _shared_root(tmp_path_factory) / "notebook_run"
    root.mkdir(parents=True, exist_ok=True)
    result_file = root / "result.json"
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not result_file.is_file():
                result_file.write_text(json.dumps(_run_all(root), ensure_ascii=False), "utf-8")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    result = json.loads(result_file.read_text("utf-8"))
    if "clean_error" in result:
        pytest.fail(f"python -m analysis clean failed:\n{result['clean_error']}")
    return result


def _outputs(path: str, notebook: str | None = None) -> list[dict]:
    """The outputs of an executed notebook (of the cells from ``notebook`` only, if given)."""
    nb = nbformat.read(path, as_version=4)
    return [
        output
        for cell in nb.cells
        if notebook is None or cell.metadata.get("source_notebook") == notebook
        for output in cell.get("outputs", [])
    ]


def _outputs_text(path: str, notebook: str | None = None) -> str:
    """All outputs as text (streams, errors, rich data)."""
    parts = []
    for output in _outputs(path, notebook):
        if "text" in output:
            parts.append(output["text"])
        if output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])))
        for kind, value in output.get("data", {}).items():
            if kind.startswith("text/"):
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def _error_outputs(path: str, notebook: str | None = None) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for o in _outputs(path, notebook)
        if o.get("output_type") == "error"
    ]


def _by_name(results: list[dict]) -> dict[str, dict]:
    return {r["notebook"]: r for r in results}


# ------------------------------------------------------------------ the tests

NAMES = [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_on_the_sample_without_errors_or_missing_glyphs(run, name):
    result = _by_name(run["sample"])[name]
    assert result["error"] is None, result["error"]
    assert _error_outputs(result["executed"]) == []
    text = _outputs_text(result["executed"])
    assert not GLYPH_WARNING.search(text), "a CJK glyph is missing from the figure font"
    assert "Traceback" not in text


@pytest.mark.parametrize("name", NAMES)
def test_outputs_read_as_people_expect(run, name):
    """Tables without pandas row numbers, rounded numbers, and no folder of the machine."""
    result = _by_name(run["sample"])[name]
    html = [value if isinstance(value, str) else "".join(value)
            for o in _outputs(result["executed"]) for kind, value in o.get("data", {}).items()
            if kind == "text/html"]
    assert html, "no tables shown"
    assert not [h for h in html if 'class="dataframe"' in h], "a DataFrame shown with its row numbers"
    text = _outputs_text(result["executed"])
    assert str(ROOT) not in text and run["processed"] not in text and run["reports"] not in text
    assert not re.search(r">\s*-?\d+\.\d{3,}\s*<", "".join(html)), "a number shown with more than 2 decimals"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_survives_missing_data(run, name):
    """With no processed data at all, every section prints a note and nothing fails."""
    result = run["empty"]
    assert result["error"] is None, result["error"]
    assert _error_outputs(result["executed"], name) == []
    text = _outputs_text(result["executed"], name)
    assert "【提示】" in text or "没有" in text
    assert not GLYPH_WARNING.search(text)


@pytest.mark.parametrize("name", NAMES)
def test_figures_come_with_svg_and_data(run, name):
    section = SECTIONS.get(name)
    if section is None:
        pytest.skip(f"{name}: no known section")
    folder = Path(run["reports"]) / "figures" / section
    pngs = sorted(folder.glob("*.png"))
    assert pngs, f"no figures written for {section}"
    for png in pngs:
        assert png.with_suffix(".svg").is_file(), png.name
        assert png.with_suffix(".csv").is_file(), png.name
        assert png.with_suffix(".csv").read_bytes().startswith(b"\xef\xbb\xbf")
    workbook = Path(run["reports"]) / "tables" / f"{section}.xlsx"
    assert workbook.is_file()
    assert len(openpyxl.load_workbook(workbook, read_only=True).sheetnames) >= 2


def _report_ids(area: str) -> list[str]:
    from analysis.resources import load_report_figures

    return [f["id"] for f in load_report_figures() if f["area"] == area]


@pytest.mark.parametrize("section", sorted(AREAS))
def test_every_report_figure_holds_in_the_closing_table(run, section):
    workbook = Path(run["reports"]) / "tables" / f"{section}.xlsx"
    table = pd.read_excel(workbook, sheet_name=CLOSING_SHEET, dtype=str, engine="openpyxl")
    assert {"编号", "报告表述", "计算值", "是否相符", "数据来源"} <= set(table.columns)
    holds = dict(zip(table["编号"], table["是否相符"], strict=True))
    expected = _report_ids(AREAS[section])
    assert expected and sorted(holds) == sorted(expected)
    failing = {i: holds[i] for i in expected if holds[i] != "是"}
    assert not failing, f"report figures that do not hold: {failing}"
    assert table["数据来源"].notna().all()


# ------------------------------------------------------------------ personal data


def _normalise(text: str) -> str:
    return re.sub(r"[\s（）()]", "", str(text))


def _raw_sheets() -> list[list[list]]:
    """Every sheet of every raw file (hidden ones too), as rows of cell values."""
    from python_calamine import CalamineWorkbook

    sheets = []
    for path in sorted(RAW_2025.rglob("*")):
        suffix = path.suffix.lower()
        if suffix in {".xlsx", ".xlsm", ".xls"}:
            try:
                workbook = CalamineWorkbook.from_path(str(path))
            except Exception:  # corrupt or encrypted samples: nothing readable to leak
                continue
            for name in workbook.sheet_names:
                try:
                    sheets.append(workbook.get_sheet_by_name(name).to_python())
                except Exception:
                    continue
        elif suffix == ".csv":
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    frame = pd.read_csv(path, header=None, dtype=str, encoding=encoding)
                except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
                    continue
                sheets.append(frame.fillna("").values.tolist())
                break
    return sheets


def personal_values() -> set[str]:
    """Names, identity numbers and phone numbers found under such headers in the raw sample."""
    values: set[str] = set()
    for rows in _raw_sheets():
        for r, row in enumerate(rows):
            columns = [c for c, cell in enumerate(row) if _normalise(cell) in PERSONAL_HEADERS]
            if not columns:
                continue
            for below in rows[r + 1 :]:
                for c in columns:
                    if c >= len(below):
                        continue
                    text = str(below[c]).strip()
                    if text.endswith(".0"):
                        text = text[:-2]
                    compact = re.sub(r"\s", "", text)
                    if re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", compact):
                        values.add(compact)
                    elif re.fullmatch(r"[0-9]{6,}[0-9Xx]?", compact):
                        values.update({compact, compact.upper()})
            break
    return values


def test_sample_has_personal_data_to_look_for():
    values = personal_values()
    assert any(re.fullmatch(r"[0-9]{17}[0-9X]", v) for v in values), "no identity numbers found"
    assert any(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", v) for v in values), "no names found"


def _written_texts(reports: Path, executed: list[str]) -> dict[str, str]:
    texts = {Path(p).name: Path(p).read_text("utf-8") for p in executed}
    for path in sorted(reports.rglob("*")):
        if path.suffix in {".csv", ".svg"}:
            texts[str(path.relative_to(reports))] = path.read_text("utf-8-sig")
        elif path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path, read_only=True)
            cells = [
                str(value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            ]
            texts[str(path.relative_to(reports))] = "\n".join(cells)
    return texts


def test_no_personal_data_in_outputs_figures_or_tables(run):
    values = personal_values()
    assert values
    texts = _written_texts(Path(run["reports"]), [r["executed"] for r in run["sample"]])
    leaks = {}
    for name, text in texts.items():
        found = sorted(find_values(values, text))
        if found:
            leaks[name] = found[:5]
    assert not leaks, f"personal data written to: {leaks}"
