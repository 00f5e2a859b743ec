"""The fake Bot API with fault injection: 403, 429, 5xx, dropped connections, slow answers.

The fake itself (bot.botapi.fake) is strict like Telegram and answers everything, which is all
`quicklooks chat` needs; what tests break on purpose lives here. `fake_bot_api` is the pytest
fixture (tests/conftest.py imports it); `python -m tests.faultyapi --port 8081` runs one alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.botapi.fake import SEND_METHODS, ApiError, FakeBotApi, _int_or_none


@dataclass
class Faults:
    """Failure modes to inject; each test configures what it needs through FakeBotApi methods."""

    blocked: set[int] = field(default_factory=set)
    migrated: dict[int, int] = field(default_factory=dict)
    methods: frozenset[str] = SEND_METHODS
    fail_next: int = 0
    fail_status: int = 502
    throttle_next: int = 0
    throttle_every: int = 0
    retry_after: int = 1
    drop_next: int = 0
    delay: float = 0.0
    global_per_second: float | None = None
    per_chat_per_second: float | None = None
    counter: int = 0
    gate: asyncio.Event | None = None  # while set and not open, send calls wait


class FaultyBotApi(FakeBotApi):
    """The fake Bot API, plus failures a test switches on."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.faults = Faults()
        self._recent: deque[tuple[float, int]] = deque()
        self._rules: list[Callable[[str, dict[str, Any]], ApiError | None]] = []

    def block_chat(self, chat_id: int) -> None:
        """Answer 403 'bot was blocked by the user' to every send to `chat_id`."""
        self.faults.blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        """Let sends to `chat_id` through again."""
        self.faults.blocked.discard(chat_id)

    def migrate_chat(self, chat_id: int, new_chat_id: int) -> None:
        """Answer 400 with migrate_to_chat_id to sends to `chat_id` (group became supergroup)."""
        self.faults.migrated[chat_id] = new_chat_id

    def fail_next(self, count: int, *, status: int = 502) -> None:
        """Answer the next `count` send calls with HTTP `status` (a 5xx burst)."""
        self.faults.fail_next, self.faults.fail_status = count, status

    def throttle_next(self, count: int, *, retry_after: int = 1) -> None:
        """Answer the next `count` send calls with 429 and parameters.retry_after."""
        self.faults.throttle_next, self.faults.retry_after = count, retry_after

    def throttle_every(self, nth: int, *, retry_after: int = 1) -> None:
        """Answer every `nth` send call with 429 (deterministic share; 0 switches it off)."""
        self.faults.throttle_every, self.faults.retry_after = nth, retry_after

    def drop_next(self, count: int) -> None:
        """Close the connection without any answer on the next `count` send calls."""
        self.faults.drop_next = count

    def hold_sends(self) -> None:
        """Keep every send call waiting until `release_sends` (to line up concurrent senders)."""
        self.faults.gate = asyncio.Event()

    def release_sends(self) -> None:
        """Let the held send calls (and every later one) through."""
        if self.faults.gate is not None:
            self.faults.gate.set()

    def set_delay(self, seconds: float) -> None:
        """Answer every send call after `seconds` (slow Telegram)."""
        self.faults.delay = seconds

    def set_rate_limit(
        self,
        *,
        global_per_second: float | None = None,
        per_chat_per_second: float | None = None,
        retry_after: int = 1,
    ) -> None:
        """Answer 429 when sends exceed these rates over the last second (None = unlimited)."""
        self.faults.global_per_second = global_per_second
        self.faults.per_chat_per_second = per_chat_per_second
        self.faults.retry_after = retry_after

    def fault_methods(self, methods: Iterable[str]) -> None:
        """Choose which API methods faults apply to (default: sending and editing messages)."""
        self.faults.methods = frozenset(m.lower() for m in methods)

    def add_rule(self, rule: Callable[[str, dict[str, Any]], ApiError | None]) -> None:
        """Add a custom fault: called with (method, params); return an ApiError to answer it."""
        self._rules.append(rule)

    def reset_faults(self) -> None:
        """Remove every injected fault."""
        self.faults = Faults()
        self._rules.clear()
        self._recent.clear()

    async def intercept(self, method: str, params: dict[str, Any]) -> str | None:
        """Apply the configured faults to the send methods (and those `fault_methods` names)."""
        if method.lower() not in self.faults.methods:
            return None
        faults = self.faults
        if faults.gate is not None:
            await faults.gate.wait()
        faults.counter += 1
        if faults.delay:
            await asyncio.sleep(faults.delay)
        if faults.drop_next > 0:
            faults.drop_next -= 1
            return "drop"
        if faults.fail_next > 0:
            faults.fail_next -= 1
            raise ApiError(faults.fail_status, "Bad Gateway")
        throttled = ApiError(
            429,
            f"Too Many Requests: retry after {faults.retry_after}",
            {"retry_after": faults.retry_after},
        )
        if faults.throttle_next > 0:
            faults.throttle_next -= 1
            raise throttled
        if faults.throttle_every and faults.counter % faults.throttle_every == 0:
            raise throttled
        chat_id = _int_or_none(params.get("chat_id"))
        for rule in self._rules:
            error = rule(method, params)
            if error is not None:
                raise error
        if chat_id in faults.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id is not None and chat_id in faults.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": faults.migrated[chat_id]},
            )
        if self._over_rate(chat_id):
            raise throttled
        return None

    def _over_rate(self, chat_id: int | None) -> bool:
        faults = self.faults
        if faults.global_per_second is None and faults.per_chat_per_second is None:
            return False
        now = time.monotonic()
        while self._recent and now - self._recent[0][0] > 1.0:
            self._recent.popleft()
        if faults.global_per_second is not None and len(self._recent) >= faults.global_per_second:
            return True
        if faults.per_chat_per_second is not None and chat_id is not None:
            same_chat = sum(1 for _, other in self._recent if other == chat_id)
            if same_chat >= faults.per_chat_per_second:
                return True
        self._recent.append((now, chat_id if chat_id is not None else 0))
        return False


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FaultyBotApi]:
    """Start a fake Bot API on a free 127.0.0.1 port; `.base_url` and `.token` configure PTB."""
    fake = await FaultyBotApi().start()
    yield fake
    await fake.stop()


async def _serve(port: int, token: str | None) -> None:
    fake = await FaultyBotApi(token=token, port=port).start()
    print(f"Fake Bot API on {fake.base_url} token {fake.token}", flush=True)
    print(f"QUICKLOOKS_TELEGRAM_BASE_URL={fake.base_url} QUICKLOOKS_TELEGRAM_TOKEN={fake.token}")
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    """Run the fake server standalone for manual trials."""
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API for local trials.")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="accepted token (default: random)")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.token))


if __name__ == "__main__":
    main()
