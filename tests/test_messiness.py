"""Every pattern of shared/spec/messiness.md on a small workbook written by the test itself.

Each ``build_*`` function writes the raw files of one pattern into a folder; the test next to it
cleans that folder and checks the exact rows, quarantine, issues and manifest that come out.
``test_rows_read_add_up`` runs all builders together, so the patterns also meet each other.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .workbooks import (
    clean,
    encrypted_xlsx,
    id_number,
    id_with_x,
    write_csv,
    write_xls,
    write_xlsx,
    wrong_check,
)

D = dt.date
PUB_HEADER = ["活动日期", "活动名称", "活动类型", "覆盖人数", "发放材料"]
PUB_COLUMNS = ["event_date", "title", "category", "people_reached", "materials", "source_row", "department"]


def messages(cleaned, source_file: str, severity: str | None = None) -> list[str]:
    return [m for *_, m in cleaned.issue_list(source_file, severity)]


# ---------------------------------------------------------------- 1. title rows, 填报单位 line

def build_title_rows(raw: Path, merged: bool = True) -> None:
    rows = [
        ["西市区2025年普法活动台账"],
        ["（2025年1月—12月）"],
        ["填报单位：区司法局　　填报日期：2025年12月5日"],
        ["序号", *PUB_HEADER],
        [1, "2025-03-15", "民法典进社区", "精准普法", 120, 300],
        [2, "2025-04-15", "宪法进企业", "专题活动", 80, 100],
    ]
    merges = {"Sheet1": ["A1:F1", "A2:F2", "A3:F3"]} if merged else None
    write_xlsx(raw / "台账.xlsx", rows, merges)


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "plain"])
def test_1_header_below_title_and_unit_line(raw, out, merged):
    build_title_rows(raw, merged)
    c = clean(raw, out)
    assert c.rows("publicity_events", PUB_COLUMNS) == [
        (D(2025, 3, 15), "民法典进社区", "精准普法", 120, 300, 5, "区司法局"),
        (D(2025, 4, 15), "宪法进企业", "专题活动", 80, 100, 6, "区司法局"),
    ]
    assert c.issue_list("台账.xlsx") == []
    sheet = c.sheet("台账.xlsx", "Sheet1")
    assert (sheet["dataset"], sheet["department"], sheet["rows_read"], sheet["rows_kept"]) == (
        "publicity_events", "区司法局", 2, 2)


# ---------------------------------------------------------------- 2. two-level merged header

def build_two_level_header(raw: Path) -> None:
    rows = [
        ["区人民检察院2025年普法活动台账"],
        ["序号", "活动日期", "活动名称", "覆盖情况", None, "备注"],
        [None, None, None, "人数", "发放材料（份）", None],
        [1, "2025-05-06", "宪法宣传进社区", 200, 80, None],
        [2, "2025-06-01", "国家安全教育进机关", 150, 60, "联合开展"],
    ]
    merges = ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"]
    write_xlsx(raw / "检察院台账.xlsx", {"台账": rows}, {"台账": merges})


def test_2_two_level_merged_header(raw, out):
    build_two_level_header(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["event_date", "title", "people_reached", "materials", "source_row", "department"]) == [
        (D(2025, 5, 6), "宪法宣传进社区", 200, 80, 4, "区人民检察院"),
        (D(2025, 6, 1), "国家安全教育进机关", 150, 60, 5, "区人民检察院"),
    ]
    assert c.issue_list("检察院台账.xlsx") == []


# ---------------------------------------------------------------- 3. line breaks, spaces, full-width units

def build_header_noise(raw: Path) -> None:
    rows = [
        ["区司法局普法活动台账"],
        ["*活动\n日期", " 活动 名称 ", "活动类型：", "覆盖人数\n（人次）", "发放材料（份）", "地点（街道/社区）"],
        ["2025-07-01", "法律明白人培训班", "法律明白人培训", "45", "90", "城东街道"],
    ]
    write_xlsx(raw / "普法活动.xlsx", rows)


def test_3_header_line_breaks_and_full_width_units(raw, out):
    build_header_noise(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", [*PUB_COLUMNS, "location"]) == [
        (D(2025, 7, 1), "法律明白人培训班", "法律明白人培训", 45, 90, 3, "区司法局", "城东街道"),
    ]
    assert c.issue_list("普法活动.xlsx") == []


# ---------------------------------------------------------------- 4. column order, extras, a missing column

def build_column_order(raw: Path) -> None:
    rows = [
        ["区司法局2025年普法活动台账"],
        ["备注", "覆盖人数", "联系人", "活动名称", "序号", "宣传形式", "活动日期"],
        ["", 60, "周联系", "老年人防诈讲座", 1, "讲座", "2025-08-01"],
        ["已上报", 75, "周联系", "企业合规宣讲", 2, "宣讲", "2025-08-09"],
    ]
    write_xlsx(raw / "台账（乱序）.xlsx", rows)


def test_4_columns_in_any_order_extra_and_missing(raw, out):
    build_column_order(raw)
    c = clean(raw, out)
    df = c.dataset("publicity_events")
    assert c.rows("publicity_events", ["event_date", "title", "people_reached", "source_row", "department"]) == [
        (D(2025, 8, 1), "老年人防诈讲座", 60, 3, "区司法局"),
        (D(2025, 8, 9), "企业合规宣讲", 75, 4, "区司法局"),
    ]
    # the missing optional columns are empty, not invented
    assert df["category"].isna().all()
    assert set(df["materials"].fillna(0)) == {0}
    # the unknown extra column is reported once, at its header cell; 序号/备注/联系人 are known
    assert c.issue_list("台账（乱序）.xlsx") == [
        ("warning", "台账（乱序）.xlsx", "Sheet1", "F2", "未识别的列“宣传形式”有2个非空单元格未读取，请核对"),
    ]
    # 联系人 is personal data: never written anywhere
    assert "周联系" not in c.all_text()


# ---------------------------------------------------------------- 5. 合计 / 小计 rows

def build_totals(raw: Path) -> None:
    rows = [
        ["区司法局2025年普法活动台账"],
        PUB_HEADER,
        ["2025-01-05", "元旦普法", "专题活动", 100, 10],
        ["2025-01-20", "寒假送法", "送法进校园", 150, 20],
        ["1月小计", None, None, 250, 30],
        ["2025-02-03", "春节反诈", "反诈宣传", 40, 5],
        ["2月小计", None, None, 45, 5],
        ["合　计", None, None, "=SUM(D3:D4,D6)", "=SUM(E3:E4,E6)"],
        ["总计", None, None, 999, 35],
    ]
    write_xlsx(raw / "合计表.xlsx", rows)


def test_5_totals_not_counted_and_checked(raw, out):
    build_totals(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title", "people_reached", "materials", "source_row"]) == [
        ("元旦普法", 100, 10, 3), ("寒假送法", 150, 20, 4), ("春节反诈", 40, 5, 6),
    ]
    assert c.cells("warning", "合计表.xlsx") == [("Sheet1", "D7"), ("Sheet1", "D9")]
    assert c.codes("合计表.xlsx", "warning") == ["total-mismatch", "total-mismatch"]
    d7, d9 = messages(c, "合计表.xlsx", "warning")
    assert "小计" in d7 and "45" in d7 and "40" in d7
    assert "总计" in d9 and "999" in d9 and "290" in d9
    assert c.issue_list("合计表.xlsx", "error") == []
    sheet = c.sheet("合计表.xlsx", "Sheet1")
    assert (sheet["rows_read"], sheet["rows_kept"], sheet["total_rows"]) == (3, 3, 4)
    assert len(c.quarantine) == 0


# ---------------------------------------------------------------- 6. blank rows and footers

def build_blanks_and_footers(raw: Path) -> None:
    rows = [
        ["区司法局2025年普法活动台账"],
        PUB_HEADER,
        ["2025-09-01", "开学第一课", "送法进校园", 300, 50],
        [],
        ["2025-09-10", "教师节普法", "专题活动", 40, 40],
        [],
        [None, None, None, None, None],
        ["填表人：吴填表　　审核人：郑审核　　联系电话：13912345678"],
        ["备注：数据截至2025年12月31日"],
    ]
    write_xlsx(raw / "页脚.xlsx", rows)


def test_6_blank_rows_and_footers_ignored(raw, out):
    build_blanks_and_footers(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title", "source_row"]) == [("开学第一课", 3), ("教师节普法", 5)]
    assert c.issue_list("页脚.xlsx") == []
    assert len(c.quarantine) == 0
    sheet = c.sheet("页脚.xlsx", "Sheet1")
    assert (sheet["rows_read"], sheet["blank_rows"], sheet["footer_rows"]) == (2, 3, 2)
    assert "13912345678" not in c.all_text()


# ---------------------------------------------------------------- 7. several sheets, instructions, hidden

def build_several_sheets(raw: Path) -> None:
    sheets = {
        "填表说明": [["填表说明"], ["1. 日期请按2025-03-15格式填写"], ["2. 人数填阿拉伯数字，不要写“余”“多”"]],
        "1月": [["区司法局2025年1月普法活动"], PUB_HEADER, ["2025-01-08", "一月活动", "专题活动", 10, 1]],
        "2月": [["区司法局2025年2月普法活动"], PUB_HEADER, ["2025-02-08", "二月活动", "专题活动", 20, 2]],
        "去年数据": [PUB_HEADER, ["2024-02-08", "去年的活动", "专题活动", 999, 999]],
        "下拉选项": [["活动类型"], ["精准普法"], ["专题活动"]],
    }
    write_xlsx(raw / "区司法局普法活动台账.xlsx", sheets, hidden=("去年数据", "下拉选项"))


def test_7_several_sheets_instructions_and_hidden(raw, out):
    build_several_sheets(raw)
    c = clean(raw, out)
    name = "区司法局普法活动台账.xlsx"
    assert c.rows("publicity_events", ["title", "source_sheet", "source_row"]) == [
        ("一月活动", "1月", 3), ("二月活动", "2月", 3),
    ]
    assert c.cells("info", name) == [("下拉选项", ""), ("去年数据", ""), ("填表说明", "")]
    assert c.issue_list(name, "warning") == [] and c.issue_list(name, "error") == []
    by_sheet = {s: m for _, _, s, _, m in c.issue_list(name, "info")}
    assert "说明" in by_sheet["填表说明"]
    assert "隐藏" in by_sheet["去年数据"] and "隐藏" in by_sheet["下拉选项"]
    assert "去年的活动" not in c.all_text()
    hidden = c.sheet(name, "去年数据")
    assert (hidden["dataset"], hidden["rows_read"]) == (None, 0)


# ---------------------------------------------------------------- 8. department from title, file, folder

def build_department_sources(raw: Path) -> None:
    title = ["2025年普法活动台账"]
    write_xlsx(raw / "台账一.xlsx", [["区人民法院2025年普法活动台账"], PUB_HEADER,
                                  ["2025-10-01", "法院开放日", "专题活动", 30, 3]])
    write_xlsx(raw / "区教育局普法台账.xlsx", [title, PUB_HEADER, ["2025-10-02", "校园法治课", "送法进校园", 31, 3]])
    write_xlsx(raw / "区妇联" / "台账.xlsx", [title, PUB_HEADER, ["2025-10-03", "家庭教育促进法宣传", "专题活动", 32, 3]])
    write_xlsx(raw / "区司法局汇总" / "区应急局台账.xlsx", [title, PUB_HEADER,
                                                     ["2025-10-04", "安全生产法宣传", "专题活动", 33, 3]])


def test_8_department_from_title_file_name_or_folder(raw, out):
    build_department_sources(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["source_file", "department"]) == [
        ("区司法局汇总/区应急局台账.xlsx", "区应急管理局"),   # file name before folder
        ("区妇联/台账.xlsx", "区妇女联合会"),                 # folder
        ("区教育局普法台账.xlsx", "区教育局"),                # file name
        ("台账一.xlsx", "区人民法院"),                        # title
    ]
    assert {"department-unknown", "department-from-workbook", "department-filled"}.isdisjoint(c.codes())


# ---------------------------------------------------------------- 9. numbers as text

NUMBER_CASES = [  # (cell text, value, approximate?)
    ("5000余", 5000, True), ("约300", 300, True), ("300多", 300, True), ("1,200", 1200, False),
    ("1.2万", 12000, False), ("１５０", 150, False), ("32次", 32, False), ("无", 0, False),
    ("/", 0, False), ("—", 0, False), ("-", 0, False), ("", 0, False),
]


def build_text_numbers(raw: Path) -> None:
    rows = [["区司法局2025年普法活动台账"], PUB_HEADER]
    for n, (text, _, _) in enumerate(NUMBER_CASES):
        rows.append([f"2025-11-{n + 1:02d}", f"活动{n + 1}", "精准普法", text, "1,000"])
    write_xlsx(raw / "文本数字.xlsx", rows)


def test_9_numbers_written_as_text(raw, out):
    build_text_numbers(raw)
    c = clean(raw, out)
    got = c.rows("publicity_events", ["people_reached", "materials"])
    assert got == [(value, 1000) for _, value, _ in NUMBER_CASES]
    expected_cells = [("Sheet1", f"D{n + 3}") for n, case in enumerate(NUMBER_CASES) if case[2]]
    assert c.cells("warning", "文本数字.xlsx") == expected_cells
    assert set(c.codes("文本数字.xlsx", "warning")) == {"number-approximate"}
    for (text, value, _), message in zip([x for x in NUMBER_CASES if x[2]], messages(c, "文本数字.xlsx", "warning"), strict=True):
        assert text in message and str(value) in message
        assert message.startswith("覆盖人数：")
    assert c.issue_list("文本数字.xlsx", "error") == [] and len(c.quarantine) == 0


def test_9_a_note_names_its_own_column_when_columns_share_a_value(raw, out):
    rows = [["区司法局2025年普法活动台账"], PUB_HEADER,
            ["2025-11-01", "活动1", "精准普法", "约300", "1,000"],
            ["2025-11-02", "活动2", "精准普法", 120, "约300"]]
    write_xlsx(raw / "同值.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["people_reached", "materials"]) == [(300, 1000), (120, 300)]
    got = [(cell, m.split("：")[0]) for _, _, _, cell, m in c.issue_list("同值.xlsx", "warning")]
    assert got == [("D3", "覆盖人数"), ("E4", "发放材料")]


# ---------------------------------------------------------------- 10. percentages

def build_percentages(raw: Path) -> None:
    rows = [
        ["区司法局2025年社区矫正法治教育台账"],
        ["教育日期", "教育主题", "司法所", "参加人数", "达标人数", "达标率"],
        ["2025-03-01", "宪法学习", "城东司法所", 50, 49, "98%"],
        ["2025-03-02", "民法典学习", "城东司法所", 200, 197, "98.5"],
        ["2025-03-03", "刑法学习", "城西司法所", 200, 197, 0.985],
        ["2025-03-04", "安全教育", "城西司法所", 50, 49, "百分之九十八"],
        ["2025-03-05", "反诈教育", "城西司法所", 100, 97, "0.97"],
        ["2025-03-06", "禁毒教育", "城西司法所", 40, None, "95%"],
    ]
    write_xlsx(raw / "矫正教育.xlsx", rows)


def test_10_percentages_in_four_forms(raw, out):
    build_percentages(raw)
    c = clean(raw, out)
    assert c.rows("correction_education", ["topic", "attendees", "passed", "pass_rate_reported"]) == [
        ("宪法学习", 50, 49, 98.0), ("民法典学习", 200, 197, 98.5), ("刑法学习", 200, 197, 98.5),
        ("安全教育", 50, 49, 98.0), ("反诈教育", 100, 97, 97.0), ("禁毒教育", 40, 38, 95.0),
    ]
    # consistent rates raise nothing; the missing 达标人数 is derived from the rate, said once
    assert c.issue_list("矫正教育.xlsx") == [
        ("info", "矫正教育.xlsx", "Sheet1", "F8", "未填达标人数，按达标率95%推算为38人"),
    ]


# ---------------------------------------------------------------- 11. dates

DATE_CASES = [  # (cell, expected date or None when quarantined, issue severity)
    (45736, D(2025, 3, 20), None),
    (dt.datetime(2025, 3, 21, 0, 0), D(2025, 3, 21), None),
    ("2025.3.22", D(2025, 3, 22), None),
    ("2025/3/23", D(2025, 3, 23), None),
    ("2025-03-24", D(2025, 3, 24), None),
    ("2025年3月25日", D(2025, 3, 25), None),
    ("3月26日", D(2025, 3, 26), "info"),
    ("2025年4月", D(2025, 4, 1), "info"),
    ("2025年2月30日", None, "error"),
]


def build_dates(raw: Path) -> None:
    rows = [["区司法局普法活动台账"], PUB_HEADER]
    for n, (cell, _, _) in enumerate(DATE_CASES):
        rows.append([cell, f"日期活动{n + 1}", "专题活动", 10, 1])
    write_xlsx(raw / "日期.xlsx", rows)
    # the year of "3月15日" comes from the title when the title has one
    write_xlsx(raw / "区司法局往年台账.xlsx", [["区司法局2024年普法活动台账"], PUB_HEADER,
                                               ["3月15日", "往年活动", "专题活动", 10, 1]])


def test_11_date_forms(raw, out):
    build_dates(raw)
    c = clean(raw, out)
    got = dict(c.rows("publicity_events", ["title", "event_date"]))
    expected = {f"日期活动{n + 1}": d for n, (_, d, _) in enumerate(DATE_CASES) if d is not None}
    # the title's year completes "3月15日" (2024-03-15): a row of another year is quarantined, never counted
    assert got == expected
    cells = {sev: [("Sheet1", f"A{n + 3}") for n, case in enumerate(DATE_CASES) if case[2] == sev]
             for sev in ("info", "error")}
    assert c.cells("info", "日期.xlsx") == cells["info"]
    assert c.cells("error", "日期.xlsx") == cells["error"]
    assert c.issue_list("日期.xlsx", "warning") == []
    assert c.codes("日期.xlsx", "info")[:2] == ["date-no-year", "date-month-only"]
    info = messages(c, "日期.xlsx", "info")
    assert "3月26日" in info[0] and "2025" in info[0]
    assert "2025年4月" in info[1] and "1日" in info[1]
    assert [(q.dataset, q.source_file, q.source_row) for q in c.quarantine.itertuples()] == [
        ("publicity_events", "区司法局往年台账.xlsx", 3), ("publicity_events", "日期.xlsx", 11)]
    reason = c.quarantine.iloc[1]["reason"]
    assert "2025年2月30日" in reason and "不存在" in reason
    assert json.loads(c.quarantine.iloc[1]["raw"])["活动名称"] == "日期活动9"
    other_year = c.quarantine.iloc[0]
    assert "2024-03-15" in other_year["reason"] and "不在2025年" in other_year["reason"]
    assert json.loads(other_year["raw"]) == {"活动日期": "3月15日", "活动名称": "往年活动", "活动类型": "专题活动",
                                             "覆盖人数": "10", "发放材料": "1"}  # as the department wrote it


def test_11_year_of_short_dates_from_report_year(raw, out):
    write_xlsx(raw / "区司法局台账.xlsx", [["区司法局普法活动台账"], PUB_HEADER, ["3月16日", "无年份", "专题活动", 1, 1]])
    c = clean(raw, out, year=2026)
    assert c.rows("publicity_events", ["event_date"]) == [(D(2026, 3, 16),)]


# ---------------------------------------------------------------- 12. yes / no

PEOPLE = [id_number(f"2101021980010{n:03d}1") for n in range(1, 8)]


def build_yes_no(raw: Path) -> None:
    header = ["序号", "姓名", "身份证号", "释放日期", "是否衔接", "是否安置", "是否帮教", "是否重新违法犯罪"]
    answers = [
        ("是", "是", "是", "否"),
        ("√", "×", "√", "×"),
        ("已衔接", "未安置", "已帮教", "否"),
        ("Y", "N", "y", "n"),
        (1, 0, "1", "0"),
        ("", "", "", ""),
    ]
    rows = [["区司法局2025年刑满释放人员安置帮教名册"], header]
    for n, a in enumerate(answers):
        rows.append([n + 1, f"帮教对象{n + 1}", PEOPLE[n], f"2025-0{n + 1}-10", *a])
    write_xlsx(raw / "安置帮教.xlsx", rows)


def test_12_yes_no_forms(raw, out):
    build_yes_no(raw)
    c = clean(raw, out)
    assert c.rows("resettlement", ["handed_over", "placed", "assisted", "reoffended"]) == [
        (True, True, True, False),
        (True, False, True, False),
        (True, False, True, False),
        (True, False, True, False),
        (True, False, True, False),
        (False, False, False, False),
    ]
    assert c.issue_list("安置帮教.xlsx") == []


# ---------------------------------------------------------------- 13. department spellings

SPELLINGS = [
    ("区检察院", "区人民检察院"), ("区人民检察院", "区人民检察院"), ("西市区人民检察院", "区人民检察院"),
    ("西市区检察院", "区人民检察院"), ("公安分局", "公安分局"), ("西市公安分局", "公安分局"),
    ("区公安分局", "公安分局"), ("区司法局", "区司法局"), ("西市区司法局", "区司法局"), ("司法局", "区司法局"),
]


def build_department_spellings(raw: Path) -> None:
    rows = [["2025年法治副校长名册"], ["填报单位：西市区教育局（盖章）"], ["序号", "学校", "法治副校长姓名", "派出单位"]]
    for n, (spelling, _) in enumerate(SPELLINGS):
        rows.append([n + 1, f"第{n + 1}小学", f"副校长{n + 1}", spelling])
    rows.append([len(SPELLINGS) + 1, "第99小学", "副校长99", "某某街道办"])
    write_xlsx(raw / "名册.xlsx", rows)


def test_13_department_spellings(raw, out):
    build_department_spellings(raw)
    c = clean(raw, out)
    got = c.rows("vice_principals", ["school", "employer", "department"])
    expected = [(f"第{n + 1}小学", canonical, "区教育局") for n, (_, canonical) in enumerate(SPELLINGS)]
    assert got == [*expected, ("第99小学", "某某街道办", "区教育局")]
    warnings = c.issue_list("名册.xlsx", "warning")
    assert [(s, cell) for _, _, s, cell, _ in warnings] == [("Sheet1", f"D{len(SPELLINGS) + 4}")]
    assert c.codes("名册.xlsx", "warning") == ["department-cell-not-listed"] and "某某街道办" in warnings[0][4]
    assert "副校长1" not in c.all_text()  # names are personal data


# ---------------------------------------------------------------- 14. defect lists

DEFECTS = [
    ("证据不足、文书瑕疵", "证据不充分;文书不规范"),
    ("程序违法，送达程序不规范", "程序不规范;送达不规范"),
    ("归档不及时,裁量基准适用不当", "归档不规范;裁量不当"),
    ("引用法条错误；证据不足", "法律适用错误;证据不充分"),
    ("文书错误;程序瑕疵", "文书不规范;程序不规范"),
    ("证据链不完整/未依法送达", "证据不充分;送达不规范"),
    ("无", ""),
    ("", ""),
]


def build_defects(raw: Path) -> None:
    rows = [["区司法局2025年行政执法案卷评查表"], ["案卷编号", "执法单位", "案件类型", "得分", "存在问题"]]
    for n, (text, _) in enumerate(DEFECTS):
        rows.append([f"2025-{n + 1:03d}", "区市场监管局", "行政处罚", 85, text])
    rows.append(["2025-999", "区城管局", "许可", "95", "执法人员着装不整"])
    write_xlsx(raw / "评查.xlsx", rows)


def test_14_defect_lists_with_any_separator(raw, out):
    build_defects(raw)
    c = clean(raw, out)
    got = c.rows("case_file_reviews", ["case_no", "enforcement_unit", "case_type", "grade", "defects"])
    expected = [(f"2025-{n + 1:03d}", "区市场监督管理局", "行政处罚", "合格", d) for n, (_, d) in enumerate(DEFECTS)]
    expected.append(("2025-999", "区城市管理综合行政执法局", "行政许可", "优秀", "执法人员着装不整"))
    assert [(*r[:4], r[4] or "") for r in got] == expected
    assert c.cells("warning", "评查.xlsx") == [("Sheet1", f"E{len(DEFECTS) + 3}")]
    assert c.codes("评查.xlsx", "warning") == ["defect-not-listed"]
    assert "执法人员着装不整" in messages(c, "评查.xlsx", "warning")[0]


def test_14_line_breaks_separate_defects_and_co_organizers(raw, out):
    write_xlsx(raw / "评查.xlsx", [["区司法局2025年行政执法案卷评查表"], ["案卷编号", "得分", "存在问题"],
                                   ["2025-001", 85, "程序不当\n文书制作不规范\n程序违法"],
                                   ["2025-002", 85, "证据不足\r\n送达程序不规范"]])
    write_xlsx(raw / "区司法局台账.xlsx", [["区司法局普法活动台账"], ["活动日期", "活动名称", "联合单位"],
                                          ["2025-01-01", "联合普法", "公安分局\n区检察院"]])
    c = clean(raw, out)
    assert c.rows("case_file_reviews", ["case_no", "defects"]) == [
        ("2025-001", "程序不规范;文书不规范"), ("2025-002", "证据不充分;送达不规范")]
    assert c.rows("publicity_events", ["co_organizers"]) == [("公安分局;区人民检察院",)]
    assert c.issue_list("区司法局台账.xlsx", "warning") == []


# ---------------------------------------------------------------- 15. identity numbers, phones in names

ID_X = id_with_x()
ID_SPACED = id_number("21010219900505002")
ID_BAD = wrong_check(id_number("21010219851231003"))
PHONE = "13800138000"


def build_identity_numbers(raw: Path) -> None:
    header = ["序号", "姓名", "公民身份号码", "释放日期", "是否衔接", "是否安置", "是否帮教", "是否重新违法犯罪", "联系电话"]
    spaced = f"{ID_SPACED[:6]} {ID_SPACED[6:14]} {ID_SPACED[14:]}"
    rows = [
        ["区司法局2025年安置帮教名册"], header,
        [1, "甲某某", ID_X.lower(), "2025-01-05", "是", "是", "是", "否", "13912340000"],
        [2, "乙某某", spaced, "2025-02-05", "是", "是", "是", "否", ""],
        [3, "丙某某", ID_BAD, "2025-03-05", "是", "是", "是", "否", ""],
        [4, f"丁某某 {PHONE}", "", "2025-04-05", "是", "是", "是", "否", ""],
    ]
    write_xlsx(raw / "身份证.xlsx", rows)


def test_15_identity_numbers_and_phones_in_names(raw, out):
    from analysis.intake.words.privacy import person_key

    build_identity_numbers(raw)
    c = clean(raw, out)
    keys = c.rows("resettlement", ["person_key", "source_row"])
    assert keys == [
        (person_key(ID_X), 3),                 # lower-case x: same person as the upper-case form
        (person_key(ID_SPACED), 4),            # spaces: same person as the clean form
        (person_key(ID_BAD), 5),               # wrong check digit: still keyed, but reported
        (person_key(None, "丁某某"), 6),         # phone removed from the name before keying
    ]
    assert c.codes("身份证.xlsx", "warning") == ["id-invalid", "name-holds-phone"]
    assert c.cells("warning", "身份证.xlsx") == [("Sheet1", "C5"), ("Sheet1", "B6")]
    for *_, message in c.issue_list("身份证.xlsx"):
        assert not re.search(r"\d{6,}", message), message   # no number is echoed back
    text = c.all_text()
    for secret in (PHONE, "13912340000", ID_X, ID_X.lower(), ID_SPACED, ID_BAD, "甲某某", "丁某某"):
        assert secret not in text, secret


# ---------------------------------------------------------------- 16. .xls, GBK .csv, renamed .xlsx

def build_file_formats(raw: Path) -> None:
    write_xls(raw / "教育局台账.xls", [
        ["区教育局2025年普法活动台账", None, None, None, None],
        PUB_HEADER,
        ["2025-03-01", "送法进校园一", "送法进校园", 300, 100],
        [45720.0, "送法进校园二", "送法进校园", "200余", 50],
    ], sheet="台账", merges=((0, 0, 0, 4),))
    write_csv(raw / "妇联普法.csv", [
        ["西市区2025年普法活动台账"],
        ["填报单位：区妇联"],
        PUB_HEADER,
        ["2025年3月8日", "妇女维权宣传", "专题活动", "1,200", "300"],
    ])
    write_xlsx(raw / "tmp.xlsx", {"台账": [["区应急局普法活动台账"], PUB_HEADER, ["2025-05-12", "防灾减灾宣传", "专题活动", 80, 40]]})
    (raw / "tmp.xlsx").rename(raw / "应急局台账.xls")


def test_16_xls_gbk_csv_and_renamed_xlsx(raw, out):
    build_file_formats(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["source_file", "source_sheet", "source_row", "event_date", "title", "category",
                                       "people_reached", "materials", "department"]) == [
        ("妇联普法.csv", "妇联普法", 4, D(2025, 3, 8), "妇女维权宣传", "专题活动", 1200, 300, "区妇女联合会"),
        ("应急局台账.xls", "台账", 3, D(2025, 5, 12), "防灾减灾宣传", "专题活动", 80, 40, "区应急管理局"),
        ("教育局台账.xls", "台账", 3, D(2025, 3, 1), "送法进校园一", "送法进校园", 300, 100, "区教育局"),
        ("教育局台账.xls", "台账", 4, D(2025, 3, 4), "送法进校园二", "送法进校园", 200, 50, "区教育局"),
    ]
    assert [f["format"] for f in c.manifest["files"]] == ["text", "xlsx", "xls"]
    renamed = c.issue_list("应急局台账.xls")
    assert [(sev, cell) for sev, _, _, cell, _ in renamed] == [("info", "")]
    assert c.codes("应急局台账.xls") == ["file-format-mismatch"]
    assert ".xls" in renamed[0][4] and "xlsx" in renamed[0][4]
    assert c.issue_list("妇联普法.csv") == []
    assert c.cells("warning", "教育局台账.xls") == [("台账", "D4")]


# ---------------------------------------------------------------- 17. same file twice, resubmission

def _pub(path: Path, department: str, rows: list[list[object]]) -> None:
    write_xlsx(path, {"台账": [[f"{department}2025年普法活动台账"], PUB_HEADER, *rows]})


def build_resubmission(raw: Path, marker: str = "（修改版）") -> None:
    _pub(raw / "区司法局普法台账.xlsx", "区司法局", [["2025-03-01", "活动A", "专题活动", 100, 10]])
    shutil.copy(raw / "区司法局普法台账.xlsx", raw / "区司法局普法台账 - 副本.xlsx")
    _pub(raw / "区教育局普法台账.xlsx", "区教育局", [["2025-03-01", "活动B", "专题活动", 100, 10],
                                               ["2025-04-01", "活动C", "专题活动", 5, 1]])
    _pub(raw / f"区教育局普法台账{marker}.xlsx", "区教育局", [["2025-03-01", "活动B", "专题活动", 120, 12]])


def test_17_identical_file_counted_once(raw, out):
    build_resubmission(raw)
    c = clean(raw, out)
    original, copy = "区司法局普法台账.xlsx", "区司法局普法台账 - 副本.xlsx"
    a_rows = [r for r in c.rows("publicity_events", ["source_file", "title", "people_reached"]) if r[1] == "活动A"]
    assert a_rows == [(original, "活动A", 100)]          # once, from the original, not the copy
    dup_warnings = c.coded("file-duplicate")
    assert [(file, original in message) for _, file, _, _, message in dup_warnings] == [(copy, True)]
    assert (c.file(original)["status"], c.file(copy)["status"]) == ("ok", "duplicate")
    assert c.sheet(copy, "台账")["rows_duplicates"] == 1


@pytest.mark.parametrize("marker", ["（修改版）", "v2", "最终版"])
def test_17_resubmission_replaces_earlier(raw, out, marker):
    build_resubmission(raw, marker)
    c = clean(raw, out)
    later, earlier = f"区教育局普法台账{marker}.xlsx", "区教育局普法台账.xlsx"
    edu = [r for r in c.rows("publicity_events", ["source_file", "title", "people_reached", "materials"])
           if r[1] in ("活动B", "活动C")]
    assert edu == [(later, "活动B", 120, 12)]          # the earlier numbers and 活动C are gone
    assert c.codes(earlier, "warning") == ["file-superseded"] and c.codes(later, "info") == ["file-correction"]
    assert later in c.issue_list(earlier, "warning")[0][4] and earlier in c.issue_list(later, "info")[0][4]
    assert (c.file(earlier)["status"], c.file(earlier)["replaced_by"]) == ("superseded", later)
    assert c.file(later)["status"] == "ok"
    assert c.summary.resubmissions == 1


def test_17_correction_of_another_ledger_replaces_nothing(raw, out):
    _pub(raw / "区司法局上半年普法台账.xlsx", "区司法局", [["2025-03-01", "上半年活动", "专题活动", 100, 10]])
    _pub(raw / "区司法局下半年普法台账（修改版）.xlsx", "区司法局", [["2025-09-01", "下半年活动", "专题活动", 90, 9]])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title"]) == [("上半年活动",), ("下半年活动",)]
    assert c.summary.resubmissions == 0


# ---------------------------------------------------------------- 18. joint activity

def build_joint_activity(raw: Path) -> None:
    _pub(raw / "公安分局普法台账.xlsx", "公安分局", [["2025-06-01", "反诈宣传进社区", "反诈宣传", 500, 300],
                                               ["2025-06-02", "反诈宣传进社区", "反诈宣传", 50, 30]])
    _pub(raw / "区检察院普法台账.xlsx", "区检察院", [["2025/6/1", "反诈宣传 进社区", "反诈宣传", 500, 300]])


def test_18_joint_activity_counted_once(raw, out):
    build_joint_activity(raw)
    c = clean(raw, out)
    # one row kept, co-organisers merged; which report is kept follows a rule of the data (the one naming
    # its partners, then the most complete, then the order of departments.csv), never the file names
    assert c.rows("publicity_events", ["event_date", "title", "people_reached", "co_organizers", "department"]) == [
        (D(2025, 6, 2), "反诈宣传进社区", 50, None, "公安分局"),
        (D(2025, 6, 1), "反诈宣传 进社区", 500, "公安分局;区人民检察院", "区人民检察院"),  # as it was written
    ]
    issues = c.issue_list("公安分局普法台账.xlsx")
    assert [(sev, cell) for sev, _, _, cell, _ in issues] == [("info", "A3")]
    assert c.codes("公安分局普法台账.xlsx") == ["row-joint-activity"] and "区人民检察院" in issues[0][4]
    assert c.sheet("公安分局普法台账.xlsx", "台账")["rows_duplicates"] == 1


def test_18_joint_activity_owner_does_not_depend_on_file_names(raw, out, tmp_path):
    build_joint_activity(raw)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    (raw / "公安分局普法台账.xlsx").rename(renamed / "z_公安分局普法台账.xlsx")
    (raw / "区检察院普法台账.xlsx").rename(renamed / "a_区检察院普法台账.xlsx")
    c = clean(renamed, out)
    kept = c.rows("publicity_events", ["event_date", "department"])
    assert (D(2025, 6, 1), "区人民检察院") in kept and len(kept) == 2


def test_18_the_report_naming_its_partners_is_the_owner(raw, out):
    _pub(raw / "a_区检察院.xlsx", "区检察院", [["2025/6/1", "反诈宣传进社区", "反诈宣传", 500, 300]])
    rows = [["区教育局2025年普法活动台账"], [*PUB_HEADER, "联合单位"],
            ["2025-06-01", "反诈宣传进社区", "反诈宣传", 500, 300, "区检察院"]]
    write_xlsx(raw / "b_区教育局.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["department", "co_organizers"]) == [("区教育局", "区人民检察院;区教育局")]


# ---------------------------------------------------------------- 19. files that cannot be read

BAD_FILES = ["说明.xlsx", "区卫健局台账损坏.xlsx", "区住建局加密.xlsx", "区人社局空表.xlsx", "零字节.xls"]


def build_bad_files(raw: Path) -> None:
    _pub(raw / "区司法局普法台账.xlsx", "区司法局", [["2025-03-01", "正常活动", "专题活动", 100, 10]])
    (raw / "说明.xlsx").write_text("这不是工作簿，只是改了扩展名的文本", encoding="utf-8")
    good = write_xlsx(raw / "tmp.xlsx", [PUB_HEADER, ["2025-05-12", "损坏", "专题活动", 80, 40]])
    data = good.read_bytes()
    (raw / "区卫健局台账损坏.xlsx").write_bytes(data[: len(data) // 2])
    good.unlink()
    encrypted_xlsx(raw / "区住建局加密.xlsx", [PUB_HEADER, ["2025-05-12", "加密", "专题活动", 80, 40]])
    write_xlsx(raw / "区人社局空表.xlsx", {"Sheet1": []})
    (raw / "零字节.xls").write_bytes(b"")


def test_19_unreadable_files_are_errors_and_the_batch_goes_on(raw, out):
    build_bad_files(raw)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["source_file", "title"]) == [("区司法局普法台账.xlsx", "正常活动")]
    errors = c.issue_list(severity="error")
    assert sorted({file for _, file, *_ in errors}) == sorted(BAD_FILES)
    for name in BAD_FILES:
        assert len([e for e in errors if e[1] == name]) == 1, name
    reasons = {"区住建局加密.xlsx": "密码", "区卫健局台账损坏.xlsx": "损坏", "说明.xlsx": "不是Excel",
               "零字节.xls": "为空", "区人社局空表.xlsx": "为空"}
    for name, word in reasons.items():
        assert word in c.issue_list(name, "error")[0][4], name
    for name in ("说明.xlsx", "区卫健局台账损坏.xlsx", "区住建局加密.xlsx", "零字节.xls"):
        assert c.file(name)["status"] == "error" and c.file(name)["error"]
    assert c.file("区司法局普法台账.xlsx")["status"] == "ok"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "clean", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_19_cli_exit_status(raw, out, tmp_path):
    build_bad_files(raw)
    done = _cli("--raw", str(raw), "--out", str(out), "--year", "2025", "--quiet", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "清洗完成" in done.stdout
    assert (out / "publicity_events.parquet").is_file()
    missing = _cli("--raw", str(tmp_path / "nope"), "--out", str(out), cwd=tmp_path)
    assert missing.returncode == 2
    lines = missing.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope" in lines[0] and "不存在" in lines[0]
    assert "Traceback" not in missing.stderr


# ---------------------------------------------------------------- all patterns at once

BUILDERS = [
    build_title_rows, build_two_level_header, build_header_noise, build_column_order, build_totals,
    build_blanks_and_footers, build_several_sheets, build_department_sources, build_text_numbers,
    build_percentages, build_dates, build_yes_no, build_department_spellings, build_defects,
    build_identity_numbers, build_file_formats, build_resubmission, build_joint_activity, build_bad_files,
]


def test_rows_read_add_up(raw, out):
    for n, build in enumerate(BUILDERS, start=1):
        build(raw / f"p{n:02d}")
    c = clean(raw, out)
    total = 0
    for f in c.manifest["files"]:
        for s in f["sheets"]:
            total += s["rows_read"]
            assert s["rows_read"] == s["rows_kept"] + s["rows_quarantined"] + s["rows_duplicates"], (f["path"], s)
    kept = sum(c.manifest["datasets"].values())
    assert total == kept + len(c.quarantine) + c.manifest["summary"]["duplicates"]
    assert kept > 60
