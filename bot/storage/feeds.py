"""Each chat's own feeds (sources of origin "user", one per feed URL) and keyword filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database
from bot.storage.models import Chat, ChatFeed, ChatFilter, MutedSource, Source
from bot.storage.sources import _insert

USER = "user"
NAME_LENGTH = 100
AddStatus = Literal["added", "already", "chat_limit", "total_limit", "no_chat"]


@dataclass(frozen=True)
class UserFeed:
    """A user feed as a chat sees it."""

    id: int
    name: str
    url: str
    failing: bool


@dataclass(frozen=True)
class Added:
    """What adding a feed to a chat did."""

    status: AddStatus
    name: str = ""
    source_id: int = 0


@dataclass(frozen=True)
class FilterTerm:
    """One filter term: include (+) or exclude (-) a word or exact phrase."""

    include: bool
    term: str


@dataclass(frozen=True)
class ChatProfile:
    """What shapes a chat's digest beyond the shared stories: mutes, own feeds, filters."""

    muted: frozenset[str] = frozenset()
    feeds: frozenset[int] = frozenset()
    filters: tuple[FilterTerm, ...] = ()
    max_stories: int | None = None


@dataclass(frozen=True)
class FeedStats:
    """User feeds for /stats: subscribed ones, those shared by several chats, failing ones."""

    total: int
    shared: int
    failing: int


@dataclass(frozen=True)
class FailingFeed:
    """A user feed that keeps failing and whose subscribers were not told yet."""

    id: int
    name: str
    error: str | None
    chat_ids: list[int] = field(default_factory=list)


def _subscribers() -> Select[int]:
    return select(ChatFeed.source_id).distinct()


async def _unique_name(session: AsyncSession, wanted: str, host: str) -> str:
    """Return a source name not taken yet: the feed's title, then with its host, then numbered."""
    base = " ".join(wanted.split())[: NAME_LENGTH - 40] or host
    candidates = [base, f"{base} · {host}"[:NAME_LENGTH]]
    candidates += [f"{base} · {n}" for n in range(2, 50)]
    taken = set(
        (await session.execute(select(Source.name).where(Source.name.in_(candidates)))).scalars()
    )
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    return f"{base} · {host}"[: NAME_LENGTH - 12] + f" · {len(taken)}"


async def add_chat_feed(
    db: Database,
    chat_id: int,
    *,
    feed_url: str,
    title: str,
    host: str,
    now: datetime,
    max_per_chat: int,
    max_total: int,
) -> Added:
    """Subscribe a chat to a feed, creating its source row once per URL; say what happened."""
    async with db.transaction() as session:
        if await session.get(Chat, chat_id) is None:
            return Added("no_chat")
        row = (
            await session.execute(select(Source).where(Source.feed_url == feed_url))
        ).scalar_one_or_none()
        if row is not None and await session.get(ChatFeed, (chat_id, row.id)) is not None:
            return Added("already", row.name, row.id)
        own = await session.scalar(
            select(func.count()).select_from(ChatFeed).where(ChatFeed.chat_id == chat_id)
        )
        if int(own or 0) >= max_per_chat:
            return Added("chat_limit")
        if row is None:
            total = await session.scalar(
                select(func.count(Source.id)).where(
                    Source.origin == USER, Source.id.in_(_subscribers())
                )
            )
            if int(total or 0) >= max_total:
                return Added("total_limit")
            name = await _unique_name(session, title, host)
            await session.execute(
                _insert(db.dialect)(Source)
                .values(
                    name=name, kind="feed", location=feed_url, feed_url=feed_url, title=title,
                    origin=USER, consecutive_failures=0,
                )
                .on_conflict_do_nothing()
            )  # fmt: skip
            row = (
                await session.execute(select(Source).where(Source.feed_url == feed_url))
            ).scalar_one()
        session.add(ChatFeed(chat_id=chat_id, source_id=row.id, added_at=now))
        return Added("added", row.name, row.id)


async def remove_chat_feed(db: Database, chat_id: int, source_id: int) -> str | None:
    """Unsubscribe a chat from one of its feeds; return the feed's name, None if it had none.

    The source row and its articles stay (history); nobody subscribing means no more fetches.
    """
    async with db.transaction() as session:
        link = await session.get(ChatFeed, (chat_id, source_id))
        if link is None:
            return None
        await session.delete(link)
        source = await session.get(Source, source_id)
        return source.name if source else ""


async def chat_feeds(db: Database, chat_id: int) -> list[UserFeed]:
    """Return the feeds a chat added, by name."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(Source.id, Source.name, Source.location, Source.consecutive_failures)
            .join(ChatFeed, ChatFeed.source_id == Source.id)
            .where(ChatFeed.chat_id == chat_id)
            .order_by(Source.name)
        )
        return [UserFeed(i, name, url, failures > 0) for i, name, url, failures in rows]


async def operator_source_names(db: Database) -> list[str]:
    """Return the names of the operator's stored sources, sorted."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(Source.name).where(Source.origin != USER).order_by(Source.name)
        )
        return list(rows.scalars())


async def subscribed_feeds(db: Database) -> list[tuple[str, str, datetime | None]]:
    """Return (name, URL, last attempt) of every user feed at least one chat subscribes to."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(Source.name, Source.location, Source.last_attempt_at)
            .where(Source.origin == USER, Source.id.in_(_subscribers()))
            .order_by(Source.id)
        )
        return [(name, url, at) for name, url, at in rows]


async def feed_stats(db: Database) -> FeedStats:
    """Count subscribed user feeds, those with several subscribers and the failing ones."""
    async with db.sessions() as session:
        counts = (
            select(ChatFeed.source_id, func.count().label("chats"))
            .group_by(ChatFeed.source_id)
            .subquery()
        )
        rows = (
            await session.execute(
                select(counts.c.chats, Source.consecutive_failures).join(
                    Source, Source.id == counts.c.source_id
                )
            )
        ).all()
    return FeedStats(
        total=len(rows),
        shared=sum(chats > 1 for chats, _ in rows),
        failing=sum(failures > 0 for _, failures in rows),
    )


async def failing_unnotified(db: Database, *, min_failures: int) -> list[FailingFeed]:
    """Return the subscribed user feeds failing `min_failures` times in a row, not yet told."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(Source.id, Source.name, Source.last_error, ChatFeed.chat_id)
            .join(ChatFeed, ChatFeed.source_id == Source.id)
            .where(
                Source.origin == USER,
                Source.consecutive_failures >= min_failures,
                Source.failure_notified.is_(False),
            )
            .order_by(Source.id, ChatFeed.chat_id)
        )
        found: dict[int, FailingFeed] = {}
        for source_id, name, error, chat_id in rows:
            found.setdefault(source_id, FailingFeed(source_id, name, error)).chat_ids.append(
                chat_id
            )
    return list(found.values())


async def mark_notified(db: Database, source_id: int) -> None:
    """Remember that a failing feed's subscribers were told (a success resets it)."""
    async with db.transaction() as session:
        source = await session.get(Source, source_id)
        if source is not None:
            source.failure_notified = True


# --- filters -----------------------------------------------------------------------------------


async def chat_filters(db: Database, chat_id: int) -> list[FilterTerm]:
    """Return a chat's filter terms: includes first, then excludes, each alphabetical."""
    async with db.sessions() as session:
        rows = await session.execute(
            select(ChatFilter.include, ChatFilter.term)
            .where(ChatFilter.chat_id == chat_id)
            .order_by(ChatFilter.include.desc(), ChatFilter.term)
        )
        return [FilterTerm(include, term) for include, term in rows]


async def add_filter(db: Database, chat_id: int, term: FilterTerm, *, limit: int) -> bool | None:
    """Add a term (replacing the opposite one); False when the chat has `limit` terms already."""
    async with db.transaction() as session:
        if await session.get(Chat, chat_id) is None:
            return None
        opposite = await session.get(ChatFilter, (chat_id, not term.include, term.term))
        if opposite is not None:
            await session.delete(opposite)
        elif await session.get(ChatFilter, (chat_id, term.include, term.term)) is None:
            count = await session.scalar(
                select(func.count()).select_from(ChatFilter).where(ChatFilter.chat_id == chat_id)
            )
            if int(count or 0) >= limit:
                return False
        else:
            return True
        session.add(ChatFilter(chat_id=chat_id, include=term.include, term=term.term))
        return True


async def clear_filters(db: Database, chat_id: int) -> int:
    """Remove every filter term of a chat; return how many there were."""
    async with db.transaction() as session:
        result = await session.execute(delete(ChatFilter).where(ChatFilter.chat_id == chat_id))
        return int(getattr(result, "rowcount", 0) or 0)


async def set_max_stories(db: Database, chat_id: int, count: int) -> bool:
    """Change how many stories the chat's digest holds; False if it never subscribed."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id, with_for_update=True)
        if chat is None:
            return False
        chat.max_stories = count
        return True


# --- profiles for digests ----------------------------------------------------------------------


async def chat_profile(db: Database, chat_id: int) -> ChatProfile:
    """Return one chat's mutes, own feeds, filters and stories per digest."""
    return (await chat_profiles(db, [chat_id])).get(chat_id, ChatProfile())


async def chat_profiles(
    db: Database, chat_ids: Sequence[int] | None = None
) -> dict[int, ChatProfile]:
    """Return the profile of each chat (every chat with one when `chat_ids` is None)."""
    muted: dict[int, set[str]] = {}
    feeds: dict[int, set[int]] = {}
    filters: dict[int, list[FilterTerm]] = {}
    sizes: dict[int, int] = {}
    async with db.sessions() as session:
        muted_query = select(MutedSource.chat_id, MutedSource.source_name)
        feeds_query = select(ChatFeed.chat_id, ChatFeed.source_id)
        if chat_ids is not None:
            muted_query = muted_query.where(MutedSource.chat_id.in_(list(chat_ids)))
            feeds_query = feeds_query.where(ChatFeed.chat_id.in_(list(chat_ids)))
        for chat_id, name in await session.execute(muted_query):
            muted.setdefault(chat_id, set()).add(name)
        for chat_id, source_id in await session.execute(feeds_query):
            feeds.setdefault(chat_id, set()).add(source_id)
        query_filters = select(ChatFilter.chat_id, ChatFilter.include, ChatFilter.term).order_by(
            ChatFilter.chat_id, ChatFilter.include.desc(), ChatFilter.term
        )
        query_sizes = select(Chat.id, Chat.max_stories).where(Chat.max_stories.is_not(None))
        if chat_ids is not None:
            query_filters = query_filters.where(ChatFilter.chat_id.in_(list(chat_ids)))
            query_sizes = query_sizes.where(Chat.id.in_(list(chat_ids)))
        for chat_id, include, term in await session.execute(query_filters):
            filters.setdefault(chat_id, []).append(FilterTerm(include, term))
        for chat_id, size in await session.execute(query_sizes):
            if size is not None:
                sizes[chat_id] = size
    return {
        chat_id: ChatProfile(
            muted=frozenset(muted.get(chat_id, ())),
            feeds=frozenset(feeds.get(chat_id, ())),
            filters=tuple(filters.get(chat_id, ())),
            max_stories=sizes.get(chat_id),
        )
        for chat_id in set(muted) | set(feeds) | set(filters) | set(sizes)
    }
