"""Property tests (Hypothesis) for the boundaries that take outside input.

- Any bytes into the feed and page parsing path give articles or a SourceError (the source
  boundary's own error, a one-line reason), never another exception; what comes out is
  storable (no NUL, no lone surrogate, every field within its bound).
- Any strings into the renderer give Telegram-valid, escaped HTML within 4096 UTF-16 units,
  and buttons Telegram accepts.
- Any text into `summarize` gives a QuickLook or the documented ValueError, within a bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.botapi.fake import button_url_accepted, parse_telegram_html, utf16_units
from bot.ingest.decoding import decode_document, repair_references
from bot.ingest.feeds import parse_feed
from bot.ingest.models import RawArticle, SourceError
from bot.ingest.pages import extract_page
from bot.ingest.sanitize import AUTHOR_CHARS, TEXT_CHARS, TITLE_CHARS, clean_article
from bot.messages import render
from bot.messages.model import RenderedMessage
from bot.storage.models import GUID_LENGTH, LANGUAGE_LENGTH, URL_LENGTH
from summarizers import QuickLook, summarize

# Every code point, lone surrogates and controls included: what a hostile source can send.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
MARKUP = st.sampled_from(
    ["<", ">", "&", "&amp;", "&#xD800;", "&#55357;&#56832;", "&#x110000;", "&#0;", "<![CDATA[",
     "]]>", "<!ENTITY a 'b'>", "<b>", "</b>", "<script>", "&lol;", "\x00", "\u202e", "\ufeff",
     "\r\n", "<?xml", "]>", "<!--", "-->", '"', "'", "&#x1F600;", "é", "東京"]
)  # fmt: skip
FIELD = st.lists(st.one_of(MARKUP, ANY_TEXT), max_size=8).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "latin-1",
                             "shift_jis", "cp037", "windows-1252"])  # fmt: skip
CONTENT_TYPES = st.sampled_from(["", "application/rss+xml", "application/xml; charset=utf-8",
                                 "text/xml; charset=shift_jis", "text/html",
                                 "application/atom+xml; charset=bogus"])  # fmt: skip


def _storable(article: RawArticle) -> None:
    clean = clean_article(article)
    strings = [clean.title, clean.text, clean.url or "", clean.guid or "", clean.author or "",
               clean.language or ""]  # fmt: skip
    for value in strings:
        assert "\x00" not in value
        assert not re.search("[\ud800-\udfff]", value)
        value.encode("utf-8")
    assert len(clean.title) <= TITLE_CHARS and len(clean.author or "") <= AUTHOR_CHARS
    assert len(clean.text) <= TEXT_CHARS and len(clean.guid or "") <= GUID_LENGTH
    assert len(clean.url or "") <= URL_LENGTH and len(clean.language or "") <= LANGUAGE_LENGTH


def _parse(body: bytes, content_type: str) -> None:
    try:
        articles, _ = parse_feed(
            body, url="http://feed.example.test/rss", content_type=content_type, max_items=20
        )
    except SourceError as problem:
        assert str(problem) and "\n" not in str(problem).strip()
        return
    for article in articles:
        _storable(article)


PARSING = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PARSING
@given(st.binary(max_size=3000), CONTENT_TYPES)
def test_any_bytes_parse_to_articles_or_a_source_error(body: bytes, content_type: str) -> None:
    _parse(body, content_type)


@PARSING
@given(st.lists(st.tuples(FIELD, FIELD, FIELD), min_size=1, max_size=4), ENCODINGS, FIELD)
def test_any_feed_shaped_document_parses_to_articles_or_a_source_error(
    items: list[tuple[str, str, str]], encoding: str, prolog: str
) -> None:
    body = "".join(
        f"<item><title>{t}</title><description>{d}</description><guid>{g}</guid></item>"
        for t, d, g in items
    )
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?>{prolog}<rss version="2.0"><channel>'
        f"<title>t</title>{body}</channel></rss>"
    )
    _parse(doc.encode(encoding, errors="replace"), "application/rss+xml")


@PARSING
@given(st.binary(max_size=3000), CONTENT_TYPES)
def test_any_bytes_decode_to_text(body: bytes, content_type: str) -> None:
    decoded = decode_document(body, content_type)
    repaired, _ = repair_references(decoded.text)
    assert isinstance(repaired, str)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKUP, ANY_TEXT), max_size=12).map("".join), CONTENT_TYPES)
def test_any_page_extracts_to_an_article_or_nothing(html: str, content_type: str) -> None:
    page = f"<html><head><title>{html[:50]}</title></head><body><article><p>{html}</p></article>"
    try:
        article = extract_page(page.encode("utf-8", "surrogatepass"), content_type=content_type)
    except SourceError:
        return
    if article is not None:
        _storable(article)


# --- rendering -------------------------------------------------------------------------------


@dataclass
class Link:
    name: str
    url: str | None


@dataclass
class Story:
    id: int
    headline: str
    quicklook: QuickLook
    deep_look: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass
class Fact:
    text: str
    headline: str
    url: str | None


URLS = st.one_of(
    st.none(),
    ANY_TEXT,
    st.sampled_from(["http://localhost/news/7", "http://example.com:99999/x", "https://ok.example/a",
                     "javascript:alert(1)", "http://exa\u202emple.com/", "https://пример.рф/",
                     'https://x.example/"><script>', "http://[::1]/", "http://1.2.3.4:0/"]),
)  # fmt: skip
LOOKS = st.builds(QuickLook, headline=FIELD, lede=FIELD, bullets=st.lists(FIELD, max_size=8))
STORIES = st.builds(
    Story,
    id=st.integers(1, 10**9),
    headline=FIELD,
    quicklook=LOOKS,
    deep_look=st.lists(FIELD, max_size=5),
    links=st.lists(st.builds(Link, name=FIELD, url=URLS), max_size=4),
)


def _valid(message: RenderedMessage) -> None:
    assert utf16_units(message.text) <= render.MAX_MESSAGE_UNITS
    shown = parse_telegram_html(message.text)  # raises as the Bot API would
    assert shown.strip()
    for row in message.buttons:
        for button in row:
            assert button.url is None or button_url_accepted(button.url)
            assert button.callback_data is None or len(button.callback_data.encode()) <= 64
            assert "\u202e" not in button.text


RENDERING = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RENDERING
@given(st.lists(STORIES, min_size=0, max_size=12), st.integers(1, 8), FIELD)
def test_any_digest_renders_to_valid_telegram_html(
    stories: list[Story], bullets: int, title: str
) -> None:
    day = date(2026, 6, 1)
    for message in render.render_digest(stories, bullets=bullets, day=day):
        _valid(message)
    for message in render.render_digest(stories, bullets=bullets, title=title or None):
        _valid(message)


@RENDERING
@given(STORIES, st.integers(1, 8))
def test_any_story_and_deep_look_render_to_valid_telegram_html(story: Story, bullets: int) -> None:
    _valid(render.story_message(story, bullets=bullets))
    _valid(render.deep_look_message(story, back="b:1"))
    assert (
        "\u202e"
        not in parse_telegram_html(render.render_story(story, bullets=bullets)).split("\n")[0]
    )


@RENDERING
@given(FIELD, FIELD, st.lists(st.builds(Fact, text=FIELD, headline=FIELD, url=URLS), max_size=8))
def test_any_answer_renders_to_valid_telegram_html(
    title: str, description: str, facts: list[Fact]
) -> None:
    text = render.render_answer(title or "q", description, facts)
    assert utf16_units(text) <= render.MAX_MESSAGE_UNITS
    parse_telegram_html(text)


def test_escaping_is_what_keeps_hostile_text_literal() -> None:
    hostile = '<b onclick="x">&lol;</b>\u202e'
    story = Story(1, hostile, QuickLook(headline=hostile, lede=hostile, bullets=[hostile]))
    message = render.story_message(story, bullets=1)
    assert escape("<b onclick=") in message.text
    headline, lede, bullet = parse_telegram_html(message.text).split("\n")
    assert headline == '<b onclick="x">&lol;</b>'  # shown literally, direction control gone
    assert lede == hostile and bullet == f"{render.BULLET} {hostile}"


# --- summarizing -----------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["The", "council", "voted", "9-2", "on", "Monday.", "Dr.", "U.S.", "said", '"We', 'won."',
     "$40", "million", "\n\n", "...", "?", "—"]
)  # fmt: skip
ARTICLE_TEXT = st.one_of(ANY_TEXT, st.lists(WORDS, max_size=400).map(" ".join))


@settings(
    max_examples=80,
    deadline=timedelta(seconds=10),  # generous: a shared 2-core machine; typical is ~10 ms
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ARTICLE_TEXT, st.one_of(st.none(), FIELD), st.one_of(st.none(), st.integers(1, 20)))
def test_summarize_returns_a_quicklook_or_the_documented_error(
    text: str, title: str | None, bullets: int | None
) -> None:
    try:
        look = summarize(text, title, bullets)
    except ValueError as exc:
        assert str(exc)
        return
    assert isinstance(look, QuickLook)
    assert bullets is None or len(look.bullets) <= bullets
