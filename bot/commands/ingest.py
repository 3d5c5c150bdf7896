"""`councilbot ingest`: load papers (text, PDF, iCalendar) into the database."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from tqdm import tqdm

from bot import config as config_mod
from bot.commands.common import add_db_and_config, database, parse_now
from bot.db import open_db
from bot.services import make_services
from handlers import answers_match
from knowledge import dense
from knowledge.ingest import Summary, find_files, ingest_paths

log = logging.getLogger(__name__)
# With fewer files than this a bar is more noise than help.
BAR_FROM = 3


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `ingest`."""
    p = sub.add_parser("ingest", help="load council papers (files or folders) into the database",
                       description="Load council papers into the database: .txt (extracted text), .pdf "
                                   "(text layer) and .ics (meeting calendars). Folders are searched "
                                   "recursively. Unchanged files are skipped (unless an older version "
                                   "of councilbot read them: they are read again); a changed file replaces "
                                   "its earlier version. New passages then get their sentence vectors "
                                   "(for search by meaning; about 50 a second). Exits 1 if any file failed.")
    add_db_and_config(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    return p


def summary_line(s: Summary) -> str:
    """The end-of-run counts on one line."""
    return (f"{s.files} files: {s.documents} documents stored ({s.replaced} replaced), "
            f"{s.meetings} meetings, {s.passages} passages, {s.skipped} skipped "
            f"(unchanged or duplicate), {len(s.failed)} failed")


def run(args: argparse.Namespace) -> int:
    """Ingest the given paths, naming each failure on its own line; exit 1 if any file failed."""
    cfg = config_mod.load(args.config)
    files = find_files(Path(p) for p in args.paths)
    total = len(files)
    bar = None
    if total >= BAR_FROM and not args.no_progress:
        bar = tqdm(total=total, unit="file", file=sys.stderr, desc="ingest", dynamic_ncols=True)

    reported = 0

    def progress(done: int, total: int, path: Path, failure: str | None) -> None:
        nonlocal reported
        # Name each failure as it happens (above the bar), so a long run shows problems early.
        if failure:
            reported += 1
            tqdm.write(f"failed: {path}: {failure}", file=sys.stderr)
        if bar is not None:
            bar.update(1)

    db = open_db(database(args, cfg))
    try:
        try:
            s = ingest_paths(db, files, progress=progress)
        finally:
            if bar is not None:
                bar.close()
        _embed(db, s, args.no_progress)
        if s.changed:
            _match_answers(make_services(cfg, db, parse_now(None)), s)
    finally:
        db.conn.close()
    for name, why in s.failed[reported:]:  # failures after the files: refreshing search, matching answers
        print(f"failed: {name}: {why}", file=sys.stderr)
    for name, of in s.duplicates:
        print(f"duplicate: {name} is the same document as {of}", file=sys.stderr)
    print(summary_line(s))
    return 1 if s.failed else 0


def _embed(db, s: Summary, quiet: bool) -> None:
    """Give new passages their sentence vectors (about 50 a second), with a bar when there are many."""
    bars: list = []

    def progress(done: int, total: int) -> None:
        # The bar opens on the first batch, when the total is known: more than one batch's worth only.
        if not bars and total > dense.CHUNK and not quiet:
            bars.append(tqdm(total=total, unit="passage", file=sys.stderr, desc="vectors", dynamic_ncols=True))
        if bars:
            bars[0].update(done - bars[0].n)

    try:
        try:
            dense.fill(db, progress=progress)
        finally:
            for bar in bars:
                bar.close()
    except Exception as exc:  # the papers are stored and searchable by their words; say so
        log.debug("embedding failed", exc_info=True)
        s.failed.append(("sentence vectors", " ".join(f"{type(exc).__name__}: {exc}".split())))


def _match_answers(svc, s: Summary) -> None:
    """New papers may hold written answers to questions residents submitted: pass them on now."""
    try:
        report = answers_match.match_new_answers(svc)
    except Exception as exc:  # the papers are stored; say so rather than lose the summary
        log.debug("answer matching failed", exc_info=True)
        s.failed.append(("answer matching", " ".join(f"{type(exc).__name__}: {exc}".split())))
        return
    if report.matched:
        print(f"{len(report.matched)} written answer(s) matched to submitted questions; "
              f"the residents will be sent them.", file=sys.stderr)
