"""The data draft: written from the sample, read back by check-draft (round trip), edited, rendered."""

from __future__ import annotations

import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from analysis.draft.check import check_blocks, check_draft
from analysis.draft.documents import read_blocks
from analysis.draft.linking import load_metric_words
from analysis.draft.metric_values import MetricValue, MetricValues, label_of, unit_of
from analysis.draft.verdicts import FAILS, HOLDS
from analysis.draft.writer import NO_DATA_TEXT, load_outline, write_draft

FIGURES = ("publicity/activities_by_month", "correction/resettlement_funnel")


@pytest.fixture(scope="module")
def figures_dir(tmp_path_factory) -> Path:
    """Two of the notebooks' figures (small stand-ins); the others are missing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = tmp_path_factory.mktemp("figures")
    for name in FIGURES:
        fig, ax = plt.subplots(figsize=(4, 2))
        ax.bar([1, 2, 3], [3, 1, 2])
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(folder / f"{name}.png", dpi=50)
        plt.close(fig)
    return folder


@pytest.fixture(scope="module")
def draft(processed_sample, figures_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("draft") / "2025年法治建设工作情况（数据稿）.docx"
    return write_draft(path, processed_sample, 2025, figures_dir)


def body_runs(document):
    """Every run of the body: paragraphs, then table cells."""
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def test_round_trip_every_number_holds(draft, processed_sample):
    result = check_draft(draft.path, processed_sample, 2025)
    written = [(p.metric, p.text) for p in draft.numbers]
    found = [(f.metric, f.text) for f in result.findings]
    assert found == written
    assert {f.verdict for f in result.findings} == {HOLDS}
    assert result.structure == []
    assert len(draft.numbers) >= 27 * 2  # each metric with data in a sentence and in its section's table


def test_changed_numbers_do_not_hold_exactly_there(draft, processed_sample, tmp_path):
    document = Document(str(draft.path))
    numbers = [p for p in draft.numbers]
    targets = {  # metric → (text in the prose or table, replacement)
        "precision_events": None, "precision_materials": None, "correction_education_pass_rate": None,
        "school_students_reached": None,
    }
    replacements = {"precision_events": "25次", "precision_materials": "7000余份",
                    "correction_education_pass_rate": "97.5%", "school_students_reached": "1850人"}
    in_table = {"school_students_reached"}
    for metric in targets:
        placement = next(p for p in numbers if p.metric == metric and p.in_table == (metric in in_table))
        targets[metric] = placement.text
    edited = {}
    runs = list(body_runs(document))
    for metric, original in targets.items():
        candidates = [r for r in runs if r.text == original]
        run = candidates[-1] if metric in in_table else candidates[0]
        run.text = replacements[metric]
        edited[metric] = original
    path = tmp_path / "改过的数据稿.docx"
    document.save(str(path))

    result = check_draft(path, processed_sample, 2025)
    failing = {(f.metric, f.text, f.supported) for f in result.findings if f.verdict != HOLDS}
    assert failing == {(m, replacements[m], edited[m]) for m in replacements}
    assert all(f.verdict == FAILS for f in result.findings if f.verdict != HOLDS)
    assert len(result.findings) == len(draft.numbers)


def test_first_page_says_it_is_a_data_draft(draft):
    document = Document(str(draft.path))
    first_page = "".join(p.text for p in document.paragraphs[:8])
    assert "数据稿" in first_page and "不是正式报告" in first_page and "撰写人" in first_page


def test_structure_follows_the_outline(draft):
    document = Document(str(draft.path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "一、2025年法治建设工作情况"
    assert "三、下一步打算" in headings and "二、存在的问题" in headings
    assert len(headings) == sum(1 + len(s.get("items", [])) for part in load_outline()["parts"]
                                for s in part.get("sections", [])) + len(load_outline()["parts"])


def test_every_number_has_a_comment_naming_metric_and_sources(draft):
    document = Document(str(draft.path))
    comments = list(document.comments)
    assert len(comments) == len(draft.placements)
    texts = ["\n".join(p.text for p in c.paragraphs) for c in comments]
    for placement, text in zip(draft.placements, texts, strict=True):
        assert f"（{placement.metric}）" in text
        assert ("来源文件：" in text) == placement.has_data
    assert any(".xlsx" in t or ".xls" in t or ".csv" in t for t in texts)


def test_metrics_without_data_are_marked_for_the_writer(draft):
    missing = [p for p in draft.placements if not p.has_data]
    assert missing and all(p.text == NO_DATA_TEXT for p in missing)
    assert {p.metric for p in missing} == {p.metric for p in draft.placements} - {p.metric for p in draft.numbers}


def test_a4_page_chinese_fonts_and_figures(draft):
    document = Document(str(draft.path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert abs((section.page_width - section.left_margin - section.right_margin) - Mm(156)) < Mm(0.1)
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")), name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name
    for run in body_runs(document):
        if run.text.strip():
            assert run._r.rPr is not None and run._r.rPr.rFonts.get(qn("w:eastAsia")), run.text
    pictures = document.inline_shapes
    assert len(pictures) == len(FIGURES) == len(draft.figures)
    assert all(abs(p.width - Mm(156)) < Mm(0.1) for p in pictures)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("图")]
    assert captions == ["图1 普法活动按月分布", "图2 安置帮教衔接、安置与帮教"]
    assert "case_review/scores_and_grades" in draft.missing_figures


class SyntheticValues(MetricValues):
    """A value for every one of the 64 metrics, including those without data today."""

    def __init__(self, seed: int):
        super().__init__(None)
        self.rng = random.Random(seed)
        screened = self.rng.randint(100, 5000)
        self.counts = {"disputes_screened": screened, "disputes_resolved": self.rng.randint(screened * 9 // 10, screened)}

    def _compute(self, metric: str) -> MetricValue:
        words, rng = load_metric_words()[metric], self.rng
        extra = {}
        if metric in self.counts:
            value: object = Decimal(self.counts[metric])
        elif metric == "dispute_resolution_rate":
            num, den = self.counts["disputes_resolved"], self.counts["disputes_screened"]
            value, extra = Decimal(num) * 100 / Decimal(den), {"numerator": float(num), "denominator": float(den)}
        elif words.wording == "period":
            value = "2024-03/2025-11"
        elif words.wording == "yoy":
            value = Decimal(rng.randint(-300, 400)) / 10
        elif words.is_rate:
            den = rng.randint(50, 5000)
            num = rng.randint(den * 9 // 10, den)
            value, extra = Decimal(num) * 100 / Decimal(den), {"numerator": float(num), "denominator": float(den)}
        elif "元" in words.measures:
            value = Decimal(rng.randint(10_000, 90_000_000))
        else:
            value = Decimal(rng.randint(1, 6000))
        return MetricValue(metric, label_of(metric), value, unit_of(metric), "", 1, ("示例.xlsx",), **extra)


@pytest.mark.parametrize("seed", range(8))
def test_round_trip_for_all_64_metrics_once_they_have_data(seed, tmp_path):
    """The sentences written for the 37 metrics without data yet read back right once data exists."""
    values = SyntheticValues(seed)
    written = write_draft(tmp_path / "d.docx", None, 2025, values=values)
    assert {p.metric for p in written.numbers} == set(load_metric_words())
    result = check_blocks(read_blocks(written.path), values)
    assert [(f.metric, f.text) for f in result.findings] == [(p.metric, p.text) for p in written.numbers]
    assert {f.verdict for f in result.findings} == {HOLDS}
    assert {s.kind for s in result.structure} <= {"同比缺少上年数据"}


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice 未安装")
def test_libreoffice_converts_the_draft_to_pdf(draft, tmp_path):
    profile = tmp_path / "lo-profile"
    completed = subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(draft.path)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    pdf = tmp_path / (draft.path.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 10_000, completed.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "数据稿" in text and "精准普法" in text
