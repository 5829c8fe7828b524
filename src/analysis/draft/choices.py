"""The writer's choices, kept beside the draft (``<draft>.核对记录.csv``): for a number the checker
could not read alone (需人工核对), which of the readings it meant. A re-check after edits reads the
file, so a number once decided stays quiet while it holds.

A number is known by its clue: the words of its clause before it and its measure word, so that
changing the number itself (or text elsewhere) keeps the choice.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .findings import CheckResult
    from .generated import Context
    from .quantities import Quantity

COLUMNS = ("线索", "章节", "句子", "原文数字", "候选读法", "候选代码", "选择")
CHOICE_HELP = "在“选择”列填候选读法的序号（1、2、3），保存后重新核对"
NOISE = re.compile(r"[\s\d,.，。、：:；;“”\"()（）]")

Choices = dict[str, str]


def choices_path(draft: Path) -> Path:
    """The choices file of a draft: 稿.docx → 稿.docx.核对记录.csv, beside it."""
    return draft.with_name(draft.name + ".核对记录.csv")


def choice_key(ctx: Context, q: Quantity) -> str:
    """The clue of a number: the last words of its clause before it, and its measure word."""
    words = NOISE.sub("", ctx.before)[-12:]
    return f"{words}|{q.unit}|{q.rule}"


def load_choices(path: Path) -> Choices:
    """Return clue → chosen reading code of a choices file (empty when there is none)."""
    if not path.is_file():
        return {}
    out: Choices = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                pick = (row.get("选择") or "").strip()
                codes = (row.get("候选代码") or "").split(" ; ")
                if pick.isdigit() and 1 <= int(pick) <= len(codes) and codes[int(pick) - 1]:
                    clue = row.get("线索") or ""
                    if clue[:1] == "'" and clue[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                        clue = clue[1:]  # neutralised for Excel when written (files.write_csv)
                    out[clue] = codes[int(pick) - 1]
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return out


def write_choices(result: CheckResult, path: Path, kept: Choices) -> Path | None:
    """Write the numbers that need the writer's decision, keeping earlier choices; None when none."""
    from .verdicts import REVIEW

    rows = []
    seen = set()
    for f in result.findings:
        if f.clue in seen:
            continue
        if f.verdict == REVIEW and f.options:
            codes = [c.reading.key if c.reading.measure != "metric" else c.reading.column for c in f.options]
            rows.append([f.clue, f.section or "（开头）", f.sentence, f.text, f.options_text, " ; ".join(codes), ""])
            seen.add(f.clue)
        elif f.clue in kept and f.reading_key:
            rows.append([f.clue, f.section or "（开头）", f.sentence, f.text, f"1. {f.reading}", kept[f.clue], "1"])
            seen.add(f.clue)
    if not rows and not path.exists():
        return None
    import pandas as pd

    from ..files import write_csv  # atomic, text Excel would run neutralised, the privacy check

    return write_csv(pd.DataFrame(rows, columns=list(COLUMNS), dtype=object), path)
