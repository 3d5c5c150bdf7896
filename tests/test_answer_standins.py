"""The resident's own words against stand-ins for them: a derived form ("parks" for "parking") or a
synonym ("allow" for "permit") counts for less, and cannot carry an answer on its own."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import search



def _papers(db, texts):
    papers_with(db, texts, "Cabinet report", 2)


def test_stand_ins_for_the_main_words_do_not_answer(db):
    _papers(db, ["New smoke-free spaces will launch in parks and high streets, to allow children to play safely.",
                 "The permit scheme for market traders was renewed."])
    r = search.search(db, "How do I get a parking permit for my street?")
    assert not r.answerable


def test_the_residents_own_words_do_answer(db):
    _papers(db, ["New smoke-free spaces will launch in parks and high streets, to allow children to play safely.",
                 "Residents can apply online for a parking permit for their street."])
    r = search.search(db, "How do I get a parking permit for my street?")
    assert r.answerable and "parking permit" in r.hits[0].text


def test_the_word_itself_outranks_a_derived_form(db):
    _papers(db, ["The review of the parking charges finished in March.",
                 "The review of the park charges finished in March."])
    r = search.search(db, "Has the review of park charges finished?")
    assert "park charges" in r.hits[0].text and "parking" in r.hits[1].text


def test_a_cue_word_set_aside_still_counts_when_one_word_is_left(db):
    # "vote" is a cue (a decision is wanted), so only "post" is left: posts that are jobs do not answer.
    _papers(db, ["Employees whose posts are politically restricted must comply. The post holder registers interests."])
    assert not search.search(db, "How do I vote by post?").answerable


def test_a_passage_using_the_cue_word_answers(db):
    _papers(db, ["Residents can vote by post: the post office returns the forms to the electoral team."])
    r = search.search(db, "How do I vote by post?")
    assert r.answerable and "vote by post" in r.hits[0].text


def test_a_word_inside_a_modified_compound_counts_less_than_the_bare_word(db):
    # "chair" in "Vice-Chair" is a different role; the passage naming the chair itself comes first.
    _papers(db, ["Councillor Gardner was appointed Vice-Chair of the licensing committee.",
                 "At its first meeting of the new municipal year, Councillor Callaghan was appointed Chair of the "
                 "licensing committee for the year."])
    r = search.search(db, "Who chairs the licensing committee?")
    assert "Callaghan" in r.hits[0].text


def test_both_words_of_the_compound_asked_about_count_fully(db):
    _papers(db, ["Councillor Gardner was appointed Vice-Chair of the licensing committee for the year.",
                 "Councillor Callaghan was appointed Chair of the licensing committee for the year."])
    r = search.search(db, "Who is vice-chair of the licensing committee?")
    assert "Gardner" in r.hits[0].text
