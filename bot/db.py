"""The one SQLite database: opening it (WAL, foreign keys, migrations) and the thread that owns it."""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sqlite3
from pathlib import Path
from typing import Any, Callable, TypeVar

from sqlite_utils import Database

from bot import BotError

log = logging.getLogger(__name__)
T = TypeVar("T")


def migration_sets() -> list:
    """Every package's migration set, in the order they must apply."""
    from bot.channels.telegram_store import migrations as telegram_migrations
    from bot.outbox import migrations as outbox_migrations
    from handlers.answers_match import migrations as answer_migrations
    from handlers.state import migrations as handler_migrations
    from handlers.submissions import migrations as submission_migrations
    from knowledge.dense import migrations as dense_migrations
    from knowledge.schema import migrations as knowledge_migrations
    from knowledge.search import migrations as search_migrations

    return [knowledge_migrations, search_migrations, dense_migrations, handler_migrations, submission_migrations, answer_migrations, telegram_migrations, outbox_migrations]


def open_db(path: str | Path, *, migrate: bool = True, create: bool = True) -> Database:
    """Open the database file in WAL mode with every migration applied.

    With create=False a missing file is an error: commands that only read papers say so plainly
    instead of answering from an empty database made by a typo in --db.
    """
    path = Path(path)
    if not create and not path.is_file():
        raise BotError(f"no database at {path}: load papers first with `councilbot ingest --db {path} PATH...`")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        if migrate:
            for mset in migration_sets():
                mset.apply(db)
    except sqlite3.DatabaseError as exc:
        raise BotError(f"cannot open database {path}: {exc}") from exc
    return db


class DatabaseThread:
    """Owns the SQLite connection on one worker thread; async code runs database work through it.

    sqlite-utils connections refuse use from any thread but the one that opened them, and one
    writer at a time is what SQLite wants anyway, so every call is queued onto this thread.
    """

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        try:
            self.db: Database = self._pool.submit(open_db, self.path, create=create).result()
        except BaseException:
            self._pool.shutdown(wait=False)
            raise

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run fn(db, *args) on the database thread and wait (for synchronous callers)."""
        return self._pool.submit(fn, self.db, *args, **kwargs).result()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run fn(db, *args) on the database thread without blocking the event loop."""
        loop = asyncio.get_running_loop()
        return await asyncio.wrap_future(self._pool.submit(fn, self.db, *args, **kwargs), loop=loop)

    def close(self) -> None:
        """Finish queued work, close the connection and stop the thread."""
        try:
            self._pool.submit(self.db.conn.close).result()
        finally:
            self._pool.shutdown(wait=True)
