"""Untrusted text stays inert, outputs are atomic and locked (issue 18, "text stays text" and
"atomic, locked, complete"; issue 22, a locked output file)."""

from __future__ import annotations

import io
import json
import os
import pickle
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis import files, inert, keys
from analysis.files import (
    EXIT_BLOCKED,
    FolderBusy,
    OutputBlocked,
    folder_lock,
    write_atomic,
    write_csv,
)

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://example.invalid","点击")'
DDE = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def write_raw(raw: Path) -> Path:
    """A small publicity ledger whose cells and sheet name look like formulas and scripts."""
    raw.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "=1+2"
    rows = [["序号", "活动日期", "活动名称", "活动类型", "覆盖人数", "发放材料"],
            [1, "2025-03-15", FORMULA, "精准普法", 120, 300],
            [2, "2025-04-15", SCRIPT, "专题活动", 80, 100],
            [3, "2025-05-15", DDE, "专题活动", 60, 10],
            [4, "=1+1", "@SUM(A1)", "专题活动", 50, 10]]
    for r, row in enumerate(rows, start=1):
        inert.write_texts(ws, r, row)  # the sender's text: strings, not formulas
    path = raw / "区司法局_普法活动台账.xlsx"
    wb.save(path)
    return path


def run_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, env=env(), capture_output=True,
                          text=True, timeout=timeout)


# ---------------------------------------------------------------- text stays text

def test_formula_looking_cells_stay_strings_in_excel(tmp_path):
    from analysis.intake.combine.feedback import write_department_feedback
    from analysis.report.export import save_table

    book = write_department_feedback(str(tmp_path / "单位.xlsx"), "单位", [[1, "错误", "a.xlsx", FORMULA, "A1", "x", DDE]])
    frame = pd.DataFrame({"名称": [FORMULA, "@SUM(1)", "-3", "+1"], "数": [-1, 2, 3, 4]})
    table = save_table(frame, "表", section="s", out=tmp_path)
    for path in (Path(book), table):
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
        values = [c for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for c in row if c.value is not None]
        assert {c.data_type for c in values if isinstance(c.value, str)} == {"s"}
    cells = {c.value for ws in openpyxl.load_workbook(table) for row in ws.iter_rows() for c in row}
    assert {FORMULA, "@SUM(1)", "-3", -1} <= cells  # text as written, numbers stay numbers


def test_xlsxwriter_helper_writes_formula_text_as_string(tmp_path):
    path = tmp_path / "w.xlsx"
    wb = inert.xlsxwriter_workbook(path)
    ws = wb.add_worksheet()
    ws.write(0, 0, FORMULA)
    ws.write(0, 1, "http://example.invalid")
    wb.close()
    cell = openpyxl.load_workbook(path).active["A1"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")


def test_styler_and_narrative_escape_html():
    from analysis.report.tables import styled

    frame = pd.DataFrame({"<b>名称": [SCRIPT, "a&b"], "数": [1, 2]})
    for shown in (frame, frame.set_index("<b>名称")):
        page = styled(shown).to_html()
        assert "&lt;script&gt;" in page and "<script>" not in page and "<b>" not in page
    assert "<script>" not in inert.escape_html_in_markdown(f"**活动**：{SCRIPT}")
    assert inert.escape_html_in_markdown("**粗体**") == "**粗体**"


def test_csv_text_cells_neutralised_numbers_kept(tmp_path):
    frame = pd.DataFrame({"text": [FORMULA, "+86", "-", "@x", "\tx", "\rx", "普通", "a=b"],
                          "n": [-5, -1.5, 0, 1, 2, 3, 4, 5], FORMULA: range(8)})
    path = write_csv(frame, tmp_path / "t.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    assert back["text"].tolist() == ["'" + FORMULA, "'+86", "'-", "'@x", "'\tx", "'\nx", "普通", "a=b"]
    assert back["n"].tolist() == [-5, -1.5, 0, 1, 2, 3, 4, 5]  # negative numbers stay numbers
    assert back.columns[2] == "'" + FORMULA
    assert frame["text"].iloc[0] == FORMULA  # the caller's frame untouched
    category = pd.DataFrame({"c": pd.Categorical(["=a", "b"])})
    assert files.csv_text(category).splitlines() == ["c", "'=a", "b"]


# ---------------------------------------------------------------- atomic, locked, complete

def test_killed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = write_atomic(tmp_path / "a.parquet", b"old", guard=False)
    with pytest.raises(KeyboardInterrupt), files.atomic_path(path) as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.parquet"]  # no temporary file left


def test_locked_output_is_reported_not_raised(tmp_path, monkeypatch):
    locked = tmp_path / "单位甲.xlsx"
    real = os.replace

    def replace(src, dst):
        if Path(dst) == locked:
            raise PermissionError(13, "locked", str(dst))
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    write_atomic(tmp_path / "ok.txt", b"x")
    with pytest.raises(OutputBlocked) as caught:
        write_atomic(locked, b"x", guard=False)
    assert "关闭该文件后重试" in caught.value.line() and "单位甲.xlsx" in caught.value.line()
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(OutputBlocked):
        write_atomic(tmp_path / "dir.xlsx", b"x", guard=False)


def test_feedback_workbook_open_in_excel(tmp_path, monkeypatch):
    """A locked workbook is skipped with one line, the others written, and rewritten next run."""
    from analysis.intake.combine.feedback import write_feedback

    issues = pd.DataFrame({"severity": ["error", "warning"], "source_file": ["a.xlsx", "b.xlsx"],
                           "source_sheet": ["S", "S"], "cell": ["A1", "B2"], "dataset": ["", ""],
                           "message": ["问题一", "问题二"], "department": ["区司法局", "区民政局"]})
    folder = tmp_path / "feedback"
    locked = folder / "区司法局.xlsx"
    real = os.replace
    monkeypatch.setattr(files.os, "replace",
                        lambda s, d: (_ for _ in ()).throw(PermissionError(13, "locked")) if Path(d) == locked
                        else real(s, d))
    files.take_blocked()
    write_feedback(issues, folder, year=2025)
    lines = files.take_blocked()
    assert len(lines) == 1 and "区司法局.xlsx" in lines[0] and "关闭该文件后重试" in lines[0]
    assert (folder / "区民政局.xlsx").is_file() and not locked.exists()
    assert set(json.loads((folder / ".digests.json").read_text(encoding="utf-8"))) == {"区民政局.xlsx"}
    monkeypatch.setattr(files.os, "replace", real)
    write_feedback(issues, folder, year=2025)  # closed: written now
    assert locked.is_file() and files.take_blocked() == []


def test_clean_with_a_locked_issues_csv_exits_3(tmp_path, monkeypatch, capsys):
    from analysis import cli

    raw, out = tmp_path / "raw" / "2025", tmp_path / "out" / "2025"
    write_raw(raw)
    real = os.replace
    monkeypatch.setattr(files.os, "replace",
                        lambda s, d: (_ for _ in ()).throw(PermissionError(13, "locked"))
                        if Path(d).name == "issues.csv" else real(s, d))
    code = cli.main(["clean", "--raw", str(raw), "--out", str(out), "--year", "2025", "--quiet", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == EXIT_BLOCKED
    assert err.count("\n") == 1 and "issues.csv" in err and "关闭该文件后重试" in err
    assert (out / "manifest.json").is_file() and (out / "publicity_events.parquet").is_file()
    assert not (out / "issues.csv").exists()
    monkeypatch.setattr(files.os, "replace", real)
    assert cli.main(["clean", "--raw", str(raw), "--out", str(out), "--year", "2025", "--quiet"]) == 0
    assert (out / "issues.csv").is_file()  # the rerun is not taken as "unchanged"


def test_second_run_with_the_lock_held_exits_2(tmp_path):
    raw, out = tmp_path / "raw" / "2025", tmp_path / "out" / "2025"
    write_raw(raw)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom analysis.files import folder_lock\n"
         "with folder_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)", str(out)],
        env=env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        done = run_cli("clean", "--raw", str(raw), "--out", str(out), "--year", "2025", "--quiet")
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "另一个命令正在写入" in done.stderr
        with pytest.raises(FolderBusy):
            with folder_lock(out):
                pass
    finally:
        holder.kill()
        holder.wait()
    with folder_lock(out), folder_lock(out):  # free again; the same process may take it twice
        pass


def test_special_entries_and_non_utf8_names(tmp_path):
    """A FIFO, a device-like entry, a link out of the raw folder and a GBK name: listed, not
    followed, never waited on; the batch goes on."""
    if os.name == "nt" or sys.platform == "darwin" and not hasattr(os, "mkfifo"):
        pytest.skip("POSIX file system needed")
    raw, out = tmp_path / "raw" / "2025", tmp_path / "out" / "2025"
    source = write_raw(raw)
    secret = tmp_path / "outside.xlsx"
    secret.write_bytes(source.read_bytes())
    os.mkfifo(raw / "管道.xlsx")
    (raw / "链接.xlsx").symlink_to(secret)
    (raw / "目录链接").symlink_to(tmp_path, target_is_directory=True)
    gbk = os.fsencode(raw) + b"/" + "民政局活动".encode("gbk") + b".xlsx"
    with open(gbk, "wb") as fh:
        fh.write(source.read_bytes())
    done = run_cli("clean", "--raw", str(raw), "--out", str(out), "--year", "2025", "--quiet", timeout=120)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {f["path"]: (f["status"], f["kind"]) for f in manifest["files"]}
    assert status["管道.xlsx"] == ("not_read", "fifo")
    assert status["链接.xlsx"] == ("not_read", "link") and status["目录链接"] == ("not_read", "link")
    assert status["民政局活动.xlsx"][0] in ("ok", "duplicate")
    issues = (out / "issues.csv").read_text(encoding="utf-8-sig")
    assert "管道.xlsx" in issues and "链接.xlsx" in issues


def test_special_entries_listing(tmp_path):
    from analysis.listing import safe_name
    from analysis.report.pack import raw_files

    if os.name != "nt":
        raw = tmp_path / "raw"
        raw.mkdir()
        (raw / "a.csv").write_text("x")
        os.mkfifo(raw / "p")
        (raw / "l").symlink_to(tmp_path / "elsewhere")
        listed = {f["path"]: f.get("kind", "file") for f in raw_files(raw)}
        assert listed == {"a.csv": "file", "l": "link", "p": "fifo"}

    assert safe_name(os.fsdecode("文件".encode("gbk"))) == "文件"
    assert safe_name(os.fsdecode(b"\xff\xfe.xlsx")).endswith(".xlsx")
    assert safe_name("普通.xlsx") == "普通.xlsx"
    if os.name != "nt":  # two names alike once decoded: both kept, told apart
        folder = os.fsencode(tmp_path / "names")
        os.mkdir(folder)
        for name in (b"a\xff.xlsx", b"a\xfe.xlsx"):
            with open(folder + b"/" + name, "wb") as fh:
                fh.write(b"x")
        from analysis.listing import list_raw

        assert len({e.rel for e in list_raw(Path(os.fsdecode(folder)))}) == 2


class _Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_planted_pickle_is_never_loaded(tmp_path):
    from analysis.intake.run import run_clean

    raw, out = tmp_path / "raw" / "2025", tmp_path / "out" / "2025"
    write_raw(raw)
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    issues = (out / "issues.csv").read_bytes()
    marker = tmp_path / "ran"
    planted = pickle.dumps(_Planted(marker))
    entries = list((out / ".cache").rglob("*.pkl"))
    assert entries
    for entry in entries:
        head = entry.read_bytes()[:72]  # keep the tags and length: the pickle itself is replaced
        entry.write_bytes(head + planted + planted)
    (out / "manifest.json").unlink()  # not "unchanged": the cache entries are read
    run_clean(raw, out, year=2025, jobs=1, progress=False)
    assert not marker.exists()
    assert (out / "issues.csv").read_bytes() == issues
    assert json.loads((out / ".cache" / "file-hashes.json").read_text())  # a plain format


def test_sealed_blob_round_trip():
    assert keys.unseal(keys.seal(b"data")) == b"data"
    assert keys.unseal(b"x" * 32 + b"data") is None
    assert keys.unseal(b"") is None


# ---------------------------------------------------------------- the key

@pytest.fixture
def key_env(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    monkeypatch.delenv(keys.KEY_FILE_ENV, raising=False)
    monkeypatch.setenv(keys.KEY_DIR_ENV, str(tmp_path / "config"))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.setattr(keys, "PROJECT_ROOT", project)
    keys.load_key.cache_clear()
    yield tmp_path
    keys.load_key.cache_clear()


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_key_created_owner_only_outside_the_project(key_env):
    key = keys.load_key()
    path = key_env / "config" / keys.KEY_NAME
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 64 and not (key_env / "project" / keys.KEY_NAME).exists()
    keys.load_key.cache_clear()
    assert keys.load_key() == key  # stable


def test_key_in_project_root_is_moved(key_env, capsys):
    legacy = key_env / "project" / keys.KEY_NAME
    legacy.write_text("old-shared-key\n", encoding="utf-8")
    assert keys.load_key() == b"old-shared-key"
    assert not legacy.exists() and (key_env / "config" / keys.KEY_NAME).read_text() == "old-shared-key"
    assert "已从项目文件夹移到" in capsys.readouterr().err


def test_shared_key_file(key_env, monkeypatch):
    shared = key_env / "share" / "key.txt"
    shared.parent.mkdir()
    shared.write_text("team-key", encoding="utf-8")
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(shared))
    assert keys.load_key() == b"team-key"
    assert not (key_env / "config").exists()


# ---------------------------------------------------------------- endings

def test_interrupt_and_closed_pipe(monkeypatch, capsys):
    from analysis import __main__ as entry
    from analysis import cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
    assert entry.run() == 130
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "已中断" in err

    def closed():
        raise BrokenPipeError

    monkeypatch.setattr(cli, "main", closed)
    assert entry.run() == entry.EXIT_PIPE
    assert capsys.readouterr().err == ""


def test_closed_pipe_is_quiet():
    """`python -m analysis … | head -1`: no traceback."""
    proc = subprocess.Popen([sys.executable, "-c",
                             "import sys\nfrom analysis import __main__ as m, cli\n"
                             "cli.main = lambda: [print('行' * 100) for _ in range(100000)] and 0\n"
                             "sys.exit(m.run())"],
                            env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and err == ""


def test_output_path_that_is_a_file(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    done = run_cli("templates", "--out", str(blocker / "t"))
    assert done.returncode == EXIT_BLOCKED
    assert done.stderr.count("\n") == 1 and "afile" in done.stderr


def test_outputs_written_atomically_leave_no_temporary_files(tmp_path):
    write_csv(pd.DataFrame({"a": [1]}), tmp_path / "x.csv")
    files.save_atomic(openpyxl.Workbook(), tmp_path / "y.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv", "y.xlsx"]
    assert openpyxl.load_workbook(io.BytesIO((tmp_path / "y.xlsx").read_bytes()))
    time.sleep(0)


def test_key_falls_back_to_the_project_when_no_config_folder(key_env, monkeypatch, capsys):
    blocker = key_env / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(keys.KEY_DIR_ENV, str(blocker / "config"))
    key = keys.load_key()
    legacy = key_env / "project" / keys.KEY_NAME
    assert legacy.read_text() == key.decode() and "请勿带上此文件" in capsys.readouterr().err
    if os.name != "nt":
        assert stat.S_IMODE(legacy.stat().st_mode) == 0o600
    keys.load_key.cache_clear()
    assert keys.load_key() == key and capsys.readouterr().err == ""  # found again, no new key


def _lock_paths(monkeypatch, suffix: str) -> None:
    """Simulate Windows: replacing a file whose name ends with ``suffix`` is refused (open in Word/Excel)."""
    real = os.replace
    monkeypatch.setattr(files.os, "replace", lambda s, d: (_ for _ in ()).throw(PermissionError(13, "locked"))
                        if str(d).endswith(suffix) else real(s, d))


def test_check_draft_and_draft_with_a_locked_file(processed_sample, tmp_path, monkeypatch, capsys):
    from analysis.draft.cli import main_check_draft, main_draft

    draft = tmp_path / "稿.md"
    draft.write_text("# 一、工作情况\n\n开展精准普法活动21次。\n", encoding="utf-8")
    out = tmp_path / "out"
    files.take_blocked()
    _lock_paths(monkeypatch, "_批注.docx")
    assert main_check_draft([str(draft), "--processed", str(processed_sample), "--out", str(out)]) == EXIT_BLOCKED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "稿_批注.docx" in err and "关闭该文件后重试" in err
    assert (out / "稿_数字核对.xlsx").is_file() and (out / "稿_数字核对.html").is_file()
    _lock_paths(monkeypatch, "数据稿）.docx")
    assert main_draft(["--processed", str(processed_sample), "--out", str(out), "--figures", str(tmp_path)]) \
        == EXIT_BLOCKED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "数据稿）.docx" in err and "关闭该文件后重试" in err


def test_templates_with_a_locked_template(tmp_path, monkeypatch, capsys):
    from analysis.templates.command import main

    _lock_paths(monkeypatch, "区司法局.xlsx")
    files.take_blocked()
    assert main(["--out", str(tmp_path), "--year", "2025"]) == EXIT_BLOCKED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "区司法局.xlsx" in err and "关闭该文件后重试" in err
    written = list(tmp_path.glob("*.xlsx"))
    assert len(written) > 3 and not any(p.name.endswith("区司法局.xlsx") for p in written)
    assert (tmp_path / "模板清单.csv").is_file()
