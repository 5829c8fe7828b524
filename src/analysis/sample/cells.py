"""How a value is written into a cell: the many date and yes/no spellings departments use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Fmt:
    """A cell value with an Excel number format (dates, percentages)."""

    value: Any
    number_format: str


def excel_serial(d: date) -> int:
    return (d - EXCEL_EPOCH).days


DATE_STYLES = {
    "datetime": lambda d: Fmt(datetime(d.year, d.month, d.day), "yyyy-mm-dd"),
    "datetime_cn": lambda d: Fmt(datetime(d.year, d.month, d.day), 'yyyy"年"m"月"d"日"'),
    "serial": excel_serial,  # an Excel serial number left in a General cell
    "dot": lambda d: f"{d.year}.{d.month}.{d.day}",
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "iso": lambda d: d.isoformat(),
    "cn": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "md": lambda d: f"{d.month}月{d.day}日",  # year from the sheet title or the report year
    "month": lambda d: f"{d.year}年{d.month}月",  # month only
    "month_iso": lambda d: f"{d.year}-{d.month:02d}",
    "month_dt": lambda d: Fmt(datetime(d.year, d.month, 1), 'yyyy"年"m"月"'),
    "m": lambda d: f"{d.month}月",
}


def date_cell(d: date, style: str, index: int = 0) -> Any:
    """Render a date; style "a,b,c" cycles through several styles by row index."""
    styles = style.split(",")
    return DATE_STYLES[styles[index % len(styles)]](d)


def yesno_cell(flag: bool, style: str) -> Any:
    """Render a yes/no flag, e.g. style "是/否", "√/×", "已衔接/未衔接", "1/0"."""
    yes, no = style.split("/")
    text = yes if flag else no
    return int(text) if text in ("0", "1") else text


def chinese_percent(percent: int) -> str:
    """百分之九十八 for 98 (whole percents 0..100)."""
    digits = "零一二三四五六七八九"
    if percent == 100:
        return "百分之百"
    tens, ones = divmod(percent, 10)
    text = (
        (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")
    )
    return "百分之" + (text or "零")
