"""Tie a figure to a metric by the words around it (``resources/metric_words.csv``).

Each metric has keywords (words expected beside the number, in its own clause), context words
(words expected elsewhere in the sentence or paragraph), the measure words it is counted in and
the report section where it usually stands. A figure is scored against every metric whose measure
word and rule fit: keywords just before the number weigh most, then keywords just after it,
context words in the sentence, in the paragraph's earlier sentences, and the section. The best
score wins; a figure with no keyword beside it, or with two metrics scoring the same, is not tied.
In a table row whose cells before the figure hold exactly a metric's label, the label decides.

“安置率、帮教率均达98%以上”: a number after 均 is tied once per coordinated label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_csv_rows
from .quantities import Quantity

CLAUSE_BREAK = re.compile(r"[,，:：]")
CELL_BREAK = re.compile(r"[,，:：\t]")  # the words after a figure end with its table cell
COORDINATION = re.compile(r"[、和及与]")
BEFORE_WEIGHT, AFTER_WEIGHT, LENGTH_WEIGHT = 2.0, 1.0, 0.5
SENTENCE_CONTEXT, PARAGRAPH_CONTEXT = 1.5, 0.5
SECTION_BONUS, SUBSECTION_BONUS = 2.0, 1.0
MIN_SCORE = 3.0
LABEL_SCORE = 100.0
RATE_UNITS = ("%",)


@dataclass(frozen=True)
class MetricWords:
    """What a metric is called in a report, as kept in metric_words.csv."""

    metric: str
    label: str
    keywords: tuple[str, ...]
    context: tuple[str, ...]
    measures: tuple[str, ...]
    section: str
    wording: str
    numerator: str = ""
    denominator: str = ""

    @property
    def is_rate(self) -> bool:
        return "%" in self.measures


@dataclass(frozen=True)
class Link:
    """The metric a figure is tied to (None when not tied), its score and the runners-up."""

    metric: str | None
    score: float
    candidates: tuple[tuple[str, float], ...] = ()
    label_text: str = ""


def _split(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(";") if w.strip())


@lru_cache(maxsize=1)
def load_metric_words() -> dict[str, MetricWords]:
    """Return every metric's words, keyed by metric id."""
    out = {}
    for r in read_csv_rows("metric_words.csv"):
        out[r["metric"]] = MetricWords(
            metric=r["metric"], label=r["label"], keywords=_split(r["keywords"]),
            context=_split(r["context"]), measures=_split(r["measure"]), section=r["section"],
            wording=r["wording"], numerator=r.get("numerator", ""), denominator=r.get("denominator", ""),
        )
    return out


@dataclass(frozen=True)
class Surroundings:
    """The text around one figure: its own clause split at the number, the sentence, the paragraph."""

    before: str
    after: str
    sentence: str
    paragraph_before: str
    section: str
    in_table: bool = False


def surroundings(q: Quantity, sentence: str, offset: int, neighbours: list[Quantity],
                 paragraph_before: str, section: str, in_table: bool = False) -> Surroundings:
    """Return the figure's surroundings; ``offset`` is the sentence's start in the paragraph."""
    start, end = q.number_start - offset, q.end - offset
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    breaks = [m.start() for m in CELL_BREAK.finditer(sentence, end)]
    clause_end = breaks[0] if breaks else len(sentence)
    for other in neighbours:
        if other is q:
            continue
        o_start, o_end = other.start - offset, other.end - offset
        if clause_start <= o_end <= start:
            clause_start = max(clause_start, o_end)
        if end <= o_start <= clause_end:
            clause_end = min(clause_end, o_start)
    return Surroundings(sentence[clause_start:start], sentence[end:clause_end], sentence, paragraph_before, section,
                        in_table)


def _fits(q: Quantity, words: MetricWords) -> bool:
    """True when the figure's measure word and rule suit the metric."""
    if q.rule == "period":
        return words.wording == "period"
    if words.wording == "period":
        return False
    if q.unit in RATE_UNITS or words.is_rate:
        if not (q.unit in RATE_UNITS and words.is_rate):
            return False
        return (q.rule == "yoy") == (words.wording == "yoy")
    return not q.unit or q.unit in words.measures


def _section_bonus(section: str, usual: str) -> float:
    if not section or not usual:
        return 0.0
    if section == usual:
        return SECTION_BONUS
    sub = usual.split(")")[0]
    return SUBSECTION_BONUS if ")" in usual and section.startswith(sub + ")") else 0.0


def score(words: MetricWords, s: Surroundings) -> float:
    """Return how well the surroundings name the metric (0 when no keyword is beside the number)."""
    local = 0.0
    for kw in words.keywords:
        weight = LENGTH_WEIGHT * len(kw)
        if kw in s.before:
            local += BEFORE_WEIGHT + weight
        elif kw in s.after:
            local += AFTER_WEIGHT + weight
    if local == 0:
        return 0.0
    context = 0.0
    for word in words.context:
        if word in s.sentence:
            context += SENTENCE_CONTEXT
        elif word in s.paragraph_before:
            context += PARAGRAPH_CONTEXT
    return local + context + _section_bonus(s.section, words.section)


@lru_cache(maxsize=1)
def metrics_by_label() -> dict[str, str]:
    """Return metric ids by label (metric_words.csv's and metrics.yaml's), labels normalised."""
    from ..resources import load_metric_definitions
    from .quantities import normalize

    out: dict[str, str] = {}
    for metric, words in load_metric_words().items():
        out.setdefault(normalize(words.label), metric)
    for metric, definition in load_metric_definitions().items():
        if definition.get("label"):
            out[normalize(definition["label"])] = metric
    return out


def _labelled(q: Quantity, s: Surroundings) -> str | None:
    """In a table row, the metric whose label is the whole text of the cells before the figure."""
    if not s.in_table:
        return None
    metric = metrics_by_label().get(s.before.strip(" \t:："))
    words = load_metric_words().get(metric or "")
    return metric if words and _fits(q, words) else None


def _best(q: Quantity, s: Surroundings, label_text: str = "") -> Link:
    labelled = _labelled(q, s)
    if labelled:
        return Link(labelled, LABEL_SCORE, (), label_text)
    scored = sorted(
        ((m, score(w, s)) for m, w in load_metric_words().items() if _fits(q, w)),
        key=lambda item: -item[1],
    )
    scored = [(m, round(v, 2)) for m, v in scored if v > 0]
    if not scored or scored[0][1] < MIN_SCORE:
        return Link(None, scored[0][1] if scored else 0.0, tuple(scored[:3]), label_text)
    if len(scored) > 1 and scored[1][1] == scored[0][1]:
        return Link(None, scored[0][1], tuple(scored[:3]), label_text)
    return Link(scored[0][0], scored[0][1], tuple(scored[1:3]), label_text)


def link(q: Quantity, s: Surroundings) -> list[Link]:
    """Return the metric(s) a figure is tied to: one link, or one per label before 均."""
    if q.distributive:
        labels = [p for p in COORDINATION.split(s.before) if p.strip()]
        if len(labels) > 1:
            return [
                _best(q, Surroundings(label, s.after, s.sentence, s.paragraph_before, s.section, s.in_table), label)
                for label in labels
            ]
    return [_best(q, s)]
