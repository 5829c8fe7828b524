"""Repeated column groups: one row per school (case, event) with two or more people side by side.

法治副校长1 / 姓名 · 身份证号 · 工作单位, 法治副校长2 / 姓名 · 身份证号 · 工作单位; or 律师甲, 单位甲, 律师乙,
单位乙: the same headers but for an ordinal (1 2 3, 一 二 三, 甲 乙 丙, A B C, in brackets or not). Where
the dataset's record is a person (it has a ``person_key``) and the first group binds that person,
every further group is read as one more record: the first group's column map, with each column
replaced by its twin of the group, and the columns outside the groups (学校名称) shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...resources import fields_for

_ORDINALS = {**{str(n): n for n in range(1, 10)},
             **{c: n for n, c in enumerate("一二三四五六七八九", start=1)},
             **{c: n for n, c in enumerate("甲乙丙丁戊己庚辛壬", start=1)},
             **{c: n for n, c in enumerate("ABCDEFGHI", start=1)}}
_TAIL = re.compile(r"^(?P<stem>.*?[^\d\s])\s*[（(]?第?(?P<ord>[1-9一二三四五六七八九甲乙丙丁戊己庚辛壬A-Ia-i])[)）]?$")
# an ordinal inside a one-level header: 法治副校长（一）姓名, 副校长2单位 (bracketed, or a lone digit)
_INNER = re.compile(r"^(?P<stem>.*?[^\d\s（(])\s*(?:[（(]第?(?P<ord>[1-9一二三四五六七八九甲乙丙A-Ia-i])[)）]|(?<![年第])(?P<digit>[1-9])(?![月日季号期年次]))"
                    r"\s*(?P<tail>[^\d\s)）].*)$")
PERSONAL = ("_name", "_id_number")


@dataclass
class Groups:
    """The passes of a table's further groups, and where each further column's twin is."""

    passes: list[tuple[dict[int, str], list, dict]] = field(default_factory=list)
    twins: dict[int, int] = field(default_factory=dict)  # column of a further group → its first-group twin
    first: dict[int, str] = field(default_factory=dict)  # first-group columns read anew (a name: the person)


def split_ordinal(text: str) -> tuple[str, int] | None:
    """("法治副校长", 1) for 法治副校长1, 法治副校长（一）, 法治副校长甲; ("法治副校长 / 姓名", 1) for
    法治副校长（一）姓名 or 法治副校长1姓名; None without an ordinal."""
    m = _TAIL.match(text.strip())
    if m and len(m.group("stem").strip()) >= 2:
        return m.group("stem").strip(), _ORDINALS[m.group("ord").upper()]
    m = _INNER.match(text.strip())
    if not m or len(m.group("stem").strip()) < 2:
        return None
    return f"{m.group('stem').strip()} / {m.group('tail').strip()}", _ORDINALS[(m.group("ord") or m.group("digit")).upper()]


def column_key(text: str) -> tuple[str, int] | None:
    """A column's header without its ordinal, and the ordinal; each level of a two-level header
    (法治副校长1 / 姓名) may carry it."""
    parts = [p.strip() for p in text.split(" / ")]
    for pos, part in enumerate(parts):
        found = split_ordinal(part)
        if found is not None:
            stem, number = found
            return " / ".join([*parts[:pos], stem, *parts[pos + 1:]]), number
    return None


def find_groups(table, columns: dict[int, str], dataset: str) -> Groups | None:
    """The further groups of a table whose first group binds the dataset's person, else None."""
    spec = fields_for(dataset)
    if not any(f.type == "person_key" for f in spec.values()):
        return None
    keys = {c.index: k for c in table.columns if c.text and (k := column_key(c.text)) is not None}
    by_stem: dict[str, dict[int, int]] = {}
    for index, (stem, number) in keys.items():
        by_stem.setdefault(stem, {}).setdefault(number, index)
    stems = {s: where for s, where in by_stem.items() if len(where) >= 2 and min(where) == 1}
    if not stems:
        return None
    first = {where[1]: stem for stem, where in stems.items()}
    renamed = {}
    if not any(c in PERSONAL for c in columns.values()):
        # 副校长A holding names, read as a contact: in a roster of people side by side, it is the person
        renamed = {i: "_name" for i in first if columns.get(i) == "_contact"}
        columns = {**columns, **renamed}
    if not any(columns.get(i) in PERSONAL for i in first):
        return None
    numbers = sorted({n for where in stems.values() for n in where if n > 1})
    shared = {i: f for i, f in columns.items() if i not in keys}
    found = Groups()
    for number in numbers:
        group = {where[number]: where[1] for where in stems.values() if number in where and where[1] in columns}
        if not any(columns[twin] in PERSONAL for twin in group.values()):
            continue
        mapped = {**shared, **{i: columns[twin] for i, twin in group.items()}}
        rows = [(r, cells) for r, cells in table.data if any(_filled(cells, i) for i in group)]
        found.passes.append((mapped, rows, {}))
        found.twins.update(group)
    found.first = renamed
    return found if found.passes else None


def _filled(cells: list[object], index: int) -> bool:
    v = cells[index] if index < len(cells) else None
    return bool(v.strip()) if v.__class__ is str else v is not None
