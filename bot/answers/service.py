"""Answer /ask, the query commands and /search from the sentence index and the stories."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.answers import cues as cue_rules
from bot.answers import rank
from bot.answers.question import Question
from bot.storage import search, stories
from bot.storage.database import Database
from bot.storage.search import SentenceHit
from bot.storage.stories import StoryView

PER_TERM = 50  # newest sentences fetched per question term (and for all of them at once)
CONTEXT_STORIES = 4  # the stories matching best are read whole
MAX_TERMS = 12  # a long question searches with its first terms
FACTS = 3
QUERY_FACTS = 8
SEARCH_PAGE = 5


@dataclass(frozen=True)
class Fact:
    """A fact of a story, as answers show it."""

    text: str
    story_id: int
    headline: str
    url: str | None


def first_link(story: StoryView) -> str | None:
    """Return the story's first linked source (folder files have none)."""
    return next((link.url for link in story.links if link.url), None)


def _candidate(hit: SentenceHit) -> rank.Candidate:
    return rank.Candidate(hit.id, hit.story_id, hit.position, hit.text, hit.terms)


async def _facts(
    db: Database,
    picked: Sequence[tuple[int, str]],
    muted_sources: Collection[str],
    own_feeds: Collection[int],
) -> list[Fact]:
    """Attach each (story id, text) its story's headline and a link the chat may see."""
    found = {
        s.id: stories.seen_by(s, muted_sources, own_feeds)
        for s in await stories.get_stories(db, [i for i, _ in picked])
    }
    return [
        Fact(text, i, found[i].headline, first_link(found[i])) for i, text in picked if i in found
    ]


async def latest_facts(
    db: Database,
    *,
    since: datetime,
    muted_sources: Collection[str],
    own_feeds: Collection[int] = (),
    limit: int = FACTS,
) -> list[Fact]:
    """Return the newest stories' ledes, for a question with no content words."""
    found = await stories.recent_stories(
        db, since=since, limit=limit, muted_sources=muted_sources, own_feeds=own_feeds
    )
    return [Fact(s.quicklook.lede, s.id, s.headline, first_link(s)) for s in found]


async def ask(
    db: Database,
    question: Question,
    *,
    since: datetime,
    muted_sources: Collection[str],
    own_feeds: Collection[int] = (),
) -> list[Fact]:
    """Return up to three facts answering the question, best first."""
    first = await search.first_id_since(db, since)
    words: list[tuple[str, ...]] = [(w,) for w in question.terms.words[:MAX_TERMS]]
    # Sentences with every term first (however old in the window), then each phrase and term.
    phrases: list[tuple[str, ...]] = list(question.terms.phrases[:MAX_TERMS])
    queries: list[tuple[list[tuple[str, ...]], bool]] = [(words, True)] if len(words) > 1 else []
    queries += [([p], False) for p in phrases] + [([w], False) for w in words]
    found = await search.match_each(
        db,
        queries,
        first=first,
        since=since,
        muted_sources=muted_sources,
        own_feeds=own_feeds,
        limit=PER_TERM,
    )
    hits: dict[int, SentenceHit] = {hit.id: hit for hit in found}
    if not hits:
        return []
    total = max(await stories.count_stories_since(db, since), 1)
    candidates = [_candidate(h) for h in hits.values()]
    # Read the best matching stories whole: their answer may repeat few of the question's words.
    weight = rank.weights(question, candidates, total)
    scores = rank.story_scores(question, candidates, weight)
    best = sorted(scores, key=lambda s: -scores[s])
    context = await search.sentences_of(
        db, best[:CONTEXT_STORIES], muted_sources=muted_sources, own_feeds=own_feeds
    )
    for hit in context:
        hits[hit.id] = hit
    ranked = rank.rank(
        question,
        [_candidate(h) for h in hits.values()],
        total=total,
        limit=FACTS,
        stories=CONTEXT_STORIES,
    )
    return await _facts(
        db, [(r.candidate.story_id, r.candidate.text) for r in ranked], muted_sources, own_feeds
    )


async def query(
    db: Database,
    cues: cue_rules.Cues,
    *,
    since: datetime,
    muted_sources: Collection[str],
    own_feeds: Collection[int] = (),
    limit: int = QUERY_FACTS,
) -> list[Fact]:
    """Return the facts where a query command's cues apply to a participant, best first."""
    first = await search.first_id_since(db, since)
    queries = [([group], False) for group in cue_rules.cue_groups(cues.include)]
    found = await search.match_each(
        db,
        queries,
        first=first,
        since=since,
        muted_sources=muted_sources,
        own_feeds=own_feeds,
        limit=PER_TERM,
    )
    hits = {hit.id: hit for hit in found if hit.position > 0}
    ordered = sorted(hits.values(), key=lambda h: -h.id)  # newest first among equals
    matches = cue_rules.rank_by_cues([h.text for h in ordered], cues, limit=limit)
    return await _facts(
        db,
        [(ordered[m.index].story_id, ordered[m.index].text) for m in matches],
        muted_sources,
        own_feeds,
    )


@dataclass(frozen=True)
class SearchPage:
    """One page of /search: its stories, and whether pages come before and after it."""

    stories: list[StoryView]
    page: int
    has_next: bool


async def search_stories(
    db: Database,
    groups: Sequence[tuple[str, ...]],
    *,
    page: int,
    muted_sources: Collection[str],
    own_feeds: Collection[int] = (),
) -> SearchPage:
    """Return page `page` (0-based) of the stories matching every group, newest first."""
    ids = await search.matching_stories(
        db,
        groups,
        muted_sources=muted_sources,
        own_feeds=own_feeds,
        offset=page * SEARCH_PAGE,
        limit=SEARCH_PAGE + 1,
    )
    found = await stories.get_stories(db, ids[:SEARCH_PAGE])
    shown = [stories.seen_by(s, muted_sources, own_feeds) for s in found]
    return SearchPage(shown, page, len(ids) > SEARCH_PAGE)
