"""The shape of a question and the passage it asks for: a list of names or of items, a definition, a count, the
newest of several periods, a decision, a person beside a role. Each gives a small lift in the reranking
(knowledge.search)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge import facts, judge, rank
from knowledge.query import Query
from knowledge.search_index import Index
from knowledge.vocabulary import STOPWORDS, tokens


@dataclass(frozen=True)
class Shape:
    """What the form of a question says about its answer."""

    listing: bool = False         # "which centres were visited?": names
    items: str | None = None      # "what are the priorities?": the stem of the things listed
    counted: tuple[str, ...] = ()  # "how many safe houses ...?": stems of the things counted ("safe", "hous")
    tally: bool = False           # "how many councillors voted for ...?": a recorded vote's count
    amendment: bool = False       # the question is about an amendment, not the motion as finally put


def of(question: str, idx: Index) -> Shape:
    """The shape of one question."""
    asked = ITEMS_Q.match(question)
    return Shape(LIST_Q.match(question) is not None,
                 idx.stem(asked.group("noun").lower()) if asked else None,
                 tuple(idx.stem(w) for w in _counted(question)),
                 VOTE_Q.match(question) is not None, AMENDMENT.search(question) is not None)


# "How many councillors voted for the motion?" is answered by the recorded vote, "For (39) Mr Baker, ...
# Against (19)": the voters are named, not called councillors, so that word is not looked for.
VOTE_Q = re.compile(r"^\W*(?:how many\b.*\bvot(?:e|ed|es|ing)|what was the (?:\w+ )?(?:vote|voting)|"
                    r"how did (?:the |they |councillors )?(?:\w+ )?vot(?:e|ing)\b.{0,60}\bgo)\b", re.I)   # or "what was the final vote"
# "The Chairman put the substantive motion to the vote": what a recorded vote was on. A motion is amended, then
# put as amended (the "substantive motion"): its vote is the final one, the one "the motion" means.
PUT_TO_VOTE = re.compile(r"\bput the ((?:\w+\s+){0,3}?(?:motion|amendment|recommendations?))\b", re.I)
AMENDMENT = re.compile(r"\bamendments?\b", re.I)
TALLY = re.compile(r"\b(?:For|Against|Abstentions?|Abstain(?:ed|ing)?)\s*(?:\(\s*\d+\s*\)|[:-]\s*\d+\b)")
VOTERS = frozenset("councillors councillor members member people cllrs mps".split())


# "How many young adults does the team support?": the figure next to the things counted ("working with 894
# young adults") answers, not any figure ("up to age 25").
COUNT_Q = re.compile(r"^\W*how many\s+(?P<rest>.*)", re.I)
_AFTER_NOUN = frozenset("do does did are were is was have has had will would can could should in on at of for to "
                        "from with there live lives go get got been".split())


def _counted(question: str) -> list[str]:
    """The words for the things a "how many" question counts: "young adults" -> adults and young, "councillors
    voted" -> councillors. A figure beside the noun or the word before it counts them ("safe houses": "grew our safe
    spaces from two to 21")."""
    m = COUNT_Q.match(question)
    if not m:
        return []
    words = re.findall(r"[a-z'-]+", m.group("rest").lower())
    noun = []
    for w in words[:4]:
        if w in _AFTER_NOUN or (noun and w.endswith("ed")):
            break
        noun.append(w)
    noun = [w for w in noun[-2:] if w not in STOPWORDS and w not in _GENERAL] if len(noun) > 1 else noun
    return noun + [alias for w in noun for alias in _COUNTED_AS.get(w, ())]


# "How many times did the committee meet?" is answered by "met on 10 occasions" or "held 6 meetings".
_COUNTED_AS = {"times": ("occasions", "meetings"), "people": ("population", "residents")}


# Modifiers too common to say what is counted ("how many council homes": "council" is beside every figure).
_GENERAL = frozenset("council councils county borough new more other local public".split())
_FIGURE_THEN = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:m|bn|k)?\+?\s+((?:[A-Za-z'-]+\s+){0,2}[A-Za-z'-]+)")


# ... or the things, then their figure: "grew our safe spaces from two to 21", "members present: 12".
_TO_FIGURE = re.compile(rf"\s(?:from\s+\w+\s+)?(?:to|was|were|is|are|totalled|:)\s+(?:\d[\d,]*|{facts.NUMBER_WORDS})\b"
                        r"(?!\s*%)", re.I)


def counts(text: str, nouns: tuple[str, ...], idx: Index) -> bool:
    """Whether the passage gives a figure for the things counted: "894 young adults", "21 safe spaces",
    "grew our safe spaces from two to 21"."""
    if not nouns:
        return False
    if any(set(nouns) & set(idx.stems(tokens(m.group(1)))) for m in _FIGURE_THEN.finditer(text)):
        return True
    return any(set(nouns) & set(idx.stems(tokens(text[max(0, m.start() - 40):m.start()])[-3:]))
               for m in _TO_FIGURE.finditer(text))


class _Counting:
    """A stand-in for a pattern (`.search`) that finds the sentence giving the count asked for."""

    def __init__(self, noun: str | None, idx: Index, tally: bool = False):
        self.noun, self.idx, self.tally = noun, idx, tally

    def search(self, text: str) -> bool:
        return (self.tally and TALLY.search(text) is not None) or counts(text, self.noun, self.idx)


def counting(shape: Shape, idx: Index) -> _Counting | None:
    """What a quote should hold for "how many X": a figure for X (a recorded vote for "how many voted");
    None for other questions."""
    return _Counting(shape.counted, idx, shape.tally) if shape.counted or shape.tally else None


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
COUNTED = 0.1


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


def prose(text: str, shape: Shape, idx: Index) -> float:
    """1.0 for sentences, down to 0.88 for lists of headings and table rows (they seldom answer), unless the
    question asks for the things the passage lists."""
    if _lists(text, shape.items, idx):
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
    return re.compile("|".join(rf"{long}\w*\s*\(\s*{acr}s?\s*\)|\b{acr}s?\s*\(\s*(?:[^():]{{2,30}}:\s*)?{long}"
                               for long in longs), re.I)


def definition(acronym: str, expansions: list[str]) -> re.Pattern:
    """The pattern of a sentence that spells an acronym out."""
    return _definition_cached(acronym, tuple(expansions))


def lift(q: Query, shape: Shape, r: dict, stems: list[str], idx: Index) -> float:
    """A small lift for the kind of passage the question asks for (a decision, a question, a definition, a list,
    a count)."""
    up = 0.0
    if counts(r["text"], shape.counted, idx) or (shape.tally and TALLY.search(r["text"])):
        up += COUNTED
        if shape.tally and any(bool(AMENDMENT.search(m.group(1))) == shape.amendment
                               for m in PUT_TO_VOTE.finditer(r["text"])):
            up += 0.1   # the vote on the thing asked about: the motion as finally put, or the amendment
    if q.wants & {"decision", "action"} and (r["kind"] in ("decision", "motion") or judge.DECIDED.search(r["text"])):
        up += 0.06
    if "question" in q.wants and (r["kind"] == "question" or judge.ASKED.search(r["text"])):
        up += 0.06
    if q.who and _NAMED_ROLE.search(r["text"]):
        up += 0.2   # a person named beside a role is what "who chairs ..." asks for
    if _lists(r["text"], shape.items, idx):
        up += 0.15   # "what are the five priorities?" is answered by the numbered list of them
    if shape.listing and NAME_LIST.search(r["text"]):
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
