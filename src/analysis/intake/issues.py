"""Issue records, in Chinese, for the department that must fix them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..contract import ISSUE_COLUMNS, SEVERITY_LABELS

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = SEVERITY_LABELS
_QUOTED = re.compile(r"“[^”]*”")
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


def condense(issues: list[Issue], limit: int = 3) -> list[Issue]:
    """Fold repeated info issues of one column (e.g. 35 dates without a year) into one line."""
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        column = issue.cell.rstrip("0123456789")
        pattern = _QUOTED.sub("“…”", issue.message) if "“" in issue.message else issue.message
        key = (issue.severity, issue.source_file, issue.source_sheet, column, issue.dataset, pattern)
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

    def text(value: object) -> str:
        return "" if value is None else value

    def row_of(cell: str) -> int:
        found = _CELL_ROW.match(cell)
        return int(found.group(1)) if found else 0

    records = [tuple(text(v) for v in (i.severity, i.source_file, i.source_sheet, i.cell, i.dataset, i.message,
                                       i.department)) for i in issues]
    records.sort(key=lambda r: (r[1], r[2], row_of(r[3]), r[3], SEVERITY_ORDER.get(r[0], 3), r[5]))
    records = list(dict.fromkeys(records))
    return pd.DataFrame(records, columns=ISSUE_COLUMNS, dtype=object).astype(str) if records \
        else pd.DataFrame(columns=ISSUE_COLUMNS).astype(str)
