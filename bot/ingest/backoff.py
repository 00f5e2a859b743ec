"""When a failing source is tried again: exponential backoff, capped."""

from __future__ import annotations

from datetime import datetime, timedelta


def next_attempt(
    now: datetime, failures: int, *, interval: timedelta, max_backoff: timedelta
) -> datetime:
    """Return now + min(interval * 2^(failures-1), max_backoff) for failures >= 1."""
    if failures < 1:
        return now
    # Cap the exponent so a long outage cannot overflow timedelta.
    delay = interval * (2 ** min(failures - 1, 30))
    return now + min(delay, max_backoff)
