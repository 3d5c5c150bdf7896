"""Meeting calendars (iCalendar .ics, as councils publish them) into Meeting records."""
from __future__ import annotations

import logging
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar

from knowledge import UnreadableDocument
from knowledge.model import Meeting, ParsedDocument

log = logging.getLogger(__name__)
LONDON = ZoneInfo("Europe/London")

_KINDS = ("extraordinary", "special", "annual")
_DASHES = r"[-–—:|,(]"
# Words around a body's name in SUMMARY lines: "Meeting of the Council", "Cabinet meeting".
_NOISE = re.compile(r"^\s*(?:a\s+)?(?:meeting\s+)?of\s+(?:the\s+)?|\s+meeting\s*$", re.I)
# A trailing date or time some publishers append: "Council, 7.00 pm", "Cabinet - 21/07/2021".
_TRAILING_WHEN = re.compile(
    r"\s*[-–—,(]\s*(?:\d{1,2}[./:]\d{2}\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+(?:\s+\d{4})?)\s*\)?\s*$", re.I)
_URL = re.compile(r"https?://\S+")


def split_summary(summary: str) -> tuple[str, str, bool]:
    """(body, kind, cancelled) from a SUMMARY such as 'Audit Committee – Extraordinary' or 'CANCELLED: Executive'."""
    text = " ".join(summary.split())
    cancelled = bool(re.search(r"\b(cancelled|canceled|postponed)\b", text, re.I))
    text = re.sub(rf"\s*{_DASHES}?\s*\b(?:cancelled|canceled|postponed)\b\s*[-–—:|)]?\s*", " ", text, flags=re.I)
    kind = "ordinary"
    for k in _KINDS:
        if re.search(rf"\b{k}\b", text, re.I):
            kind = k
            # "Extraordinary Council", "Council (Special)", "Audit Committee – Extraordinary Meeting"
            text = re.sub(rf"\s*{_DASHES}?\s*\b{k}\b(?:\s+meeting)?\s*\)?", " ", text, flags=re.I)
            break
    prev = None
    while prev != text:
        prev = text
        text = _TRAILING_WHEN.sub("", text)
        text = _NOISE.sub("", text).strip(" -–—:|,()")
    return (text or summary.strip() or "Meeting"), kind, cancelled


def _as_london(value: date | datetime) -> tuple[datetime, bool]:
    """A DTSTART value as an aware Europe/London datetime, and whether it carried a time."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating time: the council's own local time
            return value.replace(tzinfo=LONDON), True
        return value.astimezone(LONDON), True
    return datetime.combine(value, time(0, 0), tzinfo=LONDON), False


def _text(event, name: str) -> str | None:
    value = event.get(name)
    if value is None:
        return None
    if isinstance(value, list):  # a repeated property: take the first
        value = value[0]
    text = " ".join(str(value).split())
    return text or None


def parse_calendar(data: bytes, *, title: str) -> ParsedDocument:
    """Every VEVENT of a calendar as a Meeting; a ParsedDocument(kind='calendar') with no passages."""
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise UnreadableDocument(f"not a valid iCalendar file ({str(exc).splitlines()[0][:120]})") from None
    if isinstance(cal, list):  # several VCALENDARs in one file
        cals = cal
    else:
        cals = [cal]
    name = next((_text(c, "X-WR-CALNAME") for c in cals if _text(c, "X-WR-CALNAME")), None)
    doc = ParsedDocument(title=name or title, kind="calendar")
    events = [e for c in cals for e in c.walk("VEVENT")]
    if not events:
        raise UnreadableDocument("the calendar holds no events (no VEVENT entries)")
    for n, event in enumerate(events, start=1):
        summary = _text(event, "SUMMARY")
        try:
            dtstart = event.get("DTSTART")
            if dtstart is None or not summary:
                raise ValueError("no DTSTART" if dtstart is None else "no SUMMARY")
            start, time_known = _as_london(dtstart.dt)
        except (ValueError, TypeError, AttributeError) as exc:
            doc.warnings.append(f"event {n} ({summary or 'untitled'}) skipped: {exc}")
            continue
        body, kind, cancelled_in_summary = split_summary(summary)
        status = (_text(event, "STATUS") or "").upper()
        if event.get("RRULE") is not None:
            doc.warnings.append(f"event {n} ({summary}) repeats; only its first date is used")
        url = _text(event, "URL")
        if not url:
            found = _URL.search(_text(event, "DESCRIPTION") or "")
            url = found.group(0) if found else None
        doc.meetings.append(Meeting(
            body=body, start=start, kind=kind, venue=_text(event, "LOCATION"), time_known=time_known,
            status="cancelled" if status == "CANCELLED" or cancelled_in_summary else "scheduled",
            uid=_text(event, "UID"), url=url,
        ))
    if not doc.meetings:
        raise UnreadableDocument(f"none of the calendar's {len(events)} events could be read ({doc.warnings[0]})")
    for w in doc.warnings:
        log.warning("%s: %s", title, w)
    return doc
