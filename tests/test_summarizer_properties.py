"""Properties for any text: the bullet rules, no lost numbers or negations, no lost text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizers import split_sentences, summarize
from summarizers.compress import to_bullets
from summarizers.quotes import balanced

# Pieces of news prose, chosen to hit the rules: clause boundaries, asides, quotations,
# attributions, numbers, negations, abbreviations, captions run in without a full stop.
PIECES = [
    "The council",
    "Police",
    "the mayor, who was elected in 2019,",
    "said",
    "did not",
    "will never",
    "approved a plan",
    "for 12 new schools",
    "on Monday",
    "in the U.S.",
    "after the storm",
    "- exactly eight weeks later -",
    ", but residents",
    "; officials",
    "and he",
    "as the river rose",
    '"We will rebuild,"',
    "'It is over,'",
    "he added",
    "according to the report",
    "(pictured)",
    "which cost $3.5 million",
    "The",
    "Meanwhile,",
    "However,",
    "It",
    "nobody was hurt",
    ".",
    ".",
    ",",
    "?",
    "\n",
    "Dr. Smith",
    "at 5 p.m.",
    "No. 10",
    "left,",
    "„Wir schaffen das“",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map(" ".join)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(?:not|never|nobody|no|n't)\b", re.IGNORECASE)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, 3]))
def test_every_bullet_follows_the_rules(text: str, count: int | None) -> None:
    try:
        look = summarize(text, max_bullets=count)
    except ValueError:
        return  # too short to summarize: the documented error
    assert len(look.bullets) <= (count or 8)
    for bullet in look.bullets:
        assert len(bullet.split()) <= 30, bullet
        assert balanced(bullet), bullet
        assert _numbers(bullet) <= _numbers(text), bullet
        assert re.search(r"[.!?…:][\"'’”»)]*$", bullet), bullet


@settings(max_examples=300, deadline=None)
@given(texts)
def test_cutting_a_sentence_keeps_its_numbers_and_negations(sentence: str) -> None:
    sentence = " ".join(sentence.split())
    bullets = to_bullets(sentence, max_words=30, target=16)
    if not bullets:
        return  # no safe cut: the sentence gives no bullet, it is never cut unsafely
    joined = " ".join(bullets)
    assert _numbers(sentence) <= _numbers(joined)
    assert len(_NEGATION.findall(joined)) >= len(_NEGATION.findall(sentence))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_splitting_into_sentences_loses_no_text(text: str) -> None:
    sentences = split_sentences(text)
    assert "".join("".join(sentences).split()) == "".join(text.split())


# Whole sentences that tell one match, most of them twice in other words: stories made of them
# give looks whose bullets could repeat the lede or each other.
REPEATED_FACTS = [
    "Chelsea beat Arsenal 2-0 at Stamford Bridge on Saturday afternoon.",
    "Chelsea beat Arsenal at Stamford Bridge.",
    "Eden Hazard scored both goals for Chelsea in the second half.",
    "Hazard scored both goals for Chelsea.",
    "The win moves Chelsea ten points clear at the top of the table.",
    "Chelsea are ten points clear at the top of the table.",
    "Arsenal manager Arsene Wenger said his side had been unlucky.",
    "Wenger said his side had been unlucky.",
    "Police said 12 fans were arrested outside the ground after the match.",
    "Police said fans were arrested outside the ground.",
    "The two sides meet again in the FA Cup next month.",
    "Chelsea and Arsenal meet again in the FA Cup.",
    "Wenger did not blame the referee for the defeat.",
]
stories = st.lists(st.sampled_from(REPEATED_FACTS), min_size=4, max_size=13, unique=True).map(
    " ".join
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories)
def test_every_later_full_look_bullet_tells_something_not_read_above_it(text: str) -> None:
    from summarizers.ranking import terms

    try:
        look = summarize(text)
    except ValueError:
        return
    if len(look.bullets) <= 1:
        return  # a story of one fact still gets its one bullet, though the lede says it too
    told = set(terms(f"{look.headline} {look.lede}"))
    # (the first bullet may say the story's key fact again, shorter, as in the style sample)
    told |= set(terms(look.bullets[0]))
    for bullet in look.bullets[1:]:
        assert set(terms(bullet)) - told, (bullet, look.headline, look.lede)
        told |= set(terms(bullet))
