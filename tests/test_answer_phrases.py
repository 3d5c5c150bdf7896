"""How the question's words are read before searching: two words are one phrase ("put off") only when
the phrase leads somewhere a single word would not; otherwise each word is searched for itself."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import search
from knowledge.query import parse
from knowledge.search import index



def _papers(db, texts):
    papers_with(db, texts, "Cabinet report", 2)


def test_a_verb_and_particle_that_only_lead_to_other_verbs_and_particles_are_two_words(db):
    # "home in" is a phrase in the thesaurus, but its kin ("range in", "zero in") say nothing more than
    # "range": in "away from home in the project" the resident means "home".
    _papers(db, ["The officers range in age from twenty to sixty.",
                 "The young person stayed at home more since the outreach project began."])
    words = [c.word for c in parse(index(db), "Did she stay at home in the outreach project?").concepts]
    assert "home" in words and "home in" not in words
    r = search.search(db, "Did she stay at home in the outreach project?")
    assert "stayed at home" in r.hits[0].text


def test_a_phrase_with_a_one_word_meaning_is_still_one_phrase(db):
    _papers(db, ["The internal audit of payroll was deferred to next year because of the pandemic."])
    words = [c.word for c in parse(index(db), "Which audits were put off because of the pandemic?").concepts]
    assert "put off" in words
