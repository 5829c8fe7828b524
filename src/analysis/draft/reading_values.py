"""Values of the readings of ``generated``: rows, sums, distinct counts and rates over a processed folder,
compared with the previous year's folder, and their Chinese descriptions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..resources import load_fields, load_metric_definitions
from .generated import ANY_OF, LABEL_TAILS, Reading, vocabulary


class ReadingValues:
    """Values of readings over one processed folder (and its previous year's), each dataset read once."""

    def __init__(self, processed: Path | None, previous: Path | None = None, year: int | None = None):
        self.processed = processed
        self.previous = previous
        self.year = year
        self._frames: dict = {}

    def _frame(self, dataset: str, folder: Path | None):
        from ..datasets import columns_of, load

        key = (str(folder), dataset)
        if key not in self._frames:
            df = None
            if folder is not None and folder.is_dir():
                try:
                    df = load(dataset, folder)
                    missing = [c for c in columns_of(dataset) if c not in df.columns]
                    df = df.assign(**{c: None for c in missing}) if missing else df
                except Exception:  # an unreadable dataset is "no data"
                    df = None
            self._frames[key] = df
        return self._frames[key]

    def _year(self, folder: Path) -> int:
        from ..metrics import processed_year

        return processed_year(folder)

    def undated(self, r: Reading) -> Decimal | None:
        """The reading's value with the rows that have no date counted too (a ledger's 22 projects, 2 of
        them not yet assessed and so undated); None when there are none."""
        if r.compare or r.months or r.measure == "rate" or not vocabulary()[r.dataset].date_column:
            return None
        self._undated = True
        try:
            value = self.measure(r, self.processed)
        finally:
            self._undated = False
        return value

    def literal(self, r: Reading) -> Decimal | None:
        """The reading's value when its filter values are matched as written, not through the vocabulary
        (an open list's 学生, 在校学生 … are 青少年学生 by the vocabulary; a writer may count only the
        spelling itself); None when that is the same rows."""
        if not r.filters or r.compare or r.measure == "rate":
            return None
        self._literal = True
        try:
            value = self.measure(r, self.processed)
        finally:
            self._literal = False
        return value

    def rows(self, r: Reading, folder: Path | None):
        """The rows a reading counts in a folder (None when the folder has no such dataset)."""
        import pandas as pd

        from ..metrics import _canonical, _in_year

        df = self._frame(r.dataset, folder)
        if df is None or df.empty:
            return None
        assert folder is not None
        date_column = vocabulary()[r.dataset].date_column
        year = self._year(folder)
        if date_column and getattr(self, "_undated", False):  # the year's rows and those without a date
            dates = pd.to_datetime(df[date_column], errors="coerce")
            df = df[(dates.dt.year.eq(year) | dates.isna()).fillna(False).astype(bool)]
        elif date_column:
            df = _in_year(df, date_column, year)
        for column, value in r.filters:
            series = df[column]
            if value in ("是", "否"):
                mask = series.fillna(False).astype(bool)
                mask = mask if value == "是" else ~mask
            else:
                canonical = series.astype("string") if getattr(self, "_literal", False) else \
                    _canonical(series, r.dataset, column)
                wanted = set(value.split(ANY_OF))
                mask = canonical.map(lambda x, w=wanted: isinstance(x, str) and bool(w & set(x.split(";")))).astype(bool)
            df = df[mask]
        if r.months and date_column:
            months = pd.to_datetime(df[date_column], errors="coerce").dt.month
            df = df[months.between(r.months[0], r.months[1]).fillna(False).astype(bool)]
        return df

    def measure(self, r: Reading, folder: Path | None) -> Decimal | None:
        """The reading's value (without comparison) in a folder."""
        import pandas as pd

        rows = self.rows(r, folder)
        if rows is None:
            return None
        if r.measure == "rows":
            return Decimal(len(rows))
        if r.measure == "sum":
            total = pd.to_numeric(rows[r.column], errors="coerce").fillna(0).sum()
            return Decimal(repr(float(total))).normalize() if total == total else None
        if r.measure == "distinct":
            return Decimal(int(rows[r.column].dropna().nunique()))
        if r.measure == "rate":
            from ..metrics import AGGREGATIONS, MetricResult, _Context, _select

            d = load_metric_definitions()[r.column]
            rows = _select(rows, d.get("where"), d["dataset"])
            result = MetricResult(r.column, None, "%", "", d["dataset"], rows)
            AGGREGATIONS[d["agg"]](d, rows, _Context(r.column, folder, self._year(folder), {}), result)
            if result.numerator is None or not result.denominator:
                return None
            return Decimal(repr(float(result.numerator))) * 100 / Decimal(repr(float(result.denominator)))
        return None

    def value(self, r: Reading) -> tuple[Decimal | None, str, tuple[str, ...]]:
        """(value, note, source files) of a reading, comparisons against the previous year included."""
        this = self.measure(r, self.processed)
        rows = self.rows(r, self.processed)
        sources = tuple(sorted(rows["source_file"].dropna().astype(str).unique())) if rows is not None and len(rows) else ()
        if this is None:
            return None, "清洗结果中没有该数据集", ()
        if not r.compare:
            return this, "", sources
        if r.compare.startswith("year:"):
            named = int(r.compare[5:])
            if named == self.year:
                return this, "", sources
            if self.year is not None and named == self.year - 1:
                last = self.measure(r, self.previous)
                return (last, "", ()) if last is not None else (None, f"没有{named}年的清洗结果或其中没有该数据", ())
            return None, f"没有{named}年的数据", ()
        if r.compare.startswith(("share:", "shareyear:")):
            whole = self.measure(_whole(r), self.processed)
            if not whole:
                return None, "总数为0或没有数据", sources
            return this * 100 / whole, f"{_plain(this)}÷{_plain(whole)}", sources
        last = self.measure(r, self.previous)
        year = (self.year or 0) - 1
        if last is None:
            return None, f"没有{year}年的清洗结果或其中没有该数据", sources
        if r.compare == "change":
            return this - last, f"{self.year}年{_plain(this)}，{year}年{_plain(last)}", sources
        if last == 0:
            return None, f"{year}年为0，无法计算增幅", sources
        return (this / last - 1) * 100, f"{self.year}年{_plain(this)}，{year}年{_plain(last)}", sources

    def describe(self, r: Reading) -> str:
        """A Chinese description: 普法活动场次（全部，6个单位，2025年）."""
        v = vocabulary()[r.dataset]
        fields = load_fields().get(r.dataset, {})
        if r.measure == "rows":
            what = f"{v.title}数量"
        elif r.measure == "sum":
            what = f"{v.title}{LABEL_TAILS.sub('', fields[r.column].label)}合计"
        elif r.measure == "distinct" and fields[r.column].type == "person_key":
            what = f"{v.title}人数（同一人只计一次）"
        elif r.measure == "distinct":
            what = f"{v.title}涉及的{LABEL_TAILS.sub('', fields[r.column].label)}数"
        else:
            what = load_metric_definitions()[r.column].get("label", r.column)
        parts = ["、".join(value.replace(ANY_OF, "或") if value not in ("是", "否") else
                          LABEL_TAILS.sub("", fields[c].label).replace("是否", "已" if value == "是" else "未")
                          for c, value in r.filters) or "全部"]
        if r.months:
            parts.append(f"{r.months[0]}月" if r.months[0] == r.months[1] else f"{r.months[0]}-{r.months[1]}月")
        folder = self.previous if r.compare == f"year:{(self.year or 0) - 1}" else self.processed
        rows = self.rows(r, folder)
        if rows is not None and "department" in rows and len(rows):
            parts.append(f"{rows['department'].dropna().nunique()}个单位")
        parts.append(f"{r.compare[5:]}年" if r.compare.startswith("year:") else f"{self.year}年" if self.year else "本年")
        text = f"{what}（{'，'.join(parts)}）"
        if r.compare.startswith(("share:", "shareyear:")):
            text = f"{text}占{self.describe(_whole(r))}的比例"
        elif r.compare == "growth":
            text += f"较{(self.year or 1) - 1}年的增幅"
        elif r.compare == "change":
            text += f"较{(self.year or 1) - 1}年的增减"
        return text


def _plain(d: Decimal) -> str:
    from .phrasing import plain

    return plain(d.quantize(Decimal("0.01")).normalize()) if d != d.to_integral_value() else plain(d)


def _whole(r: Reading) -> Reading:
    """The whole a share is taken of (the filters after 占)."""
    pairs = tuple(tuple(p.split("=", 1)) for p in r.compare.split(":", 1)[1].split(";") if p)
    months = None if r.compare.startswith("shareyear:") else r.months  # 上半年……占全年的54.8%
    return Reading(r.dataset, r.measure, r.column, pairs, months, "")  # type: ignore[arg-type]
