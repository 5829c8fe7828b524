"""Issue records (in Chinese, for the department that must fix them) and feedback workbooks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

ISSUE_COLUMNS = ["severity", "source_file", "source_sheet", "cell", "dataset", "message", "department"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
_FIXED_TIME = dt.datetime(2025, 1, 1)
_QUOTED = re.compile(r"“[^”]*”")


@dataclass(frozen=True)
class Issue:
    """One problem found: where it is and what the department must do."""

    severity: str
    source_file: str
    source_sheet: str = ""
    cell: str = ""
    dataset: str = ""
    message: str = ""
    department: str = ""


def condense(issues: list[Issue], limit: int = 3) -> list[Issue]:
    """Fold repeated info issues of one column (e.g. 35 dates without a year) into one line."""
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        column = issue.cell.rstrip("0123456789")
        pattern = _QUOTED.sub("“…”", issue.message) if "“" in issue.message else issue.message
        key = (issue.severity, issue.source_file, issue.source_sheet, column, issue.dataset, pattern)
        groups.setdefault(key, []).append(issue)
    out: list[Issue] = []
    for key, members in groups.items():
        if key[0] != "info" or len(members) <= limit or not key[3]:
            out.extend(members)
            continue
        first, last = members[0], members[-1]
        out.append(replace(first, cell=f"{first.cell}:{last.cell}",
                           message=f"{first.message}（本列共{len(members)}处同类情况，{first.cell}至{last.cell}）"))
    return out


def issues_frame(issues: list[Issue]):
    """Return issues as a DataFrame in a stable order (file, sheet, row, severity)."""
    import pandas as pd

    df = pd.DataFrame([(i.severity, i.source_file, i.source_sheet, i.cell, i.dataset, i.message, i.department)
                       for i in issues], columns=ISSUE_COLUMNS)
    if df.empty:
        return df.astype(str)
    df = df.fillna("")
    df["_row"] = df["cell"].str.extract(r"^[A-Z]+(\d+)")[0].fillna("0").astype(int)
    df["_sev"] = df["severity"].map(SEVERITY_ORDER)
    df = df.sort_values(["source_file", "source_sheet", "_row", "cell", "_sev", "message"], kind="stable")
    return df.drop(columns=["_row", "_sev"]).drop_duplicates().reset_index(drop=True)


def write_feedback(issues, folder: Path, submit=None) -> list:
    """Write one workbook per department listing its issues cell by cell, ready to send back.

    Written with XlsxWriter (several times faster than openpyxl for plain tables); a department's
    workbook is rewritten only when its issues changed. With ``submit`` (an executor's submit),
    the workbooks are written in worker processes: the returned futures finish when they are.
    """
    import hashlib
    import json

    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / ".digests.json"
    try:
        digests = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        digests = {}
    frame = issues.copy()
    if len(frame):
        frame["department"] = frame["department"].replace("", "未识别单位")
    wanted = {f"{d}.xlsx" for d in frame["department"].unique()} if len(frame) else set()
    for old in folder.glob("*.xlsx"):
        if old.name not in wanted:
            old.unlink()
    new_digests: dict[str, str] = {}
    frame["_sev"] = frame["severity"].map(SEVERITY_ORDER) if len(frame) else []
    jobs = []
    for department, group in frame.groupby("department", sort=True):
        path = folder / f"{department}.xlsx"
        group = group.sort_values(["_sev", "source_file", "source_sheet"], kind="stable")
        rows = [[n, SEVERITY_LABEL.get(r.severity, r.severity), r.source_file, r.source_sheet, r.cell,
                 r.dataset, r.message] for n, r in enumerate(group.itertuples(index=False), start=1)]
        digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()
        new_digests[path.name] = digest
        if digests.get(path.name) != digest or not path.is_file():
            jobs.append((str(path), str(department), rows))
    index_path.write_text(json.dumps(new_digests, ensure_ascii=False, indent=0), encoding="utf-8")
    if submit is None:
        for job in jobs:
            write_department_feedback(*job)
        return []
    return [submit(write_department_feedback, *job) for job in jobs]


def write_department_feedback(path: str, department: str, rows: list[list]) -> str:
    """Write one department's feedback workbook (a title, a header and one line per issue)."""
    import xlsxwriter

    headers = ["序号", "严重程度", "文件", "工作表", "单元格", "数据集", "问题及修改要求"]
    wb = xlsxwriter.Workbook(path)
    wb.set_properties({"author": "analysis", "created": _FIXED_TIME})
    ws = wb.add_worksheet("需核改问题")
    title = wb.add_format({"bold": True, "font_size": 13})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for col, width in enumerate((6, 10, 40, 16, 10, 20, 70)):
        ws.set_column(col, col, width, wrap if col == 6 else None)
    ws.freeze_panes(2, 0)
    ws.write(0, 0, f"{department}：报送材料问题清单（请按行核改后重新报送）", title)
    ws.write_row(1, 0, headers, head)
    for i, row in enumerate(rows, start=2):
        ws.write_row(i, 0, row)
    wb.close()
    return path
