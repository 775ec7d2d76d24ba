"""The text of a document worth searching: of plain text and CSV files, and of PDFs
(read by pypdf, which ``ikz.core.files`` checks every uploaded PDF with). Other kinds
are found by their title. A file that cannot be read gives no text and is found by its
title: reading it is no reason to refuse its upload."""

import codecs
import logging

from ikz.core.files import UTF16_BOMS
from ikz.core.models import Document

logger = logging.getLogger(__name__)

# Enough for the words of a few dozen pages; a longer text is cut.
MAX_TEXT = 20_000
# Pages of a PDF read at most: a text stops at MAX_TEXT anyway, and a page that holds
# no text (a scan) must not make a long document cost its every page.
MAX_PAGES = 50
TEXT_KINDS = {"txt", "csv"}


def document_text(document: Document) -> str:
    """Up to ``MAX_TEXT`` characters of the document's text, "" for other kinds and for
    a file that cannot be read (logged)."""
    extension = document.extension
    if extension not in TEXT_KINDS and extension != "pdf":
        return ""
    try:
        with document.file.open("rb") as file:
            text = _pdf_text(file) if extension == "pdf" else _plain_text(file)
    # A damaged or hostile file: whatever its reader raises means "no text".
    except Exception:
        logger.warning("no text read from document %s", document.pk, exc_info=True)
        return ""
    return " ".join(text.split())[:MAX_TEXT]


def _plain_text(file) -> str:
    """As the upload's check accepts it: UTF-16 with its byte order mark, else UTF-8,
    else Windows-1252; a character cut at the end of the part read is dropped."""
    head = file.read(MAX_TEXT * 4)
    if head.startswith(UTF16_BOMS):
        return codecs.getincrementaldecoder("utf-16")().decode(head)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head)
    except UnicodeDecodeError:
        return head.decode("cp1252", errors="replace")


def _pdf_text(file) -> str:
    from pypdf import PdfReader  # noqa: PLC0415 heavy library: pypdf

    reader = PdfReader(file)
    if reader.is_encrypted:
        # Locked: its text is the uploader's to give.
        return ""
    parts, length = [], 0
    for page in reader.pages[:MAX_PAGES]:
        part = page.extract_text() or ""
        parts.append(part)
        length += len(part)
        if length >= MAX_TEXT:
            break
    return "\n".join(parts)
