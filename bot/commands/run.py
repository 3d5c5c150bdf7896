"""`councilbot run` (not built yet)."""
from __future__ import annotations

import argparse
import sys


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the subcommand."""
    return sub.add_parser("run", help="(not built yet)")


def run(args: argparse.Namespace) -> int:
    """Run the subcommand."""
    print("councilbot run: not built yet", file=sys.stderr)
    return 2
