"""Sending rendered messages: inline keyboards, replies that work in chats and channels."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar, cast

from telegram import CallbackQuery, Chat, Message, Update
from telegram.error import BadRequest, RetryAfter

from bot.botapi.markup import to_markup
from bot.delivery.claims import GROUP_TYPES
from bot.delivery.sender import retry_after_seconds
from bot.messages.model import RenderedMessage
from bot.messages.render import escape, truncate_to_units
from bot.telegram.services import BotApplication, Context

T = TypeVar("T")
# A paced request answered 429 waits out the pause and goes again, at most this many times.
_PACED_TRIES = 3


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


async def paced(context: Context, chat: Chat, call: Callable[[], Awaitable[T]]) -> T:
    """Make one request a button press caused in the token's rate budget, as delivery does.

    It waits for a slot of the process's limiter (the chat's own interval, the group limit, the
    global rate) and a 429 pauses everyone's sending, daily delivery's too, before it retries.
    """
    limiter = cast(BotApplication, context.application).limiter()
    for attempt in range(_PACED_TRIES):
        await limiter.acquire(chat.id, group=chat.type in GROUP_TYPES)
        try:
            return await call()
        except RetryAfter as error:
            limiter.pause(retry_after_seconds(error))
            if attempt == _PACED_TRIES - 1:
                raise
    raise AssertionError("unreachable")


async def send_paced(chat: Chat, context: Context, message: RenderedMessage) -> Message:
    """Send one rendered message to `chat` in the rate budget (see `paced`)."""
    markup = to_markup(message.buttons)
    return await paced(
        context, chat, lambda: context.bot.send_message(chat.id, message.text, reply_markup=markup)
    )
