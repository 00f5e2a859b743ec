"""The digest: building, plain-text rendering, JSON, and the `ingest` / `digest` commands."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.cli import main
from bot.commands import digest as digest_command
from bot.commands.ingest import summary_lines
from bot.digest import Digest, build_digest
from bot.ingest.models import IngestEvent, IngestReport
from bot.ingest.pipeline import ingest_all
from bot.messages.text import digest_text
from bot.storage.database import Database
from tests.feedserver import SEEDS, make_config

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


async def seeded(db: Database) -> None:
    config = make_config([{"name": "Samples", "kind": "folder", "path": str(SEEDS)}])
    async with httpx.AsyncClient() as client:
        await ingest_all(db, config, client=client, clock=lambda: NOW)


async def test_build_and_render_a_digest(db: Database) -> None:
    await seeded(db)
    digest = await build_digest(db, now=NOW, since=NOW - timedelta(hours=24), limit=3)
    assert len(digest.stories) == 3
    text = digest_text(digest, bullets=2)
    for story in digest.stories:
        assert story.quicklook.headline in text
        # (the lede's sentences the 2 bullets shown do not tell already)
        assert story.quicklook.lede_for(2) in text
    assert text.count("\n- ") == sum(min(2, len(s.quicklook.bullets)) for s in digest.stories)
    assert "Source: Samples (" in text
    assert Digest.model_validate_json(digest.model_dump_json()) == digest


async def test_an_empty_window_says_nothing_new(db: Database) -> None:
    await seeded(db)
    later = NOW + timedelta(days=2)
    digest = await build_digest(db, now=later, since=later - timedelta(hours=24), limit=8)
    assert digest.stories == []
    assert digest_text(digest, bullets=5).endswith("Nothing new.")


def parse(module: object, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)  # type: ignore[attr-defined]
    return parser.parse_args(argv)


@pytest.fixture
def fresh_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory: no .env, no config, a new SQLite file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUICKLOOKS_CONFIG", raising=False)
    monkeypatch.setenv("QUICKLOOKS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'q.db'}")
    monkeypatch.setenv("QUICKLOOKS_CLOCK_START", NOW.isoformat())
    return tmp_path


def test_digest_on_a_fresh_checkout_ingests_and_shows_the_seed_stories(
    fresh_checkout: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["digest", "--bullets", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Quick Looks digest — 8 stories since")
    assert out.count("—" * 40) == 7  # eight stories: the light-rail pair is one
    assert "Source: Samples (Blue Line Extension to Eastgate" in out  # the second outlet's link

    monkeypatch.setenv("QUICKLOOKS_CLOCK_START", (NOW + timedelta(hours=1)).isoformat())
    assert main(["digest", "--json", "--limit", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["stories"]) == 2


def test_ingest_command_reports_and_lists_failures(
    fresh_checkout: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = fresh_checkout / "q.toml"
    config.write_text(
        f'[[sources]]\nname = "Samples"\nkind = "folder"\npath = "{SEEDS}"\n'
        '[[sources]]\nname = "Gone"\nkind = "folder"\npath = "missing"\n'
    )
    monkeypatch.setenv("QUICKLOOKS_CONFIG", str(config))
    assert main(["ingest"]) == 0
    out = capsys.readouterr().out
    assert "sources: 1 ok, 1 failed, 0 backing off" in out
    assert "new articles: 9, new stories: 8" in out
    assert "failed: Gone: folder not found:" in out

    assert main(["ingest", "--source", "gone", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["sources_failed"] == 1 and report["sources_ok"] == 0

    assert main(["ingest", "--source", "nope"]) == 2
    assert capsys.readouterr().err == (
        "quicklooks ingest: error: unknown source 'nope'; configured sources: Samples, Gone\n"
    )


@pytest.mark.parametrize(
    "argv", [["--since", "0s"], ["--since", "soon"], ["--bullets", "9"], ["--limit", "0"]]
)
def test_digest_options_are_checked(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(digest_command, argv)


def test_the_ingest_summary_names_failing_and_backing_off_sources() -> None:
    report = IngestReport(
        started_at=NOW,
        finished_at=NOW,
        sources_ok=1,
        sources_failed=1,
        sources_skipped=1,
        failures=[("Down", "HTTP 503 Service Unavailable")],
        events=[
            IngestEvent(source="Down", status="failed", error="HTTP 503 Service Unavailable"),
            IngestEvent(source="Flaky", status="skipped", next_attempt_at=NOW),
        ],
    )
    assert summary_lines(report) == [
        "sources: 1 ok, 1 failed, 1 backing off",
        "new articles: 0, new stories: 0",
        "failed: Down: HTTP 503 Service Unavailable",
        "backing off: Flaky (next attempt 2026-06-10 12:00 UTC)",
    ]
