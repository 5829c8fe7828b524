"""Rebuilding only what changed: a dataset's outcome is kept with the fingerprint of its inputs.

A processed dataset is a function of the sheets that feed it (each file's cache key names its
bytes, place, year, code, mappings and overrides) and of which of those files still count (not
replaced by a corrected resubmission, not a copy). When that fingerprint is the one of the last
run and its Parquet file is the one that run wrote (same size and modification time), the file is
left as it is, and its outcome (rows kept per sheet, duplicates dropped, issues, rows that failed
validation) is read back from ``.cache/datasets/<dataset>.pkl`` instead of being computed again.

The kept rows of a file are loaded from its cache entry only while a dataset it feeds is built
(:class:`KeptRows`), so the combining step never holds the whole corpus at once.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...files import write_atomic
from ...keys import conceal, reveal, seal, unseal
from ..issues import Issue
from ..results import FileResult, SheetResult, SheetRows
from ..workers.cache import CACHE_FORMAT, load_payload

STATE_FORMAT = "3"


@dataclass
class DatasetOutcome:
    """What building one dataset gave, beside its Parquet file."""

    fingerprint: str
    rows: int = 0
    kept_by_sheet: Counter = field(default_factory=Counter)  # (file, sheet) → rows kept
    dropped: Counter = field(default_factory=Counter)  # (file, sheet) → rows dropped as duplicates
    issues: list[Issue] = field(default_factory=list)  # duplicates, joint activities, validation
    bad: list[dict] = field(default_factory=list)  # quarantine records of rows failing validation
    size: int = -1  # of the Parquet file written (-1: none)
    mtime_ns: int = -1


def dataset_fingerprint(name: str, parts: list[tuple[str, str, str]]) -> str:
    """The fingerprint of a dataset's inputs: (file, cache key, sheet) of every sheet feeding it."""
    material = json.dumps([STATE_FORMAT, CACHE_FORMAT, name, parts], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


class DatasetStates:
    """The outcomes of the last run, one file per dataset under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.pkl"

    def load(self, name: str, fingerprint: str, parquet: Path) -> DatasetOutcome | None:
        """The stored outcome when its inputs and its Parquet file are unchanged, else None."""
        try:  # sealed with the local key: a state planted in the folder is never unpickled
            data = unseal(self._path(name).read_bytes())
            outcome = None if data is None else pickle.loads(reveal(data))
        except Exception:  # noqa: BLE001 - no state (first run) or a broken one: build again
            return None
        if not isinstance(outcome, DatasetOutcome) or outcome.fingerprint != fingerprint:
            return None
        if outcome.size >= 0:
            try:
                stat = parquet.stat()
            except OSError:
                return None
            if (stat.st_size, stat.st_mtime_ns) != (outcome.size, outcome.mtime_ns):
                return None
        elif parquet.exists():
            return None
        return outcome

    def store(self, name: str, outcome: DatasetOutcome, parquet: Path) -> DatasetOutcome:
        """Record the outcome with the size and time of the Parquet file just written."""
        try:
            stat = parquet.stat()
            outcome = replace(outcome, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        except OSError:
            outcome = replace(outcome, size=-1, mtime_ns=-1)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self._path(name), seal(conceal(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))))
        return outcome

    def forget(self, name: str) -> None:
        """Drop the state of a dataset no file feeds any more."""
        self._path(name).unlink(missing_ok=True)


class KeptRows:
    """The kept rows of light results, loaded from their cache entries when a dataset needs them.

    ``sources`` maps a file to (cache key, cache entry); results that still carry their rows
    (``kept`` < 0) are used as they are.
    """

    def __init__(self, sources: dict[str, tuple[str, Path]] | None = None) -> None:
        self.sources = sources or {}
        self._last: tuple[str, list[SheetRows]] | None = None

    def key(self, rel: str) -> str:
        """The cache key of a file ('' when unknown: its datasets are always built again)."""
        return self.sources.get(rel, ("", None))[0]

    def sheet(self, result: FileResult, index: int) -> SheetResult:
        """Sheet ``index`` of ``result`` with its kept rows."""
        sheet = result.sheets[index]
        if sheet.kept < 0:
            return sheet
        columns, rows, departments = self._payload(result.path)[index] or ({}, [], None)
        return replace(sheet, columns=columns, rows=rows, departments=departments, kept=-1)

    def _payload(self, rel: str) -> list[SheetRows]:
        if self._last is None or self._last[0] != rel:
            self._last = None  # let the previous file's rows go before loading the next
            self._last = (rel, load_payload(self.sources[rel][1]))
        return self._last[1]

    def release(self) -> None:
        """Forget the rows loaded last."""
        self._last = None
