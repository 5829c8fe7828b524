"""Issue 20's habits that need a workbook of their own: a unit column beside the amounts (万元 / 千元
per row), grades written as codes with (or without) a legend under the table, a submitting unit the
department list does not hold, and two date columns headed only 日期 / 时间.

Each habit is drawn from a stream of its own (``random.Random(f"<habit>|{seed}|…")``) after every
other file of the corpus is written, so the rest of a seed's corpus is unchanged. The wordings are
the corpus's own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from tests.corpus.forms import add_closing, add_preamble, set_columns
from tests.corpus.grid import Book, DateCell, Sheet
from tests.corpus.layout import Options, SheetTruth
from tests.corpus.records import Context, grade_score, pick_day, pick_later_day

#: units a clerk writes in a column of its own, with what one of them is in 元
AMOUNT_UNITS = {"万元": 10000, "千元": 1000, "元": 1}
#: grade codes and the legend lines that explain them (3 or 4 levels)
CODES = {3: [("甲", "乙", "丙"), ("A", "B", "C")], 4: [("甲", "乙", "丙", "丁"), ("A", "B", "C", "D")]}
LEVELS = {3: ["优秀", "合格", "不合格"], 4: ["优秀", "良好", "合格", "不合格"]}
LEGEND_LINES = ["注：“等次”栏填代码，{pairs}。", "说明：评查等次以字母（或甲乙丙）表示，{pairs}。",
                "备注：{pairs}"]
LEGEND_PAIRS = ["{c}={g}", "{c}为{g}", "{c}表示{g}", "{c}：{g}"]
#: units that exist in a district but are no entry of the contract's department list
NEW_UNITS = ["区融媒体中心", "区档案馆", "区机关事务服务中心", "区科学技术协会", "区红十字会", "区残疾人联合会",
             "区工商业联合会", "西市经济开发区管理委员会"]
GENERIC_DATES = [("日期", "日期"), ("时间", "时间"), ("日期", "时间"), ("时间", "日期"), ("日　期", "日　期")]


def write_day(rng: random.Random, day: dt.date | None, fmt: str) -> Any:
    """A date as a clerk writes it (a real date cell or text)."""
    if day is None:
        return None
    style = rng.choice(["cell", "dot", "cn", "dash"]) if fmt != "csv" else rng.choice(["dot", "cn", "dash"])
    if style == "cell":
        return DateCell(day, "yyyy-mm-dd")
    return {"dot": f"{day.year}.{day.month}.{day.day}", "cn": f"{day.year}年{day.month}月{day.day}日",
            "dash": day.isoformat()}[style]


def start_sheet(ctx: Context, name: str, dataset: str, dept: str, title: str, unit_line: str | None,
                headers: list[str], fmt: str, tag: str) -> tuple[Sheet, SheetTruth, Options]:
    """A sheet with its title, 填报单位 line and header row."""
    opts = Options(fmt=fmt, titles=[title], merge_title=fmt != "csv", unit_line=unit_line)
    sheet, truth = Sheet(name), SheetTruth(name, dataset, dept, layout=["title", tag])
    add_preamble(ctx, sheet, opts, len(headers))
    truth.header_rows = [sheet.add(headers)]
    return sheet, truth, opts


def compose_unit_column(ctx: Context, rng: random.Random, fmt: str) -> tuple[str, str, list[tuple[Sheet, SheetTruth]]]:
    """法律援助 cases with the amount recovered in one column and its unit (万元 / 千元 / 元) in the
    next, row by row: every amount is in 元 in the truth."""
    dept, year = "区司法局", ctx.year
    unit_header = rng.choice(["单位", "计量单位", "金额单位", "单位（元/万元）"])
    amount_header = rng.choice(["挽回经济损失", "追回金额", "为受援人挽回损失"])
    headers = ["序号", "案件编号", "收案日期", "援助类别", amount_header, unit_header, "承办律师"]
    columns: list[Any] = [None, "case_no", "accepted_date", "case_type", "amount_recovered", [None, "_ignore"], None]
    title = rng.choice([f"{year}年法律援助案件挽回损失情况", f"法律援助案件结案金额登记（{year}年）"])
    sheet, truth, opts = start_sheet(ctx, "挽回损失", "legal_aid_cases", dept, title, f"填报单位：{dept}",
                                     headers, fmt, "unit_column")
    types = {"民事": ["民事", "民事案件"], "行政": ["行政", "行政案件"], "非诉讼": ["非诉讼", "非诉讼事项"]}
    units = rng.sample(list(AMOUNT_UNITS), rng.choice([2, 3]))
    if "元" in units and len(units) == 2:
        units = [u for u in units if u != "元"] + ["万元"]  # at least one unit that changes the number
    for k in range(1, rng.randint(6, 12) + 1):
        n = ctx.next("legal_aid")
        case_type = rng.choice(list(types))
        unit = rng.choice(units)
        written = {"万元": rng.choice([0.5, 1.2, 2.35, 3, 0.86, 4.5]), "千元": rng.choice([3, 8.5, 12, 26, 40]),
                   "元": rng.choice([2400, 5600, 18000, 7300])}[unit]
        day = pick_day(ctx, year)
        r = sheet.add([k, f"西援挽字{year}第{n:04d}号", write_day(rng, day, fmt), rng.choice(types[case_type]),
                       written, unit, rng.choice(["本中心律师", "法援中心值班律师", None])])
        truth.rows.append({"row": r, "department": dept, "quarantine": False,
                           "records": [{"department": dept, "case_no": f"西援挽字{year}第{n:04d}号",
                                        "accepted_date": day.isoformat(), "case_type": case_type,
                                        "amount_recovered": round(float(written) * AMOUNT_UNITS[unit], 2)}]})
    add_closing(sheet, opts, len(headers))
    set_columns(truth, headers, columns)
    return dept, f"{dept}/法律援助挽回损失登记", [(sheet, truth)]


def compose_coded_grades(ctx: Context, rng: random.Random, fmt: str, legend: bool,
                         name: str) -> tuple[Sheet, SheetTruth]:
    """Case-file reviews whose grades are codes (甲/乙/丙, A/B/C). With a legend under the table the
    truth is the grade the code stands for; without one the code as written."""
    dept, year = "区司法局", ctx.year
    levels = rng.choice([3, 4])
    codes = rng.choice(CODES[levels])
    grades = dict(zip(LEVELS[levels], codes, strict=True))
    headers = ["案卷编号", "被评查单位", "评查得分", rng.choice(["评查等次", "等次", "等级"])]
    columns: list[Any] = ["case_no", "enforcement_unit", "score", "grade"]
    title = f"{year}年行政执法案卷评查等次汇总" if legend else f"案卷评查结果（{year}年复查）"
    sheet, truth, opts = start_sheet(ctx, name, "case_file_reviews", dept, title, f"报送单位：{dept}",
                                     headers, fmt, "legend_codes" if legend else "codes_no_legend")
    units = ctx.get_pool("enforcement_units")
    for _ in range(rng.randint(5, 10)):
        n = ctx.next("review")
        score = float(rng.choice([rng.randint(52, 99), rng.randint(70, 97) + 0.5]))
        grade = grade_score(score, levels)
        unit = rng.choice(units)
        case_no = f"西执评〔{year}〕{n:03d}号"
        r = sheet.add([case_no, unit, score, grades[grade]])
        truth.rows.append({"row": r, "department": dept, "quarantine": False,
                           "records": [{"department": dept, "case_no": case_no, "enforcement_unit": unit,
                                        "score": score, "grade": grade if legend else grades[grade]}]})
    if legend:
        pair = rng.choice(LEGEND_PAIRS)
        pairs = "，".join(pair.format(c=c, g=g) for g, c in grades.items())
        opts.notes = [rng.choice(LEGEND_LINES).format(pairs=pairs)]
    add_closing(sheet, opts, len(headers))
    set_columns(truth, headers, columns)
    return sheet, truth


def compose_grades(ctx: Context, rng: random.Random, fmt: str) -> tuple[str, str, list[tuple[Sheet, SheetTruth]]]:
    """A workbook of coded grades: one sheet with its legend, one without."""
    sheets = [compose_coded_grades(ctx, rng, fmt, True, "评查等次"),
              compose_coded_grades(ctx, rng, fmt, False, "复查结果")]
    return "区司法局", "区司法局/案卷评查等次（代码）", sheets


def compose_new_unit(ctx: Context, rng: random.Random, fmt: str) -> tuple[str, str, list[tuple[Sheet, SheetTruth]]]:
    """A 普法 ledger from a unit the department list lacks, named only on the 填报单位 line: the
    truth keeps the unit as written."""
    unit, year = rng.choice(NEW_UNITS), ctx.year
    headers = ["序号", "活动日期", "活动名称", "活动类型", "参与人数"]
    columns: list[Any] = [None, "event_date", "title", "category", "people_reached"]
    line = rng.choice(["填报单位：{u}", "填报单位（盖章）：{u}", "报送单位：{u}　　　　填报日期：{y}年12月8日"])
    sheet, truth, opts = start_sheet(ctx, "普法活动", "publicity_events", unit, f"{year}年普法宣传活动登记表",
                                     line.format(u=unit, y=year), headers, fmt, "unknown_unit")
    spellings = ctx.values["vocabularies"]["activity_category"]
    pools = ctx.get_pool("event_titles")
    for k in range(1, rng.randint(4, 8) + 1):
        day = pick_day(ctx, year)
        category = rng.choice([c for c in spellings if c in pools])
        first, second = pools[category]
        title = ctx.make_unique(rng.choice([w for w in first if "{" not in w] or ["法治"]) + rng.choice(second))
        people = rng.choice([30, 45, 60, 120, 200, 350])
        r = sheet.add([k, write_day(rng, day, fmt), title, rng.choice(spellings[category]), people])
        truth.rows.append({"row": r, "department": unit, "quarantine": False,
                           "records": [{"department": unit, "event_date": day.isoformat(), "title": title,
                                        "category": category, "people_reached": people}]})
    add_closing(sheet, opts, len(headers))
    set_columns(truth, headers, columns)
    return unit, rng.choice(["报送材料", "第三批"]) + f"/{year}年普法活动登记", [(sheet, truth)]


def compose_generic_dates(ctx: Context, rng: random.Random,
                          fmt: str) -> tuple[str, str, list[tuple[Sheet, SheetTruth]]]:
    """A ledger with two date fields both headed only 日期 / 时间 (受理 left of 办结 / 化解): the
    truth takes them in that order; no row is held back."""
    first, second = rng.choice(GENERIC_DATES)
    if rng.random() < 0.5:
        dataset, dept, late = "one_court_requests", "区社会治理综合服务中心", "closed_date"
        headers = [first, "诉求类别", "诉求来源", "是否办结", second]
        columns: list[Any] = ["received_date", "request_type", "channel", "closed", "closed_date"]
        done, kinds = "closed", [("request_type", "request_types"), ("channel", "request_channels")]
        title = f"{ctx.year}年“一院式”平台诉求办理情况"
    else:
        dataset, dept, late = "disputes", "区司法局", "resolved_date"
        headers = [first, "纠纷类别", "所在街道", "是否调解成功", second]
        columns = ["received_date", "dispute_type", "street", "resolved", "resolved_date"]
        done, kinds = "resolved", [("dispute_type", None), ("street", "streets")]
        title = f"{ctx.year}年矛盾纠纷排查化解登记"
    sheet, truth, opts = start_sheet(ctx, "登记表", dataset, dept, title, f"填报单位：{dept}", headers, fmt,
                                     "generic_dates")
    types = ["婚姻家庭", "邻里纠纷", "物业纠纷", "劳动争议"]
    for _ in range(rng.randint(6, 12)):
        received = pick_day(ctx, ctx.year, 1, 11)
        finished = rng.random() < 0.8
        later = pick_later_day(ctx, received, 20) if finished else None
        values = [rng.choice(types) if pool is None else rng.choice(ctx.get_pool(pool)) for _, pool in kinds]
        r = sheet.add([write_day(rng, received, fmt), *values, "是" if finished else "否", write_day(rng, later, fmt)])
        record = {"department": dept, "received_date": received.isoformat(), done: finished,
                  **{name: v for (name, _), v in zip(kinds, values, strict=True)}}
        if later:
            record[late] = later.isoformat()
        truth.rows.append({"row": r, "department": dept, "quarantine": False, "records": [record]})
    add_closing(sheet, opts, len(headers))
    set_columns(truth, headers, columns)
    return dept, f"{dept}/{title}", [(sheet, truth)]


HABITS = {"unit-column": compose_unit_column, "legend": compose_grades, "new-unit": compose_new_unit,
          "generic-dates": compose_generic_dates}


def build_habit_files(ctx: Context, used_paths: set[str]) -> list[tuple[Book, dict]]:
    """One workbook per habit, each drawn from its own stream (issue 20's classes 6, 8, 11, 13)."""
    out = []
    for habit, compose in HABITS.items():
        rng = random.Random(f"{habit}|{ctx.seed}|{len(used_paths)}")
        fmt = rng.choice(["xlsx", "xlsx", "xls"])
        dept, stem, sheets = compose(dataclasses.replace(ctx, rng=rng), rng, fmt)
        path = f"{stem}.{fmt}"
        while path in used_paths:
            path = f"{stem}（{len(used_paths)}）.{fmt}"
        used_paths.add(path)
        truth = {"format": fmt, "department": dept, "department_shown": ["line"],
                 "sheets": [t.as_dict() for _, t in sheets]}
        out.append((Book(path, fmt, [s for s, _ in sheets]), truth))
    return out
