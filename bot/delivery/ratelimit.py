"""Pace outgoing messages: one global bucket plus one per chat, as Telegram's flood limits ask."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Forget per-chat state once this many chats are tracked and their slots lie in the past.
_PRUNE_AT = 4096


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
        self._prune_at = _PRUNE_AT

    async def acquire(self, chat_id: int, *, group: bool = False) -> None:
        """Wait until a message may be sent to `chat_id`.

        The chat's own interval is waited out first, without holding a global slot, so a chat
        that must wait a second never blocks others; then the next global slot is taken.
        """
        interval = self._group_interval if group else self._chat_interval
        while True:
            now = self._clock()
            ready = self._next_chat.get(chat_id, now)
            if ready > now:
                await self._sleep(ready - now)
                continue
            start = max(now, self._next_global, self._paused_until)
            self._next_global = start + self._global_interval
            self._next_chat[chat_id] = start + interval
            if len(self._next_chat) > self._prune_at:
                self._prune(now)
            if start > now:
                await self._sleep(start - now)
            if self._paused_until <= start:
                return
            # A 429 paused everyone after this slot was booked: book again after the pause.

    def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds` (Telegram answered 429 with retry_after)."""
        until = self._clock() + max(0.0, seconds)
        self._paused_until = max(self._paused_until, until)
        self._next_global = max(self._next_global, self._paused_until)

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
        self._prune_at = max(_PRUNE_AT, 2 * len(self._next_chat))
