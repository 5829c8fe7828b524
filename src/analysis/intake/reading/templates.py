"""Filled submission templates (``python -m analysis templates``), recognised at once.

A template carries a hidden info sheet (``contract.TEMPLATE_INFO_SHEET``: rows of 工作表 | 项目 |
值 | 字段) naming, per sheet, its part (data, notes, lookup, info) and, per data sheet, its
dataset, contract version, header row and the field of every header label. A data sheet is then
read by those labels (tier ``template``) instead of the header synonyms; the template's other
sheets are skipped quietly. A template of another year or of an older contract version is read
all the same, with a warning saying which template to use next time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...contract import (
    TEMPLATE_INFO_SHEET,
    TEMPLATE_MARK,
    TEMPLATE_PARTS,
    blank_template_file_name,
    template_file_name,
)
from ...resources import fields_for, load_datasets
from ...template_columns import contract_version
from ...text import normalize_header
from ..issues import note
from ..words.identity import missing_required
from .reading import Sheet, Workbook

#: How a template's own sheets are described when skipped (manifest ``reason``).
SKIPPED = {"notes": "报送模板的填表说明，已跳过", "lookup": "报送模板的下拉选项，已跳过",
           "info": "报送模板的模板信息，已跳过"}


@dataclass
class TemplateInfo:
    """What a template's info sheet says, and the report year it is read for."""

    year: int | None
    department: str
    report_year: int | None
    parts: dict[str, str] = field(default_factory=dict)  # sheet → part
    datasets: dict[str, str] = field(default_factory=dict)  # data sheet → dataset
    versions: dict[str, str] = field(default_factory=dict)
    header_rows: dict[str, int] = field(default_factory=dict)  # 1-based, as Excel shows it
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # data sheet → [(label, field)]
    year_told: bool = False  # another year's template is reported once per file, with its first data sheet


@dataclass
class TemplateSheet:
    """How to read one sheet of a template: skip it, or map its columns (None: by header synonyms)."""

    part: str
    reason: str = ""
    dataset: str | None = None
    header: tuple[int, int] | None = None  # 0-based first and last header row
    columns: dict[int, str] | None = None  # column index → field
    unmapped: list[int] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (issue code, message)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value: object) -> int | None:
    try:
        return int(float(_text(value)))
    except ValueError:
        return None


def read_template_info(book: Workbook, report_year: int | None) -> TemplateInfo | None:
    """Return the info of a filled template, or None when the workbook is not one of ours."""
    sheet = next((s for s in book.sheets if s.name == TEMPLATE_INFO_SHEET), None)
    if sheet is None:
        return None
    rows = [[_text(v) for v in row[:4]] + [""] * (4 - len(row[:4])) for row in sheet.rows]
    general = {key: value for name, key, value, _ in rows if not name}
    if general.get("template") != TEMPLATE_MARK:
        return None
    info = TemplateInfo(_number(general.get("year")), general.get("department", ""), report_year)
    for name, key, value, column in rows[1:]:
        if not name:
            continue
        if key == "part" and value in TEMPLATE_PARTS:
            info.parts[name] = value
        elif key == "dataset":
            info.datasets[name] = value
        elif key == "version":
            info.versions[name] = value
        elif key == "header_row" and _number(value):
            info.header_rows[name] = _number(value)
        elif key == "column" and value and column:
            info.labels.setdefault(name, []).append((value, column))
    return info


def next_template(info: TemplateInfo, dataset: str) -> str:
    """The file name of the template to use next time (the department's, else the dataset's blank one)."""
    year = info.report_year or info.year
    if info.department:
        return template_file_name(info.department, year)
    return blank_template_file_name(load_datasets()[dataset].title, year)


def match_template(info: TemplateInfo | None, sheet: Sheet) -> TemplateSheet | None:
    """How to read ``sheet`` of a template; None when the workbook is no template or the sheet not its own."""
    if info is None or sheet.name not in info.parts:
        return None
    part = info.parts[sheet.name]
    if part != "data":
        return TemplateSheet(part, SKIPPED.get(part, "报送模板的辅助工作表，已跳过"))
    dataset = info.datasets.get(sheet.name, "")
    found = TemplateSheet(part)
    if dataset not in load_datasets():
        found.notes.append(note("template-dataset-retired", name=dataset))
        return found
    found.dataset = dataset
    found.notes = [*_year_notes(info, dataset), *_version_notes(info, sheet.name, dataset)]
    labels = info.labels.get(sheet.name, [])
    header = find_header_row(sheet.rows, labels, info.header_rows.get(sheet.name, 1) - 1)
    if header is None:
        return found
    columns, unmapped = map_labels(sheet.rows[header], labels, dataset)
    missing = missing_required(dataset, set(columns.values()), person_hint="")
    if missing:
        found.notes.append(note("template-header-changed", missing="、".join(missing),
                                template=next_template(info, dataset)))
        return found
    found.header, found.columns, found.unmapped = (header, header), columns, unmapped
    return found


def _year_notes(info: TemplateInfo, dataset: str) -> list[tuple[str, str]]:
    """A warning (once per file) when the template is another year's than the data being cleaned."""
    if info.year_told or not info.year or not info.report_year or info.year == info.report_year:
        return []
    info.year_told = True
    return [note("template-old-year", year=info.year, report_year=info.report_year,
                 template=next_template(info, dataset))]


def _version_notes(info: TemplateInfo, name: str, dataset: str) -> list[tuple[str, str]]:
    """A warning when the sheet's contract version is not the current one."""
    old, new = info.versions.get(name, ""), contract_version(dataset)
    if old == new:
        return []
    title = load_datasets()[dataset].title
    return [note("template-old-version", title=title, old=old or "未知", new=new,
                 template=next_template(info, dataset))]


def find_header_row(rows: list[list[object]], labels: list[tuple[str, str]], expected: int,
                    reach: int = 20) -> int | None:
    """The row holding most of the template's labels: where it was written, or moved by inserted rows."""
    keys = {normalize_header(label)[0] for label, _ in labels}
    best, found = 0, None
    for r in range(max(expected, 0), min(len(rows), max(expected, 0) + reach)):
        hits = sum(1 for v in rows[r] if normalize_header(_text(v))[0] in keys)
        if hits > best:
            best, found = hits, r
    return found


def map_labels(header: list[object], labels: list[tuple[str, str]], dataset: str) -> tuple[dict[int, str], list[int]]:
    """Map the header's columns to fields by the template's own labels; list the columns left over."""
    by_label = {normalize_header(label)[0]: column for label, column in labels}
    wanted = fields_for(dataset)
    columns: dict[int, str] = {}
    unmapped: list[int] = []
    for index, value in enumerate(header):
        key = normalize_header(_text(value))[0]
        if not key:
            continue
        column = by_label.get(key)
        if column in wanted and column not in columns.values():
            columns[index] = column
        else:
            unmapped.append(index)
    return columns, unmapped
