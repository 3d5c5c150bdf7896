"""Staff commands for public questions: list, export, set-status (the resident is told) and answer matching."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli
from handlers import submissions
from submit_helpers import BEFORE, Resident, add_meeting, add_paper_question, at, outbox


@pytest.fixture
def submitted(db_path, db):
    """Two questions for the July Council meeting and one for Cabinet, from three residents."""
    ids = {"july": add_meeting(db, "Council", at(2025, 7, 16, 19, 0)),
           "cabinet": add_meeting(db, "Cabinet", at(2025, 7, 23, 18, 0))}
    people = [("a", "Jane Resident", "jane@example.org", "16 Jul", "What is the council doing about pet theft in Stevenage?"),
              ("b", "Sam Other", "sam@example.org", "16 Jul", "When will the Bedwell play area reopen after repairs?"),
              ("c", "Kim Third", "kim@example.org", "23 Jul", "How much did the new bus shelters on the High Street cost?")]
    for chat, name, email, button, question in people:
        r = Resident(db_path, BEFORE, chat=chat, db=db)
        r.submit(question=question, name=name, email=email, meeting_button=button)
    return ids


def cli(capsys, db_path, *args) -> tuple[int, str, str]:
    """`councilbot questions ARGS --db db_path`: (exit status, stdout, stderr)."""
    return run_cli(capsys, "questions", *args, "--db", db_path)


def test_list_shows_every_question_and_filters_by_meeting_and_status(capsys, db_path, submitted):
    code, out, _ = cli(capsys, db_path, "list")
    assert code == 0 and out.count("PQ-2025-") == 3 and "3 question(s)." in out
    code, out, _ = cli(capsys, db_path, "list", "--meeting", str(submitted["july"]))
    assert "PQ-2025-0001" in out and "PQ-2025-0002" in out and "PQ-2025-0003" not in out
    code, out, _ = cli(capsys, db_path, "list", "--status", "accepted")
    assert out.strip() == "No questions match."


def test_export_csv_and_json_carry_the_details_staff_need(capsys, db_path, submitted):
    code, out, _ = cli(capsys, db_path, "export", "--meeting", str(submitted["july"]), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["reference"] for r in rows] == ["PQ-2025-0001", "PQ-2025-0002"]
    assert rows[0]["name"] == "Jane Resident" and rows[0]["address"] == "SG1 1HN" and rows[0]["email"] == "jane@example.org"
    code, out, _ = cli(capsys, db_path, "export", "--meeting", str(submitted["july"]), "--format", "json")
    data = json.loads(out)
    assert [d["asker"]["name"] for d in data] == ["Jane Resident", "Sam Other"]


def test_set_status_rejected_tells_the_resident_with_the_reason(capsys, db_path, db, submitted):
    code, out, _ = cli(capsys, db_path, "set-status", "pq-2025-0002", "rejected",
                       "--reason", "The play area is run by the county council, not us.")
    assert code == 0 and "PQ-2025-0002 is now rejected" in out
    assert submissions.get(db, "PQ-2025-0002").status_reason == "The play area is run by the county council, not us."
    queued = outbox(db)
    email = queued["status:PQ-2025-0002:rejected:email"]
    assert email["recipient"] == "sam@example.org" and "run by the county council" in email["body"]
    assert queued["status:PQ-2025-0002:rejected:chat"]["recipient"] == "b"


def test_set_status_needs_a_reason_to_reject_and_a_known_reference(capsys, db_path, submitted):
    code, _, err = cli(capsys, db_path, "set-status", "PQ-2025-0001", "rejected")
    assert code == 1 and "reason" in err
    code, _, err = cli(capsys, db_path, "set-status", "PQ-2025-0099", "accepted")
    assert code == 1 and "no submission with reference PQ-2025-0099" in err
    assert cli(capsys, db_path, "set-status", "PQ-2025-0001", "accepted")[0] == 0
    code, _, err = cli(capsys, db_path, "set-status", "PQ-2025-0001", "accepted")
    assert code == 1 and "already accepted" in err


def test_match_sends_written_answers_to_the_residents_and_lists_the_unmatched(capsys, db_path, db, submitted):
    july = submitted["july"]
    add_paper_question(db, july, "Ms J Resident", "What is the Council doing about pet theft in Stevenage?",
                       answer="We are working with Hertfordshire Constabulary on a pet-theft campaign.", page=34)
    add_paper_question(db, july, "Mr P Walker", "Will the council extend the opening hours of the museum?",
                       answer="The museum's hours are set out in the cultural strategy.", page=35)
    add_paper_question(db, july, "Mx Someone", "Question PQ-2025-0003 about bus shelters on the High Street",
                       answer="The shelters cost £48,000 in total.", page=36)
    code, out, _ = cli(capsys, db_path, "match")
    assert code == 0
    assert "MATCHED PQ-2025-0001 (name+text" in out and "MATCHED PQ-2025-0003 (reference" in out
    assert "UNMATCHED answer to Mr P Walker" in out
    assert "2 new match(es), 1 new unmatched answer(s)." in out
    queued = outbox(db)
    answer = queued["answer:PQ-2025-0001:email"]
    assert "pet-theft campaign" in answer["body"] and "page 34" in answer["body"]
    assert "Councillor Richard Henry" in answer["body"]
    assert submissions.get(db, "PQ-2025-0001").status == "answered"
    assert submissions.get(db, "PQ-2025-0002").status == "received"
    # A second run finds nothing new and sends nothing twice; --all still lists the unmatched one.
    before = len(outbox(db))
    code, out, _ = cli(capsys, db_path, "match", "--all")
    assert "0 new match(es), 0 new unmatched" in out and "UNMATCHED answer to Mr P Walker" in out
    assert len(outbox(db)) == before
