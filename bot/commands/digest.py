"""`quicklooks digest`: print the digest a subscriber would get now."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.digest import Digest


def _duration(value: str) -> timedelta:
    from bot.settings import parse_duration

    try:
        duration = parse_duration(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if duration <= timedelta(0):
        raise argparse.ArgumentTypeError("must be longer than 0s")
    return duration


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}")
        return int(value)

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the digest options."""
    parser.add_argument("--since", type=_duration, help="look back this far, e.g. 24h (config)")
    parser.add_argument("--bullets", type=_whole_number(1, 8), help="bullets per story (1-8)")
    parser.add_argument("--limit", type=_whole_number(1, 50), help="most stories shown (1-50)")
    parser.add_argument("--json", action="store_true", help="print the digest as JSON")


def run(args: argparse.Namespace) -> int:
    """Print the digest; an empty store is ingested first."""
    import asyncio

    from bot.digest import render_digest_text

    digest, bullets = asyncio.run(_build(args))
    if args.json:
        print(digest.model_dump_json(indent=2))
    else:
        print(render_digest_text(digest, bullets=bullets))
    return 0


async def _build(args: argparse.Namespace) -> tuple[Digest, int]:
    """Open the store (ingesting first if it is empty) and build the digest."""
    from bot.digest import build_digest
    from bot.clock import clock_for
    from bot.ingest.runner import ingest_with_progress
    from bot.settings import load_config, load_settings
    from bot.storage.database import open_database
    from bot.storage.stories import count_stories

    settings = load_settings()
    config = load_config(settings.config_path())
    db = await open_database(settings.database_url)
    try:
        if await count_stories(db) == 0:
            await ingest_with_progress(db, config, only=None, show_progress=True)
        now = clock_for(settings.clock_start)()
        digest = await build_digest(
            db,
            now=now,
            since=now - (args.since or config.digest.since),
            limit=args.limit or config.digest.max_stories,
        )
    finally:
        await db.close()
    return digest, args.bullets or config.digest.bullets
