"""Years are data and kept apart: one folder rule for every year, bad years are bad usage."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config, paths

from .conftest import ROOT


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYSIS_HOME": str(home)}
    env.pop("ANALYSIS_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=home, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's configuration and raw sample (2024 and 2025) to run commands in."""
    home = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "analysis.toml", home / "analysis.toml")
    for year in ("2024", "2025"):
        shutil.copytree(ROOT / "data" / "raw" / year, home / "data" / "raw" / year)
    return home


def digests(folder: Path) -> dict[str, tuple[str, int]]:
    """Content hash and modification time of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_config_gives_the_year_and_relative_folders_from_the_root(tmp_path):
    cfg = config.parse_config({"report": {"year": 2026}, "folders": {"raw": "in"}}, tmp_path)
    assert cfg.year == 2026
    assert cfg.raw == (tmp_path / "in").resolve()
    assert cfg.processed == (tmp_path / "data" / "processed").resolve()
    with pytest.raises(config.ConfigError, match="年份"):
        config.parse_config({"report": {"year": "明年"}}, tmp_path)
    with pytest.raises(config.ConfigError, match="2000"):
        config.parse_config({"report": {"year": 1999}}, tmp_path)


def test_every_year_follows_one_folder_rule():
    year = paths.DEFAULT_YEAR
    assert paths.raw_folder() == paths.RAW_DIR / str(year)
    assert paths.processed_folder() == paths.PROCESSED_DIR / str(year)
    assert paths.reports_folder() == paths.REPORTS_DIR / str(year)
    assert paths.processed_folder(2024) == paths.PROCESSED_DIR / "2024"
    # a later year finds the earlier year's processed data by the same rule
    assert paths.previous_processed(paths.processed_folder(2025), 2025) == paths.processed_folder(2024)
    assert paths.previous_processed(Path("/x/2026"), 2026) == Path("/x/2025")
    assert paths.previous_processed(Path("/x/custom"), 2026) == paths.processed_folder(2025)


def test_a_year_without_raw_folder_is_one_chinese_line_and_exit_2(project):
    result = run_cli(project, "clean", "--year", "2023")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "2023" in lines[0]
    assert not (project / "data" / "processed").exists()  # nothing read, nothing written


def test_a_folder_of_several_years_is_never_read_whole(project):
    result = run_cli(project, "clean", "--raw", "data/raw", "--year", "2025")
    assert result.returncode == 2 and "2024" in result.stderr


def test_another_year_leaves_every_output_of_the_configured_year_untouched(project):
    assert run_cli(project, "clean").returncode == 0
    assert run_cli(project, "metrics").returncode == 0
    processed, reports = project / "data" / "processed" / "2025", project / "reports" / "2025"
    assert (processed / "manifest.json").is_file() and (reports / "tables" / "key_figures.csv").is_file()
    before = {**digests(processed), **{f"reports/{k}": v for k, v in digests(reports).items()}}

    clean = run_cli(project, "clean", "--year", "2024")
    metrics = run_cli(project, "metrics", "--year", "2024")
    assert clean.returncode == 0, clean.stderr
    assert metrics.returncode == 0, metrics.stderr
    assert (project / "data" / "processed" / "2024" / "manifest.json").is_file()
    assert (project / "reports" / "2024" / "tables" / "key_figures.csv").is_file()
    after = {**digests(processed), **{f"reports/{k}": v for k, v in digests(reports).items()}}
    assert after == before


def test_outputs_of_one_year_are_never_written_over_another_years(project):
    assert run_cli(project, "clean").returncode == 0
    result = run_cli(project, "clean", "--year", "2024", "--out", "data/processed/2025")
    assert result.returncode == 2 and "2025" in result.stderr
    result = run_cli(project, "metrics", "--year", "2024", "--processed", "data/processed/2025")
    assert result.returncode == 2 and "2025" in result.stderr
