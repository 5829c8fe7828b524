"""``python -m analysis templates``: write next year's submission templates from the contract."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import paths
from ..arguments import ChineseArgumentParser, positive_int, usage_error, year_value
from ..files import (
    CSV_ENCODING,
    OutputBlocked,
    note_blocked,
    report_blocked,
    skip_blocked,
    write_atomic,
)
from ..intake.words.departments import normalize_department
from ..template_columns import contract_version, department_names
from .options import DEFAULT_ROWS, load_options
from .plan import SubmissionsError, WorkbookPlan, plan_workbooks
from .workbook import write_template

INDEX_NAME = "模板清单.csv"


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m analysis templates",
        description="按数据约定（resources/ 下的 fields.csv 等）生成报送模板，写入 --out："
                    "每个单位一份（含该单位报送的各张表，见 resources/submissions.csv），每个数据集一份空白模板，"
                    f"以及 {INDEX_NAME}。按模板填写的表格清洗时直接按模板识别。"
                    f"模板的年度是所收集数据的年度：默认报送 {paths.DEFAULT_YEAR} 年数据（analysis.toml 中的年度），"
                    f"--year {paths.DEFAULT_YEAR + 1} 生成报送 {paths.DEFAULT_YEAR + 1} 年数据的模板。",
    )
    parser.add_argument("--year", type=year_value, metavar="YYYY",
                        help=f"所收集数据的年度（默认报送 {paths.DEFAULT_YEAR} 年数据，即 analysis.toml 中的年度）")
    parser.add_argument("--department", metavar="NAME", help="只生成这个单位的模板（规范名称或常见简称）")
    parser.add_argument("--out", metavar="DIR", help="输出文件夹（默认 reports/<年度>/templates）")
    parser.add_argument("--deadline", metavar="TEXT",
                        help="填表说明中的报送截止时间（默认取 analysis.toml 的 [templates] deadline）")
    parser.add_argument("--contact", metavar="TEXT",
                        help="填表说明中的联系人（默认取 analysis.toml 的 [templates] contact）")
    parser.add_argument("--rows", type=positive_int, metavar="N",
                        help=f"每张表预留的数据行数（默认 {DEFAULT_ROWS}）")
    return parser


def main(argv: list[str]) -> int:
    """Parse the options, write the templates and their index; bad usage is one line and exit 2."""
    args = build_parser().parse_args(argv)
    year = paths.report_year(args.year)
    department = None
    if args.department is not None:
        department = normalize_department(args.department)
        if department is None:
            return usage_error(f"未知的单位“{args.department}”，可用：{'、'.join(department_names())}")
    out = paths.resolve(args.out, paths.reports_folder(year) / "templates")
    if args.out is None:
        problem = paths.output_folder_problem(paths.reports_folder(year), year)
        if problem:
            return usage_error(problem)
    try:
        plans = plan_workbooks(year, department)
    except SubmissionsError as exc:
        return usage_error(str(exc))
    options = load_options(year, args.deadline, args.contact, args.rows)
    written = write_templates(out, plans, options, prune=department is None)
    blank = sum(1 for p in plans if not p.department)
    print(f"已生成报送 {year} 年数据的模板 {len(written)} 个（单位 {len(plans) - blank} 个，空白 {blank} 个），"
          f"截止时间“{options.deadline}”，联系人“{options.contact}”")
    print(f"输出：{paths.display_path(out)}（清单 {INDEX_NAME}）")
    return report_blocked(0)


def write_templates(out: Path, plans: list[WorkbookPlan], options, prune: bool = False) -> list[Path]:
    """Write every planned workbook into ``out`` and the index; ``prune`` removes templates no longer planned."""
    out.mkdir(parents=True, exist_ok=True)
    written, index = [], []
    for plan in plans:
        path = out / plan.file_name
        sheets = skip_blocked(write_template, path, plan, options)  # open in Excel: one line, the rest written
        if sheets is None:
            continue
        for sheet in sheets:
            index.append([plan.file_name, plan.department or "（空白模板）", sheet.dataset, sheet.name,
                          contract_version(sheet.dataset)])
        written.append(path)
    wanted = {p.file_name for p in plans}
    if prune:
        for old in out.glob(f"{options.year}年*模板_*.xlsx"):
            if old.name not in wanted:
                try:
                    old.unlink()
                except PermissionError:
                    note_blocked(OutputBlocked(old).line())
    else:  # one department's templates: the other files stay listed
        index = [row for row in read_index(out / INDEX_NAME) if row[0] not in wanted and (out / row[0]).is_file()] + index
    skip_blocked(write_index, out / INDEX_NAME, index)
    return written


def read_index(path: Path) -> list[list[str]]:
    """The rows of an existing list of templates (without its header), [] when there is none."""
    if not path.is_file():
        return []
    return list(csv.reader(io.StringIO(path.read_text(encoding=CSV_ENCODING))))[1:]


def write_index(path: Path, rows: list[list[str]]) -> None:
    """Write the list of templates (file, department, dataset, sheet, version) as CSV for Excel."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["文件", "单位", "数据集", "工作表", "模板版本"])
    writer.writerows(rows)
    write_atomic(path, buf.getvalue().encode(CSV_ENCODING))
