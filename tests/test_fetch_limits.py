"""Fetch limits under attack: decompression bombs, slow hosts, and budgets that end a pass.

Memory is measured with tracemalloc (it sees every bytes object zlib returns); time budgets
are checked by what happened (hits, teasers kept and retried), never by how long it took.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import logging
import tracemalloc
import zlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

import pytest
from sqlalchemy import select

from bot.ingest.budget import BudgetSpent, FetchBudget
from bot.ingest.fetch import BoundedDecoder, FetchError, TooLarge, fetch, make_http_client
from bot.ingest.pipeline import ingest_all
from bot.settings import AppConfig, FetchConfig
from bot.storage.database import Database
from bot.storage.models import Article, Story, StorySentence
from tests.feedserver import FeedServer, gzip_layers, make_config, rss, seed

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
LIMIT = 1_000_000


@functools.cache
def bomb() -> bytes:
    """64 MiB of zeros, gzip-compressed twice: a few hundred bytes on the wire."""
    return gzip_layers(64 << 20, 2)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


async def ingest(db: Database, config: AppConfig, *, now: datetime = NOW) -> Any:
    async with make_http_client(config.ingest, config.fetch) as client:
        return await ingest_all(db, config, client=client, clock=lambda: now)


async def get(url: str, **limits: Any) -> Any:
    config = make_config([])
    async with make_http_client(config.ingest, config.fetch) as client:
        return await fetch(client, url, max_bytes=limits.get("max_bytes", LIMIT), timeout=10)


async def test_a_stacked_gzip_bomb_is_refused_with_memory_bounded(server: FeedServer) -> None:
    url = server.encoded("/bomb", bomb(), encoding="gzip, gzip")
    assert len(bomb()) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge, match="too large"):
            await get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * LIMIT  # decoded in 64 KiB steps: never the 64 MiB


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", "gzip, gzip", "deflate, gzip"])
async def test_honest_compressed_bodies_decode_whatever_the_layers(
    server: FeedServer, encoding: str
) -> None:
    body = rss([{"title": "Compressed", "guid": "c1", "description": "Brackwell " * 200}])
    data = body.encode()
    for layer in [e.strip() for e in encoding.split(",")]:
        data = gzip.compress(data) if "gzip" in layer else zlib.compress(data)
    url = server.encoded("/feed", data, encoding=encoding)
    fetched = await get(url)
    assert fetched.body == body.encode()


async def test_raw_deflate_without_a_zlib_header_decodes(server: FeedServer) -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = compressor.compress(b"<rss>" + b"x" * 5000 + b"</rss>") + compressor.flush()
    fetched = await get(server.encoded("/raw", data, encoding="deflate"))
    assert fetched.body.startswith(b"<rss>x") and len(fetched.body) == 5011


@pytest.mark.parametrize(
    ("encoding", "message"),
    [("br", "unsupported content encoding 'br'"), ("gzip, " * 4 + "gzip", "stacked")],
)
async def test_encodings_that_cannot_be_decoded_in_bounded_steps_are_refused(
    server: FeedServer, encoding: str, message: str
) -> None:
    with pytest.raises(FetchError, match=message):
        await get(server.encoded("/odd", b"\x00" * 100, encoding=encoding))


def test_the_decoder_caps_every_layer_not_only_the_last() -> None:
    # An inner layer of empty deflate blocks: huge in the middle, nothing at the end.
    empty_blocks = b"\x00\x00\x00\xff\xff" * 400_000  # 2 MB of stored blocks of length 0
    outer = gzip.compress(zlib.compress(b"")[:2] + empty_blocks)
    decoder = BoundedDecoder(["deflate", "gzip"], limit=LIMIT)
    with pytest.raises(TooLarge):
        list(decoder.decode(outer))


async def test_a_bomb_behind_a_teaser_costs_only_that_teaser(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    title, text = seed("040")
    server.encoded("/story", bomb(), encoding="gzip, gzip", content_type="text/html")
    items = [
        {"title": escape(title), "guid": "bomb", "link": server.url("/story"),
         "description": "A teaser about Brackwell Port."},
        {"title": "Whole story", "guid": "whole", "link": "http://news.example.test/w",
         "description": escape(text)},
    ]  # fmt: skip
    config = make_config(
        [{"name": "Wire", "kind": "feed", "url": server.static("/rss", rss(items))}],
        fetch_full_text=True, max_bytes=LIMIT,
    )  # fmt: skip
    with caplog.at_level(logging.INFO, logger="bot"):
        report = await ingest(db, config)
    assert (report.sources_ok, report.new_articles) == (1, 2)
    lines = [r.getMessage() for r in caplog.records]
    assert any(
        line.startswith(f"source 'Wire': keeping the teaser of {server.url('/story')}: ")
        and "too large" in line
        for line in lines
    )


def trickling_feed(server: FeedServer, slow: FeedServer, count: int) -> str:
    items = [
        {
            "title": f"Teaser {n} about Brackwell",
            "guid": f"t{n}",
            "link": slow.url(f"/p{n}"),
            "description": f"Teaser {n}: the Brackwell Port council met on Monday.",
        }
        for n in range(count)
    ]
    return server.static("/rss", rss(items))


async def test_a_slow_host_is_cut_at_its_budget_and_its_teasers_are_retried_next_pass(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    async with FeedServer() as slow:
        for n in range(8):
            slow.trickle(f"/p{n}", every=0.05)
        fetch_policy = {"allow_networks": ["127.0.0.1/32"], "ports": ["1024-65535"],
                        "host_budget": "1s", "per_host": 2}  # fmt: skip
        config = make_config(
            [{"name": "Wire", "kind": "feed", "url": trickling_feed(server, slow, 8)}],
            fetch_full_text=True, timeout="20s", fetch=fetch_policy,
        )  # fmt: skip
        with caplog.at_level(logging.INFO, logger="bot"):
            first = await ingest(db, config)
        # Two requests (the host's slots) ran until the host's budget was spent; the other
        # six were refused at once, not queued behind a byte a second.
        assert sum(slow.hits.values()) == 2
        assert (first.sources_ok, first.new_articles) == (1, 8)
        async with db.sessions() as session:
            stored = list((await session.execute(select(Article))).scalars())
        assert all(a.full_text_pending for a in stored)
        assert sorted(a.full_text_attempts for a in stored) == [0] * 6 + [1] * 2
        assert any("retried next pass" in r.getMessage() for r in caplog.records)

        _, text = seed("040")
        page = "<html><body><article>" + "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        for n in range(8):
            slow.static(f"/p{n}", page + "</article></body></html>", content_type="text/html")
        second = await ingest(db, config, now=NOW + timedelta(minutes=15))
    assert second.sources_ok == 1
    async with db.sessions() as session:
        stored = list((await session.execute(select(Article))).scalars())
        stories = list((await session.execute(select(Story))).scalars())
    assert all(not a.full_text_pending and a.word_count > 300 for a in stored)
    # Each story now speaks with its full article, not the teaser it started from.
    assert all(len(s.quicklook.bullets) >= 3 for s in stories)
    # The search index holds the full text now, not the teaser it indexed first.
    async with db.sessions() as session:
        indexed = list((await session.execute(select(StorySentence))).scalars())
    texts = [i.text for i in indexed]
    assert not any("the Brackwell Port council met on Monday" in t for t in texts)
    recall = [i for i in indexed if "recalling about 310,000" in i.text]
    assert sorted(i.article_id for i in recall) == sorted(a.id for a in stored)


async def test_a_teaser_that_keeps_failing_is_given_up_after_its_retries(
    db: Database, server: FeedServer
) -> None:
    async with FeedServer() as slow:
        slow.status("/p0", 503)
        fetch_policy = {"allow_networks": ["127.0.0.1/32"], "ports": ["1024-65535"],
                        "teaser_retries": 2}  # fmt: skip
        config = make_config(
            [{"name": "Wire", "kind": "feed", "url": trickling_feed(server, slow, 1)}],
            fetch_full_text=True, fetch=fetch_policy,
        )  # fmt: skip
        for n in range(5):
            await ingest(db, config, now=NOW + timedelta(minutes=15 * n))
    assert slow.hits["/p0"] == 3  # the first try and two retries
    async with db.sessions() as session:
        (article,) = (await session.execute(select(Article))).scalars()
    assert (article.full_text_pending, article.full_text_attempts) == (False, 3)


class FakeMonotonic:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_host_budgets_are_charged_by_the_time_each_request_takes() -> None:
    clock = FakeMonotonic()
    config = FetchConfig(host_budget=timedelta(seconds=10), teaser_budget=timedelta(hours=1))
    budget = FetchBudget(config, monotonic=clock)
    async with budget.slot("http://slow.test/feed") as allowed:  # a source's own fetch
        assert allowed == float("inf")  # bounded by its timeout alone, but charged
        clock.now += 7
    async with budget.slot("http://slow.test/b", optional=True) as allowed:
        assert allowed == 3
        clock.now += 3
    with pytest.raises(BudgetSpent, match=r"slow\.test has used its time budget"):
        async with budget.slot("http://slow.test/c", optional=True):
            pass
    # Many feeds on one big host: their own fetches are never refused for its budget.
    async with budget.slot("http://slow.test/other-feed") as allowed:
        assert allowed == float("inf")
    async with budget.slot("http://other.test/", optional=True) as allowed:
        assert allowed == 10  # other hosts keep theirs


async def test_optional_fetches_stop_at_the_teaser_budget() -> None:
    clock = FakeMonotonic()
    config = FetchConfig(teaser_budget=timedelta(seconds=60), host_budget=timedelta(hours=1))
    budget = FetchBudget(config, monotonic=clock)
    async with budget.slot("http://a.test/", optional=True) as allowed:
        assert allowed == 60
    clock.now = 45
    async with budget.slot("http://b.test/", optional=True) as allowed:
        assert allowed == 15
    async with budget.slot("http://b.test/feed") as allowed:  # a source's own fetch
        assert allowed == float("inf")
    clock.now = 60
    with pytest.raises(BudgetSpent, match="teaser time budget"):
        async with budget.slot("http://c.test/", optional=True):
            pass


async def test_a_host_gets_at_most_per_host_requests_at_once() -> None:
    budget = FetchBudget(FetchConfig(per_host=2))
    inside = 0
    peak = 0
    release = asyncio.Event()

    async def request(path: str) -> None:
        nonlocal inside, peak
        async with budget.slot(f"http://busy.test/{path}"):
            inside += 1
            peak = max(peak, inside)
            await release.wait()
            inside -= 1

    tasks = [asyncio.create_task(request(str(n))) for n in range(6)]
    for _ in range(20):  # let every task reach the host's slots
        await asyncio.sleep(0)
    assert (inside, peak) == (2, 2)
    release.set()
    await asyncio.gather(*tasks)
    assert peak == 2
