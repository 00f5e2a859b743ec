"""`quicklooks run`: the Telegram bot (long polling, or a webhook with --webhook URL)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import StoreServices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the run options."""
    parser.add_argument(
        "--webhook",
        metavar="URL",
        help="receive updates at this public https URL instead of long polling "
        "(listens on QUICKLOOKS_WEBHOOK_LISTEN:QUICKLOOKS_WEBHOOK_PORT)",
    )


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Run the bot until SIGINT or SIGTERM."""
    from bot.telegram.runner import run_bot
    from bot.telegram.services import BotServices

    return await run_bot(BotServices.from_store(services), webhook_url=args.webhook)
