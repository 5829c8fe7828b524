"""Kernels forked from the warm zygote give the same report as fresh kernels (papermill's way):
the same figures and tables byte for byte, and the same notebook outputs."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

from analysis.report import runner, zygote

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ("03", "06")  # a short section with figures and tables, and the one with last year's data
# differ between any two runs: pandas Styler's random table id, an object's address in its repr
_RUN_NOISE = re.compile(r"T_[0-9a-f]{5}|at 0x[0-9a-f]+")


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(executed: Path, out: Path) -> list:
    """The executed notebook's cell outputs, the output folder and each run's noise made neutral."""
    nb = nbformat.read(executed, as_version=4)
    text = str([(c.get("execution_count"), c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"])
    return [_RUN_NOISE.sub("<id>", text.replace(str(out), "<out>"))]


def run_report(processed: Path, out: Path) -> int:
    only = [a for n in NOTEBOOKS for a in ("--only", n)]
    return runner.main(["--processed", str(processed), "--out", str(out), "--skip-clean", "--skip-metrics",
                        "--jobs", "2", "--force", *only])


@pytest.mark.skipif(not zygote.is_enabled(), reason="no fork on this system")
def test_forked_kernels_write_what_fresh_kernels_write(processed_sample, tmp_path, monkeypatch):
    forked, fresh = tmp_path / "forked" / "2025", tmp_path / "fresh" / "2025"
    assert run_report(processed_sample, forked) == 0
    monkeypatch.setenv(zygote.ENVIRONMENT_SWITCH, "0")
    assert run_report(processed_sample, fresh) == 0

    for folder in ("figures", "tables"):
        made = files(forked / folder)
        assert made, folder
        assert made == files(fresh / folder), folder
    executed = sorted((forked / "notebooks").glob("*.ipynb"))
    assert len(executed) == len(NOTEBOOKS)
    for path in executed:
        assert outputs(path, forked) == outputs(fresh / "notebooks" / path.name, fresh), path.name


def test_a_forked_kernel_is_an_ordinary_fresh_kernel(tmp_path):
    """Its own process group, the notebook's folder and environment, an empty namespace."""
    from jupyter_client.manager import KernelManager

    if not zygote.is_enabled():
        pytest.skip("no fork on this system")
    warm = zygote.Zygote()
    manager = KernelManager(kernel_name="python3")
    manager.provisioner = zygote.make_provisioner_class()(kernel_id="k", kernel_spec=manager.kernel_spec, parent=manager)
    manager.provisioner.zygote = warm
    try:
        manager.start_kernel(cwd=str(tmp_path), env={"ZYGOTE_TEST": "是"})
        client = manager.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        seen = []
        code = ("import os, sys\nprint(os.getcwd(), os.environ.get('ZYGOTE_TEST'), os.getpgid(0) == os.getpid(),"
                " 'pandas' in sys.modules, [k for k in globals() if k.startswith('warm')])")
        reply = client.execute_interactive(code, output_hook=lambda m: seen.append(m["content"].get("text", "")),
                                           timeout=60)
        assert reply["content"]["status"] == "ok"
        assert "".join(seen).split() == [str(tmp_path), "是", "True", "True", "[]"]
        assert reply["content"]["execution_count"] == 1
        client.stop_channels()
        pid = manager.provisioner.pid
        manager.shutdown_kernel(now=False)
        assert manager.provisioner is None or manager.provisioner.process is None
        with pytest.raises(ProcessLookupError):
            __import__("os").kill(pid, 0)
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
        warm.close()


def test_a_deferred_workbook_is_the_one_written_table_by_table(tmp_path, monkeypatch):
    """Inside a run the section's workbook is written once, at the notebook's end: same bytes."""
    import pandas as pd

    from analysis.reads import DEFER_VARIABLE
    from analysis.report import export

    tables = [("按街道", pd.DataFrame({"street": ["新华街道", "人民街道"], "n": [3, 1500]})),
              ("比例", pd.DataFrame({"year": [2024, 2025], "rate": [98.5, 99.25]})),
              ("按街道", pd.DataFrame({"street": ["河畔街道"], "n": [7]}))]  # replaces the first sheet

    def save_all(out: Path) -> Path:
        for name, frame in tables:
            path = export.save_table(frame, name, section="s", out=out, percent_cols=["rate"] if "rate" in frame else ())
        return path

    at_once = save_all(tmp_path / "a")
    monkeypatch.setenv(DEFER_VARIABLE, "1")
    deferred = save_all(tmp_path / "b")
    assert not deferred.exists()
    assert export.flush_tables() == [deferred]
    assert deferred.read_bytes() == at_once.read_bytes()
    assert export.flush_tables() == []


def test_a_kernel_still_starts_when_the_zygote_is_gone(tmp_path):
    """A zygote that ended (crashed, killed) costs only speed: the kernel is a fresh process then."""
    from jupyter_client.manager import KernelManager

    if not zygote.is_enabled():
        pytest.skip("no fork on this system")
    warm = zygote.Zygote()
    warm.close()
    manager = KernelManager(kernel_name="python3")
    manager.provisioner = zygote.make_provisioner_class()(kernel_id="k", kernel_spec=manager.kernel_spec, parent=manager)
    manager.provisioner.zygote = warm
    try:
        manager.start_kernel(cwd=str(tmp_path))
        assert not isinstance(manager.provisioner.process, zygote.ForkedProcess)
        client = manager.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        assert client.execute_interactive("x = 1", timeout=60)["content"]["status"] == "ok"
        client.stop_channels()
    finally:
        manager.shutdown_kernel(now=True)
