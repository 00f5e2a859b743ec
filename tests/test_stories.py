"""Story queries on every backend: windows, order, muting, health, runs, and racing ingesters."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot.ingest.pipeline import ingest_all
from bot.settings import AppConfig
from bot.storage.database import Database, open_database
from bot.storage.models import Article, Story
from bot.storage.stories import (
    count_stories,
    get_story,
    last_ingest,
    latest_story,
    recent_stories,
    source_health,
    source_names,
)
from tests.feedserver import SEEDS, FeedServer, make_config, rss, seed_item

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


async def ingest(db: Database, config: AppConfig, now: datetime = NOW) -> None:
    async with httpx.AsyncClient() as client:
        await ingest_all(db, config, client=client, clock=lambda: now)


def split_seeds(tmp_path: Path) -> tuple[Path, Path]:
    """Copy the seeds into two folders: the light-rail pair split between them."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for path in SEEDS.glob("0*.txt"):
        shutil.copy(path, (second if path.name.startswith("071") else first) / path.name)
    return first, second


async def test_a_story_is_hidden_only_when_all_its_sources_are_muted(
    db: Database, tmp_path: Path
) -> None:
    first, second = split_seeds(tmp_path)
    config = make_config(
        [{"name": "Wire", "kind": "folder", "path": str(first)},
         {"name": "Local", "kind": "folder", "path": str(second)}]
    )  # fmt: skip
    await ingest(db, config)
    since = NOW - timedelta(days=1)

    everything = await recent_stories(db, since=since, limit=50)
    only_local = await recent_stories(db, since=since, limit=50, muted_sources=["Wire"])
    none_left = await recent_stories(db, since=since, limit=50, muted_sources=["Wire", "Local"])

    assert len(everything) == 8
    (rail,) = only_local
    assert sorted(rail.source_names) == ["Local", "Wire"]
    assert none_left == []
    assert await source_names(db) == ["Local", "Wire"]


async def test_windows_order_and_lookups(db: Database, tmp_path: Path) -> None:
    first, second = split_seeds(tmp_path)
    await ingest(db, make_config([{"name": "A", "kind": "folder", "path": str(first)}]))
    later = NOW + timedelta(hours=3)
    (second / "x.txt").write_text(
        (SEEDS / "010_lunar_orbiter_water_ice.txt").read_text() + " More."
    )
    shutil.copy(SEEDS / "000_bc3ff4030b77d8c2.txt", second / "000_copy.txt")
    await ingest(db, make_config([{"name": "B", "kind": "folder", "path": str(second)}]), later)

    newest = await latest_story(db)
    assert newest is not None and newest.created_at == NOW
    window = await recent_stories(db, since=NOW - timedelta(hours=1), until=later, limit=3)
    assert len(window) == 3
    assert [s.id for s in window] == sorted((s.id for s in window), reverse=True)
    assert await recent_stories(db, since=later + timedelta(seconds=1), limit=5) == []
    assert await count_stories(db) == 8  # 071 joined 070; the copies are repeats or joins

    story = await get_story(db, window[0].id)
    assert story is not None and story.quicklook.bullets
    assert story.facts and story.deep_look
    assert await get_story(db, 10_000) is None

    run = await last_ingest(db)
    assert run is not None and run.finished_at == later and run.sources_ok == 1


async def test_source_health_and_an_empty_store(db: Database) -> None:
    assert await latest_story(db) is None
    assert await last_ingest(db) is None
    assert await source_health(db) == []
    async with FeedServer() as server:
        server.static("/ok", rss([seed_item("020")]))
        config = make_config(
            [{"name": "Ok", "kind": "feed", "url": server.url("/ok")},
             {"name": "Down", "kind": "feed", "url": server.status("/down", 502)}]
        )  # fmt: skip
        await ingest(db, config)
    down, ok = await source_health(db)
    assert (down.name, down.consecutive_failures, down.last_error) == (
        "Down",
        1,
        "HTTP 502 Bad Gateway",
    )
    assert down.next_attempt_at == NOW + timedelta(minutes=15)
    assert (ok.consecutive_failures, ok.last_success_at) == (0, NOW)


async def test_two_ingesters_racing_on_one_store_neither_crash_nor_duplicate(
    database_url: str,
) -> None:
    # Two engines behave like two processes: separate connections, one database.
    one, two = await open_database(database_url), await open_database(database_url)
    try:
        config = make_config([{"name": "Samples", "kind": "folder", "path": str(SEEDS)}])
        await asyncio.gather(ingest(one, config), ingest(two, config))
        async with one.sessions() as session:
            articles = (await session.execute(select(func.count(Article.id)))).scalar_one()
            orphans = (
                await session.execute(select(func.count(Story.id)).where(~Story.articles.any()))
            ).scalar_one()
        assert articles == 9
        assert orphans == 0
        assert 8 <= await count_stories(one) <= 9
    finally:
        await one.close()
        await two.close()
