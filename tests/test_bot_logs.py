"""The bot token never reaches a log line, even inside tracebacks."""

from __future__ import annotations

import logging

import pytest

from bot.logs import REDACTED, protect_secret


def test_token_is_redacted_from_messages_args_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = "123456:SECRET-token-value"
    protect_secret(token)
    logger = logging.getLogger("quicklooks.test")
    with caplog.at_level(logging.DEBUG):
        logger.info("POST https://api.telegram.org/bot%s/getMe", token)
        logger.debug(f"inline {token}")
        try:
            raise RuntimeError(f"connect failed for /bot{token}/sendMessage")
        except RuntimeError:
            logger.exception("request failed")
        logging.getLogger("httpx").info("HTTP Request: POST /bot%s/getUpdates", token)
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert token not in text
    assert text.count(REDACTED) >= 3
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
