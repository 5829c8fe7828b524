"""List (or with --write, drop) the lines of headers.csv that the matching rules already find.

A synonym earns its line only when no rule finds it: for each line in turn, the index of every
other remaining line (and the fields' own labels) must not already match the header to the same
field at the exact or normalised tier, well ahead of the runner-up. Run it after adding synonyms;
then check the corpus (tests/corpus) is unchanged.

    .venv/bin/python tools/redundant_synonyms.py [--write]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from analysis.intake.words.matching import SynonymIndex
from analysis.resources import load_fields

PATH = Path(__file__).resolve().parents[1] / "src" / "analysis" / "resources" / "headers.csv"


def redundant_lines(rows: list[dict[str, str]]) -> list[int]:
    """Indices of rows found without their own line (greedy, in file order)."""
    labels = [(f.label, (d, f.column)) for d, fs in load_fields().items() for f in fs.values() if f.label]
    keep = list(range(len(rows)))
    dropped = []
    for i, row in enumerate(rows):
        rest = [(rows[j]["header"], (rows[j]["dataset"], rows[j]["column"])) for j in keep if j != i] + labels
        found = SynonymIndex(rest).match(row["header"])
        if found and found[0].target == (row["dataset"], row["column"]) and found[0].tier in ("exact", "normalised") \
                and (len(found) == 1 or found[1].strength < found[0].strength - 0.15):
            keep.remove(i)
            dropped.append(i)
    return dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite headers.csv without them")
    args = parser.parse_args()
    lines = PATH.read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(lines))
    dropped = set(redundant_lines(rows))
    for i in sorted(dropped):
        print(lines[i + 1])
    print(f"{len(dropped)} of {len(rows)} lines are found by the rules")
    if args.write and dropped:
        PATH.write_text("\n".join([lines[0], *(lines[i + 1] for i in range(len(rows)) if i not in dropped)]) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
