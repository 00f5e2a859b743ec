"""Ingest under attack: peak memory and wall time of a pass over hostile feeds vs clean ones.

Usage: python benchmarks/hostile.py [--feeds 44] [--items 25] [--seed 7]

A server process on 127.0.0.1 serves two corpora of the same size (feeds x items): clean
synthetic feeds (as benchmarks/ingest.py makes them) and hostile ones, one class of attack per
feed in rotation: stacked-gzip bombs (1 GiB decoded) as feeds and behind teaser links, teasers
on a host that answers one byte every 50 ms, 1 MB titles and descriptions, entity bombs in
UTF-16 without a BOM, bad character references with NUL bytes and over-long languages, links
to an "internal" server on 127.0.0.2 (which must see no request), an endless body, a feed that
trickles, a redirect loop and Shift_JIS declared as UTF-8. Each pass runs in a fresh process
(its own peak RSS) with the shipped [ingest] and [fetch] settings, except that 127.0.0.1 is
allowed and its ports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ingest import build_feeds  # noqa: E402
from tests.feedserver import FeedServer, gzip_layers, rss  # noqa: E402

KINDS = [
    "gzip_bomb_feed",
    "teasers_to_bombs",
    "slow_teasers",
    "huge_fields",
    "entity_bomb_utf16",
    "bad_references",
    "internal_links",
    "endless_body",
    "trickling_feed",
    "redirect_loop",
    "wrong_charset",
]


def _items(
    feed: int, count: int, *, link: Any, text: Any, title: Any = None
) -> list[dict[str, str]]:
    return [
        {
            "title": escape(title(i) if title else f"Feed {feed} item {i} on Brackwell {i}"),
            "guid": f"h-{feed}-{i}",
            "link": escape(link(i)),
            "description": escape(text(i)),
        }
        for i in range(count)
    ]


def _teaser(i: int) -> str:
    return f"Teaser {i}: the Brackwell council met on Monday."


def hostile_routes(
    server: FeedServer, slow: FeedServer, internal: str, feeds: int, items: int
) -> list[str]:
    """Register one hostile feed per index (attack classes in rotation); return their paths."""
    bomb = gzip_layers(1 << 30, 2)
    server.encoded("/bomb", bomb, encoding="gzip, gzip", content_type="text/html")
    for n in range(items):
        slow.trickle(f"/slow/{n}", every=0.05)
    paths = []
    for f in range(feeds):
        kind = KINDS[f % len(KINDS)]
        path = f"/hostile/{f}.xml"
        paths.append(path)
        base = f"http://bench.example.test/h{f}"
        if kind == "gzip_bomb_feed":
            server.encoded(path, bomb, encoding="gzip, gzip")
        elif kind == "teasers_to_bombs":
            body = _items(f, items, link=lambda i: server.url(f"/bomb?i={i}"), text=_teaser)
            server.static(path, rss(body))
        elif kind == "slow_teasers":
            body = _items(f, items, link=lambda i: slow.url(f"/slow/{i}"), text=_teaser)
            server.static(path, rss(body))
        elif kind == "huge_fields":
            body = _items(
                f,
                items,
                link=lambda i, base=base: f"{base}/{i}",
                title=lambda i: f"T{i} " * 40_000,
                text=lambda i: f"Word{i} " * 20_000,
            )
            server.static(path, rss(body)[:4_900_000] + "</channel></rss>")
        elif kind == "entity_bomb_utf16":
            lol = ['<!ENTITY lol0 "lol">'] + [
                f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
            ]
            doc = (
                f'<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [{"".join(lol)}]>'
                + rss(
                    [
                        {"title": "&lol9;", "guid": f"b{n}", "description": "&lol9;"}
                        for n in range(items)
                    ]
                ).split("?>", 1)[1]
            )
            server.static(path, doc.encode("utf-16-le"), content_type="application/xml")
        elif kind == "bad_references":
            body = _items(f, items, link=lambda i, base=base: f"{base}/{i}", text=_teaser)
            xml = rss(body, extra="").replace(
                "<language>en</language>", "<language>English (United States of America)</language>"
            )
            xml = xml.replace("Feed ", "&#xD800;&#55357;&#56832;&#x110000;\x00Feed ")
            server.static(path, xml)
        elif kind == "internal_links":
            body = _items(f, items, link=lambda i: f"{internal}/secret/{i}", text=_teaser)
            server.static(path, rss(body))
        elif kind == "endless_body":
            server.endless(path, total=200_000_000)
        elif kind == "trickling_feed":
            slow.trickle(path, every=0.05, content_type="application/rss+xml")
            paths[-1] = "SLOW:" + path
        elif kind == "redirect_loop":
            server.redirect(path, to=path + "?again")
            server.redirect(path + "?again", to=path)
        elif kind == "wrong_charset":
            body = _items(
                f,
                items,
                link=lambda i, base=base: f"{base}/{i}",
                title=lambda i: f"東京の新駅 {i} が開業",
                text=lambda i: "駅が開業しました。" * 10,
            )
            server.static(
                path,
                rss(body).encode("shift_jis"),
                content_type="application/rss+xml; charset=utf-8",
            )
    return paths


def serve(feeds: int, items: int, seed: int, out: Any, stop: Any) -> None:
    """Serve both corpora and the internal server until told to stop (a child process)."""

    async def main() -> None:
        async with FeedServer() as server, FeedServer() as slow, FeedServer("127.0.0.2") as inner:
            inner.static("/secret", "internal")
            clean, _ = build_feeds(feeds, items, seed)
            for path, body in clean.items():
                server.static(path, body)
            hostile = hostile_routes(server, slow, inner.base_url, feeds, items)
            out.put(
                {
                    "base": server.base_url,
                    "slow": slow.base_url,
                    "clean": sorted(clean),
                    "hostile": hostile,
                }
            )
            await asyncio.get_running_loop().run_in_executor(None, stop.wait)
            out.put({"internal_hits": sum(inner.hits.values())})

    asyncio.run(main())


def run_pass(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    """Ingest one corpus once (in this fresh process); return time, memory and counts."""
    from bot.clock import system_clock
    from bot.ingest.fetch import make_http_client
    from bot.ingest.pipeline import ingest_all
    from bot.settings import AppConfig
    from bot.storage.database import open_database

    urls = [
        p.replace("SLOW:", spec["slow"]) if p.startswith("SLOW:") else spec["base"] + p
        for p in spec[kind]
    ]
    sources = [{"name": f"{kind} {n}", "kind": "feed", "url": u} for n, u in enumerate(urls)]
    config = AppConfig.model_validate(
        {
            "sources": sources,
            "fetch": {"allow_networks": ["127.0.0.1/32"], "ports": ["1024-65535"]},
        }
    )

    async def main() -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as scratch:
            db = await open_database(f"sqlite:///{Path(scratch) / 'bench.db'}")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            async with make_http_client(config.ingest, config.fetch) as client:
                started = time.perf_counter()
                report = await ingest_all(db, config, client=client, clock=system_clock)
                wall = time.perf_counter() - started
            await db.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {
            "wall": wall,
            "rss_before_mb": before / 1024,
            "rss_peak_mb": peak / 1024,
            "ok": report.sources_ok,
            "failed": report.sources_failed,
            "articles": report.new_articles,
            "failures": sorted({e.split(":")[0][:60] for _, e in report.failures}),
            "events": [(e.source, e.status, e.new_articles, e.error or "") for e in report.events],
        }

    return asyncio.run(main())


def main() -> int:
    """Start the server process, run a clean and a hostile pass in fresh processes, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=44)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_pass(json.loads(args.spec), args.run)))
        return 0
    context = multiprocessing.get_context("fork")
    out, stop = context.Queue(), context.Event()
    server = context.Process(target=serve, args=(args.feeds, args.items, args.seed, out, stop))
    server.start()
    try:
        spec = out.get(timeout=120)
        results = {}
        for kind in ("clean", "hostile"):
            done = subprocess.run(
                [sys.executable, __file__, "--run", kind, "--spec", json.dumps(spec)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            results[kind] = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        stop.set()
    internal_hits = out.get(timeout=30)["internal_hits"]
    server.join(timeout=10)
    clean, hostile = results["clean"], results["hostile"]
    print(
        f"feeds={args.feeds} items/feed={args.items} (each corpus {args.feeds * args.items} items)"
    )
    print(
        "| pass | wall time (s) | peak RSS (MB) | RSS before pass (MB) | sources ok/failed "
        "| new articles |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for kind, r in results.items():
        print(
            f"| {kind} | {r['wall']:.1f} | {r['rss_peak_mb']:.0f} | {r['rss_before_mb']:.0f} | "
            f"{r['ok']}/{r['failed']} | {r['articles']} |"
        )
    print(f"\nhostile/clean wall time: {hostile['wall'] / clean['wall']:.2f}")
    print(f"hostile/clean peak RSS: {hostile['rss_peak_mb'] / clean['rss_peak_mb']:.2f}")
    print(f"requests that reached the internal server (127.0.0.2): {internal_hits}")
    print("\n| attack (feeds) | sources ok/failed | new articles | outcome |")
    print("|---|---:|---:|---|")
    by_kind: dict[str, list[Any]] = {}
    for name, status, articles, error in hostile["events"]:
        by_kind.setdefault(KINDS[int(name.split()[-1]) % len(KINDS)], []).append(
            (status, articles, error)
        )
    for kind in KINDS:
        events = by_kind.get(kind, [])
        ok = sum(status != "failed" for status, _, _ in events)
        errors = sorted({error.split(":")[-1].strip()[:70] for _, _, error in events if error})
        print(
            f"| {kind} ({len(events)}) | {ok}/{len(events) - ok} | "
            f"{sum(a for _, a, _ in events)} | {'; '.join(errors) or 'kept'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
