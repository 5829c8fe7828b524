"""Ids where people read: what a program names (dataset, rule, manifest field) left in an output.

An id is a lower-case ASCII word in snake_case (``publicity_events``, ``replaced_by``,
``not_a_workbook``) or one of the short ids the project defines (wording rules such as ``yu``,
``exact``; file formats such as ``text``, ``corrupt``), standing alone in a table cell, a header,
a caption or a line. Tests scan people-facing outputs with these functions.
"""

from __future__ import annotations

import html
import re

from analysis.report.labels import rule_labels
from analysis.resources import load_datasets

SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
#: Short ids that are no snake_case word: wording rules, a file's kind and status.
SHORT = {"yu", "exact", "over", "near", "pct", "yoy", "period", "range", "approx", "under", "text",
         "encrypted", "corrupt", "document", "binary", "superseded", "duplicate", "format", "status",
         "sheets", "error", "path", "dataset", "department", "rule"}


def known_ids() -> set[str]:
    """Every id the project defines that people must not read: datasets, rules, the short ones."""
    return set(load_datasets()) | set(rule_labels()) | SHORT


def ids_in_cells(values) -> list[str]:
    """The values (cells, headers, captions) that are an id, and nothing else."""
    ids = known_ids()
    found = []
    for value in values:
        if not isinstance(value, str):
            continue
        text = value.strip()
        if text in ids or SNAKE.fullmatch(text):
            found.append(text)
    return found


def html_cells(page: str) -> list[str]:
    """The texts of every table cell and header, and every figure caption, of an HTML page."""
    cells = re.findall(r"<(?:td|th|figcaption)[^>]*>(.*?)</(?:td|th|figcaption)>", page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]
