"""Cell text → number, percent, date, yes/no; each parser returns a value plus what it noticed.

A parser never raises on bad input: it returns a ``Parsed`` whose ``error`` says, in Chinese,
why the cell could not be read, and whose ``notes`` carry warnings (approximate numbers …).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ...resources import load_pending_affixes, load_yesno
from ..issues import note


class Samples(list):
    """Some values of one column; checks of them are computed once (:func:`once_per_samples`),
    however many datasets and fields recognition tries them against."""

    __slots__ = ("memo",)

    def __init__(self, values=()) -> None:
        super().__init__(values)
        self.memo: dict = {}


def once_per_samples(position: int = 0):
    """Decorate a check whose argument ``position`` is a column's samples: with :class:`Samples`,
    its result is kept with them, keyed by the other (hashable) arguments."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            samples = args[position] if len(args) > position else None
            if not isinstance(samples, Samples):
                return fn(*args, **kwargs)
            key = (fn.__qualname__, args[:position], args[position + 1:], tuple(sorted(kwargs.items())))
            memo = samples.memo
            if key not in memo:
                memo[key] = fn(*args, **kwargs)
            return memo[key]
        return wrapper
    return decorate

SPACES = re.compile(r"\s+")  # any run of whitespace

EMPTY_TOKENS = {"", "无", "/", "\\", "—", "——", "-", "--", "－", "空", "暂无", "没有", "/无", "N/A", "NA", "NULL",
                "不适用", "不涉及"}
QUALIFIERS = {"余": "余", "多": "多", "约": "约", "近": "近", "逾": "逾", "超": "超", "左右": "左右", "以上": "以上"}
_PREFIX_Q = ("约", "近", "逾", "超过", "超", "大约")
_SUFFIX_Q = ("余", "多", "左右", "以上")
_NUM = re.compile(r"^[+-]?\d+(\.\d+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: ``value`` (None when missing), ``error`` (quarantine reason), ``notes`` as
    (issue code, message)."""

    value: object = None
    error: str | None = None
    notes: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    empty: bool = False
    unit: str = ""  # the unit written after a number ("32次" → 次, "60余万元" → 万元)
    written_none: bool = False  # empty because a word for none was written (无, /, —), not blank


def chinese_number(text: str) -> float:
    """Read a Chinese numeral with cn2an's smart mode (imported on first use: it is slow to load)."""
    import cn2an

    return float(cn2an.cn2an(text, "smart"))


def normalize_text(value: object) -> str:
    """Return NFKC text with surrounding whitespace stripped (full-width digits → ASCII)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _normalize_str(value)
    if isinstance(value, float) and math.isnan(value):
        return ""
    return _normalize_str(str(value))


@lru_cache(maxsize=65536)
def _normalize_str(text: str) -> str:
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ").strip()


@lru_cache(maxsize=65536)
def is_empty_token(text: str) -> bool:
    """True for cells that mean "none": blank, 无, /, —, - …"""
    return SPACES.sub("", text).upper() in EMPTY_TOKENS


def is_nothing_mark(value: object) -> bool:
    """True for a cell holding only a mark for "nothing" (—, －, -, /, 无, 不适用 …), not for a blank."""
    if value.__class__ is not str or not value.strip():
        return False
    return is_empty_token(normalize_text(value))


def parse_number(value: object) -> Parsed:
    """Read a count or amount: 5000余, 约300, 1,200, 1.2万, １５０, 32次, 三百二十 …"""
    if isinstance(value, bool):
        return Parsed(int(value))
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return Parsed(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return Parsed(error=f"应为数字，实际是日期“{value}”")
    return _parse_number_text(normalize_text(value))


@lru_cache(maxsize=1)
def _known_units() -> re.Pattern:
    from ...resources import load_units

    words = {*load_units(), "人次", "节", "课时", "小时", "天", "户", "家", "所", "篇", "册", "张", "期", "起", "宗", "分"}
    return re.compile("(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")$")


_NUMBER_AND_UNIT = re.compile(r"^(?P<num>[+-]?\d+(?:\.\d+)?[万亿]?)(?P<unit>[^\d.]{1,4})$")


@lru_cache(maxsize=65536)
def _parse_number_text(text: str) -> Parsed:
    if is_empty_token(text):
        return Parsed(empty=True, written_none=bool(text.strip()))
    s = SPACES.sub("", text).replace(",", "").replace("，", "")
    qualifier, unit = "", ""
    for q in _PREFIX_Q:
        if s.startswith(q):
            qualifier, s = q, s[len(q):]
            break
    known = _known_units()
    for _ in range(2):  # 150余人次 / 60余万元: the unit, then the qualifier, then a unit again
        m = known.search(s)
        if m and m.start() > 0:
            unit, s = unit or m.group(1), s[: m.start()]
        for q in _SUFFIX_Q:
            if s.endswith(q):
                qualifier, s = qualifier or q, s[: -len(q)]
                break
    if s.endswith("%") and _NUM.match(s[:-1] or "x"):
        s, unit = s[:-1], unit or "%"
    if not _NUM.match(s):
        m = _NUMBER_AND_UNIT.match(s)
        if m and unit_token(m.group("unit")):  # any unit the lists do not know: 88分, 12台, 3km
            s, unit = m.group("num"), unit or unit_token(m.group("unit"))
    scale = 1
    if s.endswith("万") and _NUM.match(s[:-1] or "x"):
        s, scale = s[:-1], 10000
    elif s.endswith("亿") and _NUM.match(s[:-1] or "x"):
        s, scale = s[:-1], 100000000
    if _NUM.match(s):
        number = float(s) * scale
    else:
        try:
            number = chinese_number(s)
        except (ValueError, KeyError, TypeError, IndexError):
            return Parsed(error=f"无法识别的数字“{text}”")
    if number == int(number):
        number = int(number)
    notes = (note("number-approximate", text=text, qualifier=qualifier, number=f"{number:g}"),) if qualifier else ()
    return Parsed(number, notes=notes, unit=unit)


def parse_int(value: object) -> Parsed:
    """Read a non-negative whole number."""
    p = parse_number(value)
    if p.error or p.value is None:
        return p
    number = p.value
    if number < 0:
        return Parsed(error=f"数字不能为负数：“{normalize_text(value)}”")
    if number != int(number):
        return Parsed(error=f"应为整数，实际为“{normalize_text(value)}”")
    return Parsed(int(number), notes=p.notes, unit=p.unit)


def parse_float(value: object) -> Parsed:
    """Read a decimal number (scores)."""
    p = parse_number(value)
    if p.error or p.value is None:
        return p
    return Parsed(float(p.value), notes=p.notes, unit=p.unit)


def parse_percent(value: object) -> Parsed:
    """Read a percentage as percent (98.5): "98%", "98.5", "0.985", "百分之九十八"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return Parsed(empty=True)
        number = float(value)
        return Parsed(number * 100 if 0 <= number <= 1 else number)
    text = normalize_text(value)
    if is_empty_token(text):
        return Parsed(empty=True)
    s = SPACES.sub("", text)
    if s.startswith("百分之"):
        body = s[3:]
        body = "一" + body if body[:1] in ("百", "十") else body
        try:
            return Parsed(chinese_number(body))
        except (ValueError, KeyError, TypeError, IndexError):
            return Parsed(error=f"无法识别的百分比“{text}”")
    has_sign = s.endswith("%")
    p = parse_number(s.rstrip("%"))
    if p.error or p.value is None:
        return Parsed(error=f"无法识别的百分比“{text}”") if p.error else p
    number = float(p.value)
    if not has_sign and 0 <= number <= 1:
        number *= 100
    return Parsed(number, notes=p.notes)


_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[.\-/年](?P<m>\d{1,2})[.\-/月](?P<d>\d{1,2})[日号]?(\s*\d{1,2}:\d{2}(:\d{2})?)?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<m>\d{1,2})[.\-/月](?P<d>\d{1,2})[日号]?$"),
]
_TWO_DIGIT_YEAR = re.compile(r"^(?P<yy>\d{2})[.\-/年](?P<m>\d{1,2})[.\-/月](?P<d>\d{1,2})[日号]?$")
_NUMERAL = r"[\d一二三四五六七八九十两]{1,3}"
#: What may follow a date in a ledger: a weekday, 上午/下午, a time of day in figures or words.
_TIME_TAIL = re.compile(
    r"(?:\s*[（(]?(?:星期|周|礼拜)[一二三四五六日天][)）]?"
    r"|\s*(?:上午|下午|中午|晚上|早上|凌晨|傍晚|全天|晚)"
    r"|\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\s*[-—–~～至到]\s*\d{1,2}[:：]\d{2})?"
    rf"|\s*{_NUMERAL}(?:点|时)(?:{_NUMERAL}分|半|整|许)?(?:\s*[-—–~～至到]\s*{_NUMERAL}(?:点|时)(?:{_NUMERAL}分|半)?)?)+$")
_WEEKDAY_HEAD = re.compile(r"^[（(]?(?:星期|周|礼拜)[一二三四五六日天][)）]?[\s,，、]*(?=\d)")
_RANGE = re.compile(r"^(.+?[日号月]|\d{4}[./]\d{1,2}[./]\d{1,2})\s*(?:至|到|~|～|—|–|-)\s*\S+$")
_MONTH_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[.\-/年](?P<m>\d{1,2})月?(份)?$"),
    re.compile(r"^(?P<m>\d{1,2})月(份)?$"),
]


def parse_date(value: object, year: int | None = None, month_only: bool = False) -> Parsed:
    """Read a calendar date; ``year`` fills dates written without one ("3月15日").

    With ``month_only`` the result is the first of the month and no note is raised for
    month-only texts (columns such as 月份).
    """
    if isinstance(value, dt.datetime):
        d = value.date()
        return Parsed(d.replace(day=1) if month_only else d)
    if isinstance(value, dt.date):
        return Parsed(value.replace(day=1) if month_only else value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return Parsed(empty=True)
        if month_only and 1 <= value <= 12 and value == int(value):
            if year is None:
                return Parsed(error=f"月份“{value}”缺少年份")
            return Parsed(dt.date(year, int(value), 1))
        if 20000 < value < 80000:
            d = EXCEL_EPOCH + dt.timedelta(days=int(value))
            return Parsed(d.replace(day=1) if month_only else d)
        return Parsed(error=f"无法识别的日期“{value}”")
    return _parse_date_text(normalize_text(value), year, month_only)


@lru_cache(maxsize=65536)
def _parse_date_text(text: str, year: int | None, month_only: bool) -> Parsed:
    if is_empty_token(text):
        return Parsed(empty=True)
    s = SPACES.sub(" ", text).strip()
    compact = s.replace(" ", "") if "年" in s or "月" in s else s
    for pattern in _DATE_PATTERNS:
        m = pattern.match(compact)
        if not m:
            continue
        parts = m.groupdict()
        notes: tuple[tuple[str, str], ...] = ()
        y = int(parts["y"]) if parts.get("y") else year
        if y is None:
            return Parsed(error=f"日期“{text}”缺少年份，且无法从表头或报送年度推断")
        if not parts.get("y"):
            notes = (note("date-no-year", text=text, year=y),)
        try:
            d = dt.date(y, int(parts["m"]), int(parts["d"]))
        except ValueError:
            return Parsed(error=f"日期“{text}”不存在（请核对月、日）")
        return Parsed(d.replace(day=1) if month_only else d, notes=notes)
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(compact)
        if not m:
            continue
        parts = m.groupdict()
        y = int(parts["y"]) if parts.get("y") else year
        if y is None:
            return Parsed(error=f"月份“{text}”缺少年份")
        month = int(parts["m"])
        if not 1 <= month <= 12:
            return Parsed(error=f"日期“{text}”不存在（月份应为1–12）")
        notes = () if month_only else (note("date-month-only", text=text),)
        return Parsed(dt.date(y, month, 1), notes=notes)
    if _NUM.match(compact):
        return parse_date(float(compact), year, month_only)
    m = _TWO_DIGIT_YEAR.match(compact)
    if m:  # 25.3.7: a two-digit year is this century's
        y = 2000 + int(m.group("yy"))
        try:
            d = dt.date(y, int(m.group("m")), int(m.group("d")))
        except ValueError:
            return Parsed(error=f"日期“{text}”不存在（请核对年、月、日）")
        return Parsed(d.replace(day=1) if month_only else d, notes=(note("date-two-digit-year", text=text, year=y),))
    tail = _TIME_TAIL.search(s)
    if tail and tail.start() > 0:  # 2025年3月7日上午, 3月7日（周五）, 2025.3.7 下午2点半: the day is the date
        head = _parse_date_text(s[:tail.start()].strip(), year, month_only)
        if head.error is None and head.value is not None:
            return head
    head = _WEEKDAY_HEAD.match(s)
    if head:  # 周二 3月11日: the weekday before the date says nothing more
        return _parse_date_text(s[head.end():].strip(), year, month_only)
    m = _RANGE.match(compact)
    if m:
        start = _parse_date_text(m.group(1), year, month_only)
        if start.error is None and start.value is not None:
            return Parsed(start.value, notes=(*start.notes, note("date-range", text=text)))
    return Parsed(error=f"无法识别的日期“{text}”")


def parse_bool(value: object) -> Parsed:
    """Read yes/no: 是/否, √/×, 已衔接/未衔接, Y/N, 1/0; blank is empty."""
    if isinstance(value, bool):
        return Parsed(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return Parsed(empty=True)
        if value in (0, 1):
            return Parsed(bool(value))
        return Parsed(error=f"无法识别的是/否“{value}”")
    return _parse_bool_text(normalize_text(value))


@lru_cache(maxsize=4096)
def _parse_bool_text(text: str) -> Parsed:
    s = SPACES.sub("", text).upper()
    if s == "":
        return Parsed(empty=True)
    table = load_yesno()
    if s in table:
        return Parsed(table[s])
    if s[0] in "已是有":
        return Parsed(True)
    if s[0] in "未否无不没":
        return Parsed(False)
    return Parsed(error=f"无法识别的是/否“{text}”（应填 是/否）")


def pending_core(text: str) -> str:
    """The X of a status word that says X is pending or under way (待X, 正在X, X中, 已在X中), else ''."""
    prefixes, suffixes = load_pending_affixes()
    core = text[1:] if text.startswith("已") else text
    found = False
    for p in sorted(prefixes, key=len, reverse=True):
        if core.startswith(p):
            core, found = core[len(p):], True
            break
    for x in suffixes:
        if core.endswith(x):
            core, found = core[: -len(x)], True
            break
    return core if found and core else ""


_NEGATION = ("未", "不", "非", "无", "没", "否")


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def parse_bool_in(value: object, subject: str, bound: bool = False) -> Parsed:
    """Read yes/no in a column about ``subject`` (its header and label): besides 是/否 …, a cell that
    repeats the subject means yes (衔接 under 已衔接, 重新犯罪 under 重犯), its negation no (未结案);
    a status that repeats the subject as still pending or under way (待衔接, 衔接中, 正在化解) means
    not (yet): no. In a column already ``bound`` to the field, any such status of two or more
    characters (审理中 under 结案情况) says the thing asked is not done yet: no (待定 stays unread)."""
    parsed = parse_bool(value)
    if not subject:
        return parsed
    text = SPACES.sub("", normalize_text(value))
    pending = pending_core(text) if len(text) <= 6 else ""
    core_subject = subject.replace("是否", "").replace("情况", "")
    if pending and (_grams(pending) & _grams(core_subject)
                    or ((text.endswith("中") or "正在" in text) and set(pending) & set(core_subject))):
        return Parsed(False)  # 待衔接, 衔接中; 正在办理 under 办结: what the column asks is not (yet) done
    if bound and len(pending) >= 2 and parse_bool(value).error is not None:
        return Parsed(False)
    if parsed.error is None:
        return parsed
    table = load_yesno()
    for k in range(1, len(text) - 1 if bound else 1):  # 调处未成功, 化解成功: an action, then a known result
        tail = text[k:].upper()
        if tail in table:
            return Parsed(table[tail])
        if tail[0] in "未不没" and len(tail) >= 3 and tail[1:] in table:
            return Parsed(not table[tail[1:]])
    negated = text[:1] in _NEGATION
    core = text[1:] if negated else text
    if core and _grams(core) & _grams(subject.replace("是否", "").replace("情况", "")):
        return Parsed(not negated)
    return parsed


def parse_text(value: object) -> Parsed:
    """Read free text as written, only stripped (no NFKC: keys are normalised where they are
    matched); Excel dates become ISO text, whole numbers lose their .0."""
    if isinstance(value, dt.datetime):
        return Parsed(value.date().isoformat())
    if isinstance(value, dt.date):
        return Parsed(value.isoformat())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Parsed(empty=True)
    if isinstance(value, float) and value == int(value):
        value = int(value)
    text = str(value).strip()
    if text == "":
        return Parsed(empty=True)
    return Parsed(text)


def split_list(text: str) -> list[str]:
    """Split a list cell on 、，,；; / and line breaks."""
    parts = re.split(r"[、，,；;/\n\r]+|\s{2,}", text)
    return [p.strip() for p in parts if p.strip()]


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return _blank_text(value)
    return isinstance(value, float) and math.isnan(value)


@lru_cache(maxsize=65536)
def _blank_text(value: str) -> bool:
    return is_empty_token(normalize_text(value))


_PHONE_LIKE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})(?!\d)")
_ID_LIKE = re.compile(r"(?<!\d)\d{15}(\d{2}[\dXx])?(?!\d)")
_NAME_LIKE = re.compile(r"^[\u4e00-\u9fff·]{2,5}([（(].{0,10}[)）])?$")


@once_per_samples(1)
def plausible(ftype: str, samples: list[object], column: str = "", share: float = 0.5, subject: str = "") -> bool:
    """True when the non-empty ``samples`` of a column fit a field type well enough.

    Weak header matches are checked this way: a date field takes a column of dates, a count a
    column of numbers; a text field refuses a column holding nothing but dates.
    """
    values = [v for v in samples if not _blank(v)][:30]
    if not values:
        return True
    if ftype in ("date", "month"):
        ok = sum(parse_date(v, 2025).error is None for v in values)
    elif ftype in ("int", "float"):
        ok = sum(parse_number(v).error is None for v in values)
    elif ftype == "percent":
        ok = sum(parse_percent(v).error is None for v in values)
    elif ftype == "bool":
        ok = sum(parse_bool_in(v, subject).error is None for v in values)
    elif ftype == "phone":
        ok = sum(bool(_PHONE_LIKE.search(str(v))) for v in values)
    elif ftype == "id_number":
        ok = sum(bool(_ID_LIKE.search(re.sub(r"\s", "", str(v)))) for v in values)
    elif ftype == "person_name":
        ok = sum(bool(_NAME_LIKE.match(str(v).strip())) for v in values)
    elif ftype in ("text", "grade", "department", "departments", "defects", "list"):
        dates = sum(isinstance(v, (dt.date, dt.datetime)) for v in values)
        numbers = sum(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        coded = column.endswith("_no") or column in ("ticket_no", "case_no")
        return dates <= 0.8 * len(values) and (coded or numbers <= 0.8 * len(values))
    else:
        return True
    return ok >= share * len(values)


#: Scales written after a number (1.2万): they multiply, they are not units.
_SCALES = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}
_UNIT_TOKEN = re.compile(r"^(%|‰|[\u4e00-\u9fff]{1,3}|[A-Za-z]{1,4})$")
_NUMERAL_CHARS = set("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")


def unit_token(text: str) -> str:
    """``text`` when it is a unit on its own (人, 人次, 场, 万元, %, km), else ''."""
    s = SPACES.sub("", normalize_text(text)).strip("()（）")
    if not s or not _UNIT_TOKEN.match(s) or set(s) <= _NUMERAL_CHARS:
        return ""
    if len(s) > 1 and s[0] in "每各总共约近超余多":
        return ""
    return s
