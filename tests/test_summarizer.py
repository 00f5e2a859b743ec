"""The summarizer library: engines, bullet rules, compression, facts and the seed story."""

from __future__ import annotations

import difflib
import re
import statistics
from pathlib import Path

import pytest

from summarizers import (
    ENGINES,
    Document,
    QuickLook,
    UnknownEngineError,
    deep_look,
    extract_facts,
    split_sentences,
    summarize,
    summarize_story,
)
from summarizers.bullets import leans_on_context
from summarizers.cleaning import is_caption_sentence
from summarizers.compress import compress, condense, is_clause, to_bullets
from summarizers.quotes import balanced as balanced_quotes
from tests.test_summarizer_editing import FIREWORKS

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "000_bc3ff4030b77d8c2.txt"
SEED = next(
    p
    for p in (ROOT / "seeds" / SEED_NAME, ROOT.parent / "shared" / "seeds" / SEED_NAME)
    if p.exists()
)

STORY = (
    "LONDON, England (CNN) -- A fire destroyed a historic theatre in central London on Monday, "
    "officials said. Meanwhile, firefighters said 120 people were evacuated from nearby homes. "
    "Nobody was injured in the blaze, which began at 3 a.m., the fire brigade said. "
    "The theatre (pictured) opened in 1898 and had hosted more than 5,000 shows. "
    "However, the cause of the fire is not yet known, according to the police. "
    "Dr. Jane Smith, who runs the theatre, said the building was insured for £3.5 million. "
    "'We will rebuild,' she said. "
    "The council said it would not close the road until Friday. "
    "Additionally, investigators from the U.S. insurer will visit the site on Wednesday. "
    "Local residents gathered outside the theatre to watch the firefighters at work."
)


SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_returns_a_valid_quicklook(engine: str) -> None:
    look = summarize(STORY, max_bullets=3, engine=engine)
    assert isinstance(look, QuickLook)
    assert look.engine == engine
    assert 1 <= len(look.bullets) <= 3
    assert look.headline and look.lede
    assert QuickLook.model_validate_json(look.model_dump_json()) == look


def test_unknown_engine_lists_valid_names() -> None:
    with pytest.raises(UnknownEngineError, match="lexrank") as info:
        summarize(STORY, engine="magic")
    assert isinstance(info.value, ValueError)
    assert "quicklooks" in str(info.value)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_a_clear_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        summarize(text)


def test_bullet_count_follows_max_bullets() -> None:
    text = seed_text()
    assert 5 <= len(summarize(text).bullets) <= 8
    assert len(summarize(text, max_bullets=3).bullets) == 3
    assert len(summarize(text, max_bullets=1).bullets) == 1
    with pytest.raises(ValueError):
        summarize(text, max_bullets=0)


def test_very_short_text_still_gets_a_bullet() -> None:
    look = summarize("The bridge reopened today.")
    assert look.bullets == ["The bridge reopened today."]
    assert len(summarize("Rain fell. Roads flooded in the north.").bullets) >= 1


def test_bullet_rules_hold_on_default_engine() -> None:
    for text in (STORY, seed_text()):
        bullets = summarize(text).bullets
        counts = [len(b.split()) for b in bullets]
        assert max(counts) <= 30
        assert statistics.median(counts) <= 20
        assert all(re.search(r"\.[\"'’”]?$", b) for b in bullets)
        assert len({b.lower() for b in bullets}) == len(bullets)
        assert not any(b.startswith(("Meanwhile", "However", "Additionally")) for b in bullets)


def test_story_order_and_no_dateline() -> None:
    bullets = summarize(STORY, max_bullets=5).bullets
    # The end of a bullet is the sentence's own words (asides and openers go from the front).
    positions = [STORY.find(" ".join(b.rstrip(".").split()[-4:])) for b in bullets]
    assert all(p >= 0 for p in positions), bullets
    assert positions == sorted(positions)
    assert not any("CNN" in b for b in bullets)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Meanwhile, police arrested two men.", "Police arrested two men."),
        (
            "However, the cause is not yet known, according to police.",
            "The cause is not yet known.",
        ),
        (
            "More than 30 nations will meet in Paris, as announced by a French official on Monday.",
            "More than 30 nations will meet in Paris.",
        ),
        ("The theatre opened in 1898 and hosted shows, the council said.", None),
        (
            "The theatre (pictured) was built in brick by the city.",
            "The theatre was built in brick by the city.",
        ),
        ("It isn't about listing needs, emphasized the official.", None),
    ],
)
def test_compress_drops_openers_attributions_and_asides(
    sentence: str, expected: str | None
) -> None:
    result = compress(sentence)
    if expected is None:
        assert "said" not in result and "emphasized" not in result
        assert result.endswith(".")
    else:
        assert result == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "'We will not rebuild,' she said.",
        "He said he would never return to the club.",
        "Nobody was injured in the blaze, which began at 3 a.m.",
        "The cost rose from $3.5 million to $4.2 million (about £3 million).",
        "Croatia and Montenegro did not respond, the official said.",
        '"It is over," the coach said.',
    ],
)
def test_compress_keeps_negations_numbers_and_quotes(sentence: str) -> None:
    result = compress(sentence)
    for token in re.findall(r"\d[\d.,]*\d|\d|not|never|Nobody|n't", sentence):
        assert token in result
    if sentence[0] in "'\"":
        assert result == sentence


def test_long_sentence_is_split_or_shortened_under_limit() -> None:
    long = (
        "The government announced a large new plan for the roads of the whole country on Monday "
        "morning in London; the opposition parties said they would fight the plan in parliament "
        "and in the courts for many years to come."
    )
    bullets = to_bullets(long, max_words=30)
    assert len(bullets) == 2
    assert all(len(b.split()) <= 30 and b.endswith(".") for b in bullets)


def test_extract_facts_keep_names_and_remote() -> None:
    facts = extract_facts(seed_text())
    absent = [f for f in facts if "Croatia" in f]
    assert absent and all(w in absent[0] for w in ("Montenegro", "United States"))
    remote = [f for f in facts if "remotely" in f and "Japan" in f]
    assert remote
    assert all(w in remote[0] for w in ("Australia", "New Zealand", "South Korea"))
    assert not any(f.startswith(("Meanwhile", "Additionally", "However")) for f in facts)
    assert "0" not in facts


def test_deep_look_returns_full_clean_sentences_in_order() -> None:
    text = seed_text()
    sentences = deep_look(text, max_sentences=4)
    assert len(sentences) == 4
    assert sentences[0].startswith("In an effort to establish")
    assert "French military official" in sentences[0]  # not compressed
    body = " ".join(text.split())
    assert [body.find(s[:30]) for s in sentences] == sorted(body.find(s[:30]) for s in sentences)


def test_topic_and_text_rendering() -> None:
    look = summarize(seed_text())
    assert look.headline == "30+ Nations to Discuss Ukraine Security in Paris"
    assert look.topic == "Ukraine Security in Paris"
    text = look.to_text()
    assert text.startswith(look.headline + "\n\n" + look.lede + "\n\n")
    assert "Ukraine Security in Paris: Quick Looks\n- " in text
    assert text.count("\n- ") == len(look.bullets)


def test_headline_without_title_comes_from_text() -> None:
    look = summarize(STORY)
    assert look.headline and not look.headline.endswith(".")
    assert len(look.headline.split()) <= 20


def _covered(bullets: list[str], *words: str) -> bool:
    joined = " ".join(bullets).lower()
    return all(w.lower() in joined for w in words)


def test_seed_quicklooks_cover_key_facts() -> None:
    bullets = summarize(seed_text()).bullets
    assert _covered(bullets, "30 countries", "Paris")
    assert _covered(bullets, "France", "Britain")
    assert _covered(bullets, "NATO members", "chiefs of staff")
    assert _covered(bullets, "heavy weaponry", "stockpiles")
    assert _covered(bullets, "United States")
    assert _covered(bullets, "Croatia and Montenegro did not respond")
    assert _covered(bullets, "Japan", "South Korea", "Australia", "New Zealand", "remotely")
    assert _covered(bullets, "Ukraine will have a military representative")
    counts = [len(b.split()) for b in bullets]
    assert len(bullets) == 8 and statistics.median(counts) <= 14


@pytest.mark.xfail(
    strict=True,
    reason="short of target: 'Croatia and Montenegro did not respond to invitations.' is in now "
    "('However, any commitment ...' answers the sentence before it and is no full-look bullet), "
    "but the story has nine key facts for eight slots: 'The latter part of the talks is expected "
    "to focus on more defined contributions ...' (24 words) loses to the shorter ones",
)
def test_seed_quicklooks_cover_the_absent_and_the_contributions() -> None:
    bullets = summarize(seed_text()).bullets
    assert _covered(bullets, "Croatia and Montenegro did not respond")
    assert _covered(bullets, "contributions")


def test_seed_bullets_are_short() -> None:
    counts = [len(b.split()) for p in SEEDS for b in summarize(p.read_text("utf-8")).bullets]
    assert statistics.median(counts) <= 13
    assert statistics.quantiles(counts, n=10)[-1] <= 20  # a longer fact only when it must
    assert max(counts) <= 30


def test_short_brief_keeps_key_sentences_within_fact_limit() -> None:
    for path in SEEDS:
        bullets = summarize(path.read_text("utf-8"), max_bullets=3).bullets
        assert 1 <= len(bullets) <= 3
        assert all(len(b.split()) <= 30 for b in bullets)


def test_negation_aside_is_never_dropped() -> None:
    sentence = (
        "The Paris gathering will be attended by the chiefs of staff or their representatives "
        "from nearly all NATO countries, except three NATO members: Croatia and Montenegro, "
        "which did not respond to invitations, and the United States."
    )
    bullets = to_bullets(sentence, max_words=30)
    assert bullets and all(len(b.split()) <= 30 for b in bullets)
    assert "Croatia and Montenegro did not respond to invitations." in bullets
    for fact in extract_facts(f"Title\n{sentence}"):
        assert "respond" not in fact or "not" in fact


@pytest.mark.parametrize(
    "sentence",
    [
        "In a bid to stop the flights, the airline, which did not comment, cancelled 20 routes "
        "across the whole of Europe and the Middle East on Monday after a strike by its pilots.",
        "Despite the rain, the mayor, who never misses the parade, marched with the band.",
    ],
)
def test_tightening_keeps_negated_clauses(sentence: str) -> None:
    facts = to_bullets(sentence, max_words=30, target=12)
    joined = " ".join(facts)
    assert "not comment" in joined or "never misses" in joined


def test_bullets_have_balanced_quotes() -> None:
    text = (
        'Title\nThe mayor opened the new bridge on Monday. "It is a great day. We waited '
        'ten years for this. Now it is done," she said. The bridge cost 40 million euros. '
        "Traffic will start on Tuesday morning. Engineers checked the cables twice."
    )
    for bullet in summarize(text).bullets + summarize(text, max_bullets=3).bullets:
        assert bullet.count('"') % 2 == 0, bullet


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ("'We came here for vacation.", False),
        ("He said: 'Go home.'", True),
        ("Jonjo O'Neill said the fans' mood was good.", True),
        ('"It is over.', False),
        ("“It is over,” he said.", True),
    ],
)
def test_balanced_quotes(text: str, balanced: bool) -> None:
    assert balanced_quotes(text) is balanced


def test_lede_is_one_paragraph_not_a_copy_of_a_bullet() -> None:
    look = summarize(seed_text())
    assert "\n" not in look.lede
    assert 1 <= look.lede.count(". ") + 1 <= 2
    assert look.lede not in look.bullets
    # The lede's second sentence is told once, not again as a bullet.
    assert not any(b.startswith("The discussions slated") for b in look.bullets)


def _kept_share(bullet: str, sentence: str) -> float:
    mine, theirs = re.findall(r"\w+", bullet.lower()), re.findall(r"\w+", sentence.lower())
    blocks = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / max(1, len(theirs))


def test_full_quicklooks_bullets_never_copy_a_lede_sentence() -> None:
    for path in SEEDS:
        look = summarize(path.read_text("utf-8"))
        told = re.split(r"(?<=[.!?])\s+(?=[A-Z])", look.lede)
        for bullet in look.bullets:
            assert bullet not in told, (path.name, bullet)
            assert all(_kept_share(bullet, s) < 0.7 for s in told), (path.name, bullet)


# A bullet that opens with a pronoun or a demonstrative, or says "X also ...", leans on the
# sentence before it.
_LEANS_ON_CONTEXT = re.compile(
    r"^(?:(?:This|These|Those|That|They|It|Its|He|She|His|Her|Their|We|But|And|So)\b"
    r"|(?:\S+\s+){1,3}also\b)"
)


def test_few_full_quicklooks_bullets_lean_on_context() -> None:
    bullets = [b for p in SEEDS for b in summarize(p.read_text("utf-8")).bullets]
    leaning = [b for b in bullets if _LEANS_ON_CONTEXT.match(b)]
    assert len(leaning) / len(bullets) <= 0.03, leaning


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The club won the cup for the first time in 23 years on Saturday, beating United "
            "2-1 after extra time in a tense final that their captain watched from the stands.",
            "The club won the cup for the first time in 23 years, beating United 2-1 after "
            "extra time.",
        ),
        (
            "A small probe run by a research group has found ice near the pole, mission "
            "scientists said on Thursday, calling it the clearest estimate yet.",
            "A small probe has found ice near the pole.",
        ),
        (
            "The council voted on Tuesday to close the bridge, ending two years of debate.",
            "The council voted to close the bridge, ending two years of debate.",
        ),
        (
            "The mayor did not attend the vote on Monday, saying she was never invited.",
            "The mayor did not attend the vote, saying she was never invited.",
        ),
    ],
)
def test_condense_keeps_the_main_clause_numbers_and_negations(sentence: str, expected: str) -> None:
    assert condense(sentence) == expected


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_lede_opens_with_the_story_s_first_fact(path: Path) -> None:
    title, body = path.read_text(encoding="utf-8").split("\n", 1)
    first = Document.from_text(body).texts[0]
    look = summarize(body, title=title)
    # The lede's first sentence is the story's first sentence, at most shortened.
    assert _kept_share(first, split_sentences(look.lede)[0]) >= 0.8, (first, look.lede)


def test_trailing_relative_with_a_list_in_it_may_go() -> None:
    sentence = (
        "West Mercia Police said it was investigating reports of a breach of the Representation "
        "of the People Act 1983, which bans Election candidates from providing food, drink or "
        "entertainment in a bid to win votes."
    )
    assert to_bullets(sentence, max_words=30) == [
        "West Mercia Police said it was investigating reports of a breach of the Representation "
        "of the People Act 1983."
    ]
    # a relative aside that closes before the main clause goes on is no trailing clause
    aside = (
        "The shopkeeper, who has a licence for the gun and a card for it, acted in "
        "self-defence when the two men came into his shop with knives late at night last week."
    )
    assert all("acted" in b for b in to_bullets(aside, max_words=30, target=14))


def test_dashed_relative_aside_with_a_fact_becomes_its_own_bullet() -> None:
    sentence = (
        "Abase Hussen – who blamed police for failing to stop his daughter fleeing to join IS "
        "earlier this year – conceded the teenager was ‘maybe’ influenced by the rally organised "
        "by a banned terror group."
    )
    bullets = to_bullets(sentence, max_words=30)
    aside = "Abase Hussen blamed police for failing to stop his daughter fleeing to join IS"
    assert f"{aside} earlier this year." in bullets
    assert any(b.startswith("Abase Hussen conceded the teenager") for b in bullets)


@pytest.mark.parametrize(
    ("sentence", "aside", "main"),
    [
        (
            "The envisioned force, spearheaded by France and Britain, aims to reinforce the "
            "country's security and prevent another widespread attack if a ceasefire holds.",
            "The envisioned force is spearheaded by France and Britain.",
            "The envisioned force aims to reinforce",
        ),
        (
            "The new bridge, designed by a firm in Oslo, opened to traffic after six years of "
            "work and a long legal fight over the cost of its steel cables.",
            "The new bridge was designed by a firm in Oslo.",
            "The new bridge opened to traffic",
        ),
    ],
)
def test_subject_participle_aside_is_a_fact_of_its_own(
    sentence: str, aside: str, main: str
) -> None:
    bullets = to_bullets(sentence, max_words=30, target=14)
    assert bullets[0] == aside
    assert bullets[1].startswith(main)


def test_subject_who_clause_too_long_to_keep_becomes_its_own_bullet() -> None:
    sentence = (
        "A retired nurse who spent four decades caring for premature babies at two hospitals in "
        "the north of the city without a single day off sick has been awarded an honorary "
        "degree by the university."
    )
    assert to_bullets(sentence, max_words=30) == [
        "A retired nurse has been awarded an honorary degree by the university.",
        "The retired nurse spent four decades caring for premature babies at two hospitals in "
        "the north of the city without a single day off sick.",
    ]
    # an auxiliary inside a clause the who-clause holds is not the main verb
    embedded = (
        "A passenger who told the crew that she had seen smoke in the rear toilet near the "
        "galley during the long night flight from Dubai was thanked by the airline afterwards."
    )
    assert not any(b.startswith("A passenger had") for b in to_bullets(embedded, max_words=30))


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        # the clause after "decides" is what it decides: no split there
        (
            "The new rule sets out a procedure that decides when a referee can stop the match, "
            "but it leaves the final call to the home club's doctor.",
            "decides when a referee can stop the match",
        ),
        # "as" gives the name: "named only." is no bullet
        (
            "A second witness, identified only as Karim, told the inquiry how the crowd had "
            "pushed towards the gates before the police arrived.",
            "identified only as Karim, told the inquiry",
        ),
        # the comparison needs the contrast it is drawn against
        (
            "While summers in the south have grown drier over the decade, the northern valleys "
            "are now far wetter and see floods almost every spring.",
            "While summers in the south have grown drier",
        ),
        # a scare quote keeps whose word it is
        (
            "The fee buys what the clinic's owner calls a 'refresh', as Dr Marsh describes it, "
            "of the client's skin.",
            "as Dr Marsh describes it",
        ),
    ],
)
def test_cuts_keep_what_the_kept_words_need(sentence: str, kept: str) -> None:
    for target in (None, 14):
        bullets = to_bullets(sentence, max_words=30, target=target)
        assert any(kept in b for b in bullets), (target, bullets)


def test_participle_aside_of_unclear_tense_stays() -> None:
    sentence = (
        "The rebels, backed by foreign money, could seize the capital within a week unless the "
        "army moves its tanks back from the border before the rains."
    )
    assert not any(
        " is backed" in b or " was backed" in b
        for b in to_bullets(sentence, max_words=30, target=14)
    )


def test_no_split_leaves_a_fragment_or_a_clause_without_its_subject() -> None:
    job = (
        "The brother of the former footballer has lost his job as a HGV driver after being "
        "banned from the roads for driving without insurance."
    )
    assert all(
        is_clause(b) and not b.startswith(("A HGV", "Being"))
        for b in to_bullets(job, max_words=30, target=14)
    )
    hurt = (
        "Guzan was said to be hurting after missing out on the semi-final victory over "
        "Liverpool, but understood Tim Sherwood's decision to keep faith in the competition with "
        "the Republic of Ireland goalkeeper."
    )
    bullets = to_bullets(hurt, max_words=30, target=14)
    assert not any(b.startswith("Understood") for b in bullets)
    assert any(b.startswith("Guzan understood Tim Sherwood's decision") for b in bullets)


def test_what_an_indictment_says_keeps_its_source() -> None:
    sentence = (
        "The assaults took place between September 1 and March 22, according to the indictment."
    )
    assert compress(sentence) == sentence
    assert compress("The bridge opened in 1932, according to the council.") == (
        "The bridge opened in 1932."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "CNN legal analyst Sunny Hostin looks at the laws for law enforcement.",
        "Here, Sportsmail recounts 10 of his finest moments from his broadcasting career.",
        "Bayern Munich manager Pep Guardiola celebrates in front of the away bench as his side "
        "went 2-0 up.",
    ],
)
def test_teasers_and_captions_are_not_story_sentences(sentence: str) -> None:
    assert is_caption_sentence(sentence)


def test_others_and_an_unnamed_him_lean_on_what_came_before() -> None:
    assert leans_on_context("Others criticised the emergency services for not getting there.")
    story = (
        "Title\n\nBayer Leverkusen defender Emir Spahic could face a lengthy ban after video "
        "footage emerged appearing to show him fighting and aiming a headbutt at stewards after "
        "a defeat by Bayern Munich on Wednesday night."
    )
    assert not any(f.startswith("Video footage emerged") for f in extract_facts(story))


def test_a_clause_measuring_time_is_not_split_off() -> None:
    sentence = (
        "The study comes just a day after it was revealed a Ukip election candidate will be "
        "grilled by the police over claims he tried to influence voters with sausage rolls."
    )
    assert "The study comes just a day." not in to_bullets(sentence, max_words=30, target=14)


def test_a_second_predicate_gets_the_subject_it_shares() -> None:
    sentence = (
        "The Lib Dems said that the changes to income tax had been part of their manifesto and "
        "said Labour would cost 24million taxpayers £340 a year."
    )
    bullets = to_bullets(sentence, max_words=30, target=14)
    assert not any(b.startswith("Said") for b in bullets)
    assert any("£340" in b for b in bullets)


def test_caps_heading_and_relative_only_pieces_are_no_bullets() -> None:
    assert compress("BALL OF THE CENTURY Benaud was on hand to talk viewers through it.") == (
        "Benaud was on hand to talk viewers through it."
    )
    # a one-letter word inside the heading, and an adverb after it
    assert compress("SYMONDS STOPS A STREAKER Thankfully, Benaud was on hand.") == (
        "Benaud was on hand."
    )
    for kept in (
        "A BBC report said the plan had failed.",
        "BBC A Question Of Sport is returning.",  # a one-letter word ends no heading
        "WORLD WAR I Veterans gathered at the memorial.",
    ):
        assert compress(kept) == kept
    story = (
        "Title\n\nStewart, who played in a record 133 Tests for England and is currently director "
        "of cricket at Surrey, has not yet been approached by the ECB about the new job."
    )
    assert not any(f.endswith("133 Tests for England.") for f in extract_facts(story))
    assert leans_on_context("Or so says actress Patsy Kensit, who made the comments.")


def test_no_referent_is_named_from_a_subordinate_clause_or_a_mention_in_passing() -> None:
    from summarizers.reference import name_referent

    assert (
        name_referent(
            "She then took him to a local vet.",
            "But when Alfie returned from the clinic she realised something was wrong.",
        )
        is None
    )
    assert (
        name_referent(
            "The driver is not facing charges.",
            "Assistant State's Attorney Barry Quinn says the driver acted in self-defense.",
        )
        is None
    )
    assert (
        name_referent(
            "She then took him to a local vet.", "Lynne Edwards noticed a lump behind his ear."
        )
        == "Lynne Edwards then took him to a local vet."
    )


def test_time_limits_and_open_clauses_are_no_place_to_split() -> None:
    since = (
        "United suffered back-to-back league defeats for the first time since Van Gaal took over "
        "as Everton climbed into the top half of the table on a grim afternoon."
    )
    assert not any(
        b.startswith("Van Gaal took over") for b in to_bullets(since, max_words=30, target=14)
    )
    memo = (
        "The memo states that while Britain and the US are likely to remain key economic "
        "partners, a reassessment of the special relationship may be in order because its "
        "setting has been changing fast."
    )
    assert not any(b.endswith("while Britain.") for b in to_bullets(memo, max_words=30, target=14))


def test_a_claim_from_a_complaint_is_not_tightened_away() -> None:
    sentence = (
        "Omar's older brother, Ahmed Ali Omar, was among those who joined al-Shabab, leaving "
        "Minnesota in December 2007, according to the complaint."
    )
    assert all(
        b.endswith("according to the complaint.")
        for b in to_bullets(sentence, max_words=30, target=14)
    )


def test_definite_description_of_something_not_met_yet_is_recognised() -> None:
    from summarizers.engines.quicklooks import _unintroduced
    from summarizers.ranking import terms

    known = set(terms("Anzac Day falls on a Saturday this year, so no public holiday is added"))
    assert _unintroduced("The agreement was designed to provide uniformity.", known)
    assert not _unintroduced("The holiday was designed to provide uniformity.", known)
    assert not _unintroduced("The Paris gathering will be attended by chiefs.", known)


def test_a_letter_in_a_name_is_no_sentence_start_and_lists_keep_their_head() -> None:
    from summarizers.cleaning import split_run_ins
    from summarizers.compress import drop_leading_clause

    sentence = (
        "David McLachlan said the defendant offered to help Nurse A with her training on "
        "December 23, 2013, Liverpool Crown Court heard."
    )
    assert split_run_ins(sentence) == [sentence]
    listed = (
        "Last week Labour, Ukip and the Green Party added their support as they unveiled their "
        "manifestos."
    )
    assert drop_leading_clause(listed) == listed
    relative = (
        "Crimes committed against ordinary Germans by the Allies and the millions that were left "
        "uprooted by war are also the subject of other tomes."
    )
    assert to_bullets(relative, max_words=30, target=14) == [relative]


def test_inline_photo_credit_before_a_sentence_goes_and_the_sentence_stays() -> None:
    from summarizers.cleaning import strip_inline

    text = (
        "Photo: Lena Voss / Getty Images Wright, who had seven seasons at Arsenal, will hand "
        "over the trophy."
    )
    assert strip_inline(text).strip() == (
        "Wright, who had seven seasons at Arsenal, will hand over the trophy."
    )


def test_a_stored_story_keeps_its_brief_beside_the_full_look() -> None:
    story = summarize_story(FIREWORKS)
    look = story.quicklook
    assert len(look.bullets) >= 5
    assert look.brief == summarize(FIREWORKS, max_bullets=3).bullets
    assert look.shown(3) == look.brief and look.shown(2) == look.brief[:2]
    assert look.shown(5) == look.bullets[:5]
    assert QuickLook.model_validate(look.model_dump(mode="json")).brief == look.brief
    assert look.lede_for(5) == look.lede
    told = look.model_copy(update={"lede": " ".join(look.brief[:2])})
    assert told.lede_for(3) == "" and told.lede_for(5) == told.lede  # said once, in the bullets
    # a lede sentence the brief tells shortened or split is not said again; the rest stays
    look = QuickLook(
        headline="H",
        lede="The council approved the new stadium on Monday after a long debate. "
        "Fans will pay less for tickets next season.",
        bullets=["A.", "B.", "C.", "D.", "E."],
        brief=[
            "The council approved the new stadium after a long debate.",
            "Building starts in May.",
            "The club will move in 2027.",
        ],
    )
    assert look.lede_for(3) == "Fans will pay less for tickets next season."
    split = look.model_copy(
        update={"brief": ["The council approved the new stadium.", "It followed a long debate."]}
    )
    assert split.lede_for(2) == "Fans will pay less for tickets next season."
    old = QuickLook(headline="H", lede="L.", bullets=["A.", "B.", "C.", "D."])
    assert old.shown(3) == ["A.", "B.", "C."]  # stored before briefs were kept


def test_the_chat_lede_is_not_left_out_for_words_scattered_over_the_bullets() -> None:
    look = QuickLook(
        headline="H",
        lede="It was the first time in a decade that the club had won at home.",
        bullets=["A.", "B.", "C.", "D.", "E."],
        brief=[
            "It was the biggest crowd in the history of the club.",
            "Fans had waited a decade for a win that mattered.",
            "The team won 3-1 at home on Saturday.",
        ],
    )
    assert look.lede_for(3) == look.lede
    leaning = look.model_copy(
        update={
            "lede": "John Smith, 45, was jailed for six years on Friday. He had denied fraud.",
            "brief": ["John Smith, 45, was jailed for six years on Friday.", "B.", "C."],
        }
    )
    assert leaning.lede_for(3) == leaning.lede  # "He had denied fraud." alone would dangle
