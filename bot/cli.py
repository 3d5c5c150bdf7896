"""The `councilbot` command: a thin layer that parses arguments and calls the library."""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import uuid

from bot import BotError
from handlers import HandlerError
from knowledge import KnowledgeError

log = logging.getLogger(__name__)

# Each module in bot/commands adds its own subcommand: add_parser(subparsers) and run(args) -> int.
COMMANDS = ["run", "chat", "ask", "ingest", "meetings", "deadline", "questions", "outbox"]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, built from the command modules."""
    parser = argparse.ArgumentParser(
        prog="councilbot",
        description="Answers residents' questions about their council's business from the council's own papers.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"bot.commands.{name}")
        p = module.add_parser(sub)
        p.set_defaults(func=module.run)
    return parser


class _CurrentStream(logging.StreamHandler):
    """Writes to whatever sys.stdout/sys.stderr is at the time of each record.

    A handler holding the stream object from start-up breaks when that object is swapped and
    closed (test runners capture output this way), so the stream is looked up per record.
    """

    def __init__(self, name: str):
        super().__init__()
        self._name = name

    @property
    def stream(self):
        return getattr(sys, self._name)

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging(verbose: bool, to_stdout: bool = False) -> None:
    """One log format for every module; long-running commands log to standard output."""
    handler = _CurrentStream("stdout" if to_stdout else "stderr")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    # Commands whose standard output is data (ask --json, exports) keep logs on standard error.
    setup_logging(args.verbose, to_stdout=args.command == "run")
    try:
        return int(args.func(args) or 0)
    except (BotError, KnowledgeError, HandlerError) as exc:
        print(f"councilbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`councilbot meetings | head`): stop quietly, as Unix tools do, and
        # point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # the edge: staff get a reference, never a bare traceback
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error (ref %s)", ref)
        print(f"councilbot: unexpected error, reference {ref} (details in the log above)", file=sys.stderr)
        return 1
