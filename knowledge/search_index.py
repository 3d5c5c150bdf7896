"""The search index's derived data: an unstemmed word index, acronyms, agenda items, and what is kept in memory.

`refresh(db)` brings it up to date after an ingest (the ingest calls it; a search also notices new
passages itself). `index(db)` is the in-memory part a search needs: word and stem counts for
spelling correction and IDF, acronyms with their expansions, cached per database file until the
passages change.
"""
from __future__ import annotations

import gc
import logging
import math
import threading
from dataclasses import dataclass, field

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from knowledge import acronyms, lexicon, places, roles
from knowledge.thesaurus import thesaurus
from knowledge.vocabulary import STEMMER, STOPWORDS, Vocabulary, find_acronyms, tokens

log = logging.getLogger(__name__)
migrations = Migrations("search")


@migrations()
def m001_search(db: Database) -> None:
    """Unstemmed word index over passages, vocabularies of it and of the stemmed index, acronyms."""
    db.execute("""CREATE VIRTUAL TABLE search_words USING fts5(
        text, section, item_title, content='passages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', detail='none', columnsize=0)""")
    db.execute("CREATE VIRTUAL TABLE search_words_vocab USING fts5vocab(search_words, row)")
    db.execute("CREATE VIRTUAL TABLE search_stems_vocab USING fts5vocab(passages_fts, row)")
    db.execute("""CREATE TABLE search_acronyms (
        acronym TEXT NOT NULL, expansion TEXT NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (acronym, expansion, document_id))""")
    db.execute("CREATE TABLE search_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")


@migrations()
def m002_items(db: Database) -> None:
    """Agenda item titles are searchable too (a private item's title may be shown, never its papers)."""
    db.execute("""CREATE VIRTUAL TABLE search_items USING fts5(
        title, description, content='agenda_items', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""")
    db.execute("CREATE VIRTUAL TABLE search_items_vocab USING fts5vocab(search_items, row)")
    db.execute("DELETE FROM search_state")   # refresh everything on the next search


@migrations()
def m003_acronym_labels(db: Database) -> None:
    """Acronyms are found again: definitions with a label ("SOS (Morse code: Save our Souls)") are read now."""
    db.execute("DELETE FROM search_state")   # refresh everything on the next search


@migrations()
def m004_roles(db: Database) -> None:
    """People's offices as each paper introduces them (knowledge.roles), for the paper's other paragraphs."""
    db.execute("""CREATE TABLE search_roles (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        person TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (document_id, person, role))""")
    db.execute("DELETE FROM search_state")   # refresh everything on the next search


@migrations()
def m005_homes(db: Database) -> None:
    """The names each paper keeps using ("Kent", "Stevenage"), to tell one council's papers from another's."""
    db.execute("""CREATE TABLE search_homes (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        word TEXT NOT NULL, share REAL NOT NULL, PRIMARY KEY (document_id, word))""")
    db.execute("CREATE INDEX search_homes_word ON search_homes(word)")
    db.execute("DELETE FROM search_state")   # refresh everything on the next search


@migrations()
def m006_ampersands(db: Database) -> None:
    """Acronyms a paper uses without defining ("O&S", "ASCH") are spelt out from its own capitalised phrases."""
    db.execute("DELETE FROM search_state")   # refresh everything on the next search


@migrations()
def m007_councils(db: Database) -> None:
    """The council each paper belongs to (knowledge.places.own_council): its "the Council" is that council."""
    db.execute("""CREATE TABLE search_councils (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, name TEXT NOT NULL)""")
    db.execute("DELETE FROM search_state")   # refresh everything on the next search


def councils_by_passage(db: Database, ids: list[int]) -> dict[int, str]:
    """Passage id -> the full name of the council whose paper it is in, where known."""
    marks = ",".join("?" * len(ids))
    return dict(db.execute("SELECT p.id, c.name FROM passages p JOIN search_councils c "
                           f"ON c.document_id = p.document_id WHERE p.id IN ({marks})", ids).fetchall())


def roles_by_passage(db: Database, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Passage id -> surname -> the offices its paper gives that person."""
    out: dict[int, dict[str, list[str]]] = {}
    for pid, person, role in db.execute(
            "SELECT p.id, r.person, r.role FROM passages p JOIN search_roles r ON r.document_id = p.document_id "
            "WHERE p.id IN (%s)" % ",".join("?" * len(ids)), ids):
        out.setdefault(pid, {}).setdefault(person, []).append(role)
    return out


def _state(db: Database, key: str) -> int:
    row = db.execute("SELECT value FROM search_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else 0


def _set_state(db: Database, **values: int) -> None:
    db.conn.executemany("INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)", values.items())


def refresh(db: Database) -> bool:
    """Bring the word index and acronyms up to date with the passages; True when anything changed."""
    max_id, count = db.execute("SELECT coalesce(max(id), 0), count(*) FROM passages").fetchone()
    done_max, done_count = _state(db, "max_id"), _state(db, "count")
    if (max_id, count) == (done_max, done_count) and _state(db, "generation"):
        return False
    kept = db.execute("SELECT count(*) FROM passages WHERE id <= ?", [done_max]).fetchone()[0]
    # One transaction: a reader never sees the word index rebuilt but the acronyms or the state not.
    # (`with db.conn:` opens none under sqlite-utils 4, whose execute() commits each write.)
    with db.atomic():
        if kept != done_count or not done_max:   # passages went away: rebuild from scratch
            db.execute("INSERT INTO search_words(search_words) VALUES ('rebuild')")
            db.execute("DELETE FROM search_acronyms")
            db.execute("DELETE FROM search_roles")
            db.execute("DELETE FROM search_homes")
            db.execute("DELETE FROM search_councils")
            since = 0
        else:
            db.execute("INSERT INTO search_words(rowid, text, section, item_title) "
                       "SELECT id, text, section, item_title FROM passages WHERE id > ?", [done_max])
            since = done_max
        rows = []
        for r in db.execute("SELECT acronym, expansion, document_id FROM acronyms "
                            "WHERE document_id IN (SELECT document_id FROM passages WHERE id > ?)", [since]):
            rows.append(tuple(r))
        for doc_id, text in db.execute("SELECT document_id, text FROM passages WHERE id > ? "
                                       "AND text LIKE '%(%'", [since]).fetchall():
            rows.extend((a, e, doc_id) for a, exps in find_acronyms(text).items() for e in exps)
        for doc_id, text in db.execute("SELECT document_id, text FROM passages WHERE id > ? "
                                       "AND text LIKE '%' || char(9) || '%'", [since]).fetchall():
            rows.extend((a, e, doc_id) for a, exps in find_acronyms(text).items() for e in exps)
        db.conn.executemany("INSERT OR IGNORE INTO search_acronyms VALUES (?, ?, ?)", rows)
        db.conn.executemany("INSERT OR IGNORE INTO search_roles VALUES (?, ?, ?)", (
            (doc_id, person, role) for doc_id, text in db.execute(
                "SELECT document_id, text FROM passages WHERE id > ? AND (" + " OR ".join(
                    f"text LIKE '%{t} %'" for t in roles.TITLES) + ")", [since]).fetchall()
            for person, role in roles.introduced(text)))
        short = places.council_acronyms(db.execute("SELECT DISTINCT acronym, expansion FROM search_acronyms"))
        for (doc_id,) in db.execute("SELECT DISTINCT document_id FROM passages WHERE id > ?", [since]).fetchall():
            texts = [t for (t,) in db.execute("SELECT text FROM passages WHERE document_id = ? ORDER BY id", [doc_id])]
            homes = places.homes(texts)
            db.conn.executemany("INSERT OR REPLACE INTO search_homes VALUES (?, ?, ?)",
                                ((doc_id, w, share) for w, share in homes))
            if council := places.own_council(texts, homes, short):
                db.execute("INSERT OR REPLACE INTO search_councils VALUES (?, ?)", [doc_id, council])
            known = {a for (a,) in db.execute("SELECT acronym FROM search_acronyms WHERE document_id = ?", [doc_id])}
            db.conn.executemany("INSERT OR IGNORE INTO search_acronyms VALUES (?, ?, ?)",
                                ((a, e, doc_id) for a, e in acronyms.undefined(texts, known)))
        db.execute("INSERT INTO search_items(search_items) VALUES ('rebuild')")
        _set_state(db, max_id=max_id, count=count, generation=_state(db, "generation") + 1)
    log.info("search index refreshed: %d passages", count)
    return True


@dataclass
class Index:
    """What a search needs in memory: word and stem counts, the vocabulary, acronyms."""

    generation: int
    n: int
    vocab: Vocabulary
    stem_of: dict[str, str]
    stem_df: dict[str, int]
    acronyms: dict[str, list[str]]
    expansions: list[tuple[tuple[str, ...], str]] = field(default_factory=list)   # stems -> acronym
    # A run of one to three stems inside an expansion -> the acronyms: "domestic abuse" -> SADA, DAAG.
    parts: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    def stem(self, word: str) -> str:
        """A word's stem (the index's own table first, then the tokenizer)."""
        s = self.stem_of.get(word)
        return s if s is not None else STEMMER.stem(word)

    def stems(self, words: list[str]) -> list[str]:
        """Stems of a passage's words (all in the index's table but for a race with an ingest)."""
        try:
            return list(map(self.stem_of.__getitem__, words))
        except KeyError:
            return [self.stem(w) for w in words]

    def idf(self, df: int) -> float:
        """BM25's inverse document frequency."""
        return math.log((self.n - df + 0.5) / (df + 0.5) + 1.0)


_INDEXES: dict[str, Index] = {}
_LOCK = threading.Lock()


def index(db: Database) -> Index:
    """The in-memory index for this database, refreshed and reloaded when the passages changed."""
    max_id = db.execute("SELECT coalesce(max(id), 0) FROM passages").fetchone()[0]
    if max_id != _state(db, "max_id") or not _state(db, "generation"):
        refresh(db)
    key = db.execute("PRAGMA database_list").fetchone()[2] or str(id(db))
    gen = _state(db, "generation")
    with _LOCK:
        idx = _INDEXES.get(key)
        if idx is None or idx.generation != gen:
            idx = _load(db, gen)
            _INDEXES[key] = idx
            _settle()
    return idx


def _settle() -> None:
    """Keep the long-lived tables (this index, the word lists, the thesaurus) out of the garbage
    collector's full passes: traversing them held the GIL for ~25 ms, an event-loop stall. They hold
    no reference cycles, so reference counting still frees an index replaced after an ingest; anything
    frozen last time goes back to the collector first, so frozen cyclic garbage lasts one reload at most."""
    thesaurus()
    lexicon.english()
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _load(db: Database, generation: int) -> Index:
    df = dict(db.execute("SELECT term, doc FROM search_words_vocab").fetchall())
    stem_df = dict(db.execute("SELECT term, doc FROM search_stems_vocab").fetchall())
    # Words only agenda item titles use still count as the papers' words.
    for (title,) in db.execute("SELECT title FROM agenda_items"):
        for w in tokens(title):
            df.setdefault(w, 1)
    for term, n in db.execute("SELECT term, doc FROM search_items_vocab"):
        stem_df.setdefault(term, n)
    n = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    acr: dict[str, list[str]] = {}
    for a, e in db.execute("SELECT DISTINCT acronym, expansion FROM search_acronyms ORDER BY acronym, expansion"):
        acr.setdefault(a.lower(), []).append(e)
    idx = Index(generation, n, Vocabulary(df), STEMMER.stems(list(df)), stem_df, acr)
    idx.expansions = sorted(((tuple(idx.stem(w) for w in tokens(e) if w not in STOPWORDS), a)
                             for a, exps in acr.items() for e in exps), key=lambda t: -len(t[0]))
    for stems, a in idx.expansions:
        for i in range(len(stems)):
            for k in range(i + 1, min(i + 3, len(stems)) + 1):
                if k - i < len(stems) and a not in idx.parts.setdefault(stems[i:k], []):
                    idx.parts[stems[i:k]].append(a)
    return idx


_MEETING_TITLES: dict[str, tuple[tuple, dict[str, set[int]]]] = {}


def meeting_stems(db: Database, idx: Index) -> dict[str, set[int]]:
    """Stem -> ids of the meetings whose title has it, cached until the meetings change."""
    key = db.execute("PRAGMA database_list").fetchone()[2] or str(id(db))
    stamp = tuple(db.execute("SELECT count(*), max(id), total(length(title)) FROM meetings").fetchone())
    hit = _MEETING_TITLES.get(key)
    if hit is None or hit[0] != stamp:
        inverted: dict[str, set[int]] = {}
        for mid, title in db.execute("SELECT id, title FROM meetings"):
            for st in set(idx.stems(tokens(title))):
                inverted.setdefault(st, set()).add(mid)
        hit = _MEETING_TITLES[key] = (stamp, inverted)
    return hit[1]
