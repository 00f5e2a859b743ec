"""Split news text into sentences and words with rules only: no NLTK data needed offline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from summarizers.quotes import QuoteTracker

# The names of days and months, as every rule that reads a date spells them (a pattern's
# alternation: "Monday|Tuesday|..."; rules that ignore case read them the same).
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def plain_words(text: str) -> list[str]:
    """The lowercase words and numbers of text, for comparing what two texts say."""
    return re.findall(r"[a-z0-9]+", text.lower())


def kept_in_order(part: list[str], whole: list[str]) -> int:
    """How many of `part`'s words `whole` keeps in the same order (longest matching blocks)."""
    blocks = SequenceMatcher(None, part, whole, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks)


def word_set(text: str) -> frozenset[str]:
    """The set of the space-separated words in text."""
    return frozenset(text.split())


# Words that end with a period but almost never end a sentence (titles before names).
TITLES = word_set(
    "mr mrs ms dr prof sr jr st rev gen sen rep gov lt col capt sgt maj cmdr adm hon pres "
    "supt det insp fr mt ft cpl pvt pfc spc brig gov rt messrs mme mlle"
)
# Abbreviations that do not end a sentence when a number follows ("No. 10", "Jan. 5").
BEFORE_NUMBER = word_set(
    "no nos jan feb mar apr jun jul aug sep sept oct nov dec art vol ch fig pp p op approx est ca"
)
# Other abbreviations: they end a sentence only when a typical sentence opener follows.
OTHER_ABBREVIATIONS = word_set(
    "inc ltd co corp plc bros dept univ assn ave blvd rd vs etc al jan feb mar apr jun jul "
    "aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"
)
# Capitalised words that usually open a sentence (used after "U.S." or "Inc.").
SENTENCE_OPENERS = word_set(
    "the a an he she it they we i you his her its their our this that these those there "
    "but and so yet however meanwhile in on at for after before when while if as by "
    "what who why how where one some many most all no not police officials"
)

_CANDIDATE = re.compile(
    r"""(?:\.{3}|…|[.!?]+)          # terminal punctuation or an ellipsis
        [\"'”’»)\]]*               # closing quotes or brackets stay with the sentence
        (?:\s+|(?=[\"'“‘„«(\[]*[A-Z][a-z]))  # whitespace, or a glued-on capitalised word
        (?=[\"'“‘„«(\[]*[A-Z0-9£$€])  # next sentence starts like a sentence
    """,
    re.VERBOSE,
)
# In text with no capitals (lowercased corpora) any word may start a sentence.
_CASELESS_CANDIDATE = re.compile(
    r"""(?:\.{3}|…|[.!?]+)[\"'”’»)\]]*\s+(?=[\"'“‘„«(\[]*[a-z0-9£$€])""", re.VERBOSE
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’-]*)$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){1,}[A-Za-z]?$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([A-Za-z0-9£$€]+)")
# A short quoted phrase with no punctuation of its own, then a capitalised word: a nickname
# between initials and a surname ('"Stop," Obama said' has its comma inside the quote).
_PLACE_INITIALS = word_set("US UK UN EU DC USA UAE NZ LA NY")
_NICKNAME = re.compile(r"[\"“‘'][A-Z][^\"”’'.,;:!?]{1,40}[\"”’']\s+[A-Z][a-z]")
_WORD = re.compile(r"[A-Za-z0-9£$€%]+(?:['’.,-][A-Za-z0-9]+)*")


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Decide whether the punctuation at text[start:end] really ends a sentence."""
    punct = text[start:end].strip()
    before = text[max(0, start - 40) : start]
    following = _NEXT_WORD.match(text, end)
    next_word = following.group(1) if following else ""
    if not punct.startswith("."):
        return True
    if punct.startswith("...") or punct.startswith("…"):
        return True
    glued = not text[start:end].endswith((" ", "\n", "\t")) and not text[start:end][-1:].isspace()
    match = _WORD_BEFORE.search(before)
    if not match:
        return True
    word = match.group(1)
    token = word.rstrip(".").lower()
    next_is_opener = next_word.lower() in SENTENCE_OPENERS
    if glued:
        # "talks.The" is two sentences run together; "U.S.A" or "e.g.The" are not.
        return len(token) >= 2 and "." not in word and word[-1:].islower()
    # "then-Sen. Barack Obama", "ex-Gov. Jones": a title after a hyphenated prefix
    title = token.rsplit("-", 1)[-1]
    if title in TITLES and not before[-len(word) - 1 : -len(word)].isdigit():
        return False
    if token in BEFORE_NUMBER and next_word[:1].isdigit():
        return False
    if _DOTTED.match(word + "."):
        initials = word.replace(".", "")
        if initials.isupper() and initials not in _PLACE_INITIALS and _NICKNAME.match(text, end):
            return False  # J.P. "The Big Bopper" Richardson: a nickname, then the surname
        if len(word) == 1 and word.isupper():
            # A lone capital is an initial ("J. K. Rowling") unless a sentence clearly starts.
            return next_is_opener and next_word not in {"A", "I"}
        return next_is_opener
    if token in OTHER_ABBREVIATIONS:
        return next_is_opener
    return True


QUOTE_SPAN = 300  # a quotation that closes within this many characters is kept whole


def split_sentences(text: str, *, cased: bool = True) -> list[str]:
    """Split text into sentences; every line break also ends a sentence.

    `cased=False` is for text with no capitals (a lowercased corpus): a lowercase word may then
    open a sentence. Linear in the length of the text.
    """
    return list(iter_sentences(text, cased=cased))


def iter_sentences(text: str, *, cased: bool = True) -> Iterator[str]:
    """Yield the sentences of text one by one (see split_sentences)."""
    candidate = _CANDIDATE if cased else _CASELESS_CANDIDATE
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        quotes = QuoteTracker(line)
        start = 0
        for match in candidate.finditer(line):
            end = match.end()
            if quotes.closes_within(end, QUOTE_SPAN):
                continue  # inside a quotation that closes soon: '"Stop. Go home," he said.'
            if _is_boundary(line, match.start(), end):
                piece = line[start:end].strip()
                if piece:
                    yield piece
                start = end
        rest = line[start:].strip()
        if rest:
            yield rest


def split_words(sentence: str) -> list[str]:
    """Return the word tokens of a sentence (punctuation dropped, inner dots kept)."""
    return _WORD.findall(sentence)


class RuleTokenizer:
    """A sumy-compatible tokenizer (``to_sentences``, ``to_words``) that needs no data files."""

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split a paragraph into sentences."""
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Split a sentence into words."""
        return tuple(split_words(sentence))
