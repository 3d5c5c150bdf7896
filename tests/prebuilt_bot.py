"""`councilbot` for score.py with one ingest shared by several question sets (tests/test_answer_quality.py).

score.py ingests the papers into a fresh database for every set it scores; embedding the sample papers
takes about half a minute, so the test ingests them once, for real, and this command's `ingest` copies
that database to where score.py asks. Every other command is the real `python -m bot`.
"""
import os
import shutil
import subprocess
import sys

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["ingest"]:
        shutil.copyfile(os.environ["COUNCILBOT_PREBUILT_DB"], args[args.index("--db") + 1])
        sys.exit(0)
    sys.exit(subprocess.run([sys.executable, "-m", "bot", *args]).returncode)
