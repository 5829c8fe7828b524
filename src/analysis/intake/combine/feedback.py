"""Feedback workbooks: one per department, listing its issues cell by cell, ready to send back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import unicodedata
from pathlib import Path

from ...contract import template_file_name
from ...files import OutputBlocked, atomic_path, note_blocked, write_if_changed
from ...inert import xlsxwriter_workbook
from ...paths import report_year
from ...personal import guard_bytes
from ...resources import load_datasets, load_issue_codes
from ..issues import SEVERITY_LABEL, SEVERITY_ORDER

_FIXED_TIME = dt.datetime(2025, 1, 1)
#: What a feedback workbook shows of an issue (its digest covers these, in the workbook's order).
_COLUMNS = ["severity", "source_file", "source_sheet", "cell", "dataset", "message", "code"]
UNKNOWN = "未识别单位"
#: Column widths of a feedback workbook (序号 … 问题及修改要求, 怎么改, 问题代码): one landscape page wide.
WIDTHS = (5, 8, 30, 14, 8, 16, 60, 30, 14)
#: The columns whose texts wrap (file, sheet, message, what to do).
_WRAPPED = (2, 3, 6, 7)


def row_height(row: list, line: float = 15.0) -> float:
    """The height (points) that shows a row's file, sheet and message wrapped in their columns."""
    def lines(text: object, width: int) -> int:
        wide = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text or ""))
        return max(1, math.ceil(wide / (width * 1.05)))

    return line * max(lines(row[i], WIDTHS[i]) for i in _WRAPPED if i < len(row))


def dataset_title(dataset: str) -> str:
    """The Chinese title of a dataset for people (datasets.csv), the text itself when unknown or empty."""
    spec = load_datasets().get(dataset) if dataset else None
    return spec.title if spec else (dataset or "")


def action_of(code: str) -> str:
    """What the department should do about an issue of this code (issue_codes.csv ``action``)."""
    found = load_issue_codes().get(code)
    return found.action if found else ""


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
    returned futures finish when they are; then :func:`finish_feedback` records the digests.

    Each workbook is written under a temporary name and renamed; the digest index is written
    after the workbooks it describes (first without the ones being rewritten), so an interrupted
    run never leaves a workbook that the next run takes as up to date. A workbook that cannot be
    replaced (open in Excel) is skipped with one Chinese line (:func:`analysis.files.note_blocked`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / ".digests.json"
    try:
        digests = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        digests = {}
    frame = issues.copy()
    if "code" not in frame.columns:
        frame["code"] = ""
    if len(frame):
        frame["department"] = frame["department"].replace("", UNKNOWN)
    wanted = {f"{d}.xlsx" for d in frame["department"].unique()} if len(frame) else set()
    for old in folder.glob("*.xlsx"):
        if old.name not in wanted:
            try:
                old.unlink()
            except PermissionError:  # open in Excel (Windows): left, said so
                note_blocked(OutputBlocked(old).line())
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
                rows = [[n, SEVERITY_LABEL.get(sev, sev), file, sheet, cell, dataset_title(dataset), message,
                         action_of(code), code]
                        for n, (sev, file, sheet, cell, dataset, message, code) in enumerate(group, start=1)]
                jobs.append((str(path), department, rows, line))
    redo = {Path(job[0]).name for job in jobs}
    _write_index(index_path, {k: v for k, v in new_digests.items() if k not in redo and digests.get(k) == v})
    if submit is None:
        finish_feedback(folder, new_digests, [write_department_feedback(*job) for job in jobs])
        return []
    return [_Pending(folder, new_digests, [submit(write_department_feedback, *job) for job in jobs])]


class _Pending:
    """Workbooks being written in workers: ``result()`` waits for them and records the digests."""

    def __init__(self, folder: Path, digests: dict[str, str], futures: list) -> None:
        self.folder, self.digests, self.futures = folder, digests, futures

    def result(self) -> None:
        finish_feedback(self.folder, self.digests, [future.result() for future in self.futures])


def finish_feedback(folder: Path, digests: dict[str, str], outcomes: list[str]) -> None:
    """Record the digests of the workbooks now written (not of those skipped: written next run)."""
    skipped = set()
    for outcome in outcomes:
        if outcome.startswith(_BLOCKED_MARK):
            path, line = outcome[len(_BLOCKED_MARK):].split("\0", 1)
            skipped.add(Path(path).name)
            note_blocked(line)
    _write_index(folder / ".digests.json", {k: v for k, v in digests.items() if k not in skipped})


def _write_index(path: Path, digests: dict[str, str]) -> None:
    write_if_changed(path, json.dumps(digests, ensure_ascii=False, indent=0).encode("utf-8"))


_BLOCKED_MARK = "blocked:"


def write_department_feedback(path: str, department: str, rows: list[list], template: str = "") -> str:
    """Write one department's feedback workbook (a title, the template to use, a header, one line
    per issue), atomically, every text as a string; return its path, or when it cannot be replaced
    (open in Excel) a mark with the path and the Chinese line saying so."""
    try:
        with atomic_path(path) as tmp:
            _write_workbook(str(tmp), department, rows, template)
            guard_bytes(tmp.read_bytes(), path)  # the last check: no personal data in anything we write
    except OutputBlocked as blocked:
        return f"{_BLOCKED_MARK}{path}\0{blocked.line()}"
    return path


def _write_workbook(path: str, department: str, rows: list[list], template: str) -> None:
    headers = ["序号", "严重程度", "文件", "工作表", "单元格", "数据集", "问题及修改要求", "怎么改", "问题代码"]
    wb = xlsxwriter_workbook(path)
    wb.set_properties({"author": "analysis", "created": _FIXED_TIME})
    ws = wb.add_worksheet("需核改问题")
    title = wb.add_format({"bold": True, "font_size": 13})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width, wrap if col in _WRAPPED else top)
    ws.freeze_panes(3, 0)
    # Printed: landscape A4, one page wide (each message beside its file), the header on every page.
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    ws.set_footer(f"&L{department.replace('&', '&&')}&R第 &P 页，共 &N 页")
    for i, row in enumerate(rows, start=3):  # rows tall enough for the wrapped texts (printing too)
        ws.set_row(i, row_height(row))
    ws.write(0, 0, f"{department}：报送材料问题清单（请按行核改后重新报送）", title)
    ws.write(1, 0, template)
    ws.write_row(2, 0, headers, head)
    for i, row in enumerate(rows, start=3):
        ws.write_row(i, 0, row)
    wb.close()
