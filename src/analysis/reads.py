"""What a report notebook reads and writes, recorded while it runs (for the runner's result cache).

The runner starts each notebook's kernel with ``ANALYSIS_READS_LOG`` naming a file; the readers of
processed data (:mod:`analysis.datasets`, :mod:`analysis.sql`) and the report's writers (figures,
tables) add one line per path to it: ``read <path>`` or ``wrote <path>``. Outside a run (an
analyst's own kernel) the variable is unset and nothing is recorded.
"""

from __future__ import annotations

import os
from pathlib import Path

ENVIRONMENT_VARIABLE = "ANALYSIS_READS_LOG"
#: Also set by the runner in its kernels: the report's workbooks are written once, when the notebook
#: ends (:func:`analysis.report.export.flush_tables`), not after every table.
DEFER_VARIABLE = "ANALYSIS_DEFER_TABLES"
KEY_MARK = "::"  # <file>::<key>: one top-level entry of a JSON file
_seen: set[tuple[str, str]] = set()


def _log(kind: str, path: str | Path) -> None:
    target = os.environ.get(ENVIRONMENT_VARIABLE)
    if not target:
        return
    entry = (kind, str(path) if KEY_MARK in str(path) else str(Path(path).resolve()))
    if entry in _seen:
        return
    _seen.add(entry)
    try:
        with open(target, "a", encoding="utf-8") as log:
            log.write(f"{entry[0]} {entry[1]}\n")
    except OSError:  # a log that cannot be written only costs the cache its record
        pass


def record_read(path: str | Path, key: str | None = None) -> None:
    """Note that the running notebook read ``path`` (a file or a folder); with ``key``, only that
    top-level entry of a JSON file."""
    _log("read", f"{Path(path).resolve()}{KEY_MARK}{key}" if key else path)


def record_written(path: str | Path) -> None:
    """Note that the running notebook wrote ``path``."""
    _log("wrote", path)


def read_log(path: Path) -> tuple[list[str], list[str]]:
    """(paths read, paths written) from a log file, each in first-seen order (empty when missing)."""
    reads: list[str] = []
    written: list[str] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return reads, written
    for line in lines:
        kind, _, value = line.partition(" ")
        bucket = reads if kind == "read" else written if kind == "wrote" else None
        if bucket is not None and value and value not in bucket:
            bucket.append(value)
    return reads, written
