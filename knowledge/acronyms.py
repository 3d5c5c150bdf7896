"""Acronyms a paper defines: 'Stevenage Against Domestic Abuse (SADA)', 'SADA (Stevenage ...)' and tables."""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

ACRONYM = r"[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*"
# "Stevenage Against Domestic Abuse (SADA)": up to eight words before a bracketed acronym
LONG_SHORT = re.compile(rf"((?:[A-Z][\w'’&/-]*|and|of|the|for|in|on|to|&)(?:\s+(?:[A-Z][\w'’&/-]*|and|of|the|for|in|on|to|&)){{0,8}})\s+[(\[](?P<short>{ACRONYM})[)\]]")
# "SADA (Stevenage Against Domestic Abuse)"
# (a label may come first: "SOS (Morse code: Save our Souls)")
SHORT_LONG = re.compile(rf"\b(?P<short>{ACRONYM})\s+\((?:[A-Za-z][\w ]{{2,30}}:\s*)?(?P<long>[A-Z][\w'’&/ -]{{3,80}})\)")
_SKIP = {"and", "of", "the", "for", "in", "on", "to", "&"}


def _initials_fit(short: str, words: list[str]) -> bool:
    """Whether an acronym's capitals are the initials of the words (allowing small words and '&' to drop)."""
    caps = [c for c in short if c.isupper()]
    inits = [w[0].upper() for w in words if w.lower() not in _SKIP or w == "&"]
    if not caps or not inits:
        return False
    k = 0
    for c in caps:  # each capital must be the initial of a later word, in order, starting with the first
        while k < len(inits) and inits[k] != c:
            if k == 0:
                return False
            k += 1
        if k == len(inits):
            return False
        k += 1
    return True


def _trim(short: str, words: list[str]) -> list[str] | None:
    """The shortest tail of the words whose initials spell the acronym."""
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        if tail[0].lower() in _SKIP:
            continue
        if _initials_fit(short, tail) and tail[0][0].upper() == short[0]:
            return tail
    return None


def find(paragraphs: list[str]) -> dict[str, str]:
    """Acronym -> expansion for every definition found (the first good one wins, bracketed over tables)."""
    found: dict[str, str] = {}
    tables: dict[str, str] = {}
    for text in paragraphs:
        for m in LONG_SHORT.finditer(text):
            short = m.group("short")
            words = m.group(1).split()
            tail = _trim(short, words)
            if tail and short not in found and len(short) >= 2:
                found[short] = " ".join(tail)
        for m in SHORT_LONG.finditer(text):
            short, long = m.group("short"), m.group("long").strip()
            if short not in found and _initials_fit(short, long.split()) and long.split()[0][0] == short[0]:
                found[short] = long
        if "\t" in text:
            cells = [c.strip() for c in text.split("\t")]
            for a, b in zip(cells, cells[1:]):
                if re.fullmatch(ACRONYM, a) and b and not re.fullmatch(ACRONYM, b.split()[0]) \
                        and b[0].isupper() and _initials_fit(a, b.split()):
                    tables.setdefault(a, b)
    for short, long in tables.items():
        found.setdefault(short, long)
    return found
