"""Query commands from the config (/absent, /remote, ...) and /ask: facts from recent stories."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from telegram import Update

from bot import queries
from bot.messages import render
from bot.settings import QueryCommand
from bot.storage import stories
from bot.storage.stories import StoryView
from bot.telegram.handlers.common import Handler, args_text, current_chat
from bot.telegram.replies import echo, send_text
from bot.telegram.services import Context

MAX_STORIES = 200
ANSWER_FACTS = 8
MAX_QUESTION_CHARS = 500


def facts_of(found: list[StoryView]) -> list[queries.FactSource]:
    """Flatten stories into facts (their bullets when no facts were extracted)."""
    out = []
    for story in found:
        url = render.first_link(story)
        for fact in story.facts or story.quicklook.bullets:
            out.append(queries.FactSource(fact, story.id, story.headline, url))
    return out


async def recent_facts(update: Update, context: Context) -> list[queries.FactSource]:
    """Return the facts of the last `query_days` days, minus the chat's muted sources."""
    services = context.services
    chat = await current_chat(update, context)
    found = await stories.recent_stories(
        services.db,
        since=services.clock() - timedelta(days=services.config.digest.query_days),
        limit=MAX_STORIES,
        muted_sources=chat.muted_sources if chat else (),
    )
    return facts_of(found)


def nothing(context: Context) -> str:
    """Say there is nothing relevant."""
    return f"Nothing about that in the last {context.services.config.digest.query_days} days."


def query_handler(query: QueryCommand) -> Handler:
    """Build the handler of one configured query command."""

    async def answer(update: Update, context: Context) -> None:
        facts = await recent_facts(update, context)
        ranked = await asyncio.to_thread(
            queries.rank_by_cues, facts, query.cues, limit=ANSWER_FACTS
        )
        if not ranked:
            await send_text(update, context, nothing(context))
            return
        text = render.render_answer(
            query.name.capitalize(), query.description, [r.fact for r in ranked]
        )
        await send_text(update, context, text)

    answer.__name__ = f"query_{query.name}"
    return answer


async def ask(update: Update, context: Context) -> None:
    """Answer a free question with the facts sharing the most terms with it."""
    question = args_text(update)
    if not question or len(question) > MAX_QUESTION_CHARS or not queries.terms(question):
        shown = f" (got {echo(question)})" if question else ""
        await send_text(
            update,
            context,
            f"Ask a short question about the news, e.g. /ask who is absent from the Paris "
            f"meeting? (up to {MAX_QUESTION_CHARS} characters){shown}",
        )
        return
    facts = await recent_facts(update, context)
    ranked = await asyncio.to_thread(queries.rank_by_question, facts, question, limit=5)
    if not ranked:
        await send_text(update, context, nothing(context))
        return
    title = render.truncate_to_units(question, 120)
    await send_text(update, context, render.render_answer("Ask", title, [r.fact for r in ranked]))
