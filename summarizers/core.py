"""Summarize an article into Quick Looks with a choice of engines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from summarizers.cleaning import clean_sentences, clean_text
from summarizers.compress import (
    MAX_BULLET_WORDS,
    compress,
    condense,
    drop_parentheticals,
    strip_attribution,
    strip_opener,
    to_bullets,
    to_facts,
    word_count,
)
from summarizers.model import QuickLook
from summarizers.ranking import (
    DEFAULT_WEIGHTS,
    Vector,
    Weights,
    choose_top,
    cosine,
    score_sentences,
    select,
    terms,
)
from summarizers.sumy_engines import SUMY_ENGINES, rank_with_sumy
from summarizers.tokenizer import split_sentences

DEFAULT_ENGINE = "quicklooks"
ENGINES: tuple[str, ...] = (DEFAULT_ENGINE, "lead", *SUMY_ENGINES)
FACT_MAX_WORDS = 50  # facts keep a long sentence whole rather than lose what it names
_SIMILAR = 0.6
LEAD_BULLETS = 3  # the first picks use the ROUGE-tuned weights
FACT_TARGET_WORDS = 18  # a full Quick Looks aims at one short fact per bullet
# "This ...", "His ..." or "X also ..." lean on the sentence before: weaker as a stand-alone
# bullet. "It ..." is spared: a penalty there dropped key facts ("It could involve ...").
_NEEDS_CONTEXT = re.compile(
    r"^(?:(?:This|These|Those|That|They|He|She|His|Her|Their|We|But|And|So)\b"
    r"|(?:\S+\s+){1,3}also\b)"
)
# A bullet that keeps this share of a lede sentence's words, in order, repeats the lede; one
# that keeps half of them is condensed to its main clause.
LEDE_REPEAT = 0.7
LEDE_ECHO = 0.5
CONTEXT_PENALTY = 0.3
LEDE_MAX_WORDS = 55
FULL_LEAD_PICKS = 1  # a full list starts from the top facts, then covers the rest
# Bullets past the top facts: no position prior, names and numbers preferred, quotes avoided.
COVERAGE_WEIGHTS = Weights(
    position=0.0, centrality=0.6, length=0.1, entities=1.0, quote=0.5, redundancy=0.2, voice=0.0
)


class UnknownEngineError(ValueError):
    """The engine name is not one of ENGINES."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")


def resolve_engine(engine: str | None) -> str:
    """Return the canonical engine name, or raise UnknownEngineError."""
    name = (engine or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise UnknownEngineError(engine or "")
    return name


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < word_count(line) <= 20 and not re.search(r"[.!?,;:][\"'’”]?$", line)


def split_title(text: str, title: str | None = None) -> tuple[str | None, str]:
    """Separate a title line from the body; a given title wins over a detected one."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    same = title is None or first.strip().lower() == title.strip().lower()
    if rest.strip() and _looks_like_title(first) and same:
        return (title or first.strip()), rest
    return title, stripped


def story_sentences(text: str) -> list[str]:
    """Return the clean story sentences, or raise ValueError when there are none."""
    if not text or not text.strip():
        raise ValueError("cannot summarize empty text: give an article with at least one sentence")
    sentences = clean_sentences(text) or split_sentences(clean_text(text))
    if not sentences:
        raise ValueError("no sentences found in the text: give an article with some words")
    return sentences


def auto_bullet_count(sentences: list[str]) -> int:
    """Pick 5-8 bullets by article length, fewer for very short texts."""
    # Roughly one bullet per two sentences of story, within the house range of 5-8.
    wanted = min(8, max(5, round(len(sentences) / 2.2)))
    return max(1, min(wanted, len(sentences)))


def _finish(sentence: str) -> str:
    text = sentence.strip()
    if not re.search(r"[.!?][\"'’”)]*$", text):
        text += "."
    return text


def _is_bullet_worthy(sentence: str) -> bool:
    # Questions and quote fragments do not state a fact on their own.
    return (
        not sentence.rstrip("\"'’”").endswith("?")
        and word_count(sentence) >= 5
        and balanced_quotes(sentence)
    )


_OPEN_SINGLE = re.compile(r"(?:^|[\s(\[])[‘']\w")
_CLOSE_SINGLE = re.compile(r"[\w.,!?][’'](?=[\s.,;:!?)\]]|$)")


def balanced_quotes(text: str) -> bool:
    """Tell whether every quotation in text is closed (no quote fragment).

    Single quotes double as apostrophes, so only a quote opened before a word and never closed
    after one counts as open ("O'Neill" and "fans' " do not).
    """
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False
    return len(_OPEN_SINGLE.findall(text)) <= len(_CLOSE_SINGLE.findall(text))


def _quicklooks_bullets(
    sentences: list[str],
    count: int,
    title: str | None,
    weights: Weights,
    lede: Sequence[int],
    scored: tuple[list[float], list[Vector]] | None = None,
    lede_text: str = "",
) -> list[str]:
    scores, vectors = scored or score_sentences(sentences, title=title, weights=weights)
    worthy = [_is_bullet_worthy(s) for s in sentences]
    if count <= LEAD_BULLETS:
        # A short brief is its few key sentences: they may run to FACT_MAX_WORDS, since the
        # long news sentences that a 35-word cap would cut or skip often carry the story.
        # Only the first `window` usable sentences compete, so only they are compressed.
        brief: dict[int, list[str]] = {}
        for i, sentence in enumerate(sentences):
            if len(brief) >= max(weights.window, count):
                break
            if worthy[i] and (bullet := to_bullets(sentence, max_words=FACT_MAX_WORDS)[:1]):
                brief[i] = bullet
        if not brief:
            brief = {i: [compress(s)] for i, s in enumerate(sentences)}
        usable = [i in brief for i in range(len(sentences))]
        chosen = choose_top(scores, vectors, count, weights=weights, eligible=usable)
        return [b for i in chosen for b in brief[i]]
    candidates = [to_bullets(s) if w else [] for s, w in zip(sentences, worthy, strict=True)]
    eligible = [bool(c) for c in candidates]
    if not any(eligible):
        candidates = [[compress(s)] for s in sentences]
        eligible = [True] * len(sentences)
    chosen = choose_top(scores, vectors, FULL_LEAD_PICKS, weights=weights, eligible=eligible)
    # A full Quick Looks has one short fact per bullet, and past the top facts it should cover
    # the rest of the story (names, numbers not yet said), not its start.
    facts = {i: _facts(sentences[i]) for i in chosen}
    # The top fact is also the lede's: say it shorter, or leave it to the lede.
    told = split_sentences(lede_text)
    for i in chosen:
        facts[i] = [condense(f) if repeats(f, told, share=LEDE_ECHO) else f for f in facts[i]]
        facts[i] = [f for f in facts[i] if not repeats(f, told, share=LEDE_REPEAT)]
        if not facts[i]:
            del facts[i]
    extra, _ = score_sentences(sentences, title=title, weights=COVERAGE_WEIGHTS)
    options = {
        i: _facts(s)
        for i, s in enumerate(sentences)
        if eligible[i] and i not in facts and i not in chosen
    }
    in_lede = [i for i in lede if i in options]
    if len(options) - len(in_lede) >= count:
        for i in in_lede:
            del options[i]
    return _cover(sentences, facts, options, extra, count)


def _cover(
    sentences: list[str],
    facts: dict[int, list[str]],
    options: dict[int, list[str]],
    extra: list[float],
    count: int,
) -> list[str]:
    """Add the facts that best cover what no chosen bullet says yet."""
    words = {i: {t for b in f for t in terms(b)} for i, f in options.items()}
    said = {t for f in facts.values() for b in f for t in terms(b)}

    def value(i: int) -> float:
        # Redundancy is the share of the candidate's own bullet words already said.
        repeated = len(words[i] & said) / max(1, len(words[i]))
        context = CONTEXT_PENALTY if _NEEDS_CONTEXT.match(options[i][0]) else 0.0
        return extra[i] - COVERAGE_WEIGHTS.redundancy * repeated - context

    while options and sum(len(f) for f in facts.values()) < count:
        best = max(options, key=value)
        facts[best] = options.pop(best)
        said |= words[best]
    # Keep the top facts first when a long sentence gave more facts than there are slots.
    total = sum(len(f) for f in facts.values())
    for i in reversed(list(facts)):
        while total > count and len(facts[i]) > 1:
            facts[i] = facts[i][:-1]
            total -= 1
    return [b for i in sorted(facts) for b in facts[i]]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def repeats(bullet: str, told: Sequence[str], *, share: float = LEDE_REPEAT) -> bool:
    """Tell whether bullet keeps `share` of one told sentence's words in order (a near copy)."""
    mine = _words(bullet)
    for sentence in told:
        theirs = _words(sentence)
        blocks = SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
        if theirs and sum(b.size for b in blocks) >= share * len(theirs):
            return True
    return False


def _facts(sentence: str) -> list[str]:
    return to_facts(sentence, target=FACT_TARGET_WORDS) or [compress(sentence)]


def _dedupe(bullets: list[str], count: int) -> list[str]:
    kept: list[str] = []
    vectors: list[dict[str, float]] = []
    for bullet in bullets:
        bag = terms(bullet)
        norm = len(bag) ** 0.5 or 1.0
        vec = {t: bag.count(t) / norm for t in set(bag)}
        if any(cosine(vec, v) >= _SIMILAR for v in vectors):
            continue
        kept.append(bullet)
        vectors.append(vec)
    return kept[:count]


def select_bullets(
    sentences: list[str],
    count: int,
    *,
    engine: str,
    title: str | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    lede: Sequence[int] = (),
    scored: tuple[list[float], list[Vector]] | None = None,
    lede_text: str = "",
) -> list[str]:
    """Return `count` bullets in story order chosen by `engine` from clean sentences.

    A full Quick Looks (more than 3 bullets) avoids the sentences already told in the `lede`
    (bar the top one) when the story has enough other facts, and never nearly copies a
    sentence of `lede_text`.
    """
    if engine == DEFAULT_ENGINE:
        bullets = _quicklooks_bullets(sentences, count, title, weights, lede, scored, lede_text)
    elif engine == "lead":
        bullets = [_finish(s) for s in sentences[:count]]
    else:
        bullets = [_finish(sentences[i]) for i in rank_with_sumy(engine, sentences, count)]
    return _dedupe(bullets, count) or [_finish(sentences[0])]


def _ranked(
    sentences: list[str], title: str | None, scores: list[float] | None = None
) -> list[int]:
    scores = scores or score_sentences(sentences, title=title)[0]
    return sorted(range(len(sentences)), key=lambda i: (-scores[i], i))


def _lede(sentences: list[str], ranked: list[int]) -> tuple[list[int], str]:
    # News states its main fact first, so the lede opens with the first sentence (ranking may
    # prefer denser later ones for bullets) and adds the best-ranked other sentence.
    if _is_bullet_worthy(sentences[0]):
        ranked = [0, *(i for i in ranked if i != 0)]
    top = sorted(ranked[:2])
    light = [
        _finish(strip_attribution(drop_parentheticals(strip_opener(sentences[i])))) for i in top
    ]
    if word_count(" ".join(light)) <= LEDE_MAX_WORDS:
        return top, " ".join(light)
    # Two long sentences: compress both rather than fall back to one that bullet 1 repeats.
    tight = [compress(sentences[i]) for i in top]
    if word_count(" ".join(tight)) <= LEDE_MAX_WORDS + 10:
        return top, " ".join(tight)
    return ranked[:1], light[top.index(ranked[0])]


def make_lede(sentences: list[str], ranked: list[int]) -> str:
    """Write a one-paragraph lede from the top 1-2 sentences, compressed only lightly."""
    return _lede(sentences, ranked)[1]


def make_headline(sentences: list[str], ranked: list[int]) -> str:
    """Pick a short headline from the best sentences when there is no title."""
    options = [compress(sentences[i]) for i in ranked[:3]]
    short = [o for o in options if word_count(o) <= 16]
    best = short[0] if short else min(options, key=word_count)
    if word_count(best) > 16:
        head = re.split(r",\s+|\s+[–—-]\s+", best)[0]
        best = head if word_count(head) >= 5 else best
    return best.rstrip(".").strip()


_CONNECTORS = {"of", "in", "and", "for", "the", "on", "at", "&", "to", "over", "with"}


def make_topic(headline: str) -> str:
    """Derive a short topic phrase from headline words for the "<Topic>: Quick Looks" line."""
    words = headline.replace(":", " : ").split()
    if ":" in words and 2 <= words.index(":") <= 6:
        return " ".join(words[: words.index(":")])
    infinitive = re.search(r"\bto\s+[A-Za-z]+\s+(.+)$", headline)
    if infinitive and 2 <= word_count(infinitive.group(1)) <= 7:
        return infinitive.group(1).strip(" .")
    best: list[str] = []
    run: list[str] = []
    for word in [*words, "."]:
        if word[:1].isupper() or (run and word.lower() in _CONNECTORS):
            run.append(word)
            continue
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        if len(run) > len(best):
            best = run
        run = []
    if best and len(best) <= 7 and (len(best) >= 2 or len(words) <= 3):
        return " ".join(best).strip(" .,")
    return " ".join(words[:5]).strip(" .,")


def summarize(
    text: str,
    title: str | None = None,
    max_bullets: int | None = None,
    engine: str | None = None,
) -> QuickLook:
    """Summarize an article into a QuickLook (headline, lede, bullets)."""
    name = resolve_engine(engine)
    if max_bullets is not None and max_bullets < 1:
        raise ValueError("max_bullets must be at least 1")
    title, body = split_title(text, title)
    sentences = story_sentences(body)
    count = max_bullets or auto_bullet_count(sentences)
    scored = score_sentences(sentences, title=title)
    ranked = _ranked(sentences, title, scored[0])
    lede, lede_text = _lede(sentences, ranked)
    bullets = select_bullets(
        sentences, count, engine=name, title=title, lede=lede, scored=scored, lede_text=lede_text
    )
    headline = (title or "").strip() or make_headline(sentences, ranked)
    return QuickLook(
        headline=headline,
        lede=lede_text,
        bullets=bullets,
        topic=make_topic(headline),
        engine=name,
    )


def deep_look(text: str, title: str | None = None, max_sentences: int = 10) -> list[str]:
    """Return the key full sentences of the story, cleaned but not compressed, in story order."""
    title, body = split_title(text, title)
    sentences = story_sentences(body)
    scores, vectors = score_sentences(sentences, title=title)
    chosen = select(scores, vectors, max_sentences, weights=Weights(redundancy=0.3))
    return [_finish(strip_opener(sentences[i])) for i in chosen]


def extract_facts(text: str) -> list[str]:
    """Turn every story sentence into a bullet-sized fact, in story order, skipping junk."""
    _, body = split_title(text)
    facts: list[str] = []
    seen: set[str] = set()
    for sentence in story_sentences(body):
        if not _is_bullet_worthy(sentence):
            continue
        pieces = to_bullets(sentence) or to_bullets(sentence, max_words=FACT_MAX_WORDS)
        for fact in pieces:
            key = fact.lower()
            if word_count(fact) >= 4 and key not in seen:
                seen.add(key)
                facts.append(fact)
    return facts


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "MAX_BULLET_WORDS",
    "UnknownEngineError",
    "deep_look",
    "extract_facts",
    "summarize",
]
