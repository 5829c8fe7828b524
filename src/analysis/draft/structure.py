"""Part numbers of a report (一、 (一) 1. 一是): section ids like 一(三)2, and numbering problems.

Levels: 1 = 一、, 2 = (一), 3 = 1., 4 = 一是 (items inside a paragraph). Each level's numbers
must run 1, 2, 3 … inside their parent; a repeated number (一、二、二、) or a gap (一、三、) is a
finding. Text is NFKC-normalised first, so （一） and (一) are the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..intake.words.values import chinese_number

LEVEL_PATTERNS = (
    (1, re.compile(r"^([一二三四五六七八九十]+)、")),
    (2, re.compile(r"^\(([一二三四五六七八九十]+)\)")),
    (3, re.compile(r"^(\d{1,2})(?:[.、](?!\d)|\.(?=\d{1,2}月|\d{3,}(?:热线|服务热线)))")),  # 2.12月份: 2. then a month
)
ITEM = re.compile(r"(?:^|(?<=[。；;]))([一二三四五六七八九十]+)是")
LEVEL_NAMES = {1: "部分", 2: "章节", 3: "小节", 4: "条目"}


@dataclass(frozen=True)
class Marker:
    """A part number as written, its level and its value (二 → 2)."""

    block: int
    level: int
    text: str
    number: int
    heading: str
    start: int = 0


@dataclass(frozen=True)
class NumberingProblem:
    """A repeated or skipped part number."""

    kind: str  # duplicate | skipped
    section: str
    text: str
    message: str
    block: int = -1
    start: int = 0


def number_of(text: str) -> int:
    """Return the value of a part number: 二 → 2, 12 → 12."""
    return int(text) if text.isdigit() else int(chinese_number(text))


def heading_marker(block: int, text: str) -> Marker | None:
    """Return the part number that opens a paragraph, or None."""
    for level, pattern in LEVEL_PATTERNS:
        m = pattern.match(text)
        if m:
            heading = re.split(r"[。;；]", text[m.end():], maxsplit=1)[0]
            return Marker(block, level, m.group(0), number_of(m.group(1)), heading[:40])
    return None


def item_markers(block: int, text: str) -> list[Marker]:
    """Return the 一是/二是 items of a paragraph."""
    out = []
    for m in ITEM.finditer(text):
        heading = re.split(r"[。;；]", text[m.end():], maxsplit=1)[0]
        out.append(Marker(block, 4, m.group(0), number_of(m.group(1)), heading[:40], m.start()))
    return out


def marker_text(level: int, number: int) -> str:
    """Return how a part number is written at a level: 3 → 三、 (三) 3. 三是."""
    import cn2an

    cn = cn2an.an2cn(number)
    return {1: f"{cn}、", 2: f"({cn})", 3: f"{number}.", 4: f"{cn}是"}[level]


def section_id(path: dict[int, str]) -> str:
    """Return the section id of the current numbering path: 一(三)2."""
    part = path.get(1, "")
    sub = f"({path[2]})" if 2 in path else ""
    item = path.get(3, "")
    return f"{part}{sub}{item}"


def assign_sections(texts: list[str]) -> tuple[list[str], list[Marker]]:
    """Return the section id of every paragraph and every part number found, in order."""
    path: dict[int, str] = {}
    sections: list[str] = []
    markers: list[Marker] = []
    for i, text in enumerate(texts):
        marker = heading_marker(i, text)
        if marker is not None:
            markers.append(marker)
            value = marker.text.strip("()、.").strip()
            path = {lvl: v for lvl, v in path.items() if lvl < marker.level}
            path[marker.level] = value
        sections.append(section_id(path))
        markers.extend(item_markers(i, text))
    return sections, markers


def numbering_problems(markers: list[Marker], sections: list[str]) -> list[NumberingProblem]:
    """Return repeated and skipped part numbers, each level checked inside its parent."""
    problems: list[NumberingProblem] = []
    last: dict[int, Marker] = {}
    for marker in markers:
        for level in [lvl for lvl in last if lvl > marker.level]:
            del last[level]
        if marker.level < 4:
            last.pop(4, None)
        previous = last.get(marker.level)
        expected = previous.number + 1 if previous else 1
        where = sections[marker.block]
        name = LEVEL_NAMES[marker.level]
        if previous and marker.number == previous.number:
            problems.append(NumberingProblem(
                "duplicate", where, marker.text,
                f"{name}序号重复：“{previous.text}{previous.heading}”之后又是“{marker.text}{marker.heading}”，"
                f"后者应为“{marker_text(marker.level, expected)}”", marker.block, marker.start,
            ))
        elif marker.number != expected:
            problems.append(NumberingProblem(
                "skipped", where, marker.text,
                f"{name}序号不连续：“{marker.text}{marker.heading}”处应为“{marker_text(marker.level, expected)}”",
                marker.block, marker.start,
            ))
        last[marker.level] = marker
    return problems
