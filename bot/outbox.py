"""The outbox table: every message that leaves the bot is a row with a unique key, claimed, sent, then marked.

Delivery is at-least-once, made as close to exactly-once as SMTP allows:

- `enqueue` is INSERT ... ON CONFLICT(key) DO NOTHING, inside the caller's transaction when there
  is one (`with db.atomic():` -- note that `with db.conn:` opens no transaction under
  sqlite-utils 4, whose execute() commits each write), so a submission and its email commit
  together or not at all, and enqueueing the same
  key twice (a retried handler, a rebuilt job) leaves one row.
- The worker claims one due row at a time (status 'sending', a claim id made of this process's run
  id, attempts + 1), commits, sends, and only after the server accepted the message marks it
  'sent' — and only if its claim still holds. A 'sent' row is never claimed again.
- A crash after the claim but before the mark leaves the row 'sending' under a dead run id; the
  next worker to start puts such rows back to 'pending' and sends them again. If the crash came
  after the server accepted the mail, the recipient gets a second copy. That window cannot be
  closed (SMTP has no idempotent submit), so the email's Message-ID is derived from the key
  (bot.mail.message_id): the copy is byte-for-byte the same message, and mail clients, list
  servers and democratic services' own import dedupe it. Telegram has no such header: there a
  crash in that window can show the resident a message twice.
- A crash anywhere else loses nothing: the row is 'pending' or already 'sent'.

One worker per database file: the start-up recovery assumes any other run id is dead.
"""
from __future__ import annotations

import base64
import json
import logging
from datetime import datetime, timedelta, timezone

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from bot import BotError
from bot.config import OutboxConfig
from handlers import privacy
from handlers.messages import Inbound, Outgoing, Services

log = logging.getLogger(__name__)
migrations = Migrations("outbox")
ALERT_PREFIX = "outbox-alert:"
STATUSES = ("pending", "sending", "sent", "failed")


class DeliveryError(BotError):
    """A sender could not deliver; `permanent`: retrying cannot help; `alert=False`: staff need not hear of it."""

    def __init__(self, message: str, *, permanent: bool = False, alert: bool = True):
        super().__init__(message)
        self.permanent = permanent
        self.alert = alert   # e.g. a resident who blocked the bot: expected, nothing for staff to fix


@migrations()
def m001_outbox(db: Database) -> None:
    """One row per message to deliver, keyed by what makes it unique (e.g. 'submission:PQ-2025-0007')."""
    db.execute("""
    CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        recipient TEXT NOT NULL,
        subject TEXT,
        body TEXT NOT NULL,
        reply_to TEXT,
        headers TEXT NOT NULL DEFAULT '{}',
        attachments TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        claim_id TEXT,
        claimed_at TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        last_error TEXT,
        alerted_at TEXT,
        erased_at TEXT
    )""")
    db.execute("CREATE INDEX outbox_due ON outbox (status, next_attempt_at)")


def stamp(now: datetime) -> str:
    """UTC, fixed width, so stored times compare correctly as text."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).isoformat(timespec="microseconds")


def enqueue(db: Database, out: Outgoing, now: datetime) -> bool:
    """Queue a message for delivery; True when new, False when its key was already queued (or sent)."""
    attachments = [[name, mime, base64.b64encode(data).decode("ascii")] for name, mime, data in out.attachments]
    # sqlite-utils joins the caller's open transaction (db.atomic()) or commits at once.
    cur = db.execute("""
        INSERT INTO outbox (key, channel, recipient, subject, body, reply_to, headers, attachments,
                            next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING""",
        [out.key, out.channel, out.to, out.subject, out.text, out.reply_to, json.dumps(out.headers),
         json.dumps(attachments), stamp(now), stamp(now)])
    if cur.rowcount:
        log.debug("queued %s for %s", out.key, out.channel)
    return cur.rowcount > 0


def to_outgoing(row: dict) -> Outgoing:
    """The Outgoing stored in an outbox row."""
    return Outgoing(
        key=row["key"], channel=row["channel"], to=row["recipient"], text=row["body"],
        subject=row["subject"], reply_to=row["reply_to"], headers=json.loads(row["headers"]),
        attachments=[(n, m, base64.b64decode(d)) for n, m, d in json.loads(row["attachments"])],
    )


def claim_next(db: Database, now: datetime, claim_id: str, skip_channels: frozenset[str] = frozenset()) -> dict | None:
    """Claim the oldest due pending row (committed before anything is sent), or None."""
    skip = sorted(skip_channels)
    marks = ",".join("?" * len(skip))
    with db.atomic():
        rows = list(db.query(
            f"SELECT key FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
            f"{'AND channel NOT IN (' + marks + ')' if skip else ''} "
            "ORDER BY next_attempt_at, created_at LIMIT 1", [stamp(now), *skip]))
        if not rows:
            return None
        cur = db.execute("UPDATE outbox SET status = 'sending', claim_id = ?, claimed_at = ?, attempts = attempts + 1 "
                         "WHERE key = ? AND status = 'pending'", [claim_id, stamp(now), rows[0]["key"]])
    if not cur.rowcount:   # another connection claimed it between the two statements
        return None
    return next(db.query("SELECT * FROM outbox WHERE key = ?", [rows[0]["key"]]))


def requeue_interrupted(db: Database, run_id: str) -> list[str]:
    """Rows left 'sending' by an earlier run (a crash mid-send) go back to 'pending'; returns their keys."""
    with db.atomic():
        keys = [r["key"] for r in db.query(
            "SELECT key FROM outbox WHERE status = 'sending' AND (claim_id IS NULL OR claim_id NOT LIKE ?)",
            [run_id + ":%"])]
        db.conn.executemany("UPDATE outbox SET status = 'pending', claim_id = NULL WHERE key = ?", [[k] for k in keys])
    return keys


def mark_sent(db: Database, key: str, claim_id: str, now: datetime) -> bool:
    """Record that the server accepted the message; False if the claim was lost meanwhile."""
    with db.atomic():
        cur = db.execute("UPDATE outbox SET status = 'sent', sent_at = ?, claim_id = NULL, last_error = NULL "
                         "WHERE key = ? AND claim_id = ? AND status = 'sending'", [stamp(now), key, claim_id])
    return cur.rowcount > 0


def backoff(attempts: int, policy: OutboxConfig) -> timedelta:
    """Delay before the next try after `attempts` failures: base, doubling, capped."""
    exponent = min(max(attempts - 1, 0), 30)   # 2**30 already exceeds any sane cap
    return timedelta(seconds=min(policy.retry_base_seconds * 2 ** exponent, policy.retry_max_seconds))


def mark_failed(db: Database, key: str, claim_id: str, now: datetime, error: str, *, permanent: bool,
                policy: OutboxConfig, alert_to: str, alert: bool = True) -> str | None:
    """Record a failed attempt and schedule the retry; returns the staff alert text when one is due now."""
    rows = list(db.query("SELECT * FROM outbox WHERE key = ? AND claim_id = ?", [key, claim_id]))
    if not rows:
        return None
    row = rows[0]
    attempts = row["attempts"]
    give_up = permanent or attempts >= policy.give_up_after_attempts
    alert_due = alert and not row["alerted_at"] and not key.startswith(ALERT_PREFIX) and (
        give_up or attempts >= policy.alert_after_attempts)
    retry_at = now + backoff(attempts, policy)
    with db.atomic():
        db.execute("UPDATE outbox SET status = ?, next_attempt_at = ?, claim_id = NULL, last_error = ?, "
                   "alerted_at = COALESCE(alerted_at, ?) WHERE key = ?",
                   ["failed" if give_up else "pending", stamp(retry_at), error[:500],
                    stamp(now) if alert_due else None, key])
        text = None
        if alert_due:
            text = alert_text(row, attempts, error, gave_up=give_up, retry_at=retry_at)
            if alert_to:
                # The alert is itself an outbox row, keyed to the message, so it is sent once.
                enqueue(db, Outgoing(key=ALERT_PREFIX + key, channel="email", to=alert_to, text=text,
                                     subject=f"councilbot could not deliver {key}"), now)
    return text


def alert_text(row: dict, attempts: int, error: str, *, gave_up: bool, retry_at: datetime) -> str:
    """Staff-facing: which message, how often it failed, why, and what happens next (no resident details)."""
    nextstep = ("It will not be tried again. After fixing the cause, run: councilbot outbox retry " + row["key"]
                if gave_up else f"It will keep being retried (next at {retry_at:%Y-%m-%d %H:%M} UTC).")
    return (f"councilbot could not deliver the {row['channel']} message {row['key']} "
            f"after {attempts} attempt(s).\nLast error: {error}\n{nextstep}")


def retry(db: Database, key: str, now: datetime) -> bool:
    """Staff: send a failed message again now (attempts and alert reset); False if not failed."""
    with db.atomic():
        cur = db.execute("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                         "alerted_at = NULL WHERE key = ? AND status = 'failed'", [stamp(now), key])
    return cur.rowcount > 0


def messages(db: Database, status: str | None = None, limit: int = 100) -> list[dict]:
    """Rows for staff, newest first, optionally of one status."""
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    return list(db.query(
        f"SELECT key, channel, recipient, subject, status, attempts, next_attempt_at, created_at, sent_at, "
        f"last_error FROM outbox {where} ORDER BY created_at DESC LIMIT ?", [*params, limit]))


def erase_sent(db: Database, now: datetime, keep_days: int) -> int:
    """Blank the contents of messages sent more than keep_days ago, keeping the key so nothing is resent."""
    cutoff = stamp(now - timedelta(days=keep_days))
    with db.atomic():
        cur = db.execute("UPDATE outbox SET recipient = '', subject = NULL, body = '', reply_to = NULL, "
                         "headers = '{}', attachments = '[]', erased_at = ? "
                         "WHERE status = 'sent' AND sent_at < ? AND erased_at IS NULL", [stamp(now), cutoff])
    return cur.rowcount


_BLANK = ("recipient = '', subject = NULL, body = '', reply_to = NULL, headers = '{}', attachments = '[]', "
          "erased_at = ?")


def _erase_where(db: Database, where: str, params: list, now: datetime) -> int:
    """Drop unsent messages matching `where` and blank the sent ones (their keys stop a resend)."""
    dropped = db.execute(f"DELETE FROM outbox WHERE status != 'sent' AND ({where})", params).rowcount
    blanked = db.execute(f"UPDATE outbox SET {_BLANK} WHERE status = 'sent' AND erased_at IS NULL AND ({where})",
                         [stamp(now), *params]).rowcount
    return dropped + blanked


def erase_recipient(db: Database, channel: str, recipient: str, now: datetime) -> int:
    """/forget: blank messages to this resident that are sent, and drop ones not yet sent to them."""
    # Email addresses are matched case-blind: residents type them however they like.
    where = "channel = ? AND (recipient = ? OR (channel = 'email' AND lower(recipient) = lower(?)))"
    with db.atomic():
        return _erase_where(db, where, [channel, recipient, recipient], now)


def erase_submission_messages(db: Database, reference: str, now: datetime) -> int:
    """/forget: what was sent to the resident about one submission, wherever it went (a group too).

    The copy for democratic services (':dems') is staff's record of the question and is kept.
    """
    where = "key LIKE ? ESCAPE '\\' AND key NOT LIKE ? ESCAPE '\\'"
    ref = reference.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with db.atomic():
        return _erase_where(db, where, [f"submission:{ref}:%", f"submission:{ref}:dems"], now)


def forget(svc: Services, msg: Inbound, linked: privacy.Linked | None = None) -> None:
    """/forget eraser: messages to every address linked to this resident, and about their submissions."""
    linked = linked or privacy.link(svc, msg)
    erased = sum(erase_recipient(svc.db, channel, to, svc.now) for channel, to in sorted(linked.addresses))
    erased += sum(erase_submission_messages(svc.db, ref, svc.now) for ref in sorted(linked.references))
    if erased:
        log.info("forget: erased %d outbox message(s)", erased)
    return None


privacy.register_eraser(forget)
