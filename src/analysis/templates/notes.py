"""A template's 填表说明 sheet: deadline, contact, how to fill in, and every column explained."""

from __future__ import annotations

from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from ..resources import load_datasets
from ..template_columns import contract_version
from . import styles as S
from .datasheet import DataSheet
from .options import TemplateOptions
from .texts import PERSONAL_NOTE, example, meaning, requirement

COLUMNS = ("列名", "必填", "含义", "计量单位", "填写要求", "示例")
WIDTHS = (18, 6, 44, 8, 52, 28)


def general_rules(sheets: list[DataSheet], options: TemplateOptions) -> list[str]:
    """The numbered rules of filling in, for the sheets of one workbook."""
    rows = options.rows
    rules = [
        "在各数据工作表中，从表头（有合计行的表从合计行）下方第一行起逐行填写，一行一条记录，中间不要留空行。",
        "不要修改标题行、填报单位行和表头，不要增删列、合并单元格或改工作表名称；表头为红色的列必须填写。",
        "选中单元格时会显示该列的填写要求；带下拉箭头的列请从列表中选择；填写不符合要求时会弹出提示。",
        f"本模板收集 {options.year} 年的数据：日期填写{options.year}年内的日期；数量填写不小于0的整数，"
        "不写“余”“约”等字样和单位；金额按表头的单位填写，最多两位小数；百分比填写0%–100%。",
        f"每张表预留{rows}行；不够时可在数据区内插入行，下拉列表和合计公式随之扩展；打印时只打印表头和已填写的行。",
        "从其他表格复制时请用“选择性粘贴 → 数值”：直接粘贴的内容不经过下拉列表和格式检查，粘贴后请逐列核对。",
        "工作表已保护（未设密码），以免误改表头；请直接在本文件中填写，保存为 .xlsx 后报送，不要另存为其他格式，不要加密。",
    ]
    if any(s.totals_row for s in sheets):
        rules.insert(4, "表头下方的合计行由公式自动计算，不用填写。")
    return [f"{n}. {text}" for n, text in enumerate(rules, start=1)]


def write_notes_sheet(ws: Worksheet, sheets: list[DataSheet], department: str, options: TemplateOptions) -> None:
    """Fill the 填表说明 sheet for the data sheets of one workbook."""
    year = options.year
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    who = department or "空白模板，请在各表的“填报单位”中选择本单位"
    lines: list[tuple[str, object]] = [
        (f"填表说明：{options.district}报送模板（{who}），报送 {year} 年数据", S.TITLE),
        (f"报送截止时间：{options.deadline}", S.BOLD),
        (f"联系人：{options.contact}", S.BOLD),
        ("本文件包含的工作表：" + "、".join(s.name for s in sheets), None),
        ("", None),
        ("填写要求", S.BOLD),
        *[(rule, None) for rule in general_rules(sheets, options)],
    ]
    if any(c.personal for s in sheets for c in s.columns):
        lines += [("", None), ("个人信息保护", S.BOLD), (PERSONAL_NOTE, None),
                  ("请勿在其他列（如备注、活动名称）中填写身份证号、电话等个人信息，这类内容在清洗时会被隐去；"
                   "含个人信息的文件请按本单位保密要求传送。", None)]
    row = 1
    for text, font in lines:
        cell = ws.cell(row, 1, text or None)
        if font is not None:
            cell.font = font
        row += 1
    for sheet in sheets:
        spec = load_datasets()[sheet.dataset]
        row += 1
        name = f"工作表“{sheet.name}”" + (f"（{spec.title}）" if spec.title != sheet.name else "")
        ws.cell(row, 1, f"【{name}】数据集 {sheet.dataset}，模板版本 {contract_version(sheet.dataset)}").font = S.BOLD
        row += 1
        for i, text in enumerate(COLUMNS, start=1):
            cell = ws.cell(row, i, text)
            cell.font, cell.fill, cell.border, cell.alignment = S.HEADER, S.HEADER_FILL, S.BORDER, S.CENTER
        for col in sheet.columns:
            row += 1
            values = (col.label, "是" if col.required else "", meaning(col), col.unit,
                      requirement(col, year, limit=400), example(col, year))
            for i, value in enumerate(values, start=1):
                cell = ws.cell(row, i, value or None)
                cell.border, cell.alignment = S.BORDER, S.WRAP
                if i == 1 and col.required:
                    cell.font = S.REQUIRED
            ws.row_dimensions[row].height = S.wrapped_height(values, WIDTHS)
        row += 1
        label = ws.cell(row, 1, "示例行（按表头顺序）")
        label.font, label.alignment = S.BOLD, S.WRAP
        text = "｜".join(f"{c.label}：{example(c, year) or '（不填）'}" for c in sheet.columns)
        cell = ws.cell(row, 3, text)
        cell.alignment = S.WRAP
        ws.row_dimensions[row].height = S.wrapped_height([text], [WIDTHS[2]])
        row += 1
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
