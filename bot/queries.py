"""Rank stored facts for query commands (/absent, /remote, ...) and free questions (/ask). Pure."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_STOP_TEXT = """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours also s t tell me said says say
    anything anyone someone something happen happened happening news today yesterday"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# An auxiliary or "to" just before a cue marks it as the clause's verb, not a passing mention.
_AUX_TEXT = (
    "will would shall should can could may might must did does do is are was were be been being "
    "has have had to not never also"
)
_AUXILIARIES = frozenset(_AUX_TEXT.split())
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class FactSource:
    """A fact sentence with the story it came from."""

    text: str
    story_id: int
    headline: str
    url: str | None = None


@dataclass(frozen=True)
class RankedFact:
    """A fact with its relevance score (higher is better)."""

    fact: FactSource
    score: float


def words(text: str) -> list[str]:
    """Split text into lowercase words (keeps U.S., no-show, don't together)."""
    return [w.lower().strip(".") for w in _WORD.findall(text)]


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """Strip common English suffixes so 'attending', 'attended' and 'attends' meet."""
    word = word.lower().replace("’", "'")
    for suffix, replacement in (
        ("'s", ""),
        ("ies", "y"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                continue
            return word[: -len(suffix)] + replacement
    return word


def terms(text: str) -> list[str]:
    """Return the stemmed content words of `text` (stop words removed)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS and len(w) > 1]


_INFLECTION = r"(?:s|es|ed|d|ing)?"


@lru_cache(maxsize=1024)
def cue_pattern(cue: str, *, loose: bool = False) -> re.Pattern[str]:
    """Match a cue word or phrase on word boundaries, case-insensitively, inflections allowed.

    A loose pattern lets up to three words stand between a phrase's words ("join the talks
    remotely" for "join remotely").
    """
    parts = [re.escape(p) + _INFLECTION for p in cue.strip().split()]
    joiner = r"(?:[\s-]+[\w’'.-]+){0,3}?[\s-]+" if loose else r"[\s-]+"
    return re.compile(r"(?<![\w-])" + joiner.join(parts) + r"(?![\w-])", re.IGNORECASE)


def _is_main(text: str, start: int) -> bool:
    before = words(text[:start])
    if not before:
        return True
    if before[-1] in _AUXILIARIES or (len(before) > 1 and before[-2] in _AUXILIARIES):
        return True
    # The first clause of the sentence carries its main verb (a comma in 310,000 is no clause).
    return not re.search(r"[,;:(](?!\d)", text[:start]) and len(before) <= 12


_CALENDAR_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept "
    "oct nov dec"
)
_CALENDAR = frozenset(_CALENDAR_TEXT.split())
_NAME = re.compile(r"(?<![\w.])(?:[A-Z][\w’'.-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*")


def named_entities(text: str) -> list[str]:
    """Find capitalised names (runs of capitalised words), skipping the first word and dates."""
    names = []
    for match in _NAME.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group(0)).rstrip(".")
        if match.start() == 0 and " " not in name:
            continue  # a capitalised first word is usually just the sentence start
        if name.lower() in _CALENDAR or len(name) < 2:
            continue
        names.append(name)
    return names


def cue_score(text: str, cues: Iterable[str]) -> float:
    """Score how strongly `text` states a cue: longer phrases and main-clause uses weigh more.

    Query commands ask "who": a matching fact that names people, countries or groups answers
    better than one that names nobody, so named entities add a small, capped bonus.
    """
    best = 0.0
    matched = 0
    for cue in cues:
        size = len(cue.split())
        match = cue_pattern(cue).search(text)
        weight = float(size)
        if match is None and size > 1:
            match = cue_pattern(cue, loose=True).search(text)
            weight = size - 0.5
        if match is None:
            continue
        matched += 1
        best = max(best, weight + (1.0 if _is_main(text, match.start()) else 0.0))
    if not matched:
        return 0.0
    return best + 0.25 * (matched - 1) + 0.4 * min(len(set(named_entities(text))), 4)


def _dedupe(facts: Iterable[FactSource]) -> list[FactSource]:
    seen: set[str] = set()
    unique = []
    for fact in facts:
        key = " ".join(words(fact.text))
        if key and key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


def rank_by_cues(
    facts: Sequence[FactSource], cues: Sequence[str], *, limit: int = 5
) -> list[RankedFact]:
    """Return the facts that match the cues, most relevant first (ties keep input order)."""
    scored = [RankedFact(f, cue_score(f.text, cues)) for f in _dedupe(facts)]
    ranked = sorted((r for r in scored if r.score > 0), key=lambda r: -r.score)
    return ranked[:limit]


def rank_by_question(
    facts: Sequence[FactSource], question: str, *, limit: int = 5
) -> list[RankedFact]:
    """Return the facts sharing the most (rare) terms with the question, best first."""
    wanted = set(terms(question))
    if not wanted:
        return []
    unique = _dedupe(facts)
    bags = [Counter(terms(f.text)) for f in unique]
    frequency = Counter(term for bag in bags for term in set(bag) if term in wanted)
    total = len(bags)
    scored = []
    for fact, bag in zip(unique, bags, strict=True):
        shared = wanted.intersection(bag)
        if not shared:
            continue
        weight = sum(math.log(1 + (total + 1) / (frequency[t] + 0.5)) for t in shared)
        # A slight preference for short, dense facts over long sentences mentioning a term.
        scored.append(RankedFact(fact, weight / (1 + 0.01 * sum(bag.values()))))
    return sorted(scored, key=lambda r: -r.score)[:limit]
