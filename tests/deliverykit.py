"""Shared builders for the delivery tests: chats, stories, a PTB Bot aimed at the fake API."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery.schedule import latest_due_at
from bot.delivery.service import DeliveryTuning
from bot.settings import AppConfig, DeliveryConfig, DigestConfig
from bot.storage.database import Database
from bot.storage.models import Article, Chat, Delivery, MutedSource, Source, Story
from summarizers import QuickLook
from tests.faultyapi import FaultyBotApi

_ids = itertools.count(1)

# Fast, deterministic knobs: tiny backoff so retries do not slow the suite.
FAST = DeliveryTuning(batch_size=7, backoff_base=0.01, backoff_max=0.05, http_slots=3)


def config(*, split: bool = False, **delivery: Any) -> AppConfig:
    """Return an AppConfig with fast limits unless overridden; `split` sends long digests whole."""
    settings: dict[str, Any] = {"global_rate": 1000.0, "per_chat_rate": 200.0}
    settings.update(delivery)
    return AppConfig(delivery=DeliveryConfig(**settings), digest=DigestConfig(split=split))


def make_bot(fake: FaultyBotApi, *, pool: int = 32) -> Bot:
    """Return a PTB Bot that talks to the fake Bot API over HTTP."""
    return Bot(
        fake.token,
        base_url=fake.base_url,
        request=HTTPXRequest(connection_pool_size=pool, read_timeout=5.0, connect_timeout=5.0),
    )


async def add_source(db: Database, name: str) -> int:
    """Insert a source and return its id."""
    async with db.transaction() as session:
        source = Source(name=name, kind="feed", location=f"https://{name}.example/feed")
        session.add(source)
        await session.flush()
        return source.id


async def add_story(
    db: Database,
    *,
    source_id: int,
    created_at: datetime,
    headline: str | None = None,
    bullets: int = 5,
    long: bool = False,
) -> int:
    """Insert a story with one article from `source_id`; `long` makes its bullets wordy."""
    n = next(_ids)
    title = headline or f"Story number {n} happened today"
    filler = " with many further details reported by several witnesses" * (6 if long else 0)
    quicklook = QuickLook(
        headline=title,
        lede=f"The lede of story {n} says what happened and why it matters.{filler}",
        bullets=[f"Fact {i} of story {n} is short.{filler}" for i in range(1, bullets + 1)],
    )
    async with db.transaction() as session:
        story = Story(
            quicklook=quicklook,
            deep_look=[],
            facts=[],
            created_at=created_at,
            updated_at=created_at,
            published_at=created_at,
        )
        session.add(story)
        await session.flush()
        session.add(
            Article(
                source_id=source_id,
                story_id=story.id,
                url=f"https://news.example/{n}",
                canonical_url=f"https://news.example/{n}",
                guid=str(n),
                content_hash=f"{n:064d}",
                title=title,
                text="Body.",
                fetched_at=created_at,
            )
        )
        return story.id


async def add_chats(
    db: Database,
    ids: Iterable[int],
    *,
    now: datetime,
    deliver_time: str = "08:00",
    timezone: str = "UTC",
    chat_type: str = "private",
    subscribed_at: datetime | None = None,
    last_digest_at: datetime | None = None,
    due: datetime | None = None,
) -> None:
    """Subscribe chats due at their latest delivery time up to `now` (or at `due`)."""
    subscribed = subscribed_at or now - timedelta(days=3)
    async with db.transaction() as session:
        for chat_id in ids:
            session.add(
                Chat(
                    id=chat_id,
                    type=chat_type,
                    active=True,
                    deliver_time=deliver_time,
                    timezone=timezone,
                    subscribed_at=subscribed,
                    next_due_at=due or latest_due_at(now, deliver_time, timezone),
                    last_digest_at=last_digest_at,
                )
            )


async def mute(db: Database, chat_id: int, source: str) -> None:
    """Mute a source for a chat."""
    async with db.transaction() as session:
        session.add(MutedSource(chat_id=chat_id, source_name=source))


async def ledger(db: Database) -> list[Delivery]:
    """Return every ledger row."""
    from sqlalchemy import select

    async with db.sessions() as session:
        return list((await session.scalars(select(Delivery).order_by(Delivery.id))).all())


async def chat(db: Database, chat_id: int) -> Chat | None:
    """Return one chat row."""
    async with db.sessions() as session:
        return await session.get(Chat, chat_id)


def digests_per_chat(fake: FaultyBotApi, ids: Iterable[int]) -> dict[int, int]:
    """Count digests (messages starting with the digest header) each chat received."""
    return {
        chat_id: sum(1 for m in fake.messages(chat_id) if m.visible.startswith("Quick Looks"))
        for chat_id in ids
    }


UTC_NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
