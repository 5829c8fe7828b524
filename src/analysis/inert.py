"""Text stays text in every output: one helper per output kind.

Whatever a department wrote (cell text, sheet and file names) reaches HTML pages, Excel workbooks
and CSV files. Each writer passes it through the helper of its kind, so that it is shown as
written and never runs: escaped in HTML and Markdown (tables in notebooks: the Styler of
:func:`analysis.report.tables.styled`, with ``escape="html"``), a string (never a formula or a
link) in Excel, neutralised in CSV (:func:`analysis.files.neutralise_cell`, used by every CSV writer).
"""

from __future__ import annotations

import html
import os

#: XlsxWriter options: a string is a string (no formula, no link, no number guessed from text).
XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def xlsxwriter_workbook(target, options: dict | None = None):
    """An XlsxWriter workbook (on a path or a binary buffer) that writes every str as a string
    cell, never a formula or a URL."""
    import xlsxwriter

    if isinstance(target, os.PathLike):
        target = str(target)
    return xlsxwriter.Workbook(target, {**(options or {}), **XLSXWRITER_OPTIONS})


def set_text(cell, value: object) -> None:
    """Put ``value`` in an openpyxl cell; a str is always stored as a string, never as a formula
    (openpyxl makes a str starting with = a formula)."""
    cell.value = value
    if isinstance(value, str) and cell.data_type != "s":
        cell.data_type = "s"


def write_texts(sheet, row: int, values: list, column: int = 1) -> None:
    """Write a row of values into an openpyxl sheet from (row, column), strings as strings."""
    for offset, value in enumerate(values):
        set_text(sheet.cell(row=row, column=column + offset), value)


def escape_html(value: object) -> str:
    """Text for an HTML page: < > & and quotes escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def escape_html_in_markdown(markdown: str) -> str:
    """Narrative Markdown built from data, with every HTML character shown as text (a ``<script>``
    a department wrote stays text); Markdown emphasis (**bold**) is kept."""
    return markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
