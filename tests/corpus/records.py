"""Canonical records per dataset: what happened (the truth), before anybody writes it down.

Each maker returns dicts of canonical values (ISO dates as `datetime.date`, ints, canonical
vocabulary values, canonical department names); keys starting with `_` carry the persons
behind a row (`_person`) and, in multi-department forms, the row's department (`_dept`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.corpus.cells import Person, make_person

Record = dict[str, Any]


@dataclass
class Context:
    """Corpus-wide state: randomness, report year, registries that keep values unique."""

    rng: random.Random
    year: int
    values: dict
    used_names: set[str] = field(default_factory=set)
    persons: list[Person] = field(default_factory=list)
    staff: list[Person] = field(default_factory=list)
    claims: set[tuple] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    texts: set[str] = field(default_factory=set)
    subjects: list[Person] = field(default_factory=list)
    reserved: str = ""              # all non-personal texts: no person may be named like a part of them
    #: the randomness of issue 20's habits (status words, spoken dates, example rows, reordered second
    #: tables, partner organisations, marks for nothing, count columns per channel, two people per row):
    #: a stream of its own, so that the rest of every seed's corpus stays as it was
    aside: random.Random = field(default_factory=random.Random)
    aside_names: set[str] = field(default_factory=set)
    seed: int = 0

    def draw_person(self) -> Person:
        """A new invented person (recorded for the personal-data check)."""
        p = make_person(self.rng, self.values["persons"], self.used_names, self.year, self.list_reserved())
        self.persons.append(p)
        return p

    def draw_aside_person(self) -> Person:
        """A new invented person drawn from the aside stream (the main stream's people unchanged)."""
        used = self.aside_names | self.used_names
        p = make_person(self.aside, self.values["persons"], used, self.year, self.list_reserved())
        self.aside_names.update((p.name, p.id_number, p.phone))
        self.persons.append(p)
        return p

    def list_reserved(self) -> str:
        """All non-personal texts of the corpus (built once)."""
        if not self.reserved:
            texts = [str(v) for pool in self.values["pools"].values() for v in pool]
            texts += [v for table in self.values["vocabularies"].values() for vs in table.values() for v in vs]
            self.reserved = "\n".join(texts)
        return self.reserved

    def draw_staff(self) -> Person:
        """A clerk or official named in a footer or a contact column (also personal data)."""
        if len(self.staff) < 25 or self.rng.random() < 0.3:
            self.staff.append(self.draw_person())
        return self.rng.choice(self.staff)

    def draw_subject(self) -> Person:
        """A community-correction subject; the same people come back for several services."""
        if len(self.subjects) < 12 or self.rng.random() < 0.35:
            self.subjects.append(self.draw_person())
        return self.rng.choice(self.subjects)

    def next(self, key: str) -> int:
        """The next number of a corpus-wide sequence (case numbers, ticket numbers)."""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def get_pool(self, name: str) -> list:
        return self.values["pools"][name]

    def pick(self, name: str) -> Any:
        return self.rng.choice(self.get_pool(name))

    def make_unique(self, text: str) -> str:
        """Make a free text unique in the corpus (a joint activity must not appear by chance)."""
        candidate, k = text, 1
        while candidate in self.texts:
            k += 1
            candidate = f"{text}（第{k}场）" if "活动" in text or "宣" in text else f"{text}（{k}）"
        self.texts.add(candidate)
        return candidate


def pick_day(ctx: Context, year: int, start: int = 1, end: int = 12) -> dt.date:
    """A random day between the first of month start and the end of month end."""
    first = dt.date(year, start, 1)
    last = dt.date(year + 1, 1, 1) if end == 12 else dt.date(year, end + 1, 1)
    return first + dt.timedelta(days=ctx.rng.randrange((last - first).days))


def pick_later_day(ctx: Context, day: dt.date, most: int) -> dt.date:
    """A day 0..most days after day, kept inside day's year."""
    moved = day + dt.timedelta(days=ctx.rng.randint(0, most))
    return min(moved, dt.date(day.year, 12, 31))


def pick_around(ctx: Context, scale: int) -> int:
    """A positive whole number around scale."""
    return max(1, int(ctx.rng.lognormvariate(0, 0.6) * scale))


def pick_weighted(ctx: Context, options: dict[str, float]) -> str:
    return ctx.rng.choices(list(options), weights=list(options.values()))[0]


CATEGORY_WEIGHTS = {"精准普法": 5, "法律明白人培训": 2, "专题活动": 2, "反诈宣传": 2, "送法进校园": 2,
                    "政策宣讲": 1, "其他": 1}
CATEGORY_AUDIENCE = {"送法进校园": ["学生", "青少年"], "政策宣讲": ["退役军人"], "法律明白人培训": ["党员干部", "社区居民"]}
VIDEO_ACCOUNTS = {"区司法局": "西市司法", "公安分局": "西市公安", "区人民检察院": "西市检察", "区教育局": "西市教育"}


def make_publicity_event(ctx: Context, dept: str, year: int) -> Record:
    category = pick_weighted(ctx, CATEGORY_WEIGHTS)
    themes = list(ctx.values["vocabularies"]["theme"])
    theme = ctx.rng.choice(themes) if ctx.rng.random() < 0.65 else ctx.pick("themes_other")
    prefixes, forms = ctx.values["pools"]["event_titles"][category]
    prefix = ctx.rng.choice(prefixes).format(theme=theme)
    if theme == "无":
        prefix = prefix.replace("“无”", "法治").replace("无", "普法")
    day, location = pick_day(ctx, year), ctx.pick("locations")
    while ("event", day, location) in ctx.claims:     # two units at one place on one day look joint
        day, location = pick_day(ctx, year), ctx.pick("locations")
    ctx.claims.add(("event", day, location))
    title = ctx.make_unique(f"{prefix}{ctx.rng.choice(forms)}（{location}）")
    audience = ctx.rng.choice(CATEGORY_AUDIENCE.get(category) or ctx.get_pool("audiences"))
    return {"event_date": day, "title": title, "category": category, "theme": theme,
            "audience": audience, "location": location, "street": ctx.pick("streets"),
            "materials": pick_around(ctx, 100), "people_reached": pick_around(ctx, 80)}


def make_publicity_video(ctx: Context, dept: str, year: int) -> Record:
    platform = pick_weighted(ctx, {"抖音": 6, "微信视频号": 3, "快手": 1, "微博": 1})
    title = ctx.make_unique(ctx.pick("video_titles_a") + ctx.pick("video_titles_b"))
    return {"publish_date": pick_day(ctx, year), "platform": platform,
            "account": VIDEO_ACCOUNTS.get(dept, "西市普法"), "title": title,
            "views": pick_around(ctx, 3000), "likes": pick_around(ctx, 60), "shares": pick_around(ctx, 15)}


def make_vice_principals(ctx: Context, dept: str, year: int) -> list[Record]:
    """Two appointments per school from the education bureau; the procuratorate sends its own."""
    schools = ctx.get_pool("schools")
    if dept == "区人民检察院":
        chosen = ctx.rng.sample(schools, ctx.rng.randint(5, 9))
        return [{"school": s, "employer": "区人民检察院", "_person": ctx.draw_person()} for s in chosen]
    employers = ctx.get_pool("employers")
    return [{"school": s, "employer": ctx.rng.choice(employers), "_person": ctx.draw_person()}
            for s in schools for _ in range(2)]


def grade_score(score: float, levels: int) -> str:
    """Grade by score bands: 3 levels (≥90, 60–<90, <60) or 4 (良好 80–<90)."""
    if score >= 90:
        return "优秀"
    if levels == 4 and score >= 80:
        return "良好"
    return "合格" if score >= 60 else "不合格"


def make_case_file_review(ctx: Context, dept: str, year: int) -> Record:
    closed = pick_day(ctx, ctx.rng.randint(2021, 2025))
    if closed > dt.date(2025, 5, 31):
        closed = dt.date(2025, ctx.rng.randint(1, 5), ctx.rng.randint(1, 28))
    case_type = pick_weighted(ctx, {"行政处罚": 3, "行政许可": 2})
    word = "罚" if case_type == "行政处罚" else "许"
    n = ctx.next("review")
    case_no = ctx.rng.choice([f"西{word}字〔{closed.year}〕第{n:03d}号", f"西市{word}〔{closed.year}〕{n}号",
                              f"XS{word}{closed.year}{n:04d}"])
    score = ctx.rng.choice([ctx.rng.randint(55, 99), ctx.rng.randint(70, 98) + 0.5])
    defects = ctx.rng.sample(ctx.get_pool("defects"), ctx.rng.choice([0, 1, 1, 2, 3]))
    return {"case_no": case_no, "enforcement_unit": ctx.pick("enforcement_units"), "case_type": case_type,
            "closed_date": closed, "reviewer": ctx.pick("lawyers"), "score": float(score),
            "grade": grade_score(score, 3), "defects": defects}


def make_filing_months(ctx: Context, dept: str, year: int, last_month: int = 12) -> list[Record]:
    return [{"month": dt.date(year, m, 1), "filings": ctx.rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12]),
             "_dept": dept} for m in range(1, last_month + 1)]


def make_enforcement_staff(ctx: Context, dept: str, year: int) -> Record:
    staff = ctx.rng.randint(6, 90)
    return {"enforcement_staff": staff, "legal_review_staff": max(1, staff // ctx.rng.randint(12, 25)),
            "_dept": dept}


def draw_unique(ctx: Context, make: Callable[[], tuple]) -> tuple:
    """Draw a combination of values not drawn before (no accidental duplicate rows)."""
    while (key := make()) in ctx.claims:
        pass
    ctx.claims.add(key)
    return key


def make_correction_session(ctx: Context, dept: str, year: int) -> Record:
    attendees = ctx.rng.randint(8, 45)
    _, day, topic, venue = draw_unique(ctx, lambda: ("session", pick_day(ctx, year), ctx.pick("correction_topics"),
                                                     ctx.pick("venues")))
    return {"session_date": day, "topic": topic, "venue": venue, "attendees": attendees,
            "passed": attendees - ctx.rng.choice([0, 0, 0, 1, 1, 2])}


def make_psych_service(ctx: Context, dept: str, year: int) -> Record:
    _, day, person, kind = draw_unique(ctx, lambda: (
        "psych", pick_day(ctx, year), ctx.draw_subject(),
        pick_weighted(ctx, {"心理测评": 4, "个体咨询": 3, "团体辅导": 2, "危机干预": 1})))
    return {"service_date": day, "_person": person, "service_type": kind, "provider": ctx.pick("providers")}


def make_resettlement(ctx: Context, dept: str, year: int) -> Record:
    r = ctx.rng.random
    return {"_person": ctx.draw_person(), "release_date": pick_day(ctx, year), "handed_over": r() < 0.97,
            "placed": r() < 0.95, "assisted": r() < 0.96, "reoffended": r() < 0.03}


def make_dispute(ctx: Context, dept: str, year: int) -> Record:
    received = pick_day(ctx, year)
    resolved = ctx.rng.random() < 0.96
    n = ctx.next("dispute")
    case_no = ctx.rng.choice([f"XSTJ{year}{n:04d}", f"（{year}）西调字第{n}号", f"西调〔{year}〕{n}号"])
    return {"case_no": case_no, "received_date": received,
            "dispute_type": pick_weighted(ctx, {"婚姻家庭": 4, "邻里纠纷": 4, "劳动争议": 2, "物业纠纷": 3,
                                           "合同纠纷": 2, "损害赔偿": 2, "土地权属": 1, "征地拆迁": 1, "其他": 1}),
            "street": ctx.pick("streets"), "handled_by": ctx.pick("dispute_handlers"),
            "resolved": resolved, "resolved_date": pick_later_day(ctx, received, 25) if resolved else None,
            "parties": ctx.rng.choice([2, 2, 2, 3, 4, 5]), "_person": ctx.draw_person()}


def make_hotline_ticket(ctx: Context, dept: str, year: int) -> Record:
    received = pick_day(ctx, year)
    n = ctx.next("ticket")
    ticket = ctx.rng.choice([f"XS{received:%Y%m%d}{n:05d}", f"{received:%y%m%d}{n:06d}",
                             f"GD{year}{n:07d}"])
    due = ctx.rng.random() < 0.97
    completed = due and ctx.rng.random() < 0.98
    satisfaction = pick_weighted(ctx, {"满意": 88, "基本满意": 8, "不满意": 2, "未评价": 6}) if completed else "未评价"
    return {"ticket_no": ticket, "received_date": received, "category": ctx.pick("hotline_categories"),
            "street": ctx.pick("streets"), "handling_unit": ctx.pick("hotline_units"), "due": due,
            "completed": completed, "satisfaction": satisfaction, "_person": ctx.draw_person()}


def make_risk_assessment(ctx: Context, dept: str, year: int) -> Record:
    project = ctx.make_unique(ctx.pick("projects_a") + ctx.pick("projects_b"))
    return {"project": project, "assessed_date": pick_day(ctx, year), "unit": ctx.pick("risk_units"),
            "risk_level": pick_weighted(ctx, {"低": 8, "中": 2, "高": 1}), "completed": ctx.rng.random() < 0.9}


def make_one_court_request(ctx: Context, dept: str, year: int) -> Record:
    received = pick_day(ctx, year)
    closed = ctx.rng.random() < 0.82
    return {"received_date": received, "request_type": ctx.pick("request_types"),
            "channel": ctx.pick("request_channels"), "closed": closed,
            "closed_date": pick_later_day(ctx, received, 30) if closed else None, "_person": ctx.draw_person()}


CRIMINAL_MATTERS = ["盗窃", "故意伤害", "诈骗"]


def make_legal_aid_case(ctx: Context, dept: str, year: int) -> Record:
    case_type = pick_weighted(ctx, {"民事": 6, "刑事": 3, "行政": 1, "非诉讼": 2})
    matters = ctx.get_pool("matters")
    matter = ctx.rng.choice(CRIMINAL_MATTERS if case_type == "刑事" else
                            [m for m in matters if m not in CRIMINAL_MATTERS])
    wage = case_type in ("民事", "非诉讼") and matter == "追索劳动报酬" or ctx.rng.random() < 0.08 and case_type == "非诉讼"
    groups = ["农民工"] if wage else []
    groups += ctx.rng.sample(["妇女", "未成年人", "老年人", "残疾人", "军人军属", "其他"], ctx.rng.choice([0, 1, 1, 2]))
    if not groups:
        groups = ["其他"]
    if "其他" in groups and len(groups) > 1:
        groups.remove("其他")
    closed = ctx.rng.random() < 0.85
    amount = float(ctx.rng.randint(20, 600) * 100) if closed and (wage or ctx.rng.random() < 0.3) else 0.0
    n = ctx.next("legal_aid")
    case_no = ctx.rng.choice([f"西司援〔{year}〕第{n:03d}号", f"（{year}）西法援字{n}号", f"FY{year}{n:04d}"])
    return {"case_no": case_no, "accepted_date": pick_day(ctx, year), "case_type": case_type, "matter": matter,
            "groups": sorted(set(groups)), "wage_arrears": bool(wage), "closed": closed,
            "amount_recovered": amount,
            "satisfaction": pick_weighted(ctx, {"满意": 90, "基本满意": 5, "不满意": 1, "未回访": 4}),
            "_person": ctx.draw_person()}


def make_legal_consultation(ctx: Context, dept: str, year: int) -> Record:
    while True:
        rec = {"consult_date": pick_day(ctx, year),
               "channel": pick_weighted(ctx, {"来访": 5, "电话": 4, "网络": 2, "现场": 2}),
               "topic": ctx.pick("consult_topics"), "people": ctx.rng.choice([1, 1, 1, 2, 3, 5, 8, 12])}
        key = ("consult", dept, rec["consult_date"], rec["channel"], rec["topic"])
        if key not in ctx.claims:
            ctx.claims.add(key)
            rec["_person"] = ctx.draw_person()
            return rec


def make_reconsideration_case(ctx: Context, dept: str, year: int) -> Record:
    accepted = ctx.rng.random() < 0.4
    closed = accepted and ctx.rng.random() < 0.85
    if closed:
        outcome = pick_weighted(ctx, {"维持": 4, "驳回": 2, "撤销": 1, "变更": 1, "确认违法": 1, "责令履行": 1,
                                 "调解": 1, "和解": 1, "终止": 1})
    else:
        outcome = "不予受理" if not accepted and ctx.rng.random() < 0.6 else None
    return {"received_date": pick_day(ctx, year), "respondent": ctx.pick("respondents"), "accepted": accepted,
            "closed": closed, "outcome": outcome, "_person": ctx.draw_person()}


def make_court_appearance(ctx: Context, dept: str, year: int) -> Record:
    n = ctx.next("court")
    return {"case_no": f"（{year}）辽0803行初{n}号", "hearing_date": pick_day(ctx, year),
            "agency": ctx.pick("respondents"), "leader_appeared": ctx.rng.random() < 0.97,
            "_person": ctx.draw_person()}


MAKERS: dict[str, Callable[[Context, str, int], Record]] = {
    "publicity_events": make_publicity_event, "publicity_videos": make_publicity_video,
    "case_file_reviews": make_case_file_review, "enforcement_staff": make_enforcement_staff,
    "correction_education": make_correction_session, "psych_services": make_psych_service,
    "resettlement": make_resettlement, "disputes": make_dispute, "hotline_tickets": make_hotline_ticket,
    "risk_assessments": make_risk_assessment, "one_court_requests": make_one_court_request,
    "legal_aid_cases": make_legal_aid_case, "legal_consultations": make_legal_consultation,
    "reconsideration_cases": make_reconsideration_case, "court_appearances": make_court_appearance,
}

ROW_COUNTS: dict[str, tuple[int, int]] = {
    "publicity_events": (8, 40), "publicity_videos": (10, 45), "case_file_reviews": (25, 80),
    "correction_education": (6, 24), "psych_services": (20, 60), "resettlement": (12, 40),
    "disputes": (25, 90), "hotline_tickets": (50, 180), "risk_assessments": (5, 20),
    "one_court_requests": (25, 80), "legal_aid_cases": (25, 90), "legal_consultations": (20, 60),
    "reconsideration_cases": (5, 15), "court_appearances": (5, 15),
}


def make_records(ctx: Context, dataset: str, dept: str, year: int) -> list[Record]:
    """A ledger's worth of records of a dataset for a department."""
    if dataset == "vice_principals":
        return make_vice_principals(ctx, dept, year)
    low, high = ROW_COUNTS[dataset]
    return [MAKERS[dataset](ctx, dept, year) for _ in range(ctx.rng.randint(low, high))]
