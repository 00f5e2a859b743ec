"""Read a time zone the way people type it: 'Europe/Paris', 'europe/paris', '+02:00', 'UTC-5'."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


# Abbreviations people type: ambiguous (IST, CST) or without daylight saving in the zone database
# (EST is UTC-5 all year). Each is refused with the city zone most people mean.
_ABBREVIATIONS = {
    "EST": "America/New_York", "EDT": "America/New_York", "CST": "America/Chicago",
    "CDT": "America/Chicago", "MST": "America/Denver", "MDT": "America/Denver",
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "AKST": "America/Anchorage",
    "HST": "Pacific/Honolulu", "BST": "Europe/London", "IST": "Asia/Kolkata",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "MET": "Europe/Paris", "EET": "Europe/Athens",
    "EEST": "Europe/Athens", "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon",
    "MSK": "Europe/Moscow", "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney", "ACST": "Australia/Adelaide", "AWST": "Australia/Perth",
    "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland", "SGT": "Asia/Singapore",
}  # fmt: skip
_ETC_GMT = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


def zone_label(name: str) -> str:
    """Show a stored zone the way people read it: Etc/GMT-14 (POSIX sign) is UTC+14:00."""
    match = _ETC_GMT.match(name)
    if match is None:
        return name
    sign, hours = match.groups()
    return f"UTC{'-' if sign == '+' else '+'}{int(hours):02d}:00"


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
    hint = _ABBREVIATIONS.get(value.upper())
    if hint is not None:
        raise ValueError(
            f"{value.upper()} is ambiguous or ignores daylight saving; send a zone like {hint}"
        )
    if "/" in value or value.isalpha():
        name = _zones_by_lower_name().get(value.lower())
        if name is not None and name.isupper() and name not in ("UTC", "GMT"):
            raise ValueError("send a zone like America/New_York or an offset like -05:00")
        if name is not None:
            return name
    raise ValueError("expected an IANA zone like Europe/Paris or an offset like +02:00")
