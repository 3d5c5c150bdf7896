"""Acronyms a paper defines: 'Stevenage Against Domestic Abuse (SADA)', 'SADA (Stevenage ...)' and tables; and
those it uses without defining ("ASCH", "O&S"), spelt out from its own capitalised phrases."""
from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict

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


# Used but never defined: "O&S", "A&E" (two initials joined by "&"), "ASCH" (capitals), spelt out by the paper's
# phrases in capitals whose initials they are ("Overview and Scrutiny", "Adult Social Care and Health Directorate").
AMPERSAND = re.compile(r"\b([A-Z])\s?&\s?([A-Z])\b")
_CAPITALS = re.compile(r"\b[A-Z]{3,6}\b")
_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:and|of|the|for|&)\s+)?[A-Z][a-z]+)+")
USED_TWICE = 2      # an undefined acronym must be used, and spelt out, this often to be taken for its phrase
_WORDS = frozenset("the and for not all are was but per new now any one two our".split())   # capitals, not initials
NEARBY = 10         # paragraphs from a use of the acronym within which its phrase is looked for
LONGEST = 6         # words of a phrase an acronym may spell


def undefined(texts: list[str], known: set[str]) -> list[tuple[str, str]]:
    """(acronym, expansion) for the acronyms a paper uses without defining, spelt out as its most frequent
    capitalised phrase with those initials near where it is used ("ASCH" -> "Adult Social Care and Health")."""
    where: dict[str, list[int]] = defaultdict(list)   # acronym -> paragraphs using it
    for n, text in enumerate(texts):
        for a in set(_CAPITALS.findall(text)) | {f"{x}&{y}" for x, y in AMPERSAND.findall(text)}:
            where[a].append(n)
    wanted = {a for a, ns in where.items() if a not in known and a.lower() not in _WORDS
              and (len(ns) >= USED_TWICE or "&" in a)}
    spelt: dict[str, Counter] = defaultdict(Counter)
    for n, text in enumerate(texts if wanted else ()):
        for m in _RUN.finditer(text):
            words = m.group().split()
            caps = [k for k, w in enumerate(words) if w[0].isupper()]
            for i in range(len(caps)):
                for j in range(i + 1, min(i + LONGEST, len(caps))):
                    initials = "".join(words[k][0] for k in caps[i:j + 1])
                    for acr in (initials, f"{initials[0]}&{initials[1]}" if j == i + 1 else ""):
                        if acr in wanted and any(abs(n - u) <= NEARBY for u in where[acr]):
                            spelt[acr][" ".join(words[caps[i]:caps[j] + 1])] += 1
    return [(a, spelt[a].most_common(1)[0][0]) for a in sorted(spelt) if spelt[a].most_common(1)[0][1] >= USED_TWICE]
