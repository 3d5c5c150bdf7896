"""What the bot stores about a resident (/privacy) and erasing it on request (/forget).

```mermaid
stateDiagram-v2
    [*] --> confirm: /forget
    confirm --> [*]: yes (erase, then tell what had to be kept)
    confirm --> [*]: no / cancel
```
"""
from __future__ import annotations

from typing import Callable

from handlers import state, texts
from handlers.messages import Button, Inbound, Reply, Services

# Modules holding personal data register an eraser: it deletes what it can for this resident and
# returns a sentence about anything it must keep (or None).
ERASERS: list[Callable[[Services, Inbound], str | None]] = []


def register_eraser(fn: Callable[[Services, Inbound], str | None]) -> None:
    """Called at import by modules that store personal data."""
    ERASERS.append(fn)


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
        kept = [note for note in (fn(svc, msg) for fn in ERASERS) if note]
        return [Reply("\n".join([texts.FORGOTTEN, *kept]))]
