"""End to end: /add, /feeds, OPML import and export, filters, shared feeds, on both databases.

The real bot talks to the fake Bot API; feeds come from the local feed server, fetched through
the fetch policy (only 127.0.0.1 is allowed, so 127.0.0.2 stands for an internal address).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import StartedClock
from bot.ingest.opml import read_opml
from bot.ingest.pipeline import ingest_all
from bot.settings import AppConfig
from bot.telegram.handlers.feeds import tell_failing_feeds
from bot.telegram.services import BotApp
from tests.botkit import NOW, Chat, add_story, default_config, running_bot
from tests.faultyapi import FaultyBotApi
from tests.feedserver import LOCAL_FETCH, FeedServer, rss

pytestmark = pytest.mark.clock


def items(prefix: str, count: int = 3) -> list[dict[str, str]]:
    return [
        {
            "title": f"{prefix} story {n}",
            "description": f"The {prefix} report number {n} says something happened today.",
            "link": f"http://news.example.test/{prefix}/{n}",
            "guid": f"{prefix}-{n}",
            "pubDate": "Wed, 10 Jun 2026 08:00:00 GMT",
        }
        for n in range(count)
    ]


def config_with(**feeds: Any) -> AppConfig:
    base = default_config()
    return AppConfig.model_validate(
        {
            **base.model_dump(exclude={"feeds", "fetch", "ingest"}),
            "fetch": LOCAL_FETCH,
            "ingest": {"timeout": "3s", "fetch_full_text": False, "max_bytes": 200_000},
            "feeds": {"min_interval": "1m", **feeds},
        }
    )


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


@pytest.fixture
async def bot(fake_bot_api: FaultyBotApi, database_url: str) -> AsyncIterator[BotApp]:
    async with running_bot(fake_bot_api, database_url, config_with()) as app:
        yield app


async def subscribed(fake: FaultyBotApi, chat_id: int, **kind: Any) -> Chat:
    chat = Chat(fake, chat_id, user_id=abs(chat_id), **kind)
    await chat.say("/start")
    return chat


async def test_add_a_feed_then_its_site_page_finds_the_same_feed(
    bot: BotApp, fake_bot_api: FaultyBotApi, server: FeedServer
) -> None:
    server.static("/rss.xml", rss(items("wire"), title="Local &amp; Wire"))
    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
    server.static("/site", page + "</head><body>Hi</body></html>", content_type="text/html")
    chat = await subscribed(fake_bot_api, 11)
    [added] = await chat.say(f"/add {server.url('/rss.xml')}?utm_source=x")
    assert added.visible == "Added Local & Wire (3 items). It joins this chat's digest."
    assert "<b>Local &amp; Wire</b>" in added.text
    [again] = await chat.say(f"/add {server.url('/site')}")
    assert again.visible == "Already added: Local & Wire."
    [listing] = await chat.say("/feeds")
    assert "Local & Wire" in listing.visible and "Remove Local & Wire" in listing.button_texts()
    await chat.press(listing, "Remove Local & Wire")
    assert "No feeds yet" in listing.visible


async def test_a_page_without_a_link_is_found_on_a_common_path(
    bot: BotApp, fake_bot_api: FaultyBotApi, server: FeedServer
) -> None:
    server.static("/blog/post", "<html><body>No links here</body></html>", content_type="text/html")
    server.static("/atom.xml", rss(items("atom", 2), title="Path Feed"))
    chat = await subscribed(fake_bot_api, 12)
    [added] = await chat.say(f"/add {server.url('/blog/post')}")
    assert added.visible.startswith("Added Path Feed (2 items)")
    assert server.hits["/feed"] == 1 and server.hits["/rss.xml"] == 1  # tried in order


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("html", "No feed there"),
        ("status", "Could not reach it: HTTP 500"),
        ("big", "too big"),
        ("internal", "That address is not allowed"),
        ("bad", "That is not a web address"),
        ("malformed", "No feed there"),
    ],
)
async def test_every_refusal_is_one_line(
    bot: BotApp, fake_bot_api: FaultyBotApi, server: FeedServer, setup: str, expected: str
) -> None:
    html, xml = "text/html", "application/rss+xml"
    address = {
        "html": lambda: server.static("/page", "<html><body>x</body></html>", content_type=html),
        "status": lambda: server.status("/down", 500),
        "big": lambda: server.endless("/huge", total=5_000_000),
        "internal": lambda: f"http://127.0.0.2:{server.port}/rss",
        "bad": lambda: "not a url at all",
        "malformed": lambda: server.static("/bad.xml", "<rss><channel><item>", content_type=xml),
    }[setup]()
    chat = await subscribed(fake_bot_api, 13)
    [reply] = await chat.say(f"/add {address}")
    assert expected in reply.visible and "\n" not in reply.visible and len(reply.visible) < 300
    [listing] = await chat.say("/feeds")
    assert "No feeds yet" in listing.visible


async def test_limits_and_permissions(
    fake_bot_api: FaultyBotApi, database_url: str, server: FeedServer
) -> None:
    one, two = (server.static(f"/{n}.xml", rss(items(f"f{n}"), title=f"F{n}")) for n in (1, 2))
    async with running_bot(fake_bot_api, database_url, config_with(max_per_chat=1)):
        chat = await subscribed(fake_bot_api, 14)
        [first] = await chat.say(f"/add {one}")
        assert first.visible.startswith("Added F1")
        [full] = await chat.say(f"/add {two}")
        assert full.visible == "This chat has reached its limit of 1 feeds."
        fake_bot_api.set_admins(-700, [1])
        group = Chat(fake_bot_api, -700, chat_type="supergroup", user_id=1)
        await group.say("/start")
        member = Chat(fake_bot_api, -700, chat_type="supergroup", user_id=2)
        [refused] = await member.say(f"/add {two}")
        assert "administrators" in refused.visible
        [ok] = await group.say(f"/add {two}")
        assert ok.visible.startswith("Added F2")
    async with running_bot(fake_bot_api, database_url, config_with(allow_user_feeds="none")):
        [off] = await chat.say(f"/add {two}")
        assert off.visible == "Adding feeds is turned off on this bot."
    async with running_bot(fake_bot_api, database_url, config_with(allow_user_feeds="admins")):
        [operators] = await chat.say(f"/add {two}")
        assert operators.visible == "On this bot only its operators can add feeds."


async def test_two_chats_share_one_feed_fetched_once_per_pass(
    bot: BotApp, fake_bot_api: FaultyBotApi, server: FeedServer
) -> None:
    url = server.static("/shared.xml", rss(items("shared"), title="Shared"))
    first, second = await subscribed(fake_bot_api, 21), await subscribed(fake_bot_api, 22)
    outsider = await subscribed(fake_bot_api, 23)
    for chat in (first, second):
        [reply] = await chat.say(f"/add {url}")
        assert reply.visible.startswith(("Added Shared",))
    before = server.hits["/shared.xml"]
    services = bot.services
    report = await ingest_all(
        services.db, services.config, client=services.http, clock=services.clock
    )
    assert server.hits["/shared.xml"] == before + 1 and report.new_articles == 3
    for chat in (first, second):
        [digest] = await chat.say("/digest")
        assert "shared story" in digest.visible
    [none] = await outsider.say("/digest")
    assert "shared story" not in none.visible
    [stats] = await Chat(fake_bot_api, 4242, user_id=4242).say("/stats")
    assert "User feeds: 1 (1 shared by several chats, 0 failing)" in stats.visible


async def test_a_failing_feed_is_told_once_with_a_remove_button(
    bot: BotApp, fake_bot_api: FaultyBotApi, server: FeedServer
) -> None:
    url = server.static("/flaky.xml", rss(items("flaky"), title="Flaky"))
    chat = await subscribed(fake_bot_api, 31)
    await chat.say(f"/add {url}")
    server.status("/flaky.xml", 503)
    services = bot.services
    for n in range(1, 5):
        at = services.clock() + timedelta(hours=2 * n)
        await ingest_all(services.db, services.config, client=services.http, clock=StartedClock(at))
    before = len(fake_bot_api.messages(31))
    assert await tell_failing_feeds(bot.bot, services) == 1
    assert await tell_failing_feeds(bot.bot, services) == 0
    notice = fake_bot_api.messages(31)[before]
    assert "Flaky" in notice.visible and "keeps failing" in notice.visible
    await chat.press(notice, "Remove")
    assert "No feeds yet" in notice.visible


def real_world_opml(server: FeedServer, good: int) -> bytes:
    """An OPML export like feed readers write: folders, odd attributes, broken entries."""
    outlines = []
    for n in range(good):
        url = server.static(f"/feeds/{n}.xml", rss(items(f"o{n}", 1), title=f"Feed {n}"))
        outlines.append(
            f'<outline type="rss" text="Feed {n}" title="Feed {n}" xmlUrl="{url}" htmlUrl="http://x.test/"/>'
        )
    page = server.static("/plain", "<html>hi</html>", content_type="text/html")
    broken = [
        '<outline text="Missing address"/>',
        '<outline type="rss" text="Not a URL" xmlUrl="javascript:alert(1)"/>',
        f'<outline type="rss" text="Gone" xmlUrl="{server.url("/gone.xml")}"/>',
        f'<outline type="rss" text="Internal" xmlUrl="http://127.0.0.2:{server.port}/x"/>',
        f'<outline type="rss" text="Page" xmlUrl="{page}"/>',
        f'<outline type="rss" text="Duplicate" xmlUrl="{server.url("/feeds/0.xml")}"/>',
    ]  # fmt: skip
    folders = [outlines[i : i + 20] for i in range(0, len(outlines), 20)]
    body = "".join(
        f'<outline text="Folder {i}"><outline text="Sub">{"".join(f)}</outline></outline>'
        for i, f in enumerate(folders)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><head><title>My feeds'
        f"</title></head><body>{body}{''.join(broken)}</body></opml>"
    ).encode()


async def test_opml_import_of_200_outlines_and_export_round_trip(
    fake_bot_api: FaultyBotApi, database_url: str, server: FeedServer
) -> None:
    data = real_world_opml(server, 195)
    assert data.count(b"<outline") >= 200
    async with running_bot(fake_bot_api, database_url, config_with(max_per_chat=300)):
        chat = await subscribed(fake_bot_api, 41)
        before = len(fake_bot_api.messages(41))
        fake_bot_api.send_document(41, "subscriptions.opml", data, user_id=41)
        [*_, report] = await fake_bot_api.wait_for_messages(41, before + 1, within=60)
        assert report.visible.startswith(
            "Imported subscriptions.opml: 195 added, 1 already there, 4 refused."
        )
        assert "1 outlines had no feed address." in report.visible
        assert "not allowed" in report.visible and "No feed there" in report.visible
        [exported] = await chat.say("/export")
        assert exported.document is not None and exported.document.file_name.endswith(".opml")
        listed = read_opml(exported.document.content)
        assert len(listed.feeds) == 195 and {f.title for f in listed.feeds} >= {
            "Feed 0",
            "Feed 194",
        }
        other = await subscribed(fake_bot_api, 42)
        before = len(fake_bot_api.messages(42))
        fake_bot_api.send_document(42, "back.opml", exported.document.content, user_id=42)
        [*_, again] = await fake_bot_api.wait_for_messages(42, before + 1, within=60)
        assert again.visible.startswith(
            "Imported back.opml: 195 added, 0 already there, 0 refused."
        )
        [listing] = await other.say("/feeds")
        assert "Page 1 of 20" in listing.visible and "Next ›" in listing.button_texts()
        await other.press(listing, "Next ›")
        assert "Page 2 of 20" in listing.visible


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<opml><body><outline", "malformed XML"),
        (b"<rss version='2.0'><channel/></rss>", "not OPML"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>', "refused"),
        (b"<opml version='2.0'><head/><body><outline text='folder'/></body></opml>", "No feeds"),
    ],
)
async def test_bad_opml_files_get_one_clear_reply(
    bot: BotApp, fake_bot_api: FaultyBotApi, content: bytes, expected: str
) -> None:
    await subscribed(fake_bot_api, 51)
    before = len(fake_bot_api.messages(51))
    fake_bot_api.send_document(51, "feeds.opml", content, user_id=51)
    [*_, reply] = await fake_bot_api.wait_for_messages(51, before + 1)
    assert expected in reply.visible and len(reply.visible) < 300


async def test_oversized_and_non_opml_files(fake_bot_api: FaultyBotApi, database_url: str) -> None:
    async with running_bot(fake_bot_api, database_url, config_with(max_opml_bytes=1000)):
        await subscribed(fake_bot_api, 52)
        before = len(fake_bot_api.messages(52))
        fake_bot_api.send_document(52, "big.opml", b"<opml>" + b" " * 2000 + b"</opml>", user_id=52)
        fake_bot_api.send_document(52, "photo.png", b"\x89PNG", user_id=52)
        [*_, big, png] = await fake_bot_api.wait_for_messages(52, before + 2)
        assert "too big to import" in big.visible and "send an OPML file" in png.visible


async def test_filters_and_their_preview(bot: BotApp, fake_bot_api: FaultyBotApi) -> None:
    db = bot.services.db
    await add_story(db, "Crypto exchange collapses", bullets=["Bitcoin fell."])
    await add_story(db, "Cryptography prize awarded", bullets=["A maths result."])
    await add_story(db, "Transfer window opens", bullets=["Clubs may buy players."])
    await add_story(db, "Old crypto news", created_at=NOW - timedelta(hours=60))
    chat = await subscribed(fake_bot_api, 61)
    [saved] = await chat.say("/filter -CRYPTO")
    assert saved.visible.startswith("Filter -crypto saved")
    [phrase] = await chat.say('/filter -"transfer window"')
    assert 'Filter -"transfer window" saved' in phrase.visible
    [bad] = await chat.say("/filter (.*)+$")
    assert bad.visible.startswith("Expected +word")
    [preview] = await chat.say("/filter preview")
    lines = preview.visible.splitlines()
    assert lines[0] == "Filter preview, last 48 hours: 1 delivered, 2 dropped."
    assert "🚫 Crypto exchange collapses — -crypto" in lines
    assert '🚫 Transfer window opens — -"transfer window"' in lines
    assert "✅ Cryptography prize awarded" in lines and "Old crypto" not in preview.visible
    [digest] = await chat.say("/digest")
    assert "Cryptography prize" in digest.visible and "Crypto exchange" not in digest.visible
    [include] = await chat.say("/filter +maths")
    assert "saved" in include.visible
    [shown] = await chat.say("/filter")
    assert '+maths, -crypto, -"transfer window"' in shown.visible
    [cleared] = await chat.say("/filter clear")
    assert cleared.visible == "Filters cleared (3 terms)."
    member = Chat(fake_bot_api, -800, chat_type="supergroup", user_id=5)
    [refused] = await member.say("/filter -x")
    assert "/start" in refused.visible or "administrators" in refused.visible
