"""Ingestion throughput: N local feeds of M items, then the same feeds unchanged (304s).

Usage: python benchmarks/ingest.py [--feeds 200] [--items 50] [--workers 0] [--seed 7]

Articles are synthetic but varied: sentences drawn from the seeds, with every name and number
replaced by per-article inventions, so unrelated items do not cluster; 5% of the items are the
same story re-told by another feed (sentences reshuffled) and should cluster. The feeds are
served by tests/feedserver.py in a separate process on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import re
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from html import escape
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import system_clock  # noqa: E402
from bot.ingest import pipeline  # noqa: E402
from bot.ingest.pipeline import ingest_all, make_http_client  # noqa: E402
from bot.settings import AppConfig  # noqa: E402
from bot.storage.database import open_database  # noqa: E402
from bot.storage.stories import count_stories  # noqa: E402
from tests.feedserver import FeedServer, rss  # noqa: E402

_SYLLABLES = ["ka", "lo", "mer", "vin", "ta", "dre", "son", "bel", "ri", "quo", "zan", "fel", "ost"]
_NAME = re.compile(r"(?<=\s)[A-Z][a-z]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def sentence_pool() -> list[str]:
    """Return every sentence of the seed articles."""
    sentences: list[str] = []
    for path in sorted((ROOT / "seeds").glob("0*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 1)[1]
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(body.split())) if len(s) > 40]
    return sentences


def invent(rng: random.Random) -> str:
    """Return a made-up proper name."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_article(rng: random.Random, pool: list[str]) -> tuple[str, list[str]]:
    """Return (title, sentences): seed sentences with this article's own names and numbers."""
    names = [invent(rng) for _ in range(12)]

    def rewrite(sentence: str) -> str:
        sentence = _NAME.sub(lambda _: rng.choice(names), sentence)
        return _NUMBER.sub(lambda _: str(rng.randint(2, 99_999)), sentence)

    sentences = [rewrite(s) for s in rng.sample(pool, rng.randint(10, 16))]
    title = f"{names[0]} {names[1]} {rng.choice(['Approves', 'Rejects', 'Reports', 'Delays'])} "
    title += f"{names[2]} Plan Worth {rng.randint(2, 900)} Million"
    return title, sentences


def build_feeds(feeds: int, items: int, seed: int) -> tuple[dict[str, str], int]:
    """Return {path: RSS body} and how many items re-tell another feed's story."""
    rng = random.Random(seed)
    pool = sentence_pool()
    stories: list[tuple[str, list[str]]] = []
    bodies: dict[str, str] = {}
    retold = 0
    for f in range(feeds):
        entries = []
        for i in range(items):
            if stories and rng.random() < 0.05:
                title, sentences = rng.choice(stories)
                sentences = rng.sample(sentences, len(sentences))
                title, retold = f"Update: {title}", retold + 1
            else:
                title, sentences = synthetic_article(rng, pool)
                stories.append((title, sentences))
            minute = f * items + i
            entries.append(
                {
                    "title": escape(title),
                    "link": f"http://bench.example.test/{f}/{i}?utm_source=rss",
                    "guid": f"bench-{f}-{i}",
                    "pubDate": time.strftime(
                        "%a, %d %b %Y %H:%M:%S GMT", time.gmtime(1_780_000_000 + 60 * minute)
                    ),
                    "description": escape(" ".join(sentences)),
                }
            )
        bodies[f"/feed/{f}.xml"] = rss(entries, title=f"Bench Feed {f}")
    return bodies, retold


def serve(bodies: dict[str, str], port_out: multiprocessing.Queue[str], stop: EventType) -> None:
    """Serve the feeds with ETags until told to stop (runs in a child process)."""

    async def main() -> None:
        async with FeedServer() as server:
            for path, body in bodies.items():
                server.static(path, body, etag=f'"{hash(body) & 0xFFFFFFFF:x}"')
            port_out.put(server.base_url)
            await asyncio.get_running_loop().run_in_executor(None, stop.wait)

    asyncio.run(main())


async def run(args: argparse.Namespace, base_url: str, executor: Executor | None) -> None:
    """Ingest twice and print the results table."""
    sources = [
        {"name": f"Bench {f}", "kind": "feed", "url": f"{base_url}/feed/{f}.xml"}
        for f in range(args.feeds)
    ]
    config = AppConfig.model_validate(
        {
            "sources": sources,
            "ingest": {"fetch_full_text": False, "max_items_per_feed": 500},
            # The feeds are served from this machine: allow exactly that address and its ports.
            "fetch": {"allow_networks": ["127.0.0.1/32"], "ports": ["1024-65535"]},
        }
    )
    summarized = 0
    real_off_loop = pipeline._Pass.off_loop

    async def counting_off_loop(self: Any, func: Any, *args: Any, **kwargs: Any) -> Any:
        # Count in this process: the work itself may run in a process pool.
        nonlocal summarized
        if func is pipeline.summarize_batch:
            summarized += len(args[0])
        return await real_off_loop(self, func, *args, **kwargs)

    pipeline._Pass.off_loop = counting_off_loop  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as scratch:
        db = await open_database(f"sqlite:///{Path(scratch) / 'bench.db'}")
        async with make_http_client(config.ingest, config.fetch) as client:
            started = time.perf_counter()
            first = await ingest_all(
                db, config, client=client, clock=system_clock, executor=executor
            )
            first_time = time.perf_counter() - started
            first_summaries, summarized = summarized, 0
            started = time.perf_counter()
            second = await ingest_all(
                db, config, client=client, clock=system_clock, executor=executor
            )
            second_time = time.perf_counter() - started
        stories = await count_stories(db)
        await db.close()
    pipeline._Pass.off_loop = real_off_loop  # type: ignore[method-assign]

    total = args.feeds * args.items
    print(f"feeds={args.feeds} items/feed={args.items} workers={args.workers or 'thread'}")
    print("| pass | wall time (s) | new articles | articles/s | summaries | sources ok/failed |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| first (200s) | {first_time:.2f} | {first.new_articles} | "
        f"{first.new_articles / first_time:.0f} | {first_summaries} | "
        f"{first.sources_ok}/{first.sources_failed} |"
    )
    print(
        f"| second (304s) | {second_time:.2f} | {second.new_articles} | - | {summarized} | "
        f"{second.sources_ok}/{second.sources_failed} |"
    )
    print(f"\nitems served: {total}; stories stored: {stories} (retold items: {args.retold})")
    print(f"second/first time ratio: {second_time / first_time:.3f} (must be < 0.10)")


def main() -> int:
    """Parse options, start the feed server process, run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--workers", type=int, default=0, help="process pool size (0: a thread)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    bodies, args.retold = build_feeds(args.feeds, args.items, args.seed)
    context = multiprocessing.get_context("fork")
    port_out, stop = context.Queue(), context.Event()
    server = context.Process(target=serve, args=(bodies, port_out, stop), daemon=True)
    server.start()
    try:
        base_url = port_out.get(timeout=30)
        executor = ProcessPoolExecutor(args.workers, mp_context=context) if args.workers else None
        asyncio.run(run(args, base_url, executor))
        if executor:
            executor.shutdown()
    finally:
        stop.set()
        server.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
