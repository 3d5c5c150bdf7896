"""Answering from the papers: typos, acronyms, word forms, honest declines, citations, bad input, ask --json."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from answer_helpers import ROOT, add_document, add_item, add_meeting, sample_db, services
from handlers import answer as ans
from handlers.inputs import MAX_CHARS
from knowledge import search


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    db = sample_db(tmp_path_factory.mktemp("papers") / "papers.db")
    yield db
    db.conn.close()


def ask(db, q):
    return ans.answer(services(db), q)


def test_misspelt_question_is_corrected_against_the_papers(papers):
    a = ask(papers, "wat is the counsil doing about dog thefts")
    assert a.answered
    assert any("dog thefts" in r.text or "microchip" in r.text for r in a.results[:3])
    assert "“counsil” as “council”" in a.reply


def test_swapped_letters_are_one_typo(papers):
    a = ask(papers, "Tell me about hate crmie")
    assert a.answered and "“crmie” as “crime”" in a.reply
    assert "hate crime" in a.results[0].text.lower()


def test_a_letter_doubled_in_the_wrong_place_is_one_typo(papers):
    a = ask(papers, "how many young ppl have been reffered to the SOS project")
    assert a.answered and "“reffered” as “referred”" in a.reply
    assert "referred" in a.results[0].text


def test_a_slip_that_looks_like_a_plural_is_still_corrected(papers):
    # "reservs" shares its stem with "reserves", but no one writes it: it is read as "reserves", not as a form of it.
    a = ask(papers, "what level of reservs does kent county council aim to keep")
    assert a.answered and "“reservs” as “reserves”" in a.reply
    assert "5% of the net revenue budget" in a.results[0].text


def test_a_misspelt_or_two_part_meeting_question_is_answered_from_the_calendar(papers):
    # The audit committee's minutes answer neither: a typo or "in person or online?" is no topic.
    a = ans.answer(services(papers, "2021-05-28T12:00:00+01:00"), "When's the next Stevenage audit commitee?")
    assert "Tuesday 8 June 2021 at 6pm" in a.reply
    a = ans.answer(services(papers, "2021-03-10T10:00:00+00:00"),
                   "When is the next audit committee and is it in person or online?")
    assert "Wednesday 24 March 2021" in a.reply and "Zoom" in a.reply


def test_acronym_is_expanded_from_the_papers_own_definition(papers):
    a = ask(papers, "What does SADA stand for?")
    assert a.answered
    assert a.reply.startswith("SADA stands for Stevenage")
    assert "Stevenage Against Domestic Abuse" in a.results[0].text


def test_spelt_out_name_also_finds_the_acronym(papers):
    r = search.search(papers, "How many referrals did Stevenage Against Domestic Abuse receive during covid?")
    assert r.answerable and "551 referrals" in r.hits[0].text


def test_other_word_forms_match_by_stem(papers):
    a = ask(papers, "microchipping cats")
    assert a.answered and "microchipped" in a.results[0].text


@pytest.mark.parametrize("q", ["When is my green bin collected?", "When is my bin collected?", "When are bins collected?",
                               "Who won the FA Cup?", "asdfghjkl",
                               "How do I renew my passport?", "What is 2+2?"])
def test_out_of_scope_question_is_declined_with_contact_details(papers, q):
    a = ask(papers, q)
    assert not a.answered
    assert "couldn't find" in a.reply
    assert "committees@stevenage.gov.uk" in a.reply and "01438 242242" in a.reply and "/submit" in a.reply


def test_decline_in_the_chat_offers_to_submit_the_question(papers):
    [r] = ans.reply(services(papers), "Where can I recycle batteries?")
    assert [b.data for row in r.buttons for b in row] == ["cmd:submit"]
    [r] = ans.reply(services(papers), "What does SADA stand for?")
    assert r.buttons == []


def test_restricted_item_is_never_quoted(db):
    doc = add_document(db, "Council agenda pack")
    meeting = add_meeting(db, "Council", "2021-07-21 19:15")
    add_item(db, meeting, doc, "16", "Depot land valuation", restricted=True)
    rows = [{"document_id": doc, "meeting_id": meeting, "document_title": "Council agenda pack",
             "meeting_label": "Council, 21 July 2021", "item_number": n, "item_title": t, "page": 5, "text": x}
            for n, t, x in [("16", "Depot land valuation", "The confidential valuation of the Cavendish depot land "
                                                          "is eleven million pounds from the preferred bidder."),
                            ("9", "Notice of Motions", "The Cavendish depot land should stay in public hands, "
                                                       "the motion says, and be used for new council homes.")]]
    db["passages"].insert_all(rows)
    a = ans.answer(services(db), "What is the valuation of the Cavendish depot land?")
    quoted = a.reply + " ".join(r.text for r in a.results)
    assert "eleven million" not in quoted and "preferred bidder" not in quoted
    # The private item may be named (by its title, marked private), never quoted.
    for r in a.results:
        if r.item == "16":
            assert r.text.startswith("Item 16: Depot land valuation") and "private" in r.text


@pytest.mark.parametrize("text, says", [
    ("", "empty"), ("   \n\t ", "empty"), ("x" * (MAX_CHARS + 1), "too long"),
    ("\x00\x01\x02\x03\x04\x05\x06\x07\x08", "could not read"),
    ("Когда следующее заседание совета?", "only read questions written in English"),
])
def test_bad_input_gets_a_clear_reply(papers, text, says):
    a = ask(papers, text)
    assert not a.answered and says in a.reply


def test_citation_names_meeting_item_and_page():
    hit = search.Hit(1, "t", "Council agenda pack", "Council, 21 July 2021", "9", "NOTICE OF MOTIONS",
                     None, 3, "paragraph", 0.9, 1.0)
    assert ans.citation(hit) == "Council, 21 July 2021, item 9 Notice of Motions, page 3"
    bare = search.Hit(1, "t", "Reserves Policy", None, None, None, None, 2, "paragraph", 0.9, 1.0)
    assert ans.citation(bare) == "Reserves Policy, page 2"


def test_long_passage_is_trimmed_to_the_answering_sentences(db):
    doc = add_document(db, "Leisure report")
    filler = " ".join(f"Sentence {w} talks about the weather and the parks in general terms." for w in
                      ["one", "two", "three", "four", "five", "six", "seven", "eight"])
    answer_sentence = "The swimming pool at Fairlands will close for repairs in March 2022."
    db["passages"].insert({"document_id": doc, "document_title": "Leisure report", "page": 4,
                           "text": f"{filler} {answer_sentence} {filler}"})
    a = ans.answer(services(db), "When will the Fairlands swimming pool close?")
    assert a.answered
    quoted = a.results[0].text
    assert answer_sentence in quoted
    assert len(quoted) <= 500 < len(filler) * 2   # a few sentences, not the passage


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          cwd=ROOT, input=stdin, timeout=120)


def test_ask_json_keeps_the_contract(papers, tmp_path):
    path = papers.execute("PRAGMA database_list").fetchone()[2]
    r = run_cli("ask", "--json", "--db", path, "What is the council doing about pet theft?")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"question", "answered", "reply", "results"}
    assert out["answered"] is True and 1 <= len(out["results"]) <= 5
    for res in out["results"]:
        assert set(res) == {"text", "document", "meeting", "item", "item_title", "page", "score"}
    scores = [res["score"] for res in out["results"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_batch_answers_every_line_in_order(papers, tmp_path):
    path = papers.execute("PRAGMA database_list").fetchone()[2]
    qs = ["Tell me about the electric bus link", "asdfghjkl", "What does SADA stand for?",
          "hi there, how's your day going?"]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps({"q": q, "now": "2021-07-14T10:00:00+01:00"}) for q in qs) + "\n")
    r = run_cli("ask", "--json", "--db", path, "--batch", str(batch))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["question"] for x in lines] == qs
    assert [x["answered"] for x in lines] == [True, False, True, False]
    # Small talk gets the same kind reply as on every channel, not a council paper.
    assert "/help" in lines[3]["reply"] and not lines[3]["results"]


@pytest.mark.parametrize("printed, shown", [
    ("REPORT ON URGENT PART II DECISION MADE BY THE EXECUTIVE ON 9 JUNE 2021 - DANESTRETE ROUNDABOUT SITE DISPOSAL",
     "Report on Urgent Part II Decision Made by the Executive on 9 June 2021 - Danestrete Roundabout Site Disposal"),
    ("SIAS INTERNAL AUDIT PLAN 2020/21 - PROGRESS REPORT", "SIAS Internal Audit Plan 2020/21 - Progress Report"),
    ("LEADER OF THE COUNCIL'S UPDATE", "Leader of the Council's Update"),
    ("Minutes of the Audit Committee, 8 June", "Minutes of the Audit Committee, 8 June"),
])
def test_item_titles_in_capitals_are_cited_in_title_case_keeping_dates_and_acronyms(printed, shown):
    hit = search.Hit(1, "t", "Council agenda pack", "Council, 21 July 2021", "16", printed,
                     None, 5, "paragraph", 0.9, 1.0)
    assert ans.citation(hit) == f"Council, 21 July 2021, item 16 {shown}, page 5"


@pytest.mark.parametrize("q", ["Can I rent a house?", "What is happening today?", "Who is the Secretary of State?"])
def test_a_word_met_in_passing_or_inside_a_name_is_no_answer(papers, q):
    # "house" is in the papers only in names (Daneshill House) and as "housing"; "today" once in a
    # letter; the Secretary of State is named as a job, never as a person.
    a = ask(papers, q)
    assert not a.answered, a.reply


@pytest.mark.parametrize("q, quoted", [("Tell me about recycling", "recycling contract"),
                                       ("Tell me about Daneshill House", "Daneshill House"),
                                       ("Who is the independent member of the audit committee?", "Gibbs"),
                                       ("Who chairs the RAG?", "Matt Partridge"),
                                       ("who chairs the JAG?", "Patrick McPeake"),
                                       # "SoSafe" is what the strategy is about, not in every paragraph of it
                                       ("Who chairs the SoSafe responsible authorities group?", "Matt Partridge"),
                                       # "chairs RAG" is a verb and its object, not a compound to find together
                                       ("Who chairs RAG and how often does it meet?", "Matt Partridge")])
def test_a_passage_about_the_word_or_naming_the_person_still_answers(papers, q, quoted):
    a = ask(papers, q)
    assert a.answered and quoted in a.results[0].text, a.reply


def test_a_lone_word_counts_only_as_itself_and_outside_names():
    from knowledge import verdict
    from knowledge.rank import Concept
    from knowledge.vocabulary import STEMMER
    house = Concept("house", [(STEMMER.stem("house"),)], 3.0)
    salient = lambda text, heads=(), capital=False: verdict.salient(house, text, list(heads), STEMMER.stem, capital)
    assert not salient("The meeting is at Daneshill House. Daneshill House is open.")
    assert salient("The meeting is at Daneshill House.", capital=True) is False   # once is still in passing
    assert salient("Daneshill House is the council's house.", capital=True)
    assert not salient("Housing need and housing supply.")
    assert salient("A house in multiple occupation is a house shared by three or more tenants.")
    assert salient("Anything", heads=["Houses in multiple occupation"])


def test_how_many_prefers_a_close_passage_whose_quote_holds_a_number(db):
    doc = add_document(db, "Leisure report")
    filler = " ".join(f"Sentence {w} talks about the weather and the parks in general terms." for w in
                      ["alpha", "beta", "gamma", "delta", "omega", "kappa", "sigma", "theta", "iota", "zeta"])
    # The first passage covers the question better, but its number is far from what would be quoted.
    rows = [(f"Visitors to the Fairlands swimming pool praised the staff of the swimming pool. {filler} "
             "The car park holds 40 cars."),
            "Last month the Fairlands pool had 1,240 visitors, and swimming lessons were full.",
            "The library garden opened in spring."]
    for text in rows + ["Unrelated text about parking permits and bus lanes."] * 5:
        db["passages"].insert({"document_id": doc, "document_title": "Leisure report", "page": 2, "text": text})
    r = search.search(db, "How many visitors did the Fairlands swimming pool have?")
    assert r.answerable and "1,240" in r.hits[0].text


def test_quote_does_not_end_on_a_lead_in(db):
    doc = add_document(db, "Highways report")
    filler = " ".join(f"Paragraph {w} is about the highways budget." for w in ["one", "two", "three", "four"])
    said = ("On the roadworks dug by utility companies, the Cabinet Member said the council wanted the "
            "government to act soon, and that the county had a duty to keep its roads flowing for everyone.")
    lead = "The council had written to the Transport Select Committee as follows:"
    item = ("\n• Narrowing the definition of emergency street works, so that fewer jobs can start without "
            "notice, with longer lane rental schemes covering more streets at the busiest times of day, and "
            "fines for works that overrun their agreed dates, to be paid into a fund for repairs, as the "
            "committee's earlier report had already recommended in some detail.")
    db["passages"].insert({"document_id": doc, "document_title": "Highways report", "page": 2,
                           "text": f"{filler}\n{said} {lead}{item}\n{filler}"})
    a = ans.answer(services(db), "What about the roadworks by utility companies?")
    assert a.answered
    assert "Narrowing the definition of emergency street works" in a.results[0].text


@pytest.fixture
def environment(db):
    """A small set of papers: one about the grounds maintenance tender, others in passing."""
    doc = add_document(db, "Environment report")
    texts = ["The tender for grounds maintenance was withdrawn in March after only one bid was received, "
             "and the work stays in house.",
             "Grounds in the parks are cut every two weeks from April to October.",
             "The maintenance of play areas is paid for from the parks budget.",
             "A tender for new litter bins will be issued next year.",
             "The Old Town high street will get new paving and benches in the spring.",
             "Parking charges in the town centre car parks are unchanged this year."]
    texts += [f"Minute {k}: the committee noted the minutes of the previous meeting, number {k}." for k in range(40)]
    for t in texts:
        db["passages"].insert({"document_id": doc, "document_title": "Environment report", "page": 1, "text": t})
    return db


def test_a_passage_far_ahead_of_the_rest_answers_though_some_words_differ(environment):
    # "ditched" and "officers" are not the papers' words, but one passage holds the tender and the
    # grounds maintenance, and no other comes close.
    a = ask(environment, "Why was the grounds maintenance tender ditched by officers?")
    assert a.answered and "withdrawn in March" in a.results[0].text


def test_a_question_meeting_the_papers_in_one_name_is_still_declined(environment):
    a = ask(environment, "Any curry places in the Old Town?")
    assert not a.answered
