"""Benchmark: `python -m analysis clean` against a bare read of the same workbooks.

    .venv/bin/python benchmarks/intake.py [--dir DIR] [--files 200] [--rows 50000] [--jobs N]
                                          [--hotline 100000] [--corpus all|mixed|hotline]
                                          [--profile] [--keep] [--baseline REV [--rounds 3]]

Generates (into a temporary folder, or --dir) a corpus of messy department workbooks — title
rows, 填报单位 lines, merged two-level headers, monthly 小计 and a 合计 row, numbers and dates
written as text in several forms, blank rows, footers, instruction and hidden sheets, a few
.xls and GBK .csv files — about --rows data rows over --files files. Generation is not timed.
Then prints the wall time of, in one run:

1. `pandas.read_excel(path, sheet_name=None, engine="openpyxl")` over every .xlsx file;
2. python-calamine's bare read: `CalamineWorkbook.from_path(p)` then
   `get_sheet_by_name(n).to_python()` for every sheet of every .xlsx/.xls file;
   (both add the few .xls/.csv files the same way: .xls via calamine, .csv via the csv module,
   so that both read every file of the corpus);
3. `python -m analysis clean` cold (empty output folder) as a subprocess — interpreter start
   included — and `run_clean` in-process, cold, with the same --jobs and with one worker;
4. the same subprocess again, warm, nothing changed;
5. warm again after the content of one workbook changed;
0. for reference, a bare interpreter that only imports pandas, pandera, pyarrow, xlsxwriter and
   python-calamine (the fixed cost every subprocess `clean` pays before and after its work);

and a table with the ratios clean cold / openpyxl and clean cold / calamine. With --profile
(or when a cold clean is slower than the openpyxl read) it also profiles one cold in-process
clean with cProfile (one worker) and prints the functions that take the time.

A second corpus is one big file: the 12345 hotline export of the sample (区政数局's 工单明细, with
caller names and numbers, times in the 受理时间 column, 是/否 and 已办结/未办结 columns) at
--hotline tickets (default 100,000; 0 skips it), written by the sample's own generator and layout
(analysis.sample: sections.hotline_tickets scaled, the plan's columns) as .xlsx and, as the
platform exports it, as a GBK .csv. For each it prints the bare read of that same file (calamine for
the .xlsx, plus openpyxl for reference; the csv module for the .csv), the cold clean as a
subprocess and in-process with one worker, and their ratios to the bare read; then the tickets
kept and the completion rate the cleaned data gives against the generator's.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("ANALYSIS_PERSON_KEY", "benchmark-only-key")

import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import python_calamine as pc  # noqa: E402

DEPARTMENTS = [
    ("区司法局", ["区司法局", "西市区司法局", "司法局"]),
    ("区人民检察院", ["区检察院", "区人民检察院", "西市区人民检察院"]),
    ("公安分局", ["公安分局", "西市公安分局"]),
    ("区人民法院", ["区法院", "区人民法院"]),
    ("区教育局", ["区教育局", "教育局"]),
    ("区市场监督管理局", ["区市场监管局", "西市区市场监督管理局"]),
    ("区妇女联合会", ["区妇联", "妇联"]),
    ("区退役军人事务局", ["区退役军人事务局", "退役军人事务局"]),
    ("区卫生健康局", ["区卫健局", "区卫生健康局"]),
    ("区人力资源和社会保障局", ["区人社局", "人社局"]),
]
CATEGORIES = ["精准普法", "法律明白人培训", "专题活动", "反诈宣传", "送法进校园", "政策宣讲", "其他", "反诈", "专题普法"]
THEMES = ["民法典宣传月", "宪法宣传周", "国家安全教育日", "", "防范电信诈骗"]
AUDIENCES = ["社区居民", "青少年学生", "退役军人", "老年人", "企业职工", "外卖骑手"]
STREETS = ["城东街道", "城西街道", "南湖街道", "北山街道", "新华街道"]
DEFECTS = ["证据不足", "程序瑕疵", "文书制作不规范", "引用法条错误", "裁量基准适用不当", "未依法送达", "归档不及时"]
SEPARATORS = ["、", "，", ";", "；", "/", ","]
SERVICE_TYPES = ["心理测评", "个体咨询", "团体辅导", "危机干预", "心理讲座"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海燕波宁晨浩然"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
YEAR = 2025

# ---------------------------------------------------------------- values in messy forms


def messy_date(rng: random.Random, d: dt.date) -> object:
    """A date as departments write it: datetime cells, serials and many text forms."""
    form = rng.random()
    if form < 0.35:
        return dt.datetime(d.year, d.month, d.day)
    if form < 0.45:
        return (d - dt.date(1899, 12, 30)).days
    choices = [
        f"{d.year}.{d.month}.{d.day}", f"{d.year}/{d.month}/{d.day}", d.isoformat(),
        f"{d.year}年{d.month}月{d.day}日", f"{d.month}月{d.day}日",
    ]
    return rng.choice(choices)


def messy_int(rng: random.Random, n: int) -> object:
    """A count as departments write it: numbers, and text such as 约300, 1,200, １５０, 32次, 无."""
    form = rng.random()
    if n == 0:
        return rng.choice([0, "无", "/", "—", "-", ""])
    if form < 0.7:
        return n
    if form < 0.8:
        return str(n)
    if form < 0.85:
        return f"{n:,}"
    if form < 0.89:
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if form < 0.93:
        return f"{n}人次"
    if form < 0.95:
        return f"约{n}"
    if form < 0.97:
        return f"{n}余" if n % 10 == 0 else f"{n}多"
    return f"{n / 10000:g}万" if n >= 10000 else n


def messy_bool(rng: random.Random, value: bool) -> object:
    yes = ["是", "√", "已衔接", "Y", 1, "已"]
    no = ["否", "×", "未衔接", "N", 0, "未"]
    return rng.choice(yes if value else no)


def person(rng: random.Random, serial: int) -> tuple[str, str]:
    """An invented (name, identity number); a few numbers get a lower-case x or spaces."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    first17 = f"210102{birth:%Y%m%d}{serial % 1000:03d}"
    number = first17 + _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]
    form = rng.random()
    if form < 0.03:
        number = number.lower()
    elif form < 0.05:
        number = f"{number[:6]} {number[6:14]} {number[14:]}"
    return name, number


def rand_date(rng: random.Random, month: int | None = None) -> dt.date:
    month = month or rng.randint(1, 12)
    return dt.date(YEAR, month, rng.randint(1, 28))


# ---------------------------------------------------------------- tables per dataset


@dataclass
class TableSpec:
    """One sheet: title lines, header row(s), merges, data rows, and rows to put after them."""

    title: str
    header: list[list[object]]
    merges: list[str]
    rows: list[list[object]]
    footer: list[list[object]]


def _footer(rng: random.Random) -> list[list[object]]:
    out = [[]]
    if rng.random() < 0.7:
        out.append(["填表人：张某　　审核人：李某　　联系电话：024-12345678"])
    if rng.random() < 0.4:
        out.append(["备注：数据截至2025年12月31日"])
    return out


def publicity_events(rng: random.Random, n: int, file_no: int, sheet_no: int, two_level: bool) -> tuple[list, list, list]:
    if two_level:
        header = [
            ["序号", "活动日期", "活动名称", "活动类型", "主题", "对象", "地点", "覆盖情况", None, "备注"],
            [None, None, None, None, None, None, None, "人数", "发放材料（份）", None],
        ]
        merges = ["A{a}:A{b}", "B{a}:B{b}", "C{a}:C{b}", "D{a}:D{b}", "E{a}:E{b}", "F{a}:F{b}",
                  "G{a}:G{b}", "H{a}:I{a}", "J{a}:J{b}"]
    else:
        header = [["序号", "活动日期", "活动名称", "活动类型", "宣传主题", "受众群体", "活动地点", "覆盖人数\n（人次）",
                   "发放材料（份）", "备注"]]
        merges = []
    rows: list[list[object]] = []
    month = 0
    month_sum = [0, 0]
    for i in range(n):
        new_month = min(12, 1 + i * 12 // max(n, 1))
        if new_month != month and month and rng.random() < 0.5:
            rows.append([f"{month}月小计", None, None, None, None, None, None, month_sum[0], month_sum[1], None])
            month_sum = [0, 0]
        month = new_month
        people, materials = rng.randint(0, 800), rng.randint(0, 1500)
        month_sum[0] += people
        month_sum[1] += materials
        d = rand_date(rng, month)
        rows.append([i + 1, messy_date(rng, d), f"第{file_no}-{sheet_no}-{i + 1}场普法活动", rng.choice(CATEGORIES),
                     rng.choices(THEMES, weights=[30, 30, 20, 40, 2])[0], rng.choice(AUDIENCES), rng.choice(STREETS) + "社区",
                     messy_int(rng, people), messy_int(rng, materials), rng.choice(["", "", "联合开展"])])
        if rng.random() < 0.02:
            rows.append([])
    return header, merges, rows


def publicity_videos(rng, n, file_no, sheet_no, two_level):
    header = [["序号", "发布日期", "发布平台", "账号", "作品标题", "播放量", "点赞", "转发"]]
    rows = []
    for i in range(n):
        rows.append([i + 1, messy_date(rng, rand_date(rng)), rng.choice(["抖音", "微信视频号", "视频号", "快手"]),
                     rng.choice(["西市司法", "西市普法"]), f"普法短视频{file_no}-{sheet_no}-{i + 1}",
                     messy_int(rng, rng.randint(100, 50000)), messy_int(rng, rng.randint(0, 2000)),
                     messy_int(rng, rng.randint(0, 300))])
    return header, [], rows


def case_file_reviews(rng, n, file_no, sheet_no, two_level):
    header = [["序号", "案卷编号", "执法单位", "案件类型", "办结日期", "评查人", "得分", "等次", "存在问题"]]
    rows = []
    for i in range(n):
        score = round(rng.uniform(50, 100), 1)
        defects = rng.choice(SEPARATORS).join(rng.sample(DEFECTS, rng.randint(0, 3))) or "无"
        grade = rng.choice(["", "优秀" if score >= 90 else "合格" if score >= 60 else "不合格"])
        rows.append([i + 1, f"XS-{file_no:03d}-{sheet_no}-{i + 1:04d}", rng.choice(DEPARTMENTS)[1][0],
                     rng.choice(["行政许可", "行政处罚", "许可", "处罚类"]),
                     messy_date(rng, dt.date(rng.randint(2021, 2025), rng.randint(1, 5), rng.randint(1, 28))),
                     f"{rng.choice(SURNAMES)}律师", score, grade, defects])
    return header, [], rows


def correction_education(rng, n, file_no, sheet_no, two_level):
    header = [["序号", "教育日期", "教育主题", "司法所", "参加人数", "达标人数", "达标率"]]
    rows = []
    for i in range(n):
        att = rng.randint(10, 120)
        passed = att - rng.randint(0, 2)
        rate = rng.choice([f"{passed / att:.1%}", f"{passed / att * 100:.1f}", round(passed / att, 3), ""])
        rows.append([i + 1, messy_date(rng, rand_date(rng)), f"法治教育{file_no}-{sheet_no}-{i + 1}",
                     rng.choice(STREETS).replace("街道", "司法所"), messy_int(rng, att), passed, rate])
    return header, [], rows


def psych_services(rng, n, file_no, sheet_no, two_level):
    header = [["序号", "服务日期", "姓名", "身份证号", "服务类型", "服务机构"]]
    rows = []
    for i in range(n):
        name, number = person(rng, file_no * 1000 + i)
        rows.append([i + 1, messy_date(rng, rand_date(rng)), name, number, rng.choice(SERVICE_TYPES),
                     rng.choice(["心晴工作室", "区心理服务中心"])])
    return header, [], rows


def resettlement(rng, n, file_no, sheet_no, two_level):
    header = [["序号", "姓名", "公民身份号码", "刑满释放日期", "是否衔接", "是否安置", "是否帮教", "是否重新违法犯罪", "联系电话"]]
    rows = []
    for i in range(n):
        name, number = person(rng, file_no * 1000 + sheet_no * 300 + i)
        rows.append([i + 1, name, number, messy_date(rng, rand_date(rng)), messy_bool(rng, True),
                     messy_bool(rng, rng.random() < 0.99), messy_bool(rng, rng.random() < 0.99),
                     messy_bool(rng, rng.random() < 0.02), f"139{rng.randrange(10**8):08d}"])
    return header, [], rows


GENERATORS = [  # (dataset title, generator, weight)
    ("普法活动台账", publicity_events, 45),
    ("新媒体普法作品统计表", publicity_videos, 10),
    ("行政执法案卷评查表", case_file_reviews, 10),
    ("社区矫正法治教育台账", correction_education, 10),
    ("社区矫正心理服务台账", psych_services, 12),
    ("刑满释放人员安置帮教名册", resettlement, 13),
]


def plan_sheets(rng: random.Random, file_no: int, rows: int) -> tuple[str, str, list[tuple[str, TableSpec]], bool, bool]:
    """Choose a department, dataset and layout; split ``rows`` over 1–3 sheets."""
    canonical, spellings = rng.choice(DEPARTMENTS)
    title, generator, _ = rng.choices(GENERATORS, weights=[g[2] for g in GENERATORS])[0]
    spelling = rng.choice(spellings)
    n_sheets = rng.choice([1, 1, 2, 3])
    sizes = [rows // n_sheets + (1 if k < rows % n_sheets else 0) for k in range(n_sheets)]
    sheets = []
    for k, size in enumerate(sizes):
        two_level = generator is publicity_events and rng.random() < 0.4
        header, merges, data = generator(rng, size, file_no, k + 1, two_level)
        if rng.random() < 0.5 and generator is publicity_events:
            data.append(["合计", None, None, None, None, None, None, None, None, None])
        spec = TableSpec(title=f"西市区{YEAR}年{title}", header=header, merges=merges, rows=data,
                         footer=_footer(rng))
        sheets.append((f"{k + 1}月" if n_sheets > 1 else "Sheet1", spec))
    with_notes = rng.random() < 0.2
    with_hidden = rng.random() < 0.15
    return spelling, title, sheets, with_notes, with_hidden


def sheet_rows(spec: TableSpec, unit: str, width: int) -> tuple[list[list[object]], list[str]]:
    """All rows of a sheet and its merged ranges (A1 refs)."""
    rows: list[list[object]] = [[spec.title], [f"填报单位：{unit}　　填报日期：{YEAR}年12月5日"], *spec.header]
    first = 3
    last = first + len(spec.header) - 1
    col = openpyxl.utils.get_column_letter(width)
    merges = [f"A1:{col}1", f"A2:{col}2"] + [m.format(a=first, b=last) for m in spec.merges]
    rows.extend(spec.rows)
    rows.extend(spec.footer)
    return rows, merges


def write_xlsx(path: Path, sheets: list[tuple[str, list, list[str]]], hidden: tuple[str, ...] = ()) -> None:
    """Write with openpyxl's write-only mode, then add the <dimension> element Excel always writes."""
    wb = openpyxl.Workbook(write_only=True)
    dimensions = {}
    for n, (name, rows, merges) in enumerate(sheets, start=1):
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in merges:
            ws.merged_cells.add(ref)
        if name in hidden:
            ws.sheet_state = "hidden"
        width = max((len(r) for r in rows), default=1)
        dimensions[f"xl/worksheets/sheet{n}.xml"] = f"A1:{openpyxl.utils.get_column_letter(width)}{len(rows)}"
    wb.save(path)
    # without <dimension>, openpyxl's read-only reader parses the start of every sheet twice
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in dimensions:
                tag = f'<dimension ref="{dimensions[item.filename]}" /><sheetViews>'.encode()
                data = data.replace(b"<sheetViews>", tag, 1)
            zout.writestr(item, data)
    tmp.replace(path)


def write_xls(path: Path, sheets: list[tuple[str, list, list[str]]]) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows, _ in sheets:
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, dt.datetime):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    wb.save(str(path))


def write_csv(path: Path, rows: list[list[object]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else v) for v in row])
    path.write_bytes(buf.getvalue().encode("gbk", errors="replace"))


def generate_file(raw: Path, file_no: int, rows: int, kind: str, variant: int = 0) -> tuple[Path, int]:
    """Write one workbook; return its path and the number of data rows in it."""
    rng = random.Random(file_no * 7919 + variant)
    spelling, title, plan, with_notes, with_hidden = plan_sheets(rng, file_no, rows)
    sheets = []
    data_rows = 0
    for name, spec in plan:
        width = max(len(h) for h in spec.header)
        all_rows, merges = sheet_rows(spec, spelling, width)
        sheets.append((name, all_rows, merges))
        data_rows += sum(1 for r in spec.rows if r and not (isinstance(r[0], str) and ("计" in r[0])))
    folder = raw / rng.choice(["", "第一批", "第二批", "补报"])
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{spelling}{title}_{file_no:03d}"
    if kind == "xls":
        path = folder / f"{stem}.xls"
        write_xls(path, sheets)
    elif kind == "csv":
        path = folder / f"{stem}.csv"
        write_csv(path, sheets[0][1])
        data_rows = sum(1 for r in plan[0][1].rows if r and not (isinstance(r[0], str) and "计" in r[0]))
    else:
        if with_notes:
            sheets.insert(0, ("填表说明", [["填表说明"], ["1. 日期请填写为2025-03-15格式"], ["2. 人数请填写阿拉伯数字"]], []))
        hidden: tuple[str, ...] = ()
        if with_hidden:
            sheets.append(("下拉选项", [["活动类型"], *[[c] for c in CATEGORIES]], []))
            hidden = ("下拉选项",)
        path = folder / f"{stem}.xlsx"
        write_xlsx(path, sheets, hidden)
    return path, data_rows


def generate_corpus(raw: Path, files: int, rows: int) -> tuple[list[Path], int]:
    """Write ``files`` workbooks holding about ``rows`` data rows in all."""
    rng = random.Random(20251205)
    weights = [rng.uniform(0.3, 1.7) for _ in range(files)]
    scale = rows / sum(weights)
    paths, total = [], 0
    for n in range(files):
        kind = "xls" if n % 33 == 5 else "csv" if n % 50 == 7 else "xlsx"
        path, count = generate_file(raw, n + 1, max(5, round(weights[n] * scale)), kind)
        paths.append(path)
        total += count
    return paths, total


# ---------------------------------------------------------------- one big export: the 12345 hotline


HOTLINE_FILE = "区政数局/12345热线工单明细导出"  # department folder / file stem, as in the sample


def generate_hotline(base: Path, tickets: int) -> tuple[Path, Path, float]:
    """Write the sample's hotline export at ``tickets`` tickets as .xlsx (into base/hotline-xlsx) and
    as GBK .csv (base/hotline-csv); return both paths and the generator's completion rate."""
    from analysis.sample.plan import load_plan, sheet_specs
    from analysis.sample.sections import hotline_tickets
    from analysis.sample.sheets import render_sheet
    from analysis.sample.writers import _plain, csv_bytes

    plan = load_plan(YEAR)
    spec = next(f for f in plan["files"] if f["id"] == "hotline")
    records = hotline_tickets(plan["seed"], tickets)
    sheet = render_sheet(sheet_specs(spec)[0], records)
    xlsx = base / "hotline-xlsx" / f"{HOTLINE_FILE}.xlsx"
    csv_path = base / "hotline-csv" / f"{HOTLINE_FILE}.csv"
    for path in (xlsx, csv_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    letter = openpyxl.utils.get_column_letter
    merges = [f"{letter(c1)}{r1}:{letter(c2)}{r2}" for r1, c1, r2, c2 in sheet.merges]
    write_xlsx(xlsx, [(sheet.name, [[_plain(v) for v in row] for row in sheet.rows], merges)])
    csv_path.write_bytes(csv_bytes([sheet]))
    due = [r for r in records if r["due"]]
    return xlsx, csv_path, sum(r["completed"] for r in due) / len(due) * 100


def hotline_check(out: Path) -> str:
    """Tickets kept and the completion rate of the cleaned export (the package's metric)."""
    from analysis import metrics

    rate = metrics.compute("hotline_completion_rate", out)
    kept = len(pd.read_parquet(out / "hotline_tickets.parquet", columns=["ticket_no"]))
    return f"kept {kept} tickets, completion rate {rate.value:.4f}% ({rate.numerator}/{rate.denominator})"


def run_hotline(base: Path, tickets: int, jobs: int | None) -> None:
    start = time.perf_counter()
    xlsx, csv_path, truth = generate_hotline(base, tickets)
    print(f"\nhotline export: {tickets} tickets; {xlsx.name} {xlsx.stat().st_size / 1e6:.1f} MB, "
          f"{csv_path.name} {csv_path.stat().st_size / 1e6:.1f} MB (generated in {time.perf_counter() - start:.1f} s)")
    t0 = time.perf_counter()
    cells = _calamine_cells(xlsx)
    t_calamine = time.perf_counter() - t0
    t0 = time.perf_counter()
    read_openpyxl([xlsx])
    t_openpyxl = time.perf_counter() - t0
    t0 = time.perf_counter()
    csv_cells = sum(len(r) for r in _read_csv_rows(csv_path))
    t_csv = time.perf_counter() - t0
    rows = []
    for kind, raw, bare in (("xlsx", xlsx.parents[1], t_calamine), ("csv", csv_path.parents[1], t_csv)):
        t_cold, _ = clean_subprocess(raw, base / f"out-hotline-{kind}-cli", jobs)
        t_inproc, _ = clean_in_process(raw, base / f"out-hotline-{kind}", 1)
        print(f"clean {kind}: {hotline_check(base / f'out-hotline-{kind}')} (generator: {truth:.4f}%)")
        rows.append((kind, bare, t_cold, t_inproc))
    print(f"bare reads: calamine {cells} cells (.xlsx), csv module {csv_cells} cells (.csv)\n")
    print(f"{'hotline export, ' + str(tickets) + ' tickets':<44} {'seconds':>8} {'/bare read':>11}")
    print(f"{'  .xlsx python-calamine bare read':<44} {t_calamine:>8.2f} {1:>11.2f}")
    print(f"{'  .xlsx pandas.read_excel, openpyxl':<44} {t_openpyxl:>8.2f} {t_openpyxl / t_calamine:>11.2f}")
    for kind, bare, t_cold, t_inproc in rows:
        if kind == "csv":
            print(f"{'  .csv csv-module bare read (GBK)':<44} {bare:>8.2f} {1:>11.2f}")
        print(f"{f'  .{kind} clean cold, subprocess':<44} {t_cold:>8.2f} {t_cold / bare:>11.2f}")
        print(f"{f'  .{kind} clean cold, in-process, jobs=1':<44} {t_inproc:>8.2f} {t_inproc / bare:>11.2f}")
    xlsx_row = rows[0]
    print(f"\nhotline .xlsx: clean cold / calamine = {xlsx_row[2] / t_calamine:.2f} "
          f"(in-process jobs=1: {xlsx_row[3] / t_calamine:.2f}); per 10,000 tickets "
          f"{xlsx_row[3] / tickets * 10_000:.2f} s in-process")


# ---------------------------------------------------------------- the timed steps


def _read_csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("gb18030")
    return list(csv.reader(io.StringIO(text)))


def read_openpyxl(paths: list[Path]) -> int:
    """pandas + openpyxl for .xlsx; .xls through calamine, .csv through the csv module."""
    cells = 0
    for p in paths:
        suffix = p.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            frames = pd.read_excel(p, sheet_name=None, engine="openpyxl", header=None)
            cells += sum(f.size for f in frames.values())
        elif suffix == ".xls":
            cells += _calamine_cells(p)
        else:
            cells += sum(len(r) for r in _read_csv_rows(p))
    return cells


def _calamine_cells(path: Path) -> int:
    wb = pc.CalamineWorkbook.from_path(str(path))
    return sum(sum(len(r) for r in wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)


def read_calamine(paths: list[Path]) -> int:
    """python-calamine for .xlsx/.xls; .csv through the csv module."""
    cells = 0
    for p in paths:
        if p.suffix.lower() == ".csv":
            cells += sum(len(r) for r in _read_csv_rows(p))
        else:
            cells += _calamine_cells(p)
    return cells


def touch_one(paths: list[Path]) -> Path:
    """Change one number in one .xlsx (a department's correction); return its path."""
    path = next(p for p in paths if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, int) and not isinstance(cell.value, bool) and cell.value >= 10 \
                        and cell.column > 1:
                    cell.value += 1
                    wb.save(path)
                    return path
    raise SystemExit(f"no number to change in {path}")


def clean_subprocess(raw: Path, out: Path, jobs: int | None) -> tuple[float, str]:
    command = [sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out", str(out),
               "--year", str(YEAR), "--quiet"]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"clean failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""


def imports_subprocess() -> float:
    """Wall time of a bare interpreter that only imports what `clean` must load to write its outputs."""
    command = [sys.executable, "-c", "import pandas, pandera.pandas, pyarrow.parquet, xlsxwriter, python_calamine"]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def clean_in_process(raw: Path, out: Path, jobs: int | None) -> tuple[float, object]:
    """run_clean in this process; the cleaner's modules (pandas, pandera …) are imported first."""
    import analysis.intake.combine.combine  # noqa: F401
    import analysis.intake.combine.schemas  # noqa: F401
    import analysis.intake.convert.convert  # noqa: F401
    from analysis.intake.run import run_clean

    start = time.perf_counter()
    summary = run_clean(raw, out, year=YEAR, jobs=jobs, progress=False)
    return time.perf_counter() - start, summary


def profile_clean(raw: Path, out: Path, top: int = 25) -> None:
    from analysis.intake.run import run_clean

    profiler = cProfile.Profile()
    profiler.enable()
    run_clean(raw, out, year=YEAR, jobs=1, progress=False)
    profiler.disable()
    for key, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        buf = io.StringIO()
        stats = pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(key)
        stats.print_stats(top)
        print(f"\n--- cProfile of one cold in-process clean (jobs=1), top {top} by {title} ---")
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:8000])


def mixed_corpus(args, base: Path, raw: Path) -> None:
    """The many-files corpus: generate, read bare, clean cold, warm and touched; print the table."""
    start = time.perf_counter()
    paths, data_rows = generate_corpus(raw, args.files, args.rows)
    size = sum(p.stat().st_size for p in paths) / 1e6
    kinds = {s: sum(1 for p in paths if p.suffix == s) for s in (".xlsx", ".xls", ".csv")}
    print(f"corpus: {len(paths)} files ({', '.join(f'{n} {s}' for s, n in kinds.items())}), "
          f"{data_rows} data rows, {size:.1f} MB in {raw} (generated in {time.perf_counter() - start:.1f} s)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, clean --jobs {args.jobs or 'default'}\n")

    t0 = time.perf_counter()
    cells_openpyxl = read_openpyxl(paths)
    t_openpyxl = time.perf_counter() - t0
    t0 = time.perf_counter()
    cells_calamine = read_calamine(paths)
    t_calamine = time.perf_counter() - t0

    t_imports = imports_subprocess()
    t_cold, line_cold = clean_subprocess(raw, base / "out-cli", args.jobs)
    t_inproc, summary = clean_in_process(raw, base / "out-inproc", args.jobs)
    t_inproc_1, _ = clean_in_process(raw, base / "out-inproc-1", 1)
    t_warm, line_warm = clean_subprocess(raw, base / "out-cli", args.jobs)
    changed = touch_one(paths)
    t_touched, line_touched = clean_subprocess(raw, base / "out-cli", args.jobs)
    print(f"changed one number in {changed.relative_to(raw)}")

    print(f"clean cold:    {line_cold}")
    print(f"clean warm:    {line_warm}")
    print(f"clean touched: {line_touched}")
    print(f"bare reads: openpyxl {cells_openpyxl} cells, calamine {cells_calamine} cells\n")
    table = [
        ("(1) pandas.read_excel, openpyxl", t_openpyxl),
        ("(2) python-calamine bare read", t_calamine),
        ("(0) interpreter + imports only", t_imports),
        ("(3) clean cold, subprocess", t_cold),
        ("    clean cold, in-process run_clean", t_inproc),
        ("    clean cold, in-process, jobs=1", t_inproc_1),
        ("(4) clean warm, nothing changed", t_warm),
        ("(5) clean warm, one file changed", t_touched),
    ]
    print(f"{'step':<40} {'seconds':>8} {'/openpyxl':>10} {'/calamine':>10}")
    for label, seconds in table:
        print(f"{label:<40} {seconds:>8.2f} {seconds / t_openpyxl:>10.2f} {seconds / t_calamine:>10.2f}")
    print(f"\nclean cold / openpyxl = {t_cold / t_openpyxl:.2f}   clean cold / calamine = {t_cold / t_calamine:.2f}"
          f"   (in-process jobs=1: {t_inproc_1 / t_openpyxl:.2f} and {t_inproc_1 / t_calamine:.2f})")
    print(f"rows: kept {summary.kept}, quarantined {summary.quarantined}, duplicates {summary.duplicates}, "
          f"issues {summary.issues}")
    print(f"fixed cost of a subprocess clean (interpreter start, imports, exit) = {t_imports:.2f} s "
          f"= {t_imports / t_calamine:.2f} x the bare calamine read")
    print_tiers(base / "out-inproc")
    if args.profile or t_cold > t_openpyxl or t_inproc_1 > t_openpyxl:
        profile_clean(raw, base / "out-profile")


def print_tiers(out: Path) -> None:
    """How the corpus's columns were matched (column_map.csv): columns per tier."""
    path = out / "column_map.csv"
    if not path.is_file():
        print("matching tiers: no column_map.csv (a cleaner before the general intake)")
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        tiers = [row["tier"] for row in csv.DictReader(fh)]
    counts = {t: tiers.count(t) for t in dict.fromkeys(sorted(tiers, key=tiers.count, reverse=True))}
    print("matching tiers (columns): " + ", ".join(f"{t} {n}" for t, n in counts.items()))


def clean_cpu(raw: Path, out: Path, src: Path | None) -> float:
    """CPU seconds (user + system, the whole process tree) of a cold `clean --jobs 1` subprocess,
    run with the package in ``src`` (None: this checkout's)."""
    import resource

    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"], env["ANALYSIS_HOME"] = str(src / "src"), str(src)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "analysis", "clean", "--raw", str(raw), "--out", str(out), "--year",
                    str(YEAR), "--quiet", "--jobs", "1"], env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare_baseline(base: Path, raw: Path, revision: str, rounds: int) -> None:
    """This cleaner against the one of ``revision`` (a git worktree), alternating, with the bare
    calamine read of the same files in each round: CPU seconds and their ratios (CPU time is far
    less disturbed by a busy machine than wall time)."""
    import statistics

    root = Path(__file__).resolve().parents[1]
    tree = base / "baseline-src"
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "-C", str(root), "worktree", "add", "--detach", "-f", str(tree), revision],
                   check=True, capture_output=True)
    paths = sorted(p for p in raw.rglob("*") if p.is_file())
    try:
        new, old, bare = [], [], []
        for _ in range(rounds):
            t0 = time.process_time()
            read_calamine(paths)
            bare.append(time.process_time() - t0)
            new.append(clean_cpu(raw, base / "out-cpu", None))
            old.append(clean_cpu(raw, base / "out-cpu", tree))
        b, n, o = (statistics.median(x) for x in (bare, new, old))
        print(f"\nagainst {revision} ({rounds} alternating rounds, medians of CPU seconds, `clean --jobs 1`):")
        print(f"  bare calamine read {b:.2f}; {revision} {o:.2f} ({o / b:.2f} x the read); "
              f"this checkout {n:.2f} ({n / b:.2f} x the read); this / {revision} = {n / o:.2f}")
    finally:
        subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(tree)], capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="work folder (default: a temporary folder, removed afterwards)")
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, help="workers for clean (default: the cleaner's default, all cores)")
    parser.add_argument("--hotline", type=int, default=100_000,
                        help="tickets in the one-file hotline corpus (0: skip it)")
    parser.add_argument("--corpus", choices=("all", "mixed", "hotline"), default="all",
                        help="run both corpora (default), only the mixed one, or only the hotline export")
    parser.add_argument("--profile", action="store_true", help="always profile a cold in-process clean")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--baseline", metavar="REV",
                        help="also time the cleaner of git revision REV on the same corpus, alternating "
                             "with this one (CPU seconds of `clean --jobs 1`; e.g. the commit before an issue)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds for --baseline")
    args = parser.parse_args(argv)

    base = Path(args.dir).resolve() if args.dir else Path(tempfile.mkdtemp(prefix="intake-bench-"))
    raw = base / "raw"
    if raw.exists():
        shutil.rmtree(raw)
    raw.mkdir(parents=True)
    for name in ("out-cli", "out-inproc", "out-inproc-1", "out-profile", "hotline-xlsx", "hotline-csv",
                 "out-hotline-xlsx", "out-hotline-xlsx-cli", "out-hotline-csv", "out-hotline-csv-cli"):
        shutil.rmtree(base / name, ignore_errors=True)
    try:
        if args.corpus != "hotline":
            mixed_corpus(args, base, raw)
        if args.corpus != "mixed" and args.hotline > 0:
            run_hotline(base, args.hotline, args.jobs)
        if args.baseline and args.corpus != "hotline":
            compare_baseline(base, raw, args.baseline, args.rounds)
    finally:
        if not args.dir and not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        elif args.keep:
            print(f"\nkept {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
