"""The kind of answer a question wants steers which sentences are quoted: a date for "by when", a figure for
"what level of", a reason for "why"; and an acronym before a noun ("the SLL contract") says whose it is."""
from __future__ import annotations

import pytest

from answer_helpers import papers_with
from knowledge import dense, embed, facts, search
from test_answer_units import OTHER

MOTION = ("\"That Council asks that every effort now be made to carry out a feasibility study on this rapid electric "
          "bus link initiative complete with costings. This work should explore the possibility of delivering this "
          "service with partners, the highway authority, the Local Enterprise Partnership, the Town Development "
          "Board and the Growth Board and explore all options for funding the project including use of grants, "
          "government initiatives, community infrastructure levy and section 106 funding and specific funds for "
          "sustainable transport initiatives. That a report be brought before the Council's Executive setting out "
          "the options as quickly as possible and no later than the first quarter of 2022.\"")
RESERVES = ("The level of the general reserve is a matter for the Council to determine having had regard to the advice "
            "of the finance officer. The level of the reserve will be a matter of judgement which will take account "
            "of the specific risks identified through the various corporate processes. It will also take account of "
            "the extent to which specific risks are supported through earmarked reserves. The level will be "
            "expressed as a cash sum over the period of the general fund medium-term financial strategy. The level "
            "will also be expressed as a percentage of the general funding requirement (to provide an indication of "
            "financial context). The Council has traditionally aimed to hold general reserves of 5% of the net "
            "revenue budget. With the heightened financial risk the Council is facing in the medium term from "
            "continued spending growth and possible impact of funding reform changes, we have reviewed the level of "
            "reserves as a percentage of net revenue budget and we are now aiming to hold general reserves of "
            "between 5% and 10% of the net revenue budget, based on the following assessed levels.")


def test_why_how_long_and_what_level_lean_towards_a_kind_without_demanding_it():
    assert facts.expects("Why isn't the council getting any of the recovery grant?") == "reason"
    assert facts.expects("How long could the elections be postponed for?") == "duration"
    assert facts.expects("If the Kent elections get postponed, how long for?") == "duration"
    assert facts.quoted_fact("duration").search("the Council had existed since 1889")
    assert facts.expects("What level of general reserves does the council want to keep?") == "level"
    # Soft kinds never rule a passage out: a reason is often given without "because".
    for kind in ("reason", "duration", "level"):
        assert facts.has_expected(kind, "The motion was lost.")
    assert not facts.has_expected("number", "The motion was lost.")


def test_a_reason_is_not_a_timetable():
    reason = facts.quoted_fact("reason")
    assert reason.search("the council received none of this funding, as it was allocated to areas of deprivation")
    assert not reason.search("Kent was due to receive a lower allocation of the grant")


def test_by_when_a_motion_asks_for_a_report_quotes_the_deadline_not_the_opening(db):
    papers_with(db, [MOTION] + OTHER)
    r = search.search(db, "When does the report on the electric bus feasibility study have to be done by?")
    assert r.answerable and "first quarter of 2022" in r.hits[0].text


def test_by_when_is_not_answered_by_since_when(db):
    papers_with(db, ["Motion: Electric Bus Link. Since 2009, this Council has had an ambition to provide a rapid "
                     "electric bus loop around the town centre, the old town and the new bus station.", MOTION] + OTHER)
    assert facts.expects("By when should the report on the electric bus loop come back?") == "deadline"
    r = search.search(db, "By when should the report on the electric bus loop feasibility study come back?")
    assert r.answerable and "first quarter of 2022" in r.hits[0].text


def test_the_sentence_holding_the_whole_answer_is_quoted(db):
    papers_with(db, [RESERVES] + OTHER)
    r = search.search(db, "What level of general reserves does the council want to keep?")
    assert r.answerable and "between 5% and 10%" in r.hits[0].text


def test_an_acronym_before_a_noun_names_whose_it_is_not_a_compound(db):
    papers_with(db, ["Members noted the financial problems the pandemic had caused for SLL. There will be strict "
                     "monitoring of any new contract, when the present one expires in 2023.",
                     "SLL runs the leisure centres for the council."] + OTHER)
    r = search.search(db, "When does the SLL contract run out?")
    assert r.answerable and "expires in 2023" in r.hits[0].text


def test_how_much_wants_the_figure_in_the_sentence_about_the_thing_not_a_list_beside_it(db):
    papers_with(db, ["Members noted the challenges of managing limited funding. Comparison was made between Kent's "
                     "financial management and other councils, noting significant council tax increases were being "
                     "requested elsewhere. Particular reference was made to:\no Windsor and Maidenhead, 25%\n"
                     "o Hampshire, 15%\no Bradford, 15%\no Newham, 10%",
                     "Mr Oakford noted that the net growth in funding from the government was insufficient. To address "
                     "the shortfall, the council planned to raise council tax by 2.99% and an additional 2% for the "
                     "social care premium."] + OTHER +
                    # Kent's own papers name Kent all the time: the word says little about a passage.
                    [f"Kent's {topic} was discussed by members." for topic in ("highways plan", "schools plan",
                                                                             "libraries review", "bus strategy")])
    r = search.search(db, "How much is Kent putting council tax up by?")
    assert r.answerable and "2.99%" in r.hits[0].text


def test_what_someone_is_paid_or_something_costs_wants_a_sum(db):
    assert facts.expects("What is the Chief Executive of Kent County Council paid?") == "money"
    assert facts.expects("What does a resident parking permit cost?") == "money"
    assert facts.expects("What's the fee for a bulky waste collection?") == "money"
    papers_with(db, ["PRESENT: Mr R W Gough (Chairman), Mr N Baker and Mrs S Chandler. IN ATTENDANCE: Mrs A Beer "
                     "(Chief Executive), Mr J Betts (Interim Corporate Director Finance) and Mr B Watts (General "
                     "Counsel)."] + OTHER)
    assert not search.search(db, "What is the Chief Executive of Kent County Council paid?").answerable


# A council's papers name the council and the town all the time.
TOWN = [f"Stevenage Borough Council agreed the {x}." for x in (
    "budget", "audit plan", "parking review", "play strategy", "grants", "leisure contract", "minutes")]
NOTICE = ("Notice is hereby given that a meeting of the Stevenage Borough Council will be held in the Council "
          "Chamber, Daneshill House, Danestrete, Stevenage on Wednesday, 21 July 2021 at 7.15pm and you are "
          "summoned to attend to transact the following business.")


@pytest.mark.skipif(embed.encoder() is None, reason="the sentence model is part of requirements.lock")
def test_how_long_is_not_answered_on_closeness_of_meaning_without_a_span_of_time(db):
    papers_with(db, [NOTICE] + OTHER + TOWN +
                ["The list of speakers was agreed.", "A long debate followed.", "Tenants waiting for repairs were updated."])
    dense.fill(db)
    r = search.search(db, "how long is the waiting list for a council house in stevenage")
    assert r.hits and not r.answerable



def test_how_many_voted_is_answered_by_the_recorded_vote_which_names_no_councillors(db):
    names = ", ".join(f"Mr {n}" for n in ("Baker", "Bartlett", "Bond", "Booth", "Brazier", "Carter", "Chard"))
    papers_with(db, ["Mr Gough proposed, and Mr Oakford seconded the motion that County Council is asked to endorse "
                     "the joint work with Medway Council to respond to the English Devolution White Paper.",
                     "Councillors debated the motion on devolution at length and several councillors spoke.",
                     f"The Chairman put the substantive devolution motion to the vote and the voting was as follows:\n"
                     f"For (39)\n{names}\nAgainst (19)\nMr Hook, Mr Lehmann\nAbstain (1)\nMs Constantine\n"
                     f"Substantive Motion carried."] + OTHER)
    r = search.search(db, "How many councillors voted for the devolution motion?")
    assert r.answerable and "For (39)" in r.hits[0].text


def test_a_label_for_the_kind_of_paper_is_no_part_of_its_subject(db):
    papers_with(db, OTHER)
    doc = db["documents"].get(1)["id"]
    for item, text in (("OFFICER REPORT - COMMUNITY SAFETY STRATEGY 2021 - 2024",
                        "Instead of issuing fines we used warnings. These banned the individual from specific actions, "
                        "for example not being allowed to sit near a cash point or to have an open vessel of alcohol."),
                       ("OFFICER REPORT - EMPLOYEE CODE OF CONDUCT",
                        "• You must not use your official position for your advantage or for your friends and family.\n"
                        "• Be careful when accepting gifts or rewards as this may be considered a bribe.\n"
                        "• Together with the Council, you have a personal responsibility for your health and safety. "
                        "You must not do anything at work that endangers you or your colleagues or the public.\n"
                        "• The Council has a zero tolerance policy for consuming alcohol and drugs at work. "
                        "Disciplinary action may follow if you abuse this or if you are in an incapacitated state at work.\n"
                        "• Whatever your role is in the Council, you should act with integrity and honesty.")):
        db["passages"].insert({"document_id": doc, "document_title": "Council agenda pack", "page": 3,
                               "item_title": item, "text": text})
    r = search.search(db, "Are council workers allowed to drink alcohol at work?")
    assert r.hits and "zero tolerance" in r.hits[0].text
    assert search._subject("OFFICER REPORT - EMPLOYEE CODE OF CONDUCT") == "EMPLOYEE CODE OF CONDUCT"


def test_who_is_the_person_asks_for_a_name_not_the_word_person(db):
    papers_with(db, ["Present: Councillors Teresa Callaghan (Chair), John Gardner (Vice-Chair), Stephen Booth and "
                     "Mr Geoffrey Gibbs (Independent member) of the Audit Committee."] + OTHER +
                ["A person may speak for three minutes.", "Each person must register to speak."])
    r = search.search(db, "Who is the independent person on the audit committee?")
    assert r.answerable and "Geoffrey Gibbs" in r.hits[0].text
    assert "person" not in [c.word for c in r.concepts]
    assert "person" in [c.word for c in search.search(db, "Can a person speak at the audit committee?").concepts]


def test_an_acronym_stands_for_the_words_it_spells_out(db):
    papers_with(db, ["Stevenage Against Domestic Abuse (SADA) runs the safe spaces in the town.",
                     "During the pandemic SADA grew its safe spaces from two to 21.",
                     "Safe spaces in parks were discussed by the play team."] + OTHER)
    r = search.search(db, "How many safe spaces are there now for people fleeing domestic abuse?")
    abuse = next(c for c in r.concepts if c.word == "abuse")
    assert "sada" in abuse.terms and abuse.weight(abuse.terms.index("sada")) < 1.0
    assert r.hits and "from two to 21" in r.hits[0].text


def test_wont_is_will_not_and_who_won_keeps_its_verb(db):
    papers_with(db, ["Three household waste recycling centres are unable to accept sofas at present.",
                     "The Conservative group won the election."] + OTHER)
    assert "won" not in [c.word for c in search.search(db, "Which tips won't take old sofas?").concepts]
    assert "won" in [c.word for c in search.search(db, "Who won the election in May?").concepts]


def test_an_acronym_spelt_out_after_a_label_is_known():
    from knowledge.acronyms import find
    assert find(["projects including the SOS (Morse code: Save our Souls) Youth worker"]) == {"SOS": "Save our Souls"}


def test_a_month_before_a_noun_says_when_not_what_kind(db):
    papers_with(db, ["Mr Hook said there had been a lack of consultation over the devolution programme. He said "
                     "elections were needed in May 2025 along with transparency."] + OTHER +
                [f"The committee noted the report on {x}." for x in ("parks", "roads", "libraries", "housing", "grants",
                                                                     "play areas", "allotments", "markets", "taxis")])
    r = search.search(db, "What did Mr Hook say about postponing the May elections?")
    assert r.answerable and "needed in May 2025" in r.hits[0].text


def test_the_sentence_spelling_an_acronym_out_answers_what_it_stands_for(db):
    papers_with(db, ["This funding resulted in innovative projects including the SOS (Morse code: Save our Souls) "
                     "Youth worker with joint funding through the Police and Crime Commissioner.",
                     "The SOS project working with youths received £15,000.",
                     "The youth council met twice.", "The project board met in June."] + OTHER)
    r = search.search(db, "What does SOS stand for in the SOS youth project?")
    assert r.answerable and r.definition == ("SOS", ["Save our Souls"]) and "Save our Souls" in r.hits[0].text


def test_an_acronym_defined_in_lower_case_words_is_known():
    from knowledge.vocabulary import find_acronyms
    assert find_acronyms("focus on the full breadth of wider determinants of health (WDH) including") == {
        "WDH": {"wider determinants of health"}}
    # Words whose initials do not spell it define nothing.
    assert not find_acronyms("the proposal was reviewed by the council (SBC) last year")


def test_by_when_a_report_must_go_to_a_meeting_is_a_deadline_for_the_papers_not_a_meeting_date():
    from handlers import answer
    asks_deadline = "By when does the electric bus link feasibility report have to go to the Executive?"
    assert answer._DEBATED.search(asks_deadline) and answer._DEADLINE.search(asks_deadline)
    assert not answer._DEADLINE.search("When can I go to the meeting where the pet theft motion is debated?")


def test_signing_something_is_the_papers_declaration(db):
    papers_with(db, ["2.3 That the proposed measure that every employee must complete a declaration, confirming they "
                     "have read the revised Employee Code of Conduct, be approved.",
                     "Road signs in the town centre will be replaced."] + OTHER)
    r = search.search(db, "Will council employees have to sign to say they've read the new code of conduct?")
    sign = next(c for c in r.concepts if c.word == "sign")
    assert "declaration" in sign.terms
    assert r.hits and "complete a declaration" in r.hits[0].text


OS_REPORT = ("4.6.1 The Overview and Scrutiny Committee met on 10 occasions to provide overview of the work of the "
             "Executive, specifically looking at all Key Decisions made by the Executive. In addition to these "
             "meetings the Committee also considered the following review: 4.6.2 The Overview and Scrutiny Committee "
             "received the final report of its review into the Council's scrutiny arrangements at its meeting in "
             "March 2021.")


def test_how_often_wants_a_frequency_and_is_not_itself_the_subject(db):
    assert facts.expects("How often does the JAG meet?") == "frequency"
    assert facts.expects("What are the openin hours of the Tovil tip?") == "time"   # a slip in "opening"
    often = facts.quoted_fact("frequency")
    for text in ("met on 10 occasions", "Meet: Quarterly", "Meet: Four-weekly", "twice a year", "every six weeks",
                 "our monthly Joint Action Group meetings"):
        assert often.search(text), text
    for text in ("in March 2021", "10 members", "the Committee also considered"):
        assert not often.search(text), text
    assert facts.has_expected("frequency", "The group meet regularly.")   # it steers, it does not rule out
    papers_with(db, [OS_REPORT, "The Overview and Scrutiny Committee is chaired by Councillor Lloyd Briscoe, who "
                     "often meets the Leader."] + OTHER)
    r = search.search(db, "How often did the Overview and Scrutiny Committee meet in 2020/21?")
    assert "often" not in [c.word for c in r.concepts]
    assert "long" not in [c.word for c in search.search(db, "How long is the committee's review?").concepts]
    assert r.answerable and "met on 10 occasions" in r.hits[0].text


def test_an_acronym_joined_by_an_ampersand_is_spelt_out_from_the_papers_phrases(db):
    from knowledge.acronyms import undefined
    texts = [OS_REPORT, "Members of the relevant O&S or Select Committee are invited.",
             "A&E waiting times were discussed."]
    assert undefined(texts, set()) == [("O&S", "Overview and Scrutiny")]   # A&E is never spelt out here
    papers_with(db, texts + OTHER)
    r = search.search(db, "How often did O&S meet?")
    assert r.answerable and "met on 10 occasions" in r.hits[0].text


def test_a_phrase_spelt_without_its_linking_words_still_finds_them_in_the_text():
    from knowledge import rank
    from knowledge.vocabulary import STEMMER, tokens
    stems = [STEMMER.stem(w) for w in tokens("The Overview and Scrutiny Committee met the Leader of the Council.")]
    where = rank.locate(stems, {"overview", "scrutini", "leader", "council", "committe"})
    assert rank._positions(where, ("overview", "scrutini")) == [1]
    assert rank._positions(where, ("leader", "council")) == [7]
    assert rank._positions(where, ("scrutini", "council")) == []   # other words between: no phrase


def test_a_list_of_acronyms_answers_only_what_they_stand_for(db):
    papers_with(db, ["List of acronyms\nASB\tAnti-social Behaviour\nA&E\tAccident & Emergency\nRAG\tResponsible "
                     "Authorities Group\nRJ\tRestorative Justice"] + OTHER)
    for q in ("How long do people wait in A&E?", "What is being done about anti-social behaviour and restorative justice?"):
        assert not search.search(db, q).answerable, q
    r = search.search(db, "What does RJ stand for?")
    assert r.answerable and "Restorative Justice" in r.hits[0].text


def test_a_minimum_amount_is_the_papers_de_minimis_limit(db):
    papers_with(db, ["Each reserve must be supported by a protocol. A questionnaire is completed by the budget holder. "
                     "A de-minimis "
                     "limit has been set to avoid small funds being set up which could be managed within existing "
                     "budgets. This has been set at £250k.",
                     "Any in year use of the General Reserve will need to be approved by Cabinet."] + OTHER)
    r = search.search(db, "Is there a minimum amount for setting up a new reserve?")
    assert "de minimis" in r.concepts[0].terms and "£250k" in r.hits[0].text


def test_how_many_puts_the_passage_counting_the_things_first(db):
    papers_with(db, ["The Safe Space offers a safe haven to victims of domestic abuse and their families fleeing "
                     "abuse. It is fully furnished and available for a maximum of seven days.",
                     "We will continue to grow our stock of safe spaces for domestic abuse victims. During the "
                     "pandemic we grew our safe spaces from two to 21."] + OTHER)
    r = search.search(db, "How many safe spaces for domestic abuse victims are there now?")
    assert r.answerable and "from two to 21" in r.hits[0].text


def test_a_figure_with_a_plus_counts_what_follows_it():
    from knowledge import search_index, shapes
    from knowledge.vocabulary import STEMMER

    class Idx:
        stems = staticmethod(lambda ws: [STEMMER.stem(w) for w in ws])
    assert shapes.counts("Currently there are 2000+ care leavers in Kent.", ("leaver",), Idx)


def test_how_old_wants_when_something_began_and_old_is_not_the_subject(db):
    assert facts.expects("How old is the current staff code of conduct?") == "age"
    age = facts.quoted_fact("age")
    for text in ("The Code of Conduct was approved in 2011", "the Council had existed since 1889"):
        assert age.search(text), text
    assert not age.search("Planning conversations will begin at 14 years old")   # a person's age
    papers_with(db, ["3.1 The current Employee Code of Conduct was approved in 2011 and has been issued to all "
                     "employees since that date.",
                     "The Code of Conduct sets out the standards of behaviour expected of all employees."] + OTHER)
    r = search.search(db, "How old is the staff code of conduct?")
    assert "old" not in [c.word for c in r.concepts]
    assert r.hits and "approved in 2011" in r.hits[0].text


def test_who_won_is_not_answered_by_a_paper_that_only_says_an_election_was_held(db):
    papers_with(db, ["2. Mrs Chandler provided an update: the Kent Youth County Council elections held at the end of "
                     "2024 saw 22,866 young people voting, over 3,000 more than the previous year."] + OTHER)
    r = search.search(db, "Who won the Kent Youth County Council elections?")
    assert not r.answerable


def test_it_in_capitals_is_ict_and_a_sum_in_pounds_is_money(db):
    papers_with(db, ["With regard to Reserves there was a need to draw down an additional £9 million from the corporate "
                     "ICT reserve to fund the update of the Oracle Cloud program.",
                     "Reserves are one-off and it is not expected that they fund ongoing costs."] + OTHER)
    r = search.search(db, "Why is KCC taking more money out of its IT reserve?")
    assert "ict" in [c.word for c in r.concepts]
    assert r.hits and "Oracle Cloud" in r.hits[0].text and r.hits[0].coverage > 0.5


def test_how_the_vote_went_asks_for_the_recorded_vote_and_in_the_end_is_no_subject(db):
    from knowledge import shapes
    for q in ("How did the vote on the devolution motion go in the end?", "What was the final vote on devolution?",
              "How many councillors voted for the motion?"):
        assert shapes.VOTE_Q.match(q), q
    papers_with(db, ["The Chairman put the substantive motion to the vote and the voting was as follows: For (39) "
                     "Mr Baker, Mr Gough. Against (19) Mr Hook. Substantive Motion carried."] + OTHER)
    r = search.search(db, "How did the vote on the devolution motion go in the end?")
    assert "end" not in [c.word for c in r.concepts]
    # Nor is "final" in "the final motion": the recorded vote's kind says which motion it was on.
    r = search.search(db, "How many councillors voted for the final motion?")
    assert "final" not in [c.word for c in r.concepts] and r.answerable and "For (39)" in r.hits[0].text


def test_the_vote_on_the_motion_is_the_final_one_not_an_amendments(db):
    names = ", ".join(f"Mr {n}" for n in ("Baker", "Bartlett", "Bond", "Booth", "Brazier", "Carter", "Chard"))
    amendments = [f"{k}) Mr {who} proposed an amendment. The Chairman put the amendment to the devolution motion to "
                  f"the vote and the voting was as follows: For (1{k}) {names} Against (4{k}) Mr Hook. Amendment lost."
                  for k, who in ((1, "Hood"), (2, "Brady"), (3, "Passmore"))]
    papers_with(db, amendments + [
        f"Mr Whiting Amendment lost.\n25) The Chairman put the substantive devolution motion to the vote and the "
        f"voting was as follows:\nFor (39)\n{names}\nAgainst (19)\nMr Hook"] + OTHER, "County Council minutes on devolution")
    r = search.search(db, "How many councillors voted for the devolution motion in the end?")
    assert "For (39)" in r.hits[0].text
    assert "For (12)" in search.search(db, "How many councillors voted for Mr Brady's amendment?").hits[0].text
