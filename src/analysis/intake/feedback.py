"""Feedback workbooks: one per department, listing its issues cell by cell, ready to send back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from ..contract import template_file_name
from ..paths import report_year
from ..personal import guard_file, guard_text
from .issues import SEVERITY_LABEL, SEVERITY_ORDER

_FIXED_TIME = dt.datetime(2025, 1, 1)
#: What a feedback workbook shows of an issue (its digest covers these, in the workbook's order).
_COLUMNS = ["severity", "source_file", "source_sheet", "cell", "dataset", "message"]
UNKNOWN = "未识别单位"


def template_line(department: str, year: int | None) -> str:
    """The line naming the submission template a department should use next time."""
    if department == UNKNOWN:
        return f"下次请使用本单位的报送模板“{template_file_name('<单位名称>', report_year(year))}”，按模板填写可直接读取"
    return f"下次请使用模板“{template_file_name(department, report_year(year))}”，按模板填写可直接读取，无需再核对列名"


def write_feedback(issues, folder: Path, submit=None, year: int | None = None) -> list:
    """Write one workbook per department listing its issues cell by cell, ready to send back.

    Each names the submission template to use next time (``python -m analysis templates`` for ``year``).

    Written with XlsxWriter (several times faster than openpyxl for plain tables); a department's
    workbook is rewritten only when its issues changed (a digest of its rows).
    With ``submit`` (an executor's submit), the workbooks are written in worker processes: the
    returned futures finish when they are.
    """
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / ".digests.json"
    try:
        digests = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        digests = {}
    frame = issues.copy()
    if len(frame):
        frame["department"] = frame["department"].replace("", UNKNOWN)
    wanted = {f"{d}.xlsx" for d in frame["department"].unique()} if len(frame) else set()
    for old in folder.glob("*.xlsx"):
        if old.name not in wanted:
            old.unlink()
    new_digests: dict[str, str] = {}
    jobs = []
    if len(frame):
        frame["_sev"] = frame["severity"].map(SEVERITY_ORDER)
        frame = frame.sort_values(["department", "_sev", "source_file", "source_sheet"], kind="stable")
        records = list(frame[_COLUMNS].itertuples(index=False, name=None))
        bounds = frame["department"].tolist()
        starts = [0, *(i for i in range(1, len(bounds)) if bounds[i] != bounds[i - 1]), len(bounds)]
        for start, end in zip(starts, starts[1:], strict=False):
            department = str(bounds[start])
            path = folder / f"{department}.xlsx"
            line = template_line(department, year)
            group = records[start:end]
            digest = hashlib.sha256("\x1e".join([line, *("\x1f".join(map(str, r)) for r in group)])
                                    .encode("utf-8")).hexdigest()
            new_digests[path.name] = digest
            if digests.get(path.name) != digest or not path.is_file():
                rows = [[n, SEVERITY_LABEL.get(sev, sev), file, sheet, cell, dataset, message]
                        for n, (sev, file, sheet, cell, dataset, message) in enumerate(group, start=1)]
                jobs.append((str(path), department, rows, line))
    index_path.write_text(guard_text(json.dumps(new_digests, ensure_ascii=False, indent=0), index_path), encoding="utf-8")
    if submit is None:
        for job in jobs:
            write_department_feedback(*job)
        return []
    return [submit(write_department_feedback, *job) for job in jobs]


def write_department_feedback(path: str, department: str, rows: list[list], template: str = "") -> str:
    """Write one department's feedback workbook (a title, the template to use, a header, one line per issue)."""
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
    ws.freeze_panes(3, 0)
    ws.write(0, 0, f"{department}：报送材料问题清单（请按行核改后重新报送）", title)
    ws.write(1, 0, template)
    ws.write_row(2, 0, headers, head)
    for i, row in enumerate(rows, start=3):
        ws.write_row(i, 0, row)
    wb.close()
    guard_file(path)  # the last check: no personal data in anything we write
    return path
