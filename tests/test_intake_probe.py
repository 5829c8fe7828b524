"""Rules found by the probe (issue 20): ledgers written from the contract alone (tests/probe).

Each rule on a small workbook written here, with the exact rows and values the cleaner must give.
"""

from __future__ import annotations

import datetime as dt

from analysis.intake.words import values as V
from analysis.intake.words.groups import split_ordinal

from .workbooks import clean, write_xlsx

D = dt.date


def test_a_form_with_one_column_per_indicator_and_one_row_reads_the_row_as_data(raw, out):
    # the one row of numbers under the header is no second header level
    write_xlsx(raw / "区委政法委/基层治理数据.xlsx", [
        ["基层社会治理工作情况"],
        ["填报单位", "配置网格员（名）", "未诉先办诉求（件）", "下发督办函（份）"],
        ["区委政法委", 84, 401, 5],
    ])
    c = clean(raw, out)
    got = c.rows("indicator_values", ["department", "value", "period_year", "source_row"])
    assert got == [("区委政法委员会", 84.0, 2025, 3), ("区委政法委员会", 401.0, 2025, 3),
                   ("区委政法委员会", 5.0, 2025, 3)]
    assert c.sheet("区委政法委/基层治理数据.xlsx", "Sheet1")["dataset"] == "indicator_values"


def test_generic_date_headers_under_a_title_that_names_the_dataset(raw, out):
    # 日期 | 类型 | 渠道 | 是否办结 | 时间 looks like a consultation log; the title says 一院式
    write_xlsx(raw / "社会治理综合服务中心/一院式登记.xlsx", [
        ["一院式服务平台登记（二）"],
        ["日期", "类型", "渠道", "是否办结", "时间"],
        ["2025.3.10", "婚姻家庭", "来访", "是", "2025.3.22"],
        ["2025年5月4日", "劳动争议", "网络", "否", None],
    ])
    c = clean(raw, out)
    assert c.rows("one_court_requests", ["received_date", "request_type", "channel", "closed", "closed_date"]) == [
        (D(2025, 3, 10), "婚姻家庭", "来访", True, D(2025, 3, 22)),
        (D(2025, 5, 4), "劳动争议", "网络", False, None)]
    assert c.dataset("legal_consultations").empty


def test_a_unit_column_headed_danwei_is_read_as_the_amount_unit_and_a_dash_amount_is_zero(raw, out):
    write_xlsx(raw / "司法局/法援案件.xlsx", [
        ["2025年法律援助案件登记表"],
        ["案件编号", "受理日期", "案件类别", "挽回经济损失", "单位", "回访情况"],
        ["援1", "2025-03-01", "民事", 3.2, "万元", "满意"],
        ["援2", "2025-03-02", "民事", 500, "元", "满意"],
        ["援3", "2025-03-03", "刑事", "—", "元", "满意"],
    ])
    c = clean(raw, out)
    assert c.rows("legal_aid_cases", ["case_no", "amount_recovered"]) == [
        ("援1", 32000.0), ("援2", 500.0), ("援3", 0.0)]
    notes = [m for *_, m in c.issue_list(severity="info")]
    assert any("计量单位" in m for m in notes)
    assert not any("联系" in m for m in notes)


def test_a_written_dash_in_a_score_column_is_no_zero():
    from analysis.intake.convert.convert import _counts_or_amounts
    from analysis.resources import fields_for

    assert _counts_or_amounts(fields_for("legal_aid_cases")["amount_recovered"])
    assert _counts_or_amounts(fields_for("publicity_events")["materials"])
    assert not _counts_or_amounts(fields_for("case_file_reviews")["score"])
    assert not _counts_or_amounts(fields_for("indicator_values")["value"])


def test_a_legend_with_one_character_words_maps_letter_codes(raw, out):
    write_xlsx(raw / "区住建局/稳评台账.xlsx", [
        ["社会稳定风险评估台账"],
        ["评估项目", "评估日期", "风险等次", "是否完成"],
        ["东关棚改一期", "2025.3.1", "A", "是"],
        ["南湖道路拓宽", "2025.4.1", "C", "否"],
        ["说明：风险等次 A=低，B=中，C=高"],
    ])
    c = clean(raw, out)
    assert c.rows("risk_assessments", ["project", "risk_level", "completed"]) == [
        ("东关棚改一期", "低", True), ("南湖道路拓宽", "高", False)]


def test_a_status_under_way_in_a_bound_yes_no_column_is_no():
    subject = "结案情况是否结案"
    assert V.parse_bool_in("审理中", subject, bound=True).value is False
    assert V.parse_bool_in("正在审理", subject, bound=True).value is False
    assert V.parse_bool_in("已结案", subject, bound=True).value is True
    assert V.parse_bool_in("待定", subject, bound=True).value is None  # undecided: unread, flagged
    assert V.parse_bool_in("审理中", subject).error  # plausibility (binding by values) is unchanged


def test_reconsideration_cases_in_progress_are_not_closed(raw, out):
    write_xlsx(raw / "司法局/复议.xlsx", [
        ["行政复议案件办理情况"],
        ["申请时间", "被申请人", "受理情况", "结案情况"],
        ["2025-03-01", "公安分局", "已受理", "审理中"],
        ["2025-03-02", "公安分局", "已受理", "已结案"],
    ])
    c = clean(raw, out)
    assert c.rows("reconsideration_cases", ["received_date", "accepted", "closed"]) == [
        (D(2025, 3, 1), True, False), (D(2025, 3, 2), True, True)]


def test_counts_per_channel_by_month_become_rows_per_month_and_channel(raw, out):
    write_xlsx(raw / "司法局/咨询月度统计.xlsx", [
        ["公共法律服务中心咨询接待统计（按月）"],
        ["月份", "来访咨询（人次）", "电话咨询（人次）", "网络咨询（人次）", "小计"],
        ["1月", 7, 13, 33, 53],
        ["2月", 16, 3, 4, 23],
    ])
    c = clean(raw, out)
    got = sorted(c.rows("legal_consultations", ["consult_date", "channel", "people"]))
    assert got == [(D(2025, 1, 1), "来访", 7), (D(2025, 1, 1), "电话", 13), (D(2025, 1, 1), "网络", 33),
                   (D(2025, 2, 1), "来访", 16), (D(2025, 2, 1), "电话", 3), (D(2025, 2, 1), "网络", 4)]


def test_an_ordinal_inside_a_one_level_header_marks_a_repeated_group(raw, out):
    assert split_ordinal("法治副校长（二）派出单位") == ("法治副校长 / 派出单位", 2)
    assert split_ordinal("律师1姓名") == ("律师 / 姓名", 1)
    assert split_ordinal("2025年1月") is None and split_ordinal("12345工单") is None
    write_xlsx(raw / "教育局/副校长.xlsx", [
        ["中小学法治副校长聘任情况"],
        ["学校", "法治副校长（一）姓名", "法治副校长（一）派出单位", "法治副校长（二）姓名", "法治副校长（二）派出单位"],
        ["育才中学", "张伟强", "区人民检察院", "李秀英", "公安分局"],
        ["阳光小学", "王建国", "区人民法院", "赵春梅", "区人民检察院"],
    ])
    c = clean(raw, out)
    got = c.rows("vice_principals", ["school", "employer", "source_row"])
    assert sorted(got) == sorted([("育才中学", "区人民检察院", 3), ("育才中学", "公安分局", 3),
                                  ("阳光小学", "区人民法院", 4), ("阳光小学", "区人民检察院", 4)])
    assert c.dataset("vice_principals")["person_key"].nunique() == 4
    assert "张伟强" not in c.all_text()


def test_a_result_column_of_done_words_binds_the_field_that_is_the_word(raw, out):
    # 已办结/未办结 under 办理结果 share 办结 with 是否应办结 and 是否办结: it answers the latter
    write_xlsx(raw / "12345热线/工单导出.xlsx", [
        ["工单编号", "来电时间", "诉求类型", "办理结果", "满意度评价"],
        ["SX1001", "2025/03/01 10:15", "供暖", "已办结", "满意"],
        ["SX1002", "2025/03/02 11:00", "物业", "未办结", "不满意"],
    ])
    c = clean(raw, out)
    assert c.rows("hotline_tickets", ["ticket_no", "due", "completed", "satisfaction"]) == [
        ("SX1001", True, True, "满意"), ("SX1002", True, False, "不满意")]


def test_a_weekday_before_the_date_is_dropped():
    assert V.parse_date("周二 3月11日", 2025).value == D(2025, 3, 11)
    assert V.parse_date("（周一）2025.3.10", 2025).value == D(2025, 3, 10)
    assert V.parse_date("周日", 2025).error  # a weekday alone is no date


def test_two_lawyers_side_by_side_are_no_further_records(raw, out):
    # the record is the aided person; 承办律师甲 / 乙 are not persons of the dataset
    write_xlsx(raw / "司法局/刑事法援.xlsx", [
        ["2025年刑事法律援助案件"],
        ["案号", "受理时间", "案件类型", "受援人", "受援人身份证号", "承办律师甲", "承办律师乙"],
        ["援515", "周二 3月11日", "刑事", "张伟强", "210102198001010018", "王律师", "李律师"],
        ["援549", "周四 11月6日", "刑事", "李秀英", None, "赵律师", "钱律师"],
    ])
    c = clean(raw, out)
    assert c.rows("legal_aid_cases", ["case_no", "accepted_date", "case_type"]) == [
        ("援515", D(2025, 3, 11), "刑事"), ("援549", D(2025, 11, 6), "刑事")]
    assert c.dataset("legal_aid_cases")["person_key"].notna().all()


def test_a_required_field_taken_by_the_runner_up_of_an_optional_one(raw, out):
    # 活动主题 reads as 主题 first; with no 活动名称 column it is the activity's name (required)
    write_xlsx(raw / "区司法局/普法活动开展情况.xlsx", [
        ["普法活动开展情况登记"],
        ["开展时间", "活动主题", "活动类别", "受益人数"],
        ["2025-03-01", "宪法宣传周进社区", "精准普法", 120],
        ["2025-04-02", "民法典进企业", "专题活动", 80],
    ])
    c = clean(raw, out)
    assert c.rows("publicity_events", ["event_date", "title", "category", "people_reached"]) == [
        (D(2025, 3, 1), "宪法宣传周进社区", "精准普法", 120), (D(2025, 4, 2), "民法典进企业", "专题活动", 80)]
    assert c.quarantine.empty


def test_an_action_then_a_known_result_in_a_yes_no_column():
    subject = "调处结果是否化解"
    assert V.parse_bool_in("调处未成功", subject, bound=True).value is False
    assert V.parse_bool_in("化解未成功", subject, bound=True).value is False
    assert V.parse_bool_in("调处成功", subject, bound=True).value is True


def test_a_progress_column_with_words_under_way_binds_the_yes_no_field(raw, out):
    write_xlsx(raw / "区委政法委/社会稳定风险评估.xlsx", [
        ["重大决策社会稳定风险评估情况统计表"],
        ["序号", "项目名称", "评估时间", "风险等级", "评估进度"],
        [1, "东关棚改一期", "2025.3.1", "低", "已完成"],
        [2, "南湖道路拓宽", "2025.4.1", "中", "进行中"],
        [3, "北苑学校扩建", "2025.5.1", "低", "评估中"],
    ])
    c = clean(raw, out)
    assert c.rows("risk_assessments", ["project", "risk_level", "completed"]) == [
        ("东关棚改一期", "低", True), ("南湖道路拓宽", "中", False), ("北苑学校扩建", "低", False)]
