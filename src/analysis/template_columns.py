"""What a submission template asks for, dataset by dataset: its columns and its contract version.

Everything comes from the resources: fields.csv (columns, types, required, vocabulary, label),
field_kinds.csv (what a numeric field holds: count, money, value, score, percent, year),
field_units.csv (a numeric field's unit), vocabularies.csv, departments.csv and yesno.csv (allowed values), field_notes.csv (what a column
means, an example). The template generator (``analysis.templates``) writes these columns; the
cleaner (``intake/reading/templates.py``) compares a filled template's version with the current one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from .paths import RESOURCES
from .resources import Field, fields_for, load_datasets, load_field_units, read_csv_rows
from .text import normalize_header

#: Field type → how the template checks the column (the rules the cleaner enforces, see
#: intake/words/values.py and intake/combine/schemas.py). A type not listed is free text.
#: A numeric field's kind comes from field_kinds.csv (see NUMERIC_KINDS); the type only gives a default.
KINDS = {
    "date": "date", "month": "month", "int": "whole", "float": "value", "percent": "percent",
    "bool": "yesno", "grade": "list", "department": "list", "departments": "multi",
    "defects": "multi", "person_name": "name", "id_number": "id", "phone": "phone", "text": "text",
}
#: The personal columns a ``person_key`` field is derived from (intake/convert/convert.py), in template order.
PERSON_KEY_SOURCES = ("_name", "_id_number")
#: How several values are written in one cell of a multi-value column, by field type.
SEPARATORS = {"departments": "、", "defects": "；"}
#: Units the type implies when the label names none.
TYPE_UNITS = {"percent": "%"}
#: field_kinds.csv's kinds → how the template checks the column: a count is a whole number ≥ 0,
#: money a number ≥ 0 with two decimals (its unit in the header), an indicator value any number ≥ 0
#: (its unit in the unit column), a score 0–100, a percentage 0–100 %, a year four digits.
NUMERIC_KINDS = {"count": "whole", "money": "money", "value": "value", "score": "score",
                 "percent": "percent", "year": "year"}
#: Kinds whose header carries the field's unit (field_units.csv) when the label names none.
UNIT_IN_HEADER = ("money",)


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: the field it fills, its header and how it is checked."""

    field: str
    label: str  # the header written in the template (the contract's label, its unit included)
    kind: str  # date, month, whole, money, value, score, percent, year, yesno, list, multi, name, id, phone, text
    required: bool
    values: tuple[str, ...] = ()  # the allowed values of a dropdown or multi-value column
    strict: bool = True  # other values are refused (else accepted after a warning)
    separator: str = ""
    unit: str = ""
    meaning: str = ""
    example: str = ""

    @property
    def personal(self) -> bool:
        return self.field.startswith("_")


@lru_cache(maxsize=1)
def load_field_notes() -> dict[tuple[str, str], dict[str, str]]:
    """Return (dataset, column) → {meaning, example} from field_notes.csv ('*' for common columns)."""
    if not (RESOURCES / "field_notes.csv").is_file():
        return {}
    return {(r["dataset"], r["column"]): r for r in read_csv_rows("field_notes.csv")}


@lru_cache(maxsize=1)
def load_vocabulary_values() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Return vocabulary → (canonical values in file order, strict: unknown values become 其他)."""
    out: dict[str, tuple[list[str], bool]] = {}
    for r in read_csv_rows("vocabularies.csv"):
        values, _ = out.setdefault(r["vocabulary"], ([], r["unknown"] == "other"))
        if r["canonical"] not in values:
            values.append(r["canonical"])
    return {name: (tuple(values), strict) for name, (values, strict) in out.items()}


@lru_cache(maxsize=1)
def load_field_kinds() -> dict[tuple[str, str], str]:
    """Return (dataset, column) → template kind of every numeric field listed in field_kinds.csv."""
    if not (RESOURCES / "field_kinds.csv").is_file():
        return {}
    out = {}
    for r in read_csv_rows("field_kinds.csv"):
        if r["kind"] not in NUMERIC_KINDS:
            raise ValueError(f"resources/field_kinds.csv：{r['dataset']}.{r['column']} 的类别“{r['kind']}”未知，"
                             f"可用：{'、'.join(NUMERIC_KINDS)}")
        out[(r["dataset"], r["column"])] = NUMERIC_KINDS[r["kind"]]
    return out


def field_kind(f: Field) -> str:
    """How a template checks a field: its kind in field_kinds.csv, else the one its type implies."""
    return load_field_kinds().get((f.dataset, f.column)) or KINDS.get(f.type, "text")


@lru_cache(maxsize=1)
def department_names() -> tuple[str, ...]:
    """Return the canonical department names of departments.csv, in file order."""
    return tuple(r["canonical"] for r in read_csv_rows("departments.csv"))


@lru_cache(maxsize=1)
def yes_no_values() -> tuple[str, str]:
    """Return the first spelling of yes and of no in yesno.csv (是, 否)."""
    rows = read_csv_rows("yesno.csv")
    return (next(r["text"] for r in rows if r["value"] == "true"),
            next(r["text"] for r in rows if r["value"] == "false"))


def allowed_values(f: Field) -> tuple[tuple[str, ...], bool]:
    """Return the values a field may take (empty when free) and whether others are refused."""
    if f.type in ("department", "departments"):
        return department_names(), True
    if f.type == "bool":
        return yes_no_values(), True
    if f.vocabulary:
        return load_vocabulary_values().get(f.vocabulary, ((), True))
    return (), True


def template_label(f: Field) -> str:
    """The header a template writes for a field: its label, with the unit its type or kind implies."""
    unit = TYPE_UNITS.get(f.type, "")
    if not unit and field_kind(f) in UNIT_IN_HEADER:
        spec = load_field_units().get((f.dataset, f.column))
        unit = spec.unit if spec else ""
    if unit and unit not in f.label:
        return f"{f.label}（{unit}）"
    return f.label


def column_for(f: Field, dataset: str, required: bool | None = None, meaning: str = "") -> TemplateColumn:
    """Describe one field as a template column."""
    values, strict = allowed_values(f)
    kind = field_kind(f)
    if kind == "text" and values:
        kind = "list"
    notes = load_field_notes()
    note = notes.get((dataset, f.column)) or notes.get(("*", f.column)) or {}
    label = template_label(f)
    return TemplateColumn(
        field=f.column, label=label, kind=kind, required=f.required if required is None else required,
        values=values, strict=strict, separator=SEPARATORS.get(f.type, ""),
        unit=normalize_header(label)[1], meaning=meaning or note.get("meaning", ""),
        example=note.get("example", ""),
    )


@lru_cache(maxsize=64)
def template_columns(dataset: str) -> tuple[TemplateColumn, ...]:
    """Return a dataset's template columns: its own fields in fields.csv order, then the common ones.

    A ``person_key`` field becomes the personal columns it is derived from (姓名, 身份证号); the
    common columns are those that are neither personal nor ignored (备注).
    """
    fields = fields_for(dataset)
    notes = load_field_notes()
    out: list[TemplateColumn] = []
    own = [f for f in fields.values() if f.dataset == dataset]
    common = [f for f in fields.values() if f.dataset != dataset]
    for f in own:
        if f.type == "person_key":
            who = (notes.get((dataset, f.column)) or {}).get("meaning", "") or f.label
            for column in PERSON_KEY_SOURCES:
                if column in fields:
                    source = fields[column]
                    base = (notes.get(("*", column)) or {}).get("meaning", "") or source.label
                    meaning = f"{base}：{who}" if who != source.label else base
                    # The identity number is what keeps one person one key: asked for, not forced.
                    out.append(column_for(source, dataset, required=f.required and column == "_name",
                                          meaning=meaning))
        elif f.type != "ignore" and not f.personal:
            out.append(column_for(f, dataset))
    for f in common:
        if not f.personal and f.type != "ignore":
            out.append(column_for(f, dataset))
    return tuple(out)


@lru_cache(maxsize=64)
def contract_version(dataset: str) -> str:
    """A short hash of what a dataset's template asks for: fields, headers, checks, allowed values.

    Only the dataset's own definition counts, so adding another dataset or rewording a column's
    explanation leaves the version as it is.
    """
    definition = [(c.field, c.label, c.kind, c.required, c.values, c.strict, c.separator)
                  for c in template_columns(dataset)]
    return hashlib.sha256(json.dumps(definition, ensure_ascii=False).encode("utf-8")).hexdigest()[:10]


def template_datasets() -> list[str]:
    """Return every dataset that has a template (every dataset of datasets.csv with fields)."""
    return [name for name in load_datasets() if template_columns(name)]
