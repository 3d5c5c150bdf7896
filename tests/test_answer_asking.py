"""How residents put a question: a sentence of context before it, "has anyone raised ...", a capital that only
starts a sentence, and everyday words for the papers' own ("which law" for an Act, "runs" for chairs)."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import facts, query, search

BUS = ("That a report be brought before the Council's Executive setting out the options as quickly as possible and "
       "no later than the first quarter of 2022.")
BUS_MOTION = ("Since 2009 this Council has had an ambition to provide a rapid electric bus link round the town centre, "
              "running frequently round the loop.")


def test_the_question_after_a_sentence_of_context_says_what_kind_of_fact_it_wants():
    q = "Hi there, my neighbour says the council wants an electric bus. When are they meant to report back on it?"
    assert facts.expects(q) == "date"
    assert facts.expects("My mum is worried. How many thefts were there?") == "count"
    # A question that says what it wants at the start keeps it.
    assert facts.expects("How many bins are there? I counted ten.") == "count"


def test_a_long_motion_is_quoted_where_it_gives_the_date_asked_for(db):
    filler = ("This work should explore the possibility of delivering this service with partners, the highway "
              "authority, the Local Enterprise Partnership and the Town Development Board, and explore all options "
              "for funding the project including grants, government initiatives and section 106 funding. ") * 2
    papers_with(db, [f"That Council asks that every effort be made to carry out a feasibility study on this rapid "
                     f"electric bus link. {filler}\n{BUS}", BUS_MOTION])
    r = search.search(db, "Hi there, my neighbour says the council wants an electric bus going round the town "
                          "centre. When are they meant to report back on it?")
    assert any("first quarter of 2022" in h.text for h in r.hits[:3])


def test_has_anyone_raised_wants_the_question_a_councillor_asked(db):
    papers_with(db, ["Question from Councillor Graham Snell: Given that the changes to Lytton Way will not take place "
                     "for several years, what changes will be made to help passengers with mobility difficulties "
                     "travel between the new Bus Station and the Train Station?"])
    r = search.search(db, "My mum uses a walker - has anyone raised getting from the new bus station to the train "
                          "station?")
    assert r.answerable and "mobility difficulties" in r.hits[0].text
    # Without "has anyone raised", a councillor's question is still no answer.
    assert not search.search(db, "What changes will help my mum with her walker get from the new bus station to "
                                 "the train station?").answerable


def test_a_capital_that_starts_a_sentence_is_no_name(db):
    assert query.typed_capitals("Are thefts up in Hertfordshire? Ive heard Stevenage has more. Is it?") == {
        "hertfordshire", "stevenage"}
    papers_with(db, ["Hertfordshire Constabulary data shows a 54% increase in dog thefts in the county during 2019/20 "
                     "compared to the previous year."])
    r = search.search(db, "Are dog thefts actually going up in Hertfordshire? Ive heard they are.")
    assert r.answerable and "54% increase" in r.hits[0].text


def test_which_law_finds_the_act_and_by_law_the_legal_requirement(db):
    papers_with(db, ["Production of the strategy is a legal requirement of the community safety partnership. The "
                     "Crime and Disorder Act 1998 requires the responsible authorities to formulate a strategy.",
                     "The community safety strategy was developed with public consultation and police data."])
    for q in ("Which law says there has to be a community safety strategy?",
              "Does the council have to have a community safety strategy by law?"):
        r = search.search(db, q)
        assert r.answerable and "legal requirement" in r.hits[0].text, q


def test_who_runs_a_group_is_answered_by_its_co_chairs(db):
    papers_with(db, ["Joint Action Group (JAG)\nJAG is an operational, multi-agency group delivering the action plan.",
                     "Joint Action Group (JAG) … Members\n• Local housing associations\n• Co-Chairs: Catherine Davies; "
                     "SBC & Patrick McPeake; Police\n• Meet: Four-weekly"])
    r = search.search(db, "Who runs the Joint Action Group?")
    assert r.answerable and "Catherine Davies" in r.hits[0].text


def test_money_that_moves_is_money_transferred(db):
    papers_with(db, ["The budget for the 18-25 section of the Strengthening Independence Service (SIS) will transfer "
                     "from Children's Services to Adult Social Care, approximately £59m.",
                     "Adult social care spending rose again this year."])
    r = search.search(db, "How much money moves to adult social care with the 18-25 SIS team?")
    assert r.answerable and "£59m" in r.hits[0].text
    assert "transfer" in next(c for c in r.concepts if c.word == "moves").terms


def test_a_population_counts_the_people_who_live_there(db):
    papers_with(db, ["A Strategic Authority covering Kent and Medway - with circa 1.9m resident population; a GVA of "
                     "£44 billion.",
                     "Mr Brady said 12 people in Kent had written to him about the devolution report."],
                "Devolution report")
    r = search.search(db, "How many people live in Kent and Medway according to the devolution report?")
    assert r.answerable and "1.9m resident population" in r.hits[0].text


def test_a_question_ending_on_a_clause_after_a_comma_asks_what_that_clause_asks():
    assert facts.expects("If the elections in May are postponed, how long would it be for?") == "duration"
    assert facts.expects("If I complain, when will I hear back?") == "date"


def test_who_said_it_is_no_part_of_the_subject(db):
    papers_with(db, ["SoSafe secured a court injunction banning car cruising across Stevenage.",
                     "Neighbours keep reporting noise from parties, and officers actually visited."])
    r = search.search(db, "My neighbour keeps going on about car cruising - is that actually banned in Stevenage?")
    words = [c.word for c in r.concepts]
    assert "neighbour" not in words and "keeps" not in words and "actually" not in words
    assert r.answerable and "banning car cruising" in r.hits[0].text


def test_a_word_whose_plural_the_papers_use_is_not_read_as_another_word(db):
    papers_with(db, ["The complaints process has a 10 day response time target for a first reply.",
                     "The new scheme is fully compliant with the data protection regulations."])
    r = search.search(db, "How long should the council take to answer a complaint?")
    assert not r.corrections and "10 day response time" in r.hits[0].text
    # A few words after the question mark are chat, not the subject.
    r = search.search(db, "how long is the council meant to take to reply to a complaint? mine's been ages")
    assert [c.word for c in r.concepts if c.word in ("mine", "ages", "meant")] == []


def test_a_date_in_the_sentence_after_belongs_to_the_one_before(db):
    from knowledge import rank
    from knowledge.query import parse
    text = ("• The new hosted desktop would allow users to connect to improved tools like Windows 10 with better "
            "security. This would go live in July 2021.\n• Laptops were rolled out to staff.")
    papers_with(db, [text, "Council staff were asked about Windows 10 laptops in a staff survey."])
    idx = search.index(db)
    concepts = parse(idx, "When are council staff getting Windows 10?").concepts
    # "This would go live in July 2021" says when of the sentence before, which names Windows 10.
    assert rank.fact_sentence(text, concepts, idx.stem, facts.quoted_fact("date")) > 0.4
    assert rank.fact_sentence("Windows 10 was bought. Staff met in July 2021.", concepts, idx.stem,
                              facts.quoted_fact("date")) < 0.4
