"""The digest: the newest stories, each with its stored Quick Looks and source links."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from pydantic import BaseModel

from bot.storage.database import Database
from bot.storage.stories import StoryView, recent_stories

_INSTANT = timedelta(microseconds=1)  # `until` is exclusive; a story made at `now` is in


class Digest(BaseModel):
    """The stories a subscriber gets at one moment."""

    generated_at: datetime
    since: datetime
    stories: list[StoryView]


async def build_digest(
    db: Database,
    *,
    now: datetime,
    since: datetime,
    limit: int,
    muted_sources: Collection[str] = (),
) -> Digest:
    """Collect the newest stories created in [since, now], minus those only muted sources carry."""
    stories = await recent_stories(
        db, since=since, until=now + _INSTANT, limit=limit, muted_sources=muted_sources
    )
    return Digest(generated_at=now, since=since, stories=stories)


def render_story_text(story: StoryView, *, bullets: int) -> str:
    """Render one story as plain text: headline, lede, bullets and sources."""
    look = story.quicklook
    lines = [look.headline, "", look.lede]
    if look.bullets[:bullets]:
        lines += ["", *(f"- {b}" for b in look.bullets[:bullets])]
    lines.append("")
    for link in story.links:
        lines.append(
            f"Source: {link.name}" + (f" — {link.url}" if link.url else f" ({link.title})")
        )
    return "\n".join(lines)


def render_digest_text(digest: Digest, *, bullets: int) -> str:
    """Render a digest as plain text for the terminal."""
    header = (
        f"Quick Looks digest — {len(digest.stories)} "
        f"{'story' if len(digest.stories) == 1 else 'stories'} since "
        f"{digest.since:%Y-%m-%d %H:%M} UTC"
    )
    if not digest.stories:
        return f"{header}\n\nNothing new."
    rule = "\n\n" + "—" * 40 + "\n\n"
    return (
        header + "\n\n" + rule.join(render_story_text(s, bullets=bullets) for s in digest.stories)
    )
