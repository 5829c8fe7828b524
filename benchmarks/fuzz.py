"""Robustness benchmark: `clean` over the sample plus many damaged copies of its own workbooks.

    .venv/bin/python benchmarks/fuzz.py [--copies 160] [--seed 20251205] [--jobs N]
                                        [--memory-limit 2GB] [--file-timeout 120] [--dir DIR] [--keep]

Copies data/raw/2025 into <dir>/mixed/原件/ and writes --copies damaged copies into
<dir>/mixed/损坏/<kind>/ (every kind of analysis.sample.damage, the two known reader crashes
included: 分配表置零 is the allocation bomb, 流截断 the panic). Then, in this process:

1. `run_clean` of the intact files alone (<dir>/intact/原件/), the reference;
2. `python -m analysis clean` (cli.main) over the mixed folder, with a thread sampling the resident
   memory of this process and all its children every 20 ms;

and prints the exit status, the wall time, whether every file is accounted for in the manifest and
every unreadable one has an error issue, whether the intact files' rows are unchanged, per kind of
damage how many copies were read / refused, the slowest files, and the peak resident memory of the
process tree (and of the largest single worker).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("ANALYSIS_PERSON_KEY", "benchmark-only-key")

import pandas as pd  # noqa: E402
import psutil  # noqa: E402

from analysis import cli  # noqa: E402
from analysis.intake.run import list_raw_files, run_clean  # noqa: E402
from analysis.sample.damage import MUTATIONS, damage_copies  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "2025"


class PeakMemory(threading.Thread):
    """Samples the summed RSS of this process and its descendants until stopped."""

    def __init__(self, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.every, self.peak, self._done = every, 0, threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self._done.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._done.wait(self.every)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


class FileTimes(logging.Handler):
    """Collects the per-file read times that analysis.intake.run logs at debug level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "%s: %.3f s":
            self.seconds[record.args[0]] = record.args[1]


def datasets(out: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet")) if p.stem != "quarantine"}


def intact_rows_unchanged(reference: Path, mixed: Path, intact: set[str]) -> list[str]:
    """Datasets whose rows from the intact files differ between the two runs (empty when none)."""
    wrong = []
    ref, got = datasets(reference), datasets(mixed)
    for name in sorted(set(ref) | set(got)):
        a = ref.get(name, pd.DataFrame(columns=["source_file"]))
        b = got.get(name, pd.DataFrame(columns=["source_file"]))
        b = b[b["source_file"].isin(intact)]
        key = [c for c in ("source_file", "source_sheet", "source_row") if c in a.columns]
        a = a.sort_values(key).reset_index(drop=True) if len(a) else a
        b = b.sort_values(key).reset_index(drop=True) if len(b) else b
        try:
            pd.testing.assert_frame_equal(a, b, check_dtype=False)
        except AssertionError:
            wrong.append(name)
    return wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=160)
    parser.add_argument("--seed", type=int, default=20251205)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--memory-limit", default=None, help="clean --memory-limit (default: analysis.toml)")
    parser.add_argument("--file-timeout", default=None, help="clean --file-timeout (default: analysis.toml)")
    parser.add_argument("--dir", help="work folder (default: a temporary folder, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    base = Path(args.dir).resolve() if args.dir else Path(tempfile.mkdtemp(prefix="fuzz-bench-"))
    for name in ("mixed", "intact", "out-mixed", "out-intact"):
        shutil.rmtree(base / name, ignore_errors=True)
    try:
        shutil.copytree(SAMPLE, base / "intact" / "原件")
        shutil.copytree(SAMPLE, base / "mixed" / "原件")
        sources = list_raw_files(SAMPLE)
        copies = damage_copies(sources, SAMPLE, base / "mixed" / "损坏", args.copies, args.seed,
                               kinds=tuple(MUTATIONS))
        raw = base / "mixed"
        kind_of = {p.relative_to(raw).as_posix(): kind for p, kind, _ in copies}
        intact = {f"原件/{p.relative_to(SAMPLE).as_posix()}" for p in sources}
        print(f"{len(sources)} intact files + {len(copies)} damaged copies in {raw}")

        run_clean(base / "intact", base / "out-intact", year=2025, jobs=args.jobs, progress=False)

        times = FileTimes()
        log = logging.getLogger("analysis.intake.run")
        log.addHandler(times)
        log.setLevel(logging.DEBUG)
        command = ["clean", "--raw", str(raw), "--out", str(base / "out-mixed"), "--year", "2025", "--quiet"]
        for option, value in (("--jobs", args.jobs), ("--memory-limit", args.memory_limit),
                              ("--file-timeout", args.file_timeout)):
            if value is not None:
                command += [option, str(value)]
        sampler = PeakMemory()
        sampler.start()
        start = time.perf_counter()
        console = io.StringIO()
        try:
            with contextlib.redirect_stdout(console):
                status = cli.main(command)
        except BaseException as exc:  # noqa: BLE001 - the point of the benchmark is that this never happens
            status = f"raised {type(exc).__name__}: {exc}"
        wall = time.perf_counter() - start
        peak = sampler.stop()
        log.removeHandler(times)
        largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024

        manifest = json.loads((base / "out-mixed" / "manifest.json").read_text(encoding="utf-8"))
        issues = pd.read_csv(base / "out-mixed" / "issues.csv", dtype=str, keep_default_na=False,
                             encoding="utf-8-sig")
        listed = {f["path"]: f for f in manifest["files"]}
        on_disk = {p.relative_to(raw).as_posix() for p in list_raw_files(raw)}
        with_error = set(issues.loc[issues["severity"] == "error", "source_file"])
        missing = sorted(on_disk - set(listed))
        silent = sorted(p for p, f in listed.items() if f["status"] == "error" and p not in with_error)
        wrong = intact_rows_unchanged(base / "out-intact", base / "out-mixed", intact)

        print(console.getvalue().splitlines()[0] if console.getvalue() else "(clean printed nothing)")
        print(f"\nclean exit status {status}, {wall:.1f} s for {len(on_disk)} files")
        print(f"every file in the manifest: {'yes' if not missing else 'NO, missing ' + ', '.join(missing[:5])}")
        print(f"every unreadable file has an error issue: {'yes' if not silent else 'NO: ' + ', '.join(silent[:5])}")
        print(f"intact files' rows unchanged: {'yes' if not wrong else 'NO in ' + ', '.join(wrong)}")

        outcome: dict[str, Counter] = defaultdict(Counter)
        for path, kind in kind_of.items():
            f = listed.get(path)
            how = "missing" if f is None else f["status"]
            if how == "error" and "读取程序异常退出" in f["error"]:
                how = "error (reader crashed)"
            outcome[kind][how] += 1
        print(f"\n{'damage':<12} {'copies':>6}  outcome")
        for kind in MUTATIONS:
            counts = outcome.get(kind, Counter())
            print(f"{kind:<12} {sum(counts.values()):>6}  " + ", ".join(f"{n} {how}" for how, n in counts.most_common()))

        by_kind: Counter = Counter()
        for path, seconds in times.seconds.items():
            by_kind[kind_of.get(path, "intact")] += seconds
        print(f"\nseconds in workers: {sum(times.seconds.values()):.1f} in all; "
              + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in by_kind.most_common()))
        slowest = sorted(times.seconds.items(), key=lambda kv: -kv[1])[:5]
        print("\nslowest files (seconds in their worker):")
        for path, seconds in slowest:
            f = listed.get(path, {})
            print(f"  {seconds:6.2f}  {path}  [{kind_of.get(path, 'intact')}; {f.get('status', '?')}]")
        print(f"\npeak RSS of the process tree {peak / 2**20:.0f} MB; largest single worker {largest_child / 2**20:.0f} MB")
        ok = status == 0 and not missing and not silent and not wrong
        print("\nOK" if ok else "\nFAILED")
        return 0 if ok else 1
    finally:
        if not args.dir and not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        elif args.keep:
            print(f"kept {base}")


if __name__ == "__main__":
    sys.exit(main())
