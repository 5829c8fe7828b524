"""Matching a text (a header, a vocabulary value) with known synonyms by meaning, in tiers.

exact → normalised (qualifiers, trailing 数/数量/情况 and unit words stripped, interchangeable
words unified, any character order) → containment (the longest known synonym inside the text,
or the text inside a synonym) → similarity (rapidfuzz). The rules and word lists are data
(resources/matching.yaml, resources/header_words.csv); this module only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ...resources import load_header_words, load_matching_rules
from ...text import normalize_header

TIER_ORDER = ("override", "template", "exact", "normalised", "containment", "similarity", "values", "unit")


@dataclass(frozen=True)
class Candidate:
    """One target a text may mean, how it was matched and how sure (strength = weight × score)."""

    target: Hashable
    tier: str
    score: float
    strength: float
    synonym: str = ""


@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_matching_rules()


def tier_weight(tier: str) -> float:
    """The weight of a tier (matching.yaml)."""
    return float(_rules()["tiers"][tier])


@lru_cache(maxsize=1)
def _word_pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    canonical: dict[str, str] = {}
    for group, words in load_header_words().items():
        for word in words:
            canonical.setdefault(word, group)
    if not canonical:
        return None, {}
    words = sorted(canonical, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), canonical


def exact_key(text: object) -> str:
    """The exact matching key: NFKC, no spaces, unified punctuation, bracketed unit dropped,
    Latin letters upper-cased."""
    return normalize_header(text)[0].upper()


#: Punctuation, quotes and bullets: never part of what a header or a value says.
_PUNCTUATION = re.compile(r"[()（）:：,，;；、/\\\-_.·*#★☆※◆◇●○■□▲△“”\"'‘’《》]")


@lru_cache(maxsize=65536)
def normal_key(key: str) -> str:
    """The normalised key of an exact key: qualifiers, generic endings and units stripped,
    interchangeable words replaced by their group's word. Never shorter than the minimum length."""
    rules = _rules()
    minimum = int(rules["min_key_length"])
    s = _PUNCTUATION.sub("", key)
    for filler in rules.get("fillers", ()):  # 排查情况时间 → 排查时间
        if filler in s and len(s) - len(filler) >= minimum:
            s = s.replace(filler, "")
    changed = True
    while changed:
        changed = False
        for prefix in rules["qualifier_prefixes"]:
            if s.startswith(prefix) and len(s) - len(prefix) >= minimum:
                s, changed = s[len(prefix):], True
        for suffix in (*rules["suffixes"], *rules["unit_words"]):
            if s.endswith(suffix) and len(s) - len(suffix) >= minimum \
                    and not any(s.endswith(w) and len(w) > len(suffix) for w in rules.get("whole_words", ())):
                s, changed = s[: -len(suffix)], True
    return unify_words(s)


@lru_cache(maxsize=65536)
def value_key(key: str) -> str:
    """The normalised key of a vocabulary value: punctuation and quotes dropped, interchangeable
    words unified (合格 / 达标), but no qualifier, ending or unit cut off (a header's rules would cut
    场 off 现场 as if it were a unit)."""
    return unify_words(_PUNCTUATION.sub("", key) or key)


def unify_words(text: str) -> str:
    """Interchangeable words by their group's word, segmenting from the right (a Chinese compound's
    head is its last word: 主题名称 is 主题 + 名称, not 主 + 题名 + 称)."""
    _, canonical = _word_pattern()
    if not canonical:
        return text
    longest = max(map(len, canonical))
    out: list[str] = []
    end = len(text)
    while end > 0:
        for size in range(min(longest, end), 0, -1):
            word = text[end - size:end]
            if word in canonical:
                out.append(canonical[word])
                end -= size
                break
        else:
            out.append(text[end - 1])
            end -= 1
    return "".join(reversed(out))


def is_breakdown(key: str) -> bool:
    """True for a breakdown header (其中：女性): never the main count."""
    return any(key.startswith(p) for p in _rules()["breakdown_prefixes"])


def is_percent_like(key: str) -> bool:
    """True when a header names a rate (率, 占比, 比例 …)."""
    return any(w in key for w in _rules()["percent_words"])


def _substrings(text: str, minimum: int) -> set[str]:
    return {text[i:j] for i in range(len(text)) for j in range(i + minimum, len(text) + 1)}


class SynonymIndex:
    """Known synonym texts of targets (dataset fields, canonical values), matched in tiers."""

    def __init__(self, entries: Iterable[tuple[str, Hashable]], similarity_threshold: float | None = None,
                 max_text_length: int = 40, insertion_threshold: float | None = None,
                 normalise: Callable[[str], str] = normal_key) -> None:
        rules = _rules()
        self.normalise = normalise
        self.minimum = int(rules["min_key_length"])
        self.threshold = float(similarity_threshold or rules["similarity_threshold"])
        # a lower bar when one text is the other with characters inserted (心理健康测评 / 心理测评)
        self.insertion_threshold = min(self.threshold, float(insertion_threshold or self.threshold))
        self.containment_min = float(rules["containment_min_score"])
        self.head_score = float(rules.get("head_containment_score", 0.0)) if normalise is normal_key else 0.0
        self.max_length = max_text_length
        self.exact: dict[str, set] = {}
        self.normal: dict[str, set] = {}
        self.sorted_chars: dict[str, set] = {}
        for text, target in entries:
            key = exact_key(text)
            if len(key) < 1:
                continue
            self.exact.setdefault(key, set()).add(target)
            norm = normalise(key)
            self.normal.setdefault(norm, set()).add(target)
            if len(norm) >= 3:
                self.sorted_chars.setdefault("".join(sorted(norm)), set()).add(target)
        self.keys = sorted(self.normal)
        self.lengths = sorted({len(k) for k in self.keys if len(k) >= self.minimum})
        self.inside: dict[str, set[str]] = {}  # substring of a synonym → synonyms containing it
        for norm in self.keys:
            for part in _substrings(norm, self.minimum):
                if part != norm:
                    self.inside.setdefault(part, set()).add(norm)
        self._cache: dict[tuple[str, bool], tuple[Candidate, ...]] = {}

    #: What :meth:`state` holds: the built tables, the thresholds and sizes.
    STATE = ("minimum", "threshold", "insertion_threshold", "containment_min", "head_score", "max_length",
             "exact", "normal", "sorted_chars", "keys", "lengths", "inside")

    def state(self) -> dict:
        """The built index as plain data (dicts, sets, lists, tuples of text and numbers)."""
        return {name: getattr(self, name) for name in self.STATE}

    @classmethod
    def from_state(cls, state: dict, normalise: Callable[[str], str] = normal_key) -> SynonymIndex:
        """An index rebuilt from :meth:`state`; ValueError when ``state`` is not of that shape."""
        if not isinstance(state, dict) or set(state) != set(cls.STATE):
            raise ValueError("not an index state")
        tables = ("exact", "normal", "sorted_chars", "inside")
        for name in tables:
            table = state[name]
            if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, set)
                                                      for k, v in table.items()):
                raise ValueError(f"index table {name} malformed")
        if not all(isinstance(k, str) for k in state["keys"]) or not all(isinstance(n, int) for n in state["lengths"]):
            raise ValueError("index keys malformed")
        index = cls.__new__(cls)
        index.normalise = normalise
        for name in cls.STATE:
            setattr(index, name, state[name])
        index._cache = {}
        return index

    def match(self, text: object, similarity: bool = True) -> tuple[Candidate, ...]:
        """The candidates a text may mean, best first (one per target, its strongest match)."""
        key = exact_key(text)
        cached = self._cache.get((key, similarity))
        if cached is not None:
            return cached
        found = self._match(key, similarity)
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[(key, similarity)] = found
        return found

    def _alike_beyond_frame(self, norm: str, synonym: str) -> bool:
        """False when two texts are alike only by a question frame both start with (是否)."""
        rests = _unframed(norm, synonym)
        if rests is None or not all(rests):
            return True
        return fuzz.ratio(*rests) >= self.threshold * 100 or _inserted(*rests)

    def _match(self, key: str, similarity: bool) -> tuple[Candidate, ...]:
        if not key or len(key) > self.max_length:
            return ()
        best: dict[Hashable, Candidate] = {}

        def offer(target: Hashable, tier: str, score: float, synonym: str) -> None:
            strength = tier_weight(tier) * score
            old = best.get(target)
            if old is None or strength > old.strength:
                best[target] = Candidate(target, tier, round(score, 3), round(strength, 3), synonym)

        for target in self.exact.get(key, ()):
            offer(target, "exact", 1.0, key)
        norm = self.normalise(key)
        for target in self.normal.get(norm, ()):
            offer(target, "normalised", 1.0, norm)
        if len(norm) >= 3:
            for target in self.sorted_chars.get("".join(sorted(norm)), ()):
                offer(target, "normalised", 0.95, norm)
        for head in _rules().get("generic_heads", ()):
            stem = norm[: -len(head)] if norm.endswith(head) else ""
            if len(stem) >= self.minimum:  # 主题名称: what 主题 names
                for target in self.normal.get(stem, ()):
                    offer(target, "normalised", 0.9, stem)
        if len(norm) >= self.minimum:
            # the longest synonyms contained in the text (only lengths some synonym has) …
            for size in self.lengths:
                if size >= len(norm):
                    break
                if size / len(norm) < self.containment_min:
                    # a known word heading the text (a Chinese compound's head is its last word:
                    # 涉企检查备案 is a kind of 备案) counts even when the modifiers are long
                    part = norm[-size:]
                    if self.head_score and size >= 2 and part in self.normal:
                        for target in self.normal[part]:
                            offer(target, "containment", self.head_score, part)
                    continue
                for start in range(len(norm) - size + 1):
                    part = norm[start:start + size]
                    if part in self.normal:
                        score = size / len(norm)
                        if start + size == len(norm):
                            score = max(score, self.head_score)
                        for target in self.normal[part]:
                            offer(target, "containment", score, part)
            # … and synonyms containing the whole text
            for synonym in self.inside.get(norm, ()):
                score = len(norm) / len(synonym)
                if score >= self.containment_min:
                    for target in self.normal[synonym]:
                        offer(target, "containment", score, synonym)
        if similarity and len(norm) >= self.minimum and self.keys:
            for synonym, ratio, _ in process.extract(norm, self.keys, scorer=fuzz.ratio,
                                                      score_cutoff=self.insertion_threshold * 100, limit=8):
                if ratio < self.threshold * 100 and not _inserted(norm, synonym):
                    continue
                if not self._alike_beyond_frame(norm, synonym):
                    continue
                for target in self.normal[synonym]:
                    offer(target, "similarity", ratio / 100, synonym)
        return tuple(sorted(best.values(), key=lambda c: (-c.strength, TIER_ORDER.index(c.tier), str(c.target))))


def _unframed(a: str, b: str) -> tuple[str, str] | None:
    """What two texts say after a question frame they share (是否转办, 是否办结 → 转办, 办结), or None."""
    for frame in _rules().get("question_frames", ()):
        if a.startswith(frame) and b.startswith(frame):
            return a[len(frame):], b[len(frame):]
    return None


def _inserted(a: str, b: str) -> bool:
    """True when the shorter text is the longer one with characters left out (a subsequence)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    chars = iter(long)
    return all(c in chars for c in short)


def margin_for(required: bool) -> float:
    """The lead a match below the normalised tier needs over the runner-up."""
    rules = _rules()
    return float(rules["required_margin"] if required else rules["margin"])
