"""Header text normalisation: keep the Chinese, drop layout noise, move units to metadata."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = str.maketrans({
    "（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")",
    "：": ":", "，": ",", "；": ";", "“": "", "”": "", "‘": "", "’": "", "\"": "", "'": "",
    "、": ",", "—": "-", "－": "-", "﹙": "(", "﹚": ")",
})
_UNIT = re.compile(r"\(([^()]{1,12})\)$")
_UNIT_WORDS = re.compile(r"(单位:)?(人次|人|份|次|场|条|件|名|本|个|项|%|元|万元|户|家|所|篇)$")


@lru_cache(maxsize=8192)
def normalize_header(text: object) -> tuple[str, str]:
    """Return (key, unit): NFKC, no spaces or line breaks, unified punctuation, unit dropped.

    "覆盖人数\\n（人次）" → ("覆盖人数", "人次"); "*活动日期：" → ("活动日期", "").
    """
    if text is None:
        return "", ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_PUNCT)
    s = re.sub(r"\s+", "", s).strip("*:：")
    unit = ""
    m = _UNIT.search(s)
    if m and m.start() > 0:
        unit = m.group(1).removeprefix("单位:")
        s = s[: m.start()]
    elif "/" in s and _UNIT_WORDS.search(s.split("/")[-1] or "x"):
        head, tail = s.rsplit("/", 1)
        if head:
            s, unit = head, tail
    return s.strip("*:"), unit


def normalize_key(text: object) -> str:
    """Return a comparison key for vocabulary values and names (no spaces, no quotes)."""
    return normalize_header(text)[0].upper()


MONTH_LABEL = re.compile(r"^(?:(20\d{2})年)?(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?$")
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}


def month_of_label(label: str) -> tuple[int, int | None] | None:
    """Return (month, year or None) for a header such as 1月, 2025年3月, 十二月份; else None."""
    m = MONTH_LABEL.match(label or "")
    if not m:
        return None
    month = int(m.group(2)) if m.group(2).isdigit() else _CN_MONTH[m.group(2)]
    return month, int(m.group(1)) if m.group(1) else None
