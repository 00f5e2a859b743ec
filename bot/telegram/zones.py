"""Read a time zone the way people type it: 'Europe/Paris', 'europe/paris', '+02:00', 'UTC-5'."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


@cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def _fixed_offset(zone: ZoneInfo, year: int) -> timedelta | None:
    winter = datetime(year, 1, 15, tzinfo=UTC).astimezone(zone).utcoffset()
    summer = datetime(year, 7, 15, tzinfo=UTC).astimezone(zone).utcoffset()
    return winter if winter == summer else None


@cache
def _zone_with_offset(minutes: int, year: int) -> str | None:
    """Return a real zone that keeps this UTC offset all year (Etc/GMT for whole hours)."""
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        # POSIX-style names invert the sign: Etc/GMT-2 is two hours ahead of UTC.
        return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    for name in sorted(available_timezones()):
        if name.startswith(("Etc/", "posix/", "right/")):
            continue
        try:
            offset = _fixed_offset(ZoneInfo(name), year)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        if offset == timedelta(minutes=minutes):
            return name
    return None


def parse_timezone(text: str, *, now: datetime | None = None) -> str:
    """Return a zone name ZoneInfo accepts for `text`; raise ValueError saying what is expected."""
    value = text.strip()
    if value.upper() in ("UTC", "GMT", "Z"):
        return "UTC"
    match = _OFFSET.match(value)
    if match:
        sign, hours, minutes = match.groups()
        total = int(hours) * 60 + int(minutes or 0)
        if int(hours) > 14 or int(minutes or 0) >= 60:
            raise ValueError("an offset is between -12:00 and +14:00")
        total = -total if sign in "-−" else total
        zone = _zone_with_offset(total, (now or datetime.now(UTC)).year)
        if zone is None:
            raise ValueError("no time zone keeps that offset all year; send a name like Asia/Tokyo")
        return zone
    if "/" in value or value.isalpha():
        name = _zones_by_lower_name().get(value.lower())
        if name is not None:
            return name
    raise ValueError("expected an IANA zone like Europe/Paris or an offset like +02:00")
