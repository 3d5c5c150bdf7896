"""Cleaning extracted page text: page numbers, blank-page notices, running headers and stray glyphs."""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

BLANK_PAGE = re.compile(r"^\W*this page (?:is )?(?:intentionally|deliberately) (?:left )?blank\W*$", re.I)
# "Page 52", "Page 1 Agenda Item 3", "Page 2 of 9": a running page number line.
PAGE_LINE = re.compile(r"^\s*Page\s+(\d{1,4})(?:\s+of\s+\d+)?\s*(?:Agenda\s+Item\s+(\d+[A-Za-z]?))?\s*$", re.I)
# A lone number at the top or bottom of a page (minute books number their pages so).
LONE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
# Extraction damage: "age 2", "Pag 14", a "Page" whose number was lost.
BROKEN_PAGE_LINE = re.compile(r"^\s*(?:P?age|Pag|Pa\s?ge)\s*(\d{1,4})?\s*$", re.I)
# A page number glued to the end of a line: "15 December 2020Ge 58".
GLUED_PAGE = re.compile(r"(?<=[0-9.])\s?(?:Page|Pag|age|ge|Ge)\s(\d{1,4})\s*$")
# "Page 2<tab>..." at the start of a table row: a page number that fell into the table.
PAGE_PREFIX = re.compile(r"^\s*Page\s+\d{1,4}\t")
LATEX = re.compile(r"\$[^$\n]{1,60}\$")
MARKUP = re.compile(r"\*\*|</?u>|</?b>|</?i>")
# Characters expected in English council papers; a token holding anything else is OCR debris.
_ALLOWED = re.compile(r"^[\x20-\x7e\u00a0-\u024f\u2010-\u206f\u20a0-\u20cf\u2100-\u215f"
                      r"\u2190-\u21ff\u2022\u25a0-\u25ff\u2713\u2714\u2610-\u2612]*$")


@dataclass
class Line:
    """One cleaned line, where it came from and the printed page it is on when known."""

    text: str
    pdf_page: int
    page: int | None = None


@dataclass
class Cleaned:
    """A document's cleaned lines plus page markers found inside flowing text.

    `markers` holds (position, page): lines before `position` end printed page `page`.
    """

    lines: list[Line]
    markers: list[tuple[int, int]] = field(default_factory=list)
    printed: bool = False              # whether printed page numbers were found at all
    removed: Counter = field(default_factory=Counter)


def normalise(text: str) -> str:
    """One line without markup remnants, foreign-script debris or odd spaces."""
    text = text.replace("\u00a0", " ").replace("\ufffe", "-").replace("\u00ad", "")
    text = MARKUP.sub("", LATEX.sub("", text))
    if not _ALLOWED.match(text):
        cells = []
        for cell in text.split("\t"):
            cells.append(" ".join(tok for tok in cell.split(" ") if _ALLOWED.match(tok)))
        text = "\t".join(cells)
    return text.rstrip()


def _edges(lines: list[str], n: int) -> list[int]:
    """Indexes of the first and last n non-blank lines of a page."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    return sorted(set(idx[:n] + idx[-n:]))


def _page_numbers(pages: list[list[str]]) -> dict[int, tuple[int, int, str | None]]:
    """Printed page number per PDF page: {page index: (line index, number, agenda item or None)}."""
    found: dict[int, tuple[int, int, str | None]] = {}
    for p, lines in enumerate(pages):
        edges = _edges(lines, 3)
        for i in edges:
            m = PAGE_LINE.match(lines[i])
            if m:
                found[p] = (i, int(m.group(1)), m.group(2))
                break
        else:
            for i in edges[:1] + edges[-1:]:
                m = LONE_NUMBER.match(lines[i])
                if m:
                    found[p] = (i, int(m.group(1)), None)
                    break
    if not found:
        return {}
    # Trust numbers that agree with the most common offset from the PDF page (drops table cells).
    offsets = Counter(n - p for p, (_, n, _) in found.items())
    best, votes = offsets.most_common(1)[0]
    if votes < max(2, len(found) // 2) and len(pages) > 2:
        return {}
    return {p: v for p, v in found.items() if v[1] - p == best or v[2]}


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Header and footer lines repeated at the edges of most pages ("Appendix G", a report's title)."""
    if len(pages) < 3:
        return set()
    counts: Counter = Counter()
    for lines in pages:
        keys = {re.sub(r"\d+", "#", lines[i].strip().lower()) for i in _edges(lines, 2)}
        counts.update(k for k in keys if k)
    need = max(3, (len(pages) + 1) // 2)
    return {k for k, c in counts.items() if c >= need}


def clean_pages(pages: list[str]) -> Cleaned:
    """Page texts to cleaned lines: page numbers become metadata, noise is dropped."""
    split = [p.split("\n") for p in pages]
    single = len(split) == 1
    numbers = {} if single else _page_numbers(split)
    running = _running_lines(split)
    out = Cleaned(lines=[], printed=bool(numbers))
    offset = None
    if numbers:
        offset = Counter(n - p for p, (_, n, _) in numbers.items()).most_common(1)[0][0]
    for p, lines in enumerate(split):
        page = None
        if numbers:
            page = numbers[p][1] if p in numbers else p + offset
            page = page if page >= 1 else None
        marker_line, item = (numbers[p][0], numbers[p][2]) if p in numbers else (None, None)
        if item:  # "Page 1 Agenda Item 3": the report for item 3 starts on this page
            out.lines.append(Line(f"Agenda Item {item}", p + 1, page))
        edges = set(_edges(lines, 2))
        for i, raw in enumerate(lines):
            if i == marker_line:
                continue
            if i in edges and re.sub(r"\d+", "#", raw.strip().lower()) in running:
                out.removed["running header"] += 1
                continue
            _add_line(out, normalise(raw), p + 1, page, single)
    return out


def _add_line(out: Cleaned, text: str, pdf_page: int, page: int | None, single: bool) -> None:
    """Append one line, turning page-number noise into markers (flowing text) or dropping it."""
    stripped = text.strip()
    if BLANK_PAGE.match(stripped):
        out.removed["blank page notice"] += 1
        out.lines.append(Line("", pdf_page, page))
        return
    m = PAGE_LINE.match(stripped) or BROKEN_PAGE_LINE.match(stripped)
    if m:
        out.removed["page number"] += 1
        if single and m.group(1):
            out.markers.append((len(out.lines), int(m.group(1))))
        if m.re is PAGE_LINE and m.group(2):
            out.lines.append(Line(f"Agenda Item {m.group(2)}", pdf_page, page))
        return
    if single and LONE_NUMBER.match(stripped) and int(stripped) < 1000:
        out.removed["page number"] += 1  # the page number of a document embedded in a pack
        return
    if PAGE_PREFIX.match(text):
        out.removed["page number"] += 1
        text = PAGE_PREFIX.sub("", text)
    glued = GLUED_PAGE.search(text)
    if glued and single:
        out.removed["page number"] += 1
        out.lines.append(Line(text[: glued.start()].rstrip(), pdf_page, page))
        out.markers.append((len(out.lines), int(glued.group(1))))
        return
    if stripped and not re.search(r"[A-Za-z0-9£%]", stripped) and not stripped.startswith(("-", "•")):
        out.removed["stray glyphs"] += 1  # a line of symbols only: rules, bullets of a lost list, debris
        return
    out.lines.append(Line(text, pdf_page, page))
