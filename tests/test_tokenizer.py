"""The rule tokenizer splits news text correctly with no NLTK data."""

from __future__ import annotations

import pytest

from summarizers import RuleTokenizer, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He lives in the U.S. He likes it.", ["He lives in the U.S.", "He likes it."]),
        ("The U.S. Census Bureau said so. Then it left.", 2),
        ("Dr. Smith arrived at 10 p.m. Monday. He left.", 2),
        ("It ended at 5 p.m. The crowd went home.", 2),
        ("He met them at No. 10 Downing St. on Jan. 5. It rained.", 2),
        ("Growth was 3.5 per cent. Prices rose 2.1 per cent.", 2),
        ('He said "Go home." Then he left.', ['He said "Go home."', "Then he left."]),
        (
            "'I want her gone.' The woman was stabbed.",
            ["'I want her gone.'", "The woman was stabbed."],
        ),
        ('"Stop!" he said. She ran.', ['"Stop!" he said.', "She ran."]),
        ("J. K. Rowling wrote it. She is rich.", ["J. K. Rowling wrote it.", "She is rich."]),
        ("Wait... What happened? Nobody knows.", 3),
        ("The talks ended.The next day came.", ["The talks ended.", "The next day came."]),
        ("He was born in St. Louis. Mrs. Jones was too.", 2),
        ("Mr. and Mrs. Smith met Prof. Lee and Gen. Patton.", 1),
        ("Apple Inc. The company said no.", 2),
        ("Apple Inc. Chief Tim Cook spoke.", 1),
        ("The price is $3.50 today. It was $4 before!", 2),
        ("First line without stop\nSecond line.", ["First line without stop", "Second line."]),
        ("Is it over? Yes. It is.", 3),
        (
            '"It is a great day. We waited ten years," she said. The bridge opened.',
            ['"It is a great day. We waited ten years," she said.', "The bridge opened."],
        ),
        (
            "He said: “Stop now. Go home.” Then he left.",
            ["He said: “Stop now. Go home.”", "Then he left."],
        ),
        ('She wrote "Go. Now. Quickly." on the wall. It stayed.', 2),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str] | int) -> None:
    sentences = split_sentences(text)
    if isinstance(expected, int):
        assert len(sentences) == expected, sentences
    else:
        assert sentences == expected


def test_tokenizer_is_sumy_compatible() -> None:
    tokenizer = RuleTokenizer("english")
    assert tokenizer.language == "english"
    assert tokenizer.to_sentences("One is here. Two is there.") == ("One is here.", "Two is there.")
    assert tokenizer.to_words("The U.S. spent $3.5bn, didn't it?") == (
        "The",
        "U.S",
        "spent",
        "$3.5bn",
        "didn't",
        "it",
    )


def test_sumy_stock_pieces_work_offline() -> None:
    from summarizers.engines.sumy_engines import rank_with_sumy, stop_words

    assert "the" in stop_words()
    sentences = [f"Sentence number {n} talks about the harbour and ships." for n in range(6)]
    assert len(rank_with_sumy("lexrank", sentences, 2)) == 2


def test_no_sentence_leaves_a_double_quote_open_on_the_dev_style_text() -> None:
    text = (
        'The coach was clear. "We played well. We lost. That is football," he said. '
        "“It hurts. But we go on,” the captain added. The club will meet on Monday."
    )
    for sentence in split_sentences(text):
        assert sentence.count('"') % 2 == 0, sentence
        assert sentence.count("“") == sentence.count("”"), sentence


def test_an_unclosed_quote_does_not_swallow_the_line() -> None:
    text = '"We will fight on. It is not over. The club said so. Fans agree.'
    assert len(split_sentences(text)) == 4


def test_military_ranks_do_not_end_a_sentence() -> None:
    text = "Her boyfriend, Army Spc. Caleb Barnes, was charged. Pfc. Jo Lee was not."
    assert split_sentences(text) == [
        "Her boyfriend, Army Spc. Caleb Barnes, was charged.",
        "Pfc. Jo Lee was not.",
    ]
