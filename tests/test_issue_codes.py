"""The catalogue of issue codes (resources/issue_codes.csv) and the sites that use it.

Every issue the intake writes names a code; every code in the catalogue is used somewhere; a site's
template values are exactly the template's placeholders (read from the source, no run needed).
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from analysis.contract import SEVERITIES
from analysis.intake.issues import Issue, condense, make, note, text
from analysis.intake.reading.other_files import OTHER_FILES
from analysis.resources import load_issue_codes

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
CODE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")
#: The functions that take an issue code first (``add_issue`` is the sheet-level helper of pipeline and shapes).
BUILDERS = {"make", "note", "text", "add_issue"}
#: make()'s own arguments: a placeholder of the same name could never be filled.
RESERVED = {"code", "source_file", "sheet", "cell", "dataset", "department", "message"}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def call_sites() -> list[tuple[str, str, set[str], bool]]:
    """(where, code, keyword names, message given) of every builder call with a literal code in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name not in BUILDERS or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if not CODE.match(first.value):
                continue
            keywords = {k.arg for k in node.keywords}
            assert None not in keywords, f"{path.name}:{node.lineno}: values by ** hide the template's names"
            given = "message" in keywords or (name == "add_issue" and len(node.args) > 3)
            found.append((f"{path.relative_to(SRC)}:{node.lineno}", first.value, keywords - RESERVED, given))
    return found


SITES = call_sites()


def test_the_catalogue_is_well_formed():
    codes = load_issue_codes()
    assert len(codes) >= 50
    for code, row in codes.items():
        assert CODE.match(code), code
        assert row.severity in SEVERITIES, code
        for value in (row.title, row.template, row.action):
            assert re.search(r"[\u4e00-\u9fff]", value), (code, value)  # Chinese, for the department
        assert not placeholders(row.template) & RESERVED, code


def test_every_code_used_in_src_is_catalogued_and_every_row_is_used():
    used = {code for _, code, _, _ in SITES} | {code for code, _ in OTHER_FILES.values()}
    catalogue = set(load_issue_codes())
    assert used - catalogue == set()
    assert catalogue - used == set()


@pytest.mark.parametrize("where, code, keywords, given", SITES, ids=[s[0] for s in SITES])
def test_a_sites_values_are_its_templates_placeholders(where, code, keywords, given):
    template = load_issue_codes()[code].template
    if given:  # a message built elsewhere (a reader's reason): the template only describes the kind
        assert not placeholders(template) and not keywords, where
    else:
        assert keywords == placeholders(template), where


def test_make_takes_severity_and_message_from_the_catalogue():
    issue = make("header-not-found", "a.xlsx", "Sheet1", "", "", "区司法局", lines=7)
    row = load_issue_codes()["header-not-found"]
    assert (issue.code, issue.severity, issue.department) == ("header-not-found", row.severity, "区司法局")
    assert issue.message == row.template.format(lines=7) and "7" in issue.message
    given = make("file-unreadable", "b.xlsx", message="工作簿已损坏")
    assert (given.severity, given.message) == ("error", "工作簿已损坏")
    with pytest.raises(KeyError):
        make("no-such-code", "c.xlsx")


def test_values_a_department_wrote_are_scrubbed_before_they_fill_a_template():
    code, message = note("department-cell-not-listed", written="联系人13912345678")
    assert code == "department-cell-not-listed"
    assert "13912345678" not in message and "〔电话〕" in message
    assert text("date-no-year", text="3月5日", year=2025) == "日期“3月5日”未写年份，按2025年计"


def test_condense_folds_one_code_of_one_column():
    dates = [make("date-no-year", "a.xlsx", "S", f"B{r}", "d", text=f"3月{r}日", year=2025) for r in range(3, 9)]
    other = [make("date-month-only", "a.xlsx", "S", f"B{r}", "d", text="3月") for r in (10, 11)]
    folded = condense([*dates, *other])
    assert [(i.code, i.cell) for i in folded] == [("date-no-year", "B3:B8"), ("date-month-only", "B10"),
                                                  ("date-month-only", "B11")]
    assert "本列共6处同类情况" in folded[0].message
    assert isinstance(folded[0], Issue)


def test_quality_pack_counts_issues_by_code(tmp_path):
    """quality/issues_by_code.csv: one line per code, its title and what the department should do."""
    from analysis.report.pack import count_issue_codes
    from analysis.resources import load_issue_codes

    catalogue = load_issue_codes()
    warning = next(c for c in catalogue.values() if c.severity == "warning")
    info = next(c for c in catalogue.values() if c.severity == "info")
    issues = pd.DataFrame({"severity": ["warning", "warning", "info"],
                           "code": [warning.code, warning.code, info.code]})
    counted = count_issue_codes(issues)
    assert counted["问题代码"].tolist() == [warning.code, info.code]
    assert counted["条数"].tolist() == [2, 1]
    assert counted["问题类型"].tolist() == [warning.title, info.title]
    assert counted["怎么改"].tolist() == [warning.action, info.action]


def test_a_message_built_elsewhere_is_scrubbed_too():
    """A reader's reason passed as ``message`` may quote a sheet name holding a phone number."""
    from analysis.intake.issues import make

    issue = make("file-unreadable", "a.xlsx", message="工作表“联系13912345678”无法读取")
    assert "13912345678" not in issue.message and "〔电话〕" in issue.message
