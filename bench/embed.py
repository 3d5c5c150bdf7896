"""Sentence-vector throughput on the bundled papers: passages per second for `dense.fill`, and peak memory.

    .venv/bin/python bench/embed.py [--rounds 3] [--papers samples]

The papers are ingested once into a temporary database (not timed; `councilbot ingest` embeds after
loading, the same `dense.fill` call). Each round deletes the vectors and times `dense.fill` over every
passage and agenda item title; the figure is the median of the rounds (best in brackets). The model is
loaded before the first round and its loading time is reported on its own. Set OPENBLAS_NUM_THREADS
in the environment to compare thread counts.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLAS_ENV = os.environ.get("OPENBLAS_NUM_THREADS", "unset")   # as the caller set it, before knowledge.embed's default
sys.path.insert(0, str(ROOT))

from bench.memory import peak_rss_mb, rss_mb  # noqa: E402
from bench import vectors  # noqa: E402
from bot.db import open_db  # noqa: E402
from knowledge import dense, embed  # noqa: E402
from knowledge.ingest import ingest_paths  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Ingest the papers, then time filling their vectors `--rounds` times and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--papers", type=Path, default=ROOT / "samples")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "embed.db")
        ingest_paths(db, [a.papers])
        rss_before = rss_mb()
        t0 = time.perf_counter()
        enc = embed.encoder()
        t_model = time.perf_counter() - t0
        if enc is None:
            raise SystemExit("bench: the sentence model is not installed")
        items = dense.todo(db)
        pieces = sorted(len(e.ids) for e in enc.tok.encode_batch([t or " " for _, t in items]))
        passages = sum(1 for i, _ in items if i > 0)
        print(f"{passages} passages and {len(items) - passages} item titles from {a.papers}; word pieces per text: "
              f"median {statistics.median(pieces):.0f}, {sum(p >= embed.MAX_PIECES for p in pieces)} cut at "
              f"{embed.MAX_PIECES}; OPENBLAS_NUM_THREADS={BLAS_ENV}, threads OpenBLAS uses: {vectors.blas_threads()}; "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"model load: {t_model:.2f} s, resident {rss_before:.0f} -> {rss_mb():.0f} MB")
        rates, cpu_rates = [], []
        for _ in range(a.rounds):
            with db.atomic():
                db.execute("DELETE FROM dense_vectors")
            t, c = time.perf_counter(), time.process_time()
            done = dense.fill(db)
            rates.append(done / (time.perf_counter() - t))
            cpu_rates.append(done / (time.process_time() - c))
        db.conn.close()
    print(f"dense.fill: {statistics.median(rates):.1f} texts/s ({max(rates):.1f} best) over {a.rounds} rounds; "
          f"per CPU-second of the process (all threads): {statistics.median(cpu_rates):.1f}")
    print(f"peak resident size of the whole benchmark: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
