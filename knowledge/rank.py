"""Scoring a small set of candidate passages against a question, and trimming to the answering sentences.

A question becomes `Concept`s (one per content word, or an acronym with its expansions); a
passage is scored on how much of the question's weight (IDF) it covers, whether the words sit
close together as in the question, and whether its item or section title carries them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from knowledge.vocabulary import compound_tails, same_word, tokens

MODIFIED = 0.7   # a word met only as the tail of a compound ("chair" in "Vice-Chair"): not the thing itself
OWN = 0.95       # least weight of a match that counts as the resident's own word
DERIVED = 0.9   # a derived form standing for the question's word ("parks" for "parking"): less than the word


@dataclass
class Concept:
    """One thing the question is about: alternative stem sequences, any of which covers it."""

    word: str                                   # as typed
    alts: list[tuple[str, ...]]                 # stem sequences; a 1-tuple is a single word
    idf: float
    corrected: str | None = None                # the papers' word it was corrected to
    known: bool = True                          # False: not in the papers at all
    specific: bool = True                       # False: in a large share of passages
    terms: list[str] = field(default_factory=list)   # words or phrases to look for in the index
    weights: list[float] = field(default_factory=list)  # per alt: 1.0 the word itself, less a synonym

    def weight(self, k: int) -> float:
        """How much finding alt k counts: the question's own word fully, a related word less."""
        return self.weights[k] if k < len(self.weights) else 1.0

    def fts(self) -> str:
        """This concept as an FTS5 expression (terms are plain words, so quoting is safe)."""
        parts = [f'"{w}"' for w in self.terms]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


@dataclass
class Features:
    """How one passage fares against the question's concepts."""

    coverage: float = 0.0      # share of the question's IDF weight the passage covers
    title: float = 0.0         # the same, over its item title and section heading
    proximity: float = 0.0     # share of neighbouring concept pairs found close together
    covered: list[bool] = field(default_factory=list)
    got: list[float] = field(default_factory=list)     # per concept: weight of the best alt found (0 none)
    own: float = 0.0           # share of the weight covered by the question's own words (or the heading)
    mine: list[bool] = field(default_factory=list)     # per concept: covered by its own word (or the heading)


def _positions(where: dict[str, list[int]], alt: tuple[str, ...]) -> list[int]:
    """Where a stem sequence starts, given each needed stem's positions; linking words may sit between its stems
    ("Overview and Scrutiny" for the question's "overview scrutiny", which dropped "and" as a stop word)."""
    first = where.get(alt[0], [])
    if len(alt) == 1 or not first:
        return first
    rest = [set(where.get(s, ())) for s in alt[1:]]
    links = set(where.get(LINKS_AT, ()))
    out = []
    for i in first:
        p = i
        for r in rest:
            step = 1
            while p + step not in r and p + step in links and step <= MAX_LINKS:
                step += 1
            if p + step not in r:
                break
            p += step
        else:
            out.append(i)
    return out


LINK_WORDS, LINKS_AT, MAX_LINKS = frozenset({"and", "of", "the", "for"}), "\0links", 2   # "Leader of the Council"


def locate(stems: list[str], wanted: set[str]) -> dict[str, list[int]]:
    """Positions of the wanted stems in a passage, and of linking words (one pass over it)."""
    where: dict[str, list[int]] = {}
    for i, s in enumerate(stems):
        if s in wanted:
            where.setdefault(s, []).append(i)
        elif s in LINK_WORDS:
            where.setdefault(LINKS_AT, []).append(i)
    return where


def wanted(concepts: list[Concept]) -> set[str]:
    """Every stem any concept looks for."""
    return {s for c in concepts for alt in c.alts for s in alt}


def features(concepts: list[Concept], stems: list[str], title_stems: set[str],
             need: set[str] | None = None, words: list[str] | None = None,
             modified: set[int] = frozenset(), implied: set[str] = frozenset()) -> Features:
    """Coverage, title coverage and proximity of one passage (its stems in order; with its words, a derived form
    of the question's word counts for less than the word or its plural; `modified` positions, compound tails whose
    head the question lacks, less than the bare word; `implied` stems (its council's name) as a heading's, no title)."""
    total = sum(c.idf for c in concepts) or 1.0
    where = locate(stems, need if need is not None else wanted(concepts))
    f = Features()
    spots: list[list[int]] = []
    tcov = 0.0
    for c in concepts:
        pos: list[int] = []
        best = 0.0
        for k, alt in enumerate(c.alts):
            found = _positions(where, alt)
            if found:
                pos.extend(found)
                form = MODIFIED if all(i in modified for i in found) else _own(c, k, found, words)
                best = max(best, c.weight(k) * form)
        own = best >= OWN   # the word itself, its irregular forms, or a council's word for it
        # A corrected word is a guess, so it counts for a little less than a word typed right.
        weight = c.idf * (0.85 if c.corrected else 1.0)
        f.covered.append(bool(pos))
        f.got.append(best)
        spots.append(sorted(pos))
        f.coverage += weight * best
        if title_stems or implied:
            head = max((c.weight(k) for k, alt in enumerate(c.alts) if all(s in title_stems for s in alt)),
                       default=0.0)
            tcov += weight * head
            head = max([head] + [c.weight(k) for k, alt in enumerate(c.alts) if all(s in implied for s in alt)])
            own = own or head >= 1.0
            if 0.8 * head > best:   # named by its heading or meeting more than by the text: a little less
                f.coverage += weight * (0.8 * head - best)
                f.covered[-1] = True
                f.got[-1] = 0.8 * head
        f.own += weight * own
        f.mine.append(own)
    f.coverage /= total
    f.own /= total
    f.title = tcov / total
    # Words covered only by the heading have no place in the text: leave them out of proximity.
    spots = [p for p in spots if p]
    pairs = list(zip(spots, spots[1:]))
    if pairs:
        near = sum(1 for a, b in pairs if _min_gap(a, b) <= 4)
        f.proximity = near / len(pairs)
    return f


def modified_tails(words: list[str], stems: list[str], need: set[str], text: str) -> set[int]:
    """Positions of compound tails ("chair" in "Vice-Chair") whose head is not one of the question's words."""
    return {i for i in compound_tails(text) if i < len(stems) and (i == 0 or stems[i - 1] not in need)}


def plain_stems(text: str, stem_of: Callable[[list[str]], list[str]], need: set[str]) -> set[str]:
    """The stems of a heading, leaving out compound tails whose head the question lacks."""
    words = tokens(text)
    stems = stem_of(words)
    skip = modified_tails(words, stems, need, text)
    return {s for i, s in enumerate(stems) if i not in skip}


def _own(c: Concept, k: int, found: list[int], words: list[str] | None) -> float:
    """1.0 when the question's own word (or its plural) is among the matches, DERIVED when only words
    sharing its stem are ("parks" for "parking", "finish" for "finished"); synonyms are weighted already."""
    if words is None or k != 0 or len(c.alts[0]) != 1 or " " in c.word:
        return 1.0
    word = c.corrected or c.word
    return 1.0 if any(same_word(words[i], word) for i in found) else DERIVED


def _min_gap(a: list[int], b: list[int]) -> int:
    i = j = 0
    best = 1 << 30
    while i < len(a) and j < len(b):
        best = min(best, abs(a[i] - b[j]))
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return best


_SENTENCE = re.compile(r"(?<=[.!?:;])[\"'”’)]?\s+(?=[\"'“‘(•\-–]?\s*[A-Z0-9£(])|\s*\n+\s*|\s+(?=[•–]\s)|\s+(?=- [A-Z])")


SINGLE = 0.1    # share of the fullest single sentence's coverage added to a run's
CONTEXT = 480   # a short answer gets neighbouring sentences up to about this length, no more
_ENUMERATOR = re.compile(r"^[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivx]{1,4})[.)\]]?$")


def sentences(text: str) -> list[str]:
    """A passage split into sentences and list items, each kept intact (a bare "5." joins its item)."""
    out: list[str] = []
    carry = ""
    for s in _SENTENCE.split(text):
        s = (s or "").strip()
        if not s:
            continue
        if _ENUMERATOR.match(s):
            carry = f"{carry} {s}".strip()
            continue
        out.append(f"{carry} {s}".strip() if carry else s)
        carry = ""
    if carry:
        out.append(carry)
    return out


def trim(text: str, concepts: list[Concept], stem_of: Callable[[str], str], budget: int = 640,
         context: set[str] = frozenset(), prefer: re.Pattern | None = None) -> tuple[str, float]:
    """The run of whole sentences that covers most of the question within about `budget` characters,
    and the share of the question's weight it covers (the passage's heading and meeting count too)."""
    total = sum(c.idf for c in concepts) or 1.0
    parts = sentences(text)
    if len(text) <= budget or len(parts) <= 1:
        words = tokens(text)
        stems = [stem_of(w) for w in words]
        return text, features(concepts, stems, set(context), words=words,
                              modified=modified_tails(words, stems, wanted(concepts), text)).coverage
    need = wanted(concepts)
    # The run is chosen on the sentences' own words; the heading covers every sentence alike.
    weights = []
    for part in parts:
        ws = tokens(part)
        st = [stem_of(w) for w in ws]
        weights.append(features(concepts, st, set(), need, ws, modified_tails(ws, st, need, part)).got)
    # Sentences of the preferred kind (what was resolved) count as covering a little more.
    bonus = [0.3 * total if prefer is not None and prefer.search(s) else 0.0 for s in parts]
    gain = [sum(c.idf * hit for c, hit in zip(concepts, w)) + b for w, b in zip(weights, bonus)]
    best = (-1.0, 0, 0, 0)
    for i in range(len(parts)):
        size, covered, extra = 0, [0.0] * len(concepts), 0.0
        for j in range(i, len(parts)):
            size += len(parts[j]) + 1
            if j > i and size > budget:
                break
            covered = [max(x, y) for x, y in zip(covered, weights[j])]
            extra = max(extra, bonus[j])
            if parts[j].endswith(":") and j + 1 < len(parts):
                continue   # a lead-in is no answer without what it leads in to
            # An answer usually sits in one sentence: the run's fullest sentence counts a little on top.
            score = sum(c.idf * hit for c, hit in zip(concepts, covered)) + extra + SINGLE * max(gain[i:j + 1])
            # More coverage first, then the shorter run, then the earlier one.
            if (score, -size) > best[:2]:
                best = (score, -size, i, j)
    _, _, i, j = best
    # Neighbouring sentences while the quote is short, the one sharing more of the question first
    # (after before before on a tie): a list follows its lead-in, a list item reads better with the
    # items around it, and the sentence that answers often sits beside the one that echoes the question.
    size = sum(len(p) + 1 for p in parts[i:j + 1])
    room = max(size, CONTEXT)
    gain = [sum(c.idf * hit for c, hit in zip(concepts, w)) for w in weights]
    while True:
        if parts[j].endswith(":") and j + 1 < len(parts) and size + len(parts[j + 1]) + 1 <= max(room, budget):
            j += 1   # a quote never ends on a lead-in ("as follows:"): what it leads in to is the answer
            size += len(parts[j]) + 1
            continue
        after = j + 1 < len(parts) and size + len(parts[j + 1]) + 1 <= room
        before = i > 0 and size + len(parts[i - 1]) + 1 <= room
        if not (after or before):
            break
        if after and (not before or gain[j + 1] >= gain[i - 1]):
            j += 1
            size += len(parts[j]) + 1
        else:
            i -= 1
            size += len(parts[i]) + 1
    if prefer is not None and not any(prefer.search(p) for p in parts[i:j + 1]):
        # The fact asked for (a date for "when") a sentence or two away: worth a longer quote.
        for k in (1, 2):
            if j + k < len(parts) and prefer.search(parts[j + k]) and \
                    size + sum(len(p) + 1 for p in parts[j + 1:j + k + 1]) <= 2 * budget:
                j += k
                break
            if i - k >= 0 and prefer.search(parts[i - k]) and size + sum(len(p) + 1 for p in parts[i - k:i]) <= 2 * budget:
                i -= k
                break
    out = " ".join(parts[i:j + 1])
    shown = [max(w[k] for w in weights[i:j + 1]) for k in range(len(concepts))]
    heading = features(concepts, [], set(context), need).got if context else [0.0] * len(concepts)
    local = sum(c.idf * max(hit, head) for c, hit, head in zip(concepts, shown, heading)) / total
    return ("… " if i > 0 else "") + out + (" …" if j < len(parts) - 1 else ""), local


_BACK = re.compile(r"\W*(?:This|It|These|They|That)\b")   # a sentence that speaks of the one before


def fact_sentence(text: str, concepts: list[Concept], stem_of: Callable[[str], str], fact: re.Pattern) -> float:
    """The share of the question's weight covered by the fullest sentence that also holds the fact asked for:
    "raise council tax by 2.99%" tells how much, "council tax increases were requested elsewhere" above a
    list of other councils' figures does not."""
    total = sum(c.idf for c in concepts) or 1.0
    need = wanted(concepts)
    best = 0.0
    parts = sentences(text)
    for k, part in enumerate(parts):
        if k and (parts[k - 1].endswith(":") or _BACK.match(part)):
            # "the voting was as follows: For (39)", "... tools like Windows 10. This would go live in July 2021":
            # the sentence before says of what.
            part = f"{parts[k - 1]} {part}"
        if fact.search(part):
            ws = tokens(part)
            best = max(best, features(concepts, [stem_of(w) for w in ws], set(), need).coverage)
    return best

