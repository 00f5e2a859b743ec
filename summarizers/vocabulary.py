"""Word lists more than one module of the summarizer reads: one spelling of each."""

from __future__ import annotations

from summarizers.tokenizer import word_set

# Words for a person's office or trade ("striker", "investigator", "spokesperson"): a name right
# after one is a person's, and a pronoun's referent may be named from it. Only words no company,
# team or country is called.
PERSON_ROLES = word_set(
    "actress actor singer star model boss manager coach defender striker midfielder goalkeeper "
    "winger captain player chairman minister president officer spokesman spokeswoman spokesperson "
    "father mother husband wife son daughter teacher doctor judge senator leader chief golfer "
    "footballer boxer jockey trainer driver rider author writer director presenter "
    "businessman businesswoman billionaire designer chef artist musician rapper comedian"
)
# More words for what someone is ("City man Yaya Toure", "£40m signing Eliaquim Mangala"): enough
# to show a full name is a person's, too loose to name a pronoun's referent by ("Its rival
# Samsung", "World Cup host Brazil").
ROLE_WORDS = PERSON_ROLES | word_set(
    "brother sister nurse student lawyer attorney prosecutor victim suspect resident founder "
    "executive host reporter journalist girlfriend boyfriend partner friend neighbour neighbor "
    "publicist client customer witness survivor mum dad grandmother grandfather flanker prop "
    "hooker fly-half scrum-half full-back centre lock batsman bowler spinner keeper forward "
    "playmaker skipper veteran legend rival teammate team-mate colleague pilot soldier sergeant "
    "investigator detective signing pundit champion winner designer photographer campaigner "
    "activist politician candidate agent guard worker owner landlord headteacher headmaster "
    "scientist researcher expert analyst editor producer man woman"
)
# Offices, bodies and parties a story has one of, which a reader places without an
# introduction: "The mayor said ...", "The judge told ...", "The victim has been named as ..."
# (not "the company", "the club": which one is told before).
OFFICES = word_set(
    "mayor president governor premier chancellor pope coroner judge jury court prosecution "
    "police government council ministry military army navy authorities parliament congress "
    "senate victim suspect defendant accused"
)
