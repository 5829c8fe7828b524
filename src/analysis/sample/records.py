"""The truth behind the sample: every row the invented departments report, as records.

A record is a dict: canonical field values (what the cleaner must end up with), `file` (the
plan tag of the file, and sheet, it is written to), `raw` (cell texts written instead of the
plain value, e.g. "约300" for 300), `date_style` (how its date is written) and `counts` (False
for rows the cleaner must not count: an earlier version, the second report of a joint activity,
a quarantined row, rows in files that cannot be opened or in hidden sheets).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from .cells import Fmt, chinese_percent
from .people import PeopleFactory, spaced, wrong_check_digit

DATA = Path(__file__).with_name("data")

SCHOOLS = (
    "西市区实验小学", "西市区第一小学", "西市区第二小学", "西市区第三小学", "西市区育才小学",
    "西市区光明小学", "西市区红旗小学", "西市区新华小学", "西市区第一初级中学",
    "西市区第二初级中学", "西市区第三初级中学", "西市区第四十中学", "西市区实验中学",
    "西市区第五十中学", "西市区职业教育中心", "西市区特殊教育学校",
)  # fmt: skip


def rng_for(seed: int, name: str) -> random.Random:
    """One independent generator per dataset, so changing one leaves the others alone."""
    return random.Random(f"{seed}-{name}")


def days_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


# ---------------------------------------------------------------- publicity_events


def load_events(name: str) -> list[dict]:
    """Events kept as data (data/<name>.csv): value columns plus the texts written instead."""
    records = []
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            record = {
                "file": row["file"],
                "event_date": date.fromisoformat(row["date"]),
                "date_style": row["date_style"] or None,
                "materials": int(row["materials"]),
                "people_reached": int(row["people"]),
                "raw": {},
                "counts": row["file"] not in ("rsj_events", "zjj_events"),
            }
            for key in ("title", "category", "theme", "audience", "location", "street",
                        "co_organizers", "remarks"):  # fmt: skip
                record[key] = row[key] or None
            for key, text in (("category", "category_text"), ("theme", "theme_text"),
                              ("audience", "audience_text"), ("materials", "materials_text"),
                              ("people_reached", "people_text")):  # fmt: skip
                if row[text]:
                    record["raw"][key] = row[text]
            records.append(record)
    # The joint anti-fraud activity is reported by 公安分局 and by 区妇联: it counts once.
    for record in records:
        if record["file"] == "fl_events" and record["category"] == "反诈宣传":
            record["counts"] = False
    return records


def earlier_school_version(records: list[dict]) -> list[dict]:
    """区教育局's first submission: two events missing, three dates and some numbers wrong."""
    school = [r for r in records if r["file"] == "jyj_school"]
    earlier = []
    for i, record in enumerate(school[:-2]):
        old = dict(record, file="jyj_school_v1", counts=False, raw=dict(record["raw"]))
        if i in (2, 9, 15):
            old["event_date"] = record["event_date"] + timedelta(days=1)
        if i % 4 == 1:
            old["people_reached"] = record["people_reached"] + 10
            old["raw"].pop("people_reached", None)
        earlier.append(old)
    return earlier


TITLES_2024 = {
    "精准普法": [f"{t}精准普法" for t in (
        "老年人防诈骗", "农民工欠薪维权", "物业纠纷调解", "婚姻家庭", "劳动合同", "消费维权",
        "个人信息保护", "安全生产", "未成年人保护", "禁毒知识", "反家庭暴力", "养老服务",
        "外卖骑手权益", "企业合规", "邻里纠纷", "房屋租赁", "遗产继承", "交通安全")],
    "法律明白人培训": [f"第{n}期“法律明白人”培训" for n in "一二三四五"],
    "专题活动": ["全民国家安全教育日宣传", "民法典宣传月启动仪式", "民法典宣传月进社区",
                 "国际禁毒日专题普法", "法治文化节", "宪法宣传周主题活动", "“12·4”国家宪法日宣传"],
    "反诈宣传": [f"反诈宣传进{p}" for p in ("社区", "商圈", "企业", "校园周边", "养老院")],
    "送法进校园": [f"法治讲座（{s}）" for s in SCHOOLS] + [f"模拟法庭（{s}）" for s in SCHOOLS[:12]],
    "政策宣讲": [f"退役军人{t}政策宣讲" for t in ("优抚", "就业创业", "医疗保障", "权益保障")],
    "其他": ["法治文艺演出", "法律援助进社区", "人民调解宣传"],
}  # fmt: skip
PLAN_2024 = (  # category, audience, people range, materials range
    ("精准普法", "社区居民", (60, 140), (150, 300)),
    ("法律明白人培训", "法律明白人", (50, 65), (0, 0)),
    ("专题活动", "社区居民", (150, 400), (200, 600)),
    ("反诈宣传", "社区居民", (70, 110), (120, 200)),
    ("送法进校园", "青少年学生", (35, 70), (0, 0)),
    ("政策宣讲", "退役军人", (25, 40), (50, 100)),
    ("其他", "社区居民", (50, 150), (100, 200)),
)
STREETS = ("中华路街道", "人民街道", "站前街道", "新华街道", "河畔街道", "西城街道", "北山街道")
SCHOOL_TERMS_2024 = ((date(2024, 3, 4), date(2024, 6, 28)), (date(2024, 9, 2), date(2024, 11, 29)))
THEMED_2024 = {  # title: (date, theme)
    "全民国家安全教育日宣传": (date(2024, 4, 15), "国家安全教育日"),
    "民法典宣传月启动仪式": (date(2024, 5, 10), "民法典宣传月"),
    "民法典宣传月进社区": (date(2024, 5, 22), "民法典宣传月"),
    "国际禁毒日专题普法": (date(2024, 6, 26), None),
    "法治文化节": (date(2024, 9, 20), None),
    "宪法宣传周主题活动": (date(2024, 12, 2), "宪法宣传周"),
    "“12·4”国家宪法日宣传": (date(2024, 12, 4), "宪法宣传周"),
}


def events_2024(seed: int, tag: str = "sfj_events_2024") -> list[dict]:
    """Last year's ledger: plain, fewer quirks, for year-on-year comparisons."""
    rng = rng_for(seed, "events_2024")
    records = []
    for category, audience, people, materials in PLAN_2024:
        titles = TITLES_2024[category]
        days = sorted(days_between(rng, date(2024, 1, 8), date(2024, 11, 29)) for _ in titles)
        for title, day in zip(titles, days, strict=True):
            theme = None
            street = rng.choice(STREETS)
            location = f"{street}社区活动中心"
            if category == "送法进校园":
                day = days_between(rng, *SCHOOL_TERMS_2024[rng.randrange(2)])
                location, street = title[title.index("（") + 1 : -1], None
            if category == "专题活动":
                day, theme = THEMED_2024[title]
            records.append({
                "file": tag, "event_date": day, "title": title, "category": category,
                "theme": theme, "audience": audience, "location": location, "street": street,
                "people_reached": rng.randint(*people), "materials": rng.randint(*materials),
                "remarks": None, "raw": {}, "counts": True,
            })  # fmt: skip
    records.sort(key=lambda r: r["event_date"])
    return records


def publicity_events(seed: int) -> list[dict]:
    records = load_events("events_2025")
    records += earlier_school_version(records)
    # The hidden sheet "2024年台账" of 区司法局's ledger holds last year's rows: not counted.
    hidden = events_2024(seed, tag="sfj_events_hidden_2024")[:15]
    for record in hidden:
        record["counts"] = False
    return records + hidden


# ---------------------------------------------------------------- publicity_videos

VIDEO_SERIES = ("以案说法", "普法小课堂", "民法典小剧场")
VIDEO_TOPICS = (
    "高空抛物要担责", "彩礼纠纷怎么办", "网购退货七天无理由", "遭遇欠薪如何维权", "电动车头盔",
    "未成年人打赏能退吗", "邻里噪音扰民", "宠物伤人谁负责", "租房押金不退", "遗嘱怎么立才有效",
    "个人信息被泄露", "养老诈骗新套路", "工伤认定", "离婚冷静期", "物业费该不该交",
    "醉驾的后果", "校园欺凌说不", "借条怎么写", "见义勇为受保护", "网络谣言莫轻信",
)  # fmt: skip


def _video(rng, file, sheet, day, platform, account, title) -> dict:
    views = rng.randrange(800, 30000)
    return {
        "file": file, "sheet": sheet, "publish_date": day, "platform": platform,
        "account": account, "title": title, "views": views,
        "likes": views // rng.randrange(15, 60), "shares": views // rng.randrange(80, 300),
        "raw": {}, "counts": True,
    }  # fmt: skip


def publicity_videos(seed: int) -> list[dict]:
    rng = rng_for(seed, "videos")
    records = []
    for i in range(51):  # 51 Douyin videos of the account 西市司法
        day = date(2025, 1, 6) + timedelta(days=i * 6 + i // 3)
        title = f"【{VIDEO_SERIES[i % 3]}】{VIDEO_TOPICS[i % 20]}"
        record = _video(rng, "sfj_videos", "抖音", day, "抖音", "西市司法", title)
        if i % 10 == 3:
            record["raw"]["platform"] = "抖音号"
        if i == 20:
            record["raw"]["platform"] = "Douyin"
        if i == 5:
            record.update(views=12000, raw={"views": "1.2万"})
        if i == 8:
            record.update(views=3456, raw={"views": "3,456"})
        records.append(record)
    for i in range(18):  # the same account on 微信视频号: not a Douyin video
        day = date(2025, 1, 15) + timedelta(days=i * 18)
        title = f"【普法微视频】{VIDEO_TOPICS[(i * 7) % 20]}"
        record = _video(rng, "sfj_videos", "视频号", day, "微信视频号", "西市司法", title)
        if i % 2:
            record["raw"]["platform"] = "视频号"
        records.append(record)
    for i in range(9):  # the procuratorate's own Douyin account: not 西市司法
        day = date(2025, 2, 10) + timedelta(days=i * 33)
        title = f"检察官说法：{VIDEO_TOPICS[(i * 3 + 1) % 20]}"
        records.append(_video(rng, "jcy_videos", None, day, "抖音", "西市检察", title))
    return records


# ---------------------------------------------------------------- vice_principals

PROCURATOR_POSTS = ("检察官", "检察官助理", "第一检察部副主任", "未检检察官", "书记员")
POLICE_POSTS = ("派出所副所长", "社区民警", "治安大队民警")
COURT_POSTS = ("法官", "法官助理")
EMPLOYER_SPELLINGS = {
    "jcy": ("区检察院", "区人民检察院", "西市区人民检察院"),
    "ga": ("西市公安分局", "公安分局"),
    "fy": ("区法院", "区人民法院"),
}


def vice_principals(seed: int) -> list[dict]:
    """Two appointments per school; 20 procuratorate appointments held by 19 persons."""
    rng = rng_for(seed, "vice_principals")
    people = PeopleFactory(seed * 7 + 1)
    plan = (  # schools by index: which units send their two vice principals
        [("jcy", "jcy")] * 8 + [("jcy", "ga")] * 4 + [("ga", "ga")] * 2 + [("fy", "fy")] * 2
    )
    shared = people.person_with_x()  # one procurator serves two schools (0 and 8)
    shared_post = PROCURATOR_POSTS[0]
    records = []
    for school_index, units in enumerate(plan):
        for slot, unit in enumerate(units):
            person = shared if (school_index in (0, 8) and slot == 0) else people.person()
            posts = {"jcy": PROCURATOR_POSTS, "ga": POLICE_POSTS, "fy": COURT_POSTS}[unit]
            records.append({
                "file": f"{unit}_vp", "school": SCHOOLS[school_index], "name": person.name,
                "sex": person.sex, "id_number": person.id_number,
                "employer": rng.choice(EMPLOYER_SPELLINGS[unit]),
                "position": shared_post if person is shared else rng.choice(posts),
                "phone": person.phone, "remarks": None, "raw": {}, "counts": True,
                "person": person,
            })  # fmt: skip
    # The shared procurator's number, written once with a lower-case x and spaces.
    second = next(r for r in records if r["person"] is shared and r["school"] == SCHOOLS[8])
    second["id_number"] = spaced(shared.id_number).lower()
    second["remarks"] = "兼任两校法治副校长"
    return sorted(records, key=lambda r: (r["file"], SCHOOLS.index(r["school"])))


# ---------------------------------------------------------------- case_file_reviews

REVIEWERS = ("高志远", "刘文静", "孙立新", "周海燕", "陈浩然", "吴振华", "郑雅琴")
REVIEWER_FILES = (22, 21, 21, 21, 21, 20, 20)  # 146 case files
ENFORCEMENT_UNITS = (  # canonical, spellings written, case number prefix
    ("区市场监督管理局", ("区市场监管局", "西市区市场监督管理局", "市场监管局"), "西市监"),
    (
        "区城市管理综合行政执法局",
        ("区城管执法局", "西市区城市管理综合行政执法局", "城管局"),
        "西城管",
    ),
    ("区住房和城乡建设局", ("区住建局", "住建局"), "西住建"),
    ("区卫生健康局", ("区卫健局", "西市区卫生健康局"), "西卫健"),
    ("区应急管理局", ("区应急局", "应急局"), "西应急"),
    ("区人力资源和社会保障局", ("区人社局", "人社局"), "西人社"),
)
CASE_TYPE_TEXTS = {
    "行政许可": ("行政许可", "许可类", "行政许可案件"),
    "行政处罚": ("行政处罚", "处罚类", "处罚"),
}
DEFECT_TEXTS = {
    "证据不充分": ("证据不足", "证据链不完整", "证据不充分"),
    "程序不规范": ("程序瑕疵", "执法程序不规范", "程序不规范"),
    "文书不规范": ("文书制作不规范", "法律文书不规范", "文书不规范"),
    "法律适用错误": ("适用法律错误", "引用法条错误"),
    "裁量不当": ("自由裁量不当", "裁量基准适用不当"),
    "送达不规范": ("送达程序不规范", "未依法送达"),
    "归档不规范": ("卷宗归档不规范", "归档不及时", "案卷装订不规范"),
}
SEPARATORS = ("、", "，", ",", "；", ";", "/", "\n")
NO_DEFECT = ("无", "/", "未发现问题")


def grade_for(score: float) -> str:
    return "优秀" if score >= 90 else "合格" if score >= 60 else "不合格"


def case_file_reviews(seed: int) -> list[dict]:
    rng = rng_for(seed, "case_reviews")
    used: set[str] = set()
    records = []
    reviewers = [name for name, n in zip(REVIEWERS, REVIEWER_FILES, strict=True) for _ in range(n)]
    for i, reviewer in enumerate(reviewers):
        unit, spellings, prefix = ENFORCEMENT_UNITS[rng.randrange(len(ENFORCEMENT_UNITS))]
        case_type = "行政许可" if rng.random() < 0.4 else "行政处罚"
        closed = days_between(rng, date(2021, 2, 1), date(2025, 4, 30))
        if i == 0:
            closed = date(2021, 1, 12)  # the first case file closed in January 2021
        if i == len(reviewers) - 1:
            closed = date(2025, 5, 27)  # the last one in May 2025
        while True:
            case_no = f"{prefix}{case_type[2]}〔{closed.year}〕{rng.randrange(1, 300)}号"
            if case_no not in used:
                used.add(case_no)
                break
        score = round(min(99.0, max(52.0, rng.gauss(84, 8))), 1)
        grade = grade_for(score)
        defects = [] if score >= 95 else rng.sample(sorted(DEFECT_TEXTS), rng.randint(1, 3))
        texts = [rng.choice(DEFECT_TEXTS[d]) for d in defects]
        records.append({
            "file": "cases_1" if reviewer in REVIEWERS[:4] else "cases_2",
            "sheet": case_type, "case_no": case_no, "enforcement_unit": unit,
            "case_type": case_type, "closed_date": closed, "reviewer": reviewer,
            "score": score, "grade": grade, "defects": ";".join(defects) or None,
            "remarks": None, "counts": True,
            "raw": {
                "enforcement_unit": rng.choice(spellings),
                "case_type": rng.choice(CASE_TYPE_TEXTS[case_type]),
                "grade": {"优秀": rng.choice(("优秀", "优")), "合格": rng.choice(("合格", "合格", "基本合格"))}.get(grade, grade),
                "defects": SEPARATORS[i % len(SEPARATORS)].join(texts) or NO_DEFECT[i % 3],
            },
        })  # fmt: skip
    for i in (10, 57, 120):  # a few grades left blank: derived from the score bands
        records[i]["raw"]["grade"] = None
        records[i]["remarks"] = "等次待定"
    contradicting = records[33]  # the written grade contradicts its score
    contradicting.update(score=76.5, grade="合格")
    contradicting["raw"]["grade"] = "优秀"
    return sorted(records, key=lambda r: (r["file"], r["closed_date"]))


# ---------------------------------------------------------------- enforcement filings / staff

FILINGS = {  # department: filings January..November 2025 (409 in all)
    "区市场监督管理局": (12, 14, 15, 13, 16, 15, 14, 17, 13, 15, 16),
    "区城市管理综合行政执法局": (9, 10, 11, 10, 8, 12, 11, 9, 10, 11, 9),
    "区住房和城乡建设局": (5, 6, 4, 7, 5, 6, 5, 6, 5, 6, 5),
    "区卫生健康局": (3, 4, 5, 4, 3, 5, 4, 4, 5, 4, 4),
    "区应急管理局": (3, 2, 4, 3, 3, 2, 4, 3, 4, 3, 3),
}
FILING_SPELLINGS = {
    "区城市管理综合行政执法局": ("区城管局", "城管局", "区城管执法局"),
    "区住房和城乡建设局": ("区住建局", "住建局", "西市区住建局"),
    "区卫生健康局": ("区卫健局", "卫健局"),
    "区应急管理局": ("区应急局", "应急局"),
}


def enforcement_filings(seed: int) -> list[dict]:
    records = []
    for month in range(1, 12):
        for department, spellings in FILING_SPELLINGS.items():  # 区司法局's summary table
            records.append({
                "file": "sfj_filings", "department": department, "month": date(2025, month, 1),
                "filings": FILINGS[department][month - 1], "counts": True,
                "raw": {"department": spellings[(month - 1) // 4 % len(spellings)]},
            })  # fmt: skip
    for month, filings in enumerate(FILINGS["区市场监督管理局"], start=1):  # its own file, v2
        record = {
            "file": "scj_filings_v2", "department": "区市场监督管理局",
            "month": date(2025, month, 1), "filings": filings, "raw": {}, "counts": True,
            "remarks": "v2：更正3月、7月，补报11月" if month == 1 else None,
        }  # fmt: skip
        if month == 8:
            record["raw"]["filings"] = f"{filings}次"
        records.append(record)
        if month <= 10:  # the first version: November missing, March and July wrong
            wrong = filings + {3: 3, 7: -2}.get(month, 0)
            records.append(
                dict(
                    record, file="scj_filings_v1", filings=wrong, raw={}, remarks=None, counts=False
                )
            )
    return records


STAFF = (  # canonical, spelling, enforcement staff, legal review staff (14 of 248)
    ("区市场监督管理局", "区市场监管局", 62, 4),
    ("区城市管理综合行政执法局", "区城管执法局", 58, 3),
    ("区住房和城乡建设局", "区住建局", 30, 2),
    ("区卫生健康局", "区卫健局", 24, 1),
    ("区应急管理局", "区应急局", 20, 1),
    ("区人力资源和社会保障局", "区人社局", 18, 1),
    ("区教育局", "区教育局", 16, 1),
    ("区退役军人事务局", "区退役军人局", 10, 1),
    ("区营商环境建设局", "区营商局", 10, 0),
)
SHARE_STYLES = ("pct", "fmt", "num", "pct", "frac", "fmt", "num", "pct", "zero")


def share_cell(part: int, whole: int, style: str):
    """The reported share, written as 6.5%, 6.5, 0.065 or a formatted number."""
    ratio = part / whole
    return {
        "pct": f"{ratio * 100:.1f}%",
        "num": f"{ratio * 100:.1f}",
        "frac": f"{ratio:.3f}",
        "fmt": Fmt(round(ratio, 4), "0.0%"),
        "zero": "0",
    }[style]


def enforcement_staff(seed: int) -> list[dict]:
    records = []
    for (unit, spelling, staff, legal), style in zip(STAFF, SHARE_STYLES, strict=True):
        raw = {"department": spelling, "share": share_cell(legal, staff, style)}
        if legal == 0:
            raw["legal_review_staff"] = "无"
        records.append({
            "file": "staff", "department": unit, "enforcement_staff": staff,
            "legal_review_staff": legal, "raw": raw, "counts": True,
        })  # fmt: skip
    return records


# ---------------------------------------------------------------- community correction

SESSIONS = (  # date, topic, venue, attendees, passed, how the pass rate is written
    ("2025-01-16", "宪法与社区矫正法学习", "中华路司法所", 36, 36, "pct"),
    ("2025-02-13", "民法典婚姻家庭编解读", "人民司法所", 50, 49, "cn"),
    ("2025-02-27", "社区矫正监督管理规定", "站前司法所", 42, 41, "num"),
    ("2025-03-06", "反电信网络诈骗法", "新华司法所", 38, 38, "pct"),
    ("2025-03-20", "治安管理处罚法解读", "河畔司法所", 45, 44, "frac"),
    ("2025-03-27", "禁毒法专题教育", "西城司法所", 33, 33, "fmt"),
    ("2025-04-10", "国家安全法学习", "北山司法所", 40, 40, "pct"),
    ("2025-04-24", "道路交通安全法", "中华路司法所", 37, 36, "num"),
    ("2025-05-08", "民法典合同编", "人民司法所", 44, 44, "frac"),
    ("2025-05-22", "劳动法与就业权益", "站前司法所", 50, 49, "pct"),
    ("2025-06-05", "防范非法集资", "新华司法所", 35, 35, "pct"),
    ("2025-06-19", "刑法修正案解读", "河畔司法所", 39, 38, "fmt"),
    ("2025-07-03", "网络安全法", "西城司法所", 41, 41, "pct"),
    ("2025-07-17", "社区矫正对象权利义务", "北山司法所", 34, 34, "num"),
    ("2025-07-31", "预防再犯罪警示教育", "中华路司法所", 43, 42, "num"),
    ("2025-08-14", "民法典侵权责任编", "人民司法所", 36, 36, "pct"),
    ("2025-08-28", "全区社区矫正对象集中法治教育", "区社区矫正中心", 200, 197, "num"),
    ("2025-09-11", "安全生产法", "站前司法所", 38, 38, "pct"),
    ("2025-09-25", "消费者权益保护法", "新华司法所", 42, 42, "frac"),
    ("2025-10-16", "国家安全教育", "河畔司法所", 37, 36, "frac"),
    ("2025-10-30", "反家庭暴力法", "西城司法所", 40, 40, "pct"),
    ("2025-11-06", "宪法宣传周专题学习", "北山司法所", 45, 45, "cn"),
    ("2025-11-20", "法律援助与公共法律服务", "中华路司法所", 33, 33, "pct"),
    ("2025-11-27", "年终法治教育考核", "人民司法所", 39, 38, "pct"),
)


def rate_cell(passed: int, attendees: int, style: str):
    ratio = passed / attendees
    if style == "cn":
        return chinese_percent(round(ratio * 100))
    return {
        "pct": f"{ratio * 100:.1f}".rstrip("0").rstrip(".") + "%",
        "num": f"{ratio * 100:.1f}",
        "frac": f"{ratio:.3f}",
        "fmt": Fmt(round(ratio, 4), "0.0%"),
    }[style]


def correction_education(seed: int) -> list[dict]:
    records = []
    for day, topic, venue, attendees, passed, style in SESSIONS:
        records.append({
            "file": "correction", "session_date": date.fromisoformat(day), "topic": topic,
            "venue": venue, "attendees": attendees, "passed": passed, "remarks": None,
            "raw": {"pass_rate": rate_cell(passed, attendees, style)}, "counts": True,
        })  # fmt: skip
    # An impossible date: the row is quarantined, so it is extra to the 24 sessions.
    records.insert(4, {
        "file": "correction", "session_date": date(2025, 2, 28), "topic": "春节后返岗法治教育",
        "venue": "西城司法所", "attendees": 28, "passed": 28, "remarks": "补录",
        "raw": {"session_date": "2025年2月30日", "pass_rate": "100%"}, "counts": False,
    })  # fmt: skip
    return records


SERVICE_TYPES = (  # canonical, weight, spellings
    ("心理测评", 30, ("心理测评", "心理评估", "测评")),
    ("个体咨询", 35, ("个体咨询", "心理咨询", "一对一咨询")),
    ("团体辅导", 20, ("团体辅导", "团辅", "团体心理辅导")),
    ("心理健康讲座", 10, ("心理健康讲座", "心理讲座")),
    ("危机干预", 5, ("危机干预", "心理危机干预")),
)
PROVIDERS = {"psych_1": "西市区阳光心理咨询中心", "psych_2": "西市区心晴社会工作服务中心"}
PSYCH_ROWS = {"psych_1": 400, "psych_2": 248}  # 648 services
PSYCH_PERSONS = 96


def psych_services(seed: int) -> list[dict]:
    rng = rng_for(seed, "psych")
    people = PeopleFactory(seed * 7 + 2)
    persons = [people.person(1960, 2003) for _ in range(PSYCH_PERSONS)]
    lower_x = next(p for p in persons if p.id_number.endswith("X"))
    with_spaces = persons[5]
    weights = [w for _, w, _ in SERVICE_TYPES]
    records = []
    for file, rows in PSYCH_ROWS.items():
        for _ in range(rows):
            person = rng.choice(persons)
            kind, _, spellings = rng.choices(SERVICE_TYPES, weights)[0]
            day = days_between(rng, date(2025, 1, 2), date(2025, 11, 28))
            id_text = person.id_number
            if person is lower_x:
                id_text = id_text.lower()
            if person is with_spaces and file == "psych_2":
                id_text = spaced(id_text)
            records.append({
                "file": file, "service_date": day, "name": person.name, "id_number": id_text,
                "service_type": kind, "provider": PROVIDERS[file], "remarks": None,
                "raw": {"service_type": rng.choice(spellings)}, "counts": True,
                "date_style": "md" if file == "psych_1" and day.month == 3 else None,
            })  # fmt: skip
    records.sort(key=lambda r: (r["file"], r["service_date"]))
    typo = records[100]  # a mistyped identity number: its check digit does not fit
    typo["id_number"] = wrong_check_digit(typo["id_number"].upper())
    typo["remarks"] = "身份证号待核实"
    return records


RESETTLEMENT_FILES = ("resettle_zhonghua", "resettle_renmin", "resettle_zhanqian",
                      "resettle_xinhua", "resettle_hepan")  # fmt: skip


def resettlement(seed: int) -> list[dict]:
    """85 persons released in 2025, 17 per 司法所: all handed over, one not placed, one reoffended."""
    rng = rng_for(seed, "resettlement")
    people = PeopleFactory(seed * 7 + 3)
    records = []
    for file in RESETTLEMENT_FILES:
        for _ in range(17):
            person = people.person(1965, 2002)
            records.append({
                "file": file, "name": person.name, "sex": person.sex,
                "id_number": person.id_number, "phone": person.phone,
                "release_date": days_between(rng, date(2025, 1, 3), date(2025, 11, 25)),
                "handed_over": True, "placed": True, "assisted": True, "reoffended": False,
                "remarks": None, "raw": {}, "counts": True,
            })  # fmt: skip
    by_file = {f: [r for r in records if r["file"] == f] for f in RESETTLEMENT_FILES}
    not_placed = by_file["resettle_zhanqian"][6]
    not_placed.update(placed=False, remarks="本人拒绝安置，已登记")
    reoffended = by_file["resettle_hepan"][11]
    reoffended.update(reoffended=True, remarks="2025年10月因盗窃被行政拘留")
    phone_in_name = by_file["resettle_xinhua"][3]  # the phone written into the name column
    phone_in_name["raw"].update(
        name=f"{phone_in_name['name']} {phone_in_name['phone']}", phone=None
    )
    lower_x = next((r for r in by_file["resettle_renmin"] if r["id_number"].endswith("X")), None)
    if lower_x:
        lower_x["raw"]["id_number"] = lower_x["id_number"].lower()
    for file in RESETTLEMENT_FILES:
        by_file[file].sort(key=lambda r: r["release_date"])
    return [r for f in RESETTLEMENT_FILES for r in by_file[f]]


def resettlement_2024(seed: int) -> list[dict]:
    rng = rng_for(seed, "resettlement_2024")
    people = PeopleFactory(seed * 7 + 4)
    records = []
    for i in range(78):
        person = people.person(1965, 2001)
        records.append({
            "file": "resettle_2024", "name": person.name, "sex": person.sex,
            "id_number": person.id_number, "phone": person.phone,
            "release_date": days_between(rng, date(2024, 1, 5), date(2024, 11, 28)),
            "handed_over": i != 40, "placed": i not in (12, 55), "assisted": True,
            "reoffended": i == 70, "remarks": None, "raw": {}, "counts": True,
        })  # fmt: skip
    return sorted(records, key=lambda r: r["release_date"])


# ---------------------------------------------------------------- all of it

BUILDERS = {
    2025: {
        "publicity_events": publicity_events,
        "publicity_videos": publicity_videos,
        "vice_principals": vice_principals,
        "case_file_reviews": case_file_reviews,
        "enforcement_filings": enforcement_filings,
        "enforcement_staff": enforcement_staff,
        "correction_education": correction_education,
        "psych_services": psych_services,
        "resettlement": resettlement,
    },
    2024: {
        "publicity_events": events_2024,
        "resettlement": resettlement_2024,
    },
}
