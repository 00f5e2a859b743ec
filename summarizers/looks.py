"""Summarize an article: Quick Looks with a choice of engines, the deep look and the facts."""

from __future__ import annotations

from collections.abc import Callable

from summarizers.bullets import candidates
from summarizers.compress import strip_opener
from summarizers.document import Document
from summarizers.engines.lead import end_sentence, lead
from summarizers.engines.quicklooks import adds_something, quicklooks
from summarizers.engines.sumy_engines import SUMY_ENGINES, sumy_engine
from summarizers.lede import make_headline, make_lede, make_topic, told_by_bullets
from summarizers.model import QuickLook, StorySummary
from summarizers.names import full_names, introduce_all, person_roles
from summarizers.ranking import Weights, select
from summarizers.tokenizer import split_sentences

Engine = Callable[[Document, int], list[str]]
DEFAULT_ENGINE = "quicklooks"
_ENGINES: dict[str, Engine] = {
    DEFAULT_ENGINE: quicklooks,
    "lead": lead,
    **{name: sumy_engine(name) for name in SUMY_ENGINES},
}
ENGINES: tuple[str, ...] = tuple(_ENGINES)


class UnknownEngineError(ValueError):
    """The engine name is not one of ENGINES."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")


def resolve_engine(engine: str | None) -> str:
    """Return the canonical engine name, or raise UnknownEngineError."""
    name = (engine or DEFAULT_ENGINE).strip().lower()
    if name not in _ENGINES:
        raise UnknownEngineError(engine or "")
    return name


def quick_look(
    document: Document, max_bullets: int | None = None, engine: str | None = None
) -> QuickLook:
    """Write a document's Quick Looks: headline, lede and `max_bullets` bullets (5-8 if None)."""
    name = resolve_engine(engine)
    if max_bullets is not None and max_bullets < 1:
        raise ValueError("max_bullets must be at least 1")
    count = max_bullets or document.policy.full_count(len(document))
    headline = make_headline(document)
    lede = make_lede(document).text
    bullets = _ENGINES[name](document, count)
    if name == DEFAULT_ENGINE:
        lede = told_by_bullets(make_lede(document), bullets).text
        # a person's first mention gives the full name ("Toure" -> "Yaya Toure"); the other
        # engines are baselines and show their sentences as the article has them
        names = full_names(document.texts)
        lede, *bullets = introduce_all(
            [lede, *bullets],
            headline,
            names,
            max_words=document.policy.bullet_max_words,
            roles=person_roles(tuple(document.texts)),
        )
        if max_bullets is None or count > document.policy.brief_bullets:
            # a full look is read bullet by bullet under the lede, names and all: each bullet
            # tells something new
            key = next(iter(split_sentences(lede)), "")
            bullets = adds_something(bullets, f"{headline} {lede}", key)
    return QuickLook(
        headline=headline,
        lede=lede,
        bullets=bullets,
        topic=make_topic(headline, max_words=document.policy.topic_max_words),
        engine=name,
    )


def summarize(
    text: str,
    title: str | None = None,
    max_bullets: int | None = None,
    engine: str | None = None,
) -> QuickLook:
    """Summarize an article into a QuickLook (headline, lede, bullets).

    Raises ValueError when the text is empty or holds no sentence, UnknownEngineError (a
    ValueError) for an unknown engine.
    """
    name = resolve_engine(engine)
    return quick_look(Document.from_text(text, title), max_bullets, name)


def key_sentences(document: Document, count: int | None = None) -> list[str]:
    """Return the key full sentences of the story, cleaned but not compressed, in story order."""
    scores, vectors = document.scored
    wanted = count or document.policy.deep_look_sentences
    limit = document.policy.sentence_max_words
    eligible = [
        (not s.in_quotation or i < 3) and s.words <= limit and not s.trailing
        for i, s in enumerate(document.sentences)
    ]
    chosen = select(scores, vectors, wanted, weights=Weights(redundancy=0.3), eligible=eligible)
    return [end_sentence(strip_opener(document.texts[i])) for i in chosen]


def deep_look(text: str, title: str | None = None, max_sentences: int = 10) -> list[str]:
    """Return the key full sentences of the story, cleaned but not compressed, in story order."""
    return key_sentences(Document.from_text(text, title), max_sentences)


def facts_of(document: Document) -> list[str]:
    """Every bullet-sized fact of the story, in story order, for query commands."""
    facts: list[str] = []
    seen: set[str] = set()
    for candidate in candidates(document):
        if candidate is None:
            continue
        for fact in candidate.facts or candidate.pieces:
            key = fact.lower()
            if fact and key not in seen:
                seen.add(key)
                facts.append(fact)
    return facts


def extract_facts(text: str) -> list[str]:
    """Turn every story sentence into bullet-sized facts, in story order, skipping junk."""
    return facts_of(Document.from_text(text))


def summarize_story(
    text: str, title: str | None = None, max_bullets: int | None = None
) -> StorySummary:
    """Read an article once and return its Quick Looks, deep look and facts."""
    document = Document.from_text(text, title)
    look = quick_look(document, max_bullets)
    brief_count = document.policy.brief_bullets
    if len(look.bullets) > brief_count:
        # a chat that asks for 3 bullets gets the story's key facts, not the full look's first 3
        look.brief = quick_look(document, brief_count).bullets
    return StorySummary(
        quicklook=look,
        deep_look=key_sentences(document),
        facts=facts_of(document),
    )
