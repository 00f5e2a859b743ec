"""The parts around the bullets: lede, headline and the "<Topic>: Quick Looks" line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizers.bullets import candidate, leans_on_context, points_forward, usable
from summarizers.compress import (
    compress,
    condense,
    drop_parentheticals,
    finish,
    has_number,
    shorten,
    strip_attribution,
    strip_opener,
    word_count,
)
from summarizers.document import Document
from summarizers.tokenizer import kept_in_order, plain_words, split_sentences, word_set


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
    """Return the title, or else a whole clause of the story's first fact (made once)."""
    if document.title and document.title.strip():
        return document.title.strip()
    cache = document._cache
    if "headline" not in cache:
        cache["headline"] = _headline_of(document)
    headline = cache["headline"]
    assert isinstance(headline, str)
    return headline


def _headline_of(document: Document) -> str:
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
    # "30+ Nations to Discuss Ukraine Security in Paris": the object of the infinitive (not
    # "fled to Syria and Iraq", where "to" is a preposition, nor "to tear herself away").
    infinitive = re.search(r"\bto\s+[A-Za-z]+\s+(.+)$", headline)
    if infinitive and _title_case(words):
        phrase = infinitive.group(1).strip(" .")
        if (
            2 <= word_count(phrase) <= max_words
            and not _PREPOSITION.match(phrase)
            and not _NO_NP_START.match(phrase)
        ):
            return phrase
    subject = _subject(words, max_words)
    if subject:
        return subject
    run = _longest_name_run(words)
    # "After Manchester United", "A New York": a sentence's opening word is no part of a name
    while run and run[0].lower() in _OPENING_WORDS:
        run = run[1:]
    if run and 2 <= len(run) <= max_words:
        return re.sub(r"['’]s$", "", " ".join(run).strip(" .,"))
    return headline.strip(" .")


_OPENING_WORDS = word_set("a an the after before as when while if with since until despite")


# What no noun phrase opens with: a pronoun, a reflexive, a coordinator.
_NO_NP_START = re.compile(
    r"^(?:and|or|but|it|its|he|she|him|her|his|they|them|their|itself|himself|herself|"
    r"themselves|this|that|there|we|us|you|i|although|though|while|when|if|as|because|since|"
    r"just|after|before|once|until)\b",
    re.I,
)
_AUXILIARY_WORD = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|shall|should|"
    r"[a-z]+n['’]t)"
)
_RELATIVE_WORD = re.compile(r"(?:who|which|whose|that)")
# "with advanced cancer", "a jilted lover": an -ed word after these modifies a noun
_BEFORE_ADJECTIVE = word_set("a an the with of in on for his her their its our my this that")


def _title_case(words: list[str]) -> bool:
    """A feed's title ("30+ Nations to Discuss Ukraine Security"), not a sentence."""
    long = [w for w in words if len(w) > 3]
    return bool(long) and sum(w[:1].isupper() for w in long) >= 0.7 * len(long)


def _verb_at(lower: list[str], original: list[str]) -> int | None:
    for i, word in enumerate(lower):
        if not i:
            continue
        if _AUXILIARY_WORD.fullmatch(word):
            return i
        if (
            _VERBISH.fullmatch(word)
            and not original[i][:1].isupper()  # "The United States", "Manchester United"
            and not (word.endswith("ed") and lower[i - 1] in _BEFORE_ADJECTIVE)
        ):
            return i
    return None


def _subject(words: list[str], max_words: int) -> str:
    """The headline's subject: the words before its first auxiliary (or verb-like word), up to
    a relative pronoun ("A jilted lover who sent ... has been jailed" -> "Jilted lover")."""
    lower = [w.lower().strip(",") for w in words]
    if not lower or _NO_NP_START.match(lower[0]) or _PREPOSITION.match(lower[0]):
        return ""
    end = _verb_at(lower, words)
    if end is None:
        return ""
    relative = next(
        (i for i, w in enumerate(lower[:end]) if i and _RELATIVE_WORD.fullmatch(w)), end
    )
    phrase = [w.strip(",") for w in words[:relative]]
    if phrase and phrase[0] in ("A", "An"):
        phrase = phrase[1:]
        if phrase:
            phrase[0] = phrase[0][:1].upper() + phrase[0][1:]
    while phrase and (
        phrase[-1].lower() in _CONNECTORS
        or phrase[-1].endswith("ly")
        or phrase[-1] in ("being", "now", "then", "still", "also", "just")
    ):
        phrase.pop()  # "... girl allegedly conspired": the adverb goes with the verb
    if not 2 <= len(phrase) <= max_words or "," in " ".join(words[:relative]):
        return ""
    return " ".join(phrase).strip(" .")


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
    mine = plain_words(bullet)
    for sentence in split_sentences(lede.text):
        theirs = plain_words(sentence)
        if theirs and kept_in_order(mine, theirs) >= share * len(theirs):
            return True
    return False


HEADLINE_REPEAT = 0.8  # a bullet with this share of its words, in order, in the headline
LEDE_HOLDS = 0.8  # likewise in one lede sentence: the bullet is a piece of it
LEDE_REPEAT = 0.7  # a bullet with this share of a lede sentence's words, in order, repeats it


def lede_holds(bullet: str, lede: Lede, *, first: int = 0) -> bool:
    """Tell whether a bullet is a piece of one lede sentence (its words, in order, are there).

    "Paul Casey was at home in Arizona when the matter was decided" from a lede sentence that
    goes on "... and admitted he went through all sorts of agonies" keeps half of it, too
    little for `lede_repeats`, but says nothing the lede has not said. Only the lede sentences
    from `first` on are compared.
    """
    mine = plain_words(bullet)
    if not mine:
        return False
    # a word the lede sentence lacks that is a number or a name is news: "A second man was
    # arrested" is no piece of "... a 34-year-old man was arrested at the scene"
    named = {p for w in bullet.split()[1:] if w[:1].isupper() for p in plain_words(w)}
    for sentence in split_sentences(lede.text)[first:]:
        theirs = plain_words(sentence)
        new = set(mine) - set(theirs)
        if any(has_number(w) or w in named for w in new):
            continue
        if kept_in_order(mine, theirs) >= LEDE_HOLDS * len(mine):
            return True
    return False


def told_by_bullets(lede: Lede, bullets: list[str]) -> Lede:
    """The lede without its later sentences when the bullets tell them again.

    A short look keeps a bullet that copies the lede's second sentence ("Jesse Norman allegedly
    gave out cake ...") rather than fall under its minimum; read under the lede it says the same
    thing twice, word for word. The lede then keeps only its key fact (its first sentence) and
    the bullets tell the rest; the key fact said again, shorter, still opens the bullets. Only
    when the bullets tell all of each later sentence: a piece of one ("Firefighters rescued the
    caretaker" from "..., but his wife died in the blaze") leaves the rest to the lede.
    """
    sentences = split_sentences(lede.text)
    if len(sentences) < 2:
        return lede
    copies = [False] * len(bullets)
    for sentence in sentences[1:]:
        told = _told_by(sentence, bullets)
        if not told:
            return lede
        copies = [c or k in told for k, c in enumerate(copies)]
    if leans_on_context(sentences[0]) and not points_forward((sentences[0],)):
        return lede  # "It's not intended to be a safety video.": alone it tells nothing
    # a bullet's "The skater's friends" met only in the later sentence, and in no bullet before
    # it: the reader needs that sentence
    seen = set(plain_words(sentences[0]))
    told_later = set(plain_words(" ".join(sentences[1:]))) - seen
    for bullet, copy in zip(bullets, copies, strict=True):
        opening = _DEFINITE_OPENING.match(bullet)
        if not copy and opening and set(plain_words(opening.group(1))) & told_later - seen:
            return lede
        seen |= set(plain_words(bullet))
    return Lede(lede.indices[:1], sentences[0])


# "The skater's friends ...", "The pundit has ...": the opening noun phrase, up to its verb
_DEFINITE_OPENING = re.compile(r"^The\s+((?:[\w'’-]+\s+){0,2}?[a-z][\w'’-]*)(?=['’]s\b|\s)")
_NAME_WORD = re.compile(r"(?<=\s)[A-Z][\w'’.-]*")


def _bare(text: str) -> list[str]:
    """The words of a text but its names (a sentence's first word is taken as no name)."""
    return plain_words(_NAME_WORD.sub(" ", " " + text[text.find(" ") + 1 :]))


def _told_by(sentence: str, bullets: list[str]) -> set[int]:
    """The bullets that tell a lede sentence again between them; empty if they do not.

    A bullet tells part of it when its words but the names are the sentence's, in order ("Na
    Chu panicked and ran to the window." from "The five-year-old panicked and ran to the window
    but fell ..."); together the parts must keep LEDE_REPEAT of the sentence's words, and every
    name the sentence gives ("Harry Kane scored twice ..." is not told by "Alexis Sanchez scored
    twice ...").
    """
    theirs = _bare(sentence)
    if not theirs:
        return set()
    parts = {
        k
        for k, b in enumerate(bullets)
        if (mine := _bare(b))
        and set(mine) <= set(theirs)
        and kept_in_order(mine, theirs) >= LEDE_HOLDS * len(mine)
    }
    if not parts:
        return set()
    told = [w for k in sorted(parts) for w in _bare(bullets[k])]
    names = set(plain_words(" ".join(_NAME_WORD.findall(" " + sentence[sentence.find(" ") + 1 :]))))
    given = {w for k in parts for w in plain_words(bullets[k])}
    if kept_in_order(told, theirs) < LEDE_REPEAT * len(theirs) or not names <= given:
        return set()
    return parts


def headline_repeats(bullet: str, headline: str) -> bool:
    """Tell whether a bullet says little but the headline ("City have apologised to fans.")."""
    mine = plain_words(bullet)
    return bool(mine) and kept_in_order(mine, plain_words(headline)) >= HEADLINE_REPEAT * len(mine)


__all__ = [
    "Lede",
    "headline_repeats",
    "leans_on_context",
    "lede_holds",
    "make_headline",
    "make_lede",
    "make_topic",
    "told_by_bullets",
]
