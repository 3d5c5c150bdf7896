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


def test_a_person_named_without_a_title_answers_who():
    from knowledge import people
    assert people.PERSON.search("The speaker was criminologist and urban youth specialist Craig Pinkney.")
    assert people.PERSON.findall("Chair: Matt Partridge; Deputy: Catherine Davies") == \
        ["Chair: Matt Partridge", "Catherine Davies"]
    for text in ("In June Council met at Kent County Hall.", "The Stevenage Community Safety Partnership met."):
        assert not people.PERSON.search(text), text


def test_who_wants_someone_other_than_the_question_names_and_a_firm_for_the_auditors():
    from knowledge import people
    q = "Who seconded Roger Gough's devolution motion?"
    assert not people.answers_who(q, "From: Roger Gough, Leader of the Council")
    assert people.answers_who(q, "Mr Gough proposed, and Mr Oakford seconded the motion")
    q = "Who are Stevenage council's external auditors?"
    assert not people.answers_who(q, "That Neil Harris (E&Y) keep Members of the Committee updated")
    assert people.answers_who(q, "Neil Harris from Ernst & Young (E&Y) provided an update")
    assert people.FIRM_Q.match("Which firm is the council's external auditor?")
