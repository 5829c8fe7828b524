"""Evaluate a cleaner's processed folder against the corpus truth.

    python -m tests.corpus.evaluate PROCESSED TRUTH.json

Reads `manifest.json`, `<dataset>.parquet` (provenance source_file/source_sheet/source_row),
`quarantine.parquet` and `column_map.csv` (source_file, source_sheet, column, header, dataset,
field, tier, score, runner_up; UTF-8 with BOM) and measures:

- sheets: each sheet recognised as its dataset (a notes, lookup or hidden sheet as none);
- columns (needs column_map.csv): per dataset and field precision and recall, the share of
  columns mapped right; a null column is right when mapped to nothing or to a non-field (not a
  field of the dataset, e.g. remarks, `_ignore`); a `_personal` column when mapped to a field
  starting with `_` (or to `person_key`); a list in the truth accepts any of its entries;
- required fields bound to a wrong column (must be none);
- rows accounted for: kept + quarantined + duplicates of the manifest = the sheet's data rows
  (wide forms: or its records);
- values per dataset: records found by provenance, none unexpected, each field's canonical
  value, sums of numeric fields, distinct identifiers and persons, department counts,
  rows with impossible dates in quarantine, indicator names consistent across forms;
- personal data: no invented name, identity number or phone anywhere in the processed folder.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

NUMERIC = ("int", "money", "score", "indicator_value")
ID_FIELDS = {"case_no", "ticket_no"}
ROW_KEY = tuple[str, str, int]


@dataclass
class SheetCheck:
    file: str
    sheet: str
    truth: str | None
    got: str | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.truth == self.got


@dataclass
class ColumnCheck:
    file: str
    sheet: str
    column: str
    header: str
    dataset: str
    truth: list
    got_dataset: str | None
    got: str | None
    tier: str = ""
    ok: bool = False


@dataclass
class RowCheck:
    file: str
    sheet: str
    dataset: str | None
    expected: list[int]
    kept: int
    quarantined: int
    duplicates: int

    @property
    def ok(self) -> bool:
        return self.kept + self.quarantined + self.duplicates in self.expected


@dataclass
class ValueCheck:
    dataset: str
    check: str
    expected: Any
    got: Any
    ok: bool
    detail: str = ""


@dataclass
class Evaluation:
    """Everything measured; `passed()` applies the bar of tests/test_corpus.py."""

    sheets: list[SheetCheck] = field(default_factory=list)
    columns: list[ColumnCheck] | None = None
    required_wrong: list[ColumnCheck] = field(default_factory=list)
    rows: list[RowCheck] = field(default_factory=list)
    values: list[ValueCheck] = field(default_factory=list)
    personal_hits: list[tuple[str, str, str]] = field(default_factory=list)
    tiers: Counter = field(default_factory=Counter)
    field_scores: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)

    @property
    def sheet_share(self) -> float:
        return compute_share(sum(s.ok for s in self.sheets), len(self.sheets))

    @property
    def column_share(self) -> float | None:
        if self.columns is None:
            return None
        return compute_share(sum(c.ok for c in self.columns), len(self.columns))

    @property
    def rows_ok(self) -> bool:
        return all(r.ok for r in self.rows)

    @property
    def values_ok(self) -> bool:
        return all(v.ok for v in self.values)

    def failures(self, column_bar: float = 0.97) -> list[str]:
        """What misses the bar (empty: passed)."""
        out = []
        if self.columns is not None and (self.column_share or 0) < column_bar:
            out.append(f"columns mapped right {self.column_share:.1%} < {column_bar:.0%}")
        if self.required_wrong:
            out.append(f"{len(self.required_wrong)} required fields bound to a wrong column")
        bad_sheets = [s for s in self.sheets if not s.ok]
        if bad_sheets:
            out.append(f"{len(bad_sheets)} of {len(self.sheets)} sheets not recognised as their dataset")
        bad_rows = [r for r in self.rows if not r.ok]
        if bad_rows:
            out.append(f"{len(bad_rows)} sheets with rows not accounted for")
        bad_values = [v for v in self.values if not v.ok]
        if bad_values:
            out.append(f"{len(bad_values)} value checks fail")
        if self.personal_hits:
            out.append(f"{len(self.personal_hits)} personal data found in the outputs")
        return out

    def to_dict(self) -> dict:
        return {"sheet_share": self.sheet_share, "column_share": self.column_share,
                "sheets": [asdict(s) | {"ok": s.ok} for s in self.sheets],
                "columns": None if self.columns is None else [asdict(c) for c in self.columns],
                "required_wrong": [asdict(c) for c in self.required_wrong],
                "rows": [asdict(r) | {"ok": r.ok} for r in self.rows],
                "values": [asdict(v) for v in self.values], "personal_hits": self.personal_hits,
                "tiers": dict(self.tiers),
                "field_scores": {f"{d}.{f}": s for (d, f), s in self.field_scores.items()}}


def compute_share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


# ---------------------------------------------------------------- reading

def read_manifest(processed: Path) -> dict[str, dict]:
    """Manifest files by path."""
    path = processed / "manifest.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["path"]: f for f in data.get("files", [])}


def read_column_map(processed: Path) -> list[dict[str, str]] | None:
    path = processed / "column_map.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean_text(value: Any) -> str | None:
    return None if is_blank(value) or str(value).strip() == "" else str(value).strip()


def find_manifest_sheet(mfile: dict | None, name: str, single: bool) -> dict | None:
    """The manifest entry of a sheet (a CSV file's only sheet whatever its name)."""
    if not mfile:
        return None
    sheets = mfile.get("sheets", [])
    for s in sheets:
        if s.get("name") == name:
            return s
    return sheets[0] if single and len(sheets) == 1 else None


def iter_truth_sheets(truth: dict) -> Iterable[tuple[str, dict, dict]]:
    for path, tfile in truth["files"].items():
        for sheet in tfile["sheets"]:
            yield path, tfile, sheet


def list_acceptable(value: Any) -> list:
    return list(value) if isinstance(value, list) else [value]


# ---------------------------------------------------------------- sheets and rows

def check_sheets(truth: dict, manifest: dict[str, dict]) -> list[SheetCheck]:
    out = []
    for path, tfile, sheet in iter_truth_sheets(truth):
        mfile = manifest.get(path)
        ms = find_manifest_sheet(mfile, sheet["name"], tfile["format"] == "csv")
        got = clean_text(ms.get("dataset")) if ms else None
        reason = "" if ms else ("file missing from manifest" if not mfile else "sheet missing from manifest")
        out.append(SheetCheck(path, sheet["name"], sheet["dataset"], got, reason or (ms.get("reason") or "")))
    return out


def check_rows(truth: dict, manifest: dict[str, dict]) -> list[RowCheck]:
    out = []
    for path, tfile, sheet in iter_truth_sheets(truth):
        ms = find_manifest_sheet(manifest.get(path), sheet["name"], tfile["format"] == "csv") or {}
        if sheet["dataset"] is None:
            expected = [0]
        else:
            expected = sorted({sheet["data_rows"], sheet["records"] + len(sheet["quarantine_rows"]),
                               sheet["records"] + sheet["optional_records"] + len(sheet["quarantine_rows"])})
        out.append(RowCheck(path, sheet["name"], sheet["dataset"], expected, int(ms.get("rows_kept", 0) or 0),
                            int(ms.get("rows_quarantined", 0) or 0), int(ms.get("rows_duplicates", 0) or 0)))
    return out


# ---------------------------------------------------------------- columns

def list_contract_fields(truth: dict, dataset: str | None) -> set[str]:
    if not dataset:
        return set()
    return set(truth["fields"].get(dataset, {})) | {"department", "person_key"}


def is_column_right(options: list, got: str | None, got_dataset: str | None, dataset: str, truth: dict) -> bool:
    """The rules of the module docstring."""
    fields = list_contract_fields(truth, dataset) | list_contract_fields(truth, got_dataset)
    same_dataset = got_dataset in (None, "", dataset)
    for t in options:
        if t is None and (not got or got.startswith("_") or got not in fields):
            return True
        if t == "_personal" and got and (got.startswith("_") or got == "person_key"):
            return True
        if t not in (None, "_personal") and t == got and same_dataset:
            return True
    return False


def index_column_map(rows: list[dict[str, str]], truth: dict) -> dict[tuple[str, str, str], dict[str, str]]:
    """column_map rows by (file, sheet, column); CSV files keyed by sheet '*'."""
    csv_files = {p for p, f in truth["files"].items() if f["format"] == "csv"}
    out = {}
    for r in rows:
        sheet = "*" if r["source_file"] in csv_files else r["source_sheet"]
        out[(r["source_file"], sheet, r["column"].strip())] = r
    return out


def check_columns(truth: dict, rows: list[dict[str, str]]) -> tuple[list[ColumnCheck], list[ColumnCheck],
                                                                   dict[tuple[str, str], dict[str, int]], Counter]:
    """Per truth column: the field chosen, right or wrong; required fields on wrong columns; P/R."""
    index = index_column_map(rows, truth)
    checks: list[ColumnCheck] = []
    scores: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"support": 0, "tp": 0, "chosen": 0, "right": 0})
    truth_of: dict[tuple[str, str, str], tuple[str | None, list]] = {}
    for path, tfile, sheet in iter_truth_sheets(truth):
        key_sheet = "*" if tfile["format"] == "csv" else sheet["name"]
        for letter, value in sheet["columns"].items():
            truth_of[(path, key_sheet, letter)] = (sheet["dataset"], list_acceptable(value))
        if sheet["dataset"] is None:
            continue
        for letter, value in sheet["columns"].items():
            r = index.get((path, key_sheet, letter), {})
            got = clean_text(r.get("field"))
            got_ds = clean_text(r.get("dataset"))
            options = list_acceptable(value)
            ok = is_column_right(options, got, got_ds, sheet["dataset"], truth)
            checks.append(ColumnCheck(path, sheet["name"], letter, sheet["headers"].get(letter, ""),
                                      sheet["dataset"], options, got_ds, got, r.get("tier", ""), ok))
            primary = options[0] if options[0] is not None else "(none)"
            entry = scores[(sheet["dataset"], primary)]
            entry["support"] += 1
            entry["tp"] += ok
    required_wrong: list[ColumnCheck] = []
    tiers: Counter = Counter()
    for (path, sheet, letter), r in index.items():
        got, got_ds = clean_text(r.get("field")), clean_text(r.get("dataset"))
        tiers[r.get("tier") or "(none)"] += 1
        t_ds, options = truth_of.get((path, sheet, letter), (None, [None]))
        if not got or not got_ds or got not in list_contract_fields(truth, got_ds) - {"person_key"}:
            continue
        entry = scores[(got_ds, got)]
        entry["chosen"] += 1
        right = t_ds == got_ds and got in options
        entry["right"] += right
        if got in truth["required"].get(got_ds, []) and not right:
            required_wrong.append(ColumnCheck(path, sheet, letter, r.get("header", ""), t_ds or "", options,
                                              got_ds, got, r.get("tier", ""), False))
    return checks, required_wrong, dict(scores), tiers


# ---------------------------------------------------------------- values

def normalize_text(value: Any) -> str | None:
    text = clean_text(value)
    return None if text is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalize(value: Any, kind: str) -> Any:
    """A cleaner output value in the truth's terms."""
    is_list = hasattr(value, "__len__") and not isinstance(value, str)
    if not is_list and is_blank(value):
        return None
    if kind in ("date", "month"):
        return str(value)[:10]
    if kind in NUMERIC:
        try:
            return float(value)
        except (TypeError, ValueError):
            return value
    if kind == "bool":
        return bool(value)
    if kind == "vocab_list":
        items = list(value) if is_list else re.split(r"[;；、,，]", str(value))
        return sorted({str(i).strip() for i in items if str(i).strip()})
    if kind in ("text", "code", "indicator_unit", "indicator"):
        return normalize_text(value)
    return clean_text(value)


def is_same(expected: Any, got: Any, kind: str) -> bool:
    """Truth vs output: numbers within 0.005 (none ≡ 0), False ≡ blank, texts after NFKC."""
    if kind in NUMERIC:
        e, g = expected or 0.0, got or 0.0
        return isinstance(g, float | int) and abs(float(e) - float(g)) <= 0.005 + 1e-9 * abs(float(e))
    if kind == "bool":
        return bool(expected) == bool(got)
    if kind in ("text", "code"):
        return normalize_text(expected) == got
    if kind == "vocab_list":
        return sorted(expected) == got
    return expected == got


def find_field_kind(truth: dict, dataset: str, name: str) -> str:
    if name == "department":
        return "dept"
    if dataset == "indicator_values" and name == "period_year":
        return "int"
    return truth["fields"].get(dataset, {}).get(name, "text")


def load_outputs(processed: Path, dataset: str, csv_files: set[str]) -> tuple[pd.DataFrame, dict[ROW_KEY, list[int]]]:
    """A dataset's parquet and its rows by provenance."""
    path = processed / f"{dataset}.parquet"
    if not path.exists():
        return pd.DataFrame(), {}
    df = pd.read_parquet(path)
    index: dict[ROW_KEY, list[int]] = defaultdict(list)
    for i, (f, s, r) in enumerate(zip(df["source_file"], df["source_sheet"], df["source_row"], strict=True)):
        if is_blank(r):
            continue
        index[(str(f), "*" if f in csv_files else str(s), int(r))].append(i)
    return df, index


def make_record_key(dataset: str, rec: dict) -> Any:
    if dataset == "indicator_values":
        return (int(rec.get("period_year") or 0), round(float(rec.get("value") or 0), 2))
    if dataset == "enforcement_filings":
        return rec.get("month")
    return None


def make_output_key(dataset: str, row: dict) -> Any:
    if dataset == "indicator_values":
        year = row.get("period_year")
        value = row.get("value")
        return (0 if is_blank(year) else int(year), round(0.0 if is_blank(value) else float(value), 2))
    if dataset == "enforcement_filings":
        return normalize(row.get("month"), "month")
    return None


def match_records(dataset: str, expected: list[dict], rows: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pair truth records with output rows of one source row: (pairs, missing, unexpected)."""
    if len(expected) == 1 and len(rows) == 1:
        return [(expected[0], rows[0])], [], []
    pairs, left = [], list(rows)
    missing = []
    for rec in expected:
        key = make_record_key(dataset, rec)
        hit = next((r for r in left if make_output_key(dataset, r) == key), None)
        if hit is None:
            if not rec.get("_optional"):
                missing.append(rec)
            continue
        left.remove(hit)
        pairs.append((rec, hit))
    return pairs, missing, left


@dataclass
class DatasetMatch:
    """Truth records and output rows of one dataset, paired by provenance."""

    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    missing: list[tuple[ROW_KEY, dict]] = field(default_factory=list)
    unexpected: list[dict] = field(default_factory=list)
    expected: list[dict] = field(default_factory=list)
    quarantine_rows: list[ROW_KEY] = field(default_factory=list)


def match_dataset(truth: dict, dataset: str, df: pd.DataFrame, index: dict[ROW_KEY, list[int]]) -> DatasetMatch:
    m = DatasetMatch()
    seen: set[int] = set()
    records = df.to_dict("records") if len(df) else []
    for path, tfile, sheet in iter_truth_sheets(truth):
        if sheet["dataset"] != dataset:
            continue
        key_sheet = "*" if tfile["format"] == "csv" else sheet["name"]
        for row in sheet["rows"]:
            key = (path, key_sheet, row["row"])
            if row["quarantine"]:
                m.quarantine_rows.append(key)
            expected = row["records"]
            m.expected += [r for r in expected if not r.get("_optional")]
            hits = index.get(key, [])
            seen.update(hits)
            pairs, missing, extra = match_records(dataset, expected, [records[i] for i in hits])
            m.pairs += pairs
            m.missing += [(key, r) for r in missing]
            m.unexpected += extra
    m.unexpected += [records[i] for i in range(len(records)) if i not in seen]
    return m


#: How the cleaner writes a name in a field that is no person field (a reviewer): 〔姓名·a1b2c3〕,
#: the same stand-in for the same person (the 2026-12 contract: names reach no output).
PSEUDONYM = "〔姓名·"


def compare_fields(truth: dict, dataset: str, m: DatasetMatch) -> list[ValueCheck]:
    """Per field: the canonical value of every paired record."""
    stats: dict[str, list] = defaultdict(lambda: [0, []])
    stand_ins: dict[str, dict] = defaultdict(lambda: defaultdict(set))  # field → name → its stand-ins
    for rec, row in m.pairs:
        for name, value in rec.items():
            if name.startswith("_") or (dataset == "indicator_values" and name == "indicator"):
                continue
            kind = find_field_kind(truth, dataset, name)
            got = normalize(row.get(name), kind)
            stats[name][0] += 1
            if isinstance(got, str) and got.startswith(PSEUDONYM) and value:
                stand_ins[name][value].add(got)  # a name is personal: a stand-in, one per person
                continue
            if not is_same(value, got, kind):
                stats[name][1].append(f"{row.get('source_file')}!{row.get('source_sheet')}:{row.get('source_row')} "
                                      f"{value!r}→{got!r}")
    for name, by_value in stand_ins.items():
        owners = Counter(g for got in by_value.values() for g in got)
        stats[name][1] += [f"{v!r}→{sorted(got)}" for v, got in by_value.items()
                           if len(got) != 1 or owners[next(iter(got))] != 1]
    return [ValueCheck(dataset, f"field {name}", n, n - len(bad), not bad, "; ".join(bad[:3]))
            for name, (n, bad) in sorted(stats.items())]


def check_sums(truth: dict, dataset: str, df: pd.DataFrame, m: DatasetMatch) -> list[ValueCheck]:
    out = []
    for name, kind in truth["fields"].get(dataset, {}).items():
        if kind not in NUMERIC and not (dataset == "indicator_values" and name == "value"):
            continue
        rows = [r for r in m.expected if dataset != "indicator_values" or r.get("period_year") == truth["year"]]
        expected = round(sum(float(r.get(name) or 0) for r in rows), 2)
        got_rows = df
        if dataset == "indicator_values" and len(df) and "period_year" in df:
            got_rows = df[pd.to_numeric(df["period_year"], errors="coerce") == truth["year"]]
        got = round(float(pd.to_numeric(got_rows[name], errors="coerce").fillna(0).sum()), 2) if name in got_rows else 0.0
        out.append(ValueCheck(dataset, f"sum {name}", expected, got, abs(expected - got) <= 0.01))
    return out


def check_distinct(dataset: str, df: pd.DataFrame, m: DatasetMatch) -> list[ValueCheck]:
    out = []
    for name in sorted(ID_FIELDS | {"reviewer", "school"}):
        values = {normalize_text(r[name]) for r in m.expected if r.get(name)}
        if values:
            got = df[name].dropna().map(normalize_text).nunique() if name in df else 0
            out.append(ValueCheck(dataset, f"distinct {name}", len(values), int(got), len(values) == got))
    persons = {r["_person"] for r in m.expected if r.get("_person")}
    if persons and dataset in ("psych_services", "resettlement", "vice_principals", "legal_aid_cases"):
        got = df["person_key"].dropna().nunique() if "person_key" in df else 0
        out.append(ValueCheck(dataset, "distinct persons", len(persons), int(got), len(persons) == got))
    return out


def check_departments(dataset: str, df: pd.DataFrame, m: DatasetMatch) -> ValueCheck:
    # optional records (上年数) the cleaner gave are rows too: counted where they were found
    expected = Counter(r["department"] for r in m.expected) + Counter(r["department"] for r, _ in m.pairs if r.get("_optional"))
    got = Counter(df["department"].fillna("").astype(str)) if "department" in df else Counter()
    diff = {k: (expected.get(k, 0), got.get(k, 0)) for k in set(expected) | set(got) if expected.get(k, 0) != got.get(k, 0)}
    return ValueCheck(dataset, "departments", dict(expected), dict(got), not diff,
                      "; ".join(f"{k or '(blank)'} {e}→{g}" for k, (e, g) in list(diff.items())[:5]))


def check_indicator_names(m: DatasetMatch) -> ValueCheck:
    """Each corpus indicator maps to one output name, and different ones to different names."""
    names: dict[str, set[str]] = defaultdict(set)
    for rec, row in m.pairs:
        names[rec["indicator"]].add(clean_text(row.get("indicator")) or "")
    split = {k: sorted(v) for k, v in names.items() if len(v) != 1 or "" in v}
    owners: dict[str, list[str]] = defaultdict(list)
    for k, v in names.items():
        for name in v:
            owners[name].append(k)
    merged = {n: ks for n, ks in owners.items() if len(ks) > 1}
    detail = "; ".join([f"{k}→{v}" for k, v in list(split.items())[:4]] + [f"{ks}→{n}" for n, ks in list(merged.items())[:4]])
    return ValueCheck("indicator_values", "indicator names", len(names), len(owners), not split and not merged, detail)


def check_quarantine(processed: Path, dataset: str, m: DatasetMatch, csv_files: set[str]) -> ValueCheck | None:
    if not m.quarantine_rows:
        return None
    path = processed / "quarantine.parquet"
    keys: set[ROW_KEY] = set()
    if path.exists():
        q = pd.read_parquet(path)
        for f, s, r in zip(q["source_file"], q["source_sheet"], q["source_row"], strict=True):
            if not is_blank(r):
                keys.add((str(f), "*" if f in csv_files else str(s), int(r)))
    found = [k for k in m.quarantine_rows if k in keys]
    missing = [f"{k[0]}!{k[1]}:{k[2]}" for k in m.quarantine_rows if k not in keys]
    return ValueCheck(dataset, "impossible dates quarantined", len(m.quarantine_rows), len(found),
                      not missing, "; ".join(missing[:3]))


def check_values(processed: Path, truth: dict) -> list[ValueCheck]:
    csv_files = {p for p, f in truth["files"].items() if f["format"] == "csv"}
    datasets = sorted({s["dataset"] for _, _, s in iter_truth_sheets(truth) if s["dataset"]})
    out: list[ValueCheck] = []
    for dataset in datasets:
        df, index = load_outputs(processed, dataset, csv_files)
        m = match_dataset(truth, dataset, df, index)
        out.append(ValueCheck(dataset, "records found", len(m.expected), len(m.expected) - len(m.missing),
                              not m.missing, "; ".join(f"{k[0]}!{k[1]}:{k[2]}" for k, _ in m.missing[:3])))
        out.append(ValueCheck(dataset, "no unexpected rows", 0, len(m.unexpected), not m.unexpected,
                              "; ".join(f"{r.get('source_file')}!{r.get('source_sheet')}:{r.get('source_row')}"
                                        for r in m.unexpected[:3])))
        out += compare_fields(truth, dataset, m)
        out += check_sums(truth, dataset, df, m)
        out += check_distinct(dataset, df, m)
        out.append(check_departments(dataset, df, m))
        if dataset == "indicator_values":
            out.append(check_indicator_names(m))
        q = check_quarantine(processed, dataset, m, csv_files)
        if q:
            out.append(q)
    return out


# ---------------------------------------------------------------- personal data

def list_personal_tokens(truth: dict) -> dict[str, str]:
    """Every invented name, identity number (also with lower-case x) and phone → its kind."""
    tokens = {n: "name" for n in truth["personal"]["names"] if len(n) >= 2}
    for i in truth["personal"]["id_numbers"]:
        tokens[i] = tokens[i.lower()] = "id_number"
        tokens[f"{i[:6]} {i[6:14]} {i[14:]}"] = "id_number"
    tokens.update({p: "phone" for p in truth["personal"]["phones"]})
    return tokens


def read_file_text(path: Path) -> str:
    """The text content of an output file (parquet cells, workbook cells, or raw bytes)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df = pd.read_parquet(path)
        return "\n".join(df[c].astype(str).str.cat(sep="\n") for c in df.columns) + "\n".join(map(str, df.columns))
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        parts = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
        wb.close()
        return "\n".join(parts)
    return path.read_bytes().decode("utf-8", errors="ignore")


def scan_personal(processed: Path, truth: dict, limit: int = 500) -> list[tuple[str, str, str]]:
    tokens = list_personal_tokens(truth)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))
    hits: list[tuple[str, str, str]] = []
    for path in sorted(p for p in processed.rglob("*") if p.is_file()):
        try:
            text = read_file_text(path)
        except Exception as exc:  # an unreadable output is reported, not fatal
            hits.append((str(path.relative_to(processed)), "unreadable", str(exc)[:80]))
            continue
        for match in pattern.finditer(text):
            hits.append((str(path.relative_to(processed)), tokens[match.group(0)], match.group(0)))
            if len(hits) >= limit:
                return hits
    return hits


# ---------------------------------------------------------------- entry points

def evaluate(processed: Path, truth: dict | Path) -> Evaluation:
    """Measure a processed folder against a corpus truth (dict or path to truth.json)."""
    if not isinstance(truth, dict):
        truth = json.loads(Path(truth).read_text(encoding="utf-8"))
    processed = Path(processed)
    manifest = read_manifest(processed)
    result = Evaluation(sheets=check_sheets(truth, manifest), rows=check_rows(truth, manifest))
    column_map = read_column_map(processed)
    if column_map is not None:
        result.columns, result.required_wrong, result.field_scores, result.tiers = check_columns(truth, column_map)
    result.values = check_values(processed, truth)
    result.personal_hits = scan_personal(processed, truth)
    return result


def format_table(result: Evaluation, detail: int = 12) -> str:
    """A plain-text report of an evaluation."""
    lines = []
    ok_sheets = sum(s.ok for s in result.sheets)
    data = [s for s in result.sheets if s.truth]
    lines.append(f"Sheets recognised as their dataset: {ok_sheets}/{len(result.sheets)} ({result.sheet_share:.1%}); "
                 f"data sheets {sum(s.ok for s in data)}/{len(data)}, notes/lookup/hidden sheets left alone "
                 f"{sum(s.ok for s in result.sheets if not s.truth)}/{len(result.sheets) - len(data)}")
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in data:
        per[s.truth][0] += s.ok
        per[s.truth][1] += 1
    lines.append("  " + ", ".join(f"{d} {ok}/{n}" for d, (ok, n) in sorted(per.items())))
    for s in [s for s in result.sheets if not s.ok][:detail]:
        lines.append(f"  ✗ {s.file} !{s.sheet}: {s.truth} → {s.got}  {s.reason[:40]}")
    if result.columns is None:
        lines.append("Columns: column_map.csv missing — no column measures")
    else:
        lines.append(f"Columns mapped right: {sum(c.ok for c in result.columns)}/{len(result.columns)} "
                     f"({result.column_share:.1%}); required fields on a wrong column: {len(result.required_wrong)}")
        lines.append("  tiers: " + ", ".join(f"{k} {v}" for k, v in result.tiers.most_common()))
    ok_rows = sum(r.ok for r in result.rows)
    lines.append(f"Sheets with every row accounted for: {ok_rows}/{len(result.rows)}")
    for r in [r for r in result.rows if not r.ok][:detail]:
        lines.append(f"  ✗ {r.file} !{r.sheet} ({r.dataset}): expected {r.expected}, kept {r.kept} "
                     f"+ quarantined {r.quarantined} + duplicates {r.duplicates}")
    by_dataset: dict[str, list[ValueCheck]] = defaultdict(list)
    for v in result.values:
        by_dataset[v.dataset].append(v)
    ok_values = sum(v.ok for v in result.values)
    lines.append(f"Value checks holding: {ok_values}/{len(result.values)}")
    for dataset, checks in by_dataset.items():
        bad = [c for c in checks if not c.ok]
        lines.append(f"  {dataset:24s} {len(checks) - len(bad):3d}/{len(checks):<3d}" +
                     ("" if not bad else "  ✗ " + ", ".join(c.check for c in bad[:6])))
    where = Counter(p.split("/")[0] if "/" in p else p for p, _, _ in result.personal_hits)
    lines.append(f"Personal data in outputs: {len(result.personal_hits)} hits" +
                 ("" if not where else " in " + ", ".join(f"{p} {n}" for p, n in where.most_common())))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate a processed folder against a corpus truth.")
    parser.add_argument("processed", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--json", type=Path, help="write the full result here")
    args = parser.parse_args()
    result = evaluate(args.processed, args.truth)
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
