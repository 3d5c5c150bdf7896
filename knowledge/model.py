"""What a parsed paper holds: meetings, agenda items, questions, motions, decisions and passages.

Parsers build a `ParsedDocument`; `knowledge.store` writes it to SQLite. Records that belong to a
meeting carry `meeting`, an index into `ParsedDocument.meetings` (an agenda pack can carry the
minutes of other bodies' meetings), or None when no meeting is known.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Meeting:
    """One meeting of a body, as a paper describes it."""

    body: str                      # "Council", "Audit Committee", "County Council", "Cabinet"
    start: datetime                # timezone-aware, Europe/London; midnight when time unknown
    kind: str = "ordinary"         # ordinary | extraordinary | special | annual
    venue: str | None = None
    time_known: bool = True
    status: str = "scheduled"      # scheduled | held | cancelled
    uid: str | None = None         # iCalendar UID when the meeting came from a calendar
    url: str | None = None
    ends: str | None = None        # "16:30": when the papers say it is scheduled to end, local time


@dataclass
class AgendaItem:
    """A numbered item on a meeting's agenda. A restricted item keeps only its title and reason."""

    number: str
    title: str
    description: str = ""
    page_from: int | None = None
    page_to: int | None = None
    restricted: bool = False
    exempt_reason: str | None = None
    meeting: int | None = 0


@dataclass
class Question:
    """A public or member question, with its written answer when the papers give one."""

    kind: str                      # public | member
    asker: str
    text: str
    addressee: str | None = None
    status: str | None = None      # e.g. "A written answer will be published on a supplementary agenda"
    answer: str | None = None
    answerer: str | None = None
    number: str | None = None
    item_number: str | None = None
    page: int | None = None
    meeting: int | None = 0


@dataclass
class Motion:
    """A notice of motion: title, who moved and seconded it, and its text."""

    title: str
    text: str
    proposer: str | None = None
    seconder: str | None = None
    item_number: str | None = None
    page: int | None = None
    meeting: int | None = 0


@dataclass
class Decision:
    """A resolution recorded in minutes ("It was RESOLVED ...") with its minute item."""

    text: str
    minute: str | None = None      # minute number as printed, e.g. "3" or "12."
    item_title: str | None = None
    page: int | None = None
    meeting: int | None = 0


@dataclass
class Passage:
    """About a paragraph of citable text, never from a restricted item."""

    text: str
    page: int | None = None        # the pack's printed page where known, else the PDF page
    section: str | None = None     # nearest heading, e.g. "Recommendations"
    item_number: str | None = None
    item_title: str | None = None
    kind: str = "paragraph"        # paragraph | question | answer | motion | decision | item
    meeting: int | None = 0


@dataclass
class ParsedDocument:
    """Everything one file yielded. `meetings[0]` is the document's own meeting when it has one."""

    title: str
    kind: str = "paper"            # agenda_pack | front_sheet | minutes | report | supplement | policy | restricted | calendar | paper
    pages: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    motions: list[Motion] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)   # "SADA" -> "Stevenage Against Domestic Abuse"
    warnings: list[str] = field(default_factory=list)
