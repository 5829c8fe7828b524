"""Benchmark: how well the cleaner recognises datasets and columns on the independent corpus.

    .venv/bin/python benchmarks/matching.py [--seeds 1 2 3] [--files 100] [--jobs 2] [--keep DIR]
                                            [--worst 30] [--oracle]

For each seed, generates a corpus (tests/corpus/generate.py), cleans it with `run_clean` and
evaluates it (tests/corpus/evaluate.py). Prints, over all seeds: sheets recognised, rows
accounted for and value checks per seed; recall and precision per dataset and field; the share
of columns mapped right; the matching tiers used (column_map.csv `tier`); and the worst-matched
headers (header → field chosen vs truth). Column measures need the cleaner's column_map.csv.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.corpus.evaluate import Evaluation, evaluate, format_table  # noqa: E402
from tests.corpus.generate import generate  # noqa: E402
from tests.corpus.oracle import write_oracle  # noqa: E402


def run_seed(seed: int, files: int, jobs: int, base: Path, oracle: bool = False) -> tuple[Evaluation, dict, float]:
    """Generate, clean and evaluate one corpus; return the evaluation, truth and clean seconds."""
    root = base / f"seed{seed}"
    truth = generate(root, seed, files)
    start = time.perf_counter()
    if oracle:
        write_oracle(truth, root / "processed")
    else:
        from analysis.intake.run import run_clean

        run_clean(root / truth["raw"], root / "processed", year=truth["year"], jobs=jobs, progress=False)
    seconds = time.perf_counter() - start
    return evaluate(root / "processed", truth), truth, seconds


def merge_scores(results: list[Evaluation]) -> dict[tuple[str, str], dict[str, int]]:
    total: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"support": 0, "tp": 0, "chosen": 0, "right": 0})
    for r in results:
        for key, entry in r.field_scores.items():
            for k, v in entry.items():
                total[key][k] += v
    return dict(total)


def print_field_table(scores: dict[tuple[str, str], dict[str, int]]) -> None:
    print(f"\n{'dataset':24s} {'field':22s} {'support':>7s} {'recall':>7s} {'chosen':>7s} {'precision':>9s}")
    for (dataset, name), e in sorted(scores.items()):
        recall = f"{e['tp'] / e['support']:.1%}" if e["support"] else "—"
        precision = f"{e['right'] / e['chosen']:.1%}" if e["chosen"] else "—"
        print(f"{dataset:24s} {name:22s} {e['support']:7d} {recall:>7s} {e['chosen']:7d} {precision:>9s}")


def print_worst(results: list[Evaluation], limit: int) -> None:
    wrong: Counter = Counter()
    for r in results:
        for c in r.columns or []:
            if not c.ok:
                truth = c.truth[0] if len(c.truth) == 1 else "|".join(str(t) for t in c.truth)
                wrong[(c.dataset, c.header.replace("\n", "⏎").strip(), c.got or "∅", str(truth))] += 1
    print(f"\nWorst-matched headers (top {limit}): count  dataset  “header” → chosen (truth)")
    for (dataset, header, got, truth), n in wrong.most_common(limit):
        print(f"  {n:4d}  {dataset:22s} “{header}” → {got} ({truth})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep corpora and outputs in this folder")
    parser.add_argument("--worst", type=int, default=30)
    parser.add_argument("--oracle", action="store_true", help="evaluate a perfect cleaner (checks the harness)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        results = []
        for seed in args.seeds:
            result, truth, seconds = run_seed(seed, args.files, args.jobs, base, args.oracle)
            rows = sum(s["data_rows"] for f in truth["files"].values() for s in f["sheets"])
            print(f"\n=== seed {seed}: {len(truth['files'])} workbooks, {rows} data rows, clean {seconds:.1f} s")
            print(format_table(result, detail=5))
            results.append(result)
    print("\n=== all seeds")
    sheets = [s for r in results for s in r.sheets]
    print(f"sheets recognised: {sum(s.ok for s in sheets)}/{len(sheets)}")
    rows = [x for r in results for x in r.rows]
    print(f"sheets with all rows accounted for: {sum(x.ok for x in rows)}/{len(rows)}")
    values = [v for r in results for v in r.values]
    print(f"value checks holding: {sum(v.ok for v in values)}/{len(values)}")
    print(f"personal data hits: {sum(len(r.personal_hits) for r in results)}")
    if any(r.columns is None for r in results):
        print("column_map.csv missing: no column measures")
        return
    columns = [c for r in results for c in r.columns or []]
    print(f"columns mapped right: {sum(c.ok for c in columns)}/{len(columns)} "
          f"({sum(c.ok for c in columns) / max(1, len(columns)):.1%}); "
          f"required fields on a wrong column: {sum(len(r.required_wrong) for r in results)}")
    tiers: Counter = Counter()
    for r in results:
        tiers.update(r.tiers)
    print("tiers: " + ", ".join(f"{k} {v}" for k, v in tiers.most_common()))
    print_field_table(merge_scores(results))
    print_worst(results, args.worst)


if __name__ == "__main__":
    main()
