"""Feeds against a real local HTTP server: formats, conditional GET, dedupe and every fault."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.ingest.models import IngestReport
from bot.ingest.pipeline import ingest_all, make_http_client
from bot.settings import AppConfig
from bot.storage.database import Database, open_database
from bot.storage.models import Article, Source
from bot.storage.stories import count_stories, source_health
from tests.feedserver import FeedServer, make_config, rss, seed, seed_item

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


async def ingest(db: Database, config: AppConfig, *, now: datetime = NOW) -> IngestReport:
    async with make_http_client(config.ingest, config.fetch) as client:
        return await ingest_all(db, config, client=client, clock=lambda: now)


def feed(url: str, name: str = "Wire") -> dict[str, Any]:
    return {"name": name, "kind": "feed", "url": url}


async def articles(db: Database) -> list[Article]:
    async with db.sessions() as session:
        return list((await session.execute(select(Article).order_by(Article.id))).scalars())


async def test_rss_items_become_stories_and_an_unchanged_feed_costs_a_304(
    db: Database, server: FeedServer
) -> None:
    items = [seed_item(p) for p in ("010", "020", "030")]
    url = server.static("/rss.xml", rss(items), etag='"v1"', last_modified="Mon, 01 Jun 2026")
    config = make_config([feed(url)])

    first = await ingest(db, config)
    second = await ingest(db, config, now=NOW + timedelta(minutes=15))

    assert (first.new_articles, first.new_stories, first.sources_ok) == (3, 3, 1)
    assert (second.new_articles, second.sources_ok) == (0, 1)
    assert second.events[0].status == "not_modified"
    assert server.headers["/rss.xml"][1]["If-None-Match"] == '"v1"'
    assert server.headers["/rss.xml"][0]["User-Agent"].startswith("QuickLooks/")
    async with db.sessions() as session:
        source = (await session.execute(select(Source))).scalar_one()
    assert (source.etag, source.last_modified) == ('"v1"', "Mon, 01 Jun 2026")
    stored = sorted(await articles(db), key=lambda a: a.guid or "")
    assert stored[0].url == "http://news.example.test/010?utm_source=rss"
    assert stored[0].canonical_url == "http://news.example.test/010"
    assert stored[0].published_at == datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert stored[0].language == "en"


async def test_atom_and_rss1_feeds_are_read(db: Database, server: FeedServer) -> None:
    title, text = seed("040")
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Wire</title><id>urn:atom</id><updated>2026-06-01T00:00:00Z</updated>"
        f"<entry><title>{escape(title)}</title><id>urn:040</id>"
        '<link href="http://atom.example.test/040"/><updated>2026-06-02T10:00:00Z</updated>'
        f'<author><name>Ada Writer</name></author><content type="text">{escape(text)}</content>'
        "</entry></feed>"
    )
    title, text = seed("050")
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://rdf.example.test/">'
        "<title>RDF</title><link>http://rdf.example.test/</link><description>d</description>"
        '</channel><item rdf:about="http://rdf.example.test/050">'
        f"<title>{escape(title)}</title><link>http://rdf.example.test/050</link>"
        f"<description>{escape(text)}</description></item></rdf:RDF>"
    )
    config = make_config(
        [
            feed(server.static("/atom", atom, content_type="application/atom+xml"), "Atom"),
            feed(server.static("/rdf", rdf, content_type="application/rdf+xml"), "RDF"),
        ]
    )
    report = await ingest(db, config)
    assert (report.sources_ok, report.new_stories) == (2, 2)
    by_url = {a.url: a for a in await articles(db)}
    assert by_url["http://atom.example.test/040"].author == "Ada Writer"
    assert by_url["http://rdf.example.test/050"].title.startswith("Riverside Athletic")


async def test_changed_guids_tracking_links_and_republished_text_are_not_new(
    db: Database, server: FeedServer
) -> None:
    original = seed_item("020", guid="a-1", link="http://news.example.test/020")
    server.static("/rss", rss([original]))
    config = make_config([feed(server.url("/rss"))])
    await ingest(db, config)

    same_link = {**original, "guid": "a-2", "link": "http://NEWS.example.test/020?fbclid=x#top"}
    republished = {**original, "guid": "a-3", "link": "http://news.example.test/other"}
    server.static("/rss", rss([same_link, republished]))
    report = await ingest(db, config, now=NOW + timedelta(hours=1))

    assert report.new_articles == 0
    assert len(await articles(db)) == 1


async def test_truncated_xml_keeps_the_complete_items(db: Database, server: FeedServer) -> None:
    body = rss([seed_item("010"), seed_item("020"), seed_item("030")])
    cut = body[: body.index("<item>", body.index("seed-020"))] + "<item><title>Half"
    config = make_config([feed(server.static("/cut", cut))])
    report = await ingest(db, config)
    assert report.sources_ok == 1
    assert report.new_articles == 2


async def test_xml_with_no_items_left_is_a_clear_failure(db: Database, server: FeedServer) -> None:
    config = make_config([feed(server.static("/broken", "<?xml version='1.0'?><rss><chan"))])
    report = await ingest(db, config)
    assert report.sources_failed == 1
    assert "not a feed" in report.failures[0][1]


async def test_an_html_page_served_as_a_feed_fails_clearly(
    db: Database, server: FeedServer
) -> None:
    page = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
    url = server.static("/feed", page, content_type="text/html; charset=utf-8")
    report = await ingest(db, make_config([feed(url)]))
    assert report.failures == [("Wire", "not a feed: the server sent an HTML page")]


@pytest.mark.parametrize(
    ("content_type", "declared"),
    [
        ("application/rss+xml; charset=utf-8", "iso-8859-1"),
        ("application/rss+xml", "iso-8859-1"),
        ("text/xml", None),
    ],
)
async def test_wrong_or_missing_charsets_still_yield_articles(
    db: Database, server: FeedServer, content_type: str, declared: str | None
) -> None:
    item = seed_item("060")
    item["title"] = "Café owners welcome the salt study"
    body = rss([item])
    if declared:
        body = body.replace('encoding="utf-8"', f'encoding="{declared}"')
    server.static(
        "/latin", body.encode("iso-8859-1", errors="xmlcharrefreplace"), content_type=content_type
    )
    report = await ingest(db, make_config([feed(server.url("/latin"))]))
    assert report.new_articles == 1
    (article,) = await articles(db)
    assert article.title.startswith("Caf")
    assert "owners welcome the salt study" in article.title
    if declared:
        assert article.title == "Café owners welcome the salt study"


async def test_a_huge_body_is_cut_off_at_max_bytes(db: Database, server: FeedServer) -> None:
    url = server.endless("/huge", total=50_000_000)
    report = await ingest(db, make_config([feed(url)], max_bytes=1_000_000))
    assert report.sources_failed == 1
    assert "too large" in report.failures[0][1]
    # The server streams lazily; the client hung up long before 50 MB.
    assert server.bytes_sent["/huge"] < 10_000_000


async def test_an_entity_bomb_is_refused_without_expanding(
    db: Database, server: FeedServer
) -> None:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(lol)}]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title>'
        "<description>boom</description></item></channel></rss>"
    )
    report = await ingest(db, make_config([feed(server.static("/bomb", bomb))]))
    assert report.sources_failed == 1
    assert "entit" in report.failures[0][1]
    assert await count_stories(db) == 0


async def test_a_feed_of_ten_thousand_items_keeps_the_newest(
    tmp_path: Path, server: FeedServer
) -> None:
    # A parsing test: SQLite alone is enough (the store sees only the 25 kept items).
    db = await open_database(f"sqlite:///{tmp_path / 'q.db'}")
    base = datetime(2026, 1, 1, tzinfo=UTC)
    items = [
        {
            "title": f"Item {n}",
            "guid": f"item-{n}",
            "link": f"http://many.example.test/{n}",
            "description": f"Short note number {n} about Project Q{n} in Town{n}.",
            "pubDate": (base + timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S GMT"),
        }
        for n in range(10_000)
    ]
    url = server.static("/many", rss(items))
    report = await ingest(db, make_config([feed(url)], max_items_per_feed=25))
    assert report.new_articles == 25
    titles = {a.title for a in await articles(db)}
    await db.close()
    assert titles == {f"Item {n}" for n in range(9_975, 10_000)}


async def test_a_slow_server_times_out(db: Database, server: FeedServer) -> None:
    url = server.slow("/slow", delay=5)
    started = time.monotonic()
    report = await ingest(db, make_config([feed(url)], timeout="0.3s"))
    assert report.failures == [("Wire", "timed out after 0.3s")]
    assert time.monotonic() - started < 4


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda s: s.status("/gone", 404), "HTTP 404 Not Found"),
        (lambda s: s.status("/err", 500), "HTTP 500 Internal Server Error"),
        (
            lambda s: (s.redirect("/a", to="/b"), s.redirect("/b", to="/a"))[0],
            "too many redirects (more than 5)",
        ),
    ],
)
async def test_http_errors_and_redirect_loops_fail_the_source(
    db: Database, server: FeedServer, setup: Any, message: str
) -> None:
    report = await ingest(db, make_config([feed(setup(server))]))
    assert report.failures == [("Wire", message)]


async def test_a_redirect_is_followed(db: Database, server: FeedServer) -> None:
    server.static("/new", rss([seed_item("010")]))
    report = await ingest(db, make_config([feed(server.redirect("/old", to="/new"))]))
    assert report.new_articles == 1


async def test_a_failing_source_backs_off_exponentially_up_to_max_backoff(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_config([feed(server.status("/down", 503))], interval="15m", max_backoff="1h")
    now = NOW
    delays = []
    for _ in range(5):
        report = await ingest(db, config, now=now)
        assert report.sources_failed == 1
        next_at = report.events[0].next_attempt_at
        assert next_at is not None
        delays.append(next_at - now)
        early = await ingest(db, config, now=next_at - timedelta(seconds=1))
        assert (early.sources_skipped, early.events[0].status) == (1, "skipped")
        now = next_at
    assert delays == [timedelta(minutes=m) for m in (15, 30, 60, 60, 60)]
    warning = caplog.records[-1].getMessage()
    assert warning.startswith(f"source 'Wire' ({server.url('/down')}) failed (5 in a row;")
    assert server.hits["/down"] == 5
    (health,) = await source_health(db)
    assert health.consecutive_failures == 5
    assert health.last_error == "HTTP 503 Service Unavailable"

    server.static("/down", rss([seed_item("010")]))
    report = await ingest(db, config, now=now)
    assert report.sources_ok == 1
    (health,) = await source_health(db)
    assert (health.consecutive_failures, health.next_attempt_at) == (0, None)


async def test_a_failing_source_neither_stops_others_nor_loses_stored_articles(
    db: Database, server: FeedServer
) -> None:
    server.static("/good", rss([seed_item("010")]))
    server.static("/flaky", rss([seed_item("020")]))
    config = make_config(
        [feed(server.url("/good"), "Good"), feed(server.url("/flaky"), "Flaky"),
         feed(server.status("/bad", 500), "Bad")]
    )  # fmt: skip
    first = await ingest(db, config)
    assert (first.sources_ok, first.sources_failed, first.new_articles) == (2, 1, 2)

    server.static("/flaky", "<html><body>maintenance</body></html>", content_type="text/html")
    server.static("/good", rss([seed_item("010"), seed_item("030")]))
    second = await ingest(db, config, now=NOW + timedelta(hours=2))
    assert (second.sources_ok, second.sources_failed, second.new_articles) == (1, 2, 1)
    assert {a.title[:10] for a in await articles(db)} == {"Lunar Orbi", "Westmark C", "Thousands "}


async def test_teasers_are_replaced_by_the_linked_pages_text(
    db: Database, server: FeedServer
) -> None:
    title, text = seed("040")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    page = (
        f"<html><head><title>{escape(title)}</title><script>var secret = 'run me';</script>"
        f"<style>p {{color: red}}</style></head><body><nav>Home | World</nav>"
        f"<article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    )
    server.static("/story", page, content_type="text/html; charset=utf-8")
    teaser = {"title": escape(title), "guid": "t1", "link": server.url("/story"),
              "description": "Smart locks recalled. Read more."}  # fmt: skip
    missing = {"title": "Another teaser", "guid": "t2", "link": server.url("/missing"),
               "description": "Only this short teaser about Brackwell Port is left."}  # fmt: skip
    server.static("/rss", rss([teaser, missing]))
    config = make_config([feed(server.url("/rss"))], fetch_full_text=True, teaser_words=50)

    report = await ingest(db, config)

    assert report.new_articles == 2
    full, kept = sorted(await articles(db), key=lambda a: a.guid or "")
    assert full.word_count > 300
    assert "310,000" in full.text
    assert "run me" not in full.text and "color: red" not in full.text
    assert kept.text == "Only this short teaser about Brackwell Port is left."


async def test_hostile_html_in_feed_titles_and_text_is_kept_as_plain_text(
    db: Database, server: FeedServer
) -> None:
    item = seed_item("030")
    item["title"] = escape('<b>Flood</b> warning <script>alert("x")</script><img src=x onerror=y>')
    item["description"] = escape("<p>Water rose.</p><script>steal()</script>") + item["description"]
    server.static("/rss", rss([item]))
    await ingest(db, make_config([feed(server.url("/rss"))]))
    (article,) = await articles(db)
    assert article.title == "Flood warning"
    assert "steal()" not in article.text and "<" not in article.text
    assert article.text.startswith("Water rose.")


async def test_a_page_source_is_one_article(db: Database, server: FeedServer) -> None:
    title, text = seed("050")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    html = f"<html><head><title>{escape(title)}</title></head><body><article>{paragraphs}"
    url = server.static("/page", html + "</article></body></html>", content_type="text/html")
    config = make_config([{"name": "Page", "kind": "page", "url": url}])
    first = await ingest(db, config)
    again = await ingest(db, config, now=NOW + timedelta(hours=1))
    assert (first.new_stories, again.new_articles) == (1, 0)
    (article,) = await articles(db)
    assert article.url == url
    assert article.title == title


async def test_an_unreachable_host_is_a_network_error(db: Database) -> None:
    # A port on loopback that nothing listens on: the connection is refused locally.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = await ingest(db, make_config([feed(f"http://127.0.0.1:{port}/rss")]))
    assert report.sources_failed == 1
    assert report.failures[0][1].startswith("network error")


async def test_the_shared_client_has_limits_and_user_agent() -> None:
    config = make_config([])
    async with make_http_client(config.ingest, config.fetch) as client:
        assert client.max_redirects == 5
        assert client.follow_redirects
        assert client.timeout == httpx.Timeout(3.0)
        assert client.headers["User-Agent"] == config.ingest.user_agent
