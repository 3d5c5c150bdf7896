"""Arguments and helpers several subcommands share."""
from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import ConfigError
from bot.config import DEFAULT_DB

LONDON = ZoneInfo("Europe/London")


def add_db(p: argparse.ArgumentParser) -> None:
    """--db PATH, for commands that take no configuration file"""
    p.add_argument("--db", default=str(DEFAULT_DB), metavar="PATH",
                   help=f"SQLite database file (default: {DEFAULT_DB})")


def add_config(p: argparse.ArgumentParser) -> None:
    """--config FILE"""
    p.add_argument("--config", metavar="FILE", help="configuration file (default: embedded defaults)")


def add_db_and_config(p: argparse.ArgumentParser) -> None:
    """--db PATH and --config FILE; the database defaults to the configured one (see `database`)."""
    p.add_argument("--db", metavar="PATH",
                   help=f"SQLite database file (default: the one in --config, else {DEFAULT_DB})")
    add_config(p)


def database(args: argparse.Namespace, cfg) -> Path:
    """The database a command opens: --db if given, else the one in the configuration."""
    return Path(args.db) if args.db else cfg.database


def add_now(p: argparse.ArgumentParser) -> None:
    """--now ISO"""
    p.add_argument("--now", metavar="ISO", help="pretend it is this moment (ISO 8601), e.g. 2021-07-14T10:00:00+01:00")


def parse_now(value: str | None) -> datetime:
    """The --now value as an aware datetime (a date alone means midnight London time), else now."""
    if not value:
        return datetime.now(LONDON)
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--now must be an ISO 8601 date or time, not {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=LONDON)
