"""Every string from a source, made storable and safe to show before it goes anywhere.

Control characters (NUL above all: PostgreSQL refuses it) and lone surrogates are removed from
every field; titles, authors and link labels also lose direction controls (RLO and friends) and
zero-width characters that can disguise what a reader sees; every field is cut to the length
its column holds (or to a bound, for unbounded text), so one hostile item never fails a source.
"""

from __future__ import annotations

import hashlib
import re

from bot.ingest.models import RawArticle
from bot.ingest.text import visible
from bot.storage.models import GUID_LENGTH, LANGUAGE_LENGTH, URL_LENGTH

TITLE_CHARS = 1_000
AUTHOR_CHARS = 200
TEXT_CHARS = 300_000  # about 50,000 words: longer than any article, far below max_bytes
ERROR_CHARS = 300
ELLIPSIS = "…"
UNTITLED = "Untitled"

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Direction overrides and embeddings reorder what follows them: never in shown text.
_OVERRIDES = re.compile("[\u202a-\u202e]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_NON_URL = re.compile(r"[\s\x00-\x1f\x7f]")


def shorten(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ", max(0, limit - 80))
    return (cut[:space] if space > 0 else cut).rstrip() + ELLIPSIS


def clean_line(value: str | None, limit: int) -> str:
    """Return one line of shown text: no controls, no invisible characters, at most `limit`."""
    if not value:
        return ""
    text = _LINE_BREAKS.sub(" ", value)
    text = visible(_SURROGATES.sub("\ufffd", _CONTROLS.sub("", text)))
    return shorten(" ".join(text.split()), limit)


def clean_text(value: str | None, limit: int = TEXT_CHARS) -> str:
    """Return body text without controls, overrides or lone surrogates, at most `limit` long."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _OVERRIDES.sub("", _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text)))
    return shorten(text.strip(), limit)


def clean_language(value: str | None) -> str | None:
    """Return a language tag (en, en-US, pt-BR) that fits its column, or None for anything else."""
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    if not _LANGUAGE.match(tag):
        return None
    subtags = tag.split("-")
    kept = [subtags[0].lower()]
    for subtag in subtags[1:]:
        if len("-".join([*kept, subtag])) > LANGUAGE_LENGTH:
            break
        kept.append(subtag)
    return "-".join(kept)


def clean_url(value: str | None) -> str | None:
    """Return the URL without whitespace or controls, or None if nothing or too long is left."""
    if not value:
        return None
    url = _NON_URL.sub("", _SURROGATES.sub("", value))
    return url if url and len(url) <= URL_LENGTH else None


def clean_guid(value: str | None) -> str | None:
    """Return the GUID within its column; a longer one keeps its start plus a hash of the rest."""
    if not value:
        return None
    guid = _SURROGATES.sub("\ufffd", _CONTROLS.sub("", value)).strip()
    if len(guid) <= GUID_LENGTH:
        return guid or None
    digest = hashlib.sha256(guid.encode("utf-8")).hexdigest()
    return f"{guid[: GUID_LENGTH - 66]}#{digest}"


def clean_error(message: str) -> str:
    """Return an error message as one storable line."""
    return clean_line(message, ERROR_CHARS) or "failed"


def cleaning_notes(raw: RawArticle, clean: RawArticle) -> list[str]:
    """Say what cleaning changed in an article (for the log), in a few words per change."""
    notes: list[str] = []
    for name in ("title", "text", "author", "guid", "url"):
        before, after = getattr(raw, name) or "", getattr(clean, name) or ""
        if before == after:
            continue
        if _CONTROLS.search(before) or _SURROGATES.search(before):
            notes.append(f"control characters removed from the {name}")
        if name in ("title", "author") and visible(before) != before:
            notes.append(f"direction or zero-width characters removed from the {name}")
        if name == "url" and not after:
            notes.append("a link longer than 2,048 characters dropped")
        elif name == "guid" and len(before) > GUID_LENGTH:
            notes.append(f"a GUID longer than {GUID_LENGTH:,} characters shortened")
        elif after.endswith(ELLIPSIS) and not before.endswith(ELLIPSIS):
            notes.append(f"the {name} cut to {len(after):,} characters")
    if raw.language and clean.language is None:
        notes.append(f"language {shorten(raw.language, 40)!r} is not a language tag: dropped")
    return notes


def clean_article(raw: RawArticle) -> RawArticle:
    """Return the article with every field storable and safe to show."""
    text = clean_text(raw.text)
    title = clean_line(raw.title, TITLE_CHARS) or clean_line(" ".join(text.split()[:12]), 200)
    return raw.model_copy(
        update={
            "title": title or UNTITLED,
            "text": text,
            "url": clean_url(raw.url),
            "guid": clean_guid(raw.guid),
            "author": clean_line(raw.author, AUTHOR_CHARS) or None,
            "language": clean_language(raw.language),
        }
    )
