"""Names the contract fixes (docs/datasets.md): provenance, issue and quarantine columns.

Kept free of heavy imports, so that the per-file workers can use them.
"""

PROVENANCE = ["source_file", "source_sheet", "source_row", "department"]
#: Columns of issues.csv.
ISSUE_COLUMNS = ["severity", "source_file", "source_sheet", "cell", "dataset", "message", "department"]
#: Columns of quarantine.parquet: the dataset, provenance, the reason and the original cells (JSON).
QUARANTINE_COLUMNS = ["dataset", *PROVENANCE, "reason", "raw"]
SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
