"""Committed notebooks are reviewable and runnable by `python -m analysis run`.

- no outputs, no execution counts (nbstripout in .pre-commit-config.yaml does this on commit);
- kernelspec `python3`, a cell tagged `parameters` declaring year, processed_dir and out_dir;
- each notebooks/NN_x.ipynb and its jupytext twin scripts/NN_x.py hold the same cells (the twins
  live outside notebooks/, so JupyterLab's file browser shows each notebook once).

A notebook tracked by git is checked as staged/committed (so running it locally in Jupyter does
not fail the tests); an untracked one as it is on disk.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest

from analysis.report import notebooks as notebooks_module
from analysis.report import runner

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SCRIPTS = ROOT / "scripts"
REPORT_NOTEBOOK = notebooks_module.NOTEBOOK_PATTERN
REQUIRED_PARAMETERS = set(runner.PARAMETER_NAMES)


def committed_text(path: Path) -> str:
    """The staged (else on-disk) text of a file."""
    rel = path.relative_to(ROOT).as_posix()
    try:
        shown = subprocess.run(["git", "show", f":{rel}"], cwd=ROOT, capture_output=True,
                               timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        shown = None
    if shown is not None and shown.returncode == 0:
        return shown.stdout.decode("utf-8")
    return path.read_text(encoding="utf-8")


def notebook_files() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []


def report_scripts() -> list[Path]:
    """Jupytext twins: NN_x.py files in scripts/."""
    if not SCRIPTS.is_dir():
        return []
    return sorted(p for p in SCRIPTS.glob("[0-9][0-9]_*.py"))


NOTEBOOK_FILES = notebook_files()
IDS = [p.name for p in NOTEBOOK_FILES]


def read(path: Path):
    return nbformat.reads(committed_text(path), as_version=4)


@pytest.mark.skipif(not NOTEBOOK_FILES, reason="no notebooks yet")
@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=IDS)
def test_notebook_has_no_outputs(path):
    nb = read(path)
    dirty = [
        i for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} carry outputs or execution counts; "
        f"run `nbstripout {path.relative_to(ROOT).as_posix()}` (or `pre-commit install` once)"
    )
    injected = [i for i, c in enumerate(nb.cells)
                if notebooks_module.INJECTED_TAG in c.get("metadata", {}).get("tags", [])]
    assert not injected, f"{path.name}: papermill's injected-parameters cell was committed: {injected}"


@pytest.mark.skipif(not NOTEBOOK_FILES, reason="no notebooks yet")
@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=IDS)
def test_notebook_kernel_and_parameters(path):
    nb = read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == runner.KERNEL_NAME, (
        f"{path.name}: kernelspec name must be {runner.KERNEL_NAME!r}"
    )
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"
    if REPORT_NOTEBOOK.match(path.name):
        names = {
            target.id
            for node in ast.walk(ast.parse(tagged[0].source))
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        missing = REQUIRED_PARAMETERS - names
        assert not missing, f"{path.name}: the parameters cell does not set {sorted(missing)}"
        # A reader meets the title first: the Markdown title cell comes before the parameters.
        first = nb.cells[0]
        assert first.cell_type == "markdown" and first.source.lstrip().startswith("# "), (
            f"{path.name}: the first cell must be the title (Markdown '# …'), then the parameters")
        assert nb.cells.index(tagged[0]) == 1, f"{path.name}: the parameters cell follows the title"


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


@pytest.mark.skipif(not NOTEBOOK_FILES and not report_scripts(), reason="no notebooks yet")
def test_notebooks_and_their_scripts_are_paired_and_in_step():
    problems = []
    notebooks = {p.stem: p for p in NOTEBOOK_FILES}
    scripts = {p.stem: p for p in report_scripts()}
    for stem in sorted(set(scripts) - set(notebooks)):
        problems.append(f"{stem}.py has no {stem}.ipynb (`jupytext --sync scripts/{stem}.py`)")
    for stem in sorted(set(notebooks) - set(scripts)):
        if REPORT_NOTEBOOK.match(f"{stem}.ipynb"):
            problems.append(f"{stem}.ipynb has no {stem}.py (`jupytext --sync notebooks/{stem}.ipynb`)")
    for stem in sorted(set(notebooks) & set(scripts)):
        nb = read(notebooks[stem])
        script = jupytext.reads(committed_text(scripts[stem]), fmt="py:percent")
        if _cells(nb) != _cells(script):
            problems.append(f"{stem}.ipynb and {stem}.py differ (`jupytext --sync notebooks/{stem}.ipynb`)")
    assert not problems, "\n".join(problems)
