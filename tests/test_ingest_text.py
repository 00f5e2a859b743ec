"""Canonical URLs, plain text from HTML and content hashes: the identity of an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.readers.folder import read_folder
from bot.ingest.text import content_hash, html_to_text, one_line
from bot.ingest.urls import canonical_url
from tests.feedserver import SEEDS


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://News.Example.COM/a/b?utm_source=x&b=2&a=1#frag",
            "https://news.example.com/a/b?a=1&b=2#frag",
        ),
        ("http://example.com:80/x?fbclid=1&gclid=2&utm_medium=m", "http://example.com/x"),
        ("https://example.com:8443", "https://example.com:8443/"),
        ("https://example.com/p?id=5&ref_src=twsrc", "https://example.com/p?id=5"),
        ("ftp://example.com/file", None),
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_urls(url: str | None, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_html_to_text_drops_scripts_styles_and_tags() -> None:
    html = "<p>One &amp; two</p><script>evil()</script><style>p{}</style><div>Three<br>four</div>"
    assert html_to_text(html) == "One & two\n\nThree\nfour"
    assert one_line("<b>Bold</b>\n  title ") == "Bold title"


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    text = "The council approved the new library on Tuesday, after a long debate, by nine votes"
    text += " to two, and building starts in spring"
    assert content_hash(text.upper() + "!\n") == content_hash(text.replace(",", ""))
    assert content_hash(text) != content_hash(text + " to two")


def test_texts_too_short_to_identify_an_item_are_hashed_with_its_identity() -> None:
    # "&", "...", an emoji: no words at all, so the text alone would make them all one item.
    assert len({content_hash(t) for t in ("&", "...", "🎉", "🔥")}) == 4
    assert content_hash("&", identity="http://a.test/1") != content_hash(
        "&", identity="http://a.test/2"
    )
    # A recurring headline is a new item under a new link.
    headline = "Morning briefing"
    assert content_hash(headline, identity="http://a.test/mon") != content_hash(
        headline, identity="http://a.test/tue"
    )
    assert content_hash(headline, identity="x") == content_hash(headline, identity="x")


def test_folder_files_titles_guids_and_the_readme_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About\n\nnot an article")
    (tmp_path / "a.md").write_text("# Markdown title\n\nBody text here.")
    (tmp_path / "b.html").write_text(
        "<html><head><title>Html title</title><script>x()</script></head>"
        "<body><p>" + "Paragraph text about Brackwell. " * 20 + "</p></body></html>"
    )
    (tmp_path / "c.txt").write_text("")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    (tmp_path / "e.txt").write_bytes(b"Title\n\n\x00\x01binary")
    (tmp_path / "f.txt").write_text("Big\n\n" + "word " * 300)
    result = read_folder(tmp_path, max_bytes=1_000)
    articles = result.articles
    assert [a.title for a in articles] == ["Markdown title", "Html title"]
    assert result.warnings == (
        "skipped c.txt: empty",
        "skipped e.txt: a binary file, not an article",
        "skipped f.txt: larger than the 1,000-byte limit",
    )
    assert articles[0].guid is not None and articles[0].guid.startswith("a.md#")
    assert articles[0].url is None
    assert "x()" not in articles[1].text


def test_the_odd_seed_layout_is_tidied() -> None:
    (first, *_) = read_folder(SEEDS, max_bytes=1_000_000).articles
    assert first.title == "30+ Nations to Discuss Ukraine Security in Paris"
    assert not any(line.startswith(" ") for line in first.text.splitlines())


def test_a_file_in_another_encoding_is_read_in_it(tmp_path: Path) -> None:
    text = "Café Überall\n\nDie Straße in Köln bleibt gesperrt, sagte die Stadt am Montag."
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    (article,) = read_folder(tmp_path, max_bytes=1_000_000).articles
    assert article.title == "Café Überall" and "Straße in Köln" in article.text


def test_a_first_line_that_is_a_sentence_is_not_taken_as_the_title(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council met on Monday.\n\nIt approved the budget.")
    (article,) = read_folder(tmp_path, max_bytes=1_000_000).articles
    assert article.title == "The council met on Monday. It approved the budget."
    assert article.text.startswith("The council met on Monday.")
