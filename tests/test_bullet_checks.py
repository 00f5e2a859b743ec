"""The bullet-quality benchmark's own checks: written apart from the summarizer's rules, they must
catch what they name and not count what only looks like it."""

from __future__ import annotations

import pytest

from benchmarks.bullets import first_person_outside_quotes, has_boilerplate


@pytest.mark.parametrize(
    ("bullet", "first_person"),
    [
        ("We won the cup in 2010.", True),
        ("The coach told us the plan.", True),
        ("'We will win,' said Smith.", False),
        ("The US and Britain signed the deal.", False),
        # lowercased text: the country, and a title in capitals
        ("police said georgia has a treaty with the us.", False),
        ("organisers of two major us festivals spoke out.", False),
        ("He sold copies of his book, Child Promise Me You Will Shoot Yourself.", False),
    ],
)
def test_first_person_outside_quotes(bullet: str, first_person: bool) -> None:
    assert first_person_outside_quotes(bullet) is first_person


@pytest.mark.parametrize(
    ("bullet", "boilerplate"),
    [
        ("Subscribe to our channel for more.", True),
        ("Scroll down for video.", True),
        ("She now has 2.8 million subscribers on YouTube.", False),
    ],
)
def test_boilerplate(bullet: str, boilerplate: bool) -> None:
    assert has_boilerplate(bullet) is boilerplate
