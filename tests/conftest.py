"""Shared fixtures: real SQLite files, a real SMTP server and the fake Bot API on 127.0.0.1, the sample papers;
`councilbot` in-process."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge the code, not the machine: no per-example deadline and no "generating data
# is too slow" health check, both of which a loaded CI machine can trip.
settings.register_profile("councilbot", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("councilbot")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STEVENAGE = SAMPLES / "stevenage-council-2021-07-21.txt"
KENT = SAMPLES / "kent-2025-01"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file path (the file is created on first open)."""
    return tmp_path / "councilbot.db"


@pytest.fixture
def smtp():
    """A recording SMTP server on a free loopback port."""
    from smtp_server import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
async def fake():
    """The fake Telegram Bot API on a free loopback port."""
    from fake_telegram import FakeTelegram

    server = await FakeTelegram().start()
    yield server
    await server.stop()


@pytest.fixture
def db(db_path: Path):
    """A migrated database on a real file."""
    from bot.db import open_db

    database = open_db(db_path)
    yield database
    database.conn.close()


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """`councilbot ARGV...` in-process: (exit status, stdout, stderr).

    The command's logging.basicConfig(force=True) replaces the root handlers, pytest's log
    capture among them, so they and the root level are put back afterwards.
    """
    from bot.cli import main

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        rc = main([str(a) for a in argv])
    finally:
        root.handlers[:], root.level = handlers, level
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def meetings(db):
    """Two Council meetings, a cancelled one and a Cabinet meeting, as the ingest writes them."""
    from submit_helpers import add_meeting, at

    ids = {"july": add_meeting(db, "Council", at(2025, 7, 16, 19, 0)),
           "september": add_meeting(db, "Council", at(2025, 9, 24, 19, 0)),
           "cabinet": add_meeting(db, "Cabinet", at(2025, 7, 23, 18, 0)),
           "cancelled": add_meeting(db, "Council", at(2025, 8, 6, 19, 0), status="cancelled")}
    return ids


@pytest.fixture
def resident(db_path, meetings):
    """A resident on the console, before the July Council meeting's deadline, with `meetings` in place."""
    from submit_helpers import BEFORE, Resident

    r = Resident(db_path, BEFORE)
    yield r
    r.db.conn.close()
