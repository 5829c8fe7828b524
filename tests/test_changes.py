"""What changed since the last run: files added, replaced, removed; key figures old → new."""

from __future__ import annotations

import shutil
import subprocess
import sys

import openpyxl
import pandas as pd

from analysis.changes import compare_figures, compare_files

from .conftest import RAW_2025, ROOT


def manifest(**files: str) -> dict:
    return {"files": [{"path": p, "sha256": h} for p, h in files.items()]}


def test_files_added_replaced_and_removed():
    old = manifest(a="1", b="2", c="3")
    new = manifest(a="1", b="9", d="4")
    changes = compare_files(old, new)
    assert (changes.added, changes.replaced, changes.removed) == (["d"], ["b"], ["c"])
    assert any("替换" in line and "b" in line for line in changes.lines())
    assert compare_files(None, new).first_run
    assert not compare_files(new, new).any()


def test_figures_that_moved_with_their_wording_verdict():
    old = pd.DataFrame({"metric": ["m1", "m2", "m3"], "label": ["甲", "乙", "丙"],
                        "value": ["5460", "21", ""], "holds": ["True", "True", ""]})
    new = pd.DataFrame({"metric": ["m1", "m2", "m3"], "label": ["甲", "乙", "丙"],
                        "value": [6460, 21.0, 3], "holds": [False, True, None]})
    changes = compare_figures(old, new)
    assert [c.metric for c in changes] == ["m1", "m3"]
    assert changes[0].line() == "甲（m1）：5,460 → 6,460，原本相符，现与报告表述不符"
    assert changes[1].line().startswith("丙（m3）：无数据 → 3")


def _correct_one_materials_cell(raw, processed) -> tuple[str, int]:
    """Change the materials of one 精准普法 activity in its raw workbook; return (file, delta)."""
    events = pd.read_parquet(processed / "publicity_events.parquet")
    rows = events[(events["category"] == "精准普法") & (events["materials"] > 0)
                  & events["source_file"].str.endswith(".xlsx")]
    for row in rows.itertuples():
        book = openpyxl.load_workbook(raw / row.source_file)
        sheet = book[row.source_sheet]
        for cell in sheet[int(row.source_row)]:
            above = [sheet.cell(r, cell.column).value for r in range(1, int(row.source_row))]
            if cell.value == row.materials and any("材料" in str(v) for v in above if v):
                cell.value = int(row.materials) + 1000
                book.save(raw / row.source_file)
                return row.source_file, 1000
    raise AssertionError("no materials cell found to correct")


def test_a_rerun_after_a_corrected_workbook_names_the_file_and_the_figures_it_changed(tmp_path):
    raw = tmp_path / "raw" / "2025"
    shutil.copytree(RAW_2025, raw)
    processed, key_figures = tmp_path / "processed" / "2025", tmp_path / "reports" / "2025" / "kf.csv"

    def clean_and_metrics() -> tuple[str, str]:
        clean = subprocess.run([sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out",
                                str(processed), "--year", "2025", "--quiet"], cwd=ROOT,
                               capture_output=True, text=True, timeout=300, check=True)
        metrics = subprocess.run([sys.executable, "-m", "analysis", "metrics", "--processed", str(processed),
                                  "--out", str(key_figures), "--year", "2025"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=300, check=True)
        return clean.stdout, metrics.stdout

    first_clean, _ = clean_and_metrics()
    assert "首次清洗" in first_clean
    corrected, delta = _correct_one_materials_cell(raw, processed)
    before = pd.read_csv(key_figures, encoding="utf-8-sig").set_index("metric")["value"]
    clean_out, metrics_out = clean_and_metrics()
    assert f"替换（内容有变化） 1 个：{corrected}" in clean_out
    old = int(before["precision_materials"])
    assert f"精准普法发放材料（precision_materials）：{old:,} → {old + delta:,}" in metrics_out
    assert "现与报告表述不符" in metrics_out  # 5000余份 no longer holds for 6,460
    assert "1 项数字有变化" in metrics_out or "2 项数字有变化" in metrics_out
