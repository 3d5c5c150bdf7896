"""Builds the handlers' Services from configuration: the one wiring point between bot and handlers."""
from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

import handlers.submit  # noqa: F401  (registers the /submit flow and its /forget eraser)
from bot import outbox
from bot.config import Config
from handlers.messages import Outgoing, Services


def make_services(cfg: Config, db: Database, now: datetime) -> Services:
    """Services for one inbound message or job, bound to the database thread's connection.

    `send` queues into the outbox on the same connection, inside the handler's transaction when it
    has one, so what the handler commits and what it sends are committed together.
    """

    def send(message: Outgoing) -> None:
        outbox.enqueue(db, message, now)

    return Services(db=db, settings=cfg.settings, now=now, send=send)
