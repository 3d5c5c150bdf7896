"""Residents' everyday words against the papers' official ones, and questions the papers cannot answer
however many words they share: how to use a service, what time something opens."""
from __future__ import annotations

from importlib import resources

from answer_helpers import papers_with, services
from handlers import answer as ans
from knowledge import search
from knowledge.thesaurus import thesaurus


def test_the_council_words_table_is_well_formed():
    text = resources.files("knowledge").joinpath("data/council_terms.tsv").read_text("utf-8")
    seen = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, tab, others = line.partition("\t")
        assert tab and others.strip(), line
        assert len(word.split()) <= 2, f"the search joins at most two words into a phrase: {line}"
        assert word not in seen, f"{word} twice"
        seen.add(word)


def test_a_tip_and_a_sofa_find_the_recycling_centre_and_soft_furnishings(db):
    papers_with(db, ["Tovil household waste recycling centre is unable to accept soft furnishings "
                     "because they contain persistent organic pollutants.",
                     "The recycling team collected more garden waste than last year."])
    r = search.search(db, "why can't the Tovil tip take old sofas")
    assert r.answerable and "soft furnishings" in r.hits[0].text


def test_a_verb_and_its_particle_apart_still_mean_the_phrase(db):
    papers_with(db, ["The council plans to raise council tax by 2.99% next year.",
                     "Council tax support for care leavers continues."])
    r = search.search(db, "How much is Kent putting council tax up by?")
    assert r.answerable and "2.99%" in r.hits[0].text
    assert any(c.word == "putting up" for c in r.concepts)


def test_how_do_i_questions_need_a_passage_that_tells_residents_what_to_do(db):
    papers_with(db, ["Applications for blue badges rose by 12% and the team cleared its backlog of blue badge renewals."])
    a = ans.answer(services(db), "How do I apply for a blue badge?")
    assert not a.answered
    papers_with(db, ["Residents can apply for a blue badge online at www.example.gov.uk/bluebadge."], "Guide")
    assert search.search(db, "How do I apply for a blue badge?").answerable


def test_what_time_wants_a_time_of_day_not_a_date(db):
    papers_with(db, ["The Margate household waste recycling centre was closed on 24 January because of high winds."])
    assert not ans.answer(services(db), "What time does the Margate tip open?").answered
    papers_with(db, ["The Margate household waste recycling centre opens at 9am every day."], "Guide")
    assert search.search(db, "What time does the Margate tip open?").answerable


def test_a_synonym_alone_is_not_the_residents_own_word_but_a_council_word_is():
    th = thesaurus()
    assert th.related("tip")["household waste recycling centre"] > max(
        s for w, s in th.related("tip").items() if w in ("gratuity", "baksheesh"))
