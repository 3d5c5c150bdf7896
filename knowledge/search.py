"""Searching the papers: FTS5 candidates, a reranker over them, and an honest "answerable" verdict.

`refresh(db)` (in knowledge.search_index, re-exported here) keeps the derived data in step after an
ingest: an unstemmed word index for spelling correction, acronyms the papers define, agenda items.
`search(db, question)` returns the best passages with their citations.

Pipeline: question -> concepts (knowledge.query: stop words dropped, typos corrected against the papers'
words, acronyms expanded, synonyms from the thesaurus) -> FTS5 AND and OR queries ranked by bm25 (a few hundred candidates at most)
-> rerank by IDF-weighted coverage, proximity and titles -> restricted items filtered -> trimmed.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from knowledge import dense, judge, rank, verdict
from knowledge.query import SPECIFIC, Query, parse
from knowledge.rank import Concept
from knowledge.search_index import Index, index, meeting_stems, migrations, refresh  # noqa: F401 (the API)
from knowledge.vocabulary import STOPWORDS, tokens

log = logging.getLogger(__name__)

ANSWERABLE = verdict.ANSWERABLE
NEAR = 0.35              # least coverage for a passage to be offered as "the nearest source"
RERANK = judge.RERANK
BUDGET = 3000           # most rows one bm25 query may have to score (about 2.5 µs each)
PROMOTE = 0.9           # a runner-up this close holding the fact asked for (a number, a date) goes first


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


# Set by hand over rounds one to six. Round seven fitted them (scripts/fit_ranker.py: coordinate search on
# MRR and pairwise logistic regression over every candidate's features, leave one question set out): the
# fitted weights lost hit@1 on every held-out set (dev 0.89 -> 0.79, held-out 0.78 -> 0.72, paraphrase
# 0.50 -> 0.46), so these stay. Re-run the script before changing them.
import os
HAND = Weights(coverage=0.5, proximity=0.14, title=0.12, bm25=0.1, wanted=1.0, own=0.0, local=0.25,
               dense=float(os.environ.get("CB_DENSE_W", "0.1")))
DENSE_K = int(os.environ.get("CB_DENSE_K", "20"))

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


def _df(idx: Index, c: Concept) -> int:
    """Passages a concept can match at most (an upper bound for phrases)."""
    return sum(min(idx.stem_df.get(x, 0) for x in alt) for alt in c.alts)


def _candidates(db: Database, idx: Index, cs: list[Concept], limit: int) -> dict[int, float]:
    """Candidate passages with their bm25 (lower is better), never ranking more than ~BUDGET rows."""
    known = sorted((c for c in cs if c.known), key=lambda c: _df(idx, c))
    if not known:
        return {}
    ranked = ("SELECT rowid, bm25(passages_fts, 1.0, 0.6, 1.5, 0.4) FROM passages_fts "
              "WHERE passages_fts MATCH ? ORDER BY 2 LIMIT ?")
    # bm25 must score every matching row; when all words are common, the most recent passages
    # holding them all stand in (FTS5 walks rowids backwards and stops early).
    recent = "SELECT rowid, -1.0 FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
    everything = " AND ".join(c.fts() for c in known)
    queries = [(ranked if _df(idx, known[0]) <= BUDGET else recent, everything, 40)]
    rare, rows = [], 0
    for c in known:
        rows += _df(idx, c)
        if rows > BUDGET:
            break
        rare.append(c.fts())
    if rare and len(known) > 1:
        queries.append((ranked, " OR ".join(rare), limit))
    elif not rare and len(known) > 2:
        queries.append((recent, f"{known[0].fts()} AND {known[1].fts()}", 40))
    found: dict[int, float] = {}
    for sql, q, n in queries:
        for rowid, score in db.execute(sql, [q, n]):
            found[rowid] = min(found.get(rowid, 0.0), score)
    return found


def _in_named_meetings(db: Database, idx: Index, cs: list[Concept]) -> dict[int, float]:
    """Passages of the meetings a question names ("the audit committee", "the extraordinary council"),
    matched on the question's other words: minutes rarely repeat the body's name in every paragraph."""
    inverted = meeting_stems(db, idx)
    weight: dict[int, float] = {}
    named: dict[int, list[Concept]] = {}
    for c in cs:
        if not c.known:
            continue
        mids: set[int] = set()
        for k, alt in enumerate(c.alts):
            if c.weight(k) < 1.0:
                continue   # a synonym does not name a meeting
            sets = [inverted.get(x, set()) for x in alt]
            mids |= set.intersection(*sets) if sets else set()
        for m in mids:
            weight[m] = weight.get(m, 0.0) + c.idf
            named.setdefault(m, []).append(c)
    ok = [m for m in weight if any(c.idf >= SPECIFIC for c in named[m])]
    if not ok:
        return {}
    best = max(weight[m] for m in ok)
    ids = [m for m in ok if weight[m] >= best - 1e-9]
    if len(ids) > 200:
        return {}
    rest = [c for c in cs if c.known and c not in named[ids[0]]]
    if not rest or sum(_df(idx, c) for c in rest) > 4 * BUDGET:
        return {}
    sql = ("SELECT p.id, bm25(passages_fts, 1.0, 0.6, 1.5, 0.4) FROM passages_fts JOIN passages p "
           "ON p.id = passages_fts.rowid WHERE passages_fts MATCH ? AND p.meeting_id IN (%s) ORDER BY 2 LIMIT 30"
           % ",".join(str(int(m)) for m in ids))
    return dict(db.execute(sql, [" OR ".join(c.fts() for c in rest)]).fetchall())


FIELDS = ("id", "text", "document_title", "meeting_label", "item_number", "item_title", "section", "page",
          "kind", "meeting_id", "restricted")


def _items(db: Database, cs: list[Concept]) -> list[dict]:
    """Agenda items whose titles match, as passage-like rows (negative ids); private ones title only."""
    known = [c.fts() for c in cs if c.known]
    if not known:
        return []
    out = []
    for r in db.execute(
            "SELECT a.id, a.number, a.title, a.description, a.restricted, a.page_from, a.meeting_id, m.title, "
            "d.title, bm25(search_items) FROM search_items JOIN agenda_items a ON a.id = search_items.rowid "
            "JOIN documents d ON d.id = a.document_id LEFT JOIN meetings m ON m.id = a.meeting_id "
            "WHERE search_items MATCH ? ORDER BY bm25(search_items) LIMIT 10", [" OR ".join(known)]):
        item_id, number, title, desc, restricted, page, meeting_id, label, doc, score = r
        text = f"Item {number}: {title}" + (f". {desc}" if desc and not restricted else "")
        out.append({"id": -item_id, "text": text, "document_title": doc, "meeting_label": label,
                    "item_number": number, "item_title": title, "section": None, "page": page, "kind": "item",
                    "meeting_id": meeting_id, "restricted": restricted, "bm25": score})
    return out


def _restricted(db: Database, rows: list[dict]) -> set[int]:
    pairs = {(r["meeting_id"], r["item_number"]) for r in rows if r["meeting_id"] and r["item_number"]}
    if not pairs:
        return set()
    bad = {tuple(x) for x in db.execute(
        "SELECT meeting_id, number FROM agenda_items WHERE restricted = 1 AND meeting_id IN (%s)"
        % ",".join("?" * len({p[0] for p in pairs})), list({p[0] for p in pairs}))}
    return {r["id"] for r in rows if (r["meeting_id"], r["item_number"]) in bad}


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
    cs = q.concepts
    corrections = {c.word: c.corrected for c in cs if c.corrected}
    definition = (q.definition.upper(), idx.acronyms[q.definition]) if q.definition else None
    cands = _candidates(db, idx, cs, pool) if cs else {}
    if not cands and not any(c.known for c in cs):
        return Result([], False, cs, corrections, definition)
    for rowid, score in _in_named_meetings(db, idx, cs).items():
        cands[rowid] = min(cands.get(rowid, 0.0), score)
    vs = dense.vectors(db)
    qv = dense.question_vector(question) if vs is not None else None
    if qv is not None:
        # Passages close in meaning though worded differently ("sofas" and "soft furnishings").
        for rowid in dense.nearest(vs, qv, DENSE_K):
            cands.setdefault(rowid, 0.0)
    # The meeting's own title (it knows "extraordinary" and the time) is the better label.
    rows = [dict(zip(FIELDS, r)) for r in db.execute(
        "SELECT p.id, p.text, p.document_title, coalesce(m.title, p.meeting_label), p.item_number, p.item_title, "
        "p.section, p.page, p.kind, p.meeting_id, 0 FROM passages p LEFT JOIN meetings m ON m.id = p.meeting_id "
        "WHERE p.id IN (%s)" % ",".join("?" * len(cands)), list(cands))]
    hidden = _restricted(db, rows)
    for r in _items(db, cs):
        cands[r["id"]] = r.pop("bm25")
        rows.append(r)
    need = rank.wanted(cs)
    sims = dense.similarity(vs, qv, [r["id"] for r in rows])
    if not rows:
        return Result([], False, cs, corrections, definition)
    best_bm25 = min(cands.values()) or -1.0
    scored = []
    for r in rows:
        if r["id"] in hidden:
            continue
        words = tokens(r["text"])
        stems = idx.stems(words)
        context = rank.plain_stems(" ".join(filter(None, (r["item_title"], r["section"], r["meeting_label"]))),
                                   idx.stems, need)
        f = rank.features(cs, stems, context, need, words, rank.modified_tails(words, stems, need, r["text"]))
        bm = cands[r["id"]] / best_bm25 if best_bm25 else 0.0
        # Very short passages say little; an agenda item's title only names the subject.
        short = 0.8 if len(r["text"]) < 40 else 0.85 if r["kind"] == "item" else 1.0
        mult = short * _prose(r["text"])
        if q.who and not verdict.PERSON.search(r["text"]):
            mult *= 0.85   # "who ..." is not answered by a passage that names nobody
        if not verdict.has_expected(q.expects, r["text"]):
            mult *= 0.85   # nor "how many" by one without a number, "when" without a date
        parts = {"coverage": f.coverage, "proximity": f.proximity, "title": f.title, "bm25": bm,
                 "wanted": _wanted(q, r, stems, idx), "own": f.own, "dense": sims.get(r["id"], 0.0)}
        scored.append([_combine(w, mult, parts), f, r, context, r["text"], mult, parts])
    scored.sort(key=lambda t: (-t[0], t[2]["id"]))
    # Second pass over the best few (all of them when tracing): how much the quotable sentences cover.
    for k, t in enumerate(scored):
        if k >= RERANK and trace is None:
            break
        t[4], local = rank.trim(t[2]["text"], cs, idx.stem, context=t[3],
                                prefer=_RESOLVING if "action" in q.wants else verdict.fact_pattern(q.expects))
        t[6]["local"] = local
        if k < RERANK:
            t[0] += w.local * local
    if trace is not None:
        trace.extend({"id": t[2]["id"], "quote": t[4], "mult": t[5], **t[6]} for t in scored)
    scored[:RERANK] = sorted(scored[:RERANK], key=lambda t: (-t[0], t[2]["id"]))
    if q.expects and scored and not verdict.has_expected(q.expects, scored[0][4]):
        # "How many" / "when": a close runner-up whose quote holds a number / a date answers better.
        for k, t in enumerate(scored[1:5], start=1):
            if t[0] >= PROMOTE * scored[0][0] and verdict.has_expected(q.expects, t[4]):
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
    answerable, why = judge.decide(question, q, idx, scored, hits, lone, about if lone is not None else set(),
                                   sims.get(best[2]["id"], 0.0) if best else 0.0)
    if why:
        log.debug("declined (%s): %s", why, question)
    return Result(hits, answerable, cs, corrections, definition, why)


# Sentences that say what a council or a motion resolves to do.
_RESOLVING = re.compile(r"\bresolves?\b|\bRESOLVED\b|\bagreed\b|\bcalls on\b|\bdemands?\b|"
                        r"\bendorses?\b|\bpledges?\b|^\W*To [a-z]+ ", re.M)
# A person named beside a role: "Teresa Callaghan (Chair)", "Chair: Sarah Pateman", "Mr Cooke be elected to Chair".
_NAMED_ROLE = re.compile(r"[A-Z][a-z]+ [A-Z][a-z'-]+ \((?:Vice-)?Chair|Chair(?:man)?: [A-Z][a-z]+ [A-Z]"
                         r"|(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr) [A-Z][a-z'-]+ (?:be|was) (?:elected|appointed)")


_PROSE_END = re.compile(r"[.!?:;\"”)]\s*$")


def _prose(text: str) -> float:
    """1.0 for sentences, down to 0.88 for lists of headings and table rows (they seldom answer)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return 1.0
    prose = sum(len(ln) for ln in lines if len(ln) >= 100 or _PROSE_END.search(ln))
    return 0.88 + 0.12 * prose / sum(len(ln) for ln in lines)


def _wanted(q: Query, r: dict, stems: list[str], idx: Index) -> float:
    """A small lift for the kind of passage the question asks for (a decision, a question, a definition)."""
    lift = 0.0
    if q.wants & {"decision", "action"} and (r["kind"] in ("decision", "motion") or judge.DECIDED.search(r["text"])):
        lift += 0.06
    if "question" in q.wants and (r["kind"] == "question" or judge.ASKED.search(r["text"])):
        lift += 0.06
    if q.who and _NAMED_ROLE.search(r["text"]):
        lift += 0.2   # a person named beside a role is what "who chairs ..." asks for
    if q.definition:
        acr = idx.stem(q.definition)
        expansions = [tuple(idx.stem(w) for w in tokens(e) if w not in STOPWORDS) for e in idx.acronyms[q.definition]]
        where = rank.locate(stems, {acr} | {s for e in expansions for s in e})
        if acr in where and any(rank._positions(where, e) for e in expansions if e):
            lift += 0.1
    return lift
