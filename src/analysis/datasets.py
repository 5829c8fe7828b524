"""Reading processed data: datasets, issues, quarantine and manifest, with canonical types."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .contract import COLUMN_MAP_COLUMNS, ISSUE_COLUMNS, PROVENANCE, QUARANTINE_COLUMNS
from .paths import processed_folder
from .reads import record_read
from .resources import load_datasets, load_fields, output_columns


def dataset_names() -> list[str]:
    """Return the canonical dataset names."""
    return list(load_datasets())


def columns_of(name: str) -> list[str]:
    """Return the columns a processed dataset has: canonical columns then provenance."""
    return [*output_columns(name), *PROVENANCE]


def coerce_types(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Give each canonical column its type (Int64, float, boolean, datetime, string)."""
    fields = load_fields()[name]
    df = df.copy()
    for column in df.columns:
        f = fields.get(column)
        kind = f.type if f else ("int" if column == "source_row" else "text")
        if kind == "int":
            df[column] = pd.array(pd.to_numeric(df[column], errors="coerce").round(), dtype="Int64")
        elif kind in ("float", "percent"):
            df[column] = pd.to_numeric(df[column], errors="coerce").astype("float64")
        elif kind == "bool":
            df[column] = df[column].astype("boolean")
        elif kind in ("date", "month"):
            df[column] = pd.to_datetime(df[column], errors="coerce")
        else:
            df[column] = df[column].astype("string")
    return df


def _folder(processed_dir: str | Path | None) -> Path:
    """The processed folder given, else the configured year's ``data/processed/<year>``."""
    return Path(processed_dir) if processed_dir is not None else processed_folder()


def dataset_path(name: str, processed_dir: str | Path | None = None) -> Path | None:
    """Where a processed dataset lies: ``<dataset>.parquet`` (one file, row groups), or a folder
    ``<dataset>/`` partitioned as ``year=…/department=…/`` (Hive style); None when it has no rows."""
    folder = _folder(processed_dir)
    single, partitioned = folder / f"{name}.parquet", folder / name
    if single.is_file():
        return single
    if partitioned.is_dir() and any(partitioned.rglob("*.parquet")):
        return partitioned
    return None


def read_partitioned(name: str, path: Path) -> pd.DataFrame:
    """A dataset written as a partitioned folder, in the columns and row order of its single file."""
    df = pd.read_parquet(path)
    if "department" in df.columns:
        df["department"] = df["department"].astype(object).astype("string")
    df = df[[c for c in columns_of(name) if c in df.columns]]
    return df.sort_values(["source_file", "source_sheet", "source_row"], kind="stable").reset_index(drop=True)


def load(name: str, processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Return a processed dataset (an empty frame with its columns when it has no rows), from its
    single Parquet file or its partitioned folder alike."""
    if name not in load_datasets():
        raise KeyError(f"未知数据集：{name}（可选：{'、'.join(dataset_names())}）")
    path = dataset_path(name, processed_dir)
    record_read(path if path is not None else _folder(processed_dir) / f"{name}.parquet")
    if path is None:
        df = pd.DataFrame(columns=columns_of(name))
    elif path.is_dir():
        df = read_partitioned(name, path)
    else:
        df = pd.read_parquet(path)
    return coerce_types(name, df)


def load_issues(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Return issues.csv (empty frame when missing)."""
    path = _folder(processed_dir) / "issues.csv"
    record_read(path)
    if not path.is_file():
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load_quarantine(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Return quarantine.parquet (empty frame when missing)."""
    path = _folder(processed_dir) / "quarantine.parquet"
    record_read(path)
    if not path.is_file():
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    return pd.read_parquet(path)


def load_column_map(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Return column_map.csv: how each column of each sheet was read (empty frame when missing)."""
    path = _folder(processed_dir) / "column_map.csv"
    record_read(path)
    if not path.is_file():
        return pd.DataFrame(columns=COLUMN_MAP_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def load_manifest(processed_dir: str | Path | None = None, key: str | None = None) -> dict:
    """Return manifest.json as a dict (empty when missing); with ``key``, the caller uses only
    that entry (a notebook reading it depends on that entry alone)."""
    path = _folder(processed_dir) / "manifest.json"
    record_read(path, key)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
