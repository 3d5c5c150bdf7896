"""Meetings for residents: the next or last meeting of a body, its agenda and decisions, and /meetings.

Questions are answered from the meetings table relative to `svc.now`. "Council" means the full
council, whichever body that is ("Council", "County Council"; the next of them when the papers hold
several); other bodies may be named loosely ("audit", "the cabinet"). What a meeting is "discussing",
"considering" or "looking at" is its agenda. An agenda that is not out
yet must be, by law, five clear days before the meeting: neither the day it is published nor the
meeting day counts, so it is due by the meeting day minus six calendar days.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import bodies, texts
from handlers.deadlines import fmt_time
from handlers.messages import Button, Reply, Services
from handlers.titles import tidy_title
from knowledge import schedule as store
from knowledge.vocabulary import STOPWORDS

log = logging.getLogger(__name__)
UPCOMING = 6
CLEAR_DAYS = 5

_MEETING = re.compile(r"\b(meetings?|meet|meets|meeting's|agenda|sitting|session)\b", re.I)
_NEXT = re.compile(r"\b(next|upcoming|coming|future|soon|when)\b", re.I)
_LAST = re.compile(r"\b(last|previous|recent|latest|past|was|were|did|held on)\b", re.I)
_WHERE = re.compile(r"\b(where|venue|location|place|room)\b", re.I)
_AGENDA = re.compile(r"\bagenda\b|\bwhat(?:'s| is| are)? (?:on|being discussed|discussed|coming up)\b"
                     r"|^\W*what(?:'s| is| are| will)\b.*\b(?:meeting|meet|committee|council|cabinet)\b.*\babout\W*$", re.I)
# "What is the cabinet discussing / going to look at / debating": its agenda, when asked with "what".
_AGENDA_VERB = re.compile(r"\b(?:discuss(?:es|ed|ing)?|consider(?:s|ed|ing)?|debat(?:e|es|ed|ing)|cover(?:s|ed|ing)?"
                          r"|talk(?:s|ed|ing)? about|look(?:s|ed|ing)? (?:at|into)|deal(?:s|t|ing)? with"
                          r"|vot(?:e|es|ed|ing) on|deciding|(?:got|have|has) on|on the table|coming up"
                          r"|happen(?:ed|ing)?|business|items?|topics?|reports?|papers|motions?|matters|issues)\b", re.I)
# A decision still to be taken is on the agenda: "what will the cabinet decide", "what is it deciding tomorrow".
_TO_DECIDE = re.compile(r"\b(?:will|going to|to be|be asked to|'ll)\b.*\bdecided?\b|\bdeciding\b", re.I)
_WHAT = re.compile(r"\b(?:what|which)\b(?!'?s? (?:time|date|day)\b)", re.I)
# An upcoming sitting named by when it is, not by "next": "this week", "tomorrow", "on Thursday".
_SOON = re.compile(r"\b(?:this|coming) (?:week|weekend|month|fortnight|morning|afternoon|evening)\b"
                   r"|\b(?:today|tonight|tomorrow|later)\b|\bnext (?:week|month)\b"
                   r"|\bon (?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
# Past tense asks about the last sitting: "what did the cabinet discuss", "where was it held".
_PAST = re.compile(r"\b(?:did|was|were|yesterday|ago|has been|have been)\b", re.I)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# A meeting named by its date: "in March", "on 9 January", "on the 9th of January 2025" ("may" alone is a verb).
_ON_DATE = re.compile(r"\b(?:(?:in|during|of|for|on|this|last|next|early|late|mid)\s+(?:the\s+)?"
                      r"|(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)(?P<month>%s)\b"
                      r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>20\d\d))?" % "|".join(_MONTHS), re.I)
_SPECIAL = re.compile(r"\b(?:extraordinary|special|emergency)\b", re.I)
_DECIDED = re.compile(r"\b(decide|decided|decisions?|resolved|agreed|outcome)\b", re.I)
_WHEN = re.compile(r"\b(when|what time|what date|which day|date|time)\b", re.I)
# Questions about a person or a topic at a meeting belong to the papers, not the calendar.
_NOT_CALENDAR = re.compile(r"^\s*(who|why|how (?:many|much))\b", re.I)


@dataclass
class Ask:
    """What a meeting question wants: which body, next or last, and which fact."""

    body: str | None
    last: bool
    want: str            # when | agenda | decisions
    recorded: bool = False   # decisions of the latest past meeting that has any, not simply the last one
    unknown: str | None = None   # a body the resident named that no meeting in the calendar belongs to
    papers_first: bool = False   # ask the papers before the calendar (see `understand`)
    among: tuple[str, ...] = ()  # "the full council" when several bodies are full councils: the next/last of them
    special: bool = False        # "the extraordinary council": prefer an extraordinary or special meeting
    on: tuple[int | None, int, int | None] | None = None   # (year, month, day) a question names: prefer that meeting


def understand(svc: Services, text: str) -> Ask | None:
    """A meeting question's parts, or None when the question is not about the meetings calendar."""
    if _NOT_CALENDAR.search(text):
        return None
    names = bodies.known(svc)
    body = bodies.named(svc, text, names)
    among = () if body else tuple(bodies.full_councils(svc, text, names))
    # "the district council" when the calendar holds no such council is a body it lacks, like "the planning committee".
    named = None if body or among else (bodies.ANY_BODY.search(text) or bodies.KIND_OF_COUNCIL.search(text))
    unknown = named.group(0) if named else None
    some_body = bool(body or among or unknown)
    by_verb = bool(_WHAT.search(text) and (_AGENDA_VERB.search(text) or _TO_DECIDE.search(text)))
    if not _MEETING.search(text) and not (some_body and (_NEXT.search(text) or _WHEN.search(text) or _WHERE.search(text)
                                                         or _DECIDED.search(text) or _SOON.search(text) or by_verb
                                                         or re.search(r"\b(last|previous|latest)\b", text, re.I))):
        return None
    frame = body or " ".join(among) or unknown or ""
    # "When does the council want the report on the bus study by?" names a body but asks about a topic:
    # the papers are asked first, and the calendar answers if they cannot (see handlers.answer).
    topic = not _MEETING.search(text) and _topic(svc, text, frame)
    if _DECIDED.search(text) and not ((_TO_DECIDE.search(text) or _SOON.search(text)) and not _PAST.search(text)):
        want, last = "decisions", True
    elif _AGENDA.search(text) or by_verb:
        # "What did the cabinet discuss about the budget?" asks the papers, even when it says "meeting":
        # a list of agenda items would not answer it.
        if by_verb and not _AGENDA.search(text) and _topic(svc, text, frame):
            return None
        want, last = "agenda", False
    elif _WHEN.search(text) or _WHERE.search(text) or _NEXT.search(text) or _LAST.search(text) or _SOON.search(text):
        want, last = "when", False
    else:
        return None
    if re.search(r"\b(next|upcoming|coming|future)\b", text, re.I):
        last = False
    elif re.search(r"\b(last|previous|recent|latest)\b", text, re.I) or _PAST.search(text):
        last = True
    special = bool(_SPECIAL.search(text))
    on = _named_date(text)
    if want == "decisions" and not re.search(r"\b(last|previous|recent|latest|next)\b", text, re.I):
        # "What did the audit committee decide?" names a body and nothing else: its latest recorded
        # decisions. A topic ("... decide about X") is for the papers to answer.
        if not (body or among) or _topic(svc, text, frame):
            return None
        return Ask(body, True, want, recorded=True, among=among, special=special, on=on)
    # The papers first for a past meeting of a body the calendar lacks ("when did the citizens panel meet?";
    # future dates of such a body are not in papers already published), and for a topic beside a body.
    papers = topic or bool(unknown and not _NEXT_ONLY.search(text))
    return Ask(body, last, want, unknown=unknown, papers_first=papers, among=among, special=special, on=on)


def _named_date(text: str) -> tuple[int | None, int, int | None] | None:
    """(year, month, day) of the meeting a question names by date; year and day may be unknown."""
    m = _ON_DATE.search(text)
    if not m:
        return None
    day = m.group("day") or m.group("day2")
    year = m.group("year")
    return (int(year) if year else None, _MONTHS.index(m.group("month").lower()) + 1, int(day) if day else None)


_NEXT_ONLY = re.compile(r"\b(next|upcoming|coming|future|soon|will)\b|\b(?:is|are)\b.*\bmeeting\b", re.I)


# Words that ask about the sitting itself, not a topic: "where's the cabinet held", "what time does it start".
_CALENDAR_WORDS = frozenset("held hold holding happen happens happening take takes taking place sit sits sitting start "
                            "starts starting begin begins time date day s am pm today tomorrow tonight week weekend "
                            "month fortnight later extraordinary special emergency full "
                            "year morning afternoon evening january february march april may june july august "
                            "september october november december monday tuesday wednesday thursday friday "
                            "saturday sunday".split())


# What a meeting does with its business, and the business itself: "what is the cabinet discussing".
_AGENDA_WORDS = frozenset("discuss discusses discussed discussing discussion consider considers considered considering "
                          "debate debates debated debating cover covers covered covering talk talks talked talking "
                          "deal deals dealt dealing table coming happen happened happening business item items "
                          "topic topics agenda motion motions report reports matter matters issue issues subject "
                          "subjects conducted planned scheduled expected main key big important vote votes voted "
                          "voting decide deciding papers got".split())


def _topic(svc: Services, text: str, body: str) -> bool:
    """Whether a question has words beyond its body, the council's name and the meeting/decision frame."""
    frame = set(bodies.norm(f"{body} {svc.settings.council_name} committee council county borough district city "
                            "full meeting").split()) | STOPWORDS | _CALENDAR_WORDS | _AGENDA_WORDS
    words = bodies.norm(text).split()
    for i, word in enumerate(words):
        # "Kent's cabinet", "Kent County Council": a place qualifying the body is not a topic.
        after = words[i + 1:i + 3]
        if after[:1] in (["county"], ["borough"], ["district"], ["city"]) or \
                (after[:1] == ["s"] and after[1:] and after[1] in frame and after[1] not in STOPWORDS):
            continue
        if word not in frame and not word.isdigit() and not re.fullmatch(r"\d+(st|nd|rd|th)", word) \
                and not any(p.fullmatch(word) for p in (_MEETING, _DECIDED, _LAST, _NEXT, _WHEN, _WHERE)):
            return True
    return False


def answer_question(svc: Services, text: str) -> tuple[bool, str] | None:
    """(answered, reply) for a question about the meetings calendar, or None when it is not one."""
    ask = understand(svc, text)
    return None if ask is None else reply_to(svc, ask)


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
    return texts.MTG_AT_VENUE.format(venue=m.venue) if m.venue else ""


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
    return m.kind in ("extraordinary", "special") or bool(_SPECIAL.search(m.title or ""))


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
    return f"{fmt_day(start.date())} at {fmt_time(start.time())}"


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
    for it in items:
        tmpl = texts.MTG_AGENDA_PRIVATE if it.restricted else texts.MTG_AGENDA_ITEM
        lines.append(tmpl.format(number=it.number.rstrip("."), title=tidy_title(it.title)))
    return "\n".join(lines)


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
