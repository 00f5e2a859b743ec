"""`quicklooks ingest`: fetch every configured source once and store new stories."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.ingest.models import IngestReport
    from bot.services import StoreServices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ingest options."""
    parser.add_argument("--source", metavar="NAME", help="ingest only this source (now)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Run one pass; exit 1 only when every source that was tried failed."""
    report = await ingest_with_progress(services, only=args.source, show_progress=not args.json)
    print(report.model_dump_json(indent=2) if args.json else "\n".join(summary_lines(report)))
    return 1 if report.all_failed else 0


async def ingest_with_progress(
    services: StoreServices, *, only: str | None, show_progress: bool
) -> IngestReport:
    """Ingest once, with a progress bar on a terminal (one summary line in a log)."""
    from bot.ingest.models import IngestEvent
    from bot.ingest.pipeline import UnknownSourceError, ingest_all
    from bot.progress import Progress

    config = services.config
    total = 1 if only else sum(s.enabled for s in config.sources)
    with Progress(desc="ingest", unit="source", total=total, enabled=show_progress) as bar:

        def advance(event: IngestEvent) -> None:
            bar.advance(note=event.source)

        try:
            return await ingest_all(
                services.db,
                config,
                client=services.http,
                clock=services.clock,
                only=only,
                progress=advance,
            )
        except UnknownSourceError as exc:
            raise UserError(str(exc)) from None


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
