"""The outbox delivers each message once to a real SMTP server: idempotent enqueue, retries, crashes, staff alerts."""
from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone

import pytest

from bot import outbox
from bot.config import Config, EmailConfig, OutboxConfig, SmtpConfig
from bot.db import DatabaseThread
from bot.delivery import build_worker
from bot.mail import message_id
from bot.services import make_services
from conftest import run_cli
from handlers.messages import Outgoing

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
T0 = datetime(2025, 7, 9, 12, 0, tzinfo=timezone.utc)
POLICY = OutboxConfig(retry_base_seconds=60, retry_max_seconds=600, alert_after_attempts=3, give_up_after_attempts=6)


def question(key: str = "submission:PQ-2025-0007", to: str = "democratic@council.test") -> Outgoing:
    return Outgoing(key=key, channel="email", to=to, subject="Public question PQ-2025-0007",
                    text="Name: Ann Example\nQuestion: Why is the pool shut?", reply_to="ann@example.org")


@pytest.fixture
def cfg(smtp, db_path):
    return Config(database=db_path, smtp=SmtpConfig(host=smtp.host, port=smtp.port, timeout_seconds=5),
                  email=EmailConfig(staff_alerts="staff@council.test"), outbox=POLICY)


@pytest.fixture
def dbt(db_path):
    thread = DatabaseThread(db_path)
    yield thread
    thread.close()


def rows(dbt):
    return {r["key"]: r for r in dbt.call(lambda db: list(db.query("SELECT * FROM outbox")))}


def ids(server):
    return [r.message["Message-ID"] for r in server.received]


def test_enqueueing_the_same_key_twice_keeps_one_row(db):
    assert outbox.enqueue(db, question(), T0) is True
    assert outbox.enqueue(db, question(), T0 + timedelta(minutes=5)) is False
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1


def test_services_send_commits_with_the_handlers_transaction(db):
    svc = make_services(Config(), db, T0)
    db.execute("CREATE TABLE t_submissions (ref TEXT)")
    with pytest.raises(RuntimeError):
        with db.atomic():   # the handler's transaction: the submission and its email, or neither
            db.execute("INSERT INTO t_submissions VALUES ('PQ-2025-0007')")
            svc.send(question())
            raise RuntimeError("crash before commit")
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    with db.atomic():
        db.execute("INSERT INTO t_submissions VALUES ('PQ-2025-0007')")
        svc.send(question())
    assert [r["key"] for r in db.query("SELECT key FROM outbox")] == ["submission:PQ-2025-0007"]


async def test_queued_email_is_delivered_once_and_marked_sent(cfg, dbt, smtp):
    dbt.call(outbox.enqueue, question(), T0)
    worker = build_worker(cfg, dbt)
    report = await worker.deliver_due(T0)
    again = await worker.deliver_due(T0 + timedelta(hours=1))
    assert report.sent == ["submission:PQ-2025-0007"] and again.sent == []
    assert ids(smtp) == [message_id("submission:PQ-2025-0007", cfg.email.message_id_domain)]
    assert smtp.received[0].message["Reply-To"] == "ann@example.org"
    assert rows(dbt)["submission:PQ-2025-0007"]["status"] == "sent"


async def test_smtp_down_then_up_delivers_exactly_once(cfg, dbt, smtp):
    smtp.stop()
    dbt.call(outbox.enqueue, question(), T0)
    worker = build_worker(cfg, dbt)
    assert (await worker.deliver_due(T0)).failed == ["submission:PQ-2025-0007"]
    assert (await worker.deliver_due(T0 + timedelta(seconds=30))).failed == []   # backing off: not tried
    smtp.start()
    assert (await worker.deliver_due(T0 + timedelta(seconds=30))).sent == []     # still backing off
    assert (await worker.deliver_due(T0 + timedelta(seconds=61))).sent == ["submission:PQ-2025-0007"]
    await worker.deliver_due(T0 + timedelta(days=1))
    assert len(smtp.received) == 1


def test_backoff_doubles_from_the_base_up_to_the_cap():
    assert [outbox.backoff(n, POLICY).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


async def test_each_failure_pushes_the_next_attempt_back_from_the_time_passed_in(cfg, dbt, smtp):
    cfg.outbox = dataclasses.replace(POLICY, alert_after_attempts=99)   # no alert row in the way
    smtp.stop()
    dbt.call(outbox.enqueue, question(), T0)
    worker = build_worker(cfg, dbt)
    now, seen = T0, []
    for _ in range(4):
        await worker.deliver_due(now)
        row = rows(dbt)["submission:PQ-2025-0007"]
        nxt = datetime.fromisoformat(row["next_attempt_at"])
        seen.append((nxt - now).total_seconds())
        now = nxt
    assert seen == [60, 120, 240, 480]
    assert row["attempts"] == 4 and row["status"] == "pending" and "cannot reach" in row["last_error"]


async def test_repeated_failure_alerts_staff_once_by_notifier_and_email(cfg, dbt, smtp):
    smtp.stop()
    dbt.call(outbox.enqueue, question(), T0)
    worker = build_worker(cfg, dbt)
    told = []

    async def notify(text):
        told.append(text)

    worker.add_staff_notifier(notify)
    now = T0
    for _ in range(5):
        await worker.deliver_due(now)
        now += timedelta(hours=1)
    assert len(told) == 1 and "submission:PQ-2025-0007" in told[0] and "3 attempt" in told[0]
    assert "ann@example.org" not in told[0]
    smtp.start()
    await worker.deliver_due(now)
    got = {r.message["To"]: r.message for r in smtp.received}
    assert set(got) == {"democratic@council.test", "staff@council.test"}
    assert "submission:PQ-2025-0007" in got["staff@council.test"]["Subject"]


async def test_refused_recipient_is_not_retried_until_staff_say_so(cfg, dbt, smtp):
    dbt.call(outbox.enqueue, question(key="confirm:PQ-2025-0007", to="nobody@council.test"), T0)
    worker = build_worker(cfg, dbt)
    told = []
    worker.add_staff_notifier(lambda text: _append(told, text))
    await worker.deliver_due(T0)
    await worker.deliver_due(T0 + timedelta(days=1))
    row = rows(dbt)["confirm:PQ-2025-0007"]
    assert row["status"] == "failed" and row["attempts"] == 1 and len(told) == 1
    assert "councilbot outbox retry confirm:PQ-2025-0007" in told[0]
    assert dbt.call(outbox.retry, "confirm:PQ-2025-0007", T0 + timedelta(days=1)) is True
    assert rows(dbt)["confirm:PQ-2025-0007"]["status"] == "pending"


async def _append(box, text):
    box.append(text)


async def test_gives_up_after_the_configured_attempts(cfg, dbt, smtp):
    smtp.stop()
    dbt.call(outbox.enqueue, question(), T0)
    worker = build_worker(cfg, dbt)
    now = T0
    for _ in range(10):
        await worker.deliver_due(now)
        now += timedelta(hours=1)
    row = rows(dbt)["submission:PQ-2025-0007"]
    assert row["status"] == "failed" and row["attempts"] == POLICY.give_up_after_attempts


async def test_a_channel_without_a_sender_fails_the_attempt_not_the_worker(cfg, dbt, smtp):
    dbt.call(outbox.enqueue, Outgoing(key="tg:1", channel="telegram", to="1234", text="Hello"), T0)
    dbt.call(outbox.enqueue, question(), T0)
    report = await build_worker(cfg, dbt).deliver_due(T0)
    assert report.failed == ["tg:1"] and report.sent == ["submission:PQ-2025-0007"]
    assert "no sender for channel 'telegram'" in rows(dbt)["tg:1"]["last_error"]


def crash(db_path, body: str) -> None:
    """Run `body` in a separate process that dies with os._exit (no cleanup, no atexit) at its end."""
    script = textwrap.dedent(f"""
        import os
        from datetime import datetime, timezone
        from bot import outbox
        from bot.db import open_db
        from handlers.messages import Outgoing
        db = open_db({str(db_path)!r})
        now = datetime(2025, 7, 9, 12, 0, tzinfo=timezone.utc)
        out = Outgoing(key="submission:PQ-2025-0007", channel="email", to="democratic@council.test",
                       subject="Public question PQ-2025-0007", text="Question: Why is the pool shut?")
    """) + textwrap.dedent(body) + "\nos._exit(0)\n"
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)


async def test_killed_after_commit_before_send_delivers_exactly_once_after_restart(cfg, db_path, smtp):
    crash(db_path, "outbox.enqueue(db, out, now)")
    dbt = DatabaseThread(db_path)
    try:
        worker = build_worker(cfg, dbt)
        await worker.deliver_due(T0)
        await build_worker(cfg, dbt).deliver_due(T0 + timedelta(hours=1))   # and another restart
    finally:
        dbt.close()
    assert ids(smtp) == [message_id("submission:PQ-2025-0007", "council.test")]


async def test_killed_after_claim_before_send_delivers_exactly_once_after_restart(cfg, db_path, smtp):
    crash(db_path, """
        outbox.enqueue(db, out, now)
        assert outbox.claim_next(db, now, "deadrun:1")["status"] == "sending"
    """)
    dbt = DatabaseThread(db_path)
    try:
        report = await build_worker(cfg, dbt).deliver_due(T0)
        await build_worker(cfg, dbt).deliver_due(T0 + timedelta(hours=1))
    finally:
        dbt.close()
    assert report.requeued == ["submission:PQ-2025-0007"]
    assert len(smtp.received) == 1


async def test_killed_after_the_server_accepted_resends_a_copy_with_the_same_message_id(cfg, db_path, smtp):
    # The one window SMTP cannot close: accepted, then the process died before marking the row.
    crash(db_path, f"""
        import asyncio
        from bot.config import EmailConfig, SmtpConfig
        from bot.mail import email_sender
        outbox.enqueue(db, out, now)
        row = outbox.claim_next(db, now, "deadrun:1")
        send = email_sender(SmtpConfig(host="127.0.0.1", port={smtp.port}), EmailConfig())
        asyncio.run(send(outbox.to_outgoing(row)))
    """)
    dbt = DatabaseThread(db_path)
    try:
        await build_worker(cfg, dbt).deliver_due(T0)
        await build_worker(cfg, dbt).deliver_due(T0 + timedelta(hours=1))
    finally:
        dbt.close()
    assert len(smtp.received) == 2                     # at-least-once ...
    assert len(set(ids(smtp))) == 1                    # ... but recognisably the same message


def test_erasing_old_sent_mail_keeps_the_key_so_nothing_is_resent(db):
    outbox.enqueue(db, question(), T0)
    outbox.mark_sent(db, "submission:PQ-2025-0007", outbox.claim_next(db, T0, "run:1")["claim_id"], T0)
    assert outbox.erase_sent(db, T0 + timedelta(days=31), keep_days=30) == 1
    row = next(db.query("SELECT * FROM outbox"))
    assert row["body"] == "" and row["recipient"] == "" and row["reply_to"] is None and row["status"] == "sent"
    assert outbox.enqueue(db, question(), T0 + timedelta(days=32)) is False


def test_forget_drops_unsent_and_blanks_sent_messages_to_that_resident(db):
    for n in (1, 2):
        outbox.enqueue(db, Outgoing(key=f"tg:{n}", channel="telegram", to="1234", text=f"Hello {n}"), T0)
    outbox.enqueue(db, question(), T0)
    outbox.mark_sent(db, "tg:1", outbox.claim_next(db, T0, "run:1")["claim_id"], T0)
    assert outbox.erase_recipient(db, "telegram", "1234", T0) == 2
    left = {r["key"]: r for r in db.query("SELECT * FROM outbox")}
    assert set(left) == {"tg:1", "submission:PQ-2025-0007"} and left["tg:1"]["body"] == ""


def test_staff_list_the_outbox_and_retry_a_failed_message(db_path, capsys):
    from bot.db import open_db

    db = open_db(db_path)
    outbox.enqueue(db, question(key="confirm:PQ-2025-0007", to="nobody@council.test"), T0)
    claim = outbox.claim_next(db, T0, "run:1")["claim_id"]
    outbox.mark_failed(db, "confirm:PQ-2025-0007", claim, T0, "550 No such user", permanent=True,
                       policy=POLICY, alert_to="")
    db.conn.close()
    rc, listed, _ = run_cli(capsys, "outbox", "list", "--db", db_path, "--status", "failed")
    assert rc == 0
    assert "confirm:PQ-2025-0007" in listed and "550 No such user" in listed
    assert "Why is the pool shut" not in listed                       # message text stays out of logs
    assert run_cli(capsys, "outbox", "retry", "--db", db_path, "confirm:PQ-2025-0007")[0] == 0
    rc, _, err = run_cli(capsys, "outbox", "retry", "--db", db_path, "confirm:PQ-2025-0007")
    assert rc == 1 and "it is pending, not failed" in err
    assert run_cli(capsys, "outbox", "retry", "--db", db_path, "nope")[0] == 1


def test_forget_on_a_channel_erases_the_residents_outbox_messages(db):
    from handlers.messages import Inbound
    from handlers.privacy import ERASERS

    outbox.enqueue(db, Outgoing(key="tg:1", channel="telegram", to="1234", text="Your reference is PQ-2025-0007"), T0)
    svc = make_services(Config(), db, T0)
    assert outbox.forget in ERASERS                                      # /forget reaches it
    assert outbox.forget(svc, Inbound(channel="telegram", chat="1234", user="1234")) is None
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


async def test_an_expected_permanent_failure_is_not_reported_to_staff(cfg, dbt, smtp):
    from bot.outbox import DeliveryError

    async def blocked(out):
        raise DeliveryError(f"chat {out.to} blocked the bot", permanent=True, alert=False)

    dbt.call(outbox.enqueue, Outgoing(key="tg:1", channel="telegram", to="1234", text="Hello"), T0)
    worker = build_worker(cfg, dbt)
    worker.register("telegram", blocked)
    told = []
    worker.add_staff_notifier(lambda text: _append(told, text))
    report = await worker.deliver_due(T0)
    assert report.failed == ["tg:1"] and report.alerts == [] and told == []
    assert rows(dbt)["tg:1"]["status"] == "failed" and set(rows(dbt)) == {"tg:1"}
