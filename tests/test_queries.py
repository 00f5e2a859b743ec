"""Fact ranking for query commands and /ask: cue phrases, main verbs, term overlap."""

from __future__ import annotations

from bot.queries import (
    FactSource,
    cue_pattern,
    cue_score,
    named_entities,
    rank_by_cues,
    rank_by_question,
    stem,
    terms,
)

ABSENT = ["absent", "not attending", "declined", "not invited", "except", "did not respond"]


def fact(text: str, story_id: int = 1) -> FactSource:
    return FactSource(text, story_id, f"Story {story_id}", None)


def test_stemming_joins_word_forms() -> None:
    assert stem("attending") == stem("attends") == stem("attend")
    assert stem("countries") == "country"
    assert stem("class") == "class"
    assert stem("is") == "is"


def test_terms_drop_stop_words() -> None:
    assert terms("Who is joining the talks by video?") == ["join", "talk", "video"]
    assert terms("who is the") == []


def test_cues_match_whole_words_case_insensitively() -> None:
    assert cue_pattern("remote").search("They joined REMOTE.")
    assert not cue_pattern("remote").search("The remotely controlled car")
    assert not cue_pattern("skip").search("a skipper")
    assert cue_pattern("not attending").search("is not\nattending")
    assert cue_pattern("no-show").search("a no-show again")


def test_main_verb_use_outranks_a_passing_mention() -> None:
    main = "The minister declined to attend the summit."
    passing = "Asked about it, officials who declined comment spoke later."
    assert cue_score(main, ["declined"]) > cue_score(passing, ["declined"])


def test_named_entities_skip_sentence_start_and_dates() -> None:
    names = named_entities("Officials said Croatia and the United States met on Friday in May.")
    assert names == ["Croatia", "United States"]


def test_rank_by_cues_keeps_only_matches_best_first() -> None:
    facts = [
        fact("The weather was mild."),
        fact("Croatia and Montenegro did not respond to invitations.", 2),
        fact("Nobody was absent, officials said."),
        fact("Croatia and Montenegro did not respond to invitations.", 3),
    ]
    ranked = rank_by_cues(facts, ABSENT, limit=5)
    assert [r.fact.story_id for r in ranked] == [2, 1]
    assert ranked[0].score > ranked[1].score


def test_rank_by_cues_with_no_match_is_empty() -> None:
    assert rank_by_cues([fact("Rain in the valley.")], ABSENT) == []


def test_rank_by_question_prefers_rare_shared_terms() -> None:
    facts = [
        fact("The council met on Tuesday.", 1),
        fact("Japan and South Korea will join the talks by video.", 2),
        fact("The talks begin on Tuesday in Paris.", 3),
    ]
    ranked = rank_by_question(facts, "Who joins the talks by video?")
    assert ranked[0].fact.story_id == 2
    assert {r.fact.story_id for r in ranked} == {2, 3}


def test_question_of_only_stop_words_ranks_nothing() -> None:
    assert rank_by_question([fact("Anything at all.")], "what is it?") == []


def test_phrases_match_inflections_and_short_gaps() -> None:
    assert cue_pattern("join remotely").search("They joined remotely.")
    assert not cue_pattern("join remotely").search("They will join the talks remotely.")
    assert cue_pattern("join remotely", loose=True).search("They will join the talks remotely.")
    loose = cue_pattern("join remotely", loose=True)
    assert not loose.search("They join a long list of many people remotely.")
    gap = cue_score("Japan will join the talks remotely.", ["join remotely"])
    exact = cue_score("Japan will join remotely.", ["join remotely"])
    assert 0 < gap < exact
