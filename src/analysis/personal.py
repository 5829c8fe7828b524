"""Personal data recognised by shape, and the last check before anything is written.

Identity numbers (18 and 15 digits, with spaces, dashes, a prefix such as ``sfz`` or 身份证:,
full-width digits, a number stored as a float), phone numbers (mobile with +86/0086, spaces or
dashes; landlines with an area code, in brackets or not; digits after 电话/手机) and names that
stand next to one of them or after 姓名/联系人/当事人… are *personal*. :func:`scrub` replaces each
by a placeholder naming its kind (〔身份证号〕, 〔电话〕, 〔姓名〕); :func:`guard_bytes`,
:func:`guard_frame` and :func:`guard_text` are the writers' last check: they refuse to write a
leak (:class:`PersonalDataLeak`, a Chinese message that names the place, never the value).
"""

from __future__ import annotations

import html
import io
import json
import math
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from .resources import load_layout_words

PLACEHOLDERS = {"id": "〔身份证号〕", "phone": "〔电话〕", "name": "〔姓名〕"}
KIND_WORDS = {"id": "身份证号", "phone": "电话号码", "name": "姓名"}

#: Full-width ASCII (！…～) and the ideographic space, mapped one character to one character, so
#: that positions found in the mapped text are positions in the original.
_WIDE = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " ", "\u00a0": " "})
_S = r"[ \-‐‑–—]?"  # one optional separator between digits
_DATE8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_RUN = re.compile(rf"(?<![\d.])\d(?:{_S}\d){{14,16}}(?:{_S}[\dXx])?(?![\d])")
_ID_DIGITS = re.compile(rf"\d{{6}}{_DATE8}\d{{2,3}}[\dX]?|\d{{6}}{_DATE6}\d{{3}}")
_ID_FLOAT = re.compile(r"(?<![\d.])\d\.\d{12,}[eE]\+?1[4-7](?!\d)")  # 1.1010119900307778e+17
_MOBILE = re.compile(
    rf"(?:(?<=[Tt]el)|(?<=[Pp]hone)|(?<=[Mm]obile)|(?<![\dA-Za-z]))"
    rf"(?:(?:\+|00)?86{_S}|\(\+?86\){_S})?1[3-9](?:{_S}\d){{9}}(?![\dA-Za-z])")
_LANDLINE = re.compile(
    rf"(?:[(（]0\d{{2,3}}[)）]{_S}|(?<![\dA-Za-z])(?:(?:\+|00)?86{_S})?0\d{{2,3}}{_S})[1-9]\d{{2,3}}{_S}\d{{4}}"
    rf"(?:(?:转|ext\.?|-)\d{{1,5}})?(?![\dA-Za-z])")
_AFTER_WORD = re.compile(r"(?:电话|手机|座机|联系方式|联系电话|手机号|tel|TEL|Tel)[:：\s]*(\d(?:[ \-]?\d){6,11})(?![\dA-Za-z])")
_NAME_WORDS = ("姓名", "联系人", "负责人", "当事人", "申请人", "被申请人", "经办人", "填报人", "审核人", "记录人",
               "调解员", "承办人", "主讲人", "讲师", "律师", "援助律师", "受援人", "矫正对象")
_NAME_AFTER_WORD = re.compile(rf"(?:{'|'.join(_NAME_WORDS)})[:：]\s*([\u4e00-\u9fff·]{{2,4}})")
_BEFORE = re.compile(r"([\u4e00-\u9fff·]+)[\s:：,，、(（/_\-]{0,3}(?:[A-Za-z]{1,4}[:：]?\s?)?$")
_NAME_BEFORE_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})(?=等(?:\d+|[一二三四五六七八九十]+)?(?:人|名|位)|同志)")
_LABEL_END = re.compile(r"(?:身份证号码|身份证号|身份证|证件号码|证件号|号码|电话|手机号|手机|座机|联系方式|联系|方式|号|码)$")
_NOT_A_NAME = re.compile(r"(?:局|所|院|道|区|会|中心|科|处|队|室|站|组|办|委|部|厅|校|社|村|街|镇|乡|路|园|馆|"
                         r"公司|单位|合计|小计|人数|人|数|次|元|年|月|日|的|和|及|为|是|号)$")
#: What every match needs: a run of eleven digits and separators, a float's exponent, a word that
#: announces a phone number or a name; texts without any are left at once (each test a fast scan).
_DIGIT_RUN = re.compile(r"[0-9０-９][0-9０-９ \-()（）]{9,}[0-9０-９]")
_PHONE_WORDS = ("电话", "手机", "座机", "联系方式", "Tel", "tel", "TEL", "e+1", "E+1")
_NAME_COLON = re.compile("[:：](?:" + "|".join(f"(?<={w}[:：])" for w in _NAME_WORDS) + ")")
_NAME_TAIL = re.compile(r"等(?:\d+|[一二三四五六七八九十]+)?(?:人|名|位)|同志")
_FIRST_LOOK = re.compile("|".join([_DIGIT_RUN.pattern, *map(re.escape, _PHONE_WORDS), _NAME_COLON.pattern,
                                   _NAME_TAIL.pattern]))
_DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]+")
_TAG = re.compile(r"<[^>]{0,20000}>")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_CODE_BLOCK = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", re.S | re.I)


class PersonalDataLeak(RuntimeError):
    """An output about to be written holds something shaped like personal data."""


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_layout_words().get("surnames", []))


def _name_in(run: str, before: bool) -> tuple[int, int] | None:
    """The span of a name inside a run of Chinese characters that stands next to a number:
    the run's end when it comes before the number (its start when after), labels left aside."""
    if before:
        while (m := _LABEL_END.search(run)) and m.start() > 0:
            run = run[: m.start()]
        if _LABEL_END.fullmatch(run):
            return None
        surnames = _surnames()
        for size in (3, 2, 4):
            cand = run[-size:]
            if len(cand) == size and (cand[0] in surnames or cand[:2] in surnames) and not _NOT_A_NAME.search(cand):
                return len(run) - size, len(run)
        if 2 <= len(run) <= 4 and not _NOT_A_NAME.search(run):
            return 0, len(run)
        return None
    if _TITLE.match(run):  # 李老师, 王主任: a way to address someone, no name
        return None
    surnames = _surnames()
    for size in (3, 2):
        cand = run[:size]
        if len(cand) == size and cand[0] in surnames and not _NOT_A_NAME.search(cand) \
                and not _LABEL_END.search(cand):
            return 0, size
    return None


def _names_before(t: str, start: int) -> list[tuple[int, int, str]]:
    """The name written before a number at ``start``, across a label (张三 手机 …, 张三_身份证号：…,
    张三 SFZ…)."""
    end = start
    for _ in range(3):
        m = _BEFORE.search(t[max(0, end - 40):end])
        if not m:
            return []
        offset = max(0, end - 40)
        run = m.group(1)
        while (label := _LABEL_END.search(run)) and label.start() > 0:
            run = run[: label.start()]
        if run and not _LABEL_END.fullmatch(run):
            span = _name_in(run, True)
            return [(offset + m.start(1) + span[0], offset + m.start(1) + span[1], "name")] if span else []
        end = offset + m.start(1)
    return []


def find_personal(text: str) -> list[tuple[int, int, str]]:
    """The spans (start, end, kind) of personal data in a text, kind one of id, phone, name."""
    if not text or not _maybe_personal(text):
        return []
    return list(_find_cached(text)) if len(text) < 2000 else _find(text)


@lru_cache(maxsize=1 << 16)
def _find_cached(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find(text))


_HEX = frozenset("0123456789abcdef")


def _in_hash(text: str, start: int, end: int) -> bool:
    """Whether digits at ``start:end`` are part of a hexadecimal digest (a run of 24 or more of
    0-9a-f holding a letter): a sha256 can hold fifteen digits in a row, which are no identity."""
    left, right = start, end
    while left > 0 and text[left - 1] in _HEX:
        left -= 1
    while right < len(text) and text[right] in _HEX:
        right += 1
    run = text[left:right]
    return right - left >= 24 and all(c in _HEX for c in run) and any(c in "abcdef" for c in run)


def _find(text: str) -> list[tuple[int, int, str]]:
    t = text.translate(_WIDE)
    spans: list[tuple[int, int, str]] = []
    for m in _ID_RUN.finditer(t):
        digits = re.sub(r"[^\dXx]", "", m.group(0)).upper()
        if _ID_DIGITS.fullmatch(digits) and not _in_hash(t, m.start(), m.end()):
            spans.append((m.start(), m.end(), "id"))
    spans += [(m.start(), m.end(), "id") for m in _ID_FLOAT.finditer(t)]
    for pattern in (_MOBILE, _LANDLINE):
        spans += [(m.start(), m.end(), "phone") for m in pattern.finditer(t)]
    spans += [(m.start(1), m.end(1), "phone") for m in _AFTER_WORD.finditer(t)]
    numbers = _merge(spans)
    names = []
    for m in _NAME_AFTER_WORD.finditer(t):  # 联系人：张三 (a word that is no name, 受援人：没有, is no name)
        span = _name_in(m.group(1), False)
        if span:
            names.append((m.start(1), m.start(1) + span[1], "name"))
    for m in _NAME_BEFORE_WORD.finditer(t):
        cand = m.group(1)
        for size in (3, 2):
            sub = cand[-size:]
            if len(sub) == size and sub[0] in _surnames() and not _NOT_A_NAME.search(sub):
                names.append((m.end(1) - size, m.end(1), "name"))
                break
    for start, end, _ in numbers:  # a name right before or after an identity or phone number
        names += _names_before(t, start)
        after = re.match(r"[\s:：,，、)）/]{0,2}([\u4e00-\u9fff·]+)", t[end:end + 24])
        if after:
            span = _name_in(after.group(1), False)
            if span:
                names.append((end + after.start(1) + span[0], end + after.start(1) + span[1], "name"))
    return _merge(numbers + [n for n in names if t[n[0]:n[1]] not in EXAMPLE_NAMES])


_TITLE = re.compile(r"^(?:欧阳|上官|司马|诸葛|.)(?:老师|先生|女士|主任|科长|局长|所长|处长|书记|同志|师傅|经理|律师|警官|法官)")
#: The names every form and manual uses as an example (the 张三 of a template's example row): no person.
EXAMPLE_NAMES = frozenset({"张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"})


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end, out[-1][2])
            continue
        out.append((start, end, kind))
    return out


def _any_candidate(texts) -> bool:
    """False when no text of many could hold personal data (one scan of them all, joined)."""
    return _maybe_personal("\n".join(texts))


def _maybe_personal(text: str) -> bool:
    """False when a text cannot hold personal data (the first look of ``find_personal``)."""
    if len(text) < 400:  # one scan of a short text; four fast scans of a long one
        return _FIRST_LOOK.search(text) is not None
    return bool(_DIGIT_RUN.search(text) or any(w in text for w in _PHONE_WORDS) or _NAME_COLON.search(text)
                or _NAME_TAIL.search(text))


def contains_personal(text: str) -> bool:
    """True when a text holds something shaped like an identity number, a phone number or a name
    next to one."""
    return bool(find_personal(text))


def scrub(text: str) -> str:
    """The text with every identity number, phone number and recognised name replaced by the
    placeholder of its kind (〔身份证号〕, 〔电话〕, 〔姓名〕)."""
    spans = find_personal(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end, kind in spans:
        parts += [text[last:start], PLACEHOLDERS[kind]]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def personal_number(value: object) -> str | None:
    """The kind of personal number a numeric cell holds ("id" for 15 or more digits, "phone" for
    an 11-digit mobile number), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        return None
    number = abs(int(value))
    if number >= 10**14:
        return "id"
    if 13 * 10**9 <= number < 2 * 10**10:
        return "phone"
    return None


def scrub_tree(value: object) -> object:
    """A JSON-like structure (dicts, lists, texts) with every text scrubbed, keys included."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_tree(k): scrub_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_tree(v) for v in value]
    return value


#: Columns the cleaner fills with its own keyed hashes (hex), never with anything a department wrote.
_OUR_KEYS = {"person_key"}


def scrub_frame(frame, columns: list[str] | None = None):
    """A DataFrame with the texts of ``columns`` (default: every text column) scrubbed."""
    out = frame
    for column in columns if columns is not None else list(frame.columns):
        if column not in frame.columns or column in _OUR_KEYS or frame[column].dtype.kind in "biufcmM":
            continue
        values = frame[column]
        texts = [v for v in values.dropna().unique() if isinstance(v, str)]
        if not _any_candidate(texts):
            continue
        mapping = {v: scrub(v) for v in texts}
        changed = {k: v for k, v in mapping.items() if k != v}
        if changed:
            if out is frame:
                out = frame.copy()
            out[column] = values.map(lambda v, changed=changed: changed.get(v, v) if isinstance(v, str) else v
                                     ).astype(values.dtype)
    return out


# --- the writers' last check ------------------------------------------------------------------


def _refuse(where: str, kind: str, place: str = "") -> None:
    at = f"（{place}）" if place else ""
    raise PersonalDataLeak(f"拒绝写出“{scrub(str(where))}”：其中含有疑似{KIND_WORDS.get(kind, kind)}的内容{at}，"
                           "为保护个人信息未写出。请核对来源数据，或将此情况报告维护者。")


def guard_text(text: str, where: object) -> str:
    """Return ``text`` unchanged, or raise :class:`PersonalDataLeak` when it holds personal data."""
    text = _DATA_URI.sub(" ", text) if "base64," in text else text
    spans = find_personal(text)
    if spans:
        start = spans[0][0]
        line = text.count("\n", 0, start) + 1
        _refuse(str(where), spans[0][2], f"第{line}行")
    return text


def guard_frame(frame, where: object):
    """Return ``frame`` unchanged, or raise :class:`PersonalDataLeak` when a text cell holds
    personal data, or a numeric cell an identity-number-shaped number."""
    for column in frame.columns:
        values = frame[column]
        kind = values.dtype.kind
        if kind in "iuf":
            big = values.abs() >= 10**14
            if bool(big.fillna(False).any()):
                _refuse(str(where), "id", f"列“{scrub(str(column))}”")
            continue
        if kind in "bmMc" or column in _OUR_KEYS:
            continue
        if find_personal(str(column)):
            _refuse(str(where), find_personal(str(column))[0][2], "列名")
        distinct = values.dropna().unique()
        if all(isinstance(v, str) for v in distinct) and not _any_candidate(distinct):
            continue
        for v in distinct:
            if isinstance(v, str):
                spans = find_personal(v)
                if spans:
                    _refuse(str(where), spans[0][2], f"列“{scrub(str(column))}”")
            elif personal_number(v) == "id":
                _refuse(str(where), "id", f"列“{scrub(str(column))}”")
    return frame


def guard_tree(value: object, where: object) -> object:
    """Return a JSON-like structure unchanged, or raise when a text in it holds personal data."""
    def walk(v: object) -> None:
        if isinstance(v, str):
            guard_text(v, where)
        elif isinstance(v, dict):
            for k, x in v.items():
                if not (isinstance(k, str) and k.startswith("image/")):
                    walk(k)
                    walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif personal_number(v) == "id":
            _refuse(str(where), "id")
    walk(value)
    return value


_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".md", ".json", ".py", ".yaml", ".yml"}
_MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg"}


def markup_text(markup: str) -> str:
    """The text a reader sees in HTML, SVG or XML: comments' text kept (matplotlib writes a
    figure's texts there), style and script blocks, tags and their attributes left out."""
    markup = _CODE_BLOCK.sub(" ", markup)
    markup = _COMMENT.sub(lambda m: " " + m.group(1) + " ", markup)
    return html.unescape(_TAG.sub(" ", markup))


def guard_bytes(content: bytes, where: str | Path) -> bytes:
    """Return ``content`` unchanged, or raise :class:`PersonalDataLeak` when the file it makes
    (kind by the name's suffix: text, JSON, notebook, xlsx/docx, PNG, Parquet) holds personal data."""
    suffix = Path(str(where)).suffix.lower()
    if suffix == ".ipynb":
        guard_tree(json.loads(content.decode("utf-8")), where)
    elif suffix in _MARKUP_SUFFIXES:
        guard_text(markup_text(content.decode("utf-8-sig", errors="replace")), where)
    elif suffix in _TEXT_SUFFIXES:
        guard_text(content.decode("utf-8-sig", errors="replace"), where)
    elif suffix in (".xlsx", ".docx", ".xlsm", ".pptx"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.namelist():
                if member.endswith((".xml", ".rels")):
                    xml = archive.read(member).decode("utf-8", errors="replace")
                    guard_text(markup_text(xml), f"{where}:{member}")
    elif suffix == ".png":
        guard_text(" ".join(png_texts(content)), where)
    elif suffix == ".parquet":
        import pandas as pd

        guard_frame(pd.read_parquet(io.BytesIO(content)), where)
    return content


def guard_file(path: str | Path) -> Path:
    """Check a file just written (by a library that writes to a path itself); remove it and raise
    :class:`PersonalDataLeak` when it holds personal data."""
    path = Path(path)
    try:
        guard_bytes(path.read_bytes(), path)
    except PersonalDataLeak:
        path.unlink(missing_ok=True)
        raise
    return path


def png_texts(content: bytes) -> list[str]:
    """The texts of a PNG's tEXt, zTXt and iTXt chunks (its metadata)."""
    import struct
    import zlib

    out, pos = [], 8
    while pos + 8 <= len(content):
        size, kind = struct.unpack(">I4s", content[pos:pos + 8])
        data = content[pos + 8:pos + 8 + size]
        pos += 12 + size
        if kind == b"tEXt":
            out.append(data.replace(b"\0", b" ").decode("latin-1"))
        elif kind == b"zTXt":
            key, _, rest = data.partition(b"\0")
            out.append(key.decode("latin-1") + " " + zlib.decompress(rest[1:]).decode("latin-1", errors="replace"))
        elif kind == b"iTXt":
            key, _, rest = data.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")
            _, _, rest = rest.partition(b"\0")
            text = zlib.decompress(rest) if compressed else rest
            out.append(key.decode("latin-1") + " " + text.decode("utf-8", errors="replace"))
        elif kind == b"IEND":
            break
    return out
