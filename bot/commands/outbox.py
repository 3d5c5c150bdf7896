"""`councilbot outbox list|retry`: staff see what is queued, sent or failed, and send a failed message again."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone

from bot import ConfigError, outbox
from bot.commands.common import add_db
from bot.db import open_db


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `outbox` with its `list` and `retry` actions."""
    p = sub.add_parser("outbox", help="staff: messages waiting to be sent, sent or failed; retry a failed one",
                       description="Every email and notification the bot sends goes through the outbox. "
                                   "`list` shows them (newest first); `retry KEY` sends a failed one again.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = actions.add_parser("list", help="list messages, newest first")
    add_db(ls)
    ls.add_argument("--status", choices=outbox.STATUSES, help="only messages with this status")
    ls.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    ls.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    rt = actions.add_parser("retry", help="send a failed message again (attempts and alert reset)")
    add_db(rt)
    rt.add_argument("key", help="the message key shown by `outbox list` or in the staff alert")
    return p


def table(rows: list[dict]) -> str:
    """A plain-text table of outbox rows (recipient shown, message text never)."""
    head = ("STATUS", "TRIES", "CHANNEL", "KEY", "TO", "WHEN", "LAST ERROR")
    body = [(r["status"], str(r["attempts"]), r["channel"], r["key"], r["recipient"] or "(erased)",
             (r["sent_at"] or r["next_attempt_at"])[:16].replace("T", " "), (r["last_error"] or "")[:60])
            for r in rows]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head) - 1)]
    return "\n".join("  ".join([*(c.ljust(w) for c, w in zip(line, widths)), line[-1]]).rstrip()
                     for line in [head, *body])


def run(args: argparse.Namespace) -> int:
    """List or retry; returns the exit status."""
    db = open_db(args.db, create=False)
    try:
        if args.action == "list":
            if args.limit < 1:
                raise ConfigError("--limit must be at least 1")
            rows = outbox.messages(db, args.status, args.limit)
            if args.json:
                for r in rows:
                    print(json.dumps(r))
            elif rows:
                print(table(rows))
            else:
                print("The outbox is empty." if not args.status else f"No {args.status} messages.")
            return 0
        if not outbox.retry(db, args.key, datetime.now(timezone.utc)):
            status = db.execute("SELECT status FROM outbox WHERE key = ?", [args.key]).fetchone()
            reason = f"it is {status[0]}, not failed" if status else "there is no message with that key"
            print(f"councilbot outbox: cannot retry {args.key}: {reason}", file=sys.stderr)
            return 1
        print(f"{args.key} will be sent at the next outbox pass of the running bot.")
        return 0
    finally:
        db.conn.close()
