"""Small helpers shared by handlers: the current chat's settings and local day."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bot.storage import chats, feeds
from bot.storage.chats import ChatView
from bot.telegram.replies import send_text
from bot.telegram.services import Context

BULLET_CHOICES = (3, 5, 8)
STORY_CHOICES = (3, 5, 8, 10, 15)


async def current_chat(update: Update, context: Context) -> ChatView | None:
    """Return the stored state of the update's chat (None if it never subscribed)."""
    chat = update.effective_chat
    return await chats.get_chat(context.services.db, chat.id) if chat else None


def bullets_for(chat: ChatView | None, context: Context) -> int:
    """Return the chat's bullet count, or the configured default."""
    if chat is not None and chat.bullets:
        return chat.bullets
    return context.services.config.digest.bullets


def stories_for(chat: ChatView | None, context: Context) -> int:
    """Return how many stories the chat's digest holds, or the configured default."""
    if chat is not None and chat.max_stories:
        return chat.max_stories
    return context.services.config.digest.max_stories


def local_day(now: datetime, chat: ChatView | None, context: Context) -> date:
    """Return today's date where the chat lives."""
    zone = chat.timezone if chat else context.services.config.delivery.default_timezone
    return now.astimezone(ZoneInfo(zone)).date()


def args_text(update: Update) -> str:
    """Return everything after the command word (commands may carry spaces and newlines)."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


GROUP_ADMINS_ONLY = "Only this group's administrators can change its subscription and settings."
_MANAGERS = frozenset({"creator", "administrator"})


async def may_configure(update: Update, context: Context) -> bool:
    """Tell whether the sender may change this chat's subscription (group admins only)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or chat.type in ("private", "channel"):
        return True  # a private chat is the user's own; only admins post in channels
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == chat.id  # an anonymous admin writes as the group
    if user is None:
        return False
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in _MANAGERS


NOT_SUBSCRIBED = "This chat is not subscribed yet: send /start first, then change its settings."


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def group_admins_only(callback: Handler) -> Handler:
    """Let only group administrators run `callback` in groups; others get a short notice."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: Context) -> None:
        if await may_configure(update, context):
            await callback(update, context)
        else:
            await send_text(update, context, GROUP_ADMINS_ONLY)

    return guarded


async def chat_sees(update: Update, context: Context) -> tuple[list[str], frozenset[int]]:
    """Return the chat's muted sources and own feeds (what it may see of the stored news)."""
    chat = await current_chat(update, context)
    if chat is None:
        return [], frozenset()
    profile = await feeds.chat_profile(context.services.db, chat.id)
    return list(chat.muted_sources), profile.feeds
