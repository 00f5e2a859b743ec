"""The wall clock every command reads: the system's, or one that starts at a chosen instant.

`QUICKLOOKS_CLOCK_START` (an ISO 8601 instant with a zone) runs a process as if its wall clock
read that instant when it started; time then passes at the normal rate. Tests use it to pin a
real `quicklooks` process to a known hour, and operators to rehearse an edition.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


class StartedClock:
    """A clock that read `start` when it was made and advances with a monotonic timer."""

    def __init__(self, start: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock's start must carry a time zone")
        self._start = start.astimezone(UTC)
        self._monotonic = monotonic
        self._origin = monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)


def clock_for(start: datetime | None) -> Clock:
    """Return the system clock, or one started at `start`."""
    return system_clock if start is None else StartedClock(start)
