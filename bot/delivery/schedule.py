"""Decide when a chat's daily digest is due: pure functions of a clock reading, DST-safe."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


def parse_clock_time(value: str) -> time:
    """Parse 'HH:MM' (24-hour) into a time; raise ValueError otherwise."""
    hours, sep, minutes = value.strip().partition(":")
    if not sep or not (hours.isdigit() and minutes.isdigit()) or len(minutes) != 2:
        raise ValueError(f"not a time of day: {value!r} (use HH:MM, e.g. 07:30)")
    return time(int(hours), int(minutes)) if int(hours) < 24 and int(minutes) < 60 else _bad(value)


def spread_time(default_time: str, chat_id: int, window_minutes: int) -> str:
    """Return `default_time` plus a stable per-chat offset in [0, window_minutes) minutes.

    New subscribers would otherwise all be due in the same instant: a million chats at
    Telegram's 30 msg/s need 9 hours. The offset is a hash of the chat id (the same chat gets
    the same time on every run and host; ids spread evenly), wrapping past midnight.
    """
    base = parse_clock_time(default_time)
    if window_minutes <= 0:
        return default_time
    digest = hashlib.blake2b(str(chat_id).encode(), digest_size=8).digest()
    offset = int.from_bytes(digest, "big") % window_minutes
    total = (base.hour * 60 + base.minute + offset) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def _bad(value: str) -> time:
    raise ValueError(f"not a time of day: {value!r} (use HH:MM between 00:00 and 23:59)")


def local_occurrence(day: date, deliver_time: str, zone: ZoneInfo) -> datetime:
    """Return the UTC instant of `deliver_time` on local `day`.

    A time skipped by a DST jump (02:30 on spring-forward day) moves forward by the gap;
    a repeated time (01:30 on fall-back day) is its first occurrence.
    """
    wall = datetime.combine(day, parse_clock_time(deliver_time), tzinfo=zone)
    instant = wall.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
        # Nonexistent local time: fold=0 maps it with the pre-jump offset, i.e. past the gap.
        return instant
    return wall.replace(fold=0).astimezone(UTC)


def next_due_at(after: datetime, deliver_time: str, timezone: str) -> datetime:
    """Return the first delivery instant (UTC) strictly after `after`."""
    zone = ZoneInfo(timezone)
    local_day = after.astimezone(zone).date()
    for offset in range(3):
        candidate = local_occurrence(local_day + timedelta(days=offset), deliver_time, zone)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable: a delivery time recurs every local day")


def edition_of(due_at: datetime, timezone: str) -> str:
    """Name the edition a due instant belongs to: the chat's local date, e.g. '2026-11-24'."""
    return due_at.astimezone(ZoneInfo(timezone)).date().isoformat()


def latest_due_at(at: datetime, deliver_time: str, timezone: str) -> datetime:
    """Return the last delivery instant (UTC) at or before `at`."""
    zone = ZoneInfo(timezone)
    local_day = at.astimezone(zone).date()
    for offset in range(3):
        candidate = local_occurrence(local_day - timedelta(days=offset), deliver_time, zone)
        if candidate <= at:
            return candidate
    raise AssertionError("unreachable: a delivery time recurs every local day")


def due_after_edition(edition: str, now: datetime, deliver_time: str, timezone: str) -> datetime:
    """Return the first delivery instant after `now` that belongs to a later edition than `edition`.

    Used after a delivery (or a forced one) so the same local day is never scheduled twice.
    """
    due = next_due_at(now, deliver_time, timezone)
    while edition_of(due, timezone) <= edition:
        due = next_due_at(due, deliver_time, timezone)
    return due


class ChatSchedule(Protocol):
    """When a chat wants its digest, and when it is next due (None: never scheduled)."""

    @property
    def deliver_time(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def next_due_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Plan:
    """What a delivery tick does with one chat at one instant."""

    edition: str | None  # the edition now due; None: the chat was never scheduled
    send: bool  # False: the edition is missed (older than the grace window) or none is due
    skipped_edition: str | None  # an earlier edition that passed unsent, recorded as missed
    next_due_at: datetime  # when the chat is next due after this tick


def plan(chat: ChatSchedule, *, now: datetime, grace: timedelta, force: bool = False) -> Plan:
    """Decide what is due for `chat` at `now`: the edition, whether to send it, what comes next.

    The edition due is the chat's last delivery instant at or before `now` (with `force`: now
    itself), named by its local date. It is sent unless it is more than `grace` old; an earlier
    edition the chat's schedule skipped over is recorded as missed. The next instant belongs to
    a later edition, so one local day is never delivered twice.
    """
    time_, zone = chat.deliver_time, chat.timezone
    if not force and chat.next_due_at is None:
        return Plan(None, False, None, next_due_at(now, time_, zone))
    due = now if force else latest_due_at(now, time_, zone)
    edition = edition_of(due, zone)
    send = force or now - due <= grace
    skipped = None
    if send and not force and chat.next_due_at is not None and chat.next_due_at < due:
        stale = edition_of(chat.next_due_at, zone)
        skipped = stale if stale != edition else None
    return Plan(edition, send, skipped, due_after_edition(edition, now, time_, zone))


def is_schedulable(deliver_time: str, timezone: str) -> bool:
    """Tell whether a stored delivery time and zone can be scheduled."""
    try:
        parse_clock_time(deliver_time)
    except ValueError:
        return False
    return is_valid_timezone(timezone)


def rescheduler(now: datetime) -> Callable[[str, str], datetime]:
    """Return the rule that reschedules a chat at `now` for its (delivery time, zone)."""
    return lambda deliver_time, timezone: next_due_at(now, deliver_time, timezone)


def is_valid_timezone(timezone: str) -> bool:
    """Tell whether `timezone` is a known IANA zone name."""
    from zoneinfo import ZoneInfoNotFoundError

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def ensure_utc(value: datetime) -> datetime:
    """Return `value` as an aware UTC datetime; naive values are rejected."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC datetime")
    return value.astimezone(UTC)
