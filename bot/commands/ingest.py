"""`councilbot ingest`: load papers (text, PDF, iCalendar) into the database."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.common import add_db
from bot.db import open_db
from knowledge.ingest import find_files, ingest_paths


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `ingest`."""
    p = sub.add_parser("ingest", help="load council papers (files or folders) into the database")
    add_db(p)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    return p


def run(args: argparse.Namespace) -> int:
    """Ingest the given paths and print a summary; exit 1 if any file failed."""
    db = open_db(args.db)
    s = ingest_paths(db, [Path(p) for p in args.paths])
    for name, why in s.failed:
        print(f"failed: {name}: {why}", file=sys.stderr)
    print(f"files={s.files} documents={s.documents} meetings={s.meetings} passages={s.passages} "
          f"skipped={s.skipped} failed={len(s.failed)}")
    return 1 if s.failed else 0
