"""Command line: python -m analysis {clean,metrics,run,sample,templates}. Messages and help in Chinese."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from . import paths
from .arguments import (
    ChineseArgumentParser,
    memory_value,
    positive_int,
    seconds_value,
    usage_error,
    year_value,
)
from .personal import PersonalDataLeak


def cmd_clean(argv: list[str]) -> int:
    """python -m analysis clean [--raw DIR] [--out DIR] [--year YYYY] [--jobs N] [--memory-limit SIZE]
    [--file-timeout SECONDS] [--scheduler ADDRESS] [--quiet]"""
    parser = ChineseArgumentParser(
        prog="python -m analysis clean",
        description="读取 --raw 下所有部门报送文件（含子文件夹），清洗后写入 --out：各数据集 parquet、"
                    "quarantine.parquet（暂存待核行）、issues.csv（问题清单）、manifest.json（文件清单）"
                    "和 feedback/（各单位问题反馈表）。",
    )
    parser.add_argument("--raw", metavar="DIR", help="报送文件夹（默认 data/raw/<年度>）")
    parser.add_argument("--out", metavar="DIR", help="输出文件夹（默认 data/processed/<年度>）")
    parser.add_argument("--year", type=year_value, metavar="YYYY",
                        help=f"报告年度（默认取 analysis.toml 中的年度，现为 {paths.DEFAULT_YEAR}）")
    parser.add_argument("--jobs", type=positive_int, metavar="N", help="并行进程数（默认为 CPU 核数）")
    config = paths.CONFIG
    parser.add_argument("--memory-limit", type=memory_value, metavar="SIZE",
                        help="读取一个文件可额外占用的内存，如 2GB、512MB，0 表示不限（默认取 analysis.toml "
                             f"[intake] memory_limit，现为 {_size_text(config.memory_limit)}；大文件按其大小的 50 倍放宽，"
                             "各进程合计不超过本机内存的 3/4）")
    parser.add_argument("--file-timeout", type=seconds_value, metavar="SECONDS",
                        help="读取一个文件最多用时（秒），0 表示不限（默认取 analysis.toml [intake] file_timeout，"
                             f"现为 {_seconds_text(config.file_timeout)}）")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="在 Dask 集群上逐个读取文件：local 在本机启动一个集群，tcp://主机:8786 使用已有的集群"
                             "（需先 pip install -e .[cluster]；默认用本机的读取进程池）")
    parser.add_argument("--quiet", action="store_true", help="不显示进度")
    args = parser.parse_args(argv)
    year = paths.report_year(args.year)
    raw = paths.resolve(args.raw, paths.raw_folder(year))
    out = paths.resolve(args.out, paths.processed_folder(year))
    problem = paths.raw_folder_problem(raw, year, explicit=args.raw is not None) \
        or paths.output_folder_problem(out, year)
    if problem:
        return usage_error(problem)
    from .changes import compare_files, read_manifest
    from .intake.run import run_clean
    from .intake.workers.executor import Limits

    limits = Limits(config.memory_limit if args.memory_limit is None else args.memory_limit or None,
                    config.file_timeout if args.file_timeout is None else args.file_timeout or None)
    from .files import FolderBusy, report_blocked
    from .intake.workers.cluster import ClusterProblem

    before = read_manifest(out)
    start = time.perf_counter()
    try:
        summary = run_clean(raw, out, year, jobs=args.jobs, progress=not args.quiet, limits=limits,
                            scheduler=args.scheduler, stay_warm=False)  # a command: its process ends here
    except ClusterProblem as exc:
        return usage_error(str(exc))
    except FolderBusy as busy:
        return usage_error(busy.line())
    print(f"清洗完成（{year} 年，{time.perf_counter() - start:.1f} 秒）：{summary.text()}")
    after = read_manifest(out)
    if not summary.unchanged:
        for line in compare_files(before, after).lines():
            print(f"  与上次相比：{line}")
    for line in failed_lines(summary.failed_files(), after):
        print(line)
    print(f"输出：{paths.display_path(out)}（问题清单 issues.csv，各单位反馈表 feedback/）")
    return report_blocked(0)  # an output open in Excel: one line each, exit 3


def failed_lines(failed: list[str], manifest: dict | None, most: int = 30) -> list[str]:
    """Console lines naming each file that could not be read, with its reason (from the manifest)."""
    if not failed:
        return []
    reasons = {f["path"]: f.get("error", "") for f in (manifest or {}).get("files", [])}
    lines = [f"  无法读取的文件 {len(failed)} 个（未采用任何数据，已记入 issues.csv 和各单位反馈表）："]
    lines += [f"    {path}：{reasons.get(path) or '无法读取'}" for path in failed[:most]]
    if len(failed) > most:
        lines.append(f"    ……另有 {len(failed) - most} 个，见 issues.csv")
    return lines


def _size_text(size: int | None) -> str:
    return "不限" if size is None else f"{size / 1024 ** 3:g}GB" if size % 1024 ** 3 == 0 else f"{size // 1024 ** 2}MB"


def _seconds_text(seconds: float | None) -> str:
    return "不限" if seconds is None else f"{seconds:g} 秒"


def cmd_metrics(argv: list[str]) -> int:
    """python -m analysis metrics [--processed DIR] [--out FILE] [--year YYYY]"""
    parser = ChineseArgumentParser(
        prog="python -m analysis metrics",
        description="由清洗后的数据计算报告各项指标，写出 key_figures.csv（指标、数值、单位、分子、分母、"
                    "是否符合报告表述），并列出与上次相比变化的数字。",
    )
    parser.add_argument("--processed", metavar="DIR", help="清洗结果文件夹（默认 data/processed/<年度>）")
    parser.add_argument("--out", metavar="FILE", help="输出文件（默认 reports/<年度>/tables/key_figures.csv）")
    parser.add_argument("--year", type=year_value, metavar="YYYY",
                        help=f"报告年度（默认取 analysis.toml 中的年度，现为 {paths.DEFAULT_YEAR}）")
    args = parser.parse_args(argv)
    year = paths.report_year(args.year)
    processed = paths.resolve(args.processed, paths.processed_folder(year))
    out = paths.resolve(args.out, paths.key_figures_file(year))
    if not processed.is_dir():
        return usage_error(f"清洗结果文件夹不存在：{paths.display_path(processed)}"
                           f"（请先运行 python -m analysis clean --year {year}）")
    held = paths.output_year(processed)
    if held is not None and held != year:
        return usage_error(f"{paths.display_path(processed)} 是 {held} 年的清洗结果，与报告年度 {year} 不符（请检查 --year）")
    out_problem = paths.output_folder_problem(out.parent.parent, year) if args.out is None else None
    if out_problem:
        return usage_error(out_problem)
    from .changes import compare_figures, read_key_figures
    from .metrics import write_key_figures

    before = read_key_figures(out)
    table = write_key_figures(processed, out, year)
    known = table[table["value"].notna()]
    checked = table[table["holds"].notna()]
    failing = checked[checked["holds"] == False]  # noqa: E712 - object column of True/False/None
    print(f"指标计算完成（{year} 年）：{len(known)}/{len(table)} 项有数据，与报告表述核对 {len(checked)} 项，"
          f"不符 {len(failing)} 项{'（' + '、'.join(failing['metric']) + '）' if len(failing) else ''}；"
          f"输出：{paths.display_path(out)}")
    marked = table[table["verify"] != ""] if "verify" in table.columns else table.iloc[0:0]
    if len(marked):
        print(f"  需核实 {len(marked)} 项（与上年相比变化过大，或来自仅凭相近表头识别的工作表）："
              + "、".join(marked["label"].astype(str)))
    if before is not None:
        moved = compare_figures(before, table)
        print(f"  与上次相比：{len(moved)} 项数字有变化" + ("" if moved else "（无）"))
        for change in moved:
            print(f"    {change.line()}")
    return 0


def cmd_sql(argv: list[str]) -> int:
    """python -m analysis sql "SELECT …" [--year YYYY] [--processed DIR] [--out FILE] [--max-rows N]"""
    parser = ChineseArgumentParser(
        prog="python -m analysis sql",
        description="用 DuckDB 的 SQL 查询某一年度的清洗结果（直接读取 parquet，不复制数据）。每个数据集是一张同名的表"
                    "（publicity_events、disputes……），另有 quarantine、issues、column_map。\n"
                    "例：python -m analysis sql \"SELECT street, count(*) AS 件数 FROM disputes GROUP BY street ORDER BY 2 DESC\"",
    )
    parser.add_argument("query", nargs="?", metavar="SQL", help="查询语句（省略时列出可用的表及行数）")
    parser.add_argument("--year", type=year_value, metavar="YYYY",
                        help=f"报告年度（默认取 analysis.toml 中的年度，现为 {paths.DEFAULT_YEAR}）")
    parser.add_argument("--processed", metavar="DIR", help="清洗结果文件夹（默认 data/processed/<年度>）")
    parser.add_argument("--out", metavar="FILE", help="把结果写入 CSV 文件（带 BOM 的 UTF-8，Excel 可直接打开）")
    parser.add_argument("--max-rows", type=positive_int, default=50, metavar="N", help="屏幕上最多显示的行数（默认 50）")
    args = parser.parse_args(argv)
    year = paths.report_year(args.year)
    processed = paths.resolve(args.processed, paths.processed_folder(year))
    if not processed.is_dir():
        return usage_error(f"清洗结果文件夹不存在：{paths.display_path(processed)}"
                           f"（请先运行 python -m analysis clean --year {year}）")
    held = paths.output_year(processed)
    if held is not None and held != year:
        return usage_error(f"{paths.display_path(processed)} 是 {held} 年的清洗结果，与报告年度 {year} 不符（请检查 --year）")
    from .sql import QueryProblem, query, table_sizes

    if not args.query:
        print(table_sizes(processed).to_string(index=False))
        return 0
    try:
        result = query(args.query, processed)
    except QueryProblem as exc:
        return usage_error(str(exc))
    if args.out:
        from .files import write_csv

        out = Path(args.out).expanduser().resolve()
        write_csv(result, out)
        print(f"查询结果 {len(result)} 行，已写入：{paths.display_path(out)}")
        return 0
    with pd_options(args.max_rows):
        print(result.to_string(index=False, max_rows=args.max_rows))
    print(f"（共 {len(result)} 行）")
    return 0


def pd_options(max_rows: int):
    """Wide, untruncated columns for the console."""
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_columns", 50, "display.max_colwidth", 60,
                             "display.max_rows", max_rows)


def cmd_sample(argv: list[str]) -> int:
    from .sample.generate import main

    return main(argv)


def cmd_run(argv: list[str]) -> int:
    from .report.runner import main

    return main(argv)


def cmd_check_draft(argv: list[str]) -> int:
    from .draft.cli import main_check_draft

    return main_check_draft(argv)


def cmd_draft(argv: list[str]) -> int:
    from .draft.cli import main_draft

    return main_draft(argv)


def cmd_templates(argv: list[str]) -> int:
    from .templates.command import main

    return main(argv)


COMMANDS = {
    "clean": (cmd_clean, "清洗部门报送表 → data/processed/<年度>/"),
    "metrics": (cmd_metrics, "计算报告指标 → reports/<年度>/tables/key_figures.csv"),
    "run": (cmd_run, "一键重建报告：清洗、指标、执行全部笔记本 → reports/<年度>/"),
    "check-draft": (cmd_check_draft, "逐个核对文稿中的数字 → reports/<年度>/draft/"),
    "draft": (cmd_draft, "由数据写出报告的数据稿（Word） → reports/<年度>/draft/"),
    "sql": (cmd_sql, "用 SQL（DuckDB）查询清洗结果"),
    "sample": (cmd_sample, "生成示例报送表 → data/raw/<年度>/"),
    "templates": (cmd_templates, "按数据约定生成报送模板 → reports/<年度>/templates/"),
}


def print_overview() -> None:
    print("用法：python -m analysis <命令> [选项]   （各命令 --help 查看选项）\n\n命令：")
    for name, (_, text) in COMMANDS.items():
        print(f"  {name:<12} {text}")
    print(f"\n报告年度：{paths.DEFAULT_YEAR}（analysis.toml；各命令可用 --year 改用其他年度）")


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a subcommand."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        if not argv:
            return usage_error("缺少命令（python -m analysis --help 查看可用命令）")
        print_overview()
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        return usage_error(f"未知命令“{name}”，可用：{'、'.join(COMMANDS)}")
    try:
        return COMMANDS[name][0](rest)
    except PersonalDataLeak as exc:  # the writers' last check refused an output
        print(f"错误：{exc}", file=sys.stderr)
        return 1

