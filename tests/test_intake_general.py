"""The general intake: each class of weakness of issue 10 on a small workbook written here.

Headers in other words, rows under the header that are not data, numbers with units, duplicates
inside a sheet, text kept as written, vocabulary values, lookup sheets, subtotals over a
quarantined row, every raw file accounted for, overrides.csv and the column map.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from analysis.intake.words.matching import SynonymIndex, normal_key
from analysis.intake.words.vocabulary import map_vocabulary

from .workbooks import clean, column_map, write_ods, write_xlsx

D = dt.date


def tiers(out: Path, sheet: str | None = None) -> dict[str, tuple[str, str]]:
    cmap = column_map(out)
    if sheet is not None:
        cmap = cmap[cmap["source_sheet"] == sheet]
    return {h: (f, t) for h, f, t in cmap[["header", "field", "tier"]].itertuples(index=False)}


# ---------------------------------------------------------------- 1. headers matched by meaning

def test_1_matching_tiers_on_their_own():
    index = SynonymIndex([("活动日期", "date"), ("发放材料", "materials"), ("覆盖人数", "people"), ("主题", "theme")])
    assert index.match("活动日期")[0].tier == "exact"
    assert normal_key("举办时间") == normal_key("开展日期")  # interchangeable words
    assert [(c.target, c.tier) for c in index.match("材料发放份数")][0] == ("materials", "normalised")  # order, 份数
    assert index.match("累计覆盖人数")[0].target == "people"  # qualifier and trailing 数 stripped
    assert index.match("主题名称")[0].target == "theme"  # a generic head leaves its word
    assert index.match("活动的日期")[0].tier in ("containment", "similarity")
    assert index.match("天气情况") == ()


def test_1_a_known_word_heading_a_long_header_names_it(raw, out):
    index = SynonymIndex([("备案数", "filings"), ("月份", "month")])
    assert index.match("涉企检查备案数")[0].target == "filings"  # 备案 heads it: a kind of 备案
    assert index.match("备案检查工作记录") == ()  # in front of a long header it only qualifies
    write_xlsx(raw / "区应急管理局涉企执法备案.xlsx", [["区应急管理局涉企行政执法备案情况统计表（2025年）"],
                                                ["顺序号", "备案月份", "涉企检查备案数", "备案方式"],
                                                [1, "1月", 4, "现场"], [2, "2月", 0, "线下"], [3, "3月", 12, "现场"]])
    write_xlsx(raw / "区司法局咨询.xlsx", [["法律咨询接待登记表（2025年）"], ["咨询日期", "咨询形式", "咨询事项"],
                                        ["2025-01-03", "电话", "劳动争议"], ["2025-01-04", "来访", "婚姻家庭"]])
    c = clean(raw, out)
    assert c.rows("enforcement_filings", ["filings"]) == [(4,), (0,), (12,)]
    assert c.rows("legal_consultations", ["channel"]) == [("电话",), ("来访",)]  # 形式 is 方式


def test_1_headers_in_other_words_are_read(raw, out):
    rows = [["区司法局2025年普法活动台账"],
            ["序号", "举办时间", "开展的活动", "活动类别", "累计覆盖人数（人次）", "其中：学生人数", "材料发放份数", "活动场所"],
            [1, "2025-03-15", "民法典进社区", "精准普法", 120, 30, 300, "中华路社区"],
            [2, "2025-04-15", "宪法进企业", "专题活动", 80, 0, 100, "工业园"]]
    write_xlsx(raw / "台账.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["event_date", "title", "category", "people_reached", "materials", "location"]) == [
        (D(2025, 3, 15), "民法典进社区", "精准普法", 120, 300, "中华路社区"),
        (D(2025, 4, 15), "宪法进企业", "专题活动", 80, 100, "工业园"),
    ]
    got = tiers(out)
    assert got["举办时间"] == ("event_date", "normalised")
    assert got["累计覆盖人数（人次）"] == ("people_reached", "normalised")
    assert got["材料发放份数"] == ("materials", "normalised")
    assert got["开展的活动"][0] == "title" and got["开展的活动"][1] in ("values", "containment", "similarity")
    # a 其中 breakdown never becomes the main count: left unread, visibly
    assert got["其中：学生人数"] == ("", "none")
    assert c.issue_list("台账.xlsx") == [("warning", "台账.xlsx", "Sheet1", "F2", "未识别的列“其中：学生人数”有2个非空单元格未读取，请核对")]
    sheet = c.sheet("台账.xlsx", "Sheet1")  # 8 columns × 2 rows; the 序号 and 其中 cells are not adopted
    assert (sheet["cells_read"], sheet["cells_adopted"]) == (16, 12)


def test_1_rates_bind_only_to_rates_and_a_part_may_be_a_breakdown(raw, out):
    rows = [["区司法局2025年执法人员与法制审核人员统计"],
            ["单位名称", "执法人员总数", "其中：法制审核人员", "占比"],
            ["区司法局", 40, 3, "7.5%"], ["区教育局", 20, 1, "5%"]]
    write_xlsx(raw / "人员.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("enforcement_staff", ["department", "enforcement_staff", "legal_review_staff"]) == [
        ("区司法局", 40, 3), ("区教育局", 20, 1)]
    got = tiers(out)
    assert got["占比"][0] == "legal_review_share_reported"  # a rate word binds the rate field only
    assert got["其中：法制审核人员"][0] == "legal_review_staff"  # a part (rules.yaml not_greater) may be a breakdown


def test_1_a_weak_match_never_binds_a_required_field_against_its_values(raw, out):
    """A header that looks like a date field over a column of texts is not read as the date."""
    rows = [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "日期说明", "覆盖人数"],
            ["2025-05-01", "活动甲", "上午", 10], ["2025-05-02", "活动乙", "下午", 12]]
    write_xlsx(raw / "台账.xlsx", rows)
    clean(raw, out)
    got = tiers(out)
    assert got["活动日期"] == ("event_date", "exact") and got["日期说明"][0] != "event_date"


# ---------------------------------------------------------------- 2. rows under the header that are not data

def test_2_code_unit_note_and_fragment_rows_are_not_data(raw, out):
    rows = [["区司法局2025年普法活动台账"],
            ["活动日期", "活动名称", "活动类型", "覆盖人数", "发放材料"],
            ["甲", "乙", "丙", 1, 2],
            ["", "", "", "（人次）", "（份）"],
            ["2025-06-01", "普法讲座", "专题活动", 50, 20],
            ["注：本表覆盖人数以签到表为准，发放材料含电子材料，统计口径与上年一致，请各单位核对后报送。"],
            ["2025-06-09", "法治进社区", "精准普法", 70, 40]]
    write_xlsx(raw / "台账.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title", "people_reached", "materials", "source_row"]) == [
        ("普法讲座", 50, 20, 5), ("法治进社区", 70, 40, 7)]
    assert len(c.quarantine) == 0
    assert {"row-codes", "row-units", "row-note"} <= set(c.codes("台账.xlsx", "info"))
    assert [i[3] for code in ("row-codes", "row-units", "row-note") for i in c.coded(code, "台账.xlsx")] == ["A3", "A4", "A6"]
    sheet = c.sheet("台账.xlsx", "Sheet1")
    assert (sheet["rows_read"], sheet["rows_kept"], sheet["other_rows"] + sheet["footer_rows"]) == (2, 2, 3)


def test_2_a_unit_line_inside_the_table_gives_the_units(raw, out):
    rows = [["2025年清欠工作情况"], ["填报单位", "清偿各类欠款"], ["单位：万元"], ["区发改局", 12.5]]
    write_xlsx(raw / "区发改局清欠.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("indicator_values", ["indicator", "value", "unit", "period_year"]) == [("清偿各类欠款", 125000.0, "元", 2025)]


# ---------------------------------------------------------------- 3. numbers with a unit

def test_3_numbers_with_a_unit_parse_and_what_derives_from_them_follows(raw, out):
    rows = [["2025年行政执法案卷评查结果"], ["案卷编号", "执法单位", "评查得分", "等次"],
            ["A-1", "区司法局", "88分", ""], ["A-2", "区教育局", "92.5分", ""], ["A-3", "区住建局", "59分", "合格"]]
    write_xlsx(raw / "区司法局评查.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("case_file_reviews", ["case_no", "score", "grade"]) == [
        ("A-1", 88.0, "合格"), ("A-2", 92.5, "优秀"), ("A-3", 59.0, "合格")]
    assert c.codes("区司法局评查.xlsx", "warning") == ["grade-mismatch"]  # grade and score disagree
    assert c.coded("grade-mismatch")[0][3] == "D5"


def test_3_a_header_unit_converts_and_a_conflicting_cell_unit_warns(raw, out):
    rows = [["2025年法律援助案件登记表"], ["案件编号", "受理日期", "案件类型", "是否农民工讨薪", "追回金额（万元）"],
            ["FY-1", "2025-02-01", "民事", "是", 1.5], ["FY-2", "2025-03-01", "民事", "是", "2000元"],
            ["FY-3", "2025-04-01", "民事", "是", "3件"]]
    write_xlsx(raw / "区司法局法律援助.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("legal_aid_cases", ["case_no", "amount_recovered"]) == [
        ("FY-1", 15000.0), ("FY-2", 2000.0), ("FY-3", 3.0)]  # the cell's own number, flagged
    [mismatch] = c.coded("unit-mismatch", "区司法局法律援助.xlsx")  # 件 is not a sum of money: said, not silent
    assert "3件" in mismatch[4] and "万元" in mismatch[4]


def test_3_values_out_of_the_fields_range_are_quarantined_with_their_cells(raw, out):
    rows = [["2025年行政执法案卷评查结果"], ["案卷编号", "得分"], ["B-1", "120分"], ["B-2", 95]]
    write_xlsx(raw / "评查.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("case_file_reviews", ["case_no", "score"]) == [("B-2", 95.0)]
    (q,) = c.quarantine.itertuples()
    assert "超出范围" in q.reason and json.loads(q.raw) == {"案卷编号": "B-1", "得分": "120分"}


# ---------------------------------------------------------------- 4. duplicates inside a sheet

def test_4_rows_sharing_merged_date_and_title_but_not_place_are_kept(raw, out):
    rows = [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "活动地点", "覆盖人数"],
            ["2025-07-01", "法治夜市", "中华路", 30], [None, None, "人民路", 40], [None, None, "站前路", 50],
            ["2025-07-02", "法治讲座", "新华路", 20], ["2025-07-02", "法治讲座", "新华路", 20]]
    write_xlsx(raw / "台账.xlsx", rows, merges={"Sheet1": ["A3:A5", "B3:B5"]})
    c = clean(raw, out)
    assert c.rows("publicity_events", ["event_date", "title", "location", "people_reached"]) == [
        (D(2025, 7, 1), "法治夜市", "中华路", 30), (D(2025, 7, 1), "法治夜市", "人民路", 40),
        (D(2025, 7, 1), "法治夜市", "站前路", 50), (D(2025, 7, 2), "法治讲座", "新华路", 20)]
    assert c.sheet("台账.xlsx", "Sheet1")["rows_duplicates"] == 1  # the row repeated in every value


# ---------------------------------------------------------------- 5. the department's own text is kept

def test_5_kept_text_is_stripped_not_rewritten_and_quarantine_keeps_cells_as_written(raw, out):
    rows = [["区司法局2025年普法活动台账"], ["活动日期", "活动名称（全称）", "活动类型", "覆盖人数"],
            ["2025-08-01", "  民法典（进社区）ＡＢ  ", "精准普法", 10],
            ["2025年2月30日", "宪法宣传（广场）", "专题活动", "１５人"]]
    write_xlsx(raw / "台账.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title"]) == [("民法典（进社区）ＡＢ",)]
    (q,) = c.quarantine.itertuples()
    assert json.loads(q.raw) == {"活动日期": "2025年2月30日", "活动名称（全称）": "宪法宣传（广场）",
                                 "活动类型": "专题活动", "覆盖人数": "１５人"}


def test_5_a_sheet_quarantined_whole_keeps_its_cells(raw, out):
    rows = [["2025年法治副校长名册"], ["序号", "学校名称", "任职单位"], [1, "第一中学", "区人民检察院"]]
    write_xlsx(raw / "区教育局名册.xlsx", rows)  # no name or identity number: person_key missing
    c = clean(raw, out)
    (q,) = c.quarantine.itertuples()
    assert q.dataset == "vice_principals" and "必填" in q.reason
    assert json.loads(q.raw) == {"序号": "1", "学校名称": "第一中学", "任职单位": "区人民检察院"}


# ---------------------------------------------------------------- 6. vocabulary values

def test_6_vocabulary_values_are_matched_by_meaning_not_by_shared_characters():
    assert map_vocabulary("service_type", "心理健康测评")[0] == "心理测评"  # characters inserted
    assert map_vocabulary("化解主体", "清华司法所")[0] == "清华司法所"  # one changed: another name
    assert map_vocabulary("化解主体", "清华司法所")[1] is not None  # unknown: reported, kept as written
    assert map_vocabulary("纠纷类型", "邻里")[0] == "邻里纠纷"  # the vocabulary's own suffix left off
    assert map_vocabulary("援助案件类型", "民事代理")[0] == "民事"  # … or another of its suffixes added
    assert map_vocabulary("化解主体", "综治中心")[0] == "区社会治安综合治理中心"  # bodies know departments
    # an open list (对象) keeps the department's words; metrics match them by meaning
    assert map_vocabulary("audience", "退役军人及家属") == ("退役军人及家属", None)
    assert map_vocabulary("category", "反电信诈骗宣传")[0] == "反诈宣传"
    assert map_vocabulary("category", "宣讲")[0] == "政策宣讲"
    assert map_vocabulary("category", "宪法晨读")[0] == "其他"  # a closed list: 其他, with a warning
    # values are not headers: no ending is cut off as a unit (场 of 现场), quotes do not count
    assert map_vocabulary("渠道", "活动现场")[0] == "现场"
    assert map_vocabulary("grade", "达标")[0] == "合格"  # interchangeable words still hold
    assert map_vocabulary("platform", "“抖音”")[0] == "抖音"


# ---------------------------------------------------------------- 7. smaller

def test_7_a_lookup_sheet_is_not_data_and_sends_no_errors(raw, out):
    sheets = {"台账": [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "活动类型", "覆盖人数"],
                     ["2025-09-01", "普法讲座", "专题活动", 30]],
              "下拉选项": [["活动类型", "街道", "对象"], ["精准普法", "中华路街道", "社区居民"], ["专题活动", "人民街道", "老年人"]]}
    write_xlsx(raw / "台账.xlsx", sheets)
    c = clean(raw, out)
    assert len(c.rows("publicity_events", ["title"])) == 1 and len(c.quarantine) == 0
    assert c.issue_list("台账.xlsx", "error") == [] and c.issue_list("台账.xlsx", "warning") == []


def test_7_a_subtotal_over_a_quarantined_row_is_not_a_mismatch(raw, out):
    rows = [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "覆盖人数"],
            ["2025-10-01", "活动一", 10], ["2025年2月30日", "活动二", 20], ["小计", "", 30]]
    write_xlsx(raw / "台账.xlsx", rows)
    c = clean(raw, out)
    assert c.issue_list("台账.xlsx", "warning") == []
    assert "total-rows-set-aside" in c.codes("台账.xlsx", "info")


def test_7_footers_with_names_are_not_data_and_names_are_not_echoed(raw, out):
    rows = [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "覆盖人数"], ["2025-11-01", "活动一", 10],
            ["制表：钱多多　　审核：孙某某"]]
    write_xlsx(raw / "台账.xlsx", rows)
    c = clean(raw, out)
    assert c.sheet("台账.xlsx", "Sheet1")["footer_rows"] == 1
    assert "钱多多" not in c.all_text()


def test_7_files_read_fresh_is_counted_in_the_manifest(raw, out):
    write_xlsx(raw / "台账.xlsx", [["活动日期", "活动名称", "覆盖人数"], ["2025-11-01", "活动一", 10]])
    assert clean(raw, out).manifest["summary"]["files_read_fresh"] == 1
    assert clean(raw, out).summary.files_read_fresh == 0  # unchanged: nothing read again


def test_7_rows_of_another_year_are_quarantined_where_the_year_binds(raw, out):
    write_xlsx(raw / "台账.xlsx", [["区司法局普法活动台账"], ["活动日期", "活动名称", "覆盖人数"],
                                  ["2024-12-20", "去年活动", 10], ["2025-01-03", "今年活动", 20]])
    write_xlsx(raw / "评查.xlsx", [["行政执法案卷评查"], ["案卷编号", "办结日期", "得分"], ["C-1", "2021-05-01", 90]])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title"]) == [("今年活动",)]
    assert c.rows("case_file_reviews", ["case_no", "closed_date"]) == [("C-1", D(2021, 5, 1))]  # reviews span years
    (q,) = c.quarantine.itertuples()
    assert q.source_row == 3 and "不在2025年" in q.reason


def test_7_a_roster_without_the_employer_column_counts_the_submitting_unit(raw, out):
    write_xlsx(raw / "区检察院法治副校长名册.xlsx", [["法治副校长名册"], ["学校", "法治副校长", "职务"],
                                              ["实验小学", "李某", "检察官"], ["第二中学", "王某", "副检察长"]])
    c = clean(raw, out)
    assert c.rows("vice_principals", ["school", "employer"]) == [("实验小学", "区人民检察院"), ("第二中学", "区人民检察院")]
    assert "department-filled" in c.codes("区检察院法治副校长名册.xlsx", "info")


def test_1_a_bare_yes_no_column_binds_only_what_no_other_column_answers(raw, out):
    rows = [["区法律援助中心2025年法律援助案件台账"],
            ["案件编号", "受理日期", "是否农民工讨薪", "是否异地协作", "案件状态"],
            ["FY-1", "2025-02-01", "是", "否", "结案"], ["FY-2", "2025-03-01", "否", "是", "未结案"],
            ["FY-3", "2025-04-01", "否", "否", "结案"]]
    write_xlsx(raw / "援助.xlsx", rows)
    c = clean(raw, out)
    assert tiers(out)["案件状态"][0] == "closed"
    assert tiers(out)["是否异地协作"][0] != "closed"
    write_xlsx(raw / "调解.xlsx", [["人民调解案件登记表"], ["受理日期", "纠纷类型", "是否涉访"],
                                 ["2025-02-01", "邻里纠纷", "否"], ["2025-03-01", "婚姻家庭", "是"]])
    clean(raw, out)
    assert tiers(out, "Sheet1").get("是否涉访", ("",))[0] != "resolved"  # bare 是/否 answer their own question
    assert c.rows("legal_aid_cases", ["case_no", "closed"]) == [("FY-1", True), ("FY-2", False), ("FY-3", True)]


def test_7_a_descriptive_column_missing_keeps_the_rows_and_its_free_text_column_is_found(raw, out):
    write_xlsx(raw / "区司法局矫正教育.xlsx", [["社区矫正对象法治教育开展情况登记表（2025年）"],
                                          ["活动日期", "司法所", "教育人数（人次）", "达标人数"],
                                          ["2025-03-02", "滨海司法所", 12, 11], ["2025-04-09", "胜利司法所", 18, 16]])
    write_xlsx(raw / "区司法局矫正教育二.xlsx", [["社区矫正集中教育台账"],
                                            ["活动日期", "授课题目", "司法所", "参训人数"],
                                            ["2025-05-02", "宪法知识讲座", "滨海司法所", 20],
                                            ["2025-06-09", "禁毒知识教育", "滨海司法所", 25]])
    c = clean(raw, out)
    assert c.rows("correction_education", ["attendees", "topic"]) == [(12, None), (18, None), (20, "宪法知识讲座"),
                                                                       (25, "禁毒知识教育")]


def test_7_a_plain_value_column_beside_last_years_column_is_this_years(raw, out):
    write_xlsx(raw / "区司法局工作数据.xlsx", [["西市区2025年法治建设工作数据统计表"], ["填报单位：区司法局"],
                                          ["序号", "指标", "计量单位", "数值", "上年同期", "同比"],
                                          [1, "法律顾问", "名", 5, 3, "66.7%"], [2, "发布清单", "张", 4, 3, "33.3%"]])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["indicator", "period_year", "value"])) == [
        ("发布清单", 2024, 3.0), ("发布清单", 2025, 4.0), ("法律顾问", 2024, 3.0), ("法律顾问", 2025, 5.0)]


def test_7_year_columns_with_a_word_after_them_and_titles_in_other_words(raw, out):
    from analysis.intake.recognise.recognition import title_hits
    from analysis.resources import load_datasets

    write_xlsx(raw / "区营商局数据.xlsx", [["2023—2025年相关工作数据统计表（近三年）"], ["填报单位：区营商局"],
                                       ["主要指标", "2023年数据", "2024年数据", "2025年数据"],
                                       ["推动兑现承诺（个）", 12, 16, 15]])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["period_year", "value"])) == [(2023, 12.0), (2024, 16.0), (2025, 15.0)]
    filings = load_datasets()["enforcement_filings"]
    assert title_hits(filings, "西市区教育局2025年入企检查报备情况月报汇总") > 0  # 报备 is 备案
    assert title_hits(filings, "法律咨询接待登记表") == 0


# ---------------------------------------------------------------- every file accounted for

def test_every_file_under_the_raw_folder_is_accounted_for(raw, out):
    write_ods(raw / "区妇联台账.ods", [["区妇联2025年普法活动台账"], ["活动日期", "活动名称", "覆盖人数"],
                                     ["2025-03-08", "妇女维权宣传", 60]])
    (raw / "说明.docx").write_bytes(b"PK\x03\x04not really a docx")
    (raw / "扫描件.pdf").write_bytes(b"%PDF-1.4 scan")
    (raw / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
    (raw / "~$区妇联台账.xlsx").write_bytes(b"lock")
    (raw / "资料.rar").write_bytes(b"Rar!")
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title", "people_reached"]) == [("妇女维权宣传", 60)]
    listed = {f["path"]: (f["status"], f["kind"]) for f in c.manifest["files"]}
    assert listed["区妇联台账.ods"] == ("ok", "workbook")
    assert listed["~$区妇联台账.xlsx"] == ("not_a_workbook", "lock")
    assert listed["扫描件.pdf"][1] == "pdf" and listed["照片.jpg"][1] == "image" and listed["资料.rar"][1] == "archive"
    assert set(listed) == {p.name for p in raw.iterdir()}
    for name in ("说明.docx", "扫描件.pdf", "照片.jpg", "~$区妇联台账.xlsx", "资料.rar"):
        assert c.issue_list(name), name  # each says what it is and what to do


# ---------------------------------------------------------------- the column map and overrides.csv

def test_the_column_map_lists_every_header_with_its_tier_and_runner_up(raw, out):
    write_xlsx(raw / "台账.xlsx", [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "天气", "覆盖人数"],
                                  ["2025-05-01", "活动一", "晴", 10]])
    clean(raw, out)
    cmap = column_map(out)
    assert list(cmap.columns) == ["source_file", "source_sheet", "column", "header", "dataset", "field", "tier", "score",
                                  "runner_up", "note"]
    assert cmap[["column", "header", "field", "tier"]].values.tolist() == [
        ["A", "活动日期", "event_date", "exact"], ["B", "活动名称", "title", "exact"], ["C", "天气", "", "none"],
        ["D", "覆盖人数", "people_reached", "exact"]]
    assert (out / "column_map.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_overrides_correct_the_column_map_and_say_what_they_matched(raw, out):
    write_xlsx(raw / "区司法局台账.xlsx", [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "受众情况", "人数", "天气"],
                                        ["2025-05-01", "活动一", "社区居民", 10, "晴"]])
    write_xlsx(raw / "区教育局统计.xlsx", {"汇总": [["日期", "名目", "人数"], ["2025-06-01", "活动二", 5]]})
    (raw / "overrides.csv").write_text(
        "文件,工作表,列,字段,数据集\n"
        "区司法局*.xlsx,,受众情况,audience,\n"
        "区司法局*.xlsx,,D,ignore,\n"
        "区教育局统计.xlsx,汇总,,,publicity_events\n"
        "区教育局统计.xlsx,汇总,名目,title,\n"
        "不存在的文件.xlsx,,列,title,\n", encoding="utf-8-sig")
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title", "audience", "people_reached", "department"]) == [
        ("活动一", "社区居民", 0, "区司法局"), ("活动二", None, 5, "区教育局")]
    got = tiers(out, "Sheet1")
    assert got["受众情况"] == ("audience", "override") and got["人数"] == ("", "override")
    used = {o["line"]: o["used_in"] for o in c.manifest["overrides"]}
    assert used[2] == ["区司法局台账.xlsx!Sheet1"] and used[4] == ["区教育局统计.xlsx!汇总"] and used[6] == []
    assert c.codes("overrides.csv", "warning") == ["override-unmatched"]
    assert [i[3] for i in c.coded("override-unmatched")] == ["A6"]
    assert "overrides.csv" not in {f["path"] for f in c.manifest["files"]}  # the analyst's file, not a submission


def test_a_changed_override_reads_only_the_files_it_touches_again(raw, out):
    write_xlsx(raw / "甲台账.xlsx", [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "受众情况"],
                                   ["2025-05-01", "活动一", "社区居民"]])
    write_xlsx(raw / "乙台账.xlsx", [["区教育局2025年普法活动台账"], ["活动日期", "活动名称"], ["2025-05-02", "活动二"]])
    clean(raw, out)
    (raw / "overrides.csv").write_text("file,sheet,column,field\n甲台账.xlsx,,受众情况,audience\n", encoding="utf-8")
    c = clean(raw, out)
    assert c.summary.files_read_fresh == 1
    events = pd.read_parquet(out / "publicity_events.parquet").set_index("title")
    assert events.loc["活动一", "audience"] == "社区居民"


def test_a_lone_name_on_a_row_is_never_echoed_into_the_issues(raw, out):
    rows = [["区司法局2025年普法活动台账"], ["活动日期", "活动名称", "活动类型", "覆盖人数"],
            ["王建国"], ["2025-06-01", "普法讲座", "专题活动", 50], ["一、社区活动"], ["2025-06-09", "法治进社区", "精准普法", 70]]
    write_xlsx(raw / "台账.xlsx", rows)
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title"]) == [("普法讲座",), ("法治进社区",)]
    written = "".join(p.read_text(encoding="utf-8-sig", errors="ignore") for p in out.rglob("*.csv"))
    written += "".join(pd.read_parquet(p).to_csv() for p in out.glob("*.parquet"))
    assert "王建国" not in written
    assert any("一、社区活动" in i[4] for i in c.coded("row-group-title", "台账.xlsx"))
