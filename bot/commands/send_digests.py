"""`quicklooks send-digests [--now]`: run one delivery tick from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.services import StoreServices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --now, the quiet switch and the batch size."""
    parser.add_argument(
        "--now",
        action="store_true",
        help="treat every active chat as due now (today's edition is still sent only once)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary line")
    parser.add_argument(
        "--batch-size",
        type=_positive,
        default=200,
        metavar="N",
        help="chats claimed per database transaction (default: 200)",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


async def run(args: argparse.Namespace, services: StoreServices) -> int:
    """Send every due digest once, then print a one-line summary; exit 1 if some failed."""
    from telegram import Bot
    from telegram.error import InvalidToken

    from bot.delivery.service import (
        DeliveryTuning,
        deliver_due_digests,
        http_slots_for,
        summary,
    )
    from bot.progress import Progress
    from bot.settings import require_token

    bot = Bot(
        require_token(services.settings),
        base_url=services.settings.telegram_base_url,
        request=services.telegram_request(http_slots_for(services.config)),
    )
    with Progress(desc="digests", unit="chat", enabled=not args.quiet) as bar:

        def progress(**event: Any) -> None:
            if "claimed" in event:
                bar.add_total(int(event["claimed"]))
            if "done" in event:
                bar.advance(int(event["done"]))

        try:
            async with bot:
                report = await deliver_due_digests(
                    bot,
                    services.db,
                    services.config,
                    now=services.clock(),
                    clock=services.clock,
                    force=args.now,
                    progress=progress,
                    tuning=DeliveryTuning(batch_size=args.batch_size),
                    request=services.telegram_request,
                )
        except InvalidToken:
            raise UserError("Telegram rejected QUICKLOOKS_TELEGRAM_TOKEN (invalid token)") from None
    print(summary(report))
    return 1 if report.failed else 0
