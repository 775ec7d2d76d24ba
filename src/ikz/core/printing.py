"""One printing path for every document the cockpit prints (status reports, invitations,
minutes): standalone HTML rendered to a PDF/A-3b for the archive, A4, with print.css.
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
    """``html`` as a PDF/A-3b. The document must be standalone (its CSS inline, images
    as data: URIs): any other URL is refused outright, so printing a user's text never
    makes a request."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 heavy library: weasyprint
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 heavy library: weasyprint

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=static_text(PRINT_CSS), url_fetcher=fetcher)],
        pdf_variant="pdf/a-3b",
    )
