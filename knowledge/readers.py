"""Turning file bytes into page texts: plain text (any common encoding) and PDF text layers."""
from __future__ import annotations

import codecs
import logging
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from knowledge import UnreadableDocument

log = logging.getLogger(__name__)

# Encodings tried in order when a text file has no byte-order mark. UTF-8 is strict, so a file
# that decodes is almost certainly UTF-8; Windows-1252 is what council Word exports otherwise use.
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
# Control characters other than tab, newline and form feed mean "not text".
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# PDFium marks a hyphen it met inside a word with U+FFFE (and, in older builds, \x02).
_PDF_HYPHEN = str.maketrans({"\ufffe": "-", "\x02": "-", "\x00": None})
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
# Below this many letters in the whole PDF there is no usable text layer.
_MIN_LETTERS = 20
_LETTER = re.compile(r"[^\W\d_]")


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: BOM first, then strict UTF-8, then Windows-1252, then Latin-1."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise UnreadableDocument(f"the text is not valid {enc.upper()} despite its byte-order mark") from None
    if b"\x00" in data[:8192]:
        raise UnreadableDocument("looks like a binary file, not text")
    for enc in ("utf-8", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # cp1252 leaves five bytes undefined; Latin-1 decodes anything


def read_text(data: bytes) -> list[str]:
    """A text file's pages: split at form feeds (pdftotext output), else the whole file as one page."""
    if not data:
        raise UnreadableDocument("the file is empty (0 bytes)")
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > len(sample) / 100:
        raise UnreadableDocument("looks like a binary file, not text")
    if not text.strip():
        raise UnreadableDocument("the file has no text (only blank space)")
    pages = [_TRAILING_SPACE.sub("\n", p) for p in text.split("\f")]
    while len(pages) > 1 and not pages[-1].strip():  # pdftotext ends with a form feed
        pages.pop()
    return pages


def read_pdf(data: bytes) -> list[str]:
    """The text layer of each page of a PDF; UnreadableDocument says plainly why there is none."""
    if not data:
        raise UnreadableDocument("the file is empty (0 bytes)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(_open_failure(data, exc)) from None
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableDocument("the PDF has no pages")
        pages = [_page_text(pdf, i) for i in range(count)]
        if not _has_letters(pages):
            if _has_images(pdf):
                raise UnreadableDocument("the PDF has no text layer, only images (a scan? it needs OCR first)")
            raise UnreadableDocument("the PDF's pages are blank (no text and no images)")
    finally:
        pdf.close()  # closes every page and text page still open, and frees the input buffer
    return pages


def _has_letters(pages: list[str]) -> bool:
    """Whether the pages hold at least a few words' worth of letters (stops counting early)."""
    found = 0
    for text in pages:
        found += len(_LETTER.findall(text, 0, 4096))
        if found >= _MIN_LETTERS:
            return True
    return False


def _page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    """One page's text with PDFium's line ends and hyphen markers normalised."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except pdfium.PdfiumError as exc:
        log.warning("page %d: no text (%s)", index + 1, exc)
        return ""
    finally:
        page.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PDF_HYPHEN)
    return _TRAILING_SPACE.sub("\n", text)


def _has_images(pdf: pdfium.PdfDocument, max_pages: int = 5) -> bool:
    """Whether any of the first pages draws an image (tells a scan from a blank document)."""
    for i in range(min(len(pdf), max_pages)):
        page = pdf[i]
        try:
            if any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects()):
                return True
        finally:
            page.close()
    return False


def _open_failure(data: bytes, exc: pdfium.PdfiumError) -> str:
    """A one-line reason for a PDF PDFium refused to open."""
    # PDFium's error code is its last error, which some failures leave stale: confirm it in the bytes.
    code = getattr(exc, "err_code", None)
    head = data[:1024].lstrip()
    if not head.startswith(b"%PDF"):
        return "not a PDF (the file does not start with %PDF)"
    if b"/Encrypt" in data:
        if code == pdfium_c.FPDF_ERR_SECURITY:
            return "the PDF is encrypted with an unsupported security handler"
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            return "the PDF is encrypted (it needs a password to open)"
    # PDFium refuses a document whose page tree is empty rather than opening it with no pages.
    if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Type\s*/Page\b(?!s)", data):
        return "the PDF has no pages"
    if b"%%EOF" not in data[-2048:]:
        return "the PDF is damaged or cut short (no end-of-file marker)"
    return f"the PDF is damaged and cannot be read ({str(exc).rstrip('.')})"
