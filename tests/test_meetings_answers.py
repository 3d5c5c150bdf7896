"""Meeting questions answered from the meetings table, relative to the moment they are asked."""
from __future__ import annotations

import pytest

from answer_helpers import add_document, add_item, add_meeting, services
from handlers import answer as ans
from handlers import meetings


@pytest.fixture
def calendar(db):
    doc = add_document(db)
    ids = {
        "council_jun": add_meeting(db, "Council", "2021-06-23 19:15", venue="Council Chamber, Daneshill House"),
        "council_jul": add_meeting(db, "Council", "2021-07-21 19:15", venue="Council Chamber, Daneshill House"),
        "council_oct": add_meeting(db, "Council", "2021-10-13 19:15", venue="Council Chamber, Daneshill House"),
        "exec_jul": add_meeting(db, "Executive", "2021-07-14 14:30", venue="Committee Room 1"),
        "exec_aug": add_meeting(db, "Executive", "2021-08-11 14:30", status="cancelled"),
        "exec_sep": add_meeting(db, "Executive", "2021-09-08 14:30", venue="Committee Room 1"),
        "audit": add_meeting(db, "Audit Committee", "2021-09-21 18:00", venue="Shimkent Room"),
        "cabinet": add_meeting(db, "Cabinet", "2021-07-29 10:00", time_known=True),
        "planning": add_meeting(db, "Planning and Development Committee", "2021-08-03 18:30"),
    }
    add_item(db, ids["council_jul"], doc, "11", "OFFICER REPORT - COMMUNITY SAFETY STRATEGY 2021 - 2024")
    add_item(db, ids["council_jul"], doc, "12", "Employee Code of Conduct")
    add_item(db, ids["council_jul"], doc, "16", "Depot land disposal", restricted=True)
    db["decisions"].insert({"meeting_id": ids["council_jun"], "document_id": doc, "minute": "5",
                            "item_title": "Pay Policy", "text": "It was RESOLVED that the Pay Policy be approved."})
    return ids


def say(db, q, now="2021-07-14T10:00:00+01:00"):
    return ans.answer(services(db, now), q)


def test_next_council_meeting_is_the_first_one_after_now(db, calendar):
    a = say(db, "When is the next council meeting?")
    assert a.answered
    assert "Wednesday 21 July 2021 at 7.15pm" in a.reply and "Council Chamber" in a.reply
    later = say(db, "When is the next council meeting?", now="2021-07-22T09:00:00+01:00")
    assert "13 October 2021" in later.reply


def test_last_meeting_looks_back_from_now(db, calendar):
    a = say(db, "When was the last full council meeting?")
    assert "23 June 2021" in a.reply


def test_bodies_can_be_named_loosely(db, calendar):
    assert "Audit Committee" in say(db, "when does audit meet next?").reply
    assert "29 July 2021" in say(db, "When is the cabinet meeting?").reply
    assert "Shimkent Room" in say(db, "where is the next audit meeting held").reply
    assert "Planning and Development Committee" in say(db, "when does planning meet?").reply


def test_cancelled_meeting_is_skipped_and_mentioned(db, calendar):
    a = say(db, "When is the next Executive meeting?", now="2021-07-20T09:00:00+01:00")
    assert "8 September 2021" in a.reply
    assert "11 August 2021 was cancelled" in a.reply


def test_agenda_lists_items_and_marks_private_ones(db, calendar):
    a = say(db, "What's on the agenda for the council meeting?")
    assert "Community Safety Strategy".lower() in a.reply.lower()
    assert "Employee Code of Conduct" in a.reply
    assert "16. Depot land disposal (private item" in a.reply


def test_agenda_not_out_says_by_when_it_must_be(db, calendar):
    a = say(db, "What is on the agenda for the next audit committee?", now="2021-09-01T09:00:00+01:00")
    # Five clear days before Tuesday 21 September: not the 15th (publication) nor the 21st.
    assert "not out yet" in a.reply and "Wednesday 15 September 2021" in a.reply
    assert meetings.agenda_deadline(meetings.date(2021, 7, 21)) == meetings.date(2021, 7, 15)


def test_decisions_of_the_last_meeting(db, calendar):
    a = say(db, "What was decided at the last council meeting?")
    assert "Pay Policy be approved" in a.reply
    assert "Pay Policy be approved" in say(db, "what did the last full council decide?").reply


def test_what_a_body_decided_comes_from_its_latest_meeting_with_decisions(db, calendar):
    # Two past audit meetings: the later one's minutes are not in yet, so its decisions are unknown.
    doc = add_document(db, "Audit minutes")
    march = add_meeting(db, "Audit Committee", "2021-03-16 18:00")
    add_meeting(db, "Audit Committee", "2021-06-08 18:00")
    db["decisions"].insert({"meeting_id": march, "document_id": doc, "minute": "7", "item_title": "External Audit Plan",
                            "text": "RESOLVED that the External Audit Plan be noted."})
    a = say(db, "what did the audit committee decide")
    assert a.answered and "External Audit Plan be noted" in a.reply and "16 March 2021" in a.reply
    # Relative to now: asked before the March meeting, there is nothing earlier to report.
    assert "External Audit Plan" not in say(db, "What did the audit committee decide?", now="2021-03-01T10:00:00+00:00").reply
    assert "Pay Policy be approved" in say(db, "What has the council decided?").reply
    # A topic still belongs to the papers.
    assert meetings.answer_question(services(db), "What did the audit committee decide about the auditor's fees?") is None


def test_meetings_command_offers_buttons_within_telegram_limits(db, calendar):
    [reply] = meetings.upcoming(services(db))
    assert "Executive" in reply.text and "(cancelled)" in reply.text
    data = [b.data for row in reply.buttons for b in row]
    assert f"meeting:{calendar['council_jul']}:agenda" in data
    assert all(len(d.encode()) <= 64 for d in data)


def test_meeting_buttons_answer_past_and_unknown_meetings_politely(db, calendar):
    past = meetings.choice(services(db, "2021-08-01T09:00:00+01:00"), f"{calendar['council_jul']}:details")
    assert "already taken place" in past[0].text
    assert "can't find that meeting" in meetings.choice(services(db), "99999:agenda")[0].text
    assert "can't find that meeting" in meetings.choice(services(db), "junk")[0].text


def test_topic_questions_are_left_to_the_papers(db, calendar):
    assert meetings.answer_question(services(db), "Who chaired the extraordinary county council meeting?") is None
    assert meetings.answer_question(services(db), "What did the council decide about devolution?") is None


def test_no_upcoming_meeting_gives_the_most_recent_and_where_to_look(db, calendar):
    a = say(db, "When is the next council meeting?", now="2026-03-02T09:00:00+00:00")
    assert not a.answered
    assert "No upcoming meeting of Council has been published yet" in a.reply
    assert "Wednesday 13 October 2021 at 7.15pm" in a.reply and "Council Chamber" in a.reply
    assert "https://democracy.stevenage.gov.uk" in a.reply
    a = say(db, "When is the next audit committee?", now="2026-03-02T09:00:00+00:00")
    assert "Audit Committee" in a.reply and "Tuesday 21 September 2021" in a.reply


def test_no_earlier_meeting_gives_the_next_one(db, calendar):
    a = say(db, "When was the last audit committee meeting?", now="2021-07-01T09:00:00+01:00")
    assert not a.answered and "Tuesday 21 September 2021" in a.reply


def test_details_of_a_later_meeting_do_not_call_it_the_next_one(db, calendar):
    [reply] = meetings.choice(services(db), f"{calendar['exec_sep']}:details")
    assert "next meeting" not in reply.text
    assert reply.text.startswith("Executive meets on Wednesday 8 September 2021 at 2.30pm")


def test_a_meeting_time_reads_the_same_in_meeting_and_question_replies(db, calendar):
    [listing] = meetings.upcoming(services(db))
    assert "Cabinet: Thursday 29 July 2021 at 10am" in listing.text
    assert ".00pm" not in listing.text and ".00am" not in listing.text


def test_a_body_with_no_meetings_known_is_not_answered_with_another_bodys_meeting(db, calendar):
    for q in ("When is the next licensing committee meeting?", "when does the health and wellbeing board meet?",
              "What's on the agenda for the next standards committee?"):
        a = say(db, q)
        assert not a.answered, q
        assert "Council" not in a.reply and "Executive" not in a.reply, q
    assert "Executive" in say(db, "When is the next Executive meeting?").reply


def test_what_a_meeting_is_about_is_its_agenda(db, calendar):
    a = say(db, "What's the next full council meeting about?")
    assert a.answered and "Employee Code of Conduct" in a.reply


def test_a_past_meeting_of_a_body_the_calendar_lacks_is_looked_up_in_the_papers(db, calendar):
    from answer_helpers import papers_with
    papers_with(db, ["The Citizens Panel on Climate Change met over four sessions from 26th to 29th October 2020."])
    a = say(db, "When did the citizens panel on climate change meet?")
    assert a.answered and "26th to 29th October 2020" in a.reply
    nxt = say(db, "When does the citizens panel next meet?")
    assert not nxt.answered and "October 2020" not in nxt.reply


def test_a_question_naming_a_body_but_asking_about_a_topic_goes_to_the_papers(db, calendar):
    from answer_helpers import papers_with
    papers_with(db, ["That a report on the electric bus feasibility study be brought to the Executive no later "
                     "than the first quarter of 2022."])
    a = say(db, "When does the council want the report on the electric bus feasibility study by?")
    assert a.answered and "first quarter of 2022" in a.reply
    assert "21 July 2021" in say(db, "When is the next council?").reply
    assert "Shimkent Room" in say(db, "where's the audit committee held?", now="2021-09-01T10:00:00+01:00").reply


def test_a_meeting_says_when_it_is_scheduled_to_end_when_the_papers_do(db, calendar):
    db.execute("UPDATE meetings SET ends = '21:30' WHERE id = ?", [calendar["council_jul"]])
    a = say(db, "What time is the next council meeting meant to finish?")
    assert "21 July 2021 at 7.15pm (scheduled to end at 9.30pm)" in a.reply
    assert "scheduled to end" not in say(db, "When is the next Executive meeting?").reply


def test_motions_on_the_agenda_are_named(db, calendar):
    doc = add_document(db, "Council agenda pack")
    add_item(db, calendar["council_jul"], doc, "9", "NOTICE OF MOTIONS")
    for title in ("Electric Bus Link", "Supporting tougher action on pet thefts", "Electric Bus Link – amendment"):
        db["motions"].insert({"meeting_id": calendar["council_jul"], "document_id": doc, "item_number": "9",
                              "title": title, "text": "That this Council ..."})
    for q in ("Are there any motions at this week's council meeting?",
              "What are councillors discussing at the council meeting next week?"):
        a = say(db, q)
        assert "9. Notice of Motions: Electric Bus Link; Supporting tougher action on pet thefts" in a.reply, q
        assert "amendment" not in a.reply


def test_the_councils_own_name_says_whose_meeting_not_what_about(db, calendar):
    from answer_helpers import papers_with
    from knowledge import debates
    papers_with(db, ["Stevenage Borough Council (SBC) is the local authority for the town."] + [
        f"Stevenage Borough Council {x}." for x in ("agreed the budget", "met in July", "set the rent", "thanked staff")])
    found = debates.agenda_items_about(db, "When will Stevenage Borough Council debate the code of conduct?")
    assert (calendar["council_jul"], "Employee Code of Conduct") in found
    assert not debates.agenda_items_about(db, "When is the next Stevenage Borough Council meeting?")


def test_a_topic_the_papers_lack_is_not_passed_off_as_the_next_meeting(db, calendar):
    from answer_helpers import papers_with
    papers_with(db, ["Members congratulated Councillor Gardner on his election as Vice-chair of the committee."])
    add_item(db, calendar["audit"], add_document(db, "Audit agenda"), "2", "Election of Vice-chair")
    a = say(db, "When are the next Stevenage borough council elections?")
    # Not the audit committee's vice-chair election, nor "the next council" as if it were the answer.
    assert not a.answered and "Vice-chair" not in a.reply
    assert a.reply.startswith("I couldn't find an answer") and "21 July 2021" in a.reply
    # Words about the sitting itself are no topic the papers must know: the calendar answers them.
    a = say(db, "Is the next audit committee on Zoom or in the Shimkent Room?")
    assert a.answered and "21 September 2021" in a.reply and "Shimkent Room" in a.reply
    # A body's own agenda item still answers "when will it ...".
    assert "Election of Vice-chair" in say(db, "When will the audit committee hold the election of its vice-chair?").reply


def test_is_it_debating_a_topic_names_the_motion_on_the_agenda(db, calendar):
    from answer_helpers import FILLER
    doc = add_document(db, "Council agenda pack")
    add_item(db, calendar["council_jul"], doc, "9", "NOTICE OF MOTIONS")
    for title in ("Electric Bus Link", "Supporting tougher action on pet thefts"):
        db["motions"].insert({"meeting_id": calendar["council_jul"], "document_id": doc, "item_number": "9",
                              "title": title, "text": "That this Council ..."})
    for text in ["Motion: Supporting tougher action on pet thefts. At its next meeting the Council will be debating "
                 "pet theft, which is rising, and calls for tougher sentences for pet theft."] + FILLER * 4:
        db["passages"].insert({"document_id": doc, "document_title": "Council agenda pack", "page": 3, "text": text,
                               "meeting_id": calendar["council_jul"], "meeting_label": "Council, 21 July 2021",
                               "item_number": "9", "item_title": "NOTICE OF MOTIONS"})
    a = say(db, "Is the council debating anything about pet theft at its next meeting?")
    assert a.answered and "Supporting tougher action on pet thefts" in a.reply and "21 July 2021" in a.reply
    assert "Electric Bus Link" not in a.reply
