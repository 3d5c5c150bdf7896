"""The console channel: a resident's conversation on standard input and output.

Buttons are shown as numbered choices; typing the number picks one. On a terminal it prompts;
otherwise it answers each line of input and stops at the end of input.
"""
from __future__ import annotations

import asyncio
import logging
import sys
from datetime import datetime
from typing import Callable, TextIO

from bot.db import DatabaseThread
from handlers import dispatch
from handlers.messages import Inbound, Reply, Services

log = logging.getLogger(__name__)


def render(replies: list[Reply]) -> tuple[str, dict[str, str]]:
    """Replies as console text, and the number -> button data map for the next line."""
    out, choices = [], {}
    for r in replies:
        out.append(r.text)
        for row in r.buttons:
            for b in row:
                n = str(len(choices) + 1)
                choices[n] = b.data
                out.append(f"  [{n}] {b.label}")
        for label, url in r.links:
            out.append(f"  {label}: {url}")
    return "\n".join(out), choices


class ConsoleChannel:
    """Runs one console conversation against the shared handlers."""

    def __init__(self, dbt: DatabaseThread, make_services: Callable[[object, datetime], Services],
                 clock: Callable[[], datetime], stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                 user: str = "local"):
        self.dbt, self.make_services, self.clock = dbt, make_services, clock
        self.stdin, self.stdout, self.user = stdin, stdout, user
        self.interactive = stdin.isatty()
        self._choices: dict[str, str] = {}

    def _handle(self, db, line: str) -> list[Reply]:
        choice = self._choices.get(line.strip())
        msg = Inbound("console", self.user, self.user, "" if choice else line, choice=choice)
        return dispatch.handle(self.make_services(db, self.clock()), msg)

    async def serve(self) -> None:
        """Read lines until end of input (or Ctrl-D), answering each."""
        if self.interactive:
            self._write("Type a question, /help for what I can do, or Ctrl-D to leave.")
        loop = asyncio.get_running_loop()
        while True:
            if self.interactive:
                self.stdout.write("> ")
                self.stdout.flush()
            line = await loop.run_in_executor(None, self.stdin.readline)
            if not line:
                break
            if not line.strip() and not self.interactive:
                continue
            replies = await self.dbt.run(self._handle, line.rstrip("\n"))
            text, self._choices = render(replies)
            self._write(text)

    def _write(self, text: str) -> None:
        self.stdout.write(text + "\n\n" if self.interactive else text + "\n")
        self.stdout.flush()
