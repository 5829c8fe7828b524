"""The project's configuration (analysis.toml at the project root): report year, folders, and the
limits under which each raw file is read."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONFIG_NAME = "analysis.toml"
CONFIG_ENV = "ANALYSIS_CONFIG"
MB = 1024 * 1024
#: Extra memory (address space) a worker may take to read one file, and the seconds it may take.
DEFAULT_MEMORY_LIMIT = 1024 * MB
DEFAULT_FILE_TIMEOUT = 120.0
#: Used only when no analysis.toml is found (an installed package outside a checkout).
FALLBACK = {"report": {"year": 2025},
            "folders": {"raw": "data/raw", "processed": "data/processed", "reports": "reports"},
            "intake": {"memory_limit": "1GB", "file_timeout": 120}}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:([GMK])(?:I?B)?)?\s*$", re.IGNORECASE)
_UNITS = {"G": 1024 * MB, "M": MB, "K": 1024}


class ConfigError(ValueError):
    """analysis.toml cannot be read or holds a wrong value (the message is Chinese)."""


@dataclass(frozen=True)
class Config:
    """The report year, the base folders that hold one sub-folder per year, and the read limits."""

    year: int
    raw: Path
    processed: Path
    reports: Path
    source: Path | None  # the file read, None for the fallback
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT  # bytes per file read; None: no limit
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT  # seconds per file read; None: no limit


def parse_memory_limit(value: object) -> int | None:
    """Bytes from 2GB, 2G, 512MB, 512M or a bare number of MB; 0 means no limit (None)."""
    m = _SIZE.match(str(value))
    if not m:
        raise ValueError(f"“{value}”不是内存大小（如 2GB、512MB，或 0 表示不限）")
    size = int(float(m.group(1)) * _UNITS[(m.group(2) or "M").upper()])
    if size and size < 64 * MB:
        raise ValueError(f"内存上限 {value} 太小（至少 64MB，或 0 表示不限）")
    return size or None


def parse_seconds(value: object) -> float | None:
    """Seconds from a number; 0 means no limit (None)."""
    try:
        seconds = float(str(value).strip().removesuffix("s").removesuffix("秒"))
    except ValueError:
        raise ValueError(f"“{value}”不是秒数（如 120，或 0 表示不限）") from None
    if seconds < 0 or seconds != seconds or seconds == float("inf"):
        raise ValueError(f"秒数应为不小于 0 的数字，实际为 {value}")
    return seconds or None


def find_config_file(root: Path) -> Path | None:
    """Return $ANALYSIS_CONFIG, else ``root/analysis.toml`` when it exists."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser().resolve()
    path = root / CONFIG_NAME
    return path if path.is_file() else None


def parse_config(data: dict, root: Path, source: Path | None = None) -> Config:
    """Build a Config from parsed TOML; relative folders are taken from ``root``."""
    where = source.name if source else CONFIG_NAME
    try:
        year = int(data.get("report", {}).get("year", FALLBACK["report"]["year"]))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where} 中 [report] year 应为四位年份") from exc
    if not 2000 <= year <= 2100:
        raise ConfigError(f"{where} 中 [report] year = {year} 不是有效的报告年度（2000–2100）")
    folders = {**FALLBACK["folders"], **data.get("folders", {})}

    def folder(name: str) -> Path:
        path = Path(str(folders[name])).expanduser()
        return path if path.is_absolute() else (root / path).resolve()

    intake = {**FALLBACK["intake"], **data.get("intake", {})}
    try:
        memory = parse_memory_limit(intake["memory_limit"])
        timeout = parse_seconds(intake["file_timeout"])
    except ValueError as exc:
        raise ConfigError(f"{where} 中 [intake]：{exc}") from exc
    return Config(year, folder("raw"), folder("processed"), folder("reports"), source, memory, timeout)


@lru_cache(maxsize=4)
def load_config(root: Path) -> Config:
    """Read the project's configuration (cached per root)."""
    source = find_config_file(root)
    if source is None:
        return parse_config(FALLBACK, root)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件 {source} 无法读取：{exc}") from exc
    return parse_config(data, source.parent if os.environ.get(CONFIG_ENV) else root, source)
