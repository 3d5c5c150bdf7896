"""`councilbot ingest`: idempotent, atomic per file, duplicates recognised, bad files named and skipped."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


from bot.db import open_db
from conftest import KENT, ROOT, STEVENAGE, run_cli
from knowledge.ingest import ingest_paths
from pdf_fixtures import blank_pdf, image_only_pdf, text_pdf, zero_page_pdf

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ["documents", "document_paths", "meetings", "meeting_sources", "agenda_items", "questions",
          "motions", "decisions", "passages", "acronyms"]


def ingest(capsys, db_path, *paths, extra=()):
    """`councilbot ingest --db db_path [extra] paths...` in-process."""
    return run_cli(capsys, "ingest", "--db", db_path, *extra, *paths)


def counts(db_path) -> dict[str, int]:
    db = open_db(db_path)
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        db.conn.close()


def fts_hits(db, word: str) -> int:
    return db.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?", [word]).fetchone()[0]


def fts_consistent(db) -> bool:
    """FTS5's own check that the external-content index matches the passages table."""
    db.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
    return True


def paper(text_paragraphs: list[str]) -> str:
    return "\n\n".join(text_paragraphs) + "\n"


def test_ingesting_the_sample_pack_reports_counts_and_shows_progress(capsys, db_path, tmp_path):
    folder = tmp_path / "papers"
    shutil.copytree(KENT, folder / "kent")
    shutil.copy(STEVENAGE, folder)
    rc, out, err = ingest(capsys, db_path, folder)
    n = len(list(KENT.glob("*.pdf"))) + 1
    assert rc == 0, err
    assert f"{n} files: {n} documents stored" in out
    assert "0 failed" in out
    assert f"{n}/{n}" in err                       # the tqdm bar reached the end
    c = counts(db_path)
    assert c["documents"] == n and c["document_paths"] == n
    assert c["passages"] > 100
    assert f"{c['passages']} passages" in out


def test_no_progress_bar_for_a_single_file(capsys, db_path):
    rc, out, err = ingest(capsys, db_path, STEVENAGE)
    assert rc == 0
    assert "1/1" not in err and "1 files: 1 documents stored" in out


def test_reingesting_unchanged_files_changes_nothing(capsys, db_path, tmp_path):
    shutil.copytree(KENT, tmp_path / "kent")
    ingest(capsys, db_path, tmp_path / "kent")
    db = open_db(db_path)
    before = {t: list(db.query(f"SELECT * FROM {t} ORDER BY rowid")) for t in TABLES}
    db.conn.close()
    rc, out, err = ingest(capsys, db_path, tmp_path / "kent")
    n = len(list(KENT.glob("*.pdf")))
    assert rc == 0
    assert f"{n} files: 0 documents stored" in out and f"{n} skipped" in out
    db = open_db(db_path)
    after = {t: list(db.query(f"SELECT * FROM {t} ORDER BY rowid")) for t in TABLES}
    db.conn.close()
    assert after == before                          # not even ingested_at moved


def test_a_changed_file_replaces_its_earlier_version(capsys, db_path, tmp_path):
    f = tmp_path / "minutes.txt"
    f.write_text(paper(["The committee discussed the zebra crossing on Danestrete at length today.",
                        "Members agreed the zebra crossing should be repainted before the winter."]))
    f2 = tmp_path / "other.txt"
    f2.write_text(paper(["An unrelated paper about allotments and their waiting lists in the borough."]))
    assert ingest(capsys, db_path, f, f2)[0] == 0
    db = open_db(db_path)
    old_doc = db.execute("SELECT document_id FROM document_paths WHERE path = ?", [str(f)]).fetchone()[0]
    assert fts_hits(db, "zebra") >= 1
    db.conn.close()

    f.write_text(paper(["The committee discussed the pelican crossing on Danestrete at length today.",
                        "Members agreed the pelican crossing should get new signals next spring."]))
    rc, out, err = ingest(capsys, db_path, f, f2)
    assert rc == 0 and "1 documents stored (1 replaced)" in out and "1 skipped" in out
    db = open_db(db_path)
    try:
        assert fts_hits(db, "zebra") == 0
        assert fts_hits(db, "pelican") >= 1
        assert fts_hits(db, "allotments") >= 1
        assert db.execute("SELECT count(*) FROM passages WHERE text LIKE '%zebra%'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM passages WHERE document_id = ?", [old_doc]).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert fts_consistent(db)
    finally:
        db.conn.close()


def test_the_same_document_under_two_names_is_stored_once(capsys, db_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    src = KENT / "Agenda frontsheet 30th-Jan-2025 10.00 Cabinet.pdf"
    shutil.copy(src, folder / "cabinet.pdf")
    shutil.copy(src, folder / "cabinet copy.pdf")
    rc, out, err = ingest(capsys, db_path, folder)
    assert rc == 0
    assert f"duplicate: {folder / 'cabinet.pdf'} is the same document as {folder / 'cabinet copy.pdf'}" in err
    assert "1 documents stored" in out and "1 skipped" in out
    c = counts(db_path)
    assert c["documents"] == 1 and c["document_paths"] == 2
    single = c["passages"]

    # Changing one copy makes it a document of its own; the other name keeps the original.
    (folder / "cabinet.pdf").write_bytes(text_pdf([["Cabinet agenda, revised: item 5 withdrawn by the Leader."]]))
    rc, out, err = ingest(capsys, db_path, folder)
    assert rc == 0
    c = counts(db_path)
    assert c["documents"] == 2 and c["document_paths"] == 2 and c["passages"] > single


def test_a_file_changed_into_a_copy_of_another_drops_its_old_version(capsys, db_path, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(paper(["Paper A talks about the leisure centre refurbishment and its costs."]))
    b.write_text(paper(["Paper B talks about the bus station and the new cycle hub there."]))
    ingest(capsys, db_path, a, b)
    b.write_bytes(a.read_bytes())
    rc, out, err = ingest(capsys, db_path, a, b)
    assert rc == 0 and "duplicate" in err
    db = open_db(db_path)
    try:
        assert fts_hits(db, "cycle") == 0
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    finally:
        db.conn.close()


def _bad_files(folder: Path) -> dict[str, str]:
    """name -> a fragment the reason must contain."""
    kent_pdf = (KENT / "Agenda frontsheet 09th-Jan-2025 10.00 County Council.pdf").read_bytes()
    (folder / "corrupt.pdf").write_bytes(kent_pdf[: len(kent_pdf) * 6 // 10])
    shutil.copy(FIXTURES / "encrypted.pdf", folder / "encrypted.pdf")
    (folder / "zero-bytes.pdf").write_bytes(b"")
    (folder / "scanned.pdf").write_bytes(image_only_pdf())
    (folder / "blank.pdf").write_bytes(blank_pdf())
    (folder / "no-pages.pdf").write_bytes(zero_page_pdf())
    (folder / "really-text.pdf").write_text("This is a text file with a PDF name.")
    (folder / "minutes.docx").write_bytes(b"PK\x03\x04 not really")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "gone.txt").symlink_to(folder / "deleted-long-ago.txt")
    return {
        "corrupt.pdf": "damaged", "encrypted.pdf": "encrypted", "zero-bytes.pdf": "empty (0 bytes)",
        "scanned.pdf": "no text layer, only images", "blank.pdf": "blank", "no-pages.pdf": "no pages",
        "really-text.pdf": "not a PDF", "minutes.docx": "unknown file type .docx",
        "binary.txt": "binary", "gone.txt": "cannot read it (a broken link)",
    }


def test_bad_files_get_one_line_each_and_the_run_carries_on(capsys, db_path, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    expected = _bad_files(folder)
    shutil.copy(STEVENAGE, folder / "good.txt")
    rc, out, err = ingest(capsys, db_path, folder)
    assert rc == 1
    failed_lines = [line for line in err.splitlines() if "failed: " in line]
    assert len(failed_lines) == len(expected)
    for name, fragment in expected.items():
        mine = [line for line in failed_lines if f"failed: {folder / name}: " in line]
        assert len(mine) == 1, name
        assert fragment in mine[0], mine[0]
    assert "Traceback" not in err
    assert f"{len(expected) + 1} files: 1 documents stored" in out and f"{len(expected)} failed" in out
    c = counts(db_path)
    assert c["documents"] == 1 and c["passages"] > 50


def test_the_command_never_shows_a_traceback(db_path, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    _bad_files(folder)
    proc = subprocess.run([sys.executable, "-m", "bot", "ingest", "--db", str(db_path), str(folder),
                           str(tmp_path / "no-such-folder")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"failed: {tmp_path / 'no-such-folder'}: no such file or folder" in proc.stderr


def test_a_failure_while_storing_leaves_nothing_behind(db, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(paper(["The original version of these minutes talks about the marketplace."] * 3))
    assert not ingest_paths(db, [good]).failed
    before = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    # A real constraint failure deep inside the save: the passage holding this word is refused,
    # after the document row, its path and the earlier passages were already written.
    db.execute("""CREATE TEMP TRIGGER planted BEFORE INSERT ON main.passages
                  WHEN new.text LIKE '%detonator%' BEGIN SELECT RAISE(ABORT, 'planted failure'); END""")
    bad_new = tmp_path / "bad.txt"
    bad_new.write_text(paper(["A perfectly ordinary first paragraph about parking permits in the town.",
                              "A second paragraph that mentions the word detonator and so is refused."]))
    good.write_text(paper(["A new version of the minutes, talking about allotments instead.",
                           "This version also mentions a detonator, so storing it fails half way."]))
    summary = ingest_paths(db, [bad_new, good])
    assert [name for name, _ in summary.failed] == [str(bad_new), str(good)]
    assert all("planted failure" in why and "nothing stored" in why for _, why in summary.failed)
    after = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert after == before
    assert fts_hits(db, "parking") == 0 and fts_hits(db, "allotments") == 0
    assert fts_hits(db, "marketplace") >= 1          # the old version of good.txt is intact
    assert fts_consistent(db)


def test_progress_callback_sees_every_file_with_its_failure(db, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "a.txt").write_text("A paper about the town centre regeneration programme and its costs.\n")
    (tmp_path / "b.xlsx").write_bytes(b"x")
    (tmp_path / "c.txt").write_text("Another paper about the swimming pool opening hours and charges.\n")
    seen = []
    summary = ingest_paths(db, [tmp_path], progress=lambda done, total, path, why: seen.append((done, total, path.name, why)))
    assert [(d, t, n) for d, t, n, _ in seen] == [(1, 3, "a.txt"), (2, 3, "b.xlsx"), (3, 3, "c.txt")]
    assert seen[0][3] is None and "unknown file type .xlsx" in seen[1][3]
    assert summary.files == 3 and summary.documents == 2 and len(summary.failed) == 1


def test_hidden_files_and_folders_are_left_out(db, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("git internals that are not council papers at all\n")
    (tmp_path / ".~lock.txt").write_text("an editor lock file, not a paper for the council\n")
    (tmp_path / "paper.txt").write_text("The real paper about the new library in the town centre.\n")
    summary = ingest_paths(db, [tmp_path])
    assert summary.files == 1 and summary.documents == 1


def test_search_is_refreshed_only_after_a_run_that_changed_something(db, tmp_path, monkeypatch):
    from knowledge import search

    calls = []
    monkeypatch.setattr(search, "refresh", lambda d: calls.append(d))
    f = tmp_path / "paper.txt"
    f.write_text("A paper about recycling collections and the new food waste caddies.\n")
    ingest_paths(db, [f])
    ingest_paths(db, [f])
    assert len(calls) == 1


def test_memory_stays_flat_over_hundreds_of_pdfs():
    from knowledge.readers import read_pdf

    def rss_kb() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

    pdfs = [p.read_bytes() for p in sorted(KENT.glob("Agenda frontsheet*.pdf"))]
    for data in pdfs:                                 # warm up PDFium's caches and fonts
        read_pdf(data)
    start = rss_kb()
    for _ in range(150):                              # 300 documents, 750 pages
        for data in pdfs:
            read_pdf(data)
    assert rss_kb() - start < 10_000


def test_a_parser_crash_on_one_paper_is_a_one_line_failure(db, tmp_path, monkeypatch):
    from knowledge import parse

    real = parse.parse_pages

    def crashes_on_odd_paper(pages, *, title):
        if title == "odd":
            raise IndexError("list index out of range\nwith a second line")
        return real(pages, title=title)

    monkeypatch.setattr(parse, "parse_pages", crashes_on_odd_paper)
    (tmp_path / "odd.txt").write_text("A paper whose layout the parser has never seen before.\n")
    (tmp_path / "fine.txt").write_text("A paper about the new leisure centre and its opening hours.\n")
    summary = ingest_paths(db, [tmp_path / "odd.txt", tmp_path / "fine.txt"])
    assert summary.failed == [(str(tmp_path / "odd.txt"),
                               "could not be parsed (IndexError: list index out of range with a second line)")]
    assert summary.documents == 1


def test_summary_counts_each_meeting_and_each_file_once(capsys, db_path, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(STEVENAGE, folder)
    shutil.copy(ROOT / "samples" / "stevenage-meetings-2021.ics", folder)
    # The folder and a file inside it both named: still two files.
    rc, out, err = ingest(capsys, db_path, folder, folder / STEVENAGE.name)
    assert rc == 0
    db = open_db(db_path)
    meetings = db.execute("SELECT count(*) FROM meetings").fetchone()[0]
    db.conn.close()
    assert out.startswith("2 files: 2 documents stored")
    assert f" {meetings} meetings" in out             # the pack and the calendar share meetings


def test_papers_read_by_an_older_parser_are_read_again_keeping_their_meetings(capsys, db_path):
    ingest(capsys, db_path, STEVENAGE)
    db = open_db(db_path)
    meetings = list(db.query("SELECT id, body, start FROM meetings ORDER BY id"))
    # As a database written before this parser would be: its papers' passages predate the organisation chart fix.
    db.execute("UPDATE documents SET parsed_by = 0")
    db.execute("DELETE FROM passages WHERE text LIKE 'Responsible Authorities Group (RAG)%Chair: Matt Partridge%'")
    db.conn.commit()
    db.conn.close()
    rc, out, _ = ingest(capsys, db_path, STEVENAGE)
    assert rc == 0 and "1 documents stored (1 replaced)" in out
    db = open_db(db_path)
    assert list(db.query("SELECT id, body, start FROM meetings ORDER BY id")) == meetings   # same ids
    assert db.execute("SELECT count(*) FROM passages WHERE text LIKE 'Responsible Authorities Group (RAG)%"
                      "Chair: Matt Partridge%'").fetchone()[0] == 1
    assert db.execute("SELECT min(parsed_by) FROM documents").fetchone()[0] > 0
    db.conn.close()
    rc, out, _ = ingest(capsys, db_path, STEVENAGE)   # and now it is current: skipped
    assert "0 documents stored" in out and "1 skipped" in out
