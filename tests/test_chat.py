"""The console chat answers piped questions through the shared conversation code and exits at end of input."""
from __future__ import annotations

import subprocess
import sys

from answer_helpers import ROOT


def test_piped_chat_answers_the_next_council_meeting(tmp_path):
    db = tmp_path / "chat.db"
    r = subprocess.run([sys.executable, "-m", "bot", "ingest", "--db", str(db), str(ROOT / "samples")],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "bot", "chat", "--db", str(db), "--now", "2021-07-14T10:00"],
                       input="when is the next council meeting\nwhat does SADA stand for\n",
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "21 July 2021 at 7.15pm" in r.stdout
    assert "Stevenage Against Domestic Abuse" in r.stdout


def test_chat_piped_into_a_reader_that_stops_early_exits_quietly(tmp_path):
    # `councilbot chat < questions.txt | head -1`: the reader goes away after one line.
    db = tmp_path / "chat.db"
    subprocess.run([sys.executable, "-m", "bot", "ingest", "--db", str(db), str(ROOT / "samples")],
                   capture_output=True, cwd=ROOT, timeout=120, check=True)
    r = subprocess.run(f"{sys.executable} -m bot chat --db {db} --now 2021-07-14T10:00 | head -1",
                       shell=True, input="what is the council doing about pet theft\n" * 50,
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout.strip() and "Traceback" not in r.stderr and "unexpected error" not in r.stderr
