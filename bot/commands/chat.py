"""`councilbot chat`: talk to the bot on the console, through the same code as every channel."""
from __future__ import annotations

import argparse
import asyncio

from bot import config as config_mod
from bot.channels.console import ConsoleChannel
from bot.commands.common import add_db_and_config, add_now, database, parse_now
from bot.db import DatabaseThread
from bot.services import make_services


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `chat`."""
    p = sub.add_parser("chat", help="talk to the bot on the console (reads lines from standard input)",
                       description="Talk to the bot on the console. On a terminal it prompts; with piped "
                                   "input it answers each line and exits at the end of input.")
    add_db_and_config(p)
    add_now(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Run the console conversation until end of input."""
    cfg = config_mod.load(args.config)
    fixed = parse_now(args.now) if args.now else None
    clock = (lambda: fixed) if fixed else (lambda: parse_now(None))
    dbt = DatabaseThread(database(args, cfg), create=False)
    try:
        chan = ConsoleChannel(dbt, lambda db, now: make_services(cfg, db, now), clock)
        asyncio.run(chan.serve())
    finally:
        dbt.close()
    return 0
