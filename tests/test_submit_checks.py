"""Public questions: deadlines, screening and limits, then what happens to a question afterwards
(a failed commit, /forget, the retention job, the deadline digest). Fixtures are in conftest.py."""
from __future__ import annotations

from handlers import dispatch, submissions, submissions_jobs
from handlers.messages import Inbound, Services
from submit_helpers import BEFORE, Resident, add_meeting, add_paper_question, at, attachment_json, outbox


def test_after_the_deadline_the_meeting_is_refused_with_its_deadline_and_the_next_open_meeting(resident, meetings):
    resident.now = at(2025, 7, 4, 12, 0)               # noon on the last day: too late
    shown = resident.say("/submit")
    assert "Too late for Council, Wednesday 16 July 2025 at 7pm: questions closed at 12 noon on Friday 4 July 2025" in shown
    assert f"flow:submit:m:{meetings['july']}" not in resident.buttons()
    # A button from an older list still names the July meeting.
    reply = resident.say(choice=f"flow:submit:m:{meetings['july']}")
    assert "too late to ask a question at Council, Wednesday 16 July 2025" in reply
    assert "Questions had to arrive by 12 noon on Friday 4 July 2025" in reply
    assert "next meeting still taking questions is Council, Wednesday 24 September 2025" in reply


def test_one_minute_before_noon_the_meeting_is_still_open(resident, meetings):
    resident.now = at(2025, 7, 4, 11, 59)
    resident.say("/submit")
    assert f"flow:submit:m:{meetings['july']}" in resident.buttons()


def test_deadline_passing_mid_draft_refuses_on_confirm_and_keeps_the_draft_for_the_next_meeting(resident, meetings):
    resident.now = at(2025, 7, 4, 11, 50)
    resident.fill_in(question="What is the council doing about pet theft?")
    resident.now = at(2025, 7, 4, 12, 1)
    reply = resident.press("Confirm")
    assert "too late" in reply and "kept what you wrote" in reply
    assert submissions.find(resident.db) == [] and outbox(resident.db) == {}
    review = resident.press("24 Sep")
    assert "Please check your question" in review and "pet theft" in review
    assert "PQ-2025-0001" in resident.press("Confirm")
    assert submissions.get(resident.db, "PQ-2025-0001").meeting_id == meetings["september"]


def test_over_the_word_limit_is_refused_and_asked_again(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    reply = resident.say(" ".join(["word"] * 101) + "?")
    assert "101 words" in reply and "limit is 100 words" in reply
    assert "full name" in resident.say("What is the council doing about pet theft?")


def test_a_second_question_to_the_same_meeting_is_refused(db_path, resident, meetings):
    resident.submit()
    resident.say("/submit")
    assert "already sent 1 question to this meeting" in resident.press("16 Jul")
    # The same person from another chat is caught by their email address.
    other = Resident(db_path, BEFORE, chat="other-phone")
    other.say("/submit")
    other.press("16 Jul")
    for answer in ("When will the Bedwell play area reopen?", "Jane Resident", "SG1 1HN"):
        other.say(answer)
    assert "already sent 1 question" in other.say("JANE@example.org")
    assert len(submissions.find(resident.db)) == 1
    other.db.conn.close()


def test_near_duplicate_of_a_recent_question_in_the_papers_is_shown_and_the_resident_can_go_on(resident, meetings):
    last_time = add_meeting(resident.db, "Council", at(2025, 3, 19, 19, 0))
    add_paper_question(resident.db, last_time, "Mr A Smith",
                       "What action is the Council taking to tackle pet theft in Stevenage?")
    resident.say("/submit")
    resident.press("16 Jul")
    reply = resident.say("What is the council doing about pet theft in Stevenage?")
    assert "A similar question was asked recently (Council, Wednesday 19 March 2025)" in reply
    assert "tackle pet theft" in reply and "You can still go on" in reply
    assert "full name" in reply


def test_questions_older_than_the_duplicate_window_are_not_flagged(resident):
    long_ago = add_meeting(resident.db, "Council", at(2024, 7, 17, 19, 0))
    add_paper_question(resident.db, long_ago, "Mr A Smith",
                       "What action is the Council taking to tackle pet theft in Stevenage?")
    resident.say("/submit")
    resident.press("16 Jul")
    assert "similar question" not in resident.say("What is the council doing about pet theft in Stevenage?")


def test_planning_application_and_phone_number_are_warned_and_passed_to_staff(resident):
    question = ("Why did the council approve planning application 21/00123/FP next to my house? "
                "Ring me on 07700 900123.")
    resident.say("/submit")
    resident.press("16 Jul")
    reply = resident.say(question)
    assert "planning application" in reply and "phone number" in reply and "full name" in reply
    for answer in ("Jane Resident", "SG1 1HN", "jane@example.org"):
        resident.say(answer)
    resident.press("Skip")
    resident.press("Skip")
    review = resident.press("I agree")
    assert "Points staff will look at" in review
    resident.press("Confirm")
    body = outbox(resident.db)["submission:PQ-2025-0001:dems"]["body"]
    assert "may be about planning" in body and "looks like a phone number" in body


def test_bad_name_address_and_email_get_a_polite_reprompt(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    resident.say("What is the council doing about pet theft?")
    assert "first name and surname" in resident.say("Jane")
    resident.say("Jane Resident")
    assert "postcode (like" in resident.say("here")
    assert "What is your email" in resident.say("sg1 1hn")
    assert "doesn't look like an email" in resident.say("jane@example")
    assert "phone number" in resident.say("jane@example.org")
    assert "UK phone number" in resident.say("not a number")


def test_a_failure_while_queueing_the_email_stores_nothing_and_keeps_the_draft(resident):
    resident.fill_in(question="What is the council doing about pet theft?")

    def broken_send(out):
        raise OSError("disk full")

    svc = Services(resident.db, resident.cfg.settings, resident.now, broken_send)
    replies = dispatch.handle(svc, Inbound("console", resident.chat, resident.chat, choice="flow:submit:ok"))
    assert "NOT sent" in replies[0].text
    assert submissions.find(resident.db) == [] and outbox(resident.db) == {}
    assert "PQ-2025-0001" in resident.say(choice="flow:submit:ok")   # the reference was not used up


def test_forget_keeps_a_question_for_a_meeting_to_come_and_erases_past_ones(resident):
    resident.submit()
    resident.say("/forget")
    reply = resident.press("Yes")
    assert "PQ-2025-0001" in reply and "kept until the meeting" in reply
    assert submissions.get(resident.db, "PQ-2025-0001").address == "SG1 1HN"
    resident.now = at(2025, 7, 17, 9, 0)               # the day after the meeting
    resident.say("/forget")
    reply = resident.press("Yes")
    assert "stay in the council's published papers" in reply
    sub = submissions.get(resident.db, "PQ-2025-0001")
    assert (sub.address, sub.email, sub.sender) == (None, None, None)
    assert sub.name == "Jane Resident" and "pet theft" in sub.question


def test_retention_job_erases_contact_details_twelve_months_after_the_meeting(resident):
    resident.submit()
    job = resident.services()
    job.now = at(2026, 7, 16, 18, 59)
    assert submissions_jobs.erase_expired_personal_data(job) == 0
    job.now = at(2026, 7, 16, 19, 0)
    assert submissions_jobs.erase_expired_personal_data(job) == 1
    sub = submissions.get(resident.db, "PQ-2025-0001")
    assert (sub.address, sub.email, sub.phone, sub.erased_at) == (None, None, None, job.now.isoformat())
    assert sub.name == "Jane Resident"
    assert submissions_jobs.erase_expired_personal_data(job) == 0


def test_deadline_digest_lists_the_meetings_questions_once(db_path, resident, meetings):
    resident.submit()
    Resident(db_path, BEFORE, chat="b").submit(question="When will the Bedwell play area reopen?",
                                               name="Sam Other", email="sam@example.org")
    job = resident.services()
    assert [m for m, _ in submissions_jobs.upcoming_deadlines(job)][:1] == [meetings["july"]]
    assert submissions_jobs.digests_due(job) == []
    assert submissions_jobs.send_deadline_digest(job, meetings["july"]) is False   # not yet
    job.now = at(2025, 7, 4, 12, 0)
    assert submissions_jobs.digests_due(job) == [meetings["july"]]
    assert submissions_jobs.send_deadline_digest(job, meetings["july"]) is True
    assert submissions_jobs.send_deadline_digest(job, meetings["july"]) is False
    assert submissions_jobs.digests_due(job) == []
    digest = outbox(resident.db)[f"digest:meeting:{meetings['july']}"]
    assert "PQ-2025-0001" in digest["body"] and "PQ-2025-0002" in digest["body"]
    assert len(attachment_json(digest)["questions"]) == 2
    assert {s.status for s in submissions.find(resident.db)} == {"sent"}


def test_meeting_buttons_name_the_year_only_when_it_is_not_this_year(db_path):
    r = Resident(db_path, at(2024, 11, 1, 10, 0))
    kent = add_meeting(r.db, "Kent", at(2025, 1, 9, 19, 0))     # closes Fri 27 Dec 2024: this year
    add_meeting(r.db, "Council", at(2024, 11, 27, 19, 0))
    shown = r.say("/submit")
    labels = [b.label for reply in r.seen for row in reply.buttons for b in row]
    assert "Kent Thu 9 Jan 2025 (closes Fri 27 Dec)" in labels
    assert any(label.startswith("Council Wed 27 Nov (closes") and "2024" not in label for label in labels)
    assert "Kent, Thursday 9 January 2025 at 7pm – questions close at 12 noon on Friday 27 December 2024" in shown
    assert f"flow:submit:m:{kent}" in r.buttons() and max(len(d.encode()) for d in r.buttons()) <= 64
    assert max(len(label) for label in labels) <= 64
    r.db.conn.close()


def test_too_late_lines_are_shown_once_a_draft_not_again_on_change_meeting(resident):
    resident.now = at(2025, 7, 4, 12, 0)               # the July Council meeting has closed
    assert "Too late for Council, Wednesday 16 July 2025" in resident.say("/submit")
    review = resident.fill_in(meeting_button="24 Sep")
    assert "Please check your question" in review and "Too late" not in review
    again = resident.press("Change meeting")
    assert "Which meeting is your question for?" in again and "Too late" not in again
    assert "Too late for Council, Wednesday 16 July 2025" in resident.say("/submit")   # a new draft


EV = "What is the council doing to install more electric car charging points in the town centre car parks?"


def test_a_councillors_recent_question_on_the_same_subject_is_shown_with_who_asked_it(db_path):
    r = Resident(db_path, at(2021, 9, 1, 10, 0))
    july = add_meeting(r.db, "Council", at(2021, 7, 21, 19, 0))
    add_meeting(r.db, "Council", at(2021, 9, 22, 19, 0))
    qid = add_paper_question(r.db, july, "Councillor Nicholas Leech",
                             "How would you describe your record on delivering more electric car charging devices?")
    r.db.execute("UPDATE questions SET kind = 'member' WHERE id = ?", [qid])
    r.say("/submit")
    r.press("22 Sep")
    reply = r.say(EV)
    assert ("A similar question was asked recently (Council, Wednesday 21 July 2021, asked by "
            "Councillor Nicholas Leech)") in reply
    assert "electric car charging devices" in reply and "full name" in reply    # advisory: the resident goes on
    r.db.conn.close()


def test_questions_sharing_only_phrasing_and_place_are_not_flagged(resident):
    earlier = add_meeting(resident.db, "Council", at(2025, 3, 19, 19, 0))
    for text in ("What is the council doing about litter in the town centre car parks?",
                 "What is the council doing about pet theft in the town centre?"):
        add_paper_question(resident.db, earlier, "Mr A Smith", text)
    resident.say("/submit")
    resident.press("16 Jul")
    assert "similar question" not in resident.say(EV)
    resident.say("/submit")
    resident.press("16 Jul")
    assert "similar question" not in resident.say("What is the council doing about dog fouling in the town centre?")
