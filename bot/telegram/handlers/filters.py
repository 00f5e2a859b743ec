"""/filter: show, add (+word, -word, -"exact phrase"), clear and preview keyword filters."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.digest import read_window
from bot.filters import MAX_TERMS, parse_term, shown_term
from bot.messages.render import escape, truncate_to_units
from bot.storage import feeds
from bot.telegram.handlers.common import (
    GROUP_ADMINS_ONLY,
    NOT_SUBSCRIBED,
    args_text,
    current_chat,
    may_configure,
)
from bot.telegram.replies import echo, send_text
from bot.telegram.services import Context

PREVIEW_WINDOW = timedelta(hours=48)
PREVIEW_LINES = 30
USAGE = (
    '/filter +word keeps only stories with it, /filter -word or /filter -"exact phrase" drops '
    "stories with it; /filter clear, /filter preview."
)


async def filter_command(update: Update, context: Context) -> None:
    """Show, change or preview this chat's filters."""
    value = args_text(update)
    chat = await current_chat(update, context)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    if not value:
        await send_text(update, context, await _listing(context, chat.id))
    elif value.casefold() == "preview":
        await send_text(update, context, await _preview(context, chat.id))
    elif not await may_configure(update, context):
        await send_text(update, context, GROUP_ADMINS_ONLY)
    elif value.casefold() == "clear":
        cleared = await feeds.clear_filters(context.services.db, chat.id)
        await send_text(update, context, f"Filters cleared ({cleared} terms).")
    else:
        await send_text(update, context, await _add(context, chat.id, value))


async def _listing(context: Context, chat_id: int) -> str:
    terms = await feeds.chat_filters(context.services.db, chat_id)
    shown = ", ".join(escape(shown_term(t)) for t in terms) or "none"
    return f"<b>Filters</b>: {shown}\n{escape(USAGE)}"


async def _add(context: Context, chat_id: int, value: str) -> str:
    try:
        term = parse_term(value)
    except ValueError as error:
        text = str(error)
        return f"{escape(text[:1].upper() + text[1:])}; got {echo(value)}."
    added = await feeds.add_filter(context.services.db, chat_id, term, limit=MAX_TERMS)
    if added is None:
        return NOT_SUBSCRIBED
    if not added:
        return f"This chat has {MAX_TERMS} filter terms already: /filter clear first."
    return f"Filter {escape(shown_term(term))} saved. /filter preview shows its effect."


async def _preview(context: Context, chat_id: int) -> str:
    """List the last 48 hours' stories: delivered, or dropped and by which term."""
    services = context.services
    now = services.clock()
    window = await read_window(services.db, since=now - PREVIEW_WINDOW, until=now)
    profile = await feeds.chat_profile(services.db, chat_id)
    judged = list(window.judge(profile))
    if not judged:
        return "No stories in the last 48 hours to preview."
    kept = sum(j.dropped_by is None for j in judged)
    lines = [
        f"<b>Filter preview</b>, last 48 hours: {kept} delivered, {len(judged) - kept} dropped."
    ]
    for item in judged[:PREVIEW_LINES]:
        headline = escape(truncate_to_units(item.story.headline, 80))
        if item.dropped_by is None:
            lines.append(f"✅ {headline}")
        else:
            lines.append(f"🚫 {headline} — {escape(truncate_to_units(item.dropped_by, 100))}")
    if len(judged) > PREVIEW_LINES:
        lines.append(f"… and {len(judged) - PREVIEW_LINES} more.")
    return "\n".join(lines)
