"""News in the shapes other outlets and corpora ship it: PTB tokens, lowercase, all caps, HTML,
bylines, datelines, stamps, promos, captions, fact boxes, lists, foreign quotation marks."""

from __future__ import annotations

import re

import pytest

from summarizers import Document, summarize
from summarizers.cleaning import split_run_ins
from summarizers.lede import make_topic
from summarizers.normalize import detokenize, is_ptb
from summarizers.quotes import balanced

STORY = (
    "The city council voted on Monday to close the harbour bridge for six months of repairs. "
    "Engineers found cracks in 14 of the bridge's 40 steel cables during an inspection in March. "
    "The mayor said the closure would not affect the ferry service, which runs every 20 minutes. "
    "Drivers will be sent on a 12-mile detour through the industrial district. "
    "Local shops fear they will lose customers while the bridge is shut. "
    "The repairs are expected to cost 8 million dollars and to finish in the autumn. "
    "The council will hold a public meeting about the detour next week."
)


def _ptb(text: str) -> str:
    """Tokenise the way the Penn Treebank does (the shape of the CNN/DM tokenised corpus)."""
    text = re.sub(r"(\w)'s\b", r"\1 's", text)
    text = re.sub(r"(\w)n't\b", r"\1 n't", text)
    text = re.sub(r'"(?=\w)', "`` ", text)
    text = re.sub(r'(?<=[\w.,!?])"', " ''", text)
    text = re.sub(r"([.,;:!?])(?=\s|$)", r" \1", text)
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_ptb_tokens_are_undone_before_any_rule_runs() -> None:
    tokenised = "( CNN ) -- " + _ptb(STORY)
    assert is_ptb(tokenised)
    look = summarize(tokenised)
    text = " ".join([look.lede, *look.bullets])
    assert " 's" not in text and " ." not in text and " ," not in text and "CNN" not in text
    assert _words(" ".join(summarize(STORY).bullets)) == _words(" ".join(look.bullets))


@pytest.mark.parametrize(
    ("tokens", "prose"),
    [
        ("the team 's coach did n't know .", "the team's coach didn't know."),
        ("( CNN ) -- He lives in the U.S. .", "(CNN) -- He lives in the U.S."),
        ("`` We will win , '' he said .", "“We will win,” he said."),
        ("it was the wedding ' s best", "it was the wedding' s best"),
        ("-lrb- pictured -rrb- the cost , $ 5 , rose 3 %", "(pictured) the cost, $5, rose 3%"),
        # a single quotation opened with "`" closes with the matching mark, not a stray "'"
        (
            "her regular ` Queen of Everything ' feature and the players ' union",
            "her regular ‘Queen of Everything’ feature and the players' union",
        ),
    ],
)
def test_detokenize(tokens: str, prose: str) -> None:
    assert detokenize(tokens) == prose


def test_lowercased_text_is_split_into_sentences() -> None:
    look = summarize(STORY.lower())
    assert 5 <= len(look.bullets) <= 8
    assert all(len(b.split()) <= 30 and b[0].isupper() for b in look.bullets)
    assert len(summarize(STORY.lower(), max_bullets=3).bullets) == 3


def test_all_caps_openers_and_attributions_are_recognised() -> None:
    shouted = STORY.upper().replace("DRIVERS WILL", "MEANWHILE, DRIVERS WILL")
    bullets = summarize(shouted).bullets
    assert not any(b.upper().startswith("MEANWHILE") for b in bullets)
    assert all(len(b.split()) <= 30 for b in bullets)


@pytest.mark.parametrize(
    "head",
    [
        "By DEXTER FORDMAY 9, 2014 MALIBU, CALIF. —",
        "By Jane Doe, Staff Writer\nupdated 8:10 AM EDT, Tue May 6, 2014\nLONDON —",
        "By . Daily Mail Reporter . PUBLISHED: 10:24 EST, 1 May 2013 . | . UPDATED: 11:02 EST, "
        "1 May 2013 .",
        "Editor's note: Jo Doe is a professor of law. The opinions expressed in this commentary "
        "are solely hers.\nLONDON, England (CNN) --",
        "NAIROBI, Kenya (Reuters) -",
        "by jane doe may 9, 2014 london —",
    ],
)
def test_bylines_datelines_and_stamps_never_reach_the_bullets(head: str) -> None:
    text = f"{head} {STORY}"
    look = summarize(text)
    first = Document.from_text(text).texts[0]
    assert first.lower().startswith("the city council voted")
    for part in [look.lede, look.headline, *look.bullets]:
        assert not re.search(r"\b(?:by|updated|published|editor)\b.*\d{4}", part, re.I), part


@pytest.mark.parametrize(
    "furniture",
    [
        "Scroll down for video",
        "Find out the latest with our daily newsletter.",
        "CNN's Dana Mercer contributed to this report.",
        "Email us at tips@example.com or call 555-0100.",
        "Follow Owen on Twitter @news12",
        "READ MORE: Five things to know about the vote",
        "AGE: 34 | HOMETOWN: Leeds | CURRENT JOB: Sky commentator",
        "CURRENT JOB: Sky commentator",
        "Photo: Owen Blake / Getty Images",
        "Sign up for our newsletter to get the best stories every morning.",
    ],
)
def test_promos_credits_and_fact_boxes_are_removed(furniture: str) -> None:
    sentences = STORY.split(". ")
    text = ". ".join(sentences[:3]) + ". " + furniture + "\n" + ". ".join(sentences[3:])
    texts = Document.from_text(text).texts
    assert not any(furniture[:15].lower() in t.lower() for t in texts), texts


def test_a_caption_run_into_the_story_is_dropped() -> None:
    text = (
        "Engineers inspect the cables of the bridge on a grey morning The city council voted "
        "on Monday to close the harbour bridge for six months of repairs. " + STORY
    )
    texts = Document.from_text(text).texts
    assert texts[0].startswith("The city council voted")
    assert not any("grey morning" in t for t in texts)


def test_photo_directions_mark_a_caption() -> None:
    text = STORY + " Mayor Ann Lee, left, and engineer Raj Patel, right, on the bridge."
    assert not any("Raj Patel" in t for t in Document.from_text(text).texts)


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("„Wir schaffen das“, sagte sie.", True),
        ("« Nous allons gagner », a-t-il dit.", True),
        ("„Wir schaffen das, sagte sie.", False),
        ("He called it a 'disgrace' and left.", True),
        ("Jonjo O'Neill said the fans' mood was good.", True),
    ],
)
def test_german_and_french_quotation_marks_balance(text: str, closed: bool) -> None:
    assert balanced(text) is closed


def test_raw_html_is_read_as_text() -> None:
    html = (
        "<html><head><title>Bridge</title><script>var x = 1;</script></head><body>"
        + "".join(f"<p>{s}.</p>" for s in STORY.rstrip(".").split(". "))
        + "<ul><li>Ferry every 20 minutes</li></ul></body></html>"
    )
    look = summarize(html)
    for part in [look.headline, look.lede, *look.bullets]:
        assert "<" not in part and "var x" not in part
    assert len(look.bullets) >= 5


LIST_STORY = (
    "School adds support after survey\n\n"
    "The school board approved new support for pupils on Monday after a survey found that one "
    "in four felt anxious.\n"
    "The measures include:\n"
    "- Two additional counsellors\n"
    "- Longer library opening hours\n"
    "- - A quiet room in every building\n"
    "The board said the changes would cost 120,000 dollars a year.\n"
    "Parents welcomed the plan at a meeting on Tuesday evening.\n"
    "Teachers will be trained to spot signs of stress from September.\n"
    "The survey was answered by 1,200 pupils across the district."
)


@pytest.mark.parametrize("engine", ["quicklooks", "lead", "lexrank", "textrank"])
def test_list_items_join_their_lead_sentence_and_never_the_lede(engine: str) -> None:
    look = summarize(LIST_STORY, max_bullets=3, engine=engine)
    full = summarize(LIST_STORY, engine=engine)
    for bullet in look.bullets + full.bullets:
        assert not bullet.startswith("-") and not bullet.endswith(":.")
    assert "counsellors" not in look.lede and "-" not in look.lede.split()
    joined = [t for t in Document.from_text(LIST_STORY).texts if "counsellors" in t]
    assert joined == [
        "The measures include two additional counsellors, longer library opening hours and a "
        "quiet room in every building."
    ]


def test_list_items_that_are_sentences_stay_bullets_of_their_own() -> None:
    text = LIST_STORY.replace(
        "- Two additional counsellors", "- The district will hire two additional counsellors."
    )
    texts = Document.from_text(text).texts
    assert "The district will hire two additional counsellors." in texts


@pytest.mark.parametrize(
    ("headline", "topic"),
    [
        ("30+ Nations to Discuss Ukraine Security in Paris", "Ukraine Security in Paris"),
        ("Harbour bridge to close for six months of repairs", "Harbour bridge"),
        ("El Gobierno de España aprueba una nueva ley de vivienda", "El Gobierno de España"),
        ("Ukraine talks: France and Britain lead the force", "Ukraine talks"),
        ("Storm hits the coast", "Storm hits the coast"),
        ("The United States has imposed new sanctions on Russian banks", "The United States"),
        # a sentence made headline: its subject, not what follows a preposition "to"
        (
            "More than 200 students have fled to Spain and Portugal this year",
            "More than 200 students",
        ),
        (
            "Patients with advanced lung cancer are to get a new drug for the first time in years",
            "Patients with advanced lung cancer",
        ),
        (
            "A jilted lover who sent abusive messages to his ex-partner has been jailed",
            "Jilted lover",
        ),
        (
            "She may be a pop star, but Sarah Jones cannot seem to tear herself away from it",
            "Sarah Jones",
        ),
        (
            "After Manchester United eased past Aston Villa to go third the fans were happy again",
            "Manchester United",
        ),
    ],
)
def test_the_topic_line_is_a_complete_noun_phrase(headline: str, topic: str) -> None:
    assert make_topic(headline) == topic


def test_without_a_title_the_headline_is_a_whole_clause_of_the_first_fact() -> None:
    look = summarize(STORY)
    assert look.headline.startswith("The city council voted")
    assert not look.headline.endswith((" to", " for", " of", " the", ","))
    assert len(look.headline.split()) <= 16


@pytest.mark.parametrize(
    "promo", ["Follow Owen on Twitter @news12", "Follow @MailSport on Twitter"]
)
def test_a_social_promo_run_into_a_sentence_leaves_the_sentence(promo: str) -> None:
    # PTB text and feeds that lose line breaks glue the promo to the next sentence
    sentences = STORY.split(". ")
    glued = f"{promo} {sentences[3]}"
    text = ". ".join(sentences[:3]) + ". " + glued + ". " + ". ".join(sentences[4:])
    texts = Document.from_text(text).texts
    assert not any("Twitter" in t for t in texts), texts
    assert any(t.startswith(sentences[3].split()[0]) and sentences[3][:30] in t for t in texts)


def test_a_story_sentence_after_a_caption_keeps_its_subordinator() -> None:
    # the caption names Pat, and so does the story sentence: it starts at "While", not at
    # "Pat", or the contrast is lost and its first half reads as the fact
    text = (
        "Pat in another of her risque outfits gets to grips with an Elvis impersonator in "
        "Menorca While Pat likes to hit the town at night, during the day she hits the gym."
    )
    assert split_run_ins(text)[-1].startswith("While Pat likes")


def test_a_story_sentence_that_mentions_a_social_account_keeps_it() -> None:
    sentence = "More than 50 million people follow the singer on Instagram @singer, her label said."
    assert any(
        "50 million people follow" in t for t in Document.from_text(STORY + " " + sentence).texts
    )


def test_a_two_word_subordinator_after_a_caption_stays_with_its_sentence() -> None:
    text = (
        "Pat in another of her risque outfits gets to grips with an Elvis impersonator in "
        "Menorca Ever since Pat retired, she has lived in Spain with her friends."
    )
    assert split_run_ins(text)[-1].startswith("Ever since Pat retired")


def test_initials_before_a_quoted_nickname_end_no_sentence() -> None:
    from summarizers.tokenizer import split_sentences

    text = (
        'He saw that Buddy Holly, Ritchie Valens and J.P. "The Big Bopper" Richardson had been '
        "killed in a crash. The next day he went to school."
    )
    assert len(split_sentences(text)) == 2
    # a quotation with its own punctuation after initials may still open a sentence
    assert len(split_sentences('He lives in the U.S. "We will win," he said.')) == 2
    # a country's initials are no person's
    assert (
        len(split_sentences('The deal was signed in the U.S. "It Is A Great Day" Trump wrote.'))
        == 2
    )


def test_text_after_a_paragraphs_last_full_stop_is_read_but_never_a_bullet() -> None:
    # a page that lost its line breaks: photo captions trail the story's last full stop
    story = (
        "The council approved a plan for 12 new schools on Monday after a long debate. "
        "The mayor said building would start in the spring and finish within three years. "
        "Parents welcomed the decision, which ends a decade of overcrowded classrooms. "
        "Officials expect the first two schools to open in September next year. "
        "The plan was first proposed by a residents' group in 2015. "
        "Councillor Jane Smith has campaigned for the new schools since she was elected and "
        "hopes to see them open soon"
    )
    look = summarize(story)
    assert look.bullets
    assert not any("campaigned" in b for b in [look.lede, *look.bullets])
    assert Document.from_text(story).sentences[-1].trailing
