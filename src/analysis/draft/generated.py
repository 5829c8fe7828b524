"""Quantities a writer may state beyond metrics.yaml, generated from the contract, and the reading of
the sentence that names them.

A ``Reading`` is one computable quantity: a dataset's rows, the sum of a count or amount column, the
distinct persons, units or schools, or a rate of metrics.yaml, each optionally filtered by what the
sentence names (a vocabulary value such as a category or street, a department, a yes/no flag, months)
and optionally compared with the previous year. Nothing is enumerated: ``candidates`` builds the few
readings the sentence's words allow (its subject, the measure word and the words beside the number,
the filters named), scored; ``reading_values.ReadingValues`` computes them. The words come from the contract (datasets.csv, fields.csv,
vocabularies.csv, departments.csv, field_units.csv, metrics.yaml, metric_words.csv) and from the
signal words of ``resources/draft_words.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..resources import (
    load_datasets,
    load_field_units,
    load_fields,
    load_metric_definitions,
    read_csv_rows,
)
from .quantities import CN_DIGITS, normalize

PERSON_UNITS = ("人", "名", "位", "人次")
ROW_UNITS = ("件", "次", "场", "起", "项", "本", "条", "个", "宗", "期", "场次", "件次", "件/次", "卷", "份", "批")
TITLE_TAILS = re.compile(r"(?:登记表|统计表|台账|登记|名册|表)$")
LABEL_TAILS = re.compile(r"(?:（[^）]*）|\([^)]*\))")
MONTH_RANGE = re.compile(rf"(\d{{1,2}}|[{CN_DIGITS}十]+)(?:月)?(?:至|到|-|—|~|～)(\d{{1,2}}|[{CN_DIGITS}十]+)月")
ONE_MONTH = re.compile(rf"(?<![\d至到\-—~～])(\d{{1,2}}|[{CN_DIGITS}十]{{1,2}})月份?(?!\d{{1,2}}日)")
MIN_FILTER_ALIAS = 3
UNNAMED_SUM, UNNAMED_DISTINCT = 1.0, 0.5  # a column no word of the sentence names: never sure enough for 不成立
PARAGRAPH_SPAN = 160  # how far back the paragraph (and the part's paragraphs before it) names a subject
SHARE_WORD = "占"
MONTHS_NAMED = 0.8  # months named in the sentence make a reading surer
YEAR_OF_FIGURE = re.compile(r"(\d{4})年(?:全年|同期)?(?:的|为|是|有|共|共有)?$")
CN_MONTH = {c: i for i, c in enumerate("一二三四五六七八九", 1)} | {"十": 10, "十一": 11, "十二": 12}


@dataclass(frozen=True)
class Reading:
    """One quantity of the data: what is counted, over which rows, compared with what."""

    dataset: str
    measure: str  # rows | sum | distinct | rate
    column: str = ""  # the summed or distinct column; the metric id of a rate
    filters: tuple[tuple[str, str], ...] = ()  # (column, canonical value or "是")
    months: tuple[int, int] | None = None
    compare: str = ""  # "" | growth (% against the previous year) | change (difference)

    @property
    def key(self) -> str:
        """A stable text key (kept in the writer's choices file)."""
        parts = [self.dataset, self.measure, self.column, ";".join(f"{c}={v}" for c, v in self.filters)]
        parts += [f"{self.months[0]}-{self.months[1]}" if self.months else "", self.compare]
        return "|".join(parts)

    @staticmethod
    def from_key(key: str) -> Reading:
        """The reading of a key written by ``key``."""
        dataset, measure, column, filters, months, compare = key.split("|")
        pairs = tuple(tuple(p.split("=", 1)) for p in filters.split(";") if p)
        span = tuple(int(m) for m in months.split("-")) if months else None
        return Reading(dataset, measure, column, pairs, span, compare)  # type: ignore[arg-type]


@dataclass
class Candidate:
    """A reading with its score and, once computed, its value and a Chinese description."""

    reading: Reading
    score: float
    value: Decimal | None = None
    description: str = ""
    note: str = ""
    sources: tuple[str, ...] = ()
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Vocab:
    """The words of one dataset: subjects, filters, sum and distinct columns, rates."""

    subjects: tuple[str, ...]
    filters: tuple[tuple[str, str, str, str], ...]  # (word, column, value, kind: vocab|department|flag)
    sums: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # column → (units, words)
    distinct: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # column → (units, words)
    row_units: tuple[str, ...]
    rates: dict[str, tuple[str, ...]]  # metric → keywords
    date_column: str
    title: str


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.split(";") if w.strip()]


@lru_cache(maxsize=1)
def signal_words() -> dict[str, list[dict[str, str]]]:
    """The rows of draft_words.csv by kind."""
    out: dict[str, list[dict[str, str]]] = {}
    for row in read_csv_rows("draft_words.csv"):
        out.setdefault(row["kind"], []).append(row)
    return out


def _label_word(label: str) -> str:
    """The words of a field label a writer uses: 发放材料（份）→ 发放材料, 覆盖人数 → 覆盖, 是否化解 → 化解."""
    word = LABEL_TAILS.sub("", label).replace("是否", "")
    for tail in ("人数", "次数", "人次", "金额", "量", "数"):
        if word.endswith(tail) and len(word) > len(tail) + 1:
            return word[: -len(tail)]
    return word


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Vocab]:
    """Every dataset's words, generated from the contract tables (cached)."""
    words = signal_words()
    no_filter = {r["word"] for r in words.get("no_filter", [])}
    vocab_rows = read_csv_rows("vocabularies.csv")
    departments = read_csv_rows("departments.csv")
    units = load_field_units()
    definitions = load_metric_definitions()
    from .linking import load_metric_words

    metric_words = load_metric_words()
    out = {}
    for name, spec in load_datasets().items():
        if name == "indicator_values":  # indicator figures are metrics of their own (indicators.csv)
            continue
        fields = load_fields().get(name, {})
        subjects = {TITLE_TAILS.sub("", spec.title)} | {k for k in spec.title_keywords if len(k) >= 2}
        subjects |= {r["word"] for r in words.get("subject", []) if r["dataset"] == name}
        filters: list[tuple[str, str, str, str]] = []
        sums, distinct = {}, {}
        for column, f in fields.items():
            if f.personal:
                continue
            if f.vocabulary:
                for row in vocab_rows:
                    if row["vocabulary"] != f.vocabulary or row["canonical"] in no_filter:
                        continue
                    spellings = [row["canonical"]] + [a for a in _split(row["alias"]) if len(normalize(a)) >= MIN_FILTER_ALIAS]
                    filters += [(normalize(w), column, row["canonical"], "vocab") for w in spellings if w not in no_filter]
            if f.type in ("department", "departments"):
                for row in departments:
                    spellings = [row["canonical"]] + [a for a in _split(row["aliases"]) if len(a) >= MIN_FILTER_ALIAS]
                    filters += [(normalize(w), column, row["canonical"], "department") for w in spellings
                                if not any(subject in w for subject in subjects)]
            if f.type == "bool":
                word = _label_word(f.label)
                if len(word) >= 2:
                    filters.append((word, column, "是", "flag"))
            if f.type in ("int", "float") and (name, column) in units and units[(name, column)].unit != "%":
                unit = units[(name, column)].unit
                accepted = {unit} | ({"人次", "名"} if unit == "人" else set()) | ({"人次"} if unit == "次" else set())
                col_words = {_label_word(f.label)} | {r["word"] for r in words.get("measure", [])
                                                      if r["dataset"] == name and r["column"] == column}
                sums[column] = (tuple(sorted(accepted)), tuple(w for w in col_words if w))
            if f.type == "person_key":
                distinct[column] = (PERSON_UNITS[:3], (_label_word(f.label),))
        for row in words.get("distinct", []):
            if row["dataset"] in (name, "*") and row["column"] in fields:
                old_units, old_words = distinct.get(row["column"], ((), ()))
                distinct[row["column"]] = (tuple(dict.fromkeys(old_units + tuple(_split(row["value"])))),
                                           tuple(dict.fromkeys(old_words + (row["word"],))))
        for row in words.get("flag", []):  # other words for a yes/no column (欠薪 → 是否农民工讨薪)
            if row["dataset"] == name and row["column"] in fields:
                filters.append((row["word"], row["column"], "是", "flag"))
        row_units = set(ROW_UNITS)
        rates = {}
        for metric, d in definitions.items():
            if d.get("dataset") != name:
                continue
            if d.get("agg") == "count":
                row_units.add(d.get("unit", ""))
            if d.get("agg") in ("share", "ratio") and metric in metric_words:
                rates[metric] = metric_words[metric].keywords
        if name in ("psych_services", "resettlement", "vice_principals"):  # a row is a person (or a person-time)
            row_units |= set(PERSON_UNITS)
        filters = _one_column_per_value(filters, fields)
        out[name] = Vocab(tuple(sorted(subjects, key=len, reverse=True)), tuple(filters), sums, distinct,
                          tuple(sorted(u for u in row_units if u)), rates, spec.in_year, TITLE_TAILS.sub("", spec.title))
    return out


def _one_column_per_value(filters: list[tuple[str, str, str, str]], fields: dict) -> list[tuple[str, str, str, str]]:
    """A word naming a value of several columns (西城街道: street, co-organiser, department) filters one:
    the vocabulary's column first, then the single department, then a list of departments."""
    rank = {"vocab": 0, "flag": 0, "department": 1}
    best: dict[str, tuple[int, tuple[str, str, str, str]]] = {}
    for item in filters:
        word, column, _, kind = item
        order = rank[kind] + (1 if fields[column].type == "departments" else 0)
        if word not in best or order < best[word][0]:
            best[word] = (order, item)
    return [item for _, item in best.values()]


@lru_cache(maxsize=1)
def shared_filter_words() -> frozenset[str]:
    """Filter words of more than one dataset (street names): they name no subject by themselves."""
    seen: dict[str, set[str]] = {}
    for name, v in vocabulary().items():
        for word, _, _, kind in v.filters:
            if kind == "vocab":
                seen.setdefault(word, set()).add(name)
    return frozenset(w for w, names in seen.items() if len(names) > 1)


def spellings(dataset: str, column: str, value: str) -> list[str]:
    """Every spelling of a value of a column (the short aliases too): what names a metric's filter."""
    f = load_fields().get(dataset, {}).get(column)
    out = [value]
    if f is not None and f.vocabulary:
        for row in read_csv_rows("vocabularies.csv"):
            if row["vocabulary"] == f.vocabulary and row["canonical"] == value:
                out += [normalize(a) for a in _split(row["alias"])]
    if f is not None and f.type in ("department", "departments"):
        for row in read_csv_rows("departments.csv"):
            if row["canonical"] == value:
                out += [normalize(a) for a in _split(row["aliases"])]
    return out


def where_named(definition: dict, text: str) -> bool:
    """True when the text names every value a metric's ``where`` selects (yes/no flags aside)."""
    for column, wanted in (definition.get("where") or {}).items():
        if isinstance(wanted, (dict, bool)):
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        if not any(w in text for value in values for w in spellings(definition["dataset"], column, str(value))):
            return False
    return True


# ------------------------------------------------------------------ the reading of a sentence


@dataclass(frozen=True)
class Context:
    """One figure in its sentence: the text before and after it, the clause around it, the paragraph."""

    sentence: str
    start: int  # the number's start in the sentence
    end: int  # the figure's end in the sentence
    before: str  # the clause before the number (to the previous figure)
    after: str  # the clause after the figure (to the next figure)
    paragraph_before: str = ""
    header: str = ""  # a table row's header row (what the rows count)


def _last(text: str, word: str) -> int:
    return text.rfind(word)


def _mask_words(text: str, words: list[str]) -> str:
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "\x00" * len(w))
    return text


def _no_filter_text(text: str) -> str:
    return _mask_words(text, [r["word"] for r in signal_words().get("no_filter", []) if len(r["word"]) >= 3])


@lru_cache(maxsize=1)
def foreign_words() -> dict[str, tuple[str, ...]]:
    """Per dataset, the longer words of other datasets and the department names that contain one of its
    short subject words (区教育局 holds 教育, 区妇女联合会 holds 妇女, 矛盾调解 holds 调解): masked before the
    subject is looked for, so an organisation's or another subject's name names no subject."""
    vocab = vocabulary()
    own = {name: set(v.subjects) | {w for w, _, _, kind in v.filters if kind == "vocab"}
           | {w for _, words in v.distinct.values() for w in words if len(w) >= 3} for name, v in vocab.items()}
    departments = {normalize(w) for row in read_csv_rows("departments.csv")
                   for w in [row["canonical"], *_split(row["aliases"])] if len(w) >= 3}
    out = {}
    for name, words in own.items():
        others = departments | {w for o, ws in own.items() if o != name for w in ws}
        generic = {x for x in words if len(x) <= 2}  # 教育, 妇女, 调解: a longer name holding them names another thing
        specific = words - generic  # 12345热线 holds 12345: it still names the hotline
        out[name] = tuple(sorted((w for w in others - words if any(x in w and x != w for x in generic)
                                  and not any(x in w for x in specific)), key=len, reverse=True))
    return out


def _subject_score(v: Vocab, ctx: Context) -> tuple[float, str]:
    """How clearly the sentence names the dataset (0 when it does not), and the word."""
    best, word = 0.0, ""
    name = next((n for n, x in vocabulary().items() if x is v), "")
    foreign = list(foreign_words().get(name, ()))
    sentence = _mask_words(ctx.sentence, foreign)
    head = sentence[: ctx.start]
    tail = sentence[ctx.end:]
    before, after = _mask_words(ctx.before, foreign), _mask_words(ctx.after, foreign)
    header, paragraph = _mask_words(ctx.header, foreign), _mask_words(ctx.paragraph_before[-PARAGRAPH_SPAN:], foreign)
    shared = shared_filter_words()
    words = list(v.subjects) + [w for w, _, _, kind in v.filters if kind == "vocab" and w not in shared]
    for w in words:
        if w in before:
            s = 4.0
        elif w in head:
            s = 3.0
        elif w in after:
            s = 2.5
        elif w in tail:
            s = 1.0
        elif w in header:
            s = 2.5
        elif w in paragraph:  # the nearer the sentence, the surer (the part's last subject goes on)
            s = 1.0 + 0.6 * (paragraph.rfind(w) + len(w)) / len(paragraph)
        else:
            continue
        s += 0.1 * len(w)
        if s > best:
            best, word = s, w
    return best, word


def month_spans(text: str) -> list[tuple[int, int, tuple[int, int]]]:
    """Every month span a text names, (start, end, (first, last)) in text order; a word inside a longer
    one (三季度 in 前三季度) is not read apart."""
    found: list[tuple[int, int, tuple[int, int]]] = []
    for row in signal_words().get("month", []):
        a, b = row["value"].split("-")
        for m in re.finditer(re.escape(row["word"]), text):
            found.append((m.start(), m.end(), (int(a), int(b))))
    for m in MONTH_RANGE.finditer(text):
        a, b = _month_number(m.group(1)), _month_number(m.group(2))
        if a and b and 1 <= a <= b <= 12 and not text[max(0, m.start() - 1):m.start()].isdigit():
            found.append((m.start(), m.end(), (a, b)))
    for m in ONE_MONTH.finditer(text):
        n = _month_number(m.group(1))
        if n and 1 <= n <= 12 and not re.search(r"\d年$", text[: m.start()]):
            found.append((m.start(), m.end(), (n, n)))
    return sorted(f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o[1] - o[0] > f[1] - f[0]
                                               for o in found))


def _months(text: str) -> tuple[int, int] | None:
    """The months a text names: 1-6月, 上半年, 一季度, 3月份 (the last one named)."""
    found = month_spans(text)
    return max(found)[2] if found else None


def _month_number(text: str) -> int | None:
    return int(text) if text.isdigit() else CN_MONTH.get(text)


def _filters(v: Vocab, ctx: Context, carry: bool) -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
    """The filters named before the number: column → (value, named in the figure's own clause).

    Per column the value named nearest before the number wins; flags (化解, 办结) count only in the
    figure's own clause. Also returns the words that named them."""
    head = _no_filter_text(ctx.sentence[: ctx.start])
    local = _no_filter_text(ctx.before)
    if carry:
        previous = re.split(r"[。！？；]", ctx.paragraph_before.rstrip("。！？；"))[-1] if ctx.paragraph_before else ""
        head = _no_filter_text(previous) + "。" + head
    local_at = len(head) - len(local) if head.endswith(local) else 0  # the clause's start in head
    negations = sorted((r["word"] for r in signal_words().get("negation", [])), key=len, reverse=True)
    chosen: dict[str, tuple[int, str, bool, str]] = {}
    local_flags = _mask_words(local, list(v.subjects))  # 安置帮教对象 names no 安置 nor 帮教 flag
    for word, column, value, kind in v.filters:
        text = local_flags if kind == "flag" else head
        at = _last(text, word)
        if at < 0:
            continue
        if kind == "flag" and text[at + len(word):].startswith("率"):
            continue
        if kind == "flag" and any(text[:at].endswith(n) for n in negations):
            value = "否"  # 未化解3件, 不予受理9件: the rows without the flag
        if kind == "flag":
            at += local_at
        end = at + len(word)
        is_local = word in local
        if kind != "flag":
            pick = _respectively(head, ctx, column, v)
            if pick is not None:
                end, value, word = pick
        old = chosen.get(column)
        if old is None or end > old[0] or (end == old[0] and len(word) > len(old[3])):
            chosen[column] = (end, value, is_local, word)
    for column, (end, _value, is_local, word) in list(chosen.items()):
        if not is_local or kinds_of(v).get(column) == "flag" or any(m in head for m in _marks("respectively")):
            continue
        named = [val for w, c, val, _ in v.filters if c == column and w in local]
        named = list(dict.fromkeys(named))
        if len(named) > 1:  # 物业纠纷和邻里纠纷合计1407件: the rows of either
            chosen[column] = (end, ANY_OF.join(named), is_local, word)
    inside = {c for c, (end, _, _, word) in chosen.items()
              if any(o_end >= end and o_end - len(o_word) <= end - len(word) and len(o_word) > len(word)
                     for o_end, _, _, o_word in chosen.values())}  # 退役军人 inside 区退役军人事务局
    chosen = {c: item for c, item in chosen.items() if c not in inside}
    return ({c: (val, loc) for c, (_, val, loc, _) in chosen.items()},
            {c: w for c, (_, _, _, w) in chosen.items()})


ANY_OF = "|"
PART_OF = re.compile(r"[\u4e00-\u9fff]中[，,]")  # 受援人中， / 案件中，: what follows is a part


def kinds_of(v: Vocab) -> dict[str, str]:
    """The kind of filter (vocab, department, flag) of each filtered column."""
    return {c: kind for _, c, _, kind in v.filters}


def _marks(kind: str) -> list[str]:
    return [r["word"] for r in signal_words().get(kind, [])]


FIGURE = re.compile(r"\d+(?:\.\d+)?")


def _respectively(head: str, ctx: Context, column: str, v: Vocab) -> tuple[int, str, str] | None:
    """“西城街道、中华路街道分别开展活动7场和5场”: several values of one column listed before 分别 pair
    with the figures after it in order; (end, value, word) of this figure's value, None otherwise."""
    marks = [r["word"] for r in signal_words().get("respectively", [])]
    at = max((head.rfind(m) for m in marks), default=-1)
    if at < 0:
        return None
    listed: list[tuple[int, int, str, str]] = []
    for word, col, value, kind in v.filters:
        if col != column or kind == "flag":
            continue
        for m in re.finditer(re.escape(word), head[:at]):
            listed.append((m.start(), m.end(), value, word))
    listed.sort()
    values: list[tuple[int, int, str, str]] = []
    for item in listed:  # the longest word at each place, each value once
        if values and item[0] < values[-1][1]:
            if item[1] - item[0] > values[-1][1] - values[-1][0]:
                values[-1] = item
            continue
        if all(item[2] != x[2] for x in values):
            values.append(item)
    if len(values) < 2:
        return None
    offset = len(head) - len(ctx.sentence[: ctx.start])
    index = len(FIGURE.findall(ctx.sentence[max(0, at - offset): ctx.start]))
    if index >= len(values):
        return None
    start, end, value, word = values[index]
    return len(head) + index, value, word  # after every listed value: this one wins for the column


def _has_any(text: str, kind: str) -> bool:
    return any(r["word"] in text for r in signal_words().get(kind, []))


def _measures(v: Vocab, unit: str, rule: str, ctx: Context) -> list[tuple[str, str, float]]:
    """The measures the unit and the words beside the number allow: (measure, column, score)."""
    near = ctx.before + "\x00" + ctx.after
    out: list[tuple[str, str, float]] = []
    if unit == "%":
        if rule == "yoy":
            out.append(("rows", "", 2.0))
            for column, (_, words) in v.sums.items():
                if any(w in ctx.before for w in words):
                    out.append(("sum", column, 3.0))
            return out
        from .linking import load_metric_words

        for metric, keywords in v.rates.items():
            hit = [k for k in keywords if k in near]
            if hit:
                context = sum(1.0 for w in load_metric_words()[metric].context if w in ctx.sentence)
                unnamed = not where_named(load_metric_definitions()[metric], ctx.sentence)
                out.append(("rate", metric, 2.0 + 0.5 * max(len(k) for k in hit) + min(context, 2.0) - 3.0 * unnamed))
        return out
    if not unit:
        return out
    person = unit in PERSON_UNITS
    if unit in v.row_units:
        out.append(("rows", "", 2.0 if not person or unit in ROW_UNITS else 1.5))
    for column, (units, words) in v.sums.items():
        if unit in units:
            hit = [w for w in words if w in near]
            out.append(("sum", column, (3.5 + 0.2 * max(len(w) for w in hit)) if hit else UNNAMED_SUM))
    for column, (units, words) in v.distinct.items():
        if unit in units:
            hit = [w for w in words if w in ctx.before or w in ctx.after[:6]]
            out.append(("distinct", column, (3.0 + 0.2 * max(len(w) for w in hit)) if hit else UNNAMED_DISTINCT))
    return out


def candidates(unit: str, rule: str, ctx: Context) -> list[Candidate]:
    """The readings a figure's sentence allows, best first (empty when it names no dataset)."""
    scored = []
    for name, v in vocabulary().items():
        subject, word = _subject_score(v, ctx)
        if subject <= 0:
            continue
        scored.append((subject, name, v, word))
    scored.sort(key=lambda s: -s[0])
    in_sentence = [x for x in scored if x[3] in ctx.sentence]
    if in_sentence:  # the paragraph's subject only when the sentence names none
        scored = in_sentence
    out: list[Candidate] = []
    compare = ("growth" if unit == "%" else "change") if rule == "yoy" else ""
    year_named = YEAR_OF_FIGURE.search(ctx.before)
    if not compare and year_named:  # 较2024年的70场, （2024年为241件）: that year's value
        compare = f"year:{year_named.group(1)}"
    scope = _has_any(ctx.sentence[: ctx.end], "scope")
    part = _has_any(ctx.before, "part")
    for subject, name, v, word in scored[:3]:
        if subject < scored[0][0] - 2.5:
            continue
        from_paragraph = word not in ctx.sentence and word not in ctx.header
        named, _ = _filters(v, ctx, from_paragraph)
        months = _months(ctx.sentence[: ctx.start]) if v.date_column else None
        # “一季度和四季度（合计189件）”: several spans in the figure's clause are read each, none surer
        spans = list(dict.fromkeys(f[2] for f in month_spans(ctx.before))) if months else []
        for measure, column, m_score in _measures(v, unit, rule, ctx):
            variants = _filter_variants(named, from_paragraph, scope, part, bool(month_spans(ctx.before)))
            unnamed = (measure, m_score) in (("sum", UNNAMED_SUM), ("distinct", UNNAMED_DISTINCT))
            for filters, f_score in variants:
                base = subject + m_score + f_score + (MONTHS_NAMED if months else 0.0)
                for span in (spans if len(spans) > 1 else [months]):
                    out.append(Candidate(Reading(name, measure, column, filters, span, compare), round(base, 2),
                                         reasons=["unread"] if unnamed else []))
                if months:
                    out.append(Candidate(Reading(name, measure, column, filters, None, compare),
                                         round(base - 2.5 - MONTHS_NAMED, 2)))
    if unit == "%" and rule == "pct" and SHARE_WORD in ctx.before:
        out += _share_candidates(scored, ctx)
    if unit == "%" and rule == "pct":
        out += _filter_rate_candidates(scored, ctx)
    unread = _unread_qualifier(ctx, [x[2] for x in scored[:3]]) or _has_any(ctx.before, "average")
    head = ctx.sentence[: ctx.start]
    a_part = _has_any(head, "part") or bool(PART_OF.search(head))  # 受援人中，女性受援人120名: some of them
    for c in out:
        if unread and "unread" not in c.reasons:
            c.reasons.append("unread")
        if a_part and not c.reading.filters and not c.reading.months and not c.reading.compare \
                and "unread" not in c.reasons:
            c.reasons.append("unread")
    best: dict[Reading, Candidate] = {}
    for c in out:
        if c.reading not in best or c.score > best[c.reading].score:
            best[c.reading] = c
    return sorted(best.values(), key=lambda c: -c.score)


RATE_MARK = "率"


def _filter_rate_candidates(scored: list, ctx: Context) -> list[Candidate]:
    """“其中优秀45卷，优秀率30.8%”, “办结率82%”: a filter's word before 率 is the share of the rows
    (with the other filters named) that have it."""
    out = []
    for subject, name, v, word in scored[:2]:
        named, words = _filters(v, ctx, word not in ctx.sentence)
        for f_word, column, value, _ in v.filters:
            if f_word + RATE_MARK not in ctx.before:
                continue
            whole = tuple(sorted((c, val) for c, (val, _) in named.items() if c != column))
            part = tuple(sorted(whole + ((column, value),)))
            base = "share:" + ";".join(f"{c}={val}" for c, val in whole)
            out.append(Candidate(Reading(name, "rows", "", part, None, base), round(subject + 3.0, 2)))
    return out


def vocabulary_values(dataset: str) -> list[tuple[str, str]]:
    """(column, canonical value) of every vocabulary value of a dataset's columns, the ones draft_words.csv
    keeps from filtering (来访, 电话, 满意) included."""
    fields = load_fields().get(dataset, {})
    vocab = {f.vocabulary: column for column, f in fields.items() if f.vocabulary and not f.personal}
    return [(vocab[r["vocabulary"]], r["canonical"]) for r in read_csv_rows("vocabularies.csv")
            if r["vocabulary"] in vocab and len(r["canonical"]) >= 2 and r["canonical"] not in ("其他", "其它")]


def _unread_qualifier(ctx: Context, vocabs: list[Vocab]) -> bool:
    """True when the figure's clause names a subset the checker cannot filter by (“供暖供热类工单395件”:
    a word before a mark of draft_words.csv kind unread_mark that is no known filter)."""
    kept = {r["word"] for r in signal_words().get("no_filter", [])}
    names = [n for n, x in vocabulary().items() if any(x is v for v in vocabs)]
    if any(value in ctx.before for n in names for _, value in vocabulary_values(n) if value in kept):
        return True  # 来访咨询266人次: a value named that the checker does not filter by
    known = [w for v in vocabs for w, _, _, _ in v.filters] + [w for v in vocabs for w in v.subjects]
    for m in re.finditer(r"“([^”]{2,12})”", ctx.before):  # “西市检察”账号: a name the checker cannot filter by
        if not any(w in m.group(1) or m.group(1) in w for w in known):
            return True
    for row in signal_words().get("unread_mark", []):
        for m in re.finditer(rf"([\u4e00-\u9fff]{{2,8}}){re.escape(row['word'])}", ctx.before):
            if m.group(1)[-1] not in "各该此这几多两诸" and not any(w in m.group(1) for w in known):
                return True
    return False


def _share_candidates(scored: list, ctx: Context) -> list[Candidate]:
    """“送法进校园活动覆盖师生1950人，占普法活动覆盖人数的9.8%”: the part named before 占 over the
    whole named after it, counted in rows or in the column the words name."""
    whole_text = ctx.before[ctx.before.rfind(SHARE_WORD) + 1:]
    out = []
    for subject, name, v, word in scored[:2]:
        named, words = _filters(v, ctx, word not in ctx.sentence)
        part = tuple(sorted((c, val) for c, (val, _) in named.items()))
        whole = tuple(sorted((c, val) for c, (val, _) in named.items() if words[c] in whole_text))
        months = _months(ctx.sentence[: ctx.start]) if v.date_column and not month_spans(whole_text) else None
        if part == whole and not months:
            continue
        base = ("shareyear:" if months else "share:") + ";".join(f"{c}={val}" for c, val in whole)
        out.append(Candidate(Reading(name, "rows", "", part, months, base), round(subject + 2.0, 2)))
        head = ctx.sentence[: ctx.start]
        stated = head[: head.rfind(SHARE_WORD)] if not whole_text.strip("的") else ""  # 发放11120份，占83.3%
        for column, (_, col_words) in v.sums.items():
            if any(w in whole_text or w in stated for w in col_words):
                out.append(Candidate(Reading(name, "sum", column, part, months, base), round(subject + 3.5, 2)))
    return out


def _filter_variants(named: dict[str, tuple[str, bool]], carried: bool, scope: bool,
                     part: bool, fresh: bool = False) -> list[tuple[tuple[tuple[str, str], ...], float]]:
    """All named filters; only those of the figure's own clause; none — with their score changes.
    Filters carried from the paragraph's previous sentence make a reading no surer; a clause that names
    its own months (“刑事案件73件，下半年受理138件”) leaves the earlier clauses' filters in doubt."""
    every = tuple(sorted((c, v) for c, (v, _) in named.items()))
    local = tuple(sorted((c, v) for c, (v, loc) in named.items() if loc))
    out = [(every, (0.3 if carried else 1.0) if every else 0.0)]
    if local != every:
        out.append((local, 0.5 if fresh else 0.3 if part else -0.5))
    if every and not local:
        out.append(((), 0.5 if fresh else -0.5 + (0.8 if scope else 0.0)))
    elif every:
        out.append(((), -1.5))
    return out
