"""Index terms: the one way text becomes what the search index stores and questions ask."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.terms import article_sentences, index_terms, key, keys, question_terms
from summarizers.ranking import stem


def test_the_summarizers_snowball_stemmer_joins_word_forms() -> None:
    assert key("evacuated") == key("evacuation") == stem("evacuated")
    assert key("found") == key("find") and key("won") == key("winning")
    assert key("Ukraine's") == key("Ukraine")


def test_numbers_abbreviations_and_accents_become_one_plain_term() -> None:
    assert keys("12,000 people, 4.25% and the U.S. in Zoë's café") == [
        "12000", "peopl", "4p25", "us", "zoe", "cafe",
    ]  # fmt: skip


def test_stop_words_and_symbols_leave_nothing() -> None:
    assert keys('what is it? " * OR NEAR 😀') == ["near"]
    assert question_terms("why?").words == ()


@given(st.text(max_size=300))
def test_every_term_is_letters_and_digits(text: str) -> None:
    for term in index_terms(text).split():
        assert re.fullmatch(r"[^\W_]+", term)
    for term in question_terms(text).words:
        assert re.fullmatch(r"[^\W_]+", term)


def test_article_sentences_keep_the_title_and_fact_sized_sentences() -> None:
    found = article_sentences("Rail vote", "The council approved the line on Tuesday. Ok. Yes.")
    assert [(s.position, s.text) for s in found] == [
        (0, "Rail vote"), (1, "The council approved the line on Tuesday."),
    ]  # fmt: skip
