"""Telegram HTML rendering: escaping, safe links, the 4096-unit limit and splitting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from bot.botapi.fake import parse_telegram_html
from bot.messages import callbacks, render
from summarizers import QuickLook


@dataclass
class Link:
    name: str
    url: str | None
    title: str = ""


@dataclass
class FakeStory:
    id: int
    headline: str
    quicklook: QuickLook
    deep_look: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def story(
    story_id: int = 1,
    headline: str = "Headline",
    *,
    bullets: list[str] | None = None,
    lede: str = "Lede.",
    url: str | None = "https://news.example/a",
    deep: list[str] | None = None,
) -> FakeStory:
    look = QuickLook(headline=headline, lede=lede, bullets=bullets or ["One.", "Two.", "Three."])
    return FakeStory(story_id, headline, look, deep or ["Deeper."], [Link("Wire", url)])


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert render.utf16_len("abc") == 3
    assert render.utf16_len("😀") == 2
    assert render.utf16_len("é") == 1


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://x.org/a",
        "https://",
        "http://a b.org",
        'https://x.org/"<b>',
        None,
    ],
)
def test_unsafe_urls_are_not_links(url: str | None) -> None:
    assert render.safe_url(url) is None
    assert "<a" not in render.link("text", url)


def test_link_escapes_the_url_attribute() -> None:
    markup = render.link("A & B", "https://x.org/?a=1&b=2")
    assert markup == '<a href="https://x.org/?a=1&amp;b=2">A &amp; B</a>'
    assert parse_telegram_html(markup) == "A & B"


def test_hostile_titles_render_literally() -> None:
    hostile = story(headline="<b>&</a> &amp; <script>", bullets=["x < y & z > w", "</i>"])
    text = render.render_story(hostile, bullets=5)
    shown = parse_telegram_html(text)
    assert "<b>&</a> &amp; <script>" in shown
    assert "x < y & z > w" in shown and "</i>" in shown


def test_story_message_has_deep_look_and_source_buttons() -> None:
    message = render.story_message(story(7), bullets=2)
    [row] = message.buttons
    assert [b.text for b in row] == ["Deep Look", "Source"]
    assert callbacks.decode(row[0].callback_data or "") == callbacks.DeepLook(7, "s")
    assert row[1].url == "https://news.example/a"
    assert message.text.count(render.BULLET) == 2


def test_no_source_button_without_a_web_link() -> None:
    message = render.story_message(story(url=None), bullets=3)
    assert [b.text for b in message.buttons[0]] == ["Deep Look"]


def test_a_normal_digest_is_one_message_with_a_row_per_story() -> None:
    stories = [story(i, f"Story {i}") for i in range(1, 6)]
    [message] = render.render_digest(stories, bullets=3, day=date(2026, 11, 24))
    assert message.text.startswith("<b>Quick Looks · Tue 24 Nov 2026</b>")
    assert [row[0].text for row in message.buttons] == [f"Deep Look {i}" for i in range(1, 6)]
    assert callbacks.decode(message.buttons[0][0].callback_data or "") == callbacks.DeepLook(
        1, "d20261124"
    )
    parse_telegram_html(message.text)


def test_long_digests_split_between_stories_within_the_limit() -> None:
    long_bullets = [("Fact & detail <tag> " * 12).strip() for _ in range(8)]
    stories = [story(i, f"Story {i} & co", bullets=long_bullets) for i in range(1, 13)]
    messages = render.render_digest(stories, bullets=8, day=date(2026, 1, 2))
    assert len(messages) > 2
    for message in messages:
        assert render.utf16_len(message.text) <= render.MAX_MESSAGE_UNITS
        parse_telegram_html(message.text)  # never cut inside a tag or entity
    shown = "\n".join(parse_telegram_html(m.text) for m in messages)
    for i in range(1, 13):
        assert f"{i}. Story {i} & co" in shown
    assert sum(len(m.buttons) for m in messages) == 12
    later = callbacks.decode(messages[1].buttons[0][0].callback_data or "")
    assert isinstance(later, callbacks.DeepLook) and later.context.startswith("p")


def test_one_huge_story_splits_between_bullets() -> None:
    bullets = ["😀 emoji bullet " * 60 for _ in range(8)]
    messages = render.render_digest([story(1, bullets=bullets)], bullets=8)
    assert len(messages) >= 2
    for message in messages:
        assert render.utf16_len(message.text) <= render.MAX_MESSAGE_UNITS
        parse_telegram_html(message.text)
    assert messages[0].buttons and not messages[-1].buttons


def test_a_single_giant_bullet_is_truncated_not_broken() -> None:
    giant = "&" * 10_000
    messages = render.render_digest([story(1, bullets=[giant])], bullets=1)
    for message in messages:
        assert render.utf16_len(message.text) <= render.MAX_MESSAGE_UNITS
        assert parse_telegram_html(message.text).rstrip().endswith(render.ELLIPSIS)


def test_deep_look_fits_and_lists_sources() -> None:
    deep = ["Paragraph <one> & more. " * 100 for _ in range(5)]
    text = render.render_deep_look(story(deep=deep))
    assert render.utf16_len(text) <= render.MAX_MESSAGE_UNITS
    assert parse_telegram_html(text).endswith("Sources: Wire")


def test_deep_look_falls_back_to_the_quick_look() -> None:
    bare = story(bullets=["Only bullet."])
    bare.deep_look = []
    assert "Only bullet." in parse_telegram_html(render.render_deep_look(bare))


def test_empty_digest_says_so() -> None:
    [message] = render.render_digest([], bullets=5, title="Morning <news>")
    assert parse_telegram_html(message.text) == "Morning <news>\n\nNothing new yet."


def test_plain_text_strips_tags_and_unescapes() -> None:
    assert render.plain_text('<b>a &amp; b</b> <a href="https://x.org">c</a>') == "a & b c"


def test_answer_links_each_fact_to_its_story() -> None:
    from bot.answers.service import Fact as FactSource

    facts = [
        FactSource("Fact <one>.", 1, "Story & one", "https://x.org/1"),
        FactSource("Fact two.", 2, "Story two", None),
    ]
    text = render.render_answer("Absent", "Who is absent", facts)
    assert parse_telegram_html(text).splitlines()[2:] == [
        "• Fact <one>. — Story & one",
        "• Fact two. — Story two",
    ]
    assert '<a href="https://x.org/1">' in text


def _long_story(story_id: int, words: int = 60) -> FakeStory:
    filler = " ".join(f"detail{n}" for n in range(words))
    return story(
        story_id,
        f"Story {story_id} headline",
        bullets=[f"Bullet {b} of story {story_id}: {filler}." for b in range(5)],
        lede=f"Lede of story {story_id}: {filler}.",
    )


def test_a_digest_designed_for_one_message_shows_the_stories_that_fit_and_counts_the_rest() -> None:
    stories = [_long_story(i) for i in range(1, 9)]
    assert len(render.render_digest(stories, bullets=5, day=date(2026, 12, 2))) >= 2
    (message,) = render.render_digest(stories, bullets=5, day=date(2026, 12, 2), one_message=True)
    assert render.utf16_len(message.text) <= render.MAX_MESSAGE_UNITS
    shown = len(message.buttons)
    assert 1 <= shown < 8
    text = parse_telegram_html(message.text)
    assert text.endswith(f"+{8 - shown} more {'story' if 8 - shown == 1 else 'stories'}: /digest")
    assert f"Story {shown} headline" in text and f"Story {shown + 1} headline" not in text


def test_a_digest_that_fits_is_the_same_either_way() -> None:
    stories = [story(i, f"Short {i}") for i in range(1, 9)]
    day = date(2026, 12, 2)
    assert render.render_digest(stories, bullets=3, day=day, one_message=True) == (
        render.render_digest(stories, bullets=3, day=day)
    )


def test_one_story_longer_than_a_message_is_still_split_not_dropped() -> None:
    huge = _long_story(1, words=200)
    parts = render.render_digest(
        [huge, story(2)], bullets=5, day=date(2026, 12, 2), one_message=True
    )
    assert len(parts) >= 2
    assert parse_telegram_html(parts[-1].text).endswith("+1 more story: /digest")
