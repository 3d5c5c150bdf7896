"""Finding meetings in papers: summonses, front sheets, minutes headers and report header blocks."""
from __future__ import annotations

import logging
import re
from datetime import date

from knowledge import dates
from knowledge.model import Meeting
from knowledge.paragraphs import Para

log = logging.getLogger(__name__)

# "a meeting of the Stevenage Borough Council will be held in the Council Chamber, ... on Wednesday, ..."
SUMMONS = re.compile(r"(?P<kind>extraordinary|special|annual)?\s*meeting\s+of\s+(?:the\s+)?(?P<body>[A-Z][\w &'’,-]*?)\s+"
                     r"will\s+be\s+held\s+(?:in|at)\s+(?:the\s+)?(?P<venue>.+?)\s+on\s+(?P<when>.+?)(?:\s+to\s+|\s+and\s+you\b|$)",
                     re.I | re.S)
# "MINUTES of a meeting of the Cabinet held in the Council Chamber, ... on Thursday, 30 January 2025."
MINUTES_OF = re.compile(r"^MINUTES\s+of\s+(?:an?\s+|the\s+)?(?P<kind>extraordinary\s+|special\s+|annual\s+)?meeting\s+of\s+(?:the\s+)?"
                        r"(?P<body>.+?)\s+held\s+(?:(?:in|at)\s+(?:the\s+)?(?P<venue>.+?)\s+)?on\s+(?P<when>.+)$", re.I | re.S)
# "AUDIT COMMITTEE MINUTES" then "Date: Tuesday, 9 February 2021 Time: 6.00pm Place: Virtual (via Zoom)"
BODY_MINUTES = re.compile(r"^(?P<body>[A-Z][A-Z &'’-]{2,60}?)\s+MINUTES$")
DATE_TIME_PLACE = re.compile(r"^Date:\s*(?P<when>.+?)(?:\s+Time:\s*(?P<time>.+?))?(?:\s+(?:Place|Venue):\s*(?P<venue>.+))?$", re.I)
# "To: Cabinet - 30 January 2025", "To: County Council – 9th January 2025"
REPORT_TO = re.compile(r"^To:\s*(?P<body>[A-Z][\w &'’]+?)\s*[-–,]\s*(?P<when>.+)$")
# "COUNTY COUNCIL - THURSDAY, 9 JANUARY 2025" on a supplement's covering letter
BODY_DASH_DATE = re.compile(rf"^(?P<body>[A-Z][A-Z &'’]{{2,60}}?)\s*[-–]\s*(?P<when>(?:{dates._DAY},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+\w+,?\s+\d{{4}})$", re.I)
# Where a venue starts inside a run-on line: "Georgina Little Council Chamber, Sessions House, ..."
VENUE_START = re.compile(r"\b(?:Council\s+Chamber|Committee\s+Room|Virtual|Remote|[A-Z][\w'’]+\s+(?:Hall|House|Room|Centre|Offices|Chamber))\b.*$")


def _meeting(body: str, when: str, *, kind_text: str = "", venue: str | None = None,
             time_text: str | None = None, status: str = "scheduled") -> Meeting | None:
    d = dates.find_date(when)
    if d is None:
        return None
    t = dates.find_time(time_text if time_text else when)
    if venue:
        venue = re.sub(r"\s+", " ", venue).strip(" ,.")
    return Meeting(body=dates.body_name(body), start=dates.at_london(d, t), kind=dates.kind_of(kind_text) or "ordinary",
                   venue=venue or None, time_known=t is not None, status=status)


# "The meeting is scheduled to end at 4.30pm (if not before)", "expected to finish by 9pm"
ENDS = re.compile(r"\b(?:scheduled|expected|due|timed)\s+to\s+(?:end|finish|close)\s+(?:at|by)\s+(?P<time>[\w.:]+\s*(?:[ap]\.?m\.?)?)",
                  re.I)


def from_summons(paras: list[Para]) -> Meeting | None:
    """The meeting a summons or front sheet calls, from its 'will be held' sentence or its heading block."""
    for i, p in enumerate(paras[:80]):
        m = SUMMONS.search(p.text)
        if m:
            before = " ".join(q.text for q in paras[max(0, i - 12): i + 1])
            meeting = _meeting(m.group("body"), m.group("when"), kind_text=(m.group("kind") or "") or _kind_near(before),
                               venue=m.group("venue"))
            if meeting is not None:
                meeting.ends = _ends(" ".join(q.text for q in paras[i:i + 3]))
            return meeting
    return _from_heading_block(paras)


def _ends(text: str) -> str | None:
    """The scheduled end a summons gives ("scheduled to end at 4.30pm") as "HH:MM", or None."""
    m = ENDS.search(text)
    t = dates.find_time(m.group("time")) if m else None
    return f"{t:%H:%M}" if t else None


def _kind_near(text: str) -> str:
    """'Summons to and Agenda for an Extraordinary Meeting' on a cover page."""
    m = re.search(r"\b(extraordinary|special|annual)\s+(?:general\s+)?meeting\b", text, re.I)
    return m.group(1) if m else ""


def _from_heading_block(paras: list[Para]) -> Meeting | None:
    """'AGENDA' / 'CABINET' / 'Thursday, 30th January, 2025, at 10.00 am' / venue lines (ModernGov front sheets)."""
    for i, p in enumerate(paras[:15]):
        if p.text.strip().upper() != "AGENDA" or i + 2 >= len(paras):
            continue
        body, when = paras[i + 1].text, paras[i + 2].text
        if not dates.find_date(when):
            continue
        parts = re.split(r"\bAsk for:?", when)
        when = parts[0]
        venue = [VENUE_START.search(parts[1]).group(0)] if len(parts) > 1 and VENUE_START.search(parts[1]) else []
        for q in paras[i + 3: i + 7]:
            if re.match(r"^(?:Tel|Telephone|E-?mail|Ask for|UNRESTRICTED|Membership)\b", q.text, re.I):
                break
            venue.append(q.text.strip(" ,"))
        return _meeting(body, when, kind_text=body, venue=", ".join(venue) or None)
    return None


def from_minutes_header(paras: list[Para], i: int) -> Meeting | None:
    """A meeting from a minutes header starting at paras[i], else None."""
    text = paras[i].text.strip()
    m = MINUTES_OF.match(text)
    if m:
        return _meeting(m.group("body"), m.group("when"), kind_text=m.group("kind") or "",
                        venue=m.group("venue"), status="held")
    m = BODY_MINUTES.match(text)
    if m:
        for q in paras[i + 1: i + 4]:
            dm = DATE_TIME_PLACE.match(q.text.strip())
            if dm:
                venue = dm.group("venue")
                return _meeting(m.group("body"), dm.group("when"), kind_text=m.group("body"),
                                venue=venue, time_text=dm.group("time"), status="held")
    return None


def from_report_header(paras: list[Para]) -> Meeting | None:
    """The meeting a report is addressed to ('To: Cabinet - 30 January 2025'), or a supplement's heading."""
    for p in paras[:25]:
        text = p.text.strip()
        m = REPORT_TO.match(text) or BODY_DASH_DATE.match(text)
        if m and dates.find_date(m.group("when")):
            return _meeting(m.group("body"), m.group("when"), kind_text=m.group("body"))
    return None


def date_of(m: Meeting) -> date:
    """The meeting's local date."""
    return m.start.astimezone(dates.LONDON).date()
