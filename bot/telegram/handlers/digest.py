"""/digest, /latest and the Deep Look / Back buttons."""

from __future__ import annotations

import asyncio
import logging

from telegram import Chat, Message, Update

from bot.digest import build_digest
from bot.messages import callbacks, render
from bot.storage import feeds, stories
from bot.telegram.handlers.common import bullets_for, current_chat, local_day
from bot.telegram.replies import edit, reply_to_pressed, send, send_all, send_text
from bot.telegram.services import Context

log = logging.getLogger(__name__)


async def digest(update: Update, context: Context) -> None:
    """Send the current digest: the chat's sources and own feeds, filtered, at its settings."""
    services = context.services
    chat, now = await current_chat(update, context), services.clock()
    built = await build_digest(
        services.db,
        now=now,
        since=now - services.config.digest.since,
        limit=services.config.digest.max_stories,
        profile=await feeds.chat_profile(services.db, chat.id) if chat else None,
    )
    found = built.stories
    if not found:
        hours = int(services.config.digest.since.total_seconds() // 3600)
        muted = (
            f" ({len(chat.muted_sources)} muted in /sources)" if chat and chat.muted_sources else ""
        )
        text = f"No new stories in the last {hours} hours{muted}. Try /latest."
        await send_text(update, context, text)
        return
    messages = await asyncio.to_thread(
        render.render_digest,
        found,
        bullets=bullets_for(chat, context),
        day=local_day(now, chat, context),
    )
    await send_all(update, context, messages)


async def latest(update: Update, context: Context) -> None:
    """Send the newest story's Quick Looks the chat may see (its mutes and own feeds honoured)."""
    db = context.services.db
    chat = await current_chat(update, context)
    profile = await feeds.chat_profile(db, chat.id) if chat else None
    muted = chat.muted_sources if chat else ()
    own = profile.feeds if profile else frozenset()
    story = await stories.latest_story(db, muted_sources=muted, own_feeds=own)
    if story is None:
        if muted and await stories.latest_story(db, own_feeds=own) is not None:
            text = f"No stories but from your {len(muted)} muted sources (see /sources)."
        else:
            text = no_stories_text(await stories.last_ingest(db))
        await send_text(update, context, text)
        return
    await send(update, context, render.story_message(story, bullets=bullets_for(chat, context)))


def no_stories_text(run: stories.IngestRunView | None) -> str:
    """Say truthfully why there is no story: no ingestion yet, one running, or what it found."""
    if run is None:
        return "No stories yet: no ingestion has run yet."
    if run.finished_at is None:
        return "No stories yet: the first ingestion is still running."
    if run.sources_ok == 0 and run.sources_failed > 0:
        return (
            f"No stories yet: the last ingestion finished with all {run.sources_failed} "
            "sources failing. The operator can see why in /stats."
        )
    return "No stories yet: the last ingestion found no new articles."


def _ids_on_keyboard(update: Update) -> list[int]:
    """Read the Deep Look story ids from the pressed message's keyboard, in order."""
    query = update.callback_query
    message = query.message if query else None
    markup = message.reply_markup if isinstance(message, Message) else None
    ids: list[int] = []
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            try:
                parsed = callbacks.decode(str(button.callback_data or ""))
            except ValueError:
                continue
            if isinstance(parsed, callbacks.DeepLook):
                ids.append(parsed.story_id)
    return ids


async def show_deep_look(update: Update, context: Context, pressed: callbacks.DeepLook) -> None:
    """Show the story's Deep Look: in place with a Back button, or as a reply in shared chats."""
    query = update.callback_query
    assert query is not None
    story = await stories.get_story(context.services.db, pressed.story_id)
    if story is None:
        await query.answer("That story is no longer stored.")
        return
    chat = update.effective_chat
    if chat is not None and chat.type != Chat.PRIVATE:
        # Everyone in a group or channel shares the digest message: never rewrite it.
        await query.answer()
        await reply_to_pressed(query, render.deep_look_message(story, back=None))
        return
    back = callbacks.Back(tuple(_ids_on_keyboard(update)) or (story.id,), pressed.context)
    if not callbacks.fits(back):
        back = callbacks.Back((story.id,), callbacks.story_context())
    message = render.deep_look_message(story, back=callbacks.encode(back))
    await query.answer()
    await edit(query, message)


async def restore(update: Update, context: Context, pressed: callbacks.Back) -> None:
    """Put the digest part or story back after a Deep Look."""
    query = update.callback_query
    assert query is not None
    db = context.services.db
    found = [s for s in [await stories.get_story(db, i) for i in pressed.story_ids] if s]
    if not found:
        await query.answer("Those stories are no longer stored.")
        return
    bullets = bullets_for(await current_chat(update, context), context)
    if pressed.context == callbacks.story_context():
        message = render.story_message(found[0], bullets=bullets)
    else:
        day = callbacks.context_day(pressed.context)
        first = callbacks.context_first_number(pressed.context)
        parts = render.render_digest(
            found, bullets=bullets, day=day, first_number=first, header=day is not None
        )
        message = parts[0]
    await query.answer()
    await edit(query, message)
