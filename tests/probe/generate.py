"""Probe ledgers written from the contract alone (issue 20): workbooks and their expected rows.

Written by someone who read only ``docs/datasets.md`` and ``docs/messiness.md`` (not the package's
resources, not ``tests/corpus``): every dataset gets two or three workbooks in a clerk's own wording
and layout, with the issue-20 habits (repeated column groups, a count column per category, two tables
in a sheet, month cross-tabs, status words, 万元 unit columns, spoken dates, legends, example rows,
other organisations' columns, units not in the list, 其中 rows, generic 日期 headers, marks for nothing).

``generate(out_dir, seed)`` writes ``out_dir/raw/**.xlsx`` and ``out_dir/expected.json``:
``{"sheets": [{"file", "sheet", "dataset" (None: no rows expected), "records": [{field: value}]}],
"personal": [strings that must reach no output]}``. Values are canonical: dates ISO, bools, numbers.
``"*"`` as a value means "any non-empty value" (a person_key); ``indicator`` values are lists of
acceptable fragments.

    python -m tests.probe.generate /tmp/probe --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

YEAR = 2025
WEEK = "一二三四五六日"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉建国晓东海燕志强春梅宏亮玲"
STREETS = ["东关街道", "西城街道", "南湖街道", "北苑街道", "新华街道", "河西街道"]
SCHOOLS = ["西市区实验小学", "西市第一中学", "西市区第二小学", "育才中学", "阳光小学", "西市区第三中学"]
VENUES = ["东关司法所", "西城司法所", "南湖司法所", "北苑司法所"]
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


# ------------------------------------------------------------------ values and their writings

def id_number(rng: random.Random) -> str:
    """Return a valid 18-character identity number of someone born 1950–2000."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(18000))
    first = f"21010{rng.randrange(2, 9)}{born:%Y%m%d}{rng.randrange(100, 999)}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _W, strict=False)) % 11]


def person(rng: random.Random, book: list[str]) -> tuple[str, str, str]:
    """Return (name, id number, mobile) of an invented person; all three go in the personal list."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    trio = (name, id_number(rng), f"13{rng.randrange(0, 10)}{rng.randrange(10**7, 10**8)}")
    book.extend(trio[1:])
    if len(name) == 3:
        book.append(name)
    return trio


def day(rng: random.Random, start: int = 1, end: int = 12) -> dt.date:
    """Return a date of the report year between months ``start`` and ``end``."""
    first = dt.date(YEAR, start, 1)
    last = dt.date(YEAR, end, 28)
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def write_date(d: dt.date, rng: random.Random, style: int | None = None) -> object:
    """Write a date the way a clerk would (one of many forms)."""
    forms: list[Callable[[], object]] = [
        lambda: dt.datetime(d.year, d.month, d.day),
        lambda: f"{d.year}.{d.month}.{d.day}",
        lambda: f"{d.year}/{d.month}/{d.day}",
        lambda: f"{d.year}年{d.month}月{d.day}日",
        lambda: f"{d.month}月{d.day}日",
        lambda: f"{d:%Y-%m-%d}",
        lambda: f"{d.year % 100}.{d.month}.{d.day}",
        lambda: f"{d.year}年{d.month}月{d.day}日{rng.choice(('上午', '下午'))}",
        lambda: f"{d.month}月{d.day}日（周{WEEK[d.weekday()]}）",
        lambda: f"{d:%Y-%m-%d} 星期{WEEK[d.weekday()]}",
        lambda: f"{d.year}.{d.month}.{d.day} 下午3点",
    ]
    return forms[style if style is not None else rng.randrange(len(forms))]()


def write_int(n: int, rng: random.Random, unit: str = "") -> object:
    """Write a whole number as a number, text, full-width digits or with its unit."""
    k = rng.randrange(5)
    if k == 0:
        return n
    if k == 1:
        return str(n)
    if k == 2:
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if k == 3 and unit:
        return f"{n}{unit}"
    return n


YES = [("是", "否"), ("√", "×"), ("Y", "N"), ("已{s}", "未{s}"), ("1", "0")]


def write_bool(b: bool, rng: random.Random, pair: tuple[str, str], subject: str) -> str:
    """Write a yes/no in the pair's words (``{s}`` is the column's subject)."""
    return (pair[0] if b else pair[1]).format(s=subject)


# ------------------------------------------------------------------ sheets

@dataclass
class Col:
    """One column: its header (one or two levels), the field it holds and how a cell is written."""

    head: str | tuple[str, str]
    field: str | None
    write: Callable[[dict], object]


@dataclass
class Sheet:
    """A sheet under construction: its grid, merges, and the expected records."""

    name: str
    dataset: str | None
    grid: list[list[object]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)

    def add(self, *cells: object) -> int:
        """Append a row; return its 1-based number."""
        self.grid.append(list(cells))
        return len(self.grid)


def letter(i: int) -> str:
    """Return the column letter of 0-based index ``i``."""
    return openpyxl.utils.get_column_letter(i + 1)


def head_rows(sh: Sheet, cols: list[Col], title: str | None, unit_line: str | None) -> None:
    """Write the title, the 填报单位 line and the header (two rows when any header has two levels)."""
    width = len(cols)
    if title:
        r = sh.add(title)
        sh.merges.append(f"A{r}:{letter(width - 1)}{r}")
    if unit_line:
        sh.add(unit_line)
    if not any(isinstance(c.head, tuple) for c in cols):
        sh.add(*[c.head for c in cols])
        return
    top = [c.head[0] if isinstance(c.head, tuple) else c.head for c in cols]
    sub = [c.head[1] if isinstance(c.head, tuple) else None for c in cols]
    r = sh.add(*top)
    sh.add(*sub)
    i = 0
    while i < width:
        j = i
        if isinstance(cols[i].head, tuple):
            while j + 1 < width and isinstance(cols[j + 1].head, tuple) and top[j + 1] == top[i]:
                j += 1
            sh.grid[r - 1][i + 1:j + 1] = [None] * (j - i)
            if j > i:
                sh.merges.append(f"{letter(i)}{r}:{letter(j)}{r}")
        else:
            sh.merges.append(f"{letter(i)}{r}:{letter(i)}{r + 1}")
        i = j + 1


def body_rows(sh: Sheet, cols: list[Col], recs: list[dict], dept: str, expect: bool = True) -> None:
    """Write one row per record; the record's fields (those with a column) are expected."""
    for n, rec in enumerate(recs, 1):
        cells = [n if c.field == "_seq" else c.write(rec) for c in cols]
        sh.add(*cells)
        if expect:
            fields = {c.field for c in cols if c.field and not c.field.startswith("_")}
            want = {k: v for k, v in rec.items() if k in fields or k.startswith("=")}
            want = {k.lstrip("="): v for k, v in want.items()}
            want["department"] = dept
            sh.records.append(want)


def ledger(sh: Sheet, cols: list[Col], recs: list[dict], dept: str, rng: random.Random, *,
           title: str, unit_line: str | None = None, example: bool = False, footer: bool = True,
           note: str | None = None) -> None:
    """A whole ledger: title, unit line, header, optional 填写示例 row, rows, optional notes/footer."""
    head_rows(sh, cols, title, unit_line)
    if example:
        sh.add(*[("填写示例" if i == 0 else "（示例）" if c.field == "title" else None)
                 for i, c in enumerate(cols)])
        sh.grid[-1][min(1, len(cols) - 1)] = "例：某某活动（此行为示例，请勿删除）"
    body_rows(sh, cols, recs, dept)
    if note:
        sh.add(note)
    if footer:
        sh.add(None)
        sh.add(f"填表人：{rng.choice(SURNAMES)}某某　　审核人：{rng.choice(SURNAMES)}某　　"
               f"填报日期：{YEAR}年12月{rng.randrange(1, 20)}日")


def unit_line(dept: str, rng: random.Random) -> str:
    """The 填报单位 line in one of its forms."""
    return rng.choice([f"填报单位：{dept}", f"填报单位（盖章）：{dept}　　　填报日期：{YEAR}年12月5日",
                       f"报送单位:{dept}", f"单位：{dept}　　　　单位：人、次"])


# ------------------------------------------------------------------ the context

@dataclass
class Book:
    """A workbook: file path (relative to raw) and its sheets."""

    path: str
    sheets: list[Sheet]


@dataclass
class Ctx:
    """Random stream, persons written, books made."""

    rng: random.Random
    personal: list[str] = field(default_factory=list)
    books: list[Book] = field(default_factory=list)

    def pick(self, seq):
        return self.rng.choice(seq)

    def book(self, path: str, *sheets: Sheet) -> None:
        self.books.append(Book(path, list(sheets)))


ALIASES = {
    "区司法局": ["区司法局", "西市区司法局", "司法局"],
    "区人民检察院": ["区检察院", "西市区人民检察院"],
    "区教育局": ["区教育局", "西市区教育局"],
    "区市场监督管理局": ["区市场监管局", "西市区市场监督管理局"],
    "区城市管理综合行政执法局": ["区城管执法局", "区城管局"],
    "区社会治理综合服务中心": ["区社会治理综合服务中心", "社会治理综合服务中心"],
    "区政务服务和数据管理局": ["区政数局", "区12345热线办公室"],
    "区委依法治区办": ["依法治区办", "区委依法治区办"],
    "区应急管理局": ["区应急局", "西市区应急管理局"],
    "区住房和城乡建设局": ["区住建局", "住建局"],
    "区人力资源和社会保障局": ["区人社局", "人社局"],
    "区退役军人事务局": ["区退役军人局", "退役军人事务局"],
    "区委政法委员会": ["区委政法委", "政法委"],
    "区纪委监委": ["区纪委监委", "区纪委"],
    "区信访局": ["区信访局", "信访局"],
}


def alias(ctx: Ctx, dept: str) -> str:
    return ctx.pick(ALIASES.get(dept, [dept]))


def seq() -> Col:
    return Col("序号", "_seq", lambda r: None)


def extra(head: str, write: Callable[[dict], object]) -> Col:
    """A column that is no field of the dataset (备注, other organisations, personal columns)."""
    return Col(head, None, write)


def total_row(sh: Sheet, cols: list[Col], recs: list[dict], label: str = "合计") -> None:
    """A 合计 row summing the int fields."""
    cells: list[object] = [label] + [None] * (len(cols) - 1)
    for i, c in enumerate(cols):
        if i and c.field and recs and isinstance(recs[0].get(c.field), int) and not isinstance(recs[0].get(c.field), bool):
            cells[i] = sum(r[c.field] for r in recs)
    sh.add(*cells)


# ------------------------------------------------------------------ 普法宣传

CATEGORIES = ["精准普法", "法律明白人培训", "专题活动", "反诈宣传", "送法进校园", "政策宣讲", "其他"]
THEMES = ["民法典宣传月", "宪法宣传周", "国家安全教育日", "反电信诈骗", "未成年人保护"]
AUDIENCES = ["社区居民", "中小学生", "退役军人", "企业职工", "老年人", "农民工"]


def events(ctx: Ctx, n: int, cats: list[str] | None = None) -> list[dict]:
    rng = ctx.rng
    out = []
    for _ in range(n):
        cat = rng.choice(cats or CATEGORIES)
        street = rng.choice(STREETS)
        out.append({"event_date": day(rng), "title": f"{rng.choice(THEMES)}{cat}活动{rng.randrange(1, 99)}",
                    "category": cat, "theme": rng.choice(THEMES), "audience": rng.choice(AUDIENCES),
                    "location": street.replace("街道", "") + rng.choice(["社区广场", "文化站", "党群服务中心"]),
                    "street": street, "materials": rng.randrange(20, 600), "people_reached": rng.randrange(15, 400)})
    return out


def ds_publicity_events(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    cols = [seq(), Col("活动日期", "event_date", lambda r: write_date(r["event_date"], rng)),
            Col("活动名称", "title", lambda r: r["title"]),
            Col("活动类型", "category", lambda r: r["category"]),
            Col("宣传主题", "theme", lambda r: r["theme"]),
            Col("活动地点", "location", lambda r: r["location"]),
            Col("所属街道", "street", lambda r: r["street"]),
            Col(("覆盖情况", "参与人数（人次）"), "people_reached", lambda r: write_int(r["people_reached"], rng, "人次")),
            Col(("覆盖情况", "发放资料（份）"), "materials", lambda r: write_int(r["materials"], rng, "份")),
            extra("授课单位", lambda r: rng.choice(["区人民法院", "区检察院", "西市律师事务所"])),
            extra("备注", lambda r: None)]
    recs = events(ctx, rng.randrange(6, 10))
    sh = Sheet("普法活动台账", "publicity_events")
    head_rows(sh, cols, f"西市区司法局{YEAR}年普法活动台账", unit_line(alias(ctx, d), rng))
    sh.add("填写示例", "2025年1月1日", "××普法进社区", "精准普法", "宪法宣传周", "××社区", "××街道", 100, 50, "××单位", None)
    body_rows(sh, cols, recs, d)
    total_row(sh, cols, recs)
    sh.add("说明：1.活动类型按精准普法、专题活动等填写；2.人数以签到为准。")
    # a month cross-tab of the same activities: totals, no records
    mt = Sheet("月度汇总", None)
    mt.add(f"{YEAR}年普法活动分月统计表（场次）")
    mt.add("活动类型", *[f"{m}月" for m in range(1, 13)], "合计")
    for cat in CATEGORIES[:5]:
        vals = [rng.randrange(0, 6) for _ in range(12)]
        mt.add(cat, *vals, sum(vals))
    ctx.book(f"{alias(ctx, d)}/{YEAR}年普法活动台账.xlsx", sh, mt)

    d = "区教育局"
    cols = [Col("时间", "event_date", lambda r: write_date(r["event_date"], rng, rng.choice((0, 3, 7, 8, 9)))),
            Col("活动内容", "title", lambda r: r["title"]),
            Col("类别", "category", lambda r: r["category"]),
            Col("对象", "audience", lambda r: r["audience"]),
            Col("地点", "location", lambda r: r["location"]),
            Col("受众人数", "people_reached", lambda r: write_int(r["people_reached"], rng, "人")),
            extra("主讲单位", lambda r: rng.choice(["区人民法院", "区人民检察院", "公安分局"])),
            extra("联系人", lambda r: person(ctx.rng, ctx.personal)[0])]
    sheets = []
    for half, (a, b) in (("上半年", (1, 6)), ("下半年", (7, 12))):
        recs = [dict(r, event_date=day(rng, a, b)) for r in events(ctx, rng.randrange(4, 7), ["送法进校园", "专题活动"])]
        sh = Sheet(half, "publicity_events")
        ledger(sh, cols, recs, d, rng, title=f"{YEAR}年{half}送法进校园活动统计", unit_line=None)
        sheets.append(sh)
    ctx.book(f"教育局/{alias(ctx, d)}普法工作台账（{YEAR}）.xlsx", *sheets)

    d = "区退役军人事务局"
    cols = [Col("开展日期", "event_date", lambda r: write_date(r["event_date"], rng, rng.choice((1, 2, 5, 6)))),
            Col("普法活动名称", "title", lambda r: r["title"]),
            Col("活动形式", "category", lambda r: r["category"]),
            Col("受众", "audience", lambda r: r["audience"]),
            Col("宣传资料发放（份）", "materials", lambda r: write_int(r["materials"], rng)),
            Col("受教育人数（人次）", "people_reached", lambda r: write_int(r["people_reached"], rng)),
            extra("协办单位", lambda r: rng.choice(["区司法局", "区人社局"]))]
    recs = events(ctx, rng.randrange(4, 8), ["政策宣讲", "专题活动"])
    sh = Sheet("Sheet1", "publicity_events")
    ledger(sh, cols, recs, d, rng, title="政策宣讲活动登记表", unit_line=unit_line(alias(ctx, d), rng), example=True)
    ctx.book(f"{alias(ctx, d)}-普法台账.xlsx", sh)


def ds_publicity_videos(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"

    def vids(n: int, platform: str) -> list[dict]:
        return [{"publish_date": day(rng), "platform": platform, "account": "西市司法",
                 "title": f"{rng.choice(THEMES)}普法小课堂第{rng.randrange(1, 60)}期",
                 "views": rng.choice([rng.randrange(200, 9000), rng.randrange(10, 90) * 1000]),
                 "likes": rng.randrange(5, 500), "shares": rng.randrange(0, 80)} for _ in range(n)]

    def views(r: dict) -> object:
        v = r["views"]
        return f"{v / 10000:g}万" if v % 1000 == 0 and v >= 10000 else write_int(v, rng)

    cols = [seq(), Col("发布时间", "publish_date", lambda r: write_date(r["publish_date"], rng)),
            Col("平台", "platform", lambda r: r["platform"]), Col("账号名称", "account", lambda r: r["account"]),
            Col("作品标题", "title", lambda r: r["title"]), Col("播放量", "views", views),
            Col("点赞数", "likes", lambda r: write_int(r["likes"], rng)),
            Col("转发数", "shares", lambda r: write_int(r["shares"], rng))]
    sh = Sheet("新媒体作品", "publicity_videos")
    ledger(sh, cols, vids(rng.randrange(5, 9), "抖音"), d, rng, title="西市司法新媒体普法作品发布情况", footer=False)
    # a second table below, other platform, columns in another order
    sh.add(None)
    sh.add("二、微信视频号")
    cols2 = [cols[0], cols[4], cols[1], cols[2], cols[3], cols[7], cols[6], cols[5]]
    sh.add(*[c.head for c in cols2])
    body_rows(sh, cols2, vids(rng.randrange(3, 6), "微信视频号"), d)
    ctx.book(f"司法局/新媒体普法{YEAR}.xlsx", sh)

    d = "区市场监督管理局"
    cols = [Col("日期", "publish_date", lambda r: write_date(r["publish_date"], rng, rng.choice((0, 3, 5)))),
            Col("发布平台", "platform", lambda r: r["platform"]), Col("作品名称", "title", lambda r: r["title"]),
            Col("浏览量（次）", "views", lambda r: write_int(r["views"], rng)),
            Col("点赞量", "likes", lambda r: r["likes"]), Col("转发量", "shares", lambda r: r["shares"])]
    sh = Sheet("普法视频", "publicity_videos")
    ledger(sh, cols, vids(rng.randrange(4, 7), rng.choice(["抖音", "微信视频号"])), d, rng,
           title="普法短视频统计表", unit_line=unit_line(alias(ctx, d), rng))
    ctx.book(f"{alias(ctx, d)}/短视频.xlsx", sh)


def ds_vice_principals(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区教育局"
    employers = ["区人民检察院", "区人民法院", "公安分局", "区司法局"]
    sh = Sheet("法治副校长", "vice_principals")
    sub = ("姓名", "身份证号", "工作单位")
    sh.add(f"西市区中小学法治副校长配备情况表（{YEAR}年）")
    sh.add("学校名称", "法治副校长1", None, None, "法治副校长2", None, None, "备注")
    sh.add(None, *sub, *sub, None)
    sh.merges += ["A1:H1", "A2:A3", "B2:D2", "E2:G2", "H2:H3"]
    for school in rng.sample(SCHOOLS, 4):
        row: list[object] = [school]
        for _ in range(2):
            name, idn, _tel = person(rng, ctx.personal)
            emp = rng.choice(employers)
            row += [name, idn, rng.choice(ALIASES.get(emp, [emp]))]
            sh.records.append({"school": school, "person_key": "*", "employer": emp, "department": d})
        sh.add(*row, None)
    ctx.book(f"教育局/法治副校长名单{YEAR}.xlsx", sh)

    d = "区人民检察院"
    sh = Sheet("Sheet1", "vice_principals")
    sh.add("区人民检察院干警担任法治副校长情况")
    sh.add(unit_line(alias(ctx, d), rng))
    sh.add("序号", "姓名", "公民身份号码", "联系电话", "聘任学校", "派出单位")
    for i, school in enumerate(rng.sample(SCHOOLS, 5), 1):
        name, idn, tel = person(rng, ctx.personal)
        sh.add(i, name, idn, tel, school, "区人民检察院")
        sh.records.append({"school": school, "person_key": "*", "employer": "区人民检察院", "department": d})
    ctx.book("区检察院/法治副校长.xlsx", sh)


# ------------------------------------------------------------------ 案卷评查

def pseudonymous(sh: Sheet, name: str) -> None:
    """A field holding a person's name may come out pseudonymised: any non-empty value is right."""
    for rec in sh.records:
        rec[name] = "*"


def grade_of(score: float) -> str:
    return "优秀" if score >= 90 else "合格" if score >= 60 else "不合格"


def ds_case_file_reviews(ctx: Ctx) -> None:
    rng = ctx.rng
    units = ["区市场监督管理局", "区城市管理综合行政执法局", "区应急管理局", "区住房和城乡建设局"]

    def cases(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            score = float(rng.choice([rng.randrange(55, 100), rng.randrange(85, 100)]))
            closed = dt.date(rng.randrange(2021, 2026), rng.randrange(1, 13), rng.randrange(1, 29))
            if closed > dt.date(YEAR, 5, 28):
                closed = closed.replace(year=YEAR - 1)
            out.append({"case_no": f"西市{rng.choice(['市监', '城管', '应急', '住建'])}罚〔{closed.year}〕{rng.randrange(1, 300)}号",
                        "enforcement_unit": rng.choice(units), "case_type": rng.choice(["行政许可", "行政处罚"]),
                        "closed_date": closed, "reviewer": f"{rng.choice(SURNAMES)}律师", "score": score,
                        "grade": grade_of(score)})
        return out

    d = "区司法局"
    code = {"优秀": "甲", "合格": "乙", "不合格": "丙"}
    cols = [seq(), Col("案卷编号", "case_no", lambda r: r["case_no"]),
            Col("执法单位", "enforcement_unit", lambda r: alias(ctx, r["enforcement_unit"])),
            Col("案件类型", "case_type", lambda r: r["case_type"]),
            Col("办结日期", "closed_date", lambda r: write_date(r["closed_date"], rng, rng.choice((0, 1, 3, 5)))),
            Col("评查人", "reviewer", lambda r: r["reviewer"]),
            Col("评查得分", "score", lambda r: rng.choice([r["score"], f"{r['score']:g}分"])),
            Col("等次", "grade", lambda r: code[r["grade"]]),
            extra("存在问题", lambda r: rng.choice(["文书不规范", "证据不充分；程序瑕疵", None]))]
    sh = Sheet("评查结果", "case_file_reviews")
    ledger(sh, cols, cases(rng.randrange(8, 12)), d, rng, title="行政执法案卷评查结果汇总表",
           note="注：等次栏 甲=优秀，乙=合格，丙=不合格。", footer=True)
    pseudonymous(sh, "reviewer")
    ctx.book(f"司法局/案卷评查/{YEAR}年案卷评查汇总.xlsx", sh)

    cols = [Col("案号", "case_no", lambda r: r["case_no"]),
            Col("被评查单位", "enforcement_unit", lambda r: alias(ctx, r["enforcement_unit"])),
            Col("类别", "case_type", lambda r: r["case_type"]),
            Col("结案时间", "closed_date", lambda r: write_date(r["closed_date"], rng, rng.choice((2, 3)))),
            Col("评查律师", "reviewer", lambda r: r["reviewer"]),
            Col("得分", "score", lambda r: r["score"]),
            Col("评查结果", "grade", lambda r: r["grade"]),
            extra("承办律所", lambda r: rng.choice(["西市正义律师事务所", "北方律师事务所"]))]
    sh = Sheet("Sheet1", "case_file_reviews")
    ledger(sh, cols, cases(rng.randrange(6, 10)), d, rng, title="案卷评查表（律师评查）",
           unit_line=unit_line(alias(ctx, d), rng))
    pseudonymous(sh, "reviewer")
    ctx.book("司法局/案卷评查/律师评查明细.xlsx", sh)


def ds_enforcement(ctx: Ctx) -> None:
    rng = ctx.rng
    units = ["区城市管理综合行政执法局", "区应急管理局", "区住房和城乡建设局", "区人力资源和社会保障局", "区卫生健康局"]
    sh = Sheet("涉企执法备案", "enforcement_filings")
    sh.add(f"{YEAR}年区直部门涉企行政执法备案情况统计表")
    sh.add("单位：次")
    sh.add("单位名称", *[f"{m}月" for m in range(1, 13)], "合计")
    for u in units:
        vals = [rng.randrange(1, 9) for _ in range(12)]
        sh.add(alias(ctx, u), *vals, sum(vals))
        sh.records += [{"month": dt.date(YEAR, m, 1).isoformat(), "filings": v, "department": u}
                       for m, v in enumerate(vals, 1)]
    ctx.book("司法局/涉企行政执法备案统计.xlsx", sh)

    d = "区市场监督管理局"
    sh = Sheet("备案", "enforcement_filings")
    sh.add("涉企行政执法备案登记（按月）")
    sh.add(unit_line(alias(ctx, d), rng))
    sh.add("月份", "备案数量（次）", "备注")
    for m in range(1, 13):
        v = rng.randrange(2, 15)
        sh.add(rng.choice([f"{m}月", f"{YEAR}年{m}月", f"{YEAR}.{m:02d}"]), v, None)
        sh.records.append({"month": dt.date(YEAR, m, 1).isoformat(), "filings": v, "department": d})
    ctx.book(f"{alias(ctx, d)}/执法备案月报.xlsx", sh)

    sh = Sheet("执法人员", "enforcement_staff")
    sh.add("区直执法部门执法人员和法制审核人员统计表")
    sh.add("序号", "执法单位", "持证执法人员（人）", "法制审核人员（人）", "占比")
    for i, u in enumerate(units, 1):
        a, b = rng.randrange(20, 120), rng.randrange(1, 8)
        sh.add(i, alias(ctx, u), a, b, f"{b / a:.1%}")
        sh.records.append({"enforcement_staff": a, "legal_review_staff": b, "department": u})
    ctx.book("司法局/执法人员统计.xlsx", sh)


# ------------------------------------------------------------------ 社区矫正

def ds_correction(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"

    def sessions(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            a = rng.randrange(8, 40)
            out.append({"session_date": day(rng), "topic": rng.choice(["宪法学习", "民法典解读", "禁毒教育", "反诈知识", "社区矫正法学习"]),
                        "venue": rng.choice(VENUES), "attendees": a, "passed": a - rng.choice([0, 0, 1, 2])})
        return out

    cols = [Col("教育日期", "session_date", lambda r: write_date(r["session_date"], rng)),
            Col("教育主题", "topic", lambda r: r["topic"]),
            Col("参加人数", "attendees", lambda r: write_int(r["attendees"], rng, "人")),
            Col("考核合格人数", "passed", lambda r: write_int(r["passed"], rng, "人")),
            extra("授课单位", lambda r: rng.choice(["区人民检察院", "西市律师事务所", "区法院"]))]
    sh = Sheet("法治教育", "correction_education")
    sh.add("社区矫正对象集中法治教育情况")
    for k, venue in enumerate(rng.sample(VENUES, 2)):
        sh.add(f"{'一二'[k]}、{venue}")
        cs = cols if k == 0 else [cols[1], cols[0], cols[4], cols[2], cols[3]]
        sh.add(*[c.head for c in cs])
        body_rows(sh, cs, [dict(r, venue=venue) for r in sessions(rng.randrange(3, 6))], d)
        sh.add(None)
    ctx.book(f"司法局/社区矫正/法治教育{YEAR}.xlsx", sh)

    cols = [seq(), Col("时间", "session_date", lambda r: write_date(r["session_date"], rng, rng.choice((3, 7, 8, 10)))),
            Col("司法所", "venue", lambda r: r["venue"]), Col("内容", "topic", lambda r: r["topic"]),
            Col("应参加（人）", "attendees", lambda r: r["attendees"]), Col("合格（人）", "passed", lambda r: r["passed"])]
    sh = Sheet("教育台账", "correction_education")
    ledger(sh, cols, sessions(rng.randrange(5, 8)), d, rng, title="社区矫正法治教育台账", example=True)
    ctx.book("司法局/社区矫正/教育台账-各所.xlsx", sh)


def ds_psych(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    types = ["心理测评", "个体咨询", "团体辅导", "危机干预"]

    def services(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            name, idn, tel = person(rng, ctx.personal)
            out.append({"service_date": day(rng), "person_key": "*", "service_type": rng.choice(types),
                        "provider": rng.choice(["心语心理咨询中心", "阳光心理工作室"]), "_who": (name, idn, tel)})
        return out

    cols = [seq(), Col("服务日期", "service_date", lambda r: write_date(r["service_date"], rng)),
            extra("姓名", lambda r: r["_who"][0]), extra("身份证号", lambda r: r["_who"][1]),
            Col("服务类型", "service_type", lambda r: r["service_type"]),
            Col("服务机构", "provider", lambda r: r["provider"])]
    sh = Sheet("心理服务", "psych_services")
    ledger(sh, cols, services(rng.randrange(6, 10)), d, rng, title="社区矫正对象心理服务台账",
           unit_line=unit_line(alias(ctx, d), rng))
    for rec in sh.records:
        rec["person_key"] = "*"
    ctx.book("司法局/社区矫正/心理服务.xlsx", sh)

    cols = [Col("日期", "service_date", lambda r: write_date(r["service_date"], rng, rng.choice((7, 8, 9)))),
            extra("矫正对象", lambda r: r["_who"][0]), extra("公民身份号码", lambda r: r["_who"][1]),
            Col("服务项目", "service_type", lambda r: r["service_type"]),
            Col("提供单位", "provider", lambda r: r["provider"]), extra("联系电话", lambda r: r["_who"][2])]
    sh = Sheet("Sheet1", "psych_services")
    ledger(sh, cols, services(rng.randrange(4, 7)), d, rng, title="心理矫治服务登记")
    for rec in sh.records:
        rec["person_key"] = "*"
    ctx.book("司法局/社区矫正/心理矫治登记（南湖所）.xlsx", sh)


def ds_resettlement(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"

    def persons(n: int) -> list[dict]:
        return [{"_who": person(rng, ctx.personal), "person_key": "*", "release_date": day(rng),
                 "handed_over": rng.random() < 0.8, "placed": rng.random() < 0.85,
                 "assisted": rng.random() < 0.9, "reoffended": rng.random() < 0.1} for _ in range(n)]

    def status(b: bool, done: str, pending: list[str]) -> str:
        return done if b else rng.choice(pending)

    cols = [seq(), extra("姓名", lambda r: r["_who"][0]), extra("身份证号码", lambda r: r["_who"][1]),
            Col("释放日期", "release_date", lambda r: write_date(r["release_date"], rng, rng.choice((0, 1, 3, 6)))),
            Col("是否衔接", "handed_over", lambda r: status(r["handed_over"], "已衔接", ["衔接中", "待衔接", "未衔接"])),
            Col("是否安置", "placed", lambda r: status(r["placed"], "是", ["否", "安置中"])),
            Col("是否帮教", "assisted", lambda r: status(r["assisted"], "√", ["×", "待帮教"])),
            Col("重新违法犯罪", "reoffended", lambda r: "是" if r["reoffended"] else "否")]
    sh = Sheet("安置帮教", "resettlement")
    ledger(sh, cols, persons(rng.randrange(7, 11)), d, rng, title=f"{YEAR}年刑满释放人员安置帮教台账",
           unit_line=unit_line(alias(ctx, d), rng))
    for rec in sh.records:
        rec["person_key"] = "*"
    ctx.book(f"司法局/安置帮教/{YEAR}年安置帮教台账.xlsx", sh)

    cols = [extra("姓名", lambda r: r["_who"][0]), extra("身份证", lambda r: r["_who"][1]),
            Col("刑满释放时间", "release_date", lambda r: write_date(r["release_date"], rng, rng.choice((2, 6, 9)))),
            Col("衔接进度", "handed_over", lambda r: status(r["handed_over"], "已完成", ["进行中", "未开始"])),
            Col("安置情况", "placed", lambda r: status(r["placed"], "已安置", ["未安置", "正在安置"])),
            Col("帮教情况", "assisted", lambda r: status(r["assisted"], "已帮教", ["未帮教"])),
            Col("是否重新犯罪", "reoffended", lambda r: "是" if r["reoffended"] else "否")]
    sh = Sheet("帮教名单", "resettlement")
    ledger(sh, cols, persons(rng.randrange(5, 8)), d, rng, title="安置帮教对象名册（西城司法所）")
    for rec in sh.records:
        rec["person_key"] = "*"
    ctx.book("司法局/安置帮教/西城所名册.xlsx", sh)


# ------------------------------------------------------------------ 矛盾纠纷与社会治理

DISPUTE_TYPES = ["婚姻家庭", "邻里纠纷", "劳动争议", "物业纠纷", "合同纠纷", "损害赔偿", "其他"]


def disputes(ctx: Ctx, n: int, months: tuple[int, int] = (1, 12)) -> list[dict]:
    rng = ctx.rng
    out = []
    for _ in range(n):
        got = day(rng, *months)
        ok = rng.random() < 0.85
        out.append({"case_no": f"TJ{YEAR}{rng.randrange(1000, 9999)}", "received_date": got,
                    "dispute_type": rng.choice(DISPUTE_TYPES), "street": rng.choice(STREETS),
                    "handled_by": rng.choice(["区社会治理综合服务中心", "东关街道人民调解委员会", "南湖司法所"]),
                    "resolved": ok, "resolved_date": min(got + dt.timedelta(days=rng.randrange(0, 20)), dt.date(YEAR, 12, 31)) if ok else None,
                    "parties": rng.randrange(2, 5), "_who": person(rng, ctx.personal)})
    return out


def ds_disputes(ctx: Ctx) -> None:
    rng = ctx.rng
    dept = "西湖街道办事处"  # a unit the department list does not hold
    cols = [seq(), Col("编号", "case_no", lambda r: r["case_no"]),
            Col("受理日期", "received_date", lambda r: write_date(r["received_date"], rng)),
            Col("纠纷类型", "dispute_type", lambda r: r["dispute_type"]),
            Col("所属街道", "street", lambda r: r["street"]),
            Col("调处单位", "handled_by", lambda r: r["handled_by"]),
            extra("当事人", lambda r: r["_who"][0]), extra("联系电话", lambda r: r["_who"][2]),
            Col("是否化解", "resolved", lambda r: rng.choice(["是", "已化解"]) if r["resolved"] else rng.choice(["否", "化解中", "正在调解"])),
            Col("化解日期", "resolved_date", lambda r: write_date(r["resolved_date"], rng, 3) if r["resolved_date"] else None),
            Col("当事人数", "parties", lambda r: write_int(r["parties"], rng, "人"))]
    sh = Sheet("纠纷台账", "disputes")
    ledger(sh, cols, disputes(ctx, rng.randrange(6, 10)), dept, rng, title="矛盾纠纷排查化解工作台账",
           unit_line=f"填报单位：{dept}")
    ctx.book(f"街道/{dept}矛盾纠纷排查台账.xlsx", sh)

    d = "区社会治理综合服务中心"
    cols = [Col("案件编号", "case_no", lambda r: r["case_no"]),
            Col("排查日期", "received_date", lambda r: write_date(r["received_date"], rng, rng.choice((0, 1, 6, 8)))),
            Col("纠纷类别", "dispute_type", lambda r: r["dispute_type"]),
            Col("街道", "street", lambda r: r["street"]),
            Col("调解结果", "resolved", lambda r: "调解成功" if r["resolved"] else "调解不成功"),
            Col("结案日期", "resolved_date", lambda r: write_date(r["resolved_date"], rng, 5) if r["resolved_date"] else "/"),
            Col("涉及人数", "parties", lambda r: r["parties"])]
    sh = Sheet("排查化解", "disputes")
    sh.add("区社会治理综合服务中心矛盾纠纷调处台账")
    for q, (a, b) in enumerate(((1, 3), (4, 6))):
        sh.add(f"第{'一二'[q]}季度")
        cs = cols if q == 0 else [cols[0], cols[3], cols[1], cols[2], cols[6], cols[4], cols[5]]
        sh.add(*[c.head for c in cs])
        recs = disputes(ctx, rng.randrange(3, 6), (a, b))
        body_rows(sh, cs, recs, d)
        total_row(sh, [Col("小计", None, lambda r: None)] + cs[1:], [])
    ctx.book(f"{alias(ctx, d)}/纠纷调处台账.xlsx", sh)

    # generic 日期 headers: the first is the receipt, the second the resolution
    d = "区委政法委员会"
    cols = [Col("时间", "received_date", lambda r: write_date(r["received_date"], rng, rng.choice((1, 3, 6)))),
            Col("纠纷简要情况", None, lambda r: "双方因琐事发生争执"),
            Col("类型", "dispute_type", lambda r: r["dispute_type"]),
            Col("化解情况", "resolved", lambda r: "已化解" if r["resolved"] else "未化解"),
            Col("日期", "resolved_date", lambda r: write_date(r["resolved_date"], rng, rng.choice((1, 3))) if r["resolved_date"] else None)]
    sh = Sheet("矛盾纠纷", "disputes")
    ledger(sh, cols, disputes(ctx, rng.randrange(5, 8)), d, rng, title="矛盾纠纷排查登记表",
           unit_line=unit_line(alias(ctx, d), rng))
    ctx.book(f"{alias(ctx, d)}/矛盾纠纷排查登记.xlsx", sh)


def ds_hotline(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区政务服务和数据管理局"
    sat = {"满意": ["满意", "非常满意"], "基本满意": ["基本满意"], "不满意": ["不满意", "非常不满意"], "未评价": ["未评价"]}

    def tickets(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            s = rng.choice(["满意"] * 5 + ["基本满意", "不满意", "未评价"])
            out.append({"ticket_no": f"2025{rng.randrange(10**7, 10**8)}", "received_date": day(rng),
                        "category": rng.choice(["城市管理", "物业服务", "劳动保障", "市场监管"]),
                        "street": rng.choice(STREETS), "handling_unit": rng.choice(["区城市管理综合行政执法局", "区住房和城乡建设局", "区人力资源和社会保障局"]),
                        "completed": rng.random() < 0.9, "satisfaction": s, "_sat": rng.choice(sat[s]),
                        "_who": person(rng, ctx.personal)})
        return out

    cols = [Col("工单编号", "ticket_no", lambda r: r["ticket_no"]),
            Col("受理时间", "received_date", lambda r: f"{r['received_date']:%Y-%m-%d} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"),
            Col("诉求分类", "category", lambda r: r["category"]), Col("所属街道", "street", lambda r: r["street"]),
            Col("承办单位", "handling_unit", lambda r: alias(ctx, r["handling_unit"])),
            Col("是否办结", "completed", lambda r: "是" if r["completed"] else "否"),
            Col("满意度", "satisfaction", lambda r: r["_sat"]),
            extra("来电人", lambda r: r["_who"][0]), extra("来电号码", lambda r: r["_who"][2])]
    sh = Sheet("工单明细", "hotline_tickets")
    head_rows(sh, cols, None, None)
    body_rows(sh, cols, tickets(rng.randrange(10, 15)), d)
    ctx.book(f"12345热线/工单导出_{YEAR}1205.xlsx", sh)

    cols = [seq(), Col("工单号", "ticket_no", lambda r: r["ticket_no"]),
            Col("来电日期", "received_date", lambda r: write_date(r["received_date"], rng, rng.choice((2, 3, 9)))),
            Col("问题类型", "category", lambda r: r["category"]),
            Col("责任单位", "handling_unit", lambda r: alias(ctx, r["handling_unit"])),
            Col("办理状态", "completed", lambda r: "已办结" if r["completed"] else rng.choice(["办理中", "待办理", "正在办理"])),
            Col("回访结果", "satisfaction", lambda r: r["_sat"])]
    sh = Sheet("热线工单", "hotline_tickets")
    ledger(sh, cols, tickets(rng.randrange(6, 10)), d, rng, title="12345热线工单办理情况",
           unit_line=unit_line(alias(ctx, d), rng))
    ctx.book("12345热线/热线工单办理情况表.xlsx", sh)


def ds_risk(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区委政法委员会"

    def items(n: int) -> list[dict]:
        return [{"project": f"{rng.choice(['东关', '西城', '南湖', '北苑'])}{rng.choice(['棚户区改造', '道路拓宽', '垃圾中转站', '学校扩建'])}{rng.choice(['一期', '二期', '三期', ''])}工程（{rng.randrange(100, 999)}号）",
                 "assessed_date": day(rng), "unit": rng.choice(["区住房和城乡建设局", "区城市管理综合行政执法局", "区教育局"]),
                 "risk_level": rng.choice(["低", "低", "中", "高"]), "completed": rng.random() < 0.85} for _ in range(n)]

    cols = [seq(), Col("项目名称", "project", lambda r: r["project"]),
            Col("评估时间", "assessed_date", lambda r: write_date(r["assessed_date"], rng)),
            Col("评估主体", "unit", lambda r: r["unit"]),
            Col("风险等级", "risk_level", lambda r: rng.choice([r["risk_level"], r["risk_level"] + "风险"])),
            Col("评估进度", "completed", lambda r: "已完成" if r["completed"] else rng.choice(["进行中", "评估中"]))]
    sh = Sheet("稳评", "risk_assessments")
    ledger(sh, cols, items(rng.randrange(5, 9)), d, rng, title="重大决策社会稳定风险评估情况统计表",
           unit_line=unit_line(alias(ctx, d), rng))
    ctx.book(f"{alias(ctx, d)}/社会稳定风险评估.xlsx", sh)

    letters = {"低": "A", "中": "B", "高": "C"}
    cols = [Col("评估项目", "project", lambda r: r["project"]),
            Col("评估日期", "assessed_date", lambda r: write_date(r["assessed_date"], rng, rng.choice((1, 3)))),
            Col("风险等次", "risk_level", lambda r: letters[r["risk_level"]]),
            Col("是否完成", "completed", lambda r: "是" if r["completed"] else "否")]
    d = "区住房和城乡建设局"
    sh = Sheet("Sheet1", "risk_assessments")
    ledger(sh, cols, items(rng.randrange(4, 6)), d, rng, title="社会稳定风险评估台账",
           unit_line=unit_line(alias(ctx, d), rng), note="说明：风险等次 A=低，B=中，C=高")
    for rec in sh.records:
        rec.pop("unit", None)
    ctx.book(f"{alias(ctx, d)}/稳评台账.xlsx", sh)


# ------------------------------------------------------------------ 公共法律服务

def ds_one_court(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区社会治理综合服务中心"

    def reqs(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            got = day(rng, 1, 11)
            done = rng.random() < 0.8
            out.append({"received_date": got, "request_type": rng.choice(["劳动争议", "婚姻家庭", "物业纠纷", "法律咨询"]),
                        "channel": rng.choice(["来访", "电话", "网络"]), "closed": done,
                        "closed_date": got + dt.timedelta(days=rng.randrange(1, 25)) if done else None})
        return out

    cols = [seq(), Col("登记日期", "received_date", lambda r: write_date(r["received_date"], rng)),
            Col("诉求类型", "request_type", lambda r: r["request_type"]),
            Col("来源渠道", "channel", lambda r: r["channel"]),
            Col("办理进度", "closed", lambda r: "已办结" if r["closed"] else rng.choice(["办理中", "待办结"])),
            Col("办结日期", "closed_date", lambda r: write_date(r["closed_date"], rng, 3) if r["closed_date"] else "—"),
            extra("诉求人", lambda r: person(rng, ctx.personal)[0])]
    sh = Sheet("诉求登记", "one_court_requests")
    ledger(sh, cols, reqs(rng.randrange(8, 12)), d, rng, title="“一院式”矛盾纠纷化解服务平台诉求登记表",
           unit_line=unit_line(alias(ctx, d), rng), example=True)
    ctx.book(f"{alias(ctx, d)}/一院式诉求登记.xlsx", sh)

    cols = [Col("日期", "received_date", lambda r: write_date(r["received_date"], rng, rng.choice((1, 3, 5)))),
            Col("类型", "request_type", lambda r: r["request_type"]),
            Col("渠道", "channel", lambda r: r["channel"]),
            Col("是否办结", "closed", lambda r: "是" if r["closed"] else "否"),
            Col("时间", "closed_date", lambda r: write_date(r["closed_date"], rng, rng.choice((1, 3))) if r["closed_date"] else None)]
    sh = Sheet("一院式", "one_court_requests")
    ledger(sh, cols, reqs(rng.randrange(6, 9)), d, rng, title="一院式服务平台登记（二）")
    ctx.book(f"{alias(ctx, d)}/一院式登记-下半年.xlsx", sh)


def ds_legal_aid(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    groups = ["农民工", "妇女", "未成年人", "老年人", "残疾人", "军人军属", "其他"]

    def cases(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            wage = rng.random() < 0.4
            g = ["农民工"] if wage else rng.sample(groups[1:], rng.choice((1, 1, 2)))
            amount = float(rng.randrange(1, 60) * 1000) if wage else 0.0
            out.append({"case_no": f"西司援〔{YEAR}〕{rng.randrange(1, 400)}号", "accepted_date": day(rng),
                        "case_type": rng.choice(["民事", "刑事", "非诉讼", "行政"]) if not wage else "民事",
                        "matter": "追索劳动报酬" if wage else rng.choice(["离婚纠纷", "抚养费纠纷", "人身损害赔偿", "盗窃"]),
                        "groups": ";".join(sorted(g, key=groups.index)), "wage_arrears": wage,
                        "closed": rng.random() < 0.8, "amount_recovered": amount,
                        "satisfaction": rng.choice(["满意", "满意", "基本满意", "未回访"]), "_who": person(rng, ctx.personal)})
        return out

    def grp(r: dict) -> str:
        g = r["groups"].split(";")
        return "、".join("儿童" if x == "未成年人" and rng.random() < 0.5 else x for x in g)

    def amount(r: dict) -> object:
        return f"{r['amount_recovered'] / 10000:g}" if r["_unit"] == "万元" else r["amount_recovered"]

    cols = [Col("案件编号", "case_no", lambda r: r["case_no"]),
            Col("受理日期", "accepted_date", lambda r: write_date(r["accepted_date"], rng)),
            Col("案件类别", "case_type", lambda r: r["case_type"]), Col("案由", "matter", lambda r: r["matter"]),
            Col("受援人类别", "groups", grp),
            Col("是否农民工讨薪", "wage_arrears", lambda r: "是" if r["wage_arrears"] else "否"),
            Col("是否结案", "closed", lambda r: "已结案" if r["closed"] else rng.choice(["在办", "办理中", "待结案"])),
            Col("挽回经济损失", "amount_recovered", amount), extra("单位", lambda r: r["_unit"]),
            Col("回访情况", "satisfaction", lambda r: r["satisfaction"]),
            extra("受援人", lambda r: r["_who"][0]), extra("身份证号", lambda r: r["_who"][1]),
            extra("承办律所", lambda r: rng.choice(["西市正义律师事务所", "北方律师事务所"]))]
    recs = cases(rng.randrange(8, 12))
    for r in recs:
        r["_unit"] = rng.choice(["万元", "元"])
    sh = Sheet("法援案件", "legal_aid_cases")
    ledger(sh, cols, recs, d, rng, title=f"{YEAR}年法律援助案件登记表", unit_line=unit_line(alias(ctx, d), rng))
    for rec in sh.records:
        rec["person_key"] = "*"
    ctx.book(f"司法局/法律援助/{YEAR}法援案件.xlsx", sh)

    cols = [seq(), Col("案号", "case_no", lambda r: r["case_no"]),
            Col("收案时间", "accepted_date", lambda r: write_date(r["accepted_date"], rng, rng.choice((1, 3, 6)))),
            Col("类型", "case_type", lambda r: r["case_type"]), Col("案由", "matter", lambda r: r["matter"]),
            Col("特殊群体", "groups", grp),
            Col("讨薪案件", "wage_arrears", lambda r: "√" if r["wage_arrears"] else None),
            Col("结案情况", "closed", lambda r: "已结" if r["closed"] else "未结"),
            Col("追回欠薪（万元）", "amount_recovered", lambda r: f"{r['amount_recovered'] / 10000:g}" if r["wage_arrears"] else "—"),
            Col("满意度", "satisfaction", lambda r: r["satisfaction"]),
            extra("申请人", lambda r: r["_who"][0])]
    recs = cases(rng.randrange(6, 9))
    sh = Sheet("Sheet1", "legal_aid_cases")
    ledger(sh, cols, recs, d, rng, title="法律援助案件统计（法援中心）")
    for rec in sh.records:
        rec["person_key"] = "*"
    ctx.book("司法局/法律援助/法援中心案件统计.xlsx", sh)


def ds_consultations(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    chans = ["来访", "电话", "网络"]
    sh = Sheet("咨询统计", "legal_consultations")
    sh.add("法律咨询接待情况统计（按日）")
    sh.add(unit_line(alias(ctx, d), rng))
    sh.add("日期", *chans, "合计")
    for dd in sorted(day(rng) for _ in range(rng.randrange(6, 10))):
        counts = [rng.randrange(1, 12) for _ in chans]
        sh.add(write_date(dd, rng, rng.choice((0, 1, 3, 4))), *counts, sum(counts))
        sh.records += [{"consult_date": dd.isoformat(), "channel": c, "people": n, "department": d}
                       for c, n in zip(chans, counts, strict=False)]
    ctx.book("司法局/公共法律服务/法律咨询统计.xlsx", sh)

    cols = [seq(), Col("咨询日期", "consult_date", lambda r: write_date(r["consult_date"], rng)),
            Col("咨询方式", "channel", lambda r: r["channel"]), Col("咨询事项", "topic", lambda r: r["topic"]),
            extra("咨询人", lambda r: r["_who"][0]), extra("联系方式", lambda r: r["_who"][2]),
            extra("接待律师", lambda r: f"{rng.choice(SURNAMES)}律师")]
    recs = [{"consult_date": day(rng), "channel": rng.choice(["来访", "电话", "现场"]),
             "topic": rng.choice(["劳动争议", "婚姻家庭", "房屋租赁", "债务纠纷"]), "=people": 1,
             "_who": person(rng, ctx.personal)} for _ in range(rng.randrange(6, 10))]
    sh = Sheet("接待登记", "legal_consultations")
    ledger(sh, cols, recs, d, rng, title="公共法律服务中心法律咨询接待登记簿")
    ctx.book("司法局/公共法律服务/咨询接待登记簿.xlsx", sh)


# ------------------------------------------------------------------ 法治政府与依法治理

OUTCOMES = ["维持", "驳回", "撤销", "确认违法", "调解", "终止", "不予受理"]


def ds_reconsideration(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    agencies = ["区市场监督管理局", "公安分局", "区人力资源和社会保障局", "区城市管理综合行政执法局"]

    def apps(n: int) -> list[dict]:
        out = []
        for _ in range(n):
            acc = rng.random() < 0.7
            closed = acc and rng.random() < 0.7
            out.append({"received_date": day(rng), "respondent": rng.choice(agencies), "accepted": acc,
                        "closed": closed, "outcome": rng.choice(OUTCOMES[:-1]) if closed else ("不予受理" if not acc else None)})
        return out

    cols = [seq(), Col("收到申请日期", "received_date", lambda r: write_date(r["received_date"], rng)),
            Col("被申请人", "respondent", lambda r: r["respondent"]),
            extra("申请人", lambda r: person(rng, ctx.personal)[0]),
            Col("是否受理", "accepted", lambda r: "是" if r["accepted"] else "否"),
            Col("是否审结", "closed", lambda r: "是" if r["closed"] else "否"),
            Col("处理结果", "outcome", lambda r: r["outcome"])]
    sh = Sheet("复议登记", "reconsideration_cases")
    ledger(sh, cols, apps(rng.randrange(6, 10)), d, rng, title=f"{YEAR}年行政复议案件登记表",
           unit_line=unit_line(alias(ctx, d), rng))
    ctx.book("司法局/复议应诉/行政复议登记.xlsx", sh)

    cols = [Col("申请时间", "received_date", lambda r: write_date(r["received_date"], rng, rng.choice((3, 6, 8)))),
            Col("被申请人", "respondent", lambda r: r["respondent"]),
            Col("受理情况", "accepted", lambda r: "已受理" if r["accepted"] else rng.choice(["待受理", "不予受理"])),
            Col("结案情况", "closed", lambda r: "已结案" if r["closed"] else rng.choice(["审理中", "正在审理"])),
            Col("复议决定", "outcome", lambda r: r["outcome"] or "—")]
    recs = apps(rng.randrange(4, 7))
    sh = Sheet("Sheet1", "reconsideration_cases")
    ledger(sh, cols, recs, d, rng, title="行政复议案件办理情况（续）")
    for rec in sh.records:
        if rec.get("outcome") is None:
            rec.pop("outcome", None)
    ctx.book("司法局/复议应诉/复议办理情况续表.xlsx", sh)

    cols = [Col("案号", "case_no", lambda r: r["case_no"]),
            Col("开庭日期", "hearing_date", lambda r: write_date(r["hearing_date"], rng, rng.choice((0, 6, 7, 9)))),
            Col("被告行政机关", "agency", lambda r: r["agency"]),
            Col("负责人是否出庭", "leader_appeared", lambda r: "是" if r["leader_appeared"] else "否"),
            extra("出庭负责人", lambda r: person(rng, ctx.personal)[0])]
    recs = [{"case_no": f"（{YEAR}）辽0102行初{rng.randrange(1, 300)}号", "hearing_date": day(rng),
             "agency": rng.choice(agencies), "leader_appeared": rng.random() < 0.9} for _ in range(rng.randrange(5, 8))]
    sh = Sheet("应诉", "court_appearances")
    ledger(sh, cols, recs, d, rng, title="行政机关负责人出庭应诉情况统计表", unit_line=unit_line(alias(ctx, d), rng))
    ctx.book("司法局/复议应诉/行政应诉出庭情况.xlsx", sh)

    d = "区人民法院"
    cols = [seq(), Col("案件编号", "case_no", lambda r: r["case_no"]),
            Col("庭审时间", "hearing_date", lambda r: write_date(r["hearing_date"], rng, rng.choice((3, 7)))),
            Col("被诉机关", "agency", lambda r: r["agency"]),
            Col("出庭情况", "leader_appeared", lambda r: "负责人出庭" if r["leader_appeared"] else "未出庭")]
    recs = [{"case_no": f"（{YEAR}）辽0102行初{rng.randrange(300, 600)}号", "hearing_date": day(rng),
             "agency": rng.choice(agencies), "leader_appeared": rng.random() < 0.9} for _ in range(rng.randrange(4, 7))]
    sh = Sheet("行政诉讼", "court_appearances")
    ledger(sh, cols, recs, d, rng, title="行政案件庭审统计")
    ctx.book("区法院/行政案件出庭统计.xlsx", sh)


def ind(frag: str, value: float, year: int = YEAR, unit: str | None = None) -> dict:
    rec: dict[str, Any] = {"indicator": [frag], "value": value, "period_year": year}
    if unit:
        rec["unit"] = unit
    return rec


def ds_indicators(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区委依法治区办"
    sh = Sheet("工作数据", "indicator_values")
    sh.add(f"{YEAR}年度法治建设工作数据统计表")
    sh.add(unit_line(alias(ctx, d), rng))
    sh.add("序号", "指标名称", "计量单位", "本年数", "上年数", "备注")
    items = rng.randrange(30, 60)
    done = items - rng.randrange(0, 3)
    debt = round(rng.uniform(1000, 6000), 2)
    rows = [("1", "“万件清理”事项", "件", items, rng.randrange(20, 50), None, ind("万件清理", items)),
            (None, "其中：已办结", "件", done, None, None, ind("办结", done)),
            ("2", "配置网格员", "名", rng.randrange(20, 50), None, None, None),
            ("3", "清偿各类欠款", "万元", debt, None, "含拖欠企业账款", ind("欠款", round(debt * 10000, 2), unit="元")),
            ("4", "聘请法律顾问", "名", rng.randrange(2, 6), rng.randrange(2, 6), None, None)]
    for no, name, unit, val, last, note, want in rows:
        sh.add(no, name, unit, val, last, note)
        if want is None:
            want = ind("网格员" if "网格" in name else "法律顾问", val)
        sh.records.append(dict(want, department=d))
    sh.add("说明：本表数据截至12月5日。")
    ctx.book(f"{alias(ctx, d)}/工作数据统计表.xlsx", sh)

    d = "区纪委监委"
    sh = Sheet("近三年", "indicator_values")
    sh.add("近三年执纪审查工作情况")
    sh.add(unit_line(alias(ctx, d), rng))
    sh.add("项目", "单位", f"{YEAR - 2}年", f"{YEAR - 1}年", f"{YEAR}年")
    for frag, name, unit in (("线索", "处理问题线索", "件"), ("立案", "立案", "件"), ("处分", "处理处分", "人")):
        vals = [rng.choice(["—", "/", "不适用"]), rng.randrange(20, 80), rng.randrange(20, 80)]
        sh.add(name, unit, *vals)
        sh.records += [dict(ind(frag, v, YEAR - 2 + k), department=d) for k, v in enumerate(vals) if isinstance(v, int)]
    ctx.book(f"{alias(ctx, d)}/近三年数据.xlsx", sh)

    d = "公安分局"
    sh = Sheet("命案", "indicator_values")
    sh.add("近三年命案发生情况统计")
    sh.add("指标", f"{YEAR - 2}年", f"{YEAR - 1}年", f"{YEAR}年", "备注")
    sh.add("命案（起）", 0, "0", "无", None)
    sh.records += [dict(ind("命案", 0, YEAR - 2), department=d), dict(ind("命案", 0, YEAR - 1), department=d)]
    ctx.book(f"{alias(ctx, d)}/命案统计.xlsx", sh)

    d = "区委政法委员会"
    sh = Sheet("基层治理", "indicator_values")
    sh.add("基层社会治理工作情况")
    heads = [("网格员", "配置网格员（名）"), ("未诉先办", "未诉先办诉求（件）"), ("督办", "下发督办函（份）"), ("整改", "整改问题（个）")]
    sh.add("填报单位", *[h for _, h in heads])
    vals = [rng.randrange(10, 500) for _ in heads]
    sh.add(alias(ctx, d), *vals)
    sh.records += [dict(ind(frag, v), department=d) for (frag, _), v in zip(heads, vals, strict=False)]
    ctx.book(f"{alias(ctx, d)}/基层治理数据.xlsx", sh)


BUILDERS = [ds_publicity_events, ds_publicity_videos, ds_vice_principals, ds_case_file_reviews, ds_enforcement,
            ds_correction, ds_psych, ds_resettlement, ds_disputes, ds_hotline, ds_risk, ds_one_court,
            ds_legal_aid, ds_consultations, ds_reconsideration, ds_indicators]


def plain(value: object) -> object:
    """A JSON value of an expected cell."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_book(path: Path, book: Book) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in book.sheets:
        ws = wb.create_sheet(sh.name)
        for row in sh.grid:
            ws.append(row)
        for ref in sh.merges:
            ws.merge_cells(ref)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def generate(out_dir: Path, seed: int) -> dict:
    """Write the probe workbooks under ``out_dir/raw`` and ``out_dir/expected.json``; return the expectation."""
    ctx = Ctx(random.Random(seed))
    for build in BUILDERS:
        build(ctx)
    raw = Path(out_dir) / "raw"
    sheets = []
    for book in ctx.books:
        (write_csv if book.path.endswith(".csv") else write_book)(raw / book.path, book)
        for sh in book.sheets:
            recs = [{k: plain(v) for k, v in r.items()} for r in sh.records]
            sheets.append({"file": book.path, "sheet": sh.name, "dataset": sh.dataset, "records": recs})
    expected = {"seed": seed, "sheets": sheets, "personal": sorted(set(ctx.personal))}
    (Path(out_dir) / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description="Write probe workbooks and their expected rows.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    exp = generate(args.out, args.seed)
    print(f"{len(exp['sheets'])} sheets, {sum(len(s['records']) for s in exp['sheets'])} records")



# ------------------------------------------------------------------ a second clerk for every dataset

def more_dates(d: dt.date, rng: random.Random) -> object:
    """Rarer date writings: with weekday and time, zero-padded, eight digits, a serial number, 3.7."""
    forms = [f"{d.year}年{d.month}月{d.day}日（星期{WEEK[d.weekday()]}）上午9:00",
             f"{d.year}年{d.month:02d}月{d.day:02d}日", f"{d:%Y%m%d}", (d - dt.date(1899, 12, 30)).days,
             f"{d.month}.{d.day}", f"{d.year}．{d.month}．{d.day}", f"{d:%Y-%m-%d} 14:30"]
    return rng.choice(forms)


def second(ctx: Ctx, dataset: str, path: str, sheet: str, cols: list[Col], recs: list[dict], dept: str,
           title: str, *, codes: bool = False, units: str | None = None, line: str | None = None,
           example: str | None = None, note: str | None = None) -> Sheet:
    """A second clerk's ledger: header with line breaks and * marks, a code or unit row under it,
    an example row, a note."""
    rng = ctx.rng
    sh = Sheet(sheet, dataset)
    head_rows(sh, cols, title, line)
    if codes:
        sh.add(*[rng.choice(["甲乙丙丁戊己庚辛壬癸"[i], str(i + 1)]) if i < 10 else None for i in range(len(cols))])
    if units:
        sh.add(units)
    if example:
        sh.add(example, *["××" for _ in cols[1:]])
    body_rows(sh, cols, recs, dept)
    if note:
        sh.add(note)
    ctx.book(path, sh)
    return sh


def ds2_publicity(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区妇女联合会"
    cols = [Col("*活动\n日期", "event_date", lambda r: more_dates(r["event_date"], rng)),
            Col("活动\n名称", "title", lambda r: r["title"]),
            Col("活动类别\n（精准普法/专题活动等）", "category", lambda r: r["category"]),
            Col("受众群体", "audience", lambda r: r["audience"]),
            Col(("覆盖情况", "参与\n人数"), "people_reached", lambda r: f"{r['people_reached']}人"),
            Col(("覆盖情况", "发放材料\n（份）"), "materials", lambda r: r["materials"]),
            extra("协办单位", lambda r: "区司法局")]
    recs = [dict(r, event_date=day(rng, 1, 11)) for r in events(ctx, rng.randrange(5, 8), ["反诈宣传", "专题活动", "精准普法"])]
    second(ctx, "publicity_events", f"妇联/{YEAR}年普法宣传活动统计表.xlsx", "普法", cols, recs, d,
           "妇联普法宣传活动统计表", codes=True, line=f"填报单位（盖章）：{alias(ctx, d)}", example="例：")
    d = "区司法局"
    vids = [{"publish_date": day(rng), "platform": "抖音", "account": "西市司法", "title": f"以案说法第{k}集",
             "views": rng.randrange(500, 5000), "likes": rng.randrange(5, 200), "shares": rng.randrange(0, 50)} for k in range(1, rng.randrange(5, 9))]
    cols = [Col("发布\n日期", "publish_date", lambda r: more_dates(r["publish_date"], rng)),
            Col("发布平台", "platform", lambda r: r["platform"]), Col("账号", "account", lambda r: r["account"]),
            Col("视频标题", "title", lambda r: r["title"]),
            Col(("数据情况", "播放（次）"), "views", lambda r: r["views"]),
            Col(("数据情况", "点赞（个）"), "likes", lambda r: r["likes"]),
            Col(("数据情况", "转发（次）"), "shares", lambda r: r["shares"])]
    second(ctx, "publicity_videos", "司法局/抖音作品台账.xlsx", "抖音", cols, vids, d, "西市司法抖音号作品台账")
    d = "区教育局"
    sh = Sheet("副校长", "vice_principals")
    sh.add("中小学法治副校长聘任情况")
    sh.add("学校", "法治副校长（一）姓名", "法治副校长（一）派出单位", "法治副校长（二）姓名", "法治副校长（二）派出单位")
    for school in rng.sample(SCHOOLS, 3):
        row: list[object] = [school]
        for _ in range(2):
            name = person(rng, ctx.personal)[0]
            emp = rng.choice(["区人民检察院", "公安分局", "区人民法院"])
            row += [name, emp]
            sh.records.append({"school": school, "person_key": "*", "employer": emp, "department": d})
        sh.add(*row)
    ctx.book("教育局/副校长聘任情况.xlsx", sh)


def ds2_reviews_enforcement(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    recs = []
    for _ in range(rng.randrange(5, 8)):
        score = float(rng.randrange(70, 100))
        recs.append({"case_no": f"西城管罚字〔2024〕{rng.randrange(1, 300)}号", "enforcement_unit": "区城市管理综合行政执法局",
                     "case_type": "行政处罚", "closed_date": dt.date(2024, rng.randrange(1, 13), rng.randrange(1, 28)),
                     "reviewer": "*", "score": score, "grade": grade_of(score)})
    code = {"优秀": "A", "合格": "B", "不合格": "C"}
    cols = [Col("案卷\n编号", "case_no", lambda r: r["case_no"]),
            Col("执法\n主体", "enforcement_unit", lambda r: alias(ctx, r["enforcement_unit"])),
            Col("案卷类型", "case_type", lambda r: r["case_type"]),
            Col("办结时间", "closed_date", lambda r: f"{r['closed_date'].year}年{r['closed_date'].month}月{r['closed_date'].day}日"),
            Col("评查人员", "reviewer", lambda r: f"{rng.choice(SURNAMES)}律师"),
            Col("评查分数", "score", lambda r: f"{r['score']:g}"),
            Col("评定等次", "grade", lambda r: code[r["grade"]])]
    second(ctx, "case_file_reviews", "司法局/案卷评查/城管案卷评查.xlsx", "城管", cols, recs, d, "城管执法案卷评查登记",
           note="备注：评定等次中A表示优秀，B表示合格，C表示不合格。")
    d = "区营商环境建设局"
    sh = Sheet("执法人员情况", "enforcement_staff")
    sh.add("执法人员及法制审核人员情况表")
    sh.add(f"填报单位：{alias(ctx, d)}")
    sh.add("在编执法人员数（名）", "其中：法制审核人员（名）", "备注")
    a, b = rng.randrange(20, 60), rng.randrange(1, 5)
    sh.add(a, b, None)
    sh.records.append({"enforcement_staff": a, "legal_review_staff": b, "department": d})
    ctx.book(f"{alias(ctx, d)}/执法人员情况.xlsx", sh)
    d = "区发展和改革局"
    sh = Sheet("涉企备案", "enforcement_filings")
    sh.add("涉企行政执法检查备案情况（按月）")
    sh.add(f"单位：{alias(ctx, d)}")
    sh.add("项目", *[f"{m}月" for m in range(1, 13)], "全年合计")
    vals = [rng.randrange(0, 9) for _ in range(12)]
    sh.add("备案次数", *vals, sum(vals))
    sh.records += [{"month": dt.date(YEAR, m, 1).isoformat(), "filings": v, "department": d} for m, v in enumerate(vals, 1)]
    ctx.book(f"{alias(ctx, d)}/涉企执法备案.xlsx", sh)


def ds2_correction(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "东关司法所"  # a 司法所 the department list does not hold
    recs = []
    for _ in range(rng.randrange(4, 7)):
        a = rng.randrange(5, 20)
        recs.append({"session_date": day(rng), "topic": rng.choice(["宪法", "民法典", "禁毒"]), "attendees": a, "passed": a})
    cols = [Col("时间", "session_date", lambda r: more_dates(r["session_date"], rng)),
            Col("学习内容", "topic", lambda r: r["topic"]),
            Col("参学人数", "attendees", lambda r: f"{r['attendees']}人"),
            Col("测试合格\n人数", "passed", lambda r: r["passed"]),
            extra("主讲人单位", lambda r: "西市律师事务所")]
    second(ctx, "correction_education", "东关司法所/集中教育学习记录.xlsx", "学习记录", cols, recs, d,
           "社区矫正对象集中教育学习记录", line=f"填报单位：{d}")
    d = "区司法局"
    recs = [{"_who": person(rng, ctx.personal), "person_key": "*", "service_date": day(rng),
             "service_type": rng.choice(["心理测评", "团体辅导"]), "provider": "阳光心理工作室"} for _ in range(rng.randrange(4, 7))]
    cols = [Col("日期", "service_date", lambda r: more_dates(r["service_date"], rng)),
            extra("服务对象", lambda r: r["_who"][0]), extra("身份证号", lambda r: r["_who"][1]),
            Col("服务形式", "service_type", lambda r: r["service_type"]),
            Col("承接机构", "provider", lambda r: r["provider"])]
    sh = second(ctx, "psych_services", "司法局/社区矫正/心理服务（购买服务）.xlsx", "心理", cols, recs, d, "心理健康服务记录表")
    for rec in sh.records:
        rec["person_key"] = "*"
    recs = [{"_who": person(rng, ctx.personal), "person_key": "*", "release_date": day(rng),
             "handed_over": rng.random() < 0.8, "placed": rng.random() < 0.8, "assisted": True,
             "reoffended": rng.random() < 0.1} for _ in range(rng.randrange(5, 8))]
    cols = [extra("姓名", lambda r: r["_who"][0]), extra("身份证号", lambda r: r["_who"][1]),
            Col("释放时间", "release_date", lambda r: more_dates(r["release_date"], rng)),
            Col("衔接", "handed_over", lambda r: "已衔接" if r["handed_over"] else "正在衔接"),
            Col("安置", "placed", lambda r: "已安置" if r["placed"] else "待安置"),
            Col("帮教", "assisted", lambda r: "√"),
            Col("是否重新\n违法犯罪", "reoffended", lambda r: "是" if r["reoffended"] else "否")]
    sh = second(ctx, "resettlement", "司法局/安置帮教/刑释人员衔接情况.xlsx", "衔接", cols, recs, d, "刑满释放人员衔接安置情况",
                codes=True)
    for rec in sh.records:
        rec["person_key"] = "*"


def ds2_disputes(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区信访局"
    recs = disputes(ctx, rng.randrange(5, 8))
    cols = [seq(), Col("受理\n时间", "received_date", lambda r: more_dates(r["received_date"], rng)),
            Col("矛盾纠纷\n类型", "dispute_type", lambda r: r["dispute_type"]),
            Col("发生地\n（街道）", "street", lambda r: r["street"]),
            extra("当事人\n姓名", lambda r: r["_who"][0]), extra("当事人\n电话", lambda r: r["_who"][2]),
            Col("化解\n情况", "resolved", lambda r: "化解成功" if r["resolved"] else rng.choice(["化解中", "正在化解", "未化解"])),
            extra("协办单位", lambda r: rng.choice(["区人民法院", "公安分局"]))]
    second(ctx, "disputes", f"{alias(ctx, d)}/矛盾纠纷化解台账.xlsx", "台账", cols, recs, d,
                "矛盾纠纷排查化解台账（信访）", line=f"填报单位：{alias(ctx, d)}", example="填写示例")
    mt = Sheet("分月统计", None)
    mt.add("矛盾纠纷分月统计（件）")
    mt.add("纠纷类型", *[f"{m}月" for m in range(1, 13)])
    for t in DISPUTE_TYPES[:4]:
        mt.add(t, *[rng.randrange(0, 9) for _ in range(12)])
    ctx.books[-1].sheets.append(mt)
    d = "区政务服务和数据管理局"
    recs = [{"ticket_no": f"GD{YEAR}{rng.randrange(10**6, 10**7)}", "received_date": day(rng),
             "category": rng.choice(["噪音扰民", "道路维修", "欠薪"]), "completed": rng.random() < 0.85,
             "satisfaction": rng.choice(["满意", "满意", "基本满意", "不满意", "未评价"])} for _ in range(rng.randrange(6, 10))]
    cols = [Col("工单号", "ticket_no", lambda r: r["ticket_no"]),
            Col("派单时间", "received_date", lambda r: more_dates(r["received_date"], rng)),
            Col("诉求内容分类", "category", lambda r: r["category"]),
            Col("办理\n状态", "completed", lambda r: "已办结" if r["completed"] else rng.choice(["办理中", "待办理"])),
            Col("群众评价", "satisfaction", lambda r: {"满意": "非常满意", "不满意": "非常不满意"}.get(r["satisfaction"], r["satisfaction"]) if rng.random() < 0.5 else r["satisfaction"])]
    second(ctx, "hotline_tickets", "12345热线/热线工单（四季度）.xlsx", "四季度", cols, recs, d, "12345热线工单明细（第四季度）")
    d = "区应急管理局"
    recs = [{"project": f"化工企业搬迁项目（{rng.randrange(10, 99)}）", "assessed_date": day(rng),
             "risk_level": rng.choice(["低", "中"]), "completed": rng.random() < 0.7} for _ in range(rng.randrange(3, 5))]
    cols = [Col("评估事项", "project", lambda r: r["project"]),
            Col("评估\n时间", "assessed_date", lambda r: more_dates(r["assessed_date"], rng)),
            Col("风险等级", "risk_level", lambda r: r["risk_level"] + "风险"),
            Col("是否完成", "completed", lambda r: "已完成" if r["completed"] else rng.choice(["评估中", "待评估"]))]
    second(ctx, "risk_assessments", f"{alias(ctx, d)}/稳评情况.xlsx", "稳评", cols, recs, d, "社会稳定风险评估开展情况",
           line=f"填报单位：{alias(ctx, d)}")


def ds2_services(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区社会治理综合服务中心"
    recs = []
    for _ in range(rng.randrange(6, 9)):
        got = day(rng, 1, 11)
        done = rng.random() < 0.75
        recs.append({"received_date": got, "request_type": rng.choice(["劳动争议", "邻里纠纷"]), "channel": rng.choice(["来访", "电话"]),
                     "closed": done, "closed_date": got + dt.timedelta(days=3) if done else None})
    cols = [Col("受理日期", "received_date", lambda r: more_dates(r["received_date"], rng)),
            Col("诉求类别", "request_type", lambda r: r["request_type"]),
            Col("诉求渠道", "channel", lambda r: r["channel"]),
            Col("办理状态", "closed", lambda r: "已办结" if r["closed"] else rng.choice(["正在办理", "办理中"])),
            Col("办结时间", "closed_date", lambda r: f"{r['closed_date']:%Y-%m-%d}" if r["closed_date"] else "/"),
            extra("协办单位", lambda r: "区人民法院")]
    second(ctx, "one_court_requests", f"{alias(ctx, d)}/一院式平台群众诉求.xlsx", "诉求", cols, recs, d, "“一院式”平台群众诉求办理台账")
    d = "区司法局"
    recs = []
    for _ in range(rng.randrange(5, 8)):
        wage = rng.random() < 0.5
        recs.append({"case_no": f"援{YEAR}-{rng.randrange(100, 999)}", "accepted_date": day(rng), "case_type": "民事",
                     "groups": "农民工" if wage else "妇女", "wage_arrears": wage, "closed": rng.random() < 0.7,
                     "amount_recovered": float(rng.randrange(1, 30) * 5000) if wage else 0.0, "_who": person(rng, ctx.personal)})
    cols = [Col("案件编号", "case_no", lambda r: r["case_no"]),
            Col("受理\n日期", "accepted_date", lambda r: more_dates(r["accepted_date"], rng)),
            Col("案件\n类型", "case_type", lambda r: r["case_type"]),
            Col("受援人群", "groups", lambda r: r["groups"]),
            Col("是否讨薪", "wage_arrears", lambda r: "是" if r["wage_arrears"] else "否"),
            Col("办理情况", "closed", lambda r: "已结案" if r["closed"] else "承办中"),
            Col("挽回损失（万元）", "amount_recovered", lambda r: r["amount_recovered"] / 10000 if r["wage_arrears"] else "无"),
            extra("受援人", lambda r: r["_who"][0]), extra("承办律师", lambda r: f"{rng.choice(SURNAMES)}律师"),
            extra("协办律所", lambda r: "北方律师事务所")]
    sh = second(ctx, "legal_aid_cases", "司法局/法律援助/讨薪案件台账.xlsx", "讨薪", cols, recs, d, "法律援助案件台账（讨薪专项）")
    for rec in sh.records:
        rec["person_key"] = "*"
    chans = ["来访", "电话", "网络"]
    sh = Sheet("月度", "legal_consultations")
    sh.add("公共法律服务中心咨询接待统计（按月）")
    sh.add("月份", "来访咨询（人次）", "电话咨询（人次）", "网络咨询（人次）", "小计")
    for m in range(1, rng.randrange(4, 8)):
        counts = [rng.randrange(5, 40) for _ in chans]
        sh.add(f"{m}月", *counts, sum(counts))
        sh.records += [{"consult_date": dt.date(YEAR, m, 1).isoformat(), "channel": c, "people": n, "department": d}
                       for c, n in zip(chans, counts, strict=False)]
    ctx.book("司法局/公共法律服务/咨询月度统计.xlsx", sh)


def ds2_governance(ctx: Ctx) -> None:
    rng = ctx.rng
    d = "区司法局"
    recs = [{"received_date": day(rng), "respondent": rng.choice(["公安分局", "区市场监督管理局"]), "accepted": True,
             "closed": rng.random() < 0.6} for _ in range(rng.randrange(4, 7))]
    cols = [Col("申请\n日期", "received_date", lambda r: more_dates(r["received_date"], rng)),
            Col("被申请人\n（行政机关）", "respondent", lambda r: alias(ctx, r["respondent"]) if False else r["respondent"]),
            Col("受理", "accepted", lambda r: "√"),
            Col("审结", "closed", lambda r: "√" if r["closed"] else "审理中"),
            extra("申请人", lambda r: person(rng, ctx.personal)[0])]
    second(ctx, "reconsideration_cases", "司法局/复议应诉/复议案件（简表）.xlsx", "复议", cols, recs, d, "行政复议案件简表")
    recs = [{"case_no": f"（2025）辽01行初{rng.randrange(1, 99)}号", "hearing_date": day(rng),
             "agency": "区人力资源和社会保障局", "leader_appeared": True} for _ in range(rng.randrange(3, 5))]
    cols = [Col("案号", "case_no", lambda r: r["case_no"]),
            Col("开庭\n时间", "hearing_date", lambda r: more_dates(r["hearing_date"], rng)),
            Col("被诉行政机关", "agency", lambda r: r["agency"]),
            Col("行政机关负责人\n出庭应诉", "leader_appeared", lambda r: "已出庭")]
    second(ctx, "court_appearances", "人社局/行政应诉情况.xlsx", "应诉", cols, recs, "区人力资源和社会保障局", "行政应诉案件情况",
           line="填报单位：区人社局")
    d = "区营商环境建设局"
    sh = Sheet("数据", "indicator_values")
    sh.add("营商环境工作数据统计表")
    sh.add(f"填报单位：{alias(ctx, d)}")
    sh.add("指标", "数值", "单位", "备注")
    repaid = round(rng.uniform(100, 900), 2)
    promises = rng.randrange(5, 20)
    sh.add("清偿各类欠款", repaid, "万元", None)
    sh.add("推动兑现承诺", promises, "个", None)
    sh.add("清理影响振兴发展做法", "/", "件", "本年未开展")
    sh.records += [dict(ind("欠款", round(repaid * 10000, 2)), department=d), dict(ind("承诺", promises), department=d)]
    ctx.book(f"{alias(ctx, d)}/工作数据统计表.xlsx", sh)


BUILDERS += [ds2_publicity, ds2_reviews_enforcement, ds2_correction, ds2_disputes, ds2_services, ds2_governance]


# ------------------------------------------------------------------ a third clerk: more layouts

def ds3_layouts(ctx: Ctx) -> None:
    """Merged date cells over several rows, a summary ledger with a unit per row, sheets per month
    with 小计 rows, a GBK csv export, a header under notes rows, a 近三年 form under a merged group."""
    rng = ctx.rng
    d = "区司法局"
    sh = Sheet("汇总", "publicity_events")
    sh.add("全区普法活动汇总表")
    sh.add("说明：各单位报送，司法局汇总。")
    sh.add("序号", "报送单位", "活动时间", "活动名称", "活动类型", "参与人数", "发放资料（份）")
    units = ["区人力资源和社会保障局", "区卫生健康局", "区应急管理局"]
    k = 0
    for u in units:
        date = day(rng)
        n = rng.randrange(2, 4)
        first = len(sh.grid) + 1
        for j in range(n):
            k += 1
            ev = events(ctx, 1)[0]
            sh.add(k, alias(ctx, u) if j == 0 else None, dt.datetime(date.year, date.month, date.day) if j == 0 else None,
                   ev["title"], ev["category"], f"约{ev['people_reached']}", f"{ev['materials']:,}")
            sh.records.append({"event_date": date.isoformat(), "title": ev["title"], "category": ev["category"],
                               "people_reached": ev["people_reached"], "materials": ev["materials"], "department": u})
        sh.merges += [f"B{first}:B{first + n - 1}", f"C{first}:C{first + n - 1}"]
    ctx.book("依法治区办/全区普法活动汇总.xlsx", sh)

    d = "区社会治安综合治理中心"
    sheets = []
    for m in (1, 2):
        sh = Sheet(f"{m}月", "disputes")
        sh.add(f"{YEAR}年{m}月矛盾纠纷排查化解情况")
        sh.add(f"填报单位：{alias(ctx, d) if d in ALIASES else '区综治中心'}")
        sh.add("序号", "登记日期", "纠纷类型", "当事人", "身份证号", "是否化解")
        recs = disputes(ctx, rng.randrange(3, 6), (m, m))
        for i, r in enumerate(recs, 1):
            idn = r["_who"][1]
            sh.add(i, write_date(r["received_date"], rng, 4), r["dispute_type"], r["_who"][0],
                   f"{idn[:6]} {idn[6:14]} {idn[14:]}".lower(), "是" if r["resolved"] else "否")
            sh.records.append({"received_date": r["received_date"].isoformat(), "dispute_type": r["dispute_type"],
                               "resolved": r["resolved"], "department": d})
        sh.add("小计", None, None, None, None, sum(r["resolved"] for r in recs))
        sheets.append(sh)
    ctx.book(f"综治中心/{YEAR}年矛盾纠纷月报.xlsx", *sheets)

    d = "区政务服务和数据管理局"
    sh = Sheet("export", "hotline_tickets")
    sh.add("工单编号", "来电时间", "诉求类型", "所属区域", "承办单位", "办理结果", "满意度评价", "来电人电话")
    for _ in range(rng.randrange(6, 10)):
        t = {"ticket_no": f"SX{rng.randrange(10**9, 10**10)}", "received_date": day(rng),
             "category": rng.choice(["供暖", "物业", "噪音"]), "street": rng.choice(STREETS),
             "handling_unit": "区住房和城乡建设局", "completed": rng.random() < 0.9,
             "satisfaction": rng.choice(["满意", "基本满意", "不满意"])}
        tel = person(rng, ctx.personal)[2]
        sh.add(t["ticket_no"], f"{t['received_date']:%Y/%m/%d} 10:15", t["category"], t["street"], "区住建局",
               "已办结" if t["completed"] else "未办结", t["satisfaction"], tel)
        sh.records.append({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in t.items()} | {"department": d})
    ctx.book("12345热线/工单导出_CSV.csv", sh)

    d = "区人力资源和社会保障局"
    sh = Sheet("近三年", "indicator_values")
    sh.add("近三年根治欠薪工作数据")
    sh.add(f"填报单位：{alias(ctx, d)}", None, None, None, None)
    sh.add("指标名称", "单位", "近三年情况", None, None)
    sh.add(None, None, f"{YEAR - 2}年", f"{YEAR - 1}年", f"{YEAR}年")
    sh.merges += ["A3:A4", "B3:B4", "C3:E3"]
    vals = [rng.randrange(2000, 9000) / 100 for _ in range(3)]
    sh.add("清偿各类欠款", "万元", *vals)
    sh.records += [dict(ind("欠款", round(v * 10000, 2), YEAR - 2 + k), department=d) for k, v in enumerate(vals)]
    ctx.book(f"{alias(ctx, d)}/近三年欠薪数据.xlsx", sh)


BUILDERS.append(ds3_layouts)


def write_csv(path: Path, book: Book) -> None:
    """A GBK csv export of the book's one sheet."""
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows([["" if v is None else v for v in row] for row in book.sheets[0].grid])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("gbk"))


# ------------------------------------------------------------------ a fourth clerk: words inside cells

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """三十五 for 35 (1–99)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")


def ds4_words(ctx: Ctx) -> None:
    """Two lawyers side by side (no person of the record), 应到/实到, date ranges, Chinese numerals,
    weekday before a date, blank grades derived from scores, 调解成功/不成功, a unit line above the header."""
    rng = ctx.rng
    d = "区司法局"
    recs = []
    for _ in range(rng.randrange(4, 7)):
        recs.append({"case_no": f"西援〔{YEAR}〕{rng.randrange(400, 700)}号", "accepted_date": day(rng), "case_type": "刑事",
                     "_who": person(rng, ctx.personal), "person_key": "*"})
    cols = [Col("案号", "case_no", lambda r: r["case_no"]),
            Col("受理时间", "accepted_date", lambda r: f"周{WEEK[r['accepted_date'].weekday()]} {r['accepted_date'].month}月{r['accepted_date'].day}日"),
            Col("案件类型", "case_type", lambda r: r["case_type"]),
            extra("受援人", lambda r: r["_who"][0]), extra("受援人身份证号", lambda r: r["_who"][1]),
            extra("承办律师甲", lambda r: f"{rng.choice(SURNAMES)}律师"), extra("承办律师乙", lambda r: f"{rng.choice(SURNAMES)}律师")]
    sh = second(ctx, "legal_aid_cases", "司法局/法律援助/刑事法援（双律师）.xlsx", "刑事", cols, recs, d, f"{YEAR}年刑事法律援助案件")
    for rec in sh.records:
        rec["person_key"] = "*"

    recs = []
    for _ in range(rng.randrange(4, 6)):
        a = rng.randrange(12, 40)
        start = day(rng, 1, 11)
        recs.append({"session_date": start, "topic": "法治讲座", "venue": rng.choice(VENUES), "attendees": a, "passed": a - 1, "_due": a + 2})
    cols = [Col("教育时间", "session_date", lambda r: f"{r['session_date'].year}.{r['session_date'].month}.{r['session_date'].day}-{r['session_date'].day + 2}"),
            Col("教育地点", "venue", lambda r: r["venue"]), Col("内容", "topic", lambda r: r["topic"]),
            extra("应到人数", lambda r: r["_due"]), Col("实到人数", "attendees", lambda r: chinese_number(r["attendees"])),
            Col("考试合格人数", "passed", lambda r: r["passed"])]
    second(ctx, "correction_education", "司法局/社区矫正/集中教育（应到实到）.xlsx", "教育", cols, recs, d, "集中教育签到统计",
           units="单位：人")

    recs = []
    for _ in range(rng.randrange(5, 8)):
        score = float(rng.randrange(50, 100))
        recs.append({"case_no": f"西市监罚〔2025〕{rng.randrange(1, 99)}号", "enforcement_unit": "区市场监督管理局",
                     "score": score, "grade": grade_of(score), "reviewer": "*", "_blank": rng.random() < 0.5})
    cols = [Col("案卷号", "case_no", lambda r: r["case_no"]),
            Col("被评查单位", "enforcement_unit", lambda r: "市场监管局"),
            Col("评查人", "reviewer", lambda r: f"{rng.choice(SURNAMES)}律师"),
            Col("得分", "score", lambda r: f"{r['score']:g}分"),
            Col("等次", "grade", lambda r: None if r["_blank"] else r["grade"])]
    second(ctx, "case_file_reviews", "司法局/案卷评查/市场监管案卷.xlsx", "市监", cols, recs, d, "食品安全领域案卷评查得分")

    d = "区人民法院"
    recs = disputes(ctx, rng.randrange(4, 7))
    cols = [Col("收案日期", "received_date", lambda r: write_date(r["received_date"], rng, rng.choice((0, 3)))),
            Col("纠纷种类", "dispute_type", lambda r: r["dispute_type"]),
            Col("调解结果", "resolved", lambda r: "调解成功" if r["resolved"] else "调解不成功"),
            Col("当事人数（人）", "parties", lambda r: f"{r['parties']}人"),
            extra("调解员", lambda r: f"{rng.choice(SURNAMES)}调解员")]
    second(ctx, "disputes", "区法院/诉前调解台账.xlsx", "诉前调解", cols, recs, d, "诉前人民调解工作台账",
           line="填报单位：区法院")


BUILDERS.append(ds4_words)


# ------------------------------------------------------------------ a fifth clerk: other words for every field

def ds5_synonyms(ctx: Ctx) -> None:
    """The same ledgers under a fifth clerk's wording (开展时间, 受益人数, 卷宗编号, 评查专家 …)."""
    rng = ctx.rng

    def dte(key: str) -> Callable[[dict], object]:
        return lambda r: write_date(r[key], rng, rng.choice((0, 1, 3, 5)))

    def yn(key: str, yes: str, no: str) -> Callable[[dict], object]:
        return lambda r: yes if r[key] else no

    def txt(key: str) -> Callable[[dict], object]:
        return lambda r: r[key]

    ev = events(ctx, rng.randrange(4, 7))
    second(ctx, "publicity_events", "区司法局/普法活动开展情况.xlsx", "开展情况", [
        Col("开展时间", "event_date", dte("event_date")), Col("活动主题", "title", txt("title")),
        Col("活动类别", "category", txt("category")), Col("参加对象", "audience", txt("audience")),
        Col("活动场所", "location", txt("location")), Col("受益人数", "people_reached", txt("people_reached")),
        Col("印发资料（份）", "materials", txt("materials"))], ev, "区司法局", "普法活动开展情况登记")

    vids = [{"publish_date": day(rng), "platform": rng.choice(["抖音", "快手"]), "title": f"普法微视频{k}", "views": rng.randrange(100, 9000),
             "likes": rng.randrange(1, 300), "shares": rng.randrange(0, 60)} for k in range(rng.randrange(3, 6))]
    second(ctx, "publicity_videos", "区司法局/普法微视频.xlsx", "微视频", [
        Col("上线时间", "publish_date", dte("publish_date")), Col("发布渠道", "platform", txt("platform")),
        Col("视频名称", "title", txt("title")), Col("浏览次数", "views", txt("views")),
        Col("点赞次数", "likes", txt("likes")), Col("分享次数", "shares", txt("shares"))], vids, "区司法局", "普法微视频发布统计")

    tk = [{"ticket_no": f"XS{rng.randrange(10**7, 10**8)}", "received_date": day(rng), "category": rng.choice(["环境保护", "交通出行"]),
           "handling_unit": "区城市管理综合行政执法局", "completed": rng.random() < 0.85,
           "satisfaction": rng.choice(["满意", "基本满意", "不满意"])} for _ in range(rng.randrange(4, 8))]
    second(ctx, "hotline_tickets", "12345热线/工单台账（五）.xlsx", "工单", [
        Col("工单号码", "ticket_no", txt("ticket_no")), Col("登记时间", "received_date", dte("received_date")),
        Col("事项类别", "category", txt("category")), Col("责任单位", "handling_unit", lambda r: "区城管局"),
        Col("是否办结", "completed", yn("completed", "是", "否")), Col("回访满意度", "satisfaction", txt("satisfaction"))],
        tk, "区政务服务和数据管理局", "12345工单办理台账")

    ds = disputes(ctx, rng.randrange(4, 7))
    second(ctx, "disputes", "区司法局/人民调解/调解台账.xlsx", "调解", [
        Col("排查时间", "received_date", dte("received_date")), Col("矛盾类型", "dispute_type", txt("dispute_type")),
        Col("调处结果", "resolved", yn("resolved", "调处成功", "调处未成功")),
        Col("调结时间", "resolved_date", lambda r: write_date(r["resolved_date"], rng, 3) if r["resolved_date"] else None),
        Col("涉及人数", "parties", txt("parties"))], ds, "区司法局", "人民调解工作台账")

    oc = []
    for _ in range(rng.randrange(4, 7)):
        got, done = day(rng, 1, 11), rng.random() < 0.8
        oc.append({"received_date": got, "request_type": rng.choice(["劳动争议", "物业纠纷"]), "channel": rng.choice(["来访", "电话"]),
                   "closed": done, "closed_date": got + dt.timedelta(days=2) if done else None})
    second(ctx, "one_court_requests", "区社会治理综合服务中心/一院式（五）.xlsx", "登记", [
        Col("诉求登记时间", "received_date", dte("received_date")), Col("诉求分类", "request_type", txt("request_type")),
        Col("登记渠道", "channel", txt("channel")), Col("是否办结", "closed", yn("closed", "是", "否")),
        Col("办结时间", "closed_date", lambda r: write_date(r["closed_date"], rng, 3) if r["closed_date"] else None)],
        oc, "区社会治理综合服务中心", "“一院式”服务平台诉求登记")

    rs = [{"_who": person(rng, ctx.personal), "release_date": day(rng), "handed_over": rng.random() < 0.8,
           "placed": rng.random() < 0.8, "assisted": rng.random() < 0.9, "reoffended": rng.random() < 0.1} for _ in range(rng.randrange(4, 7))]
    sh = second(ctx, "resettlement", "区司法局/安置帮教/落实情况.xlsx", "落实", [
        extra("姓名", lambda r: r["_who"][0]), extra("身份证号", lambda r: r["_who"][1]),
        Col("释放日期", "release_date", dte("release_date")),
        Col("是否落实衔接", "handed_over", yn("handed_over", "是", "否")), Col("落实安置", "placed", yn("placed", "是", "否")),
        Col("落实帮教", "assisted", yn("assisted", "是", "否")), Col("再犯罪", "reoffended", yn("reoffended", "是", "否"))],
        rs, "区司法局", "刑满释放人员安置帮教落实情况")
    for rec in sh.records:
        rec["person_key"] = "*"

    rc = [{"received_date": day(rng), "respondent": "公安分局", "accepted": rng.random() < 0.8, "closed": rng.random() < 0.5,
           "outcome": rng.choice(["维持", "驳回", "撤销"])} for _ in range(rng.randrange(3, 6))]
    second(ctx, "reconsideration_cases", "区司法局/复议应诉/收案登记.xlsx", "收案", [
        Col("收件日期", "received_date", dte("received_date")), Col("被申请机关", "respondent", txt("respondent")),
        Col("是否立案受理", "accepted", yn("accepted", "是", "否")), Col("审结情况", "closed", yn("closed", "已审结", "未审结")),
        Col("复议结果", "outcome", txt("outcome"))], rc, "区司法局", "行政复议收案登记")

    ca = [{"case_no": f"（2025）辽0102行初{rng.randrange(600, 900)}号", "hearing_date": day(rng), "agency": "区市场监督管理局",
           "leader_appeared": rng.random() < 0.8} for _ in range(rng.randrange(3, 5))]
    second(ctx, "court_appearances", "区司法局/复议应诉/出庭登记.xlsx", "出庭", [
        Col("案件号", "case_no", txt("case_no")), Col("开庭日期", "hearing_date", dte("hearing_date")),
        Col("被诉单位", "agency", txt("agency")), Col("主要负责人是否出庭", "leader_appeared", yn("leader_appeared", "是", "否"))],
        ca, "区司法局", "行政机关负责人出庭登记")

    ps = [{"_who": person(rng, ctx.personal), "service_date": day(rng), "service_type": rng.choice(["心理测评", "个体咨询"]),
           "provider": "心语心理咨询中心"} for _ in range(rng.randrange(3, 6))]
    sh = second(ctx, "psych_services", "区司法局/社区矫正/心理测评记录.xlsx", "测评", [
        Col("测评日期", "service_date", dte("service_date")), extra("矫正对象姓名", lambda r: r["_who"][0]),
        Col("服务方式", "service_type", txt("service_type")), Col("服务提供方", "provider", txt("provider"))],
        ps, "区司法局", "社区矫正对象心理服务记录")
    for rec in sh.records:
        rec["person_key"] = "*"

    lc = [{"consult_date": day(rng), "channel": rng.choice(["来访", "电话", "网络"]), "topic": rng.choice(["继承", "借贷"]), "=people": 1}
          for _ in range(rng.randrange(4, 7))]
    second(ctx, "legal_consultations", "区司法局/公共法律服务/咨询登记（五）.xlsx", "咨询", [
        Col("接待日期", "consult_date", dte("consult_date")), Col("咨询途径", "channel", txt("channel")),
        Col("咨询内容", "topic", txt("topic"))], lc, "区司法局", "法律咨询登记表")

    ce = [{"session_date": day(rng), "topic": "法律法规学习", "attendees": (a := rng.randrange(10, 30)), "passed": a} for _ in range(rng.randrange(3, 5))]
    second(ctx, "correction_education", "区司法局/社区矫正/学习登记.xlsx", "学习", [
        Col("学习日期", "session_date", dte("session_date")), Col("培训主题", "topic", txt("topic")),
        Col("参训人数", "attendees", txt("attendees")), Col("达标人数", "passed", txt("passed"))], ce, "区司法局", "社区矫正对象集中学习登记")

    cr = []
    for _ in range(rng.randrange(4, 6)):
        score = float(rng.randrange(60, 100))
        cr.append({"case_no": f"西应急罚〔2024〕{rng.randrange(1, 99)}号", "enforcement_unit": "区应急管理局", "case_type": "行政处罚",
                   "closed_date": dt.date(2024, rng.randrange(1, 13), 15), "reviewer": "*", "score": score, "grade": grade_of(score)})
    second(ctx, "case_file_reviews", "区司法局/案卷评查/应急案卷.xlsx", "应急", [
        Col("卷宗编号", "case_no", txt("case_no")), Col("承办单位", "enforcement_unit", lambda r: "区应急局"),
        Col("案卷类别", "case_type", txt("case_type")), Col("结案日期", "closed_date", lambda r: f"{r['closed_date']:%Y-%m-%d}"),
        Col("评查专家", "reviewer", lambda r: f"{rng.choice(SURNAMES)}律师"), Col("总分", "score", txt("score")),
        Col("评定结果", "grade", txt("grade"))], cr, "区司法局", "案卷评查登记（应急）")

    ra = [{"project": f"老旧小区改造（{rng.randrange(100, 999)}）", "assessed_date": day(rng), "unit": "区住房和城乡建设局",
           "risk_level": rng.choice(["低", "中"]), "completed": rng.random() < 0.8} for _ in range(rng.randrange(3, 5))]
    second(ctx, "risk_assessments", "区委政法委/稳评（五）.xlsx", "稳评", [
        Col("评估项目名称", "project", txt("project")), Col("评估完成时间", "assessed_date", dte("assessed_date")),
        Col("责任单位", "unit", txt("unit")), Col("风险评估等级", "risk_level", txt("risk_level")),
        Col("评估状态", "completed", yn("completed", "已完成", "未完成"))], ra, "区委政法委员会", "社会稳定风险评估台账")


BUILDERS.append(ds5_synonyms)


if __name__ == "__main__":
    main()
