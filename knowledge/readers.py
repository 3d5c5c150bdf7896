"""Turning files into page texts: plain text and PDF text layers."""
from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium

from knowledge import UnreadableDocument

log = logging.getLogger(__name__)


def read_text_file(path: Path) -> list[str]:
    """A text file as one 'page' (the parser finds the printed page numbers inside it)."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("looks like a binary file, not text")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves a few bytes undefined; latin-1 decodes anything
        text = data.decode("latin-1")
    if not text.strip():
        raise UnreadableDocument("the file is empty")
    return [text]


def read_pdf(path: Path) -> list[str]:
    """The text layer of each page of a PDF."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise UnreadableDocument("the PDF is encrypted (password protected)") from None
        raise UnreadableDocument(f"not a readable PDF ({exc})") from None
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    if not pages:
        raise UnreadableDocument("the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise UnreadableDocument("the PDF has no text layer (scanned images only?)")
    return pages
