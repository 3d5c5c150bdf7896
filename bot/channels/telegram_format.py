"""Handlers' plain-text Replies as Telegram HTML messages: escaped, split under 4,096, with keyboards."""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.messages import Reply

log = logging.getLogger(__name__)
MAX_CHARS = 4096          # Telegram's limit on one message's text
MAX_CALLBACK_BYTES = 64   # Telegram's limit on a button's callback data


@dataclass
class Message:
    """One sendMessage: HTML text and the keyboard (only on the last part of a split reply)."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def escape(text: str) -> str:
    """Text safe inside Telegram HTML: handlers return plain text, so every <, > and & is literal."""
    return html.escape(text, quote=False)


def size(s: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), so emoji near the limit do not overflow."""
    return len(s.encode("utf-16-le")) // 2


def split(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Escaped text in parts of at most `limit`, cut at paragraphs, then lines, then words."""
    parts = [p for p in _split(text, limit, ("\n\n", "\n", " ")) if p.strip()]
    return parts or []


def _split(text: str, limit: int, seps: tuple[str, ...]) -> list[str]:
    escaped = escape(text)
    if size(escaped) <= limit:
        return [escaped]
    if not seps:
        return _hard_cut(text, limit)
    sep, out, current = seps[0], [], None
    for part in text.split(sep):
        for piece in _split(part, limit, seps[1:]):
            if current is None:
                current = piece
            elif size(current) + size(sep) + size(piece) <= limit:
                current += sep + piece
            else:
                out.append(current)
                current = piece
    if current is not None:
        out.append(current)
    return out


def _hard_cut(text: str, limit: int) -> list[str]:
    """A single word longer than a message: cut between characters, never inside an &entity;."""
    out, current = [], ""
    for ch in text:
        e = escape(ch)
        if size(current) + size(e) > limit:
            out.append(current)
            current = ""
        current += e
    return out + ([current] if current else [])


def link(label: str, url: str) -> str:
    """An HTML link when the URL is web-safe; otherwise the label and URL as plain text."""
    if urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{html.escape(url, quote=True)}">{escape(label)}</a>'
    return escape(f"{label}: {url}")


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Reply.buttons as an inline keyboard; the button's data comes back as the callback data."""
    if not reply.buttons:
        return None
    rows = []
    for row in reply.buttons:
        buttons = []
        for b in row:
            data = b.data
            if len(data.encode()) > MAX_CALLBACK_BYTES:
                # Telegram would refuse the whole message; a cut-down choice is answered as stale.
                log.warning("button data over %d bytes, cut: %r", MAX_CALLBACK_BYTES, data)
                data = data.encode()[:MAX_CALLBACK_BYTES].decode("utf-8", "ignore")
            buttons.append(InlineKeyboardButton(b.label, callback_data=data))
        rows.append(buttons)
    return InlineKeyboardMarkup(rows)


def render(reply: Reply, limit: int = MAX_CHARS) -> list[Message]:
    """One Reply as one or more Telegram messages; links follow the text, the keyboard goes last."""
    parts = split(reply.text, limit)
    links = "\n".join(link(label, url) for label, url in reply.links)
    if links:
        if parts and size(parts[-1]) + 2 + size(links) <= limit:
            parts[-1] += "\n\n" + links
        else:
            parts.append(links[:limit])
    if not parts:
        if not reply.buttons:
            return []
        parts = ["…"]       # Telegram refuses an empty text, and the buttons need a message
    messages = [Message(p) for p in parts]
    messages[-1].keyboard = keyboard(reply)
    return messages
