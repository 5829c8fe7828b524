"""Numbers in their field's unit: the unit a header, unit row or 单位 line declares, conversions
between units of one kind (万元 → 元, units.csv), and each field's range (field_units.csv)."""

from __future__ import annotations

from dataclasses import dataclass

from ...resources import Field, load_field_units, load_units
from ..issues import note


@dataclass(frozen=True)
class Measure:
    """What a numeric column's values are measured in: the unit its header, unit row or the sheet's
    单位 line declares, the field's canonical unit, and the range its values must lie in."""

    declared: str = ""
    canonical: str = ""
    low: float | None = None
    high: float | None = None


NO_MEASURE = Measure()


def measure_for(ctx, f: Field, index: int | None) -> Measure:
    """The measure of a column of ``f`` (declared unit from the header, unit row or 单位 line)."""
    spec = load_field_units().get((ctx.dataset, f.column))
    declared = ctx.units.get(index, "") if index is not None else ""
    if not declared and len(ctx.sheet_units) == 1:
        declared = ctx.sheet_units[0]
    if spec is None:
        return Measure(declared) if declared else NO_MEASURE
    return Measure(declared, spec.unit, spec.low, spec.high)


def unit_factor(source: str, target: str) -> float | None:
    """The factor from ``source`` to ``target`` unit (万元 → 元: 10000), None when they differ in kind."""
    units = load_units()
    if source == target:
        return 1.0
    a, b = units.get(source), units.get(target)
    if a is None or b is None or a[0] != b[0]:
        return None
    return a[1] / b[1]


def shown(number: float) -> str:
    """A number for a message: 52,755,700 / 64.83 (no exponent)."""
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.4f}".rstrip("0").rstrip(".")


def measured(f: Field, number: float, written: str, measure: Measure, text: str,
              notes: list) -> tuple[object, str, str | None]:
    """A number in its field's canonical unit and range: (value, its unit, reason to reject or None).

    The unit written after the number wins over the header's (or the sheet's) declared unit; a
    unit of the same kind converts (60余万元 → 600,000 元), one of another kind is reported.
    """
    source = written or measure.declared
    target = measure.canonical
    units = load_units()
    unit = source
    if written and measure.declared and written != measure.declared \
            and unit_factor(written, measure.declared) is None and units.get(written) and units.get(measure.declared):
        notes.append(note("unit-mismatch", text=text, written=written, declared=measure.declared, number=f"{number:g}"))
    factor = unit_factor(source, target) if source and target else None
    if factor is not None:
        if factor != 1:
            number = number * factor
            notes.append(note("unit-converted", text=text, number=shown(number), unit=target) if written
                         else note("unit-converted-by-header", source=source, number=shown(number), unit=target))
        unit = target
    elif source and units.get(source) and units[source][1] != 1:
        # no unit of the same kind to go to: a scaled unit goes to its base (万元 → 元)
        base, scale = units[source]
        number, unit = number * scale, base
        notes.append(note("unit-converted", text=text, number=shown(number), unit=base) if written
                     else note("unit-converted-by-header", source=source, number=shown(number), unit=base))
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if f.type == "int":
        if number < 0:
            return None, unit, f"数字不能为负数：“{text}”"
        if number != int(number):
            return None, unit, f"应为整数，实际为“{text}”"
        number = int(number)
    else:
        number = float(number)
    if (measure.low is not None and number < measure.low) or (measure.high is not None and number > measure.high):
        low = "" if measure.low is None else f"{measure.low:g}"
        high = "" if measure.high is None else f"{measure.high:g}"
        return None, unit, f"“{text}”超出范围（应在{low}–{high}之间）"
    return number, unit, None


