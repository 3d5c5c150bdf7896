"""Parsing Kent County Council's January 2025 papers (PDF text layers): front sheets, minutes, reports."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge import readers
from knowledge.parse import parse_pages
from tests.conftest import KENT

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def kent():
    """Every Kent paper parsed once: {file stem: ParsedDocument}."""
    return {f.stem: parse_pages(readers.read_pdf(f.read_bytes()), title=f.stem) for f in sorted(KENT.glob("*.pdf"))}


def test_extraordinary_county_council_from_its_summons(kent):
    doc = kent["Agenda frontsheet 09th-Jan-2025 10.00 County Council"]
    assert doc.kind == "front_sheet"
    m = doc.meetings[0]
    assert (m.body, m.kind) == ("County Council", "extraordinary")
    assert m.start == datetime(2025, 1, 9, 10, 0, tzinfo=LONDON)
    assert m.venue.startswith("Council Chamber, County Hall, Maidstone")
    assert m.ends == "16:30"   # "The meeting is scheduled to end at 4.30pm (if not before)"
    assert doc.title == "County Council (extraordinary) agenda, 9 January 2025"
    assert [(it.number, it.title) for it in doc.items] == [
        ("1", "Apologies for Absence"),
        ("2", "Declarations of Disclosable Pecuniary Interests or Other Significant Interests in items on the agenda"),
        ("3", "English Devolution White Paper"),
    ]
    assert doc.items[2].description == "To follow"


def test_cabinet_front_sheet_with_page_ranges(kent):
    doc = kent["Agenda frontsheet 30th-Jan-2025 10.00 Cabinet"]
    m = doc.meetings[0]
    assert (m.body, m.kind) == ("Cabinet", "ordinary")
    assert m.start == datetime(2025, 1, 30, 10, 0, tzinfo=LONDON)
    assert m.venue == "Council Chamber, Sessions House, County Hall, Maidstone"
    assert [it.number for it in doc.items] == [str(n) for n in range(1, 10)]
    seven = doc.items[6]
    assert seven.title.startswith("24/00109 - Transfer the 18-25 section of the Strengthening Independence Service")
    assert seven.title.endswith("to the Adult Social Care and Health Directorate")
    assert (seven.page_from, seven.page_to) == (277, 326)
    assert (doc.items[8].page_from, doc.items[8].page_to) == (461, 610)
    # "EXEMPT ITEMS (... there were no exempt items ...)" marks nothing restricted
    assert not any(it.restricted for it in doc.items)


def test_county_council_minutes_record_the_meeting_and_its_resolution(kent):
    doc = kent["Printed minutes 09th-Jan-2025 10.00 County Council"]
    assert doc.kind == "minutes" and doc.title == "County Council minutes, 9 January 2025"
    m = doc.meetings[0]
    assert (m.body, m.status, m.start.date().isoformat()) == ("County Council", "held", "2025-01-09")
    assert [(it.number, it.title) for it in doc.items][2] == ("3", "English Devolution White Paper")
    resolution = next(d for d in doc.decisions if d.minute == "285")
    assert resolution.text.startswith("RESOLVED that the County Council:\n(1) Endorses the ongoing joint work")
    assert resolution.text.endswith("(5) Expects there to be as much transparency as possible in this process.")
    assert resolution.item_title == "English Devolution White Paper" and resolution.page == 10
    assert any(d.text == "RESOLVED that Mr Cooke be elected to Chair the meeting." for d in doc.decisions)


def test_motion_and_amendments_moved_at_county_council(kent):
    doc = kent["Printed minutes 09th-Jan-2025 10.00 County Council"]
    moved = [(x.proposer, x.seconder) for x in doc.motions if x.item_number == "3"]
    assert moved == [("Mr Gough", "Mr Oakford"), ("Mr Streatfeild", "Mr Sole"), ("Mr Hood", "Mr Baldock"),
                     ("Mr Brady", "Ms Constantine"), ("Mr Passmore", "Mr Hook"), ("Mr Lehmann", "Mr Streatfeild")]
    motion = doc.motions[[x.proposer for x in doc.motions].index("Mr Gough", 1)]
    assert motion.text.startswith("“County Council is asked to:")
    assert motion.text.endswith("postponed subject to ministerial decision”")


def test_no_written_answers_invented_from_minutes_without_them(kent):
    # these minutes carry no "Questions put and answers given"; nothing should be made up
    for name in ("Printed minutes 09th-Jan-2025 10.00 County Council", "Printed minutes 30th-Jan-2025 10.00 Cabinet"):
        assert kent[name].questions == []


def test_cabinet_minutes_decisions_with_printed_pages(kent):
    doc = kent["Printed minutes 30th-Jan-2025 10.00 Cabinet"]
    assert [d.minute for d in doc.decisions] == ["86", "88", "89", "90", "91", "92"]
    by_minute = {d.minute: d for d in doc.decisions}
    assert "A) Note the forecast revenue overspend of £23.3m (excluding Schools)." in by_minute["88"].text
    assert "(a) Adopt the Integrated Care Strategy Delivery Plan on behalf of Kent County Council" in by_minute["91"].text
    assert by_minute["90"].page == 14  # the minute book's own page number
    kycc = next(p for p in doc.passages if "Kent Youth County Council (KYCC) elections" in p.text)
    assert kycc.page == 3 and kycc.item_number == "4" and kycc.item_title == "Cabinet Member Updates"


def test_report_titles_and_header_blocks(kent):
    doc = kent["24-00109 - Transfer the 18-25 section of the Strengthening Independence Service - Report"]
    assert doc.kind == "report"  # "Classification: Unrestricted" does not make it restricted
    assert doc.title.startswith("Transfer the 18-25 section of the Strengthening Independence Service")
    assert doc.title.endswith("(report to Cabinet, 30 January 2025, decision 24/00109)")
    assert (doc.meetings[0].body, doc.meetings[0].time_known) == ("Cabinet", False)
    assert not doc.items and len(doc.passages) > 40
    header = next(p for p in doc.passages if "\nClassification: Unrestricted" in p.text)
    assert header.page == 1 and header.text.startswith("Subject: Transfer the 18-25 section")
    recs = next(p for p in doc.passages if "A. Agree to TRANSFER the statutory functions" in p.text)
    assert recs.section == "Recommendation(s)" and recs.page == 2
    devolution = kent["Devolution White Paper - County Council Report - FINAL"]
    assert devolution.title == "English Devolution White Paper (report to County Council, 9 January 2025)"
    assert devolution.meetings[0].body == "County Council"


def test_supplement_uses_the_packs_printed_pages(kent):
    doc = kent["Item 3 Supplement - English Devolution White Paper report 09th-Jan-2025 10.00 County Council"]
    assert doc.kind == "supplement"
    assert doc.title.startswith("County Council supplement, 9 January 2025")
    p = next(p for p in doc.passages if "On 16 December 2024 the Government published" in p.text)
    assert (p.page, p.item_number) == (1, "3")
    assert not any("Page 1 Agenda Item 3" in q.text or "intentionally left blank" in q.text for q in doc.passages)


def test_policy_appendix_loses_its_running_header(kent):
    doc = kent["Appendix G - Reserves Policy"]
    assert doc.kind == "policy" and doc.title == "Appendix G – Reserves Policy"
    assert not any(p.text.startswith("Appendix G") for p in doc.passages)
    assert doc.acronyms["CIPFA"] == "Chartered Institute of Public Finance and Accountancy"
    # a sentence running over a page break is one passage, not two halves
    assert any("plus Public Health, Schools and General." in p.text for p in doc.passages)


def test_words_broken_across_lines_are_mended(kent):
    text = " ".join(p.text for p in kent["Printed minutes 30th-Jan-2025 10.00 Cabinet"].passages)
    assert "father-inclusive practice guide" in text
    assert "family group decision-making meetings" in text
    assert "\ufffe" not in text


WRITTEN_ANSWERS = """COUNTY COUNCIL MEETING - THURSDAY, 13 FEBRUARY 2025

QUESTIONS PUT AND ANSWERS GIVEN

Question 1
Mr A Brady asked Mr D Jeffrey, Cabinet Member for Communications and Democratic Services:
"How many residents responded to the budget consultation this year, and how does that compare with last year?"

Answer
This year 2,412 residents responded to the budget consultation, compared with 1,980 last year.

Question 2
Question by Ms K Constantine to Mr N Baker, Cabinet Member for Highways and Transport
"What is the backlog of reported potholes in Maidstone?"

Answer
At the end of January there were 312 open pothole reports in Maidstone.
Supplementary question: Will the backlog be cleared before the summer?
The Cabinet Member said the aim was to clear it by June.
"""


def test_written_question_and_answer_pairs():
    doc = parse_pages([WRITTEN_ANSWERS], title="questions")
    assert doc.kind == "supplement"
    assert doc.meetings[0].body == "County Council" and doc.meetings[0].start.date().isoformat() == "2025-02-13"
    got = [(q.number, q.asker, q.addressee) for q in doc.questions]
    assert got == [("1", "Mr A Brady", "Mr D Jeffrey, Cabinet Member for Communications and Democratic Services"),
                   ("2", "Ms K Constantine", "Mr N Baker, Cabinet Member for Highways and Transport")]
    first, second = doc.questions
    assert first.text.startswith("How many residents responded") and first.answer.startswith("This year 2,412")
    assert "Supplementary question: Will the backlog be cleared" in second.answer
    pair = next(p for p in doc.passages if p.kind == "question" and "potholes" in p.text)
    assert "312 open pothole reports" in pair.text  # the answer travels with its question


def test_a_passage_starting_inside_a_list_carries_the_lists_lead_in(kent):
    # An amendment's points run over several passages; "(5) Expects ... transparency" alone would not say
    # who moved it, so a passage that starts inside the list repeats the lead-in.
    doc = kent["Printed minutes 09th-Jan-2025 10.00 County Council"]
    tail = next(p for p in doc.passages if "(5) Expects there to be as much transparency" in p.text
                and "Amendment carried" in p.text)
    assert tail.text.startswith("15) Mr Streatfeild proposed and Mr Sole seconded the following amendment")
    assert "\n… (4) Note that acceptance" in tail.text
