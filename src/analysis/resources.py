"""Per-dataset knowledge kept as data under ``resources/``: loaders with a cache."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from .paths import RESOURCES


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of ``resources/<name>`` as dicts of stripped strings."""
    with open(RESOURCES / name, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


@dataclass(frozen=True)
class Field:
    """One canonical column of a dataset, as described in fields.csv."""

    dataset: str
    column: str
    type: str
    required: bool
    empty: str  # what an empty cell is: null, zero, one (1 where the column is absent), false, true, year,
    # department, required, or
    # no_row_if_written (a period cell of a form holding a mark for nothing, —, /, 不适用: no value, no row)
    vocabulary: str
    label: str

    @property
    def personal(self) -> bool:
        return self.column.startswith("_")


@dataclass(frozen=True)
class DatasetSpec:
    """One canonical dataset, as described in datasets.csv."""

    name: str
    section: str
    title: str
    title_keywords: tuple[str, ...]
    dedup: str
    dedup_keys: tuple[str, ...]
    min_fields: int
    wide_value: str = ""
    wide_period: str = ""  # the field a period column gives (month, period_year)
    wide_key: str = ""  # the field whose values may head columns (indicator)
    in_year: str = ""  # the date field that must fall in the report year ('' : rows of any year)
    identify: tuple[str, ...] = ()  # the fields whose columns say a sheet is this dataset
    identify_titles: tuple[str, ...] = ()  # title words that name this dataset and nothing else


@lru_cache(maxsize=1)
def load_datasets() -> dict[str, DatasetSpec]:
    """Return the dataset catalogue keyed by dataset name."""
    out = {}
    for r in read_csv_rows("datasets.csv"):
        out[r["dataset"]] = DatasetSpec(
            name=r["dataset"],
            section=r["section"],
            title=r["title"],
            title_keywords=tuple(k for k in r["title_keywords"].split(";") if k),
            dedup=r["dedup"],
            dedup_keys=tuple(k for k in r["dedup_keys"].split(";") if k),
            min_fields=int(r["min_fields"] or 2),
            wide_value=r.get("wide_value", ""),
            wide_period=r.get("wide_period", ""),
            wide_key=r.get("wide_key", ""),
            in_year=r.get("in_year", ""),
            identify=tuple(k for k in (r.get("identify") or "").split(";") if k),
            identify_titles=tuple(k for k in (r.get("identify_titles") or "").split(";") if k),
        )
    return out


@lru_cache(maxsize=1)
def load_fields() -> dict[str, dict[str, Field]]:
    """Return fields by dataset ('*' holds the columns every dataset may have)."""
    out: dict[str, dict[str, Field]] = {}
    for r in read_csv_rows("fields.csv"):
        f = Field(
            dataset=r["dataset"],
            column=r["column"],
            type=r["type"],
            required=r["required"] == "yes",
            empty=r["empty"] or "null",
            vocabulary=r["vocabulary"],
            label=r["label"],
        )
        out.setdefault(f.dataset, {})[f.column] = f
    return out


def fields_for(dataset: str) -> dict[str, Field]:
    """Return the dataset's own fields followed by the common ones."""
    fields = load_fields()
    return {**fields.get(dataset, {}), **fields.get("*", {})}


def output_columns(dataset: str) -> list[str]:
    """Return the canonical (non-personal) columns written for a dataset."""
    cols = [c for c, f in load_fields()[dataset].items() if not f.personal]
    if "department" in cols:
        cols.remove("department")
    return cols


@lru_cache(maxsize=1)
def load_headers() -> dict[str, list[tuple[str, str]]]:
    """Return header synonyms: normalised header → [(dataset, column), …]."""
    from .text import normalize_header

    out: dict[str, list[tuple[str, str]]] = {}
    for r in read_csv_rows("headers.csv"):
        key = normalize_header(r["header"])[0]
        out.setdefault(key, []).append((r["dataset"], r["column"]))
    # Every field's own label (fields.csv) and canonical column name are synonyms too.
    for dataset, fields in load_fields().items():
        for f in fields.values():
            for text in (f.label, f.column):
                key = normalize_header(text)[0]
                if f.type == "person_key" or not key or key.startswith("_"):
                    continue
                if (dataset, f.column) not in out.get(key, []):
                    out.setdefault(key, []).append((dataset, f.column))
    return out


@lru_cache(maxsize=1)
def load_matching_rules() -> dict:
    """Return the tiers, thresholds and word lists of matching by meaning (matching.yaml)."""
    with open(RESOURCES / "matching.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class FieldUnit:
    """The canonical unit of a numeric field and the range its values must lie in."""

    unit: str
    low: float | None
    high: float | None


@lru_cache(maxsize=1)
def load_field_units() -> dict[tuple[str, str], FieldUnit]:
    """Return (dataset, column) → canonical unit and range (field_units.csv)."""
    def number(text: str) -> float | None:
        return float(text) if text else None

    return {(r["dataset"], r["column"]): FieldUnit(r["unit"], number(r["min"]), number(r["max"]))
            for r in read_csv_rows("field_units.csv")}


@lru_cache(maxsize=1)
def load_units() -> dict[str, tuple[str, float]]:
    """Return unit → (base unit, factor to the base): 万元 → (元, 10000) (units.csv)."""
    return {r["unit"]: (r["base"], float(r["factor"])) for r in read_csv_rows("units.csv")}


@lru_cache(maxsize=1)
def load_layout_words() -> dict[str, list[str]]:
    """Return the words that give rows their roles: totals, footers, notes, codes, units (layout.yaml)."""
    with open(RESOURCES / "layout.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def load_period_words() -> dict[str, list[str]]:
    """Return the header words of period columns: current year, previous year, derived (periods.yaml)."""
    with open(RESOURCES / "periods.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=1)
def load_vocabulary_children() -> dict[str, dict[str, dict[str, str]]]:
    """Return vocabulary → parent value → {spelling of a 其中 row → child value}.

    Today only the indicator vocabulary has children (indicators.csv: parent, sub_aliases).
    """
    from .text import normalize_key

    children: dict[str, dict[str, str]] = {}
    for i in load_indicators().values():
        if i.parent:
            table = children.setdefault(i.parent, {})
            for spelling in (i.name, *i.aliases, *i.sub_aliases):
                table.setdefault(normalize_key(spelling), i.name)
    return {INDICATOR_VOCABULARY: children} if children else {}


@lru_cache(maxsize=1)
def load_header_words() -> dict[str, list[str]]:
    """Return groups of interchangeable header words: group word → its words (header_words.csv)."""
    return {r["group"]: [w for w in r["words"].split(";") if w] for r in read_csv_rows("header_words.csv")}


@lru_cache(maxsize=1)
def load_vocabularies() -> dict[str, dict[str, str]]:
    """Return vocabularies: name → {normalised alias or canonical → canonical}."""
    from .text import normalize_key

    out: dict[str, dict[str, str]] = {}
    rows = [(r["vocabulary"], r["canonical"], r["alias"].split(";")) for r in read_csv_rows("vocabularies.csv")]
    # The indicator vocabulary lives in indicators.csv: names and their spellings outside a 其中 row.
    rows += [(INDICATOR_VOCABULARY, i.name, list(i.aliases)) for i in load_indicators().values()]
    for vocabulary, canonical, aliases in rows:
        table = out.setdefault(vocabulary, {})
        table[normalize_key(canonical)] = canonical
        for alias in aliases:
            if alias:
                table.setdefault(normalize_key(alias), canonical)
    return out


INDICATOR_VOCABULARY = "指标名称"


@dataclass(frozen=True)
class Indicator:
    """One reported indicator (indicators.csv): its canonical name, spellings, unit and metric.

    ``sub_aliases`` are the wordings of a 其中 row under ``parent`` (其中：办结 under 万件清理事项).
    """

    name: str
    aliases: tuple[str, ...]
    unit: str
    metric: str
    parent: str
    sub_aliases: tuple[str, ...]
    note: str


@lru_cache(maxsize=1)
def load_indicators() -> dict[str, Indicator]:
    """Return the indicator vocabulary keyed by canonical name."""
    def split(text: str) -> tuple[str, ...]:
        return tuple(a for a in text.split(";") if a)

    return {r["indicator"]: Indicator(r["indicator"], split(r["aliases"]), r["unit"], r["metric"], r["parent"],
                                      split(r["sub_aliases"]), r["note"])
            for r in read_csv_rows("indicators.csv")}


def indicator_for_metric(metric_id: str) -> Indicator | None:
    """Return the indicator that feeds a metric (indicators.csv column ``metric``), or None."""
    return next((i for i in load_indicators().values() if i.metric == metric_id), None)


@lru_cache(maxsize=1)
def load_vocabulary_policy() -> dict[str, str]:
    """Return what to do with a value per vocabulary: 'other' (unknown → 其他), 'keep' (unknown kept)
    or 'written' (every value kept as written; the vocabulary only matches it where it is used)."""
    return {r["vocabulary"]: r["unknown"] or "keep" for r in read_csv_rows("vocabularies.csv")}


@lru_cache(maxsize=1)
def load_score_bands() -> dict[str, list[tuple[str, float, float]]]:
    """Return score bands per scheme: [(grade, min inclusive, max exclusive)]."""
    out: dict[str, list[tuple[str, float, float]]] = {}
    for r in read_csv_rows("score_bands.csv"):
        out.setdefault(r["scheme"], []).append((r["grade"], float(r["min"]), float(r["max"])))
    return out


@dataclass(frozen=True)
class NameGroup:
    """One row of name_groups.csv: a group that names are put in by the words they hold."""

    group: str
    ends_with: tuple[str, ...]  # the name ends with one of these (none: any ending)
    contains_any: tuple[str, ...]  # the name contains one of these (none: no condition)
    also_contains_any: tuple[str, ...]  # and also one of these (none: no condition)
    chart_order: int  # where charts show the group


@cache
def load_name_groups(grouping: str) -> tuple[NameGroup, ...]:
    """Return the groups of one ``grouping`` of name_groups.csv, in the order they are tried."""

    def words(text: str) -> tuple[str, ...]:
        return tuple(w.strip() for w in text.split(";") if w.strip())

    return tuple(
        NameGroup(r["group"], words(r["ends_with"]), words(r["contains_any"]), words(r["also_contains_any"]),
                  int(r["chart_order"]))
        for r in read_csv_rows("name_groups.csv") if r["grouping"] == grouping
    )


@lru_cache(maxsize=1)
def load_yesno() -> dict[str, bool]:
    """Return yes/no spellings (upper-cased) → bool."""
    return {r["text"].upper(): r["value"] == "true" for r in read_csv_rows("yesno.csv")
            if not r["value"].startswith("pending")}


@lru_cache(maxsize=1)
def load_pending_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (prefixes, suffixes) that make a status word pending (待衔接, 正在办理, 化解中): not yet, so no."""
    rows = read_csv_rows("yesno.csv")
    return (tuple(r["text"] for r in rows if r["value"] == "pending_prefix"),
            tuple(r["text"] for r in rows if r["value"] == "pending_suffix"))


@lru_cache(maxsize=1)
def load_rules() -> dict[str, list[dict]]:
    """Return the cross-field rules per dataset from rules.yaml."""
    with open(RESOURCES / "rules.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def rules_for(dataset: str, kind: str | None = None) -> list[dict]:
    """Return a dataset's rules, optionally only those of one kind."""
    return [r for r in load_rules().get(dataset, []) if kind is None or r["rule"] == kind]


@lru_cache(maxsize=1)
def load_metric_definitions() -> dict[str, dict]:
    """Return metric definitions from metrics.yaml (keys starting with _ are settings, not metrics)."""
    with open(RESOURCES / "metrics.yaml", encoding="utf-8") as fh:
        return {k: v for k, v in yaml.safe_load(fh).items() if not str(k).startswith("_")}


def load_plausibility() -> dict:
    """Return the plausibility settings of metrics.yaml (``_plausibility``: the jump factor …)."""
    with open(RESOURCES / "metrics.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh).get("_plausibility") or {}


@lru_cache(maxsize=8)
def load_report_figures(year: int = 2025) -> list[dict[str, str]]:
    """Return the report's list of figures for a year (report_figures_<year>.csv), or [] when none."""
    name = f"report_figures_{year}.csv"
    return read_csv_rows(name) if (RESOURCES / name).is_file() else []


@dataclass(frozen=True)
class IssueCode:
    """One kind of issue, as issue_codes.csv describes it (after frictionless's error catalogue)."""

    code: str
    severity: str  # error, warning, info
    title: str  # short Chinese name (summaries, the quality notebook)
    template: str  # the Chinese message, with {named} placeholders
    action: str  # what the department should do (怎么改, in its feedback workbook)


@lru_cache(maxsize=1)
def load_issue_codes() -> dict[str, IssueCode]:
    """Return the catalogue of issue codes (issue_codes.csv), by code."""
    return {r["code"]: IssueCode(r["code"], r["severity"], r["title"], r["template"], r["action"])
            for r in read_csv_rows("issue_codes.csv")}


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of every resource table (CSV, YAML): a changed mapping invalidates cached results.

    README.md, which only describes the tables, is left out: editing it invalidates nothing."""
    h = hashlib.sha256()
    for path in sorted(RESOURCES.iterdir()):
        if path.is_file() and path.suffix != ".md":
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
