"""The check of a draft: every figure tied to a metric and judged, every other number set aside,
and the structural findings (part numbers, one metric stated twice, a rate against its own counts,
同比 without the previous year's data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..datasets import dataset_path
from ..intake.words.privacy import scrub
from ..resources import load_metric_definitions
from .blocks import Block
from .choices import Choices, choice_key, load_choices
from .documents import read_blocks
from .findings import AsideEntry, CheckResult, Finding, Structural
from .generated import (
    Candidate,
    Context,
    Reading,
    candidates,
    signal_words,
    spellings,
    vocabulary,
    vocabulary_values,
)
from .linking import Link, link, load_metric_words, surroundings
from .metric_values import MetricValue, MetricValues, label_of
from .phrasing import phrase, plain
from .quantities import Quantity, SetAside, normalize, scan
from .reading_values import ReadingValues
from .structure import assign_sections, numbering_problems
from .verdicts import (
    FAILS,
    HOLDS,
    NO_DATA,
    REVIEW,
    TRUNCATION,
    UNTIED,
    interval,
    intervals_meet,
    judge,
)

SENTENCE_END = re.compile(r"[。！？!?；;]")


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


STRONG = 6.0  # a reading this sure, alone, may call a number 不成立
MARGIN = 1.0  # readings within this of the best are alike
FAR = 3.0  # a reading this far below the best is not one the sentence allows


def _contradicted(metric: str, ctx: Context) -> bool:
    """True when the sentence reads otherwise than the metric: the metric's category is not named
    (普法活动82场 is not 精准普法), or the sentence names a category, street or department the metric
    does not filter by, or months."""
    d = load_metric_definitions().get(metric)
    v = vocabulary().get((d or {}).get("dataset", ""))
    if d is None or v is None:
        return False
    words = load_metric_words().get(metric)
    text = ctx.paragraph_before[-200:] + "。" + ctx.sentence
    vocab_columns = {c for _, c, _, kind in v.filters if kind == "vocab"}
    where = d.get("where") or {}
    own_context = [w for w in (words.context if words else ()) if not any(w in subject for subject in v.subjects)]
    for column, wanted in where.items():
        if wanted is True and d.get("agg") == "count":  # 风险评估22项 is not 完成风险评估: the flag must be said
            flag_words = [w for w, c, _, kind in v.filters if c == column and kind == "flag"]
            if flag_words and not any(w in ctx.sentence[: ctx.start] for w in flag_words):
                return True
        if isinstance(wanted, (dict, bool)):
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        named = any(w in text for value in values for w in spellings(d["dataset"], column, str(value)))
        if column not in vocab_columns:  # 抖音60条 is not “西市司法”抖音: a free-text value must be written
            if not named:
                return True
            continue
        if not named and not any(w in ctx.sentence for w in own_context):
            return True
    from .generated import _filters, _has_any, _months, _subject_score

    mine, _ = _subject_score(v, ctx)
    others = [_subject_score(o, ctx)[0] for name, o in vocabulary().items() if name != d["dataset"]]
    if mine < 1.0 or not any(w in ctx.sentence for w in (words.keywords if words else ())):
        if max(others, default=0.0) > (max(mine, 2.0) if mine else 1.0):  # 法律援助……结案230件 ≠ 行政复议结案
            return True
    elif mine < 2.0 and max(others, default=0.0) >= 3.0:  # named only before the sentence, another in it
        return True  # 热线工单同比增长5% after a paragraph on 法律援助 is not 法律援助案件同比增长

    named_filters, named_words = _filters(v, ctx, False)
    kinds = {c: kind for _, c, _, kind in v.filters}
    own = tuple(w for w in ((words.keywords + words.context + (words.label,)) if words else ())
                if not any(w in subject for subject in v.subjects))  # 法律援助 names no 刑事法律援助
    for column, (_, local) in named_filters.items():
        if (local and kinds.get(column) in ("vocab", "department") and column not in where
                and not any(named_words[column] in w or (len(w) >= 3 and w in named_words[column]) for w in own)):
            return True
        listed = {value for word, c, value, _ in v.filters if c == column and any(word in w for w in own)}
        if local and column not in where and len(listed) > 1:  # the metric's words list 行政许可、行政处罚:
            said = {value for word, c, value, _ in v.filters if c == column and word in ctx.before}
            if len(said) < len(listed):  # 行政处罚案卷94卷 is one of them
                return True
    flags = {c for _, c, _, kind in v.filters if kind == "flag"}
    counted = set(where) | {d.get("flag", "")} | set(d.get("numerator_where") or {})
    for column, (value, local) in named_filters.items():
        if local and column in flags and column not in counted and d.get("agg") in ("count", "sum"):
            return True  # 化解4102件 is not 排查矛盾纠纷
        if column in flags and value == "否":
            return True  # 未化解3件 is not 化解矛盾纠纷
    said = set(where) | set(d.get("numerator_where") or {}) | set(d.get("denominator_where") or {})
    kept = {r["word"] for r in signal_words().get("no_filter", [])}
    if any(value in ctx.before for column, value in vocabulary_values(d["dataset"])
           if column not in said and value in kept and not any(value in w for w in own)):
        return True  # 来访咨询266人次: a value the checker does not filter by, yet not the metric's whole
    if d.get("agg") not in ("min_group_count", "ratio") and _has_any(ctx.before, "average"):
        return True  # 平均每月6.8场 is no count
    if d.get("agg") == "min_group_count" and _has_any(ctx.before, "scope"):
        return True  # 每所学校2名 is not 全区共60名
    return bool(v.date_column and _months(ctx.sentence[: ctx.start]))


def _judge_options(q: Quantity, options: list[Candidate]) -> tuple[str, Candidate | None, str, str]:
    """(verdict, the reading chosen, supported wording, note) from the scored readings with values."""
    if not options:
        return UNTIED, None, "", "周围没有能对应某个数据的词"
    top = options[0]
    allowed = [c for c in options if c.score >= top.score - FAR and c.value is not None]
    exact = q.rule in ("exact", "pct", "yoy")  # a bound (达, 超过, 余) holds for many readings: no leeway
    for c in allowed:
        verdict = judge(c.value, q.claimed, q.rule, q.upper)
        if verdict in (HOLDS, TRUNCATION) and c.score >= top.score - MARGIN - (1.0 if verdict == HOLDS and exact else 0):
            note = "四舍五入不得此数，只有截断才得到" if verdict == TRUNCATION else ""
            return verdict, c, "", note
    held = [c for c in allowed if judge(c.value, q.claimed, q.rule, q.upper) == HOLDS]
    close = [c for c in options if c.score >= top.score - MARGIN]
    if top.value is None:
        if len(close) == 1 or all(c.value is None for c in close):
            return NO_DATA, top, "", top.note or "暂无数据"
        return REVIEW, None, "", "多种读法，其一暂无数据"
    if len(close) == 1 and top.score >= STRONG and not held and "unread" not in top.reasons:
        supported = _change_wording(top.value, q.unit) if top.reading.compare == "change" else \
            phrase(top.value, q.rule, q.unit, like=q.claimed)
        return FAILS, top, supported, top.note
    reason = "另有读法与此数相符" if held else ("多种读法相近" if len(close) > 1 else "读法把握不足")
    return REVIEW, None, "", f"{reason}，请撰写人确认这个数字说的是哪一项"


def _change_wording(value: Decimal, unit: str) -> str:
    """较上年增加3场 / 较上年减少3场 / 与上年持平."""
    if value == 0:
        return "与上年持平"
    return f"较上年{'增加' if value > 0 else '减少'}{plain(abs(value))}{unit}"


def _metric_option(metric: str, values: MetricValues, score: float) -> Candidate:
    mv = values.get(metric)
    value = mv.value if isinstance(mv.value, Decimal) else None
    return Candidate(Reading("", "metric", metric), score, value, label_of(metric), mv.note, mv.sources)


def _read_generated(q: Quantity, ctx: Context, readings: ReadingValues, values: MetricValues,
                    metric: str | None, choice: str) -> tuple[str, Candidate | None, str, str, list[Candidate]]:
    """Judge a figure by the readings its sentence allows (and the metric the words suggested)."""
    options = candidates(q.unit, q.rule, ctx)
    for c in options:
        c.value, c.note, c.sources = readings.value(c.reading)
        c.description = readings.describe(c.reading)
    for c in list(options):  # a value counted as written is a reading too (the vocabulary may merge spellings)
        written = readings.literal(c.reading)
        if written is not None and c.value is not None and written != c.value:
            options.append(Candidate(c.reading, c.score, written, c.description + "（按原文取值）", c.note, c.sources))
        undated = readings.undated(c.reading)  # and so are the rows without a date
        if undated is not None and c.value is not None and undated != c.value:
            options.append(Candidate(c.reading, c.score, undated, c.description + "（含无日期的行）", c.note, c.sources))
    options.sort(key=lambda c: -c.score)
    if metric:
        options.append(_metric_option(metric, values, (options[0].score - MARGIN - 0.5) if options else STRONG))
        options.sort(key=lambda c: -c.score)
    if choice:
        chosen = [c for c in options if c.reading.key == choice or c.reading.column == choice]
        if not chosen:
            reading = Reading.from_key(choice) if choice.count("|") == 5 else None
            if reading is not None and reading.dataset in vocabulary():
                value, note, sources = readings.value(reading)
                chosen = [Candidate(reading, STRONG, value, readings.describe(reading), note, sources)]
        if chosen:
            c = chosen[0]
            c.score = STRONG + MARGIN
            verdict, picked, supported, note = _judge_options(q, [c])
            return verdict, picked, supported, (note + "（按撰写人选定的读法）").strip(), [c]
    verdict, picked, supported, note = _judge_options(q, options)
    return verdict, picked, supported, note, options[:3]


def _other_reading_holds(q: Quantity, ctx: Context, readings: ReadingValues, values: MetricValues,
                         metric: str) -> Candidate | None:
    """A generated reading with which a figure the metric calls 不成立 holds (about as sure as the best the
    sentence allows), or the best reading when it is of another dataset; None when there is none."""
    options = candidates(q.unit, q.rule, ctx)
    if not options:
        return None
    top = options[0].score
    if options[0].reading.dataset != load_metric_definitions()[metric].get("dataset"):
        c = options[0]  # the sentence reads as another dataset: 12345热线……办结3093件 is no “一院式” figure
        c.value, c.note, c.sources = readings.value(c.reading)
        c.description = readings.describe(c.reading)
        return c
    for c in options:
        if c.score < top - FAR:
            break
        c.value, c.note, c.sources = readings.value(c.reading)
        c.description = readings.describe(c.reading)
        if c.value is not None and judge(c.value, q.claimed, q.rule, q.upper) in (HOLDS, TRUNCATION):
            return c
    return None


def _table_header(blocks: list[Block], norms: list[str], index: int) -> tuple[str, str]:
    """For a table row: the first row of its table (the header names what the rows count) and the
    paragraph before the table; ('', '') for a paragraph or a header row."""
    if blocks[index].kind != "row":
        return "", ""
    first = index
    while first > 0 and blocks[first - 1].kind == "row":
        first -= 1
    if first == index:
        return "", ""
    before = norms[first - 1] + "。" if first > 0 and blocks[first - 1].kind == "paragraph" else ""
    return norms[first].replace("\t", "，"), before


def future_blocks(norms: list[str]) -> list[bool]:
    """Per paragraph: True inside a part whose heading plans (下一步打算, 2026年工作打算; draft_words.csv
    kind future_section), to the next heading of the same or a higher level."""
    from .structure import heading_marker

    words = [r["word"] for r in signal_words().get("future_section", [])]
    state: dict[int, bool] = {}
    out = []
    for i, text in enumerate(norms):
        marker = heading_marker(i, text)
        if marker is not None:
            state = {level: f for level, f in state.items() if level < marker.level}
            state[marker.level] = any(w in marker.heading for w in words)
        out.append(any(state.values()))
    return out


CELL_UNIT = re.compile(r"[（(]([^（）()]{1,3})[）)]\s*$")


def _read_cell(q: Quantity, ctx: Context, norm: str, norms: list[str], blocks: list[Block],
               index: int) -> tuple[Quantity, Context]:
    """A bare number in a table cell (“区司法局 | 34 | 13360”) is read with its column's header cell
    (“活动场次”, “发放材料（份）”): the measure word comes from the header, and the figure's sentence
    becomes “<row label>，<header cell><number>”."""
    from dataclasses import replace

    from .quantities import MEASURES

    first = index
    while first > 0 and blocks[first - 1].kind == "row":
        first -= 1
    head_cells = norms[first].split("\t")
    column = norm[: q.number_start].count("\t")
    if column == 0 or column >= len(head_cells):
        return q, ctx
    cell = head_cells[column].strip()
    unit = q.unit
    if not unit:
        m = CELL_UNIT.search(cell)
        candidates_ = [m.group(1)] if m else []
        candidates_ += [w for w in sorted(MEASURES, key=len, reverse=True) if cell.endswith(w)]
        unit = next((u for u in candidates_ if u in MEASURES), "")
    words = CELL_UNIT.sub("", cell)
    label = norm.split("\t")[0]
    number = norm[q.number_start: q.end]
    sentence = f"{label}，{words}{number}{unit if not q.unit else ''}"
    start = len(label) + 1 + len(words)
    q = replace(q, unit=unit) if unit else q
    return q, Context(sentence, start, len(sentence), words, "", ctx.paragraph_before, ctx.header)


@dataclass
class _Check:
    """What every figure of one draft's check needs, and the result it adds to."""

    blocks: list[Block]
    norms: list[str]
    values: MetricValues
    readings: ReadingValues | None
    choices: Choices | None
    result: CheckResult
    future: list[bool]  # per block: inside a part that plans (下一步打算)
    targets: list[str]  # the words of a target (力争)
    year_text: str  # （2025年）, after a metric's label

    def set_aside(self, block: int, span: tuple[int, int], item: SetAside) -> None:
        """Add a number set aside, with its sentence (personal data scrubbed)."""
        s, e = span
        self.result.set_aside.append(AsideEntry(block, self.result.sections[block],
                                                scrub(self.blocks[block].text[s:e]), item))


@dataclass(frozen=True)
class _Figure:
    """One figure in its place: block, part, sentence (scrubbed), quantity, context and the writer's clue."""

    block: int
    section: str
    sentence: str
    quantity: Quantity
    ctx: Context
    clue: str

    def finding(self, ln: Link, **judged) -> Finding:
        """Return the finding of this figure for one of its links, with what the judging found."""
        return Finding(block=self.block, section=self.section, sentence=self.sentence, quantity=self.quantity,
                       candidates=ln.candidates, clue=self.clue, **judged)


def check_blocks(blocks: list[Block], values: MetricValues, previous_available: bool = False,
                 previous_values: MetricValues | None = None, previous_year: int | None = None,
                 readings: ReadingValues | None = None, choices: Choices | None = None) -> CheckResult:
    """Check the paragraphs (and table rows) of a draft.

    With ``readings`` a figure the metric words do not tie, or tie against what the sentence says,
    is read through the quantities generated from the contract (``generated``); ``choices`` are the
    writer's earlier decisions (the choices file beside the draft)."""
    norms = [normalize(b.text) for b in blocks]
    sections, markers = assign_sections(norms)
    run = _Check(blocks, norms, values, readings, choices, CheckResult(None, blocks, sections),
                 future_blocks(norms), [r["word"] for r in signal_words().get("target", [])],
                 f"（{readings.year}年）" if readings is not None and readings.year else "")
    for i in range(len(blocks)):
        _check_block(run, i)
    result = run.result
    result.structure.extend(
        Structural("序号", p.section, p.text, p.message, p.block, p.start, p.start + len(p.text))
        for p in numbering_problems(markers, sections)
    )
    result.structure.extend(conflicting_statements(result.findings))
    result.structure.extend(rates_against_counts(result.findings))
    result.structure.extend(growth_without_previous_year(result.findings, previous_available, previous_values, previous_year))
    return result


def _check_block(run: _Check, i: int) -> None:
    """Set aside the block's numbers that are no statistics and judge each of its figures."""
    figures, aside = scan(run.norms[i])
    spans = sentence_spans(run.norms[i])
    for item in aside:
        run.set_aside(i, _sentence_of(spans, item.start), item)
    header, before = _block_context(run, i)
    for q in figures:
        _check_figure(run, i, q, figures, _sentence_of(spans, q.start), header, before)


def _block_context(run: _Check, i: int) -> tuple[str, str]:
    """(header row, text before) of a block: a table row reads its table's header and the paragraph
    before the table; a paragraph goes on from those before it in its part (up to 200 characters)."""
    header, before = _table_header(run.blocks, run.norms, i)
    if not before and run.blocks[i].kind == "paragraph":
        sections = run.result.sections
        first = i
        while first > 0 and run.blocks[first - 1].kind == "paragraph" and sections[first - 1] == sections[i]:
            first -= 1
        before = "".join(run.norms[j] + "。" for j in range(first, i))[-200:]
    return header, before


def _check_figure(run: _Check, i: int, q: Quantity, figures: list[Quantity], span: tuple[int, int],
                  header: str, before: str) -> None:
    """Judge one figure of block ``i`` against each metric its words tie it to (or set it aside)."""
    norm, (s, e) = run.norms[i], span
    if run.future[i] or any(w in norm[s:q.number_start] for w in run.targets):  # 力争达到95%以上: a target
        run.set_aside(i, span, SetAside(q.text, q.start, q.end, "目标或计划"))
        return
    neighbours = [o for o in figures if s <= o.start < e]
    row = run.blocks[i].kind == "row"
    where = surroundings(q, norm[s:e], s, neighbours, norm[:s], run.result.sections[i], row)
    ctx = Context(norm[s:e], q.number_start - s, q.end - s, where.before, where.after, before + norm[:s], header)
    if header and row:
        q, ctx = _read_cell(q, ctx, norm, run.norms, run.blocks, i)
    clue = choice_key(ctx, q)
    links = link(q, where)
    if q.rule == "period" and all(ln.metric is None for ln in links):  # 2025年1月至12月: the time span
        run.set_aside(i, span, SetAside(q.text, q.start, q.end, "时间段"))
        return
    figure = _Figure(i, run.result.sections[i], scrub(run.blocks[i].text[s:e]), q, ctx, clue)
    for ln in links:
        run.result.findings.append(_judge_figure(run, figure, ln))


def _judge_figure(run: _Check, f: _Figure, ln: Link) -> Finding:
    """Judge a figure by its metric, or by the readings its sentence allows when the metric words do
    not tie it, the writer chose a reading, it states a change, or the sentence reads otherwise."""
    q = f.quantity
    choice = run.choices.get(f.clue) if run.choices else ""
    change = q.rule == "yoy" and ln.metric is not None and \
        load_metric_definitions().get(ln.metric, {}).get("agg") != "yoy"
    if run.readings is not None and q.rule != "period" and (
            ln.metric is None or bool(choice) or change or _contradicted(ln.metric, f.ctx)):
        return _generated_finding(run, f, ln, choice)
    return _metric_finding(run, f, ln)


def _metric_finding(run: _Check, f: _Figure, ln: Link) -> Finding:
    """The finding of a figure judged by the metric its words tie it to."""
    verdict, mv, supported, note = _judge_link(f.quantity, ln.metric, run.values)
    if verdict == UNTIED:
        note = _candidates_note(ln.candidates)
    if verdict == FAILS and run.readings is not None and ln.metric is not None:
        other = _other_reading_holds(f.quantity, f.ctx, run.readings, run.values, ln.metric)
        if other is not None:  # 办结率97.3% = 办结/全部: the metric's is not the only reading
            metric_option = _metric_option(ln.metric, run.values, other.score)
            return f.finding(ln, metric=None, label="", verdict=REVIEW, value=None, supported="",
                             note="另有读法，请撰写人确认这个数字说的是哪一项", reading="", reading_key="",
                             options=(metric_option, other))
    return f.finding(ln, metric=ln.metric, label=label_of(ln.metric) if ln.metric else "", verdict=verdict,
                     value=mv, supported=supported, note=note,
                     reading=f"{label_of(ln.metric)}{run.year_text}" if ln.metric else "",
                     reading_key=ln.metric or "")


def _generated_finding(run: _Check, f: _Figure, ln: Link, choice: str) -> Finding:
    """The finding of a figure judged by the readings generated from the contract."""
    assert run.readings is not None
    verdict, picked, supported, note, options = _read_generated(f.quantity, f.ctx, run.readings, run.values,
                                                                ln.metric, choice)
    metric = picked.reading.column if picked is not None and picked.reading.measure == "metric" else None
    mv = run.values.get(metric) if metric else None
    if verdict == UNTIED and ln.candidates:
        note = _candidates_note(ln.candidates)
    described = picked.description if picked is not None else ""
    return f.finding(ln, metric=metric, label=described, verdict=verdict, value=mv, supported=supported, note=note,
                     reading=described, reading_key=(metric or picked.reading.key) if picked is not None else "",
                     options=(picked,) if picked is not None and verdict != REVIEW else tuple(options))


def conflicting_statements(findings: list[Finding]) -> list[Structural]:
    """The same metric stated twice with values that cannot both hold."""
    out, seen = [], set()
    by_metric: dict[str, list[Finding]] = {}
    for f in findings:
        if f.reading_key and f.verdict not in (REVIEW, UNTIED):
            by_metric.setdefault(f.reading_key, []).append(f)
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
                        f"{a.label or label_of(metric)}：{a.section or '开头'}写“{a.text}”，{b.section or '开头'}写“{b.text}”，两处不能同时成立",
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
            if f.metric is None and f.reading_key.count("|") == 5:
                dataset = f.reading_key.split("|")[0]
            elif f.metric is None:
                continue  # not read as any quantity: nothing to say about its previous year
            folder = previous_values.processed if previous_values else None
            if dataset and folder is not None and dataset_path(dataset, folder) is not None:
                continue
            reason = f"{year_text}清洗结果中没有{dataset or '该指标'}的数据"
        out.append(Structural("同比缺少上年数据", f.section, f.text, f"“{f.text}”：{reason}，无法核对同比"))
    return out


def check_draft(path: str | Path, processed: str | Path | None, year: int,
                previous_processed: str | Path | None = None, choices: Choices | None = None) -> CheckResult:
    """Read a .docx/.txt/.md draft and check every number against the processed data of ``year``.

    The previous year's folder defaults to the folder rule's (…/2025 → …/2024); the writer's choices
    default to the choices file beside the draft."""
    from .. import paths
    from .choices import choices_path

    path = Path(path)
    blocks = read_blocks(path)
    if previous_processed is None and processed is not None:
        previous_processed = paths.previous_processed(processed, year)
    previous = Path(previous_processed) if previous_processed is not None else None
    previous_available = previous is not None and previous.is_dir()
    folder = Path(processed) if processed is not None else None
    result = check_blocks(
        blocks, MetricValues(folder),
        previous_available, MetricValues(previous) if previous_available else None, year - 1,
        ReadingValues(folder, previous if previous_available else None, year),
        load_choices(choices_path(path)) if choices is None else choices,
    )
    result.source = path
    return result
