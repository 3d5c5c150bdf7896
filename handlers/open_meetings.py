"""Which meetings still take public questions, and when each one's deadline falls."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from handlers import deadlines, submissions
from handlers.messages import Services
from handlers.rules import QuestionRules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MeetingDeadline:
    """A meeting that takes public questions, with its rules and deadline."""

    id: int
    key: str
    body: str
    title: str
    start: str             # ISO with offset, as in the meetings table
    time_known: bool
    rules: QuestionRules
    deadline: deadlines.Deadline

    @property
    def label(self) -> str:
        """'Council, Wednesday 16 July 2025 at 7pm'."""
        return submissions.meeting_label(self.title, self.start, self.time_known)

    def is_open(self, now: datetime) -> bool:
        """True while questions can still be received."""
        return self.deadline.is_open(now)


def _build(svc: Services, r: dict) -> MeetingDeadline | None:
    rules = svc.settings.questions.for_body(r["body"], svc.settings.bodies)
    if not rules.accepts_questions:
        return None
    try:
        dl = deadlines.for_meeting(r["start"], rules.deadline)
    except ValueError:
        log.warning("meeting %s has an unreadable start %r", r["id"], r["start"])
        return None
    return MeetingDeadline(r["id"], r["key"], r["body"], r["title"], r["start"], bool(r["time_known"]), rules, dl)


def get(svc: Services, meeting_id: int) -> MeetingDeadline | None:
    """One meeting with its deadline, or None if unknown, cancelled or not taking questions."""
    rows = list(svc.db.query("SELECT * FROM meetings WHERE id = ? AND status != 'cancelled'", [meeting_id]))
    return _build(svc, rows[0]) if rows else None


def upcoming(svc: Services, body: str | None = None) -> list[MeetingDeadline]:
    """Meetings yet to start that take questions (open or already closed), soonest first."""
    out = []
    for r in svc.db.query("SELECT * FROM meetings WHERE status != 'cancelled' ORDER BY start_utc"):
        if body and r["body"].lower() != body.lower():
            continue
        try:
            if datetime.fromisoformat(r["start"]) <= svc.now:
                continue
        except ValueError:
            continue
        m = _build(svc, r)
        if m:
            out.append(m)
    return out


def open_for_questions(svc: Services, body: str | None = None) -> list[MeetingDeadline]:
    """Meetings whose deadline has not passed yet, soonest first."""
    return [m for m in upcoming(svc, body) if m.is_open(svc.now)]


def next_open(svc: Services, body: str) -> MeetingDeadline | None:
    """The next meeting of this body that still takes questions."""
    found = open_for_questions(svc, body)
    return found[0] if found else None
