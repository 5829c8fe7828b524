"""Every record and every value (issue 20): the shapes and words that lost data inside rows.

Each class on a small workbook written here, with the exact rows and values the cleaner must give:
repeated column groups, a count column per category, a second table under the first, status words
in yes/no fields, dates with two-digit years or times in words, example rows, organisations in
other roles, a submitting unit missing from the list, 其中 rows, a generic date header, marks for
nothing, and the cell accounting of the manifest.
"""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.intake.words import values as V

from .workbooks import clean, write_xlsx

D = dt.date


def test_cells_read_and_adopted_and_a_column_not_read_is_a_warning(raw, out):
    write_xlsx(raw / "区司法局普法台账.xlsx", [
        ["区司法局2025年普法活动台账"],
        ["序号", "活动日期", "活动名称", "覆盖人数", "宣传形式"],
        [1, "2025-03-01", "宪法进社区", 50, "讲座"],
        [2, "2025-03-02", "民法典进企业", 60, ""],
        [3, "2025-03-03", "反诈进校园", 70, "展板"],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["event_date", "title", "people_reached"]) == [
        (D(2025, 3, 1), "宪法进社区", 50), (D(2025, 3, 2), "民法典进企业", 60), (D(2025, 3, 3), "反诈进校园", 70)]
    sheet = c.sheet("区司法局普法台账.xlsx", "Sheet1")
    assert (sheet["cells_read"], sheet["cells_adopted"]) == (14, 9)  # 序号 ×3 and 宣传形式 ×2 not adopted
    assert ("warning", "区司法局普法台账.xlsx", "Sheet1", "E2", "未识别的列“宣传形式”有2个非空单元格未读取，请核对") \
        in c.issue_list()


# ---------------------------------------------------------------- 9. example rows

def test_9_example_rows_are_not_data(raw, out):
    write_xlsx(raw / "区司法局普法台账.xlsx", [
        ["区司法局2025年普法活动台账"],
        ["序号", "活动日期", "活动名称", "覆盖人数"],
        ["填写示例：", "2025-01-01", "××进社区", 100],
        ["例", "2025-01-02", "××进企业", 10],
        [1, "2025-03-01", "宪法进社区", 50],
        [2, "2025-03-02", "（样例）民法典进企业", 60],
        [3, "2025-03-03", "案例宣讲", 70],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["source_row", "title", "people_reached"]) == [
        (5, "宪法进社区", 50), (7, "案例宣讲", 70)]
    sheet = c.sheet("区司法局普法台账.xlsx", "Sheet1")
    assert (sheet["rows_read"], sheet["other_rows"]) == (2, 3)
    assert ("info", "区司法局普法台账.xlsx", "Sheet1", "A3", "填写示例行：第3行、第4行、第6行，不计入数据") in c.issue_list()


# ---------------------------------------------------------------- 3. two tables in one sheet

def test_3_a_second_table_in_another_column_order_is_read_by_its_own_header(raw, out):
    write_xlsx(raw / "区司法局普法台账.xlsx", [
        ["区司法局2025年普法活动台账"],
        ["一季度"],
        ["活动日期", "活动名称", "覆盖人数", "发放材料"],
        ["2025-03-01", "宪法进社区", 50, 200],
        [],
        ["二季度"],
        ["活动名称", "发放材料", "活动日期", "覆盖人数"],
        ["民法典进企业", 300, "2025-05-02", 60],
        ["反诈进校园", 0, "2025-06-03", 70],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["source_row", "event_date", "title", "people_reached", "materials"]) == [
        (4, D(2025, 3, 1), "宪法进社区", 50, 200), (8, D(2025, 5, 2), "民法典进企业", 60, 300),
        (9, D(2025, 6, 3), "反诈进校园", 70, 0)]
    assert not c.issue_list(severity="error")


# ---------------------------------------------------------------- 5. status words in yes/no fields

def test_5_pending_status_words_are_no(raw, out):
    assert [V.parse_bool_in(t, "是否衔接衔接").value for t in ("待衔接", "衔接中", "正在衔接", "已衔接", "未衔接")] == [
        False, False, False, True, False]
    write_xlsx(raw / "区司法局安置帮教台账.xlsx", [
        ["区司法局2025年安置帮教对象台账"],
        ["姓名", "身份证号", "刑满释放日期", "是否衔接", "是否安置"],
        ["赵甲", "", "2025-01-05", "待衔接", "安置中"],
        ["钱乙", "", "2025-02-05", "已衔接", "已安置"],
        ["孙丙", "", "2025-03-05", "正在衔接", "是"],
    ])
    c = clean(raw, out)
    assert c.rows("resettlement", ["release_date", "handed_over", "placed"]) == [
        (D(2025, 1, 5), False, False), (D(2025, 2, 5), True, True), (D(2025, 3, 5), False, True)]
    assert "赵甲" not in c.all_text()


# ---------------------------------------------------------------- 7. dates

def test_7_dates_with_two_digit_years_weekdays_and_times_in_words(raw, out):
    write_xlsx(raw / "区司法局普法台账.xlsx", [
        ["区司法局2025年普法活动台账"],
        ["活动日期", "活动名称", "覆盖人数"],
        ["25.3.7", "宪法进社区", 50],
        ["2025年3月8日上午", "民法典进企业", 60],
        ["3月9日（周日）", "反诈进校园", 70],
        ["2025.3.10 下午2点半", "普法讲座", 80],
        ["2025-03-11 星期二 9:00-11:00", "法律咨询", 90],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["event_date", "title"]) == [
        (D(2025, 3, 7), "宪法进社区"), (D(2025, 3, 8), "民法典进企业"), (D(2025, 3, 9), "反诈进校园"),
        (D(2025, 3, 10), "普法讲座"), (D(2025, 3, 11), "法律咨询")]
    assert not c.issue_list(severity="error") and not c.issue_list(severity="warning")
    assert V.parse_date("25.13.7", 2025).error  # a two-digit year does not make an impossible day possible


# ---------------------------------------------------------------- 10, 11. organisations in other roles; an unknown unit

def test_10_organisations_in_other_roles_never_replace_the_submitting_unit(raw, out):
    write_xlsx(raw / "区教育局普法台账.xlsx", [
        ["2025年普法活动台账"],
        ["活动日期", "活动名称", "覆盖人数", "授课单位"],
        ["2025-03-01", "宪法进校园", 50, "区人民法院"],
        ["2025-03-02", "民法典进校园", 60, "某某律师事务所"],
    ])
    write_xlsx(raw / "区司法局" / "法律援助.xlsx", [
        ["2025年法律援助案件登记"],
        ["案号", "受理日期", "案件类型", "承办律所", "承办人"],
        ["法援2025-1", "2025-03-01", "民事", "某某律师事务所", "张律"],
        ["法援2025-2", "2025-03-02", "刑事", "区法律援助中心", "李律"],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["department", "title"]) == [("区教育局", "宪法进校园"), ("区教育局", "民法典进校园")]
    # a handler's name is no person of the case: no row is held back for a missing identity
    assert c.rows("legal_aid_cases", ["department", "case_no", "case_type"]) == [
        ("区司法局", "法援2025-1", "民事"), ("区司法局", "法援2025-2", "刑事")]
    assert ("warning", "区教育局普法台账.xlsx", "Sheet1", "D2",
            "未识别的列“授课单位”有2个非空单元格未读取（单位名称列的表头不是报送单位，不作为报送单位），请核对") in c.issue_list()
    assert "张律" not in c.all_text()


def test_11_a_submitting_unit_missing_from_the_list_is_kept_and_flagged(raw, out):
    write_xlsx(raw / "普法台账.xlsx", [
        ["2025年普法活动台账"], ["填报单位：区档案馆"],
        ["活动日期", "活动名称", "覆盖人数"],
        ["2025-03-01", "档案普法开放日", 50],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["department", "title"]) == [("区档案馆", "档案普法开放日")]
    assert c.issue_list(severity="warning") == [("warning", "普法台账.xlsx", "Sheet1", "",
        "填报单位“区档案馆”不在单位名录中，已按原文保留：如是新设或更名的单位，请补入单位名录（departments.csv）")]


@pytest.mark.parametrize("line", ["填报单位（盖章）：区融媒体中心", "报送单位(公章)：区融媒体中心　　填报日期：2025年12月8日"])
def test_11_an_unknown_unit_after_a_stamped_label_is_kept(raw, out, line):
    write_xlsx(raw / "报送材料" / "普法登记.xlsx", [
        ["2025年普法宣传活动登记表"], [line],
        ["活动日期", "活动名称", "参与人数"],
        ["2025-03-01", "媒体普法开放日", 40], ["2025-04-02", "融媒普法直播", 300],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["department", "title", "people_reached"]) == [
        ("区融媒体中心", "媒体普法开放日", 40), ("区融媒体中心", "融媒普法直播", 300)]
    assert [m for *_, m in c.issue_list(severity="warning")] == [
        "填报单位“区融媒体中心”不在单位名录中，已按原文保留：如是新设或更名的单位，请补入单位名录（departments.csv）"]


def test_a_count_field_is_no_weak_match_for_a_column_without_numbers(raw, out):
    """佐证材料 holding only 无 is no count of 材料; the column of numbers in 份 is."""
    write_xlsx(raw / "区人民检察院" / "普法台账.xlsx", [
        ["2025年普法活动台账"],
        ["时间", "活动名称", "活动类别", "佐证材料", "发放普法读本及资料（份）"],
        ["2025年1月30日", "以案释法现场咨询", "精准普法", "无", 184],
        ["2025年2月25日", "送法进校园专题讲座", "送法进校园", "", 60],
        ["2025年3月1日", "反诈进商户", "反诈宣传", "无", 31],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["title", "materials"]) == [
        ("以案释法现场咨询", 184), ("送法进校园专题讲座", 60), ("反诈进商户", 31)]


# ---------------------------------------------------------------- 2. a count column per category

def test_2_a_count_column_per_channel_is_melted_and_telephone_is_a_channel(raw, out):
    write_xlsx(raw / "区司法局" / "法律咨询.xlsx", [
        ["2025年法律咨询接待登记"],
        ["日期", "来访", "电话", "网络", "合计"],
        ["2025-01-02", 3, 5, "—", 8],
        ["2025-01-03", 2, "无", 1, 3],
        ["2025-01-04", 1, "", 4, 5],
    ])
    c = clean(raw, out)
    assert c.rows("legal_consultations", ["consult_date", "channel", "people"]) == [
        (D(2025, 1, 2), "来访", 3), (D(2025, 1, 2), "电话", 5), (D(2025, 1, 2), "网络", 0),
        (D(2025, 1, 3), "来访", 2), (D(2025, 1, 3), "电话", 0), (D(2025, 1, 3), "网络", 1),
        (D(2025, 1, 4), "来访", 1), (D(2025, 1, 4), "网络", 4)]
    issues = c.issue_list()
    assert ("info", "区司法局/法律咨询.xlsx", "Sheet1", "E2", "“合计”为计算列（合计、同比等）或分项，不读取") in issues
    assert ("info", "区司法局/法律咨询.xlsx", "Sheet1", "D3", "网络：填写“—”，按0计") in issues
    assert not c.issue_list(severity="warning")


def test_2_a_telephone_column_of_phone_numbers_stays_personal(raw, out):
    write_xlsx(raw / "区司法局" / "法律咨询.xlsx", [
        ["2025年法律咨询接待登记"],
        ["咨询日期", "咨询人", "电话", "咨询事项"],
        ["2025-01-02", "周某", "13912345678", "劳动争议"],
        ["2025-01-03", "吴某", "13812345679", "婚姻家庭"],
    ])
    c = clean(raw, out)
    assert c.rows("legal_consultations", ["consult_date", "topic"]) == [
        (D(2025, 1, 2), "劳动争议"), (D(2025, 1, 3), "婚姻家庭")]
    assert "13912345678" not in c.all_text()


# ---------------------------------------------------------------- 12, 14. 其中 rows; marks for nothing

def test_14_marks_for_nothing_in_a_form_are_no_row_and_12_parts_are_not_summed(raw, out):
    write_xlsx(raw / "区司法局" / "工作数据统计表.xlsx", [
        ["2025年工作数据统计表"], ["填报单位：区司法局"],
        ["指标名称", "单位", "2023年", "2024年", "2025年"],
        ["命案", "起", "—", "/", 2],
        ["法律援助案件", "件", 100, "不适用", 120],
        ["其中：农民工讨薪案件", "件", 10, 11, 12],
        ["清理规范性文件", "件", 5, 6, "无"],
    ])
    c = clean(raw, out)
    assert c.rows("indicator_values", ["indicator", "period_year", "value"]) == [
        ("命案", 2025, 2.0), ("法律援助案件", 2023, 100.0), ("法律援助案件", 2025, 120.0),
        ("其中：农民工讨薪案件", 2023, 10.0), ("其中：农民工讨薪案件", 2024, 11.0), ("其中：农民工讨薪案件", 2025, 12.0),
        ("清理规范性文件", 2023, 5.0), ("清理规范性文件", 2024, 6.0)]
    sheet = c.sheet("区司法局/工作数据统计表.xlsx", "Sheet1")
    assert sheet["rows_read"] == sheet["rows_kept"] == 8
    assert ("info", "区司法局/工作数据统计表.xlsx", "Sheet1", "C4",
            "4个数值单元格只填了“—”“/”“无”“不适用”等（C4等），表示该期间未报送数值，不计为数据行") in c.issue_list()
    assert not c.issue_list(severity="error")


# ---------------------------------------------------------------- 1. repeated column groups

def test_1_repeated_column_groups_give_one_record_each(raw, out):
    write_xlsx(raw / "区教育局" / "法治副校长.xlsx", {"名册": [
        ["2025年法治副校长配备情况表"],
        ["学校名称", "法治副校长1", "", "", "法治副校长2", "", ""],
        ["", "姓名", "身份证号", "工作单位", "姓名", "身份证号", "工作单位"],
        ["第一小学", "赵一", "", "区人民检察院", "钱二", "", "公安分局"],
        ["第二小学", "孙三", "", "区人民法院", "", "", ""],
    ]}, merges={"名册": ["B2:D2", "E2:G2", "A2:A3"]})
    write_xlsx(raw / "区司法局" / "法治副校长.xlsx", {"名册": [
        ["2025年法治副校长配备情况表"],
        ["学校名称", "法治副校长（一）", "工作单位（一）", "法治副校长（二）", "工作单位（二）"],
        ["第三小学", "周五", "区司法局", "吴六", "区人民检察院"],
    ]})
    c = clean(raw, out)
    assert sorted(c.rows("vice_principals", ["source_file", "source_row", "school", "employer"])) == [
        ("区司法局/法治副校长.xlsx", 3, "第三小学", "区人民检察院"), ("区司法局/法治副校长.xlsx", 3, "第三小学", "区司法局"),
        ("区教育局/法治副校长.xlsx", 4, "第一小学", "公安分局"), ("区教育局/法治副校长.xlsx", 4, "第一小学", "区人民检察院"),
        ("区教育局/法治副校长.xlsx", 5, "第二小学", "区人民法院")]
    assert c.dataset("vice_principals")["person_key"].nunique() == 5
    sheet = c.sheet("区教育局/法治副校长.xlsx", "名册")
    assert sheet["rows_read"] == sheet["rows_kept"] == 3
    assert not c.issue_list(severity="warning")
    assert "钱二" not in c.all_text()


def test_2_a_total_column_is_told_by_its_values(raw, out):
    write_xlsx(raw / "区司法局" / "法律咨询.xlsx", [
        ["2025年法律咨询接待登记"],
        ["日期", "来访", "来电", "总人次"],
        ["2025-01-02", 3, 5, 8],
        ["2025-01-03", 2, 0, 2],
    ])
    c = clean(raw, out)
    assert c.rows("legal_consultations", ["consult_date", "channel", "people"]) == [
        (D(2025, 1, 2), "来访", 3), (D(2025, 1, 2), "电话", 5), (D(2025, 1, 3), "来访", 2), (D(2025, 1, 3), "电话", 0)]


# ---------------------------------------------------------------- 13. a generic date header

def test_13_generic_date_headers_are_settled_by_order_and_values(raw, out):
    write_xlsx(raw / "西城街道" / "矛盾纠纷.xlsx", [
        ["2025年矛盾纠纷排查化解台账"],
        ["序号", "时间", "纠纷类型", "化解情况", "时间"],
        [1, "2025-03-01", "邻里纠纷", "已化解", "2025-03-05"],
        [2, "2025-03-02", "婚姻家庭", "未化解", ""],
    ])
    c = clean(raw, out)
    assert c.rows("disputes", ["received_date", "dispute_type", "resolved", "resolved_date"]) == [
        (D(2025, 3, 1), "邻里纠纷", True, D(2025, 3, 5)), (D(2025, 3, 2), "婚姻家庭", False, None)]
    assert not c.issue_list(severity="error")


def test_13_generic_dates_decide_the_dataset_whose_only_missing_fields_they_are(raw, out):
    """日期 and 时间 also head a 普法 ledger's one date; a ledger whose other columns and title are a
    dispute register's, missing only its dates, is that register (not a 普法 ledger misread)."""
    write_xlsx(raw / "区司法局" / "登记.xlsx", [
        ["2025年矛盾纠纷排查化解登记"], ["填报单位：区司法局"],
        ["日期", "纠纷类别", "所在街道", "是否调解成功", "时间"],
        ["2025-04-02", "邻里纠纷", "得胜街道", "是", "2025.4.9"],
        ["2025年5月6日", "物业纠纷", "清华街道", "否", None],
        ["2025-06-01", "婚姻家庭", "得胜街道", "是", "2025-06-03"],
    ])
    c = clean(raw, out)
    assert c.rows("disputes", ["received_date", "dispute_type", "street", "resolved", "resolved_date"]) == [
        (D(2025, 4, 2), "邻里纠纷", "得胜街道", True, D(2025, 4, 9)), (D(2025, 5, 6), "物业纠纷", "清华街道", False, None),
        (D(2025, 6, 1), "婚姻家庭", "得胜街道", True, D(2025, 6, 3))]
    assert c.rows("publicity_events", ["title"]) == []
    assert not c.issue_list(severity="error")


def test_13_dates_under_headers_no_synonym_knows_are_settled_by_order(raw, out):
    """诉求时间 and 处理完毕时间 name no field's synonym; their place and values say 受理 then 办结 (a
    register whose title names the dataset is not lost to a consultation ledger's 时间 | 类别 | 渠道)."""
    write_xlsx(raw / "12月报送" / "诉求受理台账.xlsx", [
        ["西市区法院“一院式”矛盾纠纷化解服务平台诉求登记表（2025年）"], ["填报单位：区人民法院"],
        ["序 号", "诉求时间", " 问题类别 ", "渠道", "结案情况", "处理完毕时间"],
        [1, D(2025, 1, 14), "法律咨询", "现场登记", "办结", "2025.1.28"],
        [2, D(2025, 1, 21), "婚姻家庭", "网上平台", "办理中", ""],
        [3, D(2025, 2, 4), "物业纠纷", "微信小程序", "办结", "2025.3.1"],
    ])
    c = clean(raw, out)
    assert c.rows("one_court_requests", ["received_date", "request_type", "channel", "closed", "closed_date"]) == [
        (D(2025, 1, 14), "法律咨询", "现场登记", True, D(2025, 1, 28)), (D(2025, 1, 21), "婚姻家庭", "网上平台", False, None),
        (D(2025, 2, 4), "物业纠纷", "微信小程序", True, D(2025, 3, 1))]
    assert c.rows("legal_consultations", ["topic"]) == []


def test_a_dataset_the_title_names_is_weighed_even_when_its_headers_rank_low(raw, out):
    """选派法治副校长花名册: 受聘学校名称 names the school only by its values; the title names the
    roster, so the roster is read (not a 工作数据统计表 missing its 数值)."""
    write_xlsx(raw / "区人民检察院" / "副校长配备情况.xlsx", [
        ["选派法治副校长花名册"], ["填报单位（盖章）：区人民检察院"],
        ["受聘学校名称", "开展活动次数", "性别", "副校长姓名", "备 注"],
        ["西市区实验中学", 3, "男", "马一", ""], ["得胜小学", 4, "女", "韩二", "联合开展"],
        ["渔市小学", 2, "男", "曹三", ""],
    ])
    c = clean(raw, out)
    assert c.rows("vice_principals", ["department", "school"]) == [
        ("区人民检察院", "西市区实验中学"), ("区人民检察院", "得胜小学"), ("区人民检察院", "渔市小学")]
    assert c.dataset("vice_principals")["person_key"].nunique() == 3


def test_a_sheet_naming_no_unit_is_the_unit_the_other_sheets_name(raw, out):
    write_xlsx(raw / "咨询登记.xlsx", {
        "登记": [["2025年法律咨询接待登记"], ["填报单位：区司法局"], ["咨询日期", "咨询方式", "咨询事项"],
                 ["2025-01-03", "电话", "劳动争议"]],
        "按渠道": [["日期", "来访", "电话"], ["2025-01-02", 3, 5]],
    })
    c = clean(raw, out)
    assert sorted(c.rows("legal_consultations", ["department", "source_sheet", "people"])) == [
        ("区司法局", "按渠道", 3), ("区司法局", "按渠道", 5), ("区司法局", "登记", 1)]
    assert not c.issue_list(severity="warning")


def test_1_a_group_of_names_without_a_name_header_is_the_person(raw, out):
    write_xlsx(raw / "区教育局" / "副校长.xlsx", [
        ["2025年法治副校长配备情况表"],
        ["学校（幼儿园）", "副校长A", "派出单位A", "副校长B", "派出单位B"],
        ["第一小学", "赵一", "区人民检察院", "钱二", "公安分局"],
        ["第二小学", "孙三", "区人民法院", "李四", "区司法局"],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("vice_principals", ["school", "employer"])) == [
        ("第一小学", "公安分局"), ("第一小学", "区人民检察院"), ("第二小学", "区人民法院"), ("第二小学", "区司法局")]
    assert c.dataset("vice_principals")["person_key"].nunique() == 4


# ---------------------------------------------------------------- 6. a multiplier in a unit column

def test_6_a_unit_column_multiplies_every_value(raw, out):
    write_xlsx(raw / "区营商局" / "工作数据统计表.xlsx", [
        ["2025年工作数据统计表"], ["填报单位：区营商环境建设局"],
        ["指标名称", "单位", "数值"],
        ["帮助企业融资", "万元", 3],        # an indicator the list lacks: still in 元
        ["新设企业", "户", 30],
    ])
    write_xlsx(raw / "区司法局" / "法律援助.xlsx", [
        ["2025年法律援助案件登记"],
        ["案号", "受理日期", "案件类型", "挽回经济损失", "单位"],
        ["A1", "2025-01-02", "民事", 1.5, "万元"],
        ["A2", "2025-01-03", "民事", 800, "元"],
        ["A3", "2025-01-04", "民事", 1200000, "元"],
    ])
    c = clean(raw, out)
    assert c.rows("indicator_values", ["indicator", "value", "unit"]) == [("帮助企业融资", 30000.0, "元"), ("新设企业", 30.0, "户")]
    assert c.rows("legal_aid_cases", ["case_no", "amount_recovered"]) == [("A1", 15000.0), ("A2", 800.0), ("A3", 1200000.0)]
    assert not c.issue_list(severity="warning")


def test_6_a_unit_column_of_wan_yuan_is_no_column_of_names(raw, out):
    """万元 is written like a name (万 is a surname): a column of units is read as units, not as people."""
    write_xlsx(raw / "区司法局" / "挽回损失.xlsx", [
        ["法律援助案件结案金额登记（2025年）"], ["填报单位：区司法局"],
        ["序号", "案件编号", "收案日期", "援助类别", "挽回经济损失", "单位（元/万元）"],
        [1, "援2025-1", "2025-03-13", "民事", 4.5, "万元"],
        [2, "援2025-2", "2025-03-14", "民事", 1.2, "万元"],
        [3, "援2025-3", "2025-03-15", "民事", 0.8, "万元"],
    ])
    c = clean(raw, out)
    assert c.rows("legal_aid_cases", ["case_no", "amount_recovered"]) == [
        ("援2025-1", 45000.0), ("援2025-2", 12000.0), ("援2025-3", 8000.0)]
    assert not c.issue_list(severity="warning")


# ---------------------------------------------------------------- 8. codes explained by a legend

def test_8_codes_are_read_through_the_legend_and_unexplained_codes_raise_no_contradiction(raw, out):
    write_xlsx(raw / "区司法局" / "案卷评查.xlsx", {
        "有图例": [["2025年行政执法案卷评查表"], ["案卷编号", "得分", "等次"],
                  ["罚2025-1", 95, "甲"], ["罚2025-2", 75, "乙"], ["罚2025-3", 50, "丙"],
                  ["注：甲=优秀，乙=合格，丙=不合格"]],
        "无图例": [["2025年行政执法案卷评查表"], ["案卷编号", "得分", "等次"], ["罚2025-4", 95, "B"]],
    })
    c = clean(raw, out)
    assert sorted(c.rows("case_file_reviews", ["case_no", "score", "grade"])) == [
        ("罚2025-1", 95.0, "优秀"), ("罚2025-2", 75.0, "合格"), ("罚2025-3", 50.0, "不合格"), ("罚2025-4", 95.0, "B")]
    assert {"grade-mismatch", "rate-mismatch"}.isdisjoint(c.codes())


# ---------------------------------------------------------------- 4. month cross-tabs

def test_4_monthly_totals_of_a_per_record_dataset_are_named_not_folded_elsewhere(raw, out):
    write_xlsx(raw / "区司法局" / "普法活动月报.xlsx", [
        ["区司法局2025年普法活动开展情况"],
        ["活动类型", "1月", "2月", "3月", "4月", "合计"],
        ["精准普法", 3, 2, 4, 1, 10],
        ["专题活动", 1, 0, 2, 2, 5],
    ])
    write_xlsx(raw / "区司法局" / "备案月报.xlsx", [
        ["2025年涉企行政执法备案情况"], ["单位", "1月", "2月", "3月"], ["区司法局", 3, 2, 4]])
    c = clean(raw, out)
    assert c.rows("enforcement_filings", ["source_file", "filings"]) == [
        ("区司法局/备案月报.xlsx", 3), ("区司法局/备案月报.xlsx", 2), ("区司法局/备案月报.xlsx", 4)]
    sheet = c.sheet("区司法局/普法活动月报.xlsx", "Sheet1")
    assert sheet["dataset"] is None and sheet["rows_read"] == 0
    assert ("warning", "区司法局/普法活动月报.xlsx", "Sheet1", "A2",
            "本表是按月汇总的数字（每月一列，共2行），不是逐条记录，无法计入“普法活动台账”：请报送逐条登记的台账") in c.issue_list()
