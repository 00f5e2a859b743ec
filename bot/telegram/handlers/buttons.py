"""One entry point for inline button presses: decode the data, route to its feature."""

from __future__ import annotations

import logging

from telegram import Update

from bot.messages import callbacks
from bot.telegram.handlers import answers, digest, feeds, settings, sources
from bot.telegram.handlers.common import GROUP_ADMINS_ONLY, may_configure
from bot.telegram.services import Context

log = logging.getLogger(__name__)


async def on_button(update: Update, context: Context) -> None:
    """Route a button press; stale or forged data gets a short notice."""
    query = update.callback_query
    if query is None:
        return
    try:
        pressed = callbacks.decode(query.data or "")
    except ValueError:
        await query.answer("This button has expired.")
        return
    changes = isinstance(
        pressed,
        callbacks.SetBullets | callbacks.ToggleSource | callbacks.SetStories
        | callbacks.RemoveFeed | callbacks.MuteFromFeeds,
    )  # fmt: skip
    if changes and not await may_configure(update, context):
        await query.answer(GROUP_ADMINS_ONLY)
        return
    await route(update, context, pressed)


async def route(update: Update, context: Context, pressed: callbacks.Callback) -> None:
    """Call the feature handler of a decoded button press."""
    match pressed:
        case callbacks.DeepLook():
            await digest.show_deep_look(update, context, pressed)
        case callbacks.Back():
            await digest.restore(update, context, pressed)
        case callbacks.MoreStories():
            await digest.more_stories(update, context, pressed)
        case callbacks.SetBullets():
            await settings.on_bullets(update, context, pressed)
        case callbacks.OpenSources():
            await sources.on_open(update, context)
        case callbacks.ToggleSource():
            await sources.on_toggle(update, context, pressed)
        case callbacks.OpenSettings():
            await settings.on_open_settings(update, context)
        case callbacks.ShowStory():
            await answers.show_story(update, context, pressed)
        case callbacks.SearchPage():
            await answers.turn_search_page(update, context, pressed)
        case callbacks.SetStories():
            await settings.on_stories(update, context, pressed)
        case callbacks.FeedsPage():
            await feeds.on_page(update, context, pressed)
        case callbacks.RemoveFeed():
            await feeds.on_remove(update, context, pressed)
        case callbacks.MuteFromFeeds():
            await feeds.on_mute(update, context, pressed)
