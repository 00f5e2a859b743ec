"""Telegram HTML rendering of stories, digests and answers, split to the message limit. Pure.

Every string from a feed or a user is escaped; only Telegram's allowed tags are produced; links
are http(s) only. A message's raw HTML is kept within 4096 UTF-16 code units, which bounds the
visible text Telegram counts, and splits happen only between blocks (never inside a tag).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from urllib.parse import urlsplit

from bot.ingest.text import visible
from bot.ingest.urls import without_tracking
from bot.messages import callbacks
from bot.messages.model import Button, RenderedMessage

MAX_MESSAGE_UNITS = 4096
BULLET = "•"
UNTITLED = "Untitled story"
ELLIPSIS = "…"


class QuickLookLike(Protocol):
    """The Quick Looks fields the renderer shows."""

    @property
    def headline(self) -> str: ...
    @property
    def lede(self) -> str: ...
    @property
    def bullets(self) -> list[str]: ...
    def shown(self, count: int) -> list[str]: ...
    def lede_for(self, count: int) -> str: ...


class LinkLike(Protocol):
    """A story's source link."""

    @property
    def name(self) -> str: ...
    @property
    def url(self) -> str | None: ...


class StoryLike(Protocol):
    """What the renderer needs from a stored story (bot.storage.stories.StoryView fits)."""

    @property
    def id(self) -> int: ...
    @property
    def headline(self) -> str: ...
    @property
    def quicklook(self) -> QuickLookLike: ...
    @property
    def deep_look(self) -> list[str]: ...
    @property
    def links(self) -> Sequence[LinkLike]: ...


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utf16_len(text: str) -> int:
    """Count UTF-16 code units, as Telegram measures message length."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def escape(text: str) -> str:
    """Escape feed or user text for Telegram HTML (quotes too, so it is safe in attributes).

    A lone surrogate (not a character; Telegram refuses the message) becomes U+FFFD.
    """
    return html.escape(_LONE_SURROGATE.sub("\ufffd", text), quote=True)


def shown(text: str) -> str:
    """Return a title or label as it may be shown: no direction or zero-width characters."""
    return " ".join(visible(text).split())


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _host_ok(host: str) -> bool:
    """Tell whether Telegram takes `host` in a URL: a dotted name (IDN allowed) or an IPv4."""
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return False
    labels = ascii_host.split(".")
    if len(labels) < 2 or len(ascii_host) > 253:
        return False
    return all(_HOST_LABEL.match(label) for label in labels)


def safe_url(url: str | None) -> str | None:
    """Return `url` if Telegram accepts it for a link or URL button, else None.

    That is an http(s) URL whose host has a dot (a name or IPv4 address: "localhost" and
    bare words are refused), whose port is valid, with no spaces, quotes or controls.
    Tracking parameters (utm_*, fbclid, ...) are dropped: readers see the canonical link.
    """
    if not url or len(url) > 2048 or re.search(r"[\s<>\"'\x00-\x1f\x7f]", url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if port == 0 or parts.username is not None or not _host_ok(parts.hostname):
        return None
    return without_tracking(url)


def link(text: str, url: str | None) -> str:
    """Render `text` as a link when `url` is safe, else as plain escaped text."""
    label = shown(text)
    target = safe_url(url)
    if target is None:
        return escape(label)
    return f'<a href="{escape(target)}">{escape(label)}</a>'


def truncate_to_units(text: str, units: int) -> str:
    """Shorten plain `text` so that its escaped form fits in `units`, ending with an ellipsis."""
    if utf16_len(escape(text)) <= units:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_len(escape(text[:middle].rstrip() + ELLIPSIS)) <= units:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def plain_text(markup: str) -> str:
    """Turn Telegram HTML into what a reader sees: tags stripped, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def digest_title(day: date) -> str:
    """Return the header of the digest for `day`."""
    return f"Quick Looks · {day.strftime('%a %d %b %Y')}"


def first_link(story: StoryLike) -> str | None:
    """Return the story's first http(s) link."""
    for source in story.links:
        if url := safe_url(source.url):
            return url
    return None


def _headline(story: StoryLike, number: int | None) -> str:
    # A headline of invisible characters alone would leave Telegram an empty message.
    text = shown(story.quicklook.headline) or shown(story.headline) or UNTITLED
    prefix = f"{number}. " if number is not None else ""
    return f"<b>{escape(prefix)}{escape(truncate_to_units(text, 1000))}</b>"


def _story_blocks(story: StoryLike, *, bullets: int, number: int | None) -> list[str]:
    head = _headline(story, number)
    lede = story.quicklook.lede_for(bullets).strip()
    if lede:
        head += "\n" + escape(truncate_to_units(lede, 3000))
    items = [b for b in story.quicklook.shown(bullets) if b.strip()]
    lines = [f"{BULLET} {escape(truncate_to_units(b.strip(), 3000))}" for b in items]
    return [head, *lines]


def render_story(story: StoryLike, *, bullets: int) -> str:
    """Render one story: bold headline, lede and up to `bullets` bullets."""
    text = "\n".join(_story_blocks(story, bullets=bullets, number=None))
    return _fit(text)


def _fit(markup: str) -> str:
    """Keep a single-message rendering within the limit, cutting only between lines."""
    if utf16_len(markup) <= MAX_MESSAGE_UNITS:
        return markup
    kept: list[str] = []
    for line in markup.split("\n"):
        if utf16_len("\n".join([*kept, line, ELLIPSIS])) > MAX_MESSAGE_UNITS:
            break
        kept.append(line)
    return "\n".join([*kept, ELLIPSIS])


def story_buttons(story: StoryLike, *, context: str, number: int | None = None) -> list[Button]:
    """Return the 'Deep Look' and 'Source' buttons of a story."""
    suffix = f" {number}" if number is not None else ""
    data = callbacks.encode(callbacks.DeepLook(story.id, context))
    row = [Button(f"Deep Look{suffix}", callback_data=data)]
    url = first_link(story)
    if url:
        row.append(Button(f"Source{suffix}", url=url))
    return row


def story_message(story: StoryLike, *, bullets: int) -> RenderedMessage:
    """Render one story as a message with its buttons."""
    buttons = [story_buttons(story, context=callbacks.story_context())]
    return RenderedMessage.of(render_story(story, bullets=bullets), buttons)


def render_deep_look(story: StoryLike) -> str:
    """Render a story's Deep Look: headline, longer summary and its source links."""
    paragraphs = [p.strip() for p in story.deep_look if p.strip()]
    if not paragraphs:
        look = story.quicklook
        paragraphs = [look.lede, *(f"{BULLET} {b}" for b in look.bullets)]
    sources = [link(s.name, s.url) for s in story.links if shown(s.name)]
    footer = f"\n\n<i>Sources:</i> {', '.join(dict.fromkeys(sources))}" if sources else ""
    if utf16_len(footer) > 1000:
        footer = ""
    head = _headline(story, None)
    budget = MAX_MESSAGE_UNITS - utf16_len(head) - utf16_len(footer)
    body: list[str] = []
    for paragraph in paragraphs:
        used = utf16_len("\n\n".join(body)) + 2
        room = budget - used - 2
        if room < 20:
            break
        piece = escape(truncate_to_units(paragraph, room))
        body.append(piece)
        if piece.endswith(ELLIPSIS):
            break
    return head + ("\n\n" + "\n\n".join(body) if body else "") + footer


def deep_look_message(story: StoryLike, *, back: str | None) -> RenderedMessage:
    """Render the Deep Look with a 'Back' button (callback data `back`) and a 'Source' button.

    Without `back` (a Deep Look sent as its own message) there is no Back button.
    """
    row = [] if back is None else [Button("Back", callback_data=back)]
    url = first_link(story)
    if url:
        row.append(Button("Source", url=url))
    return RenderedMessage.of(render_deep_look(story), [row] if row else [])


@dataclass
class _Part:
    blocks: list[str] = field(default_factory=list)
    stories: list[tuple[int, StoryLike]] = field(default_factory=list)
    first_number: int | None = None

    def text(self) -> str:
        return "".join(self.blocks)

    def room_for(self, block: str) -> bool:
        return utf16_len(self.text() + block) <= MAX_MESSAGE_UNITS


def render_digest(
    stories: Sequence[StoryLike],
    *,
    bullets: int,
    title: str | None = None,
    day: date | None = None,
    first_number: int = 1,
    header: bool = True,
    one_message: bool = False,
    edition: date | None = None,
    positions: Sequence[int] | None = None,
    left_out: int = 0,
) -> list[RenderedMessage]:
    """Render a digest as few messages as possible (one normally), split between stories or bullets.

    Pass `day` (the edition's local date) so the header and the Back buttons can be rebuilt; a
    custom `title` replaces the header text. With `one_message`, the digest is designed to fit
    one message: the leading whole stories that fit, then a line saying how many more there are
    (`/digest` shows them); only a single story too long for a message on its own is split.
    With `edition` (a daily digest, whose stories the chat's ledger row records) the message
    also gets a "More (N)" button for the next page; `positions` are the stories' 1-based places
    in that record (1, 2, ... by default). `left_out` adds the "+N more" line to a whole render.
    """
    heading = title if title is not None else digest_title(day) if day else "Quick Looks"
    places = list(positions) if positions is not None else []
    if len(places) != len(stories):
        places = list(range(first_number, first_number + len(stories)))
    if one_message and len(stories) > 1:
        return _fitted(
            stories, bullets=bullets, heading=heading, day=day, first=first_number,
            header=header, edition=edition, places=places,
        )  # fmt: skip
    return _render_parts(stories, bullets, heading, day, first_number, header, more=left_out)


def more_line(count: int) -> str:
    """Say that `count` stories did not fit the digest message, and where to read them."""
    noun = "story" if count == 1 else "stories"
    return f"<i>+{count} more {noun}: /digest</i>"


def more_button(more: callbacks.MoreStories, count: int) -> Button:
    """Return the "More (N)" button that sends the next page of a daily digest."""
    return Button(f"More ({count})", callback_data=callbacks.encode(more))


def with_more(message: RenderedMessage, more: callbacks.MoreStories, count: int) -> RenderedMessage:
    """Add the "More (N)" button, in a row of its own under the story buttons."""
    return RenderedMessage(message.text, (*message.buttons, (more_button(more, count),)))


def _fitted(
    stories: Sequence[StoryLike],
    *,
    bullets: int,
    heading: str,
    day: date | None,
    first: int,
    header: bool,
    edition: date | None,
    places: Sequence[int],
) -> list[RenderedMessage]:
    # Fewest stories dropped: try all of them, then one fewer, ...; at most max_stories renders.
    for count in range(len(stories), 0, -1):
        more = len(stories) - count
        parts = _render_parts(stories[:count], bullets, heading, day, first, header, more=more)
        if len(parts) == 1 or count == 1:
            if more and edition is not None:
                target = callbacks.MoreStories(edition, places[count])
                parts[-1] = with_more(parts[-1], target, more)
            return parts
    raise AssertionError("unreachable")


def _render_parts(
    stories: Sequence[StoryLike],
    bullets: int,
    heading: str,
    day: date | None,
    first_number: int,
    header: bool,
    *,
    more: int,
) -> list[RenderedMessage]:
    parts = [_Part()]
    if header:
        parts[0].blocks.append(f"<b>{escape(truncate_to_units(heading, 200))}</b>")
    if not stories:
        parts[0].blocks.append("\n\nNothing new yet." if header else "Nothing new yet.")
    for offset, story in enumerate(stories):
        number = first_number + offset
        _place(parts, number, story, _story_blocks(story, bullets=bullets, number=number))
    if more:
        line = "\n\n" + more_line(more)
        if not parts[-1].room_for(line):
            parts.append(_Part())
            line = line.lstrip("\n")
        parts[-1].blocks.append(line)
    return [_finish(part, index, day=day if header else None) for index, part in enumerate(parts)]


def _place(parts: list[_Part], number: int, story: StoryLike, blocks: list[str]) -> None:
    """Append a story: whole in the current message, or the next, or split between bullets."""
    part = parts[-1]
    whole = ("\n\n" if part.blocks else "") + "\n".join(blocks)
    fits_alone = utf16_len("\n".join(blocks)) <= MAX_MESSAGE_UNITS
    if not part.room_for(whole) and part.stories and fits_alone:
        part = _Part()
        parts.append(part)
    part.stories.append((number, story))
    for index, block in enumerate(blocks):
        joiner = ("\n\n" if index == 0 else "\n") if part.blocks else ""
        if not part.room_for(joiner + block):
            part = _Part()
            parts.append(part)
            joiner = ""
        part.blocks.append(joiner + block)


def _finish(part: _Part, index: int, *, day: date | None) -> RenderedMessage:
    if not part.stories:
        return RenderedMessage(part.text())
    first = part.stories[0][0]
    context = callbacks.digest_context(day=day if index == 0 else None, first_number=first)
    single = len(part.stories) == 1
    rows = [
        story_buttons(story, context=context, number=None if single else number)
        for number, story in part.stories
    ]
    return RenderedMessage.of(part.text(), rows)


class FactLike(Protocol):
    """A fact with the story it came from."""

    @property
    def text(self) -> str: ...
    @property
    def headline(self) -> str: ...
    @property
    def url(self) -> str | None: ...


def render_answer(title: str, description: str, facts: Sequence[FactLike]) -> str:
    """Render the answer to a query command: the best facts, each with its story link."""
    lines = [f"<b>{escape(title)}</b> · {escape(truncate_to_units(description, 300))}", ""]
    for fact in facts:
        story = truncate_to_units(shown(fact.headline), 80)
        lines.append(
            f"{BULLET} {escape(truncate_to_units(fact.text, 700))} — {link(story, fact.url)}"
            if safe_url(fact.url)
            else f"{BULLET} {escape(truncate_to_units(fact.text, 700))} — <i>{escape(story)}</i>"
        )
    return _fit("\n".join(lines))


def search_message(
    words: str,
    found: Sequence[StoryLike],
    *,
    page: int,
    page_size: int,
    terms: tuple[str, ...],
    has_next: bool,
) -> RenderedMessage:
    """Render one page of /search: numbered headlines, a button to open each, Previous/Next."""
    lines = [f"<b>Search</b> · {escape(truncate_to_units(words, 120))}", ""]
    opens = []
    for number, story in enumerate(found, start=page * page_size + 1):
        lines.append(f"{number}. {escape(truncate_to_units(shown(story.headline), 200))}")
        data = callbacks.encode(callbacks.ShowStory(story.id))
        opens.append(Button(str(number), callback_data=data))
    turns = []
    if page > 0:
        back = callbacks.search_page(page - 1, terms)
        turns.append(Button("Previous", callback_data=callbacks.encode(back)))
    if has_next:
        ahead = callbacks.search_page(page + 1, terms)
        turns.append(Button("Next", callback_data=callbacks.encode(ahead)))
    return RenderedMessage.of(_fit("\n".join(lines)), [row for row in (opens, turns) if row])
