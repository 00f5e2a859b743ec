"""Plain text for terminals: a story is its Quick Looks in the house style plus its sources."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.ingest.text import visible
from bot.storage.stories import StoryView


class DigestLike(Protocol):
    """What the text renderer needs from a digest."""

    @property
    def stories(self) -> Sequence[StoryView]: ...
    @property
    def since(self) -> datetime: ...


def story_text(story: StoryView, *, bullets: int | None = None) -> str:
    """Render one story: its Quick Looks (at most `bullets` bullets), then a line per source."""
    look = story.quicklook
    update: dict[str, object] = {"headline": visible(look.headline)}
    if bullets is not None:
        update["bullets"] = look.shown(bullets)
        update["lede"] = look.lede_for(bullets)
    lines = [look.model_copy(update=update).to_text(), ""]
    for link in story.links:
        lines.append(
            f"Source: {visible(link.name)}"
            + (f" — {link.url}" if link.url else f" ({visible(link.title)})")
        )
    return "\n".join(lines).rstrip()


def digest_text(digest: DigestLike, *, bullets: int) -> str:
    """Render a digest: a header line, then each story, separated by rules."""
    count = len(digest.stories)
    head = (
        f"Quick Looks digest — {count} {'story' if count == 1 else 'stories'} since "
        f"{digest.since:%Y-%m-%d %H:%M} UTC"
    )
    if not digest.stories:
        return f"{head}\n\nNothing new."
    rule = "\n\n" + "—" * 40 + "\n\n"
    return head + "\n\n" + rule.join(story_text(s, bullets=bullets) for s in digest.stories)
