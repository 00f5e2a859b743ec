"""Articles and the stories they form: dedupe lookups, near-duplicate candidates, and writes.

Ingestion decides which story each new article belongs to and which article's summary speaks
for it (bot.ingest.clustering); this module only looks up and writes what it was given. Inserts
are race-safe: an article row is inserted with ON CONFLICT DO NOTHING, so a second process
storing the same article at the same moment sees a duplicate, not an IntegrityError.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import search
from bot.storage.database import Database
from bot.storage.models import Article, Source, Story, StoryBand
from bot.terms import IndexedSentence
from summarizers import StorySummary

log = logging.getLogger(__name__)
_CHUNK = 400  # keep IN (...) lists well below every backend's parameter limit


@dataclass(frozen=True)
class NewArticle:
    """An article ready to store, with everything computed (identity, fingerprint, text)."""

    title: str
    text: str
    content_hash: str
    word_count: int
    url: str | None = None
    canonical_url: str | None = None
    guid: str | None = None
    author: str | None = None
    language: str | None = None
    published_at: datetime | None = None
    minhash: list[int] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    full_text_pending: bool = False  # a teaser to complete on a later pass
    full_text_attempts: int = 0
    sentences: list[IndexedSentence] = field(default_factory=list)  # for the search index


@dataclass(frozen=True)
class PendingTeaser:
    """A stored teaser whose page is to be fetched again, with its story's richest word count."""

    article_id: int
    story_id: int
    url: str
    title: str
    text: str
    attempts: int
    story_words: int


@dataclass(frozen=True)
class TeaserUpdate:
    """What a retry did to a stored teaser: its full text (with fingerprint), or a new count.

    Without `text` the article stays as it is, still pending or not as `pending` says.
    """

    article_id: int
    story_id: int
    pending: bool
    attempts: int
    text: str | None = None
    word_count: int = 0
    minhash: list[int] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    summary: StorySummary | None = None  # the story's new summary, when this article is richest
    sentences: list[IndexedSentence] = field(default_factory=list)  # of the new text


@dataclass(frozen=True)
class StoryWrite:
    """Articles that belong to one story: an existing one (`story_id`) or a new one.

    `summary`, when given, is the summary of `articles[0]` (the richest), and replaces the
    story's (a new story always has one).
    """

    articles: list[NewArticle]
    story_id: int | None = None
    summary: StorySummary | None = None


@dataclass
class Candidates:
    """Stored stories that share an LSH band with new articles, and their articles' fingerprints."""

    stories_by_band: dict[str, set[int]] = field(default_factory=dict)
    # story id -> (minhash, word count) of each of its articles
    articles: dict[int, list[tuple[list[int], int]]] = field(default_factory=dict)


@dataclass
class WriteResult:
    """What storing one source's articles did."""

    new_articles: int = 0
    new_stories: int = 0
    duplicates: int = 0
    postponed: int = 0  # left for the next pass (their story changed under us)


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


async def filter_known(
    db: Database, source_id: int, items: list[tuple[str | None, str | None]]
) -> list[bool]:
    """For each (guid, canonical URL) say whether the store already has that article."""
    guids = [g for g, _ in items if g]
    urls = [u for _, u in items if u]
    seen_guids: set[str] = set()
    seen_urls: set[str] = set()
    async with db.sessions() as session:
        for chunk in _chunks(guids):
            rows = await session.execute(
                select(Article.guid).where(Article.source_id == source_id, Article.guid.in_(chunk))
            )
            seen_guids.update(g for g in rows.scalars() if g)
        for chunk in _chunks(urls):
            rows = await session.execute(
                select(Article.canonical_url).where(Article.canonical_url.in_(chunk))
            )
            seen_urls.update(u for u in rows.scalars() if u)
    return [(g in seen_guids) or (u in seen_urls) for g, u in items]


async def known_hashes(db: Database, hashes: list[str]) -> set[str]:
    """Return the content hashes the store already has."""
    found: set[str] = set()
    async with db.sessions() as session:
        for chunk in _chunks(hashes):
            rows = await session.execute(
                select(Article.content_hash).where(Article.content_hash.in_(chunk))
            )
            found.update(rows.scalars())
    return found


async def candidate_stories(db: Database, bands: Iterable[str]) -> Candidates:
    """Return the stories sharing any of `bands`, with the fingerprints of their articles."""
    async with db.sessions() as session:
        return await _candidates(session, bands)


async def _candidates(session: AsyncSession, bands: Iterable[str]) -> Candidates:
    found = Candidates()
    for chunk in _chunks(sorted(set(bands))):
        rows = await session.execute(
            select(StoryBand.band, StoryBand.story_id).where(StoryBand.band.in_(chunk))
        )
        for band, story_id in rows:
            found.stories_by_band.setdefault(band, set()).add(story_id)
    story_ids = sorted(set().union(*found.stories_by_band.values()))
    for chunk in _chunks(story_ids):
        prints = await session.execute(
            select(Article.story_id, Article.minhash, Article.word_count).where(
                Article.story_id.in_(chunk)
            )
        )
        for story_id, minhash, words in prints:
            found.articles.setdefault(story_id, []).append((list(minhash or []), words))
    return found


# Decides, from the stories stored by now, whether a new story joins one of them instead.
Rejoin = Callable[[Candidates, StoryWrite], StoryWrite]
# Every process creating stories takes this PostgreSQL lock first (any fixed number).
_CLUSTER_LOCK_KEY = 0x51_4C_43_4C


async def store_articles(
    db: Database,
    source_id: int,
    writes: Sequence[StoryWrite],
    *,
    now: datetime,
    etag: str | None,
    last_modified: str | None,
    rejoin: Rejoin | None = None,
) -> WriteResult:
    """Mark the source healthy and store its new articles, all in one transaction.

    Stories are matched before this (and summarised outside any transaction), so another
    source may have created the same story since: `rejoin` sees the stories stored by now,
    under a lock that keeps story creation one at a time, and may turn a new story into one
    that joins a stored story.
    """
    result = WriteResult()
    async with db.transaction() as session:
        # Write first: on SQLite this takes the write lock now rather than failing to
        # upgrade a stale read snapshot later.
        await session.execute(
            update(Source)
            .where(Source.id == source_id)
            .values(
                etag=etag, last_modified=last_modified, consecutive_failures=0, last_error=None,
                last_attempt_at=now, last_success_at=now, next_attempt_at=None,
                failure_notified=False,
            )
        )  # fmt: skip
        if rejoin is not None and any(w.story_id is None for w in writes):
            writes = await _rejoin(session, db.dialect, writes, rejoin)
        for write in writes:
            await _store_story(session, db.dialect, source_id, write, now, result)
    return result


async def _rejoin(
    session: AsyncSession, dialect: str, writes: Sequence[StoryWrite], rejoin: Rejoin
) -> list[StoryWrite]:
    """Let each new story join a story stored since it was planned, if it matches one."""
    if dialect == "postgresql":  # SQLite: the write above already holds the only write lock
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CLUSTER_LOCK_KEY})
    bands = [b for w in writes if w.story_id is None for a in w.articles for b in a.bands]
    candidates = await _candidates(session, bands)
    return [rejoin(candidates, w) if w.story_id is None else w for w in writes]


async def _store_story(
    session: AsyncSession,
    dialect: str,
    source_id: int,
    write: StoryWrite,
    now: datetime,
    result: WriteResult,
) -> None:
    """Store one story's new articles (creating the story if it is new)."""
    first, *others = write.articles
    if write.story_id is None:
        assert write.summary is not None, "a new story needs its summary"
        story = Story(
            quicklook=write.summary.quicklook,
            deep_look=write.summary.deep_look,
            facts=write.summary.facts,
            created_at=now,
            updated_at=now,
            published_at=first.published_at,
        )
        session.add(story)
        await session.flush()
    else:
        found = await session.get(Story, write.story_id)
        if found is None:  # gone meanwhile: these articles come back as new next pass
            log.info("story %s vanished; %d articles wait", write.story_id, len(write.articles))
            result.postponed += len(write.articles)
            return
        story = found
    first_id = await _insert_article(session, dialect, source_id, story.id, first, now)
    if first_id is None:
        result.duplicates += 1
        if write.story_id is None:
            # Its first article was stored by someone else meanwhile: the rest of the story
            # has no summary to start from, so it waits for the next pass.
            await session.delete(story)
            await session.flush()
            result.postponed += len(others)
            return
    else:
        result.new_articles += 1
        result.new_stories += write.story_id is None
        if write.summary is not None:
            _adopt(story, write.summary, first_id, now)
    for article in others:
        stored = await _insert_article(session, dialect, source_id, story.id, article, now)
        result.new_articles += stored is not None
        result.duplicates += stored is None
    dates = [a.published_at for a in write.articles if a.published_at is not None]
    if dates and (story.published_at is None or min(dates) < story.published_at):
        story.published_at = min(dates)
    bands = [band for article in write.articles for band in article.bands]
    await _add_bands(session, story.id, bands, new_story=write.story_id is None)


async def _insert_article(
    session: AsyncSession,
    dialect: str,
    source_id: int,
    story_id: int,
    article: NewArticle,
    now: datetime,
) -> int | None:
    """Insert one article and index its sentences; return its id, or None if already stored."""
    inserted = await session.execute(
        _insert(dialect)(Article)
        .values(
            source_id=source_id, story_id=story_id, url=article.url,
            canonical_url=article.canonical_url, guid=article.guid,
            content_hash=article.content_hash, minhash=article.minhash, title=article.title,
            author=article.author, language=article.language, text=article.text,
            word_count=article.word_count, published_at=article.published_at, fetched_at=now,
            full_text_pending=article.full_text_pending,
            full_text_attempts=article.full_text_attempts,
        )
        .on_conflict_do_nothing()
        .returning(Article.id)
    )  # fmt: skip
    article_id: int | None = inserted.scalar_one_or_none()
    if article_id is not None:
        await search.add_sentences(
            session, story_id=story_id, article_id=article_id, source_id=source_id,
            stored_at=now, published_at=article.published_at, sentences=article.sentences,
        )  # fmt: skip
    return article_id


def _adopt(story: Story, summary: StorySummary, article_id: int, now: datetime) -> None:
    """Let the article (the story's richest) speak for the story."""
    story.best_article_id = article_id
    story.quicklook = summary.quicklook
    story.deep_look = summary.deep_look
    story.facts = summary.facts
    story.updated_at = now


async def _add_bands(
    session: AsyncSession, story_id: int, bands: list[str], *, new_story: bool
) -> None:
    if not bands:
        return
    existing: set[str] = set()
    if not new_story:
        query = select(StoryBand.band).where(
            StoryBand.story_id == story_id, StoryBand.band.in_(bands)
        )
        existing = set((await session.execute(query)).scalars())
    rows = [{"story_id": story_id, "band": b} for b in dict.fromkeys(bands) if b not in existing]
    if rows:
        # Core executemany: no RETURNING round trips for rows we never read back.
        await session.execute(insert(StoryBand), rows)


@dataclass(frozen=True)
class SpeakingArticle:
    """The article that speaks for a story (its richest), to summarise it again."""

    story_id: int
    title: str
    text: str


async def speaking_articles(
    db: Database, *, since: datetime | None, after_story: int, limit: int
) -> list[SpeakingArticle]:
    """Return up to `limit` stories after id `after_story` (created since `since`), by id."""
    query = (
        select(Story.id, Article.title, Article.text)
        .join(Article, Article.id == Story.best_article_id)
        .where(Story.id > after_story)
        .order_by(Story.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(Story.created_at >= since)
    async with db.sessions() as session:
        rows = await session.execute(query)
        return [SpeakingArticle(story_id, title, text) for story_id, title, text in rows]


async def count_speaking_articles(db: Database, *, since: datetime | None) -> int:
    """Count the stories `speaking_articles` walks through."""
    query = select(func.count(Story.id)).where(Story.best_article_id.is_not(None))
    if since is not None:
        query = query.where(Story.created_at >= since)
    async with db.sessions() as session:
        return int((await session.execute(query)).scalar_one())


async def replace_summaries(
    db: Database, summaries: Sequence[tuple[int, StorySummary]], *, now: datetime
) -> None:
    """Store new summaries of stories (their articles are unchanged)."""
    async with db.transaction() as session:
        for story_id, summary in summaries:
            await session.execute(
                update(Story)
                .where(Story.id == story_id)
                .values(
                    quicklook=summary.quicklook,
                    deep_look=summary.deep_look,
                    facts=summary.facts,
                    updated_at=now,
                )
            )


async def pending_teasers(
    db: Database, source_id: int, *, before: datetime, limit: int
) -> list[PendingTeaser]:
    """Return the source's teasers stored before `before` and marked for another try."""
    richest = (
        select(Article.story_id, func.max(Article.word_count).label("words"))
        .group_by(Article.story_id)
        .subquery()
    )
    query = (
        select(
            Article.id, Article.story_id, Article.url, Article.title, Article.text,
            Article.full_text_attempts, richest.c.words,
        )
        .join(richest, richest.c.story_id == Article.story_id)
        .where(
            Article.source_id == source_id,
            Article.full_text_pending.is_(True),
            Article.fetched_at < before,
        )
        .order_by(Article.id)
        .limit(limit)
    )  # fmt: skip
    async with db.sessions() as session:
        rows = (await session.execute(query)).all()
    return [
        PendingTeaser(
            article_id=row.id,
            story_id=row.story_id,
            url=row.url or "",
            title=row.title,
            text=row.text,
            attempts=row.full_text_attempts,
            story_words=row.words or 0,
        )
        for row in rows
    ]


async def update_teasers(db: Database, updates: Sequence[TeaserUpdate], *, now: datetime) -> int:
    """Write what retrying stored teasers did; return how many got their full text."""
    completed = 0
    async with db.transaction() as session:
        for change in updates:
            values: dict[str, Any] = {
                "full_text_pending": change.pending,
                "full_text_attempts": change.attempts,
            }
            if change.text is not None:
                values.update(
                    text=change.text, word_count=change.word_count, minhash=change.minhash
                )
                completed += 1
            await session.execute(
                update(Article).where(Article.id == change.article_id).values(**values)
            )
            if change.text is None:
                continue
            story = await session.get(Story, change.story_id)
            if story is None:
                continue
            await search.remove_sentences(session, change.article_id)
            source_id, published_at = (
                await session.execute(
                    select(Article.source_id, Article.published_at).where(
                        Article.id == change.article_id
                    )
                )
            ).one()
            await search.add_sentences(
                session, story_id=story.id, article_id=change.article_id, source_id=source_id,
                stored_at=now, published_at=published_at, sentences=change.sentences,
            )  # fmt: skip
            if change.summary is not None:
                _adopt(story, change.summary, change.article_id, now)
            await _add_bands(session, story.id, change.bands, new_story=False)
    return completed
