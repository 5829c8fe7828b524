"""Writing files people and programs read: atomic writes, CSV for Excel (UTF-8 with BOM)."""

from __future__ import annotations

import os
from pathlib import Path

from .personal import guard_bytes

#: CSV written for people: Excel on Windows shows the Chinese only when the file starts with a BOM.
CSV_ENCODING = "utf-8-sig"


def write_atomic(path: Path, content: bytes, guard: bool = True) -> Path:
    """Write ``content`` to ``path`` through a temporary file, so readers never see half a file.

    An output is checked for personal data first (``personal.guard_bytes``: refused when it
    holds any); only writers of raw test data pass ``guard=False``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if guard:
        guard_bytes(content, path)  # the last check: no personal data in anything we write
    tmp.write_bytes(content)
    tmp.replace(path)
    return path


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` (atomically) unless ``path`` already holds exactly these bytes, so that an
    unchanged output keeps its modification time; return whether it was written."""
    path = Path(path)
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    write_atomic(path, content)
    return True


def csv_text(frame, index: bool = False) -> str:
    """A DataFrame as CSV text with '\\n' line ends."""
    return frame.to_csv(index=index, lineterminator="\n")


def write_csv(frame, path: str | os.PathLike, index: bool = False, keep_unchanged: bool = False) -> Path:
    """Write a table for people: UTF-8 with BOM (Excel opens it), '\\n' line ends, atomically
    (with ``keep_unchanged``, a file that already holds the same table is left as it is)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    content = csv_text(frame, index).encode(CSV_ENCODING)
    if keep_unchanged:
        write_if_changed(path, content)
        return path
    return write_atomic(path, content)
