"""Columns of a ledger sheet: which fields a clerk included, in what order, under which header
wording, and how each column writes its values (one house style per column, with slips)."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from tests.corpus import cells
from tests.corpus.records import Context, Record, grade_score

MISSING = object()  # a cell whose value the truth does not check
UNIT_RE = re.compile(r"[（(]([^）)]+)[）)]\s*$|/(\S+)$")


@dataclass
class Column:
    """One column: its truth (a field, None, "_personal" or a list of acceptable fields)."""

    truth: Any
    header: str
    kind: str                       # field | extra | personal | staff | department | seq
    field: str | None = None        # canonical field (kind field) or personal kind / extra name
    spec: dict = dataclasses.field(default_factory=dict)
    parent: str | None = None       # two-level header: the merged cell above
    style: dict = dataclasses.field(default_factory=dict)

    @property
    def numeric(self) -> bool:
        return self.kind == "field" and self.spec.get("type") in ("int", "money")


def find_header_unit(header: str) -> str | None:
    """The unit a header states (发放材料（份） → 份, 发放资料/份 → 份)."""
    m = UNIT_RE.search(header.replace("\n", ""))
    if not m:
        return None
    unit = m.group(1) or m.group(2)
    return unit if len(unit) <= 3 and not any(ch in unit for ch in "是否必填") else None


def decorate(header: str, rng: random.Random, required: bool) -> str:
    """Clerks' ways of writing the same header: brackets, a line break, spaces, a star."""
    if "\n" in header or rng.random() > 0.45:
        return header
    roll = rng.random()
    if roll < 0.25 and "（" in header:
        return header.replace("（", "(").replace("）", ")")
    if roll < 0.5 and "（" in header:
        return header.replace("（", "\n（", 1)
    if roll < 0.65 and 2 <= len(header) <= 3 and "　" not in header and " " not in header:
        return rng.choice([" ", "　", "  "]).join(header)
    if roll < 0.8 and required:
        return rng.choice(["*{}", "{}*", "{}（必填）", "★{}"]).format(header)
    if roll < 0.9:
        return f" {header} "
    return unicodedata.normalize("NFKC", header) if rng.random() < 0.5 else header


def choose_style(ctx: Context, col: Column, fmt: str, export: bool) -> dict:
    """A column's house style: how its dates, numbers, yes/no and vocabulary are written."""
    rng, kind = ctx.rng, col.spec.get("type")
    values = ctx.values
    style: dict[str, Any] = {"slip": rng.choice([0.0, 0.0, 0.08, 0.25])}
    if kind == "date":
        options = cells.list_date_styles(values["dates"], fmt, export)
        style["main"] = rng.choice(["datetime"] if export and fmt != "csv" and rng.random() < 0.5 else options)
        style["others"] = options
        if not export and ctx.aside.random() < 0.2:  # a two-digit year, a weekday, 上午, the hour
            style["spoken"] = f"spoken{ctx.aside.randrange(len(values['dates']['spoken']))}"
    elif kind == "month":
        style["main"] = rng.choice(["cell", *[f"text{i}" for i in range(len(values["dates"]["month"]))]])
        if fmt == "csv" and style["main"] == "cell":
            style["main"] = "text0"
    elif kind in ("int", "money", "score"):
        style["unit"] = find_header_unit(col.header) or (col.spec.get("units") or [None])[0]
        style["main"] = rng.choice(["number", "number", "number", "text"])
        style["wan"] = "万元" in col.header
    elif kind == "bool":
        style["pair"] = rng.choice(list_yesno_pairs(values["yesno"], col.field or "", col.header))
        pending = values.get("yesno_pending", {}).get(col.field or "")
        if pending and ctx.aside.random() < 0.3:  # "no" written as a status still under way
            style["pair"] = [style["pair"][0], ctx.aside.choice(pending)]
    elif kind in ("vocab", "vocab_list"):
        style["variety"] = rng.choice([0.0, 0.3, 0.6])
        style["sep"] = rng.choice(values["list_separators"])
    elif kind == "dept":
        style["variety"] = rng.choice([0.0, 0.4, 0.8])
    elif kind == "code":
        style["number_cells"] = fmt != "csv" and rng.random() < 0.3
    elif col.field == "grade":
        pass
    return style


PLAIN_PAIRS = ({"是", "否"}, {"1", "0"}, {"Y", "N"}, {"√", "×"}, {"√", ""})


def list_yesno_pairs(yesno: dict, name: str, header: str) -> list[list[str]]:
    """Yes/no writings that fit a header: a 状态/情况/结果 column says what happened, not 是."""
    pairs = yesno.get(name) or yesno["generic"]
    if any(w in header for w in ("状态", "情况", "结果")) and "是否" not in header:
        described = [p for p in pairs if set(p) not in PLAIN_PAIRS]
        return described or pairs
    return pairs + yesno["generic"][:1]


def spell_department(ctx: Context, name: str, variety: float, aliases: dict[str, list[str]]) -> str:
    """A department as a clerk writes it: canonical, an alias of departments.csv, or 西市区…"""
    if name not in aliases or ctx.rng.random() >= variety:
        return name
    return ctx.rng.choice(aliases[name])


def spell_vocab(ctx: Context, vocab: str, value: str, variety: float) -> str:
    variants = ctx.values["vocabularies"][vocab][value]
    return ctx.rng.choice(variants) if ctx.rng.random() < variety else variants[0]


def render_int(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    """An int cell and its truth; 约/余/多 make the record's number a round one first."""
    rng, style, name = ctx.rng, col.style, col.field
    n = rec[name]
    if col.spec.get("zero") and rng.random() < 0.06 and name not in ("passed",):
        rec[name] = 0
        return rng.choice(ctx.values["numbers"]["none_words"]), None
    if rng.random() >= style["slip"]:
        return (n if style["main"] == "number" else str(n)), n
    if col.spec.get("approx") and n >= 25 and rng.random() < 0.5:
        rec[name] = n = cells.round_for_approx(n)
    how = rng.choice(cells.list_int_styles(n, style.get("unit"), bool(col.spec.get("approx"))))
    return cells.write_int(n, style.get("unit"), how, ctx.values["numbers"]["templates"]), n


def render_money(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    amount = rec[col.field]
    if not amount:
        return ctx.rng.choice([None, 0, "0", "/"]), 0.0
    shown = round(amount / 10000, 2) if col.style["wan"] else amount
    shown_text = f"{shown:g}" if col.style["wan"] else f"{int(shown)}"
    roll = ctx.rng.random()
    if roll < col.style["slip"]:
        cell = f"{int(shown):,}" if not col.style["wan"] else f"{shown_text}万元"
    elif col.style["main"] == "text":
        cell = shown_text
    else:
        cell = shown
    return cell, amount


def render_score(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    score = rec["score"]
    text = f"{score:g}"
    roll = ctx.rng.random()
    if roll < col.style["slip"]:
        return ctx.rng.choice([f"{text}{ctx.values['numbers']['score_suffix']}", cells.make_fullwidth(text),
                               f"{text} "]), score
    return (score if col.style["main"] == "number" else text), score


def render_date(ctx: Context, col: Column, rec: Record, export: bool) -> tuple[Any, Any]:
    day = rec[col.field]
    if day is None:
        return None, MISSING
    style = col.style["main"]
    slipped = ctx.rng.random() < col.style["slip"]
    if slipped:
        style = ctx.rng.choice(col.style["others"])
    if style.startswith("text") and "{y}" not in ctx.values["dates"]["text"][int(style[4:])] and day.year != ctx.year:
        style = "text0"   # "3月15日" only for days of the report year
    spoken = col.style.get("spoken")
    if spoken and not slipped:
        if style.startswith(("text", "export")):  # the draws the pattern it replaces would have made
            ctx.rng.randint(8, 17), ctx.rng.randint(0, 59), ctx.rng.randint(0, 59)
        if "y}" not in ctx.values["dates"]["spoken"][int(spoken[6:])] and day.year != ctx.year:
            spoken = "spoken0"
        return cells.write_date(day, spoken, ctx.values["dates"], ctx.aside), day.isoformat()
    return cells.write_date(day, style, ctx.values["dates"], ctx.rng), day.isoformat()


def render_month(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    day = rec["month"]
    style = col.style["main"]
    return cells.write_month(day, style, ctx.values["dates"]["month"]), day.isoformat()


def render_bool(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    value = rec[col.field]
    yes, no = col.style["pair"]
    cell = yes if value else no
    return (cell or None), bool(value)


def render_vocab(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    value = rec[col.field]
    if value is None:
        return None, MISSING
    if value not in ctx.values["vocabularies"][col.spec["vocab"]]:   # outside the contract's list
        return (None if value in ctx.values["numbers"]["none_words"] and ctx.rng.random() < 0.5 else value), MISSING
    return spell_vocab(ctx, col.spec["vocab"], value, col.style["variety"]), value


def render_vocab_list(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    values = rec[col.field]
    written = [spell_vocab(ctx, col.spec["vocab"], v, col.style["variety"]) for v in values]
    return col.style["sep"].join(written), sorted(values)


def render_grade(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    """A grade; four-level sheets write 良好, three-level ones sometimes leave it blank."""
    levels = col.style.setdefault("levels", ctx.rng.choice([3, 3, 4]))
    grade = grade_score(rec["score"], levels)
    if levels == 3 and ctx.rng.random() < 0.12:
        return None, grade
    return spell_vocab(ctx, "grade", grade, col.style["variety"]), grade


def render_code(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    code = rec[col.field]
    if col.style.get("number_cells") and code.isdigit():
        return int(code), code
    return code, code


def render_text(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    text = rec[col.field]
    if text is None:
        return None, MISSING
    if text in ctx.values["numbers"]["none_words"]:
        return ctx.rng.choice([text, None]), MISSING
    if ctx.rng.random() < col.style["slip"] / 2:
        return f" {text}", text
    return text, text


def render_defects(ctx: Context, col: Column, rec: Record) -> tuple[Any, Any]:
    items = rec["defects"]
    return (col.style.setdefault("sep", ctx.rng.choice(["、", "；", "\n", "，", ";"])).join(items) or
            ctx.rng.choice([None, "无", "/"])), MISSING


def render_field(ctx: Context, col: Column, rec: Record, aliases: dict, export: bool) -> tuple[Any, Any]:
    """The cell of a field column for a record, and the canonical value the truth expects."""
    kind = col.spec["type"]
    if col.field == "grade":
        return render_grade(ctx, col, rec)
    if kind == "dept":
        value = rec[col.field]
        return spell_department(ctx, value, col.style["variety"], aliases), value
    renderers = {"int": render_int, "money": render_money, "score": render_score, "month": render_month,
                 "bool": render_bool, "vocab": render_vocab, "vocab_list": render_vocab_list,
                 "code": render_code, "text": render_text, "defects": render_defects}
    if kind == "date":
        return render_date(ctx, col, rec, export)
    return renderers[kind](ctx, col, rec)


#: organisations in another role than the submitting unit's (they lecture, they take the case)
PARTNER_UNITS = ["区人民法院", "区人民检察院", "区公安分局", "区司法局", "市第二律师事务所", "区法律援助中心", "区妇联"]
PARTNER_HEADERS = {"publicity_events": ["授课单位", "主讲单位"], "legal_aid_cases": ["承办律所"],
                   "correction_education": ["授课单位"]}
EXTRA_TEXT = {
    "审理结果": ["驳回诉讼请求", "原告撤诉", "判决撤销", "审理中"], "测评结果": ["正常", "需关注", "轻度焦虑"],
    "报道情况": ["已报道", "未报道", None], "整改情况": ["已整改", "整改中"], "督办情况": ["已督办", None],
    "职务": ["副局长", "科长", "检察官", "民警", "副所长", "法官"],
    "机构名称": ["法制审核科", "政策法规科", "法规股"],
    "审核意见": ["同意", "属实", None], "备注": [None, None, None, "已报送", "联合开展", "见附件", "—"],
    "照片": ["已上传", "有", None], "链接": ["https://mp.weixin.qq.com/s/{k}", None],
    "职级": ["四级主任科员", "一级科员", "三级检察官"],
    "性别": ["男", "女"], "政治面貌": ["中共党员", "群众"], "学段": ["小学", "初中", "高中"],
    "学校类型": ["公办", "民办"], "罪名": ["盗窃罪", "诈骗罪", "危险驾驶罪", "故意伤害罪", "寻衅滋事罪"],
    "刑期": ["有期徒刑一年", "有期徒刑三年六个月", "拘役六个月"], "户籍地": ["辽宁省营口市西市区", "辽宁省营口市站前区"],
    "场所": ["营口监狱", "辽宁省女子监狱", "盘锦监狱"], "文化程度": ["初中", "高中", "小学", "大专"],
    "形式": ["线下", "线上", "线上+线下"], "方式": ["线下", "电话", "现场", "书面"], "类型": ["原创", "转载", "图文"],
    "类别": ["缓刑", "假释", "管制", "暂予监外执行"], "结果": ["正常", "需关注", "良好"], "情况": ["已整改", "整改中", None],
    "内容": ["反映小区供暖不热", "咨询劳动合同解除", "噪音扰民", "道路破损", "要求退还押金"],
    "渠道": ["电话", "网站", "微信", "APP"], "来源": ["12345电话", "网站", "市长信箱"], "司法所": None,
    "部门": ["区住建局", "区人社局", "街道"], "文号": ["西稳评〔{y}〕{k}号"], "案由": ["行政处罚", "行政登记", "信息公开"],
    "法院": ["西市区人民法院", "营口市中级人民法院"], "机构": ["辽宁某某律师事务所", "西市区法律援助中心"],
    "事项": ["不服行政处罚决定", "不服工伤认定", "政府信息公开"], "说明": [None],
}


def render_extra(ctx: Context, name: str, rec: Record, index: int) -> Any:
    """A plausible cell for a column that is not a field (序号 aside)."""
    rng, y = ctx.rng, ctx.year
    if "率" in name:
        if "passed" in rec and rec.get("attendees"):
            return f"{rec['passed'] / rec['attendees'] * 100:.1f}%"
        return f"{rng.randint(80, 100)}%"
    if any(w in name for w in ("时间", "日期", "期限", "聘期")):
        return rng.choice([f"{y}.{rng.randint(1, 12)}.{rng.randint(1, 28)}", f"{y}年{rng.randint(1, 12)}月", "—"])
    if any(w in name for w in ("（元）", "（万元）", "数", "（秒）", "（分钟）", "（小时）", "次数", "扣分", "页数")):
        return rng.randint(0, 60)
    if name.startswith("司法所") or name == "所属司法所":
        return ctx.pick("venues")
    if name in ("承办律师", "解答人", "承办人"):
        return ctx.pick("lawyers")
    if name in ("是否报送信息", "是否需跟踪", "是否转援助", "是否异地协作", "是否涉访", "是否转办"):
        return rng.choice(["是", "否", "否"])
    for key, options in EXTRA_TEXT.items():
        if key in name and options:
            value = rng.choice(options)
            return value.format(k=rng.randint(1000, 9999), y=y) if isinstance(value, str) else value
    return rng.choice([None, None, "—", "无"])


def render_personal(ctx: Context, col: Column, rec: Record) -> Any:
    """A name, identity number or phone of the row's person (sometimes a phone in the name cell)."""
    person = rec.get("_person")
    if person is None:
        person = rec["_person"] = ctx.draw_person()
    if col.field == "name":
        if ctx.rng.random() < 0.04:
            return f"{person.name} {person.phone}"
        return person.name
    if col.field == "id_number":
        return cells.write_id(person, ctx.rng)
    return person.phone
