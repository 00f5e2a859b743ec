"""The 3-bullet brief prefers reported facts over pronoun-led, quoted or first-person lines."""

from __future__ import annotations

import pytest

from summarizers import summarize
from summarizers.ranking import Weights, leans_on_voice, score_sentences


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("He said the bridge would reopen on Monday.", True),
        ("'It was terrifying,' the driver told reporters.", True),
        ("If you live in Leeds, your bins will be collected later.", True),
        ("The council said our roads were safe.", True),
        ('The mayor said "we will rebuild" after the storm.', False),
        ("The bridge in Leeds will reopen on Monday after repairs.", False),
        ("Police arrested two men in Manchester.", False),
    ],
)
def test_leans_on_voice(sentence: str, leans: bool) -> None:
    assert leans_on_voice(sentence) is leans


def test_voice_penalty_lowers_only_the_leaning_sentence() -> None:
    sentences = [
        "The bridge in Leeds will reopen on Monday after three months of repairs.",
        "You will be able to cross the bridge in Leeds again on Monday.",
    ]
    plain, _ = score_sentences(sentences, weights=Weights(voice=0.0))
    scored, _ = score_sentences(sentences, weights=Weights(voice=0.05))
    assert scored[0] == pytest.approx(plain[0])
    assert scored[1] == pytest.approx(plain[1] - 0.05)


def test_brief_skips_a_second_person_teaser_for_a_reported_fact() -> None:
    text = (
        "Leeds council has approved a new tram line to the airport after a ten-year campaign. "
        "The line will cost 400 million pounds and open in 2031, the council said on Monday. "
        "You may never have to sit in airport traffic on the ring road in Leeds again. "
        "Work on the tram line to the airport in Leeds will begin next spring. "
        "Councillors voted 60 to 12 for the tram line after a long debate. "
        "Residents near the route will be consulted on the tram line in the summer."
    )
    bullets = summarize(text, max_bullets=3).bullets
    assert len(bullets) == 3
    assert not any(b.startswith("You") for b in bullets)
