"""Parsing a document's page texts into a ParsedDocument: what kind of paper it is and what it says.

Flow: clean lines -> paragraphs -> kind of paper -> meetings, agenda items and report sections,
minutes -> exempt business cut out -> pages placed -> questions, motions, decisions -> passages.
Exempt (Part II) bodies are dropped as soon as they are recognised, before anything is extracted.
"""
from __future__ import annotations

import logging
import re
import time

from knowledge import acronyms, agenda, clean, dates, meetings, minutes, motions, paragraphs, passages, questions, restricted
from knowledge.lexicon import Vocabulary
from knowledge.model import AgendaItem, ParsedDocument
from knowledge.passages import Segment

log = logging.getLogger(__name__)

SUPPLEMENT = re.compile(r"\bsupplement(?:ary)?\b", re.I)
LATE_PAPERS = re.compile(r"not\s+available\s+when\s+the\s+(?:main\s+)?agenda\s+was|^SUPPLEMENT(?:ARY)?\s+AGENDA", re.I | re.M)
REPORT_FIELD = re.compile(r"^(?:From|To|Subject|Decision\s+no|Classification|Key\s+Decision)\s*:", re.I)
POLICY = re.compile(r"\b(?:policy|strategy|protocol|procedure|code\s+of\s+(?:conduct|practice)|charter)\b", re.I)
FIELD = re.compile(r"^(?P<label>Subject|Decision\s+no)\s*:\s*(?P<value>.+)$", re.I | re.S)


def parse_pages(pages: list[str], *, title: str) -> ParsedDocument:
    """Structure found in a document's page texts; `title` (the file name) is the fallback citation title."""
    started = time.perf_counter()
    cleaned = clean.clean_pages(pages)
    vocab = Vocabulary("\n".join(ln.text for ln in cleaned.lines))
    paras = paragraphs.build(cleaned, vocab)
    doc = ParsedDocument(title=title, pages=len(pages))
    if not paras:
        doc.warnings.append("no text after clean-up")
        return doc
    stop = agenda.first_section(paras)
    entries = agenda.item_list(paras, stop)
    minute_heads = minutes.find(paras)
    summons = meetings.from_summons(paras) if entries else None
    doc.kind = _kind(paras, title, entries, stop, minute_heads, summons)
    if doc.kind not in ("agenda_pack", "front_sheet", "supplement"):
        entries = []  # numbered paragraphs of a report or minutes are not agenda items
    found_minutes: list[tuple[minutes.Minutes, int]] = []
    segments = _layout(doc, paras, entries, stop, minute_heads, summons, found_minutes)
    if len(pages) == 1 and not cleaned.printed:
        _place_pages(paras, cleaned, entries, stop)
    for p in paras:
        p.page = p.page or p.pdf_page
    for e in entries:
        e.page = paras[e.index].page
    _extract(doc, entries, segments, found_minutes, vocab)
    doc.items.sort(key=lambda it: it.meeting if it.meeting is not None else -1)  # the paper's own meeting first
    doc.title = _title(doc, paras, pages, title, entries)
    doc.acronyms = acronyms.find([p.text for s in segments for p in s.paras])
    log.debug("parsed %s as %s: %d meetings, %d items, %d passages in %.2fs", doc.title, doc.kind, len(doc.meetings),
              len(doc.items), len(doc.passages), time.perf_counter() - started)
    return doc


def _kind(paras, title, entries, stop, minute_heads, summons) -> str:
    head = " ".join(p.text for p in paras[:25])
    if minute_heads and minute_heads[0][0] < 8:
        return "minutes"
    if entries and summons:
        return "agenda_pack" if stop < len(paras) or len(paras) > 200 else "front_sheet"
    if SUPPLEMENT.search(title) or LATE_PAPERS.search(head) or questions.has_answer_pairs(paras):
        return "supplement"
    if sum(1 for p in paras[:25] if REPORT_FIELD.match(p.text)) >= 2 or agenda.REPORT_MEETING.match(paras[0].text):
        return "report"
    if POLICY.search(title) or POLICY.search(" ".join(p.text for p in paras[:3])):
        return "policy"
    return "paper"


def _layout(doc, paras, entries, stop, minute_heads, summons, found_minutes) -> list[Segment]:
    """Meetings and items into doc; the open text as segments. Exempt bodies never reach a segment."""
    segs: list[Segment] = []
    if doc.kind == "minutes":
        _add_minutes(doc, paras, minute_heads, len(paras), segs, found_minutes)
        return segs
    own = summons or meetings.from_report_header(paras)
    if own:
        doc.meetings.append(own)
    whole = restricted.exemption(" ".join(p.text for p in paras[:20]))
    if whole and doc.kind in ("report", "policy", "paper", "supplement"):
        doc.warnings.append(f"restricted document: {whole}")
        doc.kind = "restricted"
        return segs
    if doc.kind in ("agenda_pack", "front_sheet", "supplement"):
        agenda.attach_sections(entries, paras, stop)
        first = entries[0].index if entries else stop
        segs.append(Segment(paras[:first], meeting=0 if own else None))
        for e in entries:
            reason = restricted.exemption(" ".join(p.text for p in e.section)) if e.section else None
            if reason or e.restricted:
                e.restricted, e.reason = True, reason or e.reason
                e.paras, e.section = [], []      # exempt: nothing of the body goes further
            if doc.kind != "supplement":
                doc.items.append(AgendaItem(number=e.number, title=e.title, description="" if e.restricted else e.description(),
                                            page_from=e.page_from, page_to=e.page_to, restricted=e.restricted,
                                            exempt_reason=e.reason, meeting=0 if own else None))
            _section_segments(doc, e, segs, 0 if own else None, found_minutes)
        if not entries:
            segs.append(Segment(paras[stop:], meeting=0 if own else None))
        return segs
    segs.append(Segment(paras, meeting=0 if own else None))
    return segs


def _section_segments(doc, e, segs, meeting, found_minutes) -> None:
    """A report's text as one segment; minutes carried inside it become their own meetings."""
    heads = minutes.find(e.section)
    body_end = heads[0][0] if heads else len(e.section)
    if e.section[:body_end]:
        segs.append(Segment(e.section[:body_end], item_number=e.number, item_title=e.title, meeting=meeting))
    if heads:
        _add_minutes(doc, e.section, heads, len(e.section), segs, found_minutes)


def _add_minutes(doc, paras, heads, end, segs, found_minutes) -> None:
    """Each minutes' meeting, items (exempt ones as title and reason) and open text."""
    for n, (i, meeting) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else end
        idx = len(doc.meetings)
        doc.meetings.append(meeting)
        mins = minutes.parse(paras, i, stop, meeting)
        segs.append(Segment(mins.preamble, meeting=idx, section="Attendance"))
        for it in mins.items:
            doc.items.append(AgendaItem(number=it.number, title=it.title, restricted=it.restricted,
                                        exempt_reason=it.reason, meeting=idx))
            if it.paras:
                segs.append(Segment(it.paras, item_number=it.number, item_title=it.title, meeting=idx, section=it.title))
        found_minutes.append((mins, idx))


def _place_pages(paras, cleaned, entries, stop) -> None:
    """Printed pages for one long text: running page numbers and the front sheet's page ranges."""
    points = [(paras[0].offset, 1)]
    for pos, page in cleaned.markers:
        before = [p for p in paras if p.line < pos]
        after = [p for p in paras if p.line >= pos]
        if before:
            points.append((before[-1].offset, page))
        if after:
            points.append((after[0].offset, page + 1))
    with_pages = [e for e in entries if e.section and e.page_from]
    if with_pages and stop > 0:
        points.append((paras[stop - 1].offset, max(1, with_pages[0].page_from - 1)))
    for e in with_pages:
        points.append((e.section[0].offset, e.page_from))
        points.append((e.section[-1].offset, e.page_to or e.page_from))
    paragraphs.place_pages(paras, points)


def _extract(doc, entries, segs, found_minutes, vocab) -> None:
    """Questions, motions, decisions and passages from the open text."""
    for e in entries:
        if e.restricted:
            continue
        qkind = questions.kind_of_item(e.title)
        found_q = questions.from_agenda_item(qkind, e.title, e.number, e.paras, 0) if qkind else []
        found_m = motions.from_agenda_item(e.number, e.paras, 0) if "motion" in e.title.lower() else []
        doc.questions += found_q
        doc.motions += found_m
        if doc.kind != "supplement":
            text = f"Item {e.number}: {e.title}"
            described = e.description() if (found_q or found_m) else "\n".join(
                p.text for p in e.paras if not agenda.PAGES.fullmatch(p.text.strip()))
            pages = f" (pages {e.page_from}–{e.page_to})" if e.page_from else ""
            for piece in passages.split_sentences(f"{text}{pages}\n{described}".strip()):
                doc.passages.append(passages.Passage(text=piece, page=e.page, section="Agenda",
                                                     item_number=e.number, item_title=e.title, kind="item", meeting=0))
        doc.passages += [passages.for_question(q, e.title) for q in found_q]
        for m in found_m:
            doc.passages += passages.for_motion(m, e.title)
    for mins, idx in found_minutes:
        doc.decisions += minutes.decisions(mins, idx)
        for it in [None] + mins.items:
            if it is None or not it.restricted:
                paras = mins.preamble if it is None else it.paras
                doc.motions += motions.from_minutes(paras, it and it.number, it and it.title, idx)
    if doc.kind == "supplement" and any(questions.has_answer_pairs(s.paras) for s in segs):
        for s in segs:
            found = questions.answered_pairs(s.paras, "member", s.meeting, s.item_number)
            doc.questions += found
            doc.passages += [passages.for_question(q, s.item_title) for q in found]
            if found:
                s.paras = []
    dropped = 0
    for s in segs:
        found, bad = passages.from_segment(s, vocab)
        doc.passages += found
        dropped += bad
    if dropped:
        doc.warnings.append(f"{dropped} garbled paragraphs (OCR debris) kept out of passages")


def _title(doc, paras, pages, fallback, entries) -> str:
    """A citation title: 'Council agenda pack, 21 July 2021', a report's subject, a policy's name."""
    m = doc.meetings[0] if doc.meetings else None
    when = dates.long_date(meetings.date_of(m)) if m else ""
    body = (m.body + (f" ({m.kind})" if m.kind != "ordinary" else "")) if m else ""
    if doc.kind == "agenda_pack" and m:
        return f"{body} agenda pack, {when}"
    if doc.kind == "front_sheet" and m:
        return f"{body} agenda, {when}"
    if doc.kind == "minutes" and m:
        return f"{body} minutes, {when}"
    if doc.kind == "supplement" and m:
        items = "; ".join(f"item {e.number} {e.title}" for e in entries[:3])
        return f"{body} supplement, {when}" + (f" ({items})" if items else "")
    fields = {}
    for p in paras[:25]:
        f = FIELD.match(p.text.strip())
        if f:
            fields.setdefault(f.group("label").lower().split()[0], re.sub(r"\s+", " ", f.group("value")).strip())
    if fields.get("subject"):
        extra = f", decision {fields['decision']}" if fields.get("decision") else ""
        return f"{fields['subject']} (report to {m.body}, {when}{extra})" if m else fields["subject"]
    if doc.kind == "policy":
        head = [ln.strip() for ln in pages[0].split("\n") if ln.strip()][:2]
        if head and len(" ".join(head)) < 80:
            return " – ".join(head)
    return fallback
