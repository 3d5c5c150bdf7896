"""Answer quality on the dev set and nineteen more question sets (tests/eval): a regression below the bounds fails CI."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from answer_helpers import ROOT

EVAL = ROOT / "tests" / "eval"


@pytest.mark.slow
@pytest.mark.parametrize("questions, hit1, hit3, decline", [
    # The bounds on the dev set (it stands at 0.89 / 1.00 / 1.00 since round ten).
    ("dev-questions.jsonl", 0.85, 0.95, 0.90),
    # Questions written from the papers without reading the ranking code (tuned on in rounds 1-8): held
    # just under where they stand on the samples (0.95 / 0.97 / 1.00) so that a change for the worse shows.
    ("heldout-questions.jsonl", 0.90, 0.95, 0.90),
    # Questions the papers do not answer (round eight): decline held just under where it stands (0.97).
    ("outofscope-questions.jsonl", 0.0, 0.0, 0.95),
    # The sets below were each written without reading the code, measured once unread, then tuned on; each is
    # held just under where it stands after round eleven (in brackets: hit@1 / hit@3 / decline on the samples).
    ("round9-questions.jsonl", 0.84, 0.93, 0.90),      # 0.87 / 0.96 / 0.93
    ("blind-questions.jsonl", 0.86, 0.90, 0.90),       # 0.89 / 0.92 / 0.92
    ("round10-questions.jsonl", 0.86, 0.90, 0.85),     # 0.89 / 0.93 / 0.87
    ("blind2-questions.jsonl", 0.80, 0.90, 0.90),      # 0.84 / 0.93 / 0.93
    ("blind3-questions.jsonl", 0.86, 0.86, 0.90),      # 0.89 / 0.89 / 0.93
    ("blind4-questions.jsonl", 0.90, 0.90, 0.95),      # 0.93 / 0.93 / 1.00
    ("blind5-questions.jsonl", 0.82, 0.88, 0.95),      # 0.85 / 0.91 / 1.00
    ("blind6-questions.jsonl", 0.88, 0.88, 0.84),      # 0.91 / 0.91 / 0.86
    ("blind7-questions.jsonl", 0.82, 0.88, 0.85),      # 0.84 / 0.91 / 0.87
    ("blind8-questions.jsonl", 0.84, 0.88, 0.90),      # 0.87 / 0.91 / 0.93
    ("blind9-questions.jsonl", 0.90, 0.95, 0.77),      # 0.93 / 0.98 / 0.79
    ("blind10-questions.jsonl", 0.84, 0.88, 0.95),     # 0.87 / 0.91 / 1.00
    ("blind11-questions.jsonl", 0.82, 0.88, 0.78),     # 0.84 / 0.91 / 0.80
    ("blind12-questions.jsonl", 0.78, 0.88, 0.90),     # 0.80 / 0.91 / 0.93
    ("blind13-questions.jsonl", 0.96, 0.96, 0.90),     # 1.00 / 1.00 / 0.93
    # blind14 and blind15 were run once, unread, on the final code of round eleven (these are those figures).
    ("blind14-questions.jsonl", 0.88, 0.94, 0.70),     # 0.91 / 0.96 / 0.73
    ("blind15-questions.jsonl", 0.86, 0.88, 0.78),     # 0.89 / 0.91 / 0.80
])
def test_questions_meet_the_quality_bounds(samples_db, questions, hit1, hit3, decline):
    r = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--questions", str(EVAL / questions),
         "--ingest", str(ROOT / "samples"), "--bot", f"{sys.executable} {ROOT / 'tests' / 'prebuilt_bot.py'}",
         "--min-hit1", str(hit1), "--min-hit3", str(hit3), "--min-decline", str(decline), "-v"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
        env={**os.environ, "COUNCILBOT_PREBUILT_DB": str(samples_db)})
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    """The sample papers ingested once, by the real command, for every question set."""
    db = tmp_path_factory.mktemp("quality") / "samples.db"
    r = subprocess.run([sys.executable, "-m", "bot", "ingest", "--db", str(db), str(ROOT / "samples")],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    return db
