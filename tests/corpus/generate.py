"""Generate the evaluation corpus: messy department workbooks and their ground truth.

    python -m tests.corpus.generate OUT_DIR [--seed 1] [--files 60]

`generate(out_dir, seed, n_files)` writes the workbooks under `out_dir/raw/` (department
folders, .xlsx, some .xls, GBK .csv and .ods, beside them a Word file, a PDF and an Excel lock
file) and the truth to `out_dir/truth.json`, and returns the truth. The wordings come from
variants.yaml and values.yaml in this folder; the department spellings also from
docs/departments.csv. Deterministic for a seed.

Truth format (JSON):

    {"seed": 1, "year": 2025, "raw": "raw",
     "files": {"<path relative to raw>": {"format": "xlsx", "department": "区司法局",
         "department_shown": ["line", "folder"],
         "sheets": [{"name": ..., "dataset": "publicity_events" | null, "department": ...,
                     "hidden": false, "header_rows": [3, 4],
                     "columns": {"A": null, "B": "event_date", "C": "_personal",
                                 "F": [null, "value"]},       # a list: any of these is right
                     "headers": {"B": "活动日期", ...},        # as written (parent/child)
                     "data_rows": 25, "records": 25, "optional_records": 0,
                     "quarantine_rows": [12], "layout": [...],
                     "rows": [{"row": 6, "department": "区司法局", "quarantine": false,
                               "records": [{"department": ..., "event_date": "2025-03-15",
                                            "category": "精准普法", "people_reached": 120}]}]}]}},
     "other_files": [...], "personal": {"names": [...], "id_numbers": [...], "phones": [...]},
     "required": {"publicity_events": ["event_date", "title"], ...},
     "fields": {"<dataset>": {"<field>": "<type>"}}}

A record holds the canonical value of every field whose column the sheet has (ISO dates,
ints, floats in 元, True/False, canonical vocabulary values and department names, lists for
`groups`), with `None` for a number written 无 / / / — (none), and `_optional: true` for a
value the cleaner may or may not emit (上年数), and `_person`: the identity number of the row's
person (for distinct-person counts). A quarantine row has no records.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.corpus.columns import PARTNER_HEADERS, Column, choose_style, decorate
from tests.corpus.forms import (
    compose_channel_counts,
    compose_filings_wide,
    compose_indicator_columns,
    compose_indicator_rows,
    compose_indicator_years,
    compose_month_totals,
    compose_pairs,
)
from tests.corpus.grid import Book, Sheet, name_column, write_book
from tests.corpus.habits import build_habit_files
from tests.corpus.layout import Options, SheetTruth, compose_ledger
from tests.corpus.records import (
    Context,
    Record,
    make_enforcement_staff,
    make_filing_months,
    make_records,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
YEAR = 2025

SOURCES: dict[str, list[str]] = {
    "publicity_events": ["区司法局", "区人民检察院", "公安分局", "区教育局", "区妇女联合会", "区退役军人事务局",
                         "区市场监督管理局", "区人力资源和社会保障局", "区人民法院"],
    "publicity_videos": ["区司法局", "公安分局", "区人民检察院"],
    "vice_principals": ["区教育局", "区人民检察院"],
    "case_file_reviews": ["区司法局"],
    "enforcement_filings": ["区司法局"],
    "enforcement_staff": ["区司法局"],
    "correction_education": ["区司法局"],
    "psych_services": ["区司法局"],
    "resettlement": ["区司法局"],
    "disputes": ["区司法局", "区社会治安综合治理中心", "区社会治理综合服务中心", "区信访局"],
    "hotline_tickets": ["区政务服务和数据管理局"],
    "risk_assessments": ["区委政法委员会"],
    "one_court_requests": ["区人民法院", "区社会治理综合服务中心"],
    "legal_aid_cases": ["区司法局"],
    "legal_consultations": ["区司法局"],
    "reconsideration_cases": ["区司法局"],
    "court_appearances": ["区司法局"],
    "indicator_values": [],
}
WEIGHTS = {"publicity_events": 4, "disputes": 3, "hotline_tickets": 1.5, "legal_aid_cases": 2,
           "indicator_values": 3, "case_file_reviews": 1.5, "enforcement_filings": 1.5}
PARTNERS = {"correction_education": ["psych_services", "resettlement"], "psych_services": ["resettlement"],
            "publicity_events": ["publicity_videos"], "legal_aid_cases": ["legal_consultations"],
            "reconsideration_cases": ["court_appearances"], "case_file_reviews": ["enforcement_staff"],
            "legal_consultations": ["one_court_requests"]}
ENFORCEMENT_UNITS = ["区市场监督管理局", "区城市管理综合行政执法局", "区卫生健康局", "区应急管理局",
                     "区住房和城乡建设局", "区人力资源和社会保障局", "区教育局", "区退役军人事务局"]
FIELD_KEEP = {"due": 0.3, "street": 0.6, "theme": 0.6, "audience": 0.7, "defects": 0.7, "resolved_date": 0.6,
              "closed_date": 0.7, "note": 0.5}
PERSONAL_KEEP = {"name": 0.95, "id_number": 0.8, "phone": 0.45}
KEYED = {"psych_services", "resettlement", "legal_aid_cases"}   # person_key from the identity number


def load_yaml(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def load_aliases() -> dict[str, list[str]]:
    """Department spellings: docs/departments.csv (the contract's list)."""
    out: dict[str, list[str]] = {}
    with (ROOT / "docs" / "departments.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["canonical"]] = [a for a in row["aliases"].split(";") if a]
    return out


@dataclass
class SheetPlan:
    """One dataset in a workbook: ledger, summary (a 单位 column) or wide (单位 × months)."""

    dataset: str
    variant: str = "ledger"
    members: list[str] = field(default_factory=list)   # departments of a summary form


@dataclass
class FilePlan:
    """One workbook to write: its department, datasets (one or more sheets) and format."""

    dept: str
    sheets: list[SheetPlan]
    fmt: str = "xlsx"
    extras: list[str] = field(default_factory=list)   # instruction, lookup, hidden

    @property
    def datasets(self) -> list[str]:
        return [s.dataset for s in self.sheets]


# ---------------------------------------------------------------- planning

ONCE = ("indicator_values", "enforcement_filings", "enforcement_staff", "vice_principals")


def claim(ctx: Context, key: tuple) -> bool:
    """Reserve a corpus-wide key (department × dataset where a second copy would be a duplicate)."""
    if key in ctx.claims:
        return False
    ctx.claims.add(key)
    return True


def pick_dataset(ctx: Context, pending: list[str]) -> str:
    if pending:
        return pending.pop(0)
    names = list(SOURCES)
    return ctx.rng.choices(names, weights=[WEIGHTS.get(n, 1) for n in names])[0]


def plan_enforcement(ctx: Context, dataset: str) -> tuple[str, SheetPlan] | None:
    """司法局's summary of several units (once), else one unit's own form (once per unit)."""
    rng = ctx.rng
    free = [d for d in ENFORCEMENT_UNITS if (dataset, d) not in ctx.claims]
    if len(free) >= 3 and claim(ctx, (dataset, "summary")):
        members = rng.sample(free, rng.randint(3, min(7, len(free))))
        for d in members:
            claim(ctx, (dataset, d))
        variant = "wide" if dataset == "enforcement_filings" else "summary"
        return "区司法局", SheetPlan(dataset, variant, members)
    if not free:
        return None
    dept = rng.choice(free)
    claim(ctx, (dataset, dept))
    return dept, SheetPlan(dataset)


def plan_once(ctx: Context, dataset: str) -> tuple[str, SheetPlan] | None:
    """Department and sheet plan for datasets a department sends once (None: none left)."""
    if dataset == "indicator_values":
        groups = [g for g in ctx.values["indicators"]["groups"] if ("indicator", g) not in ctx.claims]
        if not groups:
            return None
        group = ctx.rng.choice(groups)
        claim(ctx, ("indicator", group))
        return group, SheetPlan(dataset, group)
    if dataset in ("enforcement_filings", "enforcement_staff"):
        return plan_enforcement(ctx, dataset)
    free = [d for d in SOURCES[dataset] if (dataset, d) not in ctx.claims]
    if not free:
        return None
    claim(ctx, (dataset, free[0]))
    return free[0], SheetPlan(dataset)


def plan_partners(ctx: Context, dataset: str, dept: str) -> list[SheetPlan]:
    """Related datasets the same department puts in the same workbook."""
    out = []
    for partner in PARTNERS.get(dataset, []):
        if dept not in SOURCES[partner] or ctx.rng.random() >= 0.35:
            continue
        if partner in ONCE:
            planned = plan_enforcement(ctx, partner) if partner.startswith("enforcement") else None
            if planned and planned[0] == dept:
                out.append(planned[1])
            elif planned:
                ctx.claims.discard((partner, "summary"))
                for d in planned[1].members or [planned[0]]:
                    ctx.claims.discard((partner, d))
            continue
        out.append(SheetPlan(partner))
    return out


def choose_format(ctx: Context, plan: FilePlan) -> str:
    r = ctx.rng.random()
    single = len(plan.sheets) == 1 and not plan.extras
    if plan.datasets == ["hotline_tickets"] and single and r < 0.5:
        return "csv"
    if single and r < 0.09 and plan.sheets[0].variant in ("ledger", "summary"):
        return "csv"
    if r < 0.24:
        return "xls"
    if r < 0.31:
        return "ods"
    return "xlsx"


def plan_corpus(ctx: Context, n_files: int) -> list[FilePlan]:
    """Every dataset at least once and three indicator forms (when n_files allows), then a weighted mix."""
    rng = ctx.rng
    pending = list(SOURCES) + (["indicator_values"] * 2 if n_files >= 30 else [])   # every indicator form
    rng.shuffle(pending)
    plans: list[FilePlan] = []
    attempts = 0
    while len(plans) < n_files and attempts < n_files * 20:
        attempts += 1
        dataset = pick_dataset(ctx, pending)
        if dataset in ONCE:
            planned = plan_once(ctx, dataset)
            if planned is None:
                continue
            dept, first = planned
        else:
            dept, first = rng.choice(SOURCES[dataset]), SheetPlan(dataset)
        plan = FilePlan(dept, [first, *plan_partners(ctx, dataset, dept)])
        if first.variant in ("ledger", "summary") and rng.random() < 0.45:
            plan.extras = rng.sample(["instruction", "lookup", "hidden"], rng.randint(1, 2))
        plan.fmt = choose_format(ctx, plan)
        if plan.fmt == "csv":
            plan.extras = []
        elif plan.fmt != "xlsx":
            plan.extras = [e for e in plan.extras if e != "hidden"]
        plans.append(plan)
    return plans


# ---------------------------------------------------------------- columns

def pick_field_header(ctx: Context, fspec: dict, required: bool) -> str:
    return decorate(ctx.rng.choice(fspec["headers"]), ctx.rng, required).format(year=ctx.year)


def choose_fields(ctx: Context, dataset: str, spec: dict) -> list[str]:
    """Required and core fields always; the others mostly."""
    keep = set(spec.get("required", [])) | set(spec.get("core", []))
    return [f for f in spec["fields"] if f in keep or ctx.rng.random() < FIELD_KEEP.get(f, 0.85)]


def choose_group(ctx: Context, spec: dict, fields: list[str], fmt: str) -> tuple[dict | None, str | None]:
    """A two-level group (parent merged over children) among the chosen fields, or none."""
    if fmt == "csv" or ctx.rng.random() > 0.4:
        return None, None
    options = [g for g in spec.get("groups", []) if sum(f in fields for f in g["children"]) >= 2]
    if not options:
        return None, None
    group = ctx.rng.choice(options)
    return group, ctx.rng.choice(group["parents"])


def choose_personal_columns(ctx: Context, dataset: str, spec: dict) -> list[Column]:
    cols = []
    for kind, headers in spec.get("personal", {}).items():
        keep = 1.0 if dataset in KEYED and kind in ("name", "id_number") else PERSONAL_KEEP[kind]
        if ctx.rng.random() < keep:
            cols.append(Column("_personal", ctx.rng.choice(headers), "personal", kind))
    return cols


def choose_extra_columns(ctx: Context, spec: dict, common: dict) -> tuple[list[Column], list[Column], list[Column]]:
    """(first, middle, last) columns that are not fields."""
    rng = ctx.rng
    first = [Column(None, rng.choice(common["first"]), "seq")] if rng.random() < 0.7 else []
    middle = [Column(None, name, "extra", name)
              for name in rng.sample(spec.get("extras", []), min(len(spec.get("extras", [])), rng.choice([0, 1, 1, 2])))]
    if spec.get("personal_extras") and rng.random() < 0.3:
        middle.append(Column("_personal", rng.choice(spec["personal_extras"]), "staff"))
    if rng.random() < 0.12:
        middle.append(Column("_personal", rng.choice(common["personal"]), "staff"))
    last = [Column(None, rng.choice(common["last"]), "extra", "备注")] if rng.random() < 0.5 else []
    return first, middle, last


def order_columns(ctx: Context, blocks: list[list[Column]]) -> list[Column]:
    """Natural order, sometimes with a few neighbouring blocks swapped (groups stay together)."""
    if ctx.rng.random() < 0.45 and len(blocks) > 2:
        for _ in range(ctx.rng.randint(1, 3)):
            i = ctx.rng.randrange(len(blocks) - 1)
            blocks[i], blocks[i + 1] = blocks[i + 1], blocks[i]
    return [c for b in blocks for c in b]


def choose_columns(ctx: Context, dataset: str, fmt: str, export: bool, dept_column: bool = False) -> list[Column]:
    """The columns of a ledger of dataset: fields, personal columns, extras, in some order."""
    variants = ctx.values["_variants"]
    spec = variants[dataset]
    required = set(spec.get("required", []))
    fields = choose_fields(ctx, dataset, spec)
    group, parent = choose_group(ctx, spec, fields, fmt)
    blocks: list[list[Column]] = []
    grouped: list[Column] = []
    for f in fields:
        fspec = spec["fields"][f]
        if group and f in group["children"]:
            col = Column(f, ctx.rng.choice(group["children"][f]), "field", f, fspec, parent)
            grouped.append(col)
            if len(grouped) == 1:
                blocks.append(grouped)
            continue
        blocks.append([Column(f, pick_field_header(ctx, fspec, f in required), "field", f, fspec)])
    first, middle, last = choose_extra_columns(ctx, spec, ctx.values["_common"])
    persons = choose_personal_columns(ctx, dataset, spec)
    for col in middle:
        blocks.insert(ctx.rng.randint(min(1, len(blocks)), len(blocks)), [col])
    if persons:
        blocks.insert(ctx.rng.randint(0, min(2, len(blocks))), persons)
    cols = order_columns(ctx, blocks)
    if dept_column:
        cols.insert(0, Column("department", ctx.rng.choice(spec["department_headers"]), "department"))
    cols = first + cols + last
    for col in cols:
        if col.kind == "field":
            col.style = choose_style(ctx, col, fmt, export)
    if dataset in PARTNER_HEADERS and ctx.aside.random() < 0.25:  # an organisation in another role
        header = ctx.aside.choice(PARTNER_HEADERS[dataset])
        cols.insert(ctx.aside.randint(len(first) + 1, len(cols) - len(last)), Column(None, header, "partner", header))
    return cols


# ---------------------------------------------------------------- sheets

def make_title(ctx: Context, dataset: str, unit: str, in_title: bool) -> str:
    """A sheet title; with the unit in it when the unit is to be shown there."""
    template = ctx.rng.choice(ctx.values["_variants"][dataset]["titles"])
    if "{unit}" in template and not in_title:
        template = template.replace("{unit}", "")
    elif in_title and "{unit}" not in template:
        template = "{unit}" + template.removeprefix("西市区")
    return template.format(year=ctx.year, next=ctx.year + 1, unit=unit)


def choose_options(ctx: Context, dataset: str, fmt: str, shown: set[str], unit: str, cols: list[Column],
                   title: str) -> Options:
    """Title rows, 填报单位 line, code row, blank rows, totals, footers, notes."""
    rng, layout = ctx.rng, ctx.values["layout"]
    opts = Options(fmt=fmt, export=dataset == "hotline_tickets" and rng.random() < 0.7)
    if "title" in shown or not (opts.export and fmt == "csv" and rng.random() < 0.6):
        opts.titles = [title] if "title" in shown or rng.random() < 0.85 else []
        if opts.titles and rng.random() < 0.15:
            opts.titles.append(f"（{ctx.year}年1月—12月）")
    opts.merge_title = rng.random() < 0.8
    units = "、".join(dict.fromkeys(c.style.get("unit") or "" for c in cols if c.numeric if c.style.get("unit")))
    if "line" in shown:
        written = rng.choice(ctx.values["department_decorations"]).format(name=unit)
        opts.unit_line = rng.choice(layout["unit_lines"]).format(unit=written, year=ctx.year, day=rng.randint(1, 10),
                                                                 units=units or "件")
    if units and rng.random() < 0.25:
        opts.measure_line = rng.choice(layout["measure_lines"]).format(units=units)
    if rng.random() < 0.12:
        opts.pre_note = rng.choice(layout["pre_notes"]).format(year=ctx.year)
    if fmt != "csv" and rng.random() < 0.2:
        opts.code_row = rng.choice(layout["code_rows"])
    opts.blank_prob = rng.choice([0.0, 0.0, 0.03, 0.08])
    opts.sort = rng.random() < 0.7
    numeric = any(c.numeric for c in cols)
    opts.subtotals = numeric and opts.sort and rng.random() < 0.2
    if numeric and rng.random() < 0.55:
        opts.total_label = rng.choice(layout["total_labels"])
    if rng.random() < 0.45:
        staff = ctx.draw_staff(), ctx.draw_staff()
        opts.footer = rng.choice(layout["footers"]).format(name=staff[0].name, name2=staff[1].name,
                                                            phone=staff[0].phone, year=ctx.year, day=rng.randint(1, 9))
    if rng.random() < 0.3:
        opts.notes = [rng.choice(layout["notes"])]
    if rng.random() < 0.08:
        opts.stacked = rng.choice(["二、下半年", "（二）补报", "续表"])
        opts.reordered = ctx.aside.random() < 0.6
    if fmt != "csv" and ctx.aside.random() < 0.1:
        opts.example = ctx.aside.choice(layout["example_labels"])
    if ctx.values["_variants"][dataset].get("required") and rng.random() < 0.3:
        opts.impossible = 1
    return opts


def find_defaults(dataset: str, cols: list[Column], spec: dict) -> dict[str, Any]:
    """Values the truth expects without a column (应办结 defaults to true), and required fields."""
    present = {c.field for c in cols if c.kind == "field"}
    out: dict[str, Any] = {"_required": spec.get("required", [])}
    for name, fspec in spec["fields"].items():
        if "default" in fspec and name not in present:
            out[name] = fspec["default"]
    return out


def split_records(ctx: Context, dataset: str, records: list[Record], names: list[str]) -> list[tuple[str, list[Record]]]:
    """Split a ledger into sheets per quarter, half year or case type."""
    if dataset == "legal_aid_cases":
        return [(names[0], [r for r in records if r["case_type"] == "刑事"]),
                (names[1], [r for r in records if r["case_type"] != "刑事"])]
    datef = next(f for f, s in ctx.values["_variants"][dataset]["fields"].items() if s["type"] == "date")
    parts: list[tuple[str, list[Record]]] = [(n, []) for n in names]
    for r in records:
        parts[min(len(names) - 1, (r[datef].month - 1) * len(names) // 12)][1].append(r)
    return parts


def make_ledger_records(ctx: Context, sp: SheetPlan, dept: str) -> list[Record]:
    """The records of a ledger (a summary form: one block per member department)."""
    rng = ctx.rng
    if sp.dataset == "enforcement_staff":
        return [make_enforcement_staff(ctx, d, ctx.year) for d in (sp.members or [dept])]
    if sp.dataset == "enforcement_filings":
        last = rng.choice([10, 11, 12])
        return [r for d in (sp.members or [dept]) for r in make_filing_months(ctx, d, ctx.year, last)]
    return make_records(ctx, sp.dataset, dept, ctx.year)


def build_ledger_sheets(ctx: Context, sp: SheetPlan, plan: FilePlan, unit: str, shown: set[str],
                  aliases: dict, used_names: set[str]) -> list[tuple[Sheet, SheetTruth, list[Column]]]:
    """The sheet(s) of one dataset in a workbook, split by quarter/half year sometimes."""
    rng, dataset = ctx.rng, sp.dataset
    spec = ctx.values["_variants"][dataset]
    dept = plan.dept
    summary = sp.variant == "summary"
    records = make_ledger_records(ctx, sp, dept)
    export = dataset == "hotline_tickets"
    cols = choose_columns(ctx, dataset, plan.fmt, export, dept_column=summary)
    parts = [(None, records)]
    if spec.get("split_names") and len(records) >= 20 and rng.random() < 0.25 and plan.fmt != "csv":
        parts = [p for p in split_records(ctx, dataset, records, spec["split_names"]) if p[1]]
    title = make_title(ctx, dataset, unit, "title" in shown)
    out = []
    for part_name, part in parts:
        name = claim_sheet_name(ctx, part_name or rng.choice(spec["sheet_names"]).format(year=ctx.year), used_names)
        opts = choose_options(ctx, dataset, plan.fmt, shown, unit, cols, title)
        if summary:
            opts.impossible = 0
        sheet, truth = compose_ledger(ctx, name, cols, part, opts, aliases, dataset, dept,
                                      find_defaults(dataset, cols, spec))
        truth.layout = list_layout_tags(opts, cols)
        out.append((sheet, truth, cols))
    return out


def list_layout_tags(opts: Options, cols: list[Column]) -> list[str]:
    tags = [name for name, on in [
        ("title", bool(opts.titles)), ("unit_line", bool(opts.unit_line)), ("measure_line", bool(opts.measure_line)),
        ("code_row", bool(opts.code_row)), ("blank_rows", opts.blank_prob > 0), ("subtotals", opts.subtotals),
        ("total", bool(opts.total_label)), ("footer", bool(opts.footer)), ("notes", bool(opts.notes)),
        ("stacked", bool(opts.stacked)), ("impossible_date", opts.impossible > 0), ("export", opts.export),
        ("stacked_reordered", bool(opts.stacked) and opts.reordered), ("example_row", bool(opts.example)),
        ("two_level", any(c.parent for c in cols))] if on]
    return tags


def claim_sheet_name(ctx: Context, wanted: str, used: set[str]) -> str:
    name, k = wanted[:28], 1
    while name in used:
        k += 1
        name = f"{wanted[:26]}{k}"
    used.add(name)
    return name


def build_previous_year_sheet(ctx: Context, dataset: str, cols: list[Column], plan: FilePlan, aliases: dict,
                        used: set[str]) -> tuple[Sheet, SheetTruth] | None:
    """Last year's copy of the ledger, hidden (skipped by the cleaner)."""
    if dataset in ("enforcement_staff", "enforcement_filings", "vice_principals", "indicator_values"):
        return None
    records = make_records(ctx, dataset, plan.dept, ctx.year - 1)
    name = claim_sheet_name(ctx, ctx.rng.choice(ctx.values["layout"]["previous_names"]).format(prev=ctx.year - 1), used)
    opts = Options(fmt=plan.fmt, titles=[f"{ctx.year - 1}年台账"])
    sheet, truth = compose_ledger(ctx, name, cols, records, opts, aliases, dataset, plan.dept, {})
    sheet.hidden = True
    return sheet, SheetTruth(name, None, plan.dept, hidden=True, note=f"hidden copy of {ctx.year - 1} {dataset}")


def build_instruction_sheet(ctx: Context, used: set[str]) -> tuple[Sheet, SheetTruth]:
    name = claim_sheet_name(ctx, ctx.rng.choice(ctx.values["layout"]["instruction_names"]), used)
    sheet = Sheet(name)
    for line in ctx.values["layout"]["instruction_lines"]:
        sheet.add([line.format(year=ctx.year)])
    return sheet, SheetTruth(name, None, note="instructions")


def build_lookup_sheet(ctx: Context, dataset: str, cols: list[Column], main: Sheet, header_row: int,
                 used: set[str]) -> tuple[Sheet, SheetTruth]:
    """下拉选项 sheet: the canonical lists of the vocabulary columns, as a dropdown source."""
    name = claim_sheet_name(ctx, ctx.rng.choice(ctx.values["layout"]["lookup_names"]), used)
    sheet = Sheet(name)
    lists: list[tuple[str, list[str], int]] = []
    for i, c in enumerate(cols):
        if c.kind == "field" and c.spec.get("type") in ("vocab", "vocab_list"):
            lists.append((c.header.strip(), list(ctx.values["vocabularies"][c.spec["vocab"]]), i))
        elif c.kind == "field" and c.spec.get("pool") == "streets":
            lists.append((c.header.strip(), ctx.get_pool("streets"), i))
    if not lists:
        lists.append(("单位", [ctx.rng.choice(["区司法局", "区教育局"])], -1))
    sheet.add([h for h, _, _ in lists])
    for k in range(max(len(v) for _, v, _ in lists)):
        sheet.add([v[k] if k < len(v) else None for _, v, _ in lists])
    for j, (_, values, i) in enumerate(lists):
        if i >= 0:
            letter = name_column(i)
            main.validations.append((f"{letter}{header_row + 1}:{letter}{header_row + 300}",
                                     f"'{name}'!${name_column(j)}$2:${name_column(j)}${len(values) + 1}"))
    sheet.hidden = ctx.rng.random() < 0.4
    return sheet, SheetTruth(name, None, hidden=sheet.hidden, note="dropdown lists")


def build_indicator_sheet(ctx: Context, sp: SheetPlan, plan: FilePlan, unit: str, shown: set[str], aliases: dict,
                    used: set[str]) -> tuple[Sheet, SheetTruth]:
    rng = ctx.rng
    group = ctx.values["indicators"]["groups"][sp.variant]
    spec = ctx.values["_variants"]["indicator_values"]
    forms = ["rows", "years", "columns", "rows"]         # in turn: every form in every corpus
    form = forms[(ctx.next("indicator_form") - 1) % len(forms)]
    opts = choose_options(ctx, "indicator_values", plan.fmt, shown, unit, [], make_title(ctx, "indicator_values", unit, "title" in shown))
    opts.subtotals, opts.total_label, opts.stacked, opts.impossible = False, None, None, 0
    if form == "years":
        opts.titles = [f"{ctx.year - 2}—{ctx.year}年相关工作数据统计表（近三年）"]
    name = claim_sheet_name(ctx, rng.choice(spec["sheet_names"]), used)
    if form == "rows":
        return compose_indicator_rows(ctx, name, group, opts, plan.dept)
    if form == "years":
        return compose_indicator_years(ctx, name, group, opts, plan.dept)
    return compose_indicator_columns(ctx, name, group, opts, plan.dept, aliases)


def build_filings_wide_sheet(ctx: Context, sp: SheetPlan, plan: FilePlan, unit: str, shown: set[str], aliases: dict,
                       used: set[str]) -> tuple[Sheet, SheetTruth]:
    depts = sp.members
    spec = ctx.values["_variants"]["enforcement_filings"]
    opts = choose_options(ctx, "enforcement_filings", plan.fmt, shown, unit, [],
                          make_title(ctx, "enforcement_filings", unit, "title" in shown))
    name = claim_sheet_name(ctx, ctx.rng.choice(spec["sheet_names"]), used)
    return compose_filings_wide(ctx, name, depts, opts, aliases, plan.dept)


def build_form_sheet(ctx: Context, variant: str, plan: FilePlan, unit: str, used: set[str]) -> tuple[Sheet, SheetTruth]:
    """A register with one count column per channel, or a roster with two people per row (aside stream)."""
    dataset = "legal_consultations" if variant == "channels" else "vice_principals"
    aside = ctx.aside
    title = aside.choice(ctx.values["_variants"][dataset]["titles"]).format(year=ctx.year, next=ctx.year + 1, unit=unit)
    opts = Options(fmt=plan.fmt, titles=[title], merge_title=aside.random() < 0.7)
    name = claim_sheet_name(ctx, aside.choice(["按渠道统计", "分渠道汇总", "每日接待"] if variant == "channels"
                                              else ["副校长配备", "配备一览", "两名副校长"]), used)
    if variant == "channels":
        return compose_channel_counts(ctx, name, opts, plan.dept)
    return compose_pairs(ctx, name, opts, plan.dept)


# ---------------------------------------------------------------- files

def choose_department_places(ctx: Context) -> set[str]:
    """Where the submitting unit appears: 填报单位 line, title, file name, folder (at least one)."""
    rng = ctx.rng
    shown = {w for w, p in [("line", 0.5), ("title", 0.35), ("file", 0.35), ("folder", 0.45)] if rng.random() < p}
    return shown or {rng.choice(["line", "file", "folder"])}


def pick_unit_name(ctx: Context, dept: str, aliases: dict) -> str:
    names = [dept, *aliases.get(dept, [])]
    return ctx.rng.choice(names)


def make_file_path(ctx: Context, plan: FilePlan, title: str, shown: set[str], unit: str, used: set[str]) -> str:
    """Folder and file name as departments send them."""
    rng = ctx.rng
    folder = ""
    if "folder" in shown:
        folder = rng.choice(["{u}", "{n:02d}-{u}", "{u}报送", f"{ctx.year}年报送材料/{{u}}", "{u}（{year}年）"]).format(
            u=unit, n=rng.randint(1, 30), year=ctx.year)
    elif rng.random() < 0.4:
        folder = rng.choice(["报送材料", "第二批", "12月报送", "汇总"])
    base = title.replace("/", "／").replace("\n", "")
    if plan.datasets == ["hotline_tickets"] and rng.random() < 0.4:
        base = f"工单导出_{ctx.year}12{rng.randint(1, 9):02d}_{rng.randint(100, 999)}"
    if "file" in shown:
        templates = ["{u}-{t}", "{t}（{u}）", "{u}{t}"] + ([] if base.startswith("附件") else ["附件{k}：{t}（{u}）"])
        base = rng.choice(templates).format(u=unit, t=base, k=rng.randint(1, 6))
    ext = {"xlsx": ".xlsx", "xls": ".xls", "csv": ".csv", "ods": ".ods"}[plan.fmt]
    path = f"{folder}/{base}{ext}" if folder else f"{base}{ext}"
    k = 1
    while path in used:
        k += 1
        stem = f"{base}（第{k}批）"
        path = f"{folder}/{stem}{ext}" if folder else f"{stem}{ext}"
    used.add(path)
    return path


def build_file(ctx: Context, plan: FilePlan, aliases: dict, used_paths: set[str]) -> tuple[Book, dict]:
    """One workbook (all its sheets) and its truth."""
    rng = ctx.rng
    shown = choose_department_places(ctx)
    canonical = plan.dept
    unit = pick_unit_name(ctx, canonical, aliases)
    used: set[str] = set()
    sheets: list[tuple[Sheet, SheetTruth]] = []
    first_cols: tuple[str, list[Column], Sheet, SheetTruth] | None = None
    for sp in plan.sheets:
        if sp.dataset == "indicator_values":
            sheets.append(build_indicator_sheet(ctx, sp, plan, unit, shown, aliases, used))
        elif sp.variant == "wide":
            sheets.append(build_filings_wide_sheet(ctx, sp, plan, unit, shown, aliases, used))

        else:
            for sheet, truth, cols in build_ledger_sheets(ctx, sp, plan, unit, shown, aliases, used):
                sheets.append((sheet, truth))
                first_cols = first_cols or (sp.dataset, cols, sheet, truth)
    if plan.fmt != "csv":  # issue 20's shapes, one more sheet drawn from the aside stream
        if "legal_consultations" in plan.datasets and ctx.aside.random() < 0.35:
            sheets.append(build_form_sheet(ctx, "channels", plan, unit, used))
        if "vice_principals" in plan.datasets and plan.dept != "区人民检察院" and ctx.aside.random() < 0.6:
            sheets.append(build_form_sheet(ctx, "pairs", plan, unit, used))
        monthly = random.Random(f"month-totals|{ctx.seed}|{len(used_paths)}")  # a stream of its own
        if "publicity_events" in plan.datasets and monthly.random() < 0.4:
            title = f"{unit}{ctx.year}年普法活动开展情况（按月）"
            opts = Options(fmt=plan.fmt, titles=[title])
            sheets.append(compose_month_totals(monthly, ctx, claim_sheet_name(ctx, "按月统计", used), opts, plan.dept))
    if first_cols and plan.fmt != "csv":
        dataset, cols, main, main_truth = first_cols
        if "lookup" in plan.extras:
            sheets.append(build_lookup_sheet(ctx, dataset, cols, main, main_truth.header_rows[-1], used))
        if "hidden" in plan.extras:
            prev = build_previous_year_sheet(ctx, dataset, cols, plan, aliases, used)
            if prev:
                sheets.append(prev)
        if "instruction" in plan.extras:
            sheets.insert(0 if rng.random() < 0.6 else len(sheets), build_instruction_sheet(ctx, used))
    title = make_title(ctx, plan.datasets[0], "", False)
    path = make_file_path(ctx, plan, title, shown, unit, used_paths)
    book = Book(path, plan.fmt, [s for s, _ in sheets])
    truth = {"format": plan.fmt, "department": canonical, "department_shown": sorted(shown),
             "sheets": [t.as_dict() for _, t in sheets]}
    return book, truth


def write_decoys(raw: Path, rng: random.Random) -> list[str]:
    """A Word file, a PDF and an Excel lock file next to the workbooks (not workbooks)."""
    files = {"区司法局/2025年法治建设工作总结.docx": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(60)),
             "区司法局/盖章扫描件.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
             "~$普法活动台账.xlsx": b"\x05admin" + b" " * 48 + b"\x05\x00a\x00d\x00m\x00i\x00n\x00" + b"\x00" * 100}
    for rel, data in files.items():
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return list(files)


def make_context(seed: int) -> Context:
    values = load_yaml("values.yaml")
    variants = load_yaml("variants.yaml")
    values["_variants"] = variants["datasets"]
    values["_common"] = variants["common_extras"]
    ctx = Context(random.Random(seed), YEAR, values, aside=random.Random(seed * 1_000_003 + 20), seed=seed)
    ctx.used_names.update(values["pools"]["lawyers"])
    return ctx


def list_field_types(variants: dict) -> dict[str, dict[str, str]]:
    return {ds: {f: s["type"] for f, s in spec["fields"].items()} for ds, spec in variants.items()}


def generate(out_dir: Path, seed: int = 1, n_files: int = 60) -> dict:
    """Write n_files workbooks under out_dir/raw and out_dir/truth.json; return the truth."""
    out_dir = Path(out_dir)
    raw = out_dir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    ctx = make_context(seed)
    aliases = load_aliases()
    files: dict[str, dict] = {}
    used_paths: set[str] = set()
    for plan in plan_corpus(ctx, n_files):
        book, truth = build_file(ctx, plan, aliases, used_paths)
        write_book(book, raw)
        files[book.path] = truth
    other_files = write_decoys(raw, ctx.rng)
    for book, ftruth in build_habit_files(ctx, used_paths):  # issue 20's habits, each on a stream of its own
        write_book(book, raw)
        files[book.path] = ftruth
    truth = {"seed": seed, "year": YEAR, "raw": "raw", "files": files,
             "other_files": other_files,
             "personal": {"names": sorted({p.name for p in ctx.persons}),
                          "id_numbers": sorted({p.id_number for p in ctx.persons}),
                          "phones": sorted({p.phone for p in ctx.persons})},
             "required": {ds: spec.get("required", []) for ds, spec in ctx.values["_variants"].items()},
             "fields": list_field_types(ctx.values["_variants"])}
    (out_dir / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def summarize(truth: dict) -> dict[str, Any]:
    """Counts of a corpus: files by format, sheets and rows by dataset."""
    formats: dict[str, int] = {}
    datasets: dict[str, list[int]] = {}
    for f in truth["files"].values():
        formats[f["format"]] = formats.get(f["format"], 0) + 1
        for s in f["sheets"]:
            key = s["dataset"] or "(none)"
            entry = datasets.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += s["data_rows"]
    return {"files": len(truth["files"]), "formats": formats, "datasets": datasets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=60)
    args = parser.parse_args()
    start = time.perf_counter()
    truth = generate(args.out, args.seed, args.files)
    print(json.dumps(summarize(truth), ensure_ascii=False, indent=1))
    print(f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
