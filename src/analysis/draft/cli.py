"""Command line: ``python -m analysis check-draft DRAFT`` and ``python -m analysis draft``."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from ..arguments import ChineseArgumentParser, usage_error, year_value
from ..files import OutputBlocked, note_blocked, report_blocked, skip_blocked
from .documents import SUFFIXES


def _processed_for(year: int) -> Path:
    """The default processed folder of a report year (the project's one folder rule)."""
    return paths.processed_folder(year)


def _reports_for(year: int) -> Path:
    """The default reports folder of a report year (where the notebooks saved figures/)."""
    return paths.reports_folder(year)


def _draft_dir_for(year: int) -> Path:
    """The default folder of the draft tools' outputs: reports/<year>/draft/."""
    return paths.reports_folder(year) / "draft"


_usage_error = usage_error
YEAR_HELP = f"报告年度（默认取 analysis.toml 中的年度，现为 {paths.DEFAULT_YEAR}）"


def _parser_check() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m analysis check-draft",
        description="逐个核对文稿（.docx、.txt、.md）中的数字：找出每个数字，按句子读出它说的是哪一项数据"
                    "（指标，或由数据算出的条数、合计、人数、比率，可按类别、单位、街道、月份筛选，可与上年比较），"
                    "按措辞规则与数据比较，给出结论（成立、仅截断时成立、不成立并给出数据支持的表述、"
                    "需人工核对并列出候选读法、暂无数据、未对应指标）和结构问题"
                    "（序号重复或跳号、同一指标两处表述不一致、比率与文中数字不符、同比缺少上年数据）。"
                    "输出核对表（xlsx、HTML，含“读作”列）和带批注、标色、开头有核对摘要的文稿副本（.docx）；"
                    "有需人工核对的数字时，在文稿旁写出“<文稿名>.核对记录.csv”，在“选择”列填序号后重新核对即按所选读法判断。",
    )
    parser.add_argument("draft", metavar="DRAFT", help="要核对的文稿：.docx、.txt 或 .md")
    parser.add_argument("--year", type=year_value, default=None, metavar="YYYY", help=YEAR_HELP)
    parser.add_argument("--processed", metavar="DIR", help="清洗结果文件夹（默认该年度的 data/processed 文件夹）")
    parser.add_argument("--out", metavar="DIR", help="输出文件夹（默认 reports/<年度>/draft/）")
    parser.add_argument("--comment-holds", action="store_true",
                        help="批注副本中成立的数字也加批注（默认只批注不成立、仅截断时成立、需人工核对、暂无数据等）")
    return parser


def main_check_draft(argv: list[str] | None = None) -> int:
    """python -m analysis check-draft DRAFT [--year] [--processed] [--out]"""
    args = _parser_check().parse_args(argv)
    args.year = paths.report_year(args.year)
    draft = Path(args.draft).expanduser().resolve()
    if not draft.is_file():
        return _usage_error(f"找不到文稿：{paths.display_path(draft)}")
    if draft.suffix.lower() not in SUFFIXES:
        hint = "（旧版 Word 文件请另存为 .docx）" if draft.suffix.lower() == ".doc" else ""
        return _usage_error(f"不支持的文稿格式“{draft.suffix or '无后缀'}”：请用 .docx、.txt 或 .md{hint}")
    processed = paths.resolve(args.processed, _processed_for(args.year))
    if not processed.is_dir():
        return _usage_error(f"清洗结果文件夹不存在：{paths.display_path(processed)}（请先运行 python -m analysis clean，或用 --processed 指定）")
    out = paths.resolve(args.out, _draft_dir_for(args.year))

    from .check import check_draft
    from .documents import write_annotated, write_html, write_xlsx

    try:
        result = check_draft(draft, processed, args.year, paths.previous_processed(processed, args.year))
    except Exception as exc:  # an unreadable document is the user's file, not a crash
        return _usage_error(f"无法读取文稿 {draft.name}：{exc}")
    stem = draft.stem
    written = [p for p in (  # a file open in Word/Excel is skipped with one line; the others are written
        skip_blocked(write_xlsx, result, out / f"{stem}_数字核对.xlsx"),
        skip_blocked(write_html, result, out / f"{stem}_数字核对.html", f"{stem}：数字核对"),
        skip_blocked(write_annotated, result, out / f"{stem}_批注.docx", comment_holds=args.comment_holds),
    ) if p is not None]
    from .choices import choices_path, load_choices, write_choices

    try:
        kept = write_choices(result, choices_path(draft), load_choices(choices_path(draft)))
    except OSError:
        kept = None
    if kept is not None:
        written.append(kept)
        if result.count("review"):
            print(f"需人工核对 {result.count('review')} 处：请在 {kept.name} 的“选择”列填候选读法的序号，保存后重新核对")
    print(f"核对完成：{result.summary()}")
    for s in result.structure:
        print(f"  【{s.kind}】{s.message}")
    print("输出：" + "、".join(paths.display_path(p) for p in written))
    return report_blocked(0)


def _parser_draft() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m analysis draft",
        description="由清洗后的数据写出报告的数据稿（Word）：报告的结构，每节由数据生成的句子（数字按措辞规则写出，"
                    "每个数字带批注：指标、计算值、来源文件），笔记本保存的图表和本节数据表。数据稿供撰写人修改，不是正式报告。",
    )
    parser.add_argument("--year", type=year_value, default=None, metavar="YYYY", help=YEAR_HELP)
    parser.add_argument("--out", metavar="PATH",
                        help="输出文件（.docx）或文件夹（默认 reports/<年度>/draft/<年度>年法治建设工作情况（数据稿）.docx）")
    parser.add_argument("--processed", metavar="DIR", help="清洗结果文件夹（默认该年度的 data/processed 文件夹）")
    parser.add_argument("--figures", metavar="DIR", help="图表文件夹（默认该年度报告输出中的 figures/）")
    return parser


def main_draft(argv: list[str] | None = None) -> int:
    """python -m analysis draft [--year] [--out] [--processed] [--figures]"""
    from .writer import draft_file_name, write_draft

    args = _parser_draft().parse_args(argv)
    args.year = paths.report_year(args.year)
    processed = paths.resolve(args.processed, _processed_for(args.year))
    if not processed.is_dir():
        return _usage_error(f"清洗结果文件夹不存在：{paths.display_path(processed)}（请先运行 python -m analysis clean，或用 --processed 指定）")
    figures = paths.resolve(args.figures, _reports_for(args.year) / "figures")
    if args.figures and not figures.is_dir():
        return _usage_error(f"图表文件夹不存在：{figures}")
    out = paths.resolve(args.out, _draft_dir_for(args.year))
    if out.suffix.lower() != ".docx":
        if out.suffix:
            return _usage_error(f"输出文件应为 .docx：{out}")
        out = out / draft_file_name(args.year)
    try:
        result = write_draft(out, processed, args.year, figures)
    except OutputBlocked as blocked:  # the draft open in Word: one line, exit 3
        note_blocked(blocked.line())
        return report_blocked(0)
    print(f"数据稿已写出：{paths.display_path(out)}")
    print(f"  数字 {len(result.numbers)} 处来自数据，{len(result.placements) - len(result.numbers)} 处暂无数据；"
          f"插入图表 {len(result.figures)} 张" + (f"，缺少 {len(result.missing_figures)} 张（先运行 python -m analysis run 生成图表）"
                                           if result.missing_figures else ""))
    return 0
