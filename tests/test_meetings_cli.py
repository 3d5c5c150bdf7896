"""`councilbot meetings`: the --json shape staff scripts rely on, and the date and body filters."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.db import open_db
from conftest import SAMPLES, run_cli
from knowledge import store
from knowledge.ingest import ingest_paths
from knowledge.model import AgendaItem, Meeting, ParsedDocument

LONDON = ZoneInfo("Europe/London")
CALENDAR = SAMPLES / "stevenage-meetings-2021.ics"


def meetings(capsys, db_path, *args):
    """(exit status, stdout, stderr) of `councilbot meetings --db db_path args...`."""
    return run_cli(capsys, "meetings", "--db", db_path, *args)


def as_json(capsys, db_path, *args) -> list[dict]:
    rc, out, err = meetings(capsys, db_path, "--json", *args)
    assert rc == 0, err
    return json.loads(out)


@pytest.fixture
def loaded(db_path):
    """The sample calendar, plus an agenda for Council on 21 July 2021 with a restricted item."""
    db = open_db(db_path)
    ingest_paths(db, [CALENDAR])
    agenda = ParsedDocument(
        title="Council agenda 21 July 2021", kind="agenda", pages=40,
        meetings=[Meeting(body="Council", start=datetime(2021, 7, 21, 19, 15, tzinfo=LONDON))],
        items=[AgendaItem("1", "Apologies for absence and declarations of interest", page_from=1, page_to=1),
               AgendaItem("10", "Notices of motion", page_from=9, page_to=12),
               AgendaItem("2", "Mayor's communications", page_from=2),
               AgendaItem("16", "Report on urgent Part II decision", description="SECRET BODY",
                          restricted=True, exempt_reason="Paragraph 3 of Part 1 of Schedule 12A")])
    store.save(db, agenda, sha256="f" * 64, path="/papers/agenda.txt", size=1)
    db.conn.close()
    return db_path


def test_json_lists_every_meeting_with_the_promised_fields(capsys, loaded):
    rows = as_json(capsys, loaded)
    assert len(rows) == 12
    for r in rows:
        assert {"id", "body", "title", "kind", "start", "venue", "status", "items"} <= set(r)
        start = datetime.fromisoformat(r["start"])
        assert start.utcoffset() is not None                      # ISO 8601 with a UTC offset
    starts = [datetime.fromisoformat(r["start"]) for r in rows]
    assert starts == sorted(starts)
    council = next(r for r in rows if r["start"].startswith("2021-07-21"))
    assert council["start"] == "2021-07-21T19:15:00+01:00"
    assert council["title"] == "Council, 21 July 2021" and council["kind"] == "ordinary"
    assert council["venue"] == "Council Chamber, Daneshill House, Danestrete, Stevenage"
    assert [i["number"] for i in council["items"]] == ["1", "2", "10", "16"]
    first = council["items"][0]
    assert first == {"number": "1", "title": "Apologies for absence and declarations of interest",
                     "pages": [1, 1], "restricted": False, "exempt_reason": None}
    assert council["items"][1]["pages"] == [2, 2]
    exempt = council["items"][3]
    assert exempt["restricted"] is True and "Schedule 12A" in exempt["exempt_reason"]
    assert "SECRET BODY" not in json.dumps(rows)
    assert next(r for r in rows if r["start"].startswith("2021-08-11"))["status"] == "cancelled"


@pytest.mark.parametrize("body, expected", [
    ("audit", {"Audit Committee"}),
    ("AUDIT comm", {"Audit Committee"}),
    ("exec", {"Executive"}),
    ("council", {"Council"}),
    ("select", {"Community Select Committee"}),
    ("planning", set()),
])
def test_body_filter_is_loose_and_case_insensitive(capsys, loaded, body, expected):
    rows = as_json(capsys, loaded, "--body", body)
    assert {r["body"] for r in rows} == expected
    if body == "audit":
        assert len(rows) == 5


def test_from_and_to_are_inclusive_london_days(capsys, loaded):
    rows = as_json(capsys, loaded, "--from", "2021-07-14", "--to", "2021-07-21")
    assert [(r["body"], r["start"][:10]) for r in rows] == [
        ("Executive", "2021-07-14"), ("Community Select Committee", "2021-07-15"), ("Council", "2021-07-21")]
    assert [r["start"][:10] for r in as_json(capsys, loaded, "--from", "2021-09-08")] == \
        ["2021-09-08", "2021-09-21", "2021-10-13"]


def test_a_meeting_just_after_midnight_belongs_to_its_london_day(capsys, db_path):
    db = open_db(db_path)
    late = ParsedDocument(title="x", kind="calendar",
                          meetings=[Meeting(body="Licensing Sub-Committee",
                                            start=datetime(2021, 7, 22, 0, 30, tzinfo=LONDON))])
    store.save(db, late, sha256="e" * 64, path="/x.ics", size=1)
    db.conn.close()
    assert len(as_json(capsys, db_path, "--from", "2021-07-22", "--to", "2021-07-22")) == 1
    assert as_json(capsys, db_path, "--to", "2021-07-21") == []


def test_table_is_readable(capsys, loaded):
    rc, out, err = meetings(capsys, loaded, "--body", "council")
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["ID", "WHEN", "BODY", "STATUS", "ITEMS"]
    assert any("Wed 21 Jul 2021 19:15" in line and "4 (1 exempt)" in line for line in lines)
    assert len(lines) == 3


def test_bad_dates_and_an_empty_database_get_plain_messages(capsys, db_path, loaded):
    rc, out, err = meetings(capsys, loaded, "--from", "21/07/2021")
    assert rc == 1 and "--from: not a date: '21/07/2021' (use YYYY-MM-DD" in err and "Traceback" not in err
    rc, out, err = meetings(capsys, loaded, "--from", "2021-08-01", "--to", "2021-07-01")
    assert rc == 1 and "is after --to" in err
    empty = db_path.with_name("empty.db")
    open_db(empty).conn.close()
    rc, out, err = meetings(capsys, empty)
    assert rc == 0 and out == "" and "No meetings yet" in err
    rc, out, err = meetings(capsys, db_path.with_name("typo.db"))
    assert rc == 1 and "no database at" in err and not db_path.with_name("typo.db").exists()


@pytest.mark.parametrize("command, expect", [
    (["meetings"], "Wed 21 Jul 2021 19:15"),
    (["ask", "--now", "2021-07-14T10:00", "when is the next council meeting?"], "21 July 2021"),
])
def test_commands_open_the_database_named_in_config(capsys, loaded, command, expect):
    cfg = loaded.with_name("councilbot.toml")
    cfg.write_text(f'[database]\npath = "{loaded.name}"\n', encoding="utf-8")
    rc, out, err = run_cli(capsys, *command, "--config", cfg)
    assert rc == 0, err
    assert expect in out
