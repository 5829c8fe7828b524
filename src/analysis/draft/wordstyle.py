"""Word documents with python-docx: A4 page, Chinese fonts, runs cut out for comments.

python-docx writes only the Latin font name; without ``w:eastAsia`` on styles and runs Word falls
back to its default East Asian font. ``set_font`` sets both, and drops the theme fonts that would
otherwise win. Body text is 仿宋, headings 黑体/楷体, the title 宋体, at the report's 156 mm text
width (GB/T 9704: left 28 mm, right 26 mm).
"""

from __future__ import annotations

import copy

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

LATIN_FONT = "Times New Roman"
BODY_FONT, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT, TABLE_FONT = "仿宋", "黑体", "楷体", "宋体", "宋体"
BODY_PT, TITLE_PT, TABLE_PT, CAPTION_PT, COMMENT_PT = 16, 22, 10.5, 12, 10.5
LINE_PT = 28
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH = PAGE_W - MARGINS["left"] - MARGINS["right"]  # 156 mm
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
COMMENT_AUTHOR, COMMENT_INITIALS = "数据核对", "SJ"


def _set_rfonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def set_font(owner, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set the East Asian and Latin fonts (and size, bold) of a style or a run."""
    element = owner.element if hasattr(owner, "type") else owner._r
    _set_rfonts(element.get_or_add_rPr(), east_asia)
    if size is not None:
        owner.font.size = Pt(size)
    if bold is not None:
        owner.font.bold = bold


def _style_paragraphs(style, size: float, east_asia: str, bold: bool = False, *, exact: bool = True,
                      before: float = 0, after: float = 0) -> None:
    set_font(style, east_asia, size, bold)
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.italic = False
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)


def _set_defaults(document) -> None:
    """Document defaults: 仿宋 for East Asian text, Chinese as the East Asian language."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    _set_rfonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def new_document():
    """Return an empty A4 document with the report's margins, fonts and styles."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    _set_defaults(document)
    styles = document.styles
    _style_paragraphs(styles["Normal"], BODY_PT, BODY_FONT)
    styles["Normal"].paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _style_paragraphs(styles["Title"], TITLE_PT, TITLE_FONT, True, exact=False, before=12, after=18)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, font, bold in (("Heading 1", HEADING_FONT, False), ("Heading 2", SUBHEADING_FONT, False),
                             ("Heading 3", BODY_FONT, True)):
        _style_paragraphs(styles[name], BODY_PT, font, bold)
        styles[name].paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        styles[name].paragraph_format.keep_with_next = True
    _style_paragraphs(styles["Caption"], CAPTION_PT, HEADING_FONT, False, exact=False, after=6)
    styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Title", "Caption"):
        styles[name].paragraph_format.first_line_indent = Pt(0)
    _remove_title_border(styles["Title"])
    add_page_number(section)
    return document


def _remove_title_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


def add_page_number(section) -> None:
    """Centre a PAGE field in the footer: — 1 —."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    set_font(paragraph.add_run("— "), BODY_FONT, 14)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), BODY_FONT, 14)


def add_text(paragraph: Paragraph, text: str, east_asia: str = BODY_FONT, size: float | None = None,
             bold: bool | None = None) -> Run:
    """Append a run with the East Asian font set on it."""
    run = paragraph.add_run(text)
    set_font(run, east_asia, size, bold)
    return run


def highlight(run: Run) -> None:
    """Mark a run yellow (a place the writer must fill)."""
    from docx.enum.text import WD_COLOR_INDEX

    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def comment(document, runs: Run | list[Run], text: str) -> None:
    """Anchor a comment on ``runs``; each line of ``text`` is one paragraph of the comment."""
    lines = text.split("\n")
    c = document.add_comment(runs, text=lines[0], author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)
    for line in lines[1:]:
        c.add_paragraph(line)
    for paragraph in c.paragraphs:
        for run in paragraph.runs:
            set_font(run, TABLE_FONT, COMMENT_PT)


def runs_with_offsets(paragraph: Paragraph) -> list[tuple[Run, int, int]]:
    """Return every run of a paragraph (hyperlinks included) with its span in ``paragraph.text``."""
    out, pos = [], 0
    for item in paragraph.iter_inner_content():
        for run in item.runs if not isinstance(item, Run) else [item]:
            n = len(run.text)
            out.append((run, pos, pos + n))
            pos += n
    return out


def _split_run(run: Run, at: int) -> Run:
    """Cut a run in two at character ``at``; return the right part (same formatting)."""
    text = run.text
    right_el = copy.deepcopy(run._r)
    run._r.addnext(right_el)
    run.text = text[:at]
    right = Run(right_el, run._parent)
    right.text = text[at:]
    return right


def isolate(paragraph: Paragraph, start: int, end: int) -> list[Run]:
    """Return runs covering exactly ``paragraph.text[start:end]``, cutting runs where needed."""
    for run, s, e in runs_with_offsets(paragraph):
        if s < start < e:
            _split_run(run, start - s)
            break
    for run, s, e in runs_with_offsets(paragraph):
        if s < end < e:
            _split_run(run, end - s)
            break
    return [run for run, s, e in runs_with_offsets(paragraph) if s >= start and e <= end and e > s]
