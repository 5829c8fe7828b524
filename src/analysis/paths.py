"""Project folders and their defaults, independent of the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"


def find_project_root() -> Path:
    """Return the project root: $ANALYSIS_HOME, the source checkout, or the working directory."""
    env = os.environ.get("ANALYSIS_HOME")
    if env:
        return Path(env).resolve()
    checkout = PACKAGE_DIR.parents[1]
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return checkout
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "pyproject.toml").is_file() and (folder / "src" / "analysis").is_dir():
            return folder
    return Path.cwd()


PROJECT_ROOT = find_project_root()
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_YEAR = 2025


def resolve(path: str | os.PathLike | None, default: Path) -> Path:
    """Resolve a user path against the working directory, or fall back to a project default."""
    if path is None:
        return default
    return Path(path).expanduser().resolve()


def default_raw(year: int | None) -> Path:
    """Return data/raw/<year> when it exists, else data/raw."""
    if year is not None and (RAW_DIR / str(year)).is_dir():
        return RAW_DIR / str(year)
    return RAW_DIR


def year_folder(base: Path, year: int | None) -> Path:
    """Return ``base`` for the default report year and ``base/<year>`` for any other year."""
    return base if year is None or int(year) == DEFAULT_YEAR else base / str(year)


def write_atomic(path: Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file, so readers never see half a file."""
    import os

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path
