"""Benchmark: how long `python -m analysis run` takes cold, with nothing changed and after one
changed raw file, against the code of another commit and against papermill one notebook at a time.

    .venv/bin/python benchmarks/report.py [--year 2025] [--rounds 2] [--base DIR] [--no-papermill]

On a copy of the sample (data/raw/<year> and <year-1>) in a temporary folder, each round runs,
in alternation so that a busy machine weighs on both alike:

1. ``cold``: ``python -m analysis run`` with no processed data and no report (a cold clean and
   every notebook executed);
2. ``base cold``: the same with the code of ``--base`` (a worktree of the commit before, e.g.
   ``git worktree add /tmp/base 000c937``), when given;
3. ``unchanged``: the run again, nothing changed (clean check included);
4. ``one file``: the run after one cell of one raw file of one section (a street's disputes
   ledger) was corrected;

then, once, ``papermill``: the seven notebooks executed one after another, each by its own
``python -m papermill`` call, on the processed data of the last run. It prints every time and
the targets of issue 21 as ratios of medians: unchanged ≤ 5 % of cold, one file ≤ 40 % of cold,
cold ≤ 0.5 × base cold, papermill ≥ 3 × cold.

Each run's matching-index cache lives in the temporary folder too (``ANALYSIS_CACHE_DIR``); it is
filled by the first run, as on an analyst's machine after the first clean.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths
from analysis.report import runner

CHANGED_FILE = "中华路街道/中华路街道2025年矛盾纠纷排查化解台账.xlsx"


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each measured run, by name


def measure_children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], cwd: Path, env: dict, name: str = "") -> tuple[float, int, str]:
    """Wall seconds, exit status and stderr of ``command``; its CPU seconds (it and every process it
    waited for) go to ``CPU[name]``."""
    cpu, start = measure_children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    CPU.setdefault(name, []).append(measure_children_cpu() - cpu)
    return time.perf_counter() - start, done.returncode, done.stderr


def correct_one_cell(path: Path) -> str:
    """Append a mark to the last text cell of the first sheet (a department's correction)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in reversed(list(sheet.iter_rows())):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() and cell.row > 3:
                cell.value = cell.value + "（更正）"
                book.save(path)
                return f"{sheet.title}!{cell.coordinate}"
    raise SystemExit(f"no text cell to change in {path}")


def run_command(code_root: Path, year: int, raw: Path, processed: Path, out: Path) -> tuple[list[str], dict]:
    env = {**os.environ, "PYTHONPATH": str(code_root / "src")}
    command = [sys.executable, "-m", "analysis", "run", "--year", str(year), "--raw", str(raw),
               "--processed", str(processed), "--out", str(out)]
    return command, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=paths.DEFAULT_YEAR)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--base", type=Path, help="a worktree of the commit to compare against")
    parser.add_argument("--no-papermill", action="store_true")
    args = parser.parse_args(argv)

    root = paths.PROJECT_ROOT
    year = args.year
    times: dict[str, list[float]] = {"cold": [], "base cold": [], "unchanged": [], "one file": []}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp_path = Path(tmp)
        os.environ["ANALYSIS_CACHE_DIR"] = str(tmp_path / "index-cache")
        raw_root = tmp_path / "raw"
        for y in (year, year - 1):
            if paths.raw_folder(y).is_dir():
                shutil.copytree(paths.raw_folder(y), raw_root / str(y))
        raw = raw_root / str(year)
        original = (raw / CHANGED_FILE).read_bytes()

        def fresh(label: str, code_root: Path) -> tuple[Path, Path, list[str], dict]:
            base = tmp_path / label
            shutil.rmtree(base, ignore_errors=True)
            processed, out = base / "processed" / str(year), base / "reports" / str(year)
            command, env = run_command(code_root, year, raw, processed, out)
            return processed, out, command, env

        def measure(name: str, command: list[str], env: dict, cwd: Path) -> None:
            elapsed, status, err = timed(command, cwd, env, name)
            times[name].append(elapsed)
            print(f"  {name:<10} {elapsed:7.2f} s   CPU {CPU[name][-1]:7.2f} s   exit {status}", flush=True)
            if status not in (0, 1):
                print(err[-3000:], file=sys.stderr)
            if "KeyboardInterrupt caught" in err:
                print("  ! a kernel logged 'KeyboardInterrupt caught in kernel'", flush=True)

        processed = tmp_path / "new" / "processed" / str(year)
        for number in range(1, args.rounds + 1):
            print(f"round {number}", flush=True)
            (raw / CHANGED_FILE).write_bytes(original)
            order = ["new", "base"] if number % 2 else ["base", "new"]
            for which in order:
                if which == "base" and args.base:
                    *_, command, env = fresh("base", args.base)
                    measure("base cold", command, env, args.base)
                elif which == "new":
                    processed, out, command, env = fresh("new", root)
                    measure("cold", command, env, root)
                    measure("unchanged", command, env, root)
                    where = correct_one_cell(raw / CHANGED_FILE)
                    measure("one file", command, env, root)
                    print(f"             (changed {CHANGED_FILE} {where})", flush=True)

        papermill_total = None
        if not args.no_papermill:
            print("papermill, one notebook after another", flush=True)
            notebooks = runner.list_notebooks(paths.NOTEBOOKS_DIR)
            papermill_total = 0.0
            out = tmp_path / "papermill" / str(year)
            out.mkdir(parents=True)
            for nb in notebooks:
                command = [sys.executable, "-m", "papermill", str(nb), str(tmp_path / "papermill" / nb.name),
                           "-p", "year", str(year), "-p", "processed_dir", str(processed),
                           "-p", "out_dir", str(out), "--cwd", str(nb.parent), "--no-progress-bar"]
                elapsed, status, err = timed(command, root, {**os.environ, "PYTHONPATH": str(root / "src")},
                                             "papermill")
                papermill_total += elapsed
                print(f"  {nb.name:<36} {elapsed:6.2f} s   exit {status}", flush=True)
                if status:
                    print(err[-2000:], file=sys.stderr)
            print(f"  {'total':<36} {papermill_total:6.2f} s")

    median = {name: statistics.median(values) for name, values in times.items() if values}
    print(f"\nreport year {year}, {runner.cpu_count()} cores, {args.rounds} rounds (medians)")
    for name, value in median.items():
        print(f"  {name:<10} {value:7.2f} s   ({', '.join(f'{v:.2f}' for v in times[name])})"
              f"   CPU {statistics.median(CPU[name]):7.2f} s")
    if "papermill" in CPU:
        print(f"  papermill CPU {sum(CPU['papermill']):7.2f} s")
    cold = median["cold"]
    print("targets:")
    print(f"  unchanged / cold = {median['unchanged'] / cold:6.1%}   (target ≤ 5 %)")
    print(f"  one file / cold  = {median['one file'] / cold:6.1%}   (target ≤ 40 %)")
    if "base cold" in median:
        print(f"  cold / base cold = {cold / median['base cold']:6.2f}   (target ≤ 0.5; CPU "
              f"{statistics.median(CPU['cold']) / statistics.median(CPU['base cold']):.2f})")
    if papermill_total:
        print(f"  papermill / cold = {papermill_total / cold:6.2f}   (target ≥ 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
