"""Pandera schemas built from fields.csv; a violating row is quarantined with the reason."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pandera.pandas as pa

from ...resources import (
    FieldUnit,
    fields_for,
    load_field_units,
    load_fields,
    output_columns,
    rules_for,
)

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)

def _numbers(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce")


def _whole_numbers(s: pd.Series) -> pd.Series:
    numbers = _numbers(s)
    return s.isna() | ((numbers >= 0) & (numbers % 1 == 0))


def _filled(s: pd.Series) -> pd.Series:
    """Present and, for text, not empty."""
    present = s.notna()
    if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
        present &= s.ne("")
    return present


def _dates_ok(s: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(s, errors="coerce")
    return s.isna() | stamps.between(pd.Timestamp(EARLIEST), pd.Timestamp(LATEST))


def _not_greater(left: str, right: str, left_label: str, right_label: str) -> pa.Check:
    """A row check: ``left`` ≤ ``right`` wherever both are filled (rules.yaml, not_greater)."""
    def check(df: pd.DataFrame) -> pd.Series:
        if left not in df.columns or right not in df.columns:
            return pd.Series(True, index=df.index)
        a, b = _numbers(df[left]), _numbers(df[right])
        return a.isna() | b.isna() | (a <= b)
    return pa.Check(check, element_wise=False, error=f"{left_label}不能大于{right_label}")


def _range_check(low: float | None, high: float | None, label: str) -> list[pa.Check]:
    if low is None and high is None:
        return []
    lo = float("-inf") if low is None else low
    hi = float("inf") if high is None else high
    text = f"{'' if low is None else f'{low:g}'}–{'' if high is None else f'{high:g}'}"
    return [pa.Check(lambda s: s.isna() | _numbers(s).between(lo, hi), element_wise=False,
                     error=f"{label}应在{text}之间")]


def _column_checks(ftype: str, label: str, limits: FieldUnit | None = None) -> list[pa.Check]:
    """Vectorised checks per field type and the field's range (field_units.csv); missing values
    pass (required-ness is checked apart). Conversion checks the same ranges cell by cell first,
    so these catch only what slipped through."""
    if ftype == "int":
        return [pa.Check(_whole_numbers, element_wise=False, error=f"{label}应为非负整数"),
                *_range_check(limits.low if limits else None, limits.high if limits else None, label)]
    if ftype == "float":
        return _range_check(limits.low if limits else None, limits.high if limits else None, label)
    if ftype == "percent":
        return [pa.Check(lambda s: s.isna() | _numbers(s).between(0, 100), element_wise=False,
                         error=f"{label}应在0%–100%之间")]
    if ftype in ("date", "month"):
        return [pa.Check(_dates_ok, element_wise=False, error=f"{label}应为2000–2100年间的日期")]
    if ftype == "bool":
        return [pa.Check(lambda s: s.isna() | s.map(lambda v: isinstance(v, bool)), element_wise=False,
                         error=f"{label}应为是或否")]
    return []


@cache
def build_schema(dataset: str) -> pa.DataFrameSchema:
    """Return the schema of a dataset from fields.csv (required columns non-null)."""
    fields = load_fields()[dataset]
    columns = {}
    for name in output_columns(dataset):
        f = fields[name]
        checks = _column_checks(f.type, f.label, load_field_units().get((dataset, name)))
        if f.required:
            checks.append(pa.Check(_filled, element_wise=False, error=f"{f.label}为必填项"))
        columns[name] = pa.Column(checks=checks, nullable=True, required=False, coerce=False)
    checks = [_not_greater(r["left"], r["right"], fields[r["left"]].label, fields[r["right"]].label)
              for r in rules_for(dataset, "not_greater")]
    return pa.DataFrameSchema(columns, checks=checks, strict=False)


def _as_text(value: object) -> str:
    """A converted value as text for quarantine (whole numbers without .0, dates as ISO)."""
    if value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def validate(dataset: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Return (valid rows, quarantine records) after checking the dataset's schema."""
    schema = build_schema(dataset)
    try:
        schema.validate(df, lazy=True)
        return df, []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    reasons: dict[int, list[str]] = {}
    for case in cases.itertuples(index=False):
        index = getattr(case, "index", None)
        if index is None or pd.isna(index):
            continue
        reasons.setdefault(int(index), []).append(str(case.check))
    if not reasons:
        return df, []
    labels = {c: f.label for c, f in fields_for(dataset).items()}
    bad = []
    for index, texts in sorted(reasons.items()):
        row = df.loc[index]
        raw = {labels.get(k, k): _as_text(v) for k, v in row.items()
               if k not in ("source_file", "source_sheet", "source_row", "department")}
        bad.append({"dataset": dataset, "source_file": row["source_file"], "source_sheet": row["source_sheet"],
                    "source_row": int(row["source_row"]), "department": row["department"],
                    "reason": "数据校验未通过：" + "；".join(dict.fromkeys(texts)), "raw": raw})
    return df.drop(index=list(reasons)).reset_index(drop=True), bad
