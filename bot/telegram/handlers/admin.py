"""/stats for operators (ids in QUICKLOOKS_ADMIN_IDS)."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.messages.render import escape, truncate_to_units
from bot.storage import chats, feeds, stories
from bot.storage.database import Database
from bot.telegram.replies import send_text
from bot.telegram.services import Context


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


async def stats_text(db: Database) -> str:
    """Summarise subscribers, stories, the last ingestion and failing sources."""
    active, total = await chats.count_chats(db)
    run = await stories.last_ingest(db)
    failing = [s for s in await stories.source_health(db) if s.consecutive_failures > 0]
    users = await feeds.feed_stats(db)
    last = (
        f"{_when(run.finished_at or run.started_at)}, {run.new_stories} new stories, "
        f"{run.sources_failed} sources failed"
        if run
        else "never"
    )
    lines = [
        "<b>Stats</b>",
        f"Subscribers: {active} active of {total}",
        f"Stories: {await stories.count_stories(db)}",
        f"Last ingest: {last}",
        f"Failing sources: {len(failing) or 'none'}",
        f"User feeds: {users.total} ({users.shared} shared by several chats, "
        f"{users.failing} failing)",
    ]
    for source in failing[:20]:
        error = truncate_to_units(source.last_error or "unknown error", 120)
        lines.append(
            f"• {escape(source.name)}: {source.consecutive_failures} failures, {escape(error)}"
        )
    return "\n".join(lines)


async def stats(update: Update, context: Context) -> None:
    """Show subscribers, stories, the last ingestion and failing sources (admins only)."""
    user = update.effective_user
    if not context.services.is_admin(user.id if user else None):
        await send_text(update, context, "Sorry, /stats is for the bot's operators only.")
        return
    await send_text(update, context, await stats_text(context.services.db))
