"""Where a search's candidate passages come from: FTS5 queries under a work budget, the meetings a
question names, and agenda item titles; and which of them belong to private (restricted) items."""
from __future__ import annotations

from sqlite_utils import Database

from knowledge.query import SPECIFIC
from knowledge.rank import Concept
from knowledge.search_index import Index, meeting_stems

BUDGET = 3000           # most rows one bm25 query may have to score (about 2.5 µs each)


def _df(idx: Index, c: Concept) -> int:
    """Passages a concept can match at most (an upper bound for phrases)."""
    return sum(min(idx.stem_df.get(x, 0) for x in alt) for alt in c.alts)


def by_words(db: Database, idx: Index, cs: list[Concept], limit: int) -> dict[int, float]:
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


def in_named_meetings(db: Database, idx: Index, cs: list[Concept]) -> dict[int, float]:
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


def items(db: Database, cs: list[Concept]) -> list[dict]:
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


def restricted(db: Database, rows: list[dict]) -> set[int]:
    """Ids of the rows that belong to agenda items held in private: never quoted."""
    pairs = {(r["meeting_id"], r["item_number"]) for r in rows if r["meeting_id"] and r["item_number"]}
    if not pairs:
        return set()
    bad = {tuple(x) for x in db.execute(
        "SELECT meeting_id, number FROM agenda_items WHERE restricted = 1 AND meeting_id IN (%s)"
        % ",".join("?" * len({p[0] for p in pairs})), list({p[0] for p in pairs}))}
    return {r["id"] for r in rows if (r["meeting_id"], r["item_number"]) in bad}
