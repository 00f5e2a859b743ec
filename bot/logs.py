"""Logging: levels by verbosity, and secrets (the bot token) redacted from every record."""

from __future__ import annotations

import logging
from typing import Any

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_SECRETS: set[str] = set()
_installed = False
REDACTED = "[REDACTED]"


def _redact(text: str) -> str:
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redacting_factory(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        if not _SECRETS:
            return record
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to logging's own error path
            return record
        clean = _redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = _redact(text)
            if record.exc_text != text:
                # The traceback names the secret (an httpx URL): keep only the redacted text.
                record.exc_info = None
        if record.stack_info:
            record.stack_info = _redact(record.stack_info)
        return record

    return make_record


def protect_secret(secret: str | None) -> None:
    """Redact `secret` from every log record from now on and silence httpx request logs."""
    global _installed
    if not secret:
        return
    _SECRETS.add(secret)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    if not _installed:
        logging.setLogRecordFactory(_redacting_factory(logging.getLogRecordFactory()))
        _installed = True


def configure_logging(verbosity: int, *, bot_level: int = logging.WARNING) -> None:
    """Log warnings by default; -v shows the project's debug lines, -vv every library's too.

    `bot_level` is the project's own level without -v (the bot process logs at INFO).
    """
    logging.basicConfig(level=logging.DEBUG if verbosity >= 2 else logging.WARNING, format=_FORMAT)
    own = logging.DEBUG if verbosity >= 1 else bot_level
    for name in ("bot", "summarizers"):
        logging.getLogger(name).setLevel(own)


def set_project_level(level: int) -> None:
    """Lower the project's loggers to `level` unless -v already made them more verbose."""
    for name in ("bot", "summarizers"):
        logger = logging.getLogger(name)
        logger.setLevel(min(logger.getEffectiveLevel(), level))
