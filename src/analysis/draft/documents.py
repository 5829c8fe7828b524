"""Drafts in and out: read .docx/.txt/.md into paragraphs; write the findings table (xlsx, HTML)
and a copy of the draft with a Word comment on each number.

A draft is read as ``blocks.Block``s: paragraphs and table rows.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import save_atomic, write_atomic, write_text_atomic
from ..inert import xlsxwriter_workbook
from .blocks import Block, Segment
from .quantities import normalize
from .structure import heading_marker

if TYPE_CHECKING:  # pragma: no cover
    from .findings import CheckResult

SUFFIXES = (".docx", ".txt", ".md")
CELL_JOIN = "\t"  # a table row's cells; a figure's words after it stop at its own cell
LINE_END = re.compile(r"[。！？!?；;：:”」）)]$")
WRAP_MIN_LENGTH = 20
MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s*|[-*+]\s+)")
MD_EMPHASIS = re.compile(r"\*\*|__|`")
MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join lines that a text editor wrapped inside a sentence; blank lines separate paragraphs."""
    out: list[str] = []
    open_line = False
    for raw in lines:
        line = raw.strip()
        if not line:
            open_line = False
            continue
        continues = (open_line and out and len(out[-1]) >= WRAP_MIN_LENGTH and not LINE_END.search(out[-1])
                     and heading_marker(0, normalize(line)) is None)
        if continues:
            out[-1] += line
        else:
            out.append(line)
        open_line = True
    return out


def read_text_file(path: Path) -> str:
    """Return a text file's content (UTF-8, else GB18030 as Chinese Windows saves it)."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def read_txt(path: Path) -> list[Block]:
    """Return the paragraphs of a .txt draft."""
    return [Block("paragraph", line) for line in _join_wrapped(read_text_file(path).splitlines())]


def read_md(path: Path) -> list[Block]:
    """Return the paragraphs and table rows of a Markdown draft (markup removed)."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        blocks.extend(Block("paragraph", line) for line in _join_wrapped(lines))
        lines.clear()

    for raw in read_text_file(path).splitlines():
        if raw.strip().startswith("|"):
            flush()
            if not MD_RULE.match(raw):
                cells = [MD_EMPHASIS.sub("", c).strip() for c in raw.strip().strip("|").split("|")]
                blocks.append(Block("row", CELL_JOIN.join(c for c in cells if c)))
            continue
        lines.append(MD_EMPHASIS.sub("", MD_PREFIX.sub("", raw)) if raw.strip() else "")
    flush()
    return [b for b in blocks if b.text]


def docx_blocks(document) -> list[Block]:
    """Return the paragraphs and table rows of a python-docx document, in reading order."""
    from docx.table import Table

    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                blocks.extend(_row_block(row))
        elif item.text.strip():
            blocks.append(Block("paragraph", item.text, [Segment(item, 0, len(item.text))]))
    return blocks


def _row_block(row) -> list[Block]:
    seen, segments, parts, pos = set(), [], [], 0
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        for paragraph in cell.paragraphs:
            if not paragraph.text.strip():
                continue
            if parts:
                pos += len(CELL_JOIN)
            segments.append(Segment(paragraph, pos, pos + len(paragraph.text)))
            parts.append(paragraph.text)
            pos += len(paragraph.text)
    return [Block("row", CELL_JOIN.join(parts), segments)] if parts else []


def read_docx(path: Path) -> list[Block]:
    """Return the paragraphs and table rows of a .docx draft."""
    from docx import Document

    return docx_blocks(Document(str(path)))


def read_blocks(path: Path) -> list[Block]:
    """Read a draft by its suffix (.docx, .txt, .md)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".txt":
        return read_txt(path)
    if suffix == ".md":
        return read_md(path)
    raise ValueError(f"不支持的文稿格式“{path.suffix}”：请用 .docx、.txt 或 .md")


# ------------------------------------------------------------------ outputs

TABLE_COLUMNS = ("序号", "章节", "句子", "原文数字", "指标", "指标名称", "计算值", "表述规则", "结论",
                 "数据支持的表述", "说明", "来源文件", "读作", "候选读法（需人工核对时）")
VERDICT_COLOURS = {"holds": "#E2EFDA", "truncation": "#FFF2CC", "fails": "#F8CBAD", "no_data": "#EDEDED",
                   "untied": "#DDEBF7", "review": "#D9D2E9"}
#: The findings coloured in the annotated copy (Word highlight colours) and listed in its summary, in order.
ANNOTATED_HIGHLIGHTS = {"fails": "RED", "truncation": "YELLOW", "review": "TURQUOISE", "no_data": "GRAY_25"}
SUMMARY_MARK = "【核对摘要】"


def findings_rows(result: CheckResult) -> list[list[str]]:
    """Return one row per finding, in the order of TABLE_COLUMNS."""
    from ..report.labels import rule_label

    return [
        [str(i), f.section or "（开头）", f.sentence, f.text, f.metric or "", f.label, f.value_text,
         rule_label(f.rule, meaning=True), f.verdict_text, f.supported, f.note, f.sources,
         f.reading or "（未读出）", f.options_text if f.verdict == "review" else ""]
        for i, f in enumerate(result.findings, 1)
    ]


def structure_rows(result: CheckResult) -> list[list[str]]:
    return [[s.kind, s.section or "（开头）", s.text, s.message] for s in result.structure]


def aside_rows(result: CheckResult) -> list[list[str]]:
    return [[a.section or "（开头）", a.item.text, a.item.reason, a.sentence] for a in result.set_aside]


def write_xlsx(result: CheckResult, path: Path) -> Path:
    """Write the findings, structural findings and numbers set aside as three sheets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book = xlsxwriter_workbook(buffer)
    head = book.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "text_wrap": True,
                            "valign": "top", "font_name": "宋体"})
    wrap = {"text_wrap": True, "valign": "top", "font_name": "宋体"}
    plain_fmt = book.add_format(wrap)
    colour = {v: book.add_format({**wrap, "bg_color": c}) for v, c in VERDICT_COLOURS.items()}
    sheets = (
        ("数字核对", TABLE_COLUMNS, findings_rows(result), (5, 8, 40, 12, 24, 18, 18, 22, 12, 14, 30, 40, 40, 60)),
        ("结构问题", ("类别", "章节", "原文", "说明"), structure_rows(result), (22, 10, 20, 80)),
        ("非统计数字", ("章节", "原文", "排除原因", "句子"), aside_rows(result), (10, 24, 24, 70)),
    )
    for name, columns, rows, widths in sheets:
        sheet = book.add_worksheet(name)
        for c, (title, width) in enumerate(zip(columns, widths, strict=True)):
            sheet.write(0, c, title, head)
            sheet.set_column(c, c, width)
        for r, row in enumerate(rows, 1):
            fmt = colour[result.findings[r - 1].verdict] if name == "数字核对" else plain_fmt
            for c, value in enumerate(row):
                sheet.write_string(r, c, value, fmt)
        sheet.freeze_panes(1, 0)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()
    return write_atomic(path, buffer.getvalue())


def _html_table(columns, rows, classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def write_html(result: CheckResult, path: Path, title: str) -> Path:
    """Write the findings as one HTML page (findings, structural findings, numbers set aside)."""
    style = "".join(f"tr.{v} td{{background:{c}}}" for v, c in VERDICT_COLOURS.items())
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:"Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;font-size:14px}}
table{{border-collapse:collapse;margin-bottom:2em}}th,td{{border:1px solid #bbb;padding:4px 6px;vertical-align:top}}
th{{background:#1F4E79;color:#fff;position:sticky;top:0}}{style}</style></head><body>
<h1>{html.escape(title)}</h1><p>{html.escape(result.summary())}</p>
<h2>结构问题</h2>{_html_table(("类别", "章节", "原文", "说明"), structure_rows(result))}
<h2>数字核对</h2>{_html_table(TABLE_COLUMNS, findings_rows(result), [f.verdict for f in result.findings])}
<h2>非统计数字（已排除）</h2>{_html_table(("章节", "原文", "排除原因", "句子"), aside_rows(result))}
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomic(path, page)


def comment_text(finding) -> str:
    """The comment on one number of the annotated draft."""
    lines = [f"{finding.verdict_text}：{finding.text}"]
    if finding.reading:
        lines.append(f"读作：{finding.reading}")
    if finding.verdict == "review" and finding.options:
        lines.append(f"候选读法：{finding.options_text}")
    if finding.metric:
        lines.append(f"指标：{finding.label}（{finding.metric}）")
    if finding.value_text:
        lines.append(f"计算值：{finding.value_text}")
    if finding.supported:
        lines.append(f"数据支持的表述：{finding.supported}")
    if finding.note:
        lines.append(f"说明：{finding.note}")
    if finding.sources:
        lines.append(f"来源文件：{finding.sources}")
    return "\n".join(lines)


def _document_for(result: CheckResult):
    """The draft as a python-docx document with blocks aligned to the checked ones."""
    from docx import Document

    from .wordstyle import new_document

    if result.source is not None and result.source.suffix.lower() == ".docx":
        document = Document(str(result.source))
        return document, docx_blocks(document)
    document = new_document()
    for block in result.blocks:
        document.add_paragraph(block.text)
    return document, docx_blocks(document)


def summary_lines(result: CheckResult) -> list[str]:
    """The annotated copy's summary: one line per kind of finding, the numbers named."""
    from .verdicts import VERDICT_TEXT

    lines = [f"{SUMMARY_MARK}{result.summary()}"]
    for verdict in ANNOTATED_HIGHLIGHTS:
        found = [f for f in result.findings if f.verdict == verdict]
        if found:
            shown = "、".join(f"“{f.text}”" + (f"（应为{f.supported}）" if f.supported else "") for f in found[:12])
            more = f"等{len(found)}处" if len(found) > 12 else f"共{len(found)}处"
            lines.append(f"{VERDICT_TEXT[verdict]}：{shown}{more}")
    for s in result.structure:
        lines.append(f"{s.kind}：{s.message}")
    return lines


def write_annotated(result: CheckResult, path: Path, comment_holds: bool = False) -> Path:
    """Write a copy of the draft with a Word comment on every finding (on the numbers that hold too
    with ``comment_holds``), the findings highlighted by colour and a summary at the top."""
    from docx.enum.text import WD_COLOR_INDEX

    from .wordstyle import comment

    document, blocks = _document_for(result)
    if [b.text for b in blocks] != [b.text for b in result.blocks]:
        raise RuntimeError("批注副本与核对时读到的段落不一致")
    for finding in result.findings:
        if finding.verdict == "holds" and not comment_holds:
            continue
        runs = _runs_of(blocks[finding.block], finding.quantity.start, finding.quantity.end)
        if runs:
            comment(document, runs, comment_text(finding))
            colour = ANNOTATED_HIGHLIGHTS.get(finding.verdict)
            for run in runs:
                if colour:
                    run.font.highlight_color = getattr(WD_COLOR_INDEX, colour)
    for entry in result.structure:
        if entry.block >= 0:
            runs = _runs_of(blocks[entry.block], entry.start, entry.end)
            if runs:
                comment(document, runs, f"{entry.kind}：{entry.message}")
    _insert_summary(document, summary_lines(result))
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_atomic(document, path)


def _runs_of(block: Block, start: int, end: int) -> list:
    from .wordstyle import isolate

    for seg in block.segments:
        if seg.start <= start and end <= seg.end:
            return isolate(seg.paragraph, start - seg.start, end - seg.start)
    return []


def _insert_summary(document, lines: list[str]) -> None:
    """Put the summary before the draft's first paragraph, in bold red for the findings."""
    from docx.shared import RGBColor

    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph("")
    for i, line in enumerate(lines):
        paragraph = first.insert_paragraph_before("")
        run = paragraph.add_run(line)
        run.bold = i == 0
        if i:
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
