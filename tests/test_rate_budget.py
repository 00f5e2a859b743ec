"""One rate budget per bot token across processes: slot blocks from the shared database row."""

from __future__ import annotations

import asyncio
import itertools
import time

import pytest

from bot.delivery.budget import DatabaseSlots
from bot.storage.database import open_database
from tests.conftest import POSTGRES_URL, reset_postgres

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="set QUICKLOOKS_TEST_POSTGRES_URL")

RATE = 200.0


async def test_processes_sharing_a_token_get_disjoint_evenly_spaced_slots() -> None:
    assert POSTGRES_URL is not None
    await reset_postgres(POSTGRES_URL)
    # Three "processes": separate connection pools, one token, one schedule row.
    dbs = [await open_database(POSTGRES_URL) for _ in range(3)]
    sources = [DatabaseSlots(db, "bot:1", global_rate=RATE, window_margin=0.05) for db in dbs]
    taken: list[float] = []

    async def take_many(source: DatabaseSlots, count: int) -> None:
        for _ in range(count):
            slot = await source.take(time.monotonic())
            taken.append(slot)
            await asyncio.sleep(max(0.0, slot - time.monotonic()))

    started = time.monotonic()
    await asyncio.gather(*(take_many(source, 150) for source in sources))
    elapsed = time.monotonic() - started
    for source in sources:
        await source.close()
    for db in dbs:
        await db.close()
    slots = sorted(taken)
    interval = 1.05 / RATE
    # No two processes got the same moments: in any second the three together hold at most the
    # budget's 1 / 1.05 share of the limit (plus a slot or two from mapping the database's clock
    # onto each process's own, a few ms at most), never the 3x that separate budgets would take.
    busiest = max(sum(1 for s in slots if t <= s < t + 1.0) for t in slots)
    assert busiest <= RATE / 1.05 + 3, busiest
    gaps = sorted(b - a for a, b in itertools.pairwise(slots))
    assert gaps[len(gaps) // 10] > 0.9 * interval  # nine gaps in ten are the full interval
    # And the three together use the budget: 450 slots at 190/s take about 2.4 s.
    assert elapsed < 450 * interval * 1.5


async def test_a_pause_by_one_process_holds_back_the_others() -> None:
    assert POSTGRES_URL is not None
    await reset_postgres(POSTGRES_URL)
    first_db, second_db = await open_database(POSTGRES_URL), await open_database(POSTGRES_URL)
    first = DatabaseSlots(first_db, "bot:2", global_rate=RATE)
    second = DatabaseSlots(second_db, "bot:2", global_rate=RATE)
    await first.take(time.monotonic())
    first.pause(1.0)
    await first.close()  # the pause is written
    paused_at = time.monotonic()
    slot = await second.take(time.monotonic())
    await second.close()
    await first_db.close()
    await second_db.close()
    assert slot >= paused_at + 0.9
