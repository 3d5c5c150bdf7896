"""Acronyms in a question: "O&S" spelt out, words spelling out an acronym merged into one concept, and the
acronyms an expansion holds added to the concepts they stand for."""
from __future__ import annotations

import re

from knowledge.rank import Concept
from knowledge.search_index import Index
from knowledge.vocabulary import tokens

# "O&S", "A&E": split by every tokenizer into two letters no index keeps.
_AMPERSAND = re.compile(r"\b([A-Za-z])\s?&\s?([A-Za-z])\b")


def spell_ampersands(idx: Index, question: str) -> str:
    """The question with each "X&Y" the papers spell out replaced by their words ("Overview and Scrutiny")."""
    return _AMPERSAND.sub(lambda m: idx.acronyms.get(f"{m[1]}&{m[2]}".lower(), [m[0]])[0], question)


def merge_expansions(idx: Index, cs: list[Concept], specific: float) -> list[Concept]:
    """Words spelling out an acronym the papers define become one concept that the acronym also covers."""
    mains = [c.alts[0][0] if len(c.alts[0]) == 1 else None for c in cs]
    for stems, acr in idx.expansions:
        n = len(stems)
        if n < 2:
            continue
        for i in range(len(cs) - n + 1):
            if tuple(mains[i:i + n]) == stems:
                part = cs[i:i + n]
                merged = _merged(idx, part, tuple(s for c in part for s in c.alts[0]),
                                 [acr] if _one_token(acr) else [], 1.0, specific)
                merged.terms = [merged.word, acr]   # "A&E" is still looked for, though no index word spells it
                return merge_expansions(idx, cs[:i] + [merged] + cs[i + n:], specific)
    return _merge_runs(idx, cs, mains, specific)


RUN = 3     # words in a row of an acronym's expansion that say it ("adult social care" of ASCH's four)


def _merge_runs(idx: Index, cs: list[Concept], mains: list, specific: float) -> list[Concept]:
    """Three words in a row of what an acronym stands for ("adult social care" of "Adult Social Care and Health")
    become one concept, which the acronym also covers, a little less."""
    for i in range(len(cs) - RUN + 1):
        run = tuple(mains[i:i + RUN])
        acrs = [a for a in idx.parts.get(run, ())[:ACRONYMS_PER_CONCEPT] if _one_token(a)] if None not in run else []
        if acrs:
            merged = _merged(idx, cs[i:i + RUN], run, acrs, PART_OF_ACRONYM, specific)
            return cs[:i] + [merged] + _merge_runs(idx, cs[i + RUN:], mains[i + RUN:], specific)
    return cs


def _merged(idx: Index, part: list[Concept], stems: tuple[str, ...], acrs: list[str], weight: float,
            specific: float) -> Concept:
    """One concept for words in a row (`stems`), which each of the acronyms also covers at `weight`."""
    phrase = " ".join(c.terms[0] for c in part)
    idf = sum(c.idf for c in part)
    return Concept(phrase, [stems] + [(idx.stem(a),) for a in acrs], idf, None, True, idf >= specific,
                   [phrase] + acrs, [1.0] + [weight] * len(acrs))


PART_OF_ACRONYM = 0.8    # weight of an acronym whose expansion holds the concept: "SADA" for "domestic abuse"
ACRONYMS_PER_CONCEPT = 4


def within(idx: Index, c: Concept) -> Concept:
    """A specific concept that is part of what an acronym stands for is also covered, a little less, by the
    acronym: a passage about "SADA" is about domestic abuse, one about "SAFS" about fraud."""
    if not c.specific or not c.alts or c.word in idx.acronyms:
        return c
    for acr in idx.parts.get(c.alts[0], ())[:ACRONYMS_PER_CONCEPT]:
        _add_acronym(idx, c, acr)
    return c


def _add_acronym(idx: Index, c: Concept, acr: str) -> None:
    """The acronym as one more, lighter way of saying the concept."""
    alt = (idx.stem(acr),)
    if alt not in c.alts and _one_token(acr):
        c.alts.append(alt)
        c.weights = c.weights + [1.0] * (len(c.alts) - 1 - len(c.weights)) + [PART_OF_ACRONYM]
        c.terms.append(acr)


def _one_token(acronym: str) -> bool:
    """An acronym the index holds as one word: not "A&E", which it splits into two letters it drops."""
    return tokens(acronym) == [acronym.lower()]
