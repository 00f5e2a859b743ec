"""`quicklooks chat`: try the bot offline; type commands, read the replies as plain text."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import StoreServices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the chat options."""
    parser.add_argument(
        "--chat-id", type=int, default=1, help="the chat the lines are typed in (default 1)"
    )
    parser.add_argument(
        "--no-ingest", action="store_true", help="do not ingest even when the store is empty"
    )


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Feed stdin lines through the real handlers and print the replies."""
    from bot.telegram.console import run_console

    return await run_console(services, chat_id=args.chat_id, ingest=not args.no_ingest)
