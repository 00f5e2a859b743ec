"""Chat feeds and filters in storage, and choosing a chat's stories, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.delivery.schedule import rescheduler
from bot.digest import build_digest
from bot.filters import StoryText, dropped_by, parse_term, tokens
from bot.storage import chats, feeds, stories
from bot.storage.database import Database
from bot.storage.feeds import FilterTerm
from bot.storage.models import Article, Source
from tests.botkit import NOW, add_story

pytestmark = pytest.mark.clock


async def subscribe(db: Database, chat_id: int) -> None:
    await chats.subscribe(
        db, chat_id=chat_id, chat_type="private", title=None, now=NOW,
        default_time="08:00", default_timezone="UTC", reschedule=rescheduler(NOW),
    )  # fmt: skip


async def add(db: Database, chat_id: int, url: str, title: str = "Blog") -> feeds.Added:
    return await feeds.add_chat_feed(
        db, chat_id, feed_url=url, title=title, host="blog.example", now=NOW,
        max_per_chat=3, max_total=5,
    )  # fmt: skip


async def test_one_source_row_per_feed_however_many_chats(db: Database) -> None:
    for chat_id in (1, 2):
        await subscribe(db, chat_id)
    first = await add(db, 1, "https://blog.example/feed")
    second = await add(db, 2, "https://blog.example/feed")
    assert (first.status, second.status) == ("added", "added")
    assert first.source_id == second.source_id
    assert (await add(db, 1, "https://blog.example/feed")).status == "already"
    other = await add(db, 1, "https://other.example/feed")  # same title: the name gets the host
    assert other.status == "added" and other.name != first.name
    async with db.sessions() as session:
        rows = (await session.execute(select(Source).where(Source.origin == "user"))).scalars()
        assert len(list(rows)) == 2
    stats = await feeds.feed_stats(db)
    assert (stats.total, stats.shared, stats.failing) == (2, 1, 0)
    assert [name for name, _, _ in await feeds.subscribed_feeds(db)] == [first.name, other.name]


async def test_limits_and_unsubscribed_feeds_stop_being_fetched(db: Database) -> None:
    await subscribe(db, 1)
    for n in range(3):
        assert (await add(db, 1, f"https://blog.example/{n}")).status == "added"
    assert (await add(db, 1, "https://blog.example/9")).status == "chat_limit"
    assert (await add(db, 404, "https://blog.example/9")).status == "no_chat"
    [feed, *_] = await feeds.chat_feeds(db, 1)
    assert await feeds.remove_chat_feed(db, 1, feed.id) == feed.name
    assert await feeds.remove_chat_feed(db, 1, feed.id) is None
    assert feed.name not in [name for name, _, _ in await feeds.subscribed_feeds(db)]
    async with db.sessions() as session:
        assert await session.get(Source, feed.id) is not None  # kept for history


async def test_a_chat_sees_its_own_feeds_and_no_one_elses(db: Database) -> None:
    for chat_id in (1, 2):
        await subscribe(db, chat_id)
    mine = await add(db, 1, "https://mine.example/feed", "Mine")
    await add_story(db, "Operator news")
    story = await add_story(db, "Only in my feed")
    async with db.transaction() as session:
        article = (
            await session.execute(select(Article).where(Article.story_id == story))
        ).scalar_one()
        article.source_id = mine.source_id
    since = NOW - timedelta(days=1)
    for chat_id, expected in ((1, {"Operator news", "Only in my feed"}), (2, {"Operator news"})):
        profile = await feeds.chat_profile(db, chat_id)
        built = await build_digest(db, now=NOW, since=since, limit=10, profile=profile)
        assert {s.headline for s in built.stories} == expected
    operator = await build_digest(db, now=NOW, since=since, limit=10)
    assert [s.headline for s in operator.stories] == ["Operator news"]
    newest = await stories.latest_story(db)  # /latest: the newest story is not everyone's
    assert newest is not None and newest.headline == "Operator news"


async def test_filters_drop_whole_words_only(db: Database) -> None:
    await subscribe(db, 1)
    assert await feeds.add_filter(db, 1, parse_term("-crypto"), limit=30)
    assert await feeds.add_filter(db, 1, parse_term('-"transfer window"'), limit=30)
    await add_story(db, "Cryptocurrency rally", bullets=["Prices rose."])
    await add_story(db, "Crypto exchange fails", bullets=["Withdrawals halted."])
    await add_story(db, "Clubs spend big", bullets=["The Transfer  Window closes today."])
    await add_story(db, "A window onto transfer", bullets=["Nothing to drop."])
    profile = await feeds.chat_profile(db, 1)
    built = await build_digest(
        db, now=NOW, since=NOW - timedelta(days=1), limit=10, profile=profile
    )
    assert {s.headline for s in built.stories} == {"Cryptocurrency rally", "A window onto transfer"}
    assert await feeds.clear_filters(db, 1) == 2


@pytest.mark.parametrize(
    ("text", "term"),
    [("+AI", FilterTerm(True, "ai")), ('-"Exact  Phrase"', FilterTerm(False, "exact phrase")),
     ("-don’t", FilterTerm(False, "dont")), ("+e-bike", FilterTerm(True, "e bike")),
     ("+two words", None)],
)  # fmt: skip
def test_terms_are_literal_words(text: str, term: FilterTerm | None) -> None:
    if term is None:
        with pytest.raises(ValueError, match="quotes"):
            parse_term(text)
    else:
        assert parse_term(text) == term


@pytest.mark.parametrize("text", ["word", "+", "-   ", "-(.*)+$", '-""', "+" + "a " * 20])
def test_bad_terms_say_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected|needs a word|quotes|at most"):
        parse_term(text)


def test_matching_is_linear_on_hostile_input() -> None:
    text = StoryText.of(["a " * 50_000 + "b"])
    assert dropped_by(text, [FilterTerm(False, "a a a a a a a c")]) is None
    assert dropped_by(text, [FilterTerm(False, "a b")]) == '-"a b"'
    assert tokens("Don't STOP—the e-bike's 2nd run") == [
        "dont",
        "stop",
        "the",
        "e",
        "bikes",
        "2nd",
        "run",
    ]
    assert dropped_by(StoryText.of(["Rain"]), [FilterTerm(True, "sun")]) == "no +sun"
