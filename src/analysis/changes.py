"""What changed since the last run: raw files added, replaced or removed, and key figures that moved.

The analyst of a rerun after a corrected workbook sees at a glance which files were read anew
and which report figures changed (old → new, and whether each still holds under its wording).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileChanges:
    """Raw files compared with the previous clean's manifest, by path and content hash."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    first_run: bool = False

    def any(self) -> bool:
        return bool(self.added or self.replaced or self.removed)

    def lines(self) -> list[str]:
        """Chinese lines for the console and the index page."""
        if self.first_run:
            return ["首次清洗（没有上次的结果可比较）"]
        if not self.any():
            return ["报送文件与上次相同"]
        out = []
        for label, names in (("新增", self.added), ("替换（内容有变化）", self.replaced), ("移除", self.removed)):
            if names:
                out.append(f"{label} {len(names)} 个：" + "、".join(names))
        return out

    def as_dict(self) -> dict:
        return {"added": self.added, "replaced": self.replaced, "removed": self.removed,
                "first_run": self.first_run}


def read_manifest(folder: Path) -> dict | None:
    """The processed folder's manifest.json, or None when there is none."""
    path = Path(folder) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def file_hashes(manifest: dict | None) -> dict[str, str]:
    """Path → sha256 of every file a manifest lists."""
    return {f["path"]: f["sha256"] for f in (manifest or {}).get("files", [])}


def compare_files(old: dict | None, new: dict | None) -> FileChanges:
    """Compare the files of two manifests (``old`` None: a first run)."""
    if old is None:
        return FileChanges(first_run=True)
    before, after = file_hashes(old), file_hashes(new)
    return FileChanges(
        added=sorted(p for p in after if p not in before),
        replaced=sorted(p for p in after if p in before and before[p] != after[p]),
        removed=sorted(p for p in before if p not in after),
    )


@dataclass
class FigureChange:
    """One key figure whose value changed between two runs."""

    metric: str
    label: str
    old: object
    new: object
    holds_old: object = None
    holds_new: object = None

    def line(self) -> str:
        verdict = {True: "仍符合报告表述", False: "与报告表述不符"}.get(_bool(self.holds_new), "")
        if _bool(self.holds_old) is True and _bool(self.holds_new) is False:
            verdict = "原本相符，现与报告表述不符"
        elif _bool(self.holds_old) is False and _bool(self.holds_new) is True:
            verdict = "原本不符，现已符合报告表述"
        return (f"{self.label}（{self.metric}）：{format_value(self.old)} → {format_value(self.new)}"
                + (f"，{verdict}" if verdict else ""))


def _bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("True", "False"):
        return value == "True"
    return None


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _same(a, b) -> bool:
    if _missing(a) and _missing(b):
        return True
    if _missing(a) or _missing(b):
        return False
    try:
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    except (TypeError, ValueError):
        return str(a) == str(b)


def format_value(value) -> str:
    """A key figure's value as people read it (no data: 无数据)."""
    if _missing(value):
        return "无数据"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def compare_figures(old, new) -> list[FigureChange]:
    """Key figures (metric, value, holds) whose value differs between two key-figure tables."""
    if old is None or new is None:
        return []
    before = {r["metric"]: r for r in old.to_dict(orient="records")}
    changes = []
    for r in new.to_dict(orient="records"):
        prior = before.get(r["metric"])
        if prior is None or not _same(prior.get("value"), r.get("value")):
            changes.append(FigureChange(r["metric"], str(r.get("label") or r["metric"]),
                                        None if prior is None else prior.get("value"), r.get("value"),
                                        None if prior is None else prior.get("holds"), r.get("holds")))
    return changes


def read_key_figures(path: Path):
    """A key_figures.csv as a DataFrame of text (None when there is none)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError):
        return None
