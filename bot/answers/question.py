"""Read a question: what kind of answer it wants and the terms it asks about. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.terms import Terms, is_stop, is_verb_form, key, keys, question_terms


class Kind(Enum):
    """What a question asks for."""

    WHO = "who"
    COUNT = "how many"  # how many / how much: a number
    WHEN = "when"
    WHERE = "where"
    WHY = "why"
    WHAT = "what"


_KINDS = (
    (Kind.COUNT, re.compile(r"\bhow\s+(?:many|much|high|far|long|big|large|deep|fast|old)\b")),
    (Kind.WHEN, re.compile(r"\bwhen\b|\bwhat\s+(?:time|day|date|year|month)\b")),
    (Kind.WHERE, re.compile(r"\bwhere\b")),
    (Kind.WHY, re.compile(r"\bwhy\b|\bwhat\s+(?:caused|for)\b")),
    (Kind.WHO, re.compile(r"\bwho(?:m|se)?\b|\bwhich\s+(?:countries|country|people|person)\b")),
)
MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class Question:
    """A parsed question."""

    text: str
    kind: Kind
    terms: Terms
    asked: str = ""  # the term after "how many" / "how much" (countries, ice), if any
    context: frozenset[str] = frozenset()  # terms of a closing "in/at/of ..." phrase

    @property
    def empty(self) -> bool:
        """Tell whether the question has no content words ("what happened?")."""
        return not self.terms.words


_ASKED = re.compile(r"\bhow\s+(?:many|much)\s+([^\W\d_][\w'’-]*)(?:\s+([^\W\d_][\w'’-]*))?")
# A closing prepositional phrase sets the scene ("... in the salt trial"): it picks the story
# more than the sentence.
_CONTEXT = re.compile(r"\b(?:in|at|of|on|during|from|for|about)\s+(?:the\s+|a\s+)?([^?.!]+)[?.!]*$")


def _counted(following: tuple[str | None, ...]) -> str:
    """Return the noun "how many" counts: the last of up to two words before a verb or stop word.

    "how many smart locks are ..." counts locks, "how many adults took part" adults.
    """
    found = ""
    for word in following:
        if not word or is_stop(word) or is_verb_form(word):
            break
        found = key(word)
    return found


def parse(text: str) -> Question:
    """Parse a question (only its first MAX_QUESTION_CHARS characters count)."""
    text = " ".join(text.split())[:MAX_QUESTION_CHARS]
    lowered = text.lower()
    kind = next((k for k, pattern in _KINDS if pattern.search(lowered)), Kind.WHAT)
    asked = _ASKED.search(lowered)
    asked_term = _counted(asked.groups()) if asked else ""
    terms = question_terms(text)
    tail = _CONTEXT.search(text)
    context = frozenset(keys(tail.group(1))) if tail else frozenset()
    if context >= set(terms.words):
        context = frozenset()  # the whole question is the scene: nothing is only context
    return Question(text, kind, terms, asked_term, context)
