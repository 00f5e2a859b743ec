"""Run the bot process: long polling by default, or a webhook server with a secret token."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError

from bot import __version__
from bot.errors import UserError
from bot.logs import protect_secret, set_project_level
from bot.settings import Settings
from bot.storage.database import describe_url
from bot.storage.stories import count_stories
from bot.telegram.app import ALLOWED_UPDATES, build_application, start_bot
from bot.telegram.services import BotApp, BotServices

log = logging.getLogger(__name__)
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]{1,256}")


def webhook_secret(settings: Settings) -> str:
    """Return the configured webhook secret, or a random one for this run (never logged)."""
    if settings.webhook_secret is not None:
        secret = settings.webhook_secret.get_secret_value()
        if not _SECRET_CHARS.fullmatch(secret):
            raise UserError(
                "QUICKLOOKS_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
            )
        return secret
    log.warning("QUICKLOOKS_WEBHOOK_SECRET is not set: using a random webhook secret for this run")
    return secrets.token_urlsafe(32)


def webhook_path(url: str) -> str:
    """Check a public webhook URL (Telegram needs https) and return its path to listen on."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise UserError(f"--webhook needs a public https:// URL, got {url[:200]!r}")
    return parts.path.lstrip("/")


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates (the public URL) and where this process listens for them."""

    url: str
    secret: str
    listen: str = "0.0.0.0"
    port: int = 8443

    @property
    def path(self) -> str:
        """The URL path to serve (checked to be a public https URL)."""
        return webhook_path(self.url)


async def run_bot(services: BotServices, *, webhook_url: str | None = None) -> int:
    """Run the bot until SIGINT or SIGTERM; start-up problems are one line (UserError)."""
    set_project_level(logging.INFO)
    webhook = None
    if webhook_url is not None:
        webhook_path(webhook_url)
        settings = services.settings
        secret = webhook_secret(settings)
        protect_secret(secret)
        webhook = Webhook(webhook_url, secret, settings.webhook_listen, settings.webhook_port)
    application = build_application(services)
    token = services.settings.telegram_token
    try:
        await _serve_until_stopped(application, webhook)
    except InvalidToken:
        raise UserError(
            "Telegram rejected QUICKLOOKS_TELEGRAM_TOKEN: check it with @BotFather"
        ) from None
    except NetworkError as error:
        reason = str(error).replace(token.get_secret_value(), "[REDACTED]") if token else str(error)
        raise UserError(
            f"cannot reach the Telegram Bot API at {services.settings.telegram_base_url}: {reason}"
        ) from None
    return 0


async def _serve_until_stopped(application: BotApp, webhook: Webhook | None) -> None:
    """Serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with serving(application, webhook=webhook):
            await stop.wait()
            log.info("stopping")
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
    log.info("stopped")


@contextlib.asynccontextmanager
async def serving(
    application: BotApp, *, webhook: Webhook | None = None, poll_timeout: int = 10
) -> AsyncIterator[BotApp]:
    """Start the bot (updates, menu, jobs) for the body of the block, and stop it after."""
    updater = application.updater
    assert updater is not None
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(application.close_requests)
        await stack.enter_async_context(application)
        await _log_start(application)
        await start_bot(application)
        if webhook is not None:
            await updater.start_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=webhook.path,
                webhook_url=webhook.url,
                secret_token=webhook.secret,
                allowed_updates=ALLOWED_UPDATES,
            )
            log.info("receiving updates at %s", webhook.url)
        else:
            await updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
            log.info("polling as @%s", application.bot.username)
        try:
            await application.start()
            yield application
        finally:
            # Updates first, so nothing new arrives while the handlers finish.
            await updater.stop()
            if application.running:
                await application.stop()


async def _log_start(application: BotApp) -> None:
    """Say in a few lines what this process runs on: version, database, config, sources."""
    services = application.services
    config, settings = services.config, services.settings
    log.info(
        "Quick Looks %s: database %s, config %s, %d sources, %d query commands",
        __version__,
        describe_url(settings.database_url),
        settings.config_path(),
        sum(s.enabled for s in config.sources),
        len(config.queries),
    )
    stored = await count_stories(services.db)
    if stored:
        log.info("restarting with %d stories stored", stored)
