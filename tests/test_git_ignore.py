"""Nothing personal can be committed by accident: raw, processed and report folders are ignored."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                                reason="not a git checkout")


def ignored(path: str) -> bool:
    result = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT,
                            capture_output=True, check=False)
    return result.returncode == 0


@pytest.mark.parametrize("path", [
    "data/raw/2025/区教育局/新报送的台账.xlsx",
    "data/raw/2025/新报送的台账.xls",
    "data/raw/2024/导出.csv",
    "data/raw/2031/区司法局/名册.xlsx",
    "data/raw/随手放的文件.xlsx",
    "data/processed/2025/resettlement.parquet",
    "data/processed/2031/issues.csv",
    "reports/2025/tables/key_figures.csv",
    "reports/2031/index.html",
    "notebooks/导出的名册.xlsx",
    "名册.xlsx",
    "草稿.docx",
])
def test_a_file_dropped_there_is_ignored(path):
    assert ignored(path), path


def test_the_generated_sample_and_the_code_are_tracked():
    tracked = subprocess.run(["git", "ls-files", "-z", "data/raw/2025", "src", "analysis.toml"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split("\0")
    assert any(p.startswith("data/raw/2025/") for p in tracked)
    assert "analysis.toml" in tracked
    assert not ignored("src/analysis/cli.py")
    assert not ignored("src/analysis/resources/fields.csv")
