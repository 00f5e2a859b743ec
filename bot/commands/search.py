"""`quicklooks search WORDS`: list stored stories holding every word, newest first."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from bot.commands.digest import whole_number
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.services import StoreServices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the search options."""
    parser.add_argument("words", nargs="+", help="words every story found must hold")
    parser.add_argument(
        "--page", type=whole_number(1, 10000), default=1, help="the page of five (default 1)"
    )
    parser.add_argument("--json", action="store_true", help="print the stories as JSON")


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Print one page of matching stories: id, headline and first link."""
    from bot.answers import service
    from bot.terms import question_terms

    typed = " ".join(args.words)
    terms = question_terms(typed[:500]).words[: service.MAX_TERMS]
    if not terms:
        raise UserError(f"no searchable words in {typed[:60]!r}: try words like 'light rail'")
    found = await service.search_stories(
        services.db, [(t,) for t in terms], page=args.page - 1, muted_sources=()
    )
    rows = [
        {"id": s.id, "headline": s.headline, "url": service.first_link(s),
         "created_at": s.created_at.isoformat()}
        for s in found.stories
    ]  # fmt: skip
    if args.json:
        print(json.dumps({"page": args.page, "more": found.has_next, "stories": rows}, indent=2))
        return 0
    if not rows:
        print(f"No stored story has all of {typed[:60]!r}.")
        return 1
    for row in rows:
        print(
            f"{row['id']:>6}  {row['headline']}" + (f"\n        {row['url']}" if row["url"] else "")
        )
    if found.has_next:
        print(f"(more: --page {args.page + 1})")
    return 0
