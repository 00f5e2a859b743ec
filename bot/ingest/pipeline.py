"""One ingestion pass: every source fetched concurrently, each stored in its own transaction."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import httpx

from bot.clock import Clock
from bot.ingest.backoff import next_attempt
from bot.ingest.budget import FetchBudget
from bot.ingest.clustering import PlannedStory, plan_stories, rejoiner
from bot.ingest.fetch import make_http_client
from bot.ingest.models import IngestEvent, IngestReport, RawArticle, SourceError
from bot.ingest.prepare import (
    PreparedArticle,
    fingerprint_article,
    prepare_batch,
    summarize_article,
    summarize_batch,
)
from bot.ingest.readers import ReadContext, read_source
from bot.ingest.sanitize import clean_article, clean_error, cleaning_notes
from bot.ingest.teasers import complete, expand_teasers
from bot.ingest.urls import canonical_url
from bot.settings import AppConfig, FeedSource, SourceConfig
from bot.storage import articles as store
from bot.storage.articles import PendingTeaser, StoryWrite, TeaserUpdate
from bot.storage.database import Database
from bot.storage.feeds import subscribed_feeds
from bot.storage.sources import SourceState, ensure_source, finish_run, record_failure, start_run

__all__ = ["UnknownSourceError", "ingest_all", "make_http_client"]

log = logging.getLogger(__name__)
T = TypeVar("T")
_SOURCE_ERRORS = (SourceError, OSError)


class UnknownSourceError(ValueError):
    """`only` names no configured source."""


@dataclass(frozen=True)
class _Pass:
    db: Database
    config: AppConfig
    client: httpx.AsyncClient
    clock: Clock
    executor: Executor | None
    budget: FetchBudget  # per-host slots and time budgets, shared by every fetch of the pass
    # SQLite has one writer at a time; queueing writers here is far cheaper than letting
    # them sleep in SQLite's busy handler. PostgreSQL writers run in parallel.
    writes: asyncio.Lock | contextlib.nullcontext[None]

    async def off_loop(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run CPU-bound work in the executor (a thread by default) so the loop stays free."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(func, *args, **kwargs))

    def reading(self, state: SourceState) -> ReadContext:
        """The context a reader gets for a source in this pass."""
        return ReadContext(
            client=self.client,
            limits=self.config.ingest,
            budget=self.budget,
            base_dir=self.config.base_dir,
            etag=state.etag,
            last_modified=state.last_modified,
            executor=self.executor,
        )


async def ingest_all(
    db: Database,
    config: AppConfig,
    *,
    client: httpx.AsyncClient,
    clock: Clock,
    only: str | None = None,
    progress: Callable[[IngestEvent], None] | None = None,
    executor: Executor | None = None,
) -> IngestReport:
    """Ingest every enabled source once (or only the named one, ignoring its backoff)."""
    sources: list[SourceConfig] = [s for s in config.sources if s.enabled]
    if only is None:
        sources += await _due_user_feeds(db, config, now=clock())
    else:
        sources = [s for s in config.sources if s.name.casefold() == only.casefold()]
        if not sources:
            names = ", ".join(s.name for s in config.sources) or "(none configured)"
            raise UnknownSourceError(f"unknown source {only!r}; configured sources: {names}")
    started = clock()
    run_id = await start_run(db, now=started)
    limit = asyncio.Semaphore(config.ingest.concurrency)
    writes = asyncio.Lock() if db.dialect == "sqlite" else contextlib.nullcontext()
    job = _Pass(db, config, client, clock, executor, FetchBudget(config.fetch), writes)

    async def one(source: SourceConfig) -> IngestEvent:
        async with limit:
            event = await _ingest_source(job, source, force=only is not None)
        if progress is not None:
            progress(event)
        return event

    events = list(await asyncio.gather(*(one(s) for s in sources)))
    report = _report(events, started=started, finished=clock())
    await finish_run(
        db, run_id, now=report.finished_at, sources_ok=report.sources_ok,
        sources_failed=report.sources_failed, sources_skipped=report.sources_skipped,
        new_articles=report.new_articles, new_stories=report.new_stories,
    )  # fmt: skip
    return report


async def _due_user_feeds(db: Database, config: AppConfig, *, now: datetime) -> list[SourceConfig]:
    """Return the feeds chats added that are due: each URL once, however many chats share it.

    A feed nobody subscribes to any more is not returned (its row and articles stay).
    """
    due: list[SourceConfig] = []
    taken = {s.name for s in config.sources}
    for name, url, last_attempt in await subscribed_feeds(db):
        if name in taken or (last_attempt and now - last_attempt < config.feeds.min_interval):
            continue
        due.append(FeedSource(kind="feed", name=name, url=url))
    return due


def _report(events: list[IngestEvent], *, started: datetime, finished: datetime) -> IngestReport:
    return IngestReport(
        started_at=started,
        finished_at=finished,
        sources_ok=sum(e.status in ("ok", "not_modified") for e in events),
        sources_failed=sum(e.status == "failed" for e in events),
        sources_skipped=sum(e.status == "skipped" for e in events),
        new_articles=sum(e.new_articles for e in events),
        new_stories=sum(e.new_stories for e in events),
        failures=[(e.source, e.error or "failed") for e in events if e.status == "failed"],
        events=events,
    )


async def _ingest_source(job: _Pass, source: SourceConfig, *, force: bool) -> IngestEvent:
    """Ingest one source; any failure is recorded on the source and never raised."""
    location = job.config.location_of(source)
    async with job.writes:
        state = await ensure_source(job.db, name=source.name, kind=source.kind, location=location)
    now = job.clock()
    if not force and state.next_attempt_at is not None and state.next_attempt_at > now:
        return IngestEvent(
            source=source.name, status="skipped", next_attempt_at=state.next_attempt_at,
            error=f"backing off after {state.consecutive_failures} failures",
        )  # fmt: skip
    try:
        return await _fetch_and_store(job, source, state, now)
    except _SOURCE_ERRORS as exc:
        error = str(exc) or type(exc).__name__
    except Exception as exc:  # a bug or a database fault must not stop the other sources
        log.exception("ingesting source %r (%s) crashed", source.name, location)
        error = f"internal error: {type(exc).__name__}: {exc}"
    error = clean_error(error)  # one storable line in reports, however verbose the cause
    ingest = job.config.ingest
    failures = state.consecutive_failures + 1
    next_at = next_attempt(now, failures, interval=ingest.interval, max_backoff=ingest.max_backoff)
    async with job.writes:
        failures = await record_failure(
            job.db, state.id, now=now, error=error, next_attempt_at=next_at
        )
    log.warning(
        "source %r (%s) failed (%d in a row; next attempt %s): %s",
        source.name, location, failures, next_at.isoformat(timespec="seconds"), error,
    )  # fmt: skip
    return IngestEvent(source=source.name, status="failed", error=error, next_attempt_at=next_at)


async def _fetch_and_store(
    job: _Pass, source: SourceConfig, state: SourceState, now: datetime
) -> IngestEvent:
    context = job.reading(state)
    read = await read_source(source, context)
    location = job.config.location_of(source)
    for warning in read.warnings:
        log.warning("source %r (%s): %s", source.name, location, clean_error(warning))
    cleaned = await job.off_loop(_cleaned, read.articles, source.name, location)
    fresh = await _new_only(job, state.id, cleaned)
    if read.teasers:
        expanded = await expand_teasers(fresh, context, source=source.name)
        fresh = await job.off_loop(_cleaned, expanded, source.name, location)
    threshold = job.config.ingest.cluster_threshold
    batch = await job.off_loop(prepare_batch, fresh, threshold=threshold, source=source.name)
    prepared = await _unseen(job, batch)
    candidates = await store.candidate_stories(job.db, (b for p in prepared for b in p.bands))
    planned = plan_stories(prepared, candidates, threshold=threshold)
    writes = await _summarize(job, planned)
    async with job.writes:
        written = await store.store_articles(
            job.db, state.id, writes, now=now, etag=read.etag, last_modified=read.last_modified,
            rejoin=rejoiner(threshold),
        )  # fmt: skip
    if read.teasers:
        await _retry_teasers(job, source, state, context, stored_before=now)
    log.debug(
        "source %r: %d read, %d new, %d new stories, %d repeats%s",
        source.name, len(read.articles), written.new_articles, written.new_stories,
        written.duplicates + len(read.articles) - len(prepared),
        " (not modified)" if read.not_modified else "",
    )  # fmt: skip
    return IngestEvent(
        source=source.name,
        status="not_modified" if read.not_modified else "ok",
        new_articles=written.new_articles,
        new_stories=written.new_stories,
        duplicates=written.duplicates + len(read.articles) - len(prepared),
    )


def _cleaned(articles: list[RawArticle], source: str, location: str) -> list[RawArticle]:
    """Clean every article for storage, logging once per source what had to change."""
    cleaned: list[RawArticle] = []
    changed = 0
    notes: dict[str, None] = {}
    for raw in articles:
        clean = clean_article(raw)
        if clean != raw:
            found = cleaning_notes(raw, clean)
            changed += bool(found)
            notes.update(dict.fromkeys(found))
        cleaned.append(clean)
    if notes:
        log.warning(
            "source %r (%s): cleaned %d items: %s",
            source, location, changed, "; ".join(list(notes)[:6]),
        )  # fmt: skip
    return cleaned


async def _new_only(job: _Pass, source_id: int, articles: list[RawArticle]) -> list[RawArticle]:
    """Drop articles whose GUID is already stored (or, for an item without one, its link).

    An item with a GUID of its own is new even if its link is known: the entries of a live
    blog, or items that all link to a home page, are distinct articles.
    """
    keys = [(a.guid, None if a.guid else canonical_url(a.url)) for a in articles]
    known = await store.filter_known(job.db, source_id, keys)
    return [a for a, seen in zip(articles, known, strict=True) if not seen]


async def _unseen(job: _Pass, prepared: list[PreparedArticle]) -> list[PreparedArticle]:
    """Drop articles whose text is already stored (republished under a new GUID or URL)."""
    known = await store.known_hashes(job.db, [p.content_hash for p in prepared])
    kept: list[PreparedArticle] = []
    for p in prepared:
        if p.content_hash not in known:
            known.add(p.content_hash)
            kept.append(p)
    return kept


async def _summarize(job: _Pass, planned: list[PlannedStory]) -> list[StoryWrite]:
    """Summarize, off the event loop, each story's richest article where it speaks for it."""
    wanted = [story for story in planned if story.needs_summary]
    summaries = iter(await job.off_loop(summarize_batch, [s.richest.raw for s in wanted]))
    writes = []
    for story in planned:
        richest = story.richest
        ordered = [richest, *(a for a in story.articles if a is not richest)]
        writes.append(
            StoryWrite(
                articles=[a.to_store() for a in ordered],
                story_id=story.story_id,
                summary=next(summaries) if story.needs_summary else None,
            )
        )
    return writes


_RETRIES_PER_PASS = 50  # stored teasers retried per source and pass, oldest first


async def _retry_teasers(
    job: _Pass,
    source: SourceConfig,
    state: SourceState,
    context: ReadContext,
    *,
    stored_before: datetime,
) -> None:
    """Try again to complete the source's teasers, kept in earlier passes, that are pending.

    The source's new articles are stored by now: a fault here is logged, never its failure.
    """
    if not job.config.ingest.fetch_full_text:
        return
    try:
        await _complete_pending(job, source, state, context, stored_before=stored_before)
    except Exception:
        log.exception(
            "source %r (%s): retrying kept teasers failed",
            source.name, job.config.location_of(source),
        )  # fmt: skip


async def _complete_pending(
    job: _Pass,
    source: SourceConfig,
    state: SourceState,
    context: ReadContext,
    *,
    stored_before: datetime,
) -> None:
    pending = await store.pending_teasers(
        job.db, state.id, before=stored_before, limit=_RETRIES_PER_PASS
    )
    if not pending:
        return
    threshold = job.config.ingest.cluster_threshold
    tries = job.config.fetch.teaser_retries + 1

    async def retry(teaser: PendingTeaser) -> TeaserUpdate:
        raw = RawArticle(
            title=teaser.title, text=teaser.text, url=teaser.url,
            full_text_attempts=teaser.attempts,
        )  # fmt: skip
        done = clean_article(await complete(raw, context, source=source.name))
        attempts = done.full_text_attempts
        if done.text == raw.text:
            pending = done.full_text_pending and attempts < tries
            return TeaserUpdate(teaser.article_id, teaser.story_id, pending, attempts)
        prepared = await job.off_loop(fingerprint_article, done, threshold=threshold)
        richer = prepared.word_count > teaser.story_words
        summary = await job.off_loop(summarize_article, done) if richer else None
        return TeaserUpdate(
            teaser.article_id, teaser.story_id, False, attempts, text=done.text,
            word_count=prepared.word_count, minhash=prepared.signature, bands=prepared.bands,
            summary=summary, sentences=prepared.sentences,
        )  # fmt: skip

    updates = list(await asyncio.gather(*(retry(t) for t in pending)))
    async with job.writes:
        completed = await store.update_teasers(job.db, updates, now=job.clock())
    log.info(
        "source %r (%s): completed %d of %d teasers kept from earlier passes",
        source.name, job.config.location_of(source), completed, len(pending),
    )  # fmt: skip
