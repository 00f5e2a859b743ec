"""/ask, /search and the query commands from the config (/absent, /remote, ...)."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from bot.answers import service
from bot.answers.cues import Cues
from bot.answers.question import MAX_QUESTION_CHARS, parse
from bot.messages import callbacks, render
from bot.messages.model import RenderedMessage
from bot.settings import QueryCommand
from bot.storage import stories
from bot.telegram.handlers.common import (
    Handler,
    args_text,
    bullets_for,
    chat_sees,
    current_chat,
)
from bot.telegram.replies import echo, edit, send, send_text
from bot.telegram.services import Context
from bot.terms import question_terms

ASK_HELP = "Ask a question about the news, e.g. /ask who voted for a rate cut?"
SEARCH_HELP = "Search stored stories for words, e.g. /search light rail"


async def _window(update: Update, context: Context) -> tuple[datetime, list[str], frozenset[int]]:
    """Return since when to look, the chat's muted sources and its own feeds."""
    services = context.services
    since = services.clock() - timedelta(days=services.config.digest.query_days)
    return (since, *await chat_sees(update, context))


def nothing(context: Context) -> str:
    """Say there is nothing relevant."""
    return f"Nothing about that in the last {context.services.config.digest.query_days} days."


def query_handler(query: QueryCommand) -> Handler:
    """Build the handler of one configured query command."""
    cues = Cues(tuple(query.cues), tuple(query.exclude))

    async def answer(update: Update, context: Context) -> None:
        since, muted, own = await _window(update, context)
        facts = await service.query(
            context.services.db, cues, since=since, muted_sources=muted, own_feeds=own
        )
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
    since, muted, own = await _window(update, context)
    db = context.services.db
    if question.empty:
        facts = await service.latest_facts(db, since=since, muted_sources=muted, own_feeds=own)
        title = "Latest"
    else:
        facts = await service.ask(db, question, since=since, muted_sources=muted, own_feeds=own)
        title = "Ask"
    if not facts:
        await send_text(update, context, f"{nothing(context)} Try other words than {echo(typed)}.")
        return
    cut = " (read as its first 500 characters)" if len(typed) > MAX_QUESTION_CHARS else ""
    shown = render.truncate_to_units(question.text, 120) + cut
    await send_text(update, context, render.render_answer(title, shown, facts))


async def _search_page(
    update: Update, context: Context, words: str, terms: tuple[str, ...], page: int
) -> RenderedMessage | None:
    muted, own = await chat_sees(update, context)
    groups = [(t,) for t in terms]
    found = await service.search_stories(
        context.services.db, groups, page=page, muted_sources=muted, own_feeds=own
    )
    if not found.stories:
        return None
    return render.search_message(
        words, found.stories, page=page, page_size=service.SEARCH_PAGE,
        terms=callbacks.search_page(page, terms).terms, has_next=found.has_next,
    )  # fmt: skip


async def search(update: Update, context: Context) -> None:
    """List the stored stories holding every word, newest first, five per page."""
    typed = args_text(update)
    terms = question_terms(typed[:MAX_QUESTION_CHARS]).words[: service.MAX_TERMS]
    if not terms:
        shown = f" (no searchable words in {echo(typed)})" if typed else ""
        await send_text(update, context, SEARCH_HELP + shown)
        return
    message = await _search_page(update, context, typed, terms, 0)
    if message is None:
        await send_text(update, context, f"No stored story has all of {echo(typed)}.")
        return
    await send(update, context, message)


async def turn_search_page(update: Update, context: Context, pressed: callbacks.SearchPage) -> None:
    """Replace a /search page with the page asked for."""
    query = update.callback_query
    assert query is not None
    words = " ".join(pressed.terms)
    message = await _search_page(update, context, words, pressed.terms, pressed.page)
    if message is None:
        await query.answer("No more results.")
        return
    await query.answer()
    await edit(query, message)


async def show_story(update: Update, context: Context, pressed: callbacks.ShowStory) -> None:
    """Send the Quick Looks of a /search result."""
    query = update.callback_query
    assert query is not None
    muted, own = await chat_sees(update, context)
    story = stories.for_chat(
        await stories.get_story(context.services.db, pressed.story_id), muted, own
    )
    if story is None:
        await query.answer("That story is no longer stored.")
        return
    await query.answer()
    chat = await current_chat(update, context)
    await send(update, context, render.story_message(story, bullets=bullets_for(chat, context)))
