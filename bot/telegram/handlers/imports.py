"""OPML import: a document sent to the bot adds the feeds it lists, with a report."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.ingest.discovery import FoundFeed
from bot.ingest.opml import OpmlError, read_opml
from bot.messages.render import escape
from bot.storage import feeds
from bot.telegram.handlers.common import (
    GROUP_ADMINS_ONLY,
    NOT_SUBSCRIBED,
    current_chat,
    may_configure,
)
from bot.telegram.handlers.feeds import adding_refusal, subscribe_chat, validate
from bot.telegram.replies import echo, send_text
from bot.telegram.services import BotServices, Context

OPML_SUFFIXES = (".opml", ".xml")
SHOWN_REFUSALS = 15


async def import_document(update: Update, context: Context) -> None:
    """Import the feeds of an OPML file sent to the chat."""
    message, chat = update.effective_message, update.effective_chat
    document = message.document if message else None
    if document is None or chat is None:
        return
    name = document.file_name or "file"
    is_opml = name.lower().endswith(OPML_SUFFIXES)
    if chat.type != "private" and not is_opml:
        return  # groups share all kinds of files; only OPML is for the bot
    services, user = context.services, update.effective_user
    cap = services.config.feeds.max_opml_bytes
    refusal = adding_refusal(services, user.id if user else None)
    if not is_opml:
        refusal = "To import feeds, send an OPML file (.opml or .xml)."
    elif refusal is None and not await may_configure(update, context):
        refusal = GROUP_ADMINS_ONLY
    elif refusal is None and (document.file_size or 0) > cap:
        refusal = f"That file is too big to import (over {cap // 1000} KB)."
    stored = await current_chat(update, context)
    if refusal is None and (stored is None or not stored.active):
        refusal = NOT_SUBSCRIBED
    if refusal is not None:
        await send_text(update, context, refusal)
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    if len(data) > cap:
        await send_text(update, context, f"That file is too big to import (over {cap // 1000} KB).")
        return
    await send_text(update, context, await import_opml(services, chat.id, name, data))


async def import_opml(services: BotServices, chat_id: int, name: str, data: bytes) -> str:
    """Validate every feed of an OPML file (a few at a time), add them, and report."""
    try:
        parsed = await asyncio.to_thread(read_opml, data)
    except OpmlError as error:
        return f"Could not import {echo(name)}: {escape(str(error))}."
    if not parsed.feeds:
        return f"No feeds in {echo(name)}: its outlines have no xmlUrl."
    room = services.config.feeds.max_per_chat - len(await feeds.chat_feeds(services.db, chat_id))
    limit = asyncio.Semaphore(services.config.ingest.concurrency)

    async def check(url: str) -> FoundFeed | str:
        async with limit:
            return await validate(services, url)

    wanted = parsed.feeds[: max(room, 0)]
    checked = await asyncio.gather(*(check(outline.url) for outline in wanted))
    added, already = 0, parsed.duplicates
    refused: list[tuple[str, str]] = [
        (o.url, f"this chat's limit of {services.config.feeds.max_per_chat} feeds")
        for o in parsed.feeds[len(wanted) :]
    ]
    for outline, found in zip(wanted, checked, strict=True):
        if isinstance(found, str):
            bucket = "already" if found.startswith("Already") else "refused"
            already += bucket == "already"
            if bucket == "refused":
                refused.append((outline.url, found))
            continue
        result = await subscribe_chat(services, chat_id, found)
        if result.status == "added":
            added += 1
        elif result.status == "already":
            already += 1
        else:
            refused.append((outline.url, result.status.replace("_", " ")))
    return _report(name, added, already, refused, parsed.without_url)


def _report(
    name: str, added: int, already: int, refused: list[tuple[str, str]], without_url: int
) -> str:
    lines = [
        f"<b>Imported {echo(name)}</b>: {added} added, {already} already there, "
        f"{len(refused)} refused."
    ]
    if without_url:
        lines.append(f"{without_url} outlines had no feed address.")
    for url, reason in refused[:SHOWN_REFUSALS]:
        lines.append(f"• {echo(url, units=60)}: {reason}")
    if len(refused) > SHOWN_REFUSALS:
        lines.append(f"… and {len(refused) - SHOWN_REFUSALS} more.")
    return "\n".join(lines)
