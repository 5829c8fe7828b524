"""Setup shared by the report notebooks (analysis.report.notebook)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import datasets, paths
from analysis.report import notebook as nb


def test_resolve_folders_defaults_follow_the_year():
    year = paths.DEFAULT_YEAR
    default = (paths.PROCESSED_DIR / str(year), paths.REPORTS_DIR / str(year))
    assert nb.resolve_folders(year) == default
    assert nb.resolve_folders(str(year)) == default
    assert nb.resolve_folders(None) == default  # the parameters cell's None: the configured year
    assert nb.resolve_folders(2024) == (paths.PROCESSED_DIR / "2024", paths.REPORTS_DIR / "2024")


def test_resolve_folders_given_paths_win_relative_ones_from_the_project_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # papermill runs a notebook in notebooks/: the cwd does not count
    processed, out = nb.resolve_folders(2024, "data/processed/2024", tmp_path / "out")
    assert processed == paths.PROJECT_ROOT / "data" / "processed" / "2024"
    assert out == (tmp_path / "out").resolve()
    processed, out = nb.resolve_folders(2024, None, "elsewhere")
    assert processed == paths.PROCESSED_DIR / "2024"
    assert out == paths.PROJECT_ROOT / "elsewhere"


def test_load_dataset_reads_a_missing_file_as_empty_frame_with_columns(tmp_path, capsys):
    name = datasets.dataset_names()[0]
    frame = nb.load_dataset(name, tmp_path)
    assert frame.empty
    assert list(frame.columns) == datasets.columns_of(name)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("broken", ["unknown_dataset", "damaged_file"])
def test_load_dataset_returns_empty_frame_and_chinese_note_on_failure(tmp_path, capsys, broken):
    name = "no_such_dataset"
    if broken == "damaged_file":
        name = datasets.dataset_names()[0]
        (tmp_path / f"{name}.parquet").write_bytes(b"not a parquet file")
    frame = nb.load_dataset(name, tmp_path)
    assert isinstance(frame, pd.DataFrame) and frame.empty and frame.columns.empty
    assert capsys.readouterr().out.startswith(f"【提示】数据集 {name} 无法读取：")


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (999, "999"), (12345.6, "12,346"), (np.int64(1234567), "1,234,567"), ("42.4", "42")],
)
def test_fmt_int_rounds_and_groups_thousands(value, text):
    assert nb.fmt_int(value) == text


def test_say_displays_markdown(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    nb.say("共 **3 场**")
    assert len(shown) == 1
    assert type(shown[0]).__name__ == "Markdown"
    assert shown[0].data == "共 **3 场**"


def test_count_table_counts_rows_per_pair_with_zeros():
    frame = pd.DataFrame(
        {"unit": ["甲", "甲", "乙"], "kind": ["许可", "处罚", "许可"], "case_no": ["1", "2", None]}
    )
    table = nb.count_table(frame, "unit", "kind", "case_no")
    assert table.loc["甲"].to_dict() == {"处罚": 1, "许可": 1}
    assert table.loc["乙"].to_dict() == {"处罚": 0, "许可": 1}


def test_show_table_saves_and_displays_with_the_same_headers(monkeypatch):
    saved, shown = [], []
    monkeypatch.setattr(nb.export, "save_table", lambda *a, **k: saved.append((a, k)))
    monkeypatch.setattr("IPython.display.display", shown.append)
    frame = pd.DataFrame({"share": [50.25]})
    nb.show_table(frame, "占比", {"share": "相符比例"}, percent_cols=["share"])
    [(args, options)] = saved
    assert args[0] is frame and args[1] == "占比"
    assert options == {"headers": {"share": "相符比例"}, "percent_cols": ["share"]}
    html = shown[0].to_html()
    assert "相符比例" in html and "50.2%" in html and ">0<" not in html  # no row numbers


def test_start_notebook_sets_style_output_and_rows(tmp_path, monkeypatch):
    tmp_path = tmp_path.resolve()
    output = nb.export.Output()
    monkeypatch.setattr(nb.export, "_output", output)
    monkeypatch.setattr(nb.style, "apply_style", lambda: "Noto Sans CJK SC")
    with pd.option_context("display.max_rows", 10):
        year, processed, out, font = nb.start_notebook("publicity", "2024", tmp_path / "p", tmp_path / "o")
        assert pd.get_option("display.max_rows") == 40
    assert (year, processed, out, font) == (2024, tmp_path / "p", tmp_path / "o", "Noto Sans CJK SC")
    assert nb.start_notebook("publicity", None, tmp_path / "p", tmp_path / "o")[0] == paths.DEFAULT_YEAR
    assert (output.section, output.out) == ("publicity", tmp_path / "o")
