"""A metric's value and its source files, computed from processed data through ``analysis.metrics``.

A metric that is not defined yet (no entry in metrics.yaml), whose dataset has no rows, or whose
computation fails gives a value of None and a Chinese note saying why: the verdict is then "no
data", never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..resources import load_metric_definitions
from .linking import load_metric_words


@dataclass(frozen=True)
class MetricValue:
    """One metric computed from data: value (Decimal, or text for a period; None = no data)."""

    metric: str
    label: str
    value: Decimal | str | None
    unit: str
    dataset: str = ""
    rows: int = 0
    sources: tuple[str, ...] = ()
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    verify: str = ""  # why the figure must be checked before it is printed (需核实), '' when it need not

    @property
    def has_data(self) -> bool:
        return self.value is not None


def label_of(metric: str) -> str:
    """Return a metric's Chinese label (metrics.yaml first, then metric_words.csv)."""
    definition = load_metric_definitions().get(metric, {})
    words = load_metric_words().get(metric)
    return definition.get("label") or (words.label if words else metric)


def unit_of(metric: str) -> str:
    """Return the unit a metric is counted in (metrics.yaml first, then its first measure word)."""
    definition = load_metric_definitions().get(metric, {})
    words = load_metric_words().get(metric)
    return definition.get("unit") or (words.measures[0] if words and words.measures else "")


def _exact(result) -> Decimal | str | None:
    """A rate from its numerator and denominator without the 4-decimal rounding of metrics.compute."""
    if result.value is None:
        return None
    if isinstance(result.value, str):
        return result.value
    if result.numerator is not None and result.denominator:
        ratio = Decimal(repr(float(result.numerator))) * 100 / Decimal(repr(float(result.denominator)))
        # a year-on-year metric is the growth, (this year / last year − 1) × 100, not the ratio
        return ratio - 100 if load_metric_definitions().get(result.metric, {}).get("agg") == "yoy" else ratio
    return Decimal(repr(result.value)) if isinstance(result.value, float) else Decimal(result.value)


class MetricValues:
    """Metric values of one processed folder, each computed once."""

    def __init__(self, processed: Path | None):
        self.processed = Path(processed) if processed is not None else None
        self._cache: dict = {}
        self._values: dict[str, MetricValue] = {}
        self._marks: dict[str, list[str]] | None = None

    def get(self, metric: str) -> MetricValue:
        """Return the metric's value (computed on first use)."""
        if metric not in self._values:
            self._values[metric] = self._compute(metric)
        return self._values[metric]

    def _compute(self, metric: str) -> MetricValue:
        from ..metrics import compute

        label, unit = label_of(metric), unit_of(metric)
        if metric not in load_metric_definitions():
            return MetricValue(metric, label, None, unit, note="指标尚未定义（metrics.yaml 中没有），暂无数据")
        if self.processed is None or not self.processed.is_dir():
            return MetricValue(metric, label, None, unit, note="没有清洗结果文件夹")
        try:
            result = compute(metric, self.processed, self._cache)
        except Exception as exc:  # a metric that cannot be computed is "no data", with the reason
            return MetricValue(metric, label, None, unit, note=f"无法计算：{exc}")
        sources = tuple(sorted(result.rows["source_file"].dropna().astype(str).unique())) if len(result.rows) else ()
        value = _exact(result)
        note = "" if value is not None else "清洗结果中没有该指标的数据"
        return MetricValue(metric, label, value, result.unit or unit, result.dataset, len(result.rows), sources,
                           result.numerator, result.denominator, note, "；".join(self._verify().get(metric, [])))

    def _verify(self) -> dict[str, list[str]]:
        """Why each figure must be checked (需核实), computed once for the folder."""
        from ..metrics import check_plausibility

        if self._marks is None:
            try:
                self._marks = check_plausibility(self.processed)
            except Exception:  # noqa: BLE001 - a check that cannot run marks nothing; the figures still print
                self._marks = {}
        return self._marks
