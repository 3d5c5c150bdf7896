"""Per-resident rate limit on inbound messages: a sliding one-minute window, decided from a passed-in now."""
from __future__ import annotations

import enum
from collections import deque
from datetime import datetime, timedelta


class Verdict(enum.Enum):
    """What to do with one inbound message."""

    ALLOW = "allow"       # answer it
    WARN = "warn"         # first message over the limit: say so politely, once
    DROP = "drop"         # still over the limit: stay quiet rather than add to the flood


class RateLimiter:
    """At most `per_window` messages per key in any `window`; per_window <= 0 turns it off."""

    def __init__(self, per_window: int = 20, window: timedelta = timedelta(minutes=1)):
        self.per_window, self.window = per_window, window
        self._seen: dict[str, deque[datetime]] = {}
        self._warned: dict[str, datetime] = {}
        self._swept: datetime | None = None

    def check(self, key: str, now: datetime) -> Verdict:
        """Count this message for key at `now` and say whether to answer it."""
        if self.per_window <= 0:
            return Verdict.ALLOW
        # Sweep idle residents once a window, so memory follows active residents, not everyone ever seen.
        if self._swept is None or now - self._swept >= self.window:
            self.forget_idle(now)
            self._swept = now
        seen = self._seen.setdefault(key, deque())
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) < self.per_window:
            seen.append(now)
            return Verdict.ALLOW
        # Refused messages are not counted, so a resident is answered again once the window
        # has room, however much they kept typing meanwhile; the warning comes at most once a window.
        warned = self._warned.get(key)
        if warned is not None and now - warned < self.window:
            return Verdict.DROP
        self._warned[key] = now
        return Verdict.WARN

    def forget_idle(self, now: datetime) -> None:
        """Drop keys with nothing in their window, so memory follows active residents only."""
        for key in [k for k, seen in self._seen.items() if not seen or now - seen[-1] >= self.window]:
            del self._seen[key]
            self._warned.pop(key, None)
