"""Untrusted input stays inert: personal data planted everywhere a sender can put it (names, file
and sheet names, headers, titles, group rows, notes, department columns, free text, numbers stored
as floats, misread tables), in every spelling, reaches no output of clean, run or draft; every
sheet's rows still add up; the writers' last check refuses a leak."""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest

from analysis import cli
from analysis.files import write_csv
from analysis.personal import (
    PersonalDataLeak,
    find_personal,
    guard_bytes,
    guard_frame,
    personal_number,
    scrub,
)

from .adversarial.generate import generate
from .adversarial.scan import leaks, live_payloads

SEEDS = (20261208, 7)


@pytest.fixture(scope="module", params=SEEDS)
def cleaned(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"adversarial-{request.param}")
    planted = generate(root / "raw", request.param).as_json()
    status = cli.main(["clean", "--raw", str(root / "raw"), "--out", str(root / "processed"), "--year", "2025",
                       "--quiet"])
    return root, planted, status, request.param


def test_clean_writes_no_planted_personal_data(cleaned):
    root, planted, status, _ = cleaned
    assert status == 0
    assert planted["names"] and planted["ids"] and planted["phones"]
    assert leaks(root / "processed", planted) == {}


def test_every_sheet_adds_up(cleaned):
    root, _, _, _ = cleaned
    manifest = json.loads((root / "processed" / "manifest.json").read_text(encoding="utf-8"))
    total = 0
    for f in manifest["files"]:
        for s in f["sheets"]:
            total += s["rows_read"]
            assert s["rows_read"] == s["rows_kept"] + s["rows_quarantined"] + s["rows_duplicates"], (f["path"], s)
    kept = sum(manifest["datasets"].values())
    quarantined = len(pd.read_parquet(root / "processed" / "quarantine.parquet"))
    assert total == kept + quarantined + manifest["summary"]["duplicates"] and total > 0


def test_provenance_keeps_what_finds_the_row(cleaned):
    root, _, _, _ = cleaned
    manifest = json.loads((root / "processed" / "manifest.json").read_text(encoding="utf-8"))
    paths = [f["path"] for f in manifest["files"]]
    assert any("〔身份证号〕" in p and p.endswith("普法活动台账.xlsx") for p in paths)
    assert any(s["name"].startswith("〔姓名〕") for f in manifest["files"] for s in f["sheets"])
    issues = pd.read_csv(root / "processed" / "issues.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    set_aside = issues.loc[issues["code"] == "row-set-aside", "message"]
    assert set_aside.str.contains("数字形似身份证号").any()  # an ID in a count column: said, not quoted


def test_identity_numbers_in_count_columns_are_never_counted(cleaned):
    root, _, _, _ = cleaned
    for path in (root / "processed").glob("*.parquet"):
        df = pd.read_parquet(path)
        for column in df.select_dtypes("number").columns:
            assert not (df[column].abs() >= 1e10).any(), (path.name, column)


def test_run_and_draft_write_no_planted_personal_data(cleaned):
    root, planted, _, seed = cleaned
    if seed != SEEDS[0]:
        pytest.skip("one seed is enough for the notebooks")
    out = root / "reports"
    status = cli.main(["run", "--raw", str(root / "raw"), "--processed", str(root / "processed"), "--out", str(out),
                       "--skip-clean", "--jobs", "2", "--only", "00", "--only", "01", "--only", "02"])
    assert status == 0 and (out / "run_manifest.json").is_file() and (out / "tables" / "key_figures.csv").is_file()
    assert cli.main(["draft", "--processed", str(root / "processed"), "--figures", str(out / "figures"),
                     "--out", str(out / "draft.docx")]) == 0
    assert (out / "draft.docx").is_file() and list((out / "html").glob("*.html"))
    assert leaks(out, planted) == {}
    assert live_payloads(out) == {}  # the notebook pages, tables and draft: text stays text


def test_no_live_script_or_formula(cleaned):
    root, _, _, _ = cleaned
    assert live_payloads(root / "processed") == {}


@pytest.mark.parametrize("text", [
    "138-0013-8020", "138 0013 8021", "+8613800138022", "008613800138023", "(0411)84561234", "0411-84561234",
    "（０４１１）８４５６１２３４", "sfz" "110101" "19900307" "7774", "身份证:110101 19900307 7774",
    "１１０１０１１９９００３０７７７４", "110101" "900307777", "1.1010119900307778e+17", "电话：84561234",
])
def test_every_spelling_is_recognised(text):
    assert find_personal(text) and not any(ch.isdigit() for ch in scrub(text).replace("〔", ""))


@pytest.mark.parametrize("text, kept", [
    ("王芳 13800138000", "〔姓名〕 〔电话〕"), ("联系人：李雷", "联系人：〔姓名〕"),
    ("姓名：张三｜身份证号：18位", "姓名：张三｜身份证号：18位"),  # a template's example name is no person
    ("联系人：李老师", "联系人：李老师"),
    ("冯娟 手机 13912345678", "〔姓名〕 手机 〔电话〕"), ("孔静等人员名单", "〔姓名〕等人员名单"),
    ("2025年共13800人", "2025年共13800人"), ("受援人：没有可用数据", "受援人：没有可用数据"),
    ("person_key 0123456789abcdef", "person_key 0123456789abcdef"), ("2024-2025年度", "2024-2025年度"),
])
def test_names_by_context_and_what_is_no_personal_data(text, kept):
    assert scrub(text) == kept


def test_numbers_shaped_like_personal_data():
    assert personal_number(float(int("110101" "19900307" "7774"))) == "id"
    assert personal_number(13800138000) == "phone" and personal_number(1380) is None
    assert personal_number(True) is None and personal_number(float("nan")) is None


def test_the_writers_refuse_a_leak(tmp_path):
    frame = pd.DataFrame({"message": ["无法识别的日期“13800138000.0”"]})
    with pytest.raises(PersonalDataLeak, match="拒绝写出") as refused:
        write_csv(frame, tmp_path / "issues.csv")
    assert "13800138000" not in str(refused.value) and not (tmp_path / "issues.csv").exists()
    with pytest.raises(PersonalDataLeak):
        guard_frame(pd.DataFrame({"people": [1.1010119900307778e17]}), "x.parquet")
    book = tmp_path / "a.xlsx"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>王芳 13912345678</t></si></sst>")
    with pytest.raises(PersonalDataLeak):
        guard_bytes(book.read_bytes(), book)
    guard_bytes(b"<svg><path d='M 138 0013 8021 L 1 2'/><!-- 2025 --></svg>", "f.svg")  # drawing data is no text


def test_a_digest_is_no_identity_number():
    # a sha256 holding fifteen digits in a row that read as an old identity number
    digest = "357b2ae2b2da5ebb5f8eefcdcbe5f68c5fc2052aee26b774585930729163d0f4"
    assert find_personal(digest) == []
    assert find_personal("ab" "110101" "19900307" "7774" "cd")  # an identity number between letters still is one
