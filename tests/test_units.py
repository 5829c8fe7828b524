"""Unit tests on small inputs: headers, departments, privacy, wording, recognition, metrics."""

import pandas as pd
import pytest

from analysis import metrics, wording
from analysis.intake.recognise.recognition import recognise
from analysis.intake.words import privacy
from analysis.intake.words.departments import find_department, find_unit_line, normalize_department
from analysis.text import normalize_header


@pytest.mark.parametrize(
    ("raw", "key", "unit"),
    [("覆盖人数\n（人次）", "覆盖人数", "人次"), (" 发放材料（份） ", "发放材料", "份"), ("*活动日期：", "活动日期", ""),
     ("活 动 名 称", "活动名称", ""), ("受众【人次】", "受众", "人次")],
)
def test_normalize_header(raw, key, unit):
    assert normalize_header(raw) == (key, unit)


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [("区司法局", "区司法局"), ("西市区司法局", "区司法局"), ("司法局", "区司法局"), ("区检察院", "区人民检察院"),
     ("区人民检察院", "区人民检察院"), ("公安分局", "公安分局"), ("西市公安分局", "公安分局"), ("区教育局（盖章）", "区教育局")],
)
def test_department_spellings(spelling, canonical):
    assert normalize_department(spelling) == canonical


def test_unknown_department_and_find_in_text():
    assert normalize_department("火星局") is None
    assert find_department("检察院报送/法治副校长名册") == "区人民检察院"
    assert find_unit_line("填报单位：西市区教育局　　填报日期：2025年12月5日") == "西市区教育局"


def test_identity_number_check_digit():
    good = "110105" "19491231002X"
    assert privacy.id_problem(good) is None
    assert privacy.id_problem(good[:-1] + "1") is not None
    assert privacy.id_problem("123") is not None


def test_person_key_is_stable_and_normalised(monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, "test-key")
    privacy.load_key.cache_clear()
    try:
        a = privacy.person_key("110105" "19491231002X")
        assert a == privacy.person_key(privacy.normalize_id(" 110105 19491231 002x"))
        assert a != privacy.person_key("110105" "194912310029")
        assert privacy.person_key(None, "张 三", "1980-01-01") == privacy.person_key(None, "张三", "1980-01-01")
        assert "110105" "19491231002X" not in a
    finally:
        privacy.load_key.cache_clear()


def test_scrub_removes_phones_and_ids():
    text = "联系人王五13912345678，证件110105" "19491231002X"
    out = privacy.scrub(text)
    assert "13912345678" not in out and "110105" "19491231002X" not in out and privacy.REDACTED in out


@pytest.mark.parametrize(
    ("value", "claimed", "rule", "ok"),
    [(5386, "5000", "yu", True), (5000, "5000", "yu", False), (6000, "5000", "yu", False), (156, "150", "yu", True),
     (161, "150", "yu", False), (650000, "600000", "yu", True), (1001, "1000", "over", True), (1000, "1000", "over", False),
     (98.0, "98", "at_least", True), (97.99, "98", "at_least", False), (3.0, "3", "at_most", True),
     (98.84, "98.8", "pct", True), (98.86, "98.8", "pct", True), (98.96, "98.8", "pct", False), (99.99, "100", "pct", False),
     (100, "100", "pct", True), (21, "21", "exact", True), ("2021-01/2025-05", "2021-01/2025-05", "period", True),
     (95, "100", "near", True), (100, "100", "near", False)],
)
def test_wording_rules(value, claimed, rule, ok):
    assert wording.holds(value, claimed, rule) is ok


def test_recognise_picks_dataset_and_reports_missing_columns():
    labels = [[x] for x in ["序号", "活动日期", "活动名称", "活动类型", "覆盖人数", "发放材料"]]
    rec = recognise(labels, "普法活动台账")
    assert rec.dataset == "publicity_events" and rec.complete
    assert rec.columns[1] == "event_date" and rec.columns[4] == "people_reached"
    partial = recognise([[x] for x in ["执法单位", "得分", "等次", "评查人"]], "")
    assert partial.dataset == "case_file_reviews" and not partial.complete and "案卷编号" in partial.reason
    typo = recognise([[x] for x in ["案卷编号号", "执法单位", "得分", "等次"]], "")
    assert typo.complete and typo.columns[0] == "case_no" and typo.matches[0].tier == "containment"
    none = recognise([[x] for x in ["填写要求", "示例"]], "填表说明")
    assert none.dataset is None


def _write(folder, name, df):
    df.to_parquet(folder / f"{name}.parquet", index=False)


def test_metrics_on_inline_frames(tmp_path):
    prov = {"source_file": "a.xlsx", "source_sheet": "s", "department": "区司法局"}
    _write(tmp_path, "publicity_events", pd.DataFrame([
        {"event_date": "2025-01-02", "title": "a", "category": "精准普法", "materials": 10, "people_reached": 5, "source_row": 3, **prov},
        {"event_date": "2025-01-03", "title": "b", "category": "精准普法", "materials": None, "people_reached": 7, "source_row": 4, **prov},
        {"event_date": "2025-01-04", "title": "c", "category": "政策宣讲", "audience": "退役军人", "materials": 1, "people_reached": 9, "source_row": 5, **prov},
    ]))
    _write(tmp_path, "resettlement", pd.DataFrame([
        {"person_key": "k1", "handed_over": True, "placed": True, "assisted": True, "reoffended": False, "source_row": 3, **prov},
        {"person_key": "k2", "handed_over": True, "placed": False, "assisted": True, "reoffended": True, "source_row": 4, **prov},
    ]))
    assert metrics.compute("precision_events", tmp_path).value == 2
    assert metrics.compute("precision_materials", tmp_path).value == 10
    assert metrics.compute("veteran_people", tmp_path).value == 9
    r = metrics.compute("resettlement_placement_rate", tmp_path)
    assert (r.value, r.numerator, r.denominator) == (50.0, 1.0, 2.0)
    assert metrics.compute("reviewers", tmp_path).value is None
    rows = metrics.drill_down("precision_people", tmp_path)
    assert list(rows.columns[:4]) == ["source_file", "source_sheet", "source_row", "department"]
    assert rows["source_row"].tolist() == [3, 4]


def test_unit_names_with_a_known_unit_inside_are_folded():
    from analysis.intake.convert.convert import convert_cell
    from analysis.resources import fields_for

    f = fields_for("case_file_reviews")["enforcement_unit"]
    folded = convert_cell(f, "西市区人民检察院第一检察部", 2025, "执法单位")
    assert folded.value == "区人民检察院" and folded.notes[0][0] == "department-merged"
    unknown = convert_cell(f, "火星局", 2025, "执法单位")
    assert unknown.value == "火星局" and unknown.notes[0][0] == "department-cell-not-listed"


def test_free_text_converted_in_one_pass_matches_cell_by_cell():
    from analysis.intake.convert.convert import _convert_texts, convert_value
    from analysis.resources import fields_for

    f = fields_for("publicity_events")["title"]
    texts = ["民法典\u3000进社区", "  ＡＢＣ１２３  ", "a\tb\n c", "e\u0301te", "x\x00y", "", "   ", "\u3000",
             "联系人 13912345678", "身份证 210102" "197001011234 号", "Ⅻ月（全角）", "①②", "ｶﾀｶﾅ"]
    batch = _convert_texts(f, texts, 2025)
    assert batch == {t: convert_value(f, t, 2025) for t in texts}
    # kept as the department wrote it: only stripped, never NFKC-rewritten (full-width stays)
    assert batch["民法典\u3000进社区"].value == "民法典\u3000进社区"
    assert batch["  ＡＢＣ１２３  "].value == "ＡＢＣ１２３"
    assert batch["联系人 13912345678"].value == "联系人 〔电话〕" and batch["联系人 13912345678"].notes


def test_a_column_of_mixed_cell_types_converts_each_cell_by_its_own_type():
    import datetime as dt

    from analysis.intake.convert.convert import _convert_column
    from analysis.resources import fields_for

    people = fields_for("publicity_events")["people_reached"]
    values, flagged, _ = _convert_column(people, [1, 1.0, True, "1", "约2", 3.0, "", "１５"], 2025, "覆盖人数")
    assert values == [1, 1, 1, 1, 2, 3, 0, 15]
    assert [(pos, res.notes[0][1].split("：")[0]) for pos, res in flagged] == [(4, "覆盖人数")]
    dates = fields_for("publicity_events")["event_date"]
    values, flagged, _ = _convert_column(dates, [45658.0, 45658, dt.datetime(2025, 1, 1), "2025-01-01", "1月1日"], 2025, "活动日期")
    assert values == [dt.date(2025, 1, 1)] * 5
    assert [pos for pos, _ in flagged] == [4]
