"""Report style, CJK fonts and reproducible figure/table files (analysis.report)."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from analysis.report import export, style  # noqa: E402
from analysis.report import figures as fg  # noqa: E402

CJK = ("Microsoft YaHei", "SimHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC")


@pytest.fixture(autouse=True)
def _style():
    with matplotlib.rc_context():
        fg.apply_style()
        yield
    plt.close("all")


def chinese_chart():
    data = pd.DataFrame(
        {"month": ["1月", "2月", "3月", "4月"], "events": [3, 5, 0, 12], "change": [-1, 2, -5, 12]}
    )
    fig, ax = fg.subplots(height=3.0)
    bars = ax.bar(data["month"], data["events"], color=fg.color_for("精准普法"))
    ax.plot(data["month"], data["change"], marker="o", label="环比变化（次）")
    fg.bar_labels(ax, bars)
    ax.set_title("按月开展的精准普法活动（余、超、近、≥）")
    ax.set_xlabel("月份")
    ax.set_ylabel("活动场次（次）")
    ax.legend(title="图例")
    fg.add_footnote(
        fig, fg.data_period(["2025-01-05", "2025-04-28"]) + "；来源：各成员单位报送台账"
    )
    return fig, data


def test_apply_style_sets_cjk_font_and_reproducible_output():
    font = fg.apply_style()
    assert font in CJK
    rc = matplotlib.rcParams
    assert rc["font.sans-serif"][0] == font
    assert rc["axes.unicode_minus"] is False
    assert rc["svg.fonttype"] == "path"
    assert rc["pdf.fonttype"] == 3
    assert rc["svg.hashsalt"]
    assert rc["figure.figsize"][0] == pytest.approx(156 / 25.4)
    assert 9 <= rc["font.size"] <= 10.5
    first = np.random.uniform(size=3)
    fg.apply_style()
    assert (np.random.uniform(size=3) == first).all()  # seaborn's jitter repeats on a rerun


def test_bundled_font_is_the_openly_licensed_noto(monkeypatch):
    monkeypatch.setattr(style, "SYSTEM_CJK_FONTS", ())
    name, path = style.find_cjk_font()
    assert name == "Noto Sans CJK SC"
    assert path is not None and path.endswith("NotoSansCJKsc-Regular.otf")
    assert "simhei" not in path.lower()


def test_missing_glyphs_would_be_detected():
    """The check below is meaningful: without a CJK font matplotlib warns about glyphs."""
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("普法")
        with pytest.warns(UserWarning, match="missing from font"):
            fig.canvas.draw()


def test_chinese_chart_renders_without_warnings(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, data = chinese_chart()
        fig.canvas.draw()
        saved = fg.save_figure(
            fig, "activities_by_month", data=data, section="publicity", out=tmp_path
        )
    folder = tmp_path / "figures" / "publicity"
    assert saved.png == folder / "activities_by_month.png"
    assert saved.svg.is_file() and saved.csv.is_file()


def test_png_is_300_dpi_at_text_width(tmp_path):
    fig, data = chinese_chart()
    saved = fg.save_figure(fig, "chart", data=data, section="s", out=tmp_path)
    with Image.open(saved.png) as image:
        dpi = image.info["dpi"]
        width = image.size[0]
        assert "Software" not in image.info
    assert dpi[0] == pytest.approx(300, abs=0.01) and dpi[1] == pytest.approx(300, abs=0.01)
    assert width == pytest.approx(156 / 25.4 * 300, abs=2)


def test_rerun_gives_byte_identical_files(tmp_path):
    fig, data = chinese_chart()
    first = fg.save_figure(fig, "chart", data=data, section="s", out=tmp_path)
    before = {p: p.read_bytes() for p in (first.png, first.svg, first.csv)}
    plt.close(fig)
    fig2, data2 = chinese_chart()  # a new figure, as on a rerun of the notebook
    second = fg.save_figure(fig2, "chart", data=data2, section="s", out=tmp_path)
    for path in (second.png, second.svg, second.csv):
        assert path.read_bytes() == before[path], path.name
    svg = second.svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert "<text" not in svg  # text drawn as paths: no font needed to view it


def test_csv_is_utf8_with_bom_and_keeps_a_meaningful_index(tmp_path):
    series = pd.Series(
        [3, 5], index=pd.Index(["区司法局", "区教育局"], name="department"), name="events"
    )
    saved = fg.save_figure(plt.figure(), "by_dept", data=series, section="s", out=tmp_path)
    raw = saved.csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == ["department,events", "区司法局,3", "区教育局,5"]


def test_set_output_defaults(tmp_path):
    fg.set_output(section="correction", out=tmp_path)
    saved = fg.save_figure(plt.figure(), "empty")
    assert saved.png == tmp_path / "figures" / "correction" / "empty.png"
    assert saved.csv is None
    assert fg.save_table(pd.DataFrame({"x": [1]}), "表") == tmp_path / "tables" / "correction.xlsx"
    with pytest.raises(ValueError):
        fg.save_figure(plt.figure(), "../escape")


def test_save_table_formats_and_replaces_sheets(tmp_path):
    frame = pd.DataFrame(
        {
            "metric": ["correction_education_pass_rate", "precision_materials"],
            "materials": [5210, 12345],
            "share": [98.6, 100.0],
            "score": [92.5, 88.0],
            "holds": [True, False],
            "month": pd.to_datetime(["2025-01-01", "2025-02-01"]),
        }
    )
    path = fg.save_table(
        frame,
        "报告数据核对",
        section="correction",
        out=tmp_path,
        percent_cols=["share"],
        headers={"score": "平均得分"},
    )
    fg.save_table(
        pd.DataFrame({"venue": ["甲司法所"], "sessions": [3]}),
        "按司法所",
        section="correction",
        out=tmp_path,
    )
    first = path.read_bytes()
    # saving the first sheet again replaces it in place and changes nothing
    fg.save_table(
        frame,
        "报告数据核对",
        section="correction",
        out=tmp_path,
        percent_cols=["share"],
        headers={"score": "平均得分"},
    )
    assert path.read_bytes() == first

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["报告数据核对", "按司法所"]
    sheet = workbook["报告数据核对"]
    headers = [c.value for c in sheet[1]]
    assert headers == ["指标", "发放材料（份）", "占比", "平均得分", "是否相符", "月份"]
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == 5210 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].value == pytest.approx(0.986)
    assert sheet["C2"].number_format == "0.0%"
    assert sheet["C3"].value == pytest.approx(1.0) and sheet["C3"].number_format == "0.0%"
    assert sheet["D2"].number_format == "#,##0.0"
    assert [sheet["E2"].value, sheet["E3"].value] == ["是", "否"]
    assert sheet["F2"].number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["A"].width >= len("correction_education_pass_rate")


def _three_tables(out):
    tables = [
        ("甲", pd.DataFrame({"street": ["新华街道", "人民街道"], "events": [3, 5], "note": ["", None]})),
        ("乙", pd.DataFrame({"share": [98.6, 50.0], "month": pd.to_datetime(["2025-01-01", None])})),
        ("丙", pd.DataFrame({"venue": ["甲司法所"], "sessions": [3]})),
    ]
    for name, frame in tables:
        path = fg.save_table(frame, name, section="s", out=out, percent_cols=["share"] * ("share" in frame))
    return path


def test_workbook_kept_in_memory_writes_the_same_bytes_as_one_read_back(tmp_path, monkeypatch):
    in_memory = _three_tables(tmp_path / "a").read_bytes()
    # the same tables, each written into the workbook read back from its file (no memory)
    monkeypatch.setattr(export, "_workbooks", {})
    real_open = export._open_workbook

    def from_file(path):
        export._workbooks.clear()
        return real_open(path)

    monkeypatch.setattr(export, "_open_workbook", from_file)
    assert _three_tables(tmp_path / "b").read_bytes() == in_memory
    assert _three_tables(tmp_path / "b").read_bytes() == in_memory  # a rerun over the file


def test_workbook_changed_on_disk_is_read_again(tmp_path):
    path = _three_tables(tmp_path)
    path.unlink()  # e.g. the user deleted the workbook: only the new sheet is in the new file
    fg.save_table(pd.DataFrame({"x": [1]}), "丁", section="s", out=tmp_path)
    assert openpyxl.load_workbook(path).sheetnames == ["丁"]
    edited = openpyxl.load_workbook(path)
    edited.create_sheet("用户加的表")
    edited.save(path)  # changed outside: its sheets are kept
    fg.save_table(pd.DataFrame({"x": [2]}), "丁", section="s", out=tmp_path)
    assert openpyxl.load_workbook(path).sheetnames == ["丁", "用户加的表"]
    assert openpyxl.load_workbook(path)["丁"]["A2"].value == 2


def test_save_table_rejects_unknown_percent_columns(tmp_path):
    with pytest.raises(KeyError):
        fg.save_table(pd.DataFrame({"x": [1]}), "t", section="s", out=tmp_path, percent_cols=["y"])


def test_helpers(capsys):
    assert fg.data_period(["2021-01-15", "2025-05-02", None]) == "数据期间：2021年1月至2025年5月"
    assert fg.data_period([]) == "数据期间：无日期数据"
    assert not fg.has_rows(pd.DataFrame(), "心理服务")
    assert "没有可用数据" in capsys.readouterr().out
    assert fg.has_rows(pd.DataFrame({"a": [1]}), "x", columns=["a"])
    assert fg.sheet_title("a/b:c" * 10) == ("a_b_c" * 10)[:31]
    assert fg.display_width("区司法局ab") == 10


def test_save_table_plain_years_and_no_positional_index(tmp_path):
    frame = pd.DataFrame({"closed_year": [2021, 2022, 2023], "files": [1200, 5, 7]})
    filtered = frame[frame["files"] > 5]  # index 0 and 2: positions, not data
    path = fg.save_table(filtered, "按年份", section="s", out=tmp_path)
    sheet = openpyxl.load_workbook(path)["按年份"]
    assert [c.value for c in sheet[1]] == ["closed_year", "案卷数（本）"]
    assert sheet["A2"].value == 2021 and sheet["A2"].number_format == "0"
    assert sheet["B2"].number_format == "#,##0"


def test_report_check_table_is_readable():
    report = pd.DataFrame(
        {
            "id": ["C01", "C03", "R02"],
            "metric": ["reviewers", "closed_period", "correction_education_pass_rate"],
            "snippet": ["组织7名律师", "2021年1月至2025年5月办结", "教育达标率98%以上"],
            "claimed": ["7", "2021-01/2025-05", "98"],
            "rule": ["exact", "period", "at_least"],
            "value": [7.0, "2021-01/2025-05", 98.92569],
            "holds": [True, True, False],
            "sources": ["a.xlsx", "a.xlsx", "b.xlsx"],
        }
    )
    table = fg.report_check_table(report)
    assert list(table["value"]) == [7, "2021-01/2025-05", 98.93]
    assert list(table["claimed"]) == [7, "2021-01/2025-05", 98]
    assert list(table["rule"]) == ["等于", "期间", "不低于"]
    summary = fg.report_check_summary(table)
    assert "与数据相符 **2 个**" in summary and "与数据不符的是：教育达标率98%以上" in summary
    table.loc[2, "value"] = None
    assert "尚无数据支撑的是：教育达标率98%以上" in fg.report_check_summary(table)


def test_closing_table_says_when_a_percentage_holds_by_truncation_only():
    report = pd.DataFrame(
        {
            "id": ["D07", "D01", "S04", "X1"],
            "metric": ["dispute_resolution_rate", "service_center_resolution_rate", "legal_aid_cases_yoy", "x"],
            "snippet": ["化解率99%", "矛盾纠纷化解率99%", "同比增长12%", "达标率98.8%"],
            "claimed": ["99", "99", "12", "98.8"],
            "rule": ["pct", "pct", "yoy", "pct"],
            "value": [4122 / 4125 * 100, 178 / 180 * 100, None, 98.86],
            "holds": [True, True, False, True],
            "sources": ["a.xlsx", "a.xlsx", "", "b.xlsx"],
            "note": ["", "", "上年数据缺失：未找到2024年的清洗结果", ""],
        }
    )
    table = fg.report_check_table(report)
    notes = dict(zip(table["id"], table["note"], strict=True))
    assert notes["D07"] == "计算值99.93%，四舍五入为100%，截断为99%：报告的99%仅按截断成立"
    assert notes["D01"] == ""  # 98.89% rounds to 99%
    assert notes["X1"].startswith("计算值98.860%，四舍五入为98.9%，截断为98.8%")
    assert notes["S04"].startswith("上年数据缺失")
    summary = fg.report_check_summary(table)
    assert "仅按截断成立、四舍五入则不同的是：化解率99%（计算值99.93%，四舍五入为100%，截断为99%）" in summary
    assert "上年数据缺失、无法核对的是：同比增长12%" in summary and "尚无数据支撑" not in summary


def test_for_display_uses_chinese_headers():
    frame = pd.DataFrame(
        {"events": [3], "holds": [True]}, index=pd.Index(["区司法局"], name="department")
    )
    shown = fg.for_display(frame)
    assert list(shown.columns) == ["活动场次", "是否相符"] and shown.index.name == "单位"
    assert shown.iloc[0, 1] == "是"
    two = frame.set_index("events", append=True)
    assert list(fg.for_display(two).index.names) == ["单位", "活动场次"]


def test_notebook_shows_the_saved_png_scaled_to_the_screen(tmp_path, monkeypatch):
    monkeypatch.setattr(style, "_previews", True)  # as apply_style sets it in a kernel
    fig, data = chinese_chart()
    saved = fg.save_figure(fig, "chart", data=data, section="s", out=tmp_path)
    drawn = []

    def fallback(figure):
        drawn.append(figure)
        return b"drawn"

    shown = style._show_figure(fig, fallback)
    assert not drawn and shown.startswith(b"\x89PNG")
    with Image.open(saved.png) as full, Image.open(io.BytesIO(shown)) as small:
        assert small.size[0] == pytest.approx(full.size[0] * fig.dpi / fg.PNG_DPI, abs=1)
        assert small.size[1] == pytest.approx(full.size[1] * fig.dpi / fg.PNG_DPI, abs=1)
    fig.set_size_inches(4, 3)  # changed after saving: drawn afresh
    assert style._show_figure(fig, fallback) == b"drawn" and drawn == [fig]
    other, _ = chinese_chart()  # never saved
    assert style._show_figure(other, fallback) == b"drawn"


def test_stacked_bars_stack_segments_and_label_totals():
    table = pd.DataFrame({"甲": [1, 2], "乙": [3, 0]}, index=["单位一", "单位二"])
    fig, ax = plt.subplots()
    totals = fg.stacked_bars(ax, table, horizontal=True, colors=["#111111", "#222222"], totals=" {:,}")
    assert totals.tolist() == [4, 2]
    bars = ax.patches
    assert [(b.get_x(), b.get_width()) for b in bars] == [(0, 1), (0, 2), (1, 3), (2, 0)]
    assert [t.get_text() for t in ax.texts] == [" 4", " 2"]
    assert [h.get_label() for h in ax.get_legend_handles_labels()[0]] == ["甲", "乙"]
    fig2, ax2 = plt.subplots()
    fg.stacked_bars(ax2, table, positions=["一", "二"], legend=False, totals="{}")
    assert [(b.get_y(), b.get_height()) for b in ax2.patches] == [(0, 1), (0, 2), (1, 3), (2, 0)]
    assert ax2.get_legend_handles_labels()[1] == [] and [t.get_text() for t in ax2.texts] == ["4", "2"]


def test_bar_labels_take_given_texts_and_ticks_slant_right_aligned():
    fig, ax = plt.subplots()
    bars = ax.bar(["甲", "乙"], [1200, 3])
    fg.bar_labels(ax, bars)
    fg.bar_labels(ax, bars, labels=["一千二（3场）", "三"])
    assert [t.get_text() for t in ax.texts] == ["1,200", "3", "一千二（3场）", "三"]
    fg.slant_xticks(ax, 30)
    assert {(lab.get_rotation(), lab.get_horizontalalignment()) for lab in ax.get_xticklabels()} == {(30.0, "right")}
