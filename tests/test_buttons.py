"""URL buttons Telegram refuses never cost a subscriber a message.

The fake Bot API refuses URL buttons as Telegram does (BUTTON_URL_INVALID for a host without a
dot, an invalid port); the renderer emits only URLs Telegram accepts, and when Telegram still
refuses one the sender sends the message again without its URL buttons.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest
from telegram.request import HTTPXRequest

from bot.botapi.fake import ApiError, button_url_accepted
from bot.delivery.service import deliver_due_digests
from bot.messages.render import safe_url
from bot.storage.database import Database
from bot.storage.models import Article, Story
from summarizers import QuickLook
from tests.deliverykit import FAST, add_chats, add_source, config, ledger, make_bot
from tests.faultyapi import FaultyBotApi

NOW = datetime(2026, 11, 24, 8, 0, 30, tzinfo=UTC)
REFUSED = [
    "http://localhost/news/7",
    "http://intranet/news",
    "http://example.com:99999/x",
    "http://example.com:0/x",
    "https://example./x",
    "http://.example.com/x",
    "http://user@example.com/x",
    "http://exa mple.com/x",
    "javascript:alert(1)",
]
ACCEPTED = [
    "https://example.com/a?b=1#c",
    "http://news.example.co.uk:8080/x",
    "https://пример.рф/новости",
    "http://93.184.215.14/x",
]


@pytest.mark.parametrize("url", REFUSED)
def test_the_renderer_emits_no_url_telegram_would_refuse(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ACCEPTED)
def test_the_renderer_keeps_urls_telegram_accepts(url: str) -> None:
    assert safe_url(url) == url
    assert button_url_accepted(url)


@pytest.mark.parametrize("url", ["http://localhost/news/7", "http://example.com:99999/x"])
async def test_the_fake_refuses_url_buttons_as_telegram_does(
    fake_bot_api: FaultyBotApi, url: str
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Source", url=url)]])
    bot = Bot(fake_bot_api.token, base_url=fake_bot_api.base_url, request=HTTPXRequest())
    async with bot:
        with pytest.raises(BadRequest, match=r"(?i)button_url_invalid"):
            await bot.send_message(1, "hi", reply_markup=markup)
    assert fake_bot_api.messages(1) == []


async def add_linked_story(db: Database, source_id: int, url: str, n: int) -> None:
    created = NOW - timedelta(hours=n + 1)
    look = QuickLook(headline=f"Story {n}", lede=f"Lede {n}.", bullets=[f"Fact {n}."])
    async with db.transaction() as session:
        story = Story(quicklook=look, deep_look=[], facts=[], created_at=created,
                      updated_at=created, published_at=created)  # fmt: skip
        session.add(story)
        await session.flush()
        session.add(
            Article(
                source_id=source_id,
                story_id=story.id,
                url=url,
                canonical_url=url,
                guid=str(n),
                content_hash=f"{n:064d}",
                title=f"Story {n}",
                text="Body.",
                fetched_at=created,
            )
        )


async def test_stories_with_links_telegram_refuses_are_still_delivered(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    source_id = await add_source(db, "wire")
    for n, url in enumerate(["http://localhost/news/7", "http://example.com:99999/x"]):
        await add_linked_story(db, source_id, url, n)
    await add_chats(db, [1], now=NOW)
    async with make_bot(fake_bot_api) as bot:
        report = await deliver_due_digests(bot, db, config(), now=NOW, tuning=FAST)
    assert (report.sent, report.skipped) == (1, 0)
    [message] = fake_bot_api.messages(1)
    assert "Story 0" in message.visible and "Story 1" in message.visible
    assert not any("url" in button for row in message.buttons() for button in row)


async def test_a_message_whose_button_telegram_still_refuses_is_resent_without_it(
    db: Database, fake_bot_api: FaultyBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    # Telegram may refuse a URL our rule accepts (a domain it has blocked, say).
    blocked = "https://blocked.example/story"

    def refuse_blocked(method: str, params: dict[str, object]) -> ApiError | None:
        if blocked in str(params.get("reply_markup")).replace("\\/", "/"):
            return ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        return None

    fake_bot_api.add_rule(refuse_blocked)
    source_id = await add_source(db, "wire")
    await add_linked_story(db, source_id, blocked, 0)
    await add_linked_story(db, source_id, "https://fine.example/story", 1)
    await add_chats(db, [1], now=NOW)
    with caplog.at_level(logging.WARNING, logger="bot"):
        async with make_bot(fake_bot_api) as bot:
            report = await deliver_due_digests(bot, db, config(), now=NOW, tuning=FAST)
    assert (report.sent, report.skipped) == (1, 0)
    [message] = fake_bot_api.messages(1)
    assert "Story 0" in message.visible and "Story 1" in message.visible
    labels = message.button_texts()
    assert "Deep Look 1" in labels and not any(label.startswith("Source") for label in labels)
    assert any(
        "refused a URL button" in r.getMessage() and blocked in r.getMessage()
        for r in caplog.records
    )
    (row,) = await ledger(db)
    assert row.status == "sent"
