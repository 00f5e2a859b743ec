"""Webhook mode: Telegram's secret-token header is checked; anything else gets 403."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot.errors import UserError
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.telegram.runner import Webhook, serving, webhook_path, webhook_secret
from tests.botkit import bot_services
from tests.faultyapi import FaultyBotApi


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_accepts_only_the_secret_token(
    fake_bot_api: FaultyBotApi, tmp_path: Path
) -> None:
    port = free_port()
    hook = Webhook("https://bot.example/hook", "right-secret", "127.0.0.1", port)
    async with (
        bot_services(fake_bot_api, f"sqlite+aiosqlite:///{tmp_path / 'w.db'}") as services,
        serving(build_application(services), webhook=hook),
    ):
        assert fake_bot_api.webhook_url == "https://bot.example/hook"
        assert fake_bot_api.calls_to("setWebhook")[-1].params["secret_token"] == "right-secret"
        update = {"update_id": 1, "message": fake_bot_api.make_message(55, "/help")}
        url = f"http://127.0.0.1:{port}/hook"
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, json=update)
            wrong = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            right = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "right-secret"}
            )
        assert (missing.status_code, wrong.status_code, right.status_code) == (403, 403, 200)
        [reply] = await fake_bot_api.wait_for_messages(55, 1)
        assert "/digest" in reply.visible
        assert len(fake_bot_api.messages(55)) == 1


def test_missing_secret_is_generated_and_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(_env_file=None)
    with caplog.at_level(logging.INFO):
        first, second = webhook_secret(settings), webhook_secret(settings)
    assert first != second and len(first) >= 32
    assert "random webhook secret" in caplog.text
    assert first not in caplog.text and second not in caplog.text


def test_configured_secret_is_used_and_checked() -> None:
    good = Settings(webhook_secret=SecretStr("abc_DEF-123"), _env_file=None)
    assert webhook_secret(good) == "abc_DEF-123"
    bad = Settings(webhook_secret=SecretStr("has spaces!"), _env_file=None)
    with pytest.raises(UserError, match="QUICKLOOKS_WEBHOOK_SECRET"):
        webhook_secret(bad)


@pytest.mark.parametrize("url", ["http://bot.example/hook", "hook", "https://"])
def test_webhook_url_must_be_https(url: str) -> None:
    with pytest.raises(UserError, match="https"):
        webhook_path(url)


def test_webhook_path_is_taken_from_the_url() -> None:
    assert webhook_path("https://bot.example/telegram/quicklooks") == "telegram/quicklooks"
