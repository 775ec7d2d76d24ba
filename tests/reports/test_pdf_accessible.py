"""The PDFs the site publishes are part of it and must be accessible (BITV 2.0): the
minutes and the status report are tagged, carry their title (shown instead of the file
name) and their language, and stay PDF/A-3 for the archive."""

import datetime
import io
import subprocess

import pytest
from pypdf import PdfReader

from ikz.meetings import minutes
from ikz.reports.domain import build_report
from ikz.reports.exporters import get_exporter
from tests.factories import CooperationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def accessibility_of(content: bytes, tmp_path) -> dict:
    """What a reader and pdfinfo say of the file's tags, title and language."""
    catalog = PdfReader(io.BytesIO(content)).trailer["/Root"]
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    return {
        "tagged": fields["Tagged"].strip(),
        "title": fields["Title"].strip(),
        "lang": str(catalog["/Lang"]),
        "marked": bool(catalog["/MarkInfo"]["/Marked"]),
        "structure": "/StructTreeRoot" in catalog,
        "shows_title": bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]),
    }


def test_minutes_pdf_is_tagged_with_title_and_language(tmp_path):
    meeting = MeetingFactory(
        body__name="Projektleitungsgruppe",
        body__cooperation=CooperationFactory(name="Partheland"),
        number=7,
        date=datetime.date(2020, 5, 11),
    )

    content = minutes.render(meeting, minutes.MINUTES, "pdf")

    assert accessibility_of(content, tmp_path) == {
        "tagged": "yes",
        "title": "Niederschrift: 7. Projektleitungsgruppe",
        "lang": "de",
        "marked": True,
        "structure": True,
        "shows_title": True,
    }


def test_status_report_pdf_is_tagged_with_title_and_language(tmp_path):
    cooperation = CooperationFactory(name="Partheland", report_title="Partheland")
    report = build_report(
        cooperation=cooperation,
        period_start=datetime.date(2020, 4, 1),
        period_end=datetime.date(2020, 5, 31),
        report_date=datetime.date(2020, 5, 25),
        template="full",
    )

    content = get_exporter("pdf").render(report)

    assert accessibility_of(content, tmp_path) == {
        "tagged": "yes",
        "title": f"{report.heading} – {report.title}",
        "lang": "de",
        "marked": True,
        "structure": True,
        "shows_title": True,
    }
