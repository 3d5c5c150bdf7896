"""Motions: notices of motion on an agenda, and motions and amendments moved in minutes."""
from __future__ import annotations

import logging
import re

from knowledge.model import Motion
from knowledge.paragraphs import Para

log = logging.getLogger(__name__)

SUB_TITLE = re.compile(r"^\s*\((?P<label>[ivx]+|[a-z]|\d{1,2})\)\s+(?P<title>\S.{0,150})$")
SUBMITTED = re.compile(r"\bmotion\s+(?:submitted|proposed|moved)\s+by\s+(?:the\s+)?(?P<by>.+?)"
                       r"(?:\s+and\s+seconded\s+by\s+(?P<seconder>.+?))?\s*[.:;]?\s*$", re.I)
_NAME = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Councillor|Cllr)\.?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
# "Mr Gough proposed, and Mr Oakford seconded the motion that “...", "... seconded the following amendment ..."
MOVED = re.compile(rf"(?P<proposer>{_NAME})\s+(?:proposed|moved),?\s+and\s+(?P<seconder>{_NAME})\s+seconded\s+"
                   r"(?P<what>the\s+(?:following\s+)?(?:motion|amendment)[^“\"]*?|that\b)\s*(?P<rest>.*)$", re.S)
OUTCOME = re.compile(r"^\s*(?:Amendment|Motion|Substantive\s+Motion)\s+(?:carried|lost|agreed|defeated|withdrawn)\.?\s*$", re.I)


def from_agenda_item(number: str, paras: list[Para], meeting: int | None) -> list[Motion]:
    """Each '(i) Title' block under a notice-of-motion item: who submitted or seconded it, and its text."""
    out: list[Motion] = []
    current: Motion | None = None
    for idx, p in enumerate(paras):
        m = SUB_TITLE.match(p.text)
        nxt = paras[idx + 1].text if idx + 1 < len(paras) else ""
        if m and SUBMITTED.search(nxt):
            current = Motion(title=m.group("title").strip(), text="", item_number=number,
                             page=p.page or p.pdf_page, meeting=meeting)
            out.append(current)
            continue
        if current is None:
            continue
        s = SUBMITTED.search(p.text)
        if s and not current.proposer and not current.text:
            current.proposer = s.group("by").strip()
            current.seconder = s.group("seconder").strip() if s.group("seconder") else None
            continue
        current.text = (current.text + "\n\n" + p.text.strip()).strip()
    return out


def from_minutes(paras: list[Para], item_number: str | None, item_title: str | None,
                 meeting: int | None) -> list[Motion]:
    """Motions and amendments moved at a meeting, with the quoted wording and the outcome when recorded."""
    out: list[Motion] = []
    i = 0
    while i < len(paras):
        m = MOVED.search(paras[i].text)
        if not m:
            i += 1
            continue
        what = "amendment" if "amendment" in m.group("what").lower() else "motion"
        rest = m.group("rest").strip()
        j = i + 1
        parts = [rest]
        quoted = rest.find("“") if "“" in rest else rest.find('"')
        if quoted >= 0:
            parts = [rest[quoted:]]
        elif j < len(paras) and paras[j].text.lstrip().startswith(("“", '"')):
            parts, quoted = [], 0
        # The quoted wording runs until its closing quotation mark.
        while quoted >= 0 and not (parts and parts[-1].rstrip(" .").endswith(("”", '"'))) and j < len(paras) and j - i < 40:
            parts.append(paras[j].text.strip())
            j += 1
        text = "\n".join(parts).strip()
        if j < len(paras) and OUTCOME.match(paras[j].text):
            text += f"\n({paras[j].text.strip().rstrip('.')})"
        title = f"{item_title} – {what}" if item_title else what.capitalize()
        out.append(Motion(title=title, text=text, proposer=m.group("proposer"), seconder=m.group("seconder"),
                          item_number=item_number, page=paras[i].page or paras[i].pdf_page, meeting=meeting))
        i = j
    return out
