"""The fetch policy: no request reaches an internal address, however the URL spells it.

Two local servers stand in for the world: one on 127.0.0.1 (the "outside", allowed by the
test config's `allow_networks = ["127.0.0.1/32"]`) and one on 127.0.0.2 holding a secret (the
"inside", refused like every other internal address). A fake DNS names hosts for the tests.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html import escape
from typing import Any

import pytest

from bot.ingest.fetch import FetchError, fetch, make_http_client
from bot.ingest.pipeline import ingest_all
from bot.ingest.policy import Resolve, address_refusal
from bot.settings import AppConfig
from bot.storage.database import Database
from bot.storage.stories import source_health
from tests.feedserver import LOCAL_FETCH, FeedServer, make_config, rss, seed, seed_item

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
SECRET = "INTERNAL-ONLY-METADATA-TOKEN"


@pytest.fixture
async def outside() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


@pytest.fixture
async def inside() -> AsyncIterator[FeedServer]:
    async with FeedServer(host="127.0.0.2") as running:
        _, text = seed("040")
        page = f"<html><body><article><h1>{SECRET}</h1>"
        page += "".join(f"<p>{SECRET} {escape(p)}</p>" for p in text.split("\n\n"))
        running.static("/secret", page + "</article></body></html>", content_type="text/html")
        running.static("/rss", rss([seed_item("010")]))
        yield running


def fake_dns(names: dict[str, list[str]]) -> Resolve:
    """A resolver that knows only `names` (never the real DNS)."""

    async def resolve(host: str, port: int) -> list[str]:
        if host not in names:
            raise OSError(f"fake DNS has no {host}")
        return names[host]

    return resolve


async def ingest(db: Database, config: AppConfig, *, resolve: Resolve | None = None) -> Any:
    extra = {"resolve": resolve} if resolve else {}
    async with make_http_client(config.ingest, config.fetch, **extra) as client:
        return await ingest_all(db, config, client=client, clock=lambda: NOW)


def teaser_feed(links: list[str]) -> str:
    items = [
        {
            "title": f"Teaser {n}",
            "guid": f"t{n}",
            "link": escape(link),
            "description": f"Short teaser number {n} about Brackwell Port.",
        }
        for n, link in enumerate(links)
    ]
    return rss(items)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"),
        ("127.0.0.2", "a loopback"),
        ("0.0.0.0", "an unspecified"),
        ("10.1.2.3", "a private"),
        ("172.16.0.1", "a private"),
        ("192.168.1.1", "a private"),
        ("100.64.0.1", "a non-public"),
        ("169.254.169.254", "a link-local"),
        ("224.0.0.1", "a multicast"),
        ("239.255.255.250", "a multicast"),
        ("240.0.0.1", "a reserved"),
        ("255.255.255.255", "a reserved"),
        ("192.0.2.1", "a private"),
        ("::1", "a loopback"),
        ("::", "an unspecified"),
        ("fe80::1", "a link-local"),
        ("fd00:ec2::254", "a unique-local"),
        ("ff02::1", "a multicast"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("::ffff:169.254.169.254", "a link-local"),
        ("::127.0.0.1", "a loopback"),
        ("64:ff9b::a00:1", "a private"),
        ("2002:7f00:1::", "a loopback"),
        ("2001:db8::1", "a private"),
    ],
)
def test_every_internal_address_is_refused(address: str, kind: str) -> None:
    refusal = address_refusal(ipaddress.ip_address(address))
    assert refusal is not None and refusal.endswith(f" {kind} address")


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_allow_networks_exempts_exactly_those_networks() -> None:
    allow = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.1.2.0/24")]
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), allow) is None
    assert address_refusal(ipaddress.ip_address("::ffff:127.0.0.1"), allow) is None
    assert address_refusal(ipaddress.ip_address("10.1.2.99"), allow) is None
    for other in ("127.0.0.2", "::1", "10.1.3.1", "192.168.0.1"):
        assert address_refusal(ipaddress.ip_address(other), allow) is not None


async def test_teasers_never_fetch_internal_pages_in_any_notation(
    db: Database, outside: FeedServer, inside: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    port = inside.port
    links = [
        inside.url("/secret"),  # 127.0.0.2
        f"http://2130706434:{port}/secret",  # decimal
        f"http://0x7f000002:{port}/secret",  # hex
        f"http://127.2:{port}/secret",  # short form
        f"http://[::ffff:127.0.0.2]:{port}/secret",  # IPv4-mapped IPv6
        f"http://internal.test:{port}/secret",  # a name that resolves inside
        f"http://mixed.test:{port}/secret",  # resolves inside first, then outside
        outside.redirect("/go", to=inside.url("/secret")),  # outside, redirecting inside
    ]
    url = outside.static("/rss", teaser_feed(links))
    config = make_config([{"name": "Wire", "kind": "feed", "url": url}], fetch_full_text=True)
    dns = fake_dns({"internal.test": ["127.0.0.2"], "mixed.test": ["127.0.0.2", "127.0.0.1"]})
    with caplog.at_level(logging.INFO, logger="bot"):
        report = await ingest(db, config, resolve=dns)

    assert report.new_articles == len(links)
    assert inside.hits["/secret"] == 0
    async with db.sessions() as session:
        from sqlalchemy import text

        stored = (await session.execute(text("SELECT title || text FROM articles"))).scalars()
        assert not any(SECRET in row for row in stored)
    refused = [r.getMessage() for r in caplog.records if "refused by the fetch policy" in r.msg
               or "refused by the fetch policy" in r.getMessage()]  # fmt: skip
    assert len(refused) == len(links) - 1  # mixed.test connected to its allowed address
    assert all(m.startswith("source 'Wire': keeping the teaser of http") for m in refused)
    assert any("127.0.0.2, a loopback address" in m for m in refused)
    assert any("internal.test resolves to 127.0.0.2, a loopback" in m for m in refused)


async def test_without_allow_networks_loopback_is_refused_in_every_form(
    db: Database, outside: FeedServer
) -> None:
    outside.static("/rss", rss([seed_item("010")]))
    port = outside.port
    urls = [
        outside.url("/rss"),
        f"http://localhost:{port}/rss",
        f"http://0.0.0.0:{port}/rss",
        f"http://[::1]:{port}/rss",
        f"http://2130706433:{port}/rss",
        f"http://metadata.google.internal:{port}/rss",
        f"http://[fd00:ec2::254]:{port}/rss",
        f"http://169.254.169.254:{port}/latest/meta-data/",
    ]
    sources = [{"name": f"S{n}", "kind": "feed", "url": u} for n, u in enumerate(urls)]
    config = make_config(sources, fetch={"ports": ["1-65535"]})
    dns = fake_dns(
        {"localhost": ["127.0.0.1", "::1"], "metadata.google.internal": ["169.254.169.254"]}
    )
    report = await ingest(db, config, resolve=dns)
    assert report.sources_failed == len(urls)
    assert all("refused by the fetch policy" in error for _, error in report.failures)
    assert outside.hits["/rss"] == 0
    health = {h.name: h.last_error for h in await source_health(db)}
    assert "metadata.google.internal resolves to 169.254.169.254" in (health["S5"] or "")


async def test_a_name_is_checked_each_time_it_is_resolved(outside: FeedServer) -> None:
    # DNS rebinding: the first answer is allowed, the next points inside. The address checked
    # is the one connected to, so the second connection is refused.
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    outside.static("/page", "hello", content_type="text/plain")
    config = make_config([])
    url = f"http://rebind.test:{outside.port}/page"
    async with make_http_client(config.ingest, config.fetch, resolve=rebinding) as client:
        first = await fetch(client, url, max_bytes=1000, timeout=3)
    async with make_http_client(config.ingest, config.fetch, resolve=rebinding) as client:
        with pytest.raises(FetchError, match=r"rebind\.test resolves to 127\.0\.0\.2"):
            await fetch(client, url, max_bytes=1000, timeout=3)
    assert first.body == b"hello"
    assert outside.hits["/page"] == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://example.com:25/x", "port 25 is not allowed"),
        ("http://example.com:99999/x", "port 99999 is not a valid port"),
    ],
)
async def test_ports_outside_the_policy_are_refused_before_any_connection(
    url: str, reason: str
) -> None:
    config = make_config([], fetch={})  # the shipped defaults: 80, 443, 8080, 8443
    dns = fake_dns({})  # a lookup would fail loudly: the refusal must come first
    async with make_http_client(config.ingest, config.fetch, resolve=dns) as client:
        with pytest.raises(FetchError, match=reason):
            await fetch(client, url, max_bytes=1000, timeout=3)


async def test_a_redirect_to_another_scheme_is_refused(outside: FeedServer) -> None:
    url = outside.redirect("/ftp", to="ftp://127.0.0.1/etc/passwd")
    config = make_config([])
    async with make_http_client(config.ingest, config.fetch) as client:
        with pytest.raises(FetchError, match="only http and https"):
            await fetch(client, url, max_bytes=1000, timeout=3)


def test_the_test_config_allows_only_127_0_0_1() -> None:
    assert LOCAL_FETCH["allow_networks"] == ["127.0.0.1/32"]
    fetch_config = make_config([]).fetch
    assert [str(n) for n in fetch_config.allow_networks] == ["127.0.0.1/32"]
    assert AppConfig().fetch.allow_networks == []
