"""Comparing two processed folders: every output of ``clean``, content for content."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

#: Summary counts that say how a run went, not what it produced.
RUN_ONLY = ("files_read_fresh",)


def manifest_content(folder: Path) -> dict:
    """manifest.json without what differs between two runs of the same inputs (where they ran, how)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("raw_folder", None)
    for key in RUN_ONLY:
        manifest["summary"].pop(key, None)
    return manifest


def differences(a: Path, b: Path) -> list[str]:
    """What differs between the outputs in ``a`` and ``b`` (empty when they are the same)."""
    found = []
    names_a = sorted(p.name for p in a.glob("*.parquet"))
    names_b = sorted(p.name for p in b.glob("*.parquet"))
    if names_a != names_b:
        found.append(f"parquet files: {sorted(set(names_a) ^ set(names_b))}")
    for name in sorted(set(names_a) & set(names_b)):
        try:
            pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name))
        except AssertionError as exc:
            found.append(f"{name}: {str(exc)[:300]}")
    for name in ("issues.csv", "column_map.csv"):
        if (a / name).read_bytes() != (b / name).read_bytes():
            found.append(name)
    if manifest_content(a) != manifest_content(b):
        found.append("manifest.json")
    books_a = sorted(p.name for p in (a / "feedback").glob("*.xlsx"))
    books_b = sorted(p.name for p in (b / "feedback").glob("*.xlsx"))
    if books_a != books_b:
        found.append(f"feedback workbooks: {sorted(set(books_a) ^ set(books_b))}")
    found += [f"feedback/{n}" for n in sorted(set(books_a) & set(books_b))
              if (a / "feedback" / n).read_bytes() != (b / "feedback" / n).read_bytes()]
    return found


def stamps(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Each output file's modification time and bytes."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}
