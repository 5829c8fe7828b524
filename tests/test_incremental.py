"""A rerun after files changed redoes only what they touch, and gives what a cold run gives: after a
file changed, one added, one removed and one resubmitted, each rerun's outputs equal those of a
clean run into an empty folder, and the datasets the changes do not feed keep their bytes and
modification times."""

from __future__ import annotations

import json
import shutil

import openpyxl

from analysis.intake.run import run_clean

from .conftest import RAW_2025
from .outputs import differences, stamps

EDUCATION = "区司法局/社区矫正/2025年社区矫正法治教育台账.xlsx"
RECONSIDERATION = "区司法局/行政复议/2025年行政复议案件登记表.xlsx"
REMOVED = "区司法局/安置帮教/人民司法所.xlsx"


def bump_a_number(path) -> None:
    """Correct one cell in the data rows of a workbook, as a department would: the first count
    goes up by one (or, in a table without counts, a text gains a note)."""
    book = openpyxl.load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows(min_row=5) for cell in row[1:]]
    count = next((c for c in cells if isinstance(c.value, int) and not isinstance(c.value, bool) and c.value >= 1), None)
    if count is not None:
        count.value += 1
    else:
        text = next(c for c in cells[2:] if isinstance(c.value, str) and c.value.strip())
        text.value += "（更正）"
    book.save(path)


def add_workbook(path) -> None:
    """A new department's activity ledger."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["区总工会2025年普法活动台账"])
    sheet.append(["活动日期", "活动名称", "活动类型", "覆盖人数", "发放材料（份）"])
    sheet.append(["2025-04-15", "职工法律知识讲座", "专题活动", 120, 300])
    sheet.append(["2025-09-20", "劳动合同法进企业", "精准普法", 80, 150])
    book.save(path)


def datasets_fed_by(folder, files: set[str]) -> set[str]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {s["dataset"] for f in manifest["files"] if f["path"] in files for s in f["sheets"] if s["dataset"]}


def cold(raw, folder):
    if folder.exists():
        shutil.rmtree(folder)
    run_clean(raw, folder, year=2025, jobs=2, progress=False)


def rerun(raw, warm, fed: set[str]):
    """Clean again into ``warm``: only the datasets ``fed`` may change; return the summary."""
    before = stamps(warm)
    summary = run_clean(raw, warm, year=2025, jobs=2, progress=False)
    after = stamps(warm)
    datasets = {n for n in before if n.endswith(".parquet") and n != "quarantine.parquet"}
    kept = {n for n in datasets if n.removesuffix(".parquet") not in fed}
    assert kept and [n for n in kept if after.get(n) != before[n]] == [], "an untouched dataset was rewritten"
    changed = {n for n in datasets - kept if after.get(n) != before[n]}
    return summary, changed


def test_reruns_after_a_file_changed_added_removed_and_resubmitted_equal_cold_runs(tmp_path, processed_sample):
    raw, warm, fresh = tmp_path / "raw" / "2025", tmp_path / "warm" / "2025", tmp_path / "cold" / "2025"
    shutil.copytree(RAW_2025, raw)
    shutil.copytree(processed_sample, warm)  # modification times kept: the outputs of a run into warm

    summary, changed = rerun(raw, warm, set())
    assert summary.unchanged and not changed

    bump_a_number(raw / EDUCATION)
    summary, changed = rerun(raw, warm, datasets_fed_by(warm, {EDUCATION}))
    assert summary.files_read_fresh == 1 and changed == {"correction_education.parquet"}
    cold(raw, fresh)
    assert differences(warm, fresh) == []

    added = "区总工会/2025年普法活动台账.xlsx"
    add_workbook(raw / added)
    summary, changed = rerun(raw, warm, {"publicity_events"})
    assert summary.files_read_fresh == 1 and changed == {"publicity_events.parquet"}

    fed = datasets_fed_by(warm, {REMOVED})
    (raw / REMOVED).unlink()
    summary, changed = rerun(raw, warm, fed)
    assert summary.files_read_fresh == 0 and changed == {"resettlement.parquet"}

    corrected = RECONSIDERATION.replace(".xlsx", "（修改版）.xlsx")
    shutil.copy(raw / RECONSIDERATION, raw / corrected)
    bump_a_number(raw / corrected)
    summary, changed = rerun(raw, warm, datasets_fed_by(warm, {RECONSIDERATION}))
    assert summary.files_read_fresh == 1 and summary.resubmissions == 5
    status = {f["path"]: f["status"] for f in json.loads((warm / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert status[RECONSIDERATION] == "superseded" and status[corrected] == "ok"

    cold(raw, fresh)
    assert differences(warm, fresh) == []
