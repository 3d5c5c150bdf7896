"""Parsing page texts into a ParsedDocument (first cut: paragraphs as passages; the full parser replaces it)."""
from __future__ import annotations

import re

from knowledge.model import ParsedDocument, Passage


def parse_pages(pages: list[str], *, title: str) -> ParsedDocument:
    """Structure found in a document's page texts."""
    doc = ParsedDocument(title=title, pages=len(pages))
    for n, page in enumerate(pages, start=1):
        for para in re.split(r"\n\s*\n", page):
            text = " ".join(para.split())
            if len(text) > 40:
                doc.passages.append(Passage(text=text, page=n, meeting=None))
    return doc
