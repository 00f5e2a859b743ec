"""Inline button callback data: short, typed, <= 64 bytes, parsed strictly (users can forge it)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date

MAX_CALLBACK_BYTES = 64
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def to_base36(number: int) -> str:
    """Encode a non-negative integer in base 36."""
    if number < 0:
        raise ValueError("negative ids are not encoded")
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
        if number == 0:
            return out


def from_base36(text: str) -> int:
    """Decode base 36 (raises ValueError on anything else)."""
    if not re.fullmatch(r"[0-9a-z]{1,13}", text):
        raise ValueError(f"not a base-36 id: {text!r}")
    return int(text, 36)


def name_tag(name: str) -> str:
    """Return a short checksum of a source name, so a stale button cannot toggle the wrong one."""
    return to_base36(zlib.crc32(name.encode("utf-8")) % 36**4)


_CONTEXT = re.compile(r"s|d\d{8}|p\d{1,2}")


def story_context() -> str:
    """Context of a message that shows one story."""
    return "s"


def digest_context(*, day: date | None, first_number: int) -> str:
    """Context of a digest message: its first part (with the dated header) or a later part."""
    if day is not None and first_number == 1:
        return "d" + day.strftime("%Y%m%d")
    return f"p{first_number}"


def context_day(context: str) -> date | None:
    """Return the digest day of a 'd' context."""
    if not context.startswith("d"):
        return None
    return date(int(context[1:5]), int(context[5:7]), int(context[7:9]))


def context_first_number(context: str) -> int:
    """Return the number of the first story in a digest context (1 for the others)."""
    return int(context[1:]) if context.startswith("p") else 1


@dataclass(frozen=True)
class DeepLook:
    """Show one story's Deep Look in place of a message (`context` says how to restore it)."""

    story_id: int
    context: str


@dataclass(frozen=True)
class MoreStories:
    """Send the next page of a daily digest: its stories from number `start` on.

    The stories are not in the data: they are read from the pressing chat's own ledger row for
    `edition` (its recorded story ids), so the data stays 14 bytes for any digest size and a
    button pressed (or forged) in another chat can only ever reach that chat's own digest.
    """

    edition: date
    start: int  # 1-based position in the edition's recorded stories


@dataclass(frozen=True)
class Back:
    """Restore a message showing `story_ids` in `context` after a Deep Look (and its More)."""

    story_ids: tuple[int, ...]
    context: str
    more: MoreStories | None = None


@dataclass(frozen=True)
class SetBullets:
    """Change the chat's bullet count."""

    count: int


@dataclass(frozen=True)
class OpenSources:
    """Show the source list with mute toggles."""


@dataclass(frozen=True)
class ToggleSource:
    """Mute or unmute the source at `index` of the sorted source names (checked by `tag`)."""

    index: int
    tag: str


@dataclass(frozen=True)
class OpenSettings:
    """Show the settings message again."""


@dataclass(frozen=True)
class ShowStory:
    """Send one story's Quick Looks (a /search result)."""

    story_id: int


@dataclass(frozen=True)
class SearchPage:
    """Show page `page` (0-based) of a search for index terms (letters and digits each)."""

    page: int
    terms: tuple[str, ...]


@dataclass(frozen=True)
class SetStories:
    """Change how many stories the chat's digest holds."""

    count: int


@dataclass(frozen=True)
class FeedsPage:
    """Show one page of the chat's feeds and sources."""

    page: int


@dataclass(frozen=True)
class RemoveFeed:
    """Remove one of the chat's own feeds (by source id), then show `page` of the list."""

    source_id: int
    page: int


@dataclass(frozen=True)
class MuteFromFeeds:
    """Mute or unmute the operator source at `index` (checked by `tag`) from the feeds list."""

    index: int
    tag: str
    page: int


Callback = (
    DeepLook | Back | SetBullets | OpenSources | ToggleSource | OpenSettings | ShowStory
    | SearchPage | SetStories | FeedsPage | RemoveFeed | MuteFromFeeds | MoreStories
)  # fmt: skip
_TERMS = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")


def search_page(page: int, terms: tuple[str, ...]) -> SearchPage:
    """Return a SearchPage callback with as many leading terms as fit in 64 bytes."""
    kept = tuple(terms)
    while len(kept) > 1 and not fits(SearchPage(page, kept)):
        kept = kept[:-1]
    return SearchPage(page, kept)


def encode(callback: Callback) -> str:
    """Encode a callback as compact text; raise ValueError if it would exceed 64 bytes."""
    match callback:
        case DeepLook(story_id, context):
            data = f"dl:{context}:{to_base36(story_id)}"
        case Back(story_ids, context, more):
            data = f"bk:{context}:" + ".".join(to_base36(i) for i in story_ids)
            if more is not None:
                data += f":{_more_ref(more)}"
        case MoreStories():
            data = f"mr:{_more_ref(callback)}"
        case SetBullets(count):
            data = f"sb:{count}"
        case OpenSources():
            data = "so"
        case ToggleSource(index, tag):
            data = f"ts:{index}:{tag}"
        case OpenSettings():
            data = "st"
        case ShowStory(story_id):
            data = f"ss:{to_base36(story_id)}"
        case SearchPage(page, terms):
            data = f"sp:{page}:" + ".".join(terms)
        case SetStories(count):
            data = f"sn:{count}"
        case FeedsPage(page):
            data = f"fp:{page}"
        case RemoveFeed(source_id, page):
            data = f"rf:{to_base36(source_id)}:{page}"
        case MuteFromFeeds(index, tag, page):
            data = f"fm:{index}:{tag}:{page}"
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError("callback data longer than 64 bytes")
    return data


def _more_ref(more: MoreStories) -> str:
    if not 1 < more.start < 1000:
        raise ValueError("a More button starts after the first story")
    return f"{more.edition.strftime('%Y%m%d')}.{more.start}"


_MORE_REF = re.compile(r"([0-9]{8})\.([1-9][0-9]{0,2})")


def _parse_more(text: str) -> MoreStories:
    """Parse `YYYYMMDD.start` (raises ValueError for a bad date or position)."""
    match = _MORE_REF.fullmatch(text)
    if match is None or int(match[2]) < 2:
        raise ValueError(f"bad More reference: {text[:64]!r}")
    day = match[1]
    return MoreStories(date(int(day[:4]), int(day[4:6]), int(day[6:])), int(match[2]))


def fits(callback: Callback) -> bool:
    """Tell whether `callback` encodes within Telegram's 64-byte limit."""
    try:
        encode(callback)
    except ValueError:
        return False
    return True


def decode(data: str) -> Callback:
    """Parse callback data; raise ValueError for anything malformed or unknown."""
    prefix, _, rest = data.partition(":")
    if prefix in ("dl", "bk"):
        context, _, ids = rest.partition(":")
        ids, cut, more = ids.partition(":") if prefix == "bk" else (ids, "", "")
        if not _CONTEXT.fullmatch(context) or not ids or (cut and not more):
            raise ValueError(f"bad callback data: {data[:64]!r}")
        context_day(context)  # a 'd' context must hold a real date
        if prefix == "dl":
            return DeepLook(from_base36(ids), context)
        story_ids = tuple(from_base36(i) for i in ids.split("."))
        return Back(story_ids, context, _parse_more(more) if more else None)
    if prefix == "mr":
        return _parse_more(rest)
    if prefix == "sb" and rest.isdigit() and len(rest) <= 2:
        return SetBullets(int(rest))
    if data == "so":
        return OpenSources()
    if data == "st":
        return OpenSettings()
    if prefix == "ss":
        return ShowStory(from_base36(rest))
    if prefix == "sp":
        page, _, terms = rest.partition(":")
        if page.isdigit() and len(page) <= 4 and _TERMS.fullmatch(terms):
            return SearchPage(int(page), tuple(terms.split(".")))
    if prefix == "ts":
        index, _, tag = rest.partition(":")
        if index.isdigit() and len(index) <= 4 and re.fullmatch(r"[0-9a-z]{1,4}", tag):
            return ToggleSource(int(index), tag)
    parsed = _decode_lists(prefix, rest)
    if parsed is None:
        raise ValueError(f"unknown callback data: {data[:64]!r}")
    return parsed


def _small(text: str) -> bool:
    return text.isdigit() and len(text) <= 4


def _decode_lists(prefix: str, rest: str) -> Callback | None:
    """Parse the feeds-list and stories-count buttons; None if malformed."""
    parts = rest.split(":")
    if prefix == "sn" and len(parts) == 1 and rest.isdigit() and len(rest) <= 2:
        return SetStories(int(rest))
    if prefix == "fp" and len(parts) == 1 and _small(rest):
        return FeedsPage(int(rest))
    if prefix == "rf" and len(parts) == 2 and _small(parts[1]):
        return RemoveFeed(from_base36(parts[0]), int(parts[1]))
    tagged = len(parts) == 3 and re.fullmatch(r"[0-9a-z]{1,4}", parts[1]) is not None
    if prefix == "fm" and tagged and _small(parts[0]) and _small(parts[2]):
        return MuteFromFeeds(int(parts[0]), parts[1], int(parts[2]))
    return None
