"""Answer quality on the dev set and fifty-three more question sets (tests/eval): a regression below the bounds fails CI."""
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
    # held under where it stands after round fourteen (in brackets: hit@1 / hit@3 / decline on the samples), by about
    # one question, so that a change for the worse shows without a single rewording of a threshold failing CI.
    ("round9-questions.jsonl", 0.88, 0.95, 0.92),       # 0.91 / 0.98 / 1.00
    ("blind-questions.jsonl", 0.89, 0.92, 0.92),        # 0.92 / 0.95 / 1.00
    ("round10-questions.jsonl", 0.90, 0.95, 0.92),      # 0.93 / 0.98 / 1.00
    ("blind2-questions.jsonl", 0.93, 0.97, 0.85),       # 0.96 / 1.00 / 0.93
    ("blind3-questions.jsonl", 0.90, 0.90, 0.85),       # 0.93 / 0.93 / 0.93
    ("blind4-questions.jsonl", 0.95, 0.95, 0.92),       # 0.98 / 0.98 / 1.00
    ("blind5-questions.jsonl", 0.82, 0.90, 0.92),       # 0.85 / 0.93 / 1.00
    ("blind6-questions.jsonl", 0.90, 0.90, 0.92),       # 0.93 / 0.93 / 1.00
    ("blind7-questions.jsonl", 0.88, 0.93, 0.79),       # 0.91 / 0.96 / 0.87
    ("blind8-questions.jsonl", 0.88, 0.90, 0.92),       # 0.91 / 0.93 / 1.00
    ("blind9-questions.jsonl", 0.97, 0.97, 0.85),       # 1.00 / 1.00 / 0.93
    ("blind10-questions.jsonl", 0.90, 0.93, 0.92),      # 0.93 / 0.96 / 1.00
    ("blind11-questions.jsonl", 0.86, 0.88, 0.85),      # 0.89 / 0.91 / 0.93
    ("blind12-questions.jsonl", 0.82, 0.90, 0.92),      # 0.85 / 0.93 / 1.00
    ("blind13-questions.jsonl", 0.97, 0.97, 0.92),      # 1.00 / 1.00 / 1.00
    ("blind14-questions.jsonl", 0.90, 0.95, 0.85),      # 0.93 / 0.98 / 0.93
    ("blind15-questions.jsonl", 0.90, 0.90, 0.85),      # 0.93 / 0.93 / 0.93
    ("blind16-questions.jsonl", 0.95, 0.97, 0.92),      # 0.98 / 1.00 / 1.00
    ("blind17-questions.jsonl", 0.84, 0.90, 0.85),      # 0.87 / 0.93 / 0.93
    ("blind18-questions.jsonl", 0.88, 0.90, 0.92),      # 0.91 / 0.93 / 1.00
    ("blind19-questions.jsonl", 0.88, 0.90, 0.85),      # 0.91 / 0.93 / 0.93
    ("blind20-questions.jsonl", 0.86, 0.90, 0.92),      # 0.89 / 0.93 / 1.00
    ("blind21-questions.jsonl", 0.90, 0.90, 0.92),      # 0.93 / 0.93 / 1.00
    # Round thirteen's and fourteen's unseen sets, each run once unread in a batch of four, then read and mended from
    # (tests/eval/README.md); blind42-45 were read after the last run of round fourteen.
    ("blind22-questions.jsonl", 0.90, 0.93, 0.92),      # 0.93 / 0.96 / 1.00
    ("blind23-questions.jsonl", 0.95, 0.95, 0.85),      # 0.98 / 0.98 / 0.93
    ("blind24-questions.jsonl", 0.86, 0.88, 0.85),      # 0.89 / 0.91 / 0.93
    ("blind25-questions.jsonl", 0.90, 0.93, 0.85),      # 0.93 / 0.96 / 0.93
    ("blind26-questions.jsonl", 0.81, 0.88, 0.92),      # 0.84 / 0.91 / 1.00
    ("blind27-questions.jsonl", 0.86, 0.90, 0.92),      # 0.89 / 0.93 / 1.00
    ("blind28-questions.jsonl", 0.86, 0.97, 0.79),      # 0.89 / 1.00 / 0.87
    ("blind29-questions.jsonl", 0.93, 0.95, 0.92),      # 0.96 / 0.98 / 1.00
    ("blind30-questions.jsonl", 0.90, 0.93, 0.85),      # 0.93 / 0.96 / 0.93
    ("blind31-questions.jsonl", 0.90, 0.95, 0.92),      # 0.93 / 0.98 / 1.00
    ("blind32-questions.jsonl", 0.90, 0.95, 0.85),      # 0.93 / 0.98 / 0.93
    ("blind33-questions.jsonl", 0.86, 0.95, 0.92),      # 0.89 / 0.98 / 1.00
    ("blind34-questions.jsonl", 0.90, 0.93, 0.92),      # 0.93 / 0.96 / 1.00
    ("blind35-questions.jsonl", 0.90, 0.97, 0.92),      # 0.93 / 1.00 / 1.00
    ("blind36-questions.jsonl", 0.90, 0.93, 0.92),      # 0.93 / 0.96 / 1.00
    ("blind37-questions.jsonl", 0.93, 0.97, 0.85),      # 0.96 / 1.00 / 0.93
    ("blind38-questions.jsonl", 0.86, 0.88, 0.85),      # 0.89 / 0.91 / 0.93
    ("blind39-questions.jsonl", 0.84, 0.86, 0.92),      # 0.87 / 0.89 / 1.00
    ("blind40-questions.jsonl", 0.95, 0.97, 0.92),      # 0.98 / 1.00 / 1.00
    ("blind41-questions.jsonl", 0.95, 0.95, 0.78),      # 0.98 / 0.98 / 0.86
    ("blind42-questions.jsonl", 0.86, 0.90, 0.92),      # 0.89 / 0.93 / 1.00
    ("blind43-questions.jsonl", 0.97, 0.97, 0.85),      # 1.00 / 1.00 / 0.93
    ("blind44-questions.jsonl", 0.95, 0.95, 0.92),      # 0.98 / 0.98 / 1.00
    ("blind45-questions.jsonl", 0.86, 0.88, 0.85),      # 0.89 / 0.91 / 0.93
    # Near misses: 28 questions the papers do not answer but whose words they share, and 12 they do answer.
    ("nearmiss1-questions.jsonl", 0.83, 0.83, 0.78),    # 0.92 / 0.92 / 0.82
    ("nearmiss2-questions.jsonl", 0.66, 0.66, 0.75),    # 0.75 / 0.75 / 0.79
    ("nearmiss3-questions.jsonl", 0.91, 0.91, 0.85),    # 1.00 / 1.00 / 0.89
    ("nearmiss4-questions.jsonl", 0.91, 0.91, 0.85),    # 1.00 / 1.00 / 0.89
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
