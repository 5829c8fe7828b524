"""A template's data sheet: title, 填报单位 line, one header row, the data area, a totals row."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from ..resources import load_datasets
from ..template_columns import TemplateColumn, department_names, template_columns
from . import styles as S
from .options import TemplateOptions
from .texts import example, month_values
from .validation import column_validation

TITLE_ROW, UNIT_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1  # the totals row where a sheet has one, else the first data row
UNIT_LABEL = "填报单位："
TOTAL_LABEL = "合计"
#: Column kinds the totals row sums (counts and amounts of money; indicator values mix units).
SUMMED = ("whole", "money")


@dataclass(frozen=True)
class DataSheet:
    """What was written on a data sheet: where its parts are, for the notes and the info sheet."""

    name: str
    dataset: str
    columns: tuple[TemplateColumn, ...]
    header_row: int
    first_row: int
    last_row: int
    totals_row: int | None


def sheet_title(dataset: str, taken: set[str]) -> str:
    """A sheet name for a dataset: its title (datasets.csv), without the characters Excel refuses."""
    name = "".join(ch for ch in load_datasets()[dataset].title if ch not in "[]:*?/\\")[:31] or dataset[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]}{n}"
        n += 1
    return name


def write_data_sheet(ws: Worksheet, dataset: str, department: str, options: TemplateOptions,
                     list_formula: Callable[[tuple[str, ...], str], str]) -> DataSheet:
    """Fill ``ws`` with a dataset's data sheet; ``list_formula`` gives a dropdown's source."""
    columns = template_columns(dataset)
    year = options.year
    sums = [i for i, c in enumerate(columns, start=1) if c.kind in SUMMED]
    # The totals row sits under the header, so the rows below it end with the last one filled in:
    # nothing after the data makes a printer (or LibreOffice's used area) run to the 500th row.
    totals = FIRST_DATA_ROW if sums else None
    first = FIRST_DATA_ROW + 1 if sums else FIRST_DATA_ROW
    last = first + options.rows - 1
    title = ws.cell(TITLE_ROW, 1, sheet_heading(options, load_datasets()[dataset].title))
    title.font = S.TITLE
    ws.row_dimensions[TITLE_ROW].height = 24
    ws.cell(UNIT_ROW, 1, UNIT_LABEL).font = S.BOLD
    unit = ws.cell(UNIT_ROW, 2, department or None)
    unit.font = S.BOLD
    if not department:  # a blank template: the unit is chosen from the list
        unit.protection = S.UNLOCKED
        unit.border = S.BORDER
        dv = column_validation(_unit_column(), year, list_formula(department_names(), "填报单位"))
        dv.add(unit.coordinate)
        ws.add_data_validation(dv)
    ws.row_dimensions[HEADER_ROW].height = 32
    for index, col in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = ws.cell(HEADER_ROW, index, col.label)
        head.font = S.REQUIRED if col.required else S.HEADER
        head.fill, head.border, head.alignment = S.HEADER_FILL, S.BORDER, S.CENTER
        proto = ws.cell(first, index)
        proto.protection = S.UNLOCKED  # no border: a filled row gets one (conditional format below)
        proto.number_format = S.NUMBER_FORMATS.get(col.kind, "General")
        for r in range(first + 1, last + 1):  # the same style for the whole data area, set once
            ws.cell(r, index)._style = copy(proto._style)
        values = month_values(year) if col.kind == "month" else col.values
        source = list_formula(values, col.label) if col.kind in ("list", "yesno", "month") else None
        dv = column_validation(col, year, source)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)
        shown = [col.label, example(col, year)]
        if col.kind in ("list", "yesno", "month"):
            shown += list(values)
        ws.column_dimensions[letter].width = S.fitted_width(shown, least=10 if col.kind == "date" else 8, most=36)
    if totals:
        label_at = next((i for i in range(1, len(columns) + 1) if i not in sums), None)
        for index in range(1, len(columns) + 1):
            cell = ws.cell(totals, index)
            cell.fill, cell.border, cell.font = S.TOTAL_FILL, S.BORDER, S.BOLD
            if index == label_at:
                cell.value = TOTAL_LABEL
            elif index in sums:
                letter = get_column_letter(index)
                cell.value = f"=SUM({letter}{first}:{letter}{last})"
                cell.number_format = S.NUMBER_FORMATS[columns[index - 1].kind]
    end = get_column_letter(len(columns))
    ws.conditional_formatting.add(f"A{first}:{end}{last}", FormulaRule(
        formula=[f"COUNTA($A{first}:${end}{first})>0"], border=S.BORDER, stopIfTrue=False))
    ws.freeze_panes = ws.cell(first, 1).coordinate
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False, insertRows=False)
    set_printing(ws, len(columns), first, last, department)
    return DataSheet(ws.title, dataset, columns, HEADER_ROW, first, last, totals)


def sheet_heading(options: TemplateOptions, title: str) -> str:
    """The title row of a data sheet: the district, the dataset and which year's data it collects."""
    return f"{options.district}{title}（报送 {options.year} 年数据）"


def print_area_formula(sheet: str, columns: int, first: int, last: int) -> str:
    """A print area that grows with the data: the title, the header and the rows filled so far.

    Excel evaluates a ``Print_Area`` name given as a formula when it prints, so the 500 empty rows
    a template offers are not printed; the rows down to the last one with anything in it are.
    """
    quoted = "'" + sheet.replace("'", "''") + "'"
    end = get_column_letter(columns)
    area = f"{quoted}!$A${first}:${end}${last}"
    filled = f'SUMPRODUCT(MAX(({area}<>"")*ROW({area})))'
    return f"OFFSET({quoted}!$A$1,0,0,MAX({first - 1},{filled}),{columns})"


def set_printing(ws: Worksheet, columns: int, first: int, last: int, department: str) -> None:
    """Print settings of a data sheet: landscape A4 one page wide, the header repeated on every page,
    the printed rows those filled (see print_area_formula), a footer with the page and the unit."""
    ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
    ws.defined_names["_xlnm.Print_Area"] = DefinedName(
        "_xlnm.Print_Area", attr_text=print_area_formula(ws.title, columns, first, last))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.left.text = f"{UNIT_LABEL}{department}" if department else UNIT_LABEL + "见表头"
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"
    ws.evenFooter.left.text, ws.evenFooter.right.text = ws.oddFooter.left.text, ws.oddFooter.right.text


def _unit_column() -> TemplateColumn:
    return TemplateColumn(field="department", label="填报单位", kind="list", required=True,
                          values=department_names(), strict=True)
