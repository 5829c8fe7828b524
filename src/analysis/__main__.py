"""Command line: python -m analysis {sample,clean,metrics,run}."""

from __future__ import annotations

import argparse
import sys
import time

from .paths import DEFAULT_YEAR, PROCESSED_DIR, REPORTS_DIR, default_raw, resolve


def _usage_error(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2


def cmd_clean(argv: list[str]) -> int:
    """python -m analysis clean [--raw DIR] [--out DIR] [--year YYYY]"""
    parser = argparse.ArgumentParser(
        prog="python -m analysis clean",
        description="读取 --raw 下所有部门报送表（.xlsx/.xlsm/.xls/.csv，含子文件夹），清洗后写入 --out："
                    "各数据集 parquet、quarantine.parquet、issues.csv、manifest.json 和 feedback/ 下的各单位问题清单。",
    )
    parser.add_argument("--raw", help="报送文件夹（默认 data/raw/<年度>，不存在时为 data/raw）")
    parser.add_argument("--out", help="输出文件夹（默认 data/processed）")
    parser.add_argument("--year", type=int, help=f"报告年度：未写年份的日期按此年补全（默认从标题、文件名推断，否则 {DEFAULT_YEAR}）")
    parser.add_argument("--jobs", type=int, help="并行进程数（默认为CPU核数）")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    args = parser.parse_args(argv)
    raw = resolve(args.raw, default_raw(args.year or DEFAULT_YEAR))
    out = resolve(args.out, PROCESSED_DIR)
    if not raw.is_dir():
        return _usage_error(f"报送文件夹不存在：{raw}")
    from .intake import run_clean

    start = time.perf_counter()
    summary = run_clean(raw, out, args.year or DEFAULT_YEAR, jobs=args.jobs, progress=not args.quiet)
    print(f"清洗完成（{time.perf_counter() - start:.1f} 秒）：{summary.text()}")
    print(f"输出：{out}（问题清单 issues.csv，各单位反馈表 feedback/）")
    return 0


def cmd_metrics(argv: list[str]) -> int:
    """python -m analysis metrics [--processed DIR] [--out FILE]"""
    parser = argparse.ArgumentParser(
        prog="python -m analysis metrics",
        description="由清洗后的数据计算报告各项指标，写出 key_figures.csv（指标、数值、单位、分子、分母、是否符合报告表述）。",
    )
    parser.add_argument("--processed", help="清洗结果文件夹（默认 data/processed）")
    parser.add_argument("--out", help="输出文件（默认 reports/tables/key_figures.csv）")
    args = parser.parse_args(argv)
    processed = resolve(args.processed, PROCESSED_DIR)
    out = resolve(args.out, REPORTS_DIR / "tables" / "key_figures.csv")
    if not processed.is_dir():
        return _usage_error(f"清洗结果文件夹不存在：{processed}（请先运行 python -m analysis clean）")
    from .metrics import write_key_figures

    table = write_key_figures(processed, out)
    known = table[table["value"].notna()]
    checked = table[table["holds"].notna()]
    failing = checked[checked["holds"] == False]  # noqa: E712 - object column of True/False/None
    print(f"指标计算完成：{len(known)}/{len(table)} 项有数据，与报告表述核对 {len(checked)} 项，"
          f"不符 {len(failing)} 项{'（' + '、'.join(failing['metric']) + '）' if len(failing) else ''}；输出：{out}")
    return 0


def cmd_sample(argv: list[str]) -> int:
    from .sample.generate import main

    return main(argv)


def cmd_run(argv: list[str]) -> int:
    from .runner import main

    return main(argv)


def cmd_check_draft(argv: list[str]) -> int:
    from .draft.cli import main_check_draft

    return main_check_draft(argv)


def cmd_draft(argv: list[str]) -> int:
    from .draft.cli import main_draft

    return main_draft(argv)


COMMANDS = {
    "clean": (cmd_clean, "清洗部门报送表 → data/processed/"),
    "metrics": (cmd_metrics, "计算报告指标 → reports/tables/key_figures.csv"),
    "sample": (cmd_sample, "生成示例报送表 → data/raw/<年度>/"),
    "run": (cmd_run, "一键重建报告：清洗、指标、执行全部笔记本 → reports/"),
    "check-draft": (cmd_check_draft, "逐个核对文稿中的数字 → reports/<年度>/draft/"),
    "draft": (cmd_draft, "由数据写出报告的数据稿（Word） → reports/<年度>/draft/"),
}


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a subcommand."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("用法：python -m analysis <命令> [选项]   （各命令 --help 查看选项）\n")
        for name, (_, text) in COMMANDS.items():
            print(f"  {name:<8} {text}")
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        return _usage_error(f"未知命令“{name}”，可用：{'、'.join(COMMANDS)}")
    return COMMANDS[name][0](rest)


if __name__ == "__main__":
    sys.exit(main())
