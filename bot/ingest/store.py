"""Write ingested articles: dedupe against the store, cluster into stories, keep source state.

Inserts are race-safe: the article row is inserted with ON CONFLICT DO NOTHING, so a second
process ingesting the same article at the same moment sees a duplicate, not an IntegrityError.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ingest import fingerprint
from bot.ingest.backoff import next_attempt
from bot.ingest.prepare import PreparedArticle, summarize_article
from bot.storage.database import Database
from bot.storage.models import Article, IngestRun, Source, Story, StoryBand

_CHUNK = 400  # keep IN (...) lists well below every backend's parameter limit


@dataclass(frozen=True)
class SourceState:
    """The stored fetch state of one source."""

    id: int
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    next_attempt_at: datetime | None


@dataclass
class WriteResult:
    """What storing one source's articles did."""

    new_articles: int = 0
    new_stories: int = 0
    duplicates: int = 0


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


async def ensure_source(db: Database, *, name: str, kind: str, location: str) -> SourceState:
    """Return the source's row, creating it (race-safely) or updating its kind and location."""
    async with db.transaction() as session:
        await session.execute(
            _insert(db.dialect)(Source)
            .values(name=name, kind=kind, location=location, consecutive_failures=0)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        row = (await session.execute(select(Source).where(Source.name == name))).scalar_one()
        if (row.kind, row.location) != (kind, location):
            # A changed URL is a new resource: forget the old validators and failures.
            row.kind, row.location = kind, location
            row.etag = row.last_modified = None
            row.consecutive_failures, row.next_attempt_at = 0, None
        return SourceState(
            row.id, row.etag, row.last_modified, row.consecutive_failures, row.next_attempt_at
        )


async def record_failure(
    db: Database,
    source_id: int,
    *,
    now: datetime,
    error: str,
    interval: timedelta,
    max_backoff: timedelta,
) -> tuple[int, datetime]:
    """Count a failure and schedule the next attempt; return (failures, next attempt)."""
    async with db.transaction() as session:
        row = await session.get_one(Source, source_id, with_for_update=db.dialect != "sqlite")
        row.consecutive_failures += 1
        row.last_error = error[:1000]
        row.last_attempt_at = now
        row.next_attempt_at = next_attempt(
            now, row.consecutive_failures, interval=interval, max_backoff=max_backoff
        )
        return row.consecutive_failures, row.next_attempt_at


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


async def needs_summary(
    db: Database, articles: list[PreparedArticle], threshold: float
) -> list[bool]:
    """Say which articles need a Quick Looks: those starting a story or richer than theirs."""
    needed = []
    async with db.sessions() as session:
        for article in articles:
            match = await _find_story(session, article, threshold)
            needed.append(match is None or article.word_count > match[1])
    return needed


async def store_articles(
    db: Database,
    source_id: int,
    articles: list[PreparedArticle],
    *,
    now: datetime,
    threshold: float,
    etag: str | None,
    last_modified: str | None,
) -> WriteResult:
    """Mark the source healthy and store its new articles, all in one transaction."""
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
            )
        )  # fmt: skip
        for article in articles:
            outcome = await _store_one(session, db.dialect, source_id, article, now, threshold)
            if outcome is None:
                result.duplicates += 1
                continue
            result.new_articles += 1
            result.new_stories += outcome
    return result


async def _store_one(
    session: AsyncSession,
    dialect: str,
    source_id: int,
    article: PreparedArticle,
    now: datetime,
    threshold: float,
) -> int | None:
    """Store one article; return 1 if it started a story, 0 if it joined one, None if a repeat."""
    raw = article.raw
    match = await _find_story(session, article, threshold)
    story = match[0] if match else None
    created = story is None
    if story is None:
        if article.summary is None:
            # Only if the story it was to join vanished meanwhile (a rare race): summarize here.
            article = replace(article, summary=summarize_article(article.raw))
        assert article.summary is not None
        story = Story(
            headline=article.summary.quicklook["headline"],
            quicklook=article.summary.quicklook,
            deep_look=article.summary.deep_look,
            facts=article.summary.facts,
            created_at=now,
            updated_at=now,
            published_at=raw.published_at,
        )
        session.add(story)
        await session.flush()
    inserted = await session.execute(
        _insert(dialect)(Article)
        .values(
            source_id=source_id, story_id=story.id, url=raw.url,
            canonical_url=article.canonical_url, guid=raw.guid, content_hash=article.content_hash,
            minhash=article.signature, title=raw.title, author=raw.author, language=raw.language,
            text=raw.text, word_count=article.word_count, published_at=raw.published_at,
            fetched_at=now,
        )
        .on_conflict_do_nothing()
        .returning(Article.id)
    )  # fmt: skip
    article_id = inserted.scalar_one_or_none()
    if article_id is None:
        if created:
            await session.delete(story)
            await session.flush()
        return None
    if created or (match is not None and article.word_count > match[1]):
        _adopt_summary(story, article, article_id, now)
    if raw.published_at and (story.published_at is None or raw.published_at < story.published_at):
        story.published_at = raw.published_at
    await _add_bands(session, story.id, article.bands, new_story=created)
    return 1 if created else 0


def _adopt_summary(story: Story, article: PreparedArticle, article_id: int, now: datetime) -> None:
    # The richest article (longest clean text) speaks for the story.
    if article.summary is None:
        return
    story.best_article_id = article_id
    story.headline = article.summary.quicklook["headline"]
    story.quicklook = article.summary.quicklook
    story.deep_look = article.summary.deep_look
    story.facts = article.summary.facts
    story.updated_at = now


async def _find_story(
    session: AsyncSession, article: PreparedArticle, threshold: float
) -> tuple[Story, int] | None:
    """Return the most similar story at or above the threshold, with its richest word count."""
    if not article.bands:
        return None
    candidates = (
        (
            await session.execute(
                select(StoryBand.story_id).where(StoryBand.band.in_(article.bands)).distinct()
            )
        )
        .scalars()
        .all()
    )
    if not candidates:
        return None
    rows = await session.execute(
        select(Article.story_id, Article.minhash, Article.word_count).where(
            Article.story_id.in_(candidates[:_CHUNK])
        )
    )
    best: dict[int, tuple[float, int]] = {}
    for story_id, minhash, words in rows:
        score = fingerprint.similarity(article.signature, list(minhash or []))
        old_score, old_words = best.get(story_id, (0.0, 0))
        best[story_id] = (max(score, old_score), max(words, old_words))
    story_id, (score, richest) = max(best.items(), key=lambda kv: (kv[1][0], -kv[0]))
    if score < threshold:
        return None
    story = await session.get_one(Story, story_id)
    return story, richest


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


async def start_run(db: Database, *, now: datetime) -> int:
    """Record the start of an ingestion pass and return its id."""
    async with db.transaction() as session:
        run = IngestRun(started_at=now)
        session.add(run)
        await session.flush()
        return run.id


async def finish_run(db: Database, run_id: int, *, now: datetime, **counts: int) -> None:
    """Record the end of an ingestion pass and its counts."""
    async with db.transaction() as session:
        await session.execute(
            update(IngestRun).where(IngestRun.id == run_id).values(finished_at=now, **counts)
        )
