"""Scheduled jobs come from the data: digests at each deadline (or at once when missed), fixed ids, deliberate grace."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from bot.config import Config, EmailConfig, OutboxConfig, SmtpConfig
from bot.db import DatabaseThread
from bot.delivery import build_worker
from bot.scheduler import JobFunctions, JobScheduler, digest_jobs, fixed_jobs, handler_job_functions
from handlers.messages import Outgoing

UTC = timezone.utc
T0 = datetime(2025, 7, 9, 11, 0, tzinfo=UTC)


# Small stand-ins for the public-question handlers' job functions, over a table of their own.
def _meetings(db):
    db.execute("CREATE TABLE IF NOT EXISTS t_meetings (id INTEGER PRIMARY KEY, deadline TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS t_digests (meeting INTEGER PRIMARY KEY)")


def upcoming(svc):
    _meetings(svc.db)
    return [(r["id"], datetime.fromisoformat(r["deadline"])) for r in svc.db.query("SELECT * FROM t_meetings")]


def overdue(svc):
    _meetings(svc.db)
    return [r["id"] for r in svc.db.query(
        "SELECT id FROM t_meetings WHERE deadline <= ? AND id NOT IN (SELECT meeting FROM t_digests)",
        [svc.now.isoformat()])]


def send_digest(svc, meeting_id):
    with svc.db.atomic():
        if svc.db.execute("INSERT OR IGNORE INTO t_digests VALUES (?)", [meeting_id]).rowcount == 0:
            return False
        svc.send(Outgoing(key=f"digest:meeting:{meeting_id}", channel="email", to="democratic@council.test",
                          subject=f"Questions for meeting {meeting_id}", text="1. Why is the pool shut?"))
    return True


FUNCS = JobFunctions(upcoming_deadlines=upcoming, digests_due=overdue, send_deadline_digest=send_digest)


def add_meeting(dbt, meeting_id, deadline):
    def go(db):
        _meetings(db)
        db.execute("INSERT OR REPLACE INTO t_meetings VALUES (?, ?)", [meeting_id, deadline.isoformat()])
    dbt.call(go)


def test_digest_runs_at_the_deadline_or_straight_away_when_it_was_missed():
    jobs = digest_jobs(T0, upcoming=[(7, T0 + timedelta(days=2)), (8, T0 - timedelta(hours=1))], overdue=[8, 9])
    assert [(j.id, j.next_run(T0)) for j in jobs] == [
        ("digest:7", T0 + timedelta(days=2)),
        ("digest:8", T0),              # deadline passed while the bot was down: send it now
        ("digest:9", T0),
    ]
    assert all(j.grace >= timedelta(hours=1) for j in jobs)


def test_a_passed_deadline_with_nothing_to_send_schedules_nothing():
    assert digest_jobs(T0, upcoming=[(8, T0 - timedelta(minutes=1))], overdue=[]) == []


@pytest.mark.parametrize("now, expected", [
    (datetime(2025, 3, 29, 12, 0, tzinfo=UTC), datetime(2025, 3, 30, 2, 30, tzinfo=UTC)),    # clocks go forward
    (datetime(2025, 10, 25, 12, 0, tzinfo=UTC), datetime(2025, 10, 26, 3, 30, tzinfo=UTC)),  # clocks go back
    (datetime(2025, 7, 9, 2, 0, tzinfo=UTC), datetime(2025, 7, 9, 2, 30, tzinfo=UTC)),       # later the same night
])
def test_erasure_runs_daily_at_half_past_three_london_time(now, expected):
    [retention] = [j for j in fixed_jobs(Config()) if j.id == "retention"]
    assert retention.next_run(now) == expected


def test_outbox_is_polled_at_the_configured_interval():
    [poll] = [j for j in fixed_jobs(Config(outbox=OutboxConfig(poll_seconds=20))) if j.id == "outbox"]
    assert poll.trigger.interval == timedelta(seconds=20)
    assert poll.run_at_start


def job_ran(sched: JobScheduler, job_id: str) -> asyncio.Event:
    """An event set once the job has run (or failed), from APScheduler's own listener."""
    event, loop = asyncio.Event(), asyncio.get_running_loop()
    sched.scheduler.add_listener(lambda ev: ev.job_id == job_id and loop.call_soon_threadsafe(event.set),
                                 EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return event


@pytest.fixture
async def stack(db_path, smtp):
    cfg = Config(database=db_path, smtp=SmtpConfig(host=smtp.host, port=smtp.port, timeout_seconds=5),
                 email=EmailConfig())
    dbt = DatabaseThread(db_path)
    worker = build_worker(cfg, dbt)
    sched = JobScheduler(cfg, dbt, worker, FUNCS)
    yield sched
    await sched.shutdown()
    dbt.close()


async def test_jobs_have_fixed_ids_deliberate_grace_and_coalesce(stack):
    now = datetime.now(UTC)
    add_meeting(stack.dbt, 3, now + timedelta(days=3))
    await stack.start()
    jobs = {j.id: j for j in stack.scheduler.get_jobs()}
    assert set(jobs) == {"digest:3", "retention", "drafts", "outbox", "rebuild"}
    assert all(j.coalesce and j.max_instances == 1 for j in jobs.values())
    assert all(j.misfire_grace_time >= 30 for j in jobs.values())        # never APScheduler's 1 s
    assert jobs["digest:3"].next_run_time == now + timedelta(days=3)


async def test_rebuilding_never_duplicates_and_follows_a_moved_deadline(stack):
    now = datetime.now(UTC)
    add_meeting(stack.dbt, 3, now + timedelta(days=3))
    add_meeting(stack.dbt, 4, now + timedelta(days=10))
    await stack.start()
    add_meeting(stack.dbt, 3, now + timedelta(days=5))                   # meeting moved
    stack.dbt.call(lambda db: db.execute("DELETE FROM t_meetings WHERE id = 4"))   # meeting cancelled
    await stack.rebuild()
    await stack.rebuild()
    digests = [j for j in stack.scheduler.get_jobs() if j.id.startswith("digest:")]
    assert [(j.id, j.next_run_time) for j in digests] == [("digest:3", now + timedelta(days=5))]


async def test_a_digest_missed_while_down_is_sent_once_after_start(stack, smtp):
    add_meeting(stack.dbt, 5, datetime.now(UTC) - timedelta(hours=2))
    done = job_ran(stack, "digest:5")
    await stack.start()
    await asyncio.wait_for(done.wait(), timeout=60)
    assert [r.message["Subject"] for r in smtp.received] == ["Questions for meeting 5"]
    assert await stack.rebuild() == []                                   # sent: nothing left to schedule
    assert not [j for j in stack.scheduler.get_jobs() if j.id.startswith("digest:")]


async def test_scheduler_runs_without_the_question_handlers(db_path, smtp):
    cfg = Config(database=db_path, smtp=SmtpConfig(host=smtp.host, port=smtp.port))
    dbt = DatabaseThread(db_path)
    sched = JobScheduler(cfg, dbt, build_worker(cfg, dbt), JobFunctions())
    try:
        await sched.start()
        assert {j.id for j in sched.scheduler.get_jobs()} == {"retention", "drafts", "outbox", "rebuild"}
    finally:
        await sched.shutdown()
        dbt.close()


def test_the_question_handlers_job_functions_are_all_wired():
    fn = handler_job_functions()
    assert all([fn.upcoming_deadlines, fn.digests_due, fn.send_deadline_digest,
                fn.erase_expired_personal_data, fn.expire_drafts])


async def test_the_real_question_jobs_run_at_start_without_failing(db_path, smtp, caplog):
    cfg = Config(database=db_path, smtp=SmtpConfig(host=smtp.host, port=smtp.port))
    dbt = DatabaseThread(db_path)
    sched = JobScheduler(cfg, dbt, build_worker(cfg, dbt))
    ran = job_ran(sched, "drafts")
    try:
        with caplog.at_level("INFO", logger="bot.scheduler"):
            await sched.start()
            await asyncio.wait_for(ran.wait(), timeout=60)
    finally:
        await sched.shutdown()
        dbt.close()
    assert "scheduled job drafts done: 0" in caplog.text
    assert "failed" not in caplog.text


async def test_a_failing_job_is_logged_and_the_scheduler_keeps_going(db_path, smtp, caplog):
    def broken(svc):
        raise RuntimeError("drafts table is locked")

    cfg = Config(database=db_path, smtp=SmtpConfig(host=smtp.host, port=smtp.port))
    dbt = DatabaseThread(db_path)
    sched = JobScheduler(cfg, dbt, build_worker(cfg, dbt), JobFunctions(expire_drafts=broken))
    ran = job_ran(sched, "drafts")
    try:
        await sched.start()
        await asyncio.wait_for(ran.wait(), timeout=60)
        assert sched.scheduler.running and sched.scheduler.get_job("drafts") is not None
    finally:
        await sched.shutdown()
        dbt.close()
    assert "scheduled job drafts failed" in caplog.text and "drafts table is locked" in caplog.text
