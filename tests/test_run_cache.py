"""`python -m analysis run` keeps a notebook's results while nothing it depends on changed, and
says per notebook why it executed again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import reads
from analysis.report import results as results_cache
from analysis.report import runner

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
PARAMETERS = "year = 2025\nprocessed_dir = None\nout_dir = None"


def reading_notebook(path: Path, dataset: str, section: str) -> None:
    """A notebook that reads one dataset with load_dataset and saves a table of it."""
    code = (
        "from analysis.report import export\n"
        "from analysis.report.analysis_kit import load_dataset\n"
        f"frame = load_dataset({dataset!r}, processed_dir)\n"
        f"export.save_table(frame[['street']].value_counts().reset_index(), 'by_street', section={section!r},"
        " out=out_dir)\n"
        "print(len(frame), sorted(frame['street']))"
    )
    nb = new_notebook(cells=[new_markdown_cell(f"# {section}"),
                             new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
                             new_code_cell(code)], metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, path)


def write_dataset(processed: Path, name: str, streets: list[str]) -> None:
    pd.DataFrame({"street": streets}).to_parquet(processed / f"{name}.parquet", index=False)


@pytest.fixture
def project(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    reading_notebook(notebooks / "01_events.ipynb", "publicity_events", "events")
    reading_notebook(notebooks / "02_disputes.ipynb", "disputes", "disputes")
    processed = tmp_path / "processed" / "2025"
    processed.mkdir(parents=True)
    write_dataset(processed, "publicity_events", ["新华街道", "人民街道"])
    write_dataset(processed, "disputes", ["河畔街道"])
    return tmp_path


def run(project: Path, out: str = "out", *extra: str) -> int:
    (project / out / "2025" / "figures").mkdir(parents=True, exist_ok=True)  # for the draft step
    return runner.main(["--notebooks", str(project / "notebooks"), "--processed", str(project / "processed" / "2025"),
                        "--out", str(project / out / "2025"), "--skip-clean", "--jobs", "2", *extra])


def reasons(project: Path, out: str = "out") -> dict[str, str]:
    manifest = json.loads((project / out / "2025" / "run_manifest.json").read_text(encoding="utf-8"))
    return {nb["name"]: nb["reason"] for nb in manifest["notebooks"]}


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def cell_outputs(path: Path) -> list:
    nb = nbformat.read(path, as_version=4)
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])]
            for c in nb.cells if c.cell_type == "code"]


def test_unchanged_notebooks_are_kept_and_a_changed_dataset_reruns_only_its_reader(project, capfd):
    assert run(project) == 0
    first = reasons(project)
    assert set(first.values()) == {"重新执行（原因：没有上次的执行记录）"}
    out = project / "out" / "2025"
    kept = {name: digest for name, digest in digests(out).items()
            if name.startswith(("notebooks/", "html/", "tables/events", "tables/disputes", "draft/"))}
    capfd.readouterr()

    assert run(project) == 0
    err = capfd.readouterr().err
    assert set(reasons(project).values()) == {results_cache.REUSED}
    assert "沿用上次结果  01_events.ipynb" in err and "沿用上次结果  02_disputes.ipynb" in err
    assert "KeyboardInterrupt" not in err  # a kernel is stopped without an interrupt
    assert "沿用上次结果" in (out / "index.html").read_text(encoding="utf-8")
    now = digests(out)
    assert {name: now.get(name) for name in kept} == kept  # the outputs are the very same files

    write_dataset(project / "processed" / "2025", "disputes", ["河畔街道", "新华街道"])
    assert run(project) == 0
    after = reasons(project)
    assert after["01_events.ipynb"] == results_cache.REUSED
    assert after["02_disputes.ipynb"] == "重新执行（原因：数据有变化：disputes）"
    assert "新华街道" in json.dumps(cell_outputs(out / "notebooks" / "02_disputes.ipynb"), ensure_ascii=False)

    (out / "tables" / "events.xlsx").unlink()
    assert run(project) == 0
    assert reasons(project)["01_events.ipynb"] == "重新执行（原因：输出文件缺失或被改动：tables/events.xlsx）"
    assert (out / "tables" / "events.xlsx").is_file()

    assert run(project, "out", "--force") == 0
    assert set(reasons(project).values()) == {"重新执行（原因：指定了 --force）"}


def test_a_kept_run_has_the_outputs_of_a_cold_run(project):
    assert run(project) == 0
    assert run(project) == 0  # every notebook kept
    assert set(reasons(project).values()) == {results_cache.REUSED}
    assert run(project, "cold") == 0  # the same data, from nothing
    kept, cold = project / "out" / "2025", project / "cold" / "2025"
    for section in ("events", "disputes"):
        assert (kept / "tables" / f"{section}.xlsx").read_bytes() == (cold / "tables" / f"{section}.xlsx").read_bytes()
    for name in ("01_events.ipynb", "02_disputes.ipynb"):
        assert cell_outputs(kept / "notebooks" / name) == cell_outputs(cold / "notebooks" / name)


def test_an_edited_notebook_or_other_parameters_rerun(project):
    assert run(project) == 0
    path = project / "notebooks" / "01_events.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(new_code_cell("print('又一段')"))
    nbformat.write(nb, path)
    assert run(project) == 0
    assert reasons(project)["01_events.ipynb"] == "重新执行（原因：笔记本已修改）"
    assert reasons(project)["02_disputes.ipynb"] == results_cache.REUSED
    assert run(project, "out", "--show-code") == 0
    assert set(reasons(project).values()) == {"重新执行（原因：运行参数有变化）"}


def test_reads_are_recorded_only_inside_a_run(tmp_path, monkeypatch):
    log = tmp_path / "reads.log"
    monkeypatch.setattr(reads, "_seen", set())
    monkeypatch.delenv(reads.ENVIRONMENT_VARIABLE, raising=False)
    reads.record_read(tmp_path / "a.parquet")
    assert not log.exists()
    monkeypatch.setenv(reads.ENVIRONMENT_VARIABLE, str(log))
    reads.record_read(tmp_path / "a.parquet")
    reads.record_read(tmp_path / "a.parquet")
    reads.record_read(tmp_path / "manifest.json", key="year")
    reads.record_written(tmp_path / "t.xlsx")
    got_reads, got_written = reads.read_log(log)
    assert got_reads == [str((tmp_path / "a.parquet").resolve()), f"{(tmp_path / 'manifest.json').resolve()}::year"]
    assert got_written == [str((tmp_path / "t.xlsx").resolve())]


def test_a_json_entry_read_changes_only_with_that_entry(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"year": 2025, "files": [1]}), encoding="utf-8")
    entry = f"{manifest}::year"
    before = results_cache.stamp_read(entry)
    manifest.write_text(json.dumps({"year": 2025, "files": [1, 2]}), encoding="utf-8")
    assert results_cache.same(before, results_cache.stamp_read(entry))
    manifest.write_text(json.dumps({"year": 2024, "files": [1, 2]}), encoding="utf-8")
    assert not results_cache.same(before, results_cache.stamp_read(entry))


def test_a_stamp_is_hashed_again_only_when_size_or_time_moved(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc")
    first = results_cache.stamp(path)
    assert results_cache.stamp(path, first) is first
    path.write_bytes(b"abd")
    os.utime(path, ns=(first["mtime_ns"] + 10**9, first["mtime_ns"] + 10**9))
    assert not results_cache.same(first, results_cache.stamp(path, first))
    assert results_cache.stamp(tmp_path / "missing") is None
    assert results_cache.same(None, None)
