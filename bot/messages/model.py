"""A rendered message as a plain value: HTML text and rows of inline buttons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    """An inline button: a callback (<= 64 bytes of data) or a URL."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class RenderedMessage:
    """One Telegram message: HTML text and inline keyboard rows."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()

    def without_url_buttons(self) -> RenderedMessage:
        """Return the message with its URL buttons left out (callback buttons stay)."""
        rows = tuple(tuple(b for b in row if b.url is None) for row in self.buttons)
        return RenderedMessage(self.text, tuple(row for row in rows if row))

    @classmethod
    def of(cls, text: str, rows: list[list[Button]] | None = None) -> RenderedMessage:
        """Build a message from mutable rows (empty rows are dropped)."""
        return cls(text, tuple(tuple(row) for row in rows or () if row))
