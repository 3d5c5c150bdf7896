"""Conversation state in SQLite, so a half-finished flow survives a restart on every channel."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("handlers")


@migrations()
def m001_conversations(db: Database) -> None:
    """One row per conversation that is inside a flow."""
    db.execute("""
    CREATE TABLE conversations (
        key TEXT PRIMARY KEY,
        flow TEXT NOT NULL,
        step TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    )""")


@dataclass
class Conversation:
    """Where a conversation is: which flow, which step, and what it has gathered so far."""

    key: str
    flow: str
    step: str
    data: dict = field(default_factory=dict)
    updated_at: str = ""


def load(db: Database, key: str) -> Conversation | None:
    """The conversation's saved state, or None when it is not inside a flow."""
    rows = list(db.query("SELECT * FROM conversations WHERE key = ?", [key]))
    if not rows:
        return None
    r = rows[0]
    return Conversation(r["key"], r["flow"], r["step"], json.loads(r["data"]), r["updated_at"])


def save(db: Database, conv: Conversation, now: datetime) -> None:
    """Store the conversation's state (committed before the resident sees the reply)."""
    with db.atomic():
        db.execute(
            "INSERT INTO conversations (key, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET flow=excluded.flow, step=excluded.step, "
            "data=excluded.data, updated_at=excluded.updated_at",
            [conv.key, conv.flow, conv.step, json.dumps(conv.data), now.isoformat()],
        )


def clear(db: Database, key: str) -> bool:
    """Leave any flow; True when there was one."""
    with db.atomic():
        cur = db.execute("DELETE FROM conversations WHERE key = ?", [key])
    return cur.rowcount > 0
