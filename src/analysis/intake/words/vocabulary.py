"""Vocabulary values (活动类型, 案件类型, 等次, 街道 …) → canonical values, matched in tiers.

exact or normalised spellings are taken as they are; a known spelling contained in the value
(or the value in it) counts only when it covers most of the value and leads every other canonical
value; a similar spelling only above a high threshold. Anything else is unknown and reported:
two words sharing a couple of characters are not the same value.
"""

from __future__ import annotations

from functools import lru_cache

from ...resources import load_matching_rules, load_vocabularies, load_vocabulary_policy
from ..issues import note
from .indexcache import cached_index
from .matching import SynonymIndex, margin_for, value_key
from .values import once_per_samples

#: The least share of a value a contained spelling must cover (and a value of a spelling).
COVER = 0.6


@lru_cache(maxsize=64)
def vocabulary_index(vocabulary: str) -> SynonymIndex:
    """The spellings of one vocabulary's canonical values, with what its own spellings teach:

    - a word that ends several spellings (民事案件, 刑事案件 → 案件; 劳动争议纠纷 → 纠纷), or one of
      matching.yaml's ``value_suffixes``, may be added to or dropped from any canonical value
      (民事代理 → 民事 once 非诉讼代理 is a spelling of 非诉讼; 邻里 → 邻里纠纷);
    - a vocabulary naming bodies (one of its values is a department) knows every department's
      spellings (综治中心 → 区社会治安综合治理中心).
    """
    return cached_index(f"vocabulary:{vocabulary}", lambda: _build_vocabulary_index(vocabulary), value_key)


def _build_vocabulary_index(vocabulary: str) -> SynonymIndex:
    table = dict(load_vocabularies().get(vocabulary, {}))
    rules = load_matching_rules()
    threshold = float(rules["vocabulary_similarity_threshold"])
    table.update({k: v for k, v in _department_spellings(table).items() if k not in table})
    table.update({k: v for k, v in _suffix_spellings(table).items() if k not in table})
    return SynonymIndex(((alias, canonical) for alias, canonical in table.items()), threshold,
                        insertion_threshold=float(rules.get("vocabulary_insertion_threshold", threshold)),
                        normalise=value_key)


def _department_spellings(table: dict[str, str]) -> dict[str, str]:
    from .departments import canonical_names, load_aliases

    canonicals = set(table.values())
    if not canonicals & set(canonical_names()):
        return {}
    return {spelling: canonical for spelling, canonical in load_aliases().items()}


def _suffix_spellings(table: dict[str, str]) -> dict[str, str]:
    """Spellings a vocabulary's suffixes give: spelling + suffix, spelling − suffix (unique only)."""
    from ...text import normalize_key

    counts: dict[str, int] = {}
    for alias, canonical in table.items():
        base = normalize_key(canonical)
        if alias != base and alias.startswith(base) and 1 <= len(alias) - len(base) <= 3:
            counts[alias[len(base):]] = counts.get(alias[len(base):], 0) + 1
    suffixes = {s for s, n in counts.items() if n >= 1} | set(load_matching_rules().get("value_suffixes", []))
    found: dict[str, set[str]] = {}
    for key, canonical in table.items():
        for suffix in suffixes:
            found.setdefault(key + suffix, set()).add(canonical)
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                found.setdefault(key[: -len(suffix)], set()).add(canonical)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k not in table}


@lru_cache(maxsize=16384)
def match_value(vocabulary: str, text: str) -> tuple[str | None, str, float]:
    """Return (canonical value or None, tier, score) for a value of a vocabulary."""
    found = vocabulary_index(vocabulary).match(text)
    if not found:
        return None, "none", 0.0
    best = found[0]
    if best.tier in ("exact", "normalised"):
        return str(best.target), best.tier, best.score
    alone = all(c.target == best.target for c in found[1:])
    if best.tier == "containment" and best.score < COVER and not (alone and best.score >= 0.5):
        return None, "none", best.score  # half of a short value only when nothing else is in it (现场解答)
    rival = next((c.strength for c in found[1:] if c.target != best.target), 0.0)
    if best.strength - rival < margin_for(False):
        return None, "none", best.score
    return str(best.target), best.tier, best.score


def map_vocabulary(vocabulary: str, text: str) -> tuple[str, tuple[str, str] | None]:
    """Return (canonical value, note as (issue code, message)) for a value; an unknown value is
    reported, kept or 其他."""
    policy = load_vocabulary_policy().get(vocabulary)
    if policy == "written":  # an open list: the department's words are kept, matched where used
        return text, None
    canonical, tier, _ = match_value(vocabulary, text)
    if canonical is not None:
        return canonical, None
    if policy == "other" and "其他" in load_vocabularies().get(vocabulary, {}).values():
        return "其他", note("value-other", vocabulary=vocabulary, text=text)
    return text, note("value-not-listed", vocabulary=vocabulary, text=text)


@once_per_samples(1)
def plausible_values(vocabulary: str, samples: list[object], share: float = COVER) -> bool:
    """True when most non-empty ``samples`` are known values of the vocabulary."""
    texts = [str(v).strip() for v in samples if v is not None and str(v).strip()][:30]
    if not texts:
        return True
    need = share * len(texts)
    known = 0
    for k, t in enumerate(texts):  # stops as soon as the answer is certain
        known += match_value(vocabulary, t)[0] is not None
        if known >= need:
            return True
        if known + len(texts) - k - 1 < need:
            return False
    return known >= need
