"""The SQLite schema for papers, as named migrations (sqlite-utils' migration sets)."""
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("knowledge")


@migrations()
def m001_papers(db: Database) -> None:
    """Documents, meetings and what the papers say about them."""
    db.execute("""
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        path TEXT,
        pages INTEGER,
        bytes INTEGER,
        url TEXT,
        ingested_at TEXT NOT NULL
    )""")
    # Every name a document was ingested under; a path seen again with new content replaces it.
    db.execute("""
    CREATE TABLE document_paths (
        path TEXT PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    )""")
    # key = body/date/kind so a front sheet, minutes and a calendar entry meet in one row.
    db.execute("""
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'ordinary',
        start TEXT NOT NULL,
        start_utc TEXT NOT NULL,
        time_known INTEGER NOT NULL DEFAULT 1,
        venue TEXT,
        status TEXT NOT NULL DEFAULT 'scheduled',
        uid TEXT,
        url TEXT
    )""")
    db.execute("CREATE INDEX meetings_start ON meetings(start_utc)")
    db.execute("""
    CREATE TABLE meeting_sources (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (meeting_id, document_id)
    )""")
    db.execute("""
    CREATE TABLE agenda_items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        number TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        page_from INTEGER,
        page_to INTEGER,
        restricted INTEGER NOT NULL DEFAULT 0,
        exempt_reason TEXT
    )""")
    db.execute("""
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        number TEXT,
        item_number TEXT,
        asker TEXT NOT NULL,
        addressee TEXT,
        text TEXT NOT NULL,
        status TEXT,
        answer TEXT,
        answerer TEXT,
        page INTEGER
    )""")
    db.execute("""
    CREATE TABLE motions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        item_number TEXT,
        title TEXT NOT NULL,
        proposer TEXT,
        seconder TEXT,
        text TEXT NOT NULL,
        page INTEGER
    )""")
    db.execute("""
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        minute TEXT,
        item_title TEXT,
        text TEXT NOT NULL,
        page INTEGER
    )""")
    # Citation fields are copied onto each passage so an answer needs no joins.
    db.execute("""
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
        kind TEXT NOT NULL DEFAULT 'paragraph',
        document_title TEXT NOT NULL,
        meeting_label TEXT,
        item_number TEXT,
        item_title TEXT,
        section TEXT,
        page INTEGER,
        text TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX passages_document ON passages(document_id)")
    db.execute("""
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, section, item_title, document_title,
        content='passages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )""")
    # External-content FTS kept in step by triggers, so a rolled-back ingest leaves no stray rows.
    db.execute("""CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, text, section, item_title, document_title)
        VALUES (new.id, new.text, new.section, new.item_title, new.document_title); END""")
    db.execute("""CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text, section, item_title, document_title)
        VALUES ('delete', old.id, old.text, old.section, old.item_title, old.document_title); END""")
    db.execute("""
    CREATE TABLE acronyms (
        acronym TEXT NOT NULL,
        expansion TEXT NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (acronym, expansion, document_id)
    )""")


@migrations()
def m002_meeting_source_facts(db: Database) -> None:
    """What each paper says about a meeting, so the meeting row can be re-derived when one is replaced."""
    for column, decl in [("body", "TEXT"), ("kind", "TEXT"), ("start", "TEXT"), ("start_utc", "TEXT"),
                         ("time_known", "INTEGER"), ("venue", "TEXT"), ("status", "TEXT"),
                         ("uid", "TEXT"), ("url", "TEXT")]:
        db.execute(f"ALTER TABLE meeting_sources ADD COLUMN {column} {decl}")
    db.execute("CREATE INDEX meeting_sources_document ON meeting_sources(document_id)")


@migrations()
def m003_meeting_ends(db: Database) -> None:
    """When a meeting is scheduled to end ("The meeting is scheduled to end at 4.30pm"), as "HH:MM"."""
    db.execute("ALTER TABLE meetings ADD COLUMN ends TEXT")
    db.execute("ALTER TABLE meeting_sources ADD COLUMN ends TEXT")


@migrations()
def m004_parsed_by(db: Database) -> None:
    """Which version of the parser read each paper (store.PARSED_BY), so papers read by older code are read again."""
    db.execute("ALTER TABLE documents ADD COLUMN parsed_by INTEGER NOT NULL DEFAULT 0")
