"""A person's first mention in a Quick Looks gives the full name the article uses."""

from __future__ import annotations

from summarizers import summarize
from summarizers.names import full_names, introduce, introduce_all

STORY = [
    "Manchester City midfielder Yaya Toure, 31, was left on the bench on Monday.",
    "Manager Manuel Pellegrini said the team had struggled.",
    "Toure joined from Barcelona in July 2010 and is contracted to City until 2017.",
    "Pellegrini said he would speak to Toure this week.",
]


def test_a_surname_maps_to_the_one_person_the_article_names_in_full() -> None:
    names = full_names(STORY)
    assert names["Toure"] == "Yaya Toure"
    assert names["Pellegrini"] == "Manuel Pellegrini"


def test_the_first_short_mention_gets_the_full_name_and_later_ones_stay_short() -> None:
    names = full_names(STORY)
    bullets = introduce_all(
        ["Toure joined from Barcelona in 2010.", "Toure is contracted until 2017."],
        "City lose at home",
        names,
        max_words=30,
    )
    assert bullets == [
        "Yaya Toure joined from Barcelona in 2010.",
        "Toure is contracted until 2017.",
    ]


def test_a_name_the_reader_met_in_full_is_left_alone() -> None:
    names = full_names(STORY)
    assert introduce(
        "Toure's contract runs to 2017.", "Yaya Toure left out", names, max_words=30
    ) == ("Toure's contract runs to 2017.")
    assert introduce("Toure's contract runs to 2017.", "", names, max_words=30) == (
        "Yaya Toure's contract runs to 2017."
    )


def test_a_surname_two_people_share_is_never_expanded() -> None:
    names = full_names(
        [
            "Cheryl Smith, 54, was found dead at her home.",
            "Her daughter Jamie Smith, 14, was charged.",
            "Smith was held in custody.",
        ]
    )
    assert "Smith" not in names
    assert names["Cheryl"] == "Cheryl Smith"


def test_a_name_with_no_sign_of_a_person_or_shared_with_a_place_is_not_a_person() -> None:
    names = full_names(
        [
            "The club played Real Madrid at home.",
            "Fans in Madrid cheered.",
            "Crystal Palace won the match.",
        ]
    )
    assert "Madrid" not in names and "Palace" not in names


def test_titles_quotations_and_longer_names_are_handled() -> None:
    names = full_names(
        [
            "Resident Josh Hatfield, 27, pays for the treatment.",
            "Police officer Jim Daniels was hurt.",
            "Marie Ratcliffe said nothing.",
        ]
    )
    assert introduce("Mr. Hatfield pays $360 a month.", "", names, max_words=30) == (
        "Josh Hatfield pays $360 a month."
    )
    assert introduce("Sgt Daniels was shot in the leg.", "", names, max_words=30) == (
        "Sgt Jim Daniels was shot in the leg."
    )
    quoted = "'Hatfield is a regular,' the clinic said."
    assert introduce(quoted, "", names, max_words=30) == quoted
    longer = "Marie Teresa Ratcliffe declined to send a lawyer."
    assert introduce(longer, "", names, max_words=30) == longer
    assert introduce("Hatfield pays.", "", names, max_words=2) == "Hatfield pays."


def test_summarize_introduces_a_person_shown_first_by_surname() -> None:
    text = (
        "A record number of runners took part in the city marathon on Sunday, organisers said. "
        "The winner, Kenyan athlete Daniel Kipchoge, 28, finished in two hours and six minutes. "
        "Heavy rain fell for most of the morning and the roads were closed until noon. "
        "Kipchoge said the crowd had carried him through the last mile of the course. "
        "More than 40,000 people lined the route from the park to the river. "
        "Kipchoge will now race in Berlin in September, his coach said after the finish."
    )
    look = summarize(text)
    shown = [look.headline, look.lede, *look.bullets]
    first = next(part for part in shown if "Kipchoge" in part)
    assert "Daniel Kipchoge" in first


def test_a_short_name_with_a_title_shows_the_full_name_is_a_persons() -> None:
    names = full_names(
        ["Gordon Brown has warned voters against the plan.", "Mr Brown urged people to vote."]
    )
    assert names["Brown"] == "Gordon Brown"


def test_a_short_name_carrying_a_rank_the_full_name_never_has_is_left_alone() -> None:
    names = full_names(
        [
            "Lord Janner, 86, will not face trial.",
            "His son Daniel Janner, a barrister, said the family was relieved.",
            "Janner signed a letter last week.",
        ]
    )
    assert "Janner" not in names


def test_a_word_that_opens_a_sentence_is_no_first_name() -> None:
    names = full_names(
        [
            "Laughing Eugenie, wearing birthday glasses, thanked the crowd.",
            "Both Al-Douri and Saddam came from the same tribe, his son said.",
            "Princess Eugenie, 25, said she was very proud.",
        ]
    )
    assert names.get("Eugenie") != "Laughing Eugenie"
    assert "Both Al-Douri" not in names.values()


def test_a_name_is_learnt_from_behind_a_title_and_never_holds_one_inside() -> None:
    names = full_names(
        [
            "Officer Kathryn McCormick said the car was stolen.",
            "Although Ms Lane declined to comment, Jane Lane, 50, agreed.",
        ]
    )
    assert names["McCormick"] == "Kathryn McCormick"
    assert names["Lane"] == "Jane Lane"


def test_a_rank_before_a_first_name_glued_to_a_caption_makes_no_full_name() -> None:
    names = full_names(["He sang to his daughter Princess Eugenie Sarah added: 'Well done.'"])
    assert "Eugenie" not in names


def test_a_rare_glued_name_does_not_hide_the_person_the_article_names_often() -> None:
    texts = [
        "Former prime minister Gordon Brown has warned voters.",
        "Gordon Brown said the vote was close.",
        "Critics said Gordon Brown was wrong.",
        "Unfortunately for Labour Brown's speech came too late.",
        "Brown urged people to vote.",
    ]
    assert full_names(texts)["Brown"] == "Gordon Brown"


def test_a_speech_verb_after_the_name_shows_a_person() -> None:
    assert full_names(["Tim Sherwood has urged the players to fight."])["Sherwood"] == (
        "Tim Sherwood"
    )


def test_first_names_ending_like_a_participle_or_an_adverb_are_first_names() -> None:
    names = full_names(
        [
            "Emily Smith, 30, said the shop was shut.",
            "Fred Jones, 41, said he agreed.",
            "Billy Ray said no.",
        ]
    )
    assert (names["Smith"], names["Jones"], names["Ray"]) == (
        "Emily Smith",
        "Fred Jones",
        "Billy Ray",
    )


def test_a_role_word_or_a_first_name_shows_a_full_name_is_a_persons() -> None:
    texts = [
        "The inquiry was led by investigator Chris Higgins from the city's police force.",
        "The club paid £40m for the signing Eliaquim Mangala from Porto last summer.",
        "Higgins watched the plan being carried out. Mangala joined from Porto.",
    ]
    names = full_names(texts)
    assert names["Higgins"] == "Chris Higgins"
    assert names["Mangala"] == "Eliaquim Mangala"


def test_a_first_name_in_a_list_of_first_names_is_not_expanded() -> None:
    names = {"Nigel": "Nigel Farage"}
    text = "The least likely to vote Labour were Nigel, Nick and Jonathan."
    assert introduce(text, "", names, max_words=30) == text
    assert introduce("Nigel spoke first.", "", names, max_words=30) == "Nigel Farage spoke first."


def test_a_day_word_is_no_part_of_a_name() -> None:
    texts = ["'Amy' was in fact a vigilante named John Yesterday police said he was arrested."]
    names = full_names(texts)
    assert "Yesterday" not in names and "John Yesterday" not in names.values()


def test_an_opening_ed_or_ly_word_is_no_first_name_but_fred_and_emily_are() -> None:
    names = full_names(["Disgraced Rolf Harris, 84, denied the charges.", "Harris said nothing."])
    assert names["Harris"] == "Rolf Harris"
    assert (
        full_names(["Emily Smith, 30, said she was hurt.", "Smith was taken to hospital."])["Smith"]
        == "Emily Smith"
    )


def test_a_name_both_sexes_bear_decides_no_pronoun() -> None:
    from summarizers.reference import first_name_sex

    assert first_name_sex("Ashley Young") == "" and first_name_sex("Andrea Pirlo") == ""
    assert first_name_sex("Jason Cotterill") == "m" and first_name_sex("Alison Saunders") == "f"


def test_a_capitalised_pair_before_a_role_noun_is_no_ones_name() -> None:
    story = [
        "Boris Johnson was lined up to replace David Cameron as Tory leader Multimillionaire "
        "Tory donor Peter Hall gave money to the party.",
        "Senior Tory figures are planning for the next election.",
    ]
    assert "Multimillionaire Tory" not in full_names(story).values()
    assert full_names(story)["Hall"] == "Peter Hall"


ROLE_STORY = (
    "Transfield Services spokesman David Jamieson confirmed the guards were suspended.",
    "Angela Moore, a publicist for Claudette King, spoke to reporters on Tuesday.",
    "Alfie was taken to the vet by his owner Lynne Edwards on Monday.",
    "Wales prop Gethin Jenkins is a doubt for the match.",
)


def test_a_persons_first_mention_gets_the_role_the_article_gives() -> None:
    from summarizers.names import person_roles, with_role

    roles = person_roles(ROLE_STORY)
    assert with_role("David Jamieson said the men were stood down.", "", roles, max_words=30) == (
        "Transfield Services spokesman David Jamieson said the men were stood down."
    )
    assert with_role("Angela Moore said he was back home.", "", roles, max_words=30) == (
        "Angela Moore, a publicist for Claudette King, said he was back home."
    )


def test_a_role_after_a_name_no_list_knows_shows_a_person() -> None:
    from summarizers.names import person_roles, with_role

    story = (
        "Oyelaran Adebisi, a fire officer from the Ikeja District Emergency Service, said the "
        "blaze started in a kitchen.",
        "The Ikeja Market Traders Association met on Friday.",
    )
    roles = person_roles(story)
    assert "Ikeja Market" not in roles
    assert with_role("Oyelaran Adebisi said the road was shut.", "", roles, max_words=30) == (
        "Oyelaran Adebisi, a fire officer from the Ikeja District Emergency Service, said the road "
        "was shut."
    )


def test_no_role_is_added_twice_for_a_relation_or_where_one_stands() -> None:
    from summarizers.names import person_roles, with_role

    roles = person_roles(ROLE_STORY)
    assert "Lynne Edwards" not in roles  # "his owner": a relation, no title
    told = "Cardiff Blues prop Gethin Jenkins is a doubt with a calf strain."
    assert with_role(told, "", roles, max_words=30) == told
    seen = "Transfield Services spokesman David Jamieson spoke first."
    bullet = "David Jamieson said the men were stood down."
    assert with_role(bullet, seen, roles, max_words=30) == bullet
    assert with_role(bullet, "", roles, max_words=8) == bullet  # over the limit: as it was


def test_a_rank_shows_a_person_and_a_possessive_in_s_is_a_mention() -> None:
    story = [
        "The girl's boyfriend, Army Spc. Caleb Barnes, was charged on Thursday.",
        "Barnes' awards include the Good Conduct Medal.",
    ]
    names = full_names(story)
    assert names["Barnes"] == "Caleb Barnes"
    assert introduce("Barnes' awards include a medal.", "", names, max_words=30) == (
        "Caleb Barnes' awards include a medal."
    )


def test_a_place_glued_before_a_surname_is_no_first_name() -> None:
    story = [
        "Many Clouds won the Grand National at Aintree on Saturday.",
        "His jockey Liam Treadwell said he was delighted.",
        "Many Clouds jump a fence at Aintree Treadwell's contented look said as much.",
    ]
    assert full_names(story)["Treadwell"] == "Liam Treadwell"


def test_a_first_name_after_in_is_no_place_and_a_relation_is_no_role() -> None:
    from summarizers.names import person_roles, with_role

    story = [
        "Emma Smith, 34, said she heard shouting.",
        "Neighbours heard shouting in Emma's flat.",
    ]
    assert full_names(story)["Smith"] == "Emma Smith"
    roles = person_roles(
        (
            "Kent's father Michael Kent was charged on Friday.",
            "Transfield Services spokesman David Jamieson confirmed it.",
            "Angela Moore, a publicist for Claudette King, spoke to reporters.",
        )
    )
    assert "Michael Kent" not in roles
    quoted = 'David Jamieson said: "Ask Angela Moore."'
    assert with_role(quoted, "", roles, max_words=30) == (
        'Transfield Services spokesman David Jamieson said: "Ask Angela Moore."'
    )


def test_a_short_name_whose_own_clause_says_his_or_her_is_a_persons() -> None:
    names = full_names(
        [
            "Real Madrid rely on the goals of Cristiano Ronaldo in the Champions League.",
            "Ronaldo was in the mood to show off his skills in training.",
        ]
    )
    assert names["Ronaldo"] == "Cristiano Ronaldo"
    # a team's own clause says "their"; and "They" is no short name
    teams = full_names(
        [
            "The final will be played at Crystal Palace in May.",
            "Palace were in the mood to show off their skills.",
            "They asked to image his phone.",
        ]
    )
    assert "Palace" not in teams and "They" not in teams


def test_a_first_name_before_a_surname_with_a_particle_maps_to_the_full_name() -> None:
    names = full_names(
        [
            "The chef was said to be close to fellow chef Giada De Laurentiis, 44, last year.",
            "Giada said that any suggestion of a romance was false.",
        ]
    )
    assert names["Giada"] == "Giada De Laurentiis"
    assert names["Laurentiis"] == "Giada De Laurentiis"


def test_a_common_noun_opening_a_sentence_is_no_short_name() -> None:
    names = full_names(
        ["He grew up in Little Rock, Arkansas.", "Rock music was his passion, his friends said."]
    )
    assert "Rock" not in names


def test_a_short_name_with_a_who_clause_of_its_own_is_a_person() -> None:
    story = [
        "The group is co-chaired by pioneering tennis great Billie Jean King.",
        "King, who was outed as a lesbian in 1981, led the group in 2008.",
    ]
    assert full_names(story)["King"] == "Billie Jean King"
    # a team is "who are": no person's name for it
    teams = ["Fans of Stamford Chelsea cheered.", "Chelsea, who are top, won again on Sunday."]
    assert "Chelsea" not in full_names(teams)


def test_a_role_or_nationality_before_a_first_name_is_no_part_of_the_name() -> None:
    story = (
        "Scientologist John Travolta said he had not seen the film.",
        "Travolta told the Tampa Bay Times he did not care.",
    )
    assert full_names(story)["Travolta"] == "John Travolta"
    # a first name the lists do not know is no nationality ("Adrian", "Julian", "Hunter")
    court = ("Adrian Peter Smith, 42, of Leeds, was jailed for six years.", "Smith said nothing.")
    assert full_names(court)["Smith"] == "Adrian Peter Smith"


def test_first_names_from_beyond_the_english_speaking_world_show_a_person() -> None:
    story = [
        "Bayern's Sebastian Rode scored in the second half.",
        "Rode then made the most of a second chance.",
    ]
    assert full_names(story)["Rode"] == "Sebastian Rode"


def test_a_role_keeps_the_words_that_qualify_it() -> None:
    from summarizers.names import person_roles

    story = (
        "Disgraced former RBS boss Fred Goodwin was among those courted by ministers.",
        "Mr Goodwin was knighted for services to banking in 2004.",
    )
    assert person_roles(story)["Fred Goodwin"] == ("disgraced former RBS boss", True)
    assert person_roles(("Arsenal defender Per Mertesacker said the move was right.",)) == {
        "Per Mertesacker": ("Arsenal defender", True)
    }


def test_roles_after_a_hyphen_a_relation_or_then_are_read_right() -> None:
    from summarizers.names import person_roles

    assert (
        full_names(
            (
                "City signed ex-team-mate Ilkay Gundogan on a free transfer.",
                "Gundogan scored twice.",
            )
        )["Gundogan"]
        == "Ilkay Gundogan"
    )
    assert person_roles(("Disgraced ex-RBS boss Fred Goodwin was courted by ministers.",)) == {
        "Fred Goodwin": ("disgraced ex-RBS boss", True)
    }
    # "and then Arsenal manager ...": the adverb is no qualifier; "Her late husband": a relation
    assert person_roles(
        ("The fans left quietly and then Arsenal manager Arsene Wenger spoke to reporters.",)
    ) == {"Arsene Wenger": ("Arsenal manager", True)}
    assert person_roles(("Her late husband John Smith was 64 when he died.",)) == {}
