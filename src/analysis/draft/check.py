"""The check of a draft: every figure tied to a metric and judged, every other number set aside,
and the structural findings (part numbers, one metric stated twice, a rate against its own counts,
同比 without the previous year's data)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..datasets import dataset_path
from ..intake.privacy import scrub
from ..resources import load_metric_definitions
from .documents import Block, read_blocks
from .linking import link, load_metric_words, surroundings
from .metric_values import MetricValue, MetricValues, label_of, unit_of
from .phrasing import phrase, plain
from .quantities import Quantity, SetAside, normalize, scan
from .structure import assign_sections, numbering_problems
from .verdicts import (
    FAILS,
    HOLDS,
    NO_DATA,
    TRUNCATION,
    UNTIED,
    VERDICT_TEXT,
    interval,
    intervals_meet,
    judge,
)

SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass
class Finding:
    """One figure of the draft, tied (or not) to a metric, with its verdict."""

    block: int
    section: str
    sentence: str
    quantity: Quantity
    metric: str | None
    label: str
    verdict: str
    value: MetricValue | None = None
    supported: str = ""
    note: str = ""
    candidates: tuple[tuple[str, float], ...] = ()

    @property
    def text(self) -> str:
        return self.quantity.text

    @property
    def claimed(self) -> str:
        return self.quantity.claimed

    @property
    def rule(self) -> str:
        return self.quantity.rule

    @property
    def unit(self) -> str:
        return self.quantity.unit or (unit_of(self.metric) if self.metric else "")

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]

    @property
    def value_text(self) -> str:
        """The computed value as text (rates with up to four decimals and their counts)."""
        v = self.value
        if v is None or v.value is None:
            return ""
        if isinstance(v.value, str):
            return v.value
        d = v.value
        text = plain(d) if d == d.to_integral_value() else plain(d.quantize(Decimal("0.0001")).normalize())
        if v.numerator is not None and v.denominator:
            return f"{text}%（{plain(Decimal(repr(v.numerator)))}/{plain(Decimal(repr(v.denominator)))}）"
        return f"{text}{v.unit}"

    @property
    def sources(self) -> str:
        return "；".join(self.value.sources) if self.value else ""


@dataclass(frozen=True)
class AsideEntry:
    """A number set aside, where it is."""

    block: int
    section: str
    sentence: str
    item: SetAside


@dataclass(frozen=True)
class Structural:
    """A structural finding: kind (Chinese), section, the text concerned and what is wrong."""

    kind: str
    section: str
    text: str
    message: str
    block: int = -1
    start: int = 0
    end: int = 0


@dataclass
class CheckResult:
    """Everything the check found in one draft."""

    source: Path | None
    blocks: list[Block]
    sections: list[str]
    findings: list[Finding] = field(default_factory=list)
    set_aside: list[AsideEntry] = field(default_factory=list)
    structure: list[Structural] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(1 for f in self.findings if f.verdict == verdict)

    def summary(self) -> str:
        """One Chinese line: how many figures, per verdict, and structural findings."""
        parts = "，".join(f"{VERDICT_TEXT[v]} {self.count(v)}" for v in (HOLDS, TRUNCATION, FAILS, NO_DATA, UNTIED))
        return (f"数字 {len(self.findings)} 处（{parts}）；非统计数字 {len(self.set_aside)} 处已排除；"
                f"结构问题 {len(self.structure)} 条")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of a paragraph, the end punctuation included."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _sentence_of(spans: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for span in spans:
        if span[0] <= position < span[1]:
            return span
    return spans[-1]


def _judge_link(q: Quantity, metric: str | None, values: MetricValues) -> tuple[str, MetricValue | None, str, str]:
    """Return (verdict, value, supported wording, note) for a figure tied to ``metric``."""
    if metric is None:
        return UNTIED, None, "", ""
    mv = values.get(metric)
    if not mv.has_data:
        return NO_DATA, mv, "", mv.note
    verdict = judge(mv.value, q.claimed, q.rule, q.upper)
    supported = ""
    if verdict != HOLDS:
        supported = phrase(mv.value, q.rule, q.unit or mv.unit, like=q.claimed)
    note = "四舍五入不得此数，只有截断才得到" if verdict == TRUNCATION else ""
    return verdict, mv, supported, note


def _candidates_note(candidates: tuple[tuple[str, float], ...]) -> str:
    if not candidates:
        return "周围没有能对应某个指标的词"
    return "可能为：" + "、".join(f"{label_of(m)}（{m}）" for m, _ in candidates)


def check_blocks(blocks: list[Block], values: MetricValues, previous_available: bool = False,
                 previous_values: MetricValues | None = None, previous_year: int | None = None) -> CheckResult:
    """Check the paragraphs (and table rows) of a draft."""
    norms = [normalize(b.text) for b in blocks]
    sections, markers = assign_sections(norms)
    result = CheckResult(None, blocks, sections)
    for i, (block, norm) in enumerate(zip(blocks, norms, strict=True)):
        figures, aside = scan(norm)
        spans = sentence_spans(norm)
        for item in aside:
            s, e = _sentence_of(spans, item.start)
            result.set_aside.append(AsideEntry(i, sections[i], scrub(block.text[s:e]), item))
        for q in figures:
            s, e = _sentence_of(spans, q.start)
            neighbours = [o for o in figures if s <= o.start < e]
            where = surroundings(q, norm[s:e], s, neighbours, norm[:s], sections[i], block.kind == "row")
            for ln in link(q, where):
                verdict, mv, supported, note = _judge_link(q, ln.metric, values)
                if verdict == UNTIED:
                    note = _candidates_note(ln.candidates)
                result.findings.append(Finding(
                    block=i, section=sections[i], sentence=scrub(block.text[s:e]), quantity=q, metric=ln.metric,
                    label=label_of(ln.metric) if ln.metric else "", verdict=verdict, value=mv,
                    supported=supported, note=note, candidates=ln.candidates,
                ))
    result.structure.extend(
        Structural("序号", p.section, p.text, p.message, p.block, p.start, p.start + len(p.text))
        for p in numbering_problems(markers, sections)
    )
    result.structure.extend(conflicting_statements(result.findings))
    result.structure.extend(rates_against_counts(result.findings))
    result.structure.extend(growth_without_previous_year(result.findings, previous_available, previous_values, previous_year))
    return result


def conflicting_statements(findings: list[Finding]) -> list[Structural]:
    """The same metric stated twice with values that cannot both hold."""
    out, seen = [], set()
    by_metric: dict[str, list[Finding]] = {}
    for f in findings:
        if f.metric:
            by_metric.setdefault(f.metric, []).append(f)
    for metric, group in by_metric.items():
        for a_index, a in enumerate(group):
            for b in group[a_index + 1:]:
                if (a.claimed, a.rule) == (b.claimed, b.rule):
                    continue
                ia, ib = interval(a.claimed, a.rule, a.quantity.upper), interval(b.claimed, b.rule, b.quantity.upper)
                differ = (a.claimed != b.claimed) if ia is None or ib is None else not intervals_meet(ia, ib)
                key = (metric, frozenset({(a.claimed, a.rule), (b.claimed, b.rule)}))
                if differ and key not in seen:
                    seen.add(key)
                    out.append(Structural(
                        "同一指标两处表述不一致", b.section, f"{a.text}／{b.text}",
                        f"{label_of(metric)}：{a.section or '开头'}写“{a.text}”，{b.section or '开头'}写“{b.text}”，两处不能同时成立",
                    ))
    return out


def _count_for(metric: str, rate: Finding, findings: list[Finding]) -> Finding | None:
    """The exact count of ``metric`` stated nearest before the rate (same paragraph first)."""
    counts = [f for f in findings if f.metric == metric and f.rule == "exact"]
    same_block = [f for f in counts if f.block == rate.block and f.quantity.start < rate.quantity.start]
    if same_block:
        return same_block[-1]
    before = [f for f in counts if f.block < rate.block]
    return before[-1] if before else (counts[0] if counts else None)


def rates_against_counts(findings: list[Finding]) -> list[Structural]:
    """A rate whose own stated counts (e.g. 化解4122件 of 4125件) give another rate."""
    out = []
    words = load_metric_words()
    for f in findings:
        w = words.get(f.metric or "")
        if not w or not w.numerator or not w.denominator or f.rule not in ("pct", "at_least", "at_most", "exact"):
            continue
        num, den = _count_for(w.numerator, f, findings), _count_for(w.denominator, f, findings)
        if num is None or den is None or Decimal(den.claimed) == 0:
            continue
        rate = Decimal(num.claimed) * 100 / Decimal(den.claimed)
        verdict = judge(rate, f.claimed, f.rule)
        if verdict == HOLDS:
            continue
        shown = plain(rate.quantize(Decimal("0.01")))
        if verdict == TRUNCATION:
            message = (f"{f.label}“{f.text}”：文中{num.text}÷{den.text}＝{shown}%，四舍五入应写“{phrase(rate, 'pct', '%', like=f.claimed)}”，"
                       f"“{f.text}”只有截断才成立")
            kind = "比率仅截断时与文中数字相符"
        else:
            message = (f"{f.label}“{f.text}”：文中{num.text}÷{den.text}＝{shown}%，与所写比率不符，"
                       f"应写“{phrase(rate, f.rule, '%', like=f.claimed)}”")
            kind = "比率与文中数字不符"
        out.append(Structural(kind, f.section, f.text, message))
    return out


def growth_without_previous_year(findings: list[Finding], previous_available: bool,
                                 previous_values: MetricValues | None, previous_year: int | None) -> list[Structural]:
    """A 同比 claim whose previous year's data is missing."""
    out = []
    year_text = f"{previous_year}年" if previous_year else "上年"
    definitions = load_metric_definitions()
    for f in findings:
        if f.rule != "yoy":
            continue
        if not previous_available:
            reason = f"没有{year_text}的清洗结果"
        else:
            dataset = definitions.get(f.metric or "", {}).get("dataset")
            folder = previous_values.processed if previous_values else None
            if dataset and folder is not None and dataset_path(dataset, folder) is not None:
                continue
            reason = f"{year_text}清洗结果中没有{dataset or '该指标'}的数据"
        out.append(Structural("同比缺少上年数据", f.section, f.text, f"“{f.text}”：{reason}，无法核对同比"))
    return out


def check_draft(path: str | Path, processed: str | Path | None, year: int,
                previous_processed: str | Path | None = None) -> CheckResult:
    """Read a .docx/.txt/.md draft and check every number against the processed data of ``year``."""
    path = Path(path)
    blocks = read_blocks(path)
    previous = Path(previous_processed) if previous_processed is not None else None
    previous_available = previous is not None and previous.is_dir()
    result = check_blocks(
        blocks, MetricValues(Path(processed) if processed is not None else None),
        previous_available, MetricValues(previous) if previous_available else None, year - 1,
    )
    result.source = path
    return result

