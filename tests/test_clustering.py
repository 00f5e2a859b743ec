"""Near-duplicates: the same story from two outlets clusters, different stories never do."""

from __future__ import annotations

import itertools
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.ingest import fingerprint, pipeline
from bot.ingest.backoff import next_attempt
from bot.ingest.models import RawArticle
from bot.ingest.pipeline import ingest_all
from bot.ingest.prepare import summarize_batch
from bot.settings import AppConfig, load_config
from bot.storage.database import Database
from bot.storage.models import Article, Story, StoryBand
from bot.storage.stories import count_stories, recent_stories
from summarizers import StorySummary
from tests.feedserver import SEEDS, make_config

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
DEFAULT = load_config(SEEDS.parent / "config" / "quicklooks.toml")


def seed_signatures() -> dict[str, list[int]]:
    return {
        path.name[:3]: fingerprint.signature(
            fingerprint.shingles(path.read_text().split("\n", 1)[1])
        )
        for path in sorted(SEEDS.glob("[0-9][0-9][0-9]_*.txt"))
    }


def test_only_the_two_light_rail_seeds_are_near_duplicates_at_the_default_threshold() -> None:
    threshold = DEFAULT.ingest.cluster_threshold
    signatures = seed_signatures()
    above = {
        (a, b)
        for a, b in itertools.combinations(sorted(signatures), 2)
        if fingerprint.similarity(signatures[a], signatures[b]) >= threshold
    }
    assert above == {("070", "071")}


def test_the_light_rail_seeds_share_an_lsh_band_and_unrelated_seeds_mostly_do_not() -> None:
    signatures = seed_signatures()
    bands = {k: set(fingerprint.bands(v, threshold=0.5)) for k, v in signatures.items()}
    assert bands["070"] & bands["071"]
    assert not bands["010"] & bands["020"]


def test_estimates_track_the_true_jaccard_similarity() -> None:
    texts = {p.name[:3]: p.read_text().split("\n", 1)[1] for p in SEEDS.glob("07*.txt")}
    left, right = fingerprint.shingles(texts["070"]), fingerprint.shingles(texts["071"])
    true = len(left & right) / len(left | right)
    estimate = fingerprint.similarity(fingerprint.signature(left), fingerprint.signature(right))
    assert abs(estimate - true) < 4 * fingerprint.expected_error(true)


def test_shingles_are_names_and_numbers_not_sentence_openers_or_weekdays() -> None:
    found = fingerprint.shingles("The mayor of Harbor City spoke on Tuesday. Turnout was 41%.")
    assert found == {"harbor", "city", "41%"}


def test_backoff_doubles_from_the_interval_and_is_capped() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    step, cap = timedelta(minutes=15), timedelta(hours=1)
    waits = [next_attempt(now, n, interval=step, max_backoff=cap) - now for n in range(1, 7)]
    assert waits == [timedelta(minutes=m) for m in (15, 30, 60, 60, 60, 60)]
    assert next_attempt(now, 10_000, interval=step, max_backoff=cap) == now + cap


def folder_config(path: Path) -> AppConfig:
    return make_config([{"name": "Samples", "kind": "folder", "path": str(path)}])


async def ingest(db: Database, config: AppConfig, now: datetime = NOW) -> None:
    async with httpx.AsyncClient() as client:
        await ingest_all(db, config, client=client, clock=lambda: now)


async def test_the_seeds_make_eight_stories_and_light_rail_keeps_both_links(db: Database) -> None:
    await ingest(db, folder_config(SEEDS))
    assert await count_stories(db) == 8
    stories = await recent_stories(db, since=NOW - timedelta(days=1), limit=20)
    (rail,) = [s for s in stories if len(s.links) > 1]
    assert {link.title[:20] for link in rail.links} == {
        "Harbor City Council ",
        "Blue Line Extension ",
    }
    assert all(link.url is None for link in rail.links)
    async with db.sessions() as session:
        bands = (await session.execute(select(StoryBand.story_id).distinct())).scalars().all()
    assert len(bands) == 8


async def test_the_richest_article_speaks_for_the_story(db: Database, tmp_path: Path) -> None:
    # A shortened second-outlet version first, then the full first-outlet article joins.
    title, _, text = (
        (SEEDS / "071_city_council_light_rail_vote_second_outlet.txt")
        .read_text(encoding="utf-8")
        .partition("\n")
    )
    paragraphs = text.strip().split("\n\n")
    (tmp_path / "a.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs[:6]), encoding="utf-8")
    await ingest(db, folder_config(tmp_path))
    (before,) = await recent_stories(db, since=NOW - timedelta(days=1), limit=5)
    assert before.headline == title.strip()

    shutil.copy(SEEDS / "070_city_council_light_rail_vote.txt", tmp_path / "b.txt")
    await ingest(db, folder_config(tmp_path), NOW + timedelta(hours=1))
    (after,) = await recent_stories(db, since=NOW - timedelta(days=1), limit=5)
    assert after.id == before.id
    assert after.headline.startswith("Harbor City Council Approves")
    assert len(after.links) == 2

    # A poorer copy joins without replacing the stored Quick Looks.
    (tmp_path / "c.txt").write_text(
        "Light rail vote\n\n" + "\n\n".join(paragraphs[:7]), encoding="utf-8"
    )
    await ingest(db, folder_config(tmp_path), NOW + timedelta(hours=2))
    async with db.sessions() as session:
        story = (await session.execute(select(Story))).scalar_one()
        best = await session.get_one(Article, story.best_article_id)
        count = len((await session.execute(select(Article))).scalars().all())
    assert count == 3
    assert best.title.startswith("Harbor City Council Approves")
    assert story.updated_at == NOW + timedelta(hours=1)


async def test_summaries_can_run_in_a_process_pool(db: Database) -> None:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        async with httpx.AsyncClient() as client:
            report = await ingest_all(
                db, folder_config(SEEDS), client=client, clock=lambda: NOW, executor=pool
            )
    assert (report.new_articles, report.new_stories) == (9, 8)


async def test_a_poorer_article_joining_a_story_is_not_summarized(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summarized: list[str] = []

    def counting(raws: list[RawArticle]) -> list[StorySummary]:
        summarized.extend(raw.title for raw in raws)
        return summarize_batch(raws)

    monkeypatch.setattr(pipeline, "summarize_batch", counting)
    shutil.copy(SEEDS / "070_city_council_light_rail_vote.txt", tmp_path / "a.txt")
    await ingest(db, folder_config(tmp_path))
    title, _, text = (
        (SEEDS / "071_city_council_light_rail_vote_second_outlet.txt")
        .read_text(encoding="utf-8")
        .partition("\n")
    )
    shorter = "\n\n".join(text.strip().split("\n\n")[:7])
    (tmp_path / "b.txt").write_text(f"{title}\n\n{shorter}", encoding="utf-8")
    await ingest(db, folder_config(tmp_path), NOW + timedelta(hours=1))

    assert summarized == [
        "Harbor City Council Approves $1.8 Billion Light Rail Extension in 7-4 Vote"
    ]
    (story,) = await recent_stories(db, since=NOW - timedelta(days=1), limit=5)
    assert len(story.links) == 2
