"""The meeting schedule as stored: listing meetings by date and body, with their agenda items."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlite_utils import Database

LONDON = ZoneInfo("Europe/London")
# Which paper's agenda to believe when several list a meeting's items: the agenda itself first.
_DOC_KIND_RANK = {"agenda": 0, "supplement": 1, "minutes": 2, "report": 3, "paper": 4}


@dataclass
class ItemSummary:
    """An agenda item as listed with its meeting."""

    number: str
    title: str
    pages: list[int] | None        # [first, last] printed pages, None when unknown
    restricted: bool
    exempt_reason: str | None = None


@dataclass
class MeetingSummary:
    """A meeting with its agenda, ready to print or serialise."""

    id: int
    body: str
    title: str
    kind: str
    start: str                     # ISO 8601 with UTC offset, Europe/London local time
    time_known: bool
    venue: str | None
    status: str
    url: str | None
    items: list[ItemSummary] = field(default_factory=list)
    ends: str | None = None        # "16:30": the scheduled end, when the papers give one


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))


def body_matches(query: str, body: str) -> bool:
    """Loose, case-insensitive: every word of the query starts a word of the body ('audit' → Audit Committee)."""
    wanted, have = _words(query), _words(body)
    return all(any(h.startswith(w) for h in have) for w in wanted)


def day_start(d: date) -> datetime:
    """Midnight at the start of a London calendar day, as an aware datetime."""
    return datetime.combine(d, time(0, 0), tzinfo=LONDON)


def list_meetings(db: Database, *, start: datetime | None = None, end: datetime | None = None,
                  body: str | None = None, with_items: bool = True) -> list[MeetingSummary]:
    """Meetings starting in [start, end) (aware datetimes, either open), optionally of a body, in date order."""
    sql, params = "SELECT * FROM meetings WHERE 1", []
    if start is not None:
        sql += " AND start_utc >= ?"
        params.append(start.astimezone(timezone.utc).isoformat())
    if end is not None:
        sql += " AND start_utc < ?"
        params.append(end.astimezone(timezone.utc).isoformat())
    out = [MeetingSummary(
        id=r["id"], body=r["body"], title=r["title"], kind=r["kind"], start=r["start"],
        time_known=bool(r["time_known"]), venue=r["venue"], status=r["status"], url=r["url"], ends=r["ends"],
    ) for r in db.query(sql + " ORDER BY start_utc, body", params)
        if body is None or body_matches(body, r["body"])]
    if with_items:
        for m in out:
            m.items = agenda(db, m.id)
    return out


def agenda(db: Database, meeting_id: int) -> list[ItemSummary]:
    """A meeting's agenda items; when several papers list the same item, the agenda's version wins."""
    rows = db.query("""
        SELECT a.*, d.kind AS doc_kind FROM agenda_items a JOIN documents d ON d.id = a.document_id
        WHERE a.meeting_id = ? ORDER BY a.document_id, a.position""", [meeting_id])
    best: dict[str, dict] = {}
    for r in rows:
        key = r["number"].strip().rstrip(".").lower()
        rank = _DOC_KIND_RANK.get(r["doc_kind"], 9)
        if key not in best or rank < best[key]["_rank"]:
            best[key] = {**r, "_rank": rank}
    items = sorted(best.values(), key=lambda r: (_number_order(r["number"]), r["position"]))
    return [ItemSummary(
        number=r["number"], title=r["title"],
        pages=[r["page_from"], r["page_to"] or r["page_from"]] if r["page_from"] is not None else None,
        restricted=bool(r["restricted"]), exempt_reason=r["exempt_reason"],
    ) for r in items]


def _number_order(number: str) -> tuple:
    """'2' < '10' < '10a': numeric parts compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|[a-z]+", number.lower()))


def parse_day(value: str) -> date:
    """A YYYY-MM-DD date (or ISO date-time, keeping its date); ValueError with a plain message otherwise."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD, e.g. 2021-07-21)") from None


def day_range(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """[start of first day, start of the day after last) in London time; both ends inclusive as days."""
    return (day_start(first) if first else None,
            day_start(last + timedelta(days=1)) if last else None)
