"""Scheduled digests with each chat's own feeds and filters, rendered once per combination."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery.service import deliver_due_digests
from bot.filters import parse_term
from bot.storage import feeds
from bot.storage.database import Database
from tests.deliverykit import FAST, add_chats, add_source, add_story, config, make_bot, mute
from tests.faultyapi import FaultyBotApi

pytestmark = pytest.mark.clock

NOW = datetime(2026, 11, 24, 8, 0, 30, tzinfo=UTC)


async def user_feed(db: Database, chat_ids: list[int], name: str) -> int:
    source_id = 0
    for chat_id in chat_ids:
        added = await feeds.add_chat_feed(
            db, chat_id, feed_url=f"https://{name}.example/feed", title=name, host="x",
            now=NOW, max_per_chat=50, max_total=5000,
        )  # fmt: skip
        source_id = added.source_id
    return source_id


async def test_each_chat_gets_its_own_feeds_filtered_rendered_once_per_combination(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    wire = await add_source(db, "wire")
    other = await add_source(db, "other")
    hour = timedelta(hours=1)
    await add_story(db, source_id=wire, created_at=NOW - hour, headline="Crypto market slides")
    await add_story(db, source_id=wire, created_at=NOW - 2 * hour, headline="Rain in the north")
    await add_story(db, source_id=other, created_at=NOW - 3 * hour, headline="Other outlet")
    await add_chats(db, range(1, 8), now=NOW)
    feed_a = await user_feed(db, [1, 2], "alpha")
    feed_b = await user_feed(db, [3], "beta")
    await add_story(db, source_id=feed_a, created_at=NOW - hour, headline="Alpha blog post")
    await add_story(db, source_id=feed_b, created_at=NOW - hour, headline="Beta blog post")
    await feeds.add_filter(db, 4, parse_term("-crypto"), limit=30)
    await mute(db, 5, "other")
    await feeds.set_max_stories(db, 7, 1)
    async with make_bot(fake_bot_api) as bot:
        report = await deliver_due_digests(bot, db, config(), now=NOW, tuning=FAST)
    assert report.sent == 7
    # {1, 2}, {3}, {4}, {5}, {6}, {7}: chats 1 and 2 share one render.
    assert report.renders == 6
    shown = {i: fake_bot_api.messages(i)[0].visible for i in range(1, 8)}
    assert shown[1] == shown[2] and "Alpha blog post" in shown[1]
    assert "Beta blog post" in shown[3] and "Alpha" not in shown[3]
    for chat_id in (4, 5, 6, 7):
        assert "blog post" not in shown[chat_id]
    assert "Crypto" not in shown[4] and "Rain in the north" in shown[4]
    assert "Other outlet" not in shown[5] and "Other outlet" in shown[6]
    assert shown[7].count("Crypto market slides") == 1 and "Rain" not in shown[7]
