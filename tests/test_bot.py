"""End to end: the real Application (as `quicklooks run` builds it) against the fake Bot API."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import JSON, column, func, insert, select, table

from bot.botapi.fake import FakeBotApi, parse_telegram_html
from bot.delivery.schedule import spread_time
from bot.storage import chats, sources
from bot.storage.models import Story, UTCDateTime
from bot.telegram.commands import BUILTIN_COMMANDS
from bot.telegram.services import BotApp
from tests.botkit import ADMIN_ID, NOW, Chat, add_story, default_config, running_bot
from tests.conftest import POSTGRES_URL, reset_postgres
from tests.faultyapi import FaultyBotApi

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
async def app(fake_bot_api: FaultyBotApi, sqlite_url: str) -> AsyncIterator[BotApp]:
    async with running_bot(fake_bot_api, sqlite_url) as application:
        yield application


@pytest.fixture
def chat(fake_bot_api: FaultyBotApi) -> Chat:
    return Chat(fake_bot_api, 101, user_id=101)


def sends_ok(fake: FakeBotApi) -> bool:
    return all(c.status == 200 for c in fake.calls if c.method != "getUpdates")


async def test_start_and_stop_are_idempotent(app: BotApp, chat: Chat) -> None:
    [intro] = await chat.say("/start")
    # The default 08:00 plus this chat's stable offset within [delivery] default_time_jitter.
    assert f"Every day at {spread_time('08:00', 101, 30)} (UTC)" in intro.visible
    assert 3 <= len(intro.visible.splitlines()) <= 4
    [again] = await chat.say("/start")
    assert again.visible.startswith("This chat is already subscribed.")
    stored = await chats.get_chat(app.services.db, 101)
    assert stored is not None and stored.active and stored.next_due_at is not None
    [stop] = await chat.say("/stop")
    assert stop.visible.startswith("Unsubscribed")
    [stop_again] = await chat.say("/stop")
    assert "not subscribed" in stop_again.visible
    stored = await chats.get_chat(app.services.db, 101)
    assert stored is not None and not stored.active


async def test_digest_escapes_feed_text(app: BotApp, chat: Chat) -> None:
    await add_story(app.services.db, "<b>&</a>", bullets=["a & b", "<i>not italic"])
    [message] = await chat.say("/digest")
    assert "<b>&</a>" in message.visible
    assert "• <i>not italic" in message.visible
    assert message.button_texts() == ["Deep Look", "Source"]
    assert sends_ok(chat.fake)


async def test_digest_of_many_long_stories_is_split(
    fake_bot_api: FaultyBotApi, sqlite_url: str
) -> None:
    config = default_config(max_stories=30, bullets=8)
    async with running_bot(fake_bot_api, sqlite_url, config) as app:
        bullets = [f"Bullet {n} with details & <markup> " * 8 for n in range(8)]
        for n in range(30):
            await add_story(app.services.db, f"Long story {n}", bullets=bullets, lede="L " * 200)
        chat = Chat(fake_bot_api, 5)
        fake_bot_api.send_text(5, "/digest")
        await fake_bot_api.wait_for(lambda: len(fake_bot_api.calls_to("sendMessage")) >= 6)
        await fake_bot_api.wait_until_consumed()
        await chat.say("/help")  # handled after the digest: every digest part has been sent
    parts = fake_bot_api.messages(5)[:-1]
    assert len(parts) >= 6
    assert sends_ok(fake_bot_api)
    shown = "\n".join(p.visible for p in parts)
    assert all(f"Long story {n}" in shown for n in range(30))


async def test_deep_look_and_back(app: BotApp, chat: Chat) -> None:
    db = app.services.db
    await add_story(db, "First", deep_look=["The long version of first."])
    await add_story(db, "Second", deep_look=["The long version of second."])
    [digest] = await chat.say("/digest")
    original = digest.text
    assert digest.button_texts() == ["Deep Look 1", "Source 1", "Deep Look 2", "Source 2"]
    await chat.press(digest, "Deep Look 2")
    assert digest.visible.startswith("First") or digest.visible.startswith("Second")
    assert "The long version of" in digest.visible
    assert digest.button_texts() == ["Back", "Source"]
    assert len(digest.callback_data("Back").encode()) <= 64
    await chat.press(digest, "Back")
    assert digest.text == original
    assert digest.button_texts()[0] == "Deep Look 1"


@pytest.mark.parametrize("kind", ["group", "supergroup"])
async def test_deep_look_in_a_group_is_a_reply_and_leaves_the_digest(
    app: BotApp, fake_bot_api: FaultyBotApi, kind: str
) -> None:
    await add_story(app.services.db, "First", deep_look=["The long version of first."])
    await add_story(app.services.db, "Second", deep_look=["The long version of second."])
    group = Chat(fake_bot_api, -600, chat_type=kind, user_id=7)
    [digest] = await group.say("/digest")
    original = digest.text
    fake_bot_api.press_button(-600, digest.message_id, digest.callback_data("Deep Look 1"))
    [*_, deep] = await fake_bot_api.wait_for_messages(-600, 2)
    assert deep.reply_to == digest.message_id
    assert "The long version of" in deep.visible and "Back" not in deep.button_texts()
    assert digest.text == original and digest.history == []
    assert sends_ok(fake_bot_api)


async def test_digest_links_are_canonical(app: BotApp, chat: Chat) -> None:
    tagged = "https://news.example/a?id=7&utm_source=rss&utm_medium=feed&fbclid=x"
    await add_story(app.services.db, "Tagged", url=tagged)
    [digest] = await chat.say("/digest")
    [row] = digest.buttons()
    assert row[1]["url"] == "https://news.example/a?id=7"
    assert "utm_" not in digest.text


async def test_latest_says_when_every_source_failed(app: BotApp, chat: Chat) -> None:
    run = await sources.start_run(app.services.db, now=NOW)
    [running] = await chat.say("/latest")
    assert "still running" in running.visible
    await sources.finish_run(app.services.db, run, now=NOW, sources_ok=0, sources_failed=3)
    [failed] = await chat.say("/latest")
    assert "all 3 sources failing" in failed.visible and "still running" not in failed.visible


async def test_latest_shows_the_newest_story(app: BotApp, chat: Chat) -> None:
    [empty] = await chat.say("/latest")
    assert "No stories yet" in empty.visible
    old = NOW - timedelta(hours=2)
    await add_story(app.services.db, "Older", created_at=old)
    await add_story(app.services.db, "Newest")
    [latest] = await chat.say("/latest")
    assert latest.visible.startswith("Newest")
    await chat.press(latest, "Deep Look")
    await chat.press(latest, "Back")
    assert latest.visible.startswith("Newest") and "Deep Look" in latest.button_texts()


async def test_time_and_timezone(app: BotApp, chat: Chat) -> None:
    [not_yet] = await chat.say("/time 07:30")
    assert "/start" in not_yet.visible
    await chat.say("/start")
    [ok] = await chat.say("/time 07:30")
    assert "07:30" in ok.visible
    [zone] = await chat.say("/timezone europe/berlin")
    assert "Europe/Berlin" in zone.visible
    [offset] = await chat.say("/timezone UTC+2")
    assert "UTC+02:00" in offset.visible and "GMT" not in offset.visible
    [far] = await chat.say("/timezone +14:00")
    assert "Time zone UTC+14:00" in far.visible
    [refused] = await chat.say("/timezone EST")
    assert "America/New_York" in refused.visible
    await chat.say("/timezone UTC+2")
    stored = await chats.get_chat(app.services.db, 101)
    assert stored is not None and (stored.deliver_time, stored.timezone) == ("07:30", "Etc/GMT-2")
    assert stored.next_due_at is not None and stored.next_due_at.minute == 30


@pytest.mark.parametrize(
    "line",
    [
        "/time 25:99",
        "/time",
        "/time <b>7</b>",
        "/time " + "9" * 5000,
        "/time 😀😀",
        "/timezone Mars/Olympus",
        "/timezone",
        "/timezone " + "א" * 5000,
        "/timezone <a href='x'>&",
    ],
)
async def test_bad_arguments_get_a_clear_message(app: BotApp, chat: Chat, line: str) -> None:
    await chat.say("/start")
    [reply] = await chat.say(line)
    assert any(word in reply.visible for word in ("Expected", "expected"))
    assert len(reply.visible) < 400
    assert sends_ok(chat.fake)
    stored = await chats.get_chat(app.services.db, 101)
    assert stored is not None and stored.timezone == "UTC"
    assert stored.deliver_time == spread_time("08:00", 101, 30)


async def test_settings_buttons_change_bullets(app: BotApp, chat: Chat) -> None:
    await add_story(app.services.db, "Story", bullets=[f"Fact {n}." for n in range(8)])
    await chat.say("/start")
    [settings] = await chat.say("/settings")
    assert "Bullets per story: 5" in settings.visible
    assert settings.button_texts() == [
        "3", "[5]", "8", "3 stories", "5 stories", "[8 stories]", "10 stories", "15 stories",
        "Sources",
    ]  # fmt: skip
    await chat.press(settings, "3")
    assert "Bullets per story: 3" in settings.visible
    await add_story(app.services.db, "Another story")
    await chat.press(settings, "3 stories")
    assert "Stories per digest: 3" in settings.visible and "[3 stories]" in settings.button_texts()
    for n in range(3):
        await add_story(app.services.db, f"More {n}")
    [short] = await chat.say("/digest")
    labels = short.button_texts()
    assert "Deep Look 3" in labels and "Deep Look 4" not in labels
    assert short.visible.count("•") == 3 * 3
    await chat.press(settings, "Sources")
    assert "Sources" in settings.visible and "Mute Wire" in settings.button_texts()
    await chat.press(settings, "Settings")
    assert "Bullets per story: 3" in settings.visible


async def test_a_chat_asking_for_3_bullets_gets_the_brief_not_the_full_looks_first_3(
    app: BotApp, chat: Chat
) -> None:
    full = [f"Coverage fact {n}." for n in range(6)]
    await add_story(app.services.db, "Story", bullets=full, brief=["Key A.", "Key B.", "Key C."])
    await add_story(app.services.db, "Stored before briefs", bullets=full)
    await chat.say("/start")
    [five] = await chat.say("/digest")
    assert "Coverage fact 4." in five.visible and "Key A." not in five.visible
    [settings] = await chat.say("/settings")
    await chat.press(settings, "3")
    [three] = await chat.say("/digest")
    assert three.visible.count("Key ") == 3 and "Coverage fact 0." in three.visible
    assert "Coverage fact 3." not in three.visible  # the old story: its first 3 bullets
    assert three.visible.count("•") == 6


async def test_a_brief_that_tells_the_whole_lede_is_shown_without_it(
    app: BotApp, chat: Chat
) -> None:
    full = [f"Coverage fact {n}." for n in range(6)]
    brief = [
        "The dam burst at dawn.",
        "Ten villages were flooded.",
        "Rescuers reached them by boat.",
    ]
    await add_story(
        app.services.db, "Dam bursts", lede="The dam burst at dawn. Ten villages were flooded.",
        bullets=full, brief=brief,
    )  # fmt: skip
    await chat.say("/start")
    [five] = await chat.say("/digest")
    assert five.visible.count("The dam burst at dawn.") == 1  # the lede, then the full look
    [settings] = await chat.say("/settings")
    await chat.press(settings, "3")
    [three] = await chat.say("/digest")
    # the lede's two sentences are the brief's first two bullets: said once, not twice
    assert three.visible.count("The dam burst at dawn.") == 1
    assert three.visible.count("Ten villages were flooded.") == 1
    assert "Rescuers reached them by boat." in three.visible


async def test_sources_mute_toggle_filters_the_digest(app: BotApp, chat: Chat) -> None:
    db = app.services.db
    await add_story(db, "From the wire", source="Wire")
    await add_story(db, "From the agency", source="Agency")
    await chat.say("/start")
    [listing] = await chat.say("/sources")
    assert listing.button_texts() == ["Mute Agency", "Mute Wire", "Settings"]
    await chat.press(listing, "Mute Wire")
    assert "Wire — muted" in listing.visible
    [digest] = await chat.say("/digest")
    assert "From the agency" in digest.visible and "From the wire" not in digest.visible
    await chat.press(listing, "Unmute Wire")
    [digest] = await chat.say("/digest")
    assert "From the wire" in digest.visible


async def test_stale_or_forged_buttons_are_answered(app: BotApp, chat: Chat) -> None:
    await add_story(app.services.db, "Story")
    await chat.say("/start")
    [listing] = await chat.say("/sources")
    await chat.press_data(listing, "ts:7:zzzz")
    await chat.press_data(listing, "garbage")
    await chat.press_data(listing, "dl:s:zzzzzz")
    answers = [a.get("text") for a in chat.fake.callback_answers]
    assert "This button has expired." in answers
    assert "That story is no longer stored." in answers
    assert "The source list changed; here it is again." in answers
    assert not any("Sorry" in m.visible for m in chat.fake.messages(101))


async def test_query_commands_answer_from_facts(app: BotApp, chat: Chat) -> None:
    db = app.services.db
    await add_story(
        db,
        "Summit in Paris",
        facts=[
            "The summit opens on Tuesday.",
            "Croatia and Montenegro did not respond to invitations.",
            "Japan and South Korea will join the talks remotely.",
        ],
        url="https://news.example/paris",
    )
    [absent] = await chat.say("/absent")
    lines = absent.visible.splitlines()
    assert lines[2].startswith("• Croatia and Montenegro did not respond")
    assert "Summit in Paris" in lines[2] and len(lines) == 3
    assert '<a href="https://news.example/paris">Summit in Paris</a>' in absent.text
    await add_story(db, "Lock recall", facts=["A flaw could let an attacker unlock them remotely."])
    [remote] = await chat.say("/remote")
    assert "Japan and South Korea" in remote.visible
    assert "unlock them remotely" not in remote.visible  # a lock is not a participant
    [ask] = await chat.say("/ask when does the summit open?")
    assert "The summit opens on Tuesday." in ask.visible.splitlines()[2]
    [nothing] = await chat.say("/ask penguins")
    assert (
        nothing.visible == "Nothing about that in the last 30 days. Try other words than penguins."
    )


async def test_query_without_matches(app: BotApp, chat: Chat) -> None:
    await add_story(app.services.db, "Calm day", facts=["Nothing happened."])
    [reply] = await chat.say("/absent")
    assert reply.visible == "Nothing about that in the last 30 days."


async def test_help_agrees_with_the_command_menu(app: BotApp, chat: Chat) -> None:
    menu = [c["command"] for c in chat.fake.commands]
    assert {"absent", "remote", "digest", "start"} <= set(menu)
    assert "stats" not in menu
    [help_reply] = await chat.say("/help")
    listed = [line.split()[0][1:] for line in help_reply.visible.splitlines() if line[:1] == "/"]
    assert listed == menu
    admin = Chat(chat.fake, ADMIN_ID, user_id=ADMIN_ID)
    [admin_help] = await admin.say("/help")
    assert "/stats" in admin_help.visible
    public = [c.name for c in BUILTIN_COMMANDS if not c.admin]
    assert set(public) <= set(menu)


async def test_stats_is_for_admins_only(app: BotApp, chat: Chat) -> None:
    [refused] = await chat.say("/stats")
    assert "operators only" in refused.visible
    await add_story(app.services.db, "Story")
    admin = Chat(chat.fake, ADMIN_ID, user_id=ADMIN_ID)
    await admin.say("/start")
    [stats] = await admin.say("/stats")
    assert "Subscribers: 1 active of 1" in stats.visible
    assert "Stories: 1" in stats.visible


async def test_unknown_commands_and_text(app: BotApp, chat: Chat) -> None:
    [unknown] = await chat.say("/frobnicate <b>")
    assert unknown.visible == "Unknown command /frobnicate. /help lists them."
    [text] = await chat.say("hello there")
    assert "/help" in text.visible
    group = Chat(chat.fake, -500, chat_type="group", user_id=7)
    group.fake.send_text(-500, "just chatting", user_id=7, chat_type="group")
    group.fake.send_text(-500, "/other_bots_command", user_id=7, chat_type="group")
    [addressed] = await group.say("/help@quicklooks_test_bot")
    assert "/digest" in addressed.visible
    assert len(group.fake.messages(-500)) == 1


async def test_channels_subscribe_when_the_bot_becomes_admin(
    app: BotApp, fake_bot_api: FaultyBotApi
) -> None:
    fake_bot_api.change_membership(-1009, "administrator", chat_type="channel")
    [intro] = await fake_bot_api.wait_for_messages(-1009, 1)
    assert "Subscribed" in intro.visible
    stored = await chats.get_chat(app.services.db, -1009)
    assert stored is not None and stored.active and stored.type == "channel"
    await add_story(app.services.db, "Channel story")
    fake_bot_api.post_in_channel(-1009, "/digest")
    messages = await fake_bot_api.wait_for_messages(-1009, 2)
    assert "Channel story" in messages[1].visible
    fake_bot_api.change_membership(-1009, "left", chat_type="channel", old_status="administrator")
    # Updates are handled in order: once a later one is answered, the membership change is done.
    await Chat(fake_bot_api, 77).say("/help")
    row = await chats.get_chat(app.services.db, -1009)
    assert row is not None and not row.active and row.deactivated_reason == "removed"


async def test_blocked_user_is_logged_and_unsubscribed(
    app: BotApp, chat: Chat, fake_bot_api: FaultyBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.say("/start")
    fake_bot_api.block_chat(101)
    with caplog.at_level(logging.WARNING):
        chat.fake.send_text(101, "/digest", user_id=101)
        await chat.fake.wait_for(
            lambda: any(c.status == 403 for c in chat.fake.calls_to("sendMessage"))
        )
        await chat.fake.wait_until_consumed()
        fake_bot_api.unblock_chat(101)
        await chat.say("/help")
    assert "refused a message" in caplog.text
    stored = await chats.get_chat(app.services.db, 101)
    assert stored is not None and not stored.active and stored.deactivated_reason == "forbidden"


async def test_errors_apologise_and_never_leak_the_token(
    app: BotApp, chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    # A row the typed column would never write: JSON that is not a QuickLook.
    raw_stories = table(
        "stories",
        column("quicklook", JSON),
        column("deep_look", JSON),
        column("facts", JSON),
        column("created_at", UTCDateTime()),
        column("updated_at", UTCDateTime()),
    )
    async with app.services.db.transaction() as session:
        await session.execute(
            insert(raw_stories).values(
                quicklook={"not": "a quick look"}, deep_look=[], facts=[],
                created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        [reply] = await chat.say("/latest")
    assert reply.visible == "Sorry, something went wrong. Please try again."
    assert "error while handling an update in chat 101" in caplog.text
    assert chat.fake.token not in caplog.text
    assert chat.fake.token.split(":")[1] not in caplog.text
    async with app.services.db.transaction() as session:  # the store still works
        assert await session.scalar(select(func.count(Story.id))) == 1


async def test_fake_rejects_nothing_the_bot_sends(app: BotApp, chat: Chat) -> None:
    await add_story(app.services.db, "x" * 3000, lede="<" * 3000, bullets=["&" * 2000] * 8)
    for line in ("/start", "/digest", "/latest", "/settings", "/sources", "/help", "/absent"):
        await chat.say(line)
    assert sends_ok(chat.fake)
    for message in chat.fake.messages(101):
        parse_telegram_html(message.text)


@pytest.mark.skipif(
    not POSTGRES_URL, reason="set QUICKLOOKS_TEST_POSTGRES_URL to run on PostgreSQL"
)
async def test_subscribe_and_digest_on_postgresql(fake_bot_api: FaultyBotApi) -> None:
    assert POSTGRES_URL is not None
    url = POSTGRES_URL
    await reset_postgres(url)
    async with running_bot(fake_bot_api, url) as app:
        chat = Chat(fake_bot_api, 303)
        await chat.say("/start")
        await add_story(app.services.db, "On PostgreSQL", source="PG Wire")
        [listing] = await chat.say("/sources")
        await chat.press(listing, "Mute PG Wire")
        [digest] = await chat.say("/digest")
        assert "No new stories" in digest.visible
        await chat.press(listing, "Unmute PG Wire")
        [digest] = await chat.say("/digest")
        assert "On PostgreSQL" in digest.visible


async def test_private_chat_blocking_the_bot_unsubscribes(app: BotApp, chat: Chat) -> None:
    await chat.say("/start")
    chat.fake.change_membership(101, "kicked", chat_type="private", old_status="member")
    await Chat(chat.fake, 77).say("/help")  # handled after the membership change
    stored = await chats.get_chat(app.services.db, 101)
    assert stored is not None and not stored.active and stored.deactivated_reason == "blocked"


async def test_group_upgraded_to_supergroup_keeps_its_subscription(
    app: BotApp, fake_bot_api: FaultyBotApi
) -> None:
    group = Chat(fake_bot_api, -42, chat_type="group", user_id=3)
    fake_bot_api.set_admins(-42, [3])
    await group.say("/start")
    fake_bot_api.migrate_chat(-42, -10042)
    fake_bot_api.send_text(-42, "/help", user_id=3, chat_type="group")
    await fake_bot_api.wait_for(lambda: any(c.status == 400 for c in fake_bot_api.calls))
    await Chat(fake_bot_api, 77).say("/help")
    assert await chats.get_chat(app.services.db, -42) is None
    moved = await chats.get_chat(app.services.db, -10042)
    assert moved is not None and moved.active


async def test_migration_service_message_moves_the_subscription(
    app: BotApp, fake_bot_api: FaultyBotApi
) -> None:
    group = Chat(fake_bot_api, -43, chat_type="group", user_id=3)
    fake_bot_api.set_admins(-43, [3])
    await group.say("/start")
    message = fake_bot_api.make_message(-43, "x", user_id=3)
    del message["text"]
    message["migrate_to_chat_id"] = -10043
    fake_bot_api.push_update({"message": message})
    await Chat(fake_bot_api, 77).say("/help")
    moved = await chats.get_chat(app.services.db, -10043)
    assert moved is not None and moved.active


async def test_only_group_admins_change_a_group_subscription(
    app: BotApp, fake_bot_api: FaultyBotApi
) -> None:
    fake_bot_api.set_admins(-60, [1])
    member = Chat(fake_bot_api, -60, chat_type="supergroup", user_id=2)
    admin = Chat(fake_bot_api, -60, chat_type="supergroup", user_id=1)
    [refused] = await member.say("/start")
    assert "administrators" in refused.visible
    assert await chats.get_chat(app.services.db, -60) is None
    [intro] = await admin.say("/start")
    assert "Subscribed" in intro.visible
    for line in ("/stop", "/time 09:00", "/timezone Asia/Tokyo"):
        [reply] = await member.say(line)
        assert "administrators" in reply.visible
    [settings] = await member.say("/settings")
    await member.press_data(settings, settings.callback_data("8"))
    assert "administrators" in (fake_bot_api.callback_answers[-1].get("text") or "")
    stored = await chats.get_chat(app.services.db, -60)
    assert stored is not None and stored.active and stored.bullets is None
    assert (stored.deliver_time, stored.timezone) == (spread_time("08:00", -60, 30), "UTC")
    [digest] = await member.say("/digest")  # reading stays open to everyone
    assert "No new stories" in digest.visible


async def test_many_long_source_names_still_fit(app: BotApp, chat: Chat) -> None:
    for n in range(60):
        await add_story(app.services.db, f"Story {n}", source=f"Source {n:02d} " + "&" * 80)
    await chat.say("/start")
    [listing] = await chat.say("/sources")
    assert len(listing.button_texts()) == 61
    for n in range(40):
        await chat.press(listing, listing.button_texts()[n])
    [settings] = await chat.say("/settings")
    assert "Muted sources: Source 00" in settings.visible
    assert sends_ok(chat.fake)


@pytest.mark.parametrize(
    "words",
    ['"', "*", "NEAR", "OR", "😀😀", "word " * 1000, "x" * 5000, '" OR "a', "light* NEAR(a b)"],
)
async def test_ask_with_fts_syntax_or_junk_gets_a_clear_answer(
    app: BotApp, chat: Chat, words: str
) -> None:
    await add_story(app.services.db, "Summit in Paris", facts=["The summit opens on Tuesday."])
    [reply] = await chat.say("/ask " + words)
    assert reply.visible.startswith(("Nothing about that", "Latest ·")), reply.visible
    assert len(reply.visible) < 400 and "Sorry" not in reply.visible
    assert sends_ok(chat.fake)


async def test_ask_without_content_words_shows_the_latest_stories(app: BotApp, chat: Chat) -> None:
    await add_story(app.services.db, "Summit in Paris", lede="Leaders meet in Paris on Tuesday.")
    for question in ("/ask what happened?", "/ask why?"):
        [reply] = await chat.say(question)
        assert reply.visible.startswith("Latest ·") and "Leaders meet in Paris" in reply.visible
    [empty] = await chat.say("/ask")
    assert empty.visible.startswith("Ask a question about the news")


async def test_latest_and_ask_leave_out_muted_sources(app: BotApp, chat: Chat) -> None:
    db = app.services.db
    await add_story(db, "Quiet story", facts=["The quiet council met on Monday."], source="Calm")
    await add_story(db, "Loud story", facts=["The loud council met on Friday."], source="Loud")
    await chat.say("/start")
    await chats.toggle_muted(db, 101, "Loud")
    [latest] = await chat.say("/latest")
    assert "Quiet story" in latest.visible
    [ask] = await chat.say("/ask when did the council meet?")
    assert "quiet council" in ask.visible and "loud" not in ask.visible.lower()


async def test_search_pages_through_stories_and_opens_each(app: BotApp, chat: Chat) -> None:
    db = app.services.db
    for number in range(7):
        created = NOW - timedelta(hours=10 - number)
        await add_story(
            db, f"Council story {number}", facts=[f"The council met for session {number}."],
            created_at=created,
        )  # fmt: skip
    await add_story(db, "Harbour news", facts=["Boats sailed out of the harbour today."])
    [page] = await chat.say("/search councils")
    lines = page.visible.splitlines()
    assert lines[2:] == [f"{i + 1}. Council story {6 - i}" for i in range(5)]
    await chat.press(page, "Next")
    assert page.visible.splitlines()[2:] == ["6. Council story 1", "7. Council story 0"]
    await chat.press(page, "Previous")
    assert "1. Council story 6" in page.visible
    for row in page.buttons():
        for button in row:
            assert len(button["callback_data"].encode()) <= 64
    before = len(chat.fake.messages(101))
    chat.fake.press_button(101, page.message_id, page.callback_data("2"), user_id=101)
    [opened] = (await chat.fake.wait_for_messages(101, before + 1))[before:]
    assert opened.visible.startswith("Council story 5")


@pytest.mark.parametrize("words", ["", "the of", '" * NEAR OR', "😀", "x" * 5000])
async def test_search_without_searchable_words_says_so(app: BotApp, chat: Chat, words: str) -> None:
    await add_story(app.services.db, "Council story", facts=["The council met today at noon."])
    [reply] = await chat.say(f"/search {words}".strip())
    assert reply.visible.startswith(("Search stored stories", "No stored story")), reply.visible
    assert len(reply.visible) < 400


@pytest.mark.skipif(
    not POSTGRES_URL, reason="set QUICKLOOKS_TEST_POSTGRES_URL to run on PostgreSQL"
)
async def test_ask_search_and_queries_on_postgresql(fake_bot_api: FaultyBotApi) -> None:
    assert POSTGRES_URL is not None
    await reset_postgres(POSTGRES_URL)
    async with running_bot(fake_bot_api, POSTGRES_URL) as app:
        chat = Chat(fake_bot_api, 304, user_id=304)
        await chat.say("/start")
        db = app.services.db
        await add_story(db, "Summit in Paris", facts=[
            "Japan and South Korea will join the talks remotely.",
            "Croatia and Montenegro did not respond to invitations.",
        ], source="PG Wire")  # fmt: skip
        await add_story(db, "Lock recall", facts=[
            "A flaw could let an attacker unlock them remotely."], source="Other")  # fmt: skip
        [ask] = await chat.say("/ask who joins the talks remotely?")
        assert "Japan and South Korea" in ask.visible.splitlines()[2]
        for junk in ['"', "*", "NEAR", "OR", "😀", "x" * 5000, "<-> & | !"]:
            [reply] = await chat.say(f"/ask {junk}")
            assert reply.visible.startswith(("Nothing about that", "Latest ·")), reply.visible
            [found] = await chat.say(f"/search {junk}")
            assert found.visible.startswith(("Search stored", "No stored story")), found.visible
        [remote] = await chat.say("/remote")
        assert "Japan" in remote.visible and "unlock" not in remote.visible
        [search] = await chat.say("/search talks")
        assert "1. Summit in Paris" in search.visible
        [listing] = await chat.say("/sources")
        await chat.press(listing, "Mute PG Wire")
        [muted] = await chat.say("/ask who joins the talks remotely?")
        assert "Japan" not in muted.visible
        [none] = await chat.say("/search talks")
        assert none.visible.startswith("No stored story")
        [latest] = await chat.say("/latest")
        assert "Lock recall" in latest.visible
