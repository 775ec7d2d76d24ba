"""Issued reports read back: exactly as issued, or a clear reason why not."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from ikz.reports import issuing
from ikz.reports.exporters import get_exporter
from ikz.reports.models import ReportFile, StatusReport
from ikz.reports.readers import read_file
from ikz.reports.storing import import_report
from ikz.sample.demo import DEMO_REPORT
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


# render_period: the issued file when there is one, else the report from the data


def period_of(report, **options):
    return issuing.render_period(
        cooperation=report.cooperation,
        period_start=report.period_start,
        period_end=report.period_end,
        identifier="md",
        **options,
    )


@pytest.mark.django_db
def test_render_period_of_an_issued_report_gives_the_issued_file(final_report):
    assert period_of(final_report, template=final_report.template) == ISSUED


@pytest.mark.django_db
def test_render_period_in_another_template_than_issued_is_built_from_the_data(final_report):
    content = period_of(final_report, template=StatusReport.Template.FULL)

    assert content != ISSUED
    assert b"# Statusbericht April/Mai 2020" not in content.split(b"\n", 1)[0]
    assert "25.05.2020" in content.decode()  # dated as the stored report


@pytest.mark.django_db
def test_render_period_of_an_issued_report_refuses_another_date(final_report):
    with pytest.raises(ValidationError) as excinfo:
        period_of(final_report, template=final_report.template, report_date=timezone.localdate())

    assert excinfo.value.code == "issued_date"
    assert excinfo.value.messages == [
        "Der Bericht für diesen Zeitraum wurde mit Datum 25.05.2020 ausgestellt und wird so "
        "geschrieben, wie er ausgestellt wurde."
    ]


@pytest.mark.django_db
def test_render_period_without_a_stored_report_is_dated_the_periods_end():
    cooperation = import_report(blocks=read_file(SEED)).cooperation
    StatusReport.objects.all().delete()

    content = issuing.render_period(
        cooperation=cooperation,
        period_start=datetime.date(2020, 4, 1),
        period_end=datetime.date(2020, 5, 31),
        identifier="md",
        template=StatusReport.Template.SEED,
    ).decode()

    assert content.splitlines()[4] == "31.05.2020"
