"""Writing a parsed document to SQLite in one transaction: new, unchanged, duplicate or replaced."""
from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from knowledge.model import Meeting, ParsedDocument

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")
# Status by strength: minutes prove a meeting was held; a calendar's cancellation beats an agenda.
_STATUS_RANK = {"scheduled": 0, "cancelled": 1, "held": 2}


# The version of the code that reads papers into passages, items and meetings. Raise it when a change to parsing
# alters what is stored (round thirteen: an organisation chart's "Chair:" line carries its group), so that the next
# `councilbot ingest` reads the papers again instead of skipping them as unchanged.
PARSED_BY = 13


@dataclass
class Stored:
    """What happened to one file: outcome is new | unchanged | duplicate | replaced."""

    outcome: str
    document_id: int
    meetings: int = 0
    passages: int = 0
    meeting_ids: tuple[int, ...] = ()
    duplicate_of: str | None = None
    changed: bool = True           # False when the database is exactly as it was


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE, so a busy database waits instead of failing midway).

    Inside an already open transaction it nests as a savepoint, so callers can compose saves.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def meeting_key(m: Meeting) -> str:
    """Identity of a meeting across papers: body and local date (a calendar and minutes may differ on kind)."""
    body = re.sub(r"\s+", " ", m.body.strip().lower())
    body = re.sub(r"^the ", "", body)
    return f"{body}|{m.start.astimezone(LONDON).date().isoformat()}"


def meeting_title(m: Meeting) -> str:
    """How a meeting is named in citations, e.g. 'Council, 21 July 2021'."""
    d = m.start.astimezone(LONDON)
    extra = "" if m.kind == "ordinary" else f" ({m.kind})"
    return f"{m.body}{extra}, {d.day} {d:%B %Y}"


def lookup(db: Database, sha256: str, path: str) -> str | None:
    """'unchanged' when this path already holds these bytes, 'duplicate' when another path does, else None.

    Lets ingest skip reading and parsing a file it already has; save() checks again to be sure. Bytes read by an
    older parser (PARSED_BY) are read again.
    """
    row = next(db.query("SELECT document_id FROM document_paths WHERE path = ?", [path]), None)
    same = next(db.query("SELECT id, parsed_by FROM documents WHERE sha256 = ?", [sha256]), None)
    if same is None or same["parsed_by"] < PARSED_BY:
        return None
    return "unchanged" if row and row["document_id"] == same["id"] else "duplicate"


def save(db: Database, doc: ParsedDocument | None, *, sha256: str, path: str, size: int) -> Stored:
    """Store one parsed file atomically; re-ingesting the same bytes changes nothing.

    doc may be None only when lookup() said the bytes are already stored.
    """
    with transaction(db):
        same = next(db.query("SELECT id, path, parsed_by FROM documents WHERE sha256 = ?", [sha256]), None)
        reread: list[int] = []
        if same and same["parsed_by"] < PARSED_BY and doc is not None:
            # Read by older code: this reading replaces it (its meetings are re-derived below and keep their ids).
            reread = delete_document(db, same["id"], rederive=False)
            same = None
        old = next(db.query("SELECT document_id FROM document_paths WHERE path = ?", [path]), None)
        old_id = old["document_id"] if old else None
        if same and old_id == same["id"]:
            return Stored("unchanged", same["id"], changed=False)
        # Meetings the old version described are re-derived only after the new version is written,
        # so a meeting both versions describe keeps its id (submissions and alerts point at it).
        touched = (_forget_path(db, path, old_id) if old_id is not None else []) + reread
        if same:
            db.execute("INSERT INTO document_paths (path, document_id) VALUES (?, ?)", [path, same["id"]])
            _rederive_meetings(db, touched)
            return Stored("duplicate", same["id"], duplicate_of=same["path"])
        if doc is None:
            raise ValueError(f"{path}: not stored yet, so a parsed document is needed")
        doc_id = db["documents"].insert({
            "sha256": sha256, "title": doc.title, "kind": doc.kind, "path": path, "pages": doc.pages,
            "bytes": size, "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "parsed_by": PARSED_BY,
        }).last_pk
        db.execute("INSERT INTO document_paths (path, document_id) VALUES (?, ?)", [path, doc_id])
        passages, meeting_ids = _write_contents(db, doc, doc_id)
        _rederive_meetings(db, touched)
    return Stored("new" if old_id is None and not reread else "replaced", doc_id, meetings=len(meeting_ids),
                  passages=passages, meeting_ids=meeting_ids)


def _forget_path(db: Database, path: str, doc_id: int) -> list[int]:
    """Drop one name of a document; the document goes with its last name. Meetings to re-derive."""
    db.execute("DELETE FROM document_paths WHERE path = ?", [path])
    other = next(db.query("SELECT path FROM document_paths WHERE document_id = ? ORDER BY path LIMIT 1",
                          [doc_id]), None)
    if other:
        db.execute("UPDATE documents SET path = ? WHERE id = ?", [other["path"], doc_id])
        return []
    return delete_document(db, doc_id, rederive=False)


def delete_document(db: Database, doc_id: int, *, rederive: bool = True) -> list[int]:
    """Remove a document and everything parsed from it; the ids of meetings it described.

    With rederive those meetings are rebuilt from the papers left (and deleted if none is).
    """
    touched = [r["meeting_id"] for r in db.query(
        "SELECT meeting_id FROM meeting_sources WHERE document_id = ?", [doc_id])]
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])  # cascades to items, passages, sources
    if rederive:
        _rederive_meetings(db, touched)
    return touched


def _rederive_meetings(db: Database, ids) -> None:
    for mid in sorted(set(ids)):
        _rederive_meeting(db, mid)


def _write_contents(db: Database, doc: ParsedDocument, doc_id: int) -> tuple[int, tuple[int, ...]]:
    """Write everything parsed from one document; (passages written, distinct meeting ids)."""
    meeting_ids = [_add_meeting_source(db, m, doc_id) for m in doc.meetings]
    _rederive_meetings(db, meeting_ids)
    labels = {i: meeting_title(m) for i, m in enumerate(doc.meetings)}

    def mid_of(idx):
        return meeting_ids[idx] if idx is not None and 0 <= idx < len(meeting_ids) else None

    restricted: set[tuple[int | None, str]] = set()
    for pos, it in enumerate(doc.items):
        if it.restricted:
            restricted.add((it.meeting, it.number))
        db["agenda_items"].insert({
            "meeting_id": mid_of(it.meeting), "document_id": doc_id, "position": pos,
            "number": it.number, "title": it.title,
            # A restricted item keeps its title and exemption reason, nothing of its body.
            "description": "" if it.restricted else it.description,
            "page_from": it.page_from, "page_to": it.page_to,
            "restricted": int(it.restricted), "exempt_reason": it.exempt_reason,
        })

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
    } for d in doc.decisions if allowed(d.meeting, d.minute)))
    rows = [{
        "document_id": doc_id, "meeting_id": mid_of(p.meeting), "kind": p.kind,
        "document_title": doc.title, "meeting_label": labels.get(p.meeting) if p.meeting is not None else None,
        "item_number": p.item_number, "item_title": p.item_title, "section": p.section,
        "page": p.page, "text": p.text,
    } for p in doc.passages if p.text.strip() and allowed(p.meeting, p.item_number)]
    db["passages"].insert_all(rows)
    db["acronyms"].insert_all(({"acronym": a, "expansion": e, "document_id": doc_id}
                               for a, e in doc.acronyms.items()), ignore=True)
    return len(rows), tuple(sorted(set(meeting_ids)))


def _add_meeting_source(db: Database, m: Meeting, doc_id: int) -> int:
    """Record what this document says about a meeting (creating the meeting if new); its id."""
    key = meeting_key(m)
    row = next(db.query("SELECT id FROM meetings WHERE key = ?", [key]), None)
    start = m.start.astimezone(LONDON)
    facts = {
        "body": m.body, "kind": m.kind, "start": start.isoformat(),
        "start_utc": start.astimezone(timezone.utc).isoformat(), "time_known": int(m.time_known),
        "venue": m.venue, "status": m.status, "uid": m.uid, "url": m.url, "ends": m.ends,
    }
    if row is None:
        mid = db["meetings"].insert({"key": key, "title": meeting_title(m), **facts}).last_pk
    else:
        mid = row["id"]
    # A paper naming the same meeting twice (front sheet and an item header) counts once: first wins.
    db.execute(f"""INSERT OR IGNORE INTO meeting_sources (meeting_id, document_id, {", ".join(facts)})
                   VALUES (?, ?, {", ".join("?" * len(facts))})""", [mid, doc_id, *facts.values()])
    return mid


def _rederive_meeting(db: Database, mid: int) -> None:
    """Rebuild a meeting row from every paper that mentions it; delete it when none is left.

    Papers with a known start time come first, then oldest first; each fact takes the first
    value any of them gives, so a later paper fills gaps without overwriting what is known.
    """
    sources = list(db.query("""SELECT * FROM meeting_sources WHERE meeting_id = ?
                               ORDER BY time_known DESC, document_id""", [mid]))
    if not sources:
        db.execute("DELETE FROM meetings WHERE id = ?", [mid])
        return

    def first(field, default=None):
        return next((s[field] for s in sources if s[field] not in (None, "")), default)

    kind = next((s["kind"] for s in sources if s["kind"] not in (None, "", "ordinary")), "ordinary")
    status = max((s["status"] or "scheduled" for s in sources), key=lambda v: _STATUS_RANK.get(v, 0))
    start = datetime.fromisoformat(sources[0]["start"])
    body = first("body")
    title = meeting_title(Meeting(body=body, start=start, kind=kind))
    db.execute("""UPDATE meetings SET body = ?, title = ?, kind = ?, start = ?, start_utc = ?, time_known = ?,
                  venue = ?, status = ?, uid = ?, url = ?, ends = ? WHERE id = ?""",
               [body, title, kind, sources[0]["start"], sources[0]["start_utc"], sources[0]["time_known"],
                first("venue"), status, first("uid"), first("url"), first("ends"), mid])
