"""Table headers → which dataset a sheet holds and which column is which field, matched by meaning.

Every header is matched with the synonyms of every field (headers.csv, the fields' labels and
names) in tiers (see :mod:`.matching`); within a dataset, columns and fields are paired one to one,
strongest first. A weak match must lead the runner-up by a margin, a required field by more, and
a column whose values do not fit the field's type is not bound by a weak match: a column left
unread is a visible info, a wrong bind is silently wrong. The dataset is the one whose fields the
headers name best, with the sheet's title and name as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...resources import (
    Field,
    fields_for,
    load_datasets,
    load_vocabulary_policy,
    rules_for,
)
from ..words.identity import missing_required
from ..words.labels import (  # noqa: F401 - header_index, names_key_value, score_labels: also read here
    column_candidates,
    header_index,
    names_key_value,
    score_labels,
)
from ..words.matching import (
    TIER_ORDER,
    Candidate,
    is_breakdown,
    is_percent_like,
    margin_for,
    unify_words,
)
from ..words.values import parse_number, plausible
from ..words.vocabulary import plausible_values
from .evidence import MONTH_TEXT, bind_by_values, counting_numbers, plausible_departments

#: Fields that may take several columns of one table (序号 and 编号 both unread).
MULTI = {"_ignore", "_contact"}
#: Tiers strong enough to pass without a margin or a look at the values.
STRONG = {"override", "template", "exact", "normalised"}
HEADER_SCAN_WEIGHT = {"*": 0.5}
#: A header that says only that the column holds a date (which one: its place and values tell).
GENERIC_DATE = re.compile(r"^(日期|时间|日期时间|年月日|时间日期|月份|年月|统计月份)$")
#: A header naming some date no field's synonyms know (诉求时间, 处理完毕时间): also told by place and values.
SOME_DATE = re.compile(r"^[\u4e00-\u9fff]{0,6}(日期|时间)$")


def is_date_header(label: str) -> bool:
    """True for a header that says the column holds a date without saying which (日期, 诉求时间)."""
    text = re.sub(r"\s|[*★]", "", label or "")
    return bool(GENERIC_DATE.match(text) or SOME_DATE.match(text))


@dataclass
class ColumnMatch:
    """How one column was matched: the field chosen (or None), the tier, the score, the runner-up."""

    index: int
    field: str | None = None
    tier: str = "none"
    score: float = 0.0
    runner_up: str = ""
    note: str = ""


@dataclass
class Recognition:
    """The dataset a table holds (or None), its column map and why."""

    dataset: str | None
    columns: dict[int, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unmapped: list[int] = field(default_factory=list)
    score: float = 0.0
    reason: str = ""
    complete: bool = False
    matches: dict[int, ColumnMatch] = field(default_factory=dict)
    runner_up: str = ""


def _parts(dataset: str) -> set[str]:
    """Fields that are a part of another (the `left` of a not_greater rule): a 其中 column may hold them."""
    return {r["left"] for r in rules_for(dataset, "not_greater")}


def _allowed(cand: Candidate, f: Field, key: str, samples: list[object] | None, parts: set[str]) -> str:
    """Why a candidate may not bind its field ('' when it may)."""
    percent_field = f.type == "percent"
    if cand.tier in ("override", "template"):
        return ""
    if cand.tier != "exact":
        if is_breakdown(key) and f.column not in parts:
            return "分项列（其中）"
        if is_percent_like(key) != percent_field:
            return "比率列" if not percent_field else "不是比率列"
    if samples is None:
        return ""
    if f.column == "_ignore":  # 序号/编号 left unread only when they are row numbers
        return "" if counting_numbers(samples) else "列中不是序号"
    if f.type == "date" and is_date_header(key) and plainly_months(samples):
        return "列中只有年月，没有日"  # 时间 | 2025.1, 2025.2 …: the month of a monthly report, no day's date
    strong = cand.tier in STRONG
    if strong and f.column.startswith("_"):
        return ""  # a personal column named by its own words is taken as it is (never read out anyway)
    if not plausible(f.type, samples, f.column, share=0.2 if strong else 0.5, subject=key + f.label):
        return "列中数据与该字段类型不符"
    if strong:
        return ""
    if f.type in ("int", "float") and not holds_numbers(samples):
        return "列中只有“无”“—”等，没有数"  # 佐证材料: 无 under a weak match is no count of 材料
    if f.vocabulary and f.type in ("text", "grade", "list"):
        # a closed list wants most values known; an open one at least some (管制/假释 are no service types)
        closed = load_vocabulary_policy().get(f.vocabulary) == "other"
        if not plausible_values(f.vocabulary, samples, **({} if closed else {"share": 0.3})):
            return "列中取值不属于该字段的标准取值"
    if f.type == "department" and not plausible_departments(samples):
        return "列中不是单位名称"
    return ""


def plainly_months(samples: list[object]) -> bool:
    """True when most written cells name a month and no day (2025.1, 2025年3月, 3月)."""
    written = [v for v in samples if v is not None and str(v).strip()]
    return bool(written) and sum(bool(MONTH_TEXT.match(str(v).strip())) for v in written) >= 0.8 * len(written)


def holds_numbers(samples: list[object]) -> bool:
    """True when a column with something written in it holds at least one number (not only 无, —)."""
    written = [v for v in samples if v is not None and str(v).strip()]
    return not written or any((p := parse_number(v)).error is None and p.value is not None for v in written)


def map_columns(dataset: str, labels: list[list[str]], samples: list[list[object]] | None = None,
                forced: dict[int, str] | None = None, units: list[str] | None = None, by_values: bool = True
                ) -> tuple[dict[int, str], list[int], dict[int, ColumnMatch]]:
    """Pair columns with fields of ``dataset``, strongest matches first, one field per column.

    ``forced`` (from overrides.csv) binds columns to fields (or to "ignore") before anything else.
    Returns the column map, the unmapped columns and each column's match.
    """
    wanted = fields_for(dataset)
    parts = _parts(dataset)
    forced = forced or {}
    matches = {i: ColumnMatch(i) for i, cands in enumerate(labels) if cands}
    options: list[tuple[float, int, int, str, Candidate]] = []
    per_column: dict[int, list[Candidate]] = {}
    for i, cands in enumerate(labels):
        if not cands or i in forced:
            continue
        key = cands[0]
        found = []
        for cand in column_candidates(cands):
            ds, column = cand.target
            if ds not in (dataset, "*") or column not in wanted:
                continue
            if cand.target[1] in MULTI and cand.tier != "exact":
                continue  # 序号/编号 only by their own words
            note = _allowed(cand, wanted[column], key, samples[i] if samples and i < len(samples) else None, parts)
            if note:
                if not matches[i].note:
                    matches[i].note = f"{note}：未按“{wanted[column].label}”读取"
                continue
            found.append(cand)
        per_column[i] = found
        for cand in found:
            options.append((-cand.strength, TIER_ORDER.index(cand.tier), i, cand.target[1], cand))
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for i, target in forced.items():
        if i not in matches:
            matches[i] = ColumnMatch(i)
        matches[i].tier, matches[i].score = "override", 1.0
        if target == "ignore":
            matches[i].note = "按 overrides.csv 不读取"
            continue
        mapping[i] = target
        matches[i].field = target
        taken.add(target)
    for _, _, i, column, cand in sorted(options, key=lambda o: o[:4]):
        if i in mapping or (column in taken and column not in MULTI) or matches[i].tier == "override":
            continue
        others = [c for c in per_column[i] if c.target[1] != column]
        rival = max((c.strength for c in others if c.target[1] not in taken or c.target[1] in MULTI), default=0.0)
        if cand.tier not in STRONG and cand.strength - rival < margin_for(wanted[column].required):
            matches[i].note = matches[i].note or f"与“{_label(wanted, others[0])}”难以区分，未读取"
            continue
        mapping[i] = column
        taken.add(column)
        matches[i].field, matches[i].tier, matches[i].score = column, cand.tier, cand.score
        if others:
            runner = others[0]
            matches[i].runner_up = f"{runner.target[1]}:{runner.strength:.2f}"
    if samples is not None and by_values:
        named = {i: {c.target[1] for c in column_candidates(cands) if c.tier in ("exact", "normalised")
                     and c.target[0] == dataset} for i, cands in enumerate(labels) if cands and i not in mapping}
        bind_by_values(dataset, labels, samples, mapping, taken, matches, units, named)
    for i, m in matches.items():
        if m.field is None and not m.runner_up and per_column.get(i):
            best = per_column[i][0]
            m.runner_up = f"{best.target[1]}:{best.strength:.2f}"
    unmapped = [i for i in matches if i not in mapping and matches[i].tier != "override"]
    return mapping, unmapped, matches


def _label(wanted: dict[str, Field], cand: Candidate) -> str:
    f = wanted.get(cand.target[1])
    return f.label if f else cand.target[1]


def _own(dataset: str, mapping: dict[int, str]) -> set[str]:
    own = {c for c in mapping.values() if not c.startswith("_") and c not in ("remarks", "department")}
    if "_name" in mapping.values() or "_id_number" in mapping.values():
        own |= {c for c, f in fields_for(dataset).items() if f.type == "person_key"}
    return own


#: How many datasets, ranked by their headers alone, are checked against a sheet's values.
SHORTLIST = 3


def recognise(labels: list[list[str]], context: str, samples: list[list[object]] | None = None,
              dataset: str | None = None, forced: dict[int, str] | None = None,
              units: list[str] | None = None) -> Recognition:
    """Decide the dataset from header labels; ``context`` (titles, sheet and file names) breaks ties.

    ``samples`` are some values of each column (weak matches must fit the field's type);
    ``dataset`` and ``forced`` come from overrides.csv.
    """
    candidates = []
    specs = load_datasets()
    names = [name for name in specs if dataset is None or name == dataset]
    if samples is not None and len(names) > SHORTLIST:
        # the headers alone shortlist the datasets; only those are checked against the values
        # (checking the values mostly takes binds away: a dataset far down does not win by it)
        header = tuple(tuple(c) for c in labels)
        quick = [(*_header_rank(n, header, tuple(sorted((forced or {}).items())), tuple(units or ())),
                  n) for n in names]
        hinted = {n for n in names if title_hits(specs[n], context)}
        quick.sort(key=lambda c: (-(c[0] + (0.5 if c[2] in hinted else 0.0)), -c[1]))
        names = [c[2] for c in quick[:SHORTLIST]]
        names += [c[2] for c in quick[SHORTLIST:] if c[2] in hinted]  # a dataset the title names is always heard
    for name in names:
        candidates.append(_candidate(name, specs[name], labels, samples, forced, units, context, by_values=False))
    if not candidates:
        return Recognition(None, reason=f"overrides.csv 指定的数据集“{dataset}”不存在")
    # a tie goes to the dataset the titles and file name name more often (一院式 … 诉求登记 … 群众诉求)
    hints = {name: title_hits(spec, context) for name, spec in specs.items()}
    order = sorted(candidates, key=lambda c: (-c[0], -c[1], -hints[c[4]], c[4]))
    # the dataset is chosen by what the headers say; the values then fill what they left unbound
    if samples is not None:
        for k, c in enumerate(order):  # the first two, and a dataset the title names (选派法治副校长花名册)
            if k < 2 or c[3]:
                order[k] = _candidate(c[4], c[8], labels, samples, forced, units, context, by_values=True)
        order = sorted((credit_dates(c, labels, samples) for c in order), key=lambda c: (-c[0], -c[1], -hints[c[4]], c[4]))
    # a title naming the dataset vouches for one column fewer (案卷编号 | 得分 under 案卷评查结果)
    complete = [c for c in order if (c[2] or settles_dates(c, labels, samples))
                and (c[1] >= c[8].min_fields - (1 if c[3] else 0) >= 1 or c[1] >= c[8].min_fields or dataset is not None)]
    strongest = order[0]
    if complete and not strongest[2] and strongest[1] >= 3 and complete[0][0] < 0.6 * strongest[0]:
        complete = []  # the headers say another dataset far more clearly: report its missing column, never misread
    if complete:
        best = complete[0]
        rank, _, _, _, name, mapping, unmapped, missing, spec, matches = best
        runner = next((f"{c[4]}:{c[0]:.2f}" for c in order if c[4] != name), "")
        if missing:  # only dates under headers of 日期 / 时间 are missing: settled by their order and values
            return Recognition(name, mapping, missing, unmapped, rank,
                               f"表头与“{spec.title}”部分吻合，但缺少必填列：{'、'.join(missing)}", False, matches, runner)
        return Recognition(name, mapping, [], unmapped, rank, "", True, matches, runner)
    rank, own_count, _, _, name, mapping, unmapped, missing, spec, matches = order[0]
    if own_count >= 2 or dataset is not None:
        if missing:
            reason = f"表头与“{spec.title}”部分吻合，但缺少必填列：{'、'.join(missing)}"
        else:
            reason = (f"表头与“{spec.title}”部分吻合，但只认出{own_count}列"
                      f"（至少需要{spec.min_fields}列才能确认是这张表），请使用统一模板的列名")
        return Recognition(name, mapping, missing, unmapped, rank, reason, False, matches)
    return Recognition(None, {}, [], [], rank, "表头不属于任何已知数据集（可能是说明页或参考表）", False, matches)


def settles_dates(cand: tuple, labels: list[list[str]], samples: list[list[object]] | None) -> bool:
    """True when a reading misses only date fields and as many unread columns are headed only 日期 or
    时间 (with dates in them): 日期 | 纠纷类别 | … | 时间 is a ledger of 受理 and 化解 dates."""
    missing, spec, unmapped = cand[7], fields_for(cand[4]), cand[6]
    dates = {f.label for f in spec.values() if f.type == "date"}
    if not missing or any(m not in dates for m in missing):
        return False
    generic = [i for i in unmapped if i < len(labels)
               and any(is_date_header(label) for label in labels[i])
               and (samples is None or plausible("date", samples[i], share=0.8))]
    return len(generic) >= len(missing)


def credit_dates(cand: tuple, labels: list[list[str]], samples: list[list[object]]) -> tuple:
    """A reading whose missing dates the date columns will settle counts them as bound by their values."""
    if cand[2] or not settles_dates(cand, labels, samples):
        return cand
    n = len(cand[7])
    return (cand[0] + 0.25 * n, cand[1] + n, *cand[2:])


def title_hits(spec, context: str) -> int:
    """How many of a dataset's title keywords the titles, sheet and file names say, interchangeable
    words unified (入企检查报备 names 备案)."""
    if not context:
        return 0
    unified = _unified(context)
    return sum(k in context or _unified(k) in unified for k in spec.title_keywords)


@lru_cache(maxsize=4096)
def _unified(text: str) -> str:
    return unify_words(text)


@lru_cache(maxsize=4096)
def _header_rank(name: str, header: tuple, forced: tuple, units: tuple) -> tuple[float, int]:
    """A dataset's rank and own fields from the headers alone (no hint): the same headers recur
    in file after file, so this is computed once per header."""
    rank, own, *_ = _candidate(name, load_datasets()[name], [list(c) for c in header], None, dict(forced),
                               list(units) or None, "", by_values=False)
    return rank, own


def _candidate(name, spec, labels, samples, forced, units, context, by_values: bool) -> tuple:
    """One dataset's reading of a header: (rank, own fields, complete?, hint, name, mapping, unmapped,
    missing, spec, matches); values count less than headers in the rank."""
    mapping, unmapped, matches = map_columns(name, labels, samples, forced, units, by_values=by_values)
    own = _own(name, mapping)
    strength = sum(1.0 if matches[i].tier in STRONG else matches[i].score * (0.5 if matches[i].tier in ("values", "unit") else 1)
                   for i, c in mapping.items()
                   if c in own or fields_for(name)[c].type == "person_key" or c in ("_name", "_id_number"))
    missing = missing_required(name, set(mapping.values()))
    hint = title_hits(spec, context) > 0
    rank = strength + (0.5 if hint else 0.0)
    return rank, len(own), not missing, hint, name, mapping, unmapped, missing, spec, matches
