"""Table headers → which dataset a sheet holds and which column is which field."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..resources import fields_for, load_datasets, load_headers
from .headers import MONTH_LABEL


def score_labels(labels: list[list[str]]) -> float:
    """Score a candidate header row: 1 per column naming a dataset field, 0.5 per common column."""
    synonyms = load_headers()
    score = 0.0
    for cands in labels:
        hits = [synonyms[c] for c in cands if c in synonyms]
        if not hits:
            if cands and MONTH_LABEL.match(cands[0]):
                score += 0.5
            continue
        score += 1.0 if any(ds != "*" for h in hits for ds, _ in h) else 0.5
    return score


@dataclass
class Recognition:
    """The dataset a table holds (or None), its column map and why."""

    dataset: str | None
    columns: dict[int, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unmapped: list[int] = field(default_factory=list)
    score: float = 0.0
    reason: str = ""
    complete: bool = False


def map_columns(dataset: str, labels: list[list[str]]) -> tuple[dict[int, str], list[int]]:
    """Map column indices to fields of ``dataset`` (first match wins), and list unmapped columns."""
    synonyms = load_headers()
    wanted = fields_for(dataset)
    taken: set[str] = set()
    mapping: dict[int, str] = {}
    unmapped: list[int] = []
    for index, cands in enumerate(labels):
        if not cands:
            continue
        chosen = None
        for cand in cands:
            for ds, column in synonyms.get(cand, []):
                if ds in (dataset, "*") and column in wanted and (column not in taken or column == "_ignore"):
                    chosen = column
                    break
            if chosen:
                break
        if chosen:
            mapping[index] = chosen
            taken.add(chosen)
        else:
            unmapped.append(index)
    return mapping, unmapped


def missing_required(dataset: str, mapped: set[str]) -> list[str]:
    """Return the labels of required fields a column map lacks."""
    missing = []
    for column, f in fields_for(dataset).items():
        if not f.required:
            continue
        if f.type == "person_key":
            if not mapped & {"_name", "_id_number"}:
                missing.append(f"{f.label}（姓名或身份证号）")
        elif column not in mapped:
            missing.append(f.label)
    return missing


def recognise(labels: list[list[str]], context: str) -> Recognition:
    """Decide the dataset from header labels; ``context`` (titles, sheet and file names) breaks ties."""
    candidates = []
    for name, spec in load_datasets().items():
        mapping, unmapped = map_columns(name, labels)
        own = {c for c in mapping.values() if not c.startswith("_") and c != "remarks"}
        if "_name" in mapping.values() or "_id_number" in mapping.values():
            own |= {c for c, f in fields_for(name).items() if f.type == "person_key"}
        missing = missing_required(name, set(mapping.values()))
        hint = any(k in context for k in spec.title_keywords)
        candidates.append((len(own), not missing, hint, name, mapping, unmapped, missing, spec))
    complete = [c for c in candidates if c[1] and c[0] >= c[7].min_fields]
    if complete:
        best = max(complete, key=lambda c: (c[0] + (0.5 if c[2] else 0), c[2]))
        score, _, _, name, mapping, unmapped, _, _ = best
        return Recognition(name, mapping, [], unmapped, score, "", True)
    partial = max(candidates, key=lambda c: (c[0] + (0.5 if c[2] else 0), c[2]))
    score, _, _, name, mapping, unmapped, missing, spec = partial
    if score >= 2:
        reason = f"表头与“{spec.title}”部分吻合，但缺少必填列：{'、'.join(missing)}"
        return Recognition(name, mapping, missing, unmapped, score, reason, False)
    return Recognition(None, {}, [], [], score, "表头不属于任何已知数据集（可能是说明页或参考表）", False)
