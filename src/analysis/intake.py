"""The per-file pipeline, its cache, and the combining step that writes data/processed/.

raw file ─► reading ─► layout ─► recognition ─► convert ─► (per file, cached, in parallel)
files ──► duplicates & resubmissions ─► schema check ─► parquet, quarantine, issues, manifest
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from . import __version__
from .departments import find_department, find_unit_line, normalize_department
from .issues import Issue
from .paths import write_atomic
from .reading import SUFFIXES, read_workbook
from .resources import fingerprint as resources_fingerprint

CACHE_FORMAT = "3"


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


@dataclass
class FileResult:
    """What one raw file yielded: sheets, issues, and its identity."""

    path: str
    sha256: str
    format: str = ""
    department: str = ""
    error: str | None = None
    sheets: list[SheetResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


_YEAR = re.compile(r"(20\d{2})\s*年")
_YEAR_BARE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def find_year(*texts: str) -> int | None:
    """Return the first year written as 20xx年 (or a bare 20xx) in the texts."""
    for pattern in (_YEAR, _YEAR_BARE):
        for text in texts:
            m = pattern.search(text or "")
            if m:
                return int(m.group(1))
    return None


def find_file_department(rel_path: str) -> str | None:
    """Return the department named in a file's name, else in its folders (nearest first)."""
    parts = PurePosixPath(rel_path).parts
    for part in [PurePosixPath(rel_path).stem, *reversed(parts[:-1])]:
        dep = find_department(part)
        if dep:
            return dep
    return None


def sheet_department(title_lines: list[str], rel_path: str, issues: list[Issue], sheet: str) -> str:
    """Return the submitting unit: 填报单位 line, title lines, file name, then folder names."""
    for line in title_lines:
        unit = find_unit_line(line)
        if unit:
            canonical = normalize_department(unit) or find_department(unit)
            if canonical:
                return canonical
            issues.append(Issue("warning", rel_path, sheet, "", "", f"填报单位“{unit}”不在单位名录中，请使用规范名称（已改按文件名或文件夹识别）"))
    for line in title_lines:
        dep = find_department(line)
        if dep:
            return dep
    return find_file_department(rel_path) or ""


def process_file(rel_path: str, data: bytes, sha: str, year: int | None) -> FileResult:
    """Run reading → layout → recognition → convert for one file. Never raises for bad input."""
    result = FileResult(path=rel_path, sha256=sha)
    book = read_workbook(Path(rel_path), data)
    result.format = book.format
    file_dep = find_file_department(rel_path) or ""
    result.department = file_dep
    for note in book.notes:
        result.issues.append(Issue("info", rel_path, "", "", "", note, file_dep))
    if book.error:
        result.error = book.error
        result.issues.append(Issue("error", rel_path, "", "", "", book.error, file_dep))
        return result
    if not book.sheets:
        result.issues.append(Issue("error", rel_path, "", "", "", "工作簿中没有任何工作表", file_dep))
    year = find_year(PurePosixPath(rel_path).stem, rel_path) or year
    for sheet in book.sheets:
        sr, issues = process_sheet(rel_path, sheet, file_dep, year, sole=len(book.sheets) == 1)
        result.sheets.append(sr)
        result.issues.extend(issues)
    return result


def process_sheet(rel_path: str, sheet, file_dep: str, year: int | None, sole: bool = False
                  ) -> tuple[SheetResult, list[Issue]]:
    """Turn one sheet into records, quarantined rows and issues."""
    from .convert import Context, convert_table
    from .layout import cell_ref, split_table
    from .recognition import recognise

    sr = SheetResult(name=sheet.name, department=file_dep)
    issues: list[Issue] = []

    def say(severity: str, cell: str, dataset: str, message: str, department: str | None = None) -> None:
        issues.append(Issue(severity, rel_path, sheet.name, cell, dataset, message,
                            sr.department if department is None else department))

    if not sheet.visible:
        sr.reason = "隐藏工作表，已跳过"
        say("info", "", "", "隐藏工作表未读取（如含本年数据，请取消隐藏后重新报送）")
        return sr, issues
    if not _has_content(sheet.rows):
        sr.reason = "空工作表"
        if sole:
            say("error", "", "", "工作簿为空，没有任何数据，请核对后重新报送")
        else:
            say("info", "", "", "空工作表，已跳过")
        return sr, issues
    table = split_table(sheet)
    sr.department = sheet_department(table.title_lines, rel_path, issues, sheet.name)
    dep = sr.department
    if table.header_rows is None:
        sr.reason = "未找到表头"
        if _looks_like_notes(sheet.name, table.title_lines):
            say("info", "", "", "说明或参考工作表，不含台账数据，已跳过")
        else:
            lines = sum(1 for r in sheet.rows if any(str(v).strip() for v in r))
            say("warning", "", "", f"未找到可识别的表头（共{lines}行有内容），无法读取：请使用统一模板的列名")
        return sr, issues
    context = " ".join([*table.title_lines, sheet.name, rel_path])
    rec = recognise([c.candidates for c in table.columns], context)
    wide = None if rec.complete else recognise_wide(table, context, find_year(*table.title_lines, sheet.name) or year)
    if wide is not None:
        rec = wide[0]
    header_ref = f"A{table.header_rows[0] + 1}"
    if rec.dataset is None:
        sr.reason = rec.reason
        say("info" if _looks_like_notes(sheet.name, table.title_lines) else "warning", header_ref, "", rec.reason + "，已跳过")
        return sr, issues
    ds = sr.dataset = rec.dataset
    ctx = Context(rel_path, sheet.name, ds, dep, find_year(*table.title_lines, sheet.name) or year)
    if not dep:
        say("warning", "", ds, "无法确定报送单位：请在标题下注明“填报单位：××”或在文件名中写明单位")
    for index in rec.unmapped:
        say("info", cell_ref(table.header_rows[1], index), ds, f"未识别的列“{table.columns[index].label}”，未读取")
    for r, text in table.labels:
        say("info", f"A{r + 1}", ds, f"分组标题行“{text[:20]}”，不计入数据")
    for r in table.repeated_headers:
        say("info", f"A{r + 1}", ds, "重复的表头行（同一工作表中的第二张表），不计入数据")
    content_cols = [i for i, c in rec.columns.items() if c != "_ignore" and i < len(table.columns)]
    empty = _blank_rows(table.data, content_cols) if content_cols else set()
    if empty:
        table.blanks.extend(sorted(empty))
        table.data = [(r, cells) for r, cells in table.data if r not in empty]
    sr.totals, sr.footers, sr.blanks, sr.labels = len(table.totals), len(table.footers), len(table.blanks), len(table.labels)
    if wide is not None:
        passes = wide[1]
        say("info", header_ref, ds, f"按月分列的宽表：{len(passes)}个月份列逐列读取，每个非空单元格计为一行数据")
    else:
        passes = [(rec.columns, table.data, {})]
    sr.rows_read = sum(len(rows) for _, rows, _ in passes)
    if not rec.complete:
        sr.reason = rec.reason
        say("error", header_ref, ds, rec.reason + "，本表数据行全部暂存待核")
        for r, _ in table.data:
            _quarantine(sr, rel_path, ds, dep, r, rec.reason, {})
            say("error", f"A{r + 1}", ds, f"第{r + 1}行未采用：{rec.reason}")
        return sr, issues
    parts = []
    for columns, rows, constants in passes:
        part = convert_table(ctx, table, columns, rows, constants)
        parts.append(part)
        issues.extend(_check_totals(ctx, table, columns, part, dep))
        for _, severity, ref, message in part.issues:
            say(severity, ref, ds, message)
        for r, reason, raw in part.quarantined:
            _quarantine(sr, rel_path, ds, dep, r, reason, raw)
            say("error", f"A{r + 1}", ds, f"第{r + 1}行未采用：{reason}")
    _gather(sr, parts, dep)
    return sr, issues


def _has_content(rows: list[list[object]]) -> bool:
    """True when some cell holds more than blanks (the test of ``_blank_rows``, stopping at the first)."""
    for cells in rows:
        for v in cells:
            if v.__class__ is str:
                if v and not v.isspace():
                    return True
            elif v is not None:
                return True
    return False


def _blank_rows(data: list[tuple[int, list[object]]], columns: list[int]) -> set[int]:
    """Rows whose cells in ``columns`` are all blank (they hold only a 序号 or other unread columns)."""
    blank = set()
    for r, cells in data:
        for i in columns:
            v = cells[i] if i < len(cells) else ""
            if v.__class__ is str:
                if v and not v.isspace():
                    break
            elif v is not None:
                break
        else:
            blank.add(r)
    return blank


def _quarantine(sr: SheetResult, rel_path: str, ds: str, dep: str, r: int, reason: str, raw: dict) -> None:
    sr.quarantine.append({"dataset": ds, "source_file": rel_path, "source_sheet": sr.name,
                          "source_row": r + 1, "department": dep, "reason": reason, "raw": raw})


def _gather(sr: SheetResult, parts: list, dep: str) -> None:
    """Put the kept rows of a sheet's converted parts into ``sr``: columns, rows and departments."""
    names = list(dict.fromkeys(c for part in parts for c in part.columns))
    sr.columns = {c: [v for part in parts for v in part.columns.get(c, [None] * len(part.rows))] for c in names}
    sr.rows = [r + 1 for part in parts for r in part.rows]
    own = sr.columns.pop("department", None)
    if own is None:
        sr.departments = None
        return
    known = {}
    for d in set(own):
        if not d:
            known[d] = dep
        elif d != dep and dep and normalize_department(d) is None:
            known[d] = dep  # an unknown spelling (already reported) never replaces a known unit
        else:
            known[d] = d
    mapped = [known[d] for d in own]
    sr.departments = None if all(d == dep for d in mapped) else mapped


def month_columns(table) -> list[tuple[int, int, int | None]]:
    """Return (column, month, year or None) for header labels such as 1月, 2025年3月, 十二月."""
    from .headers import month_of_label

    found = []
    for col in table.columns:
        hit = month_of_label(col.label)
        if hit:
            found.append((col.index, *hit))
    return found


def recognise_wide(table, context: str, year: int | None):
    """Recognise a table with one column per month (单位 × 1月…12月) for datasets that allow it.

    Returns (recognition, passes) where each pass converts one month column with the month as a
    constant, or None when the table is not such a table.
    """
    import datetime as dt

    from .recognition import recognise
    from .resources import fields_for, load_datasets

    months = month_columns(table)
    if len(months) < 3:
        return None
    month_cols = {c for c, _, _ in months}
    for name, spec in load_datasets().items():
        if not spec.wide_value:
            continue
        fields = fields_for(name)
        month_field = next((c for c, f in fields.items() if f.type == "month"), None)
        if month_field is None:
            continue
        first = months[0][0]
        virtual = len(table.columns)
        labels = [[] if c.index in month_cols else c.candidates for c in table.columns]
        labels[first] = [fields[spec.wide_value].label]
        labels.append([fields[month_field].label])
        rec = recognise(labels, context)
        if rec.dataset != name or not rec.complete:
            continue
        passes = []
        for col, month, month_year in months:
            columns = {i: c for i, c in rec.columns.items() if i not in (first, virtual)}
            columns[col] = spec.wide_value
            rows = [(r, cells) for r, cells in table.data if col < len(cells) and str(cells[col]).strip()]
            constants = {month_field: dt.date(month_year or year or dt.date.today().year, month, 1)}
            passes.append((columns, rows, constants))
        rec.columns = {i: c for i, c in rec.columns.items() if i != virtual}
        return rec, passes
    return None


def _looks_like_notes(sheet: str, titles: list[str]) -> bool:
    text = sheet + " ".join(titles[:2])
    return any(k in text for k in ("说明", "填表", "参考", "字典", "目录", "下拉", "代码", "选项", "示例", "模板"))


def _check_totals(ctx, table, columns, converted, dep) -> list[Issue]:
    """Compare each 合计/小计 row with the data rows it covers; totals never count as data."""
    from .convert import parse_field
    from .layout import cell_ref
    from .resources import fields_for

    spec = fields_for(ctx.dataset)
    position = {r: pos for pos, r in enumerate(converted.rows)}
    found = []
    for r, cells, scope, kind in table.totals:
        for index, column in columns.items():
            f = spec[column]
            if f.type not in ("int", "float") or index >= len(cells):
                continue
            stated = parse_field(f, cells[index], ctx.year)
            if stated.value is None or stated.error:
                continue
            values = converted.columns.get(column, [])
            actual = sum(values[position[d]] or 0 for d in scope if d in position)
            if abs(float(stated.value) - float(actual)) > 1e-6:
                found.append(Issue("warning", ctx.source_file, ctx.source_sheet, cell_ref(r, index), ctx.dataset,
                                   f"{kind}行“{f.label}”填报为{stated.value:g}，与上方明细之和{actual:g}不一致"
                                   f"（{kind}不计入数据；公式结果可能未更新），请核对", dep))
    return found


# ---------------------------------------------------------------- the run over a folder

def list_raw_files(raw: Path) -> list[Path]:
    """Return every candidate file under ``raw`` (recursively), sorted, skipping Office lock files."""
    files = [p for p in raw.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("~$")]
    return sorted(files, key=lambda p: p.relative_to(raw).as_posix())


_PIPELINE_MODULES = ("reading", "layout", "headers", "recognition", "values", "convert", "departments",
                     "privacy", "intake", "resources", "combine", "schemas", "issues", "datasets")


@cache
def code_fingerprint() -> str:
    """Hash of the per-file pipeline's source: editing the cleaner invalidates cached results."""
    from .paths import PACKAGE_DIR

    h = hashlib.sha256()
    for name in _PIPELINE_MODULES:
        path = PACKAGE_DIR / f"{name}.py"
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_key(sha: str, rel: str, year: int | None) -> str:
    """Key of a cached per-file result: content, place, options, code, mappings and person key."""
    from .privacy import key_fingerprint

    material = "|".join([CACHE_FORMAT, sha, rel, str(year), __version__, code_fingerprint(),
                         resources_fingerprint(), key_fingerprint()])
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _work(args: tuple[str, str, str, int | None, str]) -> bytes:
    """Process one file in a worker: its result pickled once, for the cache and for the reply."""
    return _process(args)[1]


def _process(args: tuple[str, str, str, int | None, str]) -> tuple[FileResult, bytes]:
    """Process one file and store its pickled result in the cache; return the result and its pickle."""
    path, rel, sha, year, cache_file = args
    try:
        result = process_file(rel, Path(path).read_bytes(), sha, year)
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the batch
        message = (f"处理此文件时程序出错（{type(exc).__name__}: {str(exc)[:80]}），本文件未采用任何数据："
                   "请把此文件交给数据分析维护人员排查")
        result = FileResult(path=rel, sha256=sha, error=message,
                            issues=[Issue("error", rel, "", "", "", message, find_file_department(rel) or "")])
        return result, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(Path(cache_file), data)
    return result, data


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
    unchanged: bool = False

    def text(self) -> str:
        sev = self.issues
        head = "无变化，沿用上次结果。" if self.unchanged else ""
        return (f"{head}文件 {self.files} 个（重新读取 {self.files_read_fresh} 个），工作表 {self.sheets} 张；"
                f"数据行 {self.rows_read} 行：保留 {self.kept}，暂存待核 {self.quarantined}，重复剔除 {self.duplicates}"
                f"（更正版替换 {self.resubmissions} 个文件）；问题：错误 {sev.get('error', 0)}，"
                f"警告 {sev.get('warning', 0)}，提示 {sev.get('info', 0)}")


def run_clean(raw: Path, out: Path, year: int | None = None, jobs: int | None = None,
              progress: bool = True) -> CleanSummary:
    """Clean every file under ``raw`` into ``out``; reuse cached results of unchanged files."""
    raw, out = Path(raw), Path(out)
    files = list_raw_files(raw)
    entries = []
    for p in files:
        rel = p.relative_to(raw).as_posix()
        sha = hashlib.sha256(p.read_bytes()).hexdigest()
        entries.append((str(p), rel, sha, year))
    run_fp = hashlib.sha256(json.dumps([cache_key(s, r, y) for _, r, s, y in entries]).encode()).hexdigest()[:32]
    manifest_path = out / "manifest.json"
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        if old.get("run_fingerprint") == run_fp and (out / "issues.csv").is_file():
            summary = CleanSummary(**{**old.get("summary", {}), "unchanged": True, "files_read_fresh": 0})
            return summary
    cache_dir = out / ".cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, FileResult] = {}
    todo = []
    for path, rel, sha, y in entries:
        cached = cache_dir / f"{cache_key(sha, rel, y)}.pkl"
        if cached.is_file():
            try:
                with open(cached, "rb") as fh:
                    results[rel] = pickle.load(fh)
                continue
            except Exception:  # noqa: BLE001 - a broken cache entry is simply rebuilt
                pass
        todo.append((path, rel, sha, y, str(cached)))
    bar = _progress(len(entries), progress)
    bar.update(len(results))
    pool = _start_pool(todo, jobs)
    try:
        for rel, res in _results(todo, pool):
            results[rel] = res
            bar.update(1)
        bar.close()
        _prune_cache(cache_dir, {f"{cache_key(s, r, y)}.pkl" for _, r, s, y in entries})
        from .combine import combine_and_write

        ordered = [results[rel] for _, rel, _, _ in entries]
        summary = combine_and_write(ordered, out, run_fp, raw, year, submit=pool.submit if pool else None)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    summary.files_read_fresh = len(todo)
    return summary


def _start_pool(todo: list, jobs: int | None) -> ProcessPoolExecutor | None:
    """Worker processes for the files to read (and then the feedback workbooks); None to work serially."""
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1 or len(todo) < 3:
        return None
    import multiprocessing as mp

    from . import convert, layout, recognition  # noqa: F401 - loaded once, inherited by forked workers

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _results(todo: list, pool: ProcessPoolExecutor | None):
    """Yield (file, result) for each file to read, in order; in the pool's workers when there is one."""
    if pool is None:
        for item in todo:
            yield item[1], _process(item)[0]
        return
    chunk = max(1, len(todo) // (pool._max_workers * 25))  # small chunks: workers finish together
    results = pool.map(_work, todo, chunksize=chunk)
    _preload_combine()  # while the workers read files, load what combining needs
    for item, res in zip(todo, results, strict=True):
        yield item[1], pickle.loads(res)


def _preload_combine() -> None:
    """Import the modules of the combining step (pandas, pandera, pyarrow …) ahead of time."""
    import pyarrow.parquet  # noqa: F401

    from . import combine, schemas  # noqa: F401


def _prune_cache(cache_dir: Path, keep: set[str]) -> None:
    for p in cache_dir.glob("*.pkl"):
        if p.name not in keep:
            p.unlink(missing_ok=True)


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="读取文件", unit="个", file=sys.stderr, leave=False, dynamic_ncols=True)
