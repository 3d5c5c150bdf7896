"""`councilbot run`: the long-running bot — every configured channel, the outbox and the scheduler."""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from pathlib import Path

from bot import config as config_mod
from bot.commands.common import add_config
from bot.app import App

log = logging.getLogger(__name__)


def add_parser(sub) -> argparse.ArgumentParser:
    """Register `run`."""
    p = sub.add_parser(
        "run", help="run the bot: its channels (console, Telegram), outbox and scheduler, until stopped",
        description="Run the bot until SIGINT/SIGTERM (or Ctrl-D on a terminal console). Without --config "
                    "it uses a local councilbot.db, the bundled sample papers and the console; Telegram "
                    "needs [telegram] enabled = true and COUNCILBOT_TELEGRAM_TOKEN in the environment.")
    add_config(p)
    p.add_argument("--db", metavar="PATH", help="SQLite database file (overrides [database] path)")
    return p


def run(args: argparse.Namespace) -> int:
    """Load the configuration and serve until told to stop."""
    cfg = config_mod.load(args.config)
    if args.db:
        cfg.database = Path(args.db)
    if not getattr(args, "verbose", False):
        logging.getLogger().setLevel(cfg.log_level.upper())
        # APScheduler logs every job run at INFO: every 15 s a line in the middle of the console chat.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return asyncio.run(serve(cfg))


async def serve(cfg: config_mod.Config) -> int:
    """Start everything, wait for a signal (or the end of a terminal console), stop cleanly."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with App(cfg) as app:
            log.info("councilbot running; stop with Ctrl-C or SIGTERM")
            waits = [asyncio.create_task(stop.wait()), asyncio.create_task(app.console_done.wait())]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for w in waits:
                w.cancel()
            log.info("stopping")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    log.info("stopped")
    return 0
