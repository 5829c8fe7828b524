"""The data draft: the report's structure with every number computed from data and worded by rule.

``write_draft`` follows ``resources/draft_outline.yaml`` (parts, sections, sentence templates,
figures, tables). Each number is its own run with a Word comment naming its metric, computed value,
wording rule, dataset and source files; a metric without data is written 【暂无数据】 (highlighted,
with a comment saying why). The first page says that this is a data draft for the writer to edit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..paths import RESOURCES
from ..personal import guard_file
from ..resources import load_datasets
from .linking import load_metric_words
from .metric_values import MetricValue, MetricValues, label_of
from .phrasing import phrase, phrase_pct
from .quantities import normalize
from .structure import heading_marker
from .verdicts import RULE_TEXT
from .wordstyle import (
    BODY_FONT,
    HEADING_FONT,
    SUBHEADING_FONT,
    TABLE_FONT,
    TABLE_PT,
    TEXT_WIDTH,
    TITLE_FONT,
    add_text,
    comment,
    highlight,
    new_document,
)

PLACEHOLDER = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
NO_DATA_TEXT = "【暂无数据】"
WRITER_NOTE = "（本节暂无可由数据生成的内容，由撰写人撰写。）"
TABLE_HEADER = ("指标", "数值", "数据来源")
TABLE_WIDTHS_MM = (70, 40, 46)  # together the 156 mm text width
HEADING_STYLES = {1: ("Heading 1", HEADING_FONT), 2: ("Heading 2", SUBHEADING_FONT), 3: ("Heading 3", BODY_FONT)}


@dataclass(frozen=True)
class Placement:
    """One number written into the draft: its metric, the phrase and the rule it follows."""

    metric: str
    text: str
    rule: str
    has_data: bool
    in_table: bool = False


@dataclass
class DraftResult:
    """What the writer wrote."""

    path: Path
    placements: list[Placement] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    missing_figures: list[str] = field(default_factory=list)

    @property
    def numbers(self) -> list[Placement]:
        return [p for p in self.placements if p.has_data]


@lru_cache(maxsize=1)
def load_outline() -> dict:
    """Return the draft outline (resources/draft_outline.yaml)."""
    with open(RESOURCES / "draft_outline.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def wording_rule(metric: str, explicit: str | None = None) -> str:
    """Return the rule the draft words a metric by: the template's, else metric_words.csv's."""
    if explicit:
        return explicit
    words = load_metric_words().get(metric)
    return words.wording if words and words.wording else "exact"


def precise_phrase(mv: MetricValue) -> str:
    """The exact value for the section tables: 5460份, 98.93%, 同比增长12.35%, 2021年1月至2025年5月."""
    if isinstance(mv.value, str):
        return phrase(mv.value, "period")
    value = mv.value
    if wording_rule(mv.metric) == "yoy":
        return phrase(value, "yoy", like=None if value == value.to_integral_value() else "0.00")
    if mv.unit == "%":
        return phrase_pct(value, None if value == value.to_integral_value() else "0.00")
    return phrase(value, "exact", mv.unit)


def source_comment(mv: MetricValue, rule: str, written: str) -> str:
    """The comment on one number of the draft: metric, value, rule, dataset, sources."""
    lines = [f"指标：{mv.label}（{mv.metric}）"]
    if not mv.has_data:
        lines.append(f"暂无数据：{mv.note}")
        return "\n".join(lines)
    value = mv.value if isinstance(mv.value, str) else f"{mv.value.quantize(Decimal('0.0001')).normalize():f}"
    if mv.numerator is not None and mv.denominator:
        value += f"%（{mv.numerator:g}/{mv.denominator:g}）"
    else:
        value += mv.unit if mv.unit != "月" else ""
    lines += [f"计算值：{value}", f"写作：{written}（规则 {rule}：{RULE_TEXT.get(rule, rule)}）"]
    title = load_datasets().get(mv.dataset)
    lines.append(f"数据集：{mv.dataset}（{title.title if title else ''}），{mv.rows} 行")
    lines.append("来源文件：" + ("；".join(mv.sources) if mv.sources else "（无）"))
    return "\n".join(lines)


class DraftWriter:
    """Builds the data draft document, section by section."""

    def __init__(self, values: MetricValues, year: int, figures_dir: Path | None):
        self.values = values
        self.year = year
        self.figures_dir = figures_dir
        self.document = new_document()
        self.placements: list[Placement] = []
        self.figures: list[Path] = []
        self.missing: list[str] = []
        self.figure_no = 0
        self.table_no = 0

    # ---------------------------------------------------------------- text
    def _fill(self, text: str) -> str:
        return text.replace("{year}", str(self.year))

    def heading(self, text: str) -> None:
        text = self._fill(text)
        marker = heading_marker(0, normalize(text))
        style, font = HEADING_STYLES.get(marker.level if marker else 3, HEADING_STYLES[3])
        paragraph = self.document.add_paragraph(style=style)
        add_text(paragraph, text, font)

    def number_run(self, paragraph, metric: str, rule: str | None, *, in_table: bool = False) -> None:
        """Write one metric's number as its own run, with its comment."""
        mv = self.values.get(metric)
        rule = wording_rule(metric, rule)
        if mv.has_data:
            written = precise_phrase(mv) if in_table else phrase(mv.value, rule, mv.unit)
            run = add_text(paragraph, written, *((TABLE_FONT, TABLE_PT) if in_table else (BODY_FONT,)))
        else:
            written = NO_DATA_TEXT
            run = add_text(paragraph, written, *((TABLE_FONT, TABLE_PT) if in_table else (BODY_FONT,)))
            highlight(run)
        comment(self.document, run, source_comment(mv, "exact" if in_table else rule, written))
        self.placements.append(Placement(metric, written, rule, mv.has_data, in_table))

    def sentence(self, template: str) -> list[str]:
        """Write one body paragraph from a template; return the metrics it names."""
        paragraph = self.document.add_paragraph()
        metrics, pos = [], 0
        text = self._fill(template)
        for m in PLACEHOLDER.finditer(text):
            if m.start() > pos:
                add_text(paragraph, text[pos:m.start()])
            self.number_run(paragraph, m.group(1), m.group(2))
            metrics.append(m.group(1))
            pos = m.end()
        if pos < len(text):
            add_text(paragraph, text[pos:])
        return metrics

    def note(self, text: str) -> None:
        add_text(self.document.add_paragraph(), text)

    # ---------------------------------------------------------------- figures and tables
    def figure(self, spec: dict) -> None:
        """Insert a notebook's figure with its caption, if the PNG exists."""
        path = self.figures_dir / f"{spec['file']}.png" if self.figures_dir else None
        if path is None or not path.is_file():
            self.missing.append(spec["file"])
            return
        self.figure_no += 1
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.line_spacing, fmt.keep_with_next = Pt(0), 1.0, True
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(str(path), width=TEXT_WIDTH)
        caption = self.document.add_paragraph(style="Caption")
        add_text(caption, f"图{self.figure_no} {spec['caption']}", HEADING_FONT)
        self.figures.append(path)

    def table(self, heading: str, metrics: list[str]) -> None:
        """The section's metrics with their exact values and datasets."""
        if not metrics:
            return
        self.table_no += 1
        caption = self.document.add_paragraph(style="Caption")
        caption.paragraph_format.keep_with_next = True
        title = re.sub(r"^\S*?[、.)）]", "", self._fill(heading))
        add_text(caption, f"表{self.table_no} 本节数据：{title}", HEADING_FONT)
        table = self.document.add_table(rows=1, cols=len(TABLE_HEADER))
        table.style = "Table Grid"
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
            self._cell_text(cell, text, bold=True)
        for metric in dict.fromkeys(metrics):
            row = table.add_row().cells
            self._cell_text(row[0], label_of(metric))
            paragraph = self._cell_paragraph(row[1])
            self.number_run(paragraph, metric, None, in_table=True)
            mv = self.values.get(metric)
            spec = load_datasets().get(mv.dataset)
            self._cell_text(row[2], spec.title if spec and mv.has_data else "—")
        for column, width in zip(table.columns, TABLE_WIDTHS_MM, strict=True):
            for cell in column.cells:
                cell.width = Mm(width)
        self.document.add_paragraph()

    @staticmethod
    def _cell_paragraph(cell):
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.line_spacing, fmt.alignment = Pt(0), 1.0, WD_ALIGN_PARAGRAPH.LEFT
        return paragraph

    def _cell_text(self, cell, text: str, bold: bool = False) -> None:
        add_text(self._cell_paragraph(cell), text, TABLE_FONT, TABLE_PT, bold or None)

    # ---------------------------------------------------------------- whole document
    def first_page(self, outline: dict, generated: dt.date) -> None:
        title = self.document.add_paragraph(style="Title")
        add_text(title, self._fill(outline["title"]), TITLE_FONT)
        box = self.document.add_paragraph()
        add_text(box, "说明", HEADING_FONT, bold=False)
        for line in outline.get("note", []):
            add_text(self.document.add_paragraph(), self._fill(line))
        add_text(self.document.add_paragraph(),
                 f"数据年度：{self.year}年；生成日期：{generated.year}年{generated.month}月{generated.day}日。")
        self.document.add_page_break()

    def section(self, spec: dict) -> None:
        self.heading(spec["heading"])
        items = spec.get("items")
        if items:
            for item in items:
                self.section(item)
            return
        metrics: list[str] = []
        for template in spec.get("sentences", []):
            metrics += self.sentence(template)
        if not spec.get("sentences"):
            self.note(WRITER_NOTE)
        for figure in spec.get("figures", []):
            self.figure(figure)
        if spec.get("table"):
            self.table(spec["heading"], metrics)

    def write(self, path: Path, generated: dt.date) -> DraftResult:
        outline = load_outline()
        self.first_page(outline, generated)
        for part in outline["parts"]:
            self.heading(part["heading"])
            for spec in part.get("sections", []):
                self.section(spec)
            if not part.get("sections"):
                self.note(WRITER_NOTE)
        props = self.document.core_properties
        props.title = self._fill(outline["title"])
        props.author = "分析工作台"
        props.comments = f"数据稿，由 python -m analysis draft 根据 {self.values.processed} 生成"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.document.save(str(path))
        guard_file(path)  # the last check: no personal data in anything we write
        return DraftResult(path, self.placements, self.figures, self.missing)


def write_draft(path: str | Path, processed: str | Path | None, year: int, figures_dir: str | Path | None = None,
                generated: dt.date | None = None, values: MetricValues | None = None) -> DraftResult:
    """Write the data draft of ``year`` to ``path`` (.docx) from the processed data (or given ``values``)."""
    values = values or MetricValues(Path(processed) if processed is not None else None)
    writer = DraftWriter(values, year, Path(figures_dir) if figures_dir is not None else None)
    return writer.write(Path(path), generated or dt.date.today())


def draft_file_name(year: int) -> str:
    """The draft's file name: 2025年法治建设工作情况（数据稿）.docx."""
    return f"{year}年法治建设工作情况（数据稿）.docx"

