"""Issue 20, the remaining corpus losses: each general rule on a small workbook written here,
with the exact rows the cleaner must give."""

from __future__ import annotations

import datetime as dt

from .workbooks import clean, write_xlsx

D = dt.date


def test_a_date_header_over_months_binds_the_month_not_a_day(raw, out):
    """时间 (or 统计日期) over 2025.1 / 2025年2月 is the month of a monthly report: no consultation date."""
    write_xlsx(raw / "区教育局" / "执法备案月报.xlsx", [
        ["2025年涉企检查备案月报"], ["填报单位：区教育局"],
        ["联系人", "时间", "备案（件）", "报送方式"],
        ["张三", "2025.1", 3, "线上"],
        ["张三", "2025.2", 0, "线下"],
        ["李四", "2025.3", 5, "线上"],
    ])
    write_xlsx(raw / "区市场监督管理局" / "备案统计.xlsx", [
        ["区市场监督管理局涉企执法备案月度统计"],
        ["统计日期", "报备（次）", "方式"],
        ["2025年1月", 2, "书面"],
        ["2025年2月", 4, "现场"],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("enforcement_filings", ["department", "month", "filings"])) == sorted([
        ("区教育局", D(2025, 1, 1), 3), ("区教育局", D(2025, 2, 1), 0), ("区教育局", D(2025, 3, 1), 5),
        ("区市场监督管理局", D(2025, 1, 1), 2), ("区市场监督管理局", D(2025, 2, 1), 4)])
    assert c.rows("legal_consultations", ["source_file"]) == []


def test_a_question_header_is_alike_another_only_beyond_its_frame(raw, out):
    """是否督办 is no 是否办结 (alike only by 是否): the 办理结果 column of 已办结/未办结 says who closed."""
    write_xlsx(raw / "区信访局" / "一院式诉求.xlsx", [
        ["“一院式”诉求受理登记（2025年）"],
        ["序号", "受理日期", "诉求类别", "是否督办", "办理结果"],
        [1, "2025-02-03", "劳动争议", "是", "已办结"],
        [2, "2025-02-04", "邻里纠纷", "否", "未办结"],
        [3, "2025-02-05", "物业纠纷", "否", "已办结"],
    ])
    c = clean(raw, out)
    assert c.rows("one_court_requests", ["received_date", "closed"]) == [
        (D(2025, 2, 3), True), (D(2025, 2, 4), False), (D(2025, 2, 5), True)]


def test_a_lone_count_in_the_unit_of_a_whole_and_its_part_is_the_whole(raw, out):
    """到课人数（人） fits 参加人数 and 达标人数 by its unit: alone, it is the whole (达标 ≤ 参加)."""
    write_xlsx(raw / "区司法局" / "矫正学习.xlsx", [
        ["2025年社区矫正对象集中学习记录"],
        ["序号", "日期", "学习主题", "到课人数（人）"],
        [1, "2025-04-08", "民法典", 21],
        [2, "2025-05-13", "禁毒法", 18],
    ])
    c = clean(raw, out)
    assert c.rows("correction_education", ["session_date", "topic", "attendees", "passed"]) == [
        (D(2025, 4, 8), "民法典", 21, None), (D(2025, 5, 13), "禁毒法", 18, None)]


def test_a_title_names_its_dataset_in_an_interchangeable_word(raw, out):
    """入企检查报备 says 备案 (报备 and 备案 are one word group): the sheet is identified by its title."""
    (raw / "区卫生健康局").mkdir()
    (raw / "区卫生健康局" / "入企检查报备登记.csv").write_text(
        "入企检查报备登记（2025年）\n行号,时 间,报备次数,备注\n1,2025年1月份,4,\n2,2025年2月份,0,无\n3,2025年3月份,7,\n",
        encoding="utf-8")
    c = clean(raw, out)
    assert c.rows("enforcement_filings", ["department", "month", "filings"]) == [
        ("区卫生健康局", D(2025, 1, 1), 4), ("区卫生健康局", D(2025, 2, 1), 0), ("区卫生健康局", D(2025, 3, 1), 7)]


def test_a_period_word_with_a_value_ending_is_the_period(raw, out):
    """全年完成 is 全年 (this year), 上年数据 is 上年, 2025年完成情况 is 2025: periods of an indicator form, none lost."""
    write_xlsx(raw / "区司法局" / "工作指标.xlsx", [
        ["区司法局主要工作指标（2025年）"],
        ["统计指标", "单位", "全年完成", "上年数据", "同比（%）"],
        ["网格员", "名", 30, 28, "7.1%"],
        ["万件清理事项", "件", 12, 10, "20%"],
    ])
    write_xlsx(raw / "区信访局" / "工作指标.xlsx", [
        ["区信访局2025年工作数据"],
        ["序号", "工作指标", "单位", "2025年完成情况", "去年同期数"],
        [1, "网格员", "名", 7, 6],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["source_file", "indicator", "period_year", "value"])) == [
        ("区信访局/工作指标.xlsx", "网格员", 2024, 6.0), ("区信访局/工作指标.xlsx", "网格员", 2025, 7.0),
        ("区司法局/工作指标.xlsx", "万件清理事项", 2024, 10.0), ("区司法局/工作指标.xlsx", "万件清理事项", 2025, 12.0),
        ("区司法局/工作指标.xlsx", "网格员", 2024, 28.0), ("区司法局/工作指标.xlsx", "网格员", 2025, 30.0)]


def test_indicator_headers_are_read_with_a_headers_fillers_and_endings_cut(raw, out):
    """A form with one column per indicator: 网格员配备人数 is 网格员 (配备 and 人数 say nothing more)."""
    write_xlsx(raw / "区综治中心" / "工作数据.xlsx", [
        ["2025年工作情况统计"], ["填报单位：区社会治安综合治理中心"],
        ["网格员配备人数（名）", "万件清理事项数（件）"],
        [41, 6],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["indicator", "value", "department"])) == [
        ("万件清理事项", 6.0, "区社会治安综合治理中心"), ("网格员", 41.0, "区社会治安综合治理中心")]


def test_a_note_column_of_an_indicator_form_is_the_indicators_note(raw, out):
    """说明 beside an indicator's value explains that indicator (指标说明), as 备注 does there."""
    write_xlsx(raw / "区司法局" / "指标说明.xlsx", [
        ["区司法局2025年工作指标"],
        ["指标名称", "计量单位", "本年数", "说明"],
        ["网格员", "名", 30, "含兼职"],
        ["万件清理事项", "件", 12, None],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["indicator", "value", "note"])) == [
        ("万件清理事项", 12.0, None), ("网格员", 30.0, "含兼职")]


def test_a_planned_count_beside_the_actual_one_takes_nothing_by_its_unit(raw, out):
    """应到人数 (planned) beside 到课人数（人） (done): the unit binds the count of what was done."""
    write_xlsx(raw / "区司法局" / "矫正教育.xlsx", [
        ["2025年社区矫正对象集中学习记录"],
        ["日期", "学习主题", "到课人数（人）", "应到人数（人）"],
        ["2025-04-08", "民法典", 21, 23],
        ["2025-05-13", "禁毒法", 18, 18],
    ])
    c = clean(raw, out)
    assert c.rows("correction_education", ["session_date", "attendees"]) == [(D(2025, 4, 8), 21), (D(2025, 5, 13), 18)]


def test_a_code_row_of_text_codes_then_a_lone_1_is_no_data(raw, out):
    """甲 | 乙 | 1 under 内容 | 计量单位 | 本年数 codes the columns (text 甲 乙, numbers from 1): no row."""
    write_xlsx(raw / "区营商局" / "重点工作数据填报表.xlsx", [
        ["法治建设主要工作指标完成情况（2025年）"], ["填报单位：区营商局"],
        ["内 容", "计量\n单位", "本年数"],
        ["甲", "乙", 1],
        ["网格员", "名", 15],
        ["万件清理事项", "件", 7],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["indicator", "unit", "value", "department"])) == [
        ("万件清理事项", "件", 7.0, "区营商环境建设局"), ("网格员", "名", 15.0, "区营商环境建设局")]
    assert c.quarantine.empty


def test_a_label_with_a_group_ordinal_is_also_read_without_it(raw, out):
    """副校长一 | 本职单位一 | 副校长二 | 本职单位二: 副校长 is known without its ordinal, so the row is a header."""
    write_xlsx(raw / "区教育局" / "法治副校长名册.xlsx", {"两名副校长": [
        ["2025年法治副校长聘任情况统计表"],
        ["受聘学校名称", "副校长一", "本职单位一", "副校长二", "本职单位二"],
        ["第一小学", "赵一", "区司法局", "钱二", "区教育局"],
        ["第二小学", "孙三", "公安分局", "李四", "区人民法院"],
    ]})
    c = clean(raw, out)
    assert sorted(c.rows("vice_principals", ["source_row", "school", "employer"])) == [
        (3, "第一小学", "区司法局"), (3, "第一小学", "区教育局"),
        (4, "第二小学", "公安分局"), (4, "第二小学", "区人民法院")]
    assert c.dataset("vice_principals")["person_key"].nunique() == 4
    assert "赵一" not in c.all_text()


def test_a_bracketed_qualifier_before_the_unit_names_its_own_indicator(raw, out):
    """万件清理事项（办结）（件） beside 万件清理事项（件）: 办结 is the indicator's part, not lost with the unit."""
    write_xlsx(raw / "区委依法治区办" / "重点工作数据.xlsx", [
        ["区委依法治区办2025年度依法治区重点工作数据填报表"], ["填报单位：区委依法治区办"],
        ["万件清理事项（件）", "万件清理事项（办结）\n（件）", "网格员（名）"],
        [42, 41, 30],
    ])
    c = clean(raw, out)
    assert sorted(c.rows("indicator_values", ["indicator", "value"])) == [
        ("万件清理事项", 42.0), ("万件清理事项办结", 41.0), ("网格员", 30.0)]
