"""check-draft on two held-out drafts written the way next year's writer would write them.

Written by a second helper before reading the checker's internals (QA of issue 24): a 2026-style annual
summary (``SUMMARY``) and a 工作汇报 with a 下一步 section of targets (``BRIEFING``). Every statistical
number is a placeholder whose true value is computed below with plain pandas from the cleaned sample
(never through the checker); ``{name+N}`` writes the true value changed by N (an edited number).
Numbers outside braces are no statistic (dates, document numbers, phones, articles, ordinals, years,
targets) and must be set aside.

The bar (issue 24): no true number called 不成立, every edited number not 成立 (不成立 or 需人工核对),
at least 80 % of the statistical numbers tied to a quantity, every non-statistic set aside.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from .drafts import PLACEHOLDER, equal, flagged, months


def _read(base: Path, dataset: str, year: int = 2025) -> pd.DataFrame:
    return pd.read_parquet(base / str(year) / f"{dataset}.parquet")


def _pct(part: float, whole: float) -> float:
    return round(part * 100 / whole, 1)


def key(base: Path) -> dict[str, float]:
    """The true value of every placeholder of both drafts, from the cleaned data."""
    pe, pe24 = _read(base, "publicity_events"), _read(base, "publicity_events", 2024)
    videos = _read(base, "publicity_videos")
    vp = _read(base, "vice_principals")
    disputes = _read(base, "disputes")
    tickets = _read(base, "hotline_tickets")
    aid, aid24 = _read(base, "legal_aid_cases"), _read(base, "legal_aid_cases", 2024)
    oc = _read(base, "one_court_requests")
    consult = _read(base, "legal_consultations")
    edu = _read(base, "correction_education")
    psych = _read(base, "psych_services")
    resettle, resettle24 = _read(base, "resettlement"), _read(base, "resettlement", 2024)
    reviews = _read(base, "case_file_reviews")
    filings = _read(base, "enforcement_filings")
    staff = _read(base, "enforcement_staff")
    recon = _read(base, "reconsideration_cases")
    risk = _read(base, "risk_assessments")
    wage = flagged(aid, "wage_arrears")
    school = equal(pe, "category", "送法进校园")
    school24 = equal(pe24, "category", "送法进校园")
    due = flagged(tickets, "due")
    rated = tickets[tickets["satisfaction"].isin(["满意", "基本满意", "不满意"]).fillna(False).astype(bool)]
    heating = equal(tickets, "category", "供暖供热")
    excellent = equal(reviews, "grade", "优秀")
    return {
        # publicity
        "pe": len(pe), "pe24": len(pe24), "pe_change": len(pe) - len(pe24), "pe_growth": _pct(len(pe) - len(pe24), len(pe24)),
        "pe_units": pe["department"].nunique(),
        "materials": pe["materials"].sum(), "people": pe["people_reached"].sum(),
        "school": len(school), "precision": len(equal(pe, "category", "精准普法")),
        "antifraud": len(equal(pe, "category", "反诈宣传")), "policy": len(equal(pe, "category", "政策宣讲")),
        "liaison": len(equal(pe, "category", "法律明白人培训")),
        "liaison_people": equal(pe, "category", "法律明白人培训")["people_reached"].sum(),
        "pe_q1": len(months(pe, "event_date", 1, 3)), "pe_q2": len(months(pe, "event_date", 4, 6)),
        "pe_h1": len(months(pe, "event_date", 1, 6)), "pe_h2": len(months(pe, "event_date", 7, 12)),
        "pe_q13": len(months(pe, "event_date", 1, 9)), "pe_dec": len(months(pe, "event_date", 12, 12)),
        "pe_edu": len(equal(pe, "department", "区教育局")), "pe_proc": len(equal(pe, "department", "区人民检察院")),
        "pe_sfj": len(equal(pe, "department", "区司法局")), "pe_police": len(equal(pe, "department", "公安分局")),
        "pe_women": len(equal(pe, "department", "区妇女联合会")),
        "pe_sfj_share": _pct(len(equal(pe, "department", "区司法局")), len(pe)),
        "pe_xicheng": len(equal(pe, "street", "西城街道")), "pe_zhonghua": len(equal(pe, "street", "中华路街道")),
        "precision_share": _pct(len(equal(pe, "category", "精准普法")), len(pe)),
        "school_people": school["people_reached"].sum(),
        "school_people_change": school["people_reached"].sum() - school24["people_reached"].sum(),
        "videos": len(videos), "douyin_all": len(equal(videos, "platform", "抖音")),
        "views": videos["views"].sum(), "likes": videos["likes"].sum(),
        "schools": vp["school"].nunique(), "vp_people": vp["person_key"].nunique(),
        # disputes and hotline
        "disputes": len(disputes), "resolved": len(flagged(disputes, "resolved")),
        "unresolved": len(disputes) - len(flagged(disputes, "resolved")),
        "resolution_rate": _pct(len(flagged(disputes, "resolved")), len(disputes)),
        "d_beishan": len(equal(disputes, "street", "北山街道")), "d_zhanqian": len(equal(disputes, "street", "站前街道")),
        "d_renmin": len(equal(disputes, "street", "人民街道")), "d_xinhua": len(equal(disputes, "street", "新华街道")),
        "d_property": len(equal(disputes, "dispute_type", "物业纠纷")),
        "d_damage": len(equal(disputes, "dispute_type", "损害赔偿")),
        "d_marriage": len(equal(disputes, "dispute_type", "婚姻家庭")),
        "d_marriage_share": _pct(len(equal(disputes, "dispute_type", "婚姻家庭")), len(disputes)),
        "d_neighbour": len(equal(disputes, "dispute_type", "邻里纠纷")),
        "d_q4": len(months(disputes, "received_date", 10, 12)),
        "tickets": len(tickets), "t_completed": len(flagged(tickets, "completed")),
        "completion_rate": _pct(len(flagged(due, "completed")), len(due)),
        "sat_rate": _pct(rated["satisfaction"].isin(["满意", "基本满意"]).sum(), len(rated)),
        "t_city": len(equal(tickets, "category", "城市管理")), "t_property": len(equal(tickets, "category", "物业服务")),
        "t_zhanqian": len(equal(tickets, "street", "站前街道")),
        "t_heating": len(heating),
        "t_heating_q14": len(months(heating, "received_date", 1, 3)) + len(months(heating, "received_date", 10, 12)),
        # legal services
        "aid": len(aid), "aid24": len(aid24), "aid_change": len(aid) - len(aid24),
        "aid_growth": _pct(len(aid) - len(aid24), len(aid24)),
        "aid_civil": len(equal(aid, "case_type", "民事")), "aid_criminal": len(equal(aid, "case_type", "刑事")),
        "aid_closed": len(flagged(aid, "closed")), "aid_h2": len(months(aid, "accepted_date", 7, 12)),
        "wage": len(wage), "wage_amount_wan": round(wage["amount_recovered"].sum() / 10000, 2),
        "wage_amount_yuan": wage["amount_recovered"].sum(),
        "oc": len(oc), "oc_mediation": len(equal(oc, "request_type", "矛盾调解")),
        "oc_closed": len(flagged(oc, "closed")), "oc_close_rate": _pct(len(flagged(oc, "closed")), len(oc)),
        "consult_people": consult["people"].fillna(1).sum(), "consult_rows": len(consult),
        "consult_visit": len(equal(consult, "channel", "来访")),
        # correction
        "edu": len(edu), "edu_attend": edu["attendees"].sum(), "edu_passed": edu["passed"].sum(),
        "psych": len(psych), "psych_test": len(equal(psych, "service_type", "心理测评")),
        "psych_crisis": len(equal(psych, "service_type", "危机干预")),
        "resettle": len(resettle), "resettle_change": len(resettle) - len(resettle24),
        # governance
        "reviews": len(reviews), "excellent": len(excellent), "excellent_rate": _pct(len(excellent), len(reviews)),
        "reviewers": reviews["reviewer"].nunique(),
        "filings": filings["filings"].sum(),
        "filings_market": equal(filings, "department", "区市场监督管理局")["filings"].sum(),
        "filings_h1": months(filings, "month", 1, 6)["filings"].sum(),
        "staff": staff["enforcement_staff"].sum(), "legal_staff": staff["legal_review_staff"].sum(),
        "staff_share": _pct(staff["legal_review_staff"].sum(), staff["enforcement_staff"].sum()),
        "recon": len(recon), "recon_reject": len(equal(recon, "outcome", "不予受理")),
        "recon_acc": len(flagged(recon, "accepted")), "risk_done": len(flagged(risk, "completed")),
        **key_bulletin(base),
    }


def _has(df: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """Rows whose ;-separated list in ``column`` holds ``value``."""
    return df[df[column].fillna("").astype(str).str.split(";").map(lambda parts: value in parts)]


def key_bulletin(base: Path) -> dict[str, float]:
    """The true values of BULLETIN's placeholders."""
    pe = _read(base, "publicity_events")
    vp = _read(base, "vice_principals")
    videos = _read(base, "publicity_videos")
    disputes = _read(base, "disputes")
    tickets = _read(base, "hotline_tickets")
    aid = _read(base, "legal_aid_cases")
    psych = _read(base, "psych_services")
    edu = _read(base, "correction_education")
    risk = _read(base, "risk_assessments")
    reviews = _read(base, "case_file_reviews")
    staff = _read(base, "enforcement_staff")
    rated = aid[aid["satisfaction"].isin(["满意", "基本满意", "不满意"]).fillna(False).astype(bool)]
    h1 = months(disputes, "received_date", 1, 6)
    return {
        "pe_youth": len(equal(pe, "audience", "青少年学生")),
        "vp_proc": equal(vp, "employer", "区人民检察院")["person_key"].nunique(),
        "vp_police": equal(vp, "employer", "公安分局")["person_key"].nunique(),
        "vp_court": equal(vp, "employer", "区人民法院")["person_key"].nunique(),
        "douyin": len(equal(equal(videos, "platform", "抖音"), "account", "西市司法")),
        "d_jan": len(months(disputes, "received_date", 1, 1)),
        "d_may": len(months(disputes, "received_date", 5, 5)),
        "d_h1": len(h1), "d_h1_share": _pct(len(h1), len(disputes)),
        "d_xicheng": len(equal(disputes, "street", "西城街道")),
        "d_contract": len(equal(disputes, "dispute_type", "合同纠纷")), "d_labour": len(equal(disputes, "dispute_type", "劳动争议")),
        "t_due": len(flagged(tickets, "due")), "t_completed": len(flagged(tickets, "completed")),
        "t_hepan": len(equal(tickets, "street", "河畔街道")), "t_xinhua": len(equal(tickets, "street", "新华街道")),
        "t_unsat": len(equal(tickets, "satisfaction", "不满意")),
        "aid_sat": _pct(rated["satisfaction"].isin(["满意", "基本满意"]).sum(), len(rated)),
        "aid_disabled": len(_has(aid, "groups", "残疾人")), "aid_elder": len(_has(aid, "groups", "老年人")),
        "aid_q4": len(months(aid, "accepted_date", 10, 12)),
        "psych_people": psych["person_key"].nunique(), "psych": len(psych),
        "psych_indiv": len(equal(psych, "service_type", "个体咨询")), "psych_group": len(equal(psych, "service_type", "团体辅导")),
        "edu_pass_rate": _pct(edu["passed"].sum(), edu["attendees"].sum()),
        "risk_done": len(flagged(risk, "completed")), "risk_low": len(equal(risk, "risk_level", "低")),
        "court": len(_read(base, "court_appearances")),
        "rev_penalty": len(equal(reviews, "case_type", "行政处罚")), "rev_permit": len(equal(reviews, "case_type", "行政许可")),
        "staff": staff["enforcement_staff"].sum(), "legal_staff": staff["legal_review_staff"].sum(),
        **key_tables(base),
    }


def key_tables(base: Path) -> dict[str, float]:
    """The true values of TABLES's placeholders."""
    pe, pe24 = _read(base, "publicity_events"), _read(base, "publicity_events", 2024)
    videos = _read(base, "publicity_videos")
    disputes = _read(base, "disputes")
    tickets = _read(base, "hotline_tickets")
    out: dict[str, float] = {"pe": len(pe), "pe_change": len(pe) - len(pe24), "materials": pe["materials"].sum(),
                             "shares": videos["shares"].sum(), "videos_proc": len(equal(videos, "account", "西市检察")),
                             "pe_q1": len(months(pe, "event_date", 1, 3)),
                             "pe_q4": len(months(pe, "event_date", 10, 12)),
                             "pe_dec": len(months(pe, "event_date", 12, 12))}
    for short, unit in [("sfj", "区司法局"), ("edu", "区教育局"), ("police", "公安分局"), ("women", "区妇女联合会")]:
        out[f"pe_{short}"] = len(equal(pe, "department", unit))
        out[f"mat_{short}"] = equal(pe, "department", unit)["materials"].sum()
    out["mat_sfj_share"] = _pct(out["mat_sfj"], out["materials"])
    for short, street in [("xicheng", "西城街道"), ("hepan", "河畔街道"), ("xinhua", "新华街道"), ("zhanqian", "站前街道")]:
        out[f"d_{short}"] = len(equal(disputes, "street", street))
        out[f"t_{short}"] = len(equal(tickets, "street", street))
    return out


#: A 2026-style annual summary: 全区…场次, 较2024年的…, 分类别看/分季度看, 分别, 占…, 同比, a 下一步 part.
SUMMARY = """西市区2025年度法治建设工作总结
西法治办〔2026〕5号
2025年是“十四五”规划收官之年。根据《中华人民共和国法律援助法》第四十二条和区委依法治区办2026年1月8日通知要求，现将全年工作总结如下。
一、法治宣传教育深入开展
全区{pe_units}家主办单位全年共举办各类普法活动{pe}场次，较2024年的{pe24}场增加{pe_change}场，增幅{pe_growth}%。活动累计发放宣传品{materials}份，受众{people}人次。
分类别看，送法进校园{school}场、精准普法{precision}场、反诈宣传{antifraud}场、政策宣讲{policy}场。
分季度看，一季度{pe_q1}场，二季度{pe_q2+3}场，下半年{pe_h2}场。
区教育局承办{pe_edu}场，区人民检察院承办{pe_proc+2}场。在西城街道、中华路街道分别开展活动{pe_xicheng}场和{pe_zhonghua}场。
精准普法活动占全部普法活动的{precision_share}%。
依托新媒体平台全年发布普法作品{videos}条，其中在抖音平台发布{douyin_all}条。
全区{schools}所中小学共聘任法治副校长{vp_people}名。
二、矛盾纠纷多元化解成效明显
全年共排查矛盾纠纷{disputes}件，化解{resolved}件，化解率{resolution_rate}%。按街道看，北山街道{d_beishan}件，站前街道{d_zhanqian-15}件。
物业纠纷{d_property}件、损害赔偿纠纷{d_damage}件。
12345热线全年受理工单{tickets}件，办结{t_completed}件。其中城市管理类{t_city}件，物业服务类{t_property+30}件。
三、公共法律服务更加便捷
受理法律援助案件{aid}件，同比增长{aid_growth}%（2024年为{aid24}件）。其中民事案件{aid_civil}件、刑事案件{aid_criminal}件。
办理追索劳动报酬案件{wage}件，帮助农民工追回欠薪{wage_amount_wan}万元，已结案{aid_closed}件。
“一院式”平台受理群众诉求{oc}件，其中矛盾调解类{oc_mediation}件。全年接待法律咨询{consult_people}人次。
四、社区矫正和安置帮教扎实推进
开展社区矫正对象法治教育{edu}场，参训{edu_attend-40}人次，考核达标{edu_passed}人次。
提供心理服务{psych}人次，其中心理测评{psych_test}人次，危机干预{psych_crisis+5}次。
安置帮教对象{resettle}名，较上年增加{resettle_change}名。
五、依法行政水平持续提升
评查行政执法案卷{reviews}卷，其中优秀{excellent}卷，优秀率{excellent_rate}%。
涉企行政执法备案{filings}次，其中区市场监督管理局{filings_market+6}次。
收到行政复议申请{recon}件，其中不予受理{recon_reject}件。完成社会稳定风险评估{risk_done}项。
六、2026年工作打算
力争全区法治宣传覆盖率达到95%以上，群众满意率不低于90%。
第一，深化“八五”普法，组织第三届法治文化节，做好“3·15”和“12·4”国家宪法日宣传。第二，推广12348公共法律服务热线。
联系电话：0411-88776655。
"""

#: A 工作汇报 to the committee: （一）, 1—6月, 前三季度, 单月, 占全区总量的, 分别, 较上年, 已化解/未化解, a 下一步 list.
BRIEFING = """关于全区2025年度法治工作主要数据的汇报
区委依法治区委员会：
按照《关于做好2025年度法治政府建设年度报告工作的通知》（西法委办〔2025〕21号）要求，现将有关情况汇报如下。
（一）普法宣传。1—6月开展普法活动{pe_h1}场，前三季度累计{pe_q13}场；12月份单月开展{pe_dec}场。
区司法局主办的普法活动{pe_sfj}场，占全区总量的{pe_sfj_share}%。公安分局、区妇女联合会分别开展{pe_police}场、{pe_women}场。
送法进校园活动覆盖师生{school_people}人次，较上年增加{school_people_change}人次。法律明白人培训{liaison}期，培训{liaison_people}人次。
普法短视频累计播放{views}次，获赞{likes+1000}次。
（二）矛盾纠纷化解。全区各调解组织共受理矛盾纠纷{disputes}件，已化解{resolved}件，未化解{unresolved}件。
婚姻家庭纠纷{d_marriage}件，占{d_marriage_share}%；邻里纠纷{d_neighbour-20}件。人民街道{d_renmin}件，新华街道{d_xinhua}件。
四季度受理纠纷{d_q4}件。
12345热线全年共派发工单{tickets}件，按时办结率{completion_rate}%，满意率{sat_rate}%。站前街道工单量最多，达{t_zhanqian+12}件。
供暖供热类工单{t_heating}件，集中在一季度和四季度（合计{t_heating_q14}件）。
（三）公共法律服务。法律援助案件受理{aid}件，较上年增加{aid_change}件；结案{aid_closed}件。刑事法律援助案件{aid_criminal+4}件，下半年受理{aid_h2}件。
为农民工追回欠薪{wage_amount_yuan}元。“一院式”平台办结诉求{oc_closed-10}件，办结率{oc_close_rate}%。
法律咨询登记{consult_rows}条，其中来访{consult_visit}条。
（四）行政执法监督。全区执法人员{staff}名，法制审核人员{legal_staff}名，占比{staff_share}%。
组织{reviewers}名律师开展案卷评查。1—6月涉企行政执法备案{filings_h1}次。受理行政复议申请{recon_acc}件。
（五）下一步打算。1.力争法律援助案件办结率达到98%以上；2.推动每个村（社区）至少配备2名法律明白人；
3.2026年3月底前完成年度法治政府建设报告；4.落实《行政复议法》第二十三条规定，开展第五届“法治人物”评选。
联系人电话：024-86120000，法律服务热线12348。
"""

#: A 工作简报 (一是/二是, 分别, 为, 最多, 占全年的, a footer), written after the checker was tuned on the two
#: drafts above and checked once before any further change (docs/benchmarks.md, the qa24 entry, gives that first result).
BULLETIN = """法治建设工作简报
第12期
西市区委依法治区办公室　2026年1月15日
截至2025年12月31日，全区法治建设主要数据如下。
一是普法宣传持续发力。全年普法活动达{pe}场，其中面向青少年学生的{pe_youth}场。法治副校长中，检察院干警{vp_proc}名、公安民警{vp_police+3}名、法院干警{vp_court}名。“西市司法”抖音号发布短视频{douyin}条。按照“八五”普法规划要求，青少年法治教育覆盖面应达到100%。
二是矛盾纠纷应调尽调。1月份受理纠纷{d_jan}件，5月份最多，为{d_may}件。上半年受理{d_h1}件，占全年的{d_h1_share}%。西城街道、人民街道、北山街道分别受理{d_xicheng}件、{d_renmin}件、{d_beishan+25}件。合同纠纷{d_contract}件，劳动争议{d_labour}件。
三是热线诉求及时响应。全年12345热线工单中，应办结{t_due}件，实际办结{t_completed}件。河畔街道工单{t_hepan}件，新华街道{t_xinhua}件。收到不满意评价{t_unsat}件，均在3个工作日内回访。
四是法律服务提质增效。法律援助受援群众满意率{aid_sat}%。为残疾人办理法律援助案件{aid_disabled}件，为老年人办理{aid_elder+6}件。第四季度受理法律援助案件{aid_q4}件。
五是社区矫正规范有序。依据《社区矫正法》第四十条，心理服务覆盖社区矫正对象{psych_people}人，累计{psych}人次，其中个体咨询{psych_indiv}人次，团体辅导{psych_group-10}人次。社区矫正法治教育达标率{edu_pass_rate}%。
六是依法行政扎实推进。完成社会稳定风险评估{risk_done}项，其中评定为低风险的{risk_low}项。行政机关负责人出庭应诉{court}件。法制审核人员{legal_staff}名，执法人员{staff}名。行政执法案卷评查中，行政处罚案卷{rev_penalty}卷，行政许可案卷{rev_permit+4}卷。
报：区委依法治区委员会各位领导　　编辑：区依法治区办秘书科　电话：0411-86223344　（共印20份）
"""

#: A 责任制落实情况报告 with Word tables (a line starting with | is a table row; .md for the text form),
#: written after the three drafts above and checked once before any further change.
TABLES = """区司法局2025年度普法责任制落实情况报告
按照《西市区国家机关“谁执法谁普法”普法责任制实施办法》（西普法办〔2023〕4号）要求，现将2025年度履行普法责任情况报告如下。
一、总体情况
2025年，全区各普法责任单位共开展普法活动{pe}场，比2024年多{pe_change}场。全年发放宣传资料{materials}份，其中区司法局发放{mat_sfj}份，占{mat_sfj_share}%。第一季度开展普法活动{pe_q1}场，第四季度{pe_q4-3}场，12月份{pe_dec}场。“西市检察”账号发布作品{videos_proc+2}条，普法短视频被转发{shares+50}次。各主办单位开展活动情况见下表。
| 主办单位 | 活动场次 | 发放材料（份） |
| 区司法局 | {pe_sfj} | {mat_sfj} |
| 区教育局 | {pe_edu} | {mat_edu+200} |
| 公安分局 | {pe_police} | {mat_police} |
| 区妇女联合会 | {pe_women} | {mat_women} |
二、各街道矛盾纠纷化解情况
| 街道 | 受理矛盾纠纷（件） | 12345热线工单（件） |
| 西城街道 | {d_xicheng} | {t_xicheng} |
| 河畔街道 | {d_hepan+9} | {t_hepan} |
| 新华街道 | {d_xinhua} | {t_xinhua} |
从表中看，站前街道受理矛盾纠纷{d_zhanqian}件、12345热线工单{t_zhanqian}件，均居前列。
三、存在的问题
一是部分单位普法形式单一，宣传覆盖面不广；二是基层普法力量薄弱。
四、2026年工作安排
（一）计划全年开展普法活动100场以上。（二）完成“八五”普法总结验收。
附件：1.普法活动明细表；2.各街道矛盾纠纷统计表
"""

def _text_of(value: float) -> str:
    value = float(value)
    return str(int(value)) if value == int(value) else f"{value:g}"


def render(template: str, truth: dict) -> tuple[str, list[tuple[str, bool]]]:
    """The draft text, and each statistical number as written with whether it was edited."""
    numbers: list[tuple[str, bool]] = []

    def fill(m: re.Match) -> str:
        value = float(truth[m.group(1)]) + (int(m.group(2)) if m.group(2) else 0)
        text = _text_of(value)
        numbers.append((text, bool(m.group(2))))
        return text

    return PLACEHOLDER.sub(fill, template), numbers


def write(template: str, truth: dict, path: Path) -> list[tuple[str, bool]]:
    """Write the draft as .txt or .docx (one paragraph per line); return its numbers."""
    text, numbers = render(template, truth)
    if path.suffix == ".docx":
        from docx import Document

        doc = Document()
        lines = text.strip().splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("|"):
                doc.add_paragraph(lines[i])
                i += 1
                continue
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip("|").split("|")])
                i += 1
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
        doc.save(str(path))
    elif path.suffix == ".md":  # a Markdown table needs its rule line after the header row
        out, previous = [], ""
        for line in text.splitlines():
            out.append(line)
            if line.startswith("|") and not previous.startswith("|"):
                out.append("|" + "---|" * (line.count("|") - 1))
            previous = line
        path.write_text("\n".join(out), encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    return numbers


def judge(result, numbers: list[tuple[str, bool]]) -> dict[str, object]:
    """Pair the findings with the placeholders in text order and score them."""
    from analysis.draft.verdicts import FAILS, HOLDS, TRUNCATION

    findings = list(result.findings)
    paired, missing = [], []
    for written, edited in numbers:
        found = next((f for f in findings if written in (f.claimed, f.claimed.lstrip("-")) or f.text.startswith(written)), None)
        if found is None:
            missing.append(written)
            continue
        findings.remove(found)
        paired.append((written, edited, found))
    true = [f for _, edited, f in paired if not edited]
    return {
        "missing": missing,
        "false_alarms": [(f.text, f.reading) for f in true if f.verdict == FAILS],
        "missed_edits": [(f.text, f.verdict, f.reading) for _, e, f in paired if e and f.verdict in (HOLDS, TRUNCATION)],
        "tied": sum(f.verdict in (HOLDS, TRUNCATION, FAILS) for _, _, f in paired) / len(numbers),
        "not_set_aside": [(f.text, f.verdict) for f in findings],
        "paired": paired,
    }


@pytest.mark.parametrize("template", [SUMMARY, BRIEFING, BULLETIN, TABLES], ids=["summary", "briefing", "bulletin", "tables"])
@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_heldout_draft(years, tmp_path, template, suffix):
    from analysis.draft.check import check_draft

    if template is TABLES and suffix == ".txt":
        suffix = ".md"
    draft = tmp_path / f"稿{suffix}"
    numbers = write(template, key(years), draft)
    r = judge(check_draft(draft, years / "2025", 2025), numbers)
    assert r["missing"] == []
    assert r["false_alarms"] == []
    assert r["missed_edits"] == []
    assert r["not_set_aside"] == []
    assert r["tied"] >= 0.8, r["tied"]


def test_heldout_drafts_have_enough_numbers(years):
    """The drafts stay what they claim: at least 25 statistics and 5–7 edits each."""
    truth = key(years)
    for template in (SUMMARY, BRIEFING, BULLETIN, TABLES):
        _, numbers = render(template, truth)
        assert len(numbers) >= 25 and 5 <= sum(e for _, e in numbers) <= 7


#: Sentences found while probing for false alarms (each was once called 不成立 although true).
PROBES = [
    "物业纠纷和邻里纠纷合计{d_two}件。",
    "平均每月开展普法活动{pe_month}场。",
    "12345热线工单办结率{t_all_rate}%。",
    "12345热线共受理群众诉求{tickets}件，按期办结{t_due_done}件。",
    "西城街道、中华路街道分别开展普法活动{pe_xicheng}场和{pe_zhonghua}场。",
    "收到行政复议申请{recon}件，其中不予受理{recon_reject}件。",
    "全年共排查矛盾纠纷{disputes}件，未化解{unresolved}件。",
    "区教育局承办普法活动{pe_edu}场，区妇女联合会承办{pe_women}场。",
    "“西市检察”账号发布作品{videos_proc}条。",
    "全年普法活动{pe}场，其中面向青少年学生的{pe_youth}场。",
    "法律援助案件受理{aid}件，较上年增加{aid_change}件；结案{aid_closed}件。",
    "行政执法案卷评查中，行政处罚案卷{rev_penalty}卷。",
    "供暖供热类工单{t_heating}件，集中在一季度和四季度（合计{t_heating_q14}件）。",
    "风险评估{risk_rows}项，完成{risk_done}项。",
    "刑事法律援助案件{aid_criminal}件，下半年受理{aid_h2}件。",
    "全年开展普法活动{pe}场，平均每场覆盖群众{pe_people_avg}人次。",
    "全年开展普法活动{pe}场，发放宣传资料{materials_wan}万份。",
    "法律援助案件中，农民工欠薪案件{wage}件。",
    "法律咨询方面，来访咨询{consult_visit}人次，电话咨询{consult_phone}人次。",
]


def _probe_key(base: Path) -> dict[str, float]:
    truth = key(base)
    disputes = _read(base, "disputes")
    tickets = _read(base, "hotline_tickets")
    due = flagged(tickets, "due")
    two = disputes["dispute_type"].isin(["物业纠纷", "邻里纠纷"]).fillna(False).astype(bool)
    return truth | {"d_two": int(two.sum()), "pe_month": round(truth["pe"] / 12, 1),
                    "risk_rows": len(_read(base, "risk_assessments")),
                    "pe_people_avg": round(truth["people"] / truth["pe"]),
                    "materials_wan": round(truth["materials"] / 10000, 1),
                    "consult_phone": len(equal(_read(base, "legal_consultations"), "channel", "电话")),
                    "t_all_rate": _pct(len(flagged(tickets, "completed")), len(tickets)),
                    "t_due_done": len(flagged(due, "completed"))}


@pytest.mark.parametrize("template", PROBES)
def test_probe_true_never_fails_and_changed_never_holds(years, tmp_path, template):
    from analysis.draft.check import check_draft
    from analysis.draft.verdicts import FAILS, HOLDS, TRUNCATION

    truth = _probe_key(years)
    names = PLACEHOLDER.findall(template)
    draft = tmp_path / "稿.txt"
    numbers = write(template, truth, draft)
    r = judge(check_draft(draft, years / "2025", 2025), numbers)
    assert r["missing"] == [] and r["false_alarms"] == [] and r["not_set_aside"] == []
    for name, _ in names:  # each number changed in turn is not called 成立, and the others stay unharmed
        changed = template.replace("{" + name + "}", "{" + name + "+7}", 1)
        numbers = write(changed, truth, draft)
        r = judge(check_draft(draft, years / "2025", 2025), numbers)
        assert r["missed_edits"] == [], (changed, r["missed_edits"])
        assert all(f.verdict not in (HOLDS, TRUNCATION) for _, e, f in r["paired"] if e)
        assert all(f.verdict != FAILS for _, e, f in r["paired"] if not e), changed
