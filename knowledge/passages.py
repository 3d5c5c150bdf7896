"""Citable passages: about a paragraph each, whole sentences only, with their section and item."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from knowledge.lexicon import NEIGHBOUR_SHARE, GARBLED_SHARE, Vocabulary
from knowledge.model import Motion, Passage, Question
from knowledge.paragraphs import BULLET, NUMBERED, Para

log = logging.getLogger(__name__)

MIN_CHARS = 280      # shorter paragraphs are merged with their neighbours
MAX_CHARS = 1200     # longer ones are cut between sentences
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))\s+(?=[A-Z0-9“\"(•])")
# Full stops that do not end a sentence.
ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No|Nos|para|paras|cf|vs|approx)\.|\b[A-Z]\.)$")
RESOLVED = re.compile(r"\bRESOLVED\b")
# An item of a lettered or bracket-numbered list: "(3) Note that ...", "(b) ...", "(iv) ..."; not "17) ...",
# which in minutes numbers the minute itself.
LIST_ITEM = re.compile(r"^\s*\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s")
MAX_LEAD = 400       # a longer "lead-in" is a paragraph of its own, not a list's introduction
# An organisation chart's role line, "Chair: Matt Partridge, Chief Executive", says whose chair only by where
# it sits: under the group's heading, often a diagram label or two further on.
ROLE = re.compile(r"^(?:•\s*)?(?:Co-?\s?Chairs?|Vice[- ]Chair|Chair(?:man|person)?)\s*:", re.I)
BODY = re.compile(r"\b(?:Group|Board|Forum|Committee|Partnership|Panel|Network|Assembly|Conference)\b")
BODY_LOOKBACK = 25   # paragraphs back to look for the heading of the body a role line belongs to


@dataclass
class Segment:
    """A run of paragraphs sharing one citation: meeting, agenda item and starting section."""

    paras: list[Para]
    item_number: str | None = None
    item_title: str | None = None
    meeting: int | None = 0
    section: str | None = None
    passages: list[Passage] = field(default_factory=list)


def heading_strength(text: str) -> int:
    """2 for a sure heading (capitals, numbered), 1 for a likely one (a few capitalised words), else 0."""
    t = text.strip()
    if not t or len(t) > 110 or "\t" in t or re.search(r"[.;,]$", t) or BULLET.match(t):
        return 0
    if t.endswith(":") and len(t) > 45:
        return 0
    letters = [c for c in t if c.isalpha()]
    if len(letters) < 3:
        return 0
    words = t.split()
    if all(c.isupper() for c in letters) and not t.endswith("?"):
        return 2
    if re.match(r"^\d+(?:\.\d+)*\.?\s+[A-Z]", t) and len(words) <= 12 and not t.endswith("?"):
        return 2
    if t.endswith("?"):
        return 1 if len(words) <= 8 else 0
    if re.search(r",|:(?!$)|\(\d+\)", t) or re.match(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Councillor|Cllr)\b", t):
        return 0  # a list of names or a vote count, not a heading
    capitals = sum(w[0].isupper() for w in words if w[0].isalpha())
    return 1 if len(words) <= 12 and t[0].isupper() and capitals >= len(words) / 3 else 0


_LIST_NUMBER = re.compile(r"^\s*\(?(\d{1,2}|[a-z])[.)]\s+\S")
LIST_LINE = 110      # a list item this short may look like a numbered heading


def _list_number(text: str) -> int | None:
    """The number of a short numbered line ("3. Tackle ..." -> 3, "(b) ..." -> 2), else None."""
    m = _LIST_NUMBER.match(text)
    if not m or len(text.strip()) > LIST_LINE or _all_caps(text):
        return None
    tag = m.group(1)
    return int(tag) if tag.isdigit() else ord(tag) - ord("a") + 1


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def list_items(paras: list[Para]) -> list[bool]:
    """Which short numbered lines are items of a list rather than numbered headings.

    A numbered line is a list item when it follows a lead-in ending in ":", continues a list
    (the number after the previous item's), or starts a run of consecutively numbered short lines.
    Headings keep their own text out of passages, so a list taken for headings would vanish.
    """
    nums = [_list_number(p.text) for p in paras]
    out = [False] * len(paras)
    for i, num in enumerate(nums):
        if num is None:
            continue
        prev = paras[i - 1].text.rstrip() if i else ""
        if prev.endswith(":") and num == 1 or _continues_list(paras, nums, out, i):
            out[i] = True
        elif i + 1 < len(paras) and nums[i + 1] == num + 1:
            out[i] = True
    return out


def _continues_list(paras: list[Para], nums: list[int | None], out: list[bool], i: int) -> bool:
    """The previous item of a list comes just before, or a few fragments before (a diagram's labels)."""
    for k in range(i - 1, max(i - 5, -1), -1):
        if out[k]:
            return nums[k] == nums[i] - 1
        if len(paras[k].text) >= 40:
            return False
    return False


def garbled_flags(paras: list[Para], vocab: Vocabulary) -> list[bool]:
    """Which paragraphs are OCR garbage; garbage comes in blocks, so neighbours of garbage need less proof."""
    shares = [vocab.garbled_share(p.text) for p in paras]
    flags = [s >= GARBLED_SHARE or vocab.repeats(p.text) for s, p in zip(shares, paras)]
    changed = True
    while changed:
        changed = False
        for i, p in enumerate(paras):
            near = (i > 0 and flags[i - 1]) or (i + 1 < len(paras) and flags[i + 1])
            debris = len(re.findall(r"[A-Za-z]{3,}", p.text)) < 3
            if not flags[i] and near and (shares[i] >= NEIGHBOUR_SHARE or debris):
                flags[i] = changed = True
    return flags


def split_sentences(text: str, limit: int = MAX_CHARS) -> list[str]:
    """A long text cut into pieces of at most about `limit` characters, between lines or sentences."""
    units: list[tuple[str, str]] = []   # (text, separator before it)
    for line in (ln.strip() for ln in text.split("\n")):
        if line:
            parts = _sentences(line) if len(line) > limit else [line]
            units.extend((part, "\n" if n == 0 else " ") for n, part in enumerate(parts))
    pieces, cur = [], ""
    for unit, sep in units:
        if cur and len(cur) + len(unit) + 1 > limit:
            pieces.append(cur)
            cur = unit
        else:
            cur = f"{cur}{sep}{unit}" if cur else unit
    if cur:
        pieces.append(cur)
    return pieces


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences (a full stop after 'e.g.' or 'Mr.' does not end one)."""
    sentences: list[str] = []
    for part in SENTENCE_END.split(text):
        if sentences and ABBREVIATION.search(sentences[-1]):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return sentences


def _body_of(paras: list[Para], n: int, headings: list[bool]) -> str | None:
    """The group a role line (paragraph n) belongs to: the short line just before it, else the nearest heading."""
    before = paras[n - 1].text.strip() if n else ""
    if before and len(before) <= 80 and BODY.search(before):
        return re.sub(r"^•\s*", "", before)
    for k in range(n - 1, max(n - 1 - BODY_LOOKBACK, -1), -1):
        if headings[k] and BODY.search(paras[k].text):
            return paras[k].text.strip()
    return None


def from_segment(seg: Segment, vocab: Vocabulary) -> tuple[list[Passage], int]:
    """Passages of one segment, and how many garbled paragraphs were kept out."""
    out: list[Passage] = []
    section = seg.section
    buf: list[Para] = []
    kind = "paragraph"

    lead: list[str] = []      # the lead-in of the list being read ("... seconded the following amendment:")
    carried: str | None = None  # the lead-in a passage starting inside that list carries

    def flush():
        nonlocal buf, kind, carried
        if buf:
            text = "\n".join(p.text.strip() for p in buf)
            bodies = [b for b in dict.fromkeys(roles.get(id(p)) for p in buf) if b and b not in text]
            if bodies and not carried:
                carried = bodies[0]
            if carried:
                # "(5) Expects there to be as much transparency ..." says nothing of who moved it or what it
                # is; its list's lead-in does.
                text = f"{carried}\n… {text}"
            for piece in split_sentences(text):
                out.append(Passage(text=piece, page=buf[0].page or buf[0].pdf_page, section=section,
                                   item_number=seg.item_number, item_title=seg.item_title, kind=kind,
                                   meeting=seg.meeting))
        buf, kind, carried = [], "paragraph", None

    flags = garbled_flags(seg.paras, vocab)
    items = list_items(seg.paras)
    headings = [not it and heading_strength(p.text) > 0 for p, it in zip(seg.paras, items)]
    roles = {id(p): _body_of(seg.paras, n, headings) for n, p in enumerate(seg.paras) if ROLE.match(p.text.strip())}
    dropped = 0
    for n, (p, bad) in enumerate(zip(seg.paras, flags)):
        if bad:
            dropped += 1
            flush()
            continue
        strength = 0 if items[n] else heading_strength(p.text)
        if strength:
            flush()
            section = re.sub(r"\s+", " ", p.text.strip().rstrip(":"))
            if strength == 2:
                continue  # a sure heading lives on in `section`; a likely one stays in the text too
        size = sum(len(q.text) for q in buf)
        listed = BULLET.match(p.text) or items[n] or (NUMBERED.match(p.text) and buf and buf[-1].text.rstrip().endswith(":"))
        if RESOLVED.search(p.text) or (buf and (size + len(p.text) > MAX_CHARS or (size >= MIN_CHARS and not listed))):
            flush()
        if RESOLVED.search(p.text):
            kind = "decision"
        if not buf and lead and LIST_ITEM.match(p.text) and len(" ".join(lead)) <= MAX_LEAD:
            carried = " ".join(lead)
        buf.append(p)
        text = p.text.strip()
        if text.endswith(":"):
            lead = lead + [text] if lead and (n and seg.paras[n - 1].text.strip().endswith(":")) else [text]
        elif not LIST_ITEM.match(text):
            lead = []
    flush()
    return out, dropped


def for_question(q: Question, item_title: str | None) -> Passage:
    """One passage per question, with its answer when there is one (never split apart)."""
    who = f"Question from {q.asker}" + (f" to {q.addressee}" if q.addressee else "")
    text = f"{who}:\n{q.text}"
    if q.answer:
        text += f"\nAnswer" + (f" from {q.answerer}" if q.answerer else "") + f":\n{q.answer}"
    elif q.status:
        text += f"\n({q.status})"
    return Passage(text=text, page=q.page, section=who, item_number=q.item_number, item_title=item_title,
                   kind="question", meeting=q.meeting)


def for_motion(m: Motion, item_title: str | None) -> list[Passage]:
    """A motion's passages: who moved it, then its wording, cut between sentences when long."""
    by = " and ".join(x for x in (f"submitted by {m.proposer}" if m.proposer else "",
                                  f"seconded by {m.seconder}" if m.seconder else "") if x)
    head = f"Motion: {m.title}" + (f" ({by})" if by else "")
    pieces = split_sentences(m.text)
    return [Passage(text=f"{head}\n{piece}" if n == 0 else piece, page=m.page, section=m.title,
                    item_number=m.item_number, item_title=item_title, kind="motion", meeting=m.meeting)
            for n, piece in enumerate(pieces)]
