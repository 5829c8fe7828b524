"""Data validation for a template column: the check, a Chinese input message and error alert."""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from ..template_columns import TemplateColumn
from .texts import NAME_LIMIT, PERSONAL_NOTE, TEXT_LIMIT, YEARS_BACK, requirement

#: Excel's limits: an inline list (its values joined by commas), titles, and message texts.
INLINE_LIST_LIMIT = 255
TITLE_LIMIT = 32
MESSAGE_LIMIT = 255


def inline_list(values: tuple[str, ...]) -> str | None:
    """The formula of an inline dropdown list, or None when the values need the lookup sheet."""
    text = ",".join(values)
    if len(text) > INLINE_LIST_LIMIT or any("," in v or '"' in v for v in values):
        return None
    return f'"{text}"'


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_validation(col: TemplateColumn, year: int, list_formula: str | None = None) -> DataValidation:
    """The validation of one column; ``list_formula`` gives a dropdown's source (inline or lookup range)."""
    kind = col.kind
    style = "stop"
    if kind in ("list", "yesno", "month"):
        dv = DataValidation(type="list", formula1=list_formula)
        style = "stop" if col.strict or kind != "list" else "warning"
    elif kind == "date":
        dv = DataValidation(type="date", operator="between", formula1=f"DATE({year},1,1)",
                            formula2=f"DATE({year},12,31)")
    elif kind == "whole":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    elif kind in ("money", "value"):  # any amount ≥ 0; money shows two decimals (number format)
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    elif kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1=str(year - YEARS_BACK), formula2=str(year))
    elif kind == "percent":  # stored as a fraction in a percent-formatted cell: 0%–100%
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
    elif kind == "score":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    elif kind == "id":
        dv = DataValidation(type="textLength", operator="equal", formula1="18")
    elif kind == "name":
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(NAME_LIMIT))
    elif kind == "phone":
        dv = DataValidation(type="textLength", operator="between", formula1="7", formula2="20")
    else:  # text and multi-value columns
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(TEXT_LIMIT))
    need = requirement(col, year, limit=90)
    prompt = f"{need}。个人信息保护：{PERSONAL_NOTE}" if col.personal else need
    dv.allow_blank = True
    dv.showInputMessage = dv.showErrorMessage = True
    dv.promptTitle = _clip(col.label + ("（必填）" if col.required else ""), TITLE_LIMIT)
    dv.prompt = _clip(prompt, MESSAGE_LIMIT)
    dv.errorTitle = _clip(f"“{col.label}”填写有误", TITLE_LIMIT)
    if kind == "multi":
        need = f"{need}（不超过{TEXT_LIMIT}个字）"
    dv.error = _clip(f"{need}。" + ("是否仍要填写这个值？" if style == "warning" else "请重新输入。"), MESSAGE_LIMIT)
    dv.errorStyle = style
    return dv
