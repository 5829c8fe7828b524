"""The per-file pipeline: reading → layout → recognition → convert, for one file at a time.

raw file ─► reading ─► layout ─► recognition ─► convert ─► FileResult (kept rows, quarantine, issues)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ...resources import fields_for, load_datasets
from ..issues import Issue, describe, make
from ..layout.layout import Table, cell_ref, column_letter, looks_like_notes, split_table
from ..reading.other_files import describe_other_file
from ..reading.reading import Sheet, read_workbook
from ..reading.templates import TemplateInfo, TemplateSheet, match_template, read_template_info
from ..recognise.evidence import looks_like_names
from ..recognise.melt import Melted, recognise_melted
from ..recognise.recognition import (
    ColumnMatch,
    Recognition,
    recognise,
    title_hits,
)
from ..recognise.shapes import (
    apply_legends,
    apply_unit_columns,
    bind_groups,
    count_adopted,
    count_filled,
    demote_weak_departments,
    drop_nothing_marks,
    find_field_label,
    holds_month_totals,
    settle_generic_dates,
    settle_named_dates,
    settle_required_runner_up,
)
from ..results import FileResult, SheetResult
from ..words.departments import find_department, find_unit_line, normalize_department
from ..words.groups import Groups, find_groups
from ..words.identity import assess as assess_identity
from ..words.identity import far_dates, far_values, missing_required
from ..words.overrides import Override, sheet_overrides
from ..words.privacy import PLACEHOLDERS, contains_personal, scrub
from ..words.values import Samples
from .convert import (
    Context,
    convert_table,
    hide_rosters,
    looks_like_person,
    original_cells,
    parse_field,
)

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
    """Return the submitting unit: 填报单位 line, title lines, file name, then folder names; a
    填报单位 the department list lacks, as written, when nothing else names the unit."""
    written = ""
    for line in title_lines:
        unit = find_unit_line(line)
        if unit:
            canonical = normalize_department(unit) or find_department(unit)
            if canonical:
                return canonical
            if looks_like_person(unit):  # a person's name on the 填报单位 line: never shown, never a unit
                issues.append(make("department-looks-like-person", rel_path, sheet))
                continue
            written = unit
    for line in title_lines:
        dep = find_department(line)
        if dep:
            break
    else:
        dep = find_file_department(rel_path) or ""
    if written and dep:
        issues.append(make("department-not-listed", rel_path, sheet, written=scrub(written), dept=dep))
    elif written:  # no other name of the unit anywhere: kept as written, for the list to take it in
        dep = scrub(written)
        issues.append(make("department-kept-as-written", rel_path, sheet, "", "", dep, dept=dep))
    return dep


def process_file(rel_path: str, data: bytes, sha: str, year: int | None,
                 overrides: tuple[Override, ...] | list[Override] = ()) -> FileResult:
    """Run reading → layout → recognition → convert for one file. Never raises for bad input.

    ``overrides`` are the rows of overrides.csv that apply to this file.
    """
    result = FileResult(path=rel_path, sha256=sha)
    file_dep = find_file_department(rel_path) or ""
    result.department = file_dep
    other = describe_other_file(rel_path, data)
    if other is not None:
        code, kind, message = other
        result.format, result.kind = kind, kind
        if describe(code).severity == "error":
            result.error = message
        result.issues.append(make(code, rel_path, department=file_dep, message=message))
        return result
    book = read_workbook(Path(rel_path), data)
    result.format = book.format
    if book.error:  # one line for a file that cannot be read (no note on its format besides)
        result.error = book.error
        result.issues.append(make("file-unreadable", rel_path, department=file_dep, message=book.error))
        return result
    for code, message in book.notes:
        result.issues.append(make(code, rel_path, department=file_dep, message=message))
    if not book.sheets:
        result.issues.append(make("file-no-sheets", rel_path, department=file_dep))
    template = read_template_info(book, year)  # a filled submission template, for the report year
    report_year = year
    year = find_year(PurePosixPath(rel_path).stem, rel_path) or year
    for sheet in book.sheets:
        dataset, column_rows, applying = sheet_overrides(list(overrides), sheet.name)
        sr, issues = process_sheet(rel_path, sheet, file_dep, year, sole=len(book.sheets) == 1,
                                   dataset=dataset, column_overrides=column_rows, template=template,
                                   report_year=report_year)
        sr.overrides_used = sorted({o.line for o in applying if not o.column} | set(sr.overrides_used)) \
            if dataset else sr.overrides_used
        result.sheets.append(sr)
        result.issues.extend(issues)
    if any(s.dataset and s.evidence == "strong" for s in result.sheets):
        _reconsider(result, book, rel_path, file_dep, year, report_year, template, overrides)
    _share_department(result)
    return result


def _reconsider(result: FileResult, book, rel_path: str, file_dep: str, year: int | None,
                report_year: int | None, template, overrides) -> None:
    """Read again, as sheets of a workbook that is ours, the sheets refused for naming nothing: a
    workbook holding one of our ledgers says what its other sheets are (a 咨询 sheet in a 法律援助 book)."""
    for k, (sheet, sr) in enumerate(zip(book.sheets, result.sheets, strict=True)):
        if sr.dataset or not sr.candidate or not sr.reason.startswith("未识别为任何数据集"):
            continue
        dataset, column_rows, _ = sheet_overrides(list(overrides), sheet.name)
        again, issues = process_sheet(rel_path, sheet, file_dep, year, sole=len(book.sheets) == 1,
                                      dataset=dataset, column_overrides=column_rows, template=template,
                                      report_year=report_year, ours=True)
        if again.dataset:
            result.sheets[k] = again
            result.issues = [i for i in result.issues if i.source_sheet != sheet.name] + issues


def _share_department(result: FileResult) -> None:
    """A data sheet that names no unit (no 填报单位 line, title, file or folder name) is the unit's
    whom every other sheet of the workbook names, when they all name the same one."""
    named = {s.department for s in result.sheets if s.department}
    if len(named) != 1:
        return
    unit = named.pop()
    unknown = {s.name for s in result.sheets if s.dataset and not s.department}
    if not unknown:
        return
    for s in result.sheets:
        if s.name in unknown:
            s.department = unit
            s.departments = [d or unit for d in s.departments] if s.departments is not None else None
            for q in s.quarantine:
                q["department"] = q["department"] or unit
    kept = []
    for issue in result.issues:
        if issue.source_sheet in unknown and issue.code == "department-unknown":
            kept.append(make("department-from-workbook", issue.source_file, issue.source_sheet, "", issue.dataset,
                             unit, dept=unit))
        elif issue.source_sheet in unknown and not issue.department:
            kept.append(replace(issue, department=unit))
        else:
            kept.append(issue)
    result.issues = kept


@dataclass
class _SheetWork:
    """One sheet on its way through :func:`process_sheet`: where it is, what each step found, its issues."""

    rel_path: str
    sheet: Sheet
    sr: SheetResult
    year: int | None
    report_year: int | None
    dataset: str | None  # from overrides.csv
    column_overrides: list[Override]
    ours: bool
    issues: list[Issue] = field(default_factory=list)
    filled: TemplateSheet | None = None  # the submission template's reading of the sheet
    by_template: bool = False
    table: Table | None = None
    dep: str = ""
    notes_sheet: bool = False
    context: str = ""
    samples: list = field(default_factory=list)
    forced: dict[int, str] = field(default_factory=dict)
    rec: Recognition | None = None
    wide: Melted | None = None
    sheet_year: int | None = None
    header_ref: str = ""

    def add_issue(self, code: str, cell: str, dataset: str, message: str | None = None, **params) -> None:
        """Build an issue of this sheet from the catalogue (``code``) and add it to the sheet's issues."""
        self.issues.append(make(code, self.rel_path, self.sheet.name, cell, dataset, self.sr.department,
                                message=message, **params))


def process_sheet(rel_path: str, sheet: Sheet, file_dep: str, year: int | None, sole: bool = False,
                  dataset: str | None = None, column_overrides: list[Override] | None = None,
                  template: TemplateInfo | None = None, report_year: int | None = None,
                  ours: bool = False) -> tuple[SheetResult, list[Issue]]:
    """Turn one sheet into records, quarantined rows, its column map and issues.

    ``dataset`` and ``column_overrides`` come from overrides.csv; ``template`` is the workbook's
    submission-template information, when it is a filled template; ``ours``: another sheet of the
    workbook is one of our ledgers (see ``identity.assess``'s ``named``).
    """
    s = _SheetWork(rel_path, sheet, SheetResult(name=sheet.name, department=file_dep), year, report_year,
                   dataset, column_overrides or [], ours)
    if _skip_sheet(s, template, sole) or not _lay_out(s):
        return s.sr, s.issues
    _recognise_sheet(s)
    if _refuse_sheet(s):
        return s.sr, s.issues
    groups, ctx = _prepare_rows(s)
    filled_counts = count_filled(s.table.data, len(s.table.columns))
    _report_columns(s, filled_counts)
    passes = _read_passes(s, groups)
    s.sr.rows_read = sum(len(rows) for _, rows, _ in passes)
    s.sr.cells_read = sum(filled_counts)
    s.sr.cells_adopted = count_adopted(passes, len(s.table.columns))
    if not s.rec.complete:
        _set_aside_sheet(s)
    else:
        _convert_passes(s, ctx, passes)
    return s.sr, s.issues


def _skip_sheet(s: _SheetWork, template: TemplateInfo | None, sole: bool) -> bool:
    """Skip a template's own sheet, a hidden or empty sheet, or one overrides.csv excludes (True)."""
    # a submission template's own sheets are skipped; a data sheet is read at its known header row,
    # columns mapped by the template's labels (tier "template", intake/reading/templates.py)
    s.filled = match_template(template, s.sheet)
    if s.filled is not None and s.filled.part != "data":
        s.sr.reason = s.filled.reason
        return True
    s.by_template = s.filled is not None and s.filled.columns is not None
    if not s.sheet.visible:
        s.sr.reason = "隐藏工作表，已跳过"
        s.add_issue("sheet-hidden", "", "")
        return True
    if not _has_content(s.sheet.rows):
        s.sr.reason = "空工作表"
        if sole:
            s.add_issue("workbook-empty", "", "")
        else:
            s.add_issue("sheet-empty", "", "")
        return True
    if s.dataset == "none":
        s.sr.reason = "按 overrides.csv 不作为数据表"
        s.add_issue("sheet-excluded", "", "")
        return True
    return False


def _lay_out(s: _SheetWork) -> bool:
    """Split the sheet into its parts and find its department; False when it has no header."""
    s.table = table = split_table(s.sheet, header=s.filled.header if s.by_template else None)
    s.sr.department = sheet_department(table.title_lines, s.rel_path, s.issues, s.sheet.name)
    s.dep = s.sr.department
    s.notes_sheet = looks_like_notes(s.sheet.name, *table.title_lines[:2])
    if table.header_rows is not None:
        return True
    s.sr.reason = "未找到表头"
    if s.notes_sheet:
        s.add_issue("sheet-notes", "", "", kind="说明或参考工作表")
    else:
        lines = sum(1 for r in s.sheet.rows if any(str(v).strip() for v in r))
        s.add_issue("header-not-found", "", "", lines=lines)
    return False


def _recognise_sheet(s: _SheetWork) -> None:
    """Recognise the dataset and columns (by the template, the headers, the title's dataset, or as a
    wide table), and build the sheet's column map."""
    table, dataset = s.table, s.dataset
    s.context = " ".join([*table.title_lines, s.sheet.name, s.rel_path])
    s.samples = samples = column_samples(table)
    s.forced = forced = _forced_columns(table, s.column_overrides, s.sr)
    guessing = not s.by_template and not forced
    if s.by_template:
        s.rec = template_recognition(s.filled)
        s.sr.mapping = "template"
    else:
        s.rec = recognise([c.candidates for c in table.columns], s.context, samples, dataset=dataset, forced=forced,
                          units=[c.unit for c in table.columns])
    if guessing and s.rec.dataset is not None and not s.rec.complete:
        s.rec = settle_required_runner_up(settle_generic_dates(s.rec, table, samples))
    if guessing and dataset is None and (s.rec.dataset is None or not s.rec.complete):
        s.rec = settle_named_dates(s.rec, table, samples, s.context)
    for code, message in s.filled.notes if s.filled is not None else ():
        s.add_issue(code, f"A{table.header_rows[0] + 1}", s.filled.dataset or "", message)
    s.sheet_year = find_year(*table.title_lines, s.sheet.name) or s.year
    if guessing and (not s.rec.complete or load_datasets()[s.rec.dataset].wide_value):
        s.wide = recognise_melted(table, s.context, s.sheet_year, samples, dataset=dataset,
                                  report_year=s.report_year, settle=settle_generic_dates)
    if s.wide is not None:
        s.rec = s.wide.recognition
    s.header_ref = f"A{table.header_rows[0] + 1}"
    hide_header_names(table)
    s.sr.column_map = column_map(table, s.rec, s.wide is not None)
    if s.wide is not None:
        _mark_melted(s)
    for o in s.column_overrides:
        if o.line not in s.sr.overrides_used:
            s.sr.overrides_unmatched.append(o.line)


def _mark_melted(s: _SheetWork) -> None:
    """Mark the column map's entries of the columns a wide table was melted from."""
    value = load_datasets()[s.rec.dataset].wide_value
    melted = {i for columns, _, _ in s.wide.passes for i, f in columns.items() if f == value}
    for entry, col in zip(s.sr.column_map, [c for c in s.table.columns if c.text or c.candidates], strict=False):
        if col.index in melted:
            entry["tier"] = "melted"


def _refuse_sheet(s: _SheetWork) -> bool:
    """Refuse a sheet that holds totals per month, is none of ours, or was not recognised (True)."""
    table, rec, sr, dataset = s.table, s.rec, s.sr, s.dataset
    guessing = not s.forced and not s.by_template
    if guessing and s.wide is None and not rec.complete and holds_month_totals(table, s.sheet_year):
        # 活动类型 × 1月…12月 where the dataset is one row per record: totals, not records
        sr.reason = "按月汇总表（每月一列），不是逐条记录"
        sr.dataset = None
        named = rec.dataset or next(iter([n for n, spec in load_datasets().items() if title_hits(spec, s.context)][:1]), "")
        s.add_issue("sheet-month-totals", s.header_ref, named, rows=len(table.data),
                    target="“" + load_datasets()[named].title + "”" if named else "任何台账")
        return True
    if rec.dataset is not None and dataset is None and not s.by_template and not (s.notes_sheet and not rec.complete):
        refused = _refusal(table, rec, s.wide, s.samples, s.context, s.report_year, sr, s.ours)
        if refused and s.wide is None and not s.forced:
            s.rec, refused = _named_instead(rec, table, s.samples, s.context, s.report_year, sr, s.ours) or (rec, refused)
        if refused:
            sr.dataset, sr.reason = None, refused
            s.issues.clear()  # one line for a sheet that is none of ours (no word on its 填报单位 either)
            s.add_issue("sheet-not-ours", s.header_ref, "", reason=refused)
            return True
    rec = s.rec
    if rec.dataset is None or (not rec.complete and s.notes_sheet and dataset is None):
        sr.reason = rec.reason if rec.dataset is None else "说明、下拉选项或参考工作表"
        sr.dataset = None
        if s.notes_sheet:
            s.add_issue("sheet-notes", s.header_ref, "", kind="说明、下拉选项或参考工作表")
        else:
            s.add_issue("sheet-unrecognised", s.header_ref, "", reason=rec.reason)
        return True
    return False


def _prepare_rows(s: _SheetWork) -> tuple[Groups | None, Context]:
    """Settle the columns of a recognised sheet (departments, repeated groups, unit columns, legends),
    report the rows that are not data and drop the blank ones: the groups and the conversion's context."""
    table, rec = s.table, s.rec
    ds = s.sr.dataset = rec.dataset
    demote_weak_departments(rec, ds, s.sr.column_map)
    groups = find_groups(table, rec.columns, ds) if s.wide is None and not s.by_template else None
    if groups is not None:
        bind_groups(groups, rec, s.sr.column_map)
        if not rec.complete and not missing_required(ds, set(rec.columns.values())):
            rec.missing, rec.complete, rec.reason = [], True, ""
        s.add_issue("column-groups", s.header_ref, ds, groups=len(groups.passes) + 1)
    ctx = Context(s.rel_path, s.sheet.name, ds, s.dep, s.sheet_year,
                  units={c.index: c.unit for c in table.columns if c.unit}, sheet_units=table.sheet_units,
                  report_year=s.report_year)
    if not s.dep:
        s.add_issue("department-unknown", "", ds)
    _report_roles(table, s.add_issue, ds)
    content_cols = [i for i, c in rec.columns.items() if c != "_ignore" and i < len(table.columns)]
    content_cols += list(groups.twins) if groups is not None else []
    empty = _blank_rows(table.data, content_cols) if content_cols else set()
    if empty:
        table.blanks.extend(sorted(empty))
        table.data = [(r, cells) for r, cells in table.data if r not in empty]
    if s.wide is None:
        apply_unit_columns(table, rec, ds, s.sr.column_map, s.add_issue)
        apply_legends(table, s.sheet.rows, rec, ds, s.add_issue)
    return groups, ctx


def _report_columns(s: _SheetWork, filled_counts: list[int]) -> None:
    """Report the columns no field took (unread when they hold data) and the columns of names hidden;
    count the rows by role."""
    table, rec, sr, ds = s.table, s.rec, s.sr, s.sr.dataset
    for index in rec.unmapped:
        match = rec.matches.get(index)
        why = f"（{match.note}）" if match and match.note else ""
        header = table.columns[index].text or table.columns[index].label
        lost = filled_counts[index] if index < len(filled_counts) else 0
        if lost:  # a column holding data that binds no field: values inside kept rows are not read
            s.add_issue("column-unread", cell_ref(table.header_rows[1], index), ds, header=header, count=lost, why=why)
        else:
            s.add_issue("column-unknown", cell_ref(table.header_rows[1], index), ds, header=header, why=why)
    sr.totals, sr.footers, sr.blanks, sr.labels = len(table.totals), len(table.footers), len(table.blanks), len(table.labels)
    sr.other_rows = len(table.codes) + len(table.units) + len(table.notes) + len(table.fragments) + len(table.examples)
    for header in hide_rosters(table, rec.columns, ds):
        s.add_issue("column-person-names", s.header_ref, ds, header=header)


def _read_passes(s: _SheetWork, groups: Groups | None) -> list:
    """The passes over the rows, each (columns, rows, constants): one per column of a wide table, else
    the table and one more per repeated group; marks for nothing dropped."""
    table, rec, wide, ds = s.table, s.rec, s.wide, s.sr.dataset
    if wide is not None:
        passes = wide.passes
        shape = f"按{find_field_label(ds, load_datasets()[ds].wide_key)}分列" if wide.kind == "key" \
            else "按期间（月份、年份、本年/上年）分列"
        s.add_issue("wide-table", s.header_ref, ds, shape=shape, columns=len(passes))
        for index in wide.derived:
            s.add_issue("wide-derived-column", cell_ref(table.header_rows[1], index), ds, header=table.columns[index].text)
        for text in wide.unknown_keys:
            s.add_issue("indicator-unknown", s.header_ref, ds, header=text)
    else:
        passes = [(rec.columns, table.data, {})]
        if groups is not None and rec.complete:  # 法治副校长1 … 法治副校长2 …: each further group is one more record
            kept = {r for r, _ in table.data}
            passes += [(columns, [(r, cells) for r, cells in rows if r in kept], {}) for columns, rows, _ in groups.passes]
    return drop_nothing_marks(passes, ds, table, s.add_issue, s.header_ref)


def _set_aside_sheet(s: _SheetWork) -> None:
    """Quarantine every row of a sheet that lacks a required column, with the reason."""
    rec, ds = s.rec, s.sr.dataset
    s.sr.reason = rec.reason
    s.add_issue("sheet-set-aside", s.header_ref, ds, reason=rec.reason)
    for r, cells in s.table.data:
        _quarantine(s.sr, s.rel_path, ds, s.dep, r, rec.reason, original_cells(s.table, rec.columns, cells))
        s.add_issue("row-set-aside", f"A{r + 1}", ds, row=r + 1, reason=rec.reason)


def _convert_passes(s: _SheetWork, ctx: Context, passes: list) -> None:
    """Convert each pass, check its totals, quarantine its rows in error, and gather the kept rows."""
    ds, parts = s.sr.dataset, []
    for columns, rows, constants in passes:
        part = convert_table(ctx, s.table, columns, rows, constants)
        parts.append(part)
        s.issues.extend(_check_totals(ctx, s.table, columns, part, s.dep))
        for _, code, ref, message in part.issues:
            s.add_issue(code, ref, ds, message)
        for r, reason, raw in part.quarantined:
            _quarantine(s.sr, s.rel_path, ds, s.dep, r, reason, raw)
            s.add_issue("row-set-aside", f"A{r + 1}", ds, row=r + 1, reason=reason)
    _gather(s.sr, parts, s.dep)


def _named_instead(rec: Recognition, table, samples, context: str, report_year: int | None,
                   sr: SheetResult, ours: bool) -> tuple[Recognition, str] | None:
    """A sheet refused as the dataset its headers suggest, read as one its title names instead
    (日期 | 类型 | 渠道 | 是否办结 | 时间 under 一院式): the new reading and its refusal ('' when kept)."""
    alt = settle_named_dates(rec, table, samples, context)
    if alt is rec:
        return None
    sr.column_map = column_map(table, alt, False)
    return alt, _refusal(table, alt, None, samples, context, report_year, sr, ours)


def _refusal(table, rec: Recognition, wide, samples, context: str, report_year: int | None,
             sr: SheetResult, ours: bool = False) -> str:
    """Why a recognised sheet is none of ours ('' when it is): too little identifying evidence, or
    dates far from the report year on evidence that is not strong. Sets ``sr.candidate`` and
    ``sr.evidence``. Columns of a wide table headed by known key values (indicators) are evidence."""
    key = load_datasets()[rec.dataset].wide_key
    known = len({c[key] for _, _, c in wide.passes if key in c} - set(wide.unknown_keys)) if wide and key else 0
    found = assess_identity(rec.dataset, rec.columns, rec.matches, [c.text or c.label for c in table.columns],
                            samples, context, known, [c.label for c in table.columns], named=ours)
    title = load_datasets()[rec.dataset].title
    sr.candidate = rec.dataset
    in_year = load_datasets()[rec.dataset].in_year  # dates of other years are allowed elsewhere (案卷办结日期)
    dated = [samples[i] for i, c in rec.columns.items() if c == in_year and i < len(samples)] if in_year else []
    far = far_dates(context, report_year) or far_values(dated, report_year)
    if far and found.level != "strong":
        return f"未识别为任何数据集：最接近“{title}”，但{far}，且表头证据不足"
    if found.level == "none":
        return f"未识别为任何数据集：最接近“{title}”，但{found.why}"
    sr.evidence = "weak" if (found.level == "weak" or far) else "strong"
    if far:
        sr.reason = f"{far}，请核实"
    return ""


def hide_header_names(table) -> None:
    """A header row holding an identity or phone number is a row of people read as the header (a
    roster without one): its cells that read as names are shown as 〔姓名〕 from here on."""
    if not any(contains_personal(c.text) for c in table.columns if c.text):
        return
    for c in table.columns:
        if c.text and looks_like_person(c.text):
            c.text = c.label = PLACEHOLDERS["name"]
            c.candidates = [PLACEHOLDERS["name"]]


def template_recognition(filled) -> Recognition:
    """The recognition of a filled submission template: its own labels, tier "template"."""
    matches = {i: ColumnMatch(i, field, "template", 1.0) for i, field in filled.columns.items()}
    return Recognition(filled.dataset, dict(filled.columns), unmapped=list(filled.unmapped), complete=True,
                       matches=matches)


def _forced_columns(table, rows: list[Override], sr: SheetResult) -> dict[int, str]:
    """Column index → field (or "ignore") from the overrides.csv rows of a sheet."""
    headers = [c.text for c in table.columns]
    forced = {}
    for o in rows:
        index = o.column_index(headers)
        if index is None or index >= len(table.columns):
            continue
        forced[index] = o.field
        sr.overrides_used.append(o.line)
    return forced


def column_map(table, rec, wide: bool) -> list[dict]:
    """One entry per header cell: letter, header as written, dataset, field, tier, score, runner-up."""
    entries = []
    for col in table.columns:
        if not col.text and not col.candidates:
            continue
        match = rec.matches.get(col.index)
        field_name = rec.columns.get(col.index, "")
        tier = match.tier if match and field_name else ("wide" if wide and field_name else "none")
        if match and match.tier == "override":
            tier = "override"
        entries.append({
            "column": column_letter(col.index), "header": col.text,
            "dataset": rec.dataset or "", "field": field_name,
            "tier": tier, "score": match.score if match and field_name else 0.0,
            "runner_up": match.runner_up if match else "", "note": match.note if match else "",
        })
    return entries


def _report_roles(table, add_issue, dataset: str) -> None:
    """One info per kind of row that is not data (group titles, codes, units, notes, fragments)."""
    def rows_text(rows: list[int]) -> str:
        return "、".join(f"第{r + 1}行" for r in rows[:5]) + ("等" if len(rows) > 5 else "")

    for r, text in table.labels:
        shown = "…" if looks_like_names([text, text]) else scrub(text)[:20]  # never a person's name
        add_issue("row-group-title", f"A{r + 1}", dataset, text=shown)
    for r in table.repeated_headers:
        moved = "，其下各列按这一表头的列序读取" if r in table.reordered else ""
        add_issue("row-repeated-header", f"A{r + 1}", dataset, moved=moved)
    if table.examples:
        add_issue("row-example", f"A{table.examples[0] + 1}", dataset, rows=rows_text(table.examples))
    if table.codes:
        add_issue("row-codes", f"A{table.codes[0] + 1}", dataset, rows=rows_text(table.codes))
    if table.units:
        add_issue("row-units", f"A{table.units[0] + 1}", dataset, rows=rows_text(table.units))
    if table.fragments:
        add_issue("row-fragment", f"A{table.fragments[0] + 1}", dataset, rows=rows_text(table.fragments))
    last_data = max((r for r, _ in table.data), default=-1)
    inside = sorted([r for r, _ in table.notes] + [r for r in table.footers if r < last_data])
    if inside:  # a footer under the data needs no word; one between data rows does
        add_issue("row-note", f"A{inside[0] + 1}", dataset, rows=rows_text(inside))


def column_samples(table, limit: int = 30) -> list[list[object]]:
    """The first non-blank values of each column (weak header matches must fit them)."""
    width = len(table.columns)
    out: list[list[object]] = [Samples() for _ in range(width)]
    for _, cells in table.data:
        for i in range(min(width, len(cells))):
            v = cells[i]
            if len(out[i]) < limit and v is not None and v != "":
                out[i].append(v)
        if all(len(o) >= limit for o in out):
            break
    return out


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


def _check_totals(ctx, table, columns, converted, dep) -> list[Issue]:
    """Compare each 合计/小计 row with the data rows it covers; totals never count as data."""

    spec = fields_for(ctx.dataset)
    position = {r: pos for pos, r in enumerate(converted.rows)}
    held = {r for r, _, _ in converted.quarantined}
    found = []
    for r, cells, scope, kind in table.totals:
        if held & set(scope):  # a row it covers is quarantined: the sums cannot be compared
            rows = "、".join(f"第{q + 1}行" for q in sorted(held & set(scope))[:3])
            found.append(make("total-rows-set-aside", ctx.source_file, ctx.source_sheet, f"A{r + 1}", ctx.dataset,
                              dep, kind=kind, rows=rows))
            continue
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
                found.append(make("total-mismatch", ctx.source_file, ctx.source_sheet, cell_ref(r, index),
                                  ctx.dataset, dep, kind=kind, label=f.label, stated=f"{stated.value:g}",
                                  actual=f"{actual:g}"))
    return found
