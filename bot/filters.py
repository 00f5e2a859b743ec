"""Keyword filters: literal, case-insensitive, whole-word terms matched on a story's tokens.

No user-supplied pattern ever reaches a regular-expression engine: text is split into word
tokens once, a word term is a set lookup and a phrase is a run of consecutive tokens, so the
cost is linear in the story's length whatever a user types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.storage.feeds import FilterTerm

MAX_TERM_CHARS = 100
MAX_TERM_WORDS = 8
MAX_TERMS = 30
_JOINERS = frozenset("'’")  # don't, Macy's: one word


def tokens(text: str) -> list[str]:
    """Split text into case-folded word tokens (letters and digits; apostrophes inside words)."""
    found: list[str] = []
    current: list[str] = []
    for index, char in enumerate(text):
        if char.isalnum():
            current.append(char)
            continue
        if char in _JOINERS and current and text[index + 1 : index + 2].isalnum():
            continue  # "don't" -> "dont": the same token whether typed with ' or ’
        if current:
            found.append("".join(current).casefold())
            current = []
    if current:
        found.append("".join(current).casefold())
    return found


def parse_term(text: str) -> FilterTerm:
    """Read '+word', '-word' or '-"exact phrase"'; raise ValueError saying what is expected."""
    value = text.strip()
    if len(value) < 2 or value[0] not in "+-":
        raise ValueError('expected +word, -word or -"exact phrase"')
    include, body = value[0] == "+", value[1:].strip()
    quoted = len(body) >= 2 and body[0] in '"“”' and body[-1] in '"“”'
    if quoted:
        body = body[1:-1]
    words = tokens(body)
    if not words:
        raise ValueError("a filter term needs a word of letters or digits")
    if not quoted and len(body.split()) > 1:
        raise ValueError('put a phrase in quotes: -"exact phrase"')
    if len(words) > MAX_TERM_WORDS or len(" ".join(words)) > MAX_TERM_CHARS:
        raise ValueError(f"a filter term is at most {MAX_TERM_WORDS} words")
    return FilterTerm(include, " ".join(words))


def shown_term(term: FilterTerm) -> str:
    """Write a term back the way it is typed: +word, -"two words"."""
    body = f'"{term.term}"' if " " in term.term else term.term
    return ("+" if term.include else "-") + body


@dataclass(frozen=True)
class StoryText:
    """A story's tokens, computed once and matched against any number of terms."""

    words: tuple[str, ...]
    vocabulary: frozenset[str]

    @classmethod
    def of(cls, parts: Iterable[str]) -> StoryText:
        """Tokenise a story's headline, lede and bullets."""
        words = tuple(word for part in parts for word in tokens(part))
        return cls(words, frozenset(words))

    def has(self, term: str) -> bool:
        """Tell whether the term's words occur here, consecutively and whole."""
        wanted = term.split(" ")
        if not all(word in self.vocabulary for word in wanted):
            return False
        if len(wanted) == 1:
            return True
        size = len(wanted)
        first = wanted[0]
        return any(
            self.words[i] == first and list(self.words[i : i + size]) == wanted
            for i in range(len(self.words) - size + 1)
        )


def dropped_by(text: StoryText, terms: Sequence[FilterTerm]) -> str | None:
    """Return why the filters drop a story ('-term', or the includes none matched), else None."""
    includes = [t for t in terms if t.include]
    for term in terms:
        if not term.include and text.has(term.term):
            return shown_term(term)
    if includes and not any(text.has(t.term) for t in includes):
        return "no " + ", ".join(shown_term(t) for t in includes)
    return None
