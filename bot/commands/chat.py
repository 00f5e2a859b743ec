"""`quicklooks chat`: try the bot offline; type commands, read the replies as plain text."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the chat options."""
    parser.add_argument(
        "--chat-id", type=int, default=1, help="the chat the lines are typed in (default 1)"
    )
    parser.add_argument(
        "--no-ingest", action="store_true", help="do not ingest even when the store is empty"
    )


def run(args: argparse.Namespace) -> int:
    """Feed stdin lines through the real handlers and print the replies."""
    import asyncio

    from bot.telegram.console import run_console

    return asyncio.run(run_console(chat_id=args.chat_id, ingest=not args.no_ingest))
