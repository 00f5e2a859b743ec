"""/start and /stop, and the bot being added to or removed from chats and channels."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update

from bot.delivery.schedule import rescheduler, spread_time
from bot.messages.render import escape
from bot.storage import chats
from bot.storage.chats import ChatView
from bot.telegram.handlers.common import bullets_for
from bot.telegram.replies import send_text
from bot.telegram.services import Context
from bot.telegram.zones import zone_label

log = logging.getLogger(__name__)


def intro(chat: ChatView, bullets: int) -> str:
    """Explain what the chat will get and when."""
    zone = escape(zone_label(chat.timezone))
    return (
        f"<b>Subscribed.</b> Every day at {chat.deliver_time} ({zone}) this chat "
        f"gets one message with the day's top stories: a headline, a short lede and {bullets} "
        "bullets each, with Deep Look and Source buttons.\n"
        "Change the time with /time HH:MM and /timezone Area/City; bullets and sources in "
        "/settings.\n/digest shows the digest now, /stop ends the subscription."
    )


async def subscribe_chat(update: Update, context: Context) -> tuple[ChatView, bool] | None:
    """Subscribe the update's chat with the configured defaults."""
    chat, services = update.effective_chat, context.services
    if chat is None:
        return None
    delivery, now = services.config.delivery, services.clock()
    return await chats.subscribe(
        services.db,
        chat_id=chat.id,
        chat_type=chat.type,
        title=chat.title or chat.full_name,
        now=now,
        # A new chat's time: the default plus its own stable offset, so editions spread out.
        default_time=spread_time(delivery.default_time, chat.id, delivery.default_time_jitter),
        default_timezone=delivery.default_timezone,
        reschedule=rescheduler(now),
    )


async def start(update: Update, context: Context) -> None:
    """Subscribe this chat and say what it will receive."""
    result = await subscribe_chat(update, context)
    if result is None:
        return
    chat, changed = result
    text = intro(chat, bullets_for(chat, context))
    if not changed:
        text = "This chat is already subscribed.\n" + text.split("\n", 1)[1]
    await send_text(update, context, text)


async def stop(update: Update, context: Context) -> None:
    """Unsubscribe this chat, keeping its settings."""
    chat = update.effective_chat
    if chat is None:
        return
    services = context.services
    was_active = await chats.unsubscribe(services.db, chat.id, now=services.clock())
    text = (
        "Unsubscribed: no more daily digests. Your settings are kept; /start resumes them."
        if was_active
        else "This chat is not subscribed. /start subscribes it."
    )
    await send_text(update, context, text)


async def membership(update: Update, context: Context) -> None:
    """Follow the bot's own membership: subscribe channels it administers, drop chats it left."""
    change = update.my_chat_member
    if change is None:
        return
    status, chat = change.new_chat_member.status, change.chat
    services = context.services
    if status in (ChatMember.LEFT, ChatMember.BANNED):
        reason = "blocked" if chat.type == "private" else "removed"
        await chats.unsubscribe(services.db, chat.id, now=services.clock(), reason=reason)
        log.info("chat %s %s the bot; unsubscribed", chat.id, reason)
    elif status == ChatMember.ADMINISTRATOR and chat.type == "channel":
        result = await subscribe_chat(update, context)
        if result is not None and result[1]:
            await send_text(update, context, intro(result[0], bullets_for(result[0], context)))
