"""The full report summarises: what changed since the previous report, the decisions
that wait, the period's results by measure, next steps with owner and due date, and the
overdue tasks counted per municipality."""

import datetime

import pytest

from ikz.core.models import Body, Municipality
from ikz.measures.domain import change_status
from ikz.measures.models import Measure
from ikz.meetings.models import Outcome
from ikz.reports.domain import (
    DecisionNeeded,
    LightChange,
    MeasureResults,
    OwnerCount,
    UpcomingStep,
)
from ikz.reports.exporters import get_exporter
from ikz.reports.models import StatusReport
from ikz.reports.outline import NEXT_STEPS_SHOWN, next_steps_table, results_table
from tests.factories import MeasureFactory, PersonFactory, StatusReportFactory, TaskFactory
from tests.reports.test_builder import APRIL_1, MAY_31, april_may, imported_seed

pytestmark = pytest.mark.django_db

FEBRUARY_29 = datetime.date(2020, 2, 29)
MAY_11 = datetime.date(2020, 5, 11)


def test_activity_counts_from_the_end_of_the_previous_report():
    cooperation = imported_seed()
    StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2020, 1, 1),
        period_end=FEBRUARY_29,
        report_date=FEBRUARY_29,
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=datetime.datetime(2020, 3, 1, tzinfo=datetime.UTC),
    )
    measure = MeasureFactory(cooperation=cooperation)
    change_status(measure=measure, to_status="idea", date=datetime.date(2020, 3, 15))

    report = april_may(cooperation, template="full")

    activity = report.activity
    assert (
        activity.since,
        activity.since_report,
        activity.meetings,
        activity.results,
        activity.decisions,
        activity.status_changes,
        len(report.status_changes),
    ) == (FEBRUARY_29, True, 1, 11, 4, 6, 5)
    markdown = get_exporter("md").render(report).decode()
    assert "# Seit dem letzten Bericht (Stand 29.02.2020)" in markdown
    assert "- Sitzungen: 1; Ergebnisse: 11, davon Beschlüsse: 4" in markdown


def test_without_a_previous_report_activity_is_the_periods():
    report = april_may(imported_seed(), template="full")

    assert (report.activity.since, report.activity.since_report) == (
        datetime.date(2020, 3, 31),
        False,
    )


def _issued(cooperation, start, end, **fields) -> StatusReport:
    return StatusReportFactory(
        cooperation=cooperation,
        period_start=start,
        period_end=end,
        report_date=end,
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=datetime.datetime(2020, 6, 1, tzinfo=datetime.UTC),
        **fields,
    )


def test_drafts_and_superseded_reports_before_the_period_are_not_the_previous_report():
    cooperation = imported_seed()
    january_31 = datetime.date(2020, 1, 31)
    _issued(cooperation, datetime.date(2020, 1, 1), january_31)
    correction = _issued(cooperation, datetime.date(2020, 6, 1), datetime.date(2020, 6, 30))
    _issued(cooperation, datetime.date(2020, 2, 1), FEBRUARY_29, superseded_by=correction)
    StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2020, 3, 1),
        period_end=datetime.date(2020, 3, 31),
        report_date=datetime.date(2020, 3, 31),
    )

    report = april_may(cooperation, template="full")

    assert (report.activity.since, report.activity.since_report) == (january_31, True)


def test_light_changes_name_the_measures_whose_light_turned():
    cooperation = imported_seed()
    _issued(cooperation, datetime.date(2020, 1, 1), FEBRUARY_29)
    late = MeasureFactory(cooperation=cooperation, title="Archiv")
    change_status(measure=late, to_status="in_progress", date=datetime.date(2020, 2, 1))
    # On time at the end of February, 91 days late at the end of May.
    TaskFactory(
        cooperation=cooperation,
        measure=late,
        due_precision="day",
        due_date=datetime.date(2020, 3, 1),
        created_on=datetime.date(2020, 2, 1),
    )

    report = april_may(cooperation, template="full")

    assert report.light_changes == [LightChange("Archiv", "grün", "rot", "red")]


def test_decisions_needed_by_date_late_ones_with_their_days():
    cooperation = imported_seed()
    for title, due in (("Meldewesen", datetime.date(2020, 7, 1)), ("Brandschutz", APRIL_1)):
        measure = MeasureFactory(cooperation=cooperation, title=title, decision_due=due)
        change_status(measure=measure, to_status="decision_pending", date=APRIL_1)

    report = april_may(cooperation, template="full")

    assert report.decisions_needed == [
        DecisionNeeded("Brandschutz", "", APRIL_1, 60),
        DecisionNeeded("Meldewesen", "", datetime.date(2020, 7, 1), 0),
        # The seed's two, without a date.
        DecisionNeeded("Kosten und Einbindung Kulturserver", "", None, 0),
        DecisionNeeded(
            "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo", "", None, 0
        ),
    ]
    markdown = get_exporter("md").render(report).decode()
    assert "- Brandschutz: fällig am 01.04.2020, 60 Tage überfällig" in markdown
    assert "- Meldewesen: fällig bis 01.07.2020" in markdown
    assert "- Kosten und Einbindung Kulturserver: ohne Termin" in markdown


def test_results_by_measure_count_results_and_keep_the_latest_decision():
    cooperation = imported_seed()
    sharing = Measure.objects.get(
        cooperation=cooperation,
        title="Prüfung und Konkretisierung von Personal Sharing-Möglichkeiten",
    )

    report = april_may(cooperation, template="full")

    line = next(line for line in report.results_by_measure if line.measure == sharing.title)
    decisions = Outcome.objects.filter(measures=sharing, kind=Outcome.Kind.DECISION)
    assert line == MeasureResults(
        sharing.title, 3, 1, MAY_11, decisions.order_by("-order").first().text
    )
    assert report.results_without_measure == Outcome.objects.filter(measures=None).count() == 1
    assert results_table(report).note == (
        "1 Ergebnis betrifft keine Maßnahme. "
        "Alle Ergebnisse des Zeitraums stehen im Wortlaut in der Sitzungsübersicht."
    )


def test_next_steps_by_due_date_with_owner_and_a_count_of_the_rest():
    cooperation = imported_seed()
    for day in range(1, 16):
        TaskFactory(
            cooperation=cooperation,
            title=f"Schritt {day:02d}",
            due_precision="day",
            due_date=datetime.date(2020, 7, day),
            created_on=APRIL_1,
            owner_municipality=Municipality.objects.get(name="Naunhof"),
        )

    report = april_may(cooperation, template="full")

    assert report.upcoming[:3] == [
        UpcomingStep(
            "Leitbild-Workshop in der Lenkungsgruppe: 09.06.2020",
            "Lenkungsgruppe",
            "09.06.2020",
            datetime.date(2020, 6, 9),
        ),
        UpcomingStep(
            "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts",
            "–",
            "bis zur Sitzung „Lenkungsgruppe in Großpösna“ am 16.06.2020",
            datetime.date(2020, 6, 16),
        ),
        UpcomingStep(
            "nächster Termin Lenkungsgruppe: 16.06.20 in Großpösna",
            "Lenkungsgruppe",
            "16.06.2020",
            datetime.date(2020, 6, 16),
        ),
    ]
    assert report.upcoming[3] == UpcomingStep(
        "Schritt 01", "Naunhof", "bis 01.07.2020", datetime.date(2020, 7, 1)
    )
    table = next_steps_table(report)
    more = len(report.upcoming) - NEXT_STEPS_SHOWN
    assert (len(table.rows), table.note) == (
        NEXT_STEPS_SHOWN,
        f"{more} weitere offene Aufgaben und Sitzungen sind später oder ohne Termin fällig.",
    )


def test_overdue_tasks_counted_per_municipality_with_the_oldest_first():
    cooperation = imported_seed()
    naunhof = Municipality.objects.get(name="Naunhof")
    body = Body.objects.get(cooperation=cooperation, name="Lenkungsgruppe")
    person = PersonFactory(cooperation=cooperation, municipality=naunhof, name="Anna Berg")
    owners = [
        {"owner_person": person},
        {"owner_municipality": naunhof},
        {"owner_body": body},
        {},
    ]
    for days, owner in zip((10, 40, 20, 5), owners, strict=True):
        TaskFactory(
            cooperation=cooperation,
            title=f"{days} Tage",
            due_precision="day",
            due_date=MAY_31 - datetime.timedelta(days=days),
            created_on=APRIL_1,
            **owner,
        )

    report = april_may(cooperation, template="full")

    assert report.overdue_by_owner == [
        OwnerCount("Naunhof", 2, 40),
        OwnerCount("Lenkungsgruppe", 1, 20),
        OwnerCount("ohne Zuständigkeit", 1, 5),
    ]
    assert [task.title for task in report.overdue_tasks] == [
        "40 Tage",
        "20 Tage",
        "10 Tage",
        "5 Tage",
    ]
    assert "- 10 Tage (Anna Berg (Hauptamtsleitung), Naunhof, 10 Tage)" in (
        get_exporter("md").render(report).decode()
    )


def test_appendix_lists_every_result_only_when_asked_for():
    cooperation = imported_seed()

    without = april_may(cooperation, template="full")
    with_appendix = april_may(cooperation, template="full", appendix=True)
    seed = april_may(cooperation, template="seed", appendix=True)

    assert (len(without.meetings), len(with_appendix.meetings), seed.appendix) == (0, 1, False)
    markdown = get_exporter("md").render(with_appendix).decode()
    assert markdown.index("# Förderfristen") < markdown.index("# Anhang: Ergebnisse der Sitzungen")
    assert "Alle Ergebnisse des Zeitraums stehen im Wortlaut im Anhang." in markdown
