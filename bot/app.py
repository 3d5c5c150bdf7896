"""The one wiring point of `councilbot run`: database, papers, channels, outbox worker and scheduler in one process.

```mermaid
flowchart LR
    CFG[Config] --> DB[DatabaseThread] --> ING[ingest papers if none yet]
    ING --> VEC[sentence vectors for new passages, in the background]
    ING --> OUT[outbox worker] --> TG[Telegram channel] --> SCH[scheduler] --> CON[console]
    SIG[SIGINT / SIGTERM / end of terminal input] --> STOP[stop in reverse order, close DB]
```
"""
from __future__ import annotations

import asyncio
import logging
import queue
import sys
import threading
from datetime import datetime
from typing import Callable, TextIO
from zoneinfo import ZoneInfo

from bot import services
from bot.channels.console import ConsoleChannel
from bot.config import Config
from bot.db import DatabaseThread
from bot.delivery import DeliveryWorker, build_worker
from bot.scheduler import JobScheduler
from handlers import answers_match
from knowledge import dense, embed
from knowledge.ingest import ingest_paths

log = logging.getLogger(__name__)


class App:
    """Everything `councilbot run` runs; `async with App(cfg):` starts it and stops it cleanly."""

    def __init__(self, cfg: Config, *, clock: Callable[[], datetime] | None = None,
                 stdin: TextIO | None = None, stdout: TextIO | None = None):
        self.cfg = cfg
        tz = ZoneInfo(cfg.settings.timezone)
        self.clock = clock or (lambda: datetime.now(tz))
        self.stdin, self.stdout = stdin or sys.stdin, stdout or sys.stdout
        self.dbt: DatabaseThread | None = None
        self.telegram = None
        self.worker: DeliveryWorker | None = None
        self.scheduler: JobScheduler | None = None
        self.console_done = asyncio.Event()     # set when an interactive console reaches Ctrl-D
        self._tasks: list[asyncio.Task] = []
        self._stopping = asyncio.Event()
        self._nudge = asyncio.Event()           # a message was handled: it may have queued mail
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stdin_pump: _StdinPump | None = None

    def make_services(self, db, now: datetime):
        """Services for one inbound message (passed to every channel); runs on the database thread."""
        if self._loop is not None:
            # Whatever the handler queues is committed before the worker's next DB call runs
            # (one DB thread, first come first served), so waking the worker now is safe.
            self._loop.call_soon_threadsafe(self._nudge.set)
        return services.make_services(self.cfg, db, now)

    async def __aenter__(self) -> "App":
        try:
            await self.start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def start(self) -> None:
        """Open the database, load papers on first start, then start workers and channels."""
        self._loop = asyncio.get_running_loop()
        if self.cfg.telegram.enabled:
            self.cfg.telegram.check()     # a missing token fails now, not after loading papers
        self.dbt = DatabaseThread(self.cfg.database)
        log.info("database %s", self.cfg.database)
        await self._ingest_if_empty()
        self._tasks.append(asyncio.create_task(self._fill_vectors(), name="vectors"))
        self._start_outbox()
        if self.cfg.telegram.enabled:
            from bot.channels.telegram import TelegramChannel   # PTB is imported only when used

            self.telegram = TelegramChannel(self.cfg.telegram, self.dbt, self.make_services, self.clock)
            await self.telegram.start()
            self.worker.register("telegram", self.telegram.send_outgoing)
            self.worker.add_staff_notifier(self.telegram.notify_staff)
        await self._start_scheduler()
        if self.cfg.console:
            self._start_console()

    async def stop(self) -> None:
        """Stop in reverse order: console, scheduler, Telegram (in-flight replies finish), outbox, DB."""
        self._stopping.set()
        if self._stdin_pump:
            self._stdin_pump.close()
        # Let a console reply or an outbox send in progress finish; a stuck one is cut off.
        done, stuck = await asyncio.wait(self._tasks, timeout=10) if self._tasks else (set(), set())
        for task in stuck:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self.scheduler is not None:
            await self.scheduler.shutdown()      # running jobs finish (they may still send)
            self.scheduler = None
        if self.telegram is not None:
            await self.telegram.stop()
            self.telegram = None
        if self.dbt is not None:
            await asyncio.to_thread(self.dbt.close)
            self.dbt = None
            log.info("database closed")

    # -- parts --------------------------------------------------------------------------------------
    async def _ingest_if_empty(self) -> None:
        """On first start (no documents yet) load the configured papers, so the bot has something to say."""
        count = await self.dbt.run(lambda db: db.execute("SELECT count(*) FROM documents").fetchone()[0])
        if count or not self.cfg.papers:
            return
        log.info("first start: loading papers from %s (this can take a minute)",
                 ", ".join(str(p) for p in self.cfg.papers))
        summary = await self.dbt.run(ingest_paths, self.cfg.papers)
        log.info("loaded %d document(s), %d meeting(s), %d passage(s); %d file(s) failed",
                 summary.documents, summary.meetings, summary.passages, len(summary.failed))
        for path, reason in summary.failed:
            log.warning("could not load %s: %s", path, reason)
        if summary.documents:
            # New papers may hold written answers to questions residents submitted.
            report = await self.dbt.run(
                lambda db: answers_match.match_new_answers(self.make_services(db, self.clock())))
            log.info("answer matching after ingest: %s", report)

    async def _fill_vectors(self, chunk: int = 16) -> None:
        """Give passages without a sentence vector one, a few at a time: the model runs off the database
        thread, so residents' questions are answered meanwhile (by their words until the vectors are in)."""
        try:
            if await asyncio.to_thread(embed.encoder) is None:
                return
            await self.dbt.run(dense.prune)
            done = 0
            while not self._stopping.is_set():
                part = await self.dbt.run(dense.todo, chunk)
                if not part:
                    break
                await self.dbt.run(dense.store, await asyncio.to_thread(dense.encode, part))
                done += len(part)
            if done:
                log.info("sentence vectors added for %d passages and items", done)
        except Exception:
            log.exception("sentence vectors could not be added; search uses words only")

    def _start_outbox(self) -> None:
        self.worker = build_worker(self.cfg, self.dbt)
        self._tasks.append(asyncio.create_task(self._deliver_when_nudged(), name="outbox"))

    async def _deliver_when_nudged(self) -> None:
        """Send what a resident's message queued (an acknowledgement, say) without waiting for the poll."""
        while True:
            stop = asyncio.ensure_future(self._stopping.wait())
            nudge = asyncio.ensure_future(self._nudge.wait())
            await asyncio.wait([stop, nudge], return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            nudge.cancel()
            if self._stopping.is_set():
                return
            self._nudge.clear()
            try:
                await self.worker.deliver_due()
            except Exception:
                log.exception("outbox delivery pass failed")

    async def _start_scheduler(self) -> None:
        """Scheduled jobs (digests, erasure, draft expiry, the outbox poll), rebuilt from the database."""
        # Jobs fire on real time (APScheduler's); what they decide uses the bot's clock, like the
        # channels, so a draft the resident is writing is judged by the same "now" it was saved at.
        self.scheduler = JobScheduler(self.cfg, self.dbt, self.worker, clock=self.clock)
        await self.scheduler.start()

    def _start_console(self) -> None:
        self._stdin_pump = _StdinPump(self.stdin)
        chan = ConsoleChannel(self.dbt, self.make_services, self.clock, stdin=self._stdin_pump,
                              stdout=self.stdout)
        self._tasks.append(asyncio.create_task(self._console(chan), name="console"))

    async def _console(self, chan: ConsoleChannel) -> None:
        await chan.serve()
        if chan.interactive:
            self.console_done.set()     # Ctrl-D on a terminal means "stop the bot"
        else:
            log.info("console input ended; other channels keep running")


class _StdinPump:
    """A readline() the console can block on that shutdown can release.

    The real stdin is read on a daemon thread, so a process stopped by a signal never waits
    for a line that may never come.
    """

    def __init__(self, source: TextIO):
        self.source = source
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, name="stdin", daemon=True).start()

    def _pump(self) -> None:
        try:
            for line in iter(self.source.readline, ""):
                self._lines.put(line)
        except (OSError, ValueError):
            pass
        self._lines.put("")

    def readline(self) -> str:
        """The next line, or "" at end of input or shutdown."""
        line = self._lines.get()
        if line == "":
            self._lines.put("")    # stay at end of input for any later call
        return line

    def isatty(self) -> bool:
        """Whether a person is typing (the console then prompts)."""
        try:
            return self.source.isatty()
        except (AttributeError, ValueError):
            return False

    def close(self) -> None:
        """Release a reader waiting for input."""
        self._lines.put("")
