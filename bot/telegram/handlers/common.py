"""Small helpers shared by handlers: the current chat's settings and local day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import Update

from bot.storage import chats
from bot.storage.chats import ChatView
from bot.telegram.services import Context

BULLET_CHOICES = (3, 5, 8)


async def current_chat(update: Update, context: Context) -> ChatView | None:
    """Return the stored state of the update's chat (None if it never subscribed)."""
    chat = update.effective_chat
    return await chats.get_chat(context.bot_data.db, chat.id) if chat else None


def bullets_for(chat: ChatView | None, context: Context) -> int:
    """Return the chat's bullet count, or the configured default."""
    if chat is not None and chat.bullets:
        return chat.bullets
    return context.bot_data.config.digest.bullets


def local_day(now: datetime, chat: ChatView | None, context: Context) -> date:
    """Return today's date where the chat lives."""
    zone = chat.timezone if chat else context.bot_data.config.delivery.default_timezone
    return now.astimezone(ZoneInfo(zone)).date()


def args_text(update: Update) -> str:
    """Return everything after the command word (commands may carry spaces and newlines)."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


NOT_SUBSCRIBED = "This chat is not subscribed yet: send /start first, then change its settings."
