"""Ingest throughput and memory on the bundled papers: PDF pages/s and text MB/s, by stage.

    .venv/bin/python bench/ingest.py [--rounds 5] [--pdfs samples/kent-2025-01] [--texts 'samples/*.txt']

Stages: "extract" is reading the text layer or decoding only; "+ parse" adds the parser;
"ingest" is the whole `councilbot ingest` path (hash, read, parse, one transaction per file,
FTS index, search refresh) into a fresh database each round (creating it is not timed). Each figure is the median of the
rounds (best in brackets), after one untimed warm-up call. Peak memory: the largest Python heap (tracemalloc, one extra round)
and the process's peak resident size (getrusage). A last check reads the PDFs hundreds of times
and reports resident size after the first and the last pass, to show nothing leaks.
"""
from __future__ import annotations

import argparse
import glob
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.memory import peak_rss_mb, rss_mb  # noqa: E402
from bot.db import open_db  # noqa: E402
from knowledge import parse, readers  # noqa: E402
from knowledge.ingest import ingest_paths  # noqa: E402


def timed(fn, rounds: int) -> list[float]:
    """Wall-clock seconds of each of `rounds` calls (or the seconds a call reports it spent working)."""
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        spent = fn()
        out.append(spent if spent is not None else time.perf_counter() - start)
    return out


def python_peak_mb(fn) -> float:
    """Largest Python heap during one call, in MB (native PDFium memory is not counted here)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def stages(files: list[Path], read) -> dict:
    """The three stage functions for one kind of file."""
    blobs = [f.read_bytes() for f in files]

    def extract():
        for b in blobs:
            read(b)

    def extract_parse():
        for f, b in zip(files, blobs):
            parse.parse_pages(read(b), title=f.stem)

    def ingest():
        with tempfile.TemporaryDirectory() as tmp:
            db = open_db(Path(tmp) / "bench.db")   # creating the database is not ingest work
            start = time.perf_counter()
            summary = ingest_paths(db, files)
            spent = time.perf_counter() - start
            db.conn.close()
            if summary.failed:
                raise SystemExit(f"bench: ingest failed: {summary.failed}")
            return spent

    return {"extract": extract, "+ parse": extract_parse, "ingest": ingest}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="timed repetitions per figure (default 5)")
    ap.add_argument("--pdfs", default=str(ROOT / "samples" / "kent-2025-01"), help="folder of PDFs")
    ap.add_argument("--texts", default=str(ROOT / "samples" / "*.txt"), help="glob of text files")
    ap.add_argument("--leak-passes", type=int, default=40, help="passes over the PDFs for the leak check")
    args = ap.parse_args(argv)

    pdfs = sorted(Path(args.pdfs).glob("*.pdf"))
    texts = [Path(p) for p in sorted(glob.glob(args.texts))]
    pages = sum(len(readers.read_pdf(p.read_bytes())) for p in pdfs)
    mb = sum(p.stat().st_size for p in texts) / 2**20
    print(f"PDF: {len(pdfs)} files, {pages} pages, {sum(p.stat().st_size for p in pdfs) / 2**20:.1f} MB; "
          f"text: {len(texts)} files, {mb:.2f} MB; {args.rounds} rounds; Python {sys.version.split()[0]}")

    rows = [("stage", "PDF pages/s", "text MB/s", "Python heap peak MB (PDF / text)")]
    for name in ("extract", "+ parse", "ingest"):
        pdf_fn = stages(pdfs, readers.read_pdf)[name]
        txt_fn = stages(texts, readers.read_text)[name]
        pdf_fn(), txt_fn()          # warm up: the parser loads its word lists once per process
        pdf_t, txt_t = timed(pdf_fn, args.rounds), timed(txt_fn, args.rounds)
        heap = f"{python_peak_mb(pdf_fn):.1f} / {python_peak_mb(txt_fn):.1f}"
        rows.append((name,
                     f"{pages / statistics.median(pdf_t):,.0f} ({pages / min(pdf_t):,.0f})",
                     f"{mb / statistics.median(txt_t):.2f} ({mb / min(txt_t):.2f})" if texts else "-",
                     heap))

    # Re-running over unchanged files: one hash per file, no parsing.
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        ingest_paths(db, pdfs + texts)
        again = timed(lambda: ingest_paths(db, pdfs + texts) and None, args.rounds)
        db.conn.close()
    rows.append(("re-run, unchanged", f"{pages / statistics.median(again):,.0f}",
                 f"{mb / statistics.median(again):.2f}", "-"))

    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))

    blobs = [p.read_bytes() for p in pdfs]
    for b in blobs:
        readers.read_pdf(b)
    first = None
    for i in range(args.leak_passes):
        for b in blobs:
            readers.read_pdf(b)
        if i == 0:
            first = rss_mb()
    print(f"leak check: {args.leak_passes * len(pdfs)} PDF reads ({args.leak_passes * pages} pages): "
          f"resident {first:.1f} MB after the first pass, {rss_mb():.1f} MB after the last")
    print(f"peak resident size of the whole benchmark: {max(peak_rss_mb(), rss_mb()):.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
