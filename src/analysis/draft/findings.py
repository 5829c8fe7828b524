"""What the check of a draft found: each figure tied (or not) to a metric and judged (``Finding``),
each number set aside (``AsideEntry``), each structural finding (``Structural``), all in one
``CheckResult``. The check (``check``) builds them; the outputs (``documents``, ``choices``) read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .blocks import Block
from .generated import Candidate
from .metric_values import MetricValue, unit_of
from .phrasing import plain
from .quantities import Quantity, SetAside
from .verdicts import FAILS, HOLDS, NO_DATA, REVIEW, TRUNCATION, UNTIED, VERDICT_TEXT


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
    reading: str = ""  # the quantity the number was read as, in Chinese
    reading_key: str = ""  # the metric id or the generated reading's key
    options: tuple[Candidate, ...] = ()  # the best readings when the writer must decide
    clue: str = ""  # the key of the writer's choice (choices file)

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
        if self.value is None and self.options and self.options[0].value is not None and self.verdict != REVIEW:
            return _number_text(self.options[0].value, self.unit)
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
        if self.value is None and self.options and self.verdict != REVIEW:
            return "；".join(self.options[0].sources)
        return "；".join(self.value.sources) if self.value else ""

    @property
    def options_text(self) -> str:
        """The best readings with their values: 1. 普法活动数量（全部…）＝82；2. …"""
        return "；".join(f"{i}. {c.description}＝{_number_text(c.value, self.unit) if c.value is not None else '暂无数据'}"
                        for i, c in enumerate(self.options, 1))


def _number_text(d: Decimal, unit: str) -> str:
    text = plain(d) if d == d.to_integral_value() else plain(d.quantize(Decimal("0.01")).normalize())
    return f"{text}{'%' if unit == '%' else unit}"


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
        parts = "，".join(f"{VERDICT_TEXT[v]} {self.count(v)}" for v in (HOLDS, TRUNCATION, FAILS, REVIEW, NO_DATA, UNTIED))
        return (f"数字 {len(self.findings)} 处（{parts}）；非统计数字 {len(self.set_aside)} 处已排除；"
                f"结构问题 {len(self.structure)} 条")
