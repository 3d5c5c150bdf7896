"""What a resident's question about meetings asks: which body, the next or the last meeting, and which fact
(when and where, the agenda, the decisions), or None when it is not about the meetings calendar.

"Council" means the full council, whichever body that is; other bodies may be named loosely ("audit",
"the cabinet"). What a meeting is "discussing", "considering" or "looking at" is its agenda. A question
naming a body beside a topic ("when does the council want the report on the bus study by?") asks the
papers first (`Ask.papers_first`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from handlers import bodies
from handlers.messages import Services
from rapidfuzz.distance import Levenshtein

from knowledge.vocabulary import STOPWORDS

_MEETING = re.compile(r"\b(meetings?|meet|meets|meeting's|agenda|sitting|session)\b", re.I)
_NEXT = re.compile(r"\b(next|upcoming|coming|future|soon|when)\b", re.I)
_LAST = re.compile(r"\b(last|previous|recent|latest|past|was|were|did|held on)\b", re.I)
_WHERE = re.compile(r"\b(where|venue|location|place|room|online|in person|virtual|virtually|zoom|remotely)\b", re.I)
_AGENDA = re.compile(r"\bagenda\b|\bwhat(?:'s| is| are)? (?:on|being discussed|discussed|coming up)\b"
                     r"|\b(?:any|what|which) (?:motions|petitions|deputations)\b"
                     r"|^\W*what(?:'s| is| are| will)\b.*\b(?:meeting|meet|committee|council|cabinet)\b.*\babout\W*$", re.I)
# "What is the cabinet discussing / going to look at / debating": its agenda, when asked with "what".
_AGENDA_VERB = re.compile(r"\b(?:discuss(?:es|ed|ing)?|consider(?:s|ed|ing)?|debat(?:e|es|ed|ing)|cover(?:s|ed|ing)?"
                          r"|talk(?:s|ed|ing)? about|look(?:s|ed|ing)? (?:at|into)|deal(?:s|t|ing)? with"
                          r"|vot(?:e|es|ed|ing) on|deciding|(?:got|have|has) on|on the table|coming up"
                          r"|happen(?:ed|ing)?|business|items?|topics?|reports?|papers|motions?|matters|issues)\b", re.I)
# A decision still to be taken is on the agenda: "what will the cabinet decide", "what is it deciding tomorrow".
_TO_DECIDE = re.compile(r"\b(?:will|going to|to be|be asked to|'ll)\b.*\bdecided?\b|\bdeciding\b", re.I)
_WHAT = re.compile(r"\b(?:whats?|wats?|which)\b(?!'?s? (?:time|date|day)\b)", re.I)
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
SPECIAL = re.compile(r"\b(?:extraordinary|special|emergency)\b", re.I)
_DECIDED = re.compile(r"\b(decide|decided|decisions?|resolved|agreed|outcome)\b", re.I)
_WHEN = re.compile(r"\b(when|what time|what date|which day|date|time)\b", re.I)
# Questions about a person or a topic at a meeting belong to the papers, not the calendar.
# Words about the sitting itself rather than a topic: "on Zoom or in the Council Chamber?", "what day and time?".
_SITTING = re.compile(r"\b(?:where|venue|online|in person|virtual\w*|zoom|remote\w*|chamber|room|hall|house|time|day|date"
                      r"|held|hold|start\w*|begin\w*|finish\w*|watch|attend|go along|come along|sit|sits|sitting)\b", re.I)
# "Is the council debating anything about pet theft at its next meeting?": a yes or no about a topic on an agenda.
IF_DEBATED = re.compile(r"^\W*(?:is|are|will|does|do)\b.*\b(?:debat\w*|discuss\w*|consider\w*)\b", re.I)
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
    topic: bool = False          # words beyond the body and the meeting frame: "the report on the bus study"
    sitting: bool = False        # asks about the sitting itself: where, what day or time, watching it
    among: tuple[str, ...] = ()  # "the full council" when several bodies are full councils: the next/last of them
    special: bool = False        # "the extraordinary council": prefer an extraordinary or special meeting
    on: tuple[int | None, int, int | None] | None = None   # (year, month, day) a question names: prefer that meeting


def understand(svc: Services, text: str) -> Ask | None:
    """A meeting question's parts, or None when the question is not about the meetings calendar."""
    if _NOT_CALENDAR.search(text) or (IF_DEBATED.search(text) and _topic(svc, text, "")):
        return None   # "Is the council debating anything about pet theft?": the agenda item on it (handlers.answer)
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
    special = bool(SPECIAL.search(text))
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
    return Ask(body, last, want, unknown=unknown, papers_first=papers, topic=bool(topic), among=among, special=special,
               on=on, sitting=bool(_SITTING.search(text)))


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
                            "month fortnight later extraordinary special emergency full person remote hybrid zoom "
                            "year morning afternoon evening january february march april may june july august "
                            "september october november december monday tuesday wednesday thursday friday "
                            "saturday sunday".split())


# What a meeting does with its business, and the business itself: "what is the cabinet discussing".
_AGENDA_WORDS = frozenset("discuss discusses discussed discussing discussion consider considers considered considering "
                          "debate debates debated debating cover covers covered covering talk talks talked talking "
                          "deal deals dealt dealing table coming happen happened happening business item items "
                          "topic topics agenda motion motions report reports matter matters issue issues subject "
                          "subjects conducted planned scheduled expected main key big important vote votes voted "
                          "voting decide deciding papers got councillors councillor members cllrs asked".split())


def _topic(svc: Services, text: str, body: str) -> bool:
    """Whether a question has words beyond its body, the council's name and the meeting/decision frame."""
    frame = set(bodies.norm(f"{body} {svc.settings.council_name} committee council county borough district city "
                            "full meeting").split()) | STOPWORDS | _CALENDAR_WORDS | _AGENDA_WORDS
    words = bodies.norm(text).split()
    names = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+", text)}
    frame |= {w.lower() for w in re.findall(r"\b[A-Z]{1,4}C\b", text)}   # a council's initials: "KCC", "SBC"
    heads = set(bodies.norm(body).split()) - STOPWORDS
    for i, word in enumerate(words):
        # "Kent's cabinet", "Kent County Council", "the Kent cabinet": a place qualifying the body is no topic.
        after = words[i + 1:i + 3]
        if after[:1] in (["county"], ["borough"], ["district"], ["city"]) or \
                (after[:1] == ["s"] and after[1:] and after[1] in frame and after[1] not in STOPWORDS) or \
                (word in names and after[:1] and after[0] in heads):
            continue
        if word not in frame and not _misspelt(word, frame) and not word.isdigit() \
                and not re.fullmatch(r"\d+(st|nd|rd|th)", word) \
                and not any(p.fullmatch(word) for p in (_MEETING, _DECIDED, _LAST, _NEXT, _WHEN, _WHERE)):
            return True
    return False


def _misspelt(word: str, frame: set[str]) -> bool:
    """Whether a long word is one slip from a frame word ("commitee", "meating"): a typo is no topic."""
    return len(word) >= 6 and any(len(f) >= 6 and Levenshtein.distance(word, f, score_cutoff=1) <= 1 for f in frame)
