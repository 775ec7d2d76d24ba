"""One printing path for every document the cockpit prints (status reports, invitations,
minutes): standalone HTML rendered to a PDF/A-3a for the archive, A4, with print.css.
WeasyPrint is imported inside ``print_pdf`` so that starting the cockpit does not load
it."""

from pathlib import Path

from django.contrib.staticfiles import finders

PRINT_CSS = "core/print.css"


def static_text(name: str) -> str:
    """A stylesheet from the static files; found through the staticfiles finders so an
    installation can override it like any static file."""
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(name)
    return Path(path).read_text(encoding="utf-8")


def print_pdf(html: str) -> bytes:
    """``html`` as a PDF/A-3a. The document must be standalone (its CSS inline, images
    as data: URIs): any other URL is refused outright, so printing a user's text never
    makes a request.

    The published PDFs are part of the site and must be accessible (BITV 2.0): level A
    of PDF/A-3 is its archive profile (3b) plus a tagged structure, so the file carries
    tags, its title (the HTML's <title>, shown instead of the file name) and its
    language (the <html lang>). WeasyPrint makes one variant per file, and PDF/UA-1
    alone would give up the archive profile, so the PDF/UA identifier is not claimed."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 heavy library: weasyprint
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 heavy library: weasyprint

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=static_text(PRINT_CSS), url_fetcher=fetcher)],
        pdf_variant="pdf/a-3a",
    )
