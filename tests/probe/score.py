"""Score the cleaner on the probe ledgers: ``python -m tests.probe.score DIR`` (after generate).

Runs ``python -m analysis clean --raw DIR/raw --out DIR/out --year 2025 --quiet`` and compares the
processed datasets with ``DIR/expected.json``, per dataset: sheets assigned right, expected rows found,
values right (%), cells read/adopted (manifest), personal data hits in any output (must be 0).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd


def run_clean(raw: Path, out: Path) -> None:
    """Run the cleaner as a user would."""
    import analysis

    env = dict(os.environ)  # the subprocess imports the same package as this process
    src = str(Path(analysis.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    subprocess.run([sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out", str(out),
                    "--year", "2025", "--quiet"], check=True, env=env, capture_output=True)


def same(want: object, got: object) -> bool:
    """Whether a found value is the expected one (dates by day, numbers within 0.005, text exact)."""
    if got is None or (isinstance(got, float) and math.isnan(got)) or got is pd.NaT:
        return want is None
    if want == "*":
        return str(got) != ""
    if isinstance(want, list):  # indicator: acceptable fragments
        return any(f in str(got) for f in want)
    if isinstance(want, bool) or isinstance(got, bool):
        return bool(got) == want if isinstance(want, bool) else False
    if isinstance(want, (int, float)):
        try:
            return abs(float(got) - float(want)) < 0.005
        except (TypeError, ValueError):
            return False
    if hasattr(got, "isoformat"):
        return str(got.isoformat())[:10] == str(want)
    if isinstance(got, str) and isinstance(want, str):
        return got.strip().replace("；", ";") == want
    return str(got) == str(want)


def match(want: list[dict], found: list[dict]) -> tuple[int, int, int, list]:
    """Greedy best matching: (rows found, values right, values total, misses)."""
    left = list(range(len(found)))
    rows = right = total = 0
    misses = []
    for rec in want:
        total += len(rec)
        best, best_n = None, -1
        for i in left:
            n = sum(same(v, found[i].get(k)) for k, v in rec.items())
            if n > best_n:
                best, best_n = i, n
        if best is not None and best_n * 2 >= len(rec):
            left.remove(best)
            rows += 1
            right += best_n
            misses += [(k, v, found[best].get(k)) for k, v in rec.items() if not same(v, found[best].get(k))]
        else:
            misses.append(("<row>", rec, None))
    return rows, right, total, misses


def load(out: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for p in out.glob("*.parquet"):
        if p.stem != "quarantine":
            frames[p.stem] = pd.read_parquet(p)
    return frames


def personal_hits(out: Path, personal: list[str]) -> int:
    """Count personal strings found in any output file."""
    hits = 0
    for p in out.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if p.suffix == ".parquet":
            text = pd.read_parquet(p).astype(str).to_csv()
        else:
            text = data.decode("utf-8", "ignore")
        hits += sum(s in text for s in personal)
    return hits


def score(folder: Path, clean: bool = True, verbose: bool = False) -> dict:
    """Clean the probe folder and return per-dataset scores (and a total)."""
    folder = Path(folder)
    exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    out = folder / "out"
    if clean:
        run_clean(folder / "raw", out)
    frames = load(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    msheets, only = {}, {}
    for f in manifest["files"]:
        for s in f["sheets"]:
            msheets[(f["path"], s["name"])] = s
        if len(f["sheets"]) == 1:  # a csv file's one sheet, whatever its name
            only[f["path"]] = f["sheets"][0]
    per: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    details = []
    for sh in exp["sheets"]:
        key = sh["dataset"] or "(none)"
        m = msheets.get((sh["file"], sh["sheet"])) or only.get(sh["file"], {})
        sheet_name = m.get("name", sh["sheet"])
        got_ds = m.get("dataset") or None
        d = per[key]
        d["sheets"] += 1
        d["sheets_right"] += got_ds == sh["dataset"]
        d["cells_read"] += m.get("cells_read", 0) or 0
        d["cells_adopted"] += m.get("cells_adopted", 0) or 0
        if not sh["records"]:
            continue
        df = frames.get(sh["dataset"])
        found = []
        if df is not None:
            sel = df[(df["source_file"] == sh["file"]) & (df["source_sheet"] == sheet_name)]
            found = sel.to_dict("records")
        rows, right, total, misses = match(sh["records"], found)
        d["rows_expected"] += len(sh["records"])
        d["rows_found"] += rows
        d["values_right"] += right
        d["values"] += total
        if misses:
            details.append((sh["file"], sh["sheet"], got_ds, misses))
    hits = personal_hits(out, exp["personal"])
    tot = defaultdict(int)
    for d in per.values():
        for k, v in d.items():
            tot[k] += v
    return {"datasets": {k: dict(v) for k, v in per.items()}, "total": dict(tot), "personal_hits": hits,
            "details": details}


def format_table(result: dict) -> str:
    lines = [f"{'dataset':24} {'sheets':>7} {'rows':>9} {'values':>15} {'cells read/adopted':>19}"]
    for name, d in sorted(result["datasets"].items()) + [("TOTAL", result["total"])]:
        pct = 100 * d.get("values_right", 0) / d["values"] if d.get("values") else 100.0
        lines.append(f"{name:24} {d['sheets_right']:>3}/{d['sheets']:<3} {d.get('rows_found', 0):>4}/{d.get('rows_expected', 0):<4} "
                     f"{d.get('values_right', 0):>5}/{d.get('values', 0):<5} {pct:5.1f}% {d['cells_read']:>8}/{d['cells_adopted']:<8}")
    lines.append(f"personal data hits: {result['personal_hits']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Score the cleaner on a probe folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--no-clean", action="store_true")
    parser.add_argument("-v", action="store_true", help="print the misses")
    args = parser.parse_args()
    result = score(args.folder, clean=not args.no_clean)
    print(format_table(result))
    if args.v:
        for file, sheet, ds, misses in result["details"]:
            print(f"\n## {file} [{sheet}] -> {ds}")
            for k, v, g in misses[:12]:
                print(f"   {k}: want {v!r} got {g!r}")


if __name__ == "__main__":
    main()
