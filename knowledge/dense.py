"""Passage vectors: stored beside the passages, filled after an ingest, held in memory for search.

Each passage (id > 0) and agenda item title (id = -item id) gets a MiniLM vector (knowledge.embed),
stored as float16 bytes (768 per passage). `fill(db)` embeds what has none yet, in batches that commit as they go, so an
interrupted ingest keeps what it did. `vectors(db)` keeps them in memory as one matrix; a
search scores every passage with one product when the corpus is small enough, and only its word
candidates beyond that (DENSE_SCAN), to keep a query within its time budget.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from knowledge import embed

log = logging.getLogger(__name__)
migrations = Migrations("dense")
CHUNK = 64                 # vectors committed together while filling
DENSE_SCAN = 60_000        # beyond this many vectors, only word candidates are scored


@migrations()
def m001_vectors(db: Database) -> None:
    """One vector per passage (id) and per agenda item (-id)."""
    db.execute("CREATE TABLE dense_vectors (id INTEGER PRIMARY KEY, vector BLOB NOT NULL)")


def todo(db: Database, limit: int | None = None) -> list[tuple[int, str]]:
    """Passages and item titles with no vector yet, as (id, text); at most `limit` of them."""
    sql = ("SELECT p.id, p.text FROM passages p LEFT JOIN dense_vectors v ON v.id = p.id WHERE v.id IS NULL "
           "UNION ALL SELECT -a.id, a.title FROM agenda_items a LEFT JOIN dense_vectors v ON v.id = -a.id "
           "WHERE v.id IS NULL")
    return db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()


def prune(db: Database) -> None:
    """Drop the vectors of passages and items that are gone (a replaced paper)."""
    with db.atomic():
        db.execute("DELETE FROM dense_vectors WHERE id > 0 AND id NOT IN (SELECT id FROM passages)")
        db.execute("DELETE FROM dense_vectors WHERE id < 0 AND -id NOT IN (SELECT id FROM agenda_items)")


def encode(part: list[tuple[int, str]]) -> list[tuple[int, bytes]]:
    """(id, vector bytes) for (id, text) pairs; runs without the database, so off its thread."""
    vecs = embed.encoder().encode([text for _, text in part]).astype("float16")
    return [(i, v.tobytes()) for (i, _), v in zip(part, vecs)]


def store(db: Database, rows: list[tuple[int, bytes]]) -> None:
    """Save encoded vectors in one transaction."""
    with db.atomic():
        db.conn.executemany("INSERT OR REPLACE INTO dense_vectors (id, vector) VALUES (?, ?)", rows)


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
    """Every stored vector in memory: ids, a float16 matrix, and where each id sits in it."""

    stamp: tuple
    ids: object            # numpy int64 array
    matrix: object         # numpy array, one row per id (float32 up to DENSE_SCAN rows, float16 beyond)
    row: dict[int, int]


_CACHE: dict[str, Vectors] = {}
_LOCK = threading.Lock()


def vectors(db: Database) -> Vectors | None:
    """The vectors of this database, reloaded when they change; None when there are none or no model."""
    if embed.encoder() is None:
        return None
    import numpy as np
    key = db.execute("PRAGMA database_list").fetchone()[2] or str(id(db))
    stamp = tuple(db.execute("SELECT count(*), coalesce(max(id), 0), coalesce(min(id), 0) FROM dense_vectors").fetchone())
    if not stamp[0]:
        return None
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is None or hit.stamp != stamp:
            rows = db.execute("SELECT id, vector FROM dense_vectors ORDER BY id").fetchall()
            ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
            matrix = np.frombuffer(b"".join(r[1] for r in rows), np.float16).reshape(len(rows), embed.DIM)
            if len(rows) <= DENSE_SCAN:
                matrix = matrix.astype(np.float32)   # numpy multiplies float16 without BLAS: slowly
            hit = _CACHE[key] = Vectors(stamp, ids, matrix, {int(i): k for k, i in enumerate(ids)})
    return hit


def question_vector(question: str):
    """The question's unit vector, or None without a model."""
    enc = embed.encoder()
    return None if enc is None else enc.encode([question])[0]


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
