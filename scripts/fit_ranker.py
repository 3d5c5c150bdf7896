#!/usr/bin/env python3
"""Fit the reranker's combination weights (knowledge.search.Weights) on the eval question sets, honestly.

1. Collect: every answerable passage question of tests/eval/{dev,heldout,paraphrase}-questions.jsonl is
   searched over samples/ with `trace`, which gives every candidate passage's features (coverage,
   proximity, title, bm25, wanted-kind lift, own-word share, penalties, quote coverage) and its quote.
   A candidate is labelled right when its quote holds an expected string (as tests/eval/score.py judges).
2. Fit, two ways: pairwise logistic regression (every right candidate above each wrong one; `fit_pairwise`),
   and coordinate search on the mean reciprocal rank of the first right candidate, re-ranking the
   collected candidates offline exactly as `search.search` combines them (first pass, then the quote
   term for the best RERANK). Weights are scale-free, so coverage stays at its hand value.
3. Validate: leave one set out (fit on two, score on the third) through the real pipeline
   (handlers.answer.answer, verdict included), hand weights against fitted ones; then fit on all three.

usage: .venv/bin/python scripts/fit_ranker.py [--rounds 3]    (about 30 s; standard library only)
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db import open_db  # noqa: E402
from handlers import answer as answering, inputs  # noqa: E402
from handlers.messages import Services  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from knowledge import search  # noqa: E402
from knowledge.ingest import ingest_paths  # noqa: E402

SETS = ("dev", "heldout", "paraphrase")
LONDON = ZoneInfo("Europe/London")
# Values each weight may take (coverage is the fixed scale). Coarse on purpose: ~120 questions cannot
# support a fine grid without fitting noise.
GRID = {
    "proximity": [0.0, 0.05, 0.1, 0.14, 0.2, 0.3],
    "title": [0.0, 0.06, 0.12, 0.18, 0.25, 0.35],
    "bm25": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "wanted": [0.0, 0.5, 1.0, 1.5, 2.0],
    "own": [0.0, 0.05, 0.1, 0.2, 0.3],
    "local": [0.0, 0.1, 0.25, 0.4, 0.6],
}
CAP = 10   # reciprocal rank counts the first CAP candidates only


def norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def load(name: str) -> list[dict]:
    path = ROOT / "tests" / "eval" / f"{name}-questions.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def services(db, d: dict) -> Services:
    now = datetime.fromisoformat(d["now"]) if d.get("now") else datetime.now(LONDON)
    return Services(db=db, settings=Settings(), now=now if now.tzinfo else now.replace(tzinfo=LONDON))


def collect(db, qs: list[dict]) -> list[list[tuple[dict, bool]]]:
    """Per answerable passage question: its candidates (features) with labels."""
    out = []
    for d in qs:
        if d["kind"] != "passage":
            continue
        text, problem = inputs.tidy(d["q"])
        trace: list[dict] = []
        if not problem:
            search.search(db, text, trace=trace)
        expect = [norm(e) for e in d["expect"]]
        out.append([(c, any(e in norm(c["quote"]) for e in expect)) for c in trace])
    return out


def offline_rank(w: search.Weights, cands: list[tuple[dict, bool]]) -> int | None:
    """Rank (1-based) of the first right candidate as search.search orders them, None if absent."""
    first = sorted(((search._combine(w, c["mult"], c), c["id"], ok, c) for c, ok in cands),
                   key=lambda t: (-t[0], t[1]))
    top = [(s + w.local * c["local"], i, ok) for s, i, ok, c in first[:search.RERANK]]
    top.sort(key=lambda t: (-t[0], t[1]))
    order = [ok for _, _, ok in top] + [ok for _, _, ok, _ in first[search.RERANK:]]
    return next((k + 1 for k, ok in enumerate(order) if ok), None)


def offline_mrr(w: search.Weights, data: list) -> tuple[float, float]:
    ranks = [offline_rank(w, cands) for cands in data]
    mrr = sum(1 / r for r in ranks if r and r <= CAP) / max(len(ranks), 1)
    return mrr, sum(r == 1 for r in ranks) / max(len(ranks), 1)


def fit(data: list, rounds: int) -> search.Weights:
    """Coordinate search from the hand weights: each weight in turn takes the grid value that gives the
    best (MRR, hit@1); a change must gain, so ties keep the hand value."""
    w = search.HAND
    best = offline_mrr(w, data)
    for _ in range(rounds):
        moved = False
        for name, values in GRID.items():
            for v in values:
                trial = dataclasses.replace(w, **{name: v})
                got = offline_mrr(trial, data)
                if got > tuple(x + 1e-9 for x in best):
                    w, best, moved = trial, got, True
        if not moved:
            break
    return w


NAMES = ("coverage", "proximity", "title", "bm25", "wanted", "own", "local")


def _vector(c: dict) -> list[float]:
    """A candidate's features as they enter its score (first-pass ones times its penalties)."""
    return [c["mult"] * c[n] for n in NAMES[:-1]] + [c["local"]]


def fit_pairwise(data: list, l2: float = 0.01, steps: int = 400, top: int = 20) -> search.Weights:
    """Pairwise logistic regression: every right candidate should outscore each wrong one among the
    hand order's first `top`; plain gradient descent with an L2 penalty, negative weights clipped to 0,
    then scaled so coverage keeps its hand value."""
    pairs = []
    for cands in data:
        order = sorted(cands, key=lambda t: -search._combine(search.HAND, t[0]["mult"], t[0]))[:top]
        right = [_vector(c) for c, ok in order if ok]
        wrong = [_vector(c) for c, ok in order if not ok]
        pairs += [[a - b for a, b in zip(r, x)] for r in right for x in wrong]
    if not pairs:
        return search.HAND
    scale = 20.0   # the hand weights' scores differ by a few hundredths: start the fit at a useful size
    w = [scale * getattr(search.HAND, n) for n in NAMES]
    for _ in range(steps):
        grad = [2 * l2 * x for x in w]
        for d in pairs:
            g = -1.0 / (1.0 + math.exp(min(sum(a * b for a, b in zip(w, d)), 50.0))) / len(pairs)
            for k, x in enumerate(d):
                grad[k] += g * x
        w = [max(0.0, x - 5.0 * gk) for x, gk in zip(w, grad)]
    if w[0] <= 0:
        return search.HAND
    k = search.HAND.coverage / w[0]
    return search.Weights(**{n: round(x * k, 3) for n, x in zip(NAMES, w)})


def evaluate(db, qs: list[dict], w: search.Weights) -> dict:
    """score.py's figures through the real pipeline (meeting check, search, verdict) with weights w."""
    search.WEIGHTS = w
    try:
        h1 = h3 = rr = n = dec = dn = 0
        for d in qs:
            a = answering.answer(services(db, d), d["q"])
            if d["kind"] == "decline":
                dn += 1
                dec += a.answered is False
                continue
            n += 1
            if d["kind"] == "meeting":
                ok = a.answered and all(any(norm(x) in norm(a.reply) for x in alts) for alts in d["expect_all"])
                h1 += ok; h3 += ok; rr += ok
                continue
            rank = None
            if a.answered:
                rank = next((i + 1 for i, s in enumerate(a.results)
                             if any(norm(e) in norm(s.text) for e in d["expect"])), None)
            h1 += rank == 1
            h3 += rank is not None and rank <= 3
            rr += 1 / rank if rank else 0
        return {"hit1": h1 / n, "hit3": h3 / n, "mrr": rr / n, "decline": dec / dn if dn else 1.0}
    finally:
        search.WEIGHTS = search.HAND


def fmt(m: dict) -> str:
    return f"{m['hit1']:.2f} / {m['hit3']:.2f} / {m['mrr']:.2f} / {m['decline']:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--l2", type=float, default=0.1, help="pairwise regression's L2 penalty")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "fit.db")
        ingest_paths(db, [ROOT / "samples"])
        qs = {name: load(name) for name in SETS}
        data = {name: collect(db, qs[name]) for name in SETS}
        print("| held-out set | method | fitted weights | hand hit@1 / hit@3 / MRR / decline | fitted |")
        print("|---|---|---|---|---|")
        for out in SETS:
            train = [c for name in SETS if name != out for c in data[name]]
            hand = fmt(evaluate(db, qs[out], search.HAND))
            for method, w in (("coordinate", fit(train, a.rounds)), ("pairwise", fit_pairwise(train, a.l2))):
                print(f"| {out} | {method} | {_short(w)} | {hand} | {fmt(evaluate(db, qs[out], w))} |")
        w = fit([c for name in SETS for c in data[name]], a.rounds)
        print(f"\nfitted on all three: {w}")
        for name in SETS:
            print(f"  {name}: hand {fmt(evaluate(db, qs[name], search.HAND))}  fitted {fmt(evaluate(db, qs[name], w))}")
        db.conn.close()


def _short(w: search.Weights) -> str:
    return ", ".join(f"{k}={v:g}" for k, v in dataclasses.asdict(w).items() if k != "coverage")


if __name__ == "__main__":
    main()
