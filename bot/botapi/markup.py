"""The one converter from plain message buttons to Telegram's inline keyboard."""

from __future__ import annotations

import json
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages.model import Button


def to_markup(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Turn button rows into an inline keyboard (None when there are no buttons)."""
    keyboard = [
        [
            InlineKeyboardButton(b.text, url=b.url)
            if b.url
            else InlineKeyboardButton(b.text, callback_data=b.callback_data)
            for b in row
        ]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(keyboard) if keyboard else None


def markup_json(rows: Sequence[Sequence[Button]]) -> str | None:
    """Return the inline keyboard as the JSON `reply_markup` parameter (None without buttons)."""
    markup = to_markup(rows)
    return json.dumps(markup.to_dict()) if markup is not None else None
