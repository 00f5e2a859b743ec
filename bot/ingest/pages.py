"""Web pages: the main text and metadata, extracted by trafilatura (never rendered or executed)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import trafilatura

from bot.ingest.decoding import decode_document
from bot.ingest.models import RawArticle
from bot.ingest.text import one_line, tidy_text

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def extract_page(
    html: bytes | str, *, url: str | None = None, content_type: str = ""
) -> RawArticle | None:
    """Return the page's article (title, text, author, date, language) or None if it has none.

    Bytes are decoded first (the HTTP charset, the page's meta charset, else detection), so a
    page whose declared charset is wrong is read in the charset it really has.
    """
    if isinstance(html, bytes):
        html = decode_document(html, content_type, xml=False).text
    # lxml refuses text that still declares an encoding (XHTML pages).
    html = _XML_DECLARATION.sub("", html, count=1)
    result = trafilatura.extract(
        html, url=url, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=True,
    )  # fmt: skip
    if not result:
        return None
    data = json.loads(result)
    text = tidy_text(data.get("text") or "")
    if not text:
        return None
    title = one_line(data.get("title") or "") or " ".join(text.split()[:12])
    return RawArticle(
        title=title,
        text=text,
        url=url,
        author=one_line(data.get("author") or "") or None,
        published_at=_date(data.get("date")),
        language=data.get("language") or None,
    )


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
