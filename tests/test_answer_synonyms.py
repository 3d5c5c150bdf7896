"""Residents' own words: the WordNet-derived thesaurus finds the papers' words for them, weighted below
the resident's own word, and only where the papers use them."""
from __future__ import annotations

import gzip
from importlib import resources

from answer_helpers import papers_with
from knowledge import search
from knowledge.thesaurus import thesaurus



def _papers(db, texts):
    papers_with(db, texts, "Audit report", 3)


def test_the_table_ships_with_the_package_with_its_licence():
    data = resources.files("knowledge").joinpath("data")
    lines = gzip.decompress(data.joinpath("synonyms.tsv.gz").read_bytes()).decode().splitlines()
    assert len(lines) > 50_000
    assert "Princeton University" in data.joinpath("WORDNET-LICENSE").read_text()


def test_related_words_come_from_the_words_main_senses():
    th = thesaurus()
    assert {"postpone", "defer"} <= set(th.related("put off", 0.3))
    assert "complete" in th.related("finished", 0.3)
    assert "employee" in th.related("workers", 0.3)          # a frequent narrower word
    assert "table" not in th.related("postpone", 0.3)          # a rare sense of "table" is left out
    assert th.lemmas("children") == ["child"] and "children" in th.related("child")


def test_a_synonym_of_the_papers_answers_a_question_in_other_words(db):
    _papers(db, ["The housing allocations audit was deferred to next year because of the pandemic.",
                 "The parking audit found the car parks well managed."])
    r = search.search(db, "Which audits were put off because of the pandemic?")
    assert r.answerable and "deferred" in r.hits[0].text


def test_the_residents_own_word_ranks_above_a_synonym(db):
    _papers(db, ["The leisure centre review was postponed until the spring.",
                 "The leisure centre review was put off until the spring."])
    r = search.search(db, "Was the leisure centre review put off?")
    assert r.answerable and "put off" in r.hits[0].text and "postponed" in r.hits[1].text


def test_synonyms_the_papers_never_use_cost_nothing(db):
    _papers(db, ["The housing allocations audit was deferred to next year."])
    c = next(c for c in search.parse(search.index(db), "Were the audits put off?").concepts if c.word == "put off")
    assert c.terms == ["put off", "defer"] and c.weights[1] < 1.0   # "postpone", "shelve" ... are not in the papers


def test_a_synonym_does_not_make_an_unrelated_question_answerable(db):
    _papers(db, ["The housing allocations audit was deferred to next year."])
    assert not search.search(db, "Can I defer my council tax payment?").answerable


def test_a_common_english_word_weighs_less_than_the_topic_words(db):
    # "new" is the rarest word of the question in these papers, but the question is about priorities.
    _papers(db, ["The recycling priorities for 2021-2024 are: less waste and more reuse.",
                 "The new recycling bins arrive in May."]
            + [f"Recycling rates rose by {n} per cent." for n in range(6)]
            + [f"Housing priorities were set for ward {n}." for n in range(6)])
    r = search.search(db, "What are the new recycling priorities?")
    assert "2021-2024" in r.hits[0].text
