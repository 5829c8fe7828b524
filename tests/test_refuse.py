"""Issue 19: sheets that are none of ours are refused (one info line each), ours are kept.

The negative corpus (tests/negative/generate.py) holds workbooks of the kinds found beside the
ledgers in real folders; none may become rows of a dataset.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.negative.generate import generate

from .workbooks import clean, write_xlsx


def sheets(c) -> list[dict]:
    return [s for f in c.manifest["files"] for s in f["sheets"]]


@pytest.mark.parametrize("seed", [1, 2])
def test_negative_corpus_assigns_nothing_and_says_one_line_per_sheet(tmp_path, seed):
    raw = tmp_path / "raw"
    written = generate(raw, seed)
    c = clean(raw, tmp_path / "out")
    assigned = [(s["name"], s["dataset"]) for s in sheets(c) if s["dataset"]]
    assert assigned == []
    assert c.summary.kept == 0 and c.summary.quarantined == 0
    assert len(c.issues) <= len(sheets(c)) + len(written)  # one line per sheet, not one per row
    assert c.issues.groupby(["source_file", "source_sheet"]).size().max() == 1
    refused = [s for s in sheets(c) if s["candidate"]]
    assert refused and all(s["reason"].startswith("未识别为任何数据集") for s in refused)
    assert all(s["dataset"] is None for s in refused)


def test_a_school_roster_is_refused_but_a_roster_titled_as_ours_is_kept(raw, tmp_path):
    rows = [["序号", "学校", "姓名", "职务", "联系电话"],
            *[[k, f"第{k}中学", "张" + "伟芳娜敏静"[k], "教师", ""] for k in range(1, 5)]]
    write_xlsx(raw / "区教育局" / "教职工名单.xlsx", rows)
    write_xlsx(raw / "区教育局" / "2025年法治副校长名册.xlsx", [["2025年法治副校长名册"], *rows])
    c = clean(raw, tmp_path / "out")
    by_file = {f["path"].split("/")[-1]: f["sheets"][0] for f in c.manifest["files"]}
    assert by_file["教职工名单.xlsx"]["dataset"] is None
    assert by_file["教职工名单.xlsx"]["candidate"] == "vice_principals"
    assert by_file["2025年法治副校长名册.xlsx"]["dataset"] == "vice_principals"
    lines = c.issues[c.issues["source_file"].str.endswith("教职工名单.xlsx")]
    assert list(lines["code"]) == ["sheet-not-ours"] and "overrides.csv" in lines["message"].iloc[0]


def test_a_refused_sheet_is_assigned_by_hand_in_overrides(raw, tmp_path):
    rows = [["序号", "学校", "姓名", "职务"], *[[k, f"第{k}中学", "李" + "伟芳娜敏"[k - 1], "副校长"] for k in range(1, 5)]]
    write_xlsx(raw / "区教育局" / "名单.xlsx", rows)
    (raw / "overrides.csv").write_text("文件,工作表,列,字段,数据集\n区教育局/名单.xlsx,,,,vice_principals\n", encoding="utf-8")
    c = clean(raw, tmp_path / "out")
    sheet = sheets(c)[0]
    assert sheet["dataset"] == "vice_principals" and sheet["rows_kept"] == 4


def test_a_month_table_of_another_year_is_not_melted_into_the_report_year(raw, tmp_path):
    months = ["一月", "二月", "三月", "四月", "五月", "六月"]
    rows = [["2002年通信设备产量"], ["产品名称", *months], *[[p, *range(1000, 1006)] for p in ("交换机", "电话机", "传真机")]]
    write_xlsx(raw / "统计局" / "产量.xlsx", rows)
    c = clean(raw, tmp_path / "out")
    assert [s["dataset"] for s in sheets(c)] == [None]
    assert c.summary.kept == 0 and len(c.issues) == 1


def test_dates_far_from_the_report_year_make_a_sheet_suspect(raw, tmp_path):
    rows = [["序号", "活动名称", "活动日期", "人数"],
            *[[k, f"项目{k}", dt.date(1992, k, 3), 10 * k] for k in range(1, 6)]]
    write_xlsx(raw / "档案" / "登记.xlsx", rows)
    c = clean(raw, tmp_path / "out")
    sheet = sheets(c)[0]
    assert sheet["dataset"] is None and "1992" in sheet["reason"]
    assert len(c.issues) == 1


# ---------------------------------------------------------------- 需核实: plausibility before figures

def _legal_aid(raw: Path, year: int, n: int) -> None:
    rows = [["法律援助案件登记表"], ["案件编号", "受理日期", "案件类型", "案由"],
            *[[f"援{year}-{k:03d}", dt.date(year, 1 + k % 12, 1 + k % 27), "民事", "劳动争议"] for k in range(n)]]
    write_xlsx(raw / str(year) / "区司法局" / f"{year}年法律援助案件.xlsx", rows)


def _figures(tmp_path: Path, before: int, now: int):
    from analysis.metrics import write_key_figures

    raw = tmp_path / "raw"
    for year, n in ((2024, before), (2025, now)):
        _legal_aid(raw, year, n)
        clean(raw / str(year), tmp_path / "processed" / str(year), year=year)
    table = write_key_figures(tmp_path / "processed" / "2025", tmp_path / "key_figures.csv", 2025)
    return table.set_index("metric")


def test_a_department_doubling_its_count_marks_the_figure_to_be_checked(tmp_path):
    table = _figures(tmp_path, 12, 24)
    assert table.loc["legal_aid_cases", "value"] == 24
    assert table.loc["legal_aid_cases", "verify"] == "需核实"
    assert "区司法局" in table.loc["legal_aid_cases", "verify_reason"]


def test_a_figure_close_to_last_year_is_not_marked(tmp_path):
    table = _figures(tmp_path, 12, 14)
    assert table.loc["legal_aid_cases", "verify"] == ""


def test_rows_from_a_sheet_recognised_on_weak_evidence_mark_the_figure(tmp_path):
    import json

    from analysis.metrics import check_plausibility

    _figures(tmp_path, 12, 13)
    path = tmp_path / "processed" / "2025" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for f in manifest["files"]:
        for s in f["sheets"]:
            s["evidence"] = "weak"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    marks = check_plausibility(tmp_path / "processed" / "2025", 2025)
    assert any("相近表头" in why for why in marks["legal_aid_cases"])


def test_year_columns_are_melted_only_near_the_report_year(raw, tmp_path):
    from analysis.resources import load_indicators

    known = list(load_indicators())[:2]
    write_xlsx(raw / "区司法局" / "近三年工作数据.xlsx",
               [["近三年工作数据统计表"], ["指标名称", "2023年", "2024年", "2025年"], *[[k, 1, 2, 3] for k in known]])
    write_xlsx(raw / "统计局" / "年度数据.xlsx",
               [["指标", "2022年", "2021年", "2020年", "2019年"], *[[k, 1, 2, 3, 4] for k in known]])
    c = clean(raw, tmp_path / "out")
    by_file = {f["path"].split("/")[-1]: f["sheets"][0] for f in c.manifest["files"]}
    assert by_file["近三年工作数据.xlsx"]["dataset"] == "indicator_values"
    assert by_file["近三年工作数据.xlsx"]["rows_kept"] == 6
    assert by_file["年度数据.xlsx"]["dataset"] is None


def test_the_draft_comment_and_the_index_page_carry_the_mark(tmp_path):
    from decimal import Decimal

    from analysis.draft.metric_values import MetricValue
    from analysis.draft.writer import source_comment
    from analysis.report.pack import _key_figures_html

    mv = MetricValue("legal_aid_cases", "受理法律援助案件", Decimal(24), "件", "legal_aid_cases", 24, ("a.xlsx",),
                     verify="区司法局报送24，上年为12")
    assert "需核实：区司法局报送24，上年为12" in source_comment(mv, "exact", "24件")
    _figures(tmp_path, 12, 24)
    (tmp_path / "tables").mkdir()
    (tmp_path / "key_figures.csv").rename(tmp_path / "tables" / "key_figures.csv")
    page = _key_figures_html(tmp_path)
    assert "需核实" in page and "上年为12" in page


def test_the_run_summary_lists_the_figures_to_check(tmp_path):
    from types import SimpleNamespace

    from analysis.report.runner import verify_lines

    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "key_figures.csv").write_text(
        "metric,label,verify,verify_reason\na,受理法律援助案件,需核实,区司法局报送24，上年为12\nb,评查案卷,,\n", encoding="utf-8")
    lines = verify_lines(SimpleNamespace(out=tmp_path))
    assert lines[0].startswith("需核实的数字：1 项") and "受理法律援助案件：区司法局报送24，上年为12" in lines[1]


def test_the_sample_has_no_figure_to_check(processed_sample, tmp_path):
    from analysis.intake.run import run_clean
    from analysis.metrics import check_plausibility

    from .conftest import RAW_2025

    (tmp_path / "2025").symlink_to(processed_sample, target_is_directory=True)
    run_clean(RAW_2025.parent / "2024", tmp_path / "2024", year=2024, jobs=1, progress=False)
    assert check_plausibility(tmp_path / "2025", 2025) == {}
    import json

    manifest = json.loads((processed_sample / "manifest.json").read_text(encoding="utf-8"))
    found = [s for f in manifest["files"] for s in f["sheets"]]
    assert sum(s["evidence"] == "strong" for s in found) >= 20
    assert [s["name"] for s in found if s["evidence"] == "weak" or (s["candidate"] and not s["dataset"])] == []


def test_key_figures_of_a_folder_whose_condition_column_is_empty(raw, tmp_path):
    """A column no file filled (audience here) is Arrow's null type: selecting on it finds nothing, no crash."""
    from analysis.metrics import check_plausibility, compute_all

    write_xlsx(raw / "区司法局台账.xlsx", [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "活动类型", "覆盖人数"],
                                      ["2025-05-01", "民法典进社区宣讲", "精准普法", 10]])
    clean(raw, tmp_path / "2025")
    table = compute_all(tmp_path / "2025").set_index("metric")
    assert table.loc["precision_people", "value"] == 10 and table.loc["veteran_briefings", "value"] == 0
    assert check_plausibility(tmp_path / "2025", 2025) == {}


# ------------------------------------------------- a sheet that names nothing of ours needs more

MEETINGS = [["序号", "日期", "学习内容", "主持人", "参加人数", "地点"],
            *[[k, dt.date(2025, k, 10), f"第{k}次集中学习", "", 10 + k, "三楼会议室"] for k in range(1, 6)]]


def test_a_meeting_register_is_read_as_law_education_only_when_something_says_so(raw, tmp_path):
    write_xlsx(raw / "区委办" / "学习记录.xlsx", MEETINGS)
    write_xlsx(raw / "区司法局" / "社区矫正法治教育记录.xlsx", MEETINGS)
    c = clean(raw, tmp_path / "out")
    by_file = {f["path"].split("/")[-1]: f["sheets"][0] for f in c.manifest["files"]}
    refused = by_file["学习记录.xlsx"]
    assert refused["dataset"] is None and refused["candidate"] == "correction_education"
    assert "没有写明" in refused["reason"]
    assert by_file["社区矫正法治教育记录.xlsx"]["dataset"] == "correction_education"


def test_an_untitled_ledger_with_its_own_columns_and_values_is_kept(raw, tmp_path):
    kinds = ["精准普法", "反诈宣传", "送法进校园", "政策宣讲"]
    rows = [["活动日期", "活动名称", "活动类型", "覆盖人数", "发放材料（份）"],
            *[[dt.date(2025, k, 5), f"活动{k}", kinds[k % 4], 50 * k, 20 * k] for k in range(1, 7)]]
    write_xlsx(raw / "区司法局" / "台账.xlsx", rows)
    c = clean(raw, tmp_path / "out")
    sheet = sheets(c)[0]
    assert sheet["dataset"] == "publicity_events" and sheet["evidence"] == "strong"
    assert sheet["rows_kept"] == 6


def test_weak_evidence_without_a_naming_title_is_no_evidence(raw, tmp_path):
    rows = [["编号", "来信时间", "信件类型", "承办单位", "办理状态"],
            *[[f"X{k:04d}", dt.date(2025, k, 2), "投诉", "区住建局", "已办结"] for k in range(1, 7)]]
    write_xlsx(raw / "区政府办" / "来信.xlsx", rows)
    write_xlsx(raw / "区政府办" / "12345热线工单.xlsx", rows)
    c = clean(raw, tmp_path / "out")
    by_file = {f["path"].split("/")[-1]: f["sheets"][0] for f in c.manifest["files"]}
    assert by_file["来信.xlsx"]["dataset"] is None
    assert by_file["12345热线工单.xlsx"]["dataset"] == "hotline_tickets"


def test_an_unreadable_or_copied_file_costs_one_line(raw, tmp_path):
    write_xlsx(raw / "区统计局" / "表.xls", [["甲", "乙"], [1, 2]])  # an .xlsx saved as .xls
    (raw / "区统计局" / "表（副本）.xls").write_bytes((raw / "区统计局" / "表.xls").read_bytes())
    head = '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    (raw / "区统计局" / "导出.xls").write_text(  # an Excel 2003 XML template never rendered
        head + '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><#list rows as r></Workbook>',
        encoding="utf-8")
    c = clean(raw, tmp_path / "out")
    assert c.issues.groupby(["source_file", "source_sheet"]).size().max() == 1
    lines = c.issues.groupby("source_file").size()
    assert lines["区统计局/表（副本）.xls"] == 1 and lines["区统计局/导出.xls"] == 1
    assert c.issues[c.issues["source_file"].str.endswith("导出.xls")]["severity"].tolist() == ["error"]


def test_a_sheet_naming_nothing_is_read_when_its_workbook_holds_one_of_ours(raw, tmp_path):
    aid = [["法律援助案件登记表"], ["案件编号", "受理日期", "案件类型", "案由"],
           *[[f"援2025-{k:03d}", dt.date(2025, k, 3), "民事", "劳动争议"] for k in range(1, 7)]]
    talks = [["来访人", "日期", "来源方式", "主要内容", "服务人次"],
             *[["", dt.date(2025, k, 9), ["电话", "网络", "现场"][k % 3], "婚姻家庭", k] for k in range(1, 7)]]
    write_xlsx(raw / "区司法局" / "登记表.xlsx", {"法律援助": aid, "Sheet1": talks})
    write_xlsx(raw / "区司法局" / "记录.xlsx", talks)
    c = clean(raw, tmp_path / "out")
    got = {(f["path"].split("/")[-1], s["name"]): s["dataset"] for f in c.manifest["files"] for s in f["sheets"]}
    assert got[("登记表.xlsx", "法律援助")] == "legal_aid_cases"
    assert got[("登记表.xlsx", "Sheet1")] == "legal_consultations"
    assert got[("记录.xlsx", "Sheet1")] is None
