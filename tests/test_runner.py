"""`python -m analysis run`: notebooks in parallel, a broken one reported, the report pack."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import paths
from analysis.report import pack as report_pack
from analysis.report import runner

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
PARAMETERS = (
    "year = 2025\n"
    "processed_dir = '../data/processed'\n"
    "out_dir = '../reports'"
)


def write_notebook(path: Path, *cells) -> Path:
    nb = new_notebook(cells=list(cells), metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, path)
    return path


def parameters_cell():
    return new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]})


@pytest.fixture
def setup(tmp_path):
    """Notebooks: one good, one raising in its 2nd cell, one killing its kernel; a tiny processed
    folder with an issues.csv."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(
        notebooks / "01_good.ipynb",
        new_markdown_cell("# 好的一节"),
        parameters_cell(),
        new_code_cell(
            "import json, pathlib\n"
            "GOOD_CODE_MARKER = 1\n"
            "target = pathlib.Path(out_dir) / 'figures' / 'good'\n"
            "target.mkdir(parents=True, exist_ok=True)\n"
            "(target / 'params.json').write_text(json.dumps(\n"
            "    {'year': year, 'processed_dir': processed_dir, 'out_dir': out_dir}))\n"
            "print('好的输出')"
        ),
    )
    write_notebook(
        notebooks / "02_broken.ipynb",
        parameters_cell(),
        new_code_cell("raise ValueError('故意出错')"),
        new_code_cell("print('不应执行')"),
    )
    write_notebook(
        notebooks / "03_dies.ipynb",
        parameters_cell(),
        new_code_cell("x = 1"),
        new_code_cell("import os\nos._exit(1)"),
    )
    # not a report notebook: no NN_ prefix
    write_notebook(notebooks / "scratch.ipynb", new_code_cell("raise SystemExit(3)"))
    processed = tmp_path / "processed"
    processed.mkdir()
    pd.DataFrame(
        {
            "severity": ["error", "warning", "warning", "info"],
            "source_file": ["a/区司法局.xlsx", "a/区司法局.xlsx", "b/教育.xlsx", "c.xlsx"],
            "source_sheet": ["Sheet1"] * 4,
            "cell": ["B3", "C4", "", ""],
            "dataset": ["publicity_events"] * 4,
            "message": ["日期无法识别", "数值为负", "空表", "提示"],
            "department": ["区司法局", "区司法局", "区教育局", ""],
        }
    ).to_csv(processed / "issues.csv", index=False, encoding="utf-8-sig")
    return tmp_path


def run(setup: Path, *extra: str) -> int:
    return runner.main([
        "--notebooks", str(setup / "notebooks"),
        "--processed", str(setup / "processed"),
        "--out", str(setup / "out"),
        "--skip-clean", "--skip-metrics",
        "--jobs", "2",
        *extra,
    ])


def test_broken_notebook_is_reported_and_the_others_still_run(setup, capsys):
    status = run(setup)
    err = capsys.readouterr().err
    out = setup / "out"

    assert status == 1
    # the failure names the notebook, the cell (2nd, index 1, its first line) and the error
    assert "02_broken.ipynb" in err
    assert "第 2 个单元格（索引 1" in err
    assert "raise ValueError('故意出错')" in err
    assert "ValueError: 故意出错" in err
    assert "scratch" not in err
    # a kernel that dies is reported at the cell it was running
    assert "03_dies.ipynb：第 3 个单元格（索引 2" in err
    assert "DeadKernelError" in err

    # the good notebook ran with absolute paths as parameters
    params = json.loads((out / "figures" / "good" / "params.json").read_text())
    assert params == {
        "year": 2025,
        "processed_dir": str((setup / "processed").resolve()),
        "out_dir": str(out.resolve()),
    }

    # partial output of the broken one is kept; the cell after the error never ran
    broken = nbformat.read(out / "notebooks" / "02_broken.ipynb", as_version=4)
    errors = [o for c in broken.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [("ValueError", "故意出错")]
    assert "不应执行" not in json.dumps([c.get("outputs", []) for c in broken.cells], ensure_ascii=False)

    # HTML for both; code hidden by default, output shown
    good_html = (out / "html" / "01_good.html").read_text(encoding="utf-8")
    assert "好的输出" in good_html
    assert "GOOD_CODE_MARKER" not in good_html
    assert (out / "html" / "02_broken.html").is_file()

    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="html/01_good.html"' in index
    assert 'href="html/02_broken.html"' in index
    assert "故意出错" in index
    assert str(setup) not in index and str(paths.PROJECT_ROOT) not in index  # no machine paths

    manifest = json.loads((out / "run_manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"
    statuses = {nb["name"]: nb for nb in manifest["notebooks"]}
    assert statuses["01_good.ipynb"]["status"] == "ok"
    assert statuses["02_broken.ipynb"]["status"] == "failed"
    assert statuses["02_broken.ipynb"]["error"]["cell_index"] == 1
    assert statuses["02_broken.ipynb"]["error"]["ename"] == "ValueError"
    assert statuses["03_dies.ipynb"]["status"] == "failed"
    assert all(nb["duration_s"] > 0 for nb in manifest["notebooks"])
    assert manifest["packages"]["papermill"]
    assert manifest["packages"]["pandas"]
    assert manifest["notebook_parameters"]["year"] == 2025

    # data-quality pack
    assert (out / "quality" / "issues.csv").is_file()
    summary = pd.read_csv(out / "quality" / "issues_summary.csv", encoding="utf-8-sig")
    rows = summary.set_index("department")
    assert rows.loc["区司法局", "error"] == 1
    assert rows.loc["区司法局", "warning"] == 1
    assert rows.loc["区教育局", "warning"] == 1
    assert rows.loc[report_pack.UNKNOWN_DEPARTMENT, "info"] == 1
    by_code = pd.read_csv(out / "quality" / "issues_by_code.csv", encoding="utf-8-sig", dtype=str)
    assert by_code["条数"].astype(int).sum() == 4  # an issues.csv of before the codes: one kind per severity
    assert set(by_code["问题类型"]) == {"未编码"}


def test_only_one_notebook_with_code_shown(setup, capsys):
    status = run(setup, "--only", "01", "--show-code")
    err = capsys.readouterr().err
    out = setup / "out"
    assert status == 0, err
    assert "GOOD_CODE_MARKER" in (out / "html" / "01_good.html").read_text(encoding="utf-8")
    assert not (out / "notebooks" / "02_broken.ipynb").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "本次未运行" in index  # 02_broken is listed, not run


def test_only_run_keeps_earlier_notebook_entries_in_the_manifest(setup, capsys):
    run(setup, "--only", "02")
    assert run(setup, "--only", "01") == 0
    manifest = json.loads((setup / "out" / "run_manifest.json").read_text(encoding="utf-8"))
    entries = {n["name"]: n for n in manifest["notebooks"]}
    assert entries["01_good.ipynb"]["status"] == "ok" and "from_earlier_run" not in entries["01_good.ipynb"]
    assert entries["02_broken.ipynb"]["status"] == "failed" and entries["02_broken.ipynb"]["from_earlier_run"]


def test_unknown_only_is_a_usage_error(setup, capsys):
    assert run(setup, "--only", "99_nothing") == 2
    assert "99_nothing" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (["01_good.ipynb"], ["01_good.ipynb"]),
        (["01_good"], ["01_good.ipynb"]),
        (["notebooks/02_broken.ipynb"], ["02_broken.ipynb"]),
        (["02", "01_good"], ["01_good.ipynb", "02_broken.ipynb"]),
        ([], ["01_good.ipynb", "02_broken.ipynb", "03_dies.ipynb"]),
    ],
)
def test_select_notebooks(setup, wanted, expected):
    notebooks = runner.list_notebooks(setup / "notebooks")
    assert [p.name for p in notebooks] == ["01_good.ipynb", "02_broken.ipynb", "03_dies.ipynb"]
    chosen, unknown = runner.select_notebooks(notebooks, wanted)
    assert [p.name for p in chosen] == expected
    assert unknown == []


def test_defaults_follow_the_year_and_relative_paths_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    parser = runner.build_parser()

    s = runner.settings_from_args(parser.parse_args([]), [])
    assert s.year == paths.DEFAULT_YEAR == 2025  # analysis.toml
    assert s.raw == paths.RAW_DIR / "2025"
    assert s.processed == paths.PROCESSED_DIR / "2025"  # the configured year has its folders too
    assert s.out == paths.REPORTS_DIR / "2025"
    assert s.notebooks_dir == paths.NOTEBOOKS_DIR
    assert s.jobs >= 1

    s = runner.settings_from_args(parser.parse_args(["--year", "2024"]), [])
    assert s.raw == paths.RAW_DIR / "2024"
    assert s.processed == paths.PROCESSED_DIR / "2024"
    assert s.out == paths.REPORTS_DIR / "2024"

    s = runner.settings_from_args(parser.parse_args(["--raw", "in", "--out", "rep"]), [])
    assert s.raw == tmp_path / "in"
    assert s.out == tmp_path / "rep"


def test_clean_and_metrics_run_as_subprocesses_in_order(tmp_path, monkeypatch):
    calls = []

    def fake_step(name, command):
        calls.append((name, command))
        return runner.StepResult(name=name, status="ok", returncode=0, command=command[1:])

    monkeypatch.setattr(runner, "run_step", fake_step)
    (tmp_path / "raw").mkdir()
    (tmp_path / "nb").mkdir()
    status = runner.main(["--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "p"),
                          "--out", str(tmp_path / "o"), "--notebooks", str(tmp_path / "nb"),
                          "--year", "2024"])
    assert status == 0
    assert [name for name, _ in calls] == ["clean", "metrics", "draft"]
    clean, metrics, draft = calls[0][1], calls[1][1], calls[2][1]
    assert clean[1:] == ["-m", "analysis", "clean", "--raw", str(tmp_path / "raw"),
                         "--out", str(tmp_path / "p"), "--year", "2024"]
    assert metrics[1:] == ["-m", "analysis", "metrics", "--processed", str(tmp_path / "p"),
                           "--out", str(tmp_path / "o" / "tables" / "key_figures.csv")]
    assert draft[1:] == ["-m", "analysis", "draft", "--year", "2024", "--processed", str(tmp_path / "p"),
                         "--figures", str(tmp_path / "o" / "figures"), "--out", str(tmp_path / "o" / "draft")]
    manifest = json.loads((tmp_path / "o" / "run_manifest.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in manifest["steps"]] == ["clean", "metrics", "notebooks", "draft"]
    assert (tmp_path / "o" / "index.html").is_file()


def test_the_previous_years_raw_folder_is_cleaned_beside_this_years(tmp_path, monkeypatch):
    """The year-on-year figures read …/processed/2024 beside …/processed/2025: run cleans it too."""
    calls = []

    def fake_step(name, command):
        calls.append((name, command))
        return runner.StepResult(name=name, status="ok", returncode=0, command=command[1:])

    monkeypatch.setattr(runner, "run_step", fake_step)
    # the previous year is cleaned at the same time, its output shown after this year's clean
    monkeypatch.setattr(runner, "start_step", lambda command: (command, None, 0.0))
    monkeypatch.setattr(runner, "finish_step", lambda name, command, process, start: fake_step(name, command))
    for year in ("2025", "2024"):
        (tmp_path / "raw" / year).mkdir(parents=True)
    (tmp_path / "nb").mkdir()
    args = ["--raw", str(tmp_path / "raw" / "2025"), "--processed", str(tmp_path / "p" / "2025"),
            "--out", str(tmp_path / "o"), "--notebooks", str(tmp_path / "nb"), "--year", "2025"]
    assert runner.main(args) == 0
    assert [name for name, _ in calls] == ["clean", "clean-previous", "metrics", "draft"]
    assert calls[1][1][1:] == ["-m", "analysis", "clean", "--raw", str(tmp_path / "raw" / "2024"),
                               "--out", str(tmp_path / "p" / "2024"), "--year", "2024", "--quiet"]
    manifest = json.loads((tmp_path / "o" / "run_manifest.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in manifest["steps"]] == ["clean", "clean-previous", "metrics", "notebooks", "draft"]

    calls.clear()  # no previous year's raw folder: nothing more to clean
    (tmp_path / "raw" / "2024").rmdir()
    assert runner.main(args) == 0
    assert [name for name, _ in calls] == ["clean", "metrics", "draft"]
    calls.clear()  # --skip-clean skips both
    (tmp_path / "raw" / "2024").mkdir()
    assert runner.main([*args, "--skip-clean"]) == 0
    assert [name for name, _ in calls] == ["metrics", "draft"]


def test_failed_clean_stops_the_run(tmp_path, monkeypatch):
    def fake_step(name, command):
        return runner.StepResult(name=name, status="failed", returncode=1)

    monkeypatch.setattr(runner, "run_step", fake_step)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    status = runner.main(["--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "p"),
                          "--out", str(tmp_path / "o"), "--notebooks", str(tmp_path / "nb")])
    assert status == 1
    manifest = json.loads((tmp_path / "o" / "run_manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed"
    assert manifest["raw_files"][0]["path"] == "a.csv"
    assert len(manifest["raw_files"][0]["sha256"]) == 64


def test_missing_raw_folder_is_a_usage_error(tmp_path, capsys):
    assert runner.main(["--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_describe_failure():
    text = runner.describe_failure(
        "02_x.ipynb",
        {"cell_index": 4, "execution_count": 6, "first_line": "df = load()",
         "ename": "KeyError", "evalue": "'year'"},
    )
    assert text == "02_x.ipynb：第 5 个单元格（索引 4，In [6]） `df = load()` → KeyError: 'year'"


def test_html_has_no_blocking_cdn_scripts_unless_math_needs_them(tmp_path):
    plain = write_notebook(tmp_path / "plain.ipynb", new_markdown_cell("# 标题\n没有公式"),
                           new_code_cell("SECRET_CODE = 1"))
    runner.export_html(plain, tmp_path / "plain.html", show_code=False)
    page = (tmp_path / "plain.html").read_text(encoding="utf-8")
    assert "<title>标题</title>" in page
    assert 'src="http' not in page
    assert "SECRET_CODE" not in page

    math = write_notebook(tmp_path / "math.ipynb", new_markdown_cell("比率 $p = a / b$"))
    runner.export_html(math, tmp_path / "math.html", show_code=True)
    assert "mathjax" in (tmp_path / "math.html").read_text(encoding="utf-8").lower()


def test_another_year_without_its_raw_folder_is_not_mixed_with_other_years(tmp_path, monkeypatch,
                                                                          capsys):
    raw = tmp_path / "raw"
    (raw / "2025").mkdir(parents=True)
    monkeypatch.setattr(paths, "RAW_DIR", raw)
    assert runner.main(["--year", "2024", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2024" in err and err.count("\n") == 1  # one Chinese line naming the missing year
    assert runner.main(["--year", "2024", "--raw", str(raw), "--out", str(tmp_path / "o")]) == 2
    assert "2025" in capsys.readouterr().err  # a folder holding other years is never read whole


def test_slowest_notebooks_start_first():
    notebooks = [Path(f"0{i}_x.ipynb") for i in range(4)]
    durations = {"00_x.ipynb": 9.0, "01_x.ipynb": 19.0, "02_x.ipynb": 20.0}
    order = runner.longest_first(notebooks, durations)
    assert [p.name for p in order] == ["03_x.ipynb", "02_x.ipynb", "01_x.ipynb", "00_x.ipynb"]


def test_index_lists_figures_and_tables_in_the_reports_order(tmp_path):
    from analysis.report import pack

    for section in ("governance", "intake", "zz_other", "disputes", "publicity", "services"):
        (tmp_path / "figures" / section).mkdir(parents=True)
        (tmp_path / "figures" / section / "a.png").write_bytes(b"")
    (tmp_path / "tables").mkdir()
    for name in ("services.xlsx", "key_figures.csv", "disputes.xlsx", "intake.xlsx"):
        (tmp_path / "tables" / name).write_bytes(b"x")
    figures = pack._figures_html(tmp_path)
    shown = [s for s in ("intake", "publicity", "disputes", "services", "governance", "zz_other")
             if f"figures/{s}/" in figures]
    assert sorted(shown, key=figures.index) == ["intake", "publicity", "disputes", "services", "governance",
                                                "zz_other"]
    tables = pack._tables_html(tmp_path)
    names = ["intake.xlsx", "disputes.xlsx", "services.xlsx", "key_figures.csv"]
    assert sorted(names, key=tables.index) == names
