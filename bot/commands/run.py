"""`quicklooks run`: the Telegram bot (long polling, or a webhook with --webhook URL)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the run options."""
    parser.add_argument(
        "--webhook",
        metavar="URL",
        help="receive updates at this public https URL instead of long polling "
        "(listens on QUICKLOOKS_WEBHOOK_LISTEN:QUICKLOOKS_WEBHOOK_PORT)",
    )


def run(args: argparse.Namespace) -> int:
    """Run the bot until SIGINT or SIGTERM."""
    from bot.telegram.runner import run_bot

    return run_bot(webhook_url=args.webhook)
