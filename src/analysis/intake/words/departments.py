"""Department spellings → one canonical name each, from resources/departments.csv."""

from __future__ import annotations

import re
from functools import lru_cache

from ...resources import load_layout_words, read_csv_rows
from ...text import normalize_key, normalize_text_key

_PREFIXES = ("西市区", "西市")
_NOISE = re.compile(r"\((盖章|公章|签章|章)\)|盖章")


@lru_cache(maxsize=1)
def load_aliases() -> dict[str, str]:
    """Return normalised spelling → canonical name (canonical names map to themselves)."""
    out: dict[str, str] = {}
    for r in read_csv_rows("departments.csv"):
        canonical = r["canonical"]
        for spelling in [canonical, *r["aliases"].split(";")]:
            if spelling:
                out[normalize_key(spelling)] = canonical
    for spelling, canonical in list(out.items()):
        short = spelling.removeprefix("区")
        if short != spelling and len(short) >= 3:
            out.setdefault(short, canonical)
    return out


def canonical_names() -> list[str]:
    """Return the canonical department names in file order."""
    return [r["canonical"] for r in read_csv_rows("departments.csv")]


@lru_cache(maxsize=4096)
def normalize_department(name: str) -> str | None:
    """Return the canonical name for a spelling, or None when it is unknown."""
    key = _NOISE.sub("", normalize_key(name))
    if not key:
        return None
    aliases = load_aliases()
    if key in aliases:
        return aliases[key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix):] in aliases:
            return aliases[key[len(prefix):]]
        if key.startswith(prefix) and "区" + key[len(prefix):] in aliases:
            return aliases["区" + key[len(prefix):]]
    return None


@lru_cache(maxsize=4096)
def find_department(text: str) -> str | None:
    """Return the canonical department named anywhere in a text (title, file or folder name).

    The longest matching spelling wins, so 区人民检察院 beats 检察院; a department named as the
    addressee (报送区委依法治区办) is not the one meant.
    """
    key = _RECIPIENT().sub("", normalize_text_key(text))
    best: tuple[int, str] | None = None
    for spelling, canonical in load_aliases().items():
        if len(spelling) >= 2 and spelling in key and (best is None or len(spelling) > best[0]):
            best = (len(spelling), canonical)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _RECIPIENT() -> re.Pattern:  # noqa: N802 - a compiled constant
    """报送 / 上报 / 交 … followed by a department spelling: the addressee, cut from the text."""
    verbs = sorted(load_layout_words().get("recipient_words", []), key=len, reverse=True)
    names = sorted((s for s in load_aliases() if len(s) >= 2), key=len, reverse=True)
    if not verbs:
        return re.compile(r"(?!x)x")
    return re.compile(f"(?:{'|'.join(map(re.escape, verbs))})(?:至|到|给)?(?:{'|'.join(map(re.escape, names))})")


_UNIT_LINE = re.compile(r"(填报单位|报送单位|填表单位|单位名称|报送部门|填报部门)\s*(?:[（(][^（()）]{1,6}[)）])?\s*[:：]"
                        r"\s*(?P<unit>[^\s:：]+)")  # 填报单位（盖章）：


def find_unit_line(text: str) -> str | None:
    """Return the unit written after 填报单位：/报送单位： in a title line, as written."""
    m = _UNIT_LINE.search(text.replace("\u3000", " "))
    if not m:
        return None
    unit = re.split(r"填报日期|报送日期|日期|时间", m.group("unit"))[0]
    return unit.strip() or None
