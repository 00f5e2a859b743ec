"""Sending rendered messages: inline keyboards, replies that work in chats and channels."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest

from bot.botapi.markup import to_markup
from bot.messages.model import RenderedMessage
from bot.messages.render import escape, truncate_to_units
from bot.telegram.services import Context


def echo(text: str, *, units: int = 60) -> str:
    """Quote user input back safely: escaped and shortened."""
    return f"<code>{escape(truncate_to_units(text, units))}</code>"


async def send(update: Update, context: Context, message: RenderedMessage) -> Message | None:
    """Send one rendered message to the update's chat."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(
        chat.id, message.text, reply_markup=to_markup(message.buttons)
    )


async def send_text(update: Update, context: Context, text: str) -> Message | None:
    """Send HTML text to the update's chat."""
    return await send(update, context, RenderedMessage(text))


async def send_all(update: Update, context: Context, messages: Sequence[RenderedMessage]) -> None:
    """Send several messages in order."""
    for message in messages:
        await send(update, context, message)


async def reply_to_pressed(query: CallbackQuery, message: RenderedMessage) -> Message | None:
    """Send `message` as a reply to the message whose button was pressed, leaving it as it is."""
    pressed = query.message
    if not isinstance(pressed, Message):
        return None
    return await pressed.reply_text(
        message.text, reply_markup=to_markup(message.buttons), do_quote=True
    )


async def edit(query: CallbackQuery, message: RenderedMessage) -> None:
    """Replace the pressed message; pressing twice (same content) is not an error."""
    try:
        await query.edit_message_text(message.text, reply_markup=to_markup(message.buttons))
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
