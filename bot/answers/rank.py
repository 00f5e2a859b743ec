"""Rank candidate sentences for a question: shared terms, phrases, the story, the question's kind.

Pure. Each question term weighs its inverse story frequency among the candidates, so a word
that many stories use counts less than one only the right story has; the question's last term
(usually its object: "who leads *the force*") counts a little more. A term that belongs to one
of the question's phrases counts half when the sentence has it without its partner ("first
light" is no answer about "light rail"). A sentence also earns a share of its story's match
(the facts of the story that answers the question, even when they repeat few of its words), and
a bonus when it has what the question's kind asks for: names for who, numbers for how many,
dates for when, places for where, reasons for why.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.answers.question import Kind, Question
from bot.terms import key, keys, names

FOCUS = 1.3  # weight of the question's last term
LONE_PHRASE_WORD = 0.5  # a phrase's word without its partner
PHRASE_BONUS = 0.5  # share of a matched phrase's weight added again
STORY_SHARE = 1.0  # how much of its story's match a sentence inherits
KIND_BONUS = 0.35  # what the question's kind asks for, relative to a full term match
DOMINANT = 1.3  # a story this many times better than the next answers alone
LENGTH = 0.02  # per term: a short fact beats a long lead paragraph that mentions everything
TITLE_WEIGHT = 0.5  # a term of the story's title: it picked the story, it tells less which fact
CONTEXT_WEIGHT = 0.5  # a term of the question's closing "in the ..." phrase, inside a story
COUNTED_WEIGHT = 0.5  # inside a story, the noun a "how many" question counts

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|half)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"\b[A-Z][\w.]*\s+(\d+(?:[.,]\d+)*)\b")
_NUMBER_TERMS = frozenset(
    key(w)
    for w in [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "half",
    ]
)
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|jan|feb|aug|sept|oct|nov|"
    r"dec|spring|summer|autumn|winter|tonight|tomorrow|yesterday|week|weeks|month|months|"
    r"year|years|morning|afternoon|evening|midnight|noon)\b|\b(?:19|20)\d\d\b|"
    r"\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\b(?:in|at|near|from|to|across|outside|along)\s+(?:the\s+)?[A-Z]\w+")
_REASON = re.compile(
    r"\b(?:because|due to|after|since|as a result|citing|cited|owing to|in protest|so that|"
    r"saying|said he|said she|blamed|reason)\b",
    re.IGNORECASE,
)
_AGENT = re.compile(r"\b(?:by|from)\s+(?:the\s+)?[A-Z]\w+|\b[A-Z]\w+,?\s+who\b")


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer: its story, its text and its index terms."""

    sentence_id: int
    story_id: int
    position: int  # 0: a title (counts for its story, is not shown as a fact)
    text: str
    terms: str


@dataclass(frozen=True)
class Scored:
    """A candidate with its score (higher is better)."""

    candidate: Candidate
    score: float


def weights(question: Question, candidates: Sequence[Candidate], total: int) -> dict[str, float]:
    """Weigh each question term by how few of `total` stories the candidates show it in."""
    stories: dict[str, set[int]] = defaultdict(set)
    wanted = set(question.terms.words)
    for c in candidates:
        for term in wanted.intersection(c.terms.split()):
            stories[term].add(c.story_id)
    out = {}
    last = question.terms.words[-1] if question.terms.words else ""
    for term in question.terms.words:
        found = len(stories.get(term, ()))
        weight = math.log(1 + (total + 1) / (found + 0.5))
        out[term] = weight * (FOCUS if term == last else 1.0)
    return out


def pairs_of(terms: list[str]) -> set[tuple[str, str]]:
    """Return the pairs of terms that stand side by side."""
    return set(pairwise(terms))


def term_match(
    question: Question, present: set[str], pairs: set[tuple[str, str]], weight: dict[str, float]
) -> float:
    """Return the weight of the question terms a sentence (or story) has, phrases honoured."""
    matched = [p for p in question.terms.phrases if p in pairs]
    together = {t for p in matched for t in p}
    in_phrase = {t for p in question.terms.phrases for t in p}
    score = 0.0
    for term in question.terms.words:
        if term not in present:
            continue
        lone = term in in_phrase and term not in together
        score += weight[term] * (LONE_PHRASE_WORD if lone else 1.0)
    for first, second in matched:
        score += PHRASE_BONUS * (weight[first] + weight[second]) / 2
    return score


def _near_number(question: Question, text: str, terms: list[str]) -> float:
    """Score how close a number stands to the noun asked about (in content words).

    A number right after a name is a label ("Keystone 2", "No. 7", "June 18"), not a count.
    """
    labels = {key(m.group(1)) for m in _LABEL.finditer(text)}
    spots = [i for i, t in enumerate(terms) if t == question.asked]
    numbers = [
        i
        for i, t in enumerate(terms)
        if (t[:1].isdigit() and t not in labels) or t in _NUMBER_TERMS
    ]
    if any(0 < i - j <= 4 for i in spots for j in numbers):
        return 1.0  # "30 countries", "over 12,000 people", "310,000 internet-connected locks"
    return 0.7 if any(abs(i - j) <= 6 for i in spots for j in numbers) else 0.4


def kind_match(question: Question, text: str, terms: list[str] | None = None) -> float:
    """Return how well the sentence has what the question's kind asks for (0 to 1)."""
    asked = set(question.terms.words)
    match question.kind:
        case Kind.WHO:
            new = [n for n in names(text) if not {key(w) for w in n.split()} <= asked]
            return (0.5 if new else 0.0) + (0.5 if new and _AGENT.search(text) else 0.0)
        case Kind.COUNT:
            if not _NUMBER.search(text):
                return 0.0
            if not question.asked:
                return 0.4
            return _near_number(question, text, terms if terms is not None else keys(text))
        case Kind.WHEN:
            return 1.0 if _DATE.search(text) else 0.0
        case Kind.WHERE:
            return 1.0 if _PLACE.search(text) else 0.0
        case Kind.WHY:
            return 1.0 if _REASON.search(text) else 0.0
        case _:
            return 0.0


def story_scores(
    question: Question, candidates: Sequence[Candidate], weight: dict[str, float]
) -> dict[int, float]:
    """Score each story on all its candidate sentences (0 to about 1.25)."""
    full = sum(weight.values()) or 1.0
    wanted = set(weight)
    phrases = set(question.terms.phrases)
    bags: dict[int, set[str]] = defaultdict(set)
    pairs: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for c in candidates:
        terms = c.terms.split()
        bags[c.story_id].update(wanted.intersection(terms))
        if phrases:
            pairs[c.story_id].update(phrases.intersection(pairwise(terms)))
    return {s: term_match(question, bags[s], pairs[s], weight) / full for s in bags}


def _local(
    question: Question, candidates: Sequence[Candidate], weight: dict[str, float]
) -> dict[int, dict[str, float]]:
    """Weigh terms again inside each story: a word most of its sentences share tells less."""
    sentences: dict[int, list[set[str]]] = defaultdict(list)
    titles: dict[int, set[str]] = defaultdict(set)
    wanted = set(weight)
    for c in candidates:
        bag = wanted.intersection(c.terms.split())
        sentences[c.story_id].append(bag)
        if c.position == 0:
            titles[c.story_id].update(bag)
    out = {}
    for story, bags in sentences.items():
        local = {}
        for term, w in weight.items():
            share = sum(term in b for b in bags) / len(bags)
            scene = CONTEXT_WEIGHT if term in question.context else 1.0
            topic = TITLE_WEIGHT if term in titles[story] else 1.0
            # The noun of "how many X" is what the number counts (the kind's bonus looks for
            # it): the rest of the question says which count.
            counted = COUNTED_WEIGHT if term == question.asked else 1.0
            local[term] = w * scene * topic * counted * (1 - 0.5 * share)
        out[story] = local
    return out


def rank(
    question: Question,
    candidates: Sequence[Candidate],
    *,
    total: int,
    limit: int = 3,
    stories: int = 4,
) -> list[Scored]:
    """Return up to `limit` facts that answer best, best first (one story's if it dominates).

    Stories are scored first on all their sentences; the facts come from the best `stories`
    of them, or from the best alone when it clearly dominates.
    """
    weight = weights(question, candidates, total)
    story_score = story_scores(question, candidates, weight)
    ranked = sorted(story_score, key=lambda s: -story_score[s])
    if len(ranked) > 1 and story_score[ranked[0]] >= DOMINANT * story_score[ranked[1]]:
        ranked = ranked[:1]
    chosen = set(ranked[:stories])
    candidates = [c for c in candidates if c.story_id in chosen]
    local = _local(question, candidates, weight)
    scored = []
    seen: set[str] = set()
    for c in candidates:
        if c.position == 0 or c.terms in seen:  # the same words: the same fact
            continue
        seen.add(c.terms)
        terms = c.terms.split()
        mine = local[c.story_id]
        own = term_match(question, set(terms), pairs_of(terms), mine) / (sum(mine.values()) or 1.0)
        if own <= 0 and story_score[c.story_id] <= 0:
            continue
        score = own / (1 + LENGTH * len(terms)) + STORY_SHARE * story_score[c.story_id]
        score += KIND_BONUS * kind_match(question, c.text, terms) * (1 if own > 0 else 0.5)
        scored.append(Scored(c, score))
    scored.sort(key=lambda s: -s.score)
    return scored[:limit]
