"""Issue records, in Chinese, for the department that must fix them.

Every issue has a stable code from the catalogue ``resources/issue_codes.csv`` (code, severity,
Chinese title, message template, what to do), as frictionless has for its errors: :func:`make`
builds an issue from a code and the template's values, :func:`note` a (code, message) pair for the
code that places it later (a cell's notes). Values a department wrote are scrubbed of personal data
before they fill a template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..contract import ISSUE_COLUMNS, SEVERITY_LABELS
from ..personal import scrub
from ..resources import IssueCode, load_issue_codes

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = SEVERITY_LABELS
_CELL_ROW = re.compile(r"^[A-Z]+(\d+)")


@dataclass(frozen=True)
class Issue:
    """One problem found: where it is and what the department must do."""

    severity: str
    source_file: str
    source_sheet: str = ""
    cell: str = ""
    dataset: str = ""
    message: str = ""
    department: str = ""
    code: str = ""  # resources/issue_codes.csv


def describe(code: str) -> IssueCode:
    """Return a code's catalogue row (KeyError for a code the catalogue lacks)."""
    return load_issue_codes()[code]


def text(code: str, **params: object) -> str:
    """Return a code's message: its template filled with ``params`` (texts scrubbed of personal data)."""
    template = describe(code).template
    if not params:
        return template
    return template.format(**{k: scrub(v) if isinstance(v, str) else v for k, v in params.items()})


def note(code: str, **params: object) -> tuple[str, str]:
    """Return (code, message) for an issue whose place is known later (a cell's notes, a sheet's)."""
    return code, text(code, **params)


def make(code: str, source_file: str, sheet: str = "", cell: str = "", dataset: str = "", department: str = "",
         *, message: str | None = None, **params: object) -> Issue:
    """Build an issue from its code: severity from the catalogue, message from its template filled with
    ``params``; ``message`` for a code whose text is built elsewhere (a reader's reason, which may quote
    what a department wrote: scrubbed like a template's values)."""
    return Issue(describe(code).severity, source_file, sheet, cell, dataset,
                 text(code, **params) if message is None else scrub(message), department, code)


def condense(issues: list[Issue], limit: int = 3) -> list[Issue]:
    """Fold repeated info issues of one code and column (e.g. 35 dates without a year) into one line."""
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        column = issue.cell.rstrip("0123456789")
        key = (issue.severity, issue.source_file, issue.source_sheet, column, issue.dataset, issue.code or issue.message)
        groups.setdefault(key, []).append(issue)
    out: list[Issue] = []
    for key, members in groups.items():
        if key[0] != "info" or len(members) <= limit or not key[3]:
            out.extend(members)
            continue
        first, last = members[0], members[-1]
        out.append(replace(first, cell=f"{first.cell}:{last.cell}",
                           message=f"{first.message}（本列共{len(members)}处同类情况，{first.cell}至{last.cell}）"))
    return out


def issues_frame(issues: list[Issue]):
    """Return issues as a DataFrame in a stable order (file, sheet, row, cell, severity, message),
    repeated lines once (sorted as plain tuples: a corpus's issues sort in a few milliseconds)."""
    import pandas as pd

    def plain(value: object) -> str:
        return "" if value is None else value

    def row_of(cell: str) -> int:
        found = _CELL_ROW.match(cell)
        return int(found.group(1)) if found else 0

    records = [tuple(plain(v) for v in (i.severity, i.source_file, i.source_sheet, i.cell, i.dataset, i.message,
                                       i.department, i.code)) for i in issues]
    records.sort(key=lambda r: (r[1], r[2], row_of(r[3]), r[3], SEVERITY_ORDER.get(r[0], 3), r[5]))
    records = list(dict.fromkeys(records))
    return pd.DataFrame(records, columns=ISSUE_COLUMNS, dtype=object).astype(str) if records \
        else pd.DataFrame(columns=ISSUE_COLUMNS).astype(str)
