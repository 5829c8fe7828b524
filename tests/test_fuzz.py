"""One broken file never stops the batch: damaged copies of the sample's own workbooks, and the two
tiny .xls files that crash the reader (a panic, an allocation without end), each become one error
issue, while every intact file's rows come out as they do without them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli
from analysis.intake import run as intake
from analysis.intake.reading.reading import READER_CRASHED, read_workbook
from analysis.intake.run import list_raw_files, run_clean
from analysis.intake.workers.executor import MB, Limits
from analysis.sample.damage import (
    MUTATIONS,
    RANDOM_KINDS,
    damage_copies,
    exhausting_xls,
    panicking_xls,
    tiny_xls,
)

from .conftest import RAW_2025

SEED = 20251205
CRASHES = tuple(kind for kind in MUTATIONS if kind not in RANDOM_KINDS)  # the reader's panic and memory bomb
#: Small limits keep the memory bomb short: the sample's workbooks need far less.
TEST_LIMITS = ["--memory-limit", "256MB", "--file-timeout", "60"]


def read_outputs(out: Path) -> tuple[dict, pd.DataFrame, dict[str, pd.DataFrame]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    issues = pd.read_csv(out / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frames = {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet")) if p.stem != "quarantine"}
    return manifest, issues, frames


def rows_of(frames: dict[str, pd.DataFrame], files: set[str]) -> dict[str, pd.DataFrame]:
    """Each dataset's rows from ``files``, in a fixed order."""
    picked = {}
    for name, df in frames.items():
        df = df[df["source_file"].isin(files)]
        if len(df):
            picked[name] = df.sort_values(["source_file", "source_sheet", "source_row"]).reset_index(drop=True)
    return picked


def test_damaged_copies_of_the_sample_never_stop_the_batch(tmp_path):
    intact, mixed = tmp_path / "intact", tmp_path / "mixed"
    shutil.copytree(RAW_2025, intact / "原件")
    shutil.copytree(RAW_2025, mixed / "原件")  # "原件/" sorts before "损坏/": originals stay the keepers
    sources = list_raw_files(RAW_2025)
    copies = damage_copies(sources, RAW_2025, mixed / "损坏", count=30, seed=SEED)  # random damage
    copies += damage_copies(sources, RAW_2025, mixed / "损坏", count=4, seed=SEED, kinds=CRASHES)
    assert {kind for _, kind, _ in copies} == set(MUTATIONS)
    assert cli.main(["clean", "--raw", str(intact), "--out", str(tmp_path / "out-intact"), "--year", "2025",
                     "--quiet", *TEST_LIMITS]) == 0

    start = time.monotonic()
    status = cli.main(["clean", "--raw", str(mixed), "--out", str(tmp_path / "out"), "--year", "2025",
                       "--quiet", *TEST_LIMITS])
    elapsed = time.monotonic() - start

    assert status == 0
    manifest, issues, frames = read_outputs(tmp_path / "out")
    on_disk = {p.relative_to(mixed).as_posix() for p in list_raw_files(mixed)}
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == on_disk and len(on_disk) == len(sources) + len(copies)
    errors = set(issues.loc[issues["severity"] == "error", "source_file"])
    unreadable = {p for p, f in listed.items() if f["status"] == "error"}
    assert unreadable and unreadable <= errors
    assert manifest["summary"]["failed"] == sorted(unreadable, key=list(listed).index)
    assert any(f["status"] == "ok" for p, f in listed.items() if p.startswith("损坏/"))  # some damage is harmless
    crashed = {p for p in unreadable if READER_CRASHED in listed[p]["error"]}
    assert any("PanicException" in listed[p]["error"] for p in crashed)
    assert any("内存超过上限" in listed[p]["error"] for p in crashed)

    originals = {f"原件/{p.relative_to(RAW_2025).as_posix()}" for p in sources}
    _, _, reference = read_outputs(tmp_path / "out-intact")
    expected, got = rows_of(reference, originals), rows_of(frames, originals)
    assert sorted(got) == sorted(expected)
    for name in expected:
        pd.testing.assert_frame_equal(got[name], expected[name], check_dtype=False)
    assert elapsed < 120  # bounded: 34 damaged files take seconds; one hang would take minutes


def test_a_file_that_makes_the_reader_panic_is_one_error_issue(tmp_path):
    assert READER_CRASHED in (read_workbook(Path("x.xls"), panicking_xls()).error or "")  # caught in-process
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "区教育局_普法活动台账.xls").write_bytes(panicking_xls())
    (raw / "区司法局_普法活动台账.xls").write_bytes(tiny_xls())
    summary = run_clean(raw, tmp_path / "out", year=2025, jobs=1, progress=False)
    _, issues, frames = read_outputs(tmp_path / "out")
    mine = issues[issues["source_file"] == "区教育局_普法活动台账.xls"]
    assert mine["severity"].tolist() == ["error"]
    assert mine["message"].iloc[0] == f"{READER_CRASHED}（PanicException）"
    assert summary.failed == ["区教育局_普法活动台账.xls"]
    assert len(frames["publicity_events"]) == 3  # the intact file's rows


def test_a_file_that_makes_the_reader_allocate_without_end_is_one_error_issue(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "区教育局_普法活动台账.xls").write_bytes(exhausting_xls())
    (raw / "区司法局_普法活动台账.xls").write_bytes(tiny_xls())
    limits = Limits(memory=256 * MB, timeout=60)
    summary = run_clean(raw, tmp_path / "out", year=2025, jobs=1, progress=False, limits=limits)
    _, issues, frames = read_outputs(tmp_path / "out")
    mine = issues[issues["source_file"] == "区教育局_普法活动台账.xls"]
    assert mine["severity"].tolist() == ["error"]
    assert mine["message"].iloc[0] == f"{READER_CRASHED}（读取时占用内存超过上限 256 MB）"
    assert summary.failed == ["区教育局_普法活动台账.xls"] and len(frames["publicity_events"]) == 3
    # the failed read left no cache entry: the next run reads that file again (and only that one)
    again = run_clean(raw, tmp_path / "out", year=2025, jobs=1, progress=False, limits=limits)
    assert (again.unchanged, again.files_read_fresh, again.failed) == (False, 1, summary.failed)


def _killed_on(name: str, how: str):
    real = intake.process_file

    def process_file(rel, data, sha, year, overrides=()):
        if rel.startswith(name):
            if how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(60)
        return real(rel, data, sha, year, overrides)

    return process_file


@pytest.mark.parametrize(("how", "reason"), [("kill", "读取进程被系统终止（SIGKILL"), ("hang", "读取超过 1 秒仍未完成")])
def test_serial_runs_are_isolated_too(tmp_path, monkeypatch, how, reason):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "区教育局_普法活动台账.xls").write_bytes(tiny_xls())
    (raw / "区司法局_普法活动台账.xls").write_bytes(tiny_xls())
    monkeypatch.setattr(intake, "process_file", _killed_on("区教育局", how))
    summary = run_clean(raw, tmp_path / "out", year=2025, jobs=1, progress=False,
                        limits=Limits(memory=256 * MB, timeout=1))
    _, issues, frames = read_outputs(tmp_path / "out")
    mine = issues[issues["source_file"] == "区教育局_普法活动台账.xls"]
    assert mine["severity"].tolist() == ["error"] and reason in mine["message"].iloc[0]
    assert mine["department"].tolist() == ["区教育局"]
    assert summary.failed == ["区教育局_普法活动台账.xls"] and len(frames["publicity_events"]) == 3


def test_progress_and_summary_name_the_files_that_failed(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "区教育局_普法活动台账.xls").write_bytes(panicking_xls())
    (raw / "区司法局_普法活动台账.xls").write_bytes(tiny_xls())
    assert cli.main(["clean", "--raw", str(raw), "--out", str(tmp_path / "out"), "--year", "2025",
                     *TEST_LIMITS]) == 0
    captured = capsys.readouterr()
    assert f"无法读取：区教育局_普法活动台账.xls：{READER_CRASHED}" in captured.err  # the progress lines
    summary = captured.out.splitlines()[0]
    assert "错误 1（其中无法读取的文件 1 个：区教育局_普法活动台账.xls）" in summary
    assert f"    区教育局_普法活动台账.xls：{READER_CRASHED}（PanicException）" in captured.out
