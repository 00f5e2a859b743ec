"""Run the bot process: long polling by default, or a webhook server with a secret token."""

from __future__ import annotations

import logging
import re
import secrets
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError

from bot.clock import clock_for
from bot.errors import UserError
from bot.settings import Settings, load_config, load_settings
from bot.telegram.app import ALLOWED_UPDATES, build_application, require_token
from bot.telegram.logs import protect_secret

log = logging.getLogger(__name__)
_SECRET_CHARS = re.compile(r"[A-Za-z0-9_-]{1,256}")


class _ShortBootstrapErrors(logging.Filter):
    """Drop the traceback PTB logs when start-up fails; the CLI prints the reason in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "Bootstrap" in record.getMessage():
            record.exc_info, record.exc_text = None, None
        return True


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


def run_bot(*, webhook_url: str | None = None) -> int:
    """Build the bot from the environment and run it until SIGINT/SIGTERM."""
    settings = load_settings()
    token = require_token(settings)
    logging.getLogger("bot").setLevel(
        min(logging.getLogger("bot").getEffectiveLevel(), logging.INFO)
    )
    logging.getLogger("telegram.ext").addFilter(_ShortBootstrapErrors())
    try:
        return _serve(settings, webhook_url)
    except InvalidToken:
        raise UserError(
            "Telegram rejected QUICKLOOKS_TELEGRAM_TOKEN: check it with @BotFather"
        ) from None
    except NetworkError as error:
        reason = str(error).replace(token, "[REDACTED]")
        raise UserError(
            f"cannot reach the Telegram Bot API at {settings.telegram_base_url}: {reason}"
        ) from None


def _serve(settings: Settings, webhook_url: str | None) -> int:
    path = webhook_path(webhook_url) if webhook_url else None
    config = load_config(settings.config_path())
    application = build_application(settings, config, clock=clock_for(settings.clock_start))
    if webhook_url is not None and path is not None:
        secret = webhook_secret(settings)
        protect_secret(secret)
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=path,
            webhook_url=webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
        )
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0
