"""What people read: Chinese names for columns, rules, datasets and metrics, and text widths."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Headers of the closing table of each section (columns of metrics.report_table).
REPORT_TABLE_HEADERS = {
    "id": "编号",
    "metric": "指标",
    "label": "指标名称",
    "snippet": "报告表述",
    "claimed": "报告数值",
    "unit": "单位",
    "rule": "表述规则",
    "value": "计算值",
    "holds": "是否相符",
    "sources": "数据来源",
    "note": "说明",
}

#: Chinese headers for column names that recur across tables (the report table's first).
DEFAULT_HEADERS = {
    **REPORT_TABLE_HEADERS,
    "numerator": "分子",
    "denominator": "分母",
    "department": "单位",
    "dataset": "数据集",
    "source_file": "来源文件",
    "source_sheet": "工作表",
    "source_row": "行号",
    "severity": "级别",
    "message": "问题说明",
    "cell": "单元格",
    "reason": "原因",
    "count": "数量",
    "rows": "行数",
    "share": "占比",
    "month": "月份",
    "quarter": "季度",
    "category": "活动类型",
    "audience": "对象",
    "street": "街道",
    "events": "活动场次",
    "materials": "发放材料（份）",
    "people_reached": "覆盖人数（人次）",
    "people_per_event": "场均覆盖人数",
    "platform": "平台",
    "account": "账号",
    "videos": "作品数（条）",
    "views": "播放量",
    "likes": "点赞",
    "shares": "转发",
    "enforcement_unit": "执法单位",
    "case_type": "案件类型",
    "grade": "等次",
    "score": "得分",
    "reviewer": "评查人",
    "defects": "存在问题",
    "files": "案卷数（本）",
    "filings": "备案次数",
    "enforcement_staff": "执法人员数",
    "legal_review_staff": "法制审核人员数",
    "venue": "司法所",
    "sessions": "场次",
    "attendees": "参加人数",
    "passed": "达标人数",
    "pass_rate": "达标率",
    "service_type": "服务类型",
    "persons": "人数",
    "person_times": "人次",
    "path": "文件",
    "format": "格式",
    "status": "状态",
    "sheets": "工作表数",
    "replaced_by": "被替换为",
    "error": "错误",
    "risk_level": "风险等级",
}

#: A file's real format (intake/reading/reading.py, intake/reading/other_files.py) as people call it.
FORMAT_NAMES = {
    "xlsx": "Excel 工作簿（xlsx）", "xls": "Excel 97-2003 工作簿（xls）", "xlsb": "Excel 二进制工作簿（xlsb）",
    "ods": "OpenDocument 表格（ods）", "text": "文本文件", "encrypted": "加密文件", "corrupt": "已损坏的文件",
    "docx": "Word 文档", "doc": "Word 文档", "document": "Word 文档", "zip": "压缩包", "archive": "压缩包",
    "empty": "空文件", "binary": "无法识别的文件", "pdf": "PDF 文件", "image": "图片", "presentation": "演示文稿",
    "other": "其他文件",
}


@lru_cache(maxsize=1)
def rule_labels() -> dict[str, tuple[str, str]]:
    """Wording rule id → (short Chinese label, what it means), from resources/rule_labels.csv."""
    from ..resources import read_csv_rows

    return {r["rule"]: (r["label"], r["meaning"]) for r in read_csv_rows("rule_labels.csv")}


def rule_label(rule: object, meaning: bool = False) -> str:
    """The Chinese name of a wording rule ('yu' → '“余”'), with what it means when asked."""
    label, text = rule_labels().get(str(rule), ("", ""))
    if not label:
        return "" if rule is None or str(rule) in ("nan", "None") else str(rule)
    return f"{label}（{text}）" if meaning and text and text != label else label


#: Wording rule id → its Chinese name (resources/rule_labels.csv).
RULE_NAMES = {rule: label for rule, (label, _) in rule_labels().items()}


def display_width(text: str) -> int:
    """Width of ``text`` in Excel character units: CJK and full-width characters count 2."""
    width = 0
    for ch in str(text):
        width += 2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1
    return width


@lru_cache(maxsize=1)
def dataset_titles() -> dict[str, str]:
    """Dataset id → its Chinese title (datasets.csv)."""
    from ..resources import load_datasets

    return {name: spec.title for name, spec in load_datasets().items()}


def dataset_title(name: str, with_id: bool = False) -> str:
    """The Chinese title of a dataset ('普法活动台账'), optionally with its id beside it."""
    title = dataset_titles().get(str(name), "")
    if not title:
        return str(name)
    return f"{title}（{name}）" if with_id else title


@lru_cache(maxsize=1)
def metric_labels() -> dict[str, str]:
    """Metric id → its Chinese label (metrics.yaml)."""
    from ..resources import load_metric_definitions

    return {m: d.get("label", m) for m, d in load_metric_definitions().items()}


def metric_label(metric: str, with_id: bool = False) -> str:
    """The Chinese label of a metric, optionally with its id beside it."""
    label = metric_labels().get(str(metric), "")
    if not label:
        return str(metric)
    return f"{label}（{metric}）" if with_id else label


def column_label(column: str, headers: dict[str, str] | None = None) -> str:
    """The Chinese header of a column: ``headers``, the recurring ones, else a field's label."""
    if headers and column in headers:
        return headers[column]
    if column in DEFAULT_HEADERS:
        return DEFAULT_HEADERS[column]
    return field_labels().get(str(column), str(column))


@lru_cache(maxsize=1)
def field_labels() -> dict[str, str]:
    """Column name → the label fields.csv gives it (the first dataset that has it)."""
    from ..resources import load_fields

    out: dict[str, str] = {}
    for fields in load_fields().values():
        for column, f in fields.items():
            if not column.startswith("_"):
                out.setdefault(column, f.label)
    return out


def value_labels(column: str):
    """How a column's ids read for people (dataset → title, rule → name, format → name), else None."""
    if column == "dataset":
        return dataset_title
    if column == "rule":
        return rule_label
    if column == "format":
        return lambda value: FORMAT_NAMES.get(str(value), value)
    return None


def readable_values(frame):
    """A copy of ``frame`` with ids people would read turned into Chinese (datasets, rules, formats),
    and a columns axis named by an id given its Chinese name."""
    import pandas as pd

    shown = frame.copy()
    for column in shown.columns:
        label = value_labels(str(column))
        if label is not None and not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = [label(v) if isinstance(v, str) and v else v for v in shown[column]]
    if shown.columns.name is not None:
        shown.columns.name = DEFAULT_HEADERS.get(str(shown.columns.name), shown.columns.name)
    return shown
