"""Dates, times, bodies and kinds of meeting as council papers write them, in Europe/London time."""
from __future__ import annotations

import logging
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# "Wednesday, 21 July 2021", "Thursday, 9th January, 2025", "9 February 2021", "21 JULY 2020"
DATE = re.compile(rf"(?:(?P<weekday>{_DAY}),?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I)
# "7.15pm", "10.00 am", "6.00 p.m.", "18:30", "noon"
TIME = re.compile(r"\b(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)(?![a-z])|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>\d{2})\b|\b(?P<noon>noon|midday)\b", re.I)
KINDS = ("extraordinary", "special", "annual")
# Full council under its corporate name ("Stevenage Borough Council") is just "Council".
_CORPORATE = re.compile(r"^(?:the\s+)?(?:[A-Z][\w'’&-]*\s+){1,3}(?:borough|district|city|metropolitan borough)\s+council$", re.I)
_SMALL = {"and", "of", "the", "for", "on", "in", "to", "with"}


def find_date(text: str) -> date | None:
    """The first date written out in a piece of text, or None."""
    m = DATE.search(text)
    if not m:
        return None
    key = m.group("month").lower().rstrip(".")
    try:
        return date(int(m.group("year")), MONTHS.get(key) or MONTHS[key[:3]], int(m.group("day")))
    except (KeyError, ValueError):
        return None


def find_time(text: str) -> time | None:
    """The first clock time in a piece of text ("7.15pm" -> 19:15), or None."""
    for m in TIME.finditer(text):
        if m.group("noon"):
            return time(12, 0)
        if m.group("h24"):
            return time(int(m.group("h24")), int(m.group("m24")))
        h, mins = int(m.group("h")), int(m.group("m") or 0)
        if not 1 <= h <= 12 or mins > 59:
            continue
        pm = m.group("ampm").lower().startswith("p")
        return time(h % 12 + (12 if pm else 0), mins)
    return None


def at_london(d: date, t: time | None) -> datetime:
    """A local date and time as an aware Europe/London datetime (midnight when the time is unknown)."""
    return datetime.combine(d, t or time(0, 0), tzinfo=LONDON)


def kind_of(text: str) -> str | None:
    """'extraordinary', 'special' or 'annual' when the text says so, else None."""
    low = text.lower()
    for k in KINDS:
        if re.search(rf"\b{k}\b", low):
            return k
    return None


def body_name(raw: str) -> str:
    """A body's name as citations print it: 'AUDIT COMMITTEE' -> 'Audit Committee'."""
    name = re.sub(r"\s+", " ", raw).strip(" ,.:-–")
    name = re.sub(r"^(?:the|an?)\s+", "", name, flags=re.I)
    name = re.sub(r"^(?:(?:extraordinary|special|annual|ordinary)\s+)?meeting\s+of\s+(?:the\s+)?", "", name, flags=re.I)
    name = re.sub(r"\s+meeting$", "", name, flags=re.I)
    if _CORPORATE.match(name):
        return "Council"
    if name.isupper() or name.islower():
        words = name.lower().split()
        name = " ".join(w if (i and w in _SMALL) else w[:1].upper() + w[1:] for i, w in enumerate(words))
    return name


def long_date(d: date) -> str:
    """'21 July 2021'."""
    return f"{d.day} {d:%B %Y}"
