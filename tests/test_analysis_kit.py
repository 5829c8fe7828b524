"""Setup shared by the report notebooks (analysis.report.analysis_kit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import datasets, paths
from analysis.report import analysis_kit as nb


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


def test_show_markdown_displays_markdown(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    nb.show_markdown("共 **3 场**")
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


def test_grouped_values_merge_spellings_of_one_group_for_charts_and_keep_others():
    """老人, 老年群体 and 老年人 are one bar; a value no vocabulary knows stays as written."""
    from analysis.resources import load_vocabularies
    from analysis.text import normalize_key

    table = load_vocabularies()["audience"]
    canonical = next(c for c in set(table.values()) if sum(v == c for v in table.values()) >= 3)
    spellings = [k for k, v in table.items() if v == canonical and k != normalize_key(canonical)]
    values = pd.Series([canonical, *spellings, "外星访客", None], dtype=object)
    grouped = nb.grouped_values(values, "publicity_events", "audience")
    assert set(grouped[: len(spellings) + 1]) == {canonical}
    assert grouped.iloc[-2] == "外星访客" and pd.isna(grouped.iloc[-1])
    assert list(values[: len(spellings) + 1]) == [canonical, *spellings]  # the data is not changed
    assert nb.grouped_values(values, "publicity_events", "title").equals(values)  # no vocabulary


def test_unstated_share_counts_empty_and_unstated_values():
    values = pd.Series(["人民街道", "未注明", None, " ", "新华街道"], dtype=object)
    count, share = nb.unstated_share(values)
    assert count == 3 and share == pytest.approx(0.6)
    assert nb.unstated_share(pd.Series([], dtype=object)) == (0, 0.0)


def test_gallery_captions_are_the_figures_titles_not_their_file_names(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from analysis.report import export, pack
    from analysis.report import figures as fg

    fg.apply_style()
    fig, ax = fg.subplots(height=2)
    ax.bar(["甲", "乙"], [1, 2])
    ax.set_title("各单位报送的数据（保留行数）")
    export.save_figure(fig, "submissions_by_department", section="intake", out=tmp_path)
    page = pack._figures_html(tmp_path)
    from .id_scan import html_cells, ids_in_cells

    assert "<figcaption>各单位报送的数据（保留行数）" in page
    assert not ids_in_cells(html_cells(page))


def test_a_heat_map_writes_its_labels_upright_and_fits_its_numbers():
    import matplotlib

    matplotlib.use("Agg")
    from analysis.report import figures as fg

    fg.apply_style()
    data = pd.DataFrame([[3200, 4, 414], [270, None, 12]], index=["区司法局", "区教育局"],
                        columns=["矛盾纠纷排查化解台账", "普法活动台账", "法律咨询接待登记"])
    fig, ax = fg.subplots(height=3)
    fg.heatmap(data, ax, label="行", cbar=False)
    fg.upright_xticks(ax)
    fg.fit_annotations(ax, data.shape[1])
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "\n".join("矛盾纠纷排查化解台账")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:], strict=False)), "x labels overlap"
    cell = ax.get_window_extent(renderer).width / data.shape[1]
    assert all(t.get_window_extent(renderer).width < cell for t in ax.texts if t.get_text())


def test_a_report_check_table_shows_no_ids_and_gives_the_chinese_columns_the_width():
    from analysis.report import tables

    from .id_scan import html_cells, ids_in_cells

    check = pd.DataFrame({"id": ["P01"], "metric": ["precision_events"], "label": ["精准普法活动"],
                          "snippet": ["开展精准普法活动21次"], "claimed": [21], "unit": ["次"], "rule": ["exact"],
                          "value": [21], "holds": [True], "sources": ["区司法局/台账.xlsx"], "note": [""]})
    page = tables.styled(check).to_html()
    assert not ids_in_cells(html_cells(page)) and "P01" not in page
    assert "等于" in page and "min-width: 14em" in page and "white-space: nowrap" in page


def test_compute_rate_and_share_round_and_leave_a_zero_denominator_empty():
    rate = nb.compute_rate(pd.Series([1, 2, 0]), pd.Series([3, 0, 0]))
    assert rate.iloc[0] == 33.33 and rate.iloc[1:].isna().all()
    assert nb.compute_rate(pd.Series([2]), pd.Series([3]), digits=1).iloc[0] == 66.7
    share = nb.compute_share(pd.Series([1, 1, 2]))
    assert share.tolist() == [25.0, 25.0, 50.0]
