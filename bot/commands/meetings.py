"""`councilbot meetings` (not built yet)."""
from __future__ import annotations

import argparse
import sys


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the subcommand."""
    return sub.add_parser("meetings", help="(not built yet)")


def run(args: argparse.Namespace) -> int:
    """Run the subcommand."""
    print("councilbot meetings: not built yet", file=sys.stderr)
    return 2
