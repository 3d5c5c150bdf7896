"""Two words side by side in a question name one thing ("leisure centre"): a passage holding them only far
apart, or in other names ("Town Centre, Leisure Park"), does not answer it."""
from __future__ import annotations

from answer_helpers import papers_with
from knowledge import search, shapes

SPORTS_PARK = ("From May 2022 the electric bus would loop round the High Street, the Town Hall, the Sports Park "
               "and the station, with a low fixed fare for each journey.")
# Other business, so that the question's words are as rare here as in real papers.
OTHER = ["The audit committee noted the internal audit plan for the year.",
         "Councillors agreed the budget for road repairs in the coming year.",
         "The housing team reported on repairs to council homes.", "The cabinet approved the new waste contract.",
         "A consultation on bus services closes in June.", "The planning committee refused the application for flats.",
         "Officers presented the annual report on community safety.",
         "The scrutiny panel reviewed the climate change action plan.",
         "The treasury strategy sets limits on borrowing.", "Members asked about staff sickness absence.",
         "The pension fund returns were reported to members.", "Grants for voluntary groups were agreed by the panel."]


def test_a_compound_met_only_in_other_names_is_not_answered(db):
    papers_with(db, [SPORTS_PARK] + OTHER)
    r = search.search(db, "When does the sports hall open?")
    assert r.hits and "Sports Park" in r.hits[0].text
    assert not r.answerable


def test_a_compounds_words_far_apart_are_not_answered(db):
    papers_with(db, ["The strategy will foster collaborative work with schools, health services and the voluntary "
                     "sector, and help young people become independent with parents and carers."] + OTHER)
    assert not search.search(db, "How do I become a foster carer?").answerable


def test_the_compound_itself_answers(db):
    papers_with(db, [SPORTS_PARK, "The new sports hall will open to the public in March 2023."] + OTHER)
    r = search.search(db, "When does the sports hall open?")
    assert r.answerable and "sports hall" in r.hits[0].text


def test_a_compound_with_words_between_or_turned_round_still_answers(db):
    papers_with(db, ["The draft Statement of Accounts will be published by the end of July.",
                     "Between April and December the service received 100 allegations of fraud."])
    assert search.search(db, "When will the draft accounts be published?").answerable
    r = search.search(db, "How many fraud allegations did the service receive?")
    assert r.answerable and "allegations of fraud" in r.hits[0].text


def test_a_noun_then_a_verb_is_no_compound(db):
    papers_with(db, ["The Public Spaces Protection Order expired in June. Officers found that the powers had been "
                     "little used and so it was not renewed by the Executive."])
    assert search.search(db, "Why wasn't the protection order renewed?").answerable


def test_a_pair_joined_by_of_is_one_thing(db):
    papers_with(db, ["The county has a population of 1.6 million, a scale like that of city regions such as Leeds, "
                     "and a strong case for devolution."] + OTHER)
    assert not search.search(db, "What is the population of Leeds?").answerable


def test_a_pair_joined_by_of_may_be_turned_round(db):
    papers_with(db, ["Leeds's population grew to 800,000 in the last census, the report said."] + OTHER)
    r = search.search(db, "What is the population of Leeds?")
    assert r.answerable and "population grew" in r.hits[0].text


COMMENTS = ('Residents said what they like about the town: • "Friendly neighbours" • "Streets with good light at night" '
            '• "Open spaces, trees and greenery" • "Good bus routes"')
RIGHTS = "Human rights training was given to staff."   # a weaker passage, so the other one stands out


def test_a_passage_standing_out_needs_its_things_in_one_sentence(db):
    # Neighbours, light and trees, each in a different resident's comment: nothing about a neighbour's tree.
    papers_with(db, [COMMENTS, RIGHTS] + OTHER)
    assert not search.search(db, "My neighbour's tree is blocking my light, what are my rights?").answerable


def test_a_passage_standing_out_with_its_things_together_still_answers(db):
    papers_with(db, ["Residents said neighbours should look after the trees in front gardens, because trees give "
                     "the street its light and shade.", RIGHTS] + OTHER)
    r = search.search(db, "My neighbour's tree is blocking my light, what are my rights?")
    assert r.answerable and "trees in front gardens" in r.hits[0].text


ASKED = ("Question from Councillor Ann Webb to the Portfolio Holder: How many electric car charging points will "
         "the council put in its car parks this year?")


def test_a_question_in_the_papers_does_not_answer_a_residents_question(db):
    papers_with(db, [ASKED, RIGHTS] + OTHER)
    assert not search.search(db, "How do I charge my electric car in a car park?").answerable


def test_a_question_in_the_papers_answers_what_was_asked(db):
    papers_with(db, [ASKED, RIGHTS] + OTHER)
    r = search.search(db, "What did Councillor Webb ask about electric car charging?")
    assert r.answerable and "charging points" in r.hits[0].text


def test_a_when_quote_reaches_the_sentence_with_the_date(db):
    long = ("That Council asks that a feasibility study be made of the rapid electric bus link, with costings. "
            + "This work should explore delivery with partners and every option for funding, " * 6
            + "\nThat a report be brought to the Executive no later than the first quarter of 2022.")
    papers_with(db, [long] + OTHER)
    r = search.search(db, "When does the council want the electric bus feasibility study report by?")
    assert "first quarter of 2022" in r.hits[0].text


def test_a_question_whose_subject_the_papers_never_mention_is_declined(db):
    papers_with(db, ["Present: 4 Councillors, Teresa Callaghan (Chair), Myla Arceno, Julie Ashley-Wren and Stephen "
                     "Booth, at the Council Chamber, Stevenage."] + OTHER)
    r = search.search(db, "How many councillors does Stevenage have on Twitter?")
    assert not r.answerable and "twitter" in r.why
    # Chat the papers lack ("honestly") is no subject: the question is still answered.
    assert search.search(db, "honestly, which councillors were present at the Council Chamber?").answerable


def test_a_figure_for_how_many_is_not_a_paragraph_number_or_a_year():
    from knowledge import facts
    figure = facts.quoted_fact("number")
    assert figure.search("4.6.1 The Overview and Scrutiny Committee met on 10 occasions")
    assert figure.search("raise council tax by 2.99%") and figure.search("bringing in £47.3 million")
    assert figure.search("grew our safe spaces from two to 21")
    for text in ("4.6.2 The Committee received the final report at its meeting in March 2021.",
                 "5.1 Due to the impact on resources in 2020/21", "The 2021/22 Scrutiny Work Programmes"):
        assert not figure.search(text), text


def test_by_when_asks_for_a_date():
    from knowledge import facts
    for q in ("By when does the report have to go to the Executive?", "Until when is the consultation open?"):
        assert facts.expects(q) == "deadline", q   # a date ahead
    assert facts.expects("When does the consultation close?") == "date"
    assert facts.expects("Who do I report a pothole to?") is None


def test_how_much_is_not_answered_by_a_passage_whose_only_numbers_are_years(db):
    papers_with(db, ["The Town Centre and the High Street in the Old Town were previously subject to a public "
                     "space protection order (PSPO). This meant an individual could receive a fine if they were "
                     "drinking alcohol in the street. The PSPO was reviewed in 2019 as it was due to expire."] + OTHER)
    r = search.search(db, "How much is the fine for drinking in the town centre?")
    assert r.hits and "fine" in r.hits[0].text and not r.answerable


def test_what_are_the_priorities_is_answered_by_the_list_of_them(db):
    papers_with(db, [
        "4.1.1 The draft Community Safety Strategy has been compiled from police reports and surveys of residents "
        "and partners; the community safety priorities identified are those that ranked highest.",
        "The five key community safety priorities identified for 2021-2024 are:\n1. Divert young people from "
        "becoming involved in "
        "crime and ASB\n2. Provide safe reporting and support to domestic abuse survivors\n3. Tackle the harms "
        "caused by drugs and alcohol"] + OTHER)
    r = search.search(db, "What are the community safety priorities?")
    assert r.hits and "Divert young people" in r.hits[0].text


def test_the_new_priorities_are_the_latest_periods_not_the_last_strategys(db):
    old = ("For the period 2018-21 the community safety priorities identified were:\n1. Helping to make people "
           "feel safe\n2. Reduce crime and disorder")
    new = ("The community safety priorities identified for 2021-2024 are:\n1. Divert young people from crime\n"
           "2. Tackle the harms caused by drugs and alcohol")
    papers_with(db, [old, new] + OTHER)
    assert "Divert young people" in search.search(db, "What are the new community safety priorities?").hits[0].text
    assert shapes.latest_year("the strategy for 2021-24") == 2024 and shapes.latest_year("no years") == 0


def test_who_is_answered_by_a_firm_as_well_as_a_person(db):
    papers_with(db, ["The external audit of the 2019/20 accounts is carried out by Ernst & Young, the council's "
                     "external auditors, who reported to the audit committee in March."] + OTHER)
    r = search.search(db, "Who are the council's external auditors?")
    assert r.answerable and "Ernst & Young" in r.hits[0].text


def test_a_phrasal_verb_in_any_form_finds_the_councils_word(db):
    papers_with(db, ["The council will continue to maintain our town's cherished woodlands and plant new trees.",
                     "Fairlands woods and the woods behind the station were surveyed for bats in 1990."] + OTHER)
    for q in ("Is the council looking after the woods?", "Who looks after the woods?"):
        r = search.search(db, q)
        assert r.hits and "maintain" in r.hits[0].text, q


def test_a_verb_before_its_preposition_ending_the_question_is_no_compound(db):
    papers_with(db, ["The council's reserves fall into two categories: general reserves, held for unexpected "
                     "costs, and earmarked reserves for specific purposes. The split is reviewed every year."] + OTHER)
    assert search.search(db, "What are reserves split into?").answerable
    # "population of London" stays a compound: a passage with the words apart does not answer it.
    papers_with(db, ["The population of the town grew, and more people now commute to London each day."])
    assert not search.search(db, "What is the population of London?").answerable


def test_how_many_prefers_the_figure_next_to_the_things_counted(db):
    papers_with(db, ["The Care Leavers Service will continue to support young adults known to the 18-25 team up "
                     "to age 25, providing support to young adults with care experience.",
                     "The 18-25 team currently supports 894 young adults across the county."] + OTHER)
    r = search.search(db, "How many young adults does the 18-25 team support?")
    assert r.hits and "894 young adults" in r.hits[0].text
    idx = search.index(db)
    assert shapes.of("How many councillors voted for the motion?", idx).counted == ("councillor",)
    adults = shapes.of("How many young adults does the team support?", idx).counted
    assert shapes.counts("The team is working with 894 young adults.", adults, idx)
    assert not shapes.counts("It supports young adults known to the 18-25 team up to age 25.", adults, idx)
    spaces = shapes.of("How many safe spaces are there now?", idx).counted
    assert shapes.counts("During the pandemic we grew our safe spaces from two to 21.", spaces, idx)
    assert not shapes.counts("In the safe space, SADA provide 1-1 support.", spaces, idx)
    # The word before the noun counts them too: "safe houses" are counted by "our safe spaces from two to 21".
    houses = shapes.of("How many safe houses are there now for people fleeing abuse?", idx).counted
    assert shapes.counts("During the pandemic we grew our safe spaces from two to 21.", houses, idx)
    assert not shapes.counts("It is available for a maximum of seven days.", houses, idx)


def test_chat_around_a_question_does_not_count_against_the_answer(db):
    papers_with(db, ["SoSafe secured a two year injunction with a power of arrest banning car cruising and "
                     "meeting in Stevenage following a serious accident in the town in July 2019."] + OTHER)
    r = search.search(db, "My son reckons car meets are banned in Stevenage, is that true?")
    assert r.answerable and "banning car cruising" in r.hits[0].text
    assert [c.word for c in r.concepts if c.word in ("reckons", "true")] == []


def test_how_many_is_not_answered_by_a_percentage(db):
    papers_with(db, ["Theft of pets is as painful as the loss of a loved one. Police data shows a 54% increase "
                     "in dog thefts in the county during 2019/20 compared to the previous year."] + OTHER)
    assert not search.search(db, "How many dogs were stolen in the county last year?").answerable
    assert search.search(db, "How much of an increase in dog thefts was there in the county?").answerable



def test_a_phone_number_or_email_address_is_the_fact_asked_for():
    from knowledge import facts
    assert facts.expects("What's the phone number for council housing repairs?") == "phone"
    assert facts.has_expected("phone", "Call democratic services on 01438 242242.")
    assert not facts.has_expected("phone", "The repairs team handled 4,000 repairs in 2020.")
    assert facts.expects("What is the council's email address?") == "email"
    assert facts.has_expected("email", "Write to committees@stevenage.gov.uk.")
