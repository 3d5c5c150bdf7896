"""Search benchmark: a 200,000-passage council built from the sample papers, then answer latency and memory.

    .venv/bin/python bench/search.py                 # build (cached in bench/.cache) and measure
    .venv/bin/python bench/search.py --passages 20000 --rebuild
    .venv/bin/python bench/search.py --blas-threads 1   # or --words-only (sentence vectors off)

The corpus recombines the real papers' sentences (whole sentences shuffled into new passages, a
share of words swapped for other words of the papers or for new names made from their syllables,
so the vocabulary grows the way ten years of papers would) under realistic metadata: about a dozen
bodies, ten meetings each a year for ten years, agenda items with real titles, printed pages.
The measuring runs in a fresh process so its peak memory is the bot's, not the generator's:
index build time (FTS rows + search refresh + first load), p50/p95 in-process answer latency over
a few hundred questions (dev questions, questions made from passages, typos, out-of-scope ones),
peak RSS, and the longest stall of an asyncio loop while answers run on the database thread.

Sentence vectors (round nine): the corpus gets random unit vectors, not the model's (bench/vectors.py
says why), and the measuring splits each answer's time into the question's encoding and the other
vector steps. `--words-only` measures the same corpus with vectors switched off, for comparison.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLAS_ENV = os.environ.get("OPENBLAS_NUM_THREADS", "unset")   # as the caller set it, before knowledge.embed's default
sys.path.insert(0, str(ROOT))

from bench import vectors  # noqa: E402
from bot.db import DatabaseThread, open_db  # noqa: E402
from handlers.answer import answer  # noqa: E402
from handlers.messages import Services  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from knowledge import dense, embed, search  # noqa: E402
from knowledge.ingest import ingest_paths  # noqa: E402
from knowledge.rank import sentences  # noqa: E402
from knowledge.vocabulary import STOPWORDS, tokens  # noqa: E402

BODIES = ["Council", "Executive", "Audit Committee", "Planning and Development Committee", "Licensing Committee",
          "Overview and Scrutiny Committee", "Community Select Committee", "Environment and Economy Select Committee",
          "Statutory Licensing Committee", "Standards Committee", "Joint Staff Consultative Committee", "Cabinet"]
OUT_OF_SCOPE = ["When is my green bin collected?", "What's the weather tomorrow?", "How do I renew my passport?",
                "Who won the FA Cup?", "asdfghjkl", "Can you recommend a restaurant?", "How much is council tax for band D?",
                "How do I register a birth?", "What time does the tip open?", "Where can I park for free?",
                "Is the swimming pool open on Sunday?", "qwertyuiop zxcvb", "Tell me a joke", "What is the capital of France?"]


def real_material(tmp: Path) -> tuple[list[str], list[str], list[str]]:
    """Sentences, item titles and words of the sample papers."""
    db = open_db(tmp / "samples.db")
    ingest_paths(db, [ROOT / "samples"])
    sents, titles = [], set()
    for text, title, section in db.execute("SELECT text, item_title, section FROM passages"):
        sents += [s for s in sentences(text) if 40 <= len(s) <= 400]
        titles.update(t for t in (title, section) if t)
    titles.update(r[0] for r in db.execute("SELECT title FROM agenda_items"))
    words = sorted({w for s in sents for w in tokens(s) if w.isalpha() and len(w) > 3 and w not in STOPWORDS})
    db.conn.close()
    return sents, sorted(titles) or ["Officer report"], words


def new_word(rng: random.Random, words: list[str]) -> str:
    """A plausible new name from two halves of the papers' words (people, places, projects)."""
    a, b = rng.choice(words), rng.choice(words)
    return (a[: max(2, len(a) // 2)] + b[len(b) // 2:]).capitalize()


def build(path: Path, n: int, seed: int = 7) -> dict:
    """Write an n-passage corpus to path; returns the timings."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        sents, titles, words = real_material(Path(tmp))
    names = [new_word(rng, words) for _ in range(40_000)]
    db = open_db(path)
    meetings = []
    start = datetime(2014, 5, 1, 18, 0, tzinfo=timezone.utc)
    for b, body in enumerate(BODIES):
        for k in range(100):                     # ten a year for ten years
            day = start + timedelta(days=36 * k + 3 * b)
            mid = db["meetings"].insert({"key": f"{body.lower()}|{day.date()}", "body": body,
                                         "title": f"{body}, {day.day} {day:%B %Y}", "start": day.isoformat(),
                                         "start_utc": day.isoformat(), "venue": "Council Chamber"}).last_pk
            meetings.append((mid, f"{body}, {day.day} {day:%B %Y}"))
    t0 = time.perf_counter()
    rows = []
    for i in range(n):
        if i % 40 == 0:                          # a new paper every forty passages
            mid, label = rng.choice(meetings)
            title = rng.choice(titles)
            doc = db["documents"].insert({"sha256": f"bench{i}", "title": f"{title[:60]} - Report", "kind": "report",
                                          "pages": 40, "bytes": 1, "ingested_at": "2024-01-01T00:00:00"}).last_pk
            item, page = str(rng.randint(1, 16)), rng.randint(1, 200)
        body = []
        for s in rng.sample(sents, rng.randint(2, 4)):
            ws = s.split()
            for j in range(len(ws)):             # swap about one word in eight
                r = rng.random()
                if r < 0.08:
                    ws[j] = rng.choice(words)
                elif r < 0.12:
                    ws[j] = rng.choice(names)
            body.append(" ".join(ws))
        page += rng.random() < 0.3
        rows.append((doc, mid, "paragraph", f"{title[:60]} - Report", label, item, title, None, page, " ".join(body)))
        if len(rows) == 5000:
            _flush(db, rows)
    _flush(db, rows)
    t_rows = time.perf_counter() - t0
    t0 = time.perf_counter()
    search.refresh(db)
    t_refresh = time.perf_counter() - t0
    db.conn.close()
    return {"passages": n, "write_rows_with_fts_s": round(t_rows, 1), "search_refresh_s": round(t_refresh, 1),
            "db_mb": round(path.stat().st_size / 1e6)}


def _flush(db, rows: list) -> None:
    with db.atomic():   # one transaction per batch of 5,000 rows
        db.conn.executemany("INSERT INTO passages (document_id, meeting_id, kind, document_title, meeting_label, "
                            "item_number, item_title, section, page, text) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    rows.clear()


def questions(db, rng: random.Random, count: int) -> list[str]:
    """Dev questions, questions made from random passages (a fifth with a typo), and out-of-scope ones."""
    qs = [json.loads(x)["q"] for x in (ROOT / "tests/eval/dev-questions.jsonl").read_text().splitlines() if x.strip()]
    max_id = db.execute("SELECT max(id) FROM passages").fetchone()[0]
    while len(qs) < count * 0.85:
        row = db.execute("SELECT text FROM passages WHERE id = ?", [rng.randint(1, max_id)]).fetchone()
        ws = [w for w in tokens(row[0]) if w.isalpha() and w not in STOPWORDS and len(w) > 3]
        if len(ws) < 4:
            continue
        pick = rng.sample(ws, rng.randint(2, 4))
        if rng.random() < 0.2:
            w = pick[0]
            k = rng.randrange(1, len(w) - 1)
            pick[0] = w[:k] + w[k + 1] + w[k] + w[k + 2:]
        qs.append(rng.choice(["What about {}?", "What is the council doing about {}", "{}", "Tell me about {}"])
                  .format(" ".join(pick)))
    while len(qs) < count:
        qs.append(rng.choice(OUT_OF_SCOPE))
    rng.shuffle(qs)
    return qs


def rss_mb() -> int:
    """Current resident set size in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)


def measure(path: Path, count: int, words_only: bool = False) -> dict:
    """Latency, memory and event-loop stalls on an existing corpus (run in a fresh process)."""
    db = open_db(path)
    steps = {"rss_start_mb": rss_mb()}
    if words_only:
        vectors.words_only()
    else:
        t0 = time.perf_counter()
        embed.encoder()                          # the model's weights, once per process
        steps.update(model_load_s=round(time.perf_counter() - t0, 2), rss_after_model_mb=rss_mb())
        t0 = time.perf_counter()
        vs = dense.vectors(db)                   # the vector matrix, once (and again whenever vectors change)
        steps.update(vectors_load_s=round(time.perf_counter() - t0, 2), rss_after_vectors_mb=rss_mb(),
                     vectors=len(vs.ids) if vs else 0, full_scan=bool(vs) and len(vs.ids) <= dense.DENSE_SCAN,
                     peak_rss_after_vectors_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        stamp = []
        for _ in range(5):                       # the change check every search makes before using the matrix
            t0 = time.perf_counter()
            dense.vectors(db)
            stamp.append((time.perf_counter() - t0) * 1000)
        steps["vectors_check_ms"] = round(statistics.median(stamp), 1)
    probe = vectors.Probe()
    t0 = time.perf_counter()
    search.index(db)                             # first load: vocabulary and stems into memory
    t_load = time.perf_counter() - t0
    rng = random.Random(11)
    qs = questions(db, rng, count)
    now = datetime(2021, 7, 14, 10, tzinfo=timezone.utc)
    svc = Services(db=db, settings=Settings(), now=now)
    for q in qs[:20]:                            # warm the page cache
        answer(svc, q)
    probe.take()
    times, cpu, answered, spent, encodes = [], [], 0, [], []
    for q in qs:
        vectors.fresh_question()
        t, c = time.perf_counter(), time.thread_time()
        answered += answer(svc, q).answered
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)   # unaffected by other processes on the machine
        ms, calls = probe.take()
        spent.append(ms)
        encodes.append(calls.get("question_vector", 0))
    db.conn.close()
    total = sum(times)
    dense_steps = {f"{k}_{unit}": round(sum(m.get(k, 0.0) for m in spent) / div, nd) for k in vectors.Probe.STEPS
                   for unit, div, nd in (("share", total, 3), ("mean_ms", len(qs), 1))}
    enc = sorted(m["question_vector"] for m in spent if "question_vector" in m)
    if enc:
        dense_steps.update(encode_p50_ms=round(statistics.median(enc), 1), encode_p95_ms=round(enc[int(len(enc) * 0.95)], 1),
                           encoded_questions=len(enc), most_encodes_per_question=max(encodes))
    stall = asyncio.run(_loop_stall(path, qs[:150], now))
    idle = asyncio.run(_loop_stall(path, [], now, idle_s=2.0))   # what the machine's load alone causes
    times.sort()
    cpu.sort()
    return {"questions": len(qs), "answered": answered, "first_load_s": round(t_load, 2),
            "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(len(times) * 0.95)], 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": round(cpu[int(len(cpu) * 0.95)], 1),
            "load_average": round(os.getloadavg()[0], 1),
            "max_ms": round(times[-1], 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "max_event_loop_stall_ms": round(stall, 1), "idle_loop_stall_ms": round(idle, 1),
            "rss_end_mb": rss_mb(), **steps, **dense_steps}


async def _loop_stall(path: Path, qs: list[str], now: datetime, idle_s: float = 0.0) -> float:
    """The longest a 1 ms ticker waited beyond its time while answers ran on the database thread."""
    dbt = DatabaseThread(path)
    worst, done = 0.0, False

    async def ticker():
        nonlocal worst
        while not done:
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            worst = max(worst, (time.perf_counter() - t) * 1000 - 1)
    tick = asyncio.create_task(ticker())
    for q in qs:
        vectors.fresh_question()
        await dbt.run(lambda db, q=q: answer(Services(db=db, settings=Settings(), now=now), q))
    await asyncio.sleep(idle_s)
    done = True
    await tick
    dbt.close()
    return worst


def _child_env(blas_threads: int | None) -> dict:
    """The measuring process's environment: this one's, less the OPENBLAS_NUM_THREADS knowledge.embed set
    on import here (the bot's processes start without it), or the thread count asked for."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if blas_threads:
        env["OPENBLAS_NUM_THREADS"] = str(blas_threads)
    elif BLAS_ENV != "unset":
        env["OPENBLAS_NUM_THREADS"] = BLAS_ENV
    return env


def main() -> None:
    """Build the corpus if needed, then measure in a fresh process and print (and optionally save) the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=200_000)
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--words-only", action="store_true", help="measure with sentence vectors switched off")
    ap.add_argument("--blas-threads", type=int, help="OPENBLAS_NUM_THREADS for the measuring process (default: unset)")
    ap.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    path = a.db or ROOT / "bench" / ".cache" / f"search-{a.passages}.db"
    if a.measure_only:
        out = measure(path, a.questions, a.words_only)
        print(json.dumps({"openblas_threads_env": BLAS_ENV, "openblas_threads_used": vectors.blas_threads(), **out}))
        return
    built = {}
    if a.rebuild or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        built = build(path, a.passages)
        print("build:", json.dumps(built))
    db = open_db(path)
    if dense.todo(db, limit=1):                  # a corpus built before round nine, or a new one
        print("vectors (random, not the model's):", json.dumps(vectors.fill_random(db)))
    db.conn.close()
    r = subprocess.run([sys.executable, __file__, "--db", str(path), "--questions", str(a.questions),
                        "--measure-only"] + ["--words-only"] * a.words_only, capture_output=True, text=True, check=True,
                       env=_child_env(a.blas_threads))
    print("measure:", r.stdout.strip())


if __name__ == "__main__":
    main()
