"""Which template workbooks to write: one per department (resources/submissions.csv) and one
blank workbook per dataset."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..contract import blank_template_file_name, template_file_name
from ..resources import load_datasets, read_csv_rows
from ..template_columns import department_names, template_datasets


class SubmissionsError(ValueError):
    """resources/submissions.csv names an unknown department or dataset (the message is Chinese)."""


@dataclass(frozen=True)
class WorkbookPlan:
    """One template workbook: its file name, the department it is for ('' when blank), its datasets."""

    file_name: str
    department: str
    datasets: tuple[str, ...]


@lru_cache(maxsize=1)
def load_submissions() -> dict[str, tuple[str, ...]]:
    """Return department → the datasets it submits, from submissions.csv (checked)."""
    known_departments, known_datasets = set(department_names()), set(load_datasets())
    out: dict[str, list[str]] = {}
    for line, r in enumerate(read_csv_rows("submissions.csv"), start=2):
        if r["department"] not in known_departments:
            raise SubmissionsError(f"resources/submissions.csv 第{line}行：单位“{r['department']}”不在单位名录"
                                   "（departments.csv）中，请使用规范名称")
        if r["dataset"] not in known_datasets:
            raise SubmissionsError(f"resources/submissions.csv 第{line}行：数据集“{r['dataset']}”不在 datasets.csv 中")
        if r["dataset"] not in out.setdefault(r["department"], []):
            out[r["department"]].append(r["dataset"])
    return {d: tuple(ds) for d, ds in out.items()}


def submitted_datasets(department: str) -> tuple[str, ...]:
    """Return the datasets a department submits, in datasets.csv order; every dataset when none is listed."""
    listed = set(load_submissions().get(department, ()))
    every = template_datasets()
    return tuple(d for d in every if d in listed) if listed else tuple(every)


def plan_workbooks(year: int, department: str | None = None) -> list[WorkbookPlan]:
    """Return the workbooks of a run: every department's and every blank one, or one department's."""
    departments = [department] if department else list(department_names())
    plans = [WorkbookPlan(template_file_name(d, year), d, submitted_datasets(d)) for d in departments]
    if department is None:
        titles = load_datasets()
        plans += [WorkbookPlan(blank_template_file_name(titles[d].title, year), "", (d,))
                  for d in template_datasets()]
    return plans
