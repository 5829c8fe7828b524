"""Benchmark: `python -m analysis run` against one `jupyter nbconvert --execute` call per notebook.

    .venv/bin/python benchmarks/report.py [--year 2025] [--jobs N] [--skip-clean]

Runs, on the sample (data/raw/<year>), once each:

1. `python -m analysis run` (clean → metrics → all notebooks, kernels in parallel, HTML, report
   pack), writing into a temporary output folder; the notebook phase's time is read from its
   run_manifest.json;
2. for every notebook, `jupyter nbconvert --to notebook --execute` as its own subprocess (the
   usual way to execute notebooks one by one), on the processed data the run just wrote, with
   the notebook's parameter defaults; executed copies go to a temporary folder.

and prints the wall times side by side. Both read the same processed data; the nbconvert calls
write their figures into the default reports folder of the year, as a plain nbconvert run does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths
from analysis.report import runner


def timed(command: list[str], cwd: Path, capture: bool) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=capture, text=True, check=False)
    elapsed = time.perf_counter() - start
    output = (done.stderr or "")[-2000:] if capture else ""
    return elapsed, done.returncode, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=paths.DEFAULT_YEAR)
    parser.add_argument("--jobs", type=int, help="kernels at once for the run (default: cores)")
    parser.add_argument("--skip-clean", action="store_true",
                        help="time the run without its clean step (processed data must exist)")
    args = parser.parse_args(argv)

    root = paths.PROJECT_ROOT
    notebooks = runner.list_notebooks(paths.NOTEBOOKS_DIR)
    if not notebooks:
        print(f"no notebooks in {paths.NOTEBOOKS_DIR}", file=sys.stderr)
        return 2
    processed = paths.processed_folder(args.year)

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp_path = Path(tmp)
        out = tmp_path / "run"
        command = [sys.executable, "-m", "analysis", "run", "--year", str(args.year),
                   "--processed", str(processed), "--out", str(out)]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        if args.skip_clean:
            command.append("--skip-clean")
        print(f"$ python -m analysis run … ({len(notebooks)} notebooks)", flush=True)
        run_time, run_status, _ = timed(command, root, capture=False)
        manifest = json.loads((out / "run_manifest.json").read_text(encoding="utf-8"))
        steps = {s["name"]: s for s in manifest["steps"]}
        jobs = manifest["parameters"]["jobs"]

        print("$ jupyter nbconvert --to notebook --execute, one call per notebook", flush=True)
        per_notebook: list[tuple[str, float, int, str]] = []
        for nb in notebooks:
            elapsed, status, err = timed(
                [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                 str(nb), "--output-dir", str(tmp_path / "nbconvert")],
                root, capture=True,
            )
            per_notebook.append((nb.name, elapsed, status, err))

    nbconvert_total = sum(t for _, t, _, _ in per_notebook)
    notebooks_phase = steps.get("notebooks", {}).get("duration_s") or 0.0
    width = max(len(name) for name, *_ in per_notebook) + 2

    print()
    print(f"report year {args.year}, {len(notebooks)} notebooks, {runner.cpu_count()} cores")
    print(f"{'python -m analysis run (whole report)':<48}{run_time:8.1f} s   exit {run_status}")
    for name in ("clean", "metrics", "notebooks"):
        step = steps.get(name, {})
        label = f"  {name}" + (f" ({jobs} kernels at once, + HTML)" if name == "notebooks" else "")
        value = f"{step.get('duration_s', 0.0):8.1f} s   {step.get('status', '?')}"
        print(f"{label:<48}{value}")
    print("jupyter nbconvert --execute, one subprocess per notebook:")
    for name, elapsed, status, _ in per_notebook:
        print(f"  {name:<{width}}{'':<{46 - width}}{elapsed:8.1f} s   exit {status}")
    print(f"{'  total':<48}{nbconvert_total:8.1f} s")
    if notebooks_phase:
        print(f"notebooks: run {notebooks_phase:.1f} s vs nbconvert {nbconvert_total:.1f} s "
              f"(× {nbconvert_total / notebooks_phase:.1f}); whole run vs nbconvert notebooks only: "
              f"× {nbconvert_total / run_time:.1f}")
    failures = [(name, err) for name, _, status, err in per_notebook if status != 0]
    for name, err in failures:
        print(f"\nnbconvert failed on {name}:\n{err}", file=sys.stderr)
    return 1 if run_status not in (0, 1) or failures else 0


if __name__ == "__main__":
    sys.exit(main())
