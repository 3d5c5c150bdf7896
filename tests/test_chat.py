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
