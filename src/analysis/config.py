"""The project's configuration (analysis.toml at the project root): report year and folders."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONFIG_NAME = "analysis.toml"
CONFIG_ENV = "ANALYSIS_CONFIG"
#: Used only when no analysis.toml is found (an installed package outside a checkout).
FALLBACK = {"report": {"year": 2025},
            "folders": {"raw": "data/raw", "processed": "data/processed", "reports": "reports"}}


class ConfigError(ValueError):
    """analysis.toml cannot be read or holds a wrong value (the message is Chinese)."""


@dataclass(frozen=True)
class Config:
    """The report year and the base folders that hold one sub-folder per year."""

    year: int
    raw: Path
    processed: Path
    reports: Path
    source: Path | None  # the file read, None for the fallback


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

    return Config(year, folder("raw"), folder("processed"), folder("reports"), source)


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
