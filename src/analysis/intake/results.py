"""What the per-file pipeline yields: per-sheet and per-file results, and the run's summary.

A file's result travels in two parts (:func:`split_result`): the light part (sheets without their
kept rows: names, datasets, counts, quarantine, column map, issues), which the combining step holds
for every file at once, and the payload (each sheet's kept rows), which it loads one dataset at a
time from the cache, so that memory does not grow with the whole corpus.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from .issues import Issue


@dataclass
class SheetResult:
    """What one sheet yielded."""

    name: str
    dataset: str | None = None
    reason: str = ""
    department: str = ""
    rows_read: int = 0
    cells_read: int = 0  # non-empty cells of the data rows
    cells_adopted: int = 0  # of those, the cells read into a field
    columns: dict[str, list] = field(default_factory=dict)  # field → values of the kept rows
    rows: list[int] = field(default_factory=list)  # their 1-based sheet rows
    departments: list[str] | None = None  # per kept row, when rows name other units than the sheet's
    quarantine: list[dict] = field(default_factory=list)
    totals: int = 0
    footers: int = 0
    blanks: int = 0
    labels: int = 0
    other_rows: int = 0  # code, unit, note and header-fragment rows
    column_map: list[dict] = field(default_factory=list)
    overrides_used: list[int] = field(default_factory=list)  # lines of overrides.csv applied
    overrides_unmatched: list[int] = field(default_factory=list)
    mapping: str = ""  # how the columns were mapped: "template" (a filled submission template), else by headers
    kept: int = -1  # number of kept rows in a light result (-1: count ``rows``)
    candidate: str = ""  # the dataset recognition proposed (also when the sheet was refused)
    evidence: str = ""  # strong | weak: how well what identifies the dataset was present ('' : override, template)

    def kept_rows(self) -> int:
        """How many rows the sheet kept (also when its rows were split off into the payload)."""
        return len(self.rows) if self.kept < 0 else self.kept


@dataclass
class FileResult:
    """What one raw file yielded: sheets, issues, and its identity."""

    path: str
    sha256: str
    format: str = ""
    department: str = ""
    kind: str = "workbook"  # workbook, or what else the file is (document, image, lock …)
    error: str | None = None
    sheets: list[SheetResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


#: One sheet's kept rows as stored apart: (columns, rows, departments), or None for a sheet without any.
SheetRows = tuple[dict[str, list], list[int], list[str] | None] | None


def split_result(result: FileResult) -> tuple[FileResult, list[SheetRows]]:
    """The light result (sheets without kept rows) and the payload (per sheet, its kept rows)."""
    payload: list[SheetRows] = []
    sheets = []
    for s in result.sheets:
        payload.append((s.columns, s.rows, s.departments) if s.rows else None)
        sheets.append(replace(s, columns={}, rows=[], departments=None, kept=s.kept_rows()))
    return replace(result, sheets=sheets), payload


@dataclass
class CleanSummary:
    """Counts printed at the end of ``clean``."""

    files: int = 0
    files_read_fresh: int = 0
    sheets: int = 0
    rows_read: int = 0
    kept: int = 0
    quarantined: int = 0
    duplicates: int = 0
    resubmissions: int = 0
    issues: dict = field(default_factory=dict)
    failed: list = field(default_factory=list)  # files that could not be read at all
    weak_matches: int = 0  # columns bound by a weak tier (containment, similarity): to review
    unchanged: bool = False
    stages: dict = field(default_factory=dict)  # seconds per stage of this run (not in the manifest)

    def failed_files(self) -> list[str]:
        """The files that could not be read (each has an error issue)."""
        return list(self.failed)

    def text(self) -> str:
        """The one-line summary; files that could not be read are counted with the errors and named."""
        sev = self.issues
        head = "无变化，沿用上次结果。" if self.unchanged else ""
        failed = ""
        if self.failed:
            names = "、".join(self.failed[:3]) + (f" 等 {len(self.failed)} 个" if len(self.failed) > 3 else "")
            failed = f"（其中无法读取的文件 {len(self.failed)} 个：{names}）"
        return (f"{head}文件 {self.files} 个（重新读取 {self.files_read_fresh} 个），工作表 {self.sheets} 张；"
                f"数据行 {self.rows_read} 行：保留 {self.kept}，暂存待核 {self.quarantined}，重复剔除 {self.duplicates}"
                f"（更正版替换 {self.resubmissions} 个文件）；问题：错误 {sev.get('error', 0)}{failed}，"
                f"警告 {sev.get('warning', 0)}，提示 {sev.get('info', 0)}"
                + (f"；{self.weak_matches} 列按相近表头读取，请在 column_map.csv 中复核" if self.weak_matches else ""))


class Stopwatch:
    """Seconds per stage of a run: ``lap(name)`` adds the time since the previous lap to ``name``."""

    def __init__(self, stages: dict[str, float] | None = None) -> None:
        self.stages = stages if stages is not None else {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - self._last
        self._last = now
