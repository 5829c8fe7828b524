"""Month labels of header cells: the month columns of wide tables (1月, 2025年3月, 十二月份)."""

from __future__ import annotations

import re

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
