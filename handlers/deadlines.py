"""Deadline arithmetic for public questions: clear working days, working days or calendar days.

Pure functions of a meeting date and a rule: no clock, no database. England and Wales bank
holidays come from the `holidays` package (`UnitedKingdom(subdiv="ENG")`); council closure days
and one-off holidays come from configuration. Each result carries the day-by-day reasoning so a
resident (or `councilbot deadline`) can see how the date was worked out.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from handlers import HandlerError, texts

log = logging.getLogger(__name__)

UNITS = ("clear_working_days", "working_days", "calendar_days")


class DeadlineError(HandlerError, ValueError):
    """A deadline rule that cannot be applied (bad unit, negative count)."""


@dataclass(frozen=True)
class DeadlineRule:
    """How far before a meeting questions must arrive, and which days are not working days."""

    count: int = 7
    unit: str = "clear_working_days"
    cutoff: time = time(12, 0)
    timezone: str = "Europe/London"
    closure_days: dict[date, str] = field(default_factory=dict)   # e.g. Christmas Eve
    extra_holidays: dict[date, str] = field(default_factory=dict)  # one-off bank holidays

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise DeadlineError(f"deadline unit must be one of {', '.join(UNITS)}, not {self.unit!r}")
        if self.count < (1 if self.unit == "calendar_days" else 0):
            # Zero calendar days would put the deadline on the meeting day itself.
            raise DeadlineError(f"deadline count is too small for {self.unit}: {self.count}")

    def __hash__(self) -> int:  # dict fields are not hashable; the rule is immutable in practice
        return hash((self.count, self.unit, self.cutoff, self.timezone,
                     tuple(sorted(self.closure_days)), tuple(sorted(self.extra_holidays))))


@dataclass(frozen=True)
class Deadline:
    """The moment questions close for one meeting, and how it was worked out."""

    meeting_day: date
    last_day: date
    at: datetime                   # aware, in the rule's timezone, at the cut-off time
    rule: DeadlineRule
    steps: tuple[str, ...]         # human sentences, one per line of the explanation

    def explanation(self) -> str:
        """The reasoning as plain text, one step a line."""
        return "\n".join(self.steps)

    def is_open(self, now: datetime) -> bool:
        """True while a question can still be received (strictly before the cut-off)."""
        return now < self.at


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[date, str]:
    return dict(holidays.UnitedKingdom(subdiv="ENG", years=year).items())


def why_not_working(day: date, rule: DeadlineRule) -> str | None:
    """The reason a day is not a working day (weekend, holiday name, closure), or None."""
    if day.weekday() >= 5:
        return texts.DL_WEEKEND
    if day in rule.extra_holidays:
        return rule.extra_holidays[day] or texts.DL_ONE_OFF
    name = _bank_holidays(day.year).get(day)
    if name:
        return texts.DL_BANK_HOLIDAY.format(name=name)
    if day in rule.closure_days:
        return rule.closure_days[day] or texts.DL_CLOSURE
    return None


def is_working_day(day: date, rule: DeadlineRule) -> bool:
    """Monday to Friday, not a bank holiday, not a closure day or one-off holiday."""
    return why_not_working(day, rule) is None


def fmt_day(day: date) -> str:
    """'Friday 4 July 2025'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def fmt_short(day: date, this_year: int | None = None) -> str:
    """'Fri 4 Jul'; 'Thu 9 Jan 2025' when `this_year` is given and the day falls in another year."""
    year = f" {day.year}" if this_year is not None and day.year != this_year else ""
    return f"{day:%a} {day.day} {day:%b}{year}"


def fmt_time(t: time) -> str:
    """'12 noon', '5pm', '9.30am'."""
    if t == time(12, 0):
        return texts.DL_NOON
    if t == time(0, 0):
        return texts.DL_MIDNIGHT
    hour = t.hour % 12 or 12
    mins = f".{t.minute:02d}" if t.minute else ""
    return f"{hour}{mins}{'am' if t.hour < 12 else 'pm'}"


def fmt_deadline(dl: Deadline) -> str:
    """'12 noon on Friday 4 July 2025'."""
    return texts.DL_AT.format(time=fmt_time(dl.rule.cutoff), day=fmt_day(dl.last_day))


def _back_to_working_day(day: date, rule: DeadlineRule, skipped: list[str]) -> date:
    while (why := why_not_working(day, rule)) is not None:
        skipped.append(f"{fmt_short(day)} ({why})")
        day -= timedelta(days=1)
    return day


def compute(meeting_day: date, rule: DeadlineRule) -> Deadline:
    """The deadline for a meeting on `meeting_day` under `rule`, with its explanation."""
    steps = [texts.DL_MEETING.format(day=fmt_day(meeting_day)),
             texts.DL_RULE[rule.unit].format(count=rule.count, time=fmt_time(rule.cutoff))]
    skipped: list[str] = []
    counted: list[str] = []
    day = meeting_day - timedelta(days=1)
    if rule.unit == "calendar_days":
        day = meeting_day - timedelta(days=rule.count)
        steps.append(texts.DL_CALENDAR.format(count=rule.count, day=fmt_day(day)))
        last = _back_to_working_day(day, rule, skipped)
        if skipped:
            steps.append(texts.DL_MOVED_BACK.format(days=", ".join(skipped)))
    else:
        # Count back working days, never the meeting day itself. For clear days the day of
        # receipt must also lie outside the count, so one more working day is needed before them.
        needed = rule.count + (1 if rule.unit == "clear_working_days" else 0)
        last = day
        for i in range(max(needed, 1)):   # "0 working days": the last working day before
            last = _back_to_working_day(day, rule, skipped)
            if i < rule.count:
                counted.append(fmt_short(last))
            day = last - timedelta(days=1)
        if counted:
            steps.append(texts.DL_COUNTED[rule.unit].format(days=", ".join(counted)))
        if skipped:
            steps.append(texts.DL_SKIPPED.format(days=", ".join(skipped)))
    at = datetime.combine(last, rule.cutoff, ZoneInfo(rule.timezone))
    steps.append(texts.DL_RESULT.format(time=fmt_time(rule.cutoff), day=fmt_day(last)))
    return Deadline(meeting_day, last, at, rule, tuple(steps))


def for_meeting(start: datetime | str, rule: DeadlineRule) -> Deadline:
    """The deadline for a meeting starting at `start` (aware datetime or ISO text with offset)."""
    if isinstance(start, str):
        start = datetime.fromisoformat(start)
    if start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(rule.timezone))
    return compute(start.astimezone(ZoneInfo(rule.timezone)).date(), rule)
