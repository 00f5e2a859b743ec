"""`quicklooks digest`: print the digest a subscriber would get now."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import StoreServices


def parse_since(value: str) -> timedelta:
    """Parse a look-back like 30m, 24h or 7d; a bare number counts hours."""
    from bot.settings import parse_duration

    text = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        text += "h"
    try:
        duration = parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a duration: {value!r} (use e.g. 30m, 24h, 7d; a bare number is hours)"
        ) from None
    if duration <= timedelta(0):
        raise argparse.ArgumentTypeError("must be longer than 0s")
    return duration


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """Return an argparse type accepting whole numbers from `low` to `high`."""

    def parse(value: str) -> int:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}")
        return int(value)

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the digest options."""
    parser.add_argument(
        "--since",
        type=parse_since,
        metavar="AGE",
        help="look back this far: 30m, 24h, 7d; a bare number is hours (default: the config's)",
    )
    parser.add_argument("--bullets", type=whole_number(1, 8), help="bullets per story (1-8)")
    parser.add_argument("--limit", type=whole_number(1, 50), help="most stories shown (1-50)")
    parser.add_argument("--json", action="store_true", help="print the digest as JSON")


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Print the digest; an empty store is ingested first."""
    from bot.commands.ingest import ingest_with_progress
    from bot.digest import build_digest
    from bot.messages.text import digest_text
    from bot.storage.stories import count_stories

    config = services.config
    if await count_stories(services.db) == 0:
        await ingest_with_progress(services, only=None, show_progress=True)
    now = services.clock()
    digest = await build_digest(
        services.db,
        now=now,
        since=now - (args.since or config.digest.since),
        limit=args.limit or config.digest.max_stories,
    )
    if args.json:
        print(digest.model_dump_json(indent=2))
    else:
        print(digest_text(digest, bullets=args.bullets or config.digest.bullets))
    return 0
