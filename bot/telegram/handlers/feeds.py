"""/add, /feeds, /remove and /export: the chat's own feeds, next to the operator's sources."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.botapi.markup import to_markup
from bot.ingest.discovery import DiscoveryError, FoundFeed, discover_feed, feed_address
from bot.ingest.opml import Outline, write_opml
from bot.messages import callbacks
from bot.messages.model import Button, RenderedMessage
from bot.messages.render import escape, truncate_to_units
from bot.storage import chats, feeds
from bot.storage.feeds import Added, UserFeed
from bot.telegram.handlers.common import NOT_SUBSCRIBED, args_text, current_chat
from bot.telegram.replies import edit, send, send_text
from bot.telegram.services import BotServices, Context

log = logging.getLogger(__name__)
PAGE_SIZE = 10
# A user feed failing this many times in a row is reported to its subscribers, once.
NOTIFY_AFTER_FAILURES = 3
USAGE = "Send a feed or site address: /add https://example.org/feed"


def adding_refusal(services: BotServices, user_id: int | None) -> str | None:
    """Say why this user may not add feeds on this bot ([feeds] allow_user_feeds), or None."""
    allowed = services.config.feeds.allow_user_feeds
    if allowed == "none":
        return "Adding feeds is turned off on this bot."
    if allowed == "admins" and not services.is_admin(user_id):
        return "On this bot only its operators can add feeds."
    return None


def _refusal(error: DiscoveryError, services: BotServices) -> str:
    detail = escape(truncate_to_units(str(error), 160))
    match error.problem:
        case "bad_url":
            return f"That is not a web address. {USAGE}"
        case "not_feed":
            return "No feed there: it is not a feed and the page names none."
        case "too_big":
            limit = max(services.config.ingest.max_bytes // 1000, 1)
            return f"That feed is too big (over {limit:,} KB)."
        case "refused":
            return f"That address is not allowed: {detail}."
        case _:
            return f"Could not reach it: {detail}."


def _operator_source(services: BotServices, url: str) -> str | None:
    for source in services.config.sources:
        location = getattr(source, "url", None)
        if location:
            try:
                if feed_address(location) == url:
                    return source.name
            except DiscoveryError:
                continue
    return None


async def validate(services: BotServices, text: str) -> FoundFeed | str:
    """Fetch an address once through the fetch policy: its feed, or the refusal to reply."""
    try:
        found = await discover_feed(text, client=services.http, limits=services.config.ingest)
    except DiscoveryError as error:
        return _refusal(error, services)
    operator = _operator_source(services, found.url)
    if operator is not None:
        return f"Already one of this bot's sources: {escape(operator)}."
    return found


async def subscribe_chat(services: BotServices, chat_id: int, found: FoundFeed) -> Added:
    """Store a validated feed for the chat within the configured limits."""
    limits = services.config.feeds
    return await feeds.add_chat_feed(
        services.db, chat_id, feed_url=found.url, title=found.title[:300], host=found.host,
        now=services.clock(), max_per_chat=limits.max_per_chat, max_total=limits.max_total,
    )  # fmt: skip


def added_reply(added: Added, found: FoundFeed, services: BotServices) -> str:
    """Say in one line what adding did."""
    name = escape(added.name)
    match added.status:
        case "added":
            items = f"{found.items} item{'s' if found.items != 1 else ''}"
            return f"Added <b>{name}</b> ({items}). It joins this chat's digest."
        case "already":
            return f"Already added: {name}."
        case "chat_limit":
            return _chat_limit(services)
        case "total_limit":
            return "This bot has reached its limit of user feeds; ask its operator."
        case _:
            return NOT_SUBSCRIBED


def _chat_limit(services: BotServices) -> str:
    return f"This chat has reached its limit of {services.config.feeds.max_per_chat} feeds."


async def add_url(services: BotServices, chat_id: int, text: str) -> str:
    """Validate and add one address for a chat; return the one-line reply."""
    if len(await feeds.chat_feeds(services.db, chat_id)) >= services.config.feeds.max_per_chat:
        return _chat_limit(services)
    found = await validate(services, text)
    if isinstance(found, str):
        return found
    return added_reply(await subscribe_chat(services, chat_id, found), found, services)


async def add_feed(update: Update, context: Context) -> None:
    """Add a feed (or the feed a page names) to this chat's digest."""
    services, user = context.services, update.effective_user
    refusal = adding_refusal(services, user.id if user else None)
    value = args_text(update)
    if refusal is None and not value:
        refusal = USAGE
    chat = await current_chat(update, context)
    if refusal is None and (chat is None or not chat.active):
        refusal = NOT_SUBSCRIBED
    if refusal is not None or chat is None:
        await send_text(update, context, refusal or NOT_SUBSCRIBED)
        return
    await send_text(update, context, await add_url(services, chat.id, value))


def feeds_message(
    own: list[UserFeed], operator: list[str], muted: list[str], page: int
) -> RenderedMessage:
    """List the chat's feeds (Remove) and the operator's sources (Mute/Unmute), 10 a page."""
    entries: list[UserFeed | tuple[int, str]] = [*own, *enumerate(operator)]
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    lines = ["<b>Feeds</b>", "Your own feeds (/add URL) and this bot's sources.", ""]
    rows: list[list[Button]] = []
    for entry in entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        if isinstance(entry, UserFeed):
            state = " (failing)" if entry.failing else ""
            lines.append(f"📰 {escape(entry.name)}{state} — yours")
            data = callbacks.encode(callbacks.RemoveFeed(entry.id, page))
            rows.append([Button(f"Remove {truncate_to_units(entry.name, 40)}", callback_data=data)])
            continue
        index, name = entry
        on = name not in muted
        lines.append(f"{'✅' if on else '🔇'} {escape(name)} — {'on' if on else 'muted'}")
        data = callbacks.encode(callbacks.MuteFromFeeds(index, callbacks.name_tag(name), page))
        label = f"{'Mute' if on else 'Unmute'} {truncate_to_units(name, 40)}"
        rows.append([Button(label, callback_data=data)])
    if not entries:
        lines.append("No feeds yet: /add URL or send an OPML file.")
    nav = []
    if page > 0:
        nav.append(Button("‹ Prev", callback_data=callbacks.encode(callbacks.FeedsPage(page - 1))))
    if page < pages - 1:
        nav.append(Button("Next ›", callback_data=callbacks.encode(callbacks.FeedsPage(page + 1))))
    if pages > 1:
        lines.append(f"\nPage {page + 1} of {pages}")
    return RenderedMessage.of("\n".join(lines), [*rows, nav] if nav else rows)


async def _feeds_page(context: Context, chat_id: int, page: int) -> RenderedMessage:
    db = context.services.db
    own = await feeds.chat_feeds(db, chat_id)
    operator = await feeds.operator_source_names(db)
    configured = {s.name for s in context.services.config.sources if s.enabled}
    names = sorted(configured.union(operator), key=str.casefold)
    return feeds_message(own, names, await chats.muted_sources(db, chat_id), page)


async def list_feeds(update: Update, context: Context) -> None:
    """Show the chat's feeds and the operator's sources with their buttons (/feeds, /remove)."""
    chat = await current_chat(update, context)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    await send(update, context, await _feeds_page(context, chat.id, 0))


async def on_page(update: Update, context: Context, pressed: callbacks.FeedsPage) -> None:
    """Turn the feeds list to another page."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await query.answer()
    await edit(query, await _feeds_page(context, update.effective_chat.id, pressed.page))


async def on_remove(update: Update, context: Context, pressed: callbacks.RemoveFeed) -> None:
    """Remove one of the chat's feeds and redraw the list."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    chat_id = update.effective_chat.id
    name = await feeds.remove_chat_feed(context.services.db, chat_id, pressed.source_id)
    await query.answer(f"Removed {truncate_to_units(name, 60)}" if name else "Already removed.")
    await edit(query, await _feeds_page(context, chat_id, pressed.page))


async def on_mute(update: Update, context: Context, pressed: callbacks.MuteFromFeeds) -> None:
    """Mute or unmute an operator source from the feeds list."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    chat_id, db = update.effective_chat.id, context.services.db
    operator = await feeds.operator_source_names(db)
    configured = {s.name for s in context.services.config.sources if s.enabled}
    names = sorted(configured.union(operator), key=str.casefold)
    name = names[pressed.index] if pressed.index < len(names) else None
    if name is None or callbacks.name_tag(name) != pressed.tag:
        await query.answer("The list changed; here it is again.")
    else:
        muted = await chats.toggle_muted(db, chat_id, name)
        await query.answer(f"{truncate_to_units(name, 60)}: {'muted' if muted else 'on'}")
    await edit(query, await _feeds_page(context, chat_id, pressed.page))


async def export(update: Update, context: Context) -> None:
    """Send the chat's own feeds as an OPML 2.0 file."""
    chat = await current_chat(update, context)
    if chat is None:
        await send_text(update, context, NOT_SUBSCRIBED)
        return
    own = await feeds.chat_feeds(context.services.db, chat.id)
    if not own:
        await send_text(update, context, "This chat has no feeds of its own to export: /add URL.")
        return
    outlines = [Outline(feed.url, feed.name) for feed in own]
    document = write_opml("Quick Looks feeds", outlines, created=context.services.clock())
    count = f"{len(own)} feed{'s' if len(own) != 1 else ''}"
    caption = f"{count}: send this file back to import them."
    await context.bot.send_document(
        chat.id, document, filename="quicklooks-feeds.opml", caption=caption
    )


async def tell_failing_feeds(bot: Bot, services: BotServices) -> int:
    """Tell the subscribers of each user feed that keeps failing, once, with a Remove button."""
    told = 0
    for feed in await feeds.failing_unnotified(services.db, min_failures=NOTIFY_AFTER_FAILURES):
        error = escape(truncate_to_units(feed.error or "unknown error", 160))
        text = f"Your feed <b>{escape(feed.name)}</b> keeps failing ({error}). Remove it?"
        data = callbacks.encode(callbacks.RemoveFeed(feed.id, 0))
        markup = RenderedMessage.of(text, [[Button("Remove", callback_data=data)]])
        for chat_id in feed.chat_ids:
            try:
                await bot.send_message(chat_id, markup.text, reply_markup=to_markup(markup.buttons))
                told += 1
            except TelegramError:
                log.warning("could not tell chat %s that feed %r fails", chat_id, feed.name)
        await feeds.mark_notified(services.db, feed.id)
    return told
