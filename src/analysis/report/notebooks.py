"""Report notebooks: which there are, their titles and parameters, and how a failure is described.

Shared by the runner (which executes them) and the report pack (which lists them).
"""

from __future__ import annotations

import re
from pathlib import Path

NOTEBOOK_PATTERN = re.compile(r"^[0-9][0-9]_.+\.ipynb$")
INJECTED_TAG = "injected-parameters"
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"


def list_notebooks(folder: Path) -> list[Path]:
    """Report notebooks: `NN_name.ipynb` in the folder, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and NOTEBOOK_PATTERN.match(p.name))


def select_notebooks(notebooks: list[Path], only: list[str]) -> tuple[list[Path], list[str]]:
    """Keep the notebooks named in `only` (file name, stem, or two-digit number).

    Returns the selection and the names that matched nothing."""
    if not only:
        return notebooks, []
    chosen: list[Path] = []
    unknown: list[str] = []
    for wanted in only:
        name = Path(wanted).name
        hits = [
            nb for nb in notebooks
            if name in (nb.name, nb.stem) or (len(name) == 2 and name.isdigit() and nb.name[:2] == name)
        ]
        if not hits:
            unknown.append(wanted)
        chosen.extend(nb for nb in hits if nb not in chosen)
    return sorted(chosen), unknown


def notebook_title(nb) -> str:
    """The first Markdown heading of a notebook, without the #."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return ""


def declared_parameters(path: Path) -> dict | None:
    """Names declared in the notebook's `parameters` cell, or None when it has none."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if not any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells):
        return None
    import papermill

    return papermill.inspect_notebook(str(path))


def first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _failed(cell) -> bool:
    meta = cell.get("metadata", {})
    return any(o.get("output_type") == "error" for o in cell.get("outputs", [])) or (
        meta.get("papermill", {}).get("exception") is True
    )


def _unanswered(cell) -> bool:
    """A code cell the kernel never answered (nbclient records the reply's time)."""
    execution = cell.get("metadata", {}).get("execution", {})
    return cell.cell_type == "code" and bool(cell.source.strip()) and (
        "shell.execute_reply" not in execution
    )


def locate_failure(executed: Path, exc) -> dict:
    """Describe the failing cell by its index in the *source* notebook (0-based).

    papermill's cell_index counts the injected-parameters cell; the written notebook also holds
    papermill's error-marker cells. Both are skipped here. When the kernel died or a cell timed
    out, no cell carries an error: the first cell left without a reply is the one."""
    error = {
        "cell_index": getattr(exc, "cell_index", None),
        "execution_count": getattr(exc, "exec_count", None),
        "first_line": first_line(getattr(exc, "source", "") or ""),
        "ename": getattr(exc, "ename", type(exc).__name__),
        "evalue": getattr(exc, "evalue", str(exc)),
    }
    try:
        import nbformat

        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001 - the exception's own numbers are a good enough fallback
        return error
    cells = [
        c for c in nb.cells
        if not {PAPERMILL_ERROR_TAG, INJECTED_TAG} & set(c.get("metadata", {}).get("tags", []))
    ]
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    tests = [_failed]
    if isinstance(exc, DeadKernelError | CellTimeoutError):
        tests.append(_unanswered)  # cells run in order: the first unanswered one was running
    for test in tests:
        hits = [i for i, c in enumerate(cells) if test(c)]
        if hits:
            cell = cells[hits[0]]
            error["cell_index"] = hits[0]
            error["execution_count"] = cell.get("execution_count") or error["execution_count"]
            error["first_line"] = first_line(cell.source)
            break
    return error


def describe_failure(name: str, error: dict) -> str:
    """`02_x.ipynb：第 2 个单元格（索引 1，In [3]）`raise …` → ValueError: …`"""
    index = error.get("cell_index")
    if index is None:
        where = "单元格未知"
    else:
        count = error.get("execution_count")
        where = f"第 {index + 1} 个单元格（索引 {index}" + (f"，In [{count}]）" if count else "）")
    line = error.get("first_line")
    if line:
        where += f" `{line}`"
    evalue = error.get("evalue") or ""
    return f"{name}：{where} → {error.get('ename')}" + (f": {evalue}" if evalue else "")
