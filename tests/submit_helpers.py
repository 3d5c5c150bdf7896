"""Helpers for the public-question tests: meetings and papers rows, and a resident who talks to the bot."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Config
from bot.db import open_db
from bot.services import make_services
from handlers import dispatch
from handlers.messages import Inbound, Reply

LONDON = ZoneInfo("Europe/London")


def at(*args: int) -> datetime:
    """A London wall-clock time."""
    return datetime(*args, tzinfo=LONDON)


BEFORE = at(2025, 7, 1, 10, 0)          # the July Council meeting's deadline is noon on Fri 4 July


def add_meeting(db, body: str, start: datetime, title: str | None = None, status: str = "scheduled") -> int:
    """A meetings row as the ingest would write it; returns its id."""
    cur = db.execute(
        "INSERT INTO meetings (key, body, title, kind, start, start_utc, time_known, venue, status) "
        "VALUES (?, ?, ?, 'ordinary', ?, ?, 1, 'Council Chamber, Daneshill House', ?)",
        [f"{body.lower()}/{start.date().isoformat()}/ordinary", body, title or body, start.isoformat(),
         start.astimezone(ZoneInfo("UTC")).isoformat(), status])
    return cur.lastrowid


def add_paper_question(db, meeting_id: int | None, asker: str, text: str, answer: str | None = None,
                       page: int = 12, title: str = "Supplementary agenda: written answers") -> int:
    """A public question (and its written answer) as found in an ingested paper; returns its id."""
    doc = db.execute("INSERT INTO documents (sha256, title, kind, ingested_at) VALUES (?, ?, 'supplement', ?)",
                     [f"sha-{asker}-{len(text)}-{page}", title, "2025-01-01T00:00:00+00:00"]).lastrowid
    return db.execute(
        "INSERT INTO questions (meeting_id, document_id, kind, asker, text, answer, answerer, page) "
        "VALUES (?, ?, 'public', ?, ?, ?, ?, ?)",
        [meeting_id, doc, asker, text, answer, "Councillor Richard Henry" if answer else None, page]).lastrowid


@dataclass
class Resident:
    """One resident on one channel, talking to the handlers at a time the test chooses."""

    db_path: Path
    now: datetime
    channel: str = "console"
    chat: str = "resident-1"
    cfg: Config = field(default_factory=Config)
    db: object = None
    seen: list[Reply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.db = self.db or open_db(self.db_path)

    def restart(self) -> None:
        """A new process: close the database and open it again."""
        self.db.conn.close()
        self.db = open_db(self.db_path)

    def services(self):
        """Services as the running bot builds them (sending into the real outbox table)."""
        return make_services(self.cfg, self.db, self.now)

    def say(self, text: str = "", choice: str | None = None) -> str:
        """Send a message or press a button; returns all reply text joined."""
        replies = dispatch.handle(self.services(), Inbound(self.channel, self.chat, self.chat, text, choice=choice))
        self.seen = replies
        return "\n".join(r.text for r in replies)

    def press(self, label_part: str) -> str:
        """Press the button (in the last replies) whose label contains label_part."""
        for r in self.seen:
            for row in r.buttons:
                for b in row:
                    if label_part.lower() in b.label.lower():
                        return self.say(choice=b.data)
        raise AssertionError(f"no button like {label_part!r} in {[b.label for r in self.seen for row in r.buttons for b in row]}")

    def buttons(self) -> list[str]:
        """Every button's data in the last replies."""
        return [b.data for r in self.seen for row in r.buttons for b in row]

    def fill_in(self, question: str = "What is the council doing about pet theft in Stevenage?",
                meeting_button: str = "16 Jul", name: str = "Jane Resident", address: str = "SG1 1HN",
                email: str = "jane@example.org") -> str:
        """Go through the flow up to the review (no phone, no member); returns the review."""
        self.say("/submit")
        self.press(meeting_button)
        self.say(question)
        self.say(name)
        self.say(address)
        self.say(email)
        self.press("Skip")          # phone
        self.press("Skip")          # member
        return self.press("I agree")

    def submit(self, **answers) -> str:
        """Go through the whole flow (answers as for fill_in) and confirm; returns the final reply."""
        self.fill_in(**answers)
        return self.press("Confirm")


def outbox(db) -> dict[str, dict]:
    """Queued messages by key."""
    return {r["key"]: r for r in db.query("SELECT * FROM outbox")}


def attachment_json(row: dict) -> dict:
    """The JSON attachment of an outbox row."""
    import base64
    (name, mime, data), = json.loads(row["attachments"])
    assert mime == "application/json"
    return json.loads(base64.b64decode(data))
