"""/ask, /search and the query commands from the config (/absent, /remote, ...)."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from bot.answers import service
from bot.answers.cues import Cues
from bot.answers.question import MAX_QUESTION_CHARS, parse
from bot.messages import render
from bot.settings import QueryCommand
from bot.telegram.handlers.common import Handler, args_text, current_chat
from bot.telegram.replies import echo, send_text
from bot.telegram.services import Context

ASK_HELP = "Ask a question about the news, e.g. /ask who voted for a rate cut?"


async def _window(update: Update, context: Context) -> tuple[datetime, list[str]]:
    """Return since when to look and the chat's muted sources."""
    services = context.services
    chat = await current_chat(update, context)
    since = services.clock() - timedelta(days=services.config.digest.query_days)
    return since, list(chat.muted_sources) if chat else []


def nothing(context: Context) -> str:
    """Say there is nothing relevant."""
    return f"Nothing about that in the last {context.services.config.digest.query_days} days."


def query_handler(query: QueryCommand) -> Handler:
    """Build the handler of one configured query command."""
    cues = Cues(tuple(query.cues), tuple(query.exclude))

    async def answer(update: Update, context: Context) -> None:
        since, muted = await _window(update, context)
        facts = await service.query(context.services.db, cues, since=since, muted_sources=muted)
        if not facts:
            await send_text(update, context, nothing(context))
            return
        text = render.render_answer(query.name.capitalize(), query.description, facts)
        await send_text(update, context, text)

    answer.__name__ = f"query_{query.name}"
    return answer


async def ask(update: Update, context: Context) -> None:
    """Answer a free question with up to three facts; no content words: the latest stories."""
    typed = args_text(update)
    if not typed:
        await send_text(update, context, ASK_HELP)
        return
    question = parse(typed)
    since, muted = await _window(update, context)
    db = context.services.db
    if question.empty:
        facts = await service.latest_facts(db, since=since, muted_sources=muted)
        title = "Latest"
    else:
        facts = await service.ask(db, question, since=since, muted_sources=muted)
        title = "Ask"
    if not facts:
        await send_text(update, context, f"{nothing(context)} Try other words than {echo(typed)}.")
        return
    cut = " (read as its first 500 characters)" if len(typed) > MAX_QUESTION_CHARS else ""
    shown = render.truncate_to_units(question.text, 120) + cut
    await send_text(update, context, render.render_answer(title, shown, facts))
