"""Names the contract fixes (docs/datasets.md): provenance, issue and quarantine columns.

Kept free of heavy imports, so that the per-file workers can use them.
"""

PROVENANCE = ["source_file", "source_sheet", "source_row", "department"]
#: Columns of issues.csv.
ISSUE_COLUMNS = ["severity", "source_file", "source_sheet", "cell", "dataset", "message", "department", "code"]
#: Columns of quarantine.parquet: the dataset, provenance, the reason and the original cells (JSON).
QUARANTINE_COLUMNS = ["dataset", *PROVENANCE, "reason", "raw"]
#: column_map.csv: per file, sheet and column, the header as written and what it was read as.
COLUMN_MAP_COLUMNS = ["source_file", "source_sheet", "column", "header", "dataset", "field", "tier", "score",
                      "runner_up", "note"]
#: Matches an analyst should look at: bound by containment, similarity or the column's values,
#: not by a known synonym.
WEAK_TIERS = ("containment", "similarity", "values", "unit")
SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

# ---------------------------------------------------------------- submission templates
# (written by analysis.templates, recognised by intake/reading/templates.py; docs/datasets.md)

#: The hidden sheet that tells the cleaner what a template holds: rows of 工作表 | 项目 | 值 | 字段.
TEMPLATE_INFO_SHEET = "_模板信息"
#: The hidden sheet holding dropdown lists too long for an inline list (Excel allows 255 characters).
TEMPLATE_LOOKUP_SHEET = "_下拉选项"
#: The sheet explaining every column to the department.
TEMPLATE_NOTES_SHEET = "填表说明"
#: What the info sheet's 值 says in its ``template`` row: the sheet belongs to one of our templates.
TEMPLATE_MARK = "西市区法治建设工作报告报送模板"
#: Parts of a template, as the info sheet's ``part`` rows name them.
TEMPLATE_PARTS = ("data", "notes", "lookup", "info")


def template_file_name(department: str, year: int) -> str:
    """The file name of a department's template for a year: ``2025年报送模板_区司法局.xlsx``."""
    return f"{year}年报送模板_{department}.xlsx"


def blank_template_file_name(title: str, year: int) -> str:
    """The file name of a dataset's blank template: ``2025年空白模板_普法活动台账.xlsx``."""
    return f"{year}年空白模板_{title}.xlsx"
