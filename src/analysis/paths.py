"""Project folders: one folder per report year for raw files, processed data and reports.

The report year and the base folders come from ``analysis.toml`` (see :mod:`analysis.config`);
``data/raw/<year>/``, ``data/processed/<year>/`` and ``reports/<year>/`` follow one rule for
every year, the configured one included, so a later year finds an earlier year's outputs.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .config import load_config

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES = PACKAGE_DIR / "resources"
_YEAR_NAME = re.compile(r"(19|20)\d\d")


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
CONFIG = load_config(PROJECT_ROOT)
#: The configured report year (analysis.toml, [report] year).
DEFAULT_YEAR = CONFIG.year
#: Base folders: each holds one sub-folder per year.
RAW_DIR = CONFIG.raw
PROCESSED_DIR = CONFIG.processed
REPORTS_DIR = CONFIG.reports
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def report_year(year: int | str | None = None) -> int:
    """Return ``year`` as an int, or the configured report year when it is None."""
    return DEFAULT_YEAR if year is None or year == "" else int(year)


def raw_folder(year: int | str | None = None) -> Path:
    """``data/raw/<year>``: where a year's submissions are dropped."""
    return RAW_DIR / str(report_year(year))


def processed_folder(year: int | str | None = None) -> Path:
    """``data/processed/<year>``: the year's cleaned datasets, issues and manifest."""
    return PROCESSED_DIR / str(report_year(year))


def reports_folder(year: int | str | None = None) -> Path:
    """``reports/<year>``: the year's figures, tables, HTML pages and key figures."""
    return REPORTS_DIR / str(report_year(year))


def key_figures_file(year: int | str | None = None) -> Path:
    """``reports/<year>/tables/key_figures.csv``."""
    return reports_folder(year) / "tables" / "key_figures.csv"


def resolve(path: str | os.PathLike | None, default: Path) -> Path:
    """Resolve a user path against the working directory, or fall back to a project default."""
    if path is None:
        return default
    return Path(path).expanduser().resolve()


def resolve_in_project(path: str | os.PathLike | None, default: Path) -> Path:
    """Resolve a notebook parameter: relative paths are taken from the project root."""
    if path is None or str(path) == "":
        return default
    p = Path(path).expanduser()
    return p.resolve() if p.is_absolute() else (PROJECT_ROOT / p).resolve()


def display_path(path: str | os.PathLike) -> str:
    """A path as people may see it: relative to the project root, else only its last parts.

    Pages and notebooks never show the folders of the analyst's machine.
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(PROJECT_ROOT).as_posix() or "."
    except ValueError:
        return "…/" + "/".join(p.parts[-2:])


def folder_year(path: str | os.PathLike) -> int | None:
    """The year a folder is named after (``…/2024`` → 2024), else None."""
    name = Path(path).name
    return int(name) if _YEAR_NAME.fullmatch(name) else None


def previous_processed(processed: str | os.PathLike, year: int) -> Path:
    """Where the previous year's processed data lives, by the folder rule.

    ``…/<year>`` → its sibling ``…/<year-1>``; any other folder → ``data/processed/<year-1>``.
    """
    p = Path(processed)
    if folder_year(p) == int(year):
        return p.parent / str(int(year) - 1)
    return processed_folder(int(year) - 1)


def other_year_folders(raw: Path, year: int) -> list[str]:
    """Year-named sub-folders (2024/, 2025/ …) of a raw folder other than ``year``'s."""
    if not raw.is_dir():
        return []
    return sorted(p.name for p in raw.iterdir()
                  if p.is_dir() and _YEAR_NAME.fullmatch(p.name) and p.name != str(year))


def raw_folder_problem(raw: Path, year: int, explicit: bool) -> str | None:
    """Why ``raw`` cannot be cleaned for ``year`` (one Chinese line), or None when it can."""
    if not raw.is_dir():
        if explicit:
            return f"报送文件夹不存在：{raw}"
        return (f"没有 {year} 年的报送文件夹 {display_path(raw)}：请建立该文件夹并放入各单位报送的文件，"
                f"或用 --raw 指定，或检查 --year / analysis.toml 中的年度")
    others = other_year_folders(raw, year)
    if others:
        return (f"{display_path(raw)} 下有其他年度的文件夹（{'、'.join(others)}），不能混在一起清洗："
                f"请用 --raw 指定 {year} 年的文件夹")
    named = folder_year(raw)
    if named is not None and named != year:
        return f"报送文件夹 {display_path(raw)} 是 {named} 年的，与报告年度 {year} 不符（请检查 --year）"
    return None


def output_year(folder: Path) -> int | None:
    """The year whose outputs a folder holds: its manifest's year, else its name's year."""
    for name in ("manifest.json", "run_manifest.json"):
        path = folder / name
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            year = data.get("year", data.get("report_year"))
            if year:
                return int(year)
    return folder_year(folder)


def output_folder_problem(folder: Path, year: int) -> str | None:
    """Why writing ``year``'s outputs into ``folder`` would mix years, or None."""
    held = output_year(folder)
    if held is not None and held != int(year):
        return (f"输出文件夹 {display_path(folder)} 存放的是 {held} 年的结果，不能写入 {year} 年的结果"
                f"（请改用 --out 或检查 --year）")
    return None
