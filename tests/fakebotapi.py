"""The fake Telegram Bot API as a pytest fixture (the server itself lives in bot.botapi.fake).

Use it in a test module with `from tests.fakebotapi import fake_bot_api  # noqa: F401`, or rely on
tests/conftest.py importing it. Run standalone with `python -m tests.fakebotapi --port 8081`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.botapi.fake import (
    BOT_ID,
    BOT_USERNAME,
    SEND_METHODS,
    ApiCall,
    ApiError,
    FakeBotApi,
    SentMessage,
    main,
    parse_telegram_html,
    utf16_units,
)

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "SEND_METHODS",
    "ApiCall",
    "ApiError",
    "FakeBotApi",
    "SentMessage",
    "fake_bot_api",
    "parse_telegram_html",
    "utf16_units",
]


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    """Start a fake Bot API on a free 127.0.0.1 port; `.base_url` and `.token` configure PTB."""
    fake = await FakeBotApi().start()
    yield fake
    await fake.stop()


if __name__ == "__main__":
    main()
