"""Cell styles of the templates, and column widths fitted to Chinese text."""

from __future__ import annotations

import math
import unicodedata

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER = Font(bold=True)
REQUIRED = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)
#: Number formats of data cells by column kind (text columns stay text: 001 and ID numbers survive).
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "percent": "0.0%", "score": "0.0", "whole": "0",
                  "money": "0.00", "value": "General", "year": "0",
                  "id": "@", "name": "@", "text": "@", "multi": "@", "phone": "@"}


def display_width(text: str) -> int:
    """Width of a text in Excel's column units: two for a Chinese (wide) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def fitted_width(texts: list[str], least: int = 8, most: int = 40) -> float:
    """A column width that shows the widest of ``texts`` (within ``least`` … ``most``)."""
    widest = max((display_width(t) for t in texts if t), default=0)
    return float(min(max(widest + 2, least), most))


def wrapped_height(texts, widths, line: float = 15.0) -> float:
    """Row height (points) that shows every text wrapped in its column (LibreOffice does not grow rows)."""
    lines = max((math.ceil(display_width(t) / (w * 1.1)) for t, w in zip(texts, widths, strict=False) if t),
                default=1)
    return line * max(lines, 1)
