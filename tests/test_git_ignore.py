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


def test_no_committed_text_outside_the_raw_folders_holds_a_valid_identity_number():
    """Examples and test fixtures show an identity number's shape or build one at run time: a
    committed file never holds one whose check character is right (a real person's, perhaps)."""
    import re

    from analysis.intake.words.privacy import id_problem

    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    candidate = re.compile(rb"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx](?![0-9])")
    found = []
    for name in filter(None, listed.decode("utf-8").split("\0")):
        path = ROOT / name
        if name.startswith("data/raw/") or not path.is_file() or path.suffix in (".xlsx", ".xls", ".ods", ".parquet", ".png"):
            continue
        for m in candidate.finditer(path.read_bytes()):
            if id_problem(m.group(0).decode()) is None:
                found.append(f"{name}: {m.group(0).decode()[:6]}…")
    assert found == []
