"""The truth behind the sample's disputes, services and governance submissions, as records.

Records follow records.py: canonical field values, `file` (the plan tag), `raw` (cell texts
written instead of the value), `date_style` and `counts` (False for rows the cleaner must not
keep: an earlier version, a duplicate, a hidden sheet). A row of another year that the cleaner
keeps has `counts` True: the metrics leave it out by its date.

Indicator forms are records too, one per printed row: display fields for the layout (`label`,
`unit_text`, `this`, `previous` …) and `truth`, the canonical indicator_values rows the printed
row stands for (`indicator`, `value` in the canonical unit, `unit`, `period_year`, `department`,
`known`: False for an indicator that indicators.csv does not map, which the cleaner must report
and keep under its own wording).
"""

from __future__ import annotations

from datetime import date, timedelta

from .people import PeopleFactory, spaced
from .records import REVIEWERS, STREETS, days_between, rng_for

YEAR = 2025
FIRST, LAST = date(2025, 1, 2), date(2025, 11, 28)
REPORTED = date(2025, 12, 1)  # the ledgers are sent in early December: nothing is closed later
CENTRE = "区社会治理综合服务中心"
SHORT = {s: s.removesuffix("街道") for s in STREETS}


class _People(PeopleFactory):
    """Invented people whose names are no part of a name the sample prints on purpose (评查律师)."""

    def name(self) -> str:
        while True:
            name = super().name()
            if not any(name in kept or kept in name for kept in REVIEWERS):
                return name


def _person_factory(seed: int, offset: int) -> PeopleFactory:
    return _People(seed * 11 + offset)


def _pick(rng, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


# ---------------------------------------------------------------- disputes

DISPUTE_TYPES = (("婚姻家庭", 18), ("邻里纠纷", 20), ("劳动争议", 8), ("物业纠纷", 16), ("合同纠纷", 12),
                 ("损害赔偿", 12), ("土地权属", 2), ("征地拆迁", 3), ("其他", 9))  # fmt: skip
TYPE_TEXTS = {
    "婚姻家庭": ("婚姻家庭纠纷", "婚姻家庭", "家庭纠纷", "赡养纠纷"),
    "邻里纠纷": ("邻里纠纷", "相邻关系纠纷", "邻里纠纷"),
    "劳动争议": ("劳动争议", "劳资纠纷", "劳动报酬纠纷"),
    "物业纠纷": ("物业纠纷", "物业服务纠纷"),
    "合同纠纷": ("合同纠纷", "民间借贷纠纷", "买卖合同纠纷"),
    "损害赔偿": ("损害赔偿纠纷", "人身损害赔偿", "交通事故纠纷"),
    "土地权属": ("土地权属纠纷",),
    "征地拆迁": ("征地拆迁", "房屋征收纠纷"),
    "其他": ("其他", "其他纠纷"),
}
# District bodies (tag, body as written, dispute types, rows); the centre's own rows are D01's subset.
CENTRE_BODIES = (
    (CENTRE, ("区社会治理综合服务中心", "社会治理综合服务中心", "区社会治理中心"), None, 180),
    ("区物业纠纷人民调解委员会", ("区物业纠纷人民调解委员会", "物业调委会"), (("物业纠纷", 1),), 260),
    ("区交通事故纠纷人民调解委员会", ("区交通事故纠纷人民调解委员会", "交调委"), (("损害赔偿", 1),), 240),
    ("区劳动人事争议调解委员会", ("区劳动人事争议调解委员会", "劳动争议调委会"), (("劳动争议", 1),), 150),
)
STREET_ROWS = {  # street ledger tag: (street, rows in 2025, unresolved)
    "street_zhonghua": ("中华路街道", 480, 0), "street_renmin": ("人民街道", 452, 0),
    "street_zhanqian": ("站前街道", 430, 0), "street_xinhua": ("新华街道", 446, 0),
    "street_hepan": ("河畔街道", 418, 0), "street_xicheng": ("西城街道", 440, 1),
    "street_beishan": ("北山街道", 414, 0),
}  # fmt: skip
ABSENT = {"street_zhonghua": ("case_no",), "street_zhanqian": ("handled_by",), "medical_disputes": ("street",),
          "court_disputes": ("parties",)}  # fmt: skip
COMMUNITIES = ("新华社区", "光明社区", "和平社区", "幸福社区", "春晖社区", "景福社区")


def _dispute(rng, people, tag, number, day, kind, street, handled_by, written_by, resolved) -> dict:
    party = people.person(1950, 2004)
    return {
        "file": tag, "case_no": number, "received_date": day, "dispute_type": kind,
        "street": street, "handled_by": handled_by, "resolved": resolved,
        "resolved_date": min(day + timedelta(days=rng.randint(1, 25)), REPORTED) if resolved else None,
        "parties": rng.choice((2, 2, 2, 3, 3, 4, 5)), "name": party.name, "phone": party.phone,
        "summary": f"{kind}，经调解{'达成协议' if resolved else '未达成协议'}（示例数据）",
        "remarks": None, "counts": True,
        "raw": {"dispute_type": rng.choice(TYPE_TEXTS[kind]), "handled_by": written_by},
    }  # fmt: skip


def _days(rng, n: int, first: date = FIRST, last: date = LAST) -> list[date]:
    return sorted(days_between(rng, first, last) for _ in range(n))


def disputes(seed: int) -> list[dict]:
    """4,125 disputes of 2025, 4,122 resolved; the service centre handles 180 of them (178 resolved)."""
    rng = rng_for(seed, "disputes")
    people = _person_factory(seed, 1)
    records: list[dict] = []
    centre_rows = []
    for body, spellings, kinds, rows in CENTRE_BODIES:
        for i, day in enumerate(_days(rng, rows)):
            kind = _pick(rng, kinds or DISPUTE_TYPES)
            resolved = not (body == CENTRE and i in (61, 150))
            centre_rows.append(_dispute(rng, people, "centre_disputes", "", day, kind, rng.choice(STREETS), body,
                                        rng.choice(spellings), resolved))
    centre_rows.sort(key=lambda r: r["received_date"])
    for n, r in enumerate(centre_rows, start=1):
        r["case_no"] = f"西矛调〔2025〕{n:04d}号"
    records += centre_rows
    for i, day in enumerate(_days(rng, 95)):  # 区医疗纠纷人民调解委员会
        r = _dispute(rng, people, "medical_disputes", f"西医调〔2025〕{i + 1:03d}号", day, "损害赔偿",
                     rng.choice(STREETS), "区医疗纠纷人民调解委员会", "区医调委", True)
        r["raw"]["dispute_type"] = "医疗纠纷"
        records.append(r)
    for i, day in enumerate(_days(rng, 120)):  # 区人民法院诉调对接中心
        kind = _pick(rng, (("合同纠纷", 5), ("婚姻家庭", 3), ("损害赔偿", 2)))
        records.append(_dispute(rng, people, "court_disputes", f"（2025）辽0102诉前调{i + 1:04d}号", day, kind,
                                rng.choice(STREETS), "区人民法院诉调对接中心", "诉调对接中心", True))
    for tag, (street, rows, unresolved) in STREET_ROWS.items():
        short = SHORT[street]
        bodies = (f"{street}人民调解委员会", f"{short}司法所")
        for i, day in enumerate(_days(rng, rows)):
            kind = _pick(rng, DISPUTE_TYPES)
            if tag == "street_beishan":
                body, written = f"{short}司法所", f"{short}司法所"
            elif rng.random() < 0.2:  # a community committee: not in the vocabulary, kept as written
                body = written = f"{street}{rng.choice(COMMUNITIES)}人民调解委员会"
            else:
                body = rng.choice(bodies)
                written = body if body.endswith("司法所") else rng.choice((body, f"{street}调委会"))
            r = _dispute(rng, people, tag, f"{short}调〔2025〕{i + 1:04d}号", day, kind, street, body, written,
                         not (i == 200 and unresolved))
            records.append(r)
    zhonghua = [r for r in records if r["file"] == "street_zhonghua"]
    for r in zhonghua[100:103]:  # a type nobody planned for: counted as 其他, with a warning
        r["dispute_type"], r["raw"]["dispute_type"] = "其他", "消费纠纷"
    xicheng_old = []  # 西城's ledger starts with last December's disputes (kept, not of 2025)
    for i, day in enumerate(_days(rng, 14, date(2024, 12, 2), date(2024, 12, 30))):
        xicheng_old.append(_dispute(rng, people, "street_xicheng", f"西城调〔2024〕{470 + i:04d}号", day,
                                    _pick(rng, DISPUTE_TYPES), "西城街道", "西城街道人民调解委员会",
                                    "西城街道调委会", True))
    records = xicheng_old + records
    for r in records:  # columns a file does not have: the cleaner cannot know these values
        for field in ABSENT.get(r["file"], ()):
            r[field] = None
    first_half = [dict(r, file="street_xinhua_v1", counts=False, raw=dict(r["raw"]))
                  for r in records if r["file"] == "street_xinhua" and r["received_date"].month <= 6]
    for r in first_half[::40]:  # the first version had some rows still open
        r["resolved"], r["resolved_date"] = False, None
    return records + first_half


# ---------------------------------------------------------------- hotline_tickets

HOTLINE_CATEGORIES = (  # category, weight, handling units as the platform spells them
    ("城市管理", 18, ("区城管局", "城管局", "区城市管理综合行政执法局")),
    ("物业服务", 16, ("street",)),
    ("供暖供热", 12, ("区住建局", "区住房和城乡建设局")),
    ("住房保障", 6, ("区住建局",)),
    ("市场监管", 10, ("区市场监管局", "西市区市场监督管理局")),
    ("劳动社保", 8, ("区人社局",)),
    ("教育", 5, ("区教育局",)),
    ("医疗卫生", 5, ("区卫健局",)),
    ("社会治安", 4, ("西市公安分局",)),
    ("环境保护", 6, ("street",)),
    ("交通出行", 5, ("区城管局",)),
    ("其他", 5, ("street",)),
)
HOTLINE_UNITS = {  # spelling on the platform → canonical department
    "区城管局": "区城市管理综合行政执法局", "城管局": "区城市管理综合行政执法局",
    "区城市管理综合行政执法局": "区城市管理综合行政执法局", "区住建局": "区住房和城乡建设局",
    "区住房和城乡建设局": "区住房和城乡建设局", "区市场监管局": "区市场监督管理局",
    "西市区市场监督管理局": "区市场监督管理局", "区人社局": "区人力资源和社会保障局", "区教育局": "区教育局",
    "区卫健局": "区卫生健康局", "西市公安分局": "公安分局",
}  # fmt: skip
SLOW_UNITS = ("区城市管理综合行政执法局", "区住房和城乡建设局")  # the units that pull the rate down
HOTLINE_TICKETS, HOTLINE_NOT_DUE = 3200, 50
SATISFACTION_TEXTS = {"满意": ("满意", "满意", "非常满意"), "基本满意": ("基本满意",),
                      "不满意": ("不满意", "非常不满意"), "未评价": ("未评价",)}  # fmt: skip


def hotline_tickets(seed: int, tickets: int = HOTLINE_TICKETS) -> list[dict]:
    """3,200 tickets: 3,150 due, 3,093 of them completed (98.2%); 2,490 of 2,520 ratings satisfied (98.8%).

    ``tickets`` scales the export with the same shares (benchmarks/intake.py writes 100,000); the
    sample itself always has 3,200.
    """
    rng = rng_for(seed, "hotline")
    people = _person_factory(seed, 2)

    def scaled(n: int) -> int:
        return n if tickets == HOTLINE_TICKETS else round(n * tickets / HOTLINE_TICKETS)

    not_due = scaled(HOTLINE_NOT_DUE)
    days = _days(rng, tickets - not_due) + _days(rng, not_due, date(2025, 11, 18), LAST)
    records = []
    for n, day in enumerate(days):
        category, _, units = rng.choices(HOTLINE_CATEGORIES, [c[1] for c in HOTLINE_CATEGORIES])[0]
        street = rng.choice(STREETS)
        written = rng.choice(units)
        unit = HOTLINE_UNITS.get(written, street)
        if written == "street":
            written = rng.choice((street, f"{street}办事处", f"西市区{street}"))
        caller = people.name() if rng.random() > 0.06 else "匿名"
        moment = f"{day.isoformat()} {rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        records.append({
            "file": "hotline", "ticket_no": f"XS{day:%Y%m%d}{n + 1:05d}", "received_date": day,
            "category": category, "street": street, "handling_unit": unit, "due": n < len(days) - not_due,
            "completed": True, "satisfaction": None, "name": caller, "phone": people.phone(),
            "content": f"反映{street}{category}方面问题，请相关单位核实处理（示例数据）",
            "raw": {"received_date": moment, "handling_unit": written}, "counts": True,
        })  # fmt: skip
    due = [r for r in records if r["due"]]
    slow = [r for r in due if r["handling_unit"] in SLOW_UNITS]
    others = [r for r in due if r["handling_unit"] not in SLOW_UNITS]
    for r in rng.sample(slow, scaled(45)) + rng.sample(others, scaled(12)):  # 57 due tickets not completed
        r["completed"] = False
    for r in rng.sample([r for r in records if not r["due"]], scaled(30)):  # not yet due, still open
        r["completed"] = False
    done = [r for r in records if r["completed"]]
    rated = rng.sample(done, scaled(2520))
    for i, r in enumerate(rated):
        r["satisfaction"] = "不满意" if i < scaled(30) else "基本满意" if i < scaled(330) else "满意"
    unrated = [r for r in done if r["satisfaction"] is None]
    for r in unrated[: len(unrated) * 2 // 3]:
        r["satisfaction"] = "未评价"
    for r in records:
        if r["satisfaction"]:
            r["raw"]["satisfaction"] = rng.choice(SATISFACTION_TEXTS[r["satisfaction"]])
    return records


# ---------------------------------------------------------------- risk_assessments

RISK_PROJECTS = (  # project, responsible unit as written, level as written, done
    ("西市区老旧小区改造工程（一期）", "区住建局", "低风险", True),
    ("西市区老旧小区改造工程（二期）", "区住建局", "低风险", True),
    ("站前片区棚户区改造房屋征收", "区住建局", "中风险", True),
    ("中华路农贸市场搬迁", "区市场监管局", "中风险", True),
    ("北山街道集中供暖管网改造", "区住建局", "较低", True),
    ("河畔公园提升改造", "区城管局", "低风险", True),
    ("西城垃圾中转站新建", "区城管局", "中等风险", True),
    ("公交线路优化调整", "区交通运输局", "低", True),
    ("西市区第四十中学新校区建设", "区教育局", "低风险", True),
    ("人民街道养老服务中心建设", "区民政局", "低风险", True),
    ("新华路拓宽改造工程", "区住建局", "中风险", True),
    ("区属国有企业改制重组", "区发改局", "高风险", True),
    ("城市更新片区（站前）规划调整", "区住建局", "中", True),
    ("停车收费标准调整", "区发改局", "低风险", True),
    ("二次供水设施改造", "区住建局", "低风险", True),
    ("背街小巷综合整治", "区城管局", "低", True),
    ("社区卫生服务中心迁建", "区卫健局", "低风险", True),
    ("学前教育资源布局调整", "区教育局", "较低", True),
    ("商业步行街业态调整", "区营商局", "低风险", True),
    ("既有住宅加装电梯（试点）", "区住建局", "中风险", True),
    ("河畔地块土地收储", "区发改局", "中风险", False),
    ("老旧厂区改造利用", "区营商局", "", False),
)
RISK_LEVELS = {"低风险": "低", "较低": "低", "低": "低", "中风险": "中", "中等风险": "中", "中": "中", "高风险": "高"}


def risk_assessments(seed: int) -> list[dict]:
    """22 assessments, 20 completed."""
    rng = rng_for(seed, "risk")
    records = []
    for project, unit, level, done in RISK_PROJECTS:
        records.append({
            "file": "risk", "project": project, "unit": unit, "risk_level": RISK_LEVELS.get(level),
            "assessed_date": days_between(rng, date(2025, 2, 10), LAST) if done else None,
            "completed": done, "remarks": None if done else "评估进行中", "counts": True,
            "raw": {"risk_level": level or None},
        })  # fmt: skip
    done = sorted((r for r in records if r["completed"]), key=lambda r: r["assessed_date"])
    return done + [r for r in records if not r["completed"]]


# ---------------------------------------------------------------- one_court_requests

REQUEST_TYPES = (("矛盾调解", 140), ("法律咨询", 90), ("诉讼服务", 60), ("信访事项", 40), ("法律援助申请", 25),
                 ("其他", 12))  # fmt: skip
CHANNELS = (("现场", ("现场登记", "现场", "现场接待"), 150), ("来访", ("来访", "到访"), 80),
            ("电话", ("电话", "来电"), 70), ("网络", ("网上", "网络平台"), 40), ("转办", ("12345转办", "转办"), 27))


def one_court_requests(seed: int) -> list[dict]:
    """367 requests (件/次) to the 一院式 platform, 301 of them closed."""
    rng = rng_for(seed, "one_court")
    people = _person_factory(seed, 3)
    kinds = [k for k, n in REQUEST_TYPES for _ in range(n)]
    channels = [(c, spellings) for c, spellings, n in CHANNELS for _ in range(n)]
    rng.shuffle(kinds)
    rng.shuffle(channels)
    days = _days(rng, len(kinds))
    records = []
    for i, (day, kind, (channel, spellings)) in enumerate(zip(days, kinds, channels, strict=True)):
        person = people.person(1950, 2004)
        records.append({
            "file": "one_court", "sheet": "上半年" if day.month <= 6 else "下半年",
            "request_no": f"YYS2025-{i + 1:04d}", "received_date": day, "request_type": kind,
            "channel": channel, "closed": True, "closed_date": None, "name": person.name,
            "phone": person.phone, "remarks": None, "counts": True, "raw": {"channel": rng.choice(spellings)},
        })  # fmt: skip
    open_ = sorted(rng.sample(range(len(records) - 40), 36) + list(range(len(records) - 30, len(records))))
    for i in open_:
        records[i]["closed"] = False
    for r in records:
        if r["closed"]:
            r["closed_date"] = min(r["received_date"] + timedelta(days=rng.randint(0, 20)), REPORTED)
    return records


# ---------------------------------------------------------------- legal_aid_cases

AID_TYPE_TEXTS = {"刑事": ("刑事", "刑事案件", "刑事辩护"), "民事": ("民事", "民事案件", "民事诉讼"),
                  "行政": ("行政", "行政案件"), "非诉讼": ("非诉讼", "非诉讼事务", "非诉")}  # fmt: skip
MATTERS = {
    "刑事": ("盗窃罪", "诈骗罪", "危险驾驶罪", "故意伤害罪", "寻衅滋事罪"),
    "民事": ("离婚纠纷", "抚养费纠纷", "赡养纠纷", "机动车交通事故责任纠纷", "民间借贷纠纷", "工伤保险待遇纠纷"),
    "行政": ("工伤认定", "行政赔偿"),
    "非诉讼": ("劳动争议调解", "人身损害赔偿协商", "赡养协议"),
}
GROUP_TEXTS = {"未成年人": ("未成年人", "儿童", "未成年"), "妇女": ("妇女", "女性"), "农民工": ("农民工", "进城务工人员"),
               "老年人": ("老年人", "老人"), "残疾人": ("残疾人",), "军人军属": ("军人军属", "退役军人"),
               "其他": ("其他", "一般群众")}  # fmt: skip


def _split(rng, total: int, parts: int, smallest: int = 20) -> list[int]:
    """``parts`` whole numbers of at least ``smallest`` that add up to ``total``."""
    weights = [rng.random() + 0.3 for _ in range(parts)]
    spare = total - smallest * parts
    shares = [smallest + int(spare * w / sum(weights)) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def _aid_case(rng, people, tag, year, number, day, kind, group_list, wage) -> dict:
    if group_list == ["未成年人"]:
        person = people.person(2008, 2016)
    elif group_list == ["老年人"]:
        person = people.person(1940, 1960)
    else:
        person = people.person(1960, 2002)
    matter = "追索劳动报酬" if wage else rng.choice(MATTERS[kind])
    return {
        "file": tag, "case_no": f"西法援〔{year}〕{number:03d}号", "accepted_date": day, "case_type": kind,
        "matter": matter, "groups": ";".join(group_list), "wage_arrears": wage, "closed": True,
        "amount_recovered": None, "satisfaction": None, "name": person.name, "sex": person.sex,
        "id_number": person.id_number, "phone": person.phone, "lawyer": rng.choice(LAWYERS),
        "remarks": None, "counts": True, "person": person,
        "raw": {"case_type": rng.choice(AID_TYPE_TEXTS[kind]),
                "groups": "、".join(rng.choice(GROUP_TEXTS[g]) for g in group_list)},
    }  # fmt: skip


LAWYERS = ("辽宁西岸律师事务所", "西市区法律援助中心", "辽宁正和律师事务所", "辽宁明理律师事务所")


def _aid_plan(total: int, women: int, minors: int, wage: int, both: int) -> list[tuple[str, list[str], bool]]:
    """(case type, groups, wage arrears) for each case: `both` wage cases of women migrant workers."""
    plan: list[tuple[str, list[str], bool]] = []
    plan += [("民事" if i % 5 < 3 else "非诉讼", ["农民工", "妇女"] if i < both else ["农民工"], True) for i in range(wage)]
    plan += [("民事", ["妇女"], False) for _ in range(women - both)]
    plan += [("刑事" if i % 2 else "民事", ["未成年人"], False) for i in range(minors)]
    rest = total - len(plan)
    kinds = ["刑事"] * (rest * 4 // 10) + ["行政"] * 5 + ["非诉讼"] * (rest // 10)
    kinds += ["民事"] * (rest - len(kinds))
    groups = (["老年人"], ["残疾人"], ["军人军属"], ["其他"], ["其他"], ["农民工"])
    plan += [(k, groups[i % len(groups)], False) for i, k in enumerate(kinds)]
    return plan


AID_YEARS = {  # year: cases accepted, women, minors, wage arrears, women among wage arrears, 万元 recovered
    2025: (270, 30, 25, 64, 3, 64.83),
    2024: (241, 28, 22, 58, 0, 55.40),
}


def legal_aid_cases(seed: int, year: int = YEAR, tag: str = "aid_2025") -> list[dict]:
    """The 法律援助中心's register: 270 cases accepted in 2025 (241 in 2024), 55 for women and minors
    (50 in 2024), 64 wage-arrears cases all closed with 64.83万元 recovered."""
    rng = rng_for(seed, f"legal_aid_{year}")
    people = _person_factory(seed, 4 if year == YEAR else 14)
    total, women, minors, wage, both, recovered = AID_YEARS[year]
    plan = _aid_plan(total, women, minors, wage, both)
    rng.shuffle(plan)
    days = _days(rng, total, date(year, 1, 3), date(year, 11, 28) if year == YEAR else date(year, 12, 27))
    records = [_aid_case(rng, people, tag, year, n + 1, day, kind, groups, w)
               for n, (day, (kind, groups, w)) in enumerate(zip(days, plan, strict=True))]
    wage_cases = [r for r in records if r["wage_arrears"]]
    cents = _split(rng, round(recovered * 100), len(wage_cases))  # in hundreds of 元
    for r, hundreds in zip(wage_cases, cents, strict=True):
        r["amount_recovered"] = hundreds * 100.0
    for r in rng.sample([r for r in records if r["matter"] == "机动车交通事故责任纠纷"], 3):
        r["amount_recovered"] = rng.randint(200, 900) * 100.0  # 挽回经济损失, not wage arrears
    still_open = [r for r in records if not r["wage_arrears"] and r["accepted_date"] >= date(year, 9, 1)]
    for r in rng.sample(still_open, min(40, len(still_open))):
        r["closed"] = False
    for r in records:
        if r["closed"]:
            r["satisfaction"] = _pick(rng, (("满意", 75), ("基本满意", 12), ("未回访", 13)))
            r["raw"]["satisfaction"] = {"满意": rng.choice(("满意", "非常满意")), "基本满意": "基本满意",
                                        "未回访": rng.choice(("未回访", "暂未回访"))}[r["satisfaction"]]
        r["raw"]["amount_recovered"] = round(r["amount_recovered"] / 10000, 2) if r["amount_recovered"] else None
    if year == YEAR:
        lower_x = next(r for r in records if r["id_number"].endswith("X"))
        lower_x["raw"]["id_number"] = lower_x["id_number"].lower()
        records[7]["raw"]["id_number"] = spaced(records[7]["id_number"])
        last_december = [_aid_case(rng, people, tag, year - 1, 260 + i, date(year - 1, 12, 18 + 3 * i), "民事",
                                   ["其他"], False) for i in range(3)]
        for r in last_december:
            r["satisfaction"], r["raw"]["satisfaction"] = "满意", "满意"
            r["remarks"] = "2024年12月受理，2025年结案"
        records = last_december + records
    for r in records:
        r["sheet"] = "上半年" if r["accepted_date"].year < year or r["accepted_date"].month <= 6 else "下半年"
    return records


def legal_aid_cases_2024(seed: int) -> list[dict]:
    return legal_aid_cases(seed, 2024, "aid_2024")


def hidden_aid_2024(seed: int) -> list[dict]:
    """A hidden sheet of the 2025 register: last year's cases kept for reference (not counted)."""
    rows = legal_aid_cases(seed, 2024, "aid_hidden_2024")[:12]
    return [dict(r, counts=False) for r in rows]


# ---------------------------------------------------------------- legal_consultations

TOPICS = (("婚姻家庭", 25), ("劳动争议", 22), ("债权债务", 15), ("房产物业", 14), ("交通事故", 8), ("继承", 6),
          ("其他", 10))  # fmt: skip
VISIT_TEXTS = {"来访": ("来访", "当面咨询", "到访"), "现场": ("现场咨询", "现场")}


def legal_consultations(seed: int) -> list[dict]:
    """856 人次: 320 visits logged one by one, 536 phone and online consultations counted by week."""
    rng = rng_for(seed, "consultations")
    people = _person_factory(seed, 5)
    records = []
    for day in _days(rng, 320):
        channel = "来访" if rng.random() < 0.8 else "现场"
        person = people.person(1950, 2004)
        records.append({
            "file": "consult_visits", "consult_date": day, "channel": channel, "topic": _pick(rng, TOPICS),
            "people": None, "name": person.name, "phone": person.phone, "lawyer": rng.choice(LAWYERS[:3]),
            "remarks": None, "counts": True, "raw": {"channel": rng.choice(VISIT_TEXTS[channel])},
        })  # fmt: skip
    weeks = [date(2025, 1, 6) + timedelta(weeks=w) for w in range(47)]
    counts = {"电话": [rng.randint(5, 9) for _ in weeks], "网络": [rng.randint(2, 6) for _ in weeks]}
    counts["网络"][-1] += 536 - sum(counts["电话"]) - sum(counts["网络"])
    for i, monday in enumerate(weeks):
        sunday = monday + timedelta(days=6)
        for channel in ("电话", "网络"):
            n = counts[channel][i]
            record = {
                "file": "consult_lines", "consult_date": monday, "channel": channel, "topic": None,
                "people": n, "remarks": None, "counts": True,
                "raw": {"consult_date": f"{monday.month}月{monday.day}日-{sunday.month}月{sunday.day}日",
                        "channel": "12348热线" if channel == "电话" else "网络平台"},
            }  # fmt: skip
            if i % 9 == 4:
                record["raw"]["people"] = f"{n}人次"
            if i == 30 and channel == "电话":
                record["raw"]["people"] = f"约{n}"  # an approximate count: kept as stated, with a warning
            records.append(record)
    return records


# ---------------------------------------------------------------- reconsideration_cases / court_appearances

RECONSIDERATION = (  # received, respondent, accepted, closed, outcome as written, canonical outcome
    ("2024-12-26", "区城管局", True, True, "维持原行政行为", "维持"),
    ("2025-01-14", "区市场监管局", False, False, "不符合受理条件", "不予受理"),
    ("2025-02-20", "西市公安分局", False, False, "不予受理", "不予受理"),
    ("2025-03-11", "区城管局", True, True, "决定维持", "维持"),
    ("2025-04-08", "区人社局", False, False, "不属于行政复议范围", "不予受理"),
    ("2025-05-16", "区住建局", False, False, "不予受理", "不予受理"),
    ("2025-06-03", "中华路街道办事处", False, False, "决定不予受理", "不予受理"),
    ("2025-06-27", "区市场监管局", True, True, "驳回复议申请", "驳回"),
    ("2025-07-22", "区卫健局", False, False, "不予受理", "不予受理"),
    ("2025-08-19", "西市公安分局", False, False, "不符合受理条件", "不予受理"),
    ("2025-09-09", "区城管局", True, True, "申请人撤回申请", "终止"),
    ("2025-10-15", "区人社局", False, False, "不予受理", "不予受理"),
    ("2025-11-04", "区住建局", False, False, "不属于行政复议范围", "不予受理"),
)


def reconsideration_cases(seed: int) -> list[dict]:
    """12 applications received in 2025 (one more from last December), 3 accepted and closed."""
    people = _person_factory(seed, 6)
    records = []
    for i, (day, respondent, accepted, closed, written, outcome) in enumerate(RECONSIDERATION):
        received = date.fromisoformat(day)
        person = people.person(1955, 2000)
        records.append({
            "file": "reconsideration", "case_no": f"西政复〔{received.year}〕{i + 1 if received.year == YEAR else 31}号",
            "received_date": received, "respondent": respondent, "accepted": accepted, "closed": closed,
            "outcome": outcome, "name": person.name, "phone": person.phone,
            "matter": "不服行政处罚决定" if i % 2 else "不服政府信息公开答复", "remarks": None,
            "raw": {"outcome": written}, "counts": True,
        })  # fmt: skip
    # accepted ones are closed: 3 of the 2025 applications (the 2024 one was closed in 2025 as well)
    accepted_2025 = [r for r in records if r["accepted"] and r["received_date"].year == YEAR]
    assert len(accepted_2025) == 3
    return records


HEARINGS = (  # date, agency as written, leader's title
    ("2025-02-25", "区城管局", "副局长"), ("2025-03-27", "区市场监管局", "局长"),
    ("2025-04-17", "西市公安分局", "副局长"), ("2025-05-29", "区人社局", "副局长"),
    ("2025-06-19", "区住建局", "局长"), ("2025-07-10", "中华路街道办事处", "副主任"),
    ("2025-08-28", "区城管局", "局长"), ("2025-09-25", "区卫健局", "副局长"),
    ("2025-11-13", "区住建局", "副局长"),
)  # fmt: skip


def court_appearances(seed: int) -> list[dict]:
    """9 hearings of administrative lawsuits, a leader of the agency in court at each."""
    people = _person_factory(seed, 7)
    records = []
    for i, (day, agency, title) in enumerate(HEARINGS):
        plaintiff = people.person(1955, 2000)
        records.append({
            "file": "court", "case_no": f"（2025）辽0102行初{i * 7 + 12}号", "hearing_date": date.fromisoformat(day),
            "agency": agency, "leader_appeared": True, "leader": f"{title}（已出庭）", "name": plaintiff.name,
            "remarks": None, "raw": {}, "counts": True,
        })  # fmt: skip
    return records


# ---------------------------------------------------------------- indicator_values

def _truth(indicator, value, unit, year, department, known=True) -> dict:
    return {"indicator": indicator, "value": value, "unit": unit, "period_year": year,
            "department": department, "known": known}  # fmt: skip


def _change(this: float, previous: float | None) -> str:
    if not previous:
        return "—"
    return f"{(this / previous - 1) * 100:.1f}%"


def _long_row(file, department, seq, label, indicator, unit_text, unit, this, previous, written=None,
              factor=1.0, sub=False, known=True, counts=True) -> dict:
    """A 指标名称/单位/数值 row: this year's and last year's value (in the form's unit)."""
    truth = [_truth(indicator, this * factor, unit, YEAR, department, known)]
    if previous is not None:
        truth.append(_truth(indicator, previous * factor, unit, YEAR - 1, department, known))
    return {
        "file": file, "seq": None if sub else seq, "label": f"其中：{label}" if sub else label,
        "unit_text": unit_text, "year": YEAR, "this": this if written is None else written,
        "previous": previous, "change": _change(this, previous), "remarks": None, "raw": {},
        "counts": counts, "truth": truth,
    }  # fmt: skip


JW = "区纪委监委"
JW_ROWS = (  # seq, label, indicator, unit, this year, last year, first version's figure
    (1, "下发问题督办函", "问题督办函", "份", 5, 3, 5),
    (2, "督促整改问题", "整改问题", "个", 6, 4, 6),
    (3, "处理问题线索", "营商环境问题线索", "件", 73, 58, 70),
    (None, "立案", "营商环境问题立案", "件", 44, 35, 42),
    (4, "处理处分", "处理处分", "人", 37, 30, 37),
)


def indicator_values(seed: int) -> list[dict]:
    """The indicator forms of 纪委监委, 营商局, 发改局, 政数局, 区司法局, 综治中心 and 北山街道."""
    records: list[dict] = []
    for file, first_version in (("jw_v1", True), ("jw", False)):  # the first version, then 修改版
        for seq, label, indicator, unit, this, last, first in JW_ROWS:
            records.append(_long_row(file, JW, seq, label, indicator, unit, unit, first if first_version else this,
                                     last, sub=seq is None, counts=not first_version))
    yss = "区营商环境建设局"
    records += [
        _long_row("yss", yss, 1, "“万件清理”事项", "万件清理事项", "件", "件", 42, 35),
        _long_row("yss", yss, None, "已办结", "万件清理事项办结", "件", "件", 41, 33, sub=True),
        _long_row("yss", yss, 2, "推动兑现承诺", "推动兑现承诺", "个", "个", 15, 11),
    ]
    zsj = "区政务服务和数据管理局"
    records += [
        _long_row("zsj", zsj, 1, "12345热线受理量", "12345热线受理量", "件", "件", 3200, None, written="3200余"),
        _long_row("zsj", zsj, 2, "12345热线办结率", "12345热线办结率", "%", "%", 98.2, None, written="98.2%"),
        _long_row("zsj", zsj, 3, "12345热线满意率", "12345热线满意率", "%", "%", 98.8, None, written="98.8%"),
        _long_row("zsj", zsj, 4, "承办各级人民网领导留言板诉求", "人民网领导留言板诉求", "件", "件", 87, None,
                  written="87件"),
        _long_row("zsj", zsj, None, "区委书记留言板满意率", "区委书记留言板满意率", "%", "%", 100, None,
                  written="100%", sub=True),
    ]
    fgj = "区发展和改革局"
    records.append({
        "file": "fgj", "unit_name": "区发改局", "practices": 90, "arrears": 5275.57, "firms": 126,
        "remarks": "清欠金额含国有企业清偿部分", "raw": {}, "counts": True,
        "truth": [_truth("清理影响振兴发展做法", 90, "件", YEAR, fgj),
                  _truth("清偿各类欠款", 52755700.0, "元", YEAR, fgj),
                  _truth("清偿各类欠款涉及企业", 126, "家", YEAR, fgj, known=False)],
    })  # fmt: skip
    sfj = "区司法局"
    records.append({
        "file": "sfj_ind", "unit_name": "西市区司法局", "advisers": 3, "public_lawyers": 12, "lists": 3,
        "filings": 25, "remarks": None, "raw": {}, "counts": True,
        "truth": [_truth("法律顾问", 3, "名", YEAR, sfj), _truth("权责清单", 3, "张", YEAR, sfj),
                  _truth("公职律师", 12, "名", YEAR, sfj, known=False),
                  _truth("行政规范性文件备案审查", 25, "件", YEAR, sfj, known=False)],
    })  # fmt: skip
    grid = dict(zip(STREETS, ((5, 70, 12), (4, 62, 10), (5, 58, 11), (4, 66, 9), (6, 75, 14), (5, 64, 12),
                              (4, 55, 9)), strict=True))  # workers, proactive requests, grids
    for street, (workers, proactive, grids) in grid.items():
        records.append({
            "file": "zz_grid", "street_text": street, "grids": grids, "grid_workers": workers,
            "proactive": proactive, "remarks": None, "raw": {}, "counts": True,
            "truth": [_truth("网格员", workers, "名", YEAR, street), _truth("未诉先办诉求", proactive, "件", YEAR, street),
                      _truth("网格数", grids, "个", YEAR, street, known=False)],
        })  # fmt: skip
    workers, proactive, _ = grid["北山街道"]
    records += [  # 北山街道 reports its own figures too: the same indicators twice, kept once
        dict(_long_row("bs_grid", "北山街道", 1, "配置网格员", "网格员", "名", "名", workers, None), counts=False),
        dict(_long_row("bs_grid", "北山街道", 2, "处理未诉先办诉求", "未诉先办诉求", "件", "件", proactive, None),
             counts=False),
    ]
    zz = "区社会治安综合治理中心"
    for label, indicator, unit, values, written, known, remarks in (
        ("命案发案数（起）", "命案", "件", (0, 0, 0), (0, "0", 0), True, "近三年命案“零”发生"),
        ("矛盾纠纷排查化解（件）", "矛盾纠纷排查化解", "件", (3986, 4050, 4125), (3986, 4050, 4125), True, None),
        ("八类严重暴力犯罪案件（起）", "八类严重暴力犯罪案件", "件", (12, 9, 7), (12, 9, 7), False, None),
    ):
        record = {"file": "zz_years", "label": label, "remarks": remarks, "raw": {}, "counts": True,
                  "truth": [_truth(indicator, v, unit, y, zz, known) for v, y in zip(values, (2023, 2024, 2025),
                                                                                     strict=True)]}
        record.update({f"y{y}": w for y, w in zip((2023, 2024, 2025), written, strict=True)})
        records.append(record)
    return records


BUILDERS = {
    2025: {
        "disputes": disputes,
        "hotline_tickets": hotline_tickets,
        "risk_assessments": risk_assessments,
        "one_court_requests": one_court_requests,
        "legal_aid_cases": lambda seed: legal_aid_cases(seed) + hidden_aid_2024(seed),
        "legal_consultations": legal_consultations,
        "reconsideration_cases": reconsideration_cases,
        "court_appearances": court_appearances,
        "indicator_values": indicator_values,
    },
    2024: {
        "legal_aid_cases": legal_aid_cases_2024,
    },
}
