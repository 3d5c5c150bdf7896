"""Scheduled work, rebuilt from the database: deadline digests, personal-data erasure, draft expiry, outbox polling.

Jobs are not pickled into a job store. At start-up, after each ingest and every REBUILD_EVERY the
digest jobs are recomputed from the data (`digest_jobs`, a pure function of `now`), and added under
fixed ids with replace_existing=True, so a rebuild never duplicates a job. Each job's
misfire_grace_time is chosen on purpose (APScheduler's default of 1 s silently drops a job that
is a second late, e.g. after the loop was busy), and coalesce=True runs a backlog once.
Job functions are the handlers' synchronous functions, run on the database thread.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot import outbox
from bot.config import Config
from bot.db import DatabaseThread
from bot.delivery import DeliveryWorker
from bot.services import make_services
from handlers import submissions_jobs

log = logging.getLogger(__name__)

DIGEST_PREFIX = "digest:"
# A digest hours late is still worth sending before the meeting; beyond that the next rebuild
# finds it through digests_due and sends it anyway.
DIGEST_GRACE = timedelta(hours=12)
RETENTION_AT = (3, 30)                  # local time of the daily erasure, when nobody is using the bot
RETENTION_GRACE = timedelta(hours=6)
DRAFTS_EVERY = timedelta(hours=1)       # drafts expire after a day; an hour late is harmless
DRAFTS_GRACE = timedelta(minutes=30)
REBUILD_EVERY = timedelta(minutes=15)   # picks up `councilbot ingest` run by another process


def _real_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class JobSpec:
    """One job to schedule: fixed id, what it runs, when, and how late it may still run."""

    id: str
    kind: str                           # digest | retention | drafts | outbox | rebuild
    trigger: BaseTrigger
    grace: timedelta
    args: tuple = ()
    run_at_start: bool = False          # also run once straight away (catch up after downtime)

    def next_run(self, now: datetime) -> datetime | None:
        """When this job next fires after `now` (pure: the trigger's own arithmetic)."""
        return self.trigger.get_next_fire_time(None, now)


def digest_jobs(now: datetime, upcoming: list[tuple[Any, datetime]], overdue: list[Any]) -> list[JobSpec]:
    """One digest job per meeting: at its deadline if still ahead, straight away if passed and not yet sent."""
    jobs: dict[str, JobSpec] = {}
    for meeting_id, deadline in upcoming:
        if deadline > now:
            jid = f"{DIGEST_PREFIX}{meeting_id}"
            jobs[jid] = JobSpec(jid, "digest", DateTrigger(deadline), DIGEST_GRACE, (meeting_id,))
    for meeting_id in overdue:
        jid = f"{DIGEST_PREFIX}{meeting_id}"
        jobs[jid] = JobSpec(jid, "digest", DateTrigger(now), DIGEST_GRACE, (meeting_id,), run_at_start=True)
    return sorted(jobs.values(), key=lambda j: j.id)


def fixed_jobs(cfg: Config) -> list[JobSpec]:
    """The jobs that do not depend on data: erasure, draft expiry, outbox polling, rebuilding."""
    tz = ZoneInfo(cfg.settings.timezone)
    poll = timedelta(seconds=cfg.outbox.poll_seconds)
    return [
        JobSpec("retention", "retention", CronTrigger(hour=RETENTION_AT[0], minute=RETENTION_AT[1], timezone=tz),
                RETENTION_GRACE, run_at_start=True),
        JobSpec("drafts", "drafts", IntervalTrigger(seconds=DRAFTS_EVERY.total_seconds(), timezone=tz),
                DRAFTS_GRACE, run_at_start=True),
        JobSpec("outbox", "outbox", IntervalTrigger(seconds=poll.total_seconds(), timezone=tz), poll * 2,
                run_at_start=True),
        JobSpec("rebuild", "rebuild", IntervalTrigger(seconds=REBUILD_EVERY.total_seconds(), timezone=tz),
                REBUILD_EVERY),
    ]


@dataclass
class JobFunctions:
    """The handlers' synchronous job functions (handlers/submissions_jobs.py); None = that job is off."""

    upcoming_deadlines: Callable | None = None      # (svc) -> [(meeting_id, aware deadline)]
    digests_due: Callable | None = None             # (svc) -> [meeting_id] overdue, not yet sent
    send_deadline_digest: Callable | None = None    # (svc, meeting_id) -> bool
    erase_expired_personal_data: Callable | None = None   # (svc) -> int
    expire_drafts: Callable | None = None           # (svc) -> int


def handler_job_functions() -> JobFunctions:
    """The public-question handlers' job functions (tests pass stand-ins to JobScheduler instead)."""
    return JobFunctions(
        upcoming_deadlines=submissions_jobs.upcoming_deadlines,
        digests_due=submissions_jobs.digests_due,
        send_deadline_digest=submissions_jobs.send_deadline_digest,
        erase_expired_personal_data=submissions_jobs.erase_expired_personal_data,
        expire_drafts=submissions_jobs.expire_drafts,
    )


class JobScheduler:
    """APScheduler on the bot's event loop; every job reaches the database through the DatabaseThread."""

    def __init__(self, cfg: Config, dbt: DatabaseThread, worker: DeliveryWorker,
                 functions: JobFunctions | None = None, clock: Callable[[], datetime] | None = None):
        self.cfg = cfg
        self.dbt = dbt
        self.worker = worker
        self.fn = functions if functions is not None else handler_job_functions()
        # The handlers' "now" (the App passes its own clock); APScheduler itself fires on real time.
        self.clock = clock or _real_now
        self.scheduler = AsyncIOScheduler(timezone=ZoneInfo(cfg.settings.timezone),
                                          job_defaults={"coalesce": True, "max_instances": 1})
        self._running: set[asyncio.Task] = set()
        self._runners = {kind: self._tracked(fn) for kind, fn in {
            "digest": self._digest, "retention": self._retention, "drafts": self._drafts,
            "outbox": self._outbox, "rebuild": self.rebuild}.items()}

    async def start(self) -> None:
        """Add the fixed jobs, build the digest jobs from the database, then start firing."""
        for spec in fixed_jobs(self.cfg):
            self._add(spec)
        await self.rebuild()
        self.scheduler.start()
        log.info("scheduler started with %d job(s)", len(self.scheduler.get_jobs()))

    async def shutdown(self, timeout: float = 30.0) -> None:
        """Stop firing and let running jobs finish (a send cut off mid-way would be repeated at next start)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._running:
            done, pending = await asyncio.wait(set(self._running), timeout=timeout)
            for task in pending:
                log.warning("scheduled job still running at shutdown, cancelling it")
                task.cancel()

    def _tracked(self, fn: Callable) -> Callable:
        """Run a job in its own task, shielded: APScheduler's shutdown cancels running jobs, we let them finish."""

        async def run(*args):
            task = asyncio.ensure_future(fn(*args))
            self._running.add(task)
            task.add_done_callback(self._running.discard)
            return await asyncio.shield(task)

        return run

    async def rebuild(self) -> list[str]:
        """Recompute the digest jobs from the database (start-up, after each ingest); returns their ids."""
        now = self.clock()
        if not (self.fn.upcoming_deadlines or self.fn.digests_due):
            return []
        upcoming, overdue = await self.dbt.run(self._digest_data, now)
        specs = digest_jobs(now, upcoming, overdue)
        wanted = {s.id for s in specs}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(DIGEST_PREFIX) and job.id not in wanted:
                job.remove()   # the meeting moved or went; its old deadline must not fire
        for spec in specs:
            self._add(spec)
        log.info("scheduled %d deadline digest(s)", len(specs))
        return sorted(wanted)

    def _digest_data(self, db, now: datetime) -> tuple[list, list]:
        svc = make_services(self.cfg, db, now)
        upcoming = list(self.fn.upcoming_deadlines(svc)) if self.fn.upcoming_deadlines else []
        overdue = list(self.fn.digests_due(svc)) if self.fn.digests_due else []
        return upcoming, overdue

    def _add(self, spec: JobSpec) -> None:
        # "Straight away" is APScheduler's real now, whatever the handlers' clock says: a first run
        # time years from it would make it count every interval missed since (minutes of CPU).
        extra = {"next_run_time": _real_now()} if spec.run_at_start else {}
        self.scheduler.add_job(self._runners[spec.kind], spec.trigger, args=spec.args, id=spec.id, name=spec.id,
                               replace_existing=True, misfire_grace_time=int(spec.grace.total_seconds()),
                               coalesce=True, max_instances=1, **extra)

    async def _handler(self, name: str, fn: Callable | None, *args) -> Any:
        """Run a handler job on the database thread, then send at once whatever it queued."""
        if fn is None:
            return None
        now = self.clock()
        try:
            result = await self.dbt.run(lambda db: fn(make_services(self.cfg, db, now), *args))
        except Exception:   # one failing job must not stop the others; staff see the log line
            log.exception("scheduled job %s failed", name)
            return None
        log.info("scheduled job %s done: %s", name, result)
        await self.worker.deliver_due(self.clock())
        return result

    async def _digest(self, meeting_id) -> Any:
        return await self._handler(f"{DIGEST_PREFIX}{meeting_id}", self.fn.send_deadline_digest, meeting_id)

    async def _retention(self) -> None:
        await self._handler("retention", self.fn.erase_expired_personal_data)
        erased = await self.dbt.run(outbox.erase_sent, self.clock(), self.cfg.outbox.keep_sent_days)
        if erased:
            log.info("retention: blanked %d sent outbox message(s)", erased)

    async def _drafts(self) -> None:
        await self._handler("drafts", self.fn.expire_drafts)

    async def _outbox(self) -> None:
        await self.worker.deliver_due(self.clock())
