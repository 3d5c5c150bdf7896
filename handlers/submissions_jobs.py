"""Scheduled work for public questions, as plain functions of the database and `svc.now`.

bot/scheduler.py rebuilds its jobs from `upcoming_deadlines` at start-up and after each ingest,
and calls the rest; every function here is safe to call twice (it does nothing the second time).
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from handlers import open_meetings, state, submission_messages, submissions
from handlers.messages import Outgoing, Services

log = logging.getLogger(__name__)

TOMBSTONE_DAYS = 30      # how long an expired draft's empty marker waits to tell the resident


def upcoming_deadlines(svc: Services) -> list[tuple[int, datetime]]:
    """(meeting id, deadline) for meetings yet to start whose question deadline is still ahead."""
    return [(m.id, m.deadline.at) for m in open_meetings.open_for_questions(svc)]


def digests_due(svc: Services) -> list[int]:
    """Meetings whose deadline has passed, with questions, whose digest has not been queued yet."""
    due = []
    rows = svc.db.query("""
        SELECT DISTINCT m.id FROM meetings m JOIN submissions s
          ON s.meeting_id = m.id OR s.meeting_key = m.key
        WHERE m.id NOT IN (SELECT meeting_id FROM question_digests)""")
    for r in rows:
        m = open_meetings.get(svc, r["id"])
        if m and not m.is_open(svc.now):
            due.append(m.id)
    return due


def send_deadline_digest(svc: Services, meeting_id: int) -> bool:
    """Queue one email to democratic services listing every question for the meeting (commits).

    Questions still `received` become `sent`: they have been handed over with the digest.
    Returns False when the deadline has not passed, the digest was already queued, or there is
    nothing to list.
    """
    m = open_meetings.get(svc, meeting_id)
    if m is None or m.is_open(svc.now):
        return False
    if list(svc.db.query("SELECT 1 FROM question_digests WHERE meeting_id = ?", [meeting_id])):
        return False
    subs = [s for s in submissions.find(svc.db, meeting_id) if s.status != "withdrawn"]
    if not subs:
        return False
    lines = [f"Public questions for {m.label}",
             f"The deadline was {m.deadline.at:%H:%M on %A %d %B %Y}. {len(subs)} question(s), in order of receipt:",
             ""]
    for i, s in enumerate(subs, 1):
        lines += [f"{i}. {s.reference} ({s.status}) – {s.name}" + (f", to {s.member}" if s.member else ""),
                  f"   Received {s.received_at}",
                  *(f"   {line}" for line in s.question.splitlines()),
                  *(f"   Screening: {w}" for w in s.warnings), ""]
    data = {"meeting": {"id": m.id, "body": m.body, "title": m.title, "start": m.start},
            "deadline": m.deadline.at.isoformat(),
            "questions": [submission_messages.as_json(s) for s in subs]}
    with svc.db.atomic():
        svc.db.execute("INSERT INTO question_digests (meeting_id, questions, sent_at) VALUES (?, ?, ?)",
                       [meeting_id, len(subs), svc.now.isoformat()])
        svc.db.execute(f"UPDATE submissions SET status = 'sent', updated_at = ? "
                       f"WHERE status = 'received' AND id IN ({','.join('?' * len(subs))})",
                       [svc.now.isoformat(), *[s.id for s in subs]])
        svc.send(Outgoing(
            key=f"digest:meeting:{meeting_id}", channel="email", to=svc.settings.questions.send_to,
            subject=f"Public questions for {m.label} ({len(subs)})", text="\n".join(lines),
            attachments=[(f"questions-meeting-{meeting_id}.json", "application/json",
                          json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))]))
    log.info("digest of %d question(s) queued for meeting %s", len(subs), meeting_id)
    return True


def erase_expired_personal_data(svc: Services) -> int:
    """Erase address, email and phone of questions past their retention period (run daily)."""
    return submissions.erase_expired(svc)


def expire_drafts(svc: Services) -> int:
    """Wipe submit drafts idle longer than draft_expiry_hours, leaving a marker so the resident is told.

    Old markers are removed after TOMBSTONE_DAYS. Returns the number of drafts wiped.
    """
    cutoff = svc.now - timedelta(hours=svc.settings.draft_expiry_hours)
    wiped = 0
    for r in list(svc.db.query("SELECT key, step, updated_at FROM conversations WHERE flow = 'submit'")):
        try:
            updated = datetime.fromisoformat(r["updated_at"])
        except ValueError:
            continue
        if r["step"] == "expired":
            if updated < svc.now - timedelta(days=TOMBSTONE_DAYS):
                state.clear(svc.db, r["key"])
        elif updated < cutoff:
            # The personal details go now; the marker keeps its old time so it ages out.
            with svc.db.atomic():
                svc.db.execute("UPDATE conversations SET step = 'expired', data = '{}' WHERE key = ?", [r["key"]])
            wiped += 1
    if wiped:
        log.info("expired %d unfinished question draft(s)", wiped)
    return wiped
