"""Terms: one way to turn text into the stemmed words the search index stores and questions use.

The index and every question go through `keys`, so both backends (SQLite FTS5 and PostgreSQL
`tsvector` with the 'simple' configuration) see the same Snowball stems, made of letters and
digits only: no user character ever reaches full-text query syntax.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_STOP_TEXT = """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours also s t tell said says say
    anything anyone someone something happen happened happening news today yesterday whose
    many much did get got"""


def _words(text: str) -> list[str]:
    return text.split()


STOP_WORDS = frozenset(_words(_STOP_TEXT))
# Abbreviations (U.S.), numbers (12,000, 4.25) and words (don't, Ukraine's), in that order.
_WORD = re.compile(
    r"(?:[A-Za-z]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\W_]+", re.UNICODE
)
_NAME = re.compile(r"(?<![\w.])(?:[A-Z][\w’'.-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'.-]*)*")
_CALENDAR = frozenset(
    _words(
        """monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december jan feb mar apr jun jul aug sep
sept oct nov dec"""
    )
)
_BREAK = re.compile(r"[;:()\[\]\"“”!?]|[.,](?:\s|$)")  # punctuation that ends a phrase
MAX_KEY = 40  # longer "words" (URLs, junk) are not terms
# Irregular past forms the stemmer cannot join to their verb ("found" and "find" should meet).
_IRREGULAR = dict(
    pair.split(":")
    for pair in _words(
        """found:find won:win led:lead took:take taken:take met:meet held:hold went:go gone:go
gave:give given:give left:leave lost:lose paid:pay sold:sell bought:buy brought:bring
built:build caught:catch chose:choose chosen:choose fell:fall fallen:fall felt:feel
fought:fight hit:hit kept:keep knew:know known:know made:make meant:mean ran:run
rose:rise risen:rise saw:see seen:see sent:send spent:spend spoke:speak spoken:speak
stood:stand struck:strike told:tell thought:think threw:throw thrown:throw wore:wear
written:write wrote:write began:begin begun:begin broke:break broken:break drove:drive
driven:drive ate:eat eaten:eat flew:fly flown:fly froze:freeze grew:grow grown:grow
hung:hang hid:hide laid:lay lent:lend shot:shoot shut:shut slid:slide sought:seek
swept:sweep swam:swim taught:teach tore:tear torn:tear understood:understand woke:wake
withdrew:withdraw withdrawn:withdraw children:child men:man women:woman people:people
mice:mouse"""
    )
)


def fold(word: str) -> str:
    """Lowercase a word and drop its accents (Zoë -> zoe)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Split text into words as written (U.S., 12,000, don't stay one word each)."""
    return _WORD.findall(text)


def stem(word: str) -> str:
    """Return the summarizer's Snowball stem of a lowercase word (NLTK loads on first use)."""
    from summarizers.ranking import stem as snowball

    return snowball(word)


@lru_cache(maxsize=65536)
def key(word: str) -> str:
    """Return a word's index term: its Snowball stem in letters and digits, or ''."""
    folded = fold(word).replace("’", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    if folded[:1].isdigit():
        number = folded.replace(",", "").replace(".", "p")  # 4.25 -> 4p25: one token everywhere
        return number if number.isalnum() and len(number) <= MAX_KEY else ""
    plain = "".join(c for c in folded if c.isalnum())
    if not plain or len(plain) > MAX_KEY:
        return ""
    if not plain.isalpha():
        return plain
    return stem(_IRREGULAR.get(plain, plain))


_PLURALS = frozenset(("children", "men", "women", "people", "mice"))


def is_verb_form(word: str) -> bool:
    """Tell whether a word looks like a past verb form (voted, took, led)."""
    folded = fold(word)
    if folded in _PLURALS:
        return False
    return folded in _IRREGULAR or (folded.endswith("ed") and len(folded) > 4)


def is_stop(word: str) -> bool:
    """Tell whether a word carries no content (the, who, did, tell ...)."""
    folded = fold(word).replace("’", "'")
    return folded in STOP_WORDS or (len(folded) < 2 and not folded.isdigit())


def keys(text: str) -> list[str]:
    """Return the index terms of the content words of `text`, in order (duplicates kept)."""
    out = []
    for word in words(text):
        if not is_stop(word):
            term = key(word)
            if term:
                out.append(term)
    return out


def index_terms(text: str) -> str:
    """Return what the index stores for a sentence: its terms, space-separated."""
    return " ".join(keys(text))


@dataclass(frozen=True)
class Terms:
    """A question's terms: single words and the phrases they form, best kept together."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, str], ...]


def question_terms(text: str) -> Terms:
    """Return the distinct terms of a question and its two-word phrases.

    Two content words next to each other, with no stop word or punctuation between, form a
    phrase ("light rail", "rate cut", "South Korea"): a fact that has one of them alone matches
    less than one that has both together.
    """
    found: list[str] = []
    phrases: list[tuple[str, str]] = []
    for chunk in _BREAK.split(text):
        previous = ""
        for word in words(chunk):
            term = "" if is_stop(word) else key(word)
            if term and previous and term != previous:
                phrases.append((previous, term))
            if term:
                found.append(term)
            previous = term
    return Terms(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(phrases)))


def has_phrase(sequence: list[str], phrase: tuple[str, str]) -> bool:
    """Tell whether a sentence's terms hold the phrase's two terms side by side."""
    first, second = phrase
    return any(a == first and b == second for a, b in itertools.pairwise(sequence))


def names(text: str) -> list[str]:
    """Find capitalised names (runs of capitalised words), skipping the first word and dates."""
    found = []
    for match in _NAME.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group(0)).rstrip(".")
        if match.start() == 0 and " " not in name:
            continue  # a capitalised first word is usually just the sentence start
        if fold(name) in _CALENDAR or len(name) < 2 or fold(name) in STOP_WORDS:
            continue
        found.append(name)
    return found


# A fact-sized sentence: enough words to state something, few enough to be one fact.
MIN_FACT_WORDS = 4
MAX_FACT_CHARS = 1000


@dataclass(frozen=True)
class IndexedSentence:
    """A sentence of an article as the index stores it (position 0 is the title)."""

    position: int
    text: str
    terms: str


def article_sentences(title: str, text: str) -> list[IndexedSentence]:
    """Return the title and every fact-sized sentence of an article, with their terms."""
    from summarizers import split_sentences

    found = []
    if title.strip() and keys(title):
        found.append(IndexedSentence(0, " ".join(title.split()), index_terms(title)))
    try:
        sentences = split_sentences(text)
    except ValueError:
        sentences = []
    for sentence in sentences:
        plain = " ".join(sentence.split())
        if len(words(plain)) < MIN_FACT_WORDS or len(plain) > MAX_FACT_CHARS:
            continue
        terms = index_terms(plain)
        if terms:
            found.append(IndexedSentence(len(found) + (0 if found else 1), plain, terms))
    return found
