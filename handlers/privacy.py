"""What the bot stores about a resident (/privacy) and erasing it on request (/forget).

```mermaid
stateDiagram-v2
    [*] --> confirm: /forget
    confirm --> [*]: yes (link their addresses, erase, then tell what had to be kept)
    confirm --> [*]: no / cancel
```
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from handlers import state, texts
from handlers.messages import Button, Inbound, Reply, Services

log = logging.getLogger(__name__)


@dataclass
class Linked:
    """What /forget can tie to one resident, gathered before anything is erased."""

    # (channel, recipient) pairs that reach only this person: their own chat, the email addresses
    # and private chats recorded on their submissions. Never a group chat, which others share.
    addresses: set[tuple[str, str]] = field(default_factory=set)
    references: set[str] = field(default_factory=set)      # their submissions, e.g. 'PQ-2025-0007'


# Modules holding personal data register an eraser: it deletes what it can for this resident and
# returns a sentence about anything it must keep (or None). Linkers run first, all of them, because
# an eraser may blank the very details (e.g. a submission's email) another eraser finds rows by.
ERASERS: list[Callable[..., str | None]] = []
LINKERS: list[Callable[[Services, Inbound, Linked], None]] = []


def register_eraser(fn: Callable[..., str | None]) -> None:
    """Called at import by modules that store personal data: fn(svc, msg, linked=None)."""
    ERASERS.append(fn)


def register_linker(fn: Callable[[Services, Inbound, Linked], None]) -> None:
    """Called at import by modules that record a resident's addresses: fn adds them to `linked`."""
    LINKERS.append(fn)


def link(svc: Services, msg: Inbound) -> Linked:
    """Everything the registered linkers tie to the resident writing `msg`, plus the chat they write from."""
    linked = Linked({(msg.channel, msg.user)})     # a Telegram user id is also their private chat's id
    for fn in LINKERS:
        fn(svc, msg, linked)
    return linked


def erase_conversations(svc: Services, msg: Inbound, linked: Linked | None = None) -> None:
    """/forget eraser: half-finished flows (drafts hold names and addresses) in this resident's own chats."""
    linked = linked or link(svc, msg)
    keys = {msg.key, *(f"{channel}:{to}" for channel, to in linked.addresses)}
    for key in keys:
        state.clear(svc.db, key)


def show(svc: Services, msg: Inbound, args: str = "") -> list[Reply]:
    """The /privacy notice."""
    return [Reply(texts.PRIVACY.format(retention=svc.settings.questions.defaults.retention_months))]


class ForgetFlow:
    """Ask for confirmation, then erase everything held about this resident."""

    name = "forget"

    def begin(self, svc: Services, msg: Inbound, args: str) -> list[Reply]:
        """/forget: ask the resident to confirm."""
        state.save(svc.db, state.Conversation(msg.key, self.name, "confirm"), svc.now)
        return [Reply(texts.FORGET_CONFIRM, buttons=[[Button(texts.FORGET_YES, "flow:forget:yes"),
                                                      Button(texts.FORGET_NO, "flow:forget:no")]])]

    def step(self, svc: Services, msg: Inbound, conv: state.Conversation) -> list[Reply]:
        """Yes erases (and says what had to be kept); anything else keeps everything."""
        said = (msg.choice or msg.text or "").lower()
        state.clear(svc.db, msg.key)
        if not (said.endswith(":yes") or said.strip() in ("yes", "y")):
            return [Reply(texts.FORGET_KEPT)]
        linked = link(svc, msg)
        log.info("forget: %d address(es), %d submission(s) linked", len(linked.addresses), len(linked.references))
        kept = [note for note in (fn(svc, msg, linked) for fn in ERASERS) if note]
        return [Reply("\n".join([texts.FORGOTTEN, *kept]))]


register_eraser(erase_conversations)
