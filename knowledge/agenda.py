"""Agenda items: the numbered list on a front sheet, and which report in a pack belongs to which item."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils

from knowledge import restricted
from knowledge.paragraphs import Para

log = logging.getLogger(__name__)

ITEM = re.compile(r"^(?P<num>\d{1,2}[A-Za-z]?)\.?\s+(?P<title>[A-Z0-9“\"'‘(].*)$", re.S)
# "(Pages 7 - 42)", "Page Nos. 43 - 64", "(Page 5)", "Pages 3 to 9"
PAGES = re.compile(r"\(?\s*(?:Page\s+Nos?\.?|Pages?)\s*(?P<a>\d{1,4})(?:\s*(?:-|–|to)\s*(?P<b>\d{1,4}))?\s*\)?", re.I)
AGENDA_HEADING = re.compile(r"^\s*(?:A\s?G\s?E\s?N\s?D\s?A|Agenda\s+Item\s+No\.?|Business|Items?)\s*$", re.I)
AGENDA_ITEM = re.compile(r"^\s*Agenda\s+Item\s+(\d{1,2}[A-Za-z]?)\s*$", re.I)
# A report's own heading block inside a pack: "Meeting: COUNCIL" ... "Date: 21 July 2021"
REPORT_MEETING = re.compile(r"^\s*Meeting:?\s+\S", re.I)
SUB_BLOCK = re.compile(r"^\s*\((?:[A-Z]|[ivx]+|\d{1,2})\)\s+\S")
# "EXEMPT ITEMS" run on to the end of the line before it by the extraction
PRIVATE_TAIL = re.compile(r"\s+(?:EXEMPT|RESTRICTED)\s+ITEMS\s*$")
PRIVATE_LISTING = "Listed among the exempt items, to be taken in private"
SIGN_OFF = re.compile(r"^(?:Yours\s|Dear\s|\d{4,5}\s\d{5,6}$)", re.I)


@dataclass
class Entry:
    """One agenda item as the front sheet lists it, with its report section when the pack has one."""

    number: str
    title: str
    index: int                                   # paragraph index of its title on the front sheet
    page: int | None = None                      # page of the front sheet it is listed on
    paras: list[Para] = field(default_factory=list)    # front-sheet text under the title
    page_from: int | None = None
    page_to: int | None = None
    restricted: bool = False
    reason: str | None = None
    section: list[Para] = field(default_factory=list)  # the report behind it in the pack

    def description(self) -> str:
        """The short text under the title: 'To consider and approve ...', up to any questions or motions."""
        out = []
        for p in self.paras:
            text = PAGES.sub("", p.text).strip(" -•")
            if SUB_BLOCK.match(p.text) or SIGN_OFF.match(text) or len(out) == 2:
                break
            if len(text.split()) >= 2 and (re.search(r"[.:;!?]$", text) or text.startswith("To ")):
                out.append(text)
        return " ".join(out)


def _successors(number: str) -> set[str]:
    """Numbers that may follow an item: 3 -> {4, 3A}; 3A -> {4, 3B}."""
    digits = re.match(r"\d+", number).group(0)
    suffix = number[len(digits):]
    nxt = chr(ord(suffix.upper()) + 1) if suffix else "A"
    return {str(int(digits) + 1), digits + nxt, digits + nxt.lower()}


def item_list(paras: list[Para], stop: int) -> list[Entry]:
    """The numbered items listed in paras[:stop], in order; numbering must run on (1, 2, 3 ...)."""
    entries: list[Entry] = []
    private_reason: str | None = None
    for i, p in enumerate(paras[:stop]):
        text = p.text.strip()
        tail = PRIVATE_TAIL.search(text)
        if tail:
            text = text[: tail.start()].strip()
        if restricted.private_heading(text):
            private_reason = PRIVATE_LISTING
        m = ITEM.match(text)
        if m and _starts_item(m.group("num"), entries, paras, i) and len(m.group("title")) < 300:
            title, pages = _split_pages(m.group("title"))
            entry = Entry(number=m.group("num"), title=title, index=i, page=p.page or p.pdf_page)
            entry.page_from, entry.page_to = pages
            if private_reason:
                entry.restricted, entry.reason = True, private_reason
            entries.append(entry)
            if restricted.excludes_public(title):
                body = " ".join(q.text for q in paras[i + 1: i + 6])
                private_reason = restricted.part_ii_reason(body)
            private_reason = PRIVATE_LISTING if tail else private_reason
            continue
        private_reason = PRIVATE_LISTING if tail else private_reason
        if entries:
            entries[-1].paras.append(p)
            if entries[-1].page_from is None:
                m2 = PAGES.search(text)
                if m2 and re.match(r"^\(?\s*(?:Page|Pages)", text.strip(), re.I):
                    entries[-1].page_from = int(m2.group("a"))
                    entries[-1].page_to = int(m2.group("b") or m2.group("a"))
    return entries


def _starts_item(num: str, entries: list[Entry], paras: list[Para], i: int) -> bool:
    """Numbering runs on from the last item; the first is 1, or follows an 'AGENDA' heading."""
    if entries:
        return num in _successors(entries[-1].number)
    if num == "1":
        return True
    return any(AGENDA_HEADING.match(q.text) for q in paras[max(0, i - 2): i])


def _split_pages(title: str) -> tuple[str, tuple[int | None, int | None]]:
    """'Minutes of ... (Pages 1 - 10)' -> ('Minutes of ...', (1, 10))."""
    m = PAGES.search(title)
    if not m or not re.search(r"\bPages?\b|Page\s+Nos", m.group(0), re.I):
        return title.strip(), (None, None)
    clean = (title[: m.start()] + title[m.end():]).strip(" -–")
    return re.sub(r"\s+", " ", clean), (int(m.group("a")), int(m.group("b") or m.group("a")))


def first_section(paras: list[Para]) -> int:
    """Index of the first 'Agenda Item N' line: where the front sheet of a pack ends (len when none)."""
    return next((i for i, p in enumerate(paras) if AGENDA_ITEM.match(p.text)), len(paras))


def attach_sections(entries: list[Entry], paras: list[Para], start: int) -> None:
    """Give each entry the report behind it: from its 'Agenda Item N' line (or its own heading block)
    to the next report."""
    by_number = {e.number: e for e in entries}
    starts: list[tuple[int, Entry]] = []
    last: Entry | None = None
    for i in range(start, len(paras)):
        text = paras[i].text
        m = AGENDA_ITEM.match(text)
        if m and m.group(1) in by_number:
            last = by_number[m.group(1)]
            starts.append((i, last))
        elif REPORT_MEETING.match(text) and (not starts or i - starts[-1][0] > 8):
            found = _match_report(entries, last, paras[i: i + 8])
            if found:
                last = found
                starts.append((i, found))
    for n, (i, entry) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(paras)
        entry.section = paras[i + 1: end] if AGENDA_ITEM.match(paras[i].text) else paras[i:end]


def _match_report(entries: list[Entry], last: Entry | None, head: list[Para]) -> Entry | None:
    """The not-yet-matched item after `last` whose title best matches a report heading block."""
    after = entries[entries.index(last) + 1:] if last else entries
    candidates = [e for e in after if not e.section]
    best, score = None, 0.0
    for p in head:
        for e in candidates:
            s = fuzz.token_set_ratio(p.text, e.title, processor=utils.default_process)
            if s > score:
                best, score = e, s
    return best if score >= 75 else None
