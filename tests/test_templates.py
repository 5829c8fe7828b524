"""Submission templates (issue 14): generated from the contract, read back exactly by the cleaner.

Round trip: every template, filled from its own validations with edge values, cleans with no
warning and no error, every row kept, every column mapped by the template. Values pasted around
the validation get the normal quarantine and issues; another year's or an older template is read
and reported. Reading a template back with openpyxl shows its validations, protection and frozen
header; where LibreOffice is installed, one is converted to PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.contract import (
    TEMPLATE_INFO_SHEET,
    TEMPLATE_LOOKUP_SHEET,
    TEMPLATE_NOTES_SHEET,
    template_file_name,
)
from analysis.template_columns import contract_version, department_names, template_columns
from analysis.templates import validation
from analysis.templates.command import write_templates
from analysis.templates.options import load_options
from analysis.templates.plan import load_submissions, plan_workbooks, submitted_datasets

from .conftest import ROOT
from .templatefill import cell_of, column_validations, fill_template, list_values, read_info
from .workbooks import clean

#: openpyxl keeps only plain print areas: loading a template warns about (and drops) its formula.
pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set to Defined name")

YEAR = 2025
ROWS = 20
DEADLINE = "2026年1月10日前"
CONTACT = "区委依法治区办 王老师"
PLANS = plan_workbooks(YEAR)


def write_all(folder: Path, year: int = YEAR, department: str | None = None) -> Path:
    """Write the year's templates (all, or one department's) into ``folder``."""
    options = load_options(year, DEADLINE, CONTACT, ROWS)
    write_templates(folder, plan_workbooks(year, department), options)
    return folder


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    return write_all(tmp_path_factory.mktemp("templates"))


def filled_copy(templates: Path, name: str, raw: Path, **kwargs):
    """Copy one template into a raw folder and fill it."""
    raw.mkdir(parents=True, exist_ok=True)
    target = raw / name
    shutil.copy(templates / name, target)
    return fill_template(target, **kwargs)


def problems(cleaned) -> list[tuple]:
    return [i for i in cleaned.issue_list() if i[0] in ("warning", "error")]


# ---------------------------------------------------------------- what is written

def test_one_workbook_per_department_and_one_blank_per_dataset(templates):
    names = {p.name for p in templates.glob("*.xlsx")}
    assert {template_file_name(d, YEAR) for d in department_names()} <= names
    blank = [p for p in PLANS if not p.department]
    assert len(names) == len(department_names()) + len(blank)
    assert sorted(d for p in blank for d in p.datasets) == sorted(
        d for d in pd.read_csv(ROOT / "src/analysis/resources/datasets.csv")["dataset"])
    index = pd.read_csv(templates / "模板清单.csv", encoding="utf-8-sig")
    assert set(index["文件"]) == names


def test_a_department_gets_the_sheets_it_submits():
    submissions = load_submissions()
    listed = next(iter(submissions))
    assert set(submitted_datasets(listed)) == set(submissions[listed])
    unlisted = [d for d in department_names() if d not in submissions]
    assert unlisted, "every department is listed: the default (every dataset) is not exercised"
    assert len(submitted_datasets(unlisted[0])) == len(pd.read_csv(ROOT / "src/analysis/resources/datasets.csv"))


@pytest.mark.parametrize("plan", [p for p in PLANS if p.department == "区司法局" or not p.department][:3],
                         ids=lambda p: p.file_name)
def test_reading_a_template_back_shows_validations_protection_and_frozen_header(templates, plan):
    wb = openpyxl.load_workbook(templates / plan.file_name)
    general, sheets = read_info(wb)
    assert wb.sheetnames[0] == TEMPLATE_NOTES_SHEET and wb[TEMPLATE_INFO_SHEET].sheet_state == "veryHidden"
    assert general["year"] == str(YEAR) and general["department"] == plan.department
    assert wb.security.lockStructure
    assert [s.dataset for s in sheets.values()] == list(plan.datasets)
    notes = "\n".join(str(c.value) for row in wb[TEMPLATE_NOTES_SHEET].iter_rows() for c in row if c.value)
    assert DEADLINE in notes and CONTACT in notes and "示例行" in notes
    for name, info in sheets.items():
        ws = wb[name]
        columns = template_columns(info.dataset)
        assert info.version == contract_version(info.dataset)
        sums = [i for i, c in enumerate(columns, start=1) if c.kind in ("whole", "money")]
        totals = info.header_row + 1  # under the header: nothing after the data (printing stops there)
        first = totals + 1 if sums else info.header_row + 1
        assert ws.freeze_panes == f"A{first}"
        assert ws.protection.sheet and not ws.merged_cells.ranges
        header = [ws.cell(info.header_row, i).value for i in range(1, len(columns) + 1)]
        assert header == [c.label for c in columns]
        assert ws.cell(2, 1).value == "填报单位：" and ws.cell(2, 2).value == (plan.department or None)
        assert all(ws.cell(info.header_row, i).protection.locked for i in range(1, len(columns) + 1))
        last = first + ROWS - 1
        validations = column_validations(ws)
        assert sorted(validations) == list(range(1, len(columns) + 1)), "a validation on every column"
        for index, col in enumerate(columns, start=1):
            assert not ws.cell(first, index).protection.locked and not ws.cell(last, index).protection.locked
            assert ws.column_dimensions[ws.cell(1, index).column_letter].width >= 8
            dv = validations[index]
            assert str(dv.sqref) == f"{ws.cell(first, index).coordinate}:{ws.cell(last, index).coordinate}"
            assert dv.showInputMessage and dv.showErrorMessage and dv.prompt and dv.error
            assert len(dv.prompt) <= 255 and len(dv.error) <= 255 and len(dv.promptTitle) <= 32
            assert any("\u4e00" <= ch <= "\u9fff" for ch in dv.prompt + dv.error)
            expected = {"date": ("date", f"DATE({YEAR},1,1)", f"DATE({YEAR},12,31)"),
                        "whole": ("whole", "0", None), "score": ("decimal", "0", "100"),
                        "money": ("decimal", "0", None), "value": ("decimal", "0", None),
                        "year": ("whole", str(YEAR - 5), str(YEAR)),
                        "percent": ("decimal", "0", "1"), "id": ("textLength", "18", None)}.get(col.kind)
            if expected:
                assert (dv.type, dv.formula1, dv.formula2) == expected, col
            if col.kind in ("list", "yesno"):
                assert dv.type == "list" and list_values(dv, wb) == list(col.values)
                assert dv.errorStyle == ("stop" if col.strict or col.kind == "yesno" else "warning")
            if col.personal:
                assert "个人信息保护" in dv.prompt
            if col.kind == "id":
                assert ws.cell(first, index).number_format == "@"
        if sums:
            assert "合计" in [ws.cell(totals, i).value for i in range(1, len(columns) + 1)]
            assert all(ws.cell(totals, i).value == f"=SUM({ws.cell(first, i).column_letter}{first}:"
                                                     f"{ws.cell(last, i).column_letter}{last})" for i in sums)
        else:
            assert all(ws.cell(last + 1, i).value is None for i in range(1, len(columns) + 1))


def test_long_dropdown_lists_come_from_the_hidden_lookup_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(validation, "INLINE_LIST_LIMIT", 40)
    folder = write_all(tmp_path / "templates", department="区委依法治区办")
    name = template_file_name("区委依法治区办", YEAR)
    wb = openpyxl.load_workbook(folder / name)
    assert wb[TEMPLATE_LOOKUP_SHEET].sheet_state == "veryHidden"
    _, sheets = read_info(wb)
    formulas = [dv.formula1 for s in sheets for dv in column_validations(wb[s]).values() if dv.type == "list"]
    assert any(f.startswith(f"'{TEMPLATE_LOOKUP_SHEET}'!") for f in formulas)
    assert all(len(f) <= 42 for f in formulas if f.startswith('"'))
    filled_copy(folder, name, tmp_path / "raw")
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    assert problems(cleaned) == []
    assert cleaned.summary.kept > 0 and cleaned.summary.quarantined == 0


# ---------------------------------------------------------------- round trip

@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.file_name)
def test_every_filled_template_cleans_without_a_warning(templates, tmp_path, plan):
    unit = None if plan.department else department_names()[1]
    filled = filled_copy(templates, plan.file_name, tmp_path / "raw", unit=unit)
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    assert problems(cleaned) == []
    assert {"column-unread", "column-unknown", "sheet-hidden"}.isdisjoint(cleaned.codes())
    entry = cleaned.file(plan.file_name)
    assert entry["status"] == "ok"
    for name, (dataset, rows, first) in filled.sheets.items():
        sheet = cleaned.sheet(plan.file_name, name)
        assert sheet["dataset"] == dataset and sheet["mapping"] == "template"
        assert sheet["rows_read"] == sheet["rows_kept"] == len(rows)
        frame = cleaned.dataset(dataset)
        mine = frame[frame["source_sheet"] == name].sort_values("source_row")
        assert mine["source_row"].tolist() == list(range(first, first + len(rows)))
        assert set(mine["department"]) <= set(department_names())
        for column in {c.field for c in template_columns(dataset)} & set(frame.columns):
            written = sum(1 for row in rows if row.get(column) is not None)
            assert written and mine[column].notna().sum() == written, (dataset, column)
        if any(c.personal for c in template_columns(dataset)):
            assert mine["person_key"].notna().all() and mine["person_key"].nunique() == len(rows)
    text = cleaned.all_text()
    for _, rows, _ in filled.sheets.values():
        for row in rows:
            for column in ("_name", "_id_number"):
                if row.get(column):
                    assert str(row[column]) not in text, "personal data reached an output"
    assert sum(len(r) for _, r, _ in filled.sheets.values()) == cleaned.summary.kept


def test_values_pasted_around_the_validation_get_the_normal_quarantine_and_issues(templates, tmp_path):
    name = template_file_name("区司法局", YEAR)
    filled = filled_copy(templates, name, tmp_path / "raw")
    path = tmp_path / "raw" / name
    pasted = {  # (sheet, field, data row) → a value Excel would have refused, and what must follow
        ("普法活动台账", "event_date", 2): ("2025年13月5日", "error"),
        ("普法活动台账", "materials", 3): ("5000余", "warning"),
        ("普法活动台账", "category", 4): ("普法讲座", "warning"),
        ("社区矫正法治教育", "pass_rate_reported", 2): (150, "error"),
        ("安置帮教", "_id_number", 2): ("21010219800101001", "warning"),
        ("安置帮教", "handed_over", 3): ("也许", "error"),
        ("行政执法案卷评查表", "score", 2): (120, "error"),
    }
    wb = openpyxl.load_workbook(path)
    cells = {}
    for (sheet, column, row), (value, _) in pasted.items():
        ref = cell_of(path, sheet, column, row)
        wb[sheet][ref] = value
        cells[(sheet, column, row)] = ref
    wb.save(path)
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    for key, (_, severity) in pasted.items():
        sheet, _, row = key
        ref = cells[key]
        found = [i for i in cleaned.issue_list(name) if i[2] == sheet and i[3] in (ref, f"A{ref.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}")]
        assert any(i[0] == severity for i in found), (key, found)
    quarantined = {(r.source_sheet, r.source_row) for r in cleaned.quarantine.itertuples()}
    expected = {(s, int(cells[(s, c, r)].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
                for (s, c, r), (_, sev) in pasted.items() if sev == "error"}
    assert quarantined == expected
    written = sum(len(rows) for _, rows, _ in filled.sheets.values())
    assert cleaned.summary.kept == written - len(expected)
    events = cleaned.dataset("publicity_events")
    approx = events[events["source_row"] == int(cells[("普法活动台账", "materials", 3)][1:])]
    assert approx["materials"].tolist() == [5000]
    assert all(s["mapping"] == "template" for s in cleaned.file(name)["sheets"] if s["dataset"])


def test_a_template_of_another_year_is_read_and_reported(tmp_path):
    folder = write_all(tmp_path / "t2024", year=2024, department="区司法局")
    name = template_file_name("区司法局", 2024)
    filled = filled_copy(folder, name, tmp_path / "raw")
    cleaned = clean(tmp_path / "raw", tmp_path / "out", year=2025)
    warnings = [i for i in problems(cleaned) if i[0] == "warning"]
    assert cleaned.codes(severity="warning") == ["template-old-year"]
    message = warnings[0][4]
    assert "2024年" in message and "2025年" in message and template_file_name("区司法局", 2025) in message
    # the template is read; rows dated in 2024 are not 2025's data: quarantined with the reason, never mixed
    total = sum(len(r) for _, r, _ in filled.sheets.values())
    assert cleaned.summary.kept + cleaned.summary.quarantined == total
    assert cleaned.summary.kept > 0
    assert all("不在2025年" in reason for reason in cleaned.quarantine["reason"])


def test_an_older_template_version_is_read_and_reported(templates, tmp_path):
    name = template_file_name("区委依法治区办", YEAR)
    filled = filled_copy(templates, name, tmp_path / "raw")
    path = tmp_path / "raw" / name
    wb = openpyxl.load_workbook(path)
    (sheet, (dataset, rows, _)), = filled.sheets.items()
    for row in wb[TEMPLATE_INFO_SHEET].iter_rows(min_row=2):
        if row[0].value == sheet and row[1].value == "version":
            row[2].value = "0000000000"
    wb.save(path)
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    (warning,) = problems(cleaned)
    assert cleaned.codes(severity="warning") == ["template-old-version"]
    assert warning[0] == "warning" and "0000000000" in warning[4] and contract_version(dataset) in warning[4]
    assert name in warning[4]
    assert cleaned.sheet(name, sheet)["mapping"] == "template"
    assert cleaned.sheet(name, sheet)["rows_kept"] == len(rows)


def test_a_template_whose_header_was_changed_falls_back_to_the_header_words(templates, tmp_path):
    name = template_file_name("区委依法治区办", YEAR)
    filled = filled_copy(templates, name, tmp_path / "raw")
    path = tmp_path / "raw" / name
    (sheet, (dataset, rows, first)), = filled.sheets.items()
    wb = openpyxl.load_workbook(path)
    column = next(c for c in template_columns(dataset) if c.required)
    header_row = read_info(wb)[1][sheet].header_row
    ref = cell_of(path, sheet, column.field, 0).rstrip("0123456789") + str(header_row)
    wb[sheet][ref] = "随便写的列名"
    wb.save(path)
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    assert "template-header-changed" in cleaned.codes(name, "warning")
    assert cleaned.sheet(name, sheet)["mapping"] != "template"


def test_rows_inserted_above_the_header_do_not_lose_the_template(templates, tmp_path):
    name = template_file_name("区委依法治区办", YEAR)
    filled = filled_copy(templates, name, tmp_path / "raw")
    (sheet, (_, rows, first)), = filled.sheets.items()
    wb = openpyxl.load_workbook(tmp_path / "raw" / name)
    wb[sheet].insert_rows(2)
    wb[sheet]["A2"] = "（2025年1月至12月）"
    wb.save(tmp_path / "raw" / name)
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    assert problems(cleaned) == []
    entry = cleaned.sheet(name, sheet)
    assert entry["mapping"] == "template" and entry["rows_kept"] == len(rows)
    assert cleaned.rows("enforcement_staff", ["source_row"])[0] == (first + 1,)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_a_template_saved_again_by_an_office_suite_still_cleans(templates, tmp_path):
    """LibreOffice re-saves a filled template: totals are computed, the info sheet survives."""
    name = template_file_name("区司法局", YEAR)
    filled = filled_copy(templates, name, tmp_path / "filled")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "raw"), str(filled.path)],
                   capture_output=True, text=True, timeout=180, check=True)
    cleaned = clean(tmp_path / "raw", tmp_path / "out")
    assert problems(cleaned) == []
    sheets = [s for s in cleaned.file(name)["sheets"] if s["dataset"]]
    assert len(sheets) == len(filled.sheets) and all(s["mapping"] == "template" for s in sheets)
    assert any(s["total_rows"] for s in sheets)  # computed totals were checked against the rows
    assert cleaned.summary.kept == sum(len(r) for _, r, _ in filled.sheets.values())


def test_a_new_dataset_in_the_resources_gets_a_template_without_code(tmp_path, monkeypatch):
    """Add a dataset to copies of datasets.csv and fields.csv: it gets a template that cleans."""
    from analysis import paths, resources
    from analysis import template_columns as tc
    from analysis.intake.combine import schemas
    from analysis.intake.convert import convert
    from analysis.intake.recognise import recognition
    from analysis.intake.words import departments

    folder = tmp_path / "resources"
    shutil.copytree(paths.RESOURCES, folder)
    with open(folder / "datasets.csv", "a", encoding="utf-8") as fh:
        fh.write("legal_aid_cases,legal_services,法律援助案件,法律援助,rows,case_no,2,\n")
    with open(folder / "fields.csv", "a", encoding="utf-8") as fh:
        fh.write("legal_aid_cases,case_no,text,yes,required,,案件编号\n"
                 "legal_aid_cases,accepted_date,date,yes,required,,受理日期\n"
                 "legal_aid_cases,wage_arrears,bool,no,false,,是否农民工讨薪\n"
                 "legal_aid_cases,recovered,int,no,zero,,追回欠薪（元）\n")

    def clear() -> None:
        for module in (resources, tc, convert, departments, recognition, schemas):
            for _, obj in inspect.getmembers(module):
                if isinstance(obj, functools._lru_cache_wrapper) or hasattr(obj, "cache_clear"):
                    obj.cache_clear()
        convert._MEMOS.clear()

    monkeypatch.setattr(resources, "RESOURCES", folder)
    monkeypatch.setattr(tc, "RESOURCES", folder)
    clear()
    try:
        plan = next(p for p in plan_workbooks(YEAR) if p.datasets == ("legal_aid_cases",))
        write_templates(tmp_path / "templates", [plan], load_options(YEAR, rows=10))
        filled = filled_copy(tmp_path / "templates", plan.file_name, tmp_path / "raw", unit="区司法局")
        cleaned = clean(tmp_path / "raw", tmp_path / "out")
        assert problems(cleaned) == []
        assert len(cleaned.dataset("legal_aid_cases")) == len(filled.sheets["法律援助案件"][1])
    finally:
        monkeypatch.undo()
        clear()


# ---------------------------------------------------------------- feedback, command line, PDF

def test_feedback_names_the_template_to_use_next_time(templates, tmp_path):
    name = template_file_name("区司法局", YEAR)
    filled_copy(templates, name, tmp_path / "raw")
    wb = openpyxl.load_workbook(tmp_path / "raw" / name)
    wb["普法活动台账"]["H4"] = "5000余"
    wb.save(tmp_path / "raw" / name)
    clean(tmp_path / "raw", tmp_path / "out")
    sheet = openpyxl.load_workbook(tmp_path / "out" / "feedback" / "区司法局.xlsx").active
    lines = [c.value for c in sheet["A"][:3]]
    assert any(f"下次请使用模板“{name}”" in str(v) for v in lines), lines
    assert (templates / name).is_file()  # the name the templates command writes


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


def test_command_writes_one_departments_templates_with_deadline_and_contact(tmp_path):
    result = run("templates", "--department", "司法局", "--out", str(tmp_path), "--rows", "5",
                 "--deadline", "12月20日前", "--contact", "李老师")
    assert result.returncode == 0, result.stderr
    assert "已生成" in result.stdout
    (path,) = tmp_path.glob("*.xlsx")
    assert path.name == template_file_name("区司法局", 2025)
    notes = openpyxl.load_workbook(path)[TEMPLATE_NOTES_SHEET]
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "12月20日前" in text and "李老师" in text and "报送 2025 年数据" in text
    assert "报送 2025 年数据" in result.stdout
    assert all("（报送 2025 年数据）" in openpyxl.load_workbook(path)[s].cell(1, 1).value
               for s in read_info(openpyxl.load_workbook(path))[1])
    assert run("templates", "--department", "区教育局", "--out", str(tmp_path), "--rows", "5").returncode == 0
    index = pd.read_csv(tmp_path / "模板清单.csv", encoding="utf-8-sig")
    assert set(index["文件"]) == {path.name, template_file_name("区教育局", 2025)}  # one list for both runs


def test_command_help_is_chinese_and_bad_usage_is_one_line():
    result = run("templates", "--help")
    assert result.returncode == 0 and result.stdout.startswith("用法：") and "--department" in result.stdout
    from analysis.paths import DEFAULT_YEAR

    assert f"报送 {DEFAULT_YEAR} 年数据" in " ".join(result.stdout.split())  # which year a template collects
    for args in (["--department", "火星局"], ["--year", "1850"], ["--rows", "0"]):
        result = run("templates", *args)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("错误："), result.stderr
    assert "区司法局" in run("templates", "--department", "火星局").stderr  # the known ones are listed


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_a_template_converts_to_pdf_headless(templates, tmp_path):
    name = template_file_name("区委依法治区办", YEAR)
    source = tmp_path / "template.xlsx"
    # With the 500 rows a template offers by default: only the header and the rows filled in print.
    write_templates(tmp_path / "full", plan_workbooks(YEAR, "区委依法治区办"), load_options(YEAR, DEADLINE, CONTACT))
    shutil.copy(tmp_path / "full" / name, source)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    result = subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "template.pdf"
    assert pdf.is_file(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "填表说明" in text and CONTACT.split()[0] in text and f"报送 {YEAR} 年数据" in text
        pages = text.count("\f")
        data_pages = sum(1 for page in text.split("\f") if f"（报送 {YEAR} 年数据）" in page)
        assert data_pages == len(plan_workbooks(YEAR, "区委依法治区办")[0].datasets)
        assert pages <= data_pages + 4, f"{pages} pages: empty rows are printed"
        for col in template_columns("enforcement_staff"):
            assert col.label.split("（")[0] in text


def test_dates_of_the_year_are_the_only_ones_a_template_accepts(templates):
    wb = openpyxl.load_workbook(templates / template_file_name("区司法局", YEAR))
    _, sheets = read_info(wb)
    from .templatefill import allows

    dv = next(dv for s in sheets for dv in column_validations(wb[s]).values() if dv.type == "date")
    assert allows(dv, dt.date(YEAR, 1, 1), wb) and allows(dv, dt.date(YEAR, 12, 31), wb)
    assert not allows(dv, dt.date(YEAR - 1, 12, 31), wb) and not allows(dv, dt.date(YEAR + 1, 1, 1), wb)


# ---------------------------------------------------------------- issue 22: real values, printing, the year

#: A real value of each kind, as a department writes it (5275.57 万元, 450 件, a score, 98.5 %, a year).
REAL_VALUES = {"money": [5275.57, 12500.5, 0], "value": [5275.57, 450, 0.5], "whole": [450, 0],
               "score": [92.5, 100], "percent": [0.985, 1], "year": [YEAR, YEAR - 2]}
#: A value of each kind that a validation must refuse.
WRONG_VALUES = {"money": [-1.5], "value": [-3], "whole": [2.5, -1], "score": [120, -1],
                "percent": [1.5], "year": [YEAR + 1, 1999]}


def test_every_numeric_field_has_a_kind_in_the_field_tables():
    from analysis.template_columns import NUMERIC_KINDS

    fields = pd.read_csv(ROOT / "src/analysis/resources/fields.csv", dtype=str)
    kinds = pd.read_csv(ROOT / "src/analysis/resources/field_kinds.csv", dtype=str)
    numeric = fields[fields["type"].isin(["int", "float", "percent"])]
    assert set(zip(numeric["dataset"], numeric["column"], strict=True)) == set(
        zip(kinds["dataset"], kinds["column"], strict=True))
    assert set(kinds["kind"]) <= set(NUMERIC_KINDS)
    # The issue's case: 追回金额 is money (not a 0–100 score) and says its unit; 数值 takes any amount.
    aid = {c.field: c for c in template_columns("legal_aid_cases")}
    assert aid["amount_recovered"].kind == "money" and aid["amount_recovered"].label == "追回金额（元）"
    assert {c.field: c.kind for c in template_columns("indicator_values")}["value"] == "value"


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.file_name)
def test_every_field_of_every_template_accepts_a_real_value_of_its_kind(templates, plan):
    from .templatefill import allows

    wb = openpyxl.load_workbook(templates / plan.file_name)
    _, sheets = read_info(wb)
    checked = 0
    for name, info in sheets.items():
        validations = column_validations(wb[name])
        for index, col in enumerate(template_columns(info.dataset), start=1):
            dv = validations[index]
            if col.kind in REAL_VALUES:
                for value in REAL_VALUES[col.kind]:
                    assert allows(dv, value, wb), (name, col.label, value)
                for value in WRONG_VALUES[col.kind]:
                    assert not allows(dv, value, wb), (name, col.label, value)
                checked += 1
            elif col.kind in ("list", "yesno", "multi") and col.values and dv.type == "list":
                assert allows(dv, col.values[-1], wb)
            elif col.kind == "date":
                assert allows(dv, dt.date(YEAR, 6, 30), wb)
            elif col.kind in ("text", "name", "multi"):
                assert allows(dv, col.example or "某某", wb)
        assert all(dv.prompt for dv in validations.values())
    assert checked or not any(c.kind in REAL_VALUES for s in sheets.values() for c in template_columns(s.dataset))


def _print_area_formula(path: Path, sheet_index: int) -> str:
    """The Print_Area name of a sheet, read from the workbook part (openpyxl keeps only plain ranges)."""
    import html
    import re
    import zipfile

    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode("utf-8")
    found = re.search(rf'<definedName[^>]*name="_xlnm.Print_Area"[^>]*localSheetId="{sheet_index}"[^>]*>(.*?)<', xml) \
        or re.search(rf'<definedName[^>]*localSheetId="{sheet_index}"[^>]*name="_xlnm.Print_Area"[^>]*>(.*?)<', xml)
    assert found, "no print area"
    return html.unescape(found.group(1))


def _printed_rows(formula: str, ws) -> tuple[int, int]:
    """Evaluate the print-area formula on a sheet: (rows printed, columns printed)."""
    import re

    least, first, last, columns = re.search(
        r"MAX\((\d+),SUMPRODUCT\(MAX\(\(.*?!\$A\$(\d+):\$[A-Z]+\$(\d+)<>\"\"\).*\)\)\),(\d+)\)$", formula).groups()
    filled = [r for r in range(int(first), int(last) + 1)
              if any(ws.cell(r, c).value not in (None, "") for c in range(1, int(columns) + 1))]
    return max(int(least), max(filled, default=0)), int(columns)


def test_a_data_sheet_prints_its_header_and_filled_rows_landscape_with_page_and_unit(templates, tmp_path):
    import warnings

    name = template_file_name("区司法局", YEAR)
    filled = filled_copy(templates, name, tmp_path / "raw", n=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl drops (and warns about) a print area given as a formula
        empty, wb = openpyxl.load_workbook(templates / name), openpyxl.load_workbook(filled.path)
    _, sheets = read_info(wb)
    for sheet, (_, rows, first) in filled.sheets.items():
        ws, blank = wb[sheet], empty[sheet]
        setup = ws.page_setup
        assert setup.orientation == "landscape" and setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.replace("$", "") == "1:3"
        footer = ws.oddFooter.left.text + ws.oddFooter.right.text
        assert "&P" in footer and "&N" in footer and "区司法局" in footer
        # As generated (openpyxl, which filled the copy, drops a formula print area on saving).
        formula = _print_area_formula(templates / name, wb.sheetnames.index(sheet))
        columns = len(template_columns(sheets[sheet].dataset))
        assert _printed_rows(formula, ws) == (first + len(rows) - 1, columns)  # header … last filled row
        assert _printed_rows(formula, blank)[0] <= sheets[sheet].header_row + 1  # an empty sheet: header (+ 合计)
        # Nothing below the data area's first rows is visible on paper: no border, no fill, no value.
        below = range(first + len(rows), ws.max_row + 1)
        assert not any(ws.cell(r, c).value is not None or ws.cell(r, c).border.left.style
                       or ws.cell(r, c).fill.fgColor.rgb not in (None, "00000000")
                       for r in below for c in range(1, columns + 1))
