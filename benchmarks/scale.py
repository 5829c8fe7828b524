"""Benchmark: from one district to a province — cold, warm and one-file-changed cleans of generated
corpora of 200, 2,000 and 5,000 workbooks (about 50k, 500k and 1.2M rows, every dataset, messy),
each beside the bare calamine read of the same files in the same run.

    .venv/bin/python benchmarks/scale.py [--sizes 200,2000,5000] [--dir DIR] [--rounds 2]
                                         [--jobs N] [--scheduler local|tcp://…] [--keep]

A corpus mixes two kinds of files. A quarter are "districts": the sample's 58 submissions
(analysis.sample: all 18 datasets, with their title rows, two-level headers, 合计 rows, 修改版
resubmissions, a copy, encrypted, damaged and not-a-workbook files) built with a seed of their own,
their identifiers (titles, case and ticket numbers, projects …) and file names marked with the
district, so that districts do not collapse into one another. The rest are the messy ledgers of
benchmarks/intake.py (six datasets, numbers and dates written as text in many forms, monthly 小计,
footers, instruction and hidden sheets, .xls and GBK .csv), sized so that the corpus holds about
250 rows a file. Corpora are generated once into --dir (default /tmp/analysis-scale) and reused.

For each corpus, in one process, it prints: the bare python-calamine read of every file (csv
module for .csv); ``run_clean`` cold (empty output folder), alternating with the bare read for
--rounds rounds (the ratio is taken per round, the median reported); warm with nothing changed;
one file changed (in-process, and as a ``python -m analysis clean`` command beside the import floor
of a bare interpreter importing pandas, pandera, pyarrow; do not edit the package's source while
it runs: the command would see other code and read every file again); the peak RSS of the process tree (this
process and its workers) during the cold clean; and the seconds per stage of the cold and the
one-file-changed runs. Then a line fitted to cold seconds against rows (is it linear?) and the
targets of issue 13 with PASS/MISS (linear: the cost per row at the largest corpus at most 1.2
times that at the smallest; a cost per row that falls as fixed costs spread is no miss).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("ANALYSIS_PERSON_KEY", "benchmark-only-key")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import intake as ledgers  # noqa: E402  benchmarks/intake.py: the messy ledger generator
import psutil  # noqa: E402

ROWS_PER_FILE = 250
DISTRICT_SHARE = 0.25
_MARKED = ("title", "case_no", "ticket_no", "request_no", "project", "topic")


# ---------------------------------------------------------------- the corpus


def district_files(raw: Path, district: int) -> tuple[int, int]:
    """Write the sample's submissions as district ``district``; return (files, planned rows)."""
    from analysis.sample.generate import file_bytes
    from analysis.sample.plan import build, load_plan

    plan = load_plan(2025)
    seed = plan["seed"] + district
    by_dataset = build(2025, seed)
    tag = f"{district:03d}"
    for rows in by_dataset.values():
        for record in rows:
            for key in _MARKED:
                if isinstance(record.get(key), str) and record[key]:
                    record[key] = f"{record[key]}-{tag}"
    rows = [r for dataset in by_dataset.values() for r in dataset]
    built: dict[str, bytes] = {}
    for spec in plan["files"]:
        data = file_bytes(spec, rows, built, seed)
        built[spec["id"]] = data
        path = Path(spec["path"])
        target = raw / f"区县{tag}" / path.with_name(f"{path.stem}_{tag}{path.suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(plan["files"]), sum(len(v) for v in by_dataset.values())


def generate(raw: Path, files: int) -> tuple[int, int]:
    """A corpus of ``files`` files holding about ``ROWS_PER_FILE`` rows each; (files, rows) written."""
    raw.mkdir(parents=True, exist_ok=True)
    written = rows = 0
    district = 0
    while written + 58 <= files * DISTRICT_SHARE or district == 0:
        n, r = district_files(raw, district)
        written, rows, district = written + n, rows + r, district + 1
    rest = files - written
    target = files * ROWS_PER_FILE - rows
    rng = random.Random(20251205 + files)
    weights = [rng.uniform(0.3, 1.7) for _ in range(rest)]
    scale = max(target, 5 * rest) / sum(weights)
    for n in range(rest):
        kind = "xls" if n % 33 == 5 else "csv" if n % 50 == 7 else "xlsx"
        _, count = ledgers.generate_file(raw / "台账", n + 1, max(5, round(weights[n] * scale)), kind, variant=files)
        rows += count
    return files, rows


def corpus(base: Path, files: int) -> tuple[Path, int]:
    """The corpus of ``files`` files under ``base`` (generated once); its folder and row count."""
    raw = base / f"raw-{files}"
    done = raw.with_name(raw.name + ".rows")
    if not done.is_file():
        shutil.rmtree(raw, ignore_errors=True)
        start = time.perf_counter()
        _, rows = generate(raw, files)
        done.write_text(str(rows))
        print(f"generated {files} files, {rows} rows in {time.perf_counter() - start:.0f} s")
    return raw, int(done.read_text())


# ---------------------------------------------------------------- measuring


class PeakRSS:
    """The largest resident memory of this process and its children together, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def bare_read(paths: list[Path]) -> int:
    """python-calamine's read of every sheet of every workbook (csv module for .csv); files it
    cannot open (encrypted, damaged, not a workbook) cost their failed attempt, as in clean."""
    import csv
    import io

    import python_calamine as pc

    cells = 0
    for path in paths:
        try:
            if path.suffix.lower() == ".csv":
                data = path.read_bytes()
                try:
                    text = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    text = data.decode("gb18030", errors="replace")
                cells += sum(len(r) for r in csv.reader(io.StringIO(text)))
                continue
            book = pc.CalamineWorkbook.from_path(str(path))
            cells += sum(sum(len(r) for r in book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
        except Exception:  # noqa: BLE001 - an unreadable file
            pass
    return cells


def clean(raw: Path, out: Path, jobs, scheduler):
    from analysis.intake.run import run_clean

    start = time.perf_counter()
    summary = run_clean(raw, out, year=2025, jobs=jobs, progress=False, scheduler=scheduler)
    return time.perf_counter() - start, summary


def clean_command(raw: Path, out: Path, jobs) -> float:
    command = [sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out", str(out), "--year", "2025",
               "--quiet"] + (["--jobs", str(jobs)] if jobs else [])
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def stages_text(summary) -> str:
    return "\n".join(f"      {name:<48} {seconds:7.3f}" for name, seconds in summary.stages.items())


def measure(base: Path, files: int, args) -> dict:
    import analysis.intake.combine.combine  # noqa: F401 - the cleaner's modules imported before timing
    import analysis.intake.combine.schemas  # noqa: F401
    import analysis.intake.convert.convert  # noqa: F401
    from analysis.intake.run import list_raw_files

    raw, rows = corpus(base, files)
    paths = list_raw_files(raw)
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"\n=== {len(paths)} files, {rows} planned rows, {size:.0f} MB ===")
    reads, colds, ratios, peak, summary = [], [], [], 0, None
    out = base / f"out-{files}"
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        bare_read(paths)
        reads.append(time.perf_counter() - t0)
        shutil.rmtree(out, ignore_errors=True)
        with PeakRSS() as memory:
            seconds, summary = clean(raw, out, args.jobs, args.scheduler)
        colds.append(seconds)
        ratios.append(seconds / reads[-1])
        peak = max(peak, memory.peak)
    cold_stages = summary
    print(f"  rows read {summary.rows_read}, kept {summary.kept}, quarantined {summary.quarantined}, "
          f"duplicates {summary.duplicates}, errors {summary.issues.get('error', 0)}")
    warm, _ = clean(raw, out, args.jobs, args.scheduler)
    ledger_files = [p for p in paths if p.relative_to(raw).parts[0] == "台账"]
    changed = ledgers.touch_one(ledger_files)  # one number in one department's ledger
    touched, touched_summary = clean(raw, out, args.jobs, args.scheduler)
    ledgers.touch_one(ledger_files)
    touched_cmd = clean_command(raw, out, args.jobs)
    floor = ledgers.imports_subprocess()
    result = {"files": len(paths), "rows": summary.rows_read, "read": statistics.median(reads),
              "cold": statistics.median(colds), "ratio": statistics.median(ratios), "warm": warm,
              "touched": touched, "touched_cmd": touched_cmd, "floor": floor, "peak": peak}
    print(f"  bare calamine read        {result['read']:8.2f} s   (rounds: {', '.join(f'{t:.2f}' for t in reads)})")
    print(f"  clean cold, in-process    {result['cold']:8.2f} s   = {result['ratio']:.2f} x the read "
          f"(per round: {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"  clean warm, unchanged     {warm:8.2f} s")
    print(f"  one file changed          {touched:8.2f} s in-process; {touched_cmd:.2f} s as a command "
          f"(import floor {floor:.2f} s)  [{changed.relative_to(raw)}]")
    print(f"  peak RSS, process tree    {peak / 1e9:8.2f} GB")
    print(f"    cold, seconds per stage:\n{stages_text(cold_stages)}")
    print(f"    one file changed, seconds per stage:\n{stages_text(touched_summary)}")
    return result


def fit(results: list[dict]) -> tuple[float, float]:
    """Least squares: cold seconds = a + b × rows."""
    xs, ys = [r["rows"] for r in results], [r["cold"] for r in results]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def verdicts(results: list[dict]) -> None:
    by = {r["files"] // 100 * 100: r for r in results}
    print("\n=== targets (issue 13) ===")
    lines = []
    if results:
        small = min(results, key=lambda r: r["files"])
        lines.append((f"one file changed, {small['files']} files: <= 0.3 s in process", small["touched"], small["touched"] <= 0.3))
        lines.append((f"one file changed as a command: <= 0.3 s + import floor ({small['floor']:.2f} s)",
                      small["touched_cmd"], small["touched_cmd"] <= 0.3 + small["floor"]))
        lines.append((f"cold clean {small['files']} files <= 2.5 x the bare calamine read", small["ratio"], small["ratio"] <= 2.5))
    big = max(results, key=lambda r: r["files"]) if results else None
    if big and big["files"] >= 5000:
        lines.append(("5,000 workbooks: cold clean < 180 s", big["cold"], big["cold"] < 180))
        lines.append(("5,000 workbooks: peak memory < 2 GB", big["peak"] / 1e9, big["peak"] < 2e9))
    if len(results) >= 2:
        small, big = min(results, key=lambda r: r["rows"]), max(results, key=lambda r: r["rows"])
        per_small, per_big = small["cold"] / small["rows"], big["cold"] / big["rows"]
        growth = per_big / per_small
        lines.append((f"linear: seconds per row at {big['rows']} rows <= 1.2 x at {small['rows']} rows", growth,
                      growth <= 1.2))
        a, b = fit(results)
        print(f"fit: cold seconds = {a:.2f} + {b * 1e6:.2f} µs x rows; "
              + "; ".join(f"{r['rows']} rows: {r['cold'] / r['rows'] * 1e6:.1f} µs/row, "
                          f"{r['cold'] / (a + b * r['rows']) - 1:+.0%} off the line" for r in results))
    for text, value, ok in lines:
        print(f"  {'PASS' if ok else 'MISS'}  {text:<70} {value:8.2f}")
    del by


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,5000", help="corpus sizes in files, comma-separated")
    parser.add_argument("--dir", default="/tmp/analysis-scale", help="where corpora are generated (once) and cleaned")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of bare read and cold clean")
    parser.add_argument("--jobs", type=int, help="workers (default: all cores)")
    parser.add_argument("--scheduler", help="clean on a Dask cluster: local, or tcp://host:8786")
    parser.add_argument("--keep", action="store_true", help="keep the cleaned outputs")
    args = parser.parse_args(argv)
    base = Path(args.dir)
    base.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"jobs {args.jobs or 'default'}, scheduler {args.scheduler or 'local pool'}")
    results = []
    for files in (int(s) for s in args.sizes.split(",")):
        results.append(measure(base, files, args))
        if not args.keep:
            shutil.rmtree(base / f"out-{files}", ignore_errors=True)
    verdicts(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
