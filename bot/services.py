"""Builds the handlers' Services from configuration: the one wiring point between bot and handlers."""
from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.config import Config
from handlers.messages import Services


def make_services(cfg: Config, db: Database, now: datetime) -> Services:
    """Services for one inbound message or job, bound to the database thread's connection."""
    return Services(db=db, settings=cfg.settings, now=now)
