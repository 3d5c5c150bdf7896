"""Which meeting debates a subject: the agenda items whose titles name what a question is about, and the
meeting of a passage's paper ("when will councillors debate the devolution white paper?")."""
from __future__ import annotations

from sqlite_utils import Database

from knowledge import candidates
from knowledge.query import parse
from knowledge.search_index import index
from knowledge.vocabulary import tokens

# Words that frame "when will the council debate X?" rather than name X.
_FRAME = frozenset("council councils councillor councillors member members committee cabinet meeting meetings "
                   "debate debated debating discuss discussed discussing discussion decide decided deciding decision "
                   "consider considered considering vote voted voting talk talked talking agenda item look looked "
                   "looking happen happening come coming up next going".split())
ITEM_COVER = 0.6   # share of the question's subject an agenda item's title must name


def agenda_items_about(db: Database, question: str) -> list[tuple[int, str]]:
    """Agenda items whose titles name what the question is about ("when will councillors debate the devolution
    white paper?" -> "English Devolution White Paper"), as (meeting id, title), best first; private items too
    (their titles are public)."""
    idx = index(db)
    # A council's own name ("Stevenage Borough Council", "KCC") says whose meeting, not what about.
    topic = [c for c in parse(idx, question).concepts if c.word not in _FRAME and c.known and not c.word.isdigit()
             and not any(term.split()[-1:] == ["council"] for term in c.terms)]
    total = sum(c.idf for c in topic)
    if not topic or not total:
        return []
    out = []
    for r in candidates.items(db, topic):
        stems = set(idx.stems(tokens(r["item_title"] or "")))
        named = sum(c.idf for c in topic if any(all(s in stems for s in alt) for alt in c.alts))
        if r["meeting_id"] and named >= ITEM_COVER * total:
            out.append((r["meeting_id"], r["item_title"]))
    return out


def meeting_of(db: Database, passage_id: int) -> tuple[int, str] | None:
    """(meeting id, agenda item title) of the meeting a passage's paper belongs to, when it has one."""
    row = db.execute("SELECT meeting_id, coalesce(item_title, document_title) FROM passages WHERE id = ?",
                     [passage_id]).fetchone()
    return (row[0], row[1]) if row and row[0] else None

