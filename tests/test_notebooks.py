"""Every report notebook runs on the cleaned 2025 sample and writes what the report needs.

The samples in data/raw/2025 and data/raw/2024 are cleaned once (`python -m analysis clean`) into
temporary folders named after their years (…/2025 beside …/2024, so that the year-on-year figures
find last year's data by the folder rule); each notebook then runs with papermill (kernel python3)
with its parameters pointed at the 2025 folder and at a temporary output folder, several kernels at
once. The same notebooks also run against an empty processed folder: every section must then print
a note instead of failing; and the public legal services notebook runs once more on a copy of the
2025 folder without the 2024 one beside it (its year-on-year figures must say 上年数据缺失).

Under pytest-xdist the expensive part runs once for all workers (a lock file in the shared
temporary folder), and its results are read by every test.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from analysis.resources import load_report_figures

from .privacy_scan import find_values

ROOT = Path(__file__).resolve().parents[1]
RAW_2025 = ROOT / "data" / "raw" / "2025"
RAW_2024 = ROOT / "data" / "raw" / "2024"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SECTIONS = {
    "00_intake_quality": "intake",
    "01_publicity_reach": "publicity",
    "02_case_file_review": "case_review",
    "03_community_correction": "correction",
    "04_disputes_and_hotline": "disputes",
    "05_public_legal_services": "services",
    "06_law_based_governance": "governance",
}
AREAS = {
    "publicity": "publicity",
    "case_review": "case_review",
    "correction": "correction",
    "disputes": "disputes",
    "services": "services",
    "governance": "governance",
}
WITHOUT_PREVIOUS_YEAR = "05_public_legal_services"  # also run without last year's processed data
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


def _clean(raw: Path, out: Path, year: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out", str(out),
         "--year", str(year), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _run_all(root: Path) -> dict:
    processed = root / "processed" / "2025"
    with ThreadPoolExecutor(max_workers=2) as pool:
        cleans = list(pool.map(lambda args: _clean(*args), [(RAW_2025, processed, 2025),
                                                           (RAW_2024, processed.parent / "2024", 2024)]))
    for clean in cleans:
        if clean.returncode != 0:
            return {"clean_error": clean.stderr[-4000:] or clean.stdout[-4000:]}
    empty = root / "empty_processed"
    empty.mkdir(exist_ok=True)
    alone = root / "alone" / "2025"  # the 2025 data without 2024 beside it
    shutil.copytree(processed, alone, dirs_exist_ok=True)
    without = next(nb for nb in NOTEBOOKS if nb.stem == WITHOUT_PREVIOUS_YEAR)
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        quick = pool.submit(_execute_together, NOTEBOOKS, empty, root / "reports_empty")
        lonely = pool.submit(_execute, without, alone, root / "reports_alone")
        results = list(pool.map(lambda nb: _execute(nb, processed, root / "reports"), NOTEBOOKS))
        alone_result = lonely.result()
        empty_result = quick.result()
    return {
        "processed": str(processed),
        "reports": str(root / "reports"),
        "reports_empty": str(root / "reports_empty"),
        "reports_alone": str(root / "reports_alone"),
        "sample": results,
        "empty": empty_result,
        "alone": alone_result,
    }


@pytest.fixture(scope="session")
def run(tmp_path_factory) -> dict:
    if not RAW_2025.is_dir() or not RAW_2024.is_dir():
        pytest.fail("data/raw/2025 or data/raw/2024 is missing: run `python -m analysis sample`")
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
    from .id_scan import html_cells, ids_in_cells

    ids = ids_in_cells([c for h in html for c in html_cells(h)])
    assert not ids, f"ids in the tables people read: {sorted(set(ids))}"


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


def _sheet(run: dict, section: str, sheet: str, reports: str = "reports") -> pd.DataFrame:
    workbook = Path(run[reports]) / "tables" / f"{section}.xlsx"
    return pd.read_excel(workbook, sheet_name=sheet, engine="openpyxl")


def _chart(run: dict, section: str, name: str) -> pd.DataFrame:
    return pd.read_csv(Path(run["reports"]) / "figures" / section / f"{name}.csv", encoding="utf-8-sig")


def _metric(run: dict, name: str):
    from analysis import metrics

    return metrics.compute(name, run["processed"])


def test_new_notebooks_run_in_seconds(run):
    """Kernel start included; a per-row loop over the tickets or a quadratic table would show here."""
    seconds = {r["notebook"]: r["seconds"] for r in run["sample"]}
    slow = {n: t for n, t in seconds.items() if n[:2] in {"04", "05", "06"} and t > 60}
    assert not slow, f"notebooks too slow: {slow} (all: {seconds})"


def test_d07_holds_by_truncation_only_and_the_closing_table_says_so(run):
    from analysis.wording import shown_readings

    table = _sheet(run, "disputes", CLOSING_SHEET).set_index("编号")
    d07 = table.loc["D07"]
    claimed = next(f["claimed"] for f in load_report_figures()
                   if f["id"] == "D07")
    rate = _metric(run, "dispute_resolution_rate")
    rounded, truncated = shown_readings(rate.value, claimed)
    assert rounded != float(claimed) == truncated  # the sample keeps the report's truncation
    assert d07["是否相符"] == "是"
    assert "仅按截断成立" in d07["说明"] and f"四舍五入为{rounded:g}%" in d07["说明"]
    assert f"截断为{truncated:g}%" in d07["说明"]
    # a percentage that holds rounded carries no such note
    assert pd.isna(table.loc["D01", "说明"]) or "截断" not in str(table.loc["D01", "说明"])
    text = _outputs_text(_by_name(run["sample"])["04_disputes_and_hotline"]["executed"])
    assert f"四舍五入是 **{rounded:g}%**" in text and "只在截断时成立" in text


def test_hotline_units_add_up_to_the_rates_and_the_drag_to_the_gap(run):
    completion = _metric(run, "hotline_completion_rate")
    units = _chart(run, "disputes", "hotline_by_unit")
    assert units["due"].sum() == completion.denominator and units["completed"].sum() == completion.numerator
    drag = _chart(run, "disputes", "hotline_rate_drag")
    assert drag["completion_gap"].sum() == pytest.approx(100 - completion.value, abs=0.01)
    worst = units.sort_values("completion_rate")["handling_unit"].head(2)
    assert set(drag.nlargest(2, "completion_gap")["handling_unit"]) == set(worst)
    centre = _chart(run, "disputes", "service_centre").set_index("group")
    rate = _metric(run, "service_center_resolution_rate")
    assert centre.loc["区社会治理综合服务中心", "disputes"] == rate.denominator


def test_legal_aid_year_on_year_is_shown_as_the_two_years_counts(run):
    chart = _chart(run, "services", "legal_aid_vs_previous_year")
    pairs = chart[chart["kind"] == "两年件数"].set_index("group")
    for label, name in [("全部法律援助案件", "legal_aid_cases_yoy"), ("妇女儿童维权案件", "women_children_cases_yoy")]:
        r = _metric(run, name)
        assert r.value is not None and r.denominator > 0
        assert (pairs.loc[label, "previous"], pairs.loc[label, "current"]) == (r.denominator, r.numerator)
        assert pairs.loc[label, "growth"] == pytest.approx(r.value, abs=0.01)
    months = chart[chart["kind"] == "逐月件数"]
    assert months["2024"].sum() == _metric(run, "legal_aid_cases_yoy").denominator


def test_without_last_year_the_yoy_figures_say_so(run):
    result = run["alone"]
    assert result["error"] is None, result["error"]
    assert _error_outputs(result["executed"]) == []
    table = _sheet(run, "services", CLOSING_SHEET, "reports_alone").set_index("编号")
    yoy = [f["id"] for f in load_report_figures()
           if f["rule"] == "yoy" and f["area"] == "services"]
    assert len(yoy) == 2
    for figure in yoy:
        assert pd.isna(table.loc[figure, "计算值"]) and table.loc[figure, "是否相符"] == "否"
        assert str(table.loc[figure, "说明"]).startswith("上年数据缺失")
    others = table.drop(index=yoy)
    assert (others["是否相符"] == "是").all()
    assert "上年数据缺失" in _outputs_text(result["executed"])


def test_governance_sources_every_indicator_and_lists_unknown_ones_apart(run):
    from analysis.resources import indicator_for_metric, load_indicators, load_report_figures

    values = pd.read_parquet(Path(run["processed"]) / "indicator_values.parquet")
    sourced = _sheet(run, "governance", "指标出处")
    fed = [f["id"] for f in load_report_figures() if f["area"] == "governance" and indicator_for_metric(f["metric"])]
    assert sorted(sourced["编号"]) == sorted(fed)
    assert sourced["来源文件"].notna().all() and sourced["报送单位"].notna().all()
    unknown = _sheet(run, "governance", "未识别的指标")
    expected = set(values.loc[~values["indicator"].isin(load_indicators()), "indicator"])
    assert expected and set(unknown["指标"]) == expected
    assert not set(unknown["指标"]) & set(sourced["指标"])
    funnel = _chart(run, "governance", "reconsideration_funnel").set_index("stage")
    for stage, name in [("收到申请", "reconsideration_applications"), ("受理", "reconsideration_accepted"),
                        ("结案", "reconsideration_closed")]:
        assert funnel.loc[stage, "cases"] == _metric(run, name).value
    homicides = _chart(run, "governance", "homicides_three_years")
    assert list(homicides["period_year"]) == [2023, 2024, 2025]
    assert homicides["命案"].sum() == _metric(run, "homicides_3y").value


def test_intake_notebook_counts_the_figures_of_every_area(run):
    from analysis.resources import load_report_figures

    coverage = _sheet(run, "intake", "报告数字覆盖")
    figures = load_report_figures()
    assert len(coverage) == len({f["area"] for f in figures}) == 6
    assert coverage["报告数字（个）"].sum() == len(figures) == 64
    assert coverage["相符（个）"].sum() == 64
    assert sorted(coverage["核对表所在笔记本"].astype(str).str.zfill(2)) == ["01", "02", "03", "04", "05", "06"]


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


def generated_people() -> set[str]:
    """Every name, phone and identity number the sample generator invented (both years)."""
    from analysis.sample.plan import build, load_plan

    values: set[str] = set()
    for year in (2025, 2024):
        for rows in build(year, load_plan(year)["seed"]).values():
            for r in rows:
                for key in ("name", "phone", "id_number"):
                    value = str(r.get(key) or "").strip()
                    if len(value) >= 2 and value != "匿名":
                        values.add(value)
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
    values = personal_values() | generated_people()
    assert len(generated_people()) > 10_000  # callers, parties, applicants of the new rosters too
    texts = _written_texts(Path(run["reports"]), [r["executed"] for r in run["sample"]])
    texts |= _written_texts(Path(run["reports_alone"]), [run["alone"]["executed"]])
    leaks = {}
    for name, text in texts.items():
        found = sorted(find_values(values, text))
        if found:
            leaks[name] = found[:5]
    assert not leaks, f"personal data written to: {leaks}"


def test_intake_notebook_lists_weak_matches_and_overrides_for_review(tmp_path):
    """Columns read from a similar header or their values, and overrides.csv rows, are shown for review."""
    from tests.workbooks import write_xlsx

    raw = tmp_path / "raw"
    raw.mkdir()
    write_xlsx(raw / "区司法局台账.xlsx", [["区司法局2025年普法活动台账"], ["举办的日期", "开展的活动", "活动类型", "覆盖人数", "天气"],
                                      ["2025-05-01", "民法典进社区宣讲", "精准普法", 10, "晴"],
                                      ["2025-05-02", "宪法进企业宣讲会", "专题活动", 12, "雨"]])
    (raw / "overrides.csv").write_text("file,sheet,column,field\n区司法局台账.xlsx,,天气,ignore\n没有的文件.xlsx,,X,title\n",
                                       encoding="utf-8")
    processed, out = tmp_path / "processed", tmp_path / "reports"
    assert _clean(raw, processed, 2025).returncode == 0
    result = _execute(ROOT / "notebooks" / "00_intake_quality.ipynb", processed, out)
    assert result["error"] is None, result["error"]
    review = _sheet({"reports": out}, "intake", "需复核的列")
    assert {"举办的日期", "开展的活动"} <= set(review["表头（原文）"].astype(str))
    text = _outputs_text(result["executed"])
    assert "overrides.csv 共 2 行，其中 1 行没有对应" in text
