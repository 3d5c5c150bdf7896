"""Submitting a public question, end to end through dispatch on a real SQLite file (and the console)."""
from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from bot.channels.console import ConsoleChannel
from bot.config import Config
from bot.db import DatabaseThread
from bot.services import make_services
from handlers import dispatch, rules, submissions, submissions_jobs
from handlers.messages import Inbound, Services
from submit_helpers import Resident, add_meeting, add_paper_question, at, attachment_json, outbox

BEFORE = at(2025, 7, 1, 10, 0)          # the July Council meeting's deadline is noon on Fri 4 July


@pytest.fixture
def meetings(db):
    """Two Council meetings, a cancelled one and a Cabinet meeting, as the ingest writes them."""
    ids = {"july": add_meeting(db, "Council", at(2025, 7, 16, 19, 0)),
           "september": add_meeting(db, "Council", at(2025, 9, 24, 19, 0)),
           "cabinet": add_meeting(db, "Cabinet", at(2025, 7, 23, 18, 0)),
           "cancelled": add_meeting(db, "Council", at(2025, 8, 6, 19, 0), status="cancelled")}
    return ids


@pytest.fixture
def resident(db_path, meetings):
    r = Resident(db_path, BEFORE)
    yield r
    r.db.conn.close()


def test_resident_submits_a_question_and_it_is_stored_and_queued_for_democratic_services(resident, meetings):
    shown = resident.say("/submit")
    assert "Council, Wednesday 16 July 2025 at 7pm – questions close at 12 noon on Friday 4 July 2025" in shown
    assert "6 August" not in shown                       # cancelled meetings are not offered
    reply = resident.submit()
    assert "Reference: PQ-2025-0001" in reply and "Council, Wednesday 16 July 2025 at 7pm" in reply
    assert "What happens next" in reply and "jane@example.org" in reply

    sub = submissions.get(resident.db, "PQ-2025-0001")
    assert (sub.meeting_id, sub.name, sub.address, sub.email, sub.status) == \
        (meetings["july"], "Jane Resident", "SG1 1HN", "jane@example.org", "received")
    sent = outbox(resident.db)
    dems = sent["submission:PQ-2025-0001:dems"]
    assert dems["recipient"] == Config().email.democratic_services and dems["reply_to"] == "jane@example.org"
    assert "Name:        Jane Resident" in dems["body"] and "Address:     SG1 1HN" in dems["body"]
    data = attachment_json(dems)
    assert data["reference"] == "PQ-2025-0001" and data["asker"]["address"] == "SG1 1HN"
    assert data["question"] == "What is the council doing about pet theft in Stevenage?"
    assert sent["submission:PQ-2025-0001:resident"]["recipient"] == "jane@example.org"
    assert list(resident.db.query("SELECT * FROM conversations")) == []


def test_publication_notice_says_name_and_question_are_published_never_the_address(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    for answer in ("Is the council going to fix the Fairlands Way potholes?", "Jane Resident", "SG1 1HN",
                   "jane@example.org"):
        resident.say(answer)
    resident.press("Skip")
    notice = resident.press("Skip")
    assert "name and question will be published" in notice and "never published" in notice
    assert "live, work or study" in notice


def test_references_count_up_within_a_year(db_path, meetings):
    first = Resident(db_path, BEFORE, chat="a")
    second = Resident(db_path, BEFORE, chat="b")
    assert "PQ-2025-0001" in first.submit(email="a@example.org")
    assert "PQ-2025-0002" in second.submit(question="When will the Bedwell play area reopen after repairs?",
                                           email="b@example.org")


def test_free_text_intent_starts_the_flow(resident):
    assert "Which meeting is your question for?" in resident.say("I want to ask a question at the council meeting")


def test_every_button_fits_telegram_callback_data(resident):
    datas = []
    resident.say("/submit")
    datas += resident.buttons()
    resident.press("16 Jul")
    for answer in ("Why is the leisure centre closing early?", "Jane Resident", "SG1 1HN", "jane@example.org"):
        datas += resident.buttons()
        resident.say(answer)
    for label in ("Skip", "Skip", "I agree"):
        datas += resident.buttons()
        resident.press(label)
    datas += resident.buttons()
    assert datas and max(len(d.encode()) for d in datas) <= 64
    assert all(d.startswith("flow:submit:") for d in datas)


def test_edit_from_review_changes_the_answer_and_returns_to_review(resident, meetings):
    assert "Please check your question" in resident.fill_in(question="What is the council doing about pet theft?")
    assert "Please type your question" in resident.press("Edit question")
    review = resident.say("What is the council doing about dog fouling in the town centre?")
    assert "Please check your question" in review and "dog fouling" in review and "pet theft" not in review
    resident.press("Edit email")
    assert "doesn't look like an email" in resident.say("jane at example")
    assert "Email: jane.r@example.org" in resident.say("jane.r@example.org")
    assert "Which meeting" in resident.press("Change meeting")
    review = resident.press("24 Sep")
    assert "Please check your question" in review and "24 September 2025" in review
    resident.press("Confirm")
    sub = submissions.get(resident.db, "PQ-2025-0001")
    assert (sub.meeting_id, sub.email) == (meetings["september"], "jane.r@example.org")
    assert "dog fouling" in sub.question


def test_cancel_deletes_the_draft_and_sends_nothing(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    resident.say("What is the council doing about pet theft?")
    assert "deleted" in resident.press("Cancel")
    assert list(resident.db.query("SELECT * FROM conversations")) == []
    assert submissions.find(resident.db) == [] and outbox(resident.db) == {}


def test_draft_survives_a_restart(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    resident.say("What is the council doing about pet theft?")
    resident.restart()                      # a new process on the same database file
    assert "postal address or postcode" in resident.say("Jane Resident")
    resident.restart()
    resident.say("12 High Street, Old Town, Stevenage")
    resident.say("jane@example.org")
    resident.press("Skip")
    resident.press("Skip")
    resident.press("I agree")
    assert "PQ-2025-0001" in resident.press("Confirm")
    assert submissions.get(resident.db, "PQ-2025-0001").address == "12 High Street, Old Town, Stevenage"


def test_a_draft_left_for_more_than_a_day_is_discarded_and_the_resident_told_why(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    resident.say("What is the council doing about pet theft?")
    resident.now += timedelta(hours=25)
    reply = resident.say("Jane Resident")
    assert "deleted because it was left for more than 24 hours" in reply
    assert list(resident.db.query("SELECT * FROM conversations")) == []


def test_expiry_job_wipes_the_details_at_once_and_the_next_message_explains(resident):
    resident.say("/submit")
    resident.press("16 Jul")
    resident.say("What is the council doing about pet theft?")
    resident.say("Jane Resident")
    job = resident.services()
    assert submissions_jobs.expire_drafts(job) == 0
    job.now = resident.now + timedelta(hours=24, minutes=1)
    assert submissions_jobs.expire_drafts(job) == 1
    row = next(resident.db.query("SELECT * FROM conversations"))
    assert "Jane" not in row["data"] and "pet theft" not in row["data"]
    resident.now += timedelta(hours=30)
    assert "Type /submit to start again" in resident.say("SG1 1HN")


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


async def test_the_whole_flow_on_the_console_channel(db_path, meetings):
    lines = ["/submit", "1", "What is the council doing about pet theft?", "Jane Resident", "SG1 1HN",
             "jane@example.org", "1", "1", "1", "1"]      # skip phone, skip member, agree, confirm
    out = io.StringIO()
    dbt = DatabaseThread(db_path)
    try:
        cfg = Config()
        chan = ConsoleChannel(dbt, lambda db, now: make_services(cfg, db, now), lambda: BEFORE,
                              stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
        await chan.serve()
        count = await dbt.run(lambda db: db.execute("SELECT count(*) FROM outbox").fetchone()[0])
    finally:
        dbt.close()
    text = out.getvalue()
    assert "[1] Council Wed 16 Jul (closes Fri 4 Jul)" in text
    assert "Reference: PQ-2025-0001" in text
    assert count == 2


def test_an_email_resident_can_use_the_address_they_wrote_from(db_path, meetings):
    r = Resident(db_path, BEFORE, channel="email", chat="sam@example.org")
    r.say("/submit")
    r.press("16 Jul")
    for answer in ("What is the council doing about pet theft?", "Sam Other", "SG2 8AB"):
        r.say(answer)
    assert "Use this email address" in [b.label for row in r.seen[0].buttons for b in row]
    r.press("Use this email")
    r.press("Skip")
    r.press("Skip")
    r.press("I agree")
    r.press("Confirm")
    sub = submissions.get(r.db, "PQ-2025-0001")
    assert (sub.email, sub.channel) == ("sam@example.org", "email")
    assert json.loads(outbox(r.db)["submission:PQ-2025-0001:dems"]["headers"])["X-Councilbot-Reference"] == "PQ-2025-0001"
    r.db.conn.close()


def test_submit_with_a_body_name_offers_only_that_bodys_meetings(resident, meetings):
    shown = resident.say("/submit cabinet")
    assert "Cabinet, Wednesday 23 July 2025 at 6pm" in shown and "Council, Wednesday 16 July" not in shown


def test_with_no_meeting_open_the_resident_is_told_who_to_contact(db_path):
    r = Resident(db_path, BEFORE)
    reply = r.say("/submit")
    assert "No meeting is taking public questions" in reply and "committees@stevenage.gov.uk" in reply
    assert list(r.db.query("SELECT * FROM conversations")) == []
    r.db.conn.close()


def test_a_body_that_takes_no_questions_is_not_offered(db_path, meetings):
    cfg = Config()
    cfg.settings.questions = rules.from_table({"bodies": {"Cabinet": {"accepts_questions": False}}})
    r = Resident(db_path, BEFORE, cfg=cfg)
    assert "Cabinet" not in r.say("/submit")
    r.db.conn.close()


def test_a_meeting_is_named_with_its_date_once():
    from handlers.submissions import meeting_label

    label = meeting_label("Council, 21 July 2021", "2021-07-21T19:15:00+01:00")
    assert label.count("21 July 2021") == 1 and label.startswith("Council, Wednesday 21 July 2021")
    assert "(extraordinary)" in meeting_label("County Council (extraordinary), 9 January 2025",
                                              "2025-01-09T10:00:00+00:00")
