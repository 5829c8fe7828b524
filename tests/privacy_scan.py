"""Find which of many personal values (names, identity and phone numbers) occur in output texts.

A plain ``value in text`` for thousands of values over megabytes of output is slow; here every
value of Chinese characters (or of letters and digits) is looked up among the same-length
windows of the Chinese (or letter-and-digit) runs of a text, with the same result as ``in``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_CLASSES = (re.compile(r"[\u3400-\u9fff·]+"), re.compile(r"[0-9A-Za-z]+"))


def find_values(values: Iterable[str], text: str) -> set[str]:
    """Return the values that occur in ``text`` as substrings."""
    by_class: list[dict[int, set[str]]] = [defaultdict(set) for _ in _CLASSES]
    others = set()
    for value in values:
        for i, pattern in enumerate(_CLASSES):
            if pattern.fullmatch(value):
                by_class[i][len(value)].add(value)
                break
        else:
            others.add(value)
    found = {v for v in others if v in text}
    for pattern, lengths in zip(_CLASSES, by_class, strict=True):
        if not lengths:
            continue
        for run in pattern.findall(text):
            for length, wanted in lengths.items():
                for start in range(len(run) - length + 1):
                    window = run[start : start + length]
                    if window in wanted:
                        found.add(window)
    return found
