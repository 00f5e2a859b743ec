"""Pace outgoing messages: one global bucket plus one per chat, as Telegram's flood limits ask."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Forget per-chat state once this many chats are tracked and their slots lie in the past.
_PRUNE_AT = 4096


class SharedSlots(Protocol):
    """Slots of a send schedule shared with other processes (one bot token's global budget)."""

    async def take(self, now: float) -> float:
        """Return this process's next slot (on the limiter's clock), not before `now` - slack."""
        ...

    def pause(self, seconds: float) -> None:
        """Pause every process's slots for `seconds` (a 429 answer)."""
        ...

    @property
    def slack(self) -> float:
        """How late a slot may still be used (later, it is another process's moment)."""
        ...


class RateLimiter:
    """Hand out send slots no faster than `global_rate` overall and each chat's own rate.

    Every bucket holds one token (no bursts), so slots are evenly spaced: N messages to many
    chats take N / global_rate seconds. Global slots go first come, first served to chats that
    are ready; each chat sends its messages in order (one acquire at a time per chat). A 429
    answer pauses the global bucket; callers whose slot falls inside the pause book again.
    """

    def __init__(
        self,
        *,
        global_rate: float,
        per_chat_rate: float,
        group_per_minute: float,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        window_margin: float = 0.05,
        prune_at: int = _PRUNE_AT,
        shared: SharedSlots | None = None,
    ) -> None:
        if global_rate <= 0 or per_chat_rate <= 0 or group_per_minute <= 0:
            raise ValueError("rates must be positive")
        self._global_interval = 1.0 / global_rate
        self._chat_interval = 1.0 / per_chat_rate
        self._group_interval = 60.0 / group_per_minute
        self._clock = clock
        self._sleep = sleep
        self._next_global = float("-inf")
        self._next_chat: dict[int, float] = {}
        self._paused_until = float("-inf")
        self._prune_floor = self._prune_at = prune_at
        # Flood control counts messages per second as they arrive; a late wake-up followed by an
        # on-time one would squeeze more than `global_rate` into one second. So grants are also
        # checked against a sliding window of real grant times, a little over one second long.
        self._granted: deque[float] = deque(maxlen=max(1, math.floor(global_rate)))
        self._window = 1.0 + window_margin if global_rate >= 1 else 0.0
        # With several processes on one token, global slots come from a schedule they share.
        self._shared = shared

    async def ready(self, chat_id: int) -> None:
        """Wait until `chat_id`'s own interval has passed (holds no global slot)."""
        while (wait := self._next_chat.get(chat_id, float("-inf")) - self._clock()) > 0:
            await self._sleep(wait)

    async def acquire(self, chat_id: int, *, group: bool = False) -> None:
        """Wait until a message may be sent to `chat_id`.

        The chat's own interval is waited out first, without holding a global slot, so a chat
        that must wait a second never blocks others; then the next global slot is taken.
        """
        interval = self._group_interval if group else self._chat_interval
        while True:
            await self.ready(chat_id)
            now = self._clock()
            if self._shared is None:
                start = max(now, self._next_global, self._paused_until)
            else:  # only slots this process reserved: the others' are theirs
                start = max(now, self._paused_until)
                start = max(start, await self._shared.take(start))
                now = self._clock()
            self._next_global = start + self._global_interval
            self._next_chat[chat_id] = start + interval
            if len(self._next_chat) > self._prune_at:
                self._prune(now)
            if start > now:
                await self._sleep(start - now)
            if self._shared is not None and self._clock() > start + self._shared.slack:
                continue  # woke too late for this slot (a busy loop): take a later one
            if self._paused_until > start:
                continue  # a 429 paused everyone after this slot was booked: book again
            await self._wait_for_window()
            granted = self._clock()
            if self._paused_until > granted:
                continue
            self._granted.append(granted)
            # Keep bookings in step with real grants, so later callers do not queue at the gate.
            self._next_global = max(self._next_global, granted + self._global_interval)
            # (Pruning may have dropped the booking while this task waited for the window.)
            booked = self._next_chat.get(chat_id, granted)
            self._next_chat[chat_id] = max(booked, granted + interval)
            return

    async def _wait_for_window(self) -> None:
        granted = self._granted
        while len(granted) == granted.maxlen:
            wait = granted[0] + self._window - self._clock()
            if wait <= 0:
                return
            await self._sleep(wait)

    def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds` (Telegram answered 429 with retry_after)."""
        until = self._clock() + max(0.0, seconds)
        self._paused_until = max(self._paused_until, until)
        self._next_global = max(self._next_global, self._paused_until)
        if self._shared is not None:
            self._shared.pause(seconds)

    def forget(self, chat_id: int) -> None:
        """Drop a chat's pacing state (it migrated or finished for good)."""
        self._next_chat.pop(chat_id, None)

    @property
    def tracked_chats(self) -> int:
        """Return how many chats currently have pacing state."""
        return len(self._next_chat)

    def _prune(self, now: float) -> None:
        stale = [chat for chat, ready in self._next_chat.items() if ready <= now]
        for chat in stale:
            del self._next_chat[chat]
        # Amortised: prune again only after the table doubles, so reserve() stays O(1).
        self._prune_at = max(self._prune_floor, 2 * len(self._next_chat))
