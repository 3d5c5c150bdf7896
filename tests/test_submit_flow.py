"""Submitting a public question, end to end through dispatch on a real SQLite file (and the console).

The `meetings` and `resident` fixtures are in conftest.py; deadlines, screening and what happens to a
question afterwards are in test_submit_checks.py.
"""
from __future__ import annotations

import io
import json
from datetime import timedelta

from bot.channels.console import ConsoleChannel
from bot.config import Config
from bot.db import DatabaseThread
from bot.services import make_services
from handlers import rules, submissions, submissions_jobs
from submit_helpers import BEFORE, Resident, attachment_json, outbox


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
