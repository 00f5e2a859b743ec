"""Pathological input returns in bounded time: no recursion on input size, no quadratic scans."""

from __future__ import annotations

import random
import time

import pytest

import bot.cli
from summarizers import split_sentences, summarize

WORDS = str.split(
    "council bridge mayor river police school road market station city court minister voters "
    "storm harbour engineers residents traffic report plan budget hospital airport railway"
)


def _sentences(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))
        out.append(f"The {words} was closed on day {n}.")
    return out


def _cpu_seconds(call: object) -> float:
    start = time.process_time()
    call()  # type: ignore[operator]
    return time.process_time() - start


def test_run_on_text_with_a_thousand_caption_boundaries_does_not_recurse() -> None:
    # No full stop anywhere, and a capitalised sentence opener after every few words: each is
    # a place where a caption may run into the story.
    run_on = " ".join(
        ["the crowd waited near the old station for many hours The police arrived with dogs"] * 1000
    )
    look = summarize(run_on)
    assert all(len(b.split()) <= 30 for b in look.bullets)
    assert summarize(run_on, max_bullets=3).bullets is not None


def test_summarize_command_prints_no_traceback_for_a_run_on(
    tmp_path: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        bot.cli, "SUBCOMMANDS", {k: v for k, v in bot.cli.SUBCOMMANDS.items() if k == "summarize"}
    )
    path = tmp_path / "runon.txt"  # type: ignore[operator]
    path.write_text(" ".join(["the crowd waited for hours The police arrived"] * 1500))
    code = bot.cli.main(["summarize", str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    assert ": Quick Looks" in out


def test_a_five_megabyte_paragraph_takes_under_five_seconds() -> None:
    paragraph = " ".join(_sentences(110_000))
    assert len(paragraph) > 5_000_000 and "\n" not in paragraph
    assert _cpu_seconds(lambda: summarize(paragraph)) < 5.0


def test_one_long_line_costs_about_what_the_same_text_with_line_breaks_does() -> None:
    unit = str.split("the council met on monday, and the mayor said the bridge would open in may")
    words = [unit[i % len(unit)] for i in range(200_000)]
    one_line = " ".join(words)
    with_breaks = "\n".join(" ".join(words[i : i + 20]) for i in range(0, len(words), 20))
    # Before: 120 s against 0.6 s (every comma of the one 200,000-word "sentence" was tried as
    # a cut, each time counting the words before it).
    assert (
        _cpu_seconds(lambda: summarize(one_line))
        < 3 * _cpu_seconds(lambda: summarize(with_breaks)) + 0.5
    )


def test_a_sentence_of_two_thousand_words_never_becomes_a_bullet() -> None:
    giant = "The " + " ".join(WORDS[i % len(WORDS)] for i in range(2000)) + " was closed."
    text = f"Bridge closed\n\n{giant} The mayor said the bridge would reopen in May."
    look = summarize(text)
    assert all(len(b.split()) <= 30 for b in look.bullets)
    assert len(look.lede.split()) <= 60 and len(look.headline.split()) <= 20


def test_sentence_splitting_is_linear_in_quoted_text() -> None:
    # A candidate sentence end inside a long line used to re-count every quotation mark before
    # it: quadratic in the line's length.
    unit = 'The mayor said "we will rebuild the bridge." Residents agreed. '
    small, large = unit * 4000, unit * 16000
    t_small = _cpu_seconds(lambda: split_sentences(small))
    t_large = _cpu_seconds(lambda: split_sentences(large))
    assert len(split_sentences(large)) == 32000
    assert t_large < 8 * t_small + 0.2


def test_a_long_run_of_capitalised_words_costs_about_what_lowercase_text_does() -> None:
    # Every run of capitalised words may be a full name: each used to copy the whole text
    # before and after it, and to try every role word at every position before it (770 KB:
    # 6.4 s against 0.9 s for the same words in lowercase).
    caps = "Aa Bb Cc Dd Ee Ff Gg Hh " * 32_000
    lower = caps.lower()
    assert _cpu_seconds(lambda: summarize(caps)) < 4 * _cpu_seconds(lambda: summarize(lower)) + 0.5
