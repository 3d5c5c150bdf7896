"""Readers: text in any common encoding, PDF text layers, and plain reasons for what cannot be read."""
from __future__ import annotations

import codecs
import re

import pytest

from conftest import KENT
from knowledge import UnreadableDocument
from knowledge.readers import read_pdf, read_text
from pdf_fixtures import text_pdf

PHRASE = "The Mayor’s £2,500 grant – café owners’ “pop-up” market"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_text_in_common_encodings_reads_the_same(encoding):
    data = PHRASE.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert read_text(data) == [PHRASE]


def test_latin1_bytes_undefined_in_windows_1252_still_read():
    assert read_text("Caf\xe9 \x81 items".encode("latin-1")) == ["Caf\xe9 \x81 items"]


def test_windows_line_ends_become_newlines_and_form_feeds_split_pages():
    pages = read_text(b"Page one line  \r\nsecond line\r\n\fPage two\r\n\f")
    assert pages == ["Page one line\nsecond line\n", "Page two\n"]


@pytest.mark.parametrize("data, reason", [
    (b"", "empty (0 bytes)"),
    (b"  \n\n\t \n", "no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (codecs.BOM_UTF8 + b"\xff\xfe bad", "not valid UTF-8"),
])
def test_unreadable_text_gets_a_plain_reason(data, reason):
    with pytest.raises(UnreadableDocument, match=re.escape(reason)):
        read_text(data)


def test_pdf_pages_come_back_in_order_with_unix_line_ends():
    pages = read_pdf(text_pdf([["Agenda item 1", "Apologies for absence"], ["Agenda item 2", "Minutes"]]))
    assert pages == ["Agenda item 1\nApologies for absence", "Agenda item 2\nMinutes"]


def test_pdfium_hyphen_markers_become_hyphens():
    pages = read_pdf((KENT / "Devolution White Paper - County Council Report - FINAL.pdf").read_bytes())
    text = "\n".join(pages)
    assert "\ufffe" not in text and "\r" not in text
    assert "city-regions" in text


def test_every_page_of_the_kent_pdfs_comes_back():
    # How fast this goes is measured by bench/ingest.py ("extract" pages/s), not asserted here:
    # a floor on a loaded CI machine fails for reasons that are not the code's.
    pages = [page for p in sorted(KENT.glob("*.pdf")) for page in read_pdf(p.read_bytes())]
    assert len(pages) == 82
    assert sum(1 for page in pages if page.strip()) == 81       # one agenda frontsheet page is blank
