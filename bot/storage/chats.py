"""Chats and their subscription settings: subscribe, unsubscribe, time, zone, bullets, mutes.

When a change reschedules a chat, the caller passes `reschedule`: the delivery rule that gives
the next delivery instant for a (delivery time, time zone); storage never computes schedules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database
from bot.storage.models import Chat, Delivery, MutedSource

Reschedule = Callable[[str, str], datetime]


class ChatView(BaseModel):
    """A chat's subscription state as handlers and delivery read it."""

    id: int
    type: str
    title: str | None
    active: bool
    deactivated_reason: str | None
    deliver_time: str
    timezone: str
    bullets: int | None
    max_stories: int | None = None
    next_due_at: datetime | None
    last_digest_at: datetime | None
    muted_sources: list[str]


async def _muted(session: AsyncSession, chat_id: int) -> list[str]:
    rows = await session.execute(
        select(MutedSource.source_name)
        .where(MutedSource.chat_id == chat_id)
        .order_by(MutedSource.source_name)
    )
    return list(rows.scalars())


async def _view(session: AsyncSession, chat: Chat) -> ChatView:
    return ChatView(
        id=chat.id,
        type=chat.type,
        title=chat.title,
        active=chat.active,
        deactivated_reason=chat.deactivated_reason,
        deliver_time=chat.deliver_time,
        timezone=chat.timezone,
        bullets=chat.bullets,
        max_stories=chat.max_stories,
        next_due_at=chat.next_due_at,
        last_digest_at=chat.last_digest_at,
        muted_sources=await _muted(session, chat.id),
    )


async def get_chat(db: Database, chat_id: int) -> ChatView | None:
    """Return a chat's state, or None if it never subscribed."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id)
        return await _view(session, chat) if chat else None


async def subscribe(
    db: Database,
    *,
    chat_id: int,
    chat_type: str,
    title: str | None,
    now: datetime,
    default_time: str,
    default_timezone: str,
    reschedule: Reschedule,
) -> tuple[ChatView, bool]:
    """Subscribe a chat (new, or again with its old settings); return it and whether it changed."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id, with_for_update=True)
        if chat is None:
            chat = Chat(
                id=chat_id,
                type=chat_type,
                title=title,
                active=True,
                deliver_time=default_time,
                timezone=default_timezone,
                subscribed_at=now,
                next_due_at=reschedule(default_time, default_timezone),
            )
            session.add(chat)
            changed = True
        else:
            changed = not chat.active
            chat.type, chat.title = chat_type, title or chat.title
            if changed:
                chat.active, chat.subscribed_at = True, now
                chat.unsubscribed_at = chat.deactivated_reason = None
                chat.next_due_at = reschedule(chat.deliver_time, chat.timezone)
        await session.flush()
        return await _view(session, chat), changed


async def unsubscribe(
    db: Database, chat_id: int, *, now: datetime, reason: str | None = None
) -> bool:
    """Stop deliveries to a chat, keeping its settings; return whether it was active."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id, with_for_update=True)
        if chat is None or not chat.active:
            return False
        chat.active, chat.unsubscribed_at = False, now
        chat.deactivated_reason, chat.next_due_at = reason, None
        return True


async def set_delivery_time(
    db: Database, chat_id: int, deliver_time: str, *, reschedule: Reschedule
) -> ChatView | None:
    """Change when the daily digest arrives; None if the chat never subscribed."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id, with_for_update=True)
        if chat is None:
            return None
        chat.deliver_time = deliver_time
        if chat.active:
            chat.next_due_at = reschedule(deliver_time, chat.timezone)
        return await _view(session, chat)


async def set_timezone(
    db: Database, chat_id: int, zone: str, *, reschedule: Reschedule
) -> ChatView | None:
    """Change the chat's time zone (a name ZoneInfo accepts); None if it never subscribed."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id, with_for_update=True)
        if chat is None:
            return None
        chat.timezone = zone
        if chat.active:
            chat.next_due_at = reschedule(chat.deliver_time, zone)
        return await _view(session, chat)


async def set_bullets(db: Database, chat_id: int, bullets: int) -> ChatView | None:
    """Change how many bullets per story the chat gets; None if it never subscribed."""
    async with db.transaction() as session:
        chat = await session.get(Chat, chat_id, with_for_update=True)
        if chat is None:
            return None
        chat.bullets = bullets
        return await _view(session, chat)


async def muted_sources(db: Database, chat_id: int) -> list[str]:
    """Return the sources a chat muted, sorted."""
    async with db.transaction() as session:
        return await _muted(session, chat_id)


async def toggle_muted(db: Database, chat_id: int, source_name: str) -> bool | None:
    """Mute the source if it is unmuted and vice versa; return True if now muted (None: no chat)."""
    async with db.transaction() as session:
        if await session.get(Chat, chat_id) is None:
            return None
        existing = await session.get(MutedSource, (chat_id, source_name))
        if existing is not None:
            await session.delete(existing)
            return False
        session.add(MutedSource(chat_id=chat_id, source_name=source_name))
        return True


async def count_chats(db: Database) -> tuple[int, int]:
    """Return (active subscribers, every chat ever subscribed)."""
    async with db.transaction() as session:
        total = (await session.execute(select(func.count(Chat.id)))).scalar_one()
        active = (
            await session.execute(select(func.count(Chat.id)).where(Chat.active.is_(True)))
        ).scalar_one()
    return int(active), int(total)


async def migrate_chat(db: Database, old_id: int, new_id: int) -> None:
    """Move a group's subscription to its new supergroup id (Telegram's migrate_to_chat_id)."""
    async with db.transaction() as session:
        await move_chat(session, old_id, new_id)


async def move_chat(session: AsyncSession, old_id: int, new_id: int) -> bool:
    """Give a chat's row, muted sources and delivery ledger to `new_id`; False if not moved.

    When the supergroup is already subscribed, the old row is retired (inactive) and the
    supergroup keeps its own settings.
    """
    old = await session.get(Chat, old_id)
    if old is None:
        return False
    if await session.get(Chat, new_id) is not None:
        old.active, old.deactivated_reason = False, f"migrated to supergroup {new_id}"
        return False
    values = {c.key: getattr(old, c.key) for c in Chat.__table__.columns if c.key != "id"}
    values.update(type="supergroup")
    await session.execute(insert(Chat).values(id=new_id, **values))
    for table in (MutedSource, Delivery):
        await session.execute(update(table).where(table.chat_id == old_id).values(chat_id=new_id))
    await session.execute(delete(Chat).where(Chat.id == old_id))
    return True
