"""How clerks write one value in a cell: numbers, dates, yes/no, identity numbers, phones.

Every writer returns the cell (what the workbook holds) and keeps the canonical value for the
truth: the stated number for 约/余/多, the day for any date writing, and so on.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tests.corpus.grid import DateCell, compute_serial

CN_DIGITS = "零一二三四五六七八九"
CN_MONTHS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def write_chinese_number(n: int) -> str:
    """Write 0 < n < 100000 in Chinese numerals (320 → 三百二十, 15 → 十五, 105 → 一百零五)."""
    if n == 0:
        return "零"
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, zero = "", False
    for value, name in units:
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += CN_DIGITS[digit] + name
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out


def make_fullwidth(text: str) -> str:
    """Digits and separators as full-width characters (１５０)."""
    return text.translate(FULLWIDTH)


def compute_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a mainland identity number."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


@dataclass(frozen=True)
class Person:
    """An invented person: name, 18-digit identity number (valid check digit), mobile, birth day."""

    name: str
    id_number: str
    phone: str
    birth: dt.date

    @property
    def female(self) -> bool:
        return int(self.id_number[16]) % 2 == 0


def make_person(rng: random.Random, names: dict, used: set[str], year: int, reserved: str = "") -> Person:
    """Draw a person whose name, identity number and phone were not drawn before (and whose
    name is no part of any other text of the corpus, `reserved`)."""
    while True:
        roll = rng.random()
        if roll < 0.5:
            given = rng.choice(names["given"])
        elif roll < 0.9:
            given = rng.choice(names["given_chars"]) + rng.choice(names["given_chars"])
        else:
            given = rng.choice(names["given_chars"])
        name = rng.choice(names["surnames"]) + given
        if name not in used and name not in reserved:
            break
    used.add(name)
    birth = dt.date(year - rng.randint(18, 75), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    while True:
        first17 = rng.choice(names["regions"]) + birth.strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
        id_number = first17 + compute_check_digit(first17)
        phone = rng.choice(names["phone_prefixes"]) + f"{rng.randint(0, 99999999):08d}"
        if id_number not in used and phone not in used:
            break
    used.update((id_number, phone))
    return Person(name, id_number, phone, birth)


def write_id(person: Person, rng: random.Random) -> str:
    """An identity number as written: mostly clean, sometimes lower-case x or with spaces."""
    text = person.id_number
    roll = rng.random()
    if roll < 0.08:
        return f"{text[:6]} {text[6:14]} {text[14:]}"
    if roll < 0.14:
        return text.lower() + " "
    return text


def write_int(n: int, unit: str | None, style: str, templates: dict[str, str]) -> object:
    """Write a whole number in a style of values.yaml numbers.templates ("number": a number cell)."""
    if style == "number" or style not in templates or (style == "unit" and not unit):
        return n
    return templates[style].format(n=n, unit=unit, w=n / 10000, fw=make_fullwidth(str(n)),
                                   cn=write_chinese_number(n) if n else "零")


def list_int_styles(n: int, unit: str | None, approx: bool) -> list[str]:
    """The writings that state n exactly (approximate ones only for round numbers)."""
    styles = ["text", "fullwidth"]
    if n >= 1000:
        styles.append("thousands")
    if unit:
        styles.append("unit")
    if 0 < n < 10000:
        styles.append("chinese")
    if approx and n >= 20 and n % 10 == 0:
        styles += ["approx_prefix", "approx_suffix", "approx_more"]
    if approx and n >= 10000 and n % 1000 == 0:
        styles.append("wan")
    return styles


def round_for_approx(n: int) -> int:
    """A clerk's round figure near n (5000 for 5137, 320 for 327)."""
    if n >= 10000:
        return n - n % 1000
    if n >= 1000:
        return n - n % 100
    return n - n % 10


def write_date(day: dt.date, style: str, patterns: dict, rng: random.Random) -> object:
    """Write a day: a date cell, a serial number, or a text pattern."""
    if style == "cell":
        return DateCell(day, "yyyy-mm-dd")
    if style == "cell_cn":
        return DateCell(day, 'yyyy"年"m"月"d"日"')
    if style == "cell_dot":
        return DateCell(day, "yyyy.m.d")
    if style == "serial":
        return compute_serial(day)
    if style == "serial_text":
        return str(compute_serial(day))
    if style == "datetime":
        moment = dt.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59),
                             rng.randint(0, 59))
        return DateCell(moment, "yyyy-mm-dd hh:mm:ss")
    if style.startswith("export"):
        pattern = patterns["export"][int(style[6:])]
    elif style.startswith("spoken"):
        pattern = patterns["spoken"][int(style[6:])]
    else:
        pattern = patterns["text"][int(style[4:])]
    if style.startswith("spoken"):
        return pattern.format(y=day.year, m=day.month, d=day.day, yy=f"{day.year % 100:02d}",
                              wd="一二三四五六日"[day.weekday()], half=rng.choice(["上午", "下午"]),
                              h=rng.choice([2, 3, 9, 10]), mi=rng.choice([10, 30]))
    return pattern.format(y=day.year, m=day.month, d=day.day, mm=f"{day.month:02d}",
                          dd=f"{day.day:02d}", H=f"{rng.randint(8, 17):02d}",
                          M=f"{rng.randint(0, 59):02d}", S=f"{rng.randint(0, 59):02d}")


def list_date_styles(patterns: dict, fmt: str, export: bool) -> list[str]:
    """The date writings possible in a file format (no date cells in CSV)."""
    styles = [f"text{i}" for i in range(len(patterns["text"]))]
    if export:
        styles += [f"export{i}" for i in range(len(patterns["export"]))]
    if fmt == "csv":
        return styles + ["serial_text"]
    return styles + ["cell", "cell", "cell_cn", "cell_dot", "serial", "serial_text"]


def write_month(day: dt.date, style: str, patterns: list[str]) -> object:
    """Write a month (first day kept in the truth)."""
    if style == "cell":
        return DateCell(day, 'yyyy"年"m"月"')
    return patterns[int(style[4:])].format(y=day.year, m=day.month, mm=f"{day.month:02d}")


def write_impossible_date(day: dt.date, rng: random.Random) -> str:
    """A date that does not exist, as a clerk might type it (2025年2月30日, 2025.4.31)."""
    month, dd = rng.choice([(2, 30), (2, 29), (4, 31), (6, 31), (9, 31), (11, 31), (2, 31)])
    return rng.choice(["{y}年{m}月{d}日", "{y}.{m}.{d}", "{y}-{m:02d}-{d:02d}"]).format(
        y=day.year, m=month, d=dd)
