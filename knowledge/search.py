"""Searching the papers: FTS5 candidates, a reranker over them, and an honest "answerable" verdict.

`refresh(db)` (in knowledge.search_index, re-exported here) keeps the derived data in step after an
ingest: an unstemmed word index for spelling correction, acronyms the papers define, agenda items.
`search(db, question)` returns the best passages with their citations.

Pipeline: question -> concepts (knowledge.query: stop words dropped, typos corrected against the papers'
words, acronyms expanded, synonyms from the thesaurus and the council-words table) -> FTS5 AND and OR
queries ranked by bm25 (a few hundred candidates at most), plus the passages nearest in meaning
(knowledge.dense) -> rerank by IDF-weighted coverage, proximity, titles and sentence-vector similarity
-> restricted items filtered -> trimmed -> verdict (knowledge.judge).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from knowledge import candidates, dense, facts, judge, people, places, rank, roles, search_index, shapes, verdict
from knowledge.query import parse
from knowledge.rank import Concept
from knowledge.search_index import Index, index, migrations, refresh  # noqa: F401 (the API)
from knowledge.vocabulary import same_word, tokens

log = logging.getLogger(__name__)

ANSWERABLE = verdict.ANSWERABLE
NEAR = 0.35              # least coverage for a passage to be offered as "the nearest source"
RERANK = judge.RERANK
PROMOTE = 0.85          # a runner-up this close holding the fact asked for (a number, a date) goes first


@dataclass(frozen=True)
class Weights:
    """How the reranker combines a passage's features into one score (see `_combine`)."""

    coverage: float     # share of the question's weight the passage covers
    proximity: float    # neighbouring concepts close together
    title: float        # coverage by the item title, section and meeting
    bm25: float         # FTS5 bm25 relative to the best candidate's
    wanted: float       # scale of the lift for the kind of passage asked for (decision, question, ...)
    own: float          # share covered by the resident's own words rather than stand-ins
    local: float        # second pass: coverage by the quotable sentences alone
    dense: float = 0.0  # cosine similarity of question and passage sentence vectors (knowledge.embed)
    sentence: float = 0.0   # second pass: cosine of the passage's sentence closest to the question
    fact: float = 0.0   # second pass: coverage by the fullest sentence holding the fact asked for (a figure, a date)


# Set by hand over rounds one to six. Round seven fitted them (scripts/fit_ranker.py: coordinate search on
# MRR and pairwise logistic regression over every candidate's features, leave one question set out): the
# fitted weights lost hit@1 on every held-out set (dev 0.89 -> 0.79, held-out 0.78 -> 0.72, paraphrase
# 0.50 -> 0.46), so these stay. Re-run the script before changing them.
# Round nine added `dense` and swept it on five question sets: 0.1 was best on their sum (0.0 and 0.2
# within one question; 0.4 and more lost dev questions to passages close in meaning but not the answer).
# Round ten added `sentence` (the best sentence's cosine, over the best RERANK candidates) and swept it on
# eight sets (355 questions): 0.5 was best on their sum (+0.16 hit@1 summed over the sets against 0;
# 0.1-0.35 lost a dev question, 0.8 and more cost declines).
# Round eleven added `fact` (for questions wanting a figure, a date, a reason: the coverage of the fullest
# sentence that holds one) and swept it on twelve sets: 0.2 was best on their sum (+0.13 hit@1 against 0,
# no set losing; 0.3-0.6 lost a blind4 question).
HAND = Weights(coverage=0.5, proximity=0.14, title=0.12, bm25=0.1, wanted=1.0, own=0.0, local=0.25, dense=0.1,
               sentence=0.5, fact=0.2)
DENSE_K = 20            # passages nearest in meaning added to the word candidates

WEIGHTS = HAND


@dataclass
class Hit:
    """One passage that answers (or nearly answers) the question, with its citation fields."""

    id: int
    text: str                  # trimmed to the answering sentences
    document: str
    meeting: str | None
    item: str | None
    item_title: str | None
    section: str | None
    page: int | None
    kind: str
    score: float
    coverage: float
    restricted: bool = False   # an agenda item held in private: only its title is ever shown


@dataclass
class Result:
    """A search's verdict: the hits best first, and whether the best one answers the question."""

    hits: list[Hit]
    answerable: bool
    concepts: list[Concept] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    definition: tuple[str, list[str]] | None = None    # (ACRONYM, expansions) for "what does X stand for"
    why: str | None = None     # why the best passage was judged not to answer (for logs and developers)

    @property
    def near(self) -> list[Hit]:
        """Hits close enough to offer when declining."""
        return [h for h in self.hits if h.coverage >= NEAR]


# "OFFICER REPORT - EMPLOYEE CODE OF CONDUCT": the kind of paper is no part of its subject ("council workers" are
# not the officer who wrote a report on street drinking).
_PAPER_KIND = re.compile(r"^\s*(?:officers?'?|committee|cabinet|executive|director'?s?)\s+report\s*[-–:]\s*", re.I)


def _subject(title: str | None) -> str | None:
    """An agenda item's title without a label for the kind of paper."""
    return _PAPER_KIND.sub("", title) if title else title


def _combine(w: Weights, mult: float, parts: dict[str, float]) -> float:
    """A candidate's first-pass score: its features weighted, times its penalties (short, list-like, ...)."""
    return mult * (w.coverage * parts["coverage"] + w.proximity * parts["proximity"] + w.title * parts["title"]
                   + w.bm25 * parts["bm25"] + w.wanted * parts["wanted"] + w.own * parts["own"]
                   + w.dense * parts["dense"])


def search(db: Database, question: str, limit: int = 5, pool: int = 80, weights: Weights | None = None,
           trace: list[dict] | None = None) -> Result:
    """The passages that best answer the question, best first, and whether the best one does (`trace`,
    when given, receives every candidate's features and quote: scripts/fit_ranker.py)."""
    w = weights or WEIGHTS
    idx = index(db)
    q = parse(idx, question)
    shape = shapes.of(question, idx)
    if shape.tally:
        q.concepts = [c for c in q.concepts if c.word not in shapes.VOTERS] or q.concepts
    cs = q.concepts
    # "leaseholder" read as "leaseholders" is no correction worth telling the resident about.
    corrections = {c.word: c.corrected for c in cs if c.corrected and not same_word(c.word, c.corrected)}
    definition = (q.definition.upper(), idx.acronyms[q.definition]) if q.definition else None
    if not cs:
        return Result([], False, cs, corrections, definition)
    vs = dense.vectors(db)
    pending = dense.start_question(question, vs, DENSE_K) if vs is not None else None
    cands = candidates.by_words(db, idx, cs, pool)
    for rowid, score in candidates.in_named_meetings(db, idx, cs).items():
        cands[rowid] = min(cands.get(rowid, 0.0), score)
    qv, near = pending.result() if pending is not None else (None, {})
    for rowid in near:
        # Passages close in meaning though worded differently ("population of the county", "people live in Kent").
        cands.setdefault(rowid, 0.0)
    if not cands:
        return Result([], False, cs, corrections, definition)
    # The meeting's own title (it knows "extraordinary" and the time) is the better label.
    rows = [dict(zip(candidates.FIELDS, r)) for r in db.execute(
        "SELECT p.id, p.text, p.document_title, coalesce(m.title, p.meeting_label), p.item_number, p.item_title, "
        "p.section, p.page, p.kind, p.meeting_id, 0 FROM passages p LEFT JOIN meetings m ON m.id = p.meeting_id "
        "WHERE p.id IN (%s)" % ",".join("?" * len(cands)), list(cands))]
    hidden = candidates.restricted(db, rows)
    for r in candidates.items(db, cs):
        cands[r["id"]] = r.pop("bm25")
        rows.append(r)
    need = rank.wanted(cs)
    sims = dense.similarity(vs, qv, [r["id"] for r in rows])
    if not rows:
        return Result([], False, cs, corrections, definition)
    best_bm25 = min(cands.values()) or -1.0
    offices = search_index.roles_by_passage(db, [r["id"] for r in rows])
    councils = search_index.councils_by_passage(db, [r["id"] for r in rows])
    scored = []
    for r in rows:
        if r["id"] in hidden:
            continue
        words = tokens(r["text"])
        stems = idx.stems(words)
        # "Mr Hook said ..." is the Liberal Democrat leader speaking, as the paper said where it named him.
        named = offices.get(r["id"], {})
        held = " ".join(role for person in roles.mentioned(r["text"]) if person in named
                        for role in named[person]) if named else ""
        context = rank.plain_stems(" ".join(filter(None, (_subject(r["item_title"]), r["section"], r["meeting_label"],
                                                          held, "money" if "£" in r["text"] else None))),
                                   idx.stems, need)
        implied = rank.plain_stems(places.the_council(councils.get(r["id"]), r["text"]), idx.stems, need)
        f = rank.features(cs, stems, context, need, words, rank.modified_tails(words, stems, need, r["text"]),
                          implied)
        bm = cands[r["id"]] / best_bm25 if best_bm25 else 0.0
        # Very short passages say little; an agenda item's title only names the subject.
        short = 0.8 if len(r["text"]) < 40 else 0.85 if r["kind"] == "item" else 1.0
        # A list is what "what are the priorities?" asks for: no discount for being one.
        mult = short * shapes.prose(r["text"], shape, idx)
        if (q.who or people.FIRM_Q.match(question)) and not people.answers_who(question, r["text"]):
            mult *= 0.85   # "who ..." is not answered by a passage that names nobody
        if not facts.has_expected(q.expects, r["text"], q.given):
            mult *= 0.85   # nor "how many" by one without a number, "when" without a date
        parts = {"coverage": f.coverage, "proximity": f.proximity, "title": f.title, "bm25": bm,
                 "wanted": shapes.lift(q, shape, r, stems, idx), "own": f.own, "dense": sims.get(r["id"], 0.0)}
        scored.append([_combine(w, mult, parts), f, r, context | implied, r["text"], mult, parts])
    scored.sort(key=lambda t: (-t[0], t[2]["id"]))
    # Second pass over the best few (all of them when tracing): how much the quotable sentences cover.
    fact = shapes.counting(shape, idx) or facts.quoted_fact(q.expects)   # the fact a quote should hold
    for k, t in enumerate(scored):
        if k >= RERANK and trace is None:
            break
        t[4], local = rank.trim(t[2]["text"], cs, idx.stem, context=t[3],
                                prefer=shapes.definition(q.definition, idx.acronyms[q.definition]) if q.definition
                                else fact or (shapes.RESOLVING if "action" in q.wants else None))
        t[6]["local"] = local
        t[6]["fact"] = rank.fact_sentence(t[2]["text"], cs, idx.stem, fact) if fact is not None else 0.0
        if k < RERANK:
            t[0] += w.local * local + w.fact * t[6]["fact"]
    near_sentence = dense.best_sentences(db, qv, [t[2]["id"] for t in scored[:RERANK]]) if vs is not None else {}
    for t in scored[:RERANK]:
        t[6]["sentence"] = near_sentence.get(t[2]["id"], (0.0, 0))[0]
        t[0] += w.sentence * t[6]["sentence"]
    if shapes.NEWEST_Q.search(question):
        shapes.prefer_newest(scored[:RERANK])
    if trace is not None:
        trace.extend({"id": t[2]["id"], "quote": t[4], "mult": t[5], "score": t[0], **t[6]} for t in scored)
    scored[:RERANK] = sorted(scored[:RERANK], key=lambda t: (-t[0], t[2]["id"]))
    if fact is not None and scored and not fact.search(scored[0][4]):
        # "How many safe spaces" / "when": a close runner-up whose quote counts them / holds a date answers better.
        for k, t in enumerate(scored[1:RERANK], start=1):
            if t[0] >= PROMOTE * scored[0][0] and fact.search(t[4]):
                scored.insert(0, scored.pop(k))
                break
    lone = verdict.lone_ordinary(cs)
    if lone is not None:
        # A question about one ordinary word wants a passage about it, not one that meets it in passing.
        typed = lone.word in q.capitals
        about = {t[2]["id"] for t in scored[:RERANK]
                 if verdict.salient(lone, t[4], [t[2]["item_title"] or "", t[2]["section"] or ""],
                                    idx.stem, typed)}
        scored[:RERANK] = sorted(scored[:RERANK], key=lambda t: t[2]["id"] not in about)
    hits, seen_text = [], set()
    for score, f, r, _, text, *_ in scored[:RERANK]:
        if text in seen_text:
            continue
        seen_text.add(text)
        hits.append(Hit(r["id"], text, r["document_title"], r["meeting_label"], r["item_number"],
                        r["item_title"], r["section"], r["page"], r["kind"], round(score, 3), round(f.coverage, 3),
                        bool(r["restricted"])))
        if len(hits) == limit:
            break
    best = scored[0] if scored else None
    # The names the question gives ("Stevenage", "Kent County Council"): is the best passage's paper another place's?
    names = [w for c in cs if c.known and not c.corrected and all(w in q.capitals for w in c.word.split())
             for w in c.word.split() if w.isalpha()]
    answerable, why = judge.decide(question, q, idx, scored, hits, lone, about if lone is not None else set(),
                                   sims.get(best[2]["id"], 0.0) if best else 0.0,
                                   best[6].get("sentence", 0.0) if best else 0.0,
                                   _around(db, best[2], names, question, idx.generation) if best else judge.Around())
    if why and why != judge.PRIVATE and q.definition and hits and not hits[0].restricted \
            and shapes.definition(q.definition, idx.acronyms[q.definition]).search(hits[0].text):
        answerable, why = True, None   # "what does SOS stand for": the sentence spelling it out answers
    if why:
        log.debug("declined (%s): %s", why, question)
    return Result(hits, answerable, cs, corrections, definition, why)


def _around(db: Database, row: dict, names: list[str], question: str, generation: int) -> judge.Around:
    """What the judge needs from the best candidate's paper, looked up only when the question names a place or year."""
    year = judge.YEAR.search(question) is not None
    if not names and not year:
        return judge.Around()
    table = "agenda_items" if row["kind"] == "item" else "passages"
    found = db.execute(f"SELECT document_id FROM {table} WHERE id = ?", [row["id"]]).fetchone()
    if not found:
        return judge.Around()
    before = db.execute("SELECT text FROM passages WHERE id = ? AND document_id = ?",
                        [row["id"] - 1, found[0]]).fetchone() if year and table == "passages" else None
    return judge.Around(places.foreign(db, found[0], names, generation) if names else None, before[0] if before else "",
                        places.local(db, found[0], row["item_number"], generation) if names else frozenset())
