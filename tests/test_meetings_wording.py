"""Meeting questions in residents' own words: agendas asked with other verbs, and "full council" when the
papers hold more than one council (a borough's "Council" and a county's "County Council")."""
from __future__ import annotations

import pytest

from answer_helpers import add_document, add_item, add_meeting, papers_with, services
from handlers import answer as ans
from handlers import meetings

BOROUGH = "Council Chamber, Daneshill House"
COUNTY = "Council Chamber, County Hall, Maidstone"


@pytest.fixture
def two_councils(db):
    doc = add_document(db)
    ids = {
        "borough_dec": add_meeting(db, "Council", "2024-12-11 19:15", venue=BOROUGH),
        "borough_feb": add_meeting(db, "Council", "2025-02-26 19:15", venue=BOROUGH),
        "county_dec": add_meeting(db, "County Council", "2024-12-12 10:00", venue=COUNTY),
        "county_jan": add_meeting(db, "County Council", "2025-01-09 10:00", venue=COUNTY, kind="extraordinary"),
        "county_feb": add_meeting(db, "County Council", "2025-02-13 10:00", venue=COUNTY),
        "cabinet_dec": add_meeting(db, "Cabinet", "2024-12-05 10:00", venue="Sessions House"),
        "cabinet_jan": add_meeting(db, "Cabinet", "2025-01-30 10:00", venue="Sessions House"),
        "audit": add_meeting(db, "Audit Committee", "2025-01-07 14:00", venue="Darent Room"),
        "youth": add_meeting(db, "Youth Council", "2025-01-04 11:00", venue="Youth Hub"),
    }
    add_item(db, ids["county_jan"], doc, "3", "English Devolution White Paper")
    add_item(db, ids["cabinet_jan"], doc, "4", "Revenue Budget 2025-26")
    add_item(db, ids["cabinet_jan"], doc, "5", "Highways Term Maintenance Contract")
    db["decisions"].insert({"meeting_id": ids["cabinet_dec"], "document_id": doc, "minute": "12",
                            "item_title": "Winter Service Plan", "text": "RESOLVED that the Winter Service Plan be agreed."})
    return ids


def say(db, q, now):
    return ans.answer(services(db, now), q)


def test_full_council_is_whichever_full_council_meets_next(db, two_councils):
    a = say(db, "Where is the extraordinary full council meeting being held and what time does it start?",
            now="2025-01-03T14:00:00+00:00")
    assert a.answered
    assert "Thursday 9 January 2025 at 10am" in a.reply and "County Hall, Maidstone" in a.reply
    for q in ("When is the next full council meeting?", "When's the council meeting?", "when does full council meet?"):
        a = say(db, q, now="2025-01-03T14:00:00+00:00")
        assert a.answered and "9 January 2025" in a.reply, q
        assert not any(w in a.reply for w in ("Youth", "Audit", "Cabinet")), q
    # After the county's meeting, the next full council is the county's February one, before the borough's.
    assert "Thursday 13 February 2025" in say(db, "When is the next council meeting?", now="2025-01-10T09:00:00+00:00").reply
    assert "Wednesday 26 February 2025" in say(db, "When is the next council meeting?",
                                               now="2025-02-14T09:00:00+00:00").reply


def test_last_full_council_looks_back_across_councils(db, two_councils):
    a = say(db, "When was the last full council meeting?", now="2025-01-10T09:00:00+00:00")
    assert a.answered and "9 January 2025" in a.reply and "County Hall" in a.reply
    assert "12 December 2024" in say(db, "where was the council meeting held?", now="2025-01-02T09:00:00+00:00").reply


def test_a_named_kind_of_council_keeps_to_that_council(db, two_councils):
    now = "2025-01-03T14:00:00+00:00"
    # The bot's own council is Stevenage Borough Council, whose full council is the body called "Council".
    a = say(db, "When is Stevenage Borough Council's next meeting?", now=now)
    assert "Wednesday 26 February 2025 at 7.15pm" in a.reply and "Daneshill House" in a.reply
    assert "9 January 2025" in say(db, "When is the next county council meeting?", now=now).reply
    assert "Darent Room" in say(db, "When is the next audit committee?", now=now).reply


def test_extraordinary_prefers_the_extraordinary_meeting(db, two_councils):
    a = say(db, "When is the extraordinary council meeting?", now="2024-12-01T09:00:00+00:00")
    assert "9 January 2025" in a.reply and "11 December" not in a.reply and "12 December" not in a.reply
    assert "special" not in a.reply and "(extraordinary)" in a.reply
    # Once it has been held, "the extraordinary meeting" is still that one, not the next ordinary meeting.
    later = say(db, "Where is the special full council meeting?", now="2025-01-20T09:00:00+00:00")
    assert "9 January 2025" in later.reply and "13 February" not in later.reply
    # No extraordinary meeting of the body at all: its next meeting.
    assert "7 January 2025" in say(db, "When is the extraordinary audit committee?", now="2025-01-03T14:00:00+00:00").reply


@pytest.mark.parametrize("q", [
    "What is Kent's cabinet discussing at its meeting this week?",
    "What's the cabinet going to discuss on Thursday?",
    "what is cabinet considering this week",
    "What will the cabinet be talking about?",
    "what's the cabinet looking at tomorrow?",
    "What are they debating at cabinet this week?",
    "What business is the cabinet covering this month?",
    "what's coming up at cabinet?",
    "Can you tell me what's on at the cabinet this week?",
    "What reports are going to cabinet this week?",
    "What are the main items at cabinet?",
    # A decision still to be taken: what is before the meeting.
    "what is the cabinet deciding this week?",
    "What's the cabinet going to decide on Thursday?",
    # Residents' spelling: "whats" without its apostrophe.
    "whats cabinet discussing on thursday",
])
def test_agenda_asked_with_other_verbs_lists_the_next_meetings_items(db, two_councils, q):
    a = say(db, q, now="2025-01-27T10:00:00+00:00")
    assert a.answered, q
    assert "30 January 2025" in a.reply and "Revenue Budget 2025-26" in a.reply, q
    assert "Highways Term Maintenance Contract" in a.reply, q


def test_what_the_full_council_is_discussing_is_its_next_agenda(db, two_councils):
    a = say(db, "What is the full council discussing this week?", now="2025-01-06T09:00:00+00:00")
    assert a.answered and "English Devolution White Paper" in a.reply and "9 January 2025" in a.reply


def test_what_a_meeting_is_being_asked_to_discuss_is_its_agenda(db, two_councils):
    a = say(db, "What is the county council being asked to discuss at Thursday's extraordinary meeting?",
            now="2025-01-06T09:00:00+00:00")
    assert a.answered and "English Devolution White Paper" in a.reply and "9 January 2025" in a.reply


def test_a_councils_initials_are_no_topic(db, two_councils):
    a = say(db, "What are KCC councillors discussing at the special meeting next week?", now="2025-01-02T10:00:00+00:00")
    assert a.answered and "English Devolution White Paper" in a.reply and "9 January 2025" in a.reply


def test_past_tense_gives_the_last_meetings_agenda_or_its_decisions(db, two_councils):
    a = say(db, "What did the cabinet discuss last week?", now="2025-02-03T10:00:00+00:00")
    assert a.answered and "Revenue Budget 2025-26" in a.reply and "30 January 2025" in a.reply
    # The December cabinet has no agenda stored, only minutes: what it decided.
    a = say(db, "What did the cabinet talk about?", now="2025-01-20T10:00:00+00:00")
    assert a.answered and "Winter Service Plan be agreed" in a.reply and "5 December 2024" in a.reply
    assert "Winter Service Plan be agreed" in say(db, "What did the cabinet decide on Thursday?",
                                                  now="2025-01-20T10:00:00+00:00").reply


def test_a_topic_asked_with_an_agenda_verb_goes_to_the_papers(db, two_councils):
    papers_with(db, ["Cabinet discussed the school crossing patrol review and asked officers to consult parents."])
    a = say(db, "What did the cabinet discuss about the school crossing patrols?", now="2025-02-03T10:00:00+00:00")
    assert a.answered and "consult parents" in a.reply and "Revenue Budget" not in a.reply
    now = services(db, "2025-01-27T10:00:00+00:00")
    assert meetings.answer_question(now, "What is the council considering on the local plan?") is None
    assert meetings.answer_question(now, "What is the cabinet discussing about potholes this week?") is None


def test_a_meeting_named_by_its_date_is_that_meeting(db, two_councils):
    now = "2025-02-03T10:00:00+00:00"
    # Not simply the last cabinet (30 January, agenda stored): the December one, whose decisions are in.
    a = say(db, "What did the cabinet discuss in December?", now=now)
    assert "Winter Service Plan be agreed" in a.reply and "5 December 2024" in a.reply
    assert "Revenue Budget" not in a.reply
    assert "12 December 2024" in say(db, "Where was the county council meeting on 12 December?", now=now).reply
    # A date ahead is the meeting ahead, even without "next"; a day picks the one of that day.
    assert "13 February 2025" in say(db, "When is the council meeting in February?", now="2025-01-20T10:00:00+00:00").reply
    assert "26 February 2025" in say(db, "Where is the council meeting on 26 February?", now=now).reply
    # "may" is a verb, not the month.
    assert "13 February 2025" in say(db, "When may I come to the next full council meeting?", now=now).reply


def test_a_kind_of_council_the_calendar_lacks_is_not_answered_with_another_body(db, two_councils):
    a = say(db, "When is the next district council meeting?", now="2025-01-03T14:00:00+00:00")
    assert not a.answered and "district council" in a.reply
    assert not any(w in a.reply for w in ("Cabinet", "Audit", "County Council", "9 January"))


def test_when_a_subject_is_debated_is_the_meeting_with_it_on_the_agenda(db, two_councils):
    # The papers mention the subjects (so the words are known) without saying when they are debated.
    papers_with(db, ["The Government published the English Devolution White Paper in December.",
                     "Pressures on the revenue budget continue to grow."])
    a = say(db, "When will councillors debate the devolution white paper?", now="2025-01-03T14:00:00+00:00")
    assert a.answered and "English Devolution White Paper" in a.reply and "Thursday 9 January 2025" in a.reply
    a = say(db, "When is the revenue budget being discussed?", now="2025-01-03T14:00:00+00:00")
    assert a.answered and "Revenue Budget 2025-26" in a.reply and "30 January 2025" in a.reply
    # Once the meeting is past it is named as the one that had it on its agenda.
    a = say(db, "When did the council discuss the devolution white paper?", now="2025-03-01T09:00:00+00:00")
    assert a.answered and "was on the agenda" in a.reply and "9 January 2025" in a.reply
    assert not say(db, "When is my bin collected?", now="2025-01-03T14:00:00+00:00").answered


def test_a_meeting_held_online_says_so(db):
    add_meeting(db, "Audit Committee", "2021-03-24 18:00", venue="Virtual (via Zoom)")
    a = say(db, "Is the audit committee meeting in person or online?", now="2021-03-01T10:00:00+00:00")
    assert a.answered and "24 March 2021" in a.reply and "online: Virtual (via Zoom)" in a.reply


def test_a_place_before_the_body_is_no_topic(db, two_councils):
    for q in ("What is the Kent cabinet going to decide tomorrow?", "What will Kent Cabinet decide?"):
        a = say(db, q, now="2025-01-29T10:00:00+00:00")
        assert a.answered and "Agenda for Cabinet" in a.reply and "Revenue Budget 2025-26" in a.reply, q


def test_when_a_motion_is_debated_is_the_meeting_whose_papers_hold_it(db, two_councils):
    # The agenda item is "Notice of Motions": its title does not name the pet theft motion; its papers do.
    doc = add_document(db, "Council agenda pack")
    papers_with(db, ["The library garden reopened."])
    db["passages"].insert({"document_id": doc, "document_title": "Council agenda pack",
                           "meeting_id": two_councils["borough_feb"], "item_number": "9",
                           "item_title": "Notice of Motions", "page": 3,
                           "text": "Motion: tougher action on pet theft. This Council notes the rise in dog thefts and "
                                   "calls on the Government to make pet theft a specific criminal offence."})
    a = say(db, "When can I go and watch the council debate the pet theft motion?", now="2025-02-01T10:00:00+00:00")
    assert a.answered and "Wednesday 26 February 2025" in a.reply and "Notice of Motions" in a.reply
