"""One ingestion pass for the command line: a progress bar on stderr and a short summary."""

from __future__ import annotations

import sys

from bot.errors import UserError
from bot.ingest.models import IngestEvent, IngestReport
from bot.ingest.pipeline import UnknownSourceError, ingest_all, make_http_client
from bot.settings import AppConfig, load_config, load_settings
from bot.storage.database import Database, open_database


async def ingest_with_progress(
    db: Database, config: AppConfig, *, only: str | None, show_progress: bool
) -> IngestReport:
    """Ingest once, showing a progress bar on a terminal's stderr."""
    from tqdm import tqdm

    total = 1 if only else sum(s.enabled for s in config.sources)
    bar = tqdm(
        total=total, unit="source", desc="ingest", file=sys.stderr,
        disable=not show_progress or not sys.stderr.isatty(),
    )  # fmt: skip

    def advance(event: IngestEvent) -> None:
        bar.set_postfix_str(event.source[:30])
        bar.update(1)

    try:
        async with make_http_client(config.ingest) as client:
            return await ingest_all(db, config, client=client, only=only, progress=advance)
    except UnknownSourceError as exc:
        raise UserError(str(exc)) from None
    finally:
        bar.close()


async def run_ingest_pass(*, only: str | None, show_progress: bool) -> IngestReport:
    """Load settings and config, open the store and ingest once."""
    settings = load_settings()
    config = load_config(settings.config_path())
    db = await open_database(settings.database_url)
    try:
        return await ingest_with_progress(db, config, only=only, show_progress=show_progress)
    finally:
        await db.close()


def summary_lines(report: IngestReport) -> list[str]:
    """Describe a pass in a few lines, failing and backing-off sources by name."""
    lines = [
        f"sources: {report.sources_ok} ok, {report.sources_failed} failed, "
        f"{report.sources_skipped} backing off",
        f"new articles: {report.new_articles}, new stories: {report.new_stories}",
    ]
    lines += [f"failed: {name}: {error}" for name, error in report.failures]
    lines += [
        f"backing off: {e.source} (next attempt {e.next_attempt_at:%Y-%m-%d %H:%M} UTC)"
        for e in report.events
        if e.status == "skipped" and e.next_attempt_at is not None
    ]
    return lines
