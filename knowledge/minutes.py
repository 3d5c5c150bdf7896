"""Minutes: the meetings they record, their numbered minute items, and the resolutions in them."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from knowledge import meetings, restricted
from knowledge.model import Decision, Meeting
from knowledge.paragraphs import BULLET, NUMBERED, Para

log = logging.getLogger(__name__)

# Kent: "285. English Devolution White Paper" then "(Item 3)"
NUMBERED_MINUTE = re.compile(r"^(?P<minute>\d{1,4})\.\s+(?P<title>\S.*)$", re.S)
ITEM_REF = re.compile(r"^\s*\(Item\s+(?P<item>\d+[A-Za-z]?)\)\s*$", re.I)
# Stevenage: "3 EXTERNAL AUDIT OF ACCOUNTS 2019/20" (a number, then a title in capitals)
CAPS_MINUTE = re.compile(r"^(?P<minute>\d{1,3})\s+(?P<title>[A-Z0-9][^a-z]{2,200})$")
CHAIR = re.compile(r"^\s*(?:CHAIR|CHAIRMAN|Chair|Chairman)\s*$")
RESOLVED = re.compile(r"\bRESOLVED\b")
CONTINUES = re.compile(r"^\s*(?:That\b|and\b|\(|[•\-]\s)")


@dataclass
class MinuteItem:
    """One minute: its number, the agenda item it records, its title and text."""

    minute: str
    number: str
    title: str
    paras: list[Para] = field(default_factory=list)
    restricted: bool = False
    reason: str | None = None


@dataclass
class Minutes:
    """One meeting's minutes found in a document."""

    meeting: Meeting
    header: int                     # paragraph index of the header
    preamble: list[Para] = field(default_factory=list)   # attendance, unnumbered business
    items: list[MinuteItem] = field(default_factory=list)


def find(paras: list[Para]) -> list[tuple[int, Meeting]]:
    """Every minutes header in the paragraphs: (index, meeting)."""
    out = []
    for i in range(len(paras)):
        if "MINUTES" in paras[i].text[:80].upper():
            m = meetings.from_minutes_header(paras, i)
            if m:
                out.append((i, m))
    return out


def parse(paras: list[Para], header: int, end: int, meeting: Meeting) -> Minutes:
    """The minute items of the minutes whose header is paras[header], up to paras[end]."""
    mins = Minutes(meeting=meeting, header=header)
    exclusion: str | None = None
    i = header + 1
    while i < end:
        p = paras[i]
        if CHAIR.match(p.text):
            break
        start = _minute_start(paras, i, end, mins)
        if start:
            minute, number, title, skip = start
            item = MinuteItem(minute=minute, number=number, title=title)
            if exclusion is not None:
                item.restricted, item.reason = True, exclusion
            mins.items.append(item)
            if restricted.excludes_public(title):
                body = " ".join(q.text for q in paras[i + 1: i + 5])
                exclusion = restricted.part_ii_reason(body)
            i += skip
            continue
        (mins.items[-1].paras if mins.items else mins.preamble).append(p)
        i += 1
    for item in mins.items:
        reason = restricted.exemption(" ".join(q.text for q in item.paras))
        if reason and not item.restricted:
            item.restricted, item.reason = True, reason
        if item.restricted:
            item.paras = []  # the body of exempt business goes no further than this line
    return mins


def _minute_start(paras: list[Para], i: int, end: int, mins: Minutes) -> tuple[str, str, str, int] | None:
    """(minute, item number, title, paragraphs used) when paras[i] opens a minute."""
    text = paras[i].text.strip()
    m = NUMBERED_MINUTE.match(text)
    if m and i + 1 < end and ITEM_REF.match(paras[i + 1].text):
        return m.group("minute"), ITEM_REF.match(paras[i + 1].text).group("item"), m.group("title").strip(), 2
    m = CAPS_MINUTE.match(text)
    if m:
        expected = str(int(mins.items[-1].minute) + 1) if mins.items else "1"
        if m.group("minute") == expected:
            return m.group("minute"), m.group("minute"), m.group("title").strip(), 1
    return None


def decisions(mins: Minutes, meeting_index: int | None) -> list[Decision]:
    """The resolutions recorded in open minute items ('It was RESOLVED ...', 'RESOLVED:' and its list)."""
    out: list[Decision] = []
    blocks = [(None, None, mins.preamble)] + [(it.minute, it.title, it.paras) for it in mins.items if not it.restricted]
    for minute, title, paras in blocks:
        j = 0
        while j < len(paras):
            p = paras[j]
            m = RESOLVED.search(p.text)
            if not m:
                j += 1
                continue
            parts = [p.text[m.start():].strip()]
            k = j + 1
            while k < len(paras) and (BULLET.match(paras[k].text) or CONTINUES.match(paras[k].text)
                                      or (NUMBERED.match(paras[k].text) and not RESOLVED.search(paras[k].text)
                                          and _is_list_item(paras[k].text, parts))):
                parts.append(paras[k].text.strip())
                k += 1
            out.append(Decision(text="\n".join(parts), minute=minute, item_title=title, page=p.page or p.pdf_page,
                                meeting=meeting_index))
            j = k
    return out


def _is_list_item(text: str, parts: list[str]) -> bool:
    """A numbered line belongs to a resolution when the resolution introduced a list (ends with ':')."""
    return parts[0].rstrip().endswith(":") or len(parts) > 1 or bool(re.match(r"^\s*(?:\(\w{1,4}\)|[a-zA-Z][.)])", text))
