"""Sentence-vector helpers for the search benchmark: random stand-in vectors, and timers around knowledge.dense.

Embedding 200,000 passages with the real model takes about an hour on this machine, so the search
benchmark stores random unit vectors instead (seeded, float16, the same shape and table as the real
ones). What it measures is the query path, which does not depend on the vectors' values: encoding
the question with the real model, loading the matrix, the full scan (at most DENSE_SCAN vectors)
and the similarity of the word candidates. Rankings and the answered count do depend on them, so
those figures are not comparable with a corpus embedded for real.
"""
from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from knowledge import dense, embed

CHUNK = 20_000   # random vectors written per transaction
SENTENCES = 4    # random sentence vectors per passage (round ten: the sample papers have 3.3 on average)


def fill_random(db, seed: int = 5) -> dict:
    """Give every passage and agenda item without a vector a random unit vector; the count and seconds taken."""
    rng = np.random.default_rng(seed)
    ids = [i for i, _ in dense.todo(db)]
    t0 = time.perf_counter()
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        v = rng.standard_normal((len(part), embed.DIM), dtype=np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        v = v.astype(np.float16)
        rows = []
        for i, row in zip(part, v):
            # Passages get SENTENCES random sentence vectors each (the sample papers average 3.3).
            s = rng.standard_normal((SENTENCES, embed.DIM), dtype=np.float32)
            s /= np.linalg.norm(s, axis=1, keepdims=True)
            rows.append((i, row.tobytes(), s.astype(np.float16).tobytes() if i > 0 else None))
        dense.store(db, rows)
    return {"random_vectors": len(ids), "random_vectors_s": round(time.perf_counter() - t0, 1)}


class Probe:
    """Wall time spent in each knowledge.dense step, per question (install once, read with `take()`)."""

    STEPS = ("vectors", "question_vector", "nearest", "similarity", "best_sentences")

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        for name in self.STEPS:
            setattr(dense, name, self._timed(name, getattr(dense, name)))

    def _timed(self, name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent[name] += (time.perf_counter() - t) * 1000
                self.calls[name] += 1
        return wrapper

    def take(self) -> tuple[dict[str, float], dict[str, int]]:
        """Milliseconds and calls per step since the last take, then reset."""
        out = dict(self.spent), dict(self.calls)
        self.spent.clear()
        self.calls.clear()
        return out


def blas_threads() -> int | None:
    """The thread count OpenBLAS actually uses in this process (it reads OPENBLAS_NUM_THREADS once, when
    numpy loads, so setting the variable later changes nothing); None if it cannot be asked."""
    import ctypes
    with open("/proc/self/maps") as fh:
        libs = sorted({f for f in fh.read().split() if "openblas" in f.lower() and ".so" in f})
    for lib in libs:
        for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads"):
            fn = getattr(ctypes.CDLL(lib), name, None)
            if fn is not None:
                return int(fn())
    return None


def fresh_question() -> None:
    """Forget encoded questions, so every question measured pays for the model (the warm-up and the
    stall run ask questions already asked: a resident's repeat would hit the cache, a benchmark's should not)."""
    dense._question_vector.cache_clear()


def words_only() -> None:
    """Switch sentence vectors off in this process (search then runs on words alone, as before round nine)."""
    dense.vectors = lambda db: None
