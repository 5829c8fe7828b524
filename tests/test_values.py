"""Unit tests: cell text → number, percent, date, yes/no."""

import datetime as dt

import pytest

from analysis.intake.words import values as V


@pytest.mark.parametrize(
    ("text", "number", "approx"),
    [
        ("5000余", 5000, True), ("约300", 300, True), ("300多", 300, True), ("1,200", 1200, False),
        ("1.2万", 12000, False), ("１５０", 150, False), ("32次", 32, False), ("三百二十", 320, False),
        ("近200人", 200, True), (42.0, 42, False), ("1.5万余", 15000, True),
    ],
)
def test_parse_number_forms(text, number, approx):
    p = V.parse_int(text)
    assert p.error is None
    assert p.value == number
    assert bool(p.notes) is approx


@pytest.mark.parametrize("text", ["无", "/", "—", "-", "", "  ", "空"])
def test_none_tokens_are_empty(text):
    p = V.parse_int(text)
    assert p.empty and p.value is None and p.error is None


def test_bad_numbers_have_a_reason():
    assert V.parse_int("若干").error.startswith("无法识别的数字")
    assert "整数" in V.parse_int("2.5").error
    assert "负数" in V.parse_int("-3").error


@pytest.mark.parametrize(("text", "pct"), [("98%", 98.0), ("98.5", 98.5), ("0.985", 98.5), ("百分之九十八", 98.0), (0.99, 99.0)])
def test_parse_percent_forms(text, pct):
    assert V.parse_percent(text).value == pytest.approx(pct)


@pytest.mark.parametrize(
    "text",
    [45731, dt.datetime(2025, 3, 15, 10, 0), "2025.3.15", "2025/3/15", "2025-03-15", "2025年3月15日", "3月15日", " 2025 年 3 月 15 日 "],
)
def test_parse_date_forms(text):
    p = V.parse_date(text, year=2025)
    assert p.error is None
    assert p.value == dt.date(2025, 3, 15)


def test_month_only_date_is_first_of_month_with_note():
    p = V.parse_date("2025年3月", year=2024)
    assert p.value == dt.date(2025, 3, 1)
    assert p.notes[0][0] == "date-month-only"
    assert V.parse_date("3月", year=2025, month_only=True) == V.Parsed(dt.date(2025, 3, 1))


def test_impossible_and_yearless_dates():
    assert "不存在" in V.parse_date("2025年2月30日").error
    assert "缺少年份" in V.parse_date("3月15日", year=None).error
    assert V.parse_date("3月15日", year=2024).value == dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("text", "flag"),
    [("是", True), ("否", False), ("√", True), ("×", False), ("已衔接", True), ("未衔接", False),
     ("Y", True), ("n", False), (1, True), (0, False), ("1", True)],
)
def test_parse_bool_forms(text, flag):
    assert V.parse_bool(text).value is flag


def test_blank_bool_is_empty_and_garbage_is_error():
    assert V.parse_bool("").empty
    assert V.parse_bool("待定").error


def test_split_list_separators():
    assert V.split_list("证据不足、程序违法，文书错误,裁量不当；送达;归档/其他\n另一个") == [
        "证据不足", "程序违法", "文书错误", "裁量不当", "送达", "归档", "其他", "另一个"]


def test_approximate_note_states_the_number_used():
    p = V.parse_int("2千余")
    assert p.value == 2000
    assert p.notes == (("number-approximate", "数字“2千余”为约数（余），按2000计"),)


def test_dates_written_with_hao_and_times():
    assert V.parse_date("2025年3月5号").value == dt.date(2025, 3, 5)
    assert V.parse_date("3月5号", year=2025).value == dt.date(2025, 3, 5)
    assert V.parse_date("2025-03-05 10:00").value == dt.date(2025, 3, 5)
