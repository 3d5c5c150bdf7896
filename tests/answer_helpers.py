"""Helpers for the answering tests: a database of the sample papers, and meetings built by hand."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.db import open_db
from handlers.messages import Services
from handlers.settings import Settings
from knowledge.ingest import ingest_paths

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")


def sample_db(path: Path):
    """A database with every sample paper ingested (and the search index refreshed)."""
    db = open_db(path)
    ingest_paths(db, [ROOT / "samples"])
    return db


def services(db, now: str = "2021-07-14T10:00:00+01:00") -> Services:
    """Handler services on db at a fixed moment."""
    return Services(db=db, settings=Settings(), now=datetime.fromisoformat(now))


def add_document(db, title: str = "Test paper") -> int:
    """A documents row to hang agenda items and passages on."""
    return db["documents"].insert({"sha256": f"sha-{title}-{db['documents'].count}", "title": title,
                                   "kind": "agenda", "pages": 1, "bytes": 1,
                                   "ingested_at": "2021-07-01T00:00:00+00:00"}).last_pk


def add_meeting(db, body: str, start: str, *, venue: str | None = None, status: str = "scheduled",
                time_known: bool = True, kind: str = "ordinary") -> int:
    """A meetings row; start is local London time 'YYYY-MM-DD HH:MM'."""
    local = datetime.fromisoformat(start).replace(tzinfo=LONDON)
    return db["meetings"].insert({
        "key": f"{body.lower()}|{local.date().isoformat()}", "body": body,
        "title": f"{body}, {local.day} {local:%B %Y}", "kind": kind, "start": local.isoformat(),
        "start_utc": local.astimezone(timezone.utc).isoformat(), "time_known": int(time_known),
        "venue": venue, "status": status}).last_pk


def add_item(db, meeting_id: int, doc_id: int, number: str, title: str, restricted: bool = False) -> int:
    """An agenda_items row."""
    return db["agenda_items"].insert({"meeting_id": meeting_id, "document_id": doc_id, "position": int(number),
                                      "number": number, "title": title, "restricted": int(restricted),
                                      "exempt_reason": "Paragraph 3" if restricted else None}).last_pk


# Everyday council sentences that share no topic with the tests' questions: they make the planted
# passages rare enough for the ranking to behave as it does on real papers.
FILLER = ["The library garden opened in spring and the café is busy.",
          "Bus lanes on the ring road are being repainted this month.",
          "The swimming pool will close for two weeks in August.",
          "Members thanked officers for the report on the town centre.",
          "Residents may comment on the consultation until the end of May."]


def papers_with(db, texts: list[str], title: str = "Cabinet report", page: int = 2) -> None:
    """One document holding the given passages plus filler, ready to search."""
    doc = add_document(db, title)
    for text in texts + FILLER * 4:
        db["passages"].insert({"document_id": doc, "document_title": title, "page": page, "text": text})
