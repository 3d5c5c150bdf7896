"""Writing a parsed document to SQLite in one transaction: new, unchanged, duplicate or replaced."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from knowledge.model import Meeting, ParsedDocument

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")


@dataclass
class Stored:
    """What happened to one file: outcome is new | unchanged | duplicate | replaced."""

    outcome: str
    document_id: int
    meetings: int = 0
    passages: int = 0
    duplicate_of: str | None = None


def meeting_key(m: Meeting) -> str:
    """Identity of a meeting across papers: body, local date and kind."""
    return f"{m.body.strip().lower()}|{m.start.astimezone(LONDON).date().isoformat()}|{m.kind}"


def meeting_title(m: Meeting) -> str:
    """How a meeting is named in citations, e.g. 'Council, 21 July 2021'."""
    d = m.start.astimezone(LONDON)
    extra = "" if m.kind == "ordinary" else f" ({m.kind})"
    return f"{m.body}{extra}, {d.day} {d:%B %Y}"


def _upsert_meeting(db: Database, m: Meeting) -> int:
    key = meeting_key(m)
    row = next(db.query("SELECT id, time_known, venue FROM meetings WHERE key = ?", [key]), None)
    start = m.start.astimezone(LONDON)
    values = {
        "key": key, "body": m.body, "title": meeting_title(m), "kind": m.kind,
        "start": start.isoformat(), "start_utc": start.astimezone(timezone.utc).isoformat(),
        "time_known": int(m.time_known), "venue": m.venue, "status": m.status, "uid": m.uid, "url": m.url,
    }
    if row is None:
        return db["meetings"].insert(values).last_pk
    # Merge: a later paper may know the time or venue an earlier one lacked; never lose known facts.
    update = {k: v for k, v in values.items() if v not in (None, "") and k != "key"}
    if row["time_known"] and not m.time_known:
        for k in ("start", "start_utc", "time_known"):
            update.pop(k, None)
    if row["venue"] and not m.venue:
        update.pop("venue", None)
    db["meetings"].update(row["id"], update)
    return row["id"]


def save(db: Database, doc: ParsedDocument, *, sha256: str, path: str, size: int) -> Stored:
    """Store one parsed file atomically; re-ingesting the same bytes changes nothing."""
    with db.conn:
        same = next(db.query("SELECT id, path FROM documents WHERE sha256 = ?", [sha256]), None)
        if same:
            known = next(db.query("SELECT 1 FROM document_paths WHERE path = ?", [path]), None)
            if known:
                return Stored("unchanged", same["id"])
            db.execute("DELETE FROM document_paths WHERE path = ?", [path])
            db["document_paths"].insert({"path": path, "document_id": same["id"]})
            return Stored("duplicate", same["id"], duplicate_of=same["path"])
        old = next(db.query("SELECT document_id FROM document_paths WHERE path = ?", [path]), None)
        outcome = "new"
        if old:
            _delete_document(db, old["document_id"])
            outcome = "replaced"
        doc_id = db["documents"].insert({
            "sha256": sha256, "title": doc.title, "kind": doc.kind, "path": path, "pages": doc.pages,
            "bytes": size, "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }).last_pk
        db["document_paths"].insert({"path": path, "document_id": doc_id})
        passages = _write_contents(db, doc, doc_id)
    return Stored(outcome, doc_id, meetings=len(doc.meetings), passages=passages)


def _write_contents(db: Database, doc: ParsedDocument, doc_id: int) -> int:
    meeting_ids = [_upsert_meeting(db, m) for m in doc.meetings]
    labels = {i: meeting_title(m) for i, m in enumerate(doc.meetings)}
    for mid in set(meeting_ids):
        db.execute("INSERT OR IGNORE INTO meeting_sources (meeting_id, document_id) VALUES (?, ?)", [mid, doc_id])

    def mid_of(idx):
        return meeting_ids[idx] if idx is not None and idx < len(meeting_ids) else None

    restricted: set[tuple[int | None, str]] = set()
    item_ids: dict[tuple[int | None, str], int] = {}
    for pos, it in enumerate(doc.items):
        if it.restricted:
            restricted.add((it.meeting, it.number))
        item_ids[(it.meeting, it.number)] = db["agenda_items"].insert({
            "meeting_id": mid_of(it.meeting), "document_id": doc_id, "position": pos,
            "number": it.number, "title": it.title,
            # A restricted item keeps its title and exemption reason, nothing of its body.
            "description": "" if it.restricted else it.description,
            "page_from": it.page_from, "page_to": it.page_to,
            "restricted": int(it.restricted), "exempt_reason": it.exempt_reason,
        }).last_pk

    def allowed(meeting, item_number) -> bool:
        return (meeting, item_number) not in restricted

    db["questions"].insert_all(({
        "meeting_id": mid_of(q.meeting), "document_id": doc_id, "kind": q.kind, "number": q.number,
        "item_number": q.item_number, "asker": q.asker, "addressee": q.addressee, "text": q.text,
        "status": q.status, "answer": q.answer, "answerer": q.answerer, "page": q.page,
    } for q in doc.questions if allowed(q.meeting, q.item_number)))
    db["motions"].insert_all(({
        "meeting_id": mid_of(x.meeting), "document_id": doc_id, "item_number": x.item_number,
        "title": x.title, "proposer": x.proposer, "seconder": x.seconder, "text": x.text, "page": x.page,
    } for x in doc.motions if allowed(x.meeting, x.item_number)))
    db["decisions"].insert_all(({
        "meeting_id": mid_of(d.meeting), "document_id": doc_id, "minute": d.minute,
        "item_title": d.item_title, "text": d.text, "page": d.page,
    } for d in doc.decisions))
    rows = [{
        "document_id": doc_id, "meeting_id": mid_of(p.meeting), "kind": p.kind,
        "document_title": doc.title, "meeting_label": labels.get(p.meeting) if p.meeting is not None else None,
        "item_number": p.item_number, "item_title": p.item_title, "section": p.section,
        "page": p.page, "text": p.text,
    } for p in doc.passages if p.text.strip() and allowed(p.meeting, p.item_number)]
    db["passages"].insert_all(rows)
    db["acronyms"].insert_all(({"acronym": a, "expansion": e, "document_id": doc_id}
                               for a, e in doc.acronyms.items()), ignore=True)
    return len(rows)


def _delete_document(db: Database, doc_id: int) -> None:
    """Remove a document and everything parsed from it; meetings no paper mentions go too."""
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
    db.execute("DELETE FROM meetings WHERE id NOT IN (SELECT meeting_id FROM meeting_sources)")
