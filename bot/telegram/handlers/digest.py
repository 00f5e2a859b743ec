"""/digest, /latest and the Deep Look / Back / More buttons."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.digest import StoryWindow, build_digest
from bot.messages import callbacks, render
from bot.storage import deliveries, feeds, stories
from bot.telegram.handlers.common import bullets_for, chat_sees, current_chat, local_day
from bot.telegram.replies import (
    edit,
    paced,
    reply_to_pressed,
    send,
    send_all,
    send_paced,
    send_text,
)
from bot.telegram.services import Context

log = logging.getLogger(__name__)

MORE_UNSUBSCRIBED = (
    "This chat is no longer subscribed, so its digest is not continued. /start subscribes it "
    "again; /digest shows the recent stories."
)
MORE_GONE = "This digest is no longer kept. /digest shows the recent stories."
MORE_NOTHING_LEFT = (
    "The rest of this digest was removed, muted or filtered out since. /digest shows the "
    "recent stories."
)


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


def _pressed_keyboard(update: Update) -> list[callbacks.Callback]:
    """Decode the buttons of the pressed message's keyboard, in order (unreadable ones skipped)."""
    query = update.callback_query
    message = query.message if query else None
    markup = message.reply_markup if isinstance(message, Message) else None
    found: list[callbacks.Callback] = []
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            try:
                found.append(callbacks.decode(str(button.callback_data or "")))
            except ValueError:
                continue
    return found


def _ids_on_keyboard(update: Update) -> list[int]:
    """Read the Deep Look story ids from the pressed message's keyboard, in order."""
    return [b.story_id for b in _pressed_keyboard(update) if isinstance(b, callbacks.DeepLook)]


async def show_deep_look(update: Update, context: Context, pressed: callbacks.DeepLook) -> None:
    """Show the story's Deep Look: in place with a Back button, or as a reply in shared chats."""
    query = update.callback_query
    assert query is not None
    muted, own = await chat_sees(update, context)
    story = stories.for_chat(
        await stories.get_story(context.services.db, pressed.story_id), muted, own
    )
    if story is None:
        await query.answer("That story is no longer stored.")
        return
    chat = update.effective_chat
    if chat is not None and chat.type != Chat.PRIVATE:
        # Everyone in a group or channel shares the digest message: never rewrite it.
        await query.answer()
        await reply_to_pressed(query, render.deep_look_message(story, back=None))
        return
    shown = tuple(_ids_on_keyboard(update)) or (story.id,)
    back = callbacks.Back(shown, pressed.context, _more_on_keyboard(update))
    if not callbacks.fits(back):
        back = callbacks.Back(shown, pressed.context)
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
    muted, own = await chat_sees(update, context)
    found = [
        s
        for s in [
            stories.for_chat(await stories.get_story(db, i), muted, own) for i in pressed.story_ids
        ]
        if s
    ]
    if not found:
        await query.answer("Those stories are no longer stored.")
        return
    bullets = bullets_for(await current_chat(update, context), context)
    if pressed.context == callbacks.story_context():
        message = render.story_message(found[0], bullets=bullets)
    else:
        day = callbacks.context_day(pressed.context)
        first = callbacks.context_first_number(pressed.context)
        chat = update.effective_chat
        left = 0
        if pressed.more is not None and chat is not None:
            edition = pressed.more.edition.isoformat()
            recorded = await deliveries.edition_stories(db, chat.id, edition)
            left = max(len(recorded) - pressed.more.start + 1, 0)
        parts = render.render_digest(
            found, bullets=bullets, day=day, first_number=first, header=day is not None,
            left_out=left,
        )  # fmt: skip
        message = parts[0]
        if pressed.more is not None and left:
            message = render.with_more(message, pressed.more, left)
    await query.answer()
    await edit(query, message)


def _more_on_keyboard(update: Update) -> callbacks.MoreStories | None:
    """Read the More button's target from the pressed message's keyboard, if it has one."""
    more = [b for b in _pressed_keyboard(update) if isinstance(b, callbacks.MoreStories)]
    return more[0] if more else None


async def more_stories(update: Update, context: Context, pressed: callbacks.MoreStories) -> None:
    """Send the next page of a daily digest: the stories that fit one message, and More again.

    The stories come from the pressing chat's own ledger row for the edition, never from the
    button's data, and are checked again against the chat's mutes, own feeds and filters now.
    """
    query = update.callback_query
    assert query is not None
    chat, db = update.effective_chat, context.services.db
    stored = await current_chat(update, context)
    if chat is None or stored is None or not stored.active:
        await query.answer(MORE_UNSUBSCRIBED, show_alert=True)
        return
    recorded = await deliveries.edition_stories(db, chat.id, pressed.edition.isoformat())
    rest = recorded[pressed.start - 1 :]
    if not rest:
        await query.answer(MORE_GONE, show_alert=True)
        return
    places = {story_id: pressed.start + n for n, story_id in reversed(list(enumerate(rest)))}
    window = StoryWindow(await stories.get_stories(db, list(dict.fromkeys(rest))))
    profile = await feeds.chat_profile(db, chat.id)
    kept = [judged.story for judged in window.judge(profile) if judged.dropped_by is None]
    if not kept:
        await query.answer(MORE_NOTHING_LEFT, show_alert=True)
        return
    parts = render.render_digest(
        kept, bullets=bullets_for(stored, context), first_number=places[kept[0].id],
        header=False, one_message=True, edition=pressed.edition,
        positions=[places[story.id] for story in kept],
    )  # fmt: skip
    await query.answer()
    for part in parts:
        await send_paced(chat, context, part)
    await _drop_more_button(query, context, chat)


async def _drop_more_button(query: CallbackQuery, context: Context, chat: Chat) -> None:
    """Take the More button off the pressed message: its page has been sent."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    if markup is None:
        return
    rows = [
        [b for b in row if not str(b.callback_data or "").startswith("mr:")]
        for row in markup.inline_keyboard
    ]
    kept = InlineKeyboardMarkup([row for row in rows if row])
    if sum(map(len, kept.inline_keyboard)) == sum(map(len, markup.inline_keyboard)):
        return
    try:
        await paced(context, chat, lambda: query.edit_message_reply_markup(kept))
    except BadRequest as error:  # deleted meanwhile, or pressed twice: the page went out anyway
        log.info("chat %s: More button left on its message: %s", chat.id, error.message)
