"""/sources: list the news sources; inline toggles mute or unmute each for this chat."""

from __future__ import annotations

from telegram import Update

from bot.messages import callbacks
from bot.messages.model import Button, RenderedMessage
from bot.messages.render import MAX_MESSAGE_UNITS, escape, truncate_to_units, utf16_len
from bot.storage import chats, feeds
from bot.telegram.handlers.common import NOT_SUBSCRIBED, current_chat
from bot.telegram.replies import edit, send, send_text
from bot.telegram.services import Context


async def known_sources(context: Context) -> list[str]:
    """Return every source name: configured ones and those with stored articles, sorted."""
    services = context.services
    configured = {s.name for s in services.config.sources if s.enabled}
    stored = await feeds.operator_source_names(services.db)  # not the feeds chats added
    return sorted(configured.union(stored), key=str.casefold)


def sources_message(names: list[str], muted: list[str]) -> RenderedMessage:
    """List sources with a toggle button each (on = in digests, muted = left out)."""
    lines = ["<b>Sources</b>", "Tap a source to mute or unmute it in this chat's digests.", ""]
    rows = []
    for index, name in enumerate(names):
        state = "muted" if name in muted else "on"
        lines.append(f"{'🔇' if state == 'muted' else '✅'} {escape(name)} — {state}")
        data = callbacks.encode(callbacks.ToggleSource(index, callbacks.name_tag(name)))
        label = f"{'Unmute' if state == 'muted' else 'Mute'} {truncate_to_units(name, 40)}"
        rows.append([Button(label, callback_data=data)])
    if not names:
        lines.append("No sources are configured.")
    rows.append([Button("Settings", callback_data=callbacks.encode(callbacks.OpenSettings()))])
    text = "\n".join(lines)
    if utf16_len(text) > MAX_MESSAGE_UNITS:
        text = "\n".join(lines[:2])  # very many sources: the buttons alone show each state
    return RenderedMessage.of(text, rows)


async def list_sources(update: Update, context: Context) -> None:
    """Show the sources and their mute toggles."""
    chat = await current_chat(update, context)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    await send(update, context, sources_message(await known_sources(context), chat.muted_sources))


async def on_open(update: Update, context: Context) -> None:
    """Open the sources list from the settings message."""
    query = update.callback_query
    chat = await current_chat(update, context)
    assert query is not None
    if chat is None:
        await query.answer(NOT_SUBSCRIBED)
        return
    message = sources_message(await known_sources(context), chat.muted_sources)
    await query.answer()
    await edit(query, message)


async def on_toggle(update: Update, context: Context, pressed: callbacks.ToggleSource) -> None:
    """Mute or unmute one source and redraw the list."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    chat_id = update.effective_chat.id
    names = await known_sources(context)
    name = names[pressed.index] if pressed.index < len(names) else None
    db = context.services.db
    if name is None or callbacks.name_tag(name) != pressed.tag:
        await query.answer("The source list changed; here it is again.")
        await edit(query, sources_message(names, await chats.muted_sources(db, chat_id)))
        return
    muted = await chats.toggle_muted(db, chat_id, name)
    if muted is None:
        await query.answer(NOT_SUBSCRIBED)
        return
    await query.answer(f"{truncate_to_units(name, 60)}: {'muted' if muted else 'on'}")
    message = sources_message(names, await chats.muted_sources(db, chat_id))
    await edit(query, message)
