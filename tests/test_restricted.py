"""Exempt (Part II) business never reaches the database: planted words are absent from the file's bytes."""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.ingest import ingest_paths
from knowledge.restricted import exemption
from tests.conftest import STEVENAGE

SECRET = "Quokkazebra7731"          # planted inside exempt business; must appear nowhere
PUBLIC = "Marmosetlantern5512"      # planted in open business; must be found (proves the scan works)

SUMMONS = ("Notice is hereby given that a meeting of the Stevenage Borough Council will be held in the Council "
           "Chamber, Daneshill House, Danestrete, Stevenage on Wednesday, 21 July 2021 at 7.15pm and you are "
           "summoned to attend to transact the following business.")


def small_pack(marker: str) -> str:
    """A two-report pack whose second report carries an exemption marker."""
    return f"""{SUMMONS}

AGENDA

1. APOLOGIES FOR ABSENCE AND DECLARATIONS OF INTEREST

2. OFFICER REPORT - PARKING REVIEW

To consider the parking review.

Page Nos. 3 - 4

3. OFFICER REPORT - DEPOT LEASE

To consider the depot lease.

Page Nos. 5 - 6

Agenda Item 2

1. PURPOSE

1.1 The parking review found that demand for spaces in {PUBLIC} grew by a tenth.

Agenda Item 3

{marker}

1. PURPOSE

1.1 The tenant's offer for the depot is {SECRET} per annum, which officers advise accepting.
"""


def exclusion_pack() -> str:
    """Part II by position: items after the exclusion of the press and public, with no marker of their own."""
    return f"""{SUMMONS}

AGENDA

1. APOLOGIES FOR ABSENCE AND DECLARATIONS OF INTEREST

2. OFFICER REPORT - PARKING REVIEW

To consider the parking review for {PUBLIC}.

3. EXCLUSION OF PRESS AND PUBLIC

That under Section 100A of the Local Government Act 1972, the press and public be excluded from the meeting for the following items of business on the grounds that they involve the likely disclosure of exempt information as described in Paragraphs 1 – 7 of Part 1 of Schedule 12A of the Act.

4. DEPOT LEASE NEGOTIATIONS

To consider the offer of {SECRET} from the tenant.
"""


def restricted_report(classification: str) -> str:
    """A Kent-style report whose header block classifies the whole paper."""
    return f"""From: Roger Gough, Leader of the Council
To: Cabinet - 30 January 2025
Subject: Disposal of the Maidstone depot
Classification: {classification}

Summary: The preferred bidder has offered {SECRET} for the site.

1. Background

1.1 Negotiations with the preferred bidder are at an advanced stage.
"""


def part_ii_minutes() -> str:
    """Minutes whose items after the exclusion resolution are Part II."""
    return f"""STEVENAGE BOROUGH COUNCIL

AUDIT COMMITTEE MINUTES

Date: Tuesday, 8 June 2021 Time: 6.00pm Place: Council Chamber, Daneshill House, Danestrete, Stevenage

1 APOLOGIES FOR ABSENCE AND DECLARATIONS OF INTEREST

There were no declarations of interest. Members welcomed {PUBLIC}.

2 EXCLUSION OF PUBLIC AND PRESS

It was RESOLVED:

1. That under Section 100(A) of the Local Government Act 1972, the press and public be excluded from the meeting for the following items of business on the grounds that they involved the likely disclosure of exempt information as described in paragraphs 1-7 of Part 1 of Schedule 12A of the Act.

3 STRATEGIC RISK REGISTER

The officer reported that the fraud case against {SECRET} would go to court.

It was RESOLVED:

• That the risk relating to {SECRET} be escalated.

<u>CHAIR</u>
"""


def exempt_items_front_sheet() -> str:
    """A ModernGov front sheet listing an item under 'EXEMPT ITEMS'."""
    return f"""AGENDA
CABINET
Thursday, 30th January, 2025, at 10.00 am Ask for: Georgina Little
Council Chamber, Sessions House, County Hall, Maidstone
Telephone: 03000 414043
UNRESTRICTED ITEMS
1. Apologies
2. Update on {PUBLIC} (Pages 1 - 10)
EXEMPT ITEMS
3. Acquisition of a depot company (Pages 11 - 20)
- Contract terms with {SECRET}
"""


def real_pack_with_secret() -> str:
    """The real Stevenage pack with the secret planted in item 16's restricted body and in its listing."""
    text = STEVENAGE.read_text(encoding="utf-8")
    head, restricted_part = text.split("Agenda Item 16", 1)
    head = head.replace("in respect of the Danestrete Roundabout Site Disposal.",
                        f"in respect of the Danestrete Roundabout Site Disposal, offer {SECRET}.")
    head = head.replace("Stevenage is rapidly changing,", f"Stevenage ({PUBLIC}) is rapidly changing,")
    restricted_part = restricted_part.replace(
        "Document is Restricted", f"Document is Restricted\n\nThe purchaser {SECRET} offered a premium.", 1)
    return head + "Agenda Item 16" + restricted_part


CASES = {
    "real pack, Document is Restricted": ("pack.txt", real_pack_with_secret),
    "NOT FOR PUBLICATION": ("pack.txt", lambda: small_pack("NOT FOR PUBLICATION")),
    "Document is Restricted": ("pack.txt", lambda: small_pack("Document is Restricted")),
    "By virtue of paragraph(s)": ("pack.txt", lambda: small_pack(
        "By virtue of paragraph(s) 3 of Part 1 of Schedule 12A of the Local Government Act 1972.")),
    "Classification: Restricted in a pack": ("pack.txt", lambda: small_pack("Classification: Restricted")),
    "EXEMPT REPORT marker in a pack": ("pack.txt", lambda: small_pack("EXEMPT REPORT")),
    "Part II after exclusion": ("pack.txt", exclusion_pack),
    "Classification: Restricted report": ("report.txt", lambda: restricted_report("Restricted")),
    "Classification: Exempt report": ("report.txt", lambda: restricted_report("Exempt")),
    "Part II minutes": ("minutes.txt", part_ii_minutes),
    "EXEMPT ITEMS on a front sheet": ("frontsheet.txt", exempt_items_front_sheet),
}


def database_bytes(db, db_path: Path) -> bytes:
    """Every byte SQLite has written for the database, after folding the WAL back into the file."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        f = Path(str(db_path) + suffix)
        if f.exists():
            data += f.read_bytes()
    return data


@pytest.mark.parametrize("case", sorted(CASES))
def test_planted_exempt_text_is_nowhere_in_the_database(case, db, db_path, tmp_path):
    name, build = CASES[case]
    paper = tmp_path / "papers" / name
    paper.parent.mkdir()
    paper.write_text(build(), encoding="utf-8")
    summary = ingest_paths(db, [paper.parent])
    assert summary.failed == [] and summary.documents == 1
    raw = database_bytes(db, db_path)
    for form in (SECRET, SECRET.lower(), SECRET.upper()):   # FTS keeps its tokens in lower case
        assert form.encode() not in raw, f"{form} leaked into the database ({case})"
    if not case.endswith(" report"):
        assert PUBLIC.lower().encode() in raw.lower(), "the open text should be stored (scan sanity check)"
        flagged = list(db.query("SELECT title, exempt_reason FROM agenda_items WHERE restricted = 1"))
        assert flagged and all(r["exempt_reason"] for r in flagged)
    else:
        assert list(db.query("SELECT kind FROM documents")) == [{"kind": "restricted"}]
        assert db["passages"].count == 0


def test_titles_of_exempt_items_are_kept(db, tmp_path):
    paper = tmp_path / "frontsheet.txt"
    paper.write_text(exempt_items_front_sheet(), encoding="utf-8")
    ingest_paths(db, [paper])
    row = next(db.query("SELECT * FROM agenda_items WHERE number = '3'"))
    assert (row["title"], row["restricted"], row["page_from"]) == ("Acquisition of a depot company", 1, 11)
    assert row["exempt_reason"] and row["description"] == ""


def test_restricted_item_keeps_title_and_reason(db, tmp_path):
    paper = tmp_path / "pack.txt"
    paper.write_text(real_pack_with_secret(), encoding="utf-8")
    ingest_paths(db, [paper])
    row = next(db.query("SELECT * FROM agenda_items WHERE number = '16' AND restricted = 1"))
    assert row["title"].startswith("REPORT ON URGENT PART II DECISION MADE BY THE EXECUTIVE")
    assert "paragraph 3 of Part 1 of Schedule 12A" in row["exempt_reason"]
    assert row["description"] == ""


@pytest.mark.parametrize("text", [
    "Classification: Unrestricted",
    "UNRESTRICTED ITEMS",
    "EXEMPT ITEMS\n(At the time of preparing the agenda there were no exempt items.)",
    "the likely disclosure of exempt information as described in Paragraphs 1 – 7 of Part 1 of Schedule 12A",
])
def test_open_papers_are_not_mistaken_for_exempt_ones(text):
    assert exemption(text) is None


def test_a_question_about_a_private_item_is_told_it_was_private(db, tmp_path):
    from datetime import datetime, timezone

    from handlers import texts
    from handlers.answer import answer
    from handlers.messages import Services
    from handlers.settings import Settings
    paper = tmp_path / "frontsheet.txt"
    paper.write_text(exempt_items_front_sheet(), encoding="utf-8")
    ingest_paths(db, [paper])
    svc = Services(db=db, settings=Settings(), now=datetime(2021, 7, 14, tzinfo=timezone.utc))
    a = answer(svc, "How much did the council pay for the depot company?")
    assert not a.answered
    assert "private" in a.reply and "Acquisition of a depot company" in a.reply
    assert a.reply.split(":")[0] == texts.ANS_PRIVATE_SUBJECT.split(":")[0]   # not "I couldn't find an answer"
    assert SECRET not in a.reply
