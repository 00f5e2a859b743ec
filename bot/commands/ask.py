"""`quicklooks ask "QUESTION"`: answer a question from the stored news, as /ask does."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.services import StoreServices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ask options."""
    parser.add_argument("question", nargs="+", help="the question (quote it in the shell)")
    parser.add_argument("--json", action="store_true", help="print the facts as JSON")


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Print up to three facts that answer (the latest stories when it has no content words)."""
    from bot.answers import service
    from bot.answers.question import parse

    question = parse(" ".join(args.question))
    if not question.text:
        raise UserError('ask needs a question, e.g. quicklooks ask "who voted for a rate cut?"')
    since = services.clock() - timedelta(days=services.config.digest.query_days)
    if question.empty:
        facts = await service.latest_facts(services.db, since=since, muted_sources=())
    else:
        facts = await service.ask(services.db, question, since=since, muted_sources=())
    if args.json:
        print(json.dumps([vars(f) for f in facts], ensure_ascii=False, indent=2))
        return 0
    if not facts:
        print(f"Nothing about that in the last {services.config.digest.query_days} days.")
        return 1
    for fact in facts:
        print(f"- {fact.text}\n  ({fact.headline}{' · ' + fact.url if fact.url else ''})")
    return 0
