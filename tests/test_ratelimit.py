"""The rate limiter on simulated time: global spacing, per-chat and group limits, 429 pauses."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from pydantic import ValidationError

from bot.delivery.ratelimit import RateLimiter
from bot.delivery.service import limiter_for
from bot.settings import AppConfig, DeliveryConfig
from tests.virtualtime import VirtualTime

MARGIN = 0.05


def limiter(clock: VirtualTime, *, margin: float = MARGIN, **rates: float) -> RateLimiter:
    settings = {"global_rate": 30.0, "per_chat_rate": 1.0, "group_per_minute": 20.0, **rates}
    return RateLimiter(
        clock=clock,
        sleep=clock.sleep,
        window_margin=margin,
        global_rate=settings["global_rate"],
        per_chat_rate=settings["per_chat_rate"],
        group_per_minute=settings["group_per_minute"],
    )


async def send_all(
    clock: VirtualTime, rl: RateLimiter, plan: dict[int, int], *, group: bool = False
) -> dict[int, list[float]]:
    """Send plan[chat] messages to each chat, one task per chat; return send times per chat."""
    times: dict[int, list[float]] = {chat: [] for chat in plan}

    async def chat_task(chat: int, count: int) -> None:
        for _ in range(count):
            await rl.acquire(chat, group=group)
            times[chat].append(clock())

    async def everything() -> None:
        await asyncio.gather(*(chat_task(c, n) for c, n in plan.items()))

    await clock.run(everything())
    return times


async def test_many_chats_are_spaced_by_the_global_rate() -> None:
    clock = VirtualTime()
    times = await send_all(clock, limiter(clock), dict.fromkeys(range(300), 1))
    starts = sorted(t for ts in times.values() for t in ts)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) == pytest.approx(1 / 30)
    # 300 messages take 299/30 s plus the sliding window's margin once per second.
    assert starts[-1] == pytest.approx(299 / 30 + (299 // 30) * MARGIN)
    assert starts[-1] / (299 / 30) < 1 + MARGIN + 0.01


@pytest.mark.parametrize("margin", [0.0, 0.025, 0.1])
async def test_the_margin_widens_the_window_that_holds_at_most_the_rate(margin: float) -> None:
    clock = VirtualTime()
    times = await send_all(clock, limiter(clock, margin=margin), dict.fromkeys(range(150), 1))
    grants = sorted(t for ts in times.values() for t in ts)
    for index, start in enumerate(grants):
        in_window = [t for t in grants[index:] if t < start + 1.0 + margin - 1e-9]
        assert len(in_window) <= 30
    # ... and costs no more than that margin.
    assert grants[-1] == pytest.approx(149 / 30 + (149 // 30) * margin)


async def test_never_more_than_the_rate_in_any_second_even_after_late_wakeups() -> None:
    clock = VirtualTime()
    rl = limiter(clock)
    grants: list[float] = []

    async def chat_task(chat: int) -> None:
        await rl.acquire(chat)
        grants.append(clock())
        if chat % 7 == 0:
            await clock.sleep(0.2)  # a slow task: its next booking is late

    async def everything() -> None:
        await asyncio.gather(*(chat_task(c) for c in range(200)))
        await asyncio.gather(*(chat_task(c) for c in range(200, 400)))

    await clock.run(everything())
    grants.sort()
    for index, start in enumerate(grants):
        in_window = [t for t in grants[index:] if t < start + 1.0]
        assert len(in_window) <= 30


async def test_one_chat_gets_one_message_per_second() -> None:
    clock = VirtualTime()
    times = await send_all(clock, limiter(clock), {42: 5})
    assert times[42] == pytest.approx([0, 1, 2, 3, 4])


async def test_groups_get_twenty_per_minute() -> None:
    clock = VirtualTime()
    times = await send_all(clock, limiter(clock), {-5: 4}, group=True)
    assert times[-5] == pytest.approx([0, 3, 6, 9])


async def test_split_digests_do_not_hold_back_other_chats() -> None:
    clock = VirtualTime()
    # 60 chats with 3 messages each: 180 messages at 30/s need 6 s, not 60 chats x 2 s.
    times = await send_all(clock, limiter(clock), dict.fromkeys(range(60), 3))
    last = max(t for ts in times.values() for t in ts)
    assert last == pytest.approx(179 / 30 + (179 // 30) * MARGIN)
    for ts in times.values():
        assert all(b - a >= 1 - 1e-9 for a, b in itertools.pairwise(ts))


async def test_pause_holds_every_chat_until_retry_after() -> None:
    clock = VirtualTime()
    rl = limiter(clock, global_rate=10.0)

    async def scenario() -> list[float]:
        await rl.acquire(1)
        rl.pause(2.0)
        out: list[float] = []

        async def send(chat: int) -> None:
            await rl.acquire(chat)
            out.append(clock())

        await asyncio.gather(*(send(chat) for chat in range(2, 5)))
        return out

    times = await clock.run(scenario())
    assert sorted(times) == pytest.approx([2.0, 2.1, 2.2])


async def test_slot_booked_before_a_pause_is_rebooked_after_it() -> None:
    clock = VirtualTime()
    rl = limiter(clock, global_rate=1.0, per_chat_rate=100.0)

    async def scenario() -> float:
        await rl.acquire(1)  # t=0; the next global slot is t=1

        async def late_sender() -> float:
            await rl.acquire(2)  # booked for t=1
            return clock()

        task = asyncio.create_task(late_sender())
        await clock.sleep(0.5)
        rl.pause(5.0)  # a 429 at t=0.5 pauses everyone until t=5.5
        return await task

    assert await clock.run(scenario()) == pytest.approx(5.5)


async def test_pruning_forgets_finished_chats_only() -> None:
    clock = VirtualTime()
    rl = limiter(clock, global_rate=1e6, per_chat_rate=1e6)
    await send_all(clock, rl, dict.fromkeys(range(5000), 1))
    clock.now += 10.0
    await send_all(clock, rl, dict.fromkeys(range(5000, 10000), 1))
    assert rl.tracked_chats < 10000
    rl.forget(9999)
    assert rl.tracked_chats < 9999


@pytest.mark.parametrize("rates", [{"global_rate": 0.0}, {"per_chat_rate": -1.0}])
def test_rates_must_be_positive(rates: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="positive"):
        limiter(VirtualTime(), **rates)


async def test_pruning_while_tasks_wait_for_the_window_loses_no_booking() -> None:
    clock = VirtualTime()
    rl = RateLimiter(
        global_rate=30.0,
        per_chat_rate=100.0,  # bookings expire fast, so pruning meets tasks still waiting
        group_per_minute=20.0,
        clock=clock,
        sleep=clock.sleep,
        prune_at=16,
    )
    # More chats than the pruning threshold, served by a bounded pool (like the projection).
    slots = asyncio.Semaphore(20)
    grants: list[float] = []

    async def chat_task(chat: int) -> None:
        async with slots:
            await rl.acquire(chat)
            grants.append(clock())

    async def everything() -> None:
        await asyncio.gather(*(chat_task(c) for c in range(600)))

    await clock.run(everything())
    assert len(grants) == 600
    assert max(grants) < 600 / 30 * (1 + MARGIN + 0.01)


async def test_the_configured_rate_margin_reaches_the_limiter() -> None:
    clock = VirtualTime()
    config = AppConfig(delivery=DeliveryConfig(global_rate=30.0, rate_margin=0.2))
    rl = limiter_for(config, clock=clock, sleep=clock.sleep)
    times = await send_all(clock, rl, dict.fromkeys(range(60), 1))
    assert max(t for ts in times.values() for t in ts) == pytest.approx(59 / 30 + 0.2)


@pytest.mark.parametrize("margin", [-0.01, 1.5])
def test_a_rate_margin_out_of_range_is_refused(margin: float) -> None:
    with pytest.raises(ValidationError, match="rate_margin"):
        DeliveryConfig(rate_margin=margin)
