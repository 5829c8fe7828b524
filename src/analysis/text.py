"""Matching keys: header texts, names and vocabulary values reduced to what is compared.

Only keys are normalised (NFKC, no spaces or line breaks, unified punctuation); the text a
department wrote is kept as written elsewhere.
"""

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


@lru_cache(maxsize=8192)
def normalize_text_key(text: object) -> str:
    """Return a key for searching inside a free text (a title, a file name): like
    :func:`normalize_key` but nothing at the end is taken for a unit."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_PUNCT)
    return re.sub(r"\s+", "", s).upper()
