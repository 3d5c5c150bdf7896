"""Cleaned lines to paragraphs: re-flowing hard-wrapped PDF lines, mending hyphenation, placing pages."""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from knowledge.clean import Cleaned
from knowledge.lexicon import Vocabulary

log = logging.getLogger(__name__)

# A line that starts a new paragraph: a bullet, a numbered or lettered point, a "Label:" field.
BULLET = re.compile(r"^\s*(?:[•▪●◦■□✓\-*o]|\uf0b7)\s+")
NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?(?=\s|[A-Z])|\d+[.)](?=\s)|\(\d+\)|\([a-z]{1,4}\)|\([A-Z]\)"
                      r"|[a-z][.)](?=\s)|[A-Z][.)](?=\s)|[ivx]+[.)](?=\s))")
LABEL = re.compile(r"^\s*[A-Z][A-Za-z’'()/-]*(?:\s+[A-Za-z’'()/-]+){0,3}:(?:\s|$)")
ITEM_REF = re.compile(r"^\s*\(Item\s+\d+[A-Za-z]?\)\s*$", re.I)
END = re.compile(r"[.:;?!”\"’)]\s*$")


@dataclass
class Para:
    """A paragraph of cleaned text with its place in the document."""

    text: str
    pdf_page: int
    page: int | None
    offset: int          # characters before it in the document, for placing pages by position
    line: int            # index of its first line in Cleaned.lines


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped PDF text (paragraphs run over many short lines) rather than one line per paragraph."""
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return False
    long_lines = sum(1 for ln in nonblank if len(ln) > 200)
    return long_lines / len(nonblank) < 0.05


def _starts_new(prev: str, cur: str, width: int, para_start: str) -> bool:
    """Whether a wrapped line begins a new paragraph rather than continuing the last."""
    if BULLET.match(cur) or NUMBERED.match(cur) or ITEM_REF.match(cur) or ITEM_REF.match(prev):
        return True
    if LABEL.match(cur) or (_all_caps(cur) and len(cur) < 60):
        return True  # a field of a header block, or a heading in capitals
    if LABEL.match(para_start):  # "Subject: ..." fields wrap over several short lines
        return _all_caps(cur)
    short = len(prev.rstrip()) < 0.75 * width
    if short and END.search(prev):
        return True
    if short and len(prev.rstrip()) < 0.6 * width and not re.search(r"[,;&–-]\s*$|\b(?:and|of|the|to|or|for|in)\s*$", prev):
        return bool(re.match(r"^\s*[A-Z0-9“\"‘(]", cur))  # a heading line, then its text
    return False


def _all_caps(text: str) -> bool:
    """A line in capitals, like a heading ("UNRESTRICTED ITEMS")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _join(vocab: Vocabulary, left: str, right: str) -> str:
    """Two wrapped pieces of one paragraph, mending a word hyphenated across the break."""
    left = left.rstrip()
    m = re.search(r"([A-Za-z]+)-$", left[-60:])  # only the tail: paragraphs grow line by line
    r = re.match(r"([a-z]+)(.*)$", right.lstrip(), re.S)
    if m and r:
        word = vocab.join_hyphenated(m.group(1), r.group(1))
        return left[: len(left) - len(m.group(0))] + word + r.group(2)
    return left + " " + right.lstrip()


def build(cleaned: Cleaned, vocab: Vocabulary) -> list[Para]:
    """Paragraphs of a cleaned document, in reading order."""
    texts = [ln.text for ln in cleaned.lines]
    wrapped = _is_wrapped(texts)
    lengths = sorted(len(t.rstrip()) for t in texts if t.strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    paras: list[Para] = []
    offset = 0
    cur: Para | None = None
    prev = ""
    for i, ln in enumerate(cleaned.lines):
        text = ln.text.strip() if "\t" not in ln.text else ln.text.strip(" ")
        if not text:
            cur, prev = None, ""
            continue
        if cur is not None and wrapped and not _starts_new(prev, text, width, cur.text):
            cur.text = _join(vocab, cur.text, text)
        elif cur is None and paras and _continues(paras[-1].text, text, ln.page == paras[-1].page or not wrapped):
            cur = paras[-1]  # a sentence broken across a page or a blank line
            cur.text = _join(vocab, cur.text, text)
        else:
            cur = Para(text, ln.pdf_page, ln.page, offset, i)
            paras.append(cur)
        prev = text
        offset += len(text) + 1
    for para in paras:
        para.text = tidy(para.text)
    return paras


def tidy(text: str) -> str:
    """A paragraph's text as it should be quoted: '- 1.1 To ...' -> '1.1 To ...', '- item' -> '• item'."""
    text = re.sub(r"^\s*[-*]\s+(?=(?:\d+(?:\.\d+)*\.?|\(\w{1,4}\))\s)", "", text)
    text = re.sub(r"^\s*(?:[-*▪●◦]|\uf0b7)\s+", "• ", text)
    text = re.sub(r"^(\d+\.\d+(?:\.\d+)*)(?=[A-Z])", r"\1 ", text)  # "4.1The" -> "4.1 The"
    return re.sub(r"[ \u2002\u2003\u202f]{2,}", " ", text)


def _continues(before: str, text: str, same_flow: bool) -> bool:
    """A paragraph cut by a page break or stray blank line: no full stop before, lower case after."""
    if re.search(r"[.:;?!][”\"’)]?\s*$", before) or "\t" in text or "\t" in before or BULLET.match(text) or NUMBERED.match(text):
        return False
    if re.match(r"^[a-z]", text):
        return True
    if len(before) > 150 and re.search(r"[A-Za-z]$", before) and len(text) > 60 and re.match(r"^[A-Z][a-z]+[, ]", text):
        return True  # a long paragraph stopping on a bare word was cut by a page break
    # "... go live in July" / "2021." : a short tail that ends the sentence
    return same_flow and len(text) < 12 and text.endswith(".") and bool(re.match(r"^[0-9]", text))


def place_pages(paras: list[Para], points: list[tuple[int, int]]) -> None:
    """Give paragraphs without a printed page one by position between known (offset, page) points.

    Points that contradict the order of the others (a page number misread inside a table) are
    dropped: the longest run of points whose pages never go down is kept.
    """
    points = sorted(set(points))
    keep = _longest_rising(points)
    if not keep:
        return
    offs = [o for o, _ in keep]
    for para in paras:
        if para.page is not None:
            continue
        j = bisect.bisect_right(offs, para.offset) - 1
        if j < 0:
            para.page = keep[0][1]
        elif j == len(keep) - 1:
            para.page = keep[-1][1]
        else:
            (o1, p1), (o2, p2) = keep[j], keep[j + 1]
            frac = (para.offset - o1) / max(o2 - o1, 1)
            para.page = min(p2, p1 + int((p2 - p1 + 1) * frac))


def _longest_rising(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (offset, page) points whose pages do not decrease."""
    best: list[list[tuple[int, int]]] = []
    for pt in points:
        chain = max((c for c in best if c[-1][1] <= pt[1]), key=len, default=[])
        best.append(chain + [pt])
    return max(best, key=len, default=[])
