"""Telegram chats that blocked the bot, kept so nothing is retried at them until they write again.

A forum topic's conversation is "chatid:threadid"; blocking is of the whole chat, so every function
here takes either form and keys on the chat id.
"""
from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from handlers import privacy
from handlers.messages import Inbound, Services

migrations = Migrations("telegram")


def chat_of(conversation: str | int) -> str:
    """The chat id of a conversation: '-100123:33' (a forum topic) -> '-100123'."""
    return str(conversation).partition(":")[0]


@migrations()
def m001_blocked(db: Database) -> None:
    """One row per chat the bot may not write to (blocked, deactivated, kicked from the group)."""
    db.execute("""
    CREATE TABLE telegram_blocked (
        chat_id TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        blocked_at TEXT NOT NULL
    )""")


def record_blocked(db: Database, chat_id: str, reason: str, now: datetime) -> None:
    """Remember that this chat refuses the bot's messages."""
    with db.atomic():
        db.execute("INSERT INTO telegram_blocked (chat_id, reason, blocked_at) VALUES (?, ?, ?) "
                   "ON CONFLICT(chat_id) DO UPDATE SET reason=excluded.reason, blocked_at=excluded.blocked_at",
                   [chat_of(chat_id), reason[:200], now.isoformat()])


def clear_blocked(db: Database, chat_id: str) -> bool:
    """The chat writes again (so it unblocked the bot); True when it had been recorded."""
    with db.atomic():
        cur = db.execute("DELETE FROM telegram_blocked WHERE chat_id = ?", [chat_of(chat_id)])
    return cur.rowcount > 0


def is_blocked(db: Database, chat_id: str) -> bool:
    """Whether sending to this chat is known to fail."""
    return bool(list(db.query("SELECT 1 FROM telegram_blocked WHERE chat_id = ?", [chat_of(chat_id)])))


def forget(svc: Services, msg: Inbound, linked: privacy.Linked | None = None) -> None:
    """/forget eraser: the blocked-chat record of each private Telegram chat linked to the resident."""
    linked = linked or privacy.link(svc, msg)
    for channel, to in linked.addresses:
        if channel == "telegram":
            clear_blocked(svc.db, to)


privacy.register_eraser(forget)
