"""Delivery ticks against the fake Bot API on real SQLite and PostgreSQL, with injected faults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery import claims
from bot.delivery.service import DeliveryReport, DeliveryTuning, deliver_due_digests
from bot.storage.database import Database
from tests.deliverykit import (
    FAST,
    add_chats,
    add_source,
    add_story,
    chat,
    config,
    digests_per_chat,
    ledger,
    make_bot,
    mute,
)
from tests.faultyapi import FaultyBotApi

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 11, 24, 8, 0, 30, tzinfo=UTC)


async def _tick(
    fake: FaultyBotApi, db: Database, *, now: datetime = NOW, **kwargs: object
) -> DeliveryReport:
    cfg = kwargs.pop("cfg", None) or config()
    tuning = kwargs.pop("tuning", FAST)
    async with make_bot(fake) as bot:
        return await deliver_due_digests(bot, db, cfg, now=now, tuning=tuning, **kwargs)  # type: ignore[arg-type]


async def _stories(
    db: Database, count: int = 3, *, source: str = "wire", long: bool = False
) -> list[int]:
    """Add `count` stories an hour apart; `long` ones make a digest of several messages."""
    source_id = await add_source(db, source)
    return [
        await add_story(db, source_id=source_id, created_at=NOW - timedelta(hours=i + 1), long=long)
        for i in range(count)
    ]


async def test_each_due_chat_gets_exactly_one_digest(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    ids = list(range(1, 21))
    await add_chats(db, ids, now=NOW)
    report = await _tick(fake_bot_api, db)
    assert report.sent == 20 and report.failed == 0
    assert digests_per_chat(fake_bot_api, ids) == dict.fromkeys(ids, 1)
    rows = await ledger(db)
    assert {(r.chat_id, r.status) for r in rows} == {(i, "sent") for i in ids}
    assert all(r.messages_sent == r.messages_total == 1 and len(r.story_ids) == 3 for r in rows)
    # Again, and forced: today's edition is in the ledger, so nothing more goes out.
    again = await _tick(fake_bot_api, db, now=NOW + timedelta(minutes=1))
    forced = await _tick(fake_bot_api, db, now=NOW + timedelta(minutes=2), force=True)
    assert again.sent == forced.sent == 0
    assert digests_per_chat(fake_bot_api, ids) == dict.fromkeys(ids, 1)
    # One render for 20 chats with the same stories and settings.
    assert report.renders == 1


async def test_next_day_holds_only_new_stories(db: Database, fake_bot_api: FaultyBotApi) -> None:
    first = await _stories(db, 2)
    await add_chats(db, [7], now=NOW)
    await _tick(fake_bot_api, db)
    source_id = await add_source(db, "later")
    newer = await add_story(db, source_id=source_id, created_at=NOW + timedelta(hours=5))
    report = await _tick(fake_bot_api, db, now=NOW + timedelta(days=1))
    assert report.sent == 1
    rows = await ledger(db)
    assert [r.edition for r in rows] == ["2026-11-24", "2026-11-25"]
    assert sorted(rows[0].story_ids) == sorted(first) and rows[1].story_ids == [newer]


async def test_muted_sources_never_appear(db: Database, fake_bot_api: FaultyBotApi) -> None:
    muted_ids = await _stories(db, 2, source="tabloid")
    kept = await _stories(db, 2, source="wire")
    await add_chats(db, [1, 2], now=NOW)
    await mute(db, 1, "tabloid")
    await _tick(fake_bot_api, db)
    rows = {r.chat_id: r for r in await ledger(db)}
    assert sorted(rows[1].story_ids) == sorted(kept)
    assert sorted(rows[2].story_ids) == sorted(kept + muted_ids)
    text = fake_bot_api.messages(1)[0].visible
    for story_id in muted_ids:
        assert f"story {story_id} " not in text


async def test_no_new_stories_sends_nothing_but_records_the_edition(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await add_chats(db, [1], now=NOW)
    report = await _tick(fake_bot_api, db)
    assert report.empty == 1 and report.messages == 0
    assert fake_bot_api.messages(1) == []
    assert [(r.status, r.edition) for r in await ledger(db)] == [("empty", "2026-11-24")]
    assert (await _tick(fake_bot_api, db, force=True)).empty == 0


async def test_send_empty_sends_the_notice_once(db: Database, fake_bot_api: FaultyBotApi) -> None:
    await add_chats(db, [1], now=NOW)
    await _tick(fake_bot_api, db, cfg=config(send_empty=True))
    await _tick(fake_bot_api, db, cfg=config(send_empty=True), force=True)
    assert [m.visible for m in fake_bot_api.messages(1)] == ["Nothing new since your last digest."]


async def test_blocked_chats_are_deactivated_and_others_served(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    ids = list(range(1, 11))
    await add_chats(db, ids, now=NOW)
    fake_bot_api.block_chat(3)
    fake_bot_api.block_chat(8)
    report = await _tick(fake_bot_api, db)
    assert report.deactivated == 2 and report.sent == 8
    counts = digests_per_chat(fake_bot_api, ids)
    assert counts == {i: 0 if i in (3, 8) else 1 for i in ids}
    blocked = await chat(db, 3)
    assert blocked is not None and not blocked.active
    assert "blocked" in (blocked.deactivated_reason or "")
    # Exactly one attempt: a 403 is never retried.
    assert (
        sum(1 for c in fake_bot_api.calls_to("sendMessage") if c.params["chat_id"] in ("3", 3)) == 1
    )
    assert (await _tick(fake_bot_api, db, now=NOW + timedelta(days=1))).deactivated == 0


async def test_throttling_5xx_and_dropped_connections_still_deliver_once(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    ids = list(range(1, 21))
    await add_chats(db, ids, now=NOW)
    fake_bot_api.throttle_every(9, retry_after=1)
    fake_bot_api.fail_next(3, status=502)
    fake_bot_api.drop_next(2)
    report = await _tick(fake_bot_api, db)
    assert report.sent == 20 and report.failed == 0
    assert sum(1 for c in fake_bot_api.calls_to("sendMessage") if c.status == 429) >= 2
    assert digests_per_chat(fake_bot_api, ids) == dict.fromkeys(ids, 1)


async def test_persistent_5xx_fails_then_retries_on_a_later_tick(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    await add_chats(db, [1], now=NOW)
    fake_bot_api.fail_next(100, status=500)
    report = await _tick(fake_bot_api, db, cfg=config(max_attempts=3))
    assert report.failed == 1 and fake_bot_api.messages(1) == []
    assert len(fake_bot_api.calls_to("sendMessage")) == 3
    (row,) = await ledger(db)
    assert row.status == "failed" and row.attempts == 3
    fake_bot_api.reset_faults()
    later = await _tick(fake_bot_api, db, now=NOW + timedelta(minutes=10))
    assert later.sent == 1 and later.resumed == 1
    assert digests_per_chat(fake_bot_api, [1]) == {1: 1}


async def test_failed_edition_is_not_retried_after_the_grace_window(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    await add_chats(db, [1], now=NOW)
    fake_bot_api.fail_next(100)
    await _tick(fake_bot_api, db, cfg=config(max_attempts=2))
    fake_bot_api.reset_faults()
    late = await _tick(fake_bot_api, db, now=NOW + timedelta(hours=7))
    assert late.sent == 0 and fake_bot_api.messages(1) == []


async def test_bad_request_skips_the_message_without_retrying(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    from bot.botapi.fake import ApiError

    await _stories(db)
    await add_chats(db, [1, 2], now=NOW)

    def refuse(method: str, params: dict[str, object]) -> ApiError | None:
        if str(params.get("chat_id")) == "2":
            return ApiError(400, "Bad Request: can't parse entities")
        return None

    fake_bot_api.add_rule(refuse)
    report = await _tick(fake_bot_api, db)
    assert report.sent == 1 and report.skipped == 1
    assert (
        sum(1 for c in fake_bot_api.calls_to("sendMessage") if str(c.params["chat_id"]) == "2") == 1
    )
    rows = {r.chat_id: r for r in await ledger(db)}
    assert rows[2].status == "skipped" and "can't parse" in (rows[2].error or "").lower()
    assert (await _tick(fake_bot_api, db, now=NOW + timedelta(minutes=10))).skipped == 0


async def test_group_migrated_to_supergroup_is_moved_and_served(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    await add_chats(db, [-100], now=NOW, chat_type="group")
    await mute(db, -100, "tabloid")
    fake_bot_api.migrate_chat(-100, -1001234)
    report = await _tick(fake_bot_api, db)
    assert report.migrated == 1 and report.sent == 1
    assert digests_per_chat(fake_bot_api, [-100, -1001234]) == {-100: 0, -1001234: 1}
    assert await chat(db, -100) is None
    moved = await chat(db, -1001234)
    assert moved is not None and moved.active and moved.type == "supergroup"
    (row,) = await ledger(db)
    assert row.chat_id == -1001234 and row.status == "sent"
    assert (await _tick(fake_bot_api, db, force=True)).sent == 0


async def test_missed_deliveries_outside_grace_are_recorded_not_sent(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    await add_chats(db, [1], now=NOW)
    report = await _tick(fake_bot_api, db, now=NOW + timedelta(hours=7))
    assert report.missed == 1 and fake_bot_api.messages(1) == []
    (row,) = await ledger(db)
    assert row.status == "missed"
    row_chat = await chat(db, 1)
    assert row_chat is not None
    assert row_chat.next_due_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


async def test_late_start_within_grace_catches_up_once(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    ids = [1, 2, 3]
    await add_chats(db, ids, now=NOW)
    report = await _tick(fake_bot_api, db, now=NOW + timedelta(hours=5))
    assert report.sent == 3
    await _tick(fake_bot_api, db, now=NOW + timedelta(hours=5, minutes=1))
    assert digests_per_chat(fake_bot_api, ids) == dict.fromkeys(ids, 1)


async def test_split_digest_resumes_with_the_remaining_parts(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db, 8, long=True)
    await add_chats(db, [1], now=NOW)
    # A dead worker on this host sent part 1 and died: the resumed delivery sends the rest only.
    async with db.transaction() as session:
        claim = await claims.claim_due(
            session, now=NOW, worker="ghost", limit=10, grace=timedelta(hours=6)
        )
    (job,) = claim.jobs
    report = await _tick(
        fake_bot_api,
        db,
        now=NOW + timedelta(minutes=11),
        tuning=DeliveryTuning(lease=timedelta(minutes=10)),
        cfg=config(split=True),
    )
    assert report.resumed == 1 and report.sent == 1
    total = len(fake_bot_api.messages(1))
    assert total >= 2
    (row,) = await ledger(db)
    assert row.messages_sent == row.messages_total == total and row.status == "sent"
    assert job.delivery_id == row.id


@pytest.mark.parametrize("parts_done", [1])
async def test_resume_skips_parts_already_recorded(
    db: Database, fake_bot_api: FaultyBotApi, parts_done: int
) -> None:
    await _stories(db, 8, long=True)
    await add_chats(db, [1], now=NOW)
    first = await _tick(fake_bot_api, db, cfg=config(split=True))
    full = [m.text for m in fake_bot_api.messages(1)]
    assert first.sent == 1 and len(full) >= 2
    # Pretend a worker died after `parts_done` parts: rewind the row and drop the later messages.
    async with db.transaction() as session:
        from sqlalchemy import update

        from bot.storage.models import Chat, Delivery

        await session.execute(
            update(Delivery).values(
                status="sending", messages_sent=parts_done, worker="ghost", claimed_at=NOW
            )
        )
        await session.execute(update(Chat).values(last_digest_at=None))
    fake_bot_api.chats[1] = fake_bot_api.chats[1][:parts_done]
    report = await _tick(fake_bot_api, db, cfg=config(split=True), now=NOW + timedelta(minutes=20))
    assert report.resumed == 1
    assert [m.text for m in fake_bot_api.messages(1)] == full


async def test_a_chat_with_a_broken_zone_is_repaired_not_stalling_the_tick(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    from sqlalchemy import update

    from bot.storage.models import Chat

    await _stories(db)
    await add_chats(db, [1, 2], now=NOW)
    async with db.transaction() as session:
        await session.execute(
            update(Chat).where(Chat.id == 1).values(timezone="Mars/Olympus", deliver_time="8am")
        )
    report = await _tick(fake_bot_api, db)
    assert report.sent == 2
    repaired = await chat(db, 1)
    assert repaired is not None and (repaired.timezone, repaired.deliver_time) == ("UTC", "08:00")


async def test_an_active_chat_without_a_schedule_gets_one(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    from sqlalchemy import update

    from bot.storage.models import Chat

    await _stories(db)
    await add_chats(db, [1], now=NOW)
    async with db.transaction() as session:
        await session.execute(update(Chat).values(next_due_at=None))
    report = await _tick(fake_bot_api, db)
    assert report.sent == 0 and fake_bot_api.messages(1) == []
    scheduled = await chat(db, 1)
    assert scheduled is not None
    assert scheduled.next_due_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    await _stories(db, 1, source="later")  # an older story; the next one is in the window
    source_id = await add_source(db, "evening")
    await add_story(db, source_id=source_id, created_at=NOW + timedelta(hours=10))
    assert (await _tick(fake_bot_api, db, now=NOW + timedelta(days=1))).sent == 1


async def test_slow_telegram_still_delivers_each_digest_once(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    await _stories(db)
    ids = list(range(1, 13))
    await add_chats(db, ids, now=NOW)
    fake_bot_api.set_delay(0.3)
    fake_bot_api.block_chat(5)
    report = await _tick(fake_bot_api, db)
    assert report.sent == 11 and report.deactivated == 1 and report.failed == 0
    assert digests_per_chat(fake_bot_api, ids) == {i: 0 if i == 5 else 1 for i in ids}


async def test_a_story_also_reported_by_a_muted_source_shows_no_link_to_it(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    from sqlalchemy import update

    from bot.storage.models import Article

    wire = await add_source(db, "wire")
    tabloid = await add_source(db, "tabloid")
    shared = await add_story(db, source_id=tabloid, created_at=NOW - timedelta(hours=2))
    other = await add_story(db, source_id=wire, created_at=NOW - timedelta(hours=1))
    async with db.transaction() as session:
        # Move the wire article onto the shared story: it is now reported by both sources.
        await session.execute(
            update(Article).where(Article.story_id == other).values(story_id=shared)
        )
    await add_chats(db, [1, 2], now=NOW)
    await mute(db, 1, "tabloid")
    report = await _tick(fake_bot_api, db)
    assert report.sent == 2 and report.renders == 2
    muted_view = fake_bot_api.messages(1)[0]
    plain_view = fake_bot_api.messages(2)[0]
    urls = lambda m: {b.get("url") for row in m.buttons() for b in row}  # noqa: E731
    async with db.sessions() as session:
        from sqlalchemy import select

        tabloid_url = await session.scalar(
            select(Article.url).where(Article.story_id == shared, Article.source_id == tabloid)
        )
    assert tabloid_url in urls(plain_view) and tabloid_url not in urls(muted_view)
    assert len(urls(muted_view) - {None}) == 1  # the wire link is still there


async def test_claiming_keeps_pace_with_sending(db: Database, fake_bot_api: FaultyBotApi) -> None:
    # A tick claims another batch only while few claimed chats wait for their first message,
    # so processes sharing a database share the backlog instead of the first one taking it all.
    await _stories(db)
    ids = list(range(1, 31))
    await add_chats(db, ids, now=NOW)
    fake_bot_api.faults.delay = 0.01
    waiting: list[int] = []
    counts = {"claimed": 0, "done": 0}

    def progress(*, claimed: int = 0, done: int = 0, **_: object) -> None:
        counts["claimed"] += claimed
        counts["done"] += done
        if claimed:
            waiting.append(counts["claimed"] - counts["done"])

    tuning = DeliveryTuning(batch_size=2, http_slots=2, claim_ahead=4)
    report = await _tick(fake_bot_api, db, tuning=tuning, progress=progress)
    assert report.sent == 30
    assert digests_per_chat(fake_bot_api, ids) == dict.fromkeys(ids, 1)
    # At most `claim_ahead` - 1 waiting when a batch is claimed, plus that batch.
    assert len(waiting) == 15 and max(waiting) <= 3 + 2


async def test_split_digests_keep_their_tasks_while_claiming_waits(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    # Chats between two parts do not hold up claiming (their first message went), and a small
    # claim_ahead never stalls a tick.
    await _stories(db, 8, long=True)
    ids = list(range(1, 7))
    await add_chats(db, ids, now=NOW)
    tuning = DeliveryTuning(batch_size=1, http_slots=2, claim_ahead=1)
    report = await _tick(fake_bot_api, db, tuning=tuning, cfg=config(split=True))
    assert report.sent == 6
    assert all(len(fake_bot_api.messages(i)) >= 2 for i in ids)
