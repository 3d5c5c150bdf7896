"""Shared fixtures: real SQLite files in a temporary folder, the bundled sample papers."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
STEVENAGE = SAMPLES / "stevenage-council-2021-07-21.txt"
KENT = SAMPLES / "kent-2025-01"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file path (the file is created on first open)."""
    return tmp_path / "councilbot.db"


@pytest.fixture
def db(db_path: Path):
    """A migrated database on a real file."""
    from bot.db import open_db

    database = open_db(db_path)
    yield database
    database.conn.close()
