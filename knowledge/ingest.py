"""Loading files and folders of papers into the database, one transaction per file."""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from sqlite_utils import Database

from knowledge import KnowledgeError, UnreadableDocument
from knowledge import ics, parse, readers, search, store
from knowledge.model import ParsedDocument

log = logging.getLogger(__name__)
PAGE_READERS = {".txt": readers.read_text, ".text": readers.read_text, ".pdf": readers.read_pdf}
CALENDARS = {".ics", ".ical"}
KNOWN_TYPES = sorted(set(PAGE_READERS) | CALENDARS)
# Called after each file: (files done, files in total, that file, why it failed or None).
Progress = Callable[[int, int, Path, "str | None"], None]


@dataclass
class Summary:
    """Counts for the end-of-run report, plus one reason per file that failed."""

    files: int = 0
    documents: int = 0             # new or changed documents stored
    replaced: int = 0              # of which replaced an earlier version of the same file
    meetings: int = 0              # distinct meetings those documents describe
    passages: int = 0
    skipped: int = 0               # unchanged, or a duplicate of a document already stored
    duplicates: list[tuple[str, str]] = field(default_factory=list)   # (file, the file it repeats)
    failed: list[tuple[str, str]] = field(default_factory=list)       # (file, one-line reason)
    changed: bool = False          # whether the database now differs from before the run


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and files inside folders named (recursively), in a stable order, hidden ones left out.

    Broken links are kept so the run can say they are unreadable rather than silently skip them.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(
                f for f in p.rglob("*")
                if (f.is_file() or (f.is_symlink() and not f.exists()))
                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    seen: set[str] = set()  # a file named and also inside a folder named is counted once
    return [f for f in out if not (os.path.abspath(f) in seen or seen.add(os.path.abspath(f)))]


def check_type(path: Path) -> None:
    """UnreadableDocument unless the file's extension is one ingest reads."""
    suffix = path.suffix.lower()
    if suffix not in CALENDARS and suffix not in PAGE_READERS:
        raise UnreadableDocument(f"unknown file type {suffix or '(no extension)'}; "
                                 f"ingest reads {', '.join(KNOWN_TYPES)}")


def read_document(path: Path, data: bytes) -> ParsedDocument:
    """The parsed form of one file's bytes; UnreadableDocument for unknown or unreadable contents."""
    check_type(path)
    suffix = path.suffix.lower()
    if suffix in CALENDARS:
        return ics.parse_calendar(data, title=path.stem)
    return parse.parse_pages(PAGE_READERS[suffix](data), title=path.stem)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableDocument("cannot read it (it has just gone)") from None
    except IsADirectoryError:
        raise UnreadableDocument("cannot read it (it is a folder)") from None
    except OSError as exc:
        raise UnreadableDocument(f"cannot read it ({exc.strerror or exc})") from None


def ingest_file(db: Database, path: Path) -> store.Stored:
    """Read, parse and store one file; raises KnowledgeError with a one-line reason."""
    if not path.exists():
        raise UnreadableDocument("cannot read it (a broken link)" if path.is_symlink() else "no such file or folder")
    check_type(path)
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    name = os.path.abspath(path)  # not resolve(): two links to one file are two names
    # Bytes already stored need no reading or parsing: an unchanged re-run costs one hash per file.
    doc = None if store.lookup(db, sha, name) else read_document(path, data)
    return store.save(db, doc, sha256=sha, path=name, size=len(data))


def ingest_paths(db: Database, paths: Iterable[Path], progress: Progress | None = None) -> Summary:
    """Ingest every file under paths; a bad file is reported and skipped, the rest carry on."""
    summary = Summary()
    files = find_files(paths)
    meeting_ids: set[int] = set()
    for done, f in enumerate(files, start=1):
        summary.files += 1
        failures = len(summary.failed)
        try:
            result = ingest_file(db, f)
        except KnowledgeError as exc:
            summary.failed.append((str(f), _one_line(str(exc))))
        except sqlite3.Error as exc:
            summary.failed.append((str(f), _one_line(f"database error, nothing stored ({exc})")))
        except Exception as exc:  # a parser bug on one odd paper must not stop the run
            log.debug("unexpected error ingesting %s", f, exc_info=True)
            summary.failed.append((str(f), _one_line(f"could not be parsed ({type(exc).__name__}: {exc})")))
        else:
            summary.changed |= result.changed
            if result.outcome == "unchanged":
                summary.skipped += 1
            elif result.outcome == "duplicate":
                summary.skipped += 1
                summary.duplicates.append((str(f), result.duplicate_of or "?"))
            else:
                summary.documents += 1
                summary.replaced += result.outcome == "replaced"
                meeting_ids.update(result.meeting_ids)
                summary.meetings = len(meeting_ids)
                summary.passages += result.passages
        if progress:
            progress(done, len(files), f, summary.failed[-1][1] if len(summary.failed) > failures else None)
    if summary.changed:
        _refresh_derived(db, summary)
    return summary


def _one_line(reason: str, limit: int = 300) -> str:
    """A failure reason squeezed onto one line of reasonable length."""
    text = " ".join(reason.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refresh_derived(db: Database, summary: Summary) -> None:
    """Let search rebuild what it derives from passages (vocabulary, acronyms) after a change."""
    try:
        search.refresh(db)
    except Exception as exc:
        log.debug("search refresh failed", exc_info=True)
        summary.failed.append(("search index", _one_line(f"could not be refreshed ({type(exc).__name__}: {exc})")))
