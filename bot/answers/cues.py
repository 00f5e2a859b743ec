"""Query commands (/absent, /remote, ...): facts where a cue applies to a participant. Pure.

A cue word is not enough: "could let an attacker unlock them remotely" says how a lock opens,
not who takes part remotely. A fact counts when a participant (a name, a person or a group of
people) is in the cue's clause and the cue does not follow an object pronoun ("unlock *them*
remotely") nor match one of the command's `exclude` cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.terms import fold, names, words

_AUXILIARIES = frozenset(
    re.findall(
        r"\w+",
        "will would shall should can could may might must did does do is are was were be been "
        "being has have had to not never also",
    )
)
_OBJECTS = frozenset(re.findall(r"\w+", "them it him her us me this these those"))
_PEOPLE = re.compile(
    r"\b(?:he|she|they|who|i|we|members?|councilmembers?|ministers?|officials?|delegates?|"
    r"delegations?|representatives?|countries|nations|governments?|states|team|teams|fans|"
    r"supporters|groups?|players?|investigators?|co-investigators?|researchers?|scientists?|"
    r"residents|people|staff|leaders?|chiefs?|executives?|lawmakers|judges?|governor|mayor|"
    r"president|captain|manager|chair|chairman|participants?|guests?|speakers?|students?|"
    r"workers?|employees?|doctors?|nurses?|patients?)\b",
    re.IGNORECASE,
)
_INFLECTION = r"(?:s|es|ed|d|ing)?"


@dataclass(frozen=True)
class Cues:
    """A query command's cue phrases and those that rule a fact out."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@lru_cache(maxsize=1024)
def cue_pattern(cue: str, *, loose: bool = False) -> re.Pattern[str]:
    """Match a cue word or phrase on word boundaries, case-insensitively, inflections allowed.

    A loose pattern lets up to three words stand between a phrase's words ("join the talks
    remotely" for "join remotely").
    """
    parts = [re.escape(p) + _INFLECTION for p in cue.strip().split()]
    joiner = r"(?:[\s-]+[\w’'.-]+){0,3}?[\s-]+" if loose else r"[\s-]+"
    return re.compile(r"(?<![\w-])" + joiner.join(parts) + r"(?![\w-])", re.IGNORECASE)


def _lower_words(text: str) -> list[str]:
    return [fold(w).strip(".") for w in words(text)]


def _is_main(text: str, start: int) -> bool:
    before = _lower_words(text[:start])
    if not before:
        return True
    if before[-1] in _AUXILIARIES or (len(before) > 1 and before[-2] in _AUXILIARIES):
        return True
    # The first clause of the sentence carries its main verb (a comma in 310,000 is no clause).
    return not re.search(r"[,;:(](?!\d)", text[:start]) and len(before) <= 12


def applies_to_participant(text: str, start: int, end: int) -> bool:
    """Tell whether the cue at text[start:end] is said of a participant, not of an object."""
    before = _lower_words(text[:start])
    if before and before[-1] in _OBJECTS:
        return False
    # The cue's clause: from the last sentence break before it to the next one after it.
    opening = max(text.rfind(mark, 0, start) for mark in (";", ". ", ": "))
    closing = min((i for i in (text.find(m, end) for m in (";", ". ")) if i >= 0), default=-1)
    clause = text[opening + 1 : closing if closing >= 0 else len(text)]
    return bool(names(clause) or names(text[opening + 1 :]) or _PEOPLE.search(clause))


def cue_score(text: str, cues: Cues) -> float:
    """Score how strongly `text` says a cue of a participant (0: it does not).

    Longer phrases and main-clause uses weigh more; names of the people, countries or groups
    concerned add a small, capped bonus (query commands ask "who").
    """
    if any(cue_pattern(x).search(text) for x in cues.exclude):
        return 0.0
    best = 0.0
    matched = 0
    for cue in cues.include:
        size = len(cue.split())
        match = cue_pattern(cue).search(text)
        weight = float(size)
        if match is None and size > 1:
            match = cue_pattern(cue, loose=True).search(text)
            weight = size - 0.5
        if match is None or not applies_to_participant(text, match.start(), match.end()):
            continue
        matched += 1
        best = max(best, weight + (1.0 if _is_main(text, match.start()) else 0.0))
    if not matched:
        return 0.0
    return best + 0.25 * (matched - 1) + 0.4 * min(len(set(names(text))), 4)


@dataclass(frozen=True)
class CueMatch:
    """A fact that states a cue, with its score."""

    index: int  # position in the input
    score: float


def rank_by_cues(texts: Sequence[str], cues: Cues, *, limit: int) -> list[CueMatch]:
    """Return the texts that state a cue of a participant, best first (ties keep input order)."""
    seen: set[str] = set()
    scored = []
    for index, text in enumerate(texts):
        plain = " ".join(_lower_words(text))
        if not plain or plain in seen:
            continue
        seen.add(plain)
        score = cue_score(text, cues)
        if score > 0:
            scored.append(CueMatch(index, score))
    scored.sort(key=lambda m: -m.score)
    return scored[:limit]


def cue_groups(cues: Iterable[str]) -> list[tuple[str, ...]]:
    """Return the index terms to retrieve candidates for cues (each cue's rarest-looking word)."""
    from bot.terms import keys

    groups = []
    for cue in cues:
        terms = keys(cue)
        if terms:
            groups.append((max(terms, key=len),))
    return list(dict.fromkeys(groups))
