"""Callback data and time zone parsing: strict, short, and clear about bad input."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.messages import callbacks
from bot.telegram.zones import parse_timezone, zone_label

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock


@pytest.mark.parametrize(
    "callback",
    [
        callbacks.DeepLook(123456789, "s"),
        callbacks.DeepLook(1, callbacks.digest_context(day=date(2026, 1, 2), first_number=1)),
        callbacks.Back((1, 2, 3, 40000), "p4"),
        callbacks.SetBullets(5),
        callbacks.OpenSources(),
        callbacks.OpenSettings(),
        callbacks.ToggleSource(12, callbacks.name_tag("Wire")),
    ],
)
def test_callbacks_round_trip_within_64_bytes(callback: callbacks.Callback) -> None:
    data = callbacks.encode(callback)
    assert len(data.encode()) <= 64
    assert callbacks.decode(data) == callback


def test_too_many_ids_do_not_fit() -> None:
    assert not callbacks.fits(callbacks.Back(tuple(range(10**6, 10**6 + 20)), "s"))


@pytest.mark.parametrize(
    "data", ["", "dl", "dl:s:", "dl:x:1", "dl:d20261399:1", "bk:s:!!", "sb:999", "ts:1", "zz"]
)
def test_forged_callback_data_is_rejected(data: str) -> None:
    with pytest.raises(ValueError):
        callbacks.decode(data)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("UTC", "UTC"),
        ("+02:00", "Etc/GMT-2"),
        ("UTC+2", "Etc/GMT-2"),
        ("GMT-5", "Etc/GMT+5"),
        ("-05:00", "Etc/GMT+5"),
        ("+00:00", "UTC"),
    ],
)
def test_zones_and_whole_hour_offsets(text: str, zone: str) -> None:
    assert parse_timezone(text) == zone


def test_half_hour_offsets_map_to_a_real_fixed_zone() -> None:
    from datetime import UTC, datetime, timedelta

    for text, minutes in (("+05:30", 330), ("-09:30", -570), ("+05:45", 345)):
        zone = ZoneInfo(parse_timezone(text))
        for month in (1, 7):
            offset = datetime(2026, month, 1, tzinfo=UTC).astimezone(zone).utcoffset()
            assert offset == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["Mars/Olympus", "", "+15:00", "+02:75", "😀", "שעון/ירושלים", "x" * 5000, "../etc"]
)
def test_bad_zones_say_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected|offset|zone"):
        parse_timezone(text)


@pytest.mark.parametrize(
    ("zone", "label"),
    [("Etc/GMT-14", "UTC+14:00"), ("Etc/GMT+5", "UTC-05:00"), ("Europe/Paris", "Europe/Paris")],
)
def test_offsets_are_shown_with_their_real_sign(zone: str, label: str) -> None:
    assert zone_label(zone) == label
    assert zone_label(parse_timezone(label)) == label


@pytest.mark.parametrize(("text", "hint"), [("EST", "America/New_York"), ("cet", "Europe/Paris")])
def test_abbreviations_are_refused_with_a_city_zone(text: str, hint: str) -> None:
    with pytest.raises(ValueError, match=hint):
        parse_timezone(text)


@pytest.mark.parametrize("text", ["PRC", "EST5EDT", "W-SU"])
def test_legacy_upper_case_zone_names_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="zone like"):
        parse_timezone(text)
