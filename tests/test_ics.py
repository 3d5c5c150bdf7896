"""Meeting calendars: events become meetings in London time, and meet the papers' meetings in one row."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import SAMPLES
from knowledge import UnreadableDocument
from knowledge.ics import parse_calendar, split_summary
from knowledge.ingest import ingest_paths
from knowledge.model import Meeting, ParsedDocument
from knowledge import store

LONDON = ZoneInfo("Europe/London")
SAMPLE = SAMPLES / "stevenage-meetings-2021.ics"


def calendar(*events: str, extra: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{extra}{body}END:VCALENDAR\r\n".encode()


def event(summary: str, dtstart: str, **props) -> str:
    lines = [f"UID:{summary}-{dtstart}@test", f"SUMMARY:{summary}", dtstart]
    lines += [f"{k.upper()}:{v}" for k, v in props.items()]
    return "\r\n".join(lines)


def by_date(doc: ParsedDocument) -> dict[str, Meeting]:
    return {f"{m.body} {m.start:%Y-%m-%d}": m for m in doc.meetings}


def test_the_sample_calendar_gives_every_meeting_in_london_time():
    doc = parse_calendar(SAMPLE.read_bytes(), title="stevenage-meetings-2021")
    assert doc.kind == "calendar" and doc.passages == [] and doc.warnings == []
    assert doc.title == "Stevenage Borough Council meetings 2021"
    m = by_date(doc)
    assert len(doc.meetings) == 12
    council = m["Council 2021-07-21"]       # written in UTC in the file
    assert council.start == datetime(2021, 7, 21, 19, 15, tzinfo=LONDON)
    assert council.start.utcoffset().total_seconds() == 3600
    assert council.venue == "Council Chamber, Daneshill House, Danestrete, Stevenage"
    assert council.uid == "council-2021-07-21@stevenage.example"
    assert council.url == "https://democracy.stevenage.example/meetings/council-2021-07-21"
    assert m["Audit Committee 2021-02-09"].start.isoformat() == "2021-02-09T18:00:00+00:00"   # GMT
    assert m["Audit Committee 2021-02-09"].venue == "Virtual (via Zoom)"
    assert m["Community Select Committee 2021-07-15"].start.hour == 18                      # floating
    assert m["Executive 2021-08-11"].status == "cancelled"
    assert m["Executive 2021-07-14"].status == "scheduled"
    assert m["Audit Committee 2021-04-28"].kind == "extraordinary"


@pytest.mark.parametrize("summary, expected", [
    ("Council", ("Council", "ordinary", False)),
    ("Audit Committee – Extraordinary", ("Audit Committee", "extraordinary", False)),
    ("Extraordinary Council", ("Council", "extraordinary", False)),
    ("Council (Special)", ("Council", "special", False)),
    ("Special Meeting of the Council", ("Council", "special", False)),
    ("Annual Council", ("Council", "annual", False)),
    ("CANCELLED: Executive", ("Executive", "ordinary", True)),
    ("Cabinet - CANCELLED", ("Cabinet", "ordinary", True)),
    ("Meeting of the County Council", ("County Council", "ordinary", False)),
    ("Planning Committee, 7.00 pm", ("Planning Committee", "ordinary", False)),
    ("Overview & Scrutiny Committee", ("Overview & Scrutiny Committee", "ordinary", False)),
])
def test_summary_lines_give_body_kind_and_cancellation(summary, expected):
    assert split_summary(summary) == expected


def test_all_day_events_and_other_time_zones():
    doc = parse_calendar(calendar(
        event("Council", "DTSTART;VALUE=DATE:20250109"),
        event("Cabinet", "DTSTART;TZID=America/New_York:20250130T050000"),
        event("Licensing Committee", "DTSTART:20250315T093000Z", status="CANCELLED"),
    ), title="cal")
    m = by_date(doc)
    assert m["Council 2025-01-09"].start == datetime(2025, 1, 9, 0, 0, tzinfo=LONDON)
    assert m["Council 2025-01-09"].time_known is False
    assert m["Cabinet 2025-01-30"].start == datetime(2025, 1, 30, 10, 0, tzinfo=LONDON)
    assert m["Licensing Committee 2025-03-15"].status == "cancelled"
    assert doc.title == "cal"


def test_a_broken_event_is_skipped_with_a_warning_and_the_rest_kept():
    doc = parse_calendar(calendar(event("Council", "DTSTART:20250109T190000"), "UID:x\r\nSUMMARY:Cabinet"),
                         title="cal")
    assert [m.body for m in doc.meetings] == ["Council"]
    assert doc.warnings == ["event 2 (Cabinet) skipped: no DTSTART"]


@pytest.mark.parametrize("data, reason", [
    (b"this is not a calendar", "not a valid iCalendar file"),
    (calendar(), "no events"),
    (calendar("UID:x\r\nSUMMARY:Cabinet"), "none of the calendar's 1 events could be read"),
])
def test_unusable_calendars_get_a_plain_reason(data, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        parse_calendar(data, title="cal")


def test_ingesting_a_calendar_stores_meetings_and_no_passages(db, tmp_path):
    summary = ingest_paths(db, [SAMPLE])
    assert summary.documents == 1 and summary.meetings == 12 and summary.passages == 0
    assert db.execute("SELECT kind FROM documents").fetchone()[0] == "calendar"
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 12
    assert db.execute("SELECT count(*) FROM passages").fetchone()[0] == 0


def test_a_republished_calendar_updates_its_meetings_and_keeps_their_ids(db, tmp_path):
    f = tmp_path / "meetings.ics"
    f.write_bytes(calendar(event("Executive", "DTSTART;TZID=Europe/London:20210811T140000"),
                           event("Council", "DTSTART;TZID=Europe/London:20210721T191500")))
    ingest_paths(db, [f])
    ids = {r["body"]: r["id"] for r in db.query("SELECT id, body FROM meetings")}
    f.write_bytes(calendar(event("Executive", "DTSTART;TZID=Europe/London:20210811T140000", status="CANCELLED"),
                           event("Audit Committee", "DTSTART;TZID=Europe/London:20210921T180000")))
    summary = ingest_paths(db, [f])
    assert summary.replaced == 1
    rows = {r["body"]: r for r in db.query("SELECT * FROM meetings")}
    assert set(rows) == {"Executive", "Audit Committee"}          # Council no longer listed: gone
    assert rows["Executive"]["status"] == "cancelled"
    assert rows["Executive"]["id"] == ids["Executive"]


def paper_with_meeting(title: str, meeting: Meeting) -> ParsedDocument:
    return ParsedDocument(title=title, kind="agenda", pages=1, meetings=[meeting])


def test_calendar_and_papers_describe_one_meeting(db):
    summons = Meeting(body="Council", start=datetime(2021, 7, 21, 19, 15, tzinfo=LONDON),
                      venue="Council Chamber, Daneshill House")
    store.save(db, paper_with_meeting("Summons", summons), sha256="a" * 64, path="/p/summons.txt", size=1)
    cal = parse_calendar(calendar(
        event("Council", "DTSTART;VALUE=DATE:20210721", status="CANCELLED", url="https://example.org/c")),
        title="cal")
    store.save(db, cal, sha256="b" * 64, path="/p/cal.ics", size=1)
    rows = list(db.query("SELECT * FROM meetings"))
    assert len(rows) == 1
    m = rows[0]
    assert m["start"] == "2021-07-21T19:15:00+01:00" and m["time_known"] == 1   # the summons knows the time
    assert m["venue"] == "Council Chamber, Daneshill House"
    assert m["status"] == "cancelled" and m["url"] == "https://example.org/c"

    # Minutes prove it was held after all; dropping the calendar re-derives from what is left.
    minutes = Meeting(body="COUNCIL", start=datetime(2021, 7, 21, 19, 15, tzinfo=LONDON), status="held")
    store.save(db, paper_with_meeting("Minutes", minutes), sha256="c" * 64, path="/p/minutes.txt", size=1)
    assert db.execute("SELECT status FROM meetings").fetchone()[0] == "held"
    cal_id = db.execute("SELECT document_id FROM document_paths WHERE path = '/p/cal.ics'").fetchone()[0]
    with store.transaction(db):
        store.delete_document(db, cal_id)
    m = next(db.query("SELECT * FROM meetings"))
    assert m["id"] == rows[0]["id"] and m["url"] is None and m["status"] == "held"
