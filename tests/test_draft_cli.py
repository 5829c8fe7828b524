"""python -m analysis check-draft / draft: usage errors, outputs, annotated copy, Markdown drafts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from docx import Document

from analysis.cli import COMMANDS
from analysis.cli import main as analysis_main
from analysis.draft.cli import main_check_draft, main_draft

SEED = Path(__file__).parent / "data" / "seed_report_2025.txt"


def test_commands_are_wired():
    assert {"check-draft", "draft"} <= set(COMMANDS)


@pytest.mark.parametrize("name", ["草稿.pdf", "草稿.doc", "草稿"])
def test_unknown_suffix_is_bad_usage(tmp_path, capsys, name):
    draft = tmp_path / name
    draft.write_text("开展活动21次", encoding="utf-8")
    assert main_check_draft([str(draft), "--processed", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：不支持的文稿格式") and len(err.splitlines()) == 1


def test_missing_draft_and_missing_processed_are_bad_usage(tmp_path, capsys):
    assert main_check_draft([str(tmp_path / "没有.docx")]) == 2
    assert "找不到文稿" in capsys.readouterr().err
    assert main_check_draft([str(SEED), "--processed", str(tmp_path / "没有")]) == 2
    assert "清洗结果文件夹不存在" in capsys.readouterr().err
    assert main_draft(["--processed", str(tmp_path / "没有")]) == 2
    assert "清洗结果文件夹不存在" in capsys.readouterr().err
    assert main_draft(["--processed", str(tmp_path), "--out", str(tmp_path / "稿.pdf")]) == 2


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        analysis_main(["check-draft", "--help"])
    assert "逐个核对" in capsys.readouterr().out


def test_check_draft_writes_table_html_and_annotated_copy(processed_sample, tmp_path, capsys):
    out = tmp_path / "out"
    assert analysis_main(["check-draft", str(SEED), "--processed", str(processed_sample), "--out", str(out),
                          "--comment-holds"]) == 0
    printed = capsys.readouterr().out
    assert "核对完成" in printed and "序号重复" in printed

    book = openpyxl.load_workbook(out / "seed_report_2025_数字核对.xlsx", read_only=True)
    assert book.sheetnames == ["数字核对", "结构问题", "非统计数字"]
    rows = list(book["数字核对"].iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "章节", "句子", "原文数字") and len(rows) == 65
    assert rows[0][12] == "读作" and all(r[12] for r in rows[1:])
    verdicts = {r[8] for r in rows[1:]}
    assert verdicts <= {"成立", "仅截断时成立", "暂无数据"} and "成立" in verdicts

    page = (out / "seed_report_2025_数字核对.html").read_text(encoding="utf-8")
    assert "化解率99%" in page and "序号重复" in page and "暂无数据" in page
    # Rules by their Chinese names (“余”, 等于), not yu/exact; the 指标 column keeps the figure's key.
    from analysis.resources import load_metric_definitions

    from .id_scan import html_cells, ids_in_cells

    keys = set(load_metric_definitions())
    assert not [i for i in ids_in_cells(html_cells(page)) if i not in keys]
    metric_column = rows[0].index("指标")
    assert not ids_in_cells([v for r in rows for i, v in enumerate(r) if i != metric_column])
    assert any(r[rows[0].index("表述规则")].startswith("“余”") for r in rows[1:])

    annotated = Document(str(out / "seed_report_2025_批注.docx"))
    comments = ["\n".join(p.text for p in c.paragraphs) for c in annotated.comments]
    assert len(comments) == 64 + 1  # each number, and the repeated part number
    assert any(c.startswith("成立：5000余份") and "precision_materials" in c for c in comments)
    assert any("后者应为“三、”" in c for c in comments)
    body = [p.text for p in annotated.paragraphs]
    assert body[0].startswith("【核对摘要】")
    first = next(i for i, t in enumerate(body) if t.startswith("2025年是“十四五”规划收官之年"))
    assert all(t.startswith(("【核对摘要】", "仅截断时成立", "暂无数据", "序号", "比率", "同比")) for t in body[1:first])


def test_markdown_draft_with_a_table(processed_sample, tmp_path):
    draft = tmp_path / "稿.md"
    draft.write_text(
        "# 一、工作情况\n\n## (一)普法\n\n**开展精准普法活动21次**，发放宣传材料6000余份。\n\n"
        "| 指标 | 数值 |\n|---|---|\n| 精准普法活动 | 21次 |\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main_check_draft([str(draft), "--processed", str(processed_sample), "--out", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out / "稿_数字核对.xlsx", read_only=True)["数字核对"].iter_rows(values_only=True))
    found = [(r[3], r[4], r[8], r[9] or "") for r in rows[1:]]
    assert found == [("21次", "precision_events", "成立", ""), ("6000余份", "precision_materials", "不成立", "5000余份"),
                     ("21次", "precision_events", "成立", "")]
    assert len(Document(str(out / "稿_批注.docx")).comments) == 1  # 成立 is not commented by default


def test_draft_command_default_name_and_check_of_its_output(processed_sample, tmp_path, capsys):
    out = tmp_path / "draft"
    assert main_draft(["--processed", str(processed_sample), "--out", str(out), "--figures", str(tmp_path)]) == 0
    written = out / "2025年法治建设工作情况（数据稿）.docx"
    assert written.is_file() and "数据稿已写出" in capsys.readouterr().out
    assert main_check_draft([str(written), "--processed", str(processed_sample), "--out", str(out)]) == 0
    assert "不成立 0" in capsys.readouterr().out and (out / "2025年法治建设工作情况（数据稿）_批注.docx").is_file()


def test_annotated_copy_colours_findings_and_sums_them_up(processed_sample, tmp_path):
    """Issue 22 item 5: 不成立 red, 仅截断时成立 yellow, 暂无数据 grey; a summary on top; 成立 uncommented."""
    from docx.enum.text import WD_COLOR_INDEX

    draft = tmp_path / "稿.txt"
    draft.write_text("开展精准普法活动21次，发放宣传材料6000余份。矛盾纠纷化解率99%。受理群众诉求367件/次。\n"
                     "近三年命案零发生，网格员33名。\n全年开展普法活动，排查矛盾纠纷，办理法律咨询。西城街道共300件。",
                     encoding="utf-8")
    out = tmp_path / "out"
    assert main_check_draft([str(draft), "--processed", str(processed_sample), "--out", str(out)]) == 0
    document = Document(str(out / "稿_批注.docx"))
    colours = {r.text: r.font.highlight_color for p in document.paragraphs for r in p.runs if r.font.highlight_color}
    assert colours.get("6000余份") == WD_COLOR_INDEX.RED
    assert colours.get("99%") == WD_COLOR_INDEX.YELLOW
    assert colours.get("300件") == WD_COLOR_INDEX.TURQUOISE
    assert "21次" not in colours
    summary = [p.text for p in document.paragraphs if not p.text.startswith(("开展", "近三年", "全年"))]
    assert any(t.startswith("需人工核对：“300件”") for t in summary)
    assert summary[0].startswith("【核对摘要】") and any(t.startswith("不成立：“6000余份”（应为5000余份）") for t in summary)
    assert all(not c.paragraphs[0].text.startswith("成立") for c in document.comments)
    assert any(c.paragraphs[0].text.startswith("不成立") for c in document.comments)
    assert main_check_draft([str(draft), "--processed", str(processed_sample), "--out", str(out), "--comment-holds"]) == 0
    assert any(c.paragraphs[0].text.startswith("成立") for c in Document(str(out / "稿_批注.docx")).comments)
