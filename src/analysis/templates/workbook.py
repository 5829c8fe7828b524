"""One template workbook: 填表说明, a data sheet per dataset, the hidden lookup and info sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.protection import SheetProtection

from .. import __version__
from ..contract import (
    TEMPLATE_INFO_SHEET,
    TEMPLATE_LOOKUP_SHEET,
    TEMPLATE_MARK,
    TEMPLATE_NOTES_SHEET,
)
from ..personal import guard_file
from ..template_columns import contract_version
from . import styles as S
from .datasheet import DataSheet, sheet_title, write_data_sheet
from .notes import write_notes_sheet
from .options import TemplateOptions
from .plan import WorkbookPlan
from .validation import inline_list

_FIXED_TIME = dt.datetime(2025, 1, 1)  # byte-stable workbooks: the same contract gives the same file


class Lookup:
    """The hidden sheet of dropdown lists too long to write inline: one column per list."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.ws = None
        self.ranges: dict[tuple[str, ...], str] = {}

    def formula(self, values: tuple[str, ...], name: str) -> str:
        """The source of a dropdown: an inline list, else a range of the lookup sheet."""
        inline = inline_list(values)
        if inline is not None:
            return inline
        if values not in self.ranges:
            if self.ws is None:
                self.ws = self.wb.create_sheet(TEMPLATE_LOOKUP_SHEET)
            column = len(self.ranges) + 1
            letter = get_column_letter(column)
            self.ws.cell(1, column, name).font = S.BOLD
            for row, value in enumerate(values, start=2):
                self.ws.cell(row, column, value)
            self.ws.column_dimensions[letter].width = S.fitted_width(list(values))
            self.ranges[values] = f"'{TEMPLATE_LOOKUP_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        return self.ranges[values]


def info_rows(sheets: list[DataSheet], department: str, options: TemplateOptions,
              parts: dict[str, str]) -> list[list[str]]:
    """The rows of the info sheet (工作表 | 项目 | 值 | 字段): what the cleaner reads back."""
    rows = [["工作表", "项目", "值", "字段"],
            ["", "template", TEMPLATE_MARK, ""],
            ["", "year", str(options.year), ""],
            ["", "department", department, ""],
            ["", "generator", f"analysis {__version__}", ""]]
    rows += [[name, "part", part, ""] for name, part in parts.items()]
    for s in sheets:
        rows += [[s.name, "dataset", s.dataset, ""],
                 [s.name, "version", contract_version(s.dataset), ""],
                 [s.name, "header_row", str(s.header_row), ""]]
        rows += [[s.name, "column", c.label, c.field] for c in s.columns]
    return rows


def write_template(path: Path, plan: WorkbookPlan, options: TemplateOptions) -> list[DataSheet]:
    """Write one template workbook; return its data sheets."""
    wb = Workbook()
    notes = wb.active
    notes.title = TEMPLATE_NOTES_SHEET
    lookup = Lookup(wb)
    sheets: list[DataSheet] = []
    taken = {TEMPLATE_NOTES_SHEET, TEMPLATE_INFO_SHEET, TEMPLATE_LOOKUP_SHEET}
    for dataset in plan.datasets:
        ws = wb.create_sheet(sheet_title(dataset, taken))
        taken.add(ws.title)
        sheets.append(write_data_sheet(ws, dataset, plan.department, options, lookup.formula))
    write_notes_sheet(notes, sheets, plan.department, options)
    info = wb.create_sheet(TEMPLATE_INFO_SHEET)
    parts = {TEMPLATE_NOTES_SHEET: "notes", **{s.name: "data" for s in sheets}, TEMPLATE_INFO_SHEET: "info"}
    if lookup.ws is not None:
        parts[TEMPLATE_LOOKUP_SHEET] = "lookup"
        wb.move_sheet(lookup.ws, offset=len(wb.sheetnames))
    for row in info_rows(sheets, plan.department, options, parts):
        info.append(row)
    for ws in (info, lookup.ws):
        if ws is not None:
            ws.sheet_state = "veryHidden"
            ws.protection = SheetProtection(sheet=True)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    _set_properties(wb, sheets, plan.department, options)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    guard_file(path)  # the last check: no personal data in anything we write
    return sheets


def _set_properties(wb: Workbook, sheets: list[DataSheet], department: str, options: TemplateOptions) -> None:
    """Document properties: title and fixed times; custom properties repeat the info sheet's key facts."""
    props = wb.properties
    props.title = f"{options.district}{options.year}年报送模板" + (f"（{department}）" if department else "")
    props.creator = props.lastModifiedBy = "analysis"
    props.created = props.modified = _FIXED_TIME
    for name, value in (("模板", TEMPLATE_MARK), ("年度", str(options.year)), ("单位", department),
                        ("数据集", ";".join(s.dataset for s in sheets)),
                        ("约定版本", ";".join(contract_version(s.dataset) for s in sheets))):
        if value:
            wb.custom_doc_props.append(StringProperty(name=name, value=value))
