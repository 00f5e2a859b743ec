"""AiohttpRequest behaves like PTB's HTTPXRequest against the fake Bot API: same answers, errors."""

from __future__ import annotations

import asyncio
import socket

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.botapi.aiohttp_request import AiohttpRequest
from bot.delivery.botpool import BotPool, SenderBot
from bot.delivery.sender import retry_after_seconds, send_part
from bot.messages.model import Button, RenderedMessage
from tests.faultyapi import FaultyBotApi

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def make_bot(fake: FaultyBotApi, token: str | None = None, **options: float) -> Bot:
    request = AiohttpRequest(**{"read_timeout": 5.0, "connect_timeout": 5.0, **options})  # type: ignore[arg-type]
    return Bot(token or fake.token, base_url=fake.base_url, request=request)


async def test_send_message_round_trips_markup_and_html(fake_bot_api: FaultyBotApi) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Deep Look", callback_data="d:1")]])
    async with make_bot(fake_bot_api) as bot:
        sent = await bot.send_message(
            42, "<b>Hi</b> &amp; bye = 100% ✓", parse_mode="HTML", reply_markup=markup
        )
    assert sent.text == "Hi & bye = 100% ✓"
    assert sent.reply_markup == markup
    [record] = fake_bot_api.messages(42)
    assert record.text == "<b>Hi</b> &amp; bye = 100% ✓"
    assert record.callback_data("Deep Look") == "d:1"
    assert [c.method for c in fake_bot_api.calls] == ["getMe", "sendMessage"]


async def test_file_uploads_go_as_multipart(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        assert await bot.set_webhook("https://example.org/hook", certificate=b"-----CERT-----")
    [call] = fake_bot_api.calls_to("setWebhook")
    assert call.params["url"] == "https://example.org/hook"
    assert fake_bot_api.webhook_url == "https://example.org/hook"


async def test_slow_answer_times_out(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.set_delay(1.0)
    async with make_bot(fake_bot_api, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(1, "late")


async def test_waiting_for_a_busy_pool_times_out(fake_bot_api: FaultyBotApi) -> None:
    bot = make_bot(fake_bot_api, connection_pool_size=1, pool_timeout=0.1, connect_timeout=0.1)
    async with bot:
        fake_bot_api.set_delay(1.0)
        first = asyncio.create_task(bot.send_message(1, "holds the only connection"))
        await asyncio.sleep(0.1)
        with pytest.raises(TimedOut):
            await bot.send_message(2, "waits for it")
        await first
    assert [m.text for m in fake_bot_api.messages(1)] == ["holds the only connection"]
    assert fake_bot_api.messages(2) == []


async def test_dropped_connection_is_a_network_error(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        fake_bot_api.drop_next(1)
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(1, "lost")
        assert not isinstance(caught.value, TimedOut)
        # The pool recovers: the next request goes through on a fresh connection.
        await bot.send_message(1, "kept")
    assert [m.text for m in fake_bot_api.messages(1)] == ["kept"]


async def test_refused_connection_is_a_network_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    request = AiohttpRequest(connect_timeout=2.0)
    bot = Bot("1:x", base_url=f"http://127.0.0.1:{port}/bot", request=request)
    with pytest.raises(NetworkError):
        await bot.initialize()
    await request.shutdown()


async def test_server_errors_map_to_ptb_exceptions(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.block_chat(7)
    fake_bot_api.migrate_chat(-8, -1008)
    async with make_bot(fake_bot_api) as bot:
        fake_bot_api.throttle_next(1, retry_after=3)
        with pytest.raises(RetryAfter) as throttled:
            await bot.send_message(1, "too fast")
        assert retry_after_seconds(throttled.value) == 3.0
        with pytest.raises(Forbidden):
            await bot.send_message(7, "blocked")
        with pytest.raises(ChatMigrated) as moved:
            await bot.send_message(-8, "old group")
        assert moved.value.new_chat_id == -1008
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(1, "<b>unclosed", parse_mode="HTML")
        fake_bot_api.fail_next(1, status=502)
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(1, "gateway")


async def test_wrong_token_is_rejected(fake_bot_api: FaultyBotApi) -> None:
    bot = make_bot(fake_bot_api, token="123:wrong")
    with pytest.raises(InvalidToken):
        await bot.initialize()
    await bot.shutdown()


async def test_requests_need_initialize_and_shutdown_is_idempotent(
    fake_bot_api: FaultyBotApi,
) -> None:
    request = AiohttpRequest()
    # PTB wraps the backend's RuntimeError, as it does for HTTPXRequest.
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{fake_bot_api.base_url}{fake_bot_api.token}/getMe")
    await request.initialize()
    assert await request.post(f"{fake_bot_api.base_url}{fake_bot_api.token}/getMe")
    await request.shutdown()
    await request.shutdown()
    await request.initialize()
    assert await request.post(f"{fake_bot_api.base_url}{fake_bot_api.token}/getMe")
    await request.shutdown()
    assert request.read_timeout == 5.0


def test_pool_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="connection_pool_size"):
        AiohttpRequest(connection_pool_size=0)


async def test_delivery_pool_sends_html_with_its_keyboard_and_surfaces_errors(
    fake_bot_api: FaultyBotApi,
) -> None:
    part = RenderedMessage.of("<b>Today</b>", [[Button("Deep Look", callback_data="d:1")]])
    fake_bot_api.block_chat(7)
    bot = make_bot(fake_bot_api)
    async with bot, BotPool(bot, size=2) as pool, pool.lease() as lent:
        assert isinstance(lent, SenderBot)
        await send_part(lent, 5, part)
        with pytest.raises(Forbidden):
            await send_part(lent, 7, part)
    [sent] = fake_bot_api.messages(5)
    assert sent.visible == "Today"
    assert sent.callback_data("Deep Look") == "d:1"
    [call] = [c for c in fake_bot_api.calls_to("sendMessage") if c.params["chat_id"] == "5"]
    assert call.params["link_preview_options"] == {"is_disabled": True}


async def test_delivery_pool_start_failure_reaches_the_send(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot, BotPool(bot, size=2) as pool:
        fake_bot_api.fail_next(1, status=502)
        fake_bot_api.fault_methods(["getMe", "sendMessage"])
        with pytest.raises(NetworkError):
            async with pool.lease():
                pass
        async with pool.lease() as lent:  # the next lease starts afresh
            await send_part(lent, 5, RenderedMessage("again"))
    assert [m.text for m in fake_bot_api.messages(5)] == ["again"]
