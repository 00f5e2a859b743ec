"""The daily digest's "More (N)" button: fewer stories in one message, the rest one press away.

End to end: the real Application (as `quicklooks run` builds it) polling the fake Bot API, the
real delivery tick sending the digest, a real database on every backend. The button's data
names only the edition and a position; the stories come from the pressing chat's own ledger row.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlalchemy import delete

from bot.botapi.fake import SentMessage
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.service import deliver_due_digests
from bot.messages import callbacks, render
from bot.settings import AppConfig
from bot.storage.database import Database
from bot.storage.models import Article, ChatFeed, ChatFilter, Source, Story
from bot.telegram.handlers.digest import MORE_GONE, MORE_NOTHING_LEFT, MORE_UNSUBSCRIBED
from bot.telegram.services import BotApp
from summarizers import QuickLook
from tests.botkit import NOW, Chat, default_config, running_bot
from tests.deliverykit import add_chats, ledger, mute
from tests.faultyapi import FaultyBotApi

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

EDITION = NOW.date()  # chats due at 08:00 UTC; the bot's clock starts at 09:30 that day
EXPIRED = "This button has expired."
_numbers = itertools.count(1)


def fast_config(**delivery: float) -> AppConfig:
    """The shipped config (8 stories, 5 bullets) with send limits that do not slow the tests."""
    config = default_config()
    limits = {"global_rate": 1000.0, "per_chat_rate": 500.0, "group_per_minute": 30000.0}
    limits.update(delivery)
    return config.model_copy(update={"delivery": config.delivery.model_copy(update=limits)})


async def add_source(db: Database, name: str, *, origin: str = "config") -> int:
    async with db.transaction() as session:
        source = Source(
            name=name, kind="feed", location=f"https://{next(_numbers)}.news.example/rss",
            origin=origin, feed_url=f"https://{name.lower().replace(' ', '-')}.example/rss",
        )  # fmt: skip
        session.add(source)
        await session.flush()
        return source.id


async def add_own_feed(db: Database, chat_id: int) -> int:
    """A feed that one chat added (origin "user"): its stories are that chat's news only."""
    source = await add_source(db, "Secret feed", origin="user")
    async with db.transaction() as session:
        session.add(ChatFeed(chat_id=chat_id, source_id=source, added_at=NOW))
    return source


async def add_story(db: Database, source_id: int, headline: str, *, age: int) -> int:
    """A story of about a third of a message at 5 bullets, created `age` minutes before NOW."""
    n = next(_numbers)
    created = NOW - timedelta(minutes=age)
    filler = "with the details a reader of the daily digest wants to see"
    look = QuickLook(
        headline=headline,
        lede=f"The lede of {headline} {filler}, " * 3,
        bullets=[f"Fact {b} of this story {filler}, twice: {filler}." for b in range(1, 6)],
    )
    async with db.transaction() as session:
        story = Story(
            quicklook=look, deep_look=[f"The long look at {headline}."], facts=[],
            created_at=created, updated_at=created, published_at=created,
        )  # fmt: skip
        session.add(story)
        await session.flush()
        session.add(
            Article(
                source_id=source_id, story_id=story.id, url=f"https://news.example/{n}",
                canonical_url=f"https://news.example/{n}", guid=f"more-{n}",
                content_hash=hashlib.sha256(f"more-{n}".encode()).hexdigest(), title=headline,
                text="Body.", fetched_at=created,
            )
        )  # fmt: skip
        return story.id


async def delete_story(db: Database, story_id: int) -> None:
    async with db.transaction() as session:
        await session.execute(delete(Article).where(Article.story_id == story_id))
        await session.execute(delete(Story).where(Story.id == story_id))


def headline(n: int) -> str:
    # Markup and entities in every title: the fake refuses bad HTML, and shows what readers see.
    return f'Story {n} <b>&amp; "quoted"</b> </i>'


async def add_eight(db: Database, *, sources: bool = False) -> list[int]:
    """Eight stories, newest first by number (0 newest); each from its own source if asked."""
    shared = None if sources else await add_source(db, "Wire")
    ids = []
    for n in range(8):
        source_id = shared if shared is not None else await add_source(db, f"Wire {n}")
        ids.append(await add_story(db, source_id, headline(n), age=10 + 2 * n))
    return ids


async def deliver(app: BotApp) -> None:
    """Run the bot's delivery tick, as its repeating job does (the app's one limiter)."""
    services = app.services
    await deliver_due_digests(
        app.bot, services.db, services.config, now=services.clock(), clock=services.clock,
        limiter=app.limiter(), request=services.telegram_request,
    )  # fmt: skip


@asynccontextmanager
async def bot(
    fake: FaultyBotApi, database_url: str, config: AppConfig | None = None
) -> AsyncIterator[BotApp]:
    async with running_bot(fake, database_url, config or fast_config()) as app:
        yield app


def story_numbers(message: SentMessage) -> list[int]:
    """The stories a message shows, by the number in their headline ("4. Story 3 ...")."""
    found = (re.match(r"\d+\. Story (\d+) ", line) for line in message.visible.splitlines())
    return [int(match[1]) for match in found if match]


def more_data(message: SentMessage) -> str:
    [label] = [t for t in message.button_texts() if t.startswith("More (")]
    return message.callback_data(label)


async def press_more(fake: FaultyBotApi, chat: int, message: SentMessage) -> list[SentMessage]:
    """Press More under `message`; return the messages it sent (once its button is gone)."""
    before, edits = len(fake.messages(chat)), len(message.history)
    answers = len(fake.callback_answers)
    fake.press_button(chat, message.message_id, more_data(message), user_id=abs(chat))
    await fake.wait_for(lambda: len(message.history) > edits)
    assert len(fake.callback_answers) == answers + 1
    assert not fake.callback_answers[-1].get("text")
    return fake.messages(chat)[before:]


async def press_refused(fake: FaultyBotApi, chat: int, message: SentMessage, data: str) -> str:
    """Press a button that must not send anything; return the callback answer's text."""
    before, answers = len(fake.messages(chat)), len(fake.callback_answers)
    fake.press_button(chat, message.message_id, data, user_id=abs(chat))
    await fake.wait_for(lambda: len(fake.callback_answers) > answers)
    await fake.wait_until_consumed()
    await Chat(fake, chat, user_id=abs(chat)).say("/help")  # handled after the press
    assert len(fake.messages(chat)) == before + 1, "the press sent a message"
    return str(fake.callback_answers[answers].get("text") or "")


def sends_ok(fake: FaultyBotApi) -> bool:
    return all(c.status == 200 for c in fake.calls if c.method != "getUpdates")


# --- The button's data ---------------------------------------------------------------------


def test_the_more_data_is_the_edition_and_a_position_and_fits_any_digest() -> None:
    more = callbacks.MoreStories(date(2026, 12, 2), 49)
    data = callbacks.encode(more)
    assert data == "mr:20261202.49" and len(data.encode()) <= callbacks.MAX_CALLBACK_BYTES
    assert callbacks.decode(data) == more
    back = callbacks.Back((36**4, 7), "p4", more)
    assert callbacks.decode(callbacks.encode(back)) == back
    assert callbacks.decode("bk:p4:1.2") == callbacks.Back((1, 2), "p4")  # buttons sent before


@pytest.mark.parametrize(
    "data",
    [
        "mr:", "mr:20261202", "mr:20261302.2", "mr:20260230.2", "mr:20261202.1",
        "mr:20261202.0", "mr:20261202.02", "mr:20261202.1000", "mr:20261202.-2",
        "mr:20261202.2:x", "mr:2026-12-02.2", "mr:20261202.2.3", "mr:٢٠٢٦١٢٠٢.2",
        "bk:d20261202:1:", "bk:d20261202:1:20261202.1", "bk:d20261202:1:x",
    ],
)  # fmt: skip
def test_garbled_more_data_is_refused(data: str) -> None:
    with pytest.raises(ValueError):
        callbacks.decode(data)


@dataclass
class ShortStory:
    id: int
    headline: str = "Short"
    quicklook: QuickLook = field(
        default_factory=lambda: QuickLook(headline="Short", lede="Lede.", bullets=["One."])
    )
    deep_look: list[str] = field(default_factory=list)
    links: list[render.LinkLike] = field(default_factory=list)


def test_a_digest_that_fits_has_no_more_button() -> None:
    day = date(2026, 12, 2)
    stories = [ShortStory(n) for n in range(1, 9)]
    (message,) = render.render_digest(stories, bullets=3, day=day, one_message=True, edition=day)
    assert not any(b.text.startswith("More") for row in message.buttons for b in row)
    assert message == render.render_digest(stories, bullets=3, day=day)[0]


# --- Through the bot -----------------------------------------------------------------------


async def test_more_pages_through_the_stories_left_out_of_the_daily_digest(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    async with bot(fake_bot_api, database_url) as app:
        db = app.services.db
        await add_eight(db)
        await add_chats(db, [101], now=NOW)
        await deliver(app)
        [first] = fake_bot_api.messages(101)
        shown = story_numbers(first)
        assert shown == list(range(len(shown))) and 1 <= len(shown) < 8
        left = 8 - len(shown)
        # The stories' buttons, then the More button in a row of its own.
        assert first.buttons()[-1] == [
            {"text": f"More ({left})", "callback_data": f"mr:{EDITION:%Y%m%d}.{len(shown) + 1}"}
        ]
        assert first.visible.endswith(f"+{left} more stories: /digest")
        assert '<b>&amp; "quoted"</b> </i>' in first.visible  # every title escaped

        pages, message = [first], first
        while any(t.startswith("More") for t in message.button_texts()):
            before = message.button_texts()
            [message] = await press_more(fake_bot_api, 101, message)
            # The pressed message keeps its stories' buttons; only More is gone.
            assert pages[-1].button_texts() == [t for t in before if not t.startswith("More")]
            assert len(pages[-1].history) == 1 and pages[-1].text == pages[-1].history[0]
            pages.append(message)
        seen = [n for page in pages for n in story_numbers(page)]
        assert seen == list(range(8))  # each story once, in the digest's order
        assert len(pages) >= 3
        # A page goes on numbering where the one before stopped, with Deep Look buttons.
        second = pages[1]
        assert second.visible.startswith(f"{len(shown) + 1}. Story {len(shown)} ")
        assert "Deep Look" in " ".join(second.button_texts())
        assert '<b>&amp; "quoted"</b> </i>' in second.visible
        assert not pages[-1].visible.endswith("/digest")
        # Still one daily digest message in the ledger for the edition.
        [row] = await ledger(db)
        assert (row.edition, row.status, row.messages_total, row.messages_sent) == (
            EDITION.isoformat(), "sent", 1, 1,
        )  # fmt: skip
        assert sends_ok(fake_bot_api)


async def test_deep_look_and_back_keep_the_more_button_and_line(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    async with bot(fake_bot_api, database_url) as app:
        await add_eight(app.services.db)
        await add_chats(app.services.db, [101], now=NOW)
        await deliver(app)
        [first] = fake_bot_api.messages(101)
        original = (first.text, first.buttons())
        chat = Chat(fake_bot_api, 101, user_id=101)
        await chat.press(first, "Deep Look 1")
        assert "The long look at Story 0" in first.visible
        back = first.callback_data("Back")
        assert len(back.encode()) <= 64
        await chat.press(first, "Back")
        assert (first.text, first.buttons()) == original
        [page] = await press_more(fake_bot_api, 101, first)
        # On a page too: Deep Look, Back, and its own More button stays.
        page_original = (page.text, page.buttons())
        label = next(t for t in page.button_texts() if t.startswith("Deep Look"))
        await chat.press(page, label)
        await chat.press(page, "Back")
        assert (page.text, page.buttons()) == page_original
        assert sends_ok(fake_bot_api)


async def test_stories_deleted_muted_or_filtered_since_are_left_out_of_the_page(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    async with bot(fake_bot_api, database_url) as app:
        db = app.services.db
        ids = await add_eight(db, sources=True)
        await add_chats(db, [101, 202], now=NOW)
        await deliver(app)
        [first] = fake_bot_api.messages(101)
        shown = len(story_numbers(first))
        rest = list(range(shown, 8))
        assert len(rest) >= 4
        deleted, muted, filtered = rest[0], rest[1], rest[2]
        await delete_story(db, ids[deleted])
        await mute(db, 101, f"Wire {muted}")
        async with db.transaction() as session:
            session.add(ChatFilter(chat_id=101, include=False, term=f"story {filtered}"))
        pages, message = [], first
        while any(t.startswith("More") for t in message.button_texts()):
            [message] = await press_more(fake_bot_api, 101, message)
            pages.append(message)
        seen = [n for page in pages for n in story_numbers(page)]
        assert seen == [n for n in rest if n not in (deleted, muted, filtered)]
        # Chat 202 mutes every source of its remaining stories: nothing is left to send.
        [other] = fake_bot_api.messages(202)
        for n in rest:
            await mute(db, 202, f"Wire {n}")
        answer = await press_refused(fake_bot_api, 202, other, more_data(other))
        assert answer == MORE_NOTHING_LEFT
        assert fake_bot_api.callback_answers[-1].get("show_alert") in (True, "true")
        assert sends_ok(fake_bot_api)


async def test_a_more_press_never_shows_another_chats_own_feed(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    async with bot(fake_bot_api, database_url) as app:
        db = app.services.db
        await add_eight(db)
        await add_chats(db, [101, 202], now=NOW)
        await add_chats(db, [303], now=NOW, deliver_time="23:00")  # no digest yet today
        secret = await add_own_feed(db, 101)
        # Chat 101's own feed carries two stories among the others: in its digest's rest.
        for n, age in enumerate((15, 19)):
            await add_story(db, secret, f"Secret {n} of chat 101", age=age)
        await deliver(app)
        [mine] = fake_bot_api.messages(101)
        [theirs] = fake_bot_api.messages(202)
        data = more_data(mine)
        # Chat 202 presses chat 101's button data (the same edition) under its own digest.
        pressed = fake_bot_api.press_button(202, theirs.message_id, data, user_id=202)
        assert pressed
        await fake_bot_api.wait_for(lambda: len(fake_bot_api.messages(202)) > 1)
        await Chat(fake_bot_api, 202, user_id=202).say("/help")
        shown_to_202 = "\n".join(m.visible for m in fake_bot_api.messages(202))
        assert "Secret" not in shown_to_202
        # Chat 303 has no digest for the edition: the same data finds nothing of anyone's.
        [hint] = await Chat(fake_bot_api, 303, user_id=303).say("/help")
        assert await press_refused(fake_bot_api, 303, hint, data) == MORE_GONE
        assert "Secret" not in "\n".join(m.visible for m in fake_bot_api.messages(303))
        # Chat 101 itself does get its own feed's stories, on its pages.
        pages, message = [], mine
        while any(t.startswith("More") for t in message.button_texts()):
            [message] = await press_more(fake_bot_api, 101, message)
            pages.append(message)
        assert "Secret 0 of chat 101" in "\n".join(p.visible for p in pages)
        assert sends_ok(fake_bot_api)


async def test_stale_garbled_and_unsubscribed_presses_get_a_notice_and_send_nothing(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    async with bot(fake_bot_api, database_url) as app:
        db = app.services.db
        await add_eight(db)
        await add_chats(db, [101], now=NOW)
        await deliver(app)
        [first] = fake_bot_api.messages(101)
        refused = {
            "mr:20261302.2": EXPIRED,  # no such date
            "mr:20260610.1": EXPIRED,  # the first page is the digest itself
            "mr:20260610.x": EXPIRED,
            "mr:20250101.2": MORE_GONE,  # no digest that day (or pruned from the ledger)
            "mr:20260610.9": MORE_GONE,  # past the digest's 8 stories
            "mr:20260610.500": MORE_GONE,
        }
        for data, notice in refused.items():
            assert await press_refused(fake_bot_api, 101, first, data) == notice, data
        # Unsubscribed since: the chat's digest is not continued.
        await Chat(fake_bot_api, 101, user_id=101).say("/stop")
        answer = await press_refused(fake_bot_api, 101, first, more_data(first))
        assert answer == MORE_UNSUBSCRIBED
        # A chat that never subscribed gets the same notice.
        [hint] = await Chat(fake_bot_api, 404, user_id=404).say("/help")
        assert await press_refused(fake_bot_api, 404, hint, more_data(first)) == MORE_UNSUBSCRIBED
        assert sends_ok(fake_bot_api)


async def test_a_group_member_pages_the_groups_digest(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    async with bot(fake_bot_api, database_url) as app:
        await add_eight(app.services.db)
        await add_chats(app.services.db, [-600], now=NOW, chat_type="group")
        await deliver(app)
        [first] = fake_bot_api.messages(-600)
        fake_bot_api.press_button(-600, first.message_id, more_data(first), user_id=7)
        [_, page] = await fake_bot_api.wait_for_messages(-600, 2)
        assert story_numbers(page)[0] == len(story_numbers(first))
        assert sends_ok(fake_bot_api)


# --- The rate budget -----------------------------------------------------------------------


class VirtualTime:
    """A monotonic clock that sleeping advances: the limiter's waits, measured exactly."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


async def test_a_more_page_takes_its_slots_in_the_same_budget_as_delivery(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    config = fast_config(per_chat_rate=1.0)  # one message a second per chat
    async with bot(fake_bot_api, database_url, config) as app:
        time = VirtualTime()
        app._limiter = RateLimiter(
            global_rate=1000.0, per_chat_rate=1.0, group_per_minute=20.0,
            clock=time, sleep=time.sleep,
        )  # fmt: skip
        await add_eight(app.services.db)
        await add_chats(app.services.db, [101], now=NOW)
        await deliver(app)  # the digest: granted at 0 s
        [first] = fake_bot_api.messages(101)
        assert time.now == 0.0
        await press_more(fake_bot_api, 101, first)
        # The page waited out the chat's second after the digest, the keyboard edit another.
        assert time.now == pytest.approx(2.0)
        # A 429 on the next page pauses everyone's sending, then the page goes out.
        fake_bot_api.throttle_next(1, retry_after=7)
        [page] = fake_bot_api.messages(101)[1:]
        [third] = await press_more(fake_bot_api, 101, page)
        assert time.now >= 2.0 + 7.0
        assert [c.status for c in fake_bot_api.calls_to("sendMessage")][-2:] == [429, 200]
        assert story_numbers(third)


async def test_a_forged_story_button_never_shows_another_chats_own_feed(
    fake_bot_api: FaultyBotApi, database_url: str
) -> None:
    """Deep Look, Back and a search result look a story up by id: the id alone is no licence."""
    async with bot(fake_bot_api, database_url) as app:
        db = app.services.db
        await add_eight(db)
        await add_chats(db, [101, 202], now=NOW)
        secret = await add_own_feed(db, 101)
        story = await add_story(db, secret, "Secret story of chat 101", age=15)
        await deliver(app)
        [theirs] = fake_bot_api.messages(202)

        forged = [
            callbacks.encode(callbacks.DeepLook(story, callbacks.story_context())),
            callbacks.encode(callbacks.ShowStory(story)),
            callbacks.encode(callbacks.Back((story,), callbacks.story_context())),
        ]
        for data in forged:
            answer = await press_refused(fake_bot_api, 202, theirs, data)
            assert answer.startswith(("That story", "Those stories")), (data, answer)
            shown = "\n".join(m.visible for m in fake_bot_api.messages(202))
            assert "Secret" not in shown, data
        # Chat 101 follows the feed: its own Deep Look of the story works.
        [mine] = fake_bot_api.messages(101)
        before = len(fake_bot_api.callback_answers)
        fake_bot_api.press_button(101, mine.message_id, forged[1], user_id=101)
        await fake_bot_api.wait_for(lambda: len(fake_bot_api.messages(101)) > 1)
        assert "Secret story of chat 101" in fake_bot_api.messages(101)[-1].visible
        assert fake_bot_api.callback_answers[before].get("text") in (None, "")
