"""Meetings for residents: upcoming list, agenda and details (placeholder until the answering issue lands)."""
from __future__ import annotations

from handlers import texts
from handlers.messages import Reply, Services


def upcoming(svc: Services, args: str = "") -> list[Reply]:
    """The /meetings reply."""
    return [Reply("I can't list meetings yet.")]


def choice(svc: Services, data: str) -> list[Reply]:
    """A meeting button (data after 'meeting:')."""
    return [Reply(texts.UNKNOWN_CHOICE)]
