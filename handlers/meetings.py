"""Meetings for residents: the next or last meeting of a body, its agenda and decisions, and /meetings.

Questions are answered from the meetings table relative to `svc.now`; what a question asks is worked out in
handlers/meeting_asks.py. An agenda that is not out yet must be, by law, five clear days before the meeting:
neither the day it is published nor the meeting day counts, so it is due by the meeting day minus six
calendar days.
"""
from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.meeting_asks import SPECIAL, Ask, understand
from handlers.deadlines import fmt_time
from handlers.messages import Button, Reply, Services
from handlers.titles import tidy_title
from knowledge import schedule as store
from knowledge import debates

log = logging.getLogger(__name__)
UPCOMING = 6
CLEAR_DAYS = 5

def answer_question(svc: Services, text: str) -> tuple[bool, str] | None:
    """(answered, reply) for a question about the meetings calendar, or None when it is not one."""
    ask = understand(svc, text)
    return None if ask is None else reply_to(svc, ask)


def on_agenda(svc: Services, text: str, hits: list = (), ask: Ask | None = None) -> tuple[bool, str] | None:
    """(answered, reply) for "when will the council debate the devolution white paper?": the next meeting
    whose agenda has an item on it, else the last one. An item's title may not name the subject ("Notice of
    Motions" for the pet theft motion): then the meeting of the papers' best passage (`hits`) is the one.
    A body the question names (`ask`) keeps to its meetings. None when neither names a meeting."""
    found = debates.agenda_items_about(svc.db, text) or [
        x for x in (debates.meeting_of(svc.db, h.id) for h in hits[:1]) if x]
    if not found:
        return None
    titles = dict(reversed(found))          # meeting id -> its best-matching item title
    rows = [m for m in (_meetings(svc, ask.body, ask.among) if ask and (ask.body or ask.among) else
                        store.list_meetings(svc.db, with_items=False)) if m.id in titles and m.status != "cancelled"]
    ahead = [m for m in rows if _start(m) >= svc.now]
    m = ahead[0] if ahead else (rows[-1] if rows else None)
    if m is None:
        return None
    tmpl = texts.MTG_ON_AGENDA_NEXT if ahead else texts.MTG_ON_AGENDA_PAST
    item = tidy_title(titles[m.id])
    if re.search(r"\bmotions?\b", item, re.I) and (motion := _motion_about(svc, m, text)):
        item = f"{item}: {motion}"   # "Notice of Motions: Supporting tougher action on pet thefts"
    return True, tmpl.format(item=item, body=_label(m), when=fmt_when(m), venue=_venue(m))


def _motion_about(svc: Services, m: store.MeetingSummary, text: str) -> str | None:
    """The motion at a meeting whose title shares the most words with the question, if any does."""
    asked = {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower())}
    scored = [(len(asked & {w[:5] for w in re.findall(r"[a-z]{4,}", t.lower())}), t)
              for titles in _motions(svc, m).values() for t in titles]
    best = max(scored, default=(0, None))
    return best[1] if best[0] else None


def reply_to(svc: Services, ask: Ask) -> tuple[bool, str]:
    """(answered, reply) for a meeting question already understood."""
    if ask.unknown:
        # Never answer "the next planning committee" with some other body's meeting.
        of = texts.MTG_OF_BODY.format(body=f"the {ask.unknown.lower()}")
        return False, texts.MTG_NO_DATES.format(of_body=of, url=svc.settings.contact_url)
    rows = _meetings(svc, ask.body, ask.among)
    name = ask.body or (texts.MTG_FULL_COUNCIL if ask.among else None)
    of = texts.MTG_OF_BODY.format(body=name) if name else ""
    if not rows:
        return False, texts.MTG_NO_DATES.format(of_body=of, url=svc.settings.contact_url)
    now = svc.now
    future = [m for m in rows if _start(m) >= now]
    past = [m for m in rows if _start(m) < now and m.status != "cancelled"]
    upcoming = [m for m in future if m.status != "cancelled"]
    last = ask.last or ask.want == "decisions"
    if ask.recorded:
        # Minutes come weeks after a meeting: the latest meeting whose decisions are in, else the last one.
        past = _with_decisions(svc, past) or past
    for wanted in _preferences(ask):
        # "The extraordinary council meeting", "the audit committee in March" is that one: the next (or last)
        # such meeting, or the other side's when only it has one, else simply the next (or last) meeting.
        wanted_past, wanted_next = [m for m in past if wanted(m)], [m for m in upcoming if wanted(m)]
        if wanted_past or wanted_next:
            if not (wanted_past if last else wanted_next):
                last = not last
            past, upcoming = wanted_past or past, wanted_next or upcoming
    target = (past[-1] if past else None) if last else (upcoming[0] if upcoming else None)
    if target is None:
        return False, _none_known(svc, of, last, past, upcoming)
    if ask.want == "decisions":
        return True, _decisions(svc, target)
    if ask.want == "agenda":
        # "What did the cabinet discuss?" of a meeting whose agenda is not stored: what it decided.
        if last and not store.agenda(svc.db, target.id):
            return True, _decisions(svc, target)
        return True, _agenda(svc, target)
    # Cancelled meetings are skipped, but a resident who expected one is told why.
    skipped = [m for m in future if m.status == "cancelled" and _start(m) < _start(target)] if not last else []
    lines = [_when_sentence(target, last, named=bool(ask.body or ask.among))]
    lines += [texts.MTG_CANCELLED_SKIPPED.format(body=m.body, day=fmt_day(_start(m).date())) for m in skipped]
    return True, "\n".join(lines)


def _none_known(svc: Services, of: str, last: bool, past: list, upcoming: list) -> str:
    """No meeting on the side asked for: say so, give the nearest one known on the other side, and
    where new dates appear (a calendar that has run out is usually just not yet published)."""
    if last:
        if not upcoming:
            return texts.MTG_NONE_FOUND.format(which="earlier", of_body=of)
        m = upcoming[0]
        return texts.MTG_NONE_EARLIER.format(of_body=of, body=m.body, when=fmt_when(m), venue=_venue(m))
    lines = [texts.MTG_NONE_UPCOMING.format(of_body=of)]
    if past:
        m = past[-1]
        lines.append(texts.MTG_MOST_RECENT.format(body=m.body, when=fmt_when(m), venue=_venue(m)))
    lines.append(texts.MTG_CHECK_CALENDAR.format(url=svc.settings.contact_url))
    return " ".join(lines)


def _with_decisions(svc: Services, rows: list[store.MeetingSummary]) -> list[store.MeetingSummary]:
    """The meetings among rows that have decisions recorded, in the same order."""
    if not rows:
        return []
    have = {r[0] for r in svc.db.execute(
        "SELECT DISTINCT meeting_id FROM decisions WHERE meeting_id IN (%s)" % ",".join("?" * len(rows)),
        [m.id for m in rows])}
    return [m for m in rows if m.id in have]


def _venue(m: store.MeetingSummary) -> str:
    """", in Council Chamber, ..." or, for a meeting held over the internet, ", online: Virtual (via Zoom)"."""
    if not m.venue:
        return ""
    return (texts.MTG_ONLINE if _ONLINE.match(m.venue) else texts.MTG_AT_VENUE).format(venue=m.venue)


_ONLINE = re.compile(r"\s*(?:virtual|online|remote|zoom|microsoft teams|teams)\b", re.I)


def _meetings(svc: Services, body: str | None, among: tuple[str, ...] = ()) -> list[store.MeetingSummary]:
    rows = store.list_meetings(svc.db, with_items=False)
    return [m for m in rows if (m.body == body if body else m.body in among if among else True)]


def _preferences(ask: Ask) -> list:
    """Tests a meeting must pass to be the one a question means, most important first."""
    tests = []
    if ask.on:
        year, month, day = ask.on

        def on_date(m: store.MeetingSummary) -> bool:
            d = _start(m).date()
            return d.month == month and year in (None, d.year) and day in (None, d.day)
        tests.append(on_date)
    if ask.special:
        tests.append(_is_special)
    return tests


def _is_special(m: store.MeetingSummary) -> bool:
    return m.kind in ("extraordinary", "special") or bool(SPECIAL.search(m.title or ""))


def _label(m: store.MeetingSummary) -> str:
    """The body, marked when the meeting is an extraordinary or special one: 'County Council (extraordinary)'."""
    return f"{m.body} ({m.kind})" if m.kind in ("extraordinary", "special") else m.body


def _start(m: store.MeetingSummary) -> datetime:
    return datetime.fromisoformat(m.start)


def fmt_day(d: date) -> str:
    """'Wednesday 21 July 2021'."""
    return f"{d:%A} {d.day} {d:%B %Y}"


def fmt_when(m: store.MeetingSummary, tz: str = "Europe/London") -> str:
    """'Wednesday 21 July 2021 at 7.15pm' or '... at 2pm' (no time when it is not known).

    Times are written as the public-question replies write them (deadlines.fmt_time), so one
    meeting never reads '2.00pm' in one reply and '2pm' in the next.
    """
    start = _start(m).astimezone(ZoneInfo(tz))
    if not m.time_known:
        return fmt_day(start.date()) + texts.MTG_TIME_UNKNOWN
    ends = texts.MTG_ENDS.format(time=fmt_time(time.fromisoformat(m.ends))) if m.ends else ""
    return f"{fmt_day(start.date())} at {fmt_time(start.time())}{ends}"


def _when_sentence(m: store.MeetingSummary, last: bool, named: bool) -> str:
    venue = _venue(m)
    if named:
        tmpl = texts.MTG_LAST if last else texts.MTG_NEXT
    else:
        tmpl = texts.MTG_LAST_ANY if last else texts.MTG_NEXT_ANY
    return tmpl.format(body=_label(m), when=fmt_when(m), venue=venue)


def agenda_deadline(meeting_day: date) -> date:
    """The last day an agenda may be published: five clear days before the meeting."""
    return meeting_day - timedelta(days=CLEAR_DAYS + 1)


def _agenda(svc: Services, m: store.MeetingSummary) -> str:
    items = store.agenda(svc.db, m.id)
    when = fmt_when(m)
    if not items:
        deadline = agenda_deadline(_start(m).date())
        contact = texts.CONTACT.format(email=svc.settings.contact_email, phone=svc.settings.contact_phone)
        tmpl = texts.MTG_AGENDA_NOT_OUT if svc.now.date() <= deadline else texts.MTG_AGENDA_LATE
        return tmpl.format(body=m.body, when=when, deadline=fmt_day(deadline),
                           url=m.url or svc.settings.contact_url, contact=contact)
    lines = [texts.MTG_AGENDA_HEAD.format(body=_label(m), when=when)]
    motions = _motions(svc, m)
    for it in items:
        tmpl = texts.MTG_AGENDA_PRIVATE if it.restricted else texts.MTG_AGENDA_ITEM
        line = tmpl.format(number=it.number.rstrip("."), title=tidy_title(it.title))
        if not it.restricted and re.search(r"\bmotions?\b", it.title, re.I) and motions.get(it.number.rstrip(".")):
            line += texts.MTG_AGENDA_MOTIONS.format(titles="; ".join(motions[it.number.rstrip(".")]))
        lines.append(line)
    return "\n".join(lines)


def _motions(svc: Services, m: store.MeetingSummary) -> dict[str, list[str]]:
    """Item number -> the titles of the motions it brings (amendments left out), for a Notice of Motions item."""
    out: dict[str, list[str]] = {}
    for number, title in svc.db.execute("SELECT item_number, title FROM motions WHERE meeting_id = ? ORDER BY id",
                                        [m.id]):
        if number and not re.search(r"\bamendment\b", title, re.I) and title not in out.get(number, []):
            out.setdefault(str(number).rstrip("."), []).append(tidy_title(title))
    return out


def _decisions(svc: Services, m: store.MeetingSummary) -> str:
    rows = list(svc.db.execute("SELECT minute, item_title, text FROM decisions WHERE meeting_id = ? ORDER BY id",
                               [m.id]))
    if not rows:
        return texts.MTG_NO_DECISIONS.format(body=m.body, when=fmt_when(m))
    lines = [texts.MTG_DECISIONS_HEAD.format(body=_label(m), when=fmt_when(m))]
    for minute, title, text in rows[:8]:
        head = " ".join(x for x in ((minute or "").rstrip("."), tidy_title(title or "")) if x)
        lines.append(f"• {head + ': ' if head else ''}{_short(text)}")
    return "\n".join(lines)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def upcoming(svc: Services, args: str = "") -> list[Reply]:
    """The /meetings reply: the next few meetings (of a body when named), each with buttons."""
    rows = store.list_meetings(svc.db, start=svc.now, body=args.strip() or None, with_items=False)[:UPCOMING]
    if not rows:
        return [Reply(texts.MTG_UPCOMING_NONE.format(url=svc.settings.contact_url))]
    lines, buttons = [texts.MTG_UPCOMING_HEAD], []
    for m in rows:
        cancelled = texts.MTG_CANCELLED if m.status == "cancelled" else ""
        lines.append(texts.MTG_UPCOMING_LINE.format(body=m.body, when=fmt_when(m)) + cancelled)
        if not cancelled:
            day = f"{_start(m):%-d %b}"
            buttons.append([Button(texts.MTG_BUTTON_AGENDA.format(body=m.body, day=day)[:60], f"meeting:{m.id}:agenda"),
                            Button(texts.MTG_BUTTON_DETAILS.format(body=m.body, day=day)[:60], f"meeting:{m.id}:details")])
    return [Reply("\n".join(lines), buttons=buttons)]


def choice(svc: Services, data: str) -> list[Reply]:
    """A meeting button: data after 'meeting:' is '<id>:agenda' or '<id>:details'."""
    ident, _, what = data.partition(":")
    m = None
    if ident.isdigit():
        m = next((x for x in store.list_meetings(svc.db, with_items=False) if x.id == int(ident)), None)
    if m is None or what not in ("agenda", "details"):
        return [Reply(texts.MTG_UNKNOWN)]
    past = _start(m) < svc.now
    notes = [texts.MTG_WAS_CANCELLED] if m.status == "cancelled" else ([texts.MTG_PAST] if past else [])
    if what == "agenda":
        body = _agenda(svc, m) if not past or store.agenda(svc.db, m.id) else _decisions(svc, m)
    else:
        # Not "the next meeting of ...": the button may be for a later one of the same body.
        tmpl = texts.MTG_DETAILS_PAST if past else texts.MTG_DETAILS
        body = tmpl.format(body=m.body, when=fmt_when(m), venue=_venue(m))
    return [Reply("\n".join(notes + [body]))]
