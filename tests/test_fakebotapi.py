"""The fake Bot API behaves like Telegram for the real PTB client: strict HTML, limits, faults."""

from __future__ import annotations

import datetime as dt
import json
import time

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.request import HTTPXRequest

from bot.botapi.fake import parse_telegram_html, utf16_units
from tests.faultyapi import FaultyBotApi

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def make_bot(fake: FaultyBotApi, token: str | None = None) -> Bot:
    request = HTTPXRequest(read_timeout=5, connect_timeout=5)
    return Bot(token or fake.token, base_url=fake.base_url, request=request)


async def test_get_me_and_send_message_are_recorded(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        assert bot.username == "quicklooks_test_bot"
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Deep Look", callback_data="d:1")]])
        sent = await bot.send_message(
            42, "<b>Hi</b> &amp; bye", parse_mode="HTML", reply_markup=markup
        )
    assert sent.text == "Hi & bye"
    [record] = fake_bot_api.messages(42)
    assert record.visible == "Hi & bye"
    assert record.parse_mode == "HTML"
    assert record.button_texts() == ["Deep Look"]
    assert record.callback_data("Deep Look") == "d:1"
    assert [c.method for c in fake_bot_api.calls] == ["getMe", "sendMessage"]


async def test_json_bodies_are_accepted_too(fake_bot_api: FaultyBotApi) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{fake_bot_api.base_url}{fake_bot_api.token}/sendMessage",
            content=json.dumps({"chat_id": 5, "text": "plain"}),
            headers={"Content-Type": "application/json"},
        )
    assert response.json()["result"]["text"] == "plain"


async def test_wrong_token_is_unauthorized(fake_bot_api: FaultyBotApi) -> None:
    bot = make_bot(fake_bot_api, token="123:wrong")
    with pytest.raises(InvalidToken):
        await bot.initialize()


@pytest.mark.parametrize(
    "markup",
    [
        "<b>unclosed",
        "<b><i>misnested</b></i>",
        "<div>unknown</div>",
        "Tom & Jerry&co",
        "&nbsp;",
        '<a href="javascript:alert(1)">x</a>',
        "<a>no href</a>",
        '<span class="red">x</span>',
        "a < b",
        "</b>",
    ],
)
async def test_malformed_html_is_rejected(fake_bot_api: FaultyBotApi, markup: str) -> None:
    async with make_bot(fake_bot_api) as bot:
        with pytest.raises(BadRequest, match=r"(?i)parse entities"):
            await bot.send_message(1, markup, parse_mode="HTML")
    assert fake_bot_api.messages(1) == []


@pytest.mark.parametrize(
    ("markup", "shown"),
    [
        ('<a href="https://e.org/?a=1&amp;b=2">link</a>', "link"),
        ("&lt;b&gt;&amp;&lt;/a&gt; &#39;&#x41;&quot;", "<b>&</a> 'A\""),
        ('<pre><code class="language-py">x</code></pre><span class="tg-spoiler">s</span>', "xs"),
        ("<blockquote>q</blockquote> a & b > c", "q a & b > c"),
    ],
)
def test_valid_html_shows_its_visible_text(markup: str, shown: str) -> None:
    assert parse_telegram_html(markup) == shown


async def test_length_counts_visible_utf16_units(fake_bot_api: FaultyBotApi) -> None:
    emoji = "\U0001f600"  # two UTF-16 units
    assert utf16_units(emoji) == 2
    async with make_bot(fake_bot_api) as bot:
        await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(1, emoji * 2049)
        with pytest.raises(BadRequest, match=r"(?i)text is empty"):
            await bot.send_message(1, "<b> </b>", parse_mode="HTML")


async def test_get_updates_long_polls_and_confirms_with_offset(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        assert await bot.get_updates(timeout=0) == ()
        fake_bot_api.send_text(7, "/start", chat_type="private")
        fake_bot_api.send_text(-100, "/digest@quicklooks_test_bot", chat_type="supergroup")
        updates = await bot.get_updates(timeout=1)
        assert [u.effective_chat.id for u in updates if u.effective_chat] == [7, -100]
        assert updates[0].message is not None
        assert updates[0].message.entities[0].type == "bot_command"
        assert updates[1].message is not None and updates[1].message.chat.type == "supergroup"
        started = time.monotonic()
        assert (
            await bot.get_updates(
                offset=updates[-1].update_id + 1, timeout=dt.timedelta(seconds=0.3)
            )
            == ()
        )
        assert time.monotonic() - started >= 0.25
        assert fake_bot_api.pending_updates == 0


async def test_callback_query_and_edit(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
        sent = await bot.send_message(9, "first", reply_markup=markup)
        fake_bot_api.press_button(9, sent.message_id, "go")
        [update] = await bot.get_updates(timeout=1)
        assert update.callback_query is not None and update.callback_query.data == "go"
        await update.callback_query.answer("ok")
        await bot.edit_message_text("second", chat_id=9, message_id=sent.message_id)
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_text("second", chat_id=9, message_id=sent.message_id)
    record = fake_bot_api.message(9, sent.message_id)
    assert record.text == "second" and record.history == ["first"]
    assert fake_bot_api.callback_answers[0]["text"] == "ok"


async def test_channel_post_and_membership_updates(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.change_membership(-1001, "administrator", chat_type="channel")
    fake_bot_api.post_in_channel(-1001, "/start")
    async with make_bot(fake_bot_api) as bot:
        member, post = await bot.get_updates(timeout=1)
    assert member.my_chat_member is not None
    assert member.my_chat_member.new_chat_member.status == "administrator"
    assert post.channel_post is not None and post.channel_post.chat.type == "channel"


async def test_commands_and_webhook_methods(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        await bot.set_my_commands([("digest", "The digest now")])
        assert [c.command for c in await bot.get_my_commands()] == ["digest"]
        await bot.set_webhook("https://example.org/hook", secret_token="s")
        assert (await bot.get_webhook_info()).url == "https://example.org/hook"
        await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
        with pytest.raises(BadRequest):
            await bot.set_my_commands([("Bad-Name", "x")])
        assert await bot.close()


async def test_blocked_and_migrated_chats(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.block_chat(5)
    fake_bot_api.migrate_chat(-6, -1006)
    async with make_bot(fake_bot_api) as bot:
        with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
            await bot.send_message(5, "x")
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-6, "x")
        assert migrated.value.new_chat_id == -1006
        fake_bot_api.unblock_chat(5)
        await bot.send_message(5, "x")


async def test_throttle_and_failure_bursts(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.throttle_next(1, retry_after=3)
    fake_bot_api.fail_next(2)
    async with make_bot(fake_bot_api) as bot:
        # getMe is not a send method: faults do not touch it.
        with pytest.raises(NetworkError):
            await bot.send_message(1, "a")
        with pytest.raises(NetworkError):
            await bot.send_message(1, "a")
        with pytest.raises(RetryAfter) as throttled:
            await bot.send_message(1, "a")
        assert throttled.value.retry_after == 3
        await bot.send_message(1, "a")
    assert [c.status for c in fake_bot_api.calls_to("sendMessage")] == [502, 502, 429, 200]


async def test_throttle_every_nth_call(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.throttle_every(3)
    outcomes = []
    async with make_bot(fake_bot_api) as bot:
        for _ in range(6):
            try:
                await bot.send_message(1, "a")
                outcomes.append("ok")
            except RetryAfter:
                outcomes.append("429")
    assert outcomes == ["ok", "ok", "429", "ok", "ok", "429"]


async def test_dropped_connection_and_delay(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.drop_next(1)
    async with make_bot(fake_bot_api) as bot:
        with pytest.raises(NetworkError):
            await bot.send_message(1, "a")
        fake_bot_api.set_delay(0.2)
        started = time.monotonic()
        await bot.send_message(1, "a")
        assert time.monotonic() - started >= 0.15
    assert len(fake_bot_api.messages(1)) == 1


async def test_per_chat_rate_limit(fake_bot_api: FaultyBotApi) -> None:
    fake_bot_api.set_rate_limit(per_chat_per_second=1, retry_after=1)
    async with make_bot(fake_bot_api) as bot:
        await bot.send_message(1, "a")
        await bot.send_message(2, "a")
        with pytest.raises(RetryAfter):
            await bot.send_message(1, "b")
    fake_bot_api.reset_faults()
    fake_bot_api.set_rate_limit(global_per_second=2)
    async with make_bot(fake_bot_api) as bot:
        await bot.send_message(3, "a")
        await bot.send_message(4, "a")
        with pytest.raises(RetryAfter):
            await bot.send_message(5, "a")


async def test_custom_rule(fake_bot_api: FaultyBotApi) -> None:
    from tests.faultyapi import ApiError

    fake_bot_api.add_rule(
        lambda method, params: (
            ApiError(400, "Bad Request: chat not found") if params.get("chat_id") == "77" else None
        )
    )
    async with make_bot(fake_bot_api) as bot:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(77, "a")
        await bot.send_message(78, "a")


async def test_wait_for_messages_wakes_on_new_message(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        await bot.send_message(3, "one")
        messages = await fake_bot_api.wait_for_messages(3, 1, within=2)
    assert messages[0].text == "one"
    with pytest.raises(TimeoutError):
        await fake_bot_api.wait_for_messages(3, 2, within=0.2)


async def test_edit_reply_markup_and_delete(fake_bot_api: FaultyBotApi) -> None:
    async with make_bot(fake_bot_api) as bot:
        sent = await bot.send_message(4, "text")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
        await bot.edit_message_reply_markup(
            chat_id=4, message_id=sent.message_id, reply_markup=markup
        )
        assert fake_bot_api.message(4, sent.message_id).button_texts() == ["A"]
        assert await bot.delete_message(4, sent.message_id)
        with pytest.raises(BadRequest, match=r"(?i)not found"):
            await bot.delete_message(4, sent.message_id)
    assert fake_bot_api.messages(4) == []
