"""The delivery worker: claims due outbox rows, sends each through its channel's sender, retries, alerts staff."""
from __future__ import annotations

import asyncio
import itertools
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Awaitable, Callable

from bot import outbox
from bot.config import Config, OutboxConfig
from bot.db import DatabaseThread
from bot.outbox import DeliveryError
from handlers.messages import Outgoing

log = logging.getLogger(__name__)

# A sender delivers one message or raises (DeliveryError(permanent=True) when retrying is pointless).
Sender = Callable[[Outgoing], Awaitable[None]]
# A staff notifier passes an alert on (e.g. to the Telegram admin chats); its failures are only logged.
StaffNotifier = Callable[[str], Awaitable[None]]


@dataclass
class PassReport:
    """What one delivery pass did, by outbox key."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requeued: list[str] = field(default_factory=list)   # interrupted by an earlier crash, sent again
    alerts: list[str] = field(default_factory=list)


async def console_sender(out: Outgoing) -> None:
    """Channel "console": print the message (the local demo has no other way to reach the resident)."""
    print(f"\n[message for {out.to}{': ' + out.subject if out.subject else ''}]\n{out.text}\n", flush=True)


class DeliveryWorker:
    """Sends what the outbox holds; one instance per process, one per database file."""

    def __init__(self, dbt: DatabaseThread, policy: OutboxConfig, *, alert_to: str = "",
                 senders: dict[str, Sender] | None = None):
        self.dbt = dbt
        self.policy = policy
        self.alert_to = alert_to
        # Claims carry this run's id, so after a crash the next run knows which claims are dead.
        self.run_id = uuid.uuid4().hex[:12]
        self._senders: dict[str, Sender] = dict(senders or {})
        self._notifiers: list[StaffNotifier] = []
        self._claims = itertools.count(1)
        self._lock = asyncio.Lock()
        self._recovered = False

    def register(self, channel: str, sender: Sender) -> None:
        """Set the sender for a channel ("email", "telegram", "console")."""
        self._senders[channel] = sender

    def add_staff_notifier(self, notifier: StaffNotifier) -> None:
        """Also pass delivery alerts to this callable (the email alert goes through the outbox anyway)."""
        self._notifiers.append(notifier)

    async def deliver_due(self, now: datetime | None = None, *, limit: int = 200) -> PassReport:
        """Send every message due at `now` (default: the clock)."""
        report = PassReport()
        # One pass at a time; a caller who arrives during a pass waits, then makes its own, so
        # whatever it has just queued is dealt with before it returns.
        async with self._lock:
            if not self._recovered:
                report.requeued = await self.dbt.run(outbox.requeue_interrupted, self.run_id)
                self._recovered = True
                if report.requeued:
                    log.warning("%d message(s) were mid-send when the bot last stopped; sending again "
                                "(an email copy keeps its Message-ID): %s", len(report.requeued),
                                ", ".join(report.requeued))
            await self._pass(now or datetime.now(timezone.utc), report, limit)
        return report

    async def _pass(self, now: datetime, report: PassReport, limit: int) -> None:
        """Claim, send, mark, one row at a time; a channel that fails transiently is left for this pass."""
        down: set[str] = set()
        for _ in range(limit):
            claim_id = f"{self.run_id}:{next(self._claims)}"
            row = await self.dbt.run(outbox.claim_next, now, claim_id, frozenset(down))
            if row is None:
                return
            key, channel = row["key"], row["channel"]
            try:
                sender = self._senders.get(channel)
                if sender is None:
                    raise DeliveryError(f"no sender for channel {channel!r} (is it enabled?)")
                await sender(outbox.to_outgoing(row))
            except Exception as exc:  # any sender failure is a failed attempt, never a crashed worker
                permanent = isinstance(exc, DeliveryError) and exc.permanent
                wants_alert = not isinstance(exc, DeliveryError) or exc.alert
                if not isinstance(exc, DeliveryError):
                    log.exception("sender for %s failed on %s", channel, key)
                error = str(exc) or type(exc).__name__
                if not permanent:
                    down.add(channel)   # the server is down: do not spend every row's attempt on it
                alert = await self.dbt.run(outbox.mark_failed, key, claim_id, now, error, permanent=permanent,
                                           policy=self.policy, alert_to=self.alert_to, alert=wants_alert)
                report.failed.append(key)
                log.warning("delivery of %s (attempt %d) failed: %s", key, row["attempts"], error)
                if alert:
                    report.alerts.append(key)
                    await self._alert(alert)
                continue
            if await self.dbt.run(outbox.mark_sent, key, claim_id, now):
                report.sent.append(key)
                log.info("delivered %s via %s", key, channel)
            else:
                log.error("delivered %s but its claim was lost; it may be sent again", key)

    async def _alert(self, text: str) -> None:
        """The log line staff grep for, then every registered notifier."""
        log.error("STAFF ALERT: %s", text)
        for notify in self._notifiers:
            try:
                await notify(text)
            except Exception:
                log.exception("staff notifier failed")


def build_worker(cfg: Config, dbt: DatabaseThread) -> DeliveryWorker:
    """The worker with the email and console senders; the Telegram channel registers its own."""
    from bot.mail import email_sender

    return DeliveryWorker(dbt, cfg.outbox, alert_to=cfg.email.staff_alerts or cfg.email.democratic_services,
                          senders={"email": email_sender(cfg.smtp, cfg.email), "console": console_sender})
