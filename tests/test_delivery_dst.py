"""Ticks on a fixed clock across DST changes: exactly one digest per local day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery.schedule import next_due_at
from bot.delivery.service import deliver_due_digests
from bot.storage.database import Database
from tests.deliverykit import (
    FAST,
    add_chats,
    add_source,
    add_story,
    config,
    ledger,
    make_bot,
)
from tests.faultyapi import FaultyBotApi

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock


async def _run_ticks(
    fake: FaultyBotApi, db: Database, start: datetime, end: datetime, step: timedelta
) -> list[tuple[datetime, int]]:
    """Tick every `step` from start to end; return (tick time, messages sent) for busy ticks.

    The first tick at or after a due instant delivers it (NY 07:15 UTC goes out at 07:30).
    """
    busy = []
    source_id = await add_source(db, "wire")
    async with make_bot(fake) as bot:
        at = start
        while at <= end:
            # A fresh story every hour so each digest has something to say.
            if at.minute == 0:
                await add_story(db, source_id=source_id, created_at=at - timedelta(minutes=1))
            report = await deliver_due_digests(bot, db, config(), now=at, tuning=FAST)
            if report.messages:
                busy.append((at, report.messages))
            at += step
    return busy


@pytest.mark.parametrize(
    ("zone", "clock", "start", "expected_utc"),
    [
        # Spring forward: 02:30 does not exist on 29 March in Berlin; delivered at 03:30 CEST.
        ("Europe/Berlin", "02:30", datetime(2026, 3, 28, 20, tzinfo=UTC), [(3, 29, 1, 30)]),
        # Fall back: 02:30 happens twice on 25 October; delivered once, at the first.
        ("Europe/Berlin", "02:30", datetime(2026, 10, 24, 20, tzinfo=UTC), [(10, 25, 0, 30)]),
        ("America/New_York", "02:15", datetime(2026, 3, 8, 2, tzinfo=UTC), [(3, 8, 7, 30)]),
        ("Australia/Lord_Howe", "02:15", datetime(2026, 10, 3, 12, tzinfo=UTC), [(10, 3, 16, 0)]),
    ],
)
async def test_one_digest_on_the_dst_day(
    database_url: str,
    db: Database,
    fake_bot_api: FaultyBotApi,
    zone: str,
    clock: str,
    start: datetime,
    expected_utc: list[tuple[int, int, int, int]],
) -> None:
    if database_url.startswith("postgresql") and start.month != 3:
        pytest.skip("the schedule is backend-independent: PostgreSQL runs the spring cases only")
    await add_chats(
        db, [1], now=start, deliver_time=clock, timezone=zone, due=next_due_at(start, clock, zone)
    )
    busy = await _run_ticks(
        fake_bot_api, db, start, start + timedelta(hours=30), timedelta(minutes=30)
    )
    # Two local days are covered: the DST day and the next; one digest on each, none repeated.
    assert len(busy) == 2 and all(messages == 1 for _, messages in busy)
    first = busy[0][0]
    assert (first.month, first.day, first.hour, first.minute) == expected_utc[0]
    editions = [row.edition for row in await ledger(db)]
    assert len(editions) == len(set(editions)) == 2
    assert len(fake_bot_api.messages(1)) == 2
