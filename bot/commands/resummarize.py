"""`quicklooks resummarize [--since AGE]`: summarise stored stories again with this version.

Stories keep the Quick Looks they were stored with; after an upgrade of the summarizer an
operator refreshes them with this. Each story is summarised from the article that speaks for
it, in batches, off the event loop; a story whose article is gone is left as it is.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import StoreServices

BATCH = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --since and --quiet."""
    from bot.commands.digest import parse_since

    parser.add_argument(
        "--since",
        type=parse_since,
        metavar="AGE",
        help="only stories created this recently: 30m, 24h, 7d; a bare number is hours "
        "(default: every story)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary line")


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Summarise every chosen story again and store the new Quick Looks, deep look and facts."""
    from bot.ingest.models import RawArticle
    from bot.ingest.prepare import summarize_batch
    from bot.progress import Progress
    from bot.storage import articles

    db = services.db
    since = services.clock() - args.since if args.since else None
    total = await articles.count_speaking_articles(db, since=since)
    done, after = 0, 0
    with Progress(desc="resummarize", unit="story", total=total, enabled=not args.quiet) as bar:
        while batch := await articles.speaking_articles(
            db, since=since, after_story=after, limit=BATCH
        ):
            raws = [RawArticle(title=a.title, text=a.text) for a in batch]
            summaries = await asyncio.to_thread(summarize_batch, raws)
            await articles.replace_summaries(
                db,
                [(a.story_id, s) for a, s in zip(batch, summaries, strict=True)],
                now=services.clock(),
            )
            done, after = done + len(batch), batch[-1].story_id
            bar.advance(len(batch))
    print(f"resummarized {done} {'story' if done == 1 else 'stories'}")
    return 0
