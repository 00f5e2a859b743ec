"""Chat storage: subscribe, unsubscribe, schedule fields and mutes, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.delivery.schedule import rescheduler
from bot.storage import chats
from bot.storage.database import Database

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


async def subscribe(db: Database, chat_id: int = 5) -> tuple[chats.ChatView, bool]:
    return await chats.subscribe(
        db,
        chat_id=chat_id,
        chat_type="private",
        title="Ann",
        now=NOW,
        default_time="08:00",
        default_timezone="UTC",
        reschedule=rescheduler(NOW),
    )


async def test_subscribe_is_idempotent_and_schedules_the_next_digest(db: Database) -> None:
    chat, changed = await subscribe(db)
    assert changed and chat.active
    assert chat.next_due_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    again, changed = await subscribe(db)
    assert not changed and again.active
    assert await chats.count_chats(db) == (1, 1)


async def test_unsubscribe_keeps_settings_for_a_later_start(db: Database) -> None:
    await subscribe(db)
    await chats.set_bullets(db, 5, 8)
    assert await chats.unsubscribe(db, 5, now=NOW)
    assert not await chats.unsubscribe(db, 5, now=NOW)
    stopped = await chats.get_chat(db, 5)
    assert stopped is not None and not stopped.active and stopped.next_due_at is None
    assert await chats.count_chats(db) == (0, 1)
    back, changed = await subscribe(db)
    assert changed and back.bullets == 8 and back.next_due_at is not None


async def test_time_and_zone_changes_move_the_next_digest(db: Database) -> None:
    await subscribe(db)
    chat = await chats.set_delivery_time(db, 5, "18:30", reschedule=rescheduler(NOW))
    assert chat is not None and chat.next_due_at == datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    chat = await chats.set_timezone(db, 5, "Asia/Tokyo", reschedule=rescheduler(NOW))
    assert chat is not None and chat.timezone == "Asia/Tokyo"
    assert chat.next_due_at == datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


async def test_settings_of_an_unknown_chat_return_none(db: Database) -> None:
    assert await chats.set_delivery_time(db, 99, "07:00", reschedule=rescheduler(NOW)) is None
    assert await chats.set_timezone(db, 99, "UTC", reschedule=rescheduler(NOW)) is None
    assert await chats.set_bullets(db, 99, 3) is None
    assert await chats.toggle_muted(db, 99, "Wire") is None
    assert await chats.get_chat(db, 99) is None


async def test_toggle_muted_source(db: Database) -> None:
    await subscribe(db)
    assert await chats.toggle_muted(db, 5, "Wire") is True
    assert await chats.toggle_muted(db, 5, "Agency") is True
    assert await chats.muted_sources(db, 5) == ["Agency", "Wire"]
    assert await chats.toggle_muted(db, 5, "Wire") is False
    chat = await chats.get_chat(db, 5)
    assert chat is not None and chat.muted_sources == ["Agency"]


async def test_migrate_chat_moves_settings_and_mutes(db: Database) -> None:
    await subscribe(db, -5)
    await chats.toggle_muted(db, -5, "Wire")
    await chats.migrate_chat(db, -5, -1005)
    assert await chats.get_chat(db, -5) is None
    moved = await chats.get_chat(db, -1005)
    assert moved is not None and moved.active and moved.muted_sources == ["Wire"]


async def test_migrate_chat_moves_the_delivery_ledger(db: Database) -> None:
    from bot.storage.models import Delivery

    await subscribe(db, -6)
    async with db.transaction() as session:
        session.add(Delivery(chat_id=-6, edition="2026-11-24", status="sent"))
    await chats.migrate_chat(db, -6, -1006)
    async with db.transaction() as session:
        ledger = (await session.execute(select(Delivery.chat_id))).scalars().all()
    assert ledger == [-1006]


async def test_migrating_onto_a_subscribed_supergroup_retires_the_old_group(db: Database) -> None:
    await subscribe(db, -7)
    await subscribe(db, -1007)
    await chats.migrate_chat(db, -7, -1007)
    old = await chats.get_chat(db, -7)
    assert old is not None and not old.active
    new = await chats.get_chat(db, -1007)
    assert new is not None and new.active
