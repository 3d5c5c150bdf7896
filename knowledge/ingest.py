"""Loading files and folders of papers into the database, one transaction per file."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from sqlite_utils import Database

from knowledge import KnowledgeError, UnreadableDocument
from knowledge import parse, readers, store

log = logging.getLogger(__name__)
READERS = {".txt": readers.read_text_file, ".pdf": readers.read_pdf}


@dataclass
class Summary:
    """Counts for the end-of-run report, plus one reason per file that failed."""

    files: int = 0
    documents: int = 0
    meetings: int = 0
    passages: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and files inside folders named (recursively), in a stable order."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def ingest_file(db: Database, path: Path) -> store.Stored:
    """Read, parse and store one file; raises KnowledgeError with a one-line reason."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableDocument(f"unknown file type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read the file ({exc.strerror})") from None
    sha = hashlib.sha256(data).hexdigest()
    pages = reader(path)
    doc = parse.parse_pages(pages, title=path.stem)
    return store.save(db, doc, sha256=sha, path=str(path.resolve()), size=len(data))


def ingest_paths(db: Database, paths: Iterable[Path],
                 progress: Callable[[Path], None] | None = None) -> Summary:
    """Ingest every file under paths; a bad file is reported and skipped, the rest carry on."""
    summary = Summary()
    for f in find_files(paths):
        summary.files += 1
        try:
            result = ingest_file(db, f)
        except KnowledgeError as exc:
            summary.failed.append((str(f), str(exc)))
        else:
            if result.outcome in ("unchanged", "duplicate"):
                summary.skipped += 1
            else:
                summary.documents += 1
                summary.meetings += result.meetings
                summary.passages += result.passages
        if progress:
            progress(f)
    return summary
