"""Parsing the Stevenage Council agenda pack of 21 July 2021 (extracted text, with its noise)."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge import readers
from knowledge.parse import parse_pages
from tests.conftest import STEVENAGE

LONDON = ZoneInfo("Europe/London")

TITLES = [
    "APOLOGIES FOR ABSENCE AND DECLARATIONS OF INTEREST",
    "MAYOR'S COMMUNICATIONS",
    "MAIN DEBATE",
    "PETITIONS AND DEPUTATIONS",
    "QUESTIONS FROM THE YOUTH COUNCIL",
    "QUESTIONS FROM THE PUBLIC",
    "LEADER OF THE COUNCIL'S UPDATE",
    "UPDATE FROM SCRUTINY CHAIRS",
    "NOTICE OF MOTIONS",
    "QUESTIONS FROM MEMBERS TO COMMITTEE CHAIRS / PORTFOLIO HOLDERS",
    "OFFICER REPORT - COMMUNITY SAFETY STRATEGY 2021 - 2024",
    "OFFICER REPORT - EMPLOYEE CODE OF CONDUCT",
    "SCRUTINY ANNUAL REPORT 2020/21",
    "AUDIT COMMITTEE MINUTES",
    "EXCLUSION OF PRESS AND PUBLIC",
    "REPORT ON URGENT PART II DECISION MADE BY THE EXECUTIVE ON 9 JUNE 2021 - DANESTRETE ROUNDABOUT SITE DISPOSAL",
]
MEMBER_ASKERS = [
    "Councillor Margaret Notley", "Councillor Adam Mitchell CC", "Councillor Nicholas Leech",
    "Councillor Wendy Kerby", "Councillor Graham Lawrence CC", "Councillor Alex Farquharson",
    "Councillor Andy McGuinness", "Councillor Graham Snell",
]


@pytest.fixture(scope="module")
def doc():
    return parse_pages(readers.read_text(STEVENAGE.read_bytes()), title=STEVENAGE.stem)


def audit(doc, day: str) -> int:
    """Index of the Audit Committee meeting on an ISO day."""
    return next(i for i, m in enumerate(doc.meetings)
                if m.body == "Audit Committee" and m.start.date().isoformat() == day)


def passage_with(doc, text: str):
    found = [p for p in doc.passages if text in p.text]
    assert len(found) == 1, f"{text!r} is in {len(found)} passages"
    return found[0]


def test_pack_is_recognised_and_titled_for_citation(doc):
    assert doc.kind == "agenda_pack"
    assert doc.title == "Council agenda pack, 21 July 2021"


def test_council_meeting_from_the_summons(doc):
    council = doc.meetings[0]
    assert council.body == "Council"
    assert council.kind == "ordinary"
    assert council.start == datetime(2021, 7, 21, 19, 15, tzinfo=LONDON)
    assert council.start.utcoffset().total_seconds() == 3600  # BST
    assert council.time_known
    assert council.venue.startswith("Council Chamber, Daneshill House")


def test_audit_committee_meetings_from_their_minutes(doc):
    feb, mar, jun = (doc.meetings[audit(doc, d)] for d in ("2021-02-09", "2021-03-24", "2021-06-08"))
    assert feb.start == datetime(2021, 2, 9, 18, 0, tzinfo=LONDON)
    assert "Virtual" in feb.venue
    assert mar.start == datetime(2021, 3, 24, 18, 0, tzinfo=LONDON)
    assert jun.start == datetime(2021, 6, 8, 18, 0, tzinfo=LONDON)
    assert jun.venue.startswith("Council Chamber, Daneshill House")
    assert {feb.status, mar.status, jun.status} == {"held"}
    assert len(doc.meetings) == 4


def test_all_sixteen_agenda_items_with_titles_and_pages(doc):
    items = [it for it in doc.items if it.meeting == 0]
    assert [it.number for it in items] == [str(n) for n in range(1, 17)]
    assert [it.title for it in items] == TITLES
    pages = {it.number: (it.page_from, it.page_to) for it in items}
    assert pages["11"] == (7, 42) and pages["12"] == (43, 64) and pages["13"] == (65, 72)
    assert pages["14"] == (73, 86) and pages["16"] == (87, 96)
    assert items[10].description == "To consider and approve the Council's Community Safety Strategy 2021 – 2024."


def test_members_questions_with_askers(doc):
    member = [q for q in doc.questions if q.kind == "member"]
    assert [q.asker for q in member] == MEMBER_ASKERS
    assert all(q.item_number == "10" and q.meeting == 0 for q in member)
    assert all("supplementary agenda" in q.status for q in member)
    snell = member[-1]
    assert snell.text.startswith("Given that the proposed changes to Lytton Way")
    assert snell.text.endswith("the Train Station?")


def test_public_question_from_jim_borcherds_with_its_status(doc):
    public = [q for q in doc.questions if q.kind == "public"]
    assert len(public) == 1
    q = public[0]
    assert q.asker == "Mr Jim Borcherds"
    assert q.status == "A written answer to this question will be published on a supplementary agenda."
    assert q.text.startswith("I was a member of the Stevenage Citizens Panel on Climate Change")
    assert q.text.endswith("what progress has been made towards putting them into action?")
    # a sentence broken by a blank line in the extraction is whole again
    assert "informed by Stevenage Borough Council on their progress" in q.text
    # the question and its status stay together in one passage
    p = passage_with(doc, "Stevenage Citizens Panel on Climate Change that met over 4 sessions")
    assert p.kind == "question" and "putting them into action?" in p.text and "supplementary agenda" in p.text


def test_three_motions_with_who_submitted_them(doc):
    got = [(m.title, m.proposer, m.seconder) for m in doc.motions]
    assert got == [
        ("Town and Country Planning", "Labour Group", None),
        ("Electric Bus Link", "Labour Group", None),
        ("Supporting tougher action on pet thefts", "Councillor Alex Farquharson", "Councillor Jody Hanafin"),
    ]
    assert doc.motions[1].text.endswith("no later than the first quarter of 2022.\"")
    assert "To consider the following motion" not in doc.motions[2].text


def test_resolutions_in_the_audit_committee_minutes(doc):
    by_meeting = {}
    for d in doc.decisions:
        by_meeting.setdefault(d.meeting, []).append(d)
    feb, mar, jun = (audit(doc, d) for d in ("2021-02-09", "2021-03-24", "2021-06-08"))
    assert [d.minute for d in by_meeting[feb]] == ["2", "3", "4", "5", "7"]
    assert [d.minute for d in by_meeting[mar]] == ["2", "3", "4", "5", "6", "7", "8", "10"]
    assert [d.minute for d in by_meeting[jun]] == ["3", "5", "6", "7", "9"]
    fraud = by_meeting[mar][1]
    assert fraud.item_title.startswith("PROPOSED SAFS ANTI-FRAUD PLAN 2021/22")
    assert "That the Anti-Fraud Plan for 2021/22 be approved." in fraud.text
    assert "That the activity taken to protect the Council against fraud" in fraud.text
    # a resolution whose last line lost its bullet still ends with it
    assert by_meeting[mar][2].text.endswith("That the Proposed Changes to SIAS Audit Opinions be approved.")
    assert all(73 <= d.page <= 86 for d in doc.decisions)
    assert not any("Page" in d.text or "**" in d.text for d in doc.decisions)


def test_part_ii_minutes_keep_title_and_reason_only(doc):
    mar = audit(doc, "2021-03-24")
    risk = next(it for it in doc.items if it.meeting == mar and it.number == "11")
    assert risk.title == "STRATEGIC RISK REGISTER"
    assert risk.restricted and "Part II" in risk.exempt_reason
    assert not [p for p in doc.passages if p.meeting == mar and p.item_number == "11"]
    assert "The Senior Performance and Resilience Officer provided an update on the latest Strategic" \
        not in " ".join(p.text for p in doc.passages)


def test_item_16_is_restricted_with_reason_and_no_body(doc):
    item = next(it for it in doc.items if it.meeting == 0 and it.number == "16")
    assert item.restricted
    assert "paragraph 3 of Part 1 of Schedule 12A" in item.exempt_reason
    assert "financial or business affairs" in item.exempt_reason
    assert item.description == ""
    everything = [p.text for p in doc.passages] + [q.text for q in doc.questions] + \
                 [m.text for m in doc.motions] + [d.text for d in doc.decisions] + [it.description for it in doc.items]
    assert not any("Document is Restricted" in t for t in everything)
    assert not any("Urgent Part II decision made by the Executive at its meeting" in t for t in everything)
    assert not any(p.item_number == "16" and p.meeting == 0 for p in doc.passages)


@pytest.mark.parametrize("text, page", [
    ("1.1 To consider the proposed Community Safety Strategy 2021-24", 7),    # first page of item 11
    ("Thank you for finding a safe place to call a home", 38),              # just before "Page 38"
    ("ASB\tAnti-social Behaviour", 39),                                      # the page after it
    ("In the Corporate Governance audit 2020/21", 43),                       # first page of item 12
    ("Approved by SLT on: 15 December 2020\nSummary", None),                 # placeholder, see below
])
def test_page_numbers_of_cited_passages(doc, text, page):
    if page is None:
        # "...2020ge 52" and "...2020Ge 58": page numbers glued to a line give the page and vanish
        pages = sorted(p.page for p in doc.passages if "Approved by SLT on: 15 December 2020" in p.text)
        assert pages == [52, 58]
        return
    assert passage_with(doc, text).page == page


def test_more_page_numbers(doc):
    assert passage_with(doc, "Check the Intranet for the full details").page == 59
    assert passage_with(doc, "To report on the work undertaken by the Overview").page == 65
    assert passage_with(doc, "Apologies for absence were received from Councillors Sandra Barr").page == 73
    assert passage_with(doc, "Notice is hereby given that a meeting").page == 1
    for p in doc.passages:  # every report passage lies inside its item's page range
        if p.meeting == 0 and p.item_number in {"11", "12", "13"} and p.kind == "paragraph":
            lo, hi = {"11": (7, 42), "12": (43, 64), "13": (65, 72)}[p.item_number]
            assert lo <= p.page <= hi, (p.page, p.text[:60])


def test_no_page_noise_or_ocr_garbage_in_passages(doc):
    text = "\n".join(p.text for p in doc.passages)
    assert not re.search(r"(?<![A-Za-z])Page\s+\d", text)
    assert not re.search(r"\d(?:ge|Ge)\s\d", text)
    assert "intentionally left blank" not in text
    for garbage in ("aliacontinue", "Hopfledistion", "reversiting", "poperhaits", "perdets", "calo (19)"):
        assert garbage not in text
    assert not re.search(r"[υບມ⊺ମ∰]|\$|\*\*|\\mathbf", text)
    assert any("garbled" in w for w in doc.warnings)
    # the real text around the garbled block survives
    assert "We have employed a further two Domestic Abuse Specialist Support Officers" in text


def test_passages_are_paragraph_sized_and_cited(doc):
    assert len(doc.passages) > 250
    assert max(len(p.text) for p in doc.passages) <= 1300
    for p in doc.passages:
        assert p.page and p.meeting is not None
    report = passage_with(doc, "2.1 That the proposed final Community Safety Strategy")
    assert (report.item_number, report.item_title, report.section) == \
           ("11", TITLES[10], "2. RECOMMENDATIONS")


def test_acronyms_include_sada(doc):
    assert doc.acronyms["SADA"] == "Stevenage Against Domestic Abuse"
    assert doc.acronyms["JAG"] == "Joint Action Group"
    assert doc.acronyms["SBC"] == "Stevenage Borough Council"


def test_numbered_list_after_a_lead_in_stays_in_the_passage(doc):
    lead = passage_with(doc, "The five key priorities identified for 2021-2024 are:")
    for n, item in enumerate(["Divert young people from becoming involved in crime and ASB",
                              "Provide safe reporting and support to domestic abuse survivors",
                              "Tackle the harms caused by drugs and alcohol",
                              "Work with partners to encourage reporting of crime"], start=1):
        assert item in lead.text
    # list items are not headings: none becomes the section of a later passage
    assert not any(re.match(r"\d\. (?:Divert|Break|Tackle|Work with)", p.section or "") for p in doc.passages)
    # a real numbered heading still is one
    assert passage_with(doc, "4.2.1 This strategy provides a framework").section == "4.2 Rationale for priorities"


def test_a_run_of_short_numbered_lines_is_a_list_under_its_heading(doc):
    run = passage_with(doc, "Sosafe objectives\n1. Divert young people")
    assert "2. Provide safe reporting" in run.text


def test_an_organisation_charts_chair_line_carries_the_name_of_its_group(doc):
    # In the strategy's diagram "Chair: Matt Partridge" sits two labels below "Responsible Authorities Group (RAG)";
    # cited alone it would not say whose chair he is.
    rag = passage_with(doc, "Chair: Matt Partridge")
    assert rag.text.startswith("Responsible Authorities Group (RAG)\n")
    jag = passage_with(doc, "Co-Chairs: Catherine Davies")
    assert jag.text.startswith("Joint Action Group (JAG)\n")
    # A chair line right under its group's own line needs nothing carried.
    forum = passage_with(doc, "Chair: Mario Demetriou")
    assert "• ASB Forum\nChair: Mario Demetriou" in forum.text and "Joint Action Group" not in forum.text
