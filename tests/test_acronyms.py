"""Acronyms a paper uses without defining them ("ASCH", "O&S"), and a question that spells out part of one."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import search
from knowledge.acronyms import undefined
from test_answer_units import OTHER

REPORT = ["Transfer the 18-25 section of the Strengthening Independence Service from the Children Young People and "
          "Education Directorate to the Adult Social Care and Health Directorate.",
          "The budget will transfer from the CYPE Directorate to the ASCH Directorate, approximately £59m.",
          "The move of the 18-25 team to ASCH allows for further work with the Adult Social Care and Health teams.",
          "Children Young People and Education (CYPE) staff will work with ASCH on transitions.",
          "THE REPORT: That the Head of Estates brings it to Members. That the Head of Estates reports back."]


def test_an_acronym_used_but_never_defined_is_spelt_out_by_the_papers_phrase_with_its_initials():
    found = dict(undefined(REPORT, known={"CYPE"}))
    assert found == {"ASCH": "Adult Social Care and Health"}   # CYPE is defined; THE is a word in capitals


def test_the_phrase_must_be_near_where_the_acronym_is_used():
    far = ["The CCG commissions services."] * 2 + ["Nothing here."] * 30 + \
          ["The Code of Corporate Governance was agreed. The Code of Corporate Governance is annual."]
    assert undefined(far, set()) == []
    near = ["East and North Herts Clinical Commissioning Group and the CCG board; the Clinical Commissioning "
            "Group met."] + far
    assert dict(undefined(near, set())) == {"CCG": "Clinical Commissioning Group"}


def test_three_words_of_what_an_acronym_stands_for_find_the_acronym(db):
    papers_with(db, REPORT + OTHER)
    r = search.search(db, "How much money is moving over to adult social care?")
    care = next(c for c in r.concepts if c.word == "adult social care")
    assert "asch" in care.terms and care.weight(care.terms.index("asch")) < 1.0
    assert r.hits and "£59m" in r.hits[0].text
