"""The daily schedule: local delivery times across DST changes, editions, catch-up helpers."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.schedule import (
    Plan,
    due_after_edition,
    edition_of,
    ensure_utc,
    is_valid_timezone,
    latest_due_at,
    local_occurrence,
    next_due_at,
    parse_clock_time,
    plan,
    spread_time,
)

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def dues(start: datetime, deliver_time: str, zone: str, days: int) -> list[datetime]:
    out, at = [], start
    for _ in range(days):
        at = next_due_at(at, deliver_time, zone)
        out.append(at)
    return out


@pytest.mark.parametrize(
    ("text", "expected"), [("08:00", (8, 0)), ("7:05", (7, 5)), ("23:59", (23, 59))]
)
def test_parse_clock_time(text: str, expected: tuple[int, int]) -> None:
    parsed = parse_clock_time(text)
    assert (parsed.hour, parsed.minute) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "8", "08:5", "ab:cd", "", "-1:00", "08:00:00"])
def test_parse_clock_time_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="time of day"):
        parse_clock_time(text)


def test_plain_zone_without_dst_is_every_24_hours() -> None:
    got = dues(utc(2026, 3, 1), "08:00", "Asia/Tokyo", 60)
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(got))
    assert got[0] == utc(2026, 3, 1, 23, 0)  # 08:00 JST on 2 March


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "Africa/Nairobi"])
def test_zones_without_dst_keep_the_same_utc_time_all_year(zone: str) -> None:
    got = dues(utc(2026, 1, 1), "06:45", zone, 366)
    assert len({(d.hour, d.minute) for d in got}) == 1
    assert all(d.astimezone(ZoneInfo(zone)).strftime("%H:%M") == "06:45" for d in got)


def test_berlin_spring_forward_day_is_23_hours_and_keeps_local_time() -> None:
    # 2026-03-29 02:00 CET -> 03:00 CEST.
    got = dues(utc(2026, 3, 27, 12), "08:00", "Europe/Berlin", 3)
    assert got == [utc(2026, 3, 28, 7), utc(2026, 3, 29, 6), utc(2026, 3, 30, 6)]


def test_berlin_nonexistent_time_moves_past_the_gap_once() -> None:
    got = dues(utc(2026, 3, 28, 12), "02:30", "Europe/Berlin", 3)
    # 02:30 does not exist on 29 March: delivered at 03:30 CEST (01:30 UTC), once that day.
    assert got == [utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30), utc(2026, 3, 31, 0, 30)]
    assert [edition_of(d, "Europe/Berlin") for d in got] == [
        "2026-03-29",
        "2026-03-30",
        "2026-03-31",
    ]


def test_berlin_repeated_time_on_fall_back_day_is_delivered_once() -> None:
    # 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice; we deliver at the first.
    got = dues(utc(2026, 10, 24, 12), "02:30", "Europe/Berlin", 3)
    assert got == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30), utc(2026, 10, 27, 1, 30)]
    second_occurrence = utc(2026, 10, 25, 1, 30)
    assert next_due_at(got[0], "02:30", "Europe/Berlin") == got[1]
    assert edition_of(second_occurrence, "Europe/Berlin") == edition_of(got[0], "Europe/Berlin")


def test_new_york_dst_both_ways() -> None:
    spring = dues(utc(2026, 3, 7, 20), "02:15", "America/New_York", 2)
    # 8 March 02:15 does not exist: 03:15 EDT = 07:15 UTC.
    assert spring == [utc(2026, 3, 8, 7, 15), utc(2026, 3, 9, 6, 15)]
    fall = dues(utc(2026, 10, 31, 20), "01:30", "America/New_York", 2)
    # 1 November 01:30 happens twice: first one is EDT (05:30 UTC).
    assert fall == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]


def test_lord_howe_half_hour_dst() -> None:
    zone = "Australia/Lord_Howe"
    # 4 October 2026 02:00 -> 02:30 (+10:30 -> +11): 02:15 does not exist, becomes 02:45.
    spring = dues(utc(2026, 10, 2, 12), "02:15", zone, 3)
    assert [d.astimezone(ZoneInfo(zone)).strftime("%d %H:%M") for d in spring] == [
        "03 02:15",
        "04 02:45",
        "05 02:15",
    ]
    # 5 April 2026 02:00 -> 01:30: 01:45 happens twice, delivered once (the first).
    fall = dues(utc(2026, 4, 3, 12), "01:45", zone, 3)
    assert [edition_of(d, zone) for d in fall] == ["2026-04-04", "2026-04-05", "2026-04-06"]
    assert fall[1] == utc(2026, 4, 4, 14, 45)  # 01:45 at +11


def test_every_day_of_a_year_has_exactly_one_edition() -> None:
    for zone in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"):
        for clock in ("00:00", "01:30", "02:30", "08:00", "23:59"):
            got = dues(utc(2025, 12, 31, 12), clock, zone, 365)
            editions = [edition_of(d, zone) for d in got]
            assert len(set(editions)) == 365, (zone, clock)
            assert editions == sorted(editions)


def test_next_due_at_is_strictly_after() -> None:
    due = utc(2026, 11, 24, 8)
    assert next_due_at(due, "08:00", "UTC") == due + timedelta(days=1)
    assert next_due_at(due - timedelta(microseconds=1), "08:00", "UTC") == due


def test_latest_due_at_is_at_or_before() -> None:
    assert latest_due_at(utc(2026, 11, 24, 8), "08:00", "UTC") == utc(2026, 11, 24, 8)
    assert latest_due_at(utc(2026, 11, 24, 7, 59), "08:00", "UTC") == utc(2026, 11, 23, 8)
    berlin = latest_due_at(utc(2026, 3, 29, 5), "02:30", "Europe/Berlin")
    assert berlin == utc(2026, 3, 29, 1, 30)


def test_edition_is_the_local_date() -> None:
    # 23:30 UTC on the 24th is already the 25th in Berlin and still the 24th in New York.
    at = utc(2026, 11, 24, 23, 30)
    assert edition_of(at, "Europe/Berlin") == "2026-11-25"
    assert edition_of(at, "America/New_York") == "2026-11-24"


def test_due_after_edition_skips_the_rest_of_that_local_day() -> None:
    # Forced at 06:00 for an 08:00 chat: today's edition is done, so next is tomorrow 08:00.
    assert due_after_edition("2026-11-24", utc(2026, 11, 24, 6), "08:00", "UTC") == utc(
        2026, 11, 25, 8
    )
    assert due_after_edition("2026-11-24", utc(2026, 11, 24, 9), "08:00", "UTC") == utc(
        2026, 11, 25, 8
    )


def test_local_occurrence_regular_day() -> None:
    zone = ZoneInfo("Europe/Berlin")
    assert local_occurrence(date(2026, 7, 1), "08:00", zone) == utc(2026, 7, 1, 6)


def test_helpers_reject_bad_input() -> None:
    assert is_valid_timezone("Europe/Berlin") and not is_valid_timezone("Mars/Olympus")
    assert not is_valid_timezone("../etc/passwd")
    with pytest.raises(ValueError, match="naive"):
        ensure_utc(datetime(2026, 1, 1))
    assert ensure_utc(datetime(2026, 1, 1, 1, tzinfo=ZoneInfo("Europe/Berlin"))) == utc(2026, 1, 1)


@dataclass(frozen=True)
class Sched:
    deliver_time: str
    timezone: str
    next_due_at: datetime | None


GRACE = timedelta(hours=6)


def test_plan_sends_the_edition_due_within_the_grace() -> None:
    chat = Sched("08:00", "UTC", utc(2026, 11, 24, 8))
    decided = plan(chat, now=utc(2026, 11, 24, 8, 1), grace=GRACE)
    assert decided == Plan("2026-11-24", True, None, utc(2026, 11, 25, 8))


def test_plan_misses_an_edition_older_than_the_grace() -> None:
    chat = Sched("08:00", "UTC", utc(2026, 11, 24, 8))
    decided = plan(chat, now=utc(2026, 11, 24, 14, 1), grace=GRACE)
    assert decided == Plan("2026-11-24", False, None, utc(2026, 11, 25, 8))


def test_plan_records_an_edition_the_schedule_skipped() -> None:
    # Down for two days: yesterday's edition passed unsent; today's is still within the grace.
    chat = Sched("08:00", "UTC", utc(2026, 11, 23, 8))
    decided = plan(chat, now=utc(2026, 11, 24, 9), grace=GRACE)
    assert decided == Plan("2026-11-24", True, "2026-11-23", utc(2026, 11, 25, 8))


def test_plan_only_schedules_a_chat_that_never_was() -> None:
    chat = Sched("08:00", "Europe/Berlin", None)
    decided = plan(chat, now=utc(2026, 11, 24, 9), grace=GRACE)
    assert decided == Plan(None, False, None, utc(2026, 11, 25, 7))


def test_plan_forced_sends_today_and_never_twice_a_day() -> None:
    chat = Sched("08:00", "America/New_York", utc(2026, 11, 24, 13))
    now = utc(2026, 11, 24, 3)  # still the 23rd in New York
    decided = plan(chat, now=now, grace=GRACE, force=True)
    assert decided.edition == "2026-11-23" and decided.send
    assert edition_of(decided.next_due_at, "America/New_York") == "2026-11-24"


def test_plan_at_every_hour_of_a_dst_day_names_one_edition_per_local_day() -> None:
    zone, sent = "Europe/Berlin", []
    chat = Sched("02:30", zone, utc(2026, 3, 28, 1, 30))
    now = utc(2026, 3, 28, 0)
    while now < utc(2026, 3, 31):
        assert chat.next_due_at is not None
        if now >= chat.next_due_at:
            decided = plan(chat, now=now, grace=GRACE)
            assert decided.send and decided.skipped_edition is None
            sent.append(decided.edition)
            chat = Sched(chat.deliver_time, zone, decided.next_due_at)
        now += timedelta(minutes=15)
    assert sent == ["2026-03-28", "2026-03-29", "2026-03-30"]


def test_spread_time_is_stable_within_the_window_and_even() -> None:
    ids = [*range(1, 6001), *range(-1_000_000_000_000, -1_000_000_000_000 + 6000 * 7, 7)]
    times = [spread_time("08:00", chat_id, 30) for chat_id in ids]
    assert times == [spread_time("08:00", chat_id, 30) for chat_id in ids]  # stable
    minutes = Counter(int(t[3:]) for t in times)
    assert set(minutes) == set(range(30)) and all(t.startswith("08:") for t in times)
    # Even: each minute holds within 20% of its share (a uniform hash gives ~5% here).
    share = len(ids) / 30
    assert all(abs(count - share) < 0.2 * share for count in minutes.values())


def test_spread_time_wraps_past_midnight_and_zero_keeps_the_default() -> None:
    assert {spread_time("23:50", chat_id, 30) for chat_id in range(300)} == {
        f"{h:02d}:{m:02d}"
        for h, m in [(23, m) for m in range(50, 60)] + [(0, m) for m in range(20)]
    }
    assert spread_time("08:00", 12345, 0) == "08:00"
