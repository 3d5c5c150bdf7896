"""Matching written answers found in newly ingested papers to the questions residents submitted.

A `questions` row with an `answer` is matched by the reference printed in the papers, else by the
asker's name and the question's similarity at the same meeting (or a close one). A match is
recorded once, the submission becomes `answered`, and the resident is sent the answer with its
citation through the outbox. Answers that match nothing are recorded too, so staff can review them.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz, utils
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from handlers import screening, submission_messages, submissions, texts
from handlers.messages import Services

log = logging.getLogger(__name__)
migrations = Migrations("answers")

REFERENCE = re.compile(r"\bPQ-\d{4}-\d{4}\b", re.I)
NAME_SCORE = 85          # names as printed vary ("Mr J Smith" vs "John Smith")
WITH_NAME = 45           # question similarity needed when the asker's name matches
WITHOUT_NAME = 85        # ...and when it does not (papers sometimes omit or abbreviate names)
MAX_DAYS_APART = 120     # answers published after the meeting, in a later supplement or minutes


@migrations()
def m001_answer_matches(db: Database) -> None:
    """Each written answer seen in the papers, and the submission it answered (if any)."""
    # question_id has no foreign key: papers can be re-ingested, and the record must outlive that.
    db.execute("""
    CREATE TABLE answer_matches (
        question_id INTEGER PRIMARY KEY,
        submission_id INTEGER REFERENCES submissions(id) ON DELETE SET NULL,
        reference TEXT,
        method TEXT,
        score REAL,
        asker TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        citation TEXT NOT NULL,
        matched_at TEXT NOT NULL
    )""")


@dataclass
class Match:
    """One written answer, and the submission it was matched to (None when unmatched)."""

    question_id: int
    asker: str
    question: str
    answer: str
    citation: str
    reference: str | None = None
    method: str | None = None          # reference | name+text | text
    score: float | None = None


@dataclass
class MatchReport:
    """What one matching run found."""

    matched: list[Match] = field(default_factory=list)
    unmatched: list[Match] = field(default_factory=list)


def _citation(r: dict) -> str:
    meeting = submissions.meeting_label(r["m_title"], r["m_start"], False) if r["m_start"] else None
    parts = [p for p in (meeting, r["d_title"], f"page {r['page']}" if r["page"] else None) if p]
    return ", ".join(parts) + (f" ({r['d_url']})" if r["d_url"] else "")


def _candidates(db: Database) -> list[submissions.Submission]:
    return [s for s in submissions.find(db)
            if s.status not in ("rejected", "withdrawn") and s.question != submissions.ERASED]


def _days_apart(a: str | None, b: str) -> float:
    if not a:
        return 0.0
    return abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).total_seconds()) / 86400


def best_match(row: dict, candidates: list[submissions.Submission]) -> tuple[submissions.Submission, str, float] | None:
    """The submission a written answer belongs to, how it was matched, and the score; or None."""
    printed = REFERENCE.search(" ".join(str(row.get(k) or "") for k in ("number", "text", "answer", "status")))
    if printed:
        for s in candidates:
            if s.reference == printed.group(0).upper():
                return s, "reference", 100.0
    best = None
    for s in candidates:
        same_meeting = row["meeting_id"] is not None and row["meeting_id"] == s.meeting_id
        if not same_meeting and _days_apart(row["m_start"], s.meeting_start) > MAX_DAYS_APART:
            continue
        sim = screening.similarity(row["text"], s.question)
        named = fuzz.token_sort_ratio(row["asker"], s.name, processor=utils.default_process) >= NAME_SCORE \
            or _surname(row["asker"]) == _surname(s.name) != ""
        if (named and sim >= WITH_NAME) or sim >= WITHOUT_NAME:
            score = sim + (15 if named else 0) + (5 if same_meeting else 0)
            if best is None or score > best[2]:
                best = (s, "name+text" if named else "text", score)
    return best


def _surname(name: str) -> str:
    words = re.findall(r"[A-Za-z'’-]+", name or "")
    return words[-1].lower() if words else ""


def match_new_answers(svc: Services) -> MatchReport:
    """Match every written public answer not seen before; tell residents; record the outcome (commits)."""
    report = MatchReport()
    rows = list(svc.db.query("""
        SELECT q.id, q.meeting_id, q.number, q.asker, q.text, q.status, q.answer, q.answerer, q.page,
               m.title AS m_title, m.start AS m_start, d.title AS d_title, d.url AS d_url
        FROM questions q JOIN documents d ON d.id = q.document_id
        LEFT JOIN meetings m ON m.id = q.meeting_id
        WHERE q.kind = 'public' AND q.answer IS NOT NULL AND trim(q.answer) != ''
          AND q.id NOT IN (SELECT question_id FROM answer_matches)
        ORDER BY q.id"""))
    candidates = _candidates(svc.db)
    for r in rows:
        found = best_match(r, candidates)
        m = Match(r["id"], r["asker"], r["text"], r["answer"], _citation(r))
        with svc.db.atomic():
            if found:
                sub, m.method, m.score = found
                m.reference = sub.reference
                _deliver(svc, sub, r, m)
            svc.db.execute(
                "INSERT INTO answer_matches (question_id, submission_id, reference, method, score, asker, "
                "question, answer, citation, matched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [m.question_id, found[0].id if found else None, m.reference, m.method, m.score, m.asker,
                 m.question, m.answer, m.citation, svc.now.isoformat()])
        (report.matched if found else report.unmatched).append(m)
    if rows:
        log.info("answers: %d matched, %d unmatched", len(report.matched), len(report.unmatched))
    return report


def _deliver(svc: Services, sub: submissions.Submission, row: dict, m: Match) -> None:
    """Mark the submission answered and queue the answer to the resident (inside the caller's transaction)."""
    svc.db.execute("UPDATE submissions SET status = 'answered', updated_at = ? WHERE id = ?",
                   [svc.now.isoformat(), sub.id])
    text = texts.PQ_ANSWER.format(ref=sub.reference, meeting=sub.meeting_label, question=sub.question,
                                  answer=row["answer"].strip(), citation=m.citation,
                                  answerer=f" ({row['answerer']})" if row["answerer"] else "")
    for out in submission_messages.tell_resident(sub, f"answer:{sub.reference}",
                                         texts.PQ_ANSWER_SUBJECT.format(ref=sub.reference), text):
        svc.send(out)


def recorded(db: Database, matched: bool | None = None) -> list[Match]:
    """Every written answer seen so far (matched, unmatched, or both), newest first."""
    where = "" if matched is None else ("WHERE submission_id IS NOT NULL" if matched
                                        else "WHERE submission_id IS NULL AND reference IS NULL")
    return [Match(r["question_id"], r["asker"], r["question"], r["answer"], r["citation"], r["reference"],
                  r["method"], r["score"])
            for r in db.query(f"SELECT * FROM answer_matches {where} ORDER BY matched_at DESC, question_id DESC")]
