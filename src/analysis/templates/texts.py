"""The Chinese a template shows for a column: what to write, an example, how personal data is kept."""

from __future__ import annotations

from ..template_columns import TemplateColumn

#: Longest text a free-text cell accepts (the cleaner keeps longer texts, but no form needs them).
TEXT_LIMIT = 255
NAME_LIMIT = 30
#: How many years before the template year a year column accepts (近三年 forms report earlier years).
YEARS_BACK = 5
PERSONAL_NOTE = ("姓名、身份证号只用于生成加密的人员编码（带密钥的哈希，不可还原），"
                 "清洗后的数据中不保留姓名和身份证号。")
_ID_EXAMPLE = "18位数字，末位可为X"  # its shape only: never a number that could be a real person's


def month_values(year: int) -> tuple[str, ...]:
    """The twelve months of a year as a month column offers them: 2025年1月 … 2025年12月."""
    return tuple(f"{year}年{m}月" for m in range(1, 13))


def listed(values: tuple[str, ...], limit: int = 120) -> str:
    """Values joined by 、, shortened with a count when the text would pass ``limit`` characters."""
    text = "、".join(values)
    if len(text) <= limit:
        return text
    shown = []
    for v in values:
        if len("、".join([*shown, v])) > limit - 12:
            break
        shown.append(v)
    return "、".join(shown) + f"等{len(values)}项（完整列表见“填表说明”）"


def requirement(col: TemplateColumn, year: int, limit: int = 120) -> str:
    """What a cell of the column must hold, in one sentence."""
    kind = col.kind
    if kind == "date":
        return f"填写{year}年内的日期（{year}-01-01 至 {year}-12-31），如 {year}-03-15"
    if kind == "month":
        return f"从下拉列表中选择月份（{year}年1月至{year}年12月）"
    if kind == "whole":
        return "填写不小于0的整数，不写“余”“约”等字样和单位"
    if kind == "money":
        unit = col.unit or "元"
        return f"填写不小于0的金额，单位为{unit}（已写在表头），最多两位小数，如 {example(col, year)}；不写“{unit}”字样"
    if kind == "value":
        return "填写不小于0的数值，可带小数，如 5275.57；单位写在“计量单位”列，不写在本列"
    if kind == "year":
        return f"填写数据所属年度（四位数字，{year - YEARS_BACK}–{year}），如 {year}"
    if kind == "percent":
        return "填写0%–100%的百分比，如 98.5%（单元格为百分比格式，直接输入 98.5 即为 98.5%）"
    if kind == "score":
        return "填写0–100的分数，可带一位小数，如 92.5"
    if kind == "yesno":
        return f"从下拉列表中选择“{col.values[0]}”或“{col.values[1]}”"
    if kind == "list":
        extra = "；列表中没有的可直接填写" if not col.strict else ""
        return f"从下拉列表中选择：{listed(col.values, limit)}{extra}"
    if kind == "multi":
        return f"可填写多项，用“{col.separator}”分隔；可选：{listed(col.values, limit)}"
    if kind == "name":
        return f"填写姓名，不超过{NAME_LIMIT}个字"
    if kind == "id":
        return "填写18位身份证号（末位可为X）；本列为文本格式，请勿改为数字"
    if kind == "phone":
        return "填写手机号或座机号"
    return f"填写文字，不超过{TEXT_LIMIT}个字"


def example(col: TemplateColumn, year: int) -> str:
    """An example value: field_notes.csv's, else one made from the column's kind and values."""
    if col.example:
        return col.example
    kind = col.kind
    if kind == "date":
        return f"{year}-03-15"
    if kind == "month":
        return month_values(year)[2]
    if kind == "percent":
        return "98.5%"
    if kind == "score":
        return "92.5"
    if kind == "whole":
        return "10"
    if kind == "money":
        return "12500.00"
    if kind == "value":
        return "5275.57"
    if kind == "year":
        return str(year)
    if kind in ("list", "yesno") and col.values:
        return col.values[0]
    if kind == "multi" and col.values:
        return col.separator.join(col.values[:2])
    if kind == "id":
        return _ID_EXAMPLE
    return ""


def meaning(col: TemplateColumn) -> str:
    """What the column holds (field_notes.csv, else its label), with the personal-data note."""
    text = col.meaning or col.label
    return f"{text}。个人信息保护：{PERSONAL_NOTE}" if col.personal else text
