"""Files → datasets: duplicate files, resubmissions, joint activities, schema check, outputs."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath

import pandas as pd

from ...contract import COLUMN_MAP_COLUMNS, PROVENANCE, QUARANTINE_COLUMNS, WEAK_TIERS
from ...datasets import coerce_types
from ...files import (
    atomic_path,
    blocked_count,
    skip_blocked,
    write_csv,
    write_if_changed,
    write_text_atomic,
)
from ...listing import SPECIAL_KINDS
from ...paths import display_path
from ...personal import guard_frame, scrub_frame, scrub_tree
from ...resources import load_datasets, load_fields, output_columns
from ...text import normalize_key
from ..convert.convert import raw_json
from ..issues import Issue, condense, issues_frame, make
from ..results import CleanSummary, FileResult, SheetResult, Stopwatch
from ..words.overrides import FILE_NAME as OVERRIDES_FILE
from ..words.overrides import OverrideSet
from .feedback import write_feedback
from .increments import DatasetOutcome, DatasetStates, KeptRows, dataset_fingerprint
from .schemas import validate

_MARKERS = [
    (re.compile(r"最终版|终版|定稿"), 90),
    (re.compile(r"[vV](\d+)"), None),
    (re.compile(r"第(\d+)版"), None),
    (re.compile(r"修改版|修订版|更正版|更新版|修正版|修改|更正|新版"), 50),
]
_NON_WORD = re.compile(r"\W+")
_COPY = re.compile(r"副本|[-_ ]?copy|\(\d+\)$|（\d+）$", re.IGNORECASE)
_MARKER_STRIP = re.compile(r"[(（\[【]?\s*(最终版|终版|定稿|修改版|修订版|更正版|更新版|修正版|修改|更正|新版|[vV]\d+|第\d+版)\s*[)）\]】]?")


def revision_rank(stem: str) -> int:
    """Return how late a file name says it is: 0 for none, v2 → 2, 修改版 → 50, 最终版 → 90."""
    rank = 0
    for pattern, value in _MARKERS:
        m = pattern.search(stem)
        if m:
            rank = max(rank, value if value is not None else int(m.group(1)))
    return rank


def base_stem(stem: str) -> str:
    """Return a file name without its revision marker, for pairing a resubmission with its original."""
    return normalize_key(_MARKER_STRIP.sub("", stem)).strip("_-. ")


def combine_and_write(results: list[FileResult], out: Path, run_fp: str, raw: Path,
                      year: int | None = None, submit=None, files_read_fresh: int = 0,
                      overrides: OverrideSet | None = None,
                      sources: dict[str, tuple[str, Path]] | None = None,
                      clock: Stopwatch | None = None) -> CleanSummary:
    """Combine per-file results, resolve duplicates, validate, and write every output.

    ``results`` may be light (their kept rows in the cache entries ``sources`` names: file →
    (cache key, entry)); each dataset's rows are then loaded while that dataset is built, and a
    dataset whose inputs are those of the last run is not built nor written again
    (:mod:`analysis.intake.combine.increments`). Other outputs are rewritten only when their content changed.
    With ``submit`` (an executor's submit), the feedback workbooks are written in worker processes.
    """
    rows_of = KeptRows(sources)
    clock = clock or Stopwatch()
    blocked_before = blocked_count()
    issues: list[Issue] = [i for r in results for i in r.issues]
    override_report = report_overrides(overrides, results, issues)
    superseded, copies = _set_aside_copies(results, issues)
    # a copy costs one line: its own notes (the format it was read as) are moot
    issues = [i for i in issues if not (i.source_file in copies and i.severity == "info" and not i.source_sheet)]
    resubmissions = _resolve_resubmissions([r for r in results if r.path not in superseded and not r.error],
                                           superseded, issues, rows_of)
    parts, quarantine, dropped = _sort_sheets(results, superseded)
    out.mkdir(parents=True, exist_ok=True)
    clock.lap("copies and resubmissions")
    states = DatasetStates(out / ".cache" / "datasets") if sources is not None else None
    outcomes = _build_datasets(parts, out, rows_of, states)
    for outcome in outcomes.values():
        dropped.update(outcome.dropped)
        issues.extend(outcome.issues)
        quarantine.extend(outcome.bad)
    clock.lap("datasets (build, deduplicate, validate, write)")
    # Row-level findings of a replaced or copied file are moot: its rows no longer count.
    issues = [i for i in issues if not (i.source_file in superseded and i.source_sheet)]
    idf = scrub_frame(issues_frame(condense(issues)))  # provenance and messages: personal parts replaced
    clock.lap("issues")
    pending = write_feedback(idf, out / "feedback", submit, year=year)
    clock.lap("feedback")
    qdf = _write_quarantine(quarantine, out / "quarantine.parquet")
    skip_blocked(write_csv, idf, out / "issues.csv", keep_unchanged=True)  # often open in Excel
    cmap = scrub_frame(column_map_frame(results, superseded))
    skip_blocked(write_csv, cmap, out / "column_map.csv", keep_unchanged=True)
    clock.lap("quarantine, issues.csv, column_map.csv")
    manifest, summary = _manifest(results, outcomes, qdf, dropped, superseded, copies, idf, run_fp, raw)
    manifest = {"year": year, **manifest, "overrides": override_report, "matching": _tier_counts(cmap)}
    summary.weak_matches = _weak_matches(results, cmap)
    summary.resubmissions = resubmissions
    summary.files_read_fresh = files_read_fresh
    manifest["summary"] = {k: v for k, v in summary.__dict__.items() if k not in ("unchanged", "stages")}
    clock.lap("manifest")
    for future in pending:
        future.result()
    clock.lap("feedback")
    if blocked_count() > blocked_before:  # an output was skipped: the next run is not "unchanged"
        manifest["run_fingerprint"] = ""
    write_text_atomic(out / "manifest.json", manifest_text(scrub_tree(manifest)))  # last: it names a complete run
    clock.lap("manifest")
    return summary


def _set_aside_copies(results: list[FileResult], issues: list[Issue]) -> tuple[dict[str, str], set[str]]:
    """Return which file each byte-identical copy gives way to (file → keeper) and the copies;
    one ``file-duplicate`` issue per copy. The keeper is the file whose name is not a copy's, then the shortest."""
    superseded: dict[str, str] = {}
    copies: set[str] = set()
    by_sha: dict[str, list[FileResult]] = defaultdict(list)
    for r in results:
        if not r.error and r.sha256:  # an entry not read (a link, a pipe) has no content
            by_sha[r.sha256].append(r)
    for same in by_sha.values():
        if len(same) < 2:
            continue
        keeper, *others = sorted(same, key=lambda r: (bool(_COPY.search(PurePosixPath(r.path).stem)),
                                                     len(PurePosixPath(r.path).stem), r.path))
        for r in others:
            superseded[r.path] = keeper.path
            copies.add(r.path)
            issues.append(make("file-duplicate", r.path, department=r.department, keeper=keeper.path))
    return superseded, copies


def _sort_sheets(results: list[FileResult], superseded: dict[str, str]
                 ) -> tuple[dict[str, list[tuple[FileResult, int]]], list[dict], Counter]:
    """Return the sheets that feed each dataset (file, sheet index), the rows set aside, and the rows of
    replaced files counted as dropped by (file, sheet)."""
    parts: dict[str, list[tuple[FileResult, int]]] = defaultdict(list)
    quarantine: list[dict] = []
    dropped: Counter = Counter()  # (file, sheet) -> rows dropped as duplicates
    for r in results:
        for index, s in enumerate(r.sheets):
            if r.path in superseded:
                dropped[(r.path, s.name)] += s.kept_rows() + len(s.quarantine)
                continue
            if s.dataset and s.kept_rows():
                parts[s.dataset].append((r, index))
            quarantine.extend(s.quarantine)
    return parts, quarantine, dropped


def _build_datasets(parts: dict[str, list[tuple[FileResult, int]]], out: Path, rows_of: KeptRows,
                    states: DatasetStates | None) -> dict[str, DatasetOutcome]:
    """Build and write every dataset some sheet feeds, in the contract's order."""
    outcomes: dict[str, DatasetOutcome] = {}
    for name in load_datasets():
        outcome = _dataset(name, parts.get(name, []), out / f"{name}.parquet", rows_of, states)
        if outcome is not None:
            outcomes[name] = outcome
    return outcomes


def _write_quarantine(quarantine: list[dict], path: Path) -> pd.DataFrame:
    """Write the rows set aside (sorted by where they came from, raw cells as JSON) and return them."""
    qdf = pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS)
    if len(qdf):
        qdf["raw"] = qdf["raw"].map(lambda v: v if isinstance(v, str) else raw_json(v or {}))
        qdf = qdf.sort_values(["source_file", "source_sheet", "source_row"], kind="stable").reset_index(drop=True)
    qdf = qdf.astype({"source_row": "int64"}) if len(qdf) else qdf
    buffer = io.BytesIO()
    guard_frame(scrub_frame(qdf), path.name).to_parquet(buffer, index=False)
    skip_blocked(write_if_changed, path, buffer.getvalue())
    return qdf


def _tier_counts(cmap: pd.DataFrame) -> dict[str, int]:
    """Count the columns of the column map by the tier that matched them."""
    return {tier: int(n) for tier, n in cmap["tier"].value_counts().items()} if len(cmap) else {}


def _weak_matches(results: list[FileResult], cmap: pd.DataFrame) -> int:
    """Count the columns matched by a weak tier in sheets that were read (not a refused sheet's columns)."""
    if not len(cmap):
        return 0
    read = {(r.path, s.name) for r in results for s in r.sheets if s.dataset}
    in_read = pd.Series([k in read for k in zip(cmap["source_file"], cmap["source_sheet"], strict=True)],
                        index=cmap.index, dtype=bool)
    return int((cmap["tier"].isin(WEAK_TIERS) & in_read).sum())


def _dataset(name: str, parts: list[tuple[FileResult, int]], path: Path, rows_of: KeptRows,
             states: DatasetStates | None) -> DatasetOutcome | None:
    """Build, validate and write one dataset, or reuse the last run's when its inputs are the same;
    None when no sheet feeds it (its old file is removed)."""
    if not parts:
        if path.exists():
            path.unlink()
        if states is not None:
            states.forget(name)
        return None
    fingerprint = dataset_fingerprint(name, [(r.path, rows_of.key(r.path), r.sheets[i].name) for r, i in parts])
    if states is not None and all(rows_of.key(r.path) for r, _ in parts):
        outcome = states.load(name, fingerprint, path)
        if outcome is not None:
            return outcome
    outcome = build_dataset(name, [(r.path, rows_of.sheet(r, i)) for r, i in parts], path, fingerprint)
    rows_of.release()
    return states.store(name, outcome, path) if states is not None else outcome


def build_dataset(name: str, parts: list[tuple[str, SheetResult]], path: Path, fingerprint: str = "") -> DatasetOutcome:
    """One dataset from its sheets: deduplicated, validated, written to ``path`` (removed when no row is left)."""
    outcome = DatasetOutcome(fingerprint)
    df = build_frame(parts)
    del parts
    df, outcome.dropped = _deduplicate(name, df, outcome.issues)
    df, outcome.bad = validate(name, df)
    for rec in outcome.bad:
        outcome.issues.append(make("row-set-aside", rec["source_file"], rec["source_sheet"], f"A{rec['source_row']}",
                                   name, rec["department"], row=rec["source_row"], reason=rec["reason"]))
    outcome.rows = len(df)
    if len(df):
        outcome.kept_by_sheet = Counter({(f, s): int(n) for (f, s), n
                                         in df.groupby(["source_file", "source_sheet"]).size().items()})
        _write_parquet(name, df, path)
    elif path.exists():
        path.unlink()
    return outcome




def manifest_text(manifest: dict) -> str:
    """manifest.json as text: a key a line, a list's items a line each, each line by json's C encoder
    (``indent`` would take the pure-Python one, 50 ms on 200 files)."""
    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in manifest.items():
        if isinstance(value, list) and value:
            body = "[\n" + ",\n".join(f"  {dump(item)}" for item in value) + "\n ]"
        else:
            body = dump(value)
        lines.append(f" {dump(key)}: {body}")
    return "{\n" + ",\n".join(lines) + "\n}"


def column_map_frame(results: list[FileResult], superseded: dict[str, str]) -> pd.DataFrame:
    """column_map.csv: per file, sheet and column, the header as written, the dataset and field
    chosen (or none), how it was matched (tier, score) and the runner-up."""
    rest = COLUMN_MAP_COLUMNS[2:]
    rows = [(r.path, s.name, *(entry.get(c) for c in rest))
            for r in results for s in r.sheets for entry in s.column_map]
    frame = pd.DataFrame(rows, columns=COLUMN_MAP_COLUMNS)
    frame["score"] = frame["score"].astype(float).round(3) if len(frame) else frame["score"]
    return frame


def report_overrides(overrides: OverrideSet | None, results: list[FileResult], issues: list[Issue]) -> list[dict]:
    """Which rows of overrides.csv were used (file and sheet) and which matched nothing, as issues too."""
    if overrides is None:
        return []
    used: dict[int, list[str]] = defaultdict(list)
    for r in results:
        for s in r.sheets:
            for line in s.overrides_used:
                used[line].append(f"{r.path}!{s.name}")
    for line, message in overrides.problems:
        issues.append(make("override-invalid", OVERRIDES_FILE, "", f"A{line}" if line else "", message=message))
    report = []
    for o in overrides.rows:
        where = sorted(set(used.get(o.line, [])))
        report.append({"line": o.line, "file": o.file, "sheet": o.sheet, "column": o.column, "field": o.field,
                       "dataset": o.dataset, "used_in": where})
        if where:
            issues.append(make("override-applied", OVERRIDES_FILE, "", f"A{o.line}", o.dataset, line=o.line,
                               where="、".join(where[:5]) + ("等" if len(where) > 5 else "")))
        else:
            issues.append(make("override-unmatched", OVERRIDES_FILE, "", f"A{o.line}", o.dataset, line=o.line))
    return report


def build_frame(parts: list[tuple[str, SheetResult]]) -> pd.DataFrame:
    """One dataset's kept rows from its sheets (column lists), with provenance, in file/sheet/row order."""
    parts = sorted(parts, key=lambda p: (p[0], p[1].name))
    names = list(dict.fromkeys(c for _, s in parts for c in s.columns))
    data: dict[str, list] = {c: [] for c in names}
    for c in names:
        for _, s in parts:
            data[c].extend(s.columns[c] if c in s.columns else [None] * len(s.rows))
    data["source_file"] = [path for path, s in parts for _ in s.rows]
    data["source_sheet"] = [s.name for _, s in parts for _ in s.rows]
    data["source_row"] = [r for _, s in parts for r in s.rows]
    data["department"] = [d for _, s in parts for d in (s.departments or [s.department] * len(s.rows))]
    df = pd.DataFrame(data)
    if any(s.rows != sorted(s.rows) for _, s in parts):
        df = df.sort_values(["source_file", "source_sheet", "source_row"], kind="stable").reset_index(drop=True)
    return df


#: Rows per Parquet row group: a large dataset stays one file that DuckDB, Spark and pyarrow read
#: in parallel, a row group at a time (smaller datasets are a single row group, as before).
ROW_GROUP_ROWS = 131_072


def _write_parquet(name: str, df: pd.DataFrame, path: Path) -> None:
    """Write a dataset with canonical types; dates as calendar dates (Parquet date32)."""
    cols = [c for c in [*output_columns(name), *PROVENANCE] if c in df.columns]
    typed = coerce_types(name, df[cols])
    fields = load_fields()[name]
    for column in typed.columns:
        if column in fields and fields[column].type in ("date", "month"):
            typed[column] = typed[column].dt.date.astype(object).where(typed[column].notna(), None)
    typed = guard_frame(scrub_frame(typed), path.name)  # provenance and any text: personal parts replaced
    with atomic_path(path) as tmp:  # a run killed mid-write leaves the old file, never one without a footer
        typed.to_parquet(tmp, index=False, row_group_size=ROW_GROUP_ROWS)


def _resolve_resubmissions(results: list[FileResult], superseded: dict[str, str], issues: list[Issue],
                           rows_of: KeptRows | None = None) -> int:
    """A corrected resubmission replaces the earlier file of the same department and dataset."""
    rows_of = rows_of or KeptRows()
    groups: dict[tuple[str, str], list[FileResult]] = defaultdict(list)
    for r in results:
        for key in sorted({(s.department, s.dataset) for s in r.sheets if s.dataset and s.kept_rows()}):
            if r not in groups[key]:
                groups[key].append(r)
    count = 0
    for (department, dataset), members in sorted(groups.items()):
        members = [m for m in members if m.path not in superseded]
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: (revision_rank(PurePosixPath(m.path).stem), m.path))
        latest = ranked[-1]
        latest_rank = revision_rank(PurePosixPath(latest.path).stem)
        if latest_rank == 0:
            continue
        base = base_stem(PurePosixPath(latest.path).stem)
        latest_sig = _signature(latest, dataset, rows_of)
        older = [m for m in ranked[:-1]
                 if base_stem(PurePosixPath(m.path).stem) == base
                 or _overlap(_signature(m, dataset, rows_of), latest_sig) >= 0.5]
        for m in older:
            if revision_rank(PurePosixPath(m.path).stem) >= latest_rank:
                continue
            superseded[m.path] = latest.path
            count += 1
            issues.append(make("file-superseded", m.path, "", "", dataset, department, latest=latest.path))
            issues.append(make("file-correction", latest.path, "", "", dataset, department, older=m.path))
    return count


def _signature(result: FileResult, dataset: str, rows_of: KeptRows) -> set[str]:
    """Free-text values (titles, case numbers, person keys …) of a file's rows of one dataset."""
    fields = load_fields()[dataset]
    wanted = [c for c, f in fields.items() if f.type in ("text", "person_key") and not f.vocabulary]
    sheets = [rows_of.sheet(result, i) for i, s in enumerate(result.sheets) if s.dataset == dataset and s.kept_rows()]
    return {str(v) for s in sheets for c in wanted for v in s.columns.get(c, ()) if v not in (None, "")}


def _overlap(earlier: set[str], later: set[str]) -> float:
    """Share of the earlier file's values that the later file repeats."""
    return len(earlier & later) / len(earlier) if earlier else 0.0


def _missing(value: object) -> bool:
    """None, NaN or NA (what ``Series.dropna`` drops)."""
    return value is None or (not isinstance(value, (list, tuple, dict, set)) and bool(pd.isna(value)))


def _same(a: object, b: object) -> bool:
    """Equal values; two missing values (None, NaN, NA) are equal too."""
    a_missing = a is None or bool(pd.isna(a)) if not isinstance(a, (list, tuple)) else False
    b_missing = b is None or bool(pd.isna(b)) if not isinstance(b, (list, tuple)) else False
    if a_missing or b_missing:
        return a_missing and b_missing
    return bool(a == b)


def _clusters(rows: dict, idx: list, content: list[str]) -> list[list]:
    """Rows of one key group that are the same record: within one sheet only when every value is
    equal (merged cells give rows the same date and title but other places and counts), across
    sheets and files always (a resubmitted row, a joint activity). ``rows`` maps a row's label to
    its values."""
    clusters: list[list] = []
    for i in idx:
        row = rows[i]
        for cluster in clusters:
            first = rows[cluster[0]]
            same_sheet = (first["source_file"], first["source_sheet"]) == (row["source_file"], row["source_sheet"])
            if not same_sheet or all(_same(first[c], row[c]) for c in content):
                cluster.append(i)
                break
        else:
            clusters.append([i])
    return clusters


def _owner_rank(row: dict, content: list[str], order: dict[str, int]) -> tuple:
    """Which report of a joint activity is kept: the one naming its partners (the organiser), then
    the most complete, then the department's place in departments.csv — never the file path."""
    value = row.get("co_organizers")
    partners = "" if value is None or pd.isna(value) else str(value).strip()
    filled = sum(1 for c in content if not (row[c] is None or pd.isna(row[c])) and str(row[c]).strip() != "")
    return (0 if partners else 1, -filled, order.get(str(row["department"]), len(order)),
            str(row["source_file"]), str(row["source_sheet"]), int(row["source_row"]))


def _deduplicate(name: str, df: pd.DataFrame, issues: list[Issue]) -> tuple[pd.DataFrame, Counter]:
    """Drop repeated rows by the dataset's keys; joint activities keep one row with co-organisers."""
    from ..words.departments import canonical_names

    spec = load_datasets()[name]
    dropped: Counter = Counter()
    if spec.dedup == "none" or not spec.dedup_keys:
        return df, dropped
    keys = list(spec.dedup_keys)
    plain = [k for k in keys if k != "title_key"]
    if [k for k in plain if k not in df.columns]:
        return df, dropped
    work = df[df[plain].notna().all(axis=1) & df.duplicated(plain, keep=False)].copy() if plain else df.copy()
    if "title_key" in keys:
        work["title_key"] = [_NON_WORD.sub("", unicodedata.normalize("NFKC", t or "")).upper() for t in work["title"].tolist()]
    mask = work[keys].notna().all(axis=1) & work.duplicated(keys, keep=False)
    if not mask.any():
        return df, dropped
    content = [c for c in df.columns if c not in (*PROVENANCE, "co_organizers", "remarks")]
    order = {d: n for n, d in enumerate(canonical_names())}
    by = keys if len(keys) > 1 else keys[0]
    candidates = work[mask]
    groups = candidates.groupby(by, sort=False, dropna=True).groups
    # the candidate rows' values as plain dicts: looked up per row, far faster than .loc
    rows = dict(zip(candidates.index.tolist(), candidates.to_dict("records"), strict=True))
    drop_idx: list[int] = []
    for _, idx in groups.items():
        for cluster in _clusters(rows, list(idx), content):
            if len(cluster) < 2:
                continue
            ranked = sorted(cluster, key=lambda i: _owner_rank(rows[i], content, order))
            first = ranked[0]
            keeper = rows[first]
            departments = sorted({d for i in cluster if not _missing(d := rows[i]["department"])} - {""})
            joint = spec.dedup == "joint" and len(departments) > 1
            if joint:
                existing = [c for i in cluster if not _missing(v := rows[i].get("co_organizers"))
                            for c in str(v).split(";") if c]
                df.loc[first, "co_organizers"] = ";".join(sorted(set(departments) | set(existing)))
            for i in ranked[1:]:
                row = rows[i]
                drop_idx.append(i)
                dropped[(row["source_file"], row["source_sheet"])] += 1
                where = f"“{keeper['source_file']}”{keeper['source_sheet']}表第{keeper['source_row']}行"
                at = (row["source_file"], row["source_sheet"], f"A{row['source_row']}", name, row["department"])
                if joint and row["department"] != keeper["department"]:
                    issues.append(make("row-joint-activity", *at, dept=keeper["department"], where=where))
                else:
                    issues.append(make("row-duplicate", *at, where=where))
    return df.drop(index=drop_idx).reset_index(drop=True), dropped


def _manifest(results, outcomes, qdf, dropped, superseded, copies, idf, run_fp, raw) -> tuple[dict, CleanSummary]:
    kept_by_sheet: Counter = Counter()
    for outcome in outcomes.values():
        kept_by_sheet.update(outcome.kept_by_sheet)
    quarantined: Counter = Counter()
    if len(qdf):
        for (f, s), n in qdf.groupby(["source_file", "source_sheet"]).size().items():
            quarantined[(f, s)] += int(n)
    files = []
    summary = CleanSummary(files=len(results))
    for r in results:
        sheets = []
        for s in r.sheets:
            key = (r.path, s.name)
            q = quarantined[key] if r.path not in superseded else 0
            sheets.append({
                "name": s.name, "dataset": s.dataset, "reason": s.reason, "department": s.department,
                "rows_read": s.rows_read, "rows_kept": kept_by_sheet[key], "rows_quarantined": q,
                "rows_duplicates": dropped[key], "cells_read": s.cells_read, "cells_adopted": s.cells_adopted,
                "total_rows": s.totals, "footer_rows": s.footers,
                "blank_rows": s.blanks, "label_rows": s.labels, "other_rows": s.other_rows,
                "overrides_used": s.overrides_used,
                "mapping": s.mapping or ("headers" if s.dataset else ""),
                "candidate": s.candidate, "evidence": s.evidence if s.dataset else "",
            })
            summary.sheets += 1
            summary.rows_read += s.rows_read
        status = "error" if r.error else ("duplicate" if r.path in copies else "superseded" if r.path in superseded
                                          else "ok" if r.kind == "workbook"
                                          else "not_read" if r.kind in SPECIAL_KINDS else "not_a_workbook")
        files.append({"path": r.path, "sha256": r.sha256, "format": r.format, "kind": r.kind, "status": status,
                      "department": r.department, "replaced_by": superseded.get(r.path, ""),
                      "error": r.error or "", "sheets": sheets})
    summary.failed = [r.path for r in results if r.error]
    summary.kept = sum(o.rows for o in outcomes.values())
    summary.quarantined = len(qdf)
    summary.duplicates = sum(dropped.values())
    summary.issues = {k: int(v) for k, v in idf["severity"].value_counts().items()} if len(idf) else {}
    manifest = {
        "raw_folder": display_path(raw),
        "run_fingerprint": run_fp,
        "datasets": {k: int(o.rows) for k, o in sorted(outcomes.items())},
        "files": files,
    }
    return manifest, summary
