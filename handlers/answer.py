"""Answering a resident's question from the papers (placeholder until the answering issue lands)."""
from __future__ import annotations

from handlers.messages import Reply, Services


def reply(svc: Services, question: str) -> list[Reply]:
    """The replies for one free-text question."""
    return [Reply("I can't answer questions from the papers yet.")]
