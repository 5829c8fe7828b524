"""The analyst's corrections of the column map, without code: ``overrides.csv`` in the raw folder.

One row per correction (UTF-8, with or without BOM; Chinese or English column names):

| 文件 file | 工作表 sheet | 列 column | 字段 field | 数据集 dataset |
| --- | --- | --- | --- | --- |
| 区司法局/*.xlsx | Sheet1 | 受众 | audience | |
| *教育局* | | F | ignore | |
| 区妇联/统计.xlsx | 汇总 | | | publicity_events |
| *.xlsx | 下拉选项 | | | none |

``file`` is a path relative to the raw folder or a glob (``*``, ``?``), matched against the path
and the file name; ``sheet`` a sheet name or glob (empty: every sheet); ``column`` the header as
written (its matching key) or a column letter; ``field`` a field of the dataset or ``ignore``;
a row with no column names the sheet's ``dataset`` (``none``: not a data sheet).
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from ...resources import load_datasets, load_fields
from ...text import normalize_key

FILE_NAME = "overrides.csv"
COLUMN_NAMES = {
    "file": ("file", "文件", "文件名"),
    "sheet": ("sheet", "工作表", "表"),
    "column": ("column", "列", "列名", "表头"),
    "field": ("field", "字段"),
    "dataset": ("dataset", "数据集"),
}
_LETTERS = re.compile(r"[A-Z]{1,3}")


@dataclass(frozen=True)
class Override:
    """One correction: where it applies and what it says (line: its line in overrides.csv)."""

    line: int
    file: str
    sheet: str = ""
    column: str = ""
    field: str = ""
    dataset: str = ""

    def matches_file(self, rel_path: str) -> bool:
        name = PurePosixPath(rel_path).name
        pattern = self.file.replace("\\", "/")
        return (not pattern or fnmatch.fnmatchcase(rel_path, pattern) or fnmatch.fnmatchcase(name, pattern)
                or rel_path == pattern)

    def matches_sheet(self, sheet: str) -> bool:
        return not self.sheet or self.sheet == sheet or fnmatch.fnmatchcase(sheet, self.sheet)

    def column_index(self, headers: list[str]) -> int | None:
        """The column this row names among ``headers`` (texts as written), or None."""
        text = self.column.strip()
        if _LETTERS.fullmatch(text.upper()) and len(text) <= 3 and text.isascii():
            index = 0
            for ch in text.upper():
                index = index * 26 + ord(ch) - 64
            return index - 1 if index - 1 < max(len(headers), 1) + 200 else None
        key = normalize_key(text)
        for i, header in enumerate(headers):
            if header and normalize_key(header) == key:
                return i
        return None


@dataclass
class OverrideSet:
    """All rows of an overrides.csv, the problems found reading it, and a fingerprint per file."""

    rows: list[Override]
    problems: list[tuple[int, str]]

    def for_file(self, rel_path: str) -> list[Override]:
        return [o for o in self.rows if o.matches_file(rel_path)]

    def fingerprint(self, rel_path: str) -> str:
        """Hash of the rows that apply to a file: a changed correction re-reads only that file."""
        rows = [asdict(o) for o in self.for_file(rel_path)]
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:12] if rows else ""


def _column(header: list[str], name: str) -> int | None:
    for i, text in enumerate(header):
        if text.strip().lower() in COLUMN_NAMES[name]:
            return i
    return None


def load_overrides(raw: Path) -> OverrideSet:
    """Read ``raw/overrides.csv`` (none: an empty set). Problems are (line, Chinese message)."""
    path = Path(raw) / FILE_NAME
    if not path.is_file():
        return OverrideSet([], [])
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return OverrideSet([], [(0, "overrides.csv 编码无法识别，请另存为 UTF-8")])
    reader = list(csv.reader(io.StringIO(text)))
    if not reader:
        return OverrideSet([], [])
    header = [h.strip() for h in reader[0]]
    where = {name: _column(header, name) for name in COLUMN_NAMES}
    if where["file"] is None:
        return OverrideSet([], [(1, "overrides.csv 第1行应为列名：文件、工作表、列、字段、数据集")])
    rows, problems = [], []
    datasets, fields = load_datasets(), load_fields()
    known_fields = {c for fs in fields.values() for c in fs}
    for number, cells in enumerate(reader[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells=cells) -> str:
            i = where[name]
            return cells[i].strip() if i is not None and i < len(cells) else ""

        row = Override(number, cell("file"), cell("sheet"), cell("column"), cell("field"), cell("dataset"))
        if row.dataset and row.dataset != "none" and row.dataset not in datasets:
            problems.append((number, f"overrides.csv 第{number}行：数据集“{row.dataset}”不存在（可选：{'、'.join(datasets)}、none）"))
            continue
        if row.column and not row.field:
            problems.append((number, f"overrides.csv 第{number}行：写了列“{row.column}”但没有写字段（字段名或 ignore）"))
            continue
        if row.field and row.field != "ignore" and row.field not in known_fields:
            problems.append((number, f"overrides.csv 第{number}行：字段“{row.field}”不存在"))
            continue
        if not row.column and not row.dataset:
            problems.append((number, f"overrides.csv 第{number}行：应写列和字段，或写数据集"))
            continue
        rows.append(row)
    return OverrideSet(rows, problems)


def sheet_overrides(overrides: list[Override], sheet: str) -> tuple[str | None, list[Override], list[Override]]:
    """For one sheet: the dataset named (or None), the column rows, and every row that applies."""
    applying = [o for o in overrides if o.matches_sheet(sheet)]
    dataset = next((o.dataset for o in applying if o.dataset and not o.column), None)
    return dataset, [o for o in applying if o.column], applying
