"""Issued reports read back: exactly as issued, or a clear reason why not."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from ikz.reports import issuing
from ikz.reports.demo import DEMO_REPORT
from ikz.reports.exporters import get_exporter
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.readers import read_file
from ikz.reports.storing import import_report
from tests.factories import CooperationFactory, StatusReportFactory

SEED = DEMO_REPORT
ISSUED = b"# Statusbericht April/Mai 2020\n"


@pytest.fixture
def final_report(settings, tmp_path):
    """Issued, with only its Markdown file."""
    settings.MEDIA_ROOT = tmp_path
    report = StatusReportFactory(
        cooperation=CooperationFactory(slug="partheland"),
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
    )
    ReportFile.objects.create(
        report=report,
        format="md",
        file=ContentFile(ISSUED, name="statusbericht.md"),
        sha256=hashlib.sha256(ISSUED).hexdigest(),
        size=len(ISSUED),
    )
    return report


@pytest.mark.django_db
def test_render_final_report_gives_the_stored_file(final_report):
    assert issuing.render(final_report, "md") == ISSUED


@pytest.mark.django_db
def test_render_final_report_without_a_file_in_the_format_names_the_format(final_report):
    with pytest.raises(ValidationError) as excinfo:
        issuing.render(final_report, "docx")

    assert excinfo.value.messages == [
        "Dieser Bericht wurde ohne eine Datei im Format Word (DOCX) ausgestellt."
    ]


@pytest.mark.django_db
def test_render_final_report_whose_file_is_gone_names_the_file(final_report):
    stored = final_report.files.get()
    stored.file.storage.delete(stored.file.name)

    with pytest.raises(ValidationError) as excinfo:
        issuing.render(final_report, "md")

    assert excinfo.value.messages == [
        f"Die gespeicherte Datei {stored.file.name} kann nicht gelesen werden."
    ]


@pytest.mark.django_db
def test_issue_report_by_an_english_speaking_coordinator_freezes_german(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import_report(blocks=read_file(SEED))
    StatusReport.objects.update(template=StatusReport.Template.FULL)

    with translation.override("en"):
        report = issuing.issue_report(report=StatusReport.objects.get())
        markdown = issuing.render(report, "md").decode()

    # What a German-speaking coordinator would have issued (the tests run in German).
    german = issuing.report_data(report)
    assert ("# Maßnahmenportfolio" in markdown, markdown, report.snapshot) == (
        True,
        get_exporter("md").render(german).decode(),
        german.as_json(),
    )
