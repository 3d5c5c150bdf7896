"""Passage vectors: stored beside the passages, filled after an ingest, held in memory for search.

Each passage (id > 0) and agenda item title (id = -item id) gets a MiniLM vector (knowledge.embed),
stored as float16 bytes (768 per passage). `fill(db)` embeds what has none yet, in batches that
commit as they go, so an interrupted ingest keeps what it did; a generation counter tells a search
when to reload. `vectors(db)` keeps them in memory as one matrix; a search scores every passage
with one product when the corpus is small enough, and only its word candidates beyond that
(DENSE_SCAN), to keep a query within its time budget. The question is encoded, and the scan run,
on a thread of their own while the word search runs (`start_question`).

Each passage's sentences (`split`) get vectors too, stored as one blob per passage and read for the
best few candidates only (`best_sentences`): a long passage's single vector blurs the one sentence
that answers, and all of them would not fit in memory at 200,000 passages.
"""
from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from knowledge import embed, rank

log = logging.getLogger(__name__)
migrations = Migrations("dense")
CHUNK = 64                 # vectors committed together while filling
DENSE_SCAN = 40_000        # beyond this many vectors, only word candidates are scored (50,000 scanned: p95 32 ms)
MIN_SENTENCE = 20          # characters: shorter pieces ("Yes.", "5.") say too little to match on their own
MAX_SENTENCES = 48         # per passage; a longer passage's tail is rarely the answer


@migrations()
def m001_vectors(db: Database) -> None:
    """One vector per passage (id) and per agenda item (-id)."""
    db.execute("CREATE TABLE dense_vectors (id INTEGER PRIMARY KEY, vector BLOB NOT NULL)")


@migrations()
def m002_generation(db: Database) -> None:
    """A counter bumped by every change to the vectors: a search checks it instead of counting rows
    (count(*) over 200,000 vectors took 40 ms)."""
    db.execute("CREATE TABLE dense_state (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)")
    db.execute("INSERT INTO dense_state VALUES (1, 1)")


@migrations()
def m003_sentences(db: Database) -> None:
    """Each passage's sentences get vectors too (one blob of rows per passage): a long passage's one
    vector blurs the sentence that answers. Existing vectors are dropped so that every passage is
    embedded again with its sentences (`councilbot run` does it in the background)."""
    db.execute("CREATE TABLE sentence_vectors (id INTEGER PRIMARY KEY, vectors BLOB NOT NULL)")
    db.execute("DELETE FROM dense_vectors")
    _bump(db)


def _bump(db: Database) -> None:
    db.execute("UPDATE dense_state SET generation = generation + 1 WHERE id = 1")


def todo(db: Database, limit: int | None = None) -> list[tuple[int, str]]:
    """Passages and item titles with no vector yet, as (id, text); at most `limit` of them."""
    sql = ("SELECT p.id, p.text FROM passages p LEFT JOIN dense_vectors v ON v.id = p.id WHERE v.id IS NULL "
           "UNION ALL SELECT -a.id, a.title FROM agenda_items a LEFT JOIN dense_vectors v ON v.id = -a.id "
           "WHERE v.id IS NULL")
    return db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()


def prune(db: Database) -> None:
    """Drop the vectors of passages and items that are gone (a replaced paper)."""
    with db.atomic():
        gone = db.execute("DELETE FROM dense_vectors WHERE id > 0 AND id NOT IN (SELECT id FROM passages)").rowcount
        gone += db.execute("DELETE FROM dense_vectors WHERE id < 0 AND -id NOT IN (SELECT id FROM agenda_items)").rowcount
        db.execute("DELETE FROM sentence_vectors WHERE id NOT IN (SELECT id FROM passages)")
        if gone:
            _bump(db)


def split(text: str) -> list[str]:
    """The sentences of a passage that get a vector of their own (the first MAX_SENTENCES long enough to say
    something); their order is the order `rank.sentences` gives."""
    return [t for t in rank.sentences(text) if len(t) >= MIN_SENTENCE][:MAX_SENTENCES]


def encode(part: list[tuple[int, str]]) -> list[tuple[int, bytes, bytes | None]]:
    """(id, vector bytes, its sentences' vectors as one blob or None) for (id, text) pairs; runs without the
    database, so off its thread. Item titles (id < 0) are one sentence already."""
    sents = [split(text) if i > 0 else [] for i, text in part]
    flat = [text for _, text in part] + [t for ss in sents for t in ss]
    vecs = embed.encoder().encode(flat).astype("float16")
    out, k = [], len(part)
    for (i, _), v, ss in zip(part, vecs, sents):
        out.append((i, v.tobytes(), vecs[k:k + len(ss)].tobytes() if ss else None))
        k += len(ss)
    return out


def store(db: Database, rows: list[tuple]) -> None:
    """Save encoded vectors (as `encode` gives them) in one transaction."""
    with db.atomic():
        db.conn.executemany("INSERT OR REPLACE INTO dense_vectors (id, vector) VALUES (?, ?)",
                            [(i, v) for i, v, *_ in rows])
        db.conn.executemany("INSERT OR REPLACE INTO sentence_vectors (id, vectors) VALUES (?, ?)",
                            [(i, r[0]) for i, _, *r in rows if r and r[0]])
        _bump(db)


def fill(db: Database, progress: Callable[[int, int], None] | None = None) -> int:
    """Embed every passage and item title without a vector, drop vectors of removed ones; the count embedded."""
    prune(db)
    items = todo(db)
    if embed.encoder() is None or not items:
        return 0
    for start in range(0, len(items), CHUNK):
        store(db, encode(items[start:start + CHUNK]))
        if progress:
            progress(min(start + CHUNK, len(items)), len(items))
    log.info("embedded %d passages and items", len(items))
    return len(items)


@dataclass
class Vectors:
    """Every stored vector in memory: ids, one matrix, and where each id sits in it."""

    stamp: int
    ids: object            # numpy int64 array
    matrix: object         # numpy array, one row per id (float32 up to DENSE_SCAN rows, float16 beyond)
    row: dict[int, int]


_CACHE: dict[str, Vectors] = {}
_LOCK = threading.Lock()


def vectors(db: Database) -> Vectors | None:
    """The vectors of this database, reloaded when they change; None when there are none or no model."""
    if embed.encoder() is None:
        return None
    key = db.execute("PRAGMA database_list").fetchone()[2] or str(id(db))
    stamp = db.execute("SELECT generation FROM dense_state WHERE id = 1").fetchone()[0]
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None or hit.stamp != stamp:
            hit = _CACHE[key] = _load(db, stamp)
    if not len(hit.ids):
        return None
    return hit


def _load(db: Database, stamp: int) -> Vectors:
    """Every vector into one preallocated matrix, row by row (joining the rows' bytes first held three
    copies of 300 MB at once at 200,000 passages)."""
    import numpy as np
    n = db.execute("SELECT count(*) FROM dense_vectors").fetchone()[0]
    wide = np.float32 if n <= DENSE_SCAN else np.float16   # numpy multiplies float16 without BLAS: slowly
    ids = np.zeros(n, np.int64)
    matrix = np.zeros((n, embed.DIM), wide)
    k = -1
    for k, (i, blob) in enumerate(db.execute("SELECT id, vector FROM dense_vectors ORDER BY id")):
        if k >= n:
            break   # rows added meanwhile wait for the next load
        ids[k] = i
        matrix[k] = np.frombuffer(blob, np.float16)
    ids, matrix = ids[:k + 1], matrix[:k + 1]
    return Vectors(stamp, ids, matrix, {int(i): r for r, i in enumerate(ids)})


def question_vector(question: str):
    """The question's unit vector, or None without a model (the last few are remembered)."""
    return _question_vector(" ".join(question.split()))


@functools.lru_cache(maxsize=256)
def _question_vector(question: str):
    enc = embed.encoder()
    return None if enc is None else enc.encode([question])[0]


_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="question-vector")


def start_question(question: str, vs: Vectors, k: int) -> Future:
    """Encode the question and find its k nearest passages on a thread of their own, while the word
    search runs: the model's and the scan's matrix products release the GIL, so the two share the two
    cores. The future gives (question vector, {passage id: cosine}); (None, {}) without a model."""
    def work():
        qv = question_vector(question)
        return (qv, nearest(vs, qv, k)) if qv is not None else (None, {})
    return _POOL.submit(work)


def nearest(vs: Vectors, qv, k: int) -> dict[int, float]:
    """The k passages (ids > 0) closest to the question vector, with their cosine similarity;
    nothing when the corpus is past DENSE_SCAN (a full scan would blow the latency budget)."""
    import numpy as np
    if len(vs.ids) > DENSE_SCAN:
        return {}
    sims = np.where(vs.ids > 0, vs.matrix @ qv, -1.0)
    top = np.argpartition(-sims, min(k, len(sims) - 1))[:k]
    return {int(vs.ids[t]): float(sims[t]) for t in top}


def similarity(vs: Vectors | None, qv, ids: list[int]) -> dict[int, float]:
    """Cosine similarity of the question to each id that has a vector."""
    if vs is None or qv is None:
        return {}
    import numpy as np
    have = [(i, vs.row[i]) for i in ids if i in vs.row]
    if not have:
        return {}
    sims = vs.matrix[[r for _, r in have]].astype(np.float32) @ qv
    return {i: float(s) for (i, _), s in zip(have, sims)}


def best_sentences(db: Database, qv, ids: list[int]) -> dict[int, tuple[float, int]]:
    """For each passage id with sentence vectors: (cosine of its sentence closest to the question, that
    sentence's place in `split(text)`). Read from the database for a few candidates only: all of them
    would not fit the memory budget at 200,000 passages."""
    if qv is None or not ids:
        return {}
    import numpy as np
    out = {}
    rows = db.execute("SELECT id, vectors FROM sentence_vectors WHERE id IN (%s)" % ",".join("?" * len(ids)), ids)
    for i, blob in rows:
        m = np.frombuffer(blob, np.float16).reshape(-1, embed.DIM).astype(np.float32)
        sims = m @ qv
        k = int(sims.argmax())
        out[i] = (float(sims[k]), k)
    return out
