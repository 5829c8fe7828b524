"""Shared fixtures: the sample cleaned once per test session, a fixed person key for tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("ANALYSIS_PERSON_KEY", "tests-only-key")
# a test that makes a key file never writes into the user's real configuration folder
if "ANALYSIS_KEY_DIR" not in os.environ:  # made once, by the process that starts the session, and removed at its end
    os.environ["ANALYSIS_KEY_DIR"] = tempfile.mkdtemp(prefix="analysis-key-")
    atexit.register(shutil.rmtree, os.environ["ANALYSIS_KEY_DIR"], True)
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OPENPYXL_LXML", "False")  # byte-stable workbooks whether lxml is installed or not

ROOT = Path(__file__).resolve().parents[1]
RAW_2025 = ROOT / "data" / "raw" / "2025"


@pytest.fixture(scope="session")
def processed_sample(tmp_path_factory) -> Path:
    """The 2025 sample cleaned into a temporary folder (once per session/worker).

    The folder is named after its year (…/2025): by the folder rule its previous year is the sibling
    …/2024, which is not there, so no test depends on whether the project's data/processed/2024 exists.
    """
    from analysis.intake.run import run_clean

    if not RAW_2025.is_dir():
        pytest.fail("data/raw/2025 is missing: run `python -m analysis sample`")
    out = tmp_path_factory.mktemp("processed") / "2025"
    run_clean(RAW_2025, out, year=2025, jobs=1, progress=False)
    return out


@pytest.fixture(scope="session")
def years(processed_sample, tmp_path_factory) -> Path:
    """The 2025 sample and the 2024 sample, cleaned side by side (…/2025 and …/2024): the held-out
    draft tests read both. Read only: no test writes into it."""
    import shutil

    from analysis.intake.run import run_clean

    base = tmp_path_factory.mktemp("two_years")
    shutil.copytree(processed_sample, base / "2025")
    run_clean(ROOT / "data" / "raw" / "2024", base / "2024", year=2024, jobs=1, progress=False)
    return base


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """An empty raw folder for a test's small workbooks (tests may define their own)."""
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The output folder of a test's clean, not yet made."""
    return tmp_path / "out"
