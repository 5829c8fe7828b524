"""The command line speaks Chinese, help included; bad usage is one line and exit 2; CSVs open in Excel."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from analysis import cli
from analysis.progress import Progress

from .conftest import RAW_2025, ROOT

ENGLISH = re.compile(r"usage:|options:|show this help|invalid|argument|error:|required|expected", re.I)


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False, **kwargs)


@pytest.mark.parametrize("command", ["clean", "metrics", "run", "sample"])
def test_help_is_chinese(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：") and "选项：" in result.stdout and "显示本帮助并退出" in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout


def test_overview_lists_the_commands_in_chinese():
    result = run("--help")
    assert result.returncode == 0 and "命令：" in result.stdout
    for name in cli.COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("args", [
    [],
    ["nosuchcommand"],
    ["clean", "--year", "abc"],
    ["clean", "--year", "1850"],
    ["clean", "--jobs", "0"],
    ["clean", "--memory-limit", "lots"],
    ["clean", "--memory-limit", "10MB"],
    ["clean", "--file-timeout", "-5"],
    ["clean", "--bogus"],
    ["clean", "--raw"],
    ["clean", "--raw", "/no/such/folder"],
    ["metrics", "--processed", "/no/such/folder"],
    ["run", "--only", "99_none"],
    ["sample", "--year", "1999"],
])
def test_bad_usage_is_one_chinese_line_and_exit_2(args):
    result = run(*args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误：") and not ENGLISH.search(lines[0]), lines[0]
    assert "Traceback" not in result.stderr


def test_progress_is_plain_lines_when_output_goes_to_a_log(tmp_path):
    result = run("clean", "--raw", str(RAW_2025), "--out", str(tmp_path / "p"), "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "\x1b[" not in result.stderr
    assert re.search(r"读取文件 \d+/\d+个", result.stderr)
    assert "清洗完成" in result.stdout


def test_progress_draws_a_bar_only_on_a_terminal(capsys):
    class Terminal:
        def __init__(self):
            self.text = ""

        def isatty(self):
            return True

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    terminal = Terminal()
    bar = Progress(3, "读取文件", stream=terminal)
    bar.update(3)
    bar.close()
    assert "\r" in terminal.text  # tqdm redraws in place
    log = Progress(3, "读取文件", every=0)
    log.update(1)
    log.close()
    err = capsys.readouterr().err
    assert "\r" not in err and "读取文件 1/3个" in err and "读取文件 1/3个（33%）" in err


def test_csv_for_people_start_with_a_bom(processed_sample, tmp_path):
    from analysis.metrics import write_key_figures

    assert (processed_sample / "issues.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    out = write_key_figures(processed_sample, tmp_path / "key_figures.csv")
    assert len(out)
    text = (tmp_path / "key_figures.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    # counts are written as whole numbers: 14 / 248, not 14.0 / 248.0
    assert b"legal_review_staff_share" in text and not re.search(rb"share,[\d.]+,%,\d+\.0,", text)
