"""`councilbot ask`: answer one question, or a file of them, as text or as JSON (the evaluation contract)."""
from __future__ import annotations

import argparse
import json

from bot import ConfigError
from bot import config as config_mod
from bot.commands.common import add_db_and_config, add_now, database, parse_now
from bot.db import open_db
from bot.services import make_services
from handlers.answer import answer


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `ask`."""
    p = sub.add_parser("ask", help="answer a question from the papers (or a file of questions with --batch)",
                       description="Answer a question from the council's papers and meetings. --json prints "
                                   "the structured answer; --batch FILE reads JSON lines {\"q\", \"now\"?} and "
                                   "prints one answer per line, in order.")
    add_db_and_config(p)
    add_now(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of the resident's reply")
    p.add_argument("--batch", metavar="FILE", help="JSON lines, one {\"q\": ..., \"now\": ...} object per line")
    p.add_argument("question", nargs="?", help="the question, in quotes")
    return p


def _questions(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    if args.batch:
        out = []
        try:
            with open(args.batch, encoding="utf-8") as f:
                for n, line in enumerate(f, start=1):
                    if not line.strip():
                        continue
                    try:
                        d = json.loads(line)
                        out.append((str(d["q"]), d.get("now") or args.now))
                    except (ValueError, KeyError, TypeError):
                        raise ConfigError(f"{args.batch} line {n}: expected a JSON object with \"q\"") from None
        except OSError as exc:
            raise ConfigError(f"cannot read {args.batch}: {exc.strerror}") from None
        return out
    if args.question is None:
        raise ConfigError("give a question in quotes, or --batch FILE")
    return [(args.question, args.now)]


def run(args: argparse.Namespace) -> int:
    """Answer each question on this thread (a one-shot command owns its connection)."""
    cfg = config_mod.load(args.config)
    questions = _questions(args)
    db = open_db(database(args, cfg), create=False)
    try:
        for q, now in questions:
            a = answer(make_services(cfg, db, parse_now(now)), q)
            if args.json:
                print(json.dumps(a.to_json(), ensure_ascii=False), flush=True)
            else:
                print(a.reply + "\n", flush=True)
    finally:
        db.conn.close()
    return 0
