"""`quicklooks resummarize`: stored stories get the current summarizer's Quick Looks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.cli import main
from bot.storage.database import open_database
from bot.storage.models import Story
from summarizers import QuickLook

pytestmark = pytest.mark.clock

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
STALE = QuickLook(headline="Stale headline", lede="Stale lede.", bullets=["A stale bullet."])


async def _stories(url: str) -> list[Story]:
    db = await open_database(url)
    async with db.sessions() as session:
        rows = list((await session.execute(select(Story).order_by(Story.id))).scalars())
    await db.close()
    return rows


async def _make_stale(url: str, *, created_at: datetime | None = None) -> None:
    db = await open_database(url)
    async with db.transaction() as session:
        values: dict[str, object] = {"quicklook": STALE, "facts": [], "deep_look": []}
        if created_at is not None:
            values["created_at"] = created_at
        await session.execute(update(Story).values(**values))
    await db.close()


@pytest.fixture
def ingested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store holding the sample stories, at NOW; return its URL."""
    url = f"sqlite:///{tmp_path / 'q.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUICKLOOKS_CONFIG", raising=False)
    monkeypatch.setenv("QUICKLOOKS_DATABASE_URL", url)
    monkeypatch.setenv("QUICKLOOKS_CLOCK_START", NOW.isoformat())
    assert main(["ingest"]) == 0
    return url


def test_resummarize_replaces_stale_quick_looks(
    ingested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ingested
    fresh = {s.id: s.quicklook for s in asyncio.run(_stories(url))}
    asyncio.run(_make_stale(url))
    capsys.readouterr()

    assert main(["resummarize"]) == 0
    out, err = capsys.readouterr()
    assert out == "resummarized 8 stories\n"
    assert err.startswith("resummarize: 8/8 stories in ")  # one summary line: not a TTY
    again = asyncio.run(_stories(url))
    assert {s.id: s.quicklook for s in again} == fresh
    assert all(s.facts for s in again)


def test_resummarize_since_only_touches_recent_stories(
    ingested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ingested
    asyncio.run(_make_stale(url, created_at=datetime(2026, 5, 1, tzinfo=UTC)))
    assert main(["resummarize", "--since", "7d", "--quiet"]) == 0
    assert capsys.readouterr().out.endswith("resummarized 0 stories\n")
    assert all(s.quicklook == STALE for s in asyncio.run(_stories(url)))
