"""Checking and tidying what a resident typed before anything else looks at it."""
from __future__ import annotations

import unicodedata

from handlers import texts

MAX_CHARS = 2000


def tidy(text: str | bytes | None) -> tuple[str, str | None]:
    """Return (clean text, None) or ("", a polite reason) for empty, binary or over-long input."""
    if text is None:
        return "", texts.EMPTY
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return "", texts.UNREADABLE
    # Control characters (other than line breaks and tabs) mean binary or garbage was pasted.
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls and controls > len(text) // 10:
        return "", texts.UNREADABLE
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\n\t")
    text = text.replace("\t", " ").strip()
    if not text:
        return "", texts.EMPTY
    if len(text) > MAX_CHARS:
        return "", texts.TOO_LONG.format(length=len(text), limit=MAX_CHARS)
    return text, None
