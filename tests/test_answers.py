"""/ask, the query commands and /search over the sentence index, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from bot.answers import service
from bot.answers.cues import Cues, cue_score
from bot.answers.question import Kind, parse
from bot.ingest.pipeline import ingest_all
from bot.settings import default_queries
from bot.storage.database import Database
from bot.storage.models import Source
from bot.terms import question_terms
from tests.botkit import default_config
from tests.conftest import PROJECT_ROOT

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=30)
HOSTILE = ['"', "*", "NEAR", "OR", '" OR "a', "NEAR(x y)", "😀😀", "x" * 5000, "what is it?",
           "'; DROP TABLE stories; --", "a:b AND -c ^d", "light*", "<->", "!&|"]  # fmt: skip


async def ingest_seeds(db: Database) -> None:
    from bot.settings import FolderSource

    config = default_config().model_copy(
        update={
            "sources": [FolderSource(name="Samples", kind="folder", path=PROJECT_ROOT / "seeds")]
        }
    )
    async with httpx.AsyncClient() as client:
        await ingest_all(db, config, client=client, clock=lambda: NOW)


async def ask(db: Database, question: str, muted: tuple[str, ...] = ()) -> list[str]:
    facts = await service.ask(db, parse(question), since=SINCE, muted_sources=muted)
    return [f.text for f in facts]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who leads the force?", "France and Britain"),
        ("how many people were evacuated?", "12,"),
        ("what did the light rail vote decide?", "approve"),
        ("who voted for a rate cut?", "Okafor"),
    ],
)
async def test_the_issue_questions_put_the_right_fact_first(
    db: Database, question: str, expected: str
) -> None:
    await ingest_seeds(db)
    facts = await ask(db, question)
    assert expected in facts[0], facts


async def test_a_word_of_a_phrase_alone_does_not_answer_for_the_phrase(db: Database) -> None:
    await ingest_seeds(db)
    facts = await ask(db, "what did the light rail vote decide?")
    assert all("first light" not in f for f in facts)


async def test_hostile_text_never_reaches_full_text_syntax(db: Database) -> None:
    await ingest_seeds(db)
    for text in HOSTILE:
        await ask(db, text)  # no syntax error on either backend
        groups = [(w,) for w in question_terms(text).words]
        await service.search_stories(db, groups, page=0, muted_sources=())


async def test_muted_sources_are_left_out(db: Database) -> None:
    await ingest_seeds(db)
    assert await ask(db, "how many smart locks are being recalled?")
    assert await ask(db, "how many smart locks are being recalled?", ("Samples",)) == []
    found = await service.search_stories(db, [("lock",)], page=0, muted_sources=("Samples",))
    assert found.stories == []


async def test_another_chats_own_feed_is_never_an_answer(db: Database) -> None:
    await ingest_seeds(db)
    async with db.transaction() as session:  # the samples become a feed one chat added
        source = (
            await session.execute(select(Source).where(Source.name == "Samples"))
        ).scalar_one()
        source.origin = "user"
        feed = source.id
    question = parse("how many smart locks are being recalled?")
    cues = Cues(tuple(default_queries()[1].cues), ())
    # A chat without that feed sees nothing of it: no fact, no story, no query answer.
    assert await service.ask(db, question, since=SINCE, muted_sources=()) == []
    assert await service.query(db, cues, since=SINCE, muted_sources=()) == []
    assert (await service.search_stories(db, [("lock",)], page=0, muted_sources=())).stories == []
    assert await service.latest_facts(db, since=SINCE, muted_sources=()) == []
    # The chat that added it sees its news, with its link.
    mine = {feed}
    facts = await service.ask(db, question, since=SINCE, muted_sources=(), own_feeds=mine)
    assert facts
    assert await service.query(db, cues, since=SINCE, muted_sources=(), own_feeds=mine)
    found = await service.search_stories(db, [("lock",)], page=0, muted_sources=(), own_feeds=mine)
    assert found.stories and all(s.source_names == ["Samples"] for s in found.stories)


async def test_query_commands_name_the_seed_countries_but_not_objects(db: Database) -> None:
    await ingest_seeds(db)
    absent, remote = default_queries()
    got = {}
    for command in (absent, remote):
        cues = Cues(tuple(command.cues), tuple(command.exclude))
        facts = await service.query(db, cues, since=SINCE, muted_sources=())
        got[command.name] = " ".join(f.text for f in facts)
    for name in ("United States", "Croatia", "Montenegro"):
        assert name in got["absent"]
    for name in ("Japan", "South Korea", "Australia", "New Zealand"):
        assert name in got["remote"]
    assert "unlock them remotely" not in got["remote"]


async def test_search_pages_newest_first(db: Database) -> None:
    await ingest_seeds(db)
    found = await service.search_stories(db, [("council",)], page=0, muted_sources=())
    assert any("Light Rail" in s.headline for s in found.stories) and not found.has_next
    ids = [s.id for s in found.stories]
    assert ids == sorted(ids, reverse=True)  # the seeds are stored in file order: newest last


async def test_nothing_outside_the_window(db: Database) -> None:
    await ingest_seeds(db)
    facts = await service.ask(
        db, parse("who voted for a rate cut?"), since=NOW + timedelta(days=1), muted_sources=()
    )
    assert facts == []


def test_question_kinds() -> None:
    assert parse("Who leads the force?").kind is Kind.WHO
    assert parse("how many people were evacuated?").kind is Kind.COUNT
    assert parse("When is the next rate decision?").kind is Kind.WHEN
    assert parse("why did the minister skip it?").kind is Kind.WHY
    assert parse("where did it flood?").kind is Kind.WHERE
    assert parse("what happened?").empty and parse("why?").empty
    assert parse("how many adults took part in the salt trial?").asked == "adult"


def test_phrases_are_adjacent_content_words() -> None:
    terms = question_terms("Did South Korea join the light rail vote, or the rate cut?")
    assert ("south", "korea") in terms.phrases and ("rate", "cut") in terms.phrases
    assert ("korea", "join") in terms.phrases and ("vote", "rate") not in terms.phrases


def test_a_cue_said_of_an_object_is_not_a_participant() -> None:
    remote = Cues(("remotely", "by video"), ("remote control",))
    assert cue_score("A flaw could let an attacker unlock them remotely.", remote) == 0
    assert cue_score("Japan and South Korea are expected to join the talks remotely.", remote) > 0
    assert cue_score("Councilmember Raymond Teo joined the meeting remotely.", remote) > 0
    assert cue_score("Officials tested a remote control remotely.", remote) == 0
