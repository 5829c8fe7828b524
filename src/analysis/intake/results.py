"""What the per-file pipeline yields: per-sheet and per-file results, and the run's summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from .issues import Issue


@dataclass
class SheetResult:
    """What one sheet yielded."""

    name: str
    dataset: str | None = None
    reason: str = ""
    department: str = ""
    rows_read: int = 0
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
