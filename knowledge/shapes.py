"""The shape of a question and the passage it asks for: a list of names or of items, a definition, the newest of
several periods, a decision, a person beside a role. Each gives a small lift in the reranking (knowledge.search)."""
from __future__ import annotations

import re
from functools import lru_cache

from knowledge import judge, rank
from knowledge.query import Query
from knowledge.search_index import Index
from knowledge.vocabulary import STOPWORDS, tokens


def listing(question: str) -> bool:
    """Whether the question asks which things (by name) were done: "which centres were visited?"."""
    return LIST_Q.match(question) is not None


def listed(question: str, idx: Index) -> str | None:
    """The stem of the things a "what are the ...s?" question asks to be listed, or None."""
    asked = ITEMS_Q.match(question)
    return idx.stem(asked.group("noun").lower()) if asked else None


# "Which neighbourhood centres were visited?", "what wards are ...": a question whose answer is a list of names ...
LIST_Q = re.compile(r"^\W*(?:which|what)\s+(?:[a-z]+\s+){0,2}[a-z]+s\s+(?:were|are|was|is|did|do|have|has|will)\b", re.I)
# ... such as "Oaks Cross, The Oval, Symonds Green, Bedwell and St Nicholas".
NAME_LIST = re.compile(r"(?:\b[A-Z][a-z]+(?: [A-Z][a-z]+)*, ){2,}[A-Z][a-z]+(?: [A-Z][a-z]+)*,? and [A-Z]")
# "What are the new community safety priorities?": a question ending on a plural, answered by a list ...
ITEMS_Q = re.compile(r"^\W*what\s+(?:are|were|will be)\s+(?:the\s+|its\s+|their\s+)?(?:[a-z'-]+\s+){0,4}(?P<noun>[a-z]+s)\W*$",
                     re.I)
# ... introduced and numbered or bulleted: "The five key priorities identified for 2021-2024 are:\n1. Divert ...".
ITEM_LIST = re.compile(r"([^\n]*):\s*\n\s*(?:1[.)]|\(1\)|\(a\)|a[.)]|[•▪-])\s")


# "What are the new priorities?", "the current strategy", "the latest figures": of passages alike, the one about
# the most recent period answers ("for 2021-2024 are:" rather than "For the period 2018-21 ... were:").
NEWEST_Q = re.compile(r"\b(?:new|current|latest|newest|most recent|this year'?s?)\b", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–/]\s*(\d{2,4}))?\b")
NEWEST = 0.05


def latest_year(text: str) -> int:
    """The latest year a passage names, a range's end included ("2021-24" -> 2024); 0 for none."""
    best = 0
    for m in _YEAR.finditer(text):
        start, end = int(m.group(1)), m.group(2)
        if end:
            end = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            start = max(start, end) if end - start < 20 else start
        best = max(best, start)
    return best


def prefer_newest(top: list) -> None:
    """A small lift for the passages naming the latest year among the best few."""
    years = [latest_year(t[2]["text"]) for t in top]
    newest = max(years, default=0)
    for t, year in zip(top, years):
        if newest and year == newest:
            t[0] += NEWEST


def _lists(text: str, noun: str | None, idx: Index) -> bool:
    """Whether the passage lists the things asked about: a lead-in naming them, then numbered or bulleted items."""
    return noun is not None and any(noun in idx.stems(tokens(m.group(1))) for m in ITEM_LIST.finditer(text))

# Sentences that say what a council or a motion resolves to do.
RESOLVING = re.compile(r"\bresolves?\b|\bRESOLVED\b|\bagreed\b|\bcalls on\b|\bdemands?\b|"
                        r"\bendorses?\b|\bpledges?\b|^\W*To [a-z]+ ", re.M)
# A person named beside a role: "Teresa Callaghan (Chair)", "Chair: Sarah Pateman", "Mr Cooke be elected to Chair".
_NAMED_ROLE = re.compile(r"[A-Z][a-z]+ [A-Z][a-z'-]+ \((?:Vice-)?Chair|Chair(?:man)?: [A-Z][a-z]+ [A-Z]"
                         r"|(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr) [A-Z][a-z'-]+ (?:be|was) (?:elected|appointed)")


_PROSE_END = re.compile(r"[.!?:;\"”)]\s*$")


def prose(text: str, items: str | None, idx: Index) -> float:
    """1.0 for sentences, down to 0.88 for lists of headings and table rows (they seldom answer), unless the
    question asks for the things the passage lists."""
    if _lists(text, items, idx):
        return 1.0
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return 1.0
    prose = sum(len(ln) for ln in lines if len(ln) >= 100 or _PROSE_END.search(ln))
    return 0.88 + 0.12 * prose / sum(len(ln) for ln in lines)


def _defines(text: str, acronym: str, expansions: list[str]) -> bool:
    """Whether a passage defines the acronym: "Long Form (LF)" or "LF (Long Form)"."""
    return definition(acronym, expansions).search(text) is not None


@lru_cache(maxsize=256)
def _definition_cached(acronym: str, expansions: tuple[str, ...]) -> re.Pattern:
    acr = re.escape(acronym)
    longs = [r"\s+".join(re.escape(w) for w in e.split()) for e in expansions]
    return re.compile("|".join(rf"{long}\w*\s*\(\s*{acr}s?\s*\)|\b{acr}s?\s*\(\s*{long}" for long in longs), re.I)


def definition(acronym: str, expansions: list[str]) -> re.Pattern:
    """The pattern of a sentence that spells an acronym out."""
    return _definition_cached(acronym, tuple(expansions))


def lift(q: Query, r: dict, stems: list[str], idx: Index, listing: bool = False, items: str | None = None) -> float:
    """A small lift for the kind of passage the question asks for (a decision, a question, a definition, a list)."""
    up = 0.0
    if q.wants & {"decision", "action"} and (r["kind"] in ("decision", "motion") or judge.DECIDED.search(r["text"])):
        up += 0.06
    if "question" in q.wants and (r["kind"] == "question" or judge.ASKED.search(r["text"])):
        up += 0.06
    if q.who and _NAMED_ROLE.search(r["text"]):
        up += 0.2   # a person named beside a role is what "who chairs ..." asks for
    if _lists(r["text"], items, idx):
        up += 0.15   # "what are the five priorities?" is answered by the numbered list of them
    if listing and NAME_LIST.search(r["text"]):
        up += 0.05   # "which centres were visited?" is answered by the list of their names
    if q.definition:
        acr = idx.stem(q.definition)
        expansions = [tuple(idx.stem(w) for w in tokens(e) if w not in STOPWORDS) for e in idx.acronyms[q.definition]]
        where = rank.locate(stems, {acr} | {s for e in expansions for s in e})
        if _defines(r["text"], q.definition, idx.acronyms[q.definition]):
            up += 0.25   # "Mayoral Strategic Authority (MSA)": the passage that spells the letters out
        elif acr in where and any(rank._positions(where, e) for e in expansions if e):
            up += 0.05
    return up
