"""``ikz generate`` with the real shape, once for this module: its counts, and a full
report of twelve months of it that stays a report."""

import datetime
import io

import pptx
import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from ikz.core.models import Cooperation, Municipality
from ikz.measures.models import StatusChange, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.domain import build_report
from ikz.reports.exporters import EXPORTERS, get_exporter
from ikz.reports.models import ReportFile, StatusReport
from tests.sample.test_generator import TARGETS, run


@pytest.fixture(scope="module")
def real_shape(django_db_setup, django_db_blocker, tmp_path_factory):
    """The command's output at scale 1, its rows shared by this module's tests that ask
    for it and rolled back after them: generating takes a while."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield run("generate", "--scale", "1")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_generate_command_at_scale_1_creates_the_real_shape(real_shape):
    output = real_shape

    cooperation = Cooperation.objects.get()
    counts = {model: model.objects.count() for model in TARGETS}
    off_target = {
        model.__name__: (counts[model], target)
        for model, target in TARGETS.items()
        if not 0.85 * target <= counts[model] <= 1.15 * target
    }
    assert off_target == {}
    assert (
        cooperation.name,
        Municipality.objects.count(),
        cooperation.bodies.count(),
        cooperation.partners.count(),
        cooperation.people.count(),
        cooperation.fields_of_action.count(),
        cooperation.agreements.count(),
        cooperation.funding_applications.count(),
    ) == ("Muldental", 7, 5, 4, 40, 7, 3, 4)
    assert (
        list(cooperation.status_reports.order_by("period_start").values_list("state", flat=True))
        == ["draft"] * 19 + ["final"] * 6
    )
    assert ReportFile.objects.count() == 6 * len(EXPORTERS)
    assert output.startswith("Erzeugte Kooperationen: 1 (Startwert 1, ")
    assert output.rstrip().endswith(
        f"Sitzungen: {counts[Meeting]}, Tagesordnungspunkte: {counts[AgendaItem]}, "
        f"Ergebnisse: {counts[Outcome]}, Statusänderungen: {counts[StatusChange]}, "
        f"Aufgaben: {counts[Task]}, Statusberichte: 25, davon ausgestellt: 6."
    )


@pytest.mark.django_db
def test_full_report_of_twelve_months_of_the_real_shape_stays_a_report(real_shape):
    """A steering group reads it: 25 slides and 15 pages at most, without the appendix."""
    report = build_report(
        cooperation=Cooperation.objects.get(),
        period_start=datetime.date(2025, 10, 1),
        period_end=datetime.date(2026, 9, 30),
        template=StatusReport.Template.FULL,
    )

    slides = len(pptx.Presentation(io.BytesIO(get_exporter("pptx").render(report))).slides)
    pages = len(PdfReader(io.BytesIO(get_exporter("pdf").render(report))).pages)

    assert (slides <= 25, pages <= 15) == (True, True), (slides, pages)
    assert len(report.results_by_measure) > 10 and report.overdue_by_owner
