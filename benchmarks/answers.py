"""Latency of /ask over a large store, next to the approach it replaces, and the ingest cost.

Builds a store of N stories (default 100,000) of about 20 sentences each, every sentence a real
news sentence from the CNN/DM dev articles (read from /work/shared/data/cnndm-dev, not copied),
stored over a year so `query_days` (30) holds about a twelfth of them. Rows are bulk inserted
and the full-text index built once (FTS5 'rebuild' on SQLite, the GIN index created after the
load on PostgreSQL). Then it times the /ask service (retrieval from the index plus ranking,
what the handler awaits) for every question of benchmarks/data/questions.toml, three rounds,
and reports p50/p95/max. The baseline is the approach /ask had before: load the 200 newest
stories of the window and rank all their facts in Python, measured on the same store.

Ingest cost: for 200 real articles, the time to split and stem an article's sentences
(`article_sentences`) and the time to store an article with its sentences versus without them
(one transaction per article, as ingestion writes them).

Usage: python -m benchmarks.answers [--stories 100000] [--database URL [--reuse]]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import math
import random
import statistics
import sys
import tempfile
import time
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bot.answers import service
from bot.answers.question import parse
from bot.storage import search, stories
from bot.storage.database import Database, open_database
from bot.storage.models import Article, Source, Story, StorySentence
from bot.terms import article_sentences, keys
from summarizers import QuickLook

ROOT = Path(__file__).resolve().parent.parent
DATASET = Path("/work/shared/data/cnndm-dev/cnndm_dev_250.jsonl")
QUESTIONS = ROOT / "benchmarks" / "data" / "questions.toml"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SENTENCES_PER_STORY = 20
BATCH = 5000


def articles() -> list[tuple[str, str]]:
    """Return (title, text) of the dev articles (the title: the first highlight)."""
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    return [(str(r["highlights"][0])[:200], r["article"]) for r in rows]


def migration() -> object:
    path = ROOT / "bot/storage/migrations/versions/0004_sentence_index.py"
    spec = importlib.util.spec_from_file_location("sentence_index", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def build(db: Database, count: int, rng: random.Random) -> float:
    """Store `count` stories of real sentences; return the seconds it took."""
    started = time.perf_counter()
    pool = [s for title, body in articles() for s in article_sentences(title, body)[1:]]
    look = QuickLook(headline="h", lede="l", bullets=[])
    async with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            await conn.execute(text("DROP TRIGGER story_sentences_fts_insert"))
        else:
            await conn.execute(text("DROP INDEX ix_story_sentences_terms_tsv"))
        wire = {"id": 1, "name": "Wire", "kind": "feed", "location": "x", "consecutive_failures": 0}
        await conn.execute(insert(Source), [wire])
    story_rows: list[dict[str, object]] = []
    sentence_rows: list[dict[str, object]] = []
    span = timedelta(days=365)

    async def flush() -> None:
        async with db.engine.begin() as conn:
            if story_rows:
                await conn.execute(insert(Story), story_rows)
                await conn.execute(
                    insert(Article),
                    [{"id": r["id"], "source_id": 1, "story_id": r["id"], "title": "t",
                      "text": "", "content_hash": f"{r['id']:064d}", "minhash": [],
                      "word_count": 400, "fetched_at": r["created_at"]} for r in story_rows],
                )  # fmt: skip
            if sentence_rows:
                await conn.execute(insert(StorySentence), sentence_rows)
        story_rows.clear()
        sentence_rows.clear()

    for number in range(1, count + 1):
        at = NOW - span + span * (number / count)
        picked = rng.sample(pool, SENTENCES_PER_STORY)
        story_rows.append({"id": number, "quicklook": look, "deep_look": [],
                           "facts": [s.text for s in picked[:6]], "created_at": at,
                           "updated_at": at})  # fmt: skip
        for position, s in enumerate(picked):
            sentence_rows.append({"story_id": number, "article_id": number, "source_id": 1,
                                  "position": position, "stored_at": at, "published_at": None,
                                  "text": s.text, "terms": s.terms})  # fmt: skip
        if len(sentence_rows) >= BATCH:
            await flush()
    await flush()
    async with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            await conn.execute(
                text("INSERT INTO story_sentences_fts(story_sentences_fts) VALUES('rebuild')")
            )
            await conn.execute(text(migration().SQLITE_FTS[1]))  # type: ignore[attr-defined]
            await conn.execute(text("ANALYZE"))
        else:
            await conn.execute(text(
                "CREATE INDEX ix_story_sentences_terms_tsv ON story_sentences USING gin (terms_tsv)"
            ))  # fmt: skip
            await conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def _old_terms(text_: str) -> list[str]:
    return keys(text_)


def old_rank(facts: list[str], question: str, limit: int = 5) -> list[str]:
    """The ranking /ask used before: shared (rare) terms over the loaded facts."""
    wanted = set(_old_terms(question))
    bags = [Counter(_old_terms(f)) for f in facts]
    frequency = Counter(t for bag in bags for t in set(bag) if t in wanted)
    scored = []
    for fact, bag in zip(facts, bags, strict=True):
        shared = wanted.intersection(bag)
        if shared:
            weight = sum(math.log(1 + (len(bags) + 1) / (frequency[t] + 0.5)) for t in shared)
            scored.append((weight / (1 + 0.01 * sum(bag.values())), fact))
    return [f for _, f in sorted(scored, key=lambda s: -s[0])[:limit]]


async def old_ask(db: Database, question: str, since: datetime) -> list[str]:
    """Before: load the 200 newest stories of the window, rank all their facts in Python."""
    found = await stories.recent_stories(db, since=since, limit=200)
    facts = [f for s in found for f in (s.facts or s.quicklook.bullets)]
    return await asyncio.to_thread(old_rank, facts, question)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000,
        "max": ordered[-1] * 1000,
    }


async def latency(db: Database, *, rounds: int = 3) -> tuple[dict[str, float], dict[str, float]]:
    """Time the /ask service and the old approach on every question, `rounds` times."""
    since = NOW - timedelta(days=30)
    asked = [q["ask"] for q in tomllib.loads(QUESTIONS.read_text())["question"]]
    new: list[float] = []
    old: list[float] = []
    for _ in range(rounds):
        for question in asked:
            started = time.perf_counter()
            await service.ask(db, parse(question), since=since, muted_sources=())
            new.append(time.perf_counter() - started)
            started = time.perf_counter()
            await old_ask(db, question, since)
            old.append(time.perf_counter() - started)
    return percentiles(new), percentiles(old)


async def ingest_cost(db: Database) -> dict[str, float]:
    """Per article: splitting and stemming its sentences, and storing them (ms)."""
    sample = articles()[:200]
    started = time.perf_counter()
    prepared = [article_sentences(title, body) for title, body in sample]
    prepare_ms = (time.perf_counter() - started) * 1000 / len(sample)
    async with db.sessions() as session:
        base = int((await session.execute(text("SELECT max(id) FROM stories"))).scalar_one()) + 1
    timings = {"without": 0.0, "with": 0.0}
    for index, sentences in enumerate(prepared):
        for mode in ("without", "with"):
            number = base + 2 * index + (mode == "with")
            started = time.perf_counter()
            async with db.transaction() as session:
                await session.execute(insert(Story), [{"id": number, "quicklook": QuickLook(
                    headline="h", lede="l", bullets=[]), "deep_look": [], "facts": [],
                    "created_at": NOW, "updated_at": NOW}])  # fmt: skip
                await session.execute(insert(Article), [{"id": number, "source_id": 1,
                    "story_id": number, "title": "t", "text": sample[index][1],
                    "content_hash": f"y{number:063d}", "minhash": [], "word_count": 1,
                    "fetched_at": NOW}])  # fmt: skip
                if mode == "with":
                    await search.add_sentences(
                        session, story_id=number, article_id=number, source_id=1,
                        stored_at=NOW, published_at=None, sentences=sentences,
                    )  # fmt: skip
            timings[mode] += time.perf_counter() - started
    async with db.transaction() as session:  # leave the store as it was built
        await session.execute(text("DELETE FROM story_sentences WHERE story_id >= :b"), {"b": base})
        await session.execute(text("DELETE FROM articles WHERE id >= :b"), {"b": base})
        await session.execute(text("DELETE FROM stories WHERE id >= :b"), {"b": base})
    return {
        "sentences_per_article": statistics.mean(len(p) for p in prepared),
        "prepare_ms": prepare_ms,
        "store_without_ms": timings["without"] * 1000 / len(sample),
        "store_with_ms": timings["with"] * 1000 / len(sample),
    }


async def run(url: str, count: int, *, reuse: bool = False) -> dict[str, object]:
    db = await open_database(url)
    try:
        built = 0.0 if reuse else await build(db, count, random.Random(2026))
        async with db.sessions() as session:
            indexed = int(
                (await session.execute(text("SELECT count(*) FROM story_sentences"))).scalar_one()
            )
        new, old = await latency(db)
        cost = await ingest_cost(db)
    finally:
        await db.close()
    return {"backend": db.dialect, "stories": count, "sentences": indexed, "build_s": built,
            "ask": new, "old_200": old, "ingest": cost}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite file)")
    parser.add_argument("--reuse", action="store_true", help="time a store built before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database or f"sqlite:///{Path(scratch) / 'answers.db'}"
        result = asyncio.run(run(url, args.stories, reuse=args.reuse))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
