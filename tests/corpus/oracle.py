"""A perfect "cleaner" written from the truth itself: the processed folder an ideal cleaner
would write (manifest, parquet per dataset, quarantine, column_map.csv). Used to check that the
evaluator passes exactly what it should, and fails on a single planted mistake."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from pathlib import Path, PurePosixPath

import pandas as pd

from tests.corpus.evaluate import iter_truth_sheets, list_acceptable


def label_sheet(path: str, tfile: dict, sheet: dict) -> str:
    return PurePosixPath(path).stem if tfile["format"] == "csv" else sheet["name"]


def convert_output_value(value: object) -> object:
    return ";".join(value) if isinstance(value, list) else value


def build_oracle_rows(truth: dict) -> tuple[dict[str, list[dict]], list[dict]]:
    """Kept rows per dataset and quarantined rows, with provenance."""
    kept: dict[str, list[dict]] = defaultdict(list)
    quarantined: list[dict] = []
    for path, tfile, sheet in iter_truth_sheets(truth):
        if not sheet["dataset"]:
            continue
        label = label_sheet(path, tfile, sheet)
        for row in sheet["rows"]:
            prov = {"source_file": path, "source_sheet": label, "source_row": row["row"]}
            if row["quarantine"]:
                quarantined.append({**prov, "dataset": sheet["dataset"], "department": row["department"],
                                    "reason": "日期不存在", "raw": "{}"})
            for rec in row["records"]:
                if rec.get("_optional"):
                    continue
                out = {k: convert_output_value(v) for k, v in rec.items() if not k.startswith("_")}
                if rec.get("_person"):
                    out["person_key"] = hashlib.sha256(rec["_person"].encode()).hexdigest()[:16]
                kept[sheet["dataset"]].append({**out, **prov})
    return kept, quarantined


def build_oracle_manifest(truth: dict) -> dict:
    files = []
    for path, tfile in truth["files"].items():
        sheets = []
        for sheet in tfile["sheets"]:
            q = len(sheet["quarantine_rows"])
            sheets.append({"name": label_sheet(path, tfile, sheet), "dataset": sheet["dataset"] or "",
                           "rows_kept": sheet["records"] if sheet["dataset"] else 0,
                           "rows_quarantined": q, "rows_duplicates": 0})
        files.append({"path": path, "status": "ok", "sheets": sheets})
    return {"year": truth["year"], "files": files}


def build_oracle_column_map(truth: dict) -> list[dict[str, str]]:
    rows = []
    for path, tfile, sheet in iter_truth_sheets(truth):
        for letter, value in sheet["columns"].items():
            options = [o for o in list_acceptable(value) if o is not None] or [""]
            rows.append({"source_file": path, "source_sheet": label_sheet(path, tfile, sheet), "column": letter,
                         "header": sheet["headers"].get(letter, ""), "dataset": sheet["dataset"] or "",
                         "field": options[0], "tier": "oracle", "score": "1.0", "runner_up": ""})
    return rows


def write_oracle(truth: dict, out: Path) -> Path:
    """Write the processed folder of a perfect cleaner for this truth."""
    out.mkdir(parents=True, exist_ok=True)
    kept, quarantined = build_oracle_rows(truth)
    for dataset, rows in kept.items():
        pd.DataFrame(rows).to_parquet(out / f"{dataset}.parquet", index=False)
    pd.DataFrame(quarantined, columns=["dataset", "source_file", "source_sheet", "source_row", "department",
                                       "reason", "raw"]).to_parquet(out / "quarantine.parquet", index=False)
    (out / "manifest.json").write_text(json.dumps(build_oracle_manifest(truth), ensure_ascii=False), encoding="utf-8")
    rows = build_oracle_column_map(truth)
    with (out / "column_map.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out
