"""Finding quantities in Chinese text: figures with their wording rule, and numbers set aside."""

from __future__ import annotations

import pytest

from analysis.draft.quantities import normalize, read_number, scan


def figures(text: str) -> list[tuple[str, str, str, str]]:
    return [(q.text, q.claimed, q.unit, q.rule) for q in scan(normalize(text))[0]]


def aside(text: str) -> list[tuple[str, str]]:
    return [(a.text, a.reason) for a in scan(normalize(text))[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展活动21次", [("21次", "21", "次", "exact")]),
        ("发放材料5000余份", [("5000余份", "5000", "份", "yu")]),
        ("发放材料5000多份", [("5000多份", "5000", "份", "yu")]),
        ("覆盖1.2万余人", [("1.2万余人", "12000", "人", "yu")]),
        ("追回欠薪60余万元", [("60余万元", "600000", "元", "yu")]),
        ("清偿欠款5275.57万元", [("5275.57万元", "52755700", "元", "exact")]),
        ("投入资金3亿元", [("3亿元", "300000000", "元", "exact")]),
        ("受教人数超千人", [("超千人", "1000", "人", "over")]),
        ("覆盖两千人", [("两千人", "2000", "人", "exact")]),
        ("培训二十场", [("二十场", "20", "场", "exact")]),
        ("参加人数逾三百人", [("逾三百人", "300", "人", "over")]),
        ("接待近5000人次", [("近5000人次", "5000", "人次", "near")]),
        ("达标率98%以上", [("98%以上", "98", "%", "at_least")]),
        ("占比达5%", [("达5%", "5", "%", "at_least")]),
        ("安置率、帮教率均达98%以上", [("均达98%以上", "98", "%", "at_least")]),
        ("控制在3%以下", [("控制在3%以下", "3", "%", "at_most")]),
        ("满意率98.8%", [("98.8%", "98.8", "%", "pct")]),
        ("达标率98.0%", [("98.0%", "98.0", "%", "pct")]),
        ("满意度１００％", [("100%", "100", "%", "pct")]),
        ("同比增长12%", [("同比增长12%", "12", "%", "yoy")]),
        ("同比下降5.5%", [("同比下降5.5%", "-5.5", "%", "yoy")]),
        ("开展3至5场", [("3至5场", "3", "场", "range")]),
        ("受理群众诉求367件/次", [("367件/次", "367", "件/次", "exact")]),
        ("接待5,213人次", [("5,213人次", "5213", "人次", "exact")]),
        ("对2021年1月至2025年5月办结的案卷", [("2021年1月至2025年5月", "2021-01/2025-05", "月", "period")]),
        ("2025年1月至11月", [("2025年1月至11月", "2025-01/2025-11", "月", "period")]),
        ("近三年命案“零”发生", [("零", "0", "", "exact")]),
        ("约300人参加", [("约300人", "300", "人", "approx")]),
        ("不足10人", [("不足10人", "10", "人", "under")]),
        ("百分之九十八的群众满意", [("百分之九十八", "98", "%", "pct")]),
    ],
)
def test_figures_and_their_rules(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025年是收官之年", "年份"),
        ("向市委汇报2024年度工作", "年份"),
        ("深入贯彻党的二十大精神", "会议届次"),
        ("二十届四中全会", "会议届次"),
        ("“十四五”规划", "规划名称"),
        ("突出三大重点", "固定提法（如“三大重点”）"),
        ("坚定拥护“两个确立”", "固定提法"),
        ("学习《中华人民共和国民法典》和《2025年工作要点》", "法规或文件名称"),
        ("位居全市第一", "序数或排名"),
        ("十万人口矛盾化解比", "比率基数"),
        ("完善四级调处体系", "层级提法"),
        ("12345热线", "热线号码"),
        ("联系电话13812345678", "个人信息（电话或证件号，已隐去）"),
        ("3个工作日内办结", "时限"),
        ("截至2025年11月30日", "日期"),
    ],
)
def test_non_statistical_numbers_are_set_aside(text, reason):
    assert reason in [r for _, r in aside(text)]
    assert figures(text) == []


def test_section_numbers_only_at_the_start():
    assert aside("一、工作情况") == [("一、", "序号")]
    assert aside("(三)强化保障") == [("(三)", "序号")]
    assert aside("2.提升水平。开展活动3次") == [("2.", "序号")]
    assert aside("一是深化学习。二是压实责任") == [("一是", "序号"), ("二是", "序号")]


def test_words_holding_numeral_characters_are_not_numbers():
    for text in ("统一部署", "进一步加强", "千方百计", "法治宣传进万家", "老百姓", "下一步打算", "多部门联动"):
        assert figures(text) == [], text


def test_personal_data_is_never_echoed():
    found = aside("当事人身份证号110101" "199003071234")
    assert found and all("1101" not in t for t, _ in found)


def test_positions_point_at_the_original_text():
    text = "开展精准普法活动２１次，发放宣传材料5000余份。"
    for q in scan(normalize(text))[0]:
        assert normalize(text[q.start:q.end]) == q.text
    assert len(normalize(text)) == len(text)


def test_reading_numerals():
    assert read_number("两千") == 2000
    assert read_number("千") == 1000
    assert read_number("一千一百三十七") == 1137
    assert read_number("5,213") == 5213
    assert str(read_number("98.80")) == "98.80"
