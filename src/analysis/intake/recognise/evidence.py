"""What a column's values say about it, when its header says too little.

A header matched by no synonym may still be recognised from its cells: a column of numbers in
人 when the dataset has one count of people left; values that are the canonical values of one
vocabulary (来访/电话/网络 → the channel); dates under a header that says 日期 or 时间 when one date
field is left; names of people (an official, a mediator) — personal data, never read. Such binds
are weak (tiers ``unit`` and ``values``) and listed in column_map.csv for review.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...resources import (
    Field,
    fields_for,
    load_field_units,
    load_layout_words,
    load_matching_rules,
    load_units,
    rules_for,
)
from ..words.departments import find_department, normalize_department
from ..words.values import _blank, once_per_samples, parse_date, parse_number
from ..words.vocabulary import match_value

#: Header endings that say the unit: 教育人数 → 人, 发放份数 → 份, 备案次数 → 次.
_UNIT_ENDINGS = re.compile(r"(人次|人数|份数|次数|场次|件数|户数|个数|项数|册数|条数|篇数|金额|人|份|次|场|件|户|个|项|册|条|篇|分)$")
_ENDING_UNIT = {"人数": "人", "人次": "人次", "份数": "份", "次数": "次", "场次": "次", "件数": "件", "户数": "户",
                "个数": "个", "项数": "项", "册数": "册", "条数": "条", "篇数": "条", "金额": "元"}
#: Words that make a header an identifier (编号, 文号, 案号 …): its column of codes is the record's number.
_CODE_WORDS = ("编号", "文号", "案号", "单号", "工单号", "序列号", "号码", "编码")
_CODED = re.compile(r"\d")
_DATE_WORDS = ("日期", "时间", "日", "时", "年月")
#: A cell that names a month and no day: 2025.1, 2025年3月, 3月.
MONTH_TEXT = re.compile(r"^(20\d{2}\s*[.\-/年]\s*\d{1,2}\s*(月份?)?|\d{1,2}\s*月份?)$")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
_NOT_A_NAME = re.compile(r"(局|所|院|道|区|会|中心|科|处|队|室|站|组|办|委|部|厅|校|社|村|街|镇|乡|路|园|馆)$")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load_layout_words().get("surnames", []))


@once_per_samples()
def _filled(samples: list[object]) -> list[object]:
    return [v for v in samples if not _blank(v)][:30]


@once_per_samples()
def counting_numbers(samples: list[object]) -> bool:
    """True for a column of row numbers (1, 2, 3 …): what 序号 holds."""
    values = _filled(samples)
    if not values:
        return True
    numbers = []
    for v in values:
        p = parse_number(v)
        if p.error or p.value is None or float(p.value) != int(p.value) or p.unit:
            return False
        numbers.append(int(p.value))
    return all(0 <= n <= 100_000 for n in numbers) and sum(b > a for a, b in zip(numbers, numbers[1:], strict=False)) \
        >= 0.7 * max(len(numbers) - 1, 0)


@once_per_samples()
def plausible_departments(samples: list[object]) -> bool:
    """True when most values are names of departments (a 单位 column, not 法制科 or a person)."""
    values = [str(v).strip() for v in _filled(samples)]
    if not values:
        return True
    known = sum(bool(normalize_department(v) or find_department(v)) for v in values)
    return known >= 0.5 * len(values)


@once_per_samples()
def looks_like_names(samples: list[object]) -> bool:
    """True for a column of people's names: short Chinese words, most starting with a surname."""
    values = [str(v).strip() for v in _filled(samples)]
    if len(values) < 2:
        return False
    surnames, units = _surnames(), load_units()
    names = [v for v in values if (_NAME.match(v) or (len(v) == 4 and v[:2] in surnames))
             and (v[0] in surnames or v[:2] in surnames) and not _NOT_A_NAME.search(v)
             and v not in units]  # 万元, 千元: a unit of measure, however like a name it looks
    return len(names) >= 0.7 * len(values)


def header_unit(key: str, declared: str) -> str:
    """The unit a header gives: its bracketed unit, else its ending (教育人数 → 人)."""
    if declared:
        return declared
    m = _UNIT_ENDINGS.search(key)
    if not m:
        return ""
    return _ENDING_UNIT.get(m.group(1), m.group(1))


def _base(unit: str) -> str:
    found = load_units().get(unit)
    return found[0] if found else unit


def bind_by_values(dataset: str, labels: list[list[str]], samples: list[list[object]], mapping: dict[int, str],
                   taken: set[str], matches: dict, units: list[str] | None = None,
                   named: dict[int, set[str]] | None = None) -> None:
    """Bind columns no header matched, from what their values are (see the module's docstring)."""
    wanted = fields_for(dataset)
    free = {c: f for c, f in wanted.items() if c not in taken and not c.startswith("_") and f.type != "person_key"}
    claimed: dict[str, int] = {}
    contested: set[str] = set()
    todo = [i for i, cands in enumerate(labels) if cands and i not in mapping and i < len(samples)
            and matches.get(i) is not None and matches[i].tier != "override" and _filled(samples[i])]
    if not todo:
        return
    texts = [i for i in todo if _free_texts(samples[i], distinct=0.5)]
    sole_text = texts[0] if len(texts) == 1 else None  # the one column of distinct free texts left
    # columns holding a vocabulary's values are bound first: the surest evidence wins its field
    first = [i for i in todo if _by_vocabulary(samples[i], free)]
    for i in first + [i for i in todo if i not in first]:
        cands = labels[i]
        if i in mapping:
            continue
        values = samples[i]
        if not _filled(values):
            continue
        key = cands[0]
        field = None
        tier = "values"
        people = [c for c, f in free.items() if f.type == "text" and f.label.endswith(("人", "员"))]
        if looks_like_names(values) and len(people) == 1 and (key.endswith(("人", "员"))
                                                               or _shares_stem(key, free[people[0]].label)):
            field = people[0]  # names of officials the contract reads (评查人 for 阅卷人 or 评查专家)
        elif "_contact" in wanted and looks_like_names(values):
            field = "_contact"  # an official's or a mediator's name: personal, never read
        else:
            bodies = _names_organisations(values)
            field = _by_vocabulary(values, free)
            if field is not None and bodies and not _fits_shape(values, free[field].vocabulary):
                field = None  # departments are no streets, though the street list knows their names
            field = field or _by_department(dataset, values, free)
            # organisations (授课单位, 承办律所) bind only a text field whose label names a body (服务机构)
            rest = {c: f for c, f in free.items() if f.type == "text" and _BODY_LABEL.search(f.label)} if bodies else free
            field = field or (_by_date(key, values, rest) or _by_code(key, values, rest)
                              or _by_twin(dataset, (named or {}).get(i, set()), values, rest) or _by_bool(key, values, rest)
                              or _by_head_word(key, values, rest) or _by_text(key, values, rest, i == sole_text, dataset))
            if field is None:
                field = _by_unit(key, (units or [""] * len(labels))[i] if units else "", values, dataset, free)
                tier = "unit"
                if field is not None and field in claimed:
                    contested.add(field)  # two columns in the same unit: neither is sure
                claimed.setdefault(field, i)
        if field is None:
            continue
        mapping[i] = field
        if field != "_contact" and tier != "unit":
            taken.add(field)
            free.pop(field, None)
        m = matches[i]
        m.field, m.tier, m.score = field, tier, 0.5
        m.note = m.note or "按列中数据推断，请复核"
    for field in contested:  # a unit names its field only when one column has it
        for i in [i for i, f in mapping.items() if f == field and matches[i].tier == "unit"]:
            del mapping[i]
            matches[i].field, matches[i].tier, matches[i].score = None, "none", 0.0
            matches[i].note = "与另一列单位相同，无法判断是哪一项，未读取"
    for field in {f for i, f in mapping.items() if matches[i].tier == "unit"}:
        taken.add(field)


def _shares_stem(key: str, label: str) -> bool:
    """True when a header holds the stem of a person field's label (评查 of 评查人 in 评查专家)."""
    stem = label.rstrip("人员")
    return len(stem) >= 2 and stem in key


def _by_vocabulary(values: list[object], free: dict[str, Field]) -> str | None:
    """The one free vocabulary field whose canonical values the column holds (≥ 70 %)."""
    hits = [column for column, f in free.items()
            if f.vocabulary and f.type in ("text", "grade", "list") and _holds_vocabulary(values, f.vocabulary)]
    return hits[0] if len(hits) == 1 else None


@once_per_samples()
def _holds_vocabulary(values: list[object], vocabulary: str) -> bool:
    """True when most of a column's values are values of ``vocabulary`` (or have its shape)."""
    texts = [str(v).strip() for v in _filled(values)]
    shape = _value_shapes().get(vocabulary)
    n = len(texts)
    if n >= 6 and sum(_strong_value(vocabulary, shape, t) for t in texts[:6]) < 2:
        return False  # a column of the vocabulary's values shows some among its first cells
    strong = known = 0
    for k, t in enumerate(texts):
        tier = "exact" if shape is not None and shape.search(t) else match_value(vocabulary, t)[1]
        strong += tier in ("exact", "normalised")
        known += tier != "none"  # a contained spelling counts once most are sure
        if strong + (n - k - 1) < 0.5 * n:
            return False  # half can no longer be sure
    return bool(texts) and (strong >= 0.7 * n or (known >= 0.8 * n and strong >= 0.5 * n))


def _fits_shape(values: list[object], vocabulary: str) -> bool:
    """True unless the vocabulary has a shape (街道, 镇 at the end) that most values' canonical
    values lack (中华路 is 中华路街道; 区司法局 stays 区司法局)."""
    shape = _value_shapes().get(vocabulary)
    if shape is None:
        return True
    texts = [str(v).strip() for v in _filled(values)]
    return sum(bool(shape.search(match_value(vocabulary, t)[0] or t)) for t in texts) >= 0.5 * len(texts)


def _strong_value(vocabulary: str, shape: re.Pattern | None, text: str) -> bool:
    return bool(shape is not None and shape.search(text)) or match_value(vocabulary, text)[1] in ("exact", "normalised")


@lru_cache(maxsize=1)
def _value_shapes() -> dict[str, re.Pattern]:
    from ...resources import load_matching_rules

    return {k: re.compile(v) for k, v in (load_matching_rules().get("value_shapes") or {}).items()}


_BODY_LABEL = re.compile(r"(单位|机构|部门|机关|中心|组织|主体)$")
_BODY = re.compile(r"(局|办|委|院|所|中心|庭|队|街道|街道办事处|政府|委员会|公司)$")


def _by_department(dataset: str, values: list[object], free: dict[str, Field]) -> str | None:
    """The one free field naming a body, for a column whose cells are mostly departments or
    bodies (执法主体, 作出行政行为机关): a department field, else a text field one of whose header
    synonyms ends in a body word (被申请单位 → 单位)."""
    if not _names_bodies(values):
        return None
    departments = [c for c, f in free.items() if f.type == "department"]
    if len(departments) == 1:
        return departments[0]
    if departments:
        return None
    named = _body_fields(dataset)
    hits = [c for c, f in free.items() if f.type == "text" and not f.vocabulary and c in named]
    return hits[0] if len(hits) == 1 else None


@once_per_samples()
def _names_organisations(values: list[object]) -> bool:
    """True when nearly every cell is a known department or ends in a body word (局, 所, 中心 …)."""
    texts = [str(v).strip() for v in _filled(values)]
    return bool(texts) and sum(bool(_BODY.search(t) or normalize_department(t) or find_department(t))
                               for t in texts) >= 0.8 * len(texts)


@once_per_samples()
def _names_bodies(values: list[object]) -> bool:
    """True when most cells are departments and nearly all are bodies (局, 办, 所, 街道 …)."""
    texts = [str(v).strip() for v in _filled(values)]
    if not texts or sum(bool(_BODY.search(t)) for t in texts) < 0.8 * len(texts):
        return False
    return sum(bool(normalize_department(t) or find_department(t)) for t in texts) >= 0.5 * len(texts)


@lru_cache(maxsize=64)
def _body_fields(dataset: str) -> frozenset[str]:
    """Fields of a dataset one of whose header synonyms has the head word 单位 (机关, 部门, 机构)."""
    from ...resources import load_headers

    return frozenset(column for key, targets in load_headers().items() if _head_word(key) == "单位"
                     for d, column in targets if d == dataset)


def _by_twin(dataset: str, named: set[str], values: list[object], free: dict[str, Field]) -> str | None:
    """A column of numbers under the header of a grade (评查结果 holding 92.5): the grade's score.

    ``named``: the fields the header names by a known synonym."""
    from ...resources import rules_for
    from ..words.values import plausible

    for rule in rules_for(dataset, "grade_band"):
        if rule["grade"] in named and rule["score"] in free and plausible("float", values, share=0.8):
            return rule["score"]
    return None


def _by_bool(key: str, values: list[object], free: dict[str, Field]) -> str | None:
    """The one free yes/no field the column answers.

    Cells that repeat a field's subject say which (结案 / 未结案 for 是否结案, 已办结 for 是否完成:
    办结 and 完成 are one word group). Bare 是/否 say nothing of which question they answer: such
    a column binds only by its header (是否涉访 is not 是否化解, 是否异地协作 not 是否结案).
    """
    from ..words.values import parse_bool, parse_bool_in

    filled = _filled(values)
    bools = {c: f for c, f in free.items() if f.type == "bool"}
    if not filled or not bools:
        return None
    if all(parse_bool(v).error is None for v in filled):
        cores = {_bool_core(v) for v in filled} - {""}
        hits = [c for c, f in bools.items() if cores and any(_shares_subject(core, f.label) for core in cores)]
        if len(hits) > 1:  # 已办结 answers 是否办结, not 是否应办结: the label that is the word itself
            hits = [c for c in hits if bools[c].label.replace("是否", "").replace("情况", "") in cores]
        if len(hits) == 1:
            return hits[0]
        return None
    hits = [c for c, f in bools.items()
            if sum(parse_bool_in(v, f.label).error is None for v in filled) >= 0.9 * len(filled)]
    if not hits:
        hits = [c for c, f in bools.items() if _progress_of(filled, f.label)]
    return hits[0] if len(hits) == 1 else None


def _progress_of(filled: list[object], label: str) -> bool:
    """A progress column (评估进度: 已完成 · 进行中 · 评估中): some cells say the field's subject is
    done (完成 in 是否完成), every other cell is a yes/no word or a status still under way."""
    from ..words.values import normalize_text, parse_bool_in, pending_core

    done = [v for v in filled if (core := _bool_core(v)) and _shares_subject(core, label)
            and parse_bool_in(v, label).error is None]
    rest = [v for v in filled if parse_bool_in(v, label).error is not None]
    return bool(done) and all(len(pending_core(re.sub(r"\s+", "", normalize_text(v)))) >= 2 for v in rest)


def _bool_core(value: object) -> str:
    """The subject a yes/no word carries (已办结 → 办结, 未结案 → 结案; 是 / √ / Y → "")."""
    text = re.sub(r"\s+", "", str(value))
    text = text[1:] if text[:1] in ("已", "未", "不", "没", "非", "无") else text
    return text if len(text) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", text) else ""


def _shares_subject(core: str, label: str) -> bool:
    """True when a yes/no word and a field's label share a word, interchangeable words unified."""
    from ..words.matching import normal_key

    a = normal_key(core)
    b = normal_key(label.replace("是否", "").replace("情况", ""))
    return bool({a[j:j + 2] for j in range(len(a) - 1)} & {b[j:j + 2] for j in range(len(b) - 1)})


def _by_code(key: str, values: list[object], free: dict[str, Field]) -> str | None:
    """The one free identifier field (…_no), for a column of distinct codes under 编号/文号/案号."""
    if not any(w in key for w in _CODE_WORDS):
        return None
    texts = [str(v).strip() for v in _filled(values)]
    if sum(bool(_CODED.search(t)) and len(t) >= 4 for t in texts) < 0.8 * len(texts) or len(set(texts)) < 0.8 * len(texts):
        return None
    ids = [c for c, f in free.items() if c.endswith("_no") and f.type == "text"]
    return ids[0] if len(ids) == 1 else None


def _head_word(text: str) -> str:
    """The head of a Chinese compound (its last interchangeable word): 承接机构 → 单位, 依托主题 → 主题."""
    from ..words.matching import normal_key

    norm = normal_key(text)
    for size in (4, 3, 2):
        if len(norm) > size:
            tail = norm[-size:]
            if tail in _group_words():
                return tail
    return ""


@lru_cache(maxsize=1)
def _group_words() -> frozenset[str]:
    from ...resources import load_header_words

    return frozenset(load_header_words())


def _by_head_word(key: str, values: list[object], free: dict[str, Field]) -> str | None:
    """The one free text field whose label ends in the header's head word (服务机构 for 承接机构,
    主题 for 重要节点主题)."""
    from ..words.matching import normal_key

    head = _head_word(key)
    norm = normal_key(key)
    if head:
        hits = [c for c, f in free.items() if f.type in ("text", "department") and _head_word(f.label) == head]
    else:
        tail = norm[-2:] if len(norm) > 2 else ""
        hits = [c for c, f in free.items() if tail and f.type in ("text", "department")
                and normal_key(f.label).endswith(tail)]
    if len(hits) != 1:
        return None
    from ..words.values import plausible
    from ..words.vocabulary import plausible_values

    f = free[hits[0]]
    if f.vocabulary and not plausible_values(f.vocabulary, values, share=0.3):
        return None  # 矫正类别 (管制, 假释) is no 服务类型
    return hits[0] if plausible(f.type, values, hits[0]) else None


@once_per_samples()
def _free_texts(values: list[object], distinct: float = 0.8) -> bool:
    """A column of distinct free texts (titles, topics), not codes, dates, numbers or categories."""
    texts = [str(v).strip() for v in _filled(values) if isinstance(v, str)]
    return (len(texts) >= 2 and len(set(texts)) >= distinct * len(texts) and sum(len(t) >= 4 for t in texts) >= 0.8 * len(texts)
            and sum(bool(_CODED.search(t)) for t in texts) < 0.5 * len(texts))


def _by_text(key: str, values: list[object], free: dict[str, Field], sole: bool = False, dataset: str = "") -> str | None:
    """The free text field that names the record (a required one, else one of the dataset's
    deduplication keys: 教育主题 of a session), for a column of distinct free texts whose header
    shares a word with the field's label (开展活动 for 活动名称), or for the sheet's only such column."""
    if not _free_texts(values, distinct=0.5 if sole else 0.8):
        return None
    from ...resources import load_datasets, load_vocabulary_policy

    def names(f: Field) -> bool:
        return f.type == "text" and (not f.vocabulary or load_vocabulary_policy().get(f.vocabulary) != "other")

    required = [c for c, f in free.items() if names(f) and f.required]
    if not required:
        spec = load_datasets().get(dataset)
        keys = set(spec.dedup_keys) if spec else set()
        required = [c for c, f in free.items() if names(f) and not f.vocabulary and c in keys]
    grams = {key[j:j + 2] for j in range(len(key) - 1)}
    hits = [c for c in required if grams & {free[c].label[j:j + 2] for j in range(len(free[c].label) - 1)}]
    if len(hits) == 1:
        return hits[0]
    return required[0] if sole and len(required) == 1 else None


def _by_date(key: str, values: list[object], free: dict[str, Field]) -> str | None:
    """The one free date or month field, for a column of dates under a header that says 日期 or
    时间 (a month: also 期间 / 月度, or cells that are plainly months: 2025.1, 2025年3月, 3月)."""
    filled = _filled(values)
    dates = [c for c, f in free.items() if f.type in ("date", "month")]
    if len(dates) != 1 or not filled:
        return None
    month = free[dates[0]].type == "month"
    if month:
        plain = sum(bool(MONTH_TEXT.match(str(v).strip())) for v in filled) >= 0.8 * len(filled)
        said = any(w in key for w in (*_DATE_WORDS, "期间", "月"))
        if not (plain or said):
            return None
        ok = sum(parse_date(v, 2025, month_only=True).error is None for v in filled)
    else:
        if not any(w in key for w in _DATE_WORDS):
            return None
        ok = sum(parse_date(v, 2025).error is None for v in filled)
    return dates[0] if ok >= 0.8 * len(filled) else None


def _by_unit(key: str, declared: str, values: list[object], dataset: str, free: dict[str, Field]) -> str | None:
    """The one free numeric field measured in the header's unit, for a column of numbers."""
    unit = header_unit(key, declared)
    if not unit or key.startswith(tuple(load_matching_rules().get("planned_prefixes", ()))):
        return None  # 应到人数 beside 实到 / 教育人数: what was planned is no count of what was done
    filled = _filled(values)
    if sum(parse_number(v).error is None for v in filled) < 0.8 * len(filled):
        return None
    units = load_field_units()
    hits = [c for c, f in free.items() if f.type in ("int", "float") and (dataset, c) in units
            and _base(units[(dataset, c)].unit) == _base(unit)]
    if len(hits) > 1:  # 参加人数 and 达标人数 both in 人: a lone column is the whole, not its part
        parts = {r["left"] for r in rules_for(dataset, "not_greater") if r["right"] in hits}
        hits = [c for c in hits if c not in parts]
    if len(hits) == 1:
        return hits[0]
    return None


