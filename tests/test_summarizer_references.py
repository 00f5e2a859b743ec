"""Self-contained bullets: a referent is named only when the text makes it clear, never guessed."""

from __future__ import annotations

import pytest

from summarizers import summarize
from summarizers.bullets import candidate, fronted_pronoun, leans_on_context, points_forward
from summarizers.document import Document
from summarizers.reference import dangling_he, name_referent, split_predicates


@pytest.mark.parametrize(
    ("sentence", "previous", "named"),
    [
        ("He was charged.", "Leon Yeaman, 55, was found in his yard.", "Leon Yeaman was charged."),
        (
            "The 28-year-old had her car towed.",
            "Britt McHenry, a sports reporter for ESPN, has been suspended.",
            "Britt McHenry had her car towed.",
        ),
        (
            "It could involve heavy weaponry.",
            "The envisioned force, led by France and Britain, aims to deter Russia.",
            "The force could involve heavy weaponry.",
        ),
        (
            "They voted to close it.",
            "The councillors met on Monday.",
            "The councillors voted to close it.",
        ),
        (
            "The country is due to repay a loan.",
            "Greece has denied it will default.",
            "Greece is due to repay a loan.",
        ),
        # a possessive subject names its owner once: not "Tiefenbacher's' body"
        (
            "Her body was found by other nuns.",
            "Gertrud Tiefenbacher's hands had been tied with a cord.",
            "Gertrud Tiefenbacher's body was found by other nuns.",
        ),
        # Two people named: "he" could be either.
        ("He was charged.", "Leon Yeaman, 55, was killed by a punch from Phillip Pama.", None),
        # A source, not the last subject: "It reported" after "according to the Telegraph".
        ("It reported that the nation has no funds.", "Greece has denied it will fail.", None),
        # "It is understood ..." stands for the clause after it.
        ("It is understood the talks failed.", "The council met on Monday.", None),
        ("They are striving to build a coalition.", "This involvement highlights the ties.", None),
    ],
)
def test_a_referent_is_named_only_when_clear(
    sentence: str, previous: str, named: str | None
) -> None:
    assert name_referent(sentence, previous) == named


def test_a_name_inside_a_phrase_is_no_referent() -> None:
    # "Nepal was stuck for 82 hours" came from resolving "he" to a name after "in".
    assert (
        name_referent(
            "He was stuck for 82 hours.",
            "Rescuers in Nepal have pulled a man from the wreckage.",
            loose=True,
        )
        is None
    )


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        (
            "The man was arrested on Monday and charged with murder after the attack.",
            [
                "The man was arrested on Monday.",
                "The man was charged with murder after the attack.",
            ],
        ),
        (
            "Bader was shot down over France in August 1941 and ended up in a prison camp.",
            ["Bader was shot down over France in August 1941.", "Bader ended up in a prison camp."],
        ),
        # The second verb belongs to the reported clause: the men lied, not the complaint.
        (
            "The complaint says the men planned to reach Syria and lied to investigators.",
            ["The complaint says the men planned to reach Syria and lied to investigators."],
        ),
    ],
)
def test_predicates_split_with_their_subject(sentence: str, parts: list[str]) -> None:
    assert split_predicates(sentence) == parts


@pytest.mark.parametrize(
    ("bullet", "leans"),
    [
        ("He confessed to the stabbing.", True),
        ("The England international was replaced.", True),
        ("The decision followed a review.", True),
        ("There are the more fatal risks.", True),
        ("The man, Rishi Khanal, was saved.", False),
        ("It is thought the talks failed.", False),
        ("It appears the club will have to wait.", False),
        ("It seemed a mismatch from the start.", True),
        ("‘I’d be over the moon,’ said Locke.", False),
        ("‘I’d be over the moon,’ he said.", True),
        ("However, the road stays shut.", True),
        ("So far 100 phones have been given out.", False),
        ("The council approved the plan.", False),
        # a quantifier alone as the subject counts a group told of before
        ("Some complained that the send-off had gone on for too long.", True),
        ("Many believe the plan will fail.", False),
        ("Several hundred protested outside the embassy.", False),
        ("One in 10 children is obese.", False),
        ("It seems a shame that the club closed.", False),
        ("Many of them stayed at home.", True),
        ("Some 200 people complained.", False),
        ("One in five restaurants serve the soup, a charity claims.", False),
        ("One said he was afraid.", True),
        ("Many of those in the crowd took to Twitter.", False),
        ("Many will see the move as a sign he is running.", False),
        # an amount told before, or what it sized; a year is no amount
        ("The £88,400 was by far the biggest pot the horse has won.", True),
        ("The $40 billion taxi service has been plagued by accusations.", True),
        ("The 2015 season starts in April.", False),
        # "The X of Y" defines itself, lowercase words and all; a speech tag names nobody
        ("The family of murdered baseball player Chris Lane broke down in court.", False),
        ("The younger man, Clarke said, was only following his brother.", True),
        ("The club, on George Street, is close to the memorial.", True),
        ("The research, carried out by Leeds University, shows the population will rise.", False),
    ],
)
def test_what_leans_on_the_sentence_before(bullet: str, leans: bool) -> None:
    assert leans_on_context(bullet) is leans


@pytest.mark.parametrize(
    ("bullet", "dangling"),
    [
        ("Three judges unanimously dismissed his challenge.", True),
        ("For regulars like him, the clinic offers packages.", True),
        ("A midwife has accepted her mistakes.", False),
        ("Mason has said he will pay back the money.", False),
        # a person told of before the pronoun, named or not (lowercased text names nobody)
        ("Police tweeted a warning after a holidaymaker complained about his trip.", False),
        ("reality star june shannon and her husband filed a report.", False),
        ("Officials closed the station after his visit.", True),
        # an adjective in -ian or -ist is nobody
        ("officials at the italian embassy confirmed his death.", True),
    ],
)
def test_a_he_with_nobody_before_it(bullet: str, dangling: bool) -> None:
    assert dangling_he(bullet) is dangling


def test_full_quicklooks_never_open_with_an_unnamed_pronoun() -> None:
    text = (
        "Bridge shut\n\n"
        "The council voted on Monday to close the harbour bridge for six months of repairs. "
        "It said engineers had found cracks in 14 of the 40 cables. "
        "He told reporters that the ferry would run every 20 minutes. "
        "Mayor Ann Lee said the closure would not affect the ferry service. "
        "She added that drivers would be sent on a 12-mile detour. "
        "Local shops fear they will lose customers while the bridge is shut. "
        "The repairs are expected to cost 8 million dollars. "
        "They will finish in the autumn, officials said. "
        "Cyclists will be allowed to cross on a temporary path."
    )
    bullets = summarize(text).bullets
    assert len(bullets) >= 5
    for bullet in bullets:
        assert not bullet.startswith(("He ", "She ", "It ", "They ")), bullet


@pytest.mark.parametrize(
    ("bullet", "leans"),
    [
        ("In a report released earlier this week she slammed their actions as 'arrogant'.", True),
        ("Last October he took a formal leave of absence from Parliament.", True),
        ("If they lose enough weight, they're sent to boot camp.", True),
        ("On Sunday they set another record as losers of the last five derbies.", True),
        # the phrase names someone "he" may be, or "he" is no subject
        ("When he arrived, Smith found the door open.", False),
        ("When the researchers examined the images they started to notice some monkeys.", False),
        ("During the trial the woman told the court he set up fake profiles.", False),
        ("In the end the council voted to close the library.", False),
        # the phrase tells who the pronoun is
        ("After a man collapsed he was taken to hospital.", False),
        ("During the hearing a mother admitted she had lied.", False),
    ],
)
def test_a_pronoun_subject_after_an_opening_phrase(bullet: str, leans: bool) -> None:
    assert fronted_pronoun(bullet) is leans


def test_a_bullet_whose_subject_is_a_pronoun_after_a_phrase_is_not_shown_alone() -> None:
    article = (
        "A judge has ruled that a film crew's number plate was a deliberate reference to the "
        "war, in a case that has angered veterans.\n"
        "The plate was fitted to the presenter's car during filming in the south of the country "
        "last year.\n"
        "Veterans in the town said the plate had been chosen to provoke them.\n"
        "The broadcaster has always said the plate was a coincidence.\n"
        "Judge Maria Alvarez opened an inquiry after a complaint from the veterans' group.\n"
        "The crew left the country after a crowd gathered outside their hotel.\n"
        "Filming of the series ended a month early.\n"
        "In a report released earlier this week she slammed their actions as 'arrogant and "
        "disrespectful'.\n"
    )
    look = summarize(article)
    assert not any("she slammed" in b for b in look.bullets), look.bullets


FIRST_DAUGHTER = (
    "She may be the mayor's daughter, but Sarah Hale is still a teenager and can't tear herself "
    "away from her music.\n"
    "The 16-year-old was seen wearing headphones throughout a family walk in the state park on "
    "Sunday.\n"
    "Her father, Mayor Tom Hale, led the group along a trail beside the river.\n"
    "The family spent two hours in the park before returning to the city.\n"
    "The mayor has two other children, both at college.\n"
)


def test_the_stories_first_sentence_may_open_with_a_pronoun_it_names_later() -> None:
    # nothing stands before the first sentence: "She" points forward, to "Sarah Hale"
    document = Document.from_text(FIRST_DAUGHTER)
    first = candidate(document, 0)
    assert first is not None and first.opening and not first.leans
    assert summarize(FIRST_DAUGHTER, max_bullets=3).bullets[0].startswith("She may be")
    # later in the story the same sentence leans on the one before it
    later = Document.from_text("The mayor went for a walk on Sunday.\n" + FIRST_DAUGHTER)
    assert candidate(later, 1).leans  # type: ignore[union-attr]
    # and a first sentence that never names whom "She" means still leans
    unnamed = Document.from_text(FIRST_DAUGHTER.replace("Sarah Hale", "the girl"))
    assert candidate(unnamed, 0).leans  # type: ignore[union-attr]


def test_a_sentence_opening_with_including_leans_on_what_it_adds_to() -> None:
    text = (
        "The reporter was filmed berating a worker at a towing firm on Sunday afternoon.\n"
        "She mocked the woman's teeth, her weight and her job in the two-minute clip.\n"
        "Including telling the woman she has no brain, McHenry delivers her biggest sting.\n"
    )
    assert candidate(Document.from_text(text), 2).facts_lean  # type: ignore[union-attr]


def test_including_leans_only_before_a_gerund() -> None:
    text = (
        "Barclays published its annual report on Friday with its boss's pay in full.\n"
        "Including bonuses, Barclays boss Jes Staley earned £5m last year, the report said.\n"
    )
    assert not candidate(Document.from_text(text), 1).facts_lean  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "sentence",
    [
        "He was sacked on Monday, and David Moyes has been named as his successor.",
        "She died in hospital on Friday, and John Smith was charged with her murder.",
        "He denies the charges, says Judge Peter Hall.",
        "They lost 3-0, and Manchester City went top.",
    ],
)
def test_a_later_clause_that_names_someone_else_does_not_point_forward(sentence: str) -> None:
    assert not points_forward((sentence,))
