"""Allow `python -m bot` as a synonym for the `councilbot` command."""
import sys

from bot.cli import main

sys.exit(main())
