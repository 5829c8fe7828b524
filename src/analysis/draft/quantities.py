"""Every quantity in a Chinese text, and the numbers that are not statistics.

``scan(text)`` returns the text's figures (``Quantity``: value as claimed, measure word, wording
rule from the bounding words) and the numbers it sets aside (``SetAside``: years, dates, 二十大,
十四五, section numbers, law titles, fixed phrases …, with the reason). The patterns of the numbers
set aside are data (``resources/set_aside_numbers.csv``); the grammar of figures (bounding words,
measure words, 万/亿 scales) is the contract's wording table and lives here.

Positions are those of the NFKC-normalised text (see ``normalize``), which keeps one character
per original character, so they map straight back to the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..intake.words.values import chinese_number
from ..resources import read_csv_rows

CN_DIGITS = "零〇一二三四五六七八九两"
CN_CHARS = CN_DIGITS + "十百千万亿"
#: Measure words after a number, longest first when matched.
MEASURES = (
    "件/次", "件次", "人次", "个百分点", "平方米", "公里", "户次", "场次", "课时",
    "人", "名", "位", "户", "件", "次", "场", "份", "条", "个", "项", "本", "张", "所", "家", "起",
    "篇", "期", "批", "册", "部", "套", "处", "台", "辆", "支", "卷", "宗", "笔", "间", "座",
    "类", "种", "轮", "节", "元", "亩", "倍", "例", "单",
)
#: Bounding words before a number → rule (None: the rule comes from the words after it).
BEFORE = {
    "均达到": "at_least", "均达": "at_least", "均超过": "over", "均超": "over", "均在": None, "均为": None,
    "达到": "at_least", "达": "at_least", "不少于": "at_least", "不低于": "at_least",
    "超过": "over", "超": "over", "逾": "over", "突破": "over",
    "将近": "near", "接近": "near", "近": "near", "大约": "approx", "约": "approx",
    "不超过": "at_most", "不高于": "at_most", "控制在": "at_most",
    "不足": "under", "不满": "under", "不到": "under",
    "同比增长": "yoy", "同比增加": "yoy", "同比上升": "yoy", "同比提高": "yoy",
    "较上年增长": "yoy", "比上年增长": "yoy", "同比下降": "yoy-", "同比减少": "yoy-",
    "较上年下降": "yoy-", "比上年下降": "yoy-", "较上年减少": "yoy-", "比上年减少": "yoy-",
}
#: Bounding words after a number (and its measure word) → rule.
AFTER = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "approx"}
RANGE_SEPARATORS = "至|到|~|～|-|—|－"

_ARABIC = r"(?<![\dA-Za-z.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"
_CHINESE = rf"[{CN_CHARS}]+"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
_PRE = "|".join(sorted(map(re.escape, BEFORE), key=len, reverse=True))
_MEASURE = "|".join(sorted(map(re.escape, MEASURES), key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?P<pre>{_PRE})?(?P<num>{_NUMBER})(?:(?P<sep>{RANGE_SEPARATORS})(?P<num2>{_NUMBER}))?"
    rf"(?P<yu1>余|多)?(?P<scale>万|亿)?(?P<yu2>余|多)?(?P<unit>%|{_MEASURE}(?!口))?"
    rf"(?P<post>以上|以下|以内|左右)?"
)
PERCENT_WORDS = re.compile(rf"(?P<pre>{_PRE})?百分之(?P<num>\d+(?:\.\d+)?|[{CN_CHARS}]+(?:点[{CN_DIGITS}]+)?)"
                           rf"(?P<post>以上|以下|以内|左右)?")
PERIOD = re.compile(
    r"(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?:份)?(?:至|到|—|-|~|～)(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?:份)?(?P<tail>底|末)?"
)
YOY_WORDS = re.compile(r"(?:较|比)(?:\d{4}年|上年|去年|上一年)(?:同期)?(?P<verb>增长|增加|上升|提高|多|下降|减少|降低|少)")
#: A change verb later in a clause that compares with last year (较2024年的70场增加12场，增幅17.1%).
YOY_LATER = re.compile(r"(?P<verb>增长|增加|上升|提高|下降|减少|降低|增幅|降幅|增长率)(?:为|达|是)?")
YOY_OPENING = re.compile(r"(?:较|比)(?:\d{4}年|上年|去年|上一年)|同比")
DECREASE_VERBS = ("下降", "减少", "降低", "少", "降幅")
ZERO_WORD = re.compile(r"(?<![\u4e00-\u9fff])零(?=发生|事故|投诉|差错|失误|伤亡|死亡|上访|案件)")
BOOK_TITLE = re.compile(r"《[^《》]*》|〈[^〈〉]*〉")
QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|「[^「」]*」|\"[^\"]*\"")
HAS_NUMERAL = re.compile(rf"[\d{CN_CHARS}]")
PURE_NUMBER = re.compile(rf"^(?:{_NUMBER})(?:%|{_MEASURE})?$")
SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
MASK = "\x00"


@dataclass(frozen=True)
class Quantity:
    """A figure as written: where it is, the value it claims, its measure word and wording rule."""

    text: str
    start: int
    end: int
    number_start: int
    claimed: str
    unit: str
    rule: str
    bound: str = ""
    distributive: bool = False
    upper: str = ""


@dataclass(frozen=True)
class SetAside:
    """A number that is not a statistic (year, 二十大, section number …), and why."""

    text: str
    start: int
    end: int
    reason: str


def normalize(text: str) -> str:
    """Return NFKC text with one character per original character (full-width → ASCII)."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out).replace("\u3000", " ")


@lru_cache(maxsize=1)
def set_aside_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """Return the compiled patterns of non-statistical numbers with their reasons."""
    out = []
    for row in read_csv_rows("set_aside_numbers.csv"):
        pattern = row["pattern"].replace("{CN}", f"[{CN_CHARS}]").replace("{CD}", CN_DIGITS)
        out.append((re.compile(pattern), row["reason"]))
    return tuple(out)


def decimal_text(d: Decimal) -> str:
    """Return a Decimal as plain text without exponent or trailing zeros: 52755700, 98.8."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def read_number(text: str) -> Decimal:
    """Return the value of an Arabic or Chinese numeral: 5,213 → 5213; 两千 → 2000; 千 → 1000."""
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", text):
        return Decimal(text.replace(",", ""))
    if text[0] in "十百千万亿":
        text = "一" + text if text[0] != "十" else text
    value = chinese_number(text)
    return Decimal(int(value)) if float(value).is_integer() else Decimal(str(value))


def _accept_chinese(num: str, pre: str, unit: str) -> bool:
    """A Chinese numeral is a figure only with a measure word, and not as 一 inside a word (统一部署)."""
    if not unit:
        return False
    if pre:
        return True
    if num[0] in "百千万亿零〇":
        return False
    return num not in ("一", "十")


def _rule_of(pre: str, post: str, yu: bool, unit: str, ranged: bool) -> tuple[str, bool]:
    """Return (rule, is a decrease) from the bounding words around a number."""
    before = BEFORE.get(pre) if pre else None
    if before in ("yoy", "yoy-"):
        return "yoy", before == "yoy-"
    if yu:
        return "yu", False
    if post:
        return AFTER[post], False
    if before:
        return before, False
    if ranged:
        return "range", False
    return ("pct" if unit == "%" else "exact"), False


def _quantity(m: re.Match, offset: int = 0) -> Quantity | None:
    """Build a Quantity from a match of QUANTITY, or None when the numeral is not a figure."""
    pre, num, unit = m.group("pre") or "", m.group("num"), m.group("unit") or ""
    post = m.group("post") or ""
    chinese = not num[0].isdigit()
    if chinese and not _accept_chinese(num, pre, unit):
        return None
    scale_word = m.group("scale") or ""
    try:
        value = read_number(num)
        upper = read_number(m.group("num2")) if m.group("num2") else None
    except (ValueError, ArithmeticError):
        return None
    scale = SCALE.get(scale_word, Decimal(1))
    yu = bool(m.group("yu1") or m.group("yu2"))
    rule, decrease = _rule_of(pre, post, yu, unit, upper is not None)
    claimed = value * scale
    if decrease:
        claimed = -claimed
    text = m.group(0)
    bound = "…".join(w for w in (pre, "余" if yu else "", post) if w)
    written = _as_written(num, claimed) if rule in ("pct", "yoy") else decimal_text(claimed)
    return Quantity(
        text=text, start=m.start() + offset, end=m.end() + offset, number_start=m.start("num") + offset,
        claimed=written, unit=unit, rule=rule, bound=bound, distributive=pre.startswith("均"),
        upper=decimal_text(upper * scale) if upper is not None else _shown_step(num, scale, rule),
    )


def _shown_step(num: str, scale: Decimal, rule: str) -> str:
    """“±1000” for 1.6万 written as an exact figure: a number in 万/亿 is shown to its last digit
    (16,040份 written 1.6万份 holds); "" otherwise."""
    if rule != "exact" or scale == 1 or not num[0].isdigit():
        return ""
    places = len(num.split(".")[1]) if "." in num else 0
    return "±" + decimal_text(scale * Decimal(1).scaleb(-places))


def _as_written(num: str, value: Decimal) -> str:
    """Keep a percentage's written precision (98.0 stays 98.0): it is part of the claim."""
    if num[0].isdigit() and "." in num:
        places = len(num.split(".")[1])
        return f"{value:.{places}f}"
    return decimal_text(value)


def _reason_inside(content: str) -> str:
    for pattern, reason in set_aside_patterns():
        if reason != "序号" and pattern.search(content):
            return reason
    return "固定提法（引号内名称）"


@dataclass
class _Scan:
    """A text being scanned: what is left to read (numbers read are masked), the figures and the
    numbers set aside so far."""

    work: str
    figures: list[Quantity] = field(default_factory=list)
    aside: list[SetAside] = field(default_factory=list)

    def mask(self, start: int, end: int) -> None:
        """Hide ``work[start:end]`` from the later steps (positions stay)."""
        self.work = self.work[:start] + MASK * (end - start) + self.work[end:]


def scan(text: str) -> tuple[list[Quantity], list[SetAside]]:
    """Return the figures and the set-aside numbers of a normalised text, in text order."""
    s = _Scan(text)
    for step in (_set_aside_personal, _set_aside_titles, _read_quoted, _read_periods, _read_yoy_words,
                 _read_yoy_later, _set_aside_patterns, _read_percent_words, _read_quantities, _read_zero_words):
        step(s)
    s.figures.sort(key=lambda q: q.start)
    s.aside.sort(key=lambda a: a.start)
    return s.figures, s.aside


def _set_aside_personal(s: _Scan) -> None:
    """Personal data first: never read as a figure, never echoed."""
    personal_pattern, personal_reason = set_aside_patterns()[0]
    for m in personal_pattern.finditer(s.work):
        s.aside.append(SetAside("[已隐去]", m.start(), m.end(), personal_reason))
        s.mask(m.start(), m.end())


def _set_aside_titles(s: _Scan) -> None:
    """A law's or document's title (《…》) holds no figure."""
    for m in BOOK_TITLE.finditer(s.work):
        if HAS_NUMERAL.search(m.group(0)):
            s.aside.append(SetAside(m.group(0), m.start(), m.end(), "法规或文件名称"))
        s.mask(m.start(), m.end())


def _read_quoted(s: _Scan) -> None:
    """A quoted figure (“82场”, “零”) is a figure; any other quoted numeral is a fixed phrase."""
    for m in QUOTED.finditer(s.work):
        content = m.group(0)[1:-1]
        if PURE_NUMBER.match(content):
            q = QUANTITY.fullmatch(content)
            built = _quantity(q, m.start() + 1) if q else None
            if built is None and content == "零":
                built = Quantity(content, m.start() + 1, m.end() - 1, m.start() + 1, "0", "", "exact")
            if built is not None:
                s.figures.append(built)
                s.mask(m.start(), m.end())
                continue
        if HAS_NUMERAL.search(content):
            s.aside.append(SetAside(m.group(0), m.start(), m.end(), _reason_inside(content)))
            s.mask(m.start(), m.end())


def _read_periods(s: _Scan) -> None:
    """A span of months (2025年1月至12月) is one figure of rule ``period``."""
    for m in PERIOD.finditer(s.work):
        y2 = m.group("y2") or m.group("y1")
        claimed = f"{m.group('y1')}-{int(m.group('m1')):02d}/{y2}-{int(m.group('m2')):02d}"
        s.figures.append(Quantity(m.group(0), m.start(), m.end(), m.start(), claimed, "月", "period"))
        s.mask(m.start(), m.end())


def _add_change(s: _Scan, m: re.Match, built: Quantity) -> None:
    """Add a change on last year read from its words ``m`` and the figure after them."""
    claimed = built.claimed.lstrip("-")
    if m.group("verb") in DECREASE_VERBS:
        claimed = "-" + claimed
    s.figures.append(Quantity(m.group(0) + built.text, m.start(), built.end, built.number_start, claimed, built.unit,
                              "yoy", m.group(0)))
    s.mask(m.start(), built.end)


def _read_yoy_words(s: _Scan) -> None:
    """较上年增加12场: the comparison and its verb right before the figure."""
    for m in YOY_WORDS.finditer(s.work):
        q = QUANTITY.match(s.work, m.end())
        built = _quantity(q) if q is not None and not q.group("pre") else None
        if built is not None:
            _add_change(s, m, built)


def _read_yoy_later(s: _Scan) -> None:
    """较2024年的70场增加12场: a change verb later in a clause that compares with last year."""
    for m in YOY_LATER.finditer(s.work):
        work = s.work
        sentence_start = max(work.rfind(c, 0, m.start()) for c in "。！？；;") + 1
        q = QUANTITY.match(work, m.end())
        if not YOY_OPENING.search(work, sentence_start, m.start()) or q is None or q.group("pre"):
            continue
        if any(work[: m.start("verb") + len(m.group("verb"))].endswith(w) for w in BEFORE):
            continue  # 同比增长12%: the bounding word reads it
        built = _quantity(q)
        if built is not None and MASK not in q.group(0):
            _add_change(s, m, built)


def _set_aside_patterns(s: _Scan) -> None:
    """Years, dates, 二十大, section numbers … (``set_aside_numbers.csv``)."""
    for pattern, reason in set_aside_patterns()[1:]:
        for m in pattern.finditer(s.work):
            if m.end() > m.start() and MASK not in m.group(0):
                s.aside.append(SetAside(m.group(0), m.start(), m.end(), reason))
                s.mask(m.start(), m.end())


def _read_percent_words(s: _Scan) -> None:
    """百分之九十五 written in words."""
    for m in PERCENT_WORDS.finditer(s.work):
        try:
            value = read_number(m.group("num").replace("点", ".") if m.group("num")[0].isdigit() else m.group("num"))
        except (ValueError, ArithmeticError):
            continue
        pre, post = m.group("pre") or "", m.group("post") or ""
        rule, decrease = _rule_of(pre, post, False, "%", False)
        claimed = decimal_text(-value if decrease else value)
        s.figures.append(Quantity(m.group(0), m.start(), m.end(), m.start("num"), claimed, "%", rule,
                                  "…".join(w for w in (pre, post) if w), pre.startswith("均")))
        s.mask(m.start(), m.end())


def _read_quantities(s: _Scan) -> None:
    """Every other figure: a number with its bounding words and measure word."""
    for m in QUANTITY.finditer(s.work):
        built = _quantity(m)
        if built is not None:
            s.figures.append(built)


def _read_zero_words(s: _Scan) -> None:
    """零事故, 零投诉: a zero in words."""
    for m in ZERO_WORD.finditer(s.work):
        s.figures.append(Quantity("零", m.start(), m.end(), m.start(), "0", "", "exact"))
