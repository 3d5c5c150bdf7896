"""The channel-neutral shapes of a conversation: what comes in, what goes back, what leaves later."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from sqlite_utils import Database

    from handlers.settings import Settings


@dataclass(frozen=True)
class Inbound:
    """One message from a resident: free text, a /command, or a button choice."""

    channel: str                  # console | telegram | email
    chat: str                     # the conversation: a chat id, or an email address
    user: str                     # the person: a Telegram user id, or an email address
    text: str = ""
    choice: str | None = None     # data of the button pressed, instead of text
    name: str | None = None       # display name when the channel knows it

    @property
    def key(self) -> str:
        """Stable id of this conversation across channels, e.g. 'telegram:1234'."""
        return f"{self.channel}:{self.chat}"


@dataclass(frozen=True)
class Button:
    """A choice offered under a reply; `data` comes back as Inbound.choice."""

    label: str
    data: str


@dataclass
class Reply:
    """Plain text for the resident (channels escape it), with optional buttons and links."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)   # (label, url)


@dataclass
class Outgoing:
    """A message to send later through the outbox; `key` makes sending it idempotent."""

    key: str
    channel: str                  # email | telegram | console
    to: str
    text: str
    subject: str | None = None
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)  # (filename, mime, data)


@dataclass
class Services:
    """What a handler may use: the database (on its owning thread), settings, the clock, the outbox."""

    db: "Database"
    settings: "Settings"
    now: datetime
    send: Callable[[Outgoing], None] = lambda _msg: None
