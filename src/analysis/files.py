"""Writing files people and programs read: atomic writes, CSV for Excel (UTF-8 with BOM)."""

from __future__ import annotations

import os
from pathlib import Path

#: CSV written for people: Excel on Windows shows the Chinese only when the file starts with a BOM.
CSV_ENCODING = "utf-8-sig"


def write_atomic(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file, so readers never see half a file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path


def csv_text(frame, index: bool = False) -> str:
    """A DataFrame as CSV text with '\\n' line ends."""
    return frame.to_csv(index=index, lineterminator="\n")


def write_csv(frame, path: str | os.PathLike, index: bool = False) -> Path:
    """Write a table for people: UTF-8 with BOM (Excel opens it), '\\n' line ends, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, csv_text(frame, index).encode(CSV_ENCODING))
