"""`councilbot questions`: staff list, export and decide on public questions, and match written answers."""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from bot import BotError
from bot import config as config_mod
from bot.commands.common import add_db_and_config, add_now, database, parse_now
from bot.db import open_db
from bot.services import make_services
from handlers import answers_match, submission_messages, submissions

CSV_FIELDS = ["reference", "status", "status_reason", "received_at", "body", "meeting_title", "meeting_start",
              "deadline", "name", "address", "email", "phone", "member", "question", "warnings", "channel"]


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `questions` and its subcommands."""
    p = sub.add_parser("questions", help="list, export and decide on public questions; match written answers",
                       description="Staff tools for public questions residents submitted through the bot.")
    qs = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def common(q: argparse.ArgumentParser) -> None:
        add_db_and_config(q)
        add_now(q)

    q = qs.add_parser("list", help="list submitted questions, oldest first")
    common(q)
    q.add_argument("--meeting", type=int, metavar="ID", help="only this meeting (its id in the meetings table)")
    q.add_argument("--status", choices=submissions.STATUSES, help="only questions with this status")

    q = qs.add_parser("export", help="export a meeting's questions with the askers' details")
    common(q)
    q.add_argument("--meeting", type=int, metavar="ID", required=True)
    q.add_argument("--format", choices=("csv", "json"), default="csv")

    q = qs.add_parser("set-status", help="accept, reject or withdraw a question; the resident is told, with the reason")
    common(q)
    q.add_argument("reference", metavar="REF", help="e.g. PQ-2025-0007")
    q.add_argument("status", choices=submissions.STAFF_STATUSES)
    q.add_argument("--reason", default="", metavar="TEXT", help="told to the resident (needed to reject)")

    q = qs.add_parser("match", help="match written answers in the papers to submitted questions and send them on")
    common(q)
    q.add_argument("--all", action="store_true", help="also list every unmatched answer seen before")
    return p


def run(args: argparse.Namespace) -> int:
    """Run one `questions` action."""
    cfg = config_mod.load(args.config)
    db = open_db(database(args, cfg), create=False)
    try:
        svc = make_services(cfg, db, parse_now(args.now))
        return {"list": _list, "export": _export, "set-status": _set_status, "match": _match}[args.action](svc, args)
    finally:
        db.conn.close()


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _list(svc, args) -> int:
    subs = submissions.find(svc.db, args.meeting, args.status)
    if not subs:
        print("No questions match.")
        return 0
    for s in subs:
        flags = f"  [{len(s.warnings)} screening note(s)]" if s.warnings else ""
        print(f"{s.reference}  {s.status:<9}  {s.meeting_label}  (meeting {s.meeting_id})")
        print(f"    {s.name}, received {s.received_at}{flags}")
        print(f"    {_clip(s.question, 110)}")
    print(f"{len(subs)} question(s).")
    return 0


def _export(svc, args) -> int:
    subs = submissions.find(svc.db, args.meeting)
    if args.format == "json":
        json.dump([submission_messages.as_json(s) for s in subs], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore")
    w.writeheader()
    for s in subs:
        row = dict(vars(s), warnings="; ".join(s.warnings))
        w.writerow(row)
    sys.stdout.write(buf.getvalue())
    return 0


def _set_status(svc, args) -> int:
    if args.status == "rejected" and not args.reason.strip():
        raise BotError("give the resident a reason: --reason TEXT")
    sub = submissions.set_status(svc, args.reference, args.status, args.reason)
    told = [x for x in ("email" if sub.email else None, sub.channel if sub.chat and sub.channel != "email" else None) if x]
    print(f"{sub.reference} is now {sub.status}.")
    print("The resident will be told by " + " and ".join(told) + "." if told else
          "The resident left no contact details we still hold, so they cannot be told.")
    return 0


def _match(svc, args) -> int:
    report = answers_match.match_new_answers(svc)
    for m in report.matched:
        print(f"MATCHED {m.reference} ({m.method}, score {m.score:.0f}): {m.asker}: {_clip(m.question, 80)}")
        print(f"    answer sent to the resident; source: {m.citation}")
    unmatched = answers_match.recorded(svc.db, matched=False) if args.all else report.unmatched
    for m in unmatched:
        print(f"UNMATCHED answer to {m.asker}: {_clip(m.question, 80)}")
        print(f"    source: {m.citation}")
    print(f"{len(report.matched)} new match(es), {len(report.unmatched)} new unmatched answer(s).")
    return 0
