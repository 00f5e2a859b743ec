"""/time, /timezone and /settings (with bullet-count buttons)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import Update

from bot.delivery.schedule import parse_clock_time, rescheduler
from bot.messages import callbacks
from bot.messages.model import Button, RenderedMessage
from bot.messages.render import escape, truncate_to_units
from bot.storage import chats, feeds
from bot.storage.chats import ChatView
from bot.telegram.handlers.common import (
    BULLET_CHOICES,
    NOT_SUBSCRIBED,
    STORY_CHOICES,
    args_text,
    bullets_for,
    current_chat,
    stories_for,
)
from bot.telegram.replies import echo, edit, send, send_text
from bot.telegram.services import Context
from bot.telegram.zones import parse_timezone, zone_label


def settings_message(chat: ChatView, bullets: int, stories: int = 8) -> RenderedMessage:
    """Show a chat's settings with buttons for bullets, stories per digest and the sources."""
    due = (
        chat.next_due_at.astimezone(ZoneInfo(chat.timezone)).strftime("%a %d %b %H:%M")
        if chat.next_due_at
        else "paused (send /start)"
    )
    muted = escape(truncate_to_units(", ".join(chat.muted_sources), 1500)) or "none"
    text = (
        "<b>Settings</b>\n"
        f"Daily digest at {chat.deliver_time} ({escape(zone_label(chat.timezone))}); next: {due}\n"
        f"Bullets per story: {bullets}\nStories per digest: {stories}\n"
        f"Muted sources: {muted}\n\n"
        "Change the time with /time HH:MM and the zone with /timezone Area/City."
    )
    row = [
        Button(
            f"[{count}]" if count == bullets else str(count),
            callback_data=callbacks.encode(callbacks.SetBullets(count)),
        )
        for count in BULLET_CHOICES
    ]
    counts = [
        Button(
            f"[{count} stories]" if count == stories else f"{count} stories",
            callback_data=callbacks.encode(callbacks.SetStories(count)),
        )
        for count in STORY_CHOICES
    ]
    sources = [Button("Sources", callback_data=callbacks.encode(callbacks.OpenSources()))]
    return RenderedMessage.of(text, [row, counts[:3], counts[3:], sources])


async def set_time(update: Update, context: Context) -> None:
    """Set the daily delivery time (HH:MM, 24-hour, the chat's time zone)."""
    value = args_text(update)
    try:
        parsed = parse_clock_time(value)
    except ValueError:
        shown = echo(value) if value else "nothing"
        await send_text(
            update, context, f"Expected a time like /time 07:30 (24-hour), got {shown}."
        )
        return
    services, chat_id = context.services, update.effective_chat.id if update.effective_chat else 0
    clock = parsed.strftime("%H:%M")
    reschedule = rescheduler(services.clock())
    chat = await chats.set_delivery_time(services.db, chat_id, clock, reschedule=reschedule)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    await send_text(
        update, context, f"Daily digest at {clock} ({escape(zone_label(chat.timezone))})."
    )


async def set_timezone(update: Update, context: Context) -> None:
    """Set the chat's time zone: an IANA name or a UTC offset."""
    value = args_text(update)
    services = context.services
    try:
        zone = parse_timezone(value, now=services.clock())
    except ValueError as error:
        shown = echo(value) if value else "nothing"
        await send_text(
            update, context, f"{escape(str(error)[:1].upper() + str(error)[1:])}; got {shown}."
        )
        return
    chat_id = update.effective_chat.id if update.effective_chat else 0
    reschedule = rescheduler(services.clock())
    chat = await chats.set_timezone(services.db, chat_id, zone, reschedule=reschedule)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    await send_text(
        update,
        context,
        f"Time zone {escape(zone_label(zone))}: daily digest at {chat.deliver_time}.",
    )


async def show_settings(update: Update, context: Context) -> None:
    """Show this chat's settings."""
    chat = await current_chat(update, context)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    await send(update, context, _settings_of(chat, context))


async def on_bullets(update: Update, context: Context, pressed: callbacks.SetBullets) -> None:
    """Change the bullet count from the settings buttons."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    if pressed.count not in BULLET_CHOICES:
        await query.answer("That choice is not available.")
        return
    chat = await chats.set_bullets(context.services.db, update.effective_chat.id, pressed.count)
    if chat is None:
        await query.answer(NOT_SUBSCRIBED)
        return
    await query.answer(f"{pressed.count} bullets per story")
    await edit(query, _settings_of(chat, context))


async def on_open_settings(update: Update, context: Context) -> None:
    """Go back from the sources list to the settings."""
    query = update.callback_query
    assert query is not None
    chat = await current_chat(update, context)
    if chat is None:
        await query.answer(NOT_SUBSCRIBED)
        return
    message = _settings_of(chat, context)
    await query.answer()
    await edit(query, message)


def _settings_of(chat: ChatView, context: Context) -> RenderedMessage:
    return settings_message(chat, bullets_for(chat, context), stories_for(chat, context))


async def on_stories(update: Update, context: Context, pressed: callbacks.SetStories) -> None:
    """Change how many stories the chat's digest holds from the settings buttons."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    if pressed.count not in STORY_CHOICES:
        await query.answer("That choice is not available.")
        return
    db, chat_id = context.services.db, update.effective_chat.id
    chat = (
        await chats.get_chat(db, chat_id)
        if await feeds.set_max_stories(db, chat_id, pressed.count)
        else None
    )
    if chat is None:
        await query.answer(NOT_SUBSCRIBED)
        return
    await query.answer(f"{pressed.count} stories per digest")
    await edit(query, _settings_of(chat, context))
