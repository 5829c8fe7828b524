"""Header labels: the synonym index of every field, and how much a row of labels looks like a header.

Read by layout (which row is the header) and by recognition (which field a column holds).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...resources import fields_for, load_datasets, load_headers
from .groups import split_ordinal
from .indexcache import cached_index
from .matching import TIER_ORDER, Candidate, SynonymIndex, exact_key, normal_key
from .months import MONTH_LABEL

_YEAR_LABEL = re.compile(r"^20\d{2}(\.0)?年?(度)?(数|数据|完成|完成数|实际|情况)?$")


@lru_cache(maxsize=1)
def _key_vocabularies() -> tuple[str, ...]:
    """The vocabularies whose values may head columns (datasets.csv ``wide_key``)."""
    out = []
    for name, spec in load_datasets().items():
        if spec.wide_key:
            vocabulary = fields_for(name)[spec.wide_key].vocabulary
            if vocabulary:
                out.append(vocabulary)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=8192)
def names_key_value(label: str) -> bool:
    """True when a header names a value of a key vocabulary (an indicator heading its column)."""
    from .vocabulary import COVER, vocabulary_index

    stripped = normal_key(exact_key(label))  # a header's fillers and endings: 网格员配备数 → 网格员
    for vocabulary in _key_vocabularies():
        for text in dict.fromkeys((label, stripped)):
            found = vocabulary_index(vocabulary).match(text, similarity=False)  # the quick tiers only
            if found and (found[0].tier in ("exact", "normalised") or found[0].score >= COVER):
                return True
    return False


@lru_cache(maxsize=1)
def header_index() -> SynonymIndex:
    """The synonyms of every field of every dataset ('*': columns any dataset may have)."""
    def build() -> SynonymIndex:
        return SynonymIndex([(text, target) for text, targets in load_headers().items() for target in targets])

    return cached_index("headers", build)


def match_header(label: str) -> list[Candidate]:
    """The quick-tier matches of a header label; a label with a group ordinal (副校长一, 律师（二）,
    主办人1) is also tried without it, as the groups of a table are read."""
    found = header_index().match(label, similarity=False)
    if found:
        return found
    stem = _without_ordinal(label)
    return header_index().match(stem, similarity=False) if stem else []


def _without_ordinal(label: str) -> str:
    """副校长一 → 副校长, 法治副校长（一）姓名 → 法治副校长姓名; "" for a label without an ordinal."""
    found = split_ordinal(label)
    return found[0].replace(" / ", "") if found else ""


def column_candidates(labels: list[str]) -> list[Candidate]:
    """Candidates for a column from its label texts (most specific first), best per field."""
    return list(_column_candidates(tuple(labels)))


@lru_cache(maxsize=8192)
def _column_candidates(labels: tuple[str, ...]) -> tuple[Candidate, ...]:
    best: dict = {}
    for position, label in enumerate(labels):
        # a two-level header's parts say less than the whole: [group+sub, sub, group]; the sub-header
        # says what the column holds, the group only what it belongs to
        factor = 1.0 if position == 0 else (0.95 if position == 1 else 0.8)
        stem = _without_ordinal(label)
        for cand in [*header_index().match(label), *(header_index().match(stem) if stem else [])]:
            if factor != 1.0:
                cand = Candidate(cand.target, cand.tier, cand.score, round(cand.strength * factor, 3), cand.synonym)
            old = best.get(cand.target)
            if old is None or cand.strength > old.strength:
                best[cand.target] = cand
    return tuple(sorted(best.values(), key=lambda c: (-c.strength, TIER_ORDER.index(c.tier), str(c.target))))


_NOT_A_LABEL = re.compile(r"^[\d\s.,:/\-+%()年月日号时分秒]*\d[\d\s.,:/\-+%()年月日号时分秒]*$")


def score_labels(labels: list[list[str]]) -> float:
    """Score a candidate header row: per cell, the strength of its best field (common columns ½).

    Used to find the header row among the first rows of a sheet, so only the quick tiers count.
    """
    score = 0.0
    for cands in labels:
        if not cands or (_NOT_A_LABEL.match(cands[0]) and not (MONTH_LABEL.match(cands[0]) or _YEAR_LABEL.match(cands[0]))):
            continue  # a number or a date is no header (1月, 2025年 are period labels)
        found = match_header(cands[0])
        if not found:
            if MONTH_LABEL.match(cands[0]) or _YEAR_LABEL.match(cands[0]):
                score += 0.5
            elif any(names_key_value(c) for c in cands):
                score += 0.7
            continue
        own = [c.strength for c in found if c.target[0] != "*"]
        common = [c.strength for c in found if c.target[0] == "*"]
        score += max(own) if own else 0.5 * max(common)
    return score
