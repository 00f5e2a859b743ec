"""/help, hints for unknown commands and plain text, and the one error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import ChatMigrated, Forbidden

from bot.storage import chats
from bot.telegram.commands import help_text
from bot.telegram.replies import echo, send_text
from bot.telegram.services import Context

log = logging.getLogger(__name__)


async def show_help(update: Update, context: Context) -> None:
    """List every command, one line each."""
    user = update.effective_user
    admin = context.services.is_admin(user.id if user else None)
    await send_text(update, context, help_text(context.services.config, admin=admin))


async def unknown_command(update: Update, context: Context) -> None:
    """Point unknown commands to /help (in groups only those addressed to this bot)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    word = message.text.split(maxsplit=1)[0]
    if chat.type != "private" and "@" not in word:
        return  # probably meant for another bot in the group
    await send_text(update, context, f"Unknown command {echo(word, units=40)}. /help lists them.")


async def plain_text(update: Update, context: Context) -> None:
    """Answer plain text in private chats with a hint."""
    await send_text(update, context, "I answer commands: try /digest, or /help for all of them.")


async def on_error(update: object, context: Context) -> None:
    """Log an exception with its chat, and apologise in that chat (never show details)."""
    chat = update.effective_chat if isinstance(update, Update) else None
    chat_id = chat.id if chat else None
    if isinstance(context.error, Forbidden):
        log.warning("chat %s refused a message (%s); unsubscribing it", chat_id, context.error)
        if chat_id is not None:
            services = context.services
            await chats.unsubscribe(services.db, chat_id, now=services.clock(), reason="forbidden")
        return
    if isinstance(context.error, ChatMigrated) and chat_id is not None:
        new_id = context.error.new_chat_id
        log.info("chat %s became supergroup %s; moving its subscription", chat_id, new_id)
        await chats.migrate_chat(context.services.db, chat_id, new_id)
        return
    if not isinstance(update, Update):
        log.error("error in a background job", exc_info=context.error)
        return
    log.error("error while handling an update in chat %s", chat_id, exc_info=context.error)
    if chat is not None:
        try:
            await send_text(update, context, "Sorry, something went wrong. Please try again.")
        except Exception as error:  # the apology failing must not raise again
            log.warning("could not apologise in chat %s: %s", chat_id, type(error).__name__)


async def migrated(update: Update, context: Context) -> None:
    """Move a group's subscription when Telegram upgrades it to a supergroup."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        await chats.migrate_chat(context.services.db, message.chat.id, message.migrate_to_chat_id)
