"""Tables for people: Chinese headers, readable numbers, and each section's closing check table."""

from __future__ import annotations

import datetime as _dt
import functools
import math
import numbers
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..contract import SEVERITY_LABELS
from ..inert import escape_html
from ..resources import load_issue_codes
from ..wording import truncation_only
from .export import save_table
from .labels import DEFAULT_HEADERS, REPORT_TABLE_HEADERS, RULE_NAMES, readable_values


def has_rows(frame: pd.DataFrame | None, what: str, columns: Iterable[str] = ()) -> bool:
    """True when ``frame`` has rows (and the given columns with some values).

    Otherwise print a Chinese note saying what is skipped, and return False, so that a
    notebook section can be skipped instead of crashing.
    """
    if frame is None or len(frame) == 0:
        print(f"【提示】{what}：没有可用数据（数据集缺失或为空），本部分图表从略。")
        return False
    missing = [c for c in columns if c not in frame.columns or frame[c].notna().sum() == 0]
    if missing:
        print(f"【提示】{what}：缺少字段 {'、'.join(missing)} 的数据，本部分图表从略。")
        return False
    return True


#: Whole numbers shown without thousands separators: years, row numbers, codes.
_PLAIN = ("year", "年", "source_row", "行号", "编号", "序号", "_no", "id")


def _is_plain(column: str) -> bool:
    text = str(column)
    return any(text == p or text.endswith(p) for p in _PLAIN)


def issue_kinds(issues: pd.DataFrame, top: int | None = 5) -> pd.DataFrame:
    """Issues counted by code (issue_codes.csv), the most frequent ``top`` of each severity first:
    ``level`` (错误/警告/提示), ``title`` (the code's Chinese title), ``code``, ``count``.

    An issues.csv written before codes existed counts as one kind, 未编码."""
    codes = issues["code"] if "code" in issues.columns else pd.Series("", index=issues.index)
    codes = codes.fillna("").astype(str)
    catalogue = load_issue_codes()
    order = {s: i for i, s in enumerate(SEVERITY_LABELS)}
    kinds = (pd.DataFrame({"severity": issues["severity"].astype(str), "code": codes})
             .groupby(["severity", "code"]).size().rename("count").reset_index())
    kinds["title"] = [catalogue[c].title if c in catalogue else (c or "未编码") for c in kinds["code"]]
    kinds["level"] = kinds["severity"].map(SEVERITY_LABELS).fillna(kinds["severity"])
    kinds = kinds.assign(_order=kinds["severity"].map(order).fillna(len(order)))
    kinds = kinds.sort_values(["_order", "count", "code"], ascending=[True, False, True], kind="stable")
    if top is not None:
        kinds = kinds.groupby("_order", sort=False).head(top)
    return kinds[["level", "title", "code", "count"]].reset_index(drop=True)


def format_number(value, percent: bool = False, plain: bool = False) -> str:
    """A number as people read it: 1,234; 5.65; 98.8% (percent numbers as the metrics give them)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "是" if value else "否"
    if not isinstance(value, numbers.Real):
        return str(value)
    number = float(value)
    if percent:
        return f"{number:.1f}%" if not number.is_integer() else f"{number:.0f}%"
    if number.is_integer():
        return f"{int(number)}" if plain else f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _cell_text(value, percent: bool = False, plain: bool = False) -> str:
    """Any cell as text: numbers by :func:`format_number`, dates as 2025-03-15, missing blank."""
    if value is pd.NaT:
        return ""
    if isinstance(value, _dt.datetime):
        midnight = (value.hour, value.minute, value.second) == (0, 0, 0)
        return value.date().isoformat() if midnight else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (numbers.Real, np.bool_)) or value is None or value is pd.NA:
        return format_number(value, percent, plain)
    return str(value)


def styled(frame: pd.DataFrame, headers: Mapping[str, str] | None = None,
           percent_cols: Iterable[str] = ()):
    """A table for the notebook and its HTML page: Chinese headers, no row numbers, readable numbers.

    Returns a pandas Styler (rendered as HTML by Jupyter and nbconvert). Whole numbers get
    thousands separators (years and row numbers not), decimals at most two places, percent
    columns one place and a % sign, True/False 是/否, missing values blank.
    """
    percent = set(percent_cols)
    shown = readable_values(frame)
    check = {"snippet", "holds"} <= set(map(str, shown.columns))
    if check:  # a report-check table: the ids are for programs (the saved table keeps them)
        shown = shown.drop(columns=[c for c in CHECK_HIDDEN if c in shown.columns])
    formats = {column: functools.partial(_cell_text, percent=column in percent, plain=_is_plain(column))
               for column in shown.columns}
    names = {**DEFAULT_HEADERS, **(headers or {})}
    # escape="html": a department's text (a <script> in a cell, a sheet name) is shown, never run
    styler = shown.style.format(formats, na_rep="", escape="html")
    styler = styler.relabel_index([escape_html(names.get(str(c), str(c))) for c in shown.columns], axis="columns")
    positional = all(n is None for n in shown.index.names) and pd.api.types.is_integer_dtype(shown.index)
    if positional:
        styler = styler.hide(axis="index")
    else:
        styler = styler.relabel_index(
            [format_number(v) if isinstance(v, numbers.Real) else escape_html(v) for v in shown.index], axis="index"
        ) if shown.index.nlevels == 1 else styler.format_index(escape="html", axis="index")
        styler.index.names = [escape_html(names.get(str(n), n)) if n is not None else None for n in shown.index.names]
    if check:  # the Chinese columns get the width, the short ones stay on one line
        styler = styler.set_table_styles(
            {c: [{"selector": "td", "props": f"min-width: {CHECK_WIDE[c]}em; text-align: left"}]
             for c in shown.columns if c in CHECK_WIDE}, overwrite=False)
        styler = styler.set_table_styles(
            {c: [{"selector": "td", "props": "white-space: nowrap"}]
             for c in shown.columns if c not in CHECK_WIDE}, overwrite=False)
        styler = styler.set_table_styles([{"selector": "th.col_heading", "props": "white-space: nowrap"}],
                                         overwrite=False)
    return styler


#: Columns of a report-check table a notebook does not show (ids), and the width of its wide ones.
CHECK_HIDDEN = ("id", "metric")
CHECK_WIDE = {"label": 8, "snippet": 14, "note": 16, "sources": 12}


def show(frame: pd.DataFrame, headers: Mapping[str, str] | None = None,
         percent_cols: Iterable[str] = ()) -> None:
    """Display ``frame`` in the notebook as :func:`styled` renders it."""
    from IPython.display import display

    display(styled(frame, headers=headers, percent_cols=percent_cols))


def for_display(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` for showing in a notebook: Chinese headers, True/False as 是/否."""
    names = {**DEFAULT_HEADERS, **(headers or {})}
    shown = readable_values(frame)
    for column in shown.columns:
        if pd.api.types.is_bool_dtype(shown[column]):
            shown[column] = shown[column].map({True: "是", False: "否"})
    shown = shown.rename(columns=lambda c: names.get(str(c), c))
    shown.index = shown.index.set_names(
        [names.get(str(n), n) if n is not None else None for n in shown.index.names]
    )
    return shown


def report_check_table(report: pd.DataFrame) -> pd.DataFrame:
    """The closing table of a section, from ``metrics.report_table``: readable values.

    Values and the report's numbers become numbers (whole ones as int, others rounded to two
    decimals; a period stays text), ``holds`` is kept as bool (written as 是/否 by
    :func:`save_table`), and the rule gets its Chinese name.
    """
    frame = report.copy()
    if {"value", "claimed", "rule"} <= set(frame.columns):
        readings = [reading_note(v, c, r) for v, c, r in zip(frame["value"], frame["claimed"], frame["rule"],
                                                              strict=True)]
        notes = frame["note"] if "note" in frame.columns else pd.Series("", index=frame.index)
        frame["note"] = ["；".join(t for t in (str(n) if isinstance(n, str) else "", r) if t)
                         for n, r in zip(notes, readings, strict=True)]
    keep = [c for c in REPORT_TABLE_HEADERS if c in frame.columns]
    frame = frame[keep]
    for column in ("value", "claimed"):
        if column in frame.columns:
            values = [_display_value(_number_or_text(v)) for v in frame[column]]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
    if "rule" in frame.columns:
        frame["rule"] = [RULE_NAMES.get(str(r), r) for r in frame["rule"]]
    return frame.reset_index(drop=True)


def reading_note(value, claimed, rule) -> str:
    """Why a percentage figure holds when it holds by truncation only, else ''.

    4,122 of 4,125 is 99.93%: the report's 99% is that number truncated; rounded it would be 100%.
    """
    readings = truncation_only(_number_or_text(value), str(claimed), str(rule))
    if readings is None:
        return ""
    rounded, truncated = readings
    shown = f"{float(_number_or_text(value)):.{_places(str(claimed)) + 2}f}"
    return (f"计算值{shown}%，四舍五入为{format_number(rounded)}%，截断为{format_number(truncated)}%："
            f"报告的{claimed}%仅按截断成立")


def _places(claimed: str) -> int:
    return len(claimed.split(".")[1]) if "." in claimed else 0


def _number_or_text(value):
    """'21' → 21, '98.8' → 98.8; other text unchanged."""
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    return value


def _display_value(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return int(value) if value.is_integer() else round(value, 2)
    return value


def report_check(
    area: str,
    processed_dir: str | Path | None = None,
    year: int | None = None,
    name: str | None = "报告数字核对",
) -> pd.DataFrame:
    """A section's closing table: each report figure of ``area`` against the data.

    Built from :func:`analysis.metrics.report_table`; saved with :func:`save_table` as sheet
    ``name`` (unless ``name`` is None). When it cannot be built, a Chinese note is printed and
    an empty table returned.
    """
    try:
        from analysis import metrics

        year = paths.report_year(year)
        report = metrics.report_table(area, processed_dir=processed_dir, year=year)
    except Exception as exc:  # a missing dataset must not stop the notebook
        print(f"【提示】报告数字核对表无法生成：{exc}")
        return pd.DataFrame(columns=list(REPORT_TABLE_HEADERS))
    if report.empty:
        print(f"【提示】{year}年没有报告数字清单（resources/report_figures_{year}.csv），本部分不做报告数字核对。")
        return pd.DataFrame(columns=list(REPORT_TABLE_HEADERS))
    check = report_check_table(report)
    if "holds" in check.columns:
        check["holds"] = check["holds"].fillna(False).astype(bool)
    if name is not None and len(check):
        save_table(check, name)
    return check


def report_check_summary(check: pd.DataFrame) -> str:
    """One Chinese sentence on a closing table: how many figures hold, which do not, which lack data."""
    if check is None or len(check) == 0:
        return "没有可核对的报告数字。"
    holds_mask = check["holds"].fillna(False).astype(bool)
    no_data = (
        check["value"].isna() if "value" in check.columns else pd.Series(False, index=check.index)
    )
    from ..metrics import MISSING_PREVIOUS

    notes = check["note"].fillna("").astype(str) if "note" in check.columns else pd.Series("", index=check.index)
    no_previous = no_data & notes.str.startswith(MISSING_PREVIOUS)
    failing = list(dict.fromkeys(check.loc[~holds_mask & ~no_data, "snippet"].astype(str)))
    missing = list(dict.fromkeys(check.loc[~holds_mask & no_data & ~no_previous, "snippet"].astype(str)))
    previous = list(dict.fromkeys(check.loc[~holds_mask & no_previous, "snippet"].astype(str)))
    text = f"本部分共核对报告数字 {len(check)} 个，与数据相符 **{int(holds_mask.sum())} 个**"
    if failing:
        text += "；与数据不符的是：" + "；".join(failing) + "，需回查数据或修改表述"
    if missing:
        text += "；尚无数据支撑的是：" + "；".join(missing) + "，需相关单位报送台账"
    if previous:
        text += (f"；{MISSING_PREVIOUS}、无法核对的是：" + "；".join(previous)
                 + "，需先清洗上年的报送数据（data/processed/<上年>/）")
    if "note" in check.columns:
        truncated = check[holds_mask & check["note"].fillna("").astype(str).str.contains("仅按截断成立")]
        if len(truncated):
            text += "；其中仅按截断成立、四舍五入则不同的是：" + "；".join(
                f"{s}（{n.split('：')[0]}）" for s, n in zip(truncated["snippet"], truncated["note"], strict=True)
            ) + "，引用时宜改为更精确的写法"
    return text + "。"
