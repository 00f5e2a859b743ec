"""Keep the bot token out of logs: quiet httpx's URL logging and redact every record."""

from __future__ import annotations

import logging
from typing import Any

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
