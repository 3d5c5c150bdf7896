"""Running `councilbot` in-process for tests, without leaving logging pointed at a closed stream."""
from __future__ import annotations

import logging

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def no_stale_log_handlers():
    """Drop root handlers an earlier in-process CLI run bound to a since-closed captured stream.

    bot.cli.setup_logging(force=True) installs a StreamHandler on whatever sys.stderr was then;
    under pytest that is a capture buffer closed after that test, and logging to it later prints
    "--- Logging error ---" tracebacks into the current test's output.
    """
    root = logging.getLogger()
    for h in root.handlers[:]:
        if type(h) is logging.StreamHandler and getattr(h.stream, "closed", False):
            root.removeHandler(h)
    yield


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """`councilbot ARGV...` in-process: (exit status, stdout, stderr); logging put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        rc = main([str(a) for a in argv])
    finally:
        root.handlers[:], root.level = handlers, level
    out, err = capsys.readouterr()
    return rc, out, err
