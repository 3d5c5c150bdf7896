"""`councilbot meetings`: list the meetings the papers and calendars describe, as a table or JSON."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime

from bot import ConfigError
from bot import config as config_mod
from bot.commands.common import add_db_and_config, database
from bot.db import open_db
from knowledge.schedule import MeetingSummary, day_range, list_meetings, parse_day


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `meetings`."""
    p = sub.add_parser("meetings", help="list meetings (table, or --json)",
                       description="List the meetings known from ingested papers and calendars, in date "
                                   "order. Dates are London calendar days and both ends are included.")
    add_db_and_config(p)
    p.add_argument("--json", action="store_true", help="print a JSON list, with each meeting's agenda items")
    p.add_argument("--from", dest="first", metavar="DATE", help="meetings on or after this day (YYYY-MM-DD)")
    p.add_argument("--to", dest="last", metavar="DATE", help="meetings on or before this day (YYYY-MM-DD)")
    p.add_argument("--body", metavar="NAME", help="only this body; loose match, e.g. 'audit' for Audit Committee")
    return p


def _day(value: str | None, option: str):
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise ConfigError(f"{option}: {exc}") from None


def to_json(m: MeetingSummary) -> dict:
    """One meeting as the JSON object `--json` prints."""
    return asdict(m)


def _when(m: MeetingSummary) -> str:
    start = datetime.fromisoformat(m.start)
    return f"{start:%a %d %b %Y} {start:%H:%M}" if m.time_known else f"{start:%a %d %b %Y}  --:--"


def table(meetings: list[MeetingSummary]) -> str:
    """A plain-text table: id, when, body (with kind), status, items, venue."""
    rows = [("ID", "WHEN", "BODY", "STATUS", "ITEMS", "VENUE")]
    for m in meetings:
        body = m.body if m.kind == "ordinary" else f"{m.body} ({m.kind})"
        restricted = sum(i.restricted for i in m.items)
        items = f"{len(m.items)}" + (f" ({restricted} exempt)" if restricted else "")
        rows.append((str(m.id), _when(m), body, m.status, items, m.venue or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows)


def run(args: argparse.Namespace) -> int:
    """Print the meetings that match the filters."""
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    if first and last and first > last:
        raise ConfigError(f"--from {first} is after --to {last}")
    start, end = day_range(first, last)
    db = open_db(database(args, config_mod.load(args.config)), create=False)
    try:
        meetings = list_meetings(db, start=start, end=end, body=args.body)
    finally:
        db.conn.close()
    if args.json:
        json.dump([to_json(m) for m in meetings], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif meetings:
        print(table(meetings))
    else:
        print("No meetings match." if (args.first or args.last or args.body) else
              "No meetings yet: load papers or a calendar with `councilbot ingest PATH`.", file=sys.stderr)
    return 0
