"""When a passage's words are not enough to answer: an answer still to be published, and the compounds a question
names ("car clocking gang") met as one thing in other words ("a gang involved in vehicle clocking")."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import search
from test_answer_units import OTHER

BORCHERDS = ("Question from Mr Jim Borcherds:\nI was a member of the Stevenage Citizens Panel on Climate Change. What "
             "progress has been made towards putting its recommendations into action?\n(A written answer to this "
             "question will be published on a supplementary agenda.)")


def test_the_answer_to_a_question_not_yet_published_is_not_the_question(db):
    papers_with(db, [BORCHERDS] + OTHER)
    r = search.search(db, "What answer did the council give Jim Borcherds about the climate citizens panel?")
    assert r.hits and "Borcherds" in r.hits[0].text and not r.answerable
    assert "published later" in r.why
    # What he asked is in the papers.
    asked = search.search(db, "What did Jim Borcherds ask about the climate citizens panel?")
    assert asked.answerable and "Borcherds" in asked.hits[0].text


def test_a_run_of_three_words_is_not_held_to_one_compound(db):
    papers_with(db, ["Trading Standards worked with the police to dismantle a gang involved in vehicle clocking, "
                     "who had taken over two million miles from vehicle odometers.",
                     "Car parking charges were reviewed.", "The gang of volunteers cleared the brook."] + OTHER)
    r = search.search(db, "How many miles did the car clocking gang take off?")
    assert r.answerable and "two million miles" in r.hits[0].text


def test_a_place_the_question_names_must_be_in_the_passage(db):
    papers_with(db, ["To address the shortfall, the council planned to raise council tax by 2.99% this year and an "
                     "additional 2% for the social care premium.",
                     "Kent and Medway Council leaders met to discuss devolution.",
                     "Hertfordshire Constabulary data shows a 54% increase in dog thefts in the county."] + OTHER)
    assert not search.search(db, "How much is Medway Council putting its council tax up by this year?").answerable
    assert search.search(db, "How much is the council putting council tax up by this year?").answerable
    # A name begun in the passage is there: "Herts" for Hertfordshire.
    herts = search.search(db, "How much have dog thefts gone up in Herts?")
    assert herts.answerable and "54%" in herts.hits[0].text
