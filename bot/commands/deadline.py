"""`councilbot deadline`: when questions close for a meeting, and how that date was worked out."""
from __future__ import annotations

import argparse
import json
from datetime import date

from bot import ConfigError
from bot import config as config_mod
from bot.commands.common import add_config
from handlers import deadlines


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `deadline`."""
    p = sub.add_parser("deadline", help="show the public-question deadline for a meeting and how it was worked out",
                       description="Work out the last moment a public question can arrive for a meeting of a "
                                   "body, from the [questions] rules in the configuration (bank holidays of "
                                   "England and Wales, closure days and one-off holidays included).")
    p.add_argument("--body", required=True, help='the body, e.g. "Council" (its rules come from [questions])')
    p.add_argument("--meeting-date", required=True, metavar="YYYY-MM-DD", help="the day of the meeting")
    add_config(p)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    return p


def run(args: argparse.Namespace) -> int:
    """Print the deadline and its explanation."""
    try:
        day = date.fromisoformat(args.meeting_date)
    except ValueError:
        raise ConfigError(f"--meeting-date must look like 2025-07-16, not {args.meeting_date!r}") from None
    cfg = config_mod.load(args.config)
    rules = cfg.settings.questions.for_body(args.body, cfg.settings.bodies)
    dl = deadlines.compute(day, rules.deadline)
    if args.json:
        print(json.dumps({"body": args.body, "meeting_date": day.isoformat(), "last_day": dl.last_day.isoformat(),
                          "deadline": dl.at.isoformat(), "accepts_questions": rules.accepts_questions,
                          "explanation": list(dl.steps)}, indent=2))
        return 0
    print(f"{args.body} meeting on {deadlines.fmt_day(day)}")
    if not rules.accepts_questions:
        print(f"Note: the configuration says {args.body} does not take public questions.")
    print(f"Deadline: {deadlines.fmt_deadline(dl)} ({dl.at.isoformat()})")
    print()
    print("How it was worked out:")
    for step in dl.steps:
        print(f"  {step}")
    return 0
