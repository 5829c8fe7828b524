"""`python -m analysis sample`: write the invented department submissions to data/raw/<year>.

The plan (data/plan_<year>.yaml) lists the files; records.py holds what they report. The output
is deterministic: the same plan and seed give the same bytes (zip timestamps and workbook
properties are fixed, encryption salts are seeded).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from analysis.arguments import ChineseArgumentParser
from analysis.paths import raw_folder

from .check import failures
from .plan import build, load_plan, sheet_specs
from .sheets import Sheet, render_sheet
from .writers import corrupt, csv_bytes, encrypt_xlsx, xls_bytes, xlsx_bytes

YEARS = (2025, 2024)


def workbook_title(file_spec: dict, sheets: list[Sheet]) -> str:
    return file_spec.get("title") or next(
        (str(s.rows[0][0]) for s in sheets if s.rows and s.rows[0]), "示例数据"
    )


def file_bytes(file_spec: dict, rows: list[dict], built: dict[str, bytes], seed: int) -> bytes:
    """The bytes of one planned file."""
    kind = file_spec.get("kind", "workbook")
    if kind == "copy":
        return built[file_spec["of"]]  # the same workbook sent twice
    if kind == "text":
        return file_spec["text"].encode("utf-8")
    sheets = [render_sheet(spec, rows) for spec in sheet_specs(file_spec)]
    fmt = file_spec.get("format", "xlsx")
    if fmt == "csv":
        return csv_bytes(sheets)
    if fmt == "xls":
        return xls_bytes(sheets)
    data = xlsx_bytes(sheets, workbook_title(file_spec, sheets))
    if kind == "encrypted":
        return encrypt_xlsx(data, file_spec["password"], seed)
    if kind == "corrupt":
        return corrupt(data)
    return data


def generate(out: Path, year: int) -> list[Path]:
    """Write the year's sample into `out`; return the files written."""
    plan = load_plan(year)
    seed = plan["seed"]
    by_dataset = build(year, seed)
    if year == 2025:
        wrong = failures(by_dataset)
        if wrong:
            raise AssertionError("the planned sample misses report figures:\n" + "\n".join(wrong))
    rows = [r for dataset in by_dataset.values() for r in dataset]
    built: dict[str, bytes] = {}
    written = []
    for file_spec in plan["files"]:
        data = file_bytes(file_spec, rows, built, seed)
        built[file_spec["id"]] = data
        target = out / file_spec["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        written.append(target)
    return written


def stray_files(out: Path, written: list[Path]) -> list[Path]:
    """Files in `out` the plan did not write (left alone: raw files are never deleted)."""
    keep = {p.resolve() for p in written}
    return sorted(p for p in out.rglob("*") if p.is_file() and p.resolve() not in keep)


def parse_args(argv: list[str] | None):
    parser = ChineseArgumentParser(
        prog="python -m analysis sample",
        description="写出示例数据：虚构的各部门报送表（含各类常见不规范情形）。",
    )
    parser.add_argument("--out", metavar="DIR", help="输出目录（默认 data/raw/<年份>）")
    parser.add_argument("--year", type=int, choices=YEARS, default=2025, metavar="YYYY",
                        help="年份：2025 或 2024（默认 2025）")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = Path(args.out).expanduser().resolve() if args.out else raw_folder(args.year)
    started = time.perf_counter()
    written = generate(out, args.year)
    elapsed = time.perf_counter() - started
    print(f"示例数据 {args.year}：写出 {len(written)} 个文件到 {out}（{elapsed:.1f} 秒）")
    for path in stray_files(out, written):
        print(f"  注意：{path.relative_to(out)} 不在示例计划中，未改动", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
