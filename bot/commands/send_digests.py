"""`quicklooks send-digests [--now]`: run one delivery tick from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.delivery.sender import DeliveryReport
    from bot.settings import AppConfig, Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare --now and the quiet switch."""
    parser.add_argument(
        "--now",
        action="store_true",
        help="treat every active chat as due now (today's edition is still sent only once)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
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


def run(args: argparse.Namespace) -> int:
    """Send every due digest once, then print a one-line summary; exit 1 if some failed."""
    from bot.settings import load_config, load_settings

    settings = load_settings()
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        raise UserError("QUICKLOOKS_TELEGRAM_TOKEN is not set (the bot token from @BotFather)")
    config = load_config(settings.config_path())
    report = asyncio.run(
        _deliver(settings, config, force=args.now, quiet=args.quiet, batch_size=args.batch_size)
    )
    from bot.delivery.service import summary

    print(summary(report))
    return 1 if report.failed else 0


async def _deliver(
    settings: Settings, config: AppConfig, *, force: bool, quiet: bool, batch_size: int
) -> DeliveryReport:
    from telegram import Bot
    from telegram.error import InvalidToken
    from telegram.request import HTTPXRequest
    from tqdm import tqdm

    from bot.clock import clock_for
    from bot.delivery.service import DeliveryTuning, deliver_due_digests, http_slots_for
    from bot.storage.database import open_database

    assert settings.telegram_token is not None
    slots = http_slots_for(config)
    bot = Bot(
        settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        request=HTTPXRequest(connection_pool_size=slots, pool_timeout=30.0),
    )
    db = await open_database(settings.database_url)
    bar = tqdm(total=0, unit="chat", file=sys.stderr, disable=quiet, desc="digests")

    def progress(**event: Any) -> None:
        if "claimed" in event:
            bar.total = (bar.total or 0) + int(event["claimed"])
            bar.refresh()
        if "done" in event:
            bar.update(int(event["done"]))

    try:
        async with bot:
            return await deliver_due_digests(
                bot,
                db,
                config,
                now=clock_for(settings.clock_start)(),
                force=force,
                progress=progress,
                tuning=DeliveryTuning(batch_size=batch_size),
            )
    except InvalidToken:
        raise UserError("Telegram rejected QUICKLOOKS_TELEGRAM_TOKEN (invalid token)") from None
    finally:
        bar.close()
        await db.close()
