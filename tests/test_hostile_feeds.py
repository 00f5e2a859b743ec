"""Hostile and broken feeds, on SQLite and PostgreSQL: nothing else from the feed is lost.

Each case is one class of fault (a character reference XML forbids, a value too long for its
column, a byte PostgreSQL refuses, a link shared by many items, text with no words, a declared
content type, an entity declaration hidden by an encoding, a wrong charset, a direction
override), served by a real local server; each asserts what is kept and what is logged.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html import escape
from typing import Any

import pytest
from sqlalchemy import select

from bot.ingest.fetch import make_http_client
from bot.ingest.models import IngestReport
from bot.ingest.pipeline import ingest_all
from bot.settings import AppConfig
from bot.storage.database import Database
from bot.storage.models import Article
from tests.feedserver import FeedServer, make_config, rss, seed

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        yield running


async def ingest(db: Database, config: AppConfig) -> IngestReport:
    async with make_http_client(config.ingest, config.fetch) as client:
        return await ingest_all(db, config, client=client, clock=lambda: NOW)


def feed(url: str, name: str = "Wire") -> dict[str, Any]:
    return {"name": name, "kind": "feed", "url": url}


async def articles(db: Database) -> list[Article]:
    async with db.sessions() as session:
        return list((await session.execute(select(Article).order_by(Article.id))).scalars())


def item(n: int, title: str, text: str = "", **extra: str) -> dict[str, str]:
    body = text or f"Item {n} reports that the council of Brackwell met on day {n}."
    return {"title": title, "guid": f"g{n}", "link": f"http://news.example.test/{n}",
            "description": body, **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("&#xD800;", "\ufffd"),  # a lone surrogate
        ("&#55357;&#56832;", "😀"),  # a surrogate pair written as two references
        ("&#xD83D;&#xDE00;", "😀"),
        ("&#x110000;", "\ufffd"),  # beyond Unicode
        ("&#0;", "\ufffd"),  # NUL
        ("&#99999999999999999999;", "\ufffd"),
    ],
)
async def test_a_bad_character_reference_costs_one_character_not_the_feed(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture, reference: str,
    expected: str,
) -> None:  # fmt: skip
    items = [item(1, f"Smile {reference} please"), item(2, "A plain headline")]
    url = server.static("/rss", rss(items))
    with caplog.at_level(logging.WARNING, logger="bot"):
        report = await ingest(db, make_config([feed(url)]))
    assert (report.sources_ok, report.new_articles) == (1, 2)
    titles = {a.title for a in await articles(db)}
    assert f"Smile {expected} please" in titles
    assert any(
        r.getMessage().startswith(f"source 'Wire' ({url}): repaired 1 invalid character")
        for r in caplog.records
    )


async def test_values_postgresql_refuses_or_that_overflow_columns_are_cleaned(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    long_guid = "tag:example.test," + "g" * 3000
    items = [
        {**item(1, "Nul\x00 in the title"), "author": "Ann\x00 Writer"},
        {**item(2, "Second headline"), "guid": long_guid},
        {**item(3, "Third headline"), "link": "http://news.example.test/" + "x" * 3000},
        {**item(4, "Huge " * 300_000)},
        {**item(5, "Fifth headline"), "guid": long_guid + "-other"},
    ]
    body = rss(items, extra="<language>English (United States of America)</language>")
    url = server.static("/rss", body.encode("utf-8"))
    with caplog.at_level(logging.WARNING, logger="bot"):
        report = await ingest(db, make_config([feed(url)]))
    assert (report.sources_ok, report.new_articles) == (1, 5)
    [line] = [r.getMessage() for r in caplog.records if "cleaned" in r.getMessage()]
    assert line.startswith(f"source 'Wire' ({url}): cleaned 5 items: ")
    for reason in ("language 'English (United States of America)' is not a language tag",
                   "a GUID longer than 1,024 characters shortened", "the title cut to",
                   "a link longer than 2,048 characters dropped"):  # fmt: skip
        assert reason in line
    stored = await articles(db)
    assert all(a.language is None for a in stored)
    assert all("\x00" not in a.title + (a.author or "") + a.text for a in stored)
    by_guid = {a.guid for a in stored}
    assert len(by_guid) == 5 and all(g is not None and len(g) <= 1024 for g in by_guid)
    assert all(len(a.title) <= 1000 for a in stored)
    assert any(a.url is None for a in stored)  # the 3,000-character link is dropped, not cut


@pytest.mark.parametrize("tag", ["en-US", "pt_BR", "EN"])
async def test_language_tags_are_kept_in_their_standard_form(
    db: Database, server: FeedServer, tag: str
) -> None:
    url = server.static("/rss", rss([item(1, "Headline")], extra="").replace(
        "<language>en</language>", f"<language>{tag}</language>"))  # fmt: skip
    await ingest(db, make_config([feed(url)]))
    (article,) = await articles(db)
    assert article.language == {"en-US": "en-US", "pt_BR": "pt-BR", "EN": "en"}[tag]


async def test_a_live_blog_keeps_every_entry_and_a_home_page_feed_every_item(
    db: Database, server: FeedServer
) -> None:
    live = [
        {"title": f"Live: update {n}", "guid": f"live-{n}",
         "link": f"http://news.example.test/live#entry-{n}",
         "description": f"Update {n}: the count in Westmark reached {n * 1000} votes."}
        for n in range(5)
    ]  # fmt: skip
    home = [
        {"title": f"Notice {n}", "link": "http://town.example.test/",
         "description": f"Notice {n}: the Brackwell library opens at {n + 8} on Monday."}
        for n in range(5)
    ]  # fmt: skip
    config = make_config(
        [feed(server.static("/live", rss(live)), "Live"),
         feed(server.static("/home", rss(home)), "Town")]
    )  # fmt: skip
    first = await ingest(db, config)
    again = await ingest(db, config)
    assert (first.new_articles, again.new_articles) == (10, 0)


async def test_items_without_words_are_not_taken_for_one_another(
    db: Database, server: FeedServer
) -> None:
    symbols = ["&amp;", "...", "🎉", "🎉🎉", "—"]
    one = [
        {"title": t, "guid": f"a{n}", "link": f"http://a.example.test/{n}", "description": t}
        for n, t in enumerate(symbols)
    ]
    other = [
        {"title": t, "guid": f"b{n}", "link": f"http://b.example.test/{n}", "description": t}
        for n, t in enumerate(symbols)
    ]
    config = make_config(
        [feed(server.static("/a", rss(one)), "A"), feed(server.static("/b", rss(other)), "B")]
    )
    report = await ingest(db, config)
    assert report.new_articles == 10


async def test_declared_plain_text_titles_keep_their_angle_brackets(
    db: Database, server: FeedServer
) -> None:
    rss_url = server.static("/rss", rss([item(1, "vector&lt;int&gt; in C++")]))
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom</title><id>urn:a</id><updated>2026-06-01T00:00:00Z</updated>"
        '<entry><title type="text">Use the &lt;br&gt; tag</title><id>urn:1</id>'
        '<link href="http://atom.example.test/1"/><updated>2026-06-02T10:00:00Z</updated>'
        '<content type="text">Write &lt;br&gt; for a line break &amp; carry on.</content></entry>'
        '<entry><title type="html">An &lt;b&gt;HTML&lt;/b&gt; title</title><id>urn:2</id>'
        '<link href="http://atom.example.test/2"/><updated>2026-06-02T11:00:00Z</updated>'
        '<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>'
    )
    atom_url = server.static("/atom", atom, content_type="application/atom+xml")
    await ingest(db, make_config([feed(rss_url, "RSS"), feed(atom_url, "Atom")]))
    by_title = {a.title: a for a in await articles(db)}
    assert set(by_title) == {"vector<int> in C++", "Use the <br> tag", "An HTML title"}
    assert by_title["Use the <br> tag"].text == "Write <br> for a line break & carry on."


def _bomb(encoding: str) -> bytes:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doc = (
        f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE rss [{"".join(lol)}]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title>'
        "<description>boom</description></item></channel></rss>"
    )
    return doc.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "cp037"])
async def test_an_entity_bomb_in_any_encoding_is_refused(
    db: Database, server: FeedServer, encoding: str
) -> None:
    url = server.static("/bomb", _bomb(encoding), content_type="application/xml")
    report = await ingest(db, make_config([feed(url)]))
    assert report.failures == [
        ("Wire", "feed declares XML entities (possible entity-expansion attack); refused")
    ]
    assert await articles(db) == []


async def test_an_article_that_mentions_entity_declarations_is_not_refused(
    db: Database, server: FeedServer
) -> None:
    lesson = '<![CDATA[<p>Never trust <!ENTITY lol "lol"> in a DTD.</p>]]>'
    url = server.static("/rss", rss([item(1, "XML security 101", lesson)]))
    report = await ingest(db, make_config([feed(url)]))
    assert report.new_articles == 1
    (article,) = await articles(db)
    assert "Never trust" in article.text


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # Mostly English with a few Japanese names: a detector guessing by language says cp1252.
        ("Tokyo: 東京駅 reopens", "The station reopened on Monday after repairs. " * 5),
        ("駅が開業", "The new station opened on Monday."),
        ("東京で新しい駅が開業", "東京都は月曜日、港区に新しい駅が開業したと発表しました。" * 4),
    ],
)
async def test_a_feed_whose_declared_charset_is_wrong_is_read_in_its_real_one(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture, title: str, text: str
) -> None:
    body = rss([item(1, title, text)])
    url = server.static(
        "/sjis", body.encode("shift_jis"), content_type="application/rss+xml; charset=utf-8"
    )
    with caplog.at_level(logging.WARNING, logger="bot"):
        report = await ingest(db, make_config([feed(url)]))
    assert report.new_articles == 1
    (article,) = await articles(db)
    assert article.title == title
    assert any("declared utf-8" in r.getMessage() and url in r.getMessage() for r in caplog.records)


async def test_direction_controls_and_zero_width_characters_leave_titles(
    db: Database, server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    _, text = seed("010")
    spoof = "Invoice \u202egnp.exe\u202c from Pay\u200dPal\u200b \u2066now\u2069"
    url = server.static("/rss", rss([item(1, escape(spoof), escape(text), author="Eve\u200f")]))
    with caplog.at_level(logging.WARNING, logger="bot"):
        await ingest(db, make_config([feed(url)]))
    assert any(
        "direction or zero-width characters removed from the title" in r.getMessage()
        and url in r.getMessage()
        for r in caplog.records
    )
    (article,) = await articles(db)
    assert article.title == "Invoice gnp.exe from PayPal now"
    assert article.author == "Eve"
    assert "\u202e" not in article.text


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Café owners welcome the study. Die Straße in Köln bleibt gesperrt."),
        ("cp1252", "The “smart” locks were recalled — officials said."),
        ("cp1251", "Новый вокзал открылся в понедельник после ремонта."),
        ("gbk", "新车站周一开通，预计每天三万人使用。"),
        ("euc-kr", "새 역이 월요일에 개통되었습니다."),
        ("shift_jis", "Tokyo: 東京駅 reopens after repairs"),
        ("iso-8859-7", "Ο νέος σταθμός άνοιξε τη Δευτέρα."),
    ],
)
def test_text_declared_utf8_in_another_charset_is_decoded_in_that_charset(
    encoding: str, text: str
) -> None:
    from bot.ingest.decoding import decode_document

    doc = f'<?xml version="1.0" encoding="utf-8"?><rss><channel><title>{text}</title></channel>'
    decoded = decode_document((doc + "</rss>").encode(encoding), "text/xml; charset=utf-8")
    assert text in decoded.text
    assert decoded.note is not None and decoded.note.startswith("declared utf-8")


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "us-ascii"])
def test_utf8_served_under_a_latin_default_charset_is_read_as_utf8(declared: str) -> None:
    from bot.ingest.decoding import decode_document

    text = "Café owners in Köln — “a good day”, said Zoë. 東京"
    doc = f'<?xml version="1.0"?><rss><channel><title>{text}</title></channel></rss>'
    decoded = decode_document(doc.encode("utf-8"), f"application/rss+xml; charset={declared}")
    assert text in decoded.text and decoded.encoding == "utf-8"
