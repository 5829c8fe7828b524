"""From the raw sample to the report's figures: figures hold, nothing is lost, nothing leaks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from analysis import metrics
from analysis.intake.layout.layout import split_table
from analysis.intake.reading.reading import read_workbook
from analysis.intake.recognise.recognition import recognise
from analysis.intake.run import run_clean
from analysis.resources import load_issue_codes, load_report_figures
from analysis.wording import holds

from .conftest import RAW_2025, ROOT
from .privacy_scan import find_values
from .workbooks import write_xlsx

CORE_AREAS = ("publicity", "case_review", "correction")


def test_every_core_figure_holds(processed_sample):
    figures = [f for f in load_report_figures() if f["area"] in CORE_AREAS]
    assert len(figures) == 27
    failures = []
    for fig in figures:
        r = metrics.compute(fig["metric"], processed_sample)
        if not holds(r.value, fig["claimed"], fig["rule"]):
            failures.append((fig["id"], fig["metric"], fig["claimed"], fig["rule"], r.value))
    assert failures == []


def test_rows_read_equal_kept_quarantined_duplicates(processed_sample):
    manifest = json.loads((processed_sample / "manifest.json").read_text(encoding="utf-8"))
    total_read = 0
    for f in manifest["files"]:
        for s in f["sheets"]:
            total_read += s["rows_read"]
            assert s["rows_read"] == s["rows_kept"] + s["rows_quarantined"] + s["rows_duplicates"], (f["path"], s["name"])
    kept = sum(len(pd.read_parquet(p)) for p in processed_sample.glob("*.parquet") if p.stem != "quarantine")
    quarantined = len(pd.read_parquet(processed_sample / "quarantine.parquet"))
    assert total_read == kept + quarantined + manifest["summary"]["duplicates"]


def test_every_file_yields_rows_or_an_issue(processed_sample):
    manifest = json.loads((processed_sample / "manifest.json").read_text(encoding="utf-8"))
    issues = pd.read_csv(processed_sample / "issues.csv", dtype=str, keep_default_na=False)
    with_issue = set(issues["source_file"])
    for f in manifest["files"]:
        kept = sum(s["rows_kept"] for s in f["sheets"])
        assert kept > 0 or f["path"] in with_issue, f["path"]
        if f["status"] == "error":
            assert (issues[issues["source_file"] == f["path"]]["severity"] == "error").any()


def test_provenance_points_to_real_cells(processed_sample):
    df = pd.read_parquet(processed_sample / "case_file_reviews.parquet")
    row = df.iloc[0]
    book = read_workbook(RAW_2025 / row["source_file"])
    sheet = next(s for s in book.sheets if s.name == row["source_sheet"])
    assert str(row["case_no"]).strip() in [str(v).strip() for v in sheet.rows[int(row["source_row"]) - 1]]


def _personal_values() -> set[str]:
    """Names, identity numbers and phone numbers written in the raw sample."""
    found: set[str] = set()
    for path in sorted(RAW_2025.rglob("*")):
        if not path.is_file():
            continue
        book = read_workbook(path)
        for sheet in book.sheets:
            text = "\n".join(str(v) for r in sheet.rows for v in r)
            found |= set(re.findall(r"(?<!\d)\d{17}[\dXx](?!\d)", text.replace(" ", "")))
            found |= set(re.findall(r"(?<!\d)1[3-9]\d{9}(?!\d)", text))
            if not sheet.visible or not sheet.rows:
                continue
            table = split_table(sheet)
            if table.header_rows is None:
                continue
            rec = recognise([c.candidates for c in table.columns], sheet.name)
            for index, column in rec.columns.items():
                if column in ("_name", "_contact"):
                    for _, cells in table.data:
                        name = re.sub(r"[\d\s()（）,，/-]+", "", str(cells[index]))
                        if len(name) >= 2:
                            found.add(name)
    return found


def _written_texts(folder):
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or ".cache" in path.parts:
            continue
        if path.suffix == ".parquet":
            yield path, pd.read_parquet(path).to_csv(index=False)
        elif path.suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            yield path, "\n".join(str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r if c)
        else:
            yield path, path.read_text(encoding="utf-8", errors="ignore")


def test_no_personal_data_in_outputs(processed_sample):
    personal = _personal_values()
    assert len(personal) > 20, "the sample should carry invented personal data"
    leaks = [(p.name, v) for p, text in _written_texts(processed_sample) for v in sorted(find_values(personal, text))]
    assert leaks == []


def test_rerun_gives_same_output_and_uses_cache(processed_sample, tmp_path):
    out = tmp_path / "again"
    first = run_clean(RAW_2025, out, year=2025, jobs=2, progress=False)
    assert first.files_read_fresh == first.files
    for name in ["issues.csv", "manifest.json"]:
        a = (processed_sample / name).read_text(encoding="utf-8").replace(str(processed_sample), "X")
        b = (out / name).read_text(encoding="utf-8").replace(str(out), "X")
        if name == "manifest.json":
            a, b = json.loads(a), json.loads(b)
            a["summary"].pop("files_read_fresh", None)
            b["summary"].pop("files_read_fresh", None)
        assert a == b
    for p in processed_sample.glob("*.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(p), pd.read_parquet(out / p.name))
    again = run_clean(RAW_2025, out, year=2025, jobs=2, progress=False)
    assert again.unchanged and again.files_read_fresh == 0
    (out / "manifest.json").unlink()
    warm = run_clean(RAW_2025, out, year=2025, jobs=2, progress=False)
    assert warm.files_read_fresh == 0 and warm.kept == first.kept


def test_changed_file_is_reread(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_2025, raw)
    out = tmp_path / "out"
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    victim = sorted(p for p in raw.rglob("*.csv"))[0] if list(raw.rglob("*.csv")) else sorted(raw.rglob("*.xlsx"))[0]
    victim.write_bytes(victim.read_bytes() + b"\n")
    summary = run_clean(raw, out, year=2025, jobs=1, progress=False)
    assert summary.files_read_fresh == 1


def test_command_line_clean_and_metrics(tmp_path):
    out = tmp_path / "processed"
    key_figures = tmp_path / "kf.csv"
    env_cmd = [sys.executable, "-m", "analysis"]
    r = subprocess.run([*env_cmd, "clean", "--raw", str(RAW_2025), "--out", str(out), "--quiet"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "保留" in r.stdout and "暂存待核" in r.stdout
    r = subprocess.run([*env_cmd, "metrics", "--processed", str(out), "--out", str(key_figures)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(key_figures)
    assert {"metric", "value", "unit", "numerator", "denominator"} <= set(table.columns)
    rate = table.set_index("metric").loc["correction_education_pass_rate"]
    assert rate["numerator"] / rate["denominator"] * 100 == pytest.approx(float(rate["value"]))
    r = subprocess.run([*env_cmd, "clean", "--raw", str(tmp_path / "nope")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "不存在" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_feedback_workbook_per_department(processed_sample):
    issues = pd.read_csv(processed_sample / "issues.csv", dtype=str, keep_default_na=False)
    departments = {d for d in issues["department"] if d}
    written = {p.stem for p in (processed_sample / "feedback").glob("*.xlsx")}
    assert departments <= written
    # Printed as people read it: landscape, one page wide, the header on every page, the unit and
    # page in the footer; the 数据集 column names datasets by their titles, never by their ids.
    from analysis.resources import load_datasets

    from .id_scan import ids_in_cells

    titles = {spec.title for spec in load_datasets().values()}
    for path in sorted((processed_sample / "feedback").glob("*.xlsx")):
        ws = openpyxl.load_workbook(path).active
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9")
        assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0  # 1 is the default
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows.replace("$", "") == "3:3"
        footer = ws.oddFooter.left.text + ws.oddFooter.right.text
        assert path.stem in footer and "&P" in footer and "&N" in footer
        rows = list(ws.iter_rows(min_row=3, values_only=True))
        column = rows[0].index("数据集")
        assert rows[0].index("问题及修改要求") - rows[0].index("文件") <= 4  # the message beside its file
        assert {r[column] for r in rows[1:] if r[column]} <= titles
        code, action = rows[0].index("问题代码"), rows[0].index("怎么改")
        assert all(r[action] == load_issue_codes()[r[code]].action for r in rows[1:])  # every row: what to do
        assert not ids_in_cells([v for r in rows for v in r])


def test_edge_cases_identity_as_number_and_unknown_row_unit(tmp_path):

    raw = tmp_path / "raw"
    (raw / "区司法局").mkdir(parents=True)
    write_xlsx(raw / "区司法局" / "安置帮教.xlsx", [
                ["姓名", "身份证号", "释放日期", "是否衔接", "是否安置", "是否帮教", "是否重新违法犯罪"],
                ["王小明", 2.1010219900505e17, "2025/2/3", "是", "是", "√", ""],
    ])
    write_xlsx(raw / "区司法局" / "普法.xlsx", [
                ["日期", "活动名称", "类别", "受众（人次）", "主办单位"],
                ["2025-03-05", "宪法进社区", "精准普法", 10, "火星局"],
    ])
    out = tmp_path / "out"
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "id-stored-as-number" in set(issues["code"])
    events = pd.read_parquet(out / "publicity_events.parquet")
    assert events["department"].tolist() == ["区司法局"]
    assert any("火星局" in m for m in issues.loc[issues["code"] == "department-cell-not-listed", "message"])


def test_stacked_tables_and_date_ranges(tmp_path):

    raw = tmp_path / "raw"
    raw.mkdir()
    write_xlsx(raw / "区司法局普法台账.xlsx", [
                ["区司法局2025年普法活动台账"],
                ["活动日期", "活动名称", "活动类型", "覆盖人数"],
                ["2025年3月5日-6日", "宪法宣传", "专题活动", 50],
                ["二季度"],
                ["活动日期", "活动名称", "活动类型", "覆盖人数"],
                ["2025/4/1", "民法典宣传", "专题活动", 60],
    ])
    out = tmp_path / "out"
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    events = pd.read_parquet(out / "publicity_events.parquet")
    assert events[["title", "source_row"]].values.tolist() == [["宪法宣传", 3], ["民法典宣传", 6]]
    assert str(events["event_date"].iloc[0]) == "2025-03-05"
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert set(issues["cell"]) >= {"A4", "A5", "A3"}
    assert not (issues["severity"] == "error").any()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sheet = manifest["files"][0]["sheets"][0]
    assert (sheet["rows_read"], sheet["rows_kept"]) == (2, 2)


def test_wide_month_columns_become_rows(tmp_path):

    raw = tmp_path / "raw"
    raw.mkdir()
    write_xlsx(raw / "涉企执法备案.xlsx", [
                ["西市区2025年涉企行政执法备案情况统计表"],
                ["填报单位：区司法局"],
                ["序号", "单位", "1月", "2月", "三月", "合计"],
                [1, "区市场监管局", 5, "3次", "", 8],
                [2, "区城管局", 1, 1, "无", 2],
                ["合计", "", 6, 5, 0, 10],
    ])
    out = tmp_path / "out"
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    df = pd.read_parquet(out / "enforcement_filings.parquet")
    got = [(str(m)[:7], n, d, r) for m, n, d, r in df[["month", "filings", "department", "source_row"]].values]
    assert got == [("2025-01", 5, "区市场监督管理局", 4), ("2025-02", 3, "区市场监督管理局", 4),
                   ("2025-01", 1, "区城市管理综合行政执法局", 5), ("2025-02", 1, "区城市管理综合行政执法局", 5),
                   ("2025-03", 0, "区城市管理综合行政执法局", 5)]
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    mismatch = issues[issues["code"] == "total-mismatch"]
    assert mismatch["cell"].tolist() == ["D6"]
    sheet = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"][0]["sheets"][0]
    assert sheet["rows_read"] == sheet["rows_kept"] == 5


def test_a_crash_on_one_file_is_an_error_issue_and_the_batch_goes_on(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from analysis.intake import run as intake

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("区司法局台账.xlsx", "区教育局台账.xlsx"):
        wb = Workbook()
        wb.active.append(["活动日期", "活动名称", "活动类型", "覆盖人数"])
        wb.active.append(["2025-05-01", f"{name}活动", "专题活动", 10])
        wb.save(raw / name)
    real = intake.process_file

    def flaky(rel, data, sha, year, *rest):
        if rel.startswith("区教育局"):
            raise RuntimeError("boom")
        return real(rel, data, sha, year, *rest)

    monkeypatch.setattr(intake, "process_file", flaky)
    out = tmp_path / "out"
    summary = run_clean(raw, out, year=2025, jobs=1, progress=False)
    assert summary.kept == 1
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    row = issues[issues["source_file"] == "区教育局台账.xlsx"].iloc[0]
    assert row["severity"] == "error" and row["code"] == "file-unreadable" and "程序出错" in row["message"]
    assert row["department"] == "区教育局"


def test_cross_field_rules_from_rules_yaml(tmp_path):

    raw = tmp_path / "raw"
    raw.mkdir()
    write_xlsx(raw / "区司法局矫正教育.xlsx", [
                ["区司法局社区矫正法治教育台账"],
                ["教育日期", "教育主题", "司法所", "参加人数", "达标人数", "达标率"],
                ["2025-05-01", "宪法", "西城司法所", 20, 25, ""],
                ["2025-05-02", "民法典", "西城司法所", 40, "", "95%"],
                ["2025-05-03", "禁毒", "西城司法所", 10, 10, "80%"],
    ])
    out = tmp_path / "out"
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    kept = pd.read_parquet(out / "correction_education.parquet")
    assert kept[["topic", "passed"]].values.tolist() == [["民法典", 38], ["禁毒", 10]]
    q = pd.read_parquet(out / "quarantine.parquet")
    assert q["reason"].tolist() == ["数据校验未通过：达标人数不能大于参加人数"]
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    [mismatch] = issues.loc[issues["code"] == "rate-mismatch", "message"]
    assert mismatch.startswith("填报的达标率80%与达标人数/参加人数（10/10）不符")
