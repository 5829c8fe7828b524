"""The sample's plan (data/plan_<year>.yaml: which file holds which records) and its records."""

from __future__ import annotations

from pathlib import Path

import yaml

from .records import BUILDERS
from .sections import BUILDERS as SECTION_BUILDERS

PLANS = Path(__file__).with_name("data")


def load_plan(year: int) -> dict:
    with open(PLANS / f"plan_{year}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def sheet_specs(file_spec: dict) -> list[dict]:
    """The file's sheets; `sheets_by_month` expands to one sheet per month."""
    if "sheets_by_month" in file_spec:
        by_month = file_spec["sheets_by_month"]
        template = by_month["sheet"]
        return [
            dict(template, name=template["name"].format(month=m), where={"months": [m]})
            for m in range(1, by_month["months"] + 1)
        ]
    return file_spec["sheets"]




def build(year: int, seed: int) -> dict[str, list[dict]]:
    """All records of a year, by dataset (those of sections.py included)."""
    builders = {**BUILDERS[year], **SECTION_BUILDERS.get(year, {})}
    return {name: builder(seed) for name, builder in builders.items()}
