"""Answer quality on the dev questions (tests/eval): a regression below the issue's bounds fails CI."""
from __future__ import annotations

import subprocess
import sys

import pytest

from answer_helpers import ROOT

EVAL = ROOT / "tests" / "eval"


@pytest.mark.slow
def test_dev_questions_meet_the_quality_bounds():
    r = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), "--questions", str(EVAL / "dev-questions.jsonl"),
         "--ingest", str(ROOT / "samples"), "--bot", f"{sys.executable} -m bot",
         "--min-hit1", "0.85", "--min-hit3", "0.95", "--min-decline", "0.90", "-v"],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
