"""Public questions residents submitted: the table, references, status changes and personal data.

Writes here never commit on their own unless the function says so: the submit flow wraps the
row and its outbox messages in one transaction (`with svc.db.atomic():`), so a crash can neither
lose a confirmed question nor send one that was never stored.
"""
from __future__ import annotations

import calendar
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from handlers import HandlerError, privacy, submission_messages, texts
from handlers.deadlines import fmt_day, fmt_time
from handlers.messages import Inbound, Services

log = logging.getLogger(__name__)
migrations = Migrations("submissions")

STATUSES = ("received", "sent", "accepted", "rejected", "withdrawn", "answered")
STAFF_STATUSES = ("accepted", "rejected", "withdrawn")
LIVE = ("received", "sent", "accepted")        # still going to the meeting
ERASED = "[erased]"


class SubmissionError(HandlerError):
    """A submission that does not exist, or a status change that is not allowed."""


@migrations()
def m001_submissions(db: Database) -> None:
    """Submitted questions, the yearly reference counter, and digests already sent."""
    # Meeting details are copied in, so a question still reads right if papers are re-ingested.
    db.execute("""
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
        meeting_key TEXT,
        body TEXT NOT NULL,
        meeting_title TEXT NOT NULL,
        meeting_start TEXT NOT NULL,
        deadline TEXT NOT NULL,
        question TEXT NOT NULL,
        member TEXT,
        name TEXT NOT NULL,
        address TEXT,
        email TEXT,
        phone TEXT,
        channel TEXT NOT NULL,
        chat TEXT,
        sender TEXT,
        status TEXT NOT NULL DEFAULT 'received',
        status_reason TEXT,
        warnings TEXT NOT NULL DEFAULT '[]',
        received_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        erased_at TEXT
    )""")
    db.execute("CREATE INDEX submissions_meeting ON submissions(meeting_id)")
    db.execute("CREATE INDEX submissions_sender ON submissions(sender)")
    db.execute("CREATE TABLE submission_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL)")
    db.execute("""
    CREATE TABLE question_digests (
        meeting_id INTEGER PRIMARY KEY,
        questions INTEGER NOT NULL,
        sent_at TEXT NOT NULL
    )""")


@dataclass
class Submission:
    """One submitted public question and the details of who asked it."""

    id: int
    reference: str
    meeting_id: int | None
    meeting_key: str | None
    body: str
    meeting_title: str
    meeting_start: str
    deadline: str
    question: str
    member: str | None
    name: str
    address: str | None
    email: str | None
    phone: str | None
    channel: str
    chat: str | None
    sender: str | None
    status: str
    status_reason: str | None
    warnings: list[str] = field(default_factory=list)
    received_at: str = ""
    updated_at: str = ""
    erased_at: str | None = None

    @property
    def meeting_label(self) -> str:
        """'Council, Wednesday 16 July 2025 at 7pm'."""
        return meeting_label(self.meeting_title, self.meeting_start)


def meeting_label(title: str, start: str, time_known: bool = True) -> str:
    """A meeting as residents read it: title, day and (when known) time in London."""
    dt = datetime.fromisoformat(start).astimezone(ZoneInfo("Europe/London"))
    when = fmt_day(dt.date()) + (f" at {fmt_time(dt.time())}" if time_known else "")
    return f"{short_title(title)}, {when}"


def short_title(title: str) -> str:
    """A meeting title without its date ('Council, 21 July 2021' -> 'Council'), for when the date follows."""
    return title.split(", ")[0]


def _row(r: dict) -> Submission:
    r = dict(r)
    r["warnings"] = json.loads(r.get("warnings") or "[]")
    return Submission(**r)


def next_reference(db: Database, now: datetime) -> str:
    """Take the next `PQ-YYYY-NNNN` (call inside the caller's transaction; does not commit)."""
    year = now.astimezone(ZoneInfo("Europe/London")).year
    db.execute("INSERT INTO submission_counters (year, last) VALUES (?, 1) "
               "ON CONFLICT(year) DO UPDATE SET last = last + 1", [year])
    last = db.execute("SELECT last FROM submission_counters WHERE year = ?", [year]).fetchone()[0]
    return f"PQ-{year}-{last:04d}"


def insert(db: Database, now: datetime, **values) -> Submission:
    """Store a new submission with a fresh reference (inside the caller's transaction)."""
    values = dict(values, reference=next_reference(db, now), status="received",
                  warnings=json.dumps(values.get("warnings", [])),
                  received_at=now.isoformat(), updated_at=now.isoformat())
    cols = ", ".join(values)
    db.execute(f"INSERT INTO submissions ({cols}) VALUES ({', '.join('?' * len(values))})", list(values.values()))
    return get(db, values["reference"])


def get(db: Database, reference: str) -> Submission | None:
    """The submission with this reference (case-insensitive), or None."""
    rows = list(db.query("SELECT * FROM submissions WHERE reference = ?", [reference.strip().upper()]))
    return _row(rows[0]) if rows else None


# Meeting rows can be rebuilt by a later ingest (new id, same key), so match on either.
_SAME_MEETING = "(meeting_id = ? OR meeting_key = (SELECT key FROM meetings WHERE id = ?))"


def find(db: Database, meeting_id: int | None = None, status: str | None = None) -> list[Submission]:
    """Submissions in order of receipt, optionally for one meeting and/or one status."""
    where, args = [], []
    if meeting_id is not None:
        where.append(_SAME_MEETING)
        args += [meeting_id, meeting_id]
    if status:
        where.append("status = ?")
        args.append(status)
    sql = "SELECT * FROM submissions" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [_row(r) for r in db.query(sql, args)]


def live_count(db: Database, meeting_id: int, sender: str, email: str | None = None) -> int:
    """How many live questions this person (same sender, or same email) has for the meeting."""
    row = db.execute(
        f"SELECT count(*) FROM submissions WHERE {_SAME_MEETING} AND status IN ({','.join('?' * len(LIVE))}) "
        "AND (sender = ? OR (? IS NOT NULL AND lower(email) = lower(?)))",
        [meeting_id, meeting_id, *LIVE, sender, email, email]).fetchone()
    return row[0]


def set_status(svc: Services, reference: str, status: str, reason: str = "") -> Submission:
    """Staff decision on a question: store it and tell the resident with the reason (commits)."""
    if status not in STAFF_STATUSES:
        raise SubmissionError(f"status must be one of {', '.join(STAFF_STATUSES)}, not {status!r}")
    sub = get(svc.db, reference)
    if sub is None:
        raise SubmissionError(f"no submission with reference {reference}")
    if sub.status == status:
        raise SubmissionError(f"{sub.reference} is already {status}")
    if sub.status == "answered":
        raise SubmissionError(f"{sub.reference} has already been answered")
    text = texts.PQ_STATUS[status].strip().format(ref=sub.reference, meeting=sub.meeting_label,
                                          reason=reason.strip() or (texts.PQ_NO_REASON if status == "rejected" else ""))
    subject = texts.PQ_STATUS_SUBJECT.format(ref=sub.reference)
    with svc.db.atomic():
        svc.db.execute("UPDATE submissions SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
                       [status, reason.strip() or None, svc.now.isoformat(), sub.id])
        for out in submission_messages.tell_resident(sub, f"status:{sub.reference}:{status}", subject, text):
            svc.send(out)
    log.info("submission %s: %s -> %s", sub.reference, sub.status, status)
    return get(svc.db, sub.reference)


def _erase_contacts(db: Database, ids: list[int], now: datetime, *, everything: bool = False) -> None:
    """Blank contact details (and, when never published, the name and question too)."""
    for i in ids:
        extra = ", name = ?, question = ?, member = NULL, warnings = '[]'" if everything else ""
        db.execute(f"UPDATE submissions SET address = NULL, email = NULL, phone = NULL, chat = NULL, "
                   f"sender = NULL, erased_at = ?{extra} WHERE id = ?",
                   [now.isoformat(), *([ERASED, ERASED] if everything else []), i])


def _theirs(svc: Services, msg: Inbound) -> list[Submission]:
    """The resident's submissions: sent from their account, or (by email) from their address."""
    sender = f"{msg.channel}:{msg.user}"
    email = msg.user if msg.channel == "email" else None
    return [_row(r) for r in svc.db.query(
        "SELECT * FROM submissions WHERE sender = ? OR (? IS NOT NULL AND lower(email) = lower(?))",
        [sender, email, email])]


def link(svc: Services, msg: Inbound, linked: privacy.Linked) -> None:
    """/forget linker: the email addresses and private chats recorded on the resident's submissions."""
    for sub in _theirs(svc, msg):
        linked.references.add(sub.reference)
        if sub.email:
            linked.addresses.add(("email", sub.email.lower()))
        # A chat is theirs alone only when it is the private chat with the sender (chat id = user id);
        # a group's confirmations are found by reference instead, so other members' messages stay.
        if sub.chat and sub.channel != "email" and sub.sender == f"{sub.channel}:{sub.chat}":
            linked.addresses.add((sub.channel, sub.chat))


def forget(svc: Services, msg: Inbound, linked: privacy.Linked | None = None) -> str | None:
    """/forget: erase this resident's questions' personal data now, except for meetings to come."""
    kept, published, unpublished = [], [], []
    for sub in _theirs(svc, msg):
        upcoming = datetime.fromisoformat(sub.meeting_start) > svc.now
        if upcoming and sub.status in LIVE:
            kept.append(sub)       # staff need the details to take the question at the meeting
        elif sub.status in ("rejected", "withdrawn"):
            unpublished.append(sub.id)
        else:
            published.append(sub.id)
    with svc.db.atomic():
        _erase_contacts(svc.db, published, svc.now)
        _erase_contacts(svc.db, unpublished, svc.now, everything=True)
    if published or unpublished:
        log.info("forget: erased personal data of %d submission(s)", len(published) + len(unpublished))
    notes = [texts.PQ_FORGET_KEPT.format(ref=s.reference, meeting=s.meeting_label) for s in kept]
    if published:
        notes.append(texts.PQ_FORGET_PUBLISHED)
    return "\n".join(notes) or None


def erase_expired(svc: Services) -> int:
    """Erase address, email and phone once a question's retention period after its meeting ends."""
    rules_for = svc.settings.questions.for_body
    due = []
    for r in svc.db.query("SELECT id, body, meeting_start FROM submissions WHERE erased_at IS NULL"):
        months = rules_for(r["body"], svc.settings.bodies).retention_months
        if _add_months(datetime.fromisoformat(r["meeting_start"]), months) <= svc.now:
            due.append(r["id"])
    with svc.db.atomic():
        _erase_contacts(svc.db, due, svc.now)
    if due:
        log.info("retention: erased contact details of %d submission(s)", len(due))
    return len(due)


def _add_months(dt: datetime, months: int) -> datetime:
    y, m = divmod(dt.month - 1 + months, 12)
    year, month = dt.year + y, m + 1
    return dt.replace(year=year, month=month, day=min(dt.day, calendar.monthrange(year, month)[1]))


privacy.register_linker(link)
privacy.register_eraser(forget)
