"""check-draft on drafts in next year's words: totals, breakdowns, re-worded figures, year-on-year
changes, dates and document numbers, and a few edited numbers.

The drafts are templates: every statistical number is computed here from the cleaned sample with
plain pandas (not through the checker's code), then written in, or written changed for the numbers
the test edits. The checker must call no true number 不成立, flag every edited number (不成立 or
需人工核对) and tie at least 80 % of the statistical numbers to a quantity.

``DRAFT_A`` was written before the checker was tuned; ``DRAFT_B`` after, in another style, to see
whether the reading generalises (docs/benchmarks.md, the i24-checker entry, gives both results).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.datasets import load
from analysis.draft.check import check_draft
from analysis.draft.verdicts import FAILS, HOLDS, REVIEW, TRUNCATION, UNTIED

from .drafts import PLACEHOLDER, months, where


def _frame(years: Path, dataset: str, year: int = 2025) -> pd.DataFrame:
    return load(dataset, years / str(year))


def key_a(years: Path) -> dict[str, int | float]:
    """The true value of each placeholder of DRAFT_A, from the data."""
    pe, pe24 = _frame(years, "publicity_events"), _frame(years, "publicity_events", 2024)
    disputes = _frame(years, "disputes")
    disputes = disputes[pd.to_datetime(disputes["received_date"]).dt.year.eq(2025).fillna(False).astype(bool)]
    vp = _frame(years, "vice_principals")
    aid, aid24 = _frame(years, "legal_aid_cases"), _frame(years, "legal_aid_cases", 2024)
    filings = _frame(years, "enforcement_filings")
    reviews = _frame(years, "case_file_reviews")
    growth = (len(pe) / len(pe24) - 1) * 100
    return {
        "pe": len(pe), "materials": int(pe["materials"].sum()), "people": int(pe["people_reached"].sum()),
        "precision": len(where(pe, category="精准普法")), "school": len(where(pe, category="送法进校园")),
        "antifraud": len(where(pe, category="反诈宣传")),
        "pe_sfj": len(where(pe, department="区司法局")), "pe_xicheng": len(where(pe, street="西城街道")),
        "pe_h1": len(months(pe, "event_date", 1, 6)), "pe_units": int(pe["department"].nunique()),
        "pe_change": len(pe) - len(pe24), "pe_growth": round(growth, 1),
        "schools": int(vp["school"].nunique()), "vp_people": int(vp["person_key"].nunique()),
        "disputes": len(disputes), "d_renmin": len(where(disputes, street="人民街道")),
        "d_xicheng": len(where(disputes, street="西城街道")), "d_marriage": len(where(disputes, dispute_type="婚姻家庭")),
        "d_property": len(where(disputes, dispute_type="物业纠纷")),
        "aid": len(aid), "aid_change": len(aid) - len(aid24), "aid_q1": len(months(aid, "accepted_date", 1, 3)),
        "filings": int(filings["filings"].sum()), "reviews": len(reviews), "reviewers": int(reviews["reviewer"].nunique()),
        "school_people": int(where(pe, category="送法进校园")["people_reached"].sum()),
    }


#: Placeholders: {name} true, {name+N} the true value changed by N (an edited number).
DRAFT_A = """西市区2025年法治建设工作总结（征求意见稿）
根据西法治办发〔2025〕3号文件要求，现将有关情况报告如下。
一、主要工作
(一)普法宣传
全年各成员单位累计组织普法宣传活动{pe}场，发放各类宣传资料{materials}份，受众达{people}人次，参与的单位共{pe_units}个。
其中，精准普法活动{precision}次，送法进校园活动{school+3}场，反诈宣传活动{antifraud}场。
区司法局牵头开展普法活动{pe_sfj}场；西城街道开展普法活动{pe_xicheng}场。
上半年开展普法活动{pe_h1}场。普法活动较上年增加{pe_change}场，较2024年增长{pe_growth}%。
送法进校园活动覆盖师生{school_people+500}人次。
全区{schools}所学校共配备法治副校长{vp_people+29}名。
(二)矛盾纠纷化解
2025年3月15日，区委依法治区办召开专题会议部署排查工作。全年排查矛盾纠纷{disputes}件，其中人民街道{d_renmin}件，西城街道{d_xicheng+10}件。
按类型看，婚姻家庭纠纷{d_marriage}件，物业纠纷{d_property}件。
(三)公共法律服务
全年受理法律援助案件{aid}件，比上年增加{aid_change}件；一季度受理法律援助案件{aid_q1+6}件。
(四)执法监督
涉企行政执法备案共{filings}次。组织{reviewers}名律师评查行政执法案卷{reviews}本。
联系电话：024-12345678。
"""

def render(template: str, key: dict) -> tuple[str, list[tuple[str, bool]]]:
    """The draft text, and each statistical number as written with whether the test edited it."""
    numbers: list[tuple[str, bool]] = []

    def fill(m: re.Match) -> str:
        value = key[m.group(1)] + (int(m.group(2)) if m.group(2) else 0)
        text = f"{value:g}" if isinstance(value, float) else str(value)
        numbers.append((text, bool(m.group(2))))
        return text

    return PLACEHOLDER.sub(fill, template), numbers


def evaluate(years: Path, tmp_path: Path, template: str, key: dict, suffix: str = ".txt"):
    text, numbers = render(template, key)
    draft = tmp_path / f"稿{suffix}"
    draft.write_text(text, encoding="utf-8")
    result = check_draft(draft, years / "2025", 2025)
    by_number: list = []
    findings = list(result.findings)
    for written, edited in numbers:  # the findings in text order; each placeholder is one finding
        found = next((f for f in findings if f.claimed == written or f.claimed.lstrip("-") == written), None)
        assert found is not None, f"{written} not found as a figure"
        findings.remove(found)
        by_number.append((written, edited, found))
    assert findings == [], f"numbers that are no statistic read as figures: {[f.text for f in findings]}"
    return result, by_number


def report(by_number) -> dict[str, object]:
    true = [f for _, edited, f in by_number if not edited]
    edited = [f for _, e, f in by_number if e]
    return {
        "false_alarms": [(f.text, f.reading) for f in true if f.verdict == FAILS],
        "missed_edits": [(f.text, f.verdict, f.reading) for f in edited if f.verdict not in (FAILS, REVIEW)],
        "tied": sum(f.verdict in (HOLDS, TRUNCATION, FAILS) for _, _, f in by_number) / len(by_number),
        "untied": [(f.text, f.note) for _, _, f in by_number if f.verdict == UNTIED],
    }


def test_draft_a_no_false_alarm_every_edit_caught(years, tmp_path):
    result, by_number = evaluate(years, tmp_path, DRAFT_A, key_a(years))
    r = report(by_number)
    assert r["false_alarms"] == []
    assert r["missed_edits"] == []
    assert r["tied"] >= 0.8, r
    assert all(f.reading for _, _, f in by_number if f.verdict in (HOLDS, FAILS))


def test_draft_a_sets_aside_dates_document_numbers_and_phones(years, tmp_path):
    result, _ = evaluate(years, tmp_path, DRAFT_A, key_a(years))
    reasons = {a.item.reason for a in result.set_aside}
    assert {"日期", "文号或案号"} <= reasons
    assert any("个人信息" in r for r in reasons)
    assert not [s for s in result.structure if s.kind == "同比缺少上年数据"]


def test_the_issue_examples(years, tmp_path):
    draft = tmp_path / "例.txt"
    draft.write_text("全年各成员单位共开展普法活动82场，发放宣传材料16040份，覆盖群众19865人次。"
                     "其中开展精准普法活动21次，发放宣传材料5000余份。全区共配备法治副校长60名。", encoding="utf-8")
    pe = _frame(years, "publicity_events")
    result = check_draft(draft, years / "2025", 2025)
    verdicts = [(f.text, f.verdict) for f in result.findings]
    truth = [len(pe), pe["materials"].sum(), pe["people_reached"].sum()]
    expected_first = [HOLDS if t == n else FAILS for t, n in zip(truth, (82, 16040, 19865), strict=True)]
    assert [v for _, v in verdicts[:3]] == expected_first
    assert verdicts[3][1] == HOLDS and verdicts[4][1] == HOLDS
    vp = _frame(years, "vice_principals")
    assert verdicts[5][1] == (HOLDS if vp["person_key"].nunique() == 60 else FAILS)
    assert not [s for s in result.structure if s.kind == "同一指标两处表述不一致"]
    assert all("普法活动" in f.reading for f in result.findings[:3])


def key_b(years: Path) -> dict[str, int | float]:
    """The true value of each placeholder of DRAFT_B, from the data."""
    pe = _frame(years, "publicity_events")
    aid, aid24 = _frame(years, "legal_aid_cases"), _frame(years, "legal_aid_cases", 2024)
    tickets = _frame(years, "hotline_tickets")
    tickets = tickets[pd.to_datetime(tickets["received_date"]).dt.year.eq(2025).fillna(False).astype(bool)]
    disputes = _frame(years, "disputes")
    disputes = disputes[pd.to_datetime(disputes["received_date"]).dt.year.eq(2025).fillna(False).astype(bool)]
    edu = _frame(years, "correction_education")
    resettle = _frame(years, "resettlement")
    return {
        "pe_edu": len(where(pe, department="区教育局")), "liaison": len(where(pe, category="法律明白人培训")),
        "pe_dec": len(months(pe, "event_date", 12, 12)), "pe_q4": len(months(pe, "event_date", 10, 12)),
        "aid_growth": round((len(aid) / len(aid24) - 1) * 100, 1),
        "tickets": len(tickets), "tickets_xicheng": len(where(tickets, street="西城街道")),
        "d_labour": len(where(disputes, dispute_type="劳动争议")), "d_resolved": int(disputes["resolved"].fillna(False).sum()),
        "edu_sessions": len(edu), "edu_people": int(edu["attendees"].sum()),
        "released": len(resettle), "materials_school": int(where(pe, category="送法进校园")["materials"].sum()),
    }


#: Written after the checker was tuned on DRAFT_A and the seed, in another style (a data briefing).
DRAFT_B = """关于2025年度法治宣传和法律服务数据的情况通报
各成员单位：
现将2025年1月至12月有关数据通报如下（统计截至2025年12月31日）。
1.区教育局全年组织开展普法活动{pe_edu}场次；“法律明白人”培训举办{liaison}期。
2.12月份开展普法活动{pe_dec}场，四季度合计{pe_q4+4}场。
3.法律援助案件受理量同比增长{pe_growth_placeholder}%。
4.12345热线共接到群众来电工单{tickets}件，西城街道{tickets_xicheng}件。
5.劳动争议类纠纷共{d_labour}件；成功化解矛盾纠纷{d_resolved-20}件。
6.组织社区矫正对象法治教育{edu_sessions}场，参加{edu_people}人次。
7.在册刑满释放人员{released}名。送法进校园活动发放资料{materials_school+300}份。
请各单位于2026年1月10日前报送补充材料，联系人电话：13912345678。
""".replace("{pe_growth_placeholder}", "{aid_growth}")


def test_draft_b_held_apart(years, tmp_path):
    result, by_number = evaluate(years, tmp_path, DRAFT_B, key_b(years))
    r = report(by_number)
    assert r["false_alarms"] == []
    assert r["missed_edits"] == []
    assert r["tied"] >= 0.8, r


def test_writer_choice_is_kept_beside_the_draft(years, tmp_path):
    """需人工核对 → the writer picks a reading in <draft>.核对记录.csv → re-checks use it."""
    import csv

    from analysis.draft.choices import choices_path
    from analysis.draft.cli import main_check_draft

    disputes = _frame(years, "disputes")
    xicheng = len(where(disputes, street="西城街道"))
    draft = tmp_path / "稿.txt"
    lead = "全年开展普法活动，排查矛盾纠纷，办理法律咨询。"
    draft.write_text(f"{lead}西城街道共{xicheng + 1}件。", encoding="utf-8")
    args = [str(draft), "--processed", str(years / "2025"), "--out", str(tmp_path / "out")]
    first = check_draft(draft, years / "2025", 2025).findings[0]
    assert first.verdict == REVIEW and 2 <= len(first.options) <= 3
    assert main_check_draft(args) == 0
    record = choices_path(draft)
    rows = list(csv.DictReader(record.open(encoding="utf-8-sig")))
    assert len(rows) == 1 and "1." in rows[0]["候选读法"] and rows[0]["选择"] == ""
    pick = next(i for i, c in enumerate(first.options, 1) if "矛盾纠纷" in c.description)
    rows[0]["选择"] = str(pick)
    with record.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    chosen = check_draft(draft, years / "2025", 2025).findings[0]
    assert chosen.verdict == FAILS and chosen.supported == f"{xicheng}件" and "西城街道" in chosen.reading
    draft.write_text(f"{lead}西城街道共{xicheng}件。", encoding="utf-8")  # the writer corrects the number
    assert check_draft(draft, years / "2025", 2025).findings[0].verdict == HOLDS
    assert main_check_draft(args) == 0
    assert list(csv.DictReader(record.open(encoding="utf-8-sig")))[0]["选择"] == "1"


def key_c(years: Path) -> dict[str, int | float]:
    """The true value of each placeholder of DRAFT_C, from the data."""
    pe = _frame(years, "publicity_events")
    aid = _frame(years, "legal_aid_cases")
    consult = _frame(years, "legal_consultations")
    videos = _frame(years, "publicity_videos")
    psych = _frame(years, "psych_services")
    recon = _frame(years, "reconsideration_cases")
    return {
        "theme": len(where(pe, category="专题活动")), "policy": len(where(pe, category="政策宣讲")),
        "pe_women": len(where(pe, department="区妇女联合会")), "pe_q3": len(months(pe, "event_date", 7, 9)),
        "antifraud_people": int(where(pe, category="反诈宣传")["people_reached"].sum()),
        "videos": len(videos), "psych_people": int(psych["person_key"].nunique()),
        "aid_criminal": len(where(aid, case_type="刑事")), "aid_civil": len(where(aid, case_type="民事")),
        "consult_rows": len(consult), "recon": len(recon),
        "precision_materials": int(where(pe, category="精准普法")["materials"].sum()),
    }


#: Written after all tuning, checked once (a speech-like summary, other verbs and orders).
DRAFT_C = """在全区法治工作会议上的讲话（摘要）
同志们：
过去一年，我们把普法放在突出位置。围绕民法典等主题，举办专题活动{theme}场；面向退役军人，政策宣讲办了{policy+2}场。
区妇女联合会也组织了普法活动{pe_women}场。7至9月，全区普法活动达到{pe_q3}场。
反诈宣传覆盖群众{antifraud_people}人次，精准普法发放材料{precision_materials-300}份。
新媒体平台发布作品{videos}条。心理服务惠及社区矫正对象{psych_people}人。
法律援助方面，刑事案件{aid_criminal}件，民事案件{aid_civil+15}件，法律咨询登记{consult_rows}条。
行政复议申请共收到{recon}件。
"""


def test_draft_c_held_apart_checked_once(years, tmp_path):
    result, by_number = evaluate(years, tmp_path, DRAFT_C, key_c(years))
    r = report(by_number)
    assert r["false_alarms"] == []
    assert r["missed_edits"] == []


def test_shares_changes_and_filtered_rates(years, tmp_path):
    """占…的X%, 较上年增加/减少N场 and a metric's rate for one street, each computed from the data."""
    pe, pe24 = _frame(years, "publicity_events"), _frame(years, "publicity_events", 2024)
    precise = len(where(pe, category="精准普法"))
    share = round(precise * 100 / len(pe), 1)
    change = precise - len(where(pe24, category="精准普法"))
    disputes = _frame(years, "disputes")
    disputes = disputes[pd.to_datetime(disputes["received_date"]).dt.year.eq(2025).fillna(False).astype(bool)]
    west = where(disputes, street="西城街道")
    rate = round(float(west["resolved"].fillna(False).sum()) * 100 / len(west), 1)
    wrong_way = "减少" if change > 0 else "增加"
    draft = tmp_path / "稿.txt"
    draft.write_text(f"精准普法活动{precise}次，占全部普法活动的{share:g}%。精准普法活动较上年{wrong_way}{abs(change) or 1}场。"
                     f"西城街道矛盾纠纷化解率{rate:g}%。", encoding="utf-8")
    found = check_draft(draft, years / "2025", 2025).findings
    assert [f.verdict for f in found] == [HOLDS, HOLDS, FAILS, HOLDS]
    assert "占" in found[1].reading and "精准普法" in found[1].reading
    assert found[2].supported.startswith("较上年") and found[2].supported.endswith("场")
    assert "西城街道" in found[3].reading


def key_d(years: Path) -> dict[str, int | float]:
    """The true value of each placeholder of DRAFT_D, from the data (bounds written below the truth)."""
    pe = _frame(years, "publicity_events")
    disputes = _frame(years, "disputes")
    disputes = disputes[pd.to_datetime(disputes["received_date"]).dt.year.eq(2025).fillna(False).astype(bool)]
    aid = _frame(years, "legal_aid_cases")
    vp = _frame(years, "vice_principals")
    materials = int(pe["materials"].sum())
    return {
        "pe_over": len(pe) - 5, "materials_yu": materials // 1000 * 1000 if materials % 1000 else materials - 1000,
        "school_events": len(where(pe, category="送法进校园")), "vp_rows": len(vp),
        "d_north": len(where(disputes, street="北山街道")), "d_station": len(where(disputes, street="站前街道")),
        "d_neighbour": len(where(disputes, dispute_type="邻里纠纷")),
        "aid_closed": int(aid["closed"].fillna(False).sum()), "aid_nonlit": len(where(aid, case_type="非诉讼")),
        "pe_police": len(where(pe, department="公安分局")), "pe_veteran": len(where(pe, department="区退役军人事务局")),
    }


#: Written after all tuning, checked once: bounds (超过, 余), a 其中 list with 、, a Markdown table.
DRAFT_D = """# 2025年法治宣传教育和矛盾纠纷化解工作情况

一年来，全区普法活动超过{pe_over}场，发放材料{materials_yu+2000}余份。法治副校长名册共登记{vp_rows}人次，
送法进校园活动{school_events}场。

矛盾纠纷方面，北山街道受理{d_north}件、站前街道{d_station+40}件，邻里纠纷{d_neighbour}件。

法律援助案件已结案{aid_closed}件，其中非诉讼案件{aid_nonlit}件。

| 主办单位 | 普法活动（场） |
|---|---|
| 公安分局 | {pe_police}场 |
| 区退役军人事务局 | {pe_veteran+2}场 |
"""


def test_draft_d_held_apart_checked_once(years, tmp_path):
    result, by_number = evaluate(years, tmp_path, DRAFT_D, key_d(years), suffix=".md")
    r = report(by_number)
    assert r["false_alarms"] == []
    assert r["missed_edits"] == []


@pytest.mark.parametrize("text", [
    "推行“1+N”工作模式，实现5G全覆盖。", "开通12348法律服务热线，提供24小时服务。", "2024—2025学年第一学期开展活动。",
    "在3·15消费者权益日期间开展活动。", "110接处警平台全面运行。", "依据西司发〔2025〕12号文件。",
    "2025年1月至12月开展工作。", "12月份召开会议。",
])
def test_numbers_that_are_no_statistic(text):
    from analysis.draft.quantities import normalize, scan

    figures, aside = scan(normalize(text))
    assert [f.text for f in figures if f.rule != "period"] == []
    assert aside or figures  # a time span is a period claim; the check sets it aside when no metric takes it
