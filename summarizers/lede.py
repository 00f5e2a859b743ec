"""The parts around the bullets: lede, headline and the "<Topic>: Quick Looks" line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from summarizers.bullets import candidate, leans_on_context, usable
from summarizers.compress import (
    compress,
    condense,
    drop_parentheticals,
    finish,
    shorten,
    strip_attribution,
    strip_opener,
    word_count,
)
from summarizers.document import Document
from summarizers.tokenizer import split_sentences, word_set


@dataclass(frozen=True)
class Lede:
    """The lede's sentences (indices into the document) and its text."""

    indices: tuple[int, ...]
    text: str


def _opening(document: Document) -> int:
    """The first sentence that states a fact: news states its main fact first."""
    for sentence in document.sentences[:5]:
        if usable(sentence, document) and not sentence.list_item:
            return sentence.index
    limit = document.policy.sentence_max_words
    return next((s.index for s in document.sentences if s.words <= limit), 0)


def _cut_words(text: str, words: int) -> str:
    """The first `words` words of a text too long to compress (a run-on with no full stop)."""
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def make_lede(document: Document) -> Lede:
    """Write a one-paragraph lede: the story's first fact and its best-ranked other sentence."""
    cache = document._cache
    if "lede" in cache:
        lede = cache["lede"]
        assert isinstance(lede, Lede)
        return lede
    first = _opening(document)
    if document.sentences[first].words > document.policy.sentence_max_words:
        lede = Lede((first,), _cut_words(document.texts[first], document.policy.lede_max_words))
        cache["lede"] = lede
        return lede
    second = next(
        (i for i in document.ranked if i != first and _fits_lede(document, i, first)), None
    )
    top = sorted([first] if second is None else [first, second])
    light = [_light(document.texts[i]) for i in top]
    limit = document.policy.lede_max_words
    if word_count(" ".join(light)) <= limit:
        lede = Lede(tuple(top), " ".join(light))
    else:
        # Two long sentences: compress both rather than fall back to one.
        tight = [compress(document.texts[i]) for i in top]
        if word_count(" ".join(tight)) <= limit + 10:
            lede = Lede(tuple(top), " ".join(tight))
        else:
            lede = Lede((first,), light[top.index(first)])
    cache["lede"] = lede
    return lede


def _fits_lede(document: Document, index: int, first: int) -> bool:
    """A lede sentence states a fact, not a list item, and leans on none but the first."""
    fact = candidate(document, index)
    if fact is None or document.sentences[index].list_item:
        return False
    return index == first + 1 or not fact.leans


def _light(sentence: str) -> str:
    return finish(strip_attribution(drop_parentheticals(strip_opener(sentence))))


def make_headline(document: Document) -> str:
    """Return the title, or else a whole clause of the story's first fact."""
    if document.title and document.title.strip():
        return document.title.strip()
    first = document.texts[_opening(document)]
    limit = document.policy.headline_max_words
    if len(first.split()) > document.policy.sentence_max_words:
        return _cut_words(first, limit)
    text = condense(first)
    if word_count(text) > limit:
        text = shorten(text, max_words=limit, min_words=5) or text
    return text.rstrip(".").strip()


_CONNECTORS = word_set(
    "of in and for the on at & to over with de del la le las los du des da di von van der "
    "y e et und"
)
_PREPOSITION = re.compile(
    r"^(?:for|of|in|on|at|to|from|with|by|over|after|before|about|as|into|amid|despite)\b", re.I
)
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|will|would|can|could|may|might|has|have|had|says?|said|to|"
    r"wins?|won|gets?|got|makes?|made|takes?|took|faces?|calls?|warns?|plans?|hits?|"
    r"opens?|closes?|holds?|keeps?|cuts?|rises?|falls?|fell|backs?|leads?|joins?|"
    r"[a-z]+(?:ed|es))\b"
)


def make_topic(headline: str, *, max_words: int = 7) -> str:
    """Derive the "<Topic>: Quick Looks" phrase: a complete noun phrase from the headline."""
    words = headline.replace(":", " : ").split()
    if ":" in words and 1 <= words.index(":") <= 6:
        return " ".join(words[: words.index(":")])
    if len(words) <= max_words:
        return headline.strip(" .")
    # "30+ Nations to Discuss Ukraine Security in Paris": the object of the infinitive.
    infinitive = re.search(r"\bto\s+[A-Za-z]+\s+(.+)$", headline)
    if infinitive:
        phrase = infinitive.group(1).strip(" .")
        if 2 <= word_count(phrase) <= max_words and not _PREPOSITION.match(phrase):
            return phrase
    run = _longest_name_run(words)
    if run and 2 <= len(run) <= max_words:
        return " ".join(run).strip(" .,")
    # The subject: the words before the first verb-like word.
    lower = [w.lower() for w in words]
    verb = next((i for i, w in enumerate(lower) if i and _VERBISH.fullmatch(w)), None)
    if verb and verb <= max_words and not _PREPOSITION.match(words[0]):
        return " ".join(words[:verb]).strip(" .,")
    return headline.strip(" .")


def _longest_name_run(words: list[str]) -> list[str]:
    """The longest run of capitalised words (with "of", "de" ... inside), ends trimmed."""
    best: list[str] = []
    run: list[str] = []
    for word in [*words, "."]:
        if word[:1].isupper() or word[:1].isdigit() or (run and word.lower() in _CONNECTORS):
            run.append(word)
            continue
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        if len(run) > len(best):
            best = run
        run = []
    return best


def lede_repeats(bullet: str, lede: Lede, share: float) -> bool:
    """Tell whether a bullet keeps `share` of one lede sentence's words in order."""
    mine = re.findall(r"[a-z0-9]+", bullet.lower())
    for sentence in split_sentences(lede.text):
        theirs = re.findall(r"[a-z0-9]+", sentence.lower())
        blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
        if theirs and sum(b.size for b in blocks) >= share * len(theirs):
            return True
    return False


__all__ = ["Lede", "leans_on_context", "make_headline", "make_lede", "make_topic"]
