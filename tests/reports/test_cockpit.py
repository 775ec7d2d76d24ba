"""The cockpit's data: each measure's light with the rule that fired, what the next
meetings must decide, late and soon-due tasks (a member's municipality first, else by
organisation), the meetings ahead and the last one's results, what changed since the
last issued report, and the charts' numbers, in a number of queries that does not grow
with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ikz.core.models import Body
from ikz.core.versions import current_version
from ikz.measures.domain import Due, change_status, create_task, move_due
from ikz.measures.models import Task
from ikz.reports.cockpit import cockpit, latest_issued_report
from ikz.reports.models import StatusReport
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    FieldOfActionFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    OutcomeFactory,
    PersonFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 7)
LONG_AGO = datetime.date(2026, 1, 1)


def days(count: int) -> datetime.date:
    return DAY + datetime.timedelta(days=count)


def measure_in(cooperation, status: str, **fields):
    measure = MeasureFactory(cooperation=cooperation, **fields)
    change_status(measure=measure, to_status=status, date=LONG_AGO)
    return measure


def task_for(cooperation, title: str, due: Due, **fields) -> Task:
    return create_task(cooperation=cooperation, title=title, due=due, created_on=LONG_AGO, **fields)


def issued(cooperation, start, end, **fields) -> StatusReport:
    return StatusReportFactory(
        cooperation=cooperation,
        period_start=start,
        period_end=end,
        report_date=end,
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
        **fields,
    )


def test_each_light_says_the_rule_that_fired(cooperation):
    field = FieldOfActionFactory(cooperation=cooperation, name="Digitales", order=1)
    red = measure_in(cooperation, "in_progress", title="Rot", field_of_action=field)
    task_for(cooperation, "Zahlen liefern", Due.on_day(days(-31)), measure=red)
    yellow = measure_in(cooperation, "in_progress", title="Gelb", field_of_action=field)
    task_for(cooperation, "Raum buchen", Due.on_day(days(-3)), measure=yellow)
    measure_in(
        cooperation, "decision_pending", title="Beschluss", field_of_action=field,
        decision_due=days(-1),
    )  # fmt: skip
    measure_in(cooperation, "on_hold", title="Pause", field_of_action=field)
    measure_in(cooperation, "done", title="Fertig", field_of_action=field)
    measure_in(cooperation, "decided", title="Grün", field_of_action=field)

    data = cockpit(cooperation, day=DAY)

    assert [(line.title, line.colour, line.reason) for line in data.measures] == [
        ("Beschluss", "yellow", "Die Entscheidung steht über den Termin 06.12.2026 hinaus aus."),
        ("Fertig", "grey", "Abgeschlossen: erledigt."),
        ("Gelb", "yellow", "Die Aufgabe „Raum buchen“ ist seit 3 Tagen überfällig."),
        (
            "Grün",
            "green",
            "Im Plan: keine Aufgabe überfällig, keine Entscheidung über ihren Termin hinaus offen.",
        ),
        ("Pause", "yellow", "Die Maßnahme ist zurückgestellt."),
        (
            "Rot",
            "red",
            "Die Aufgabe „Zahlen liefern“ ist seit 31 Tagen überfällig (rot nach 30 Tagen).",
        ),
    ]


def test_measures_come_by_field_of_action_in_its_order_with_the_charts_numbers(cooperation):
    second = FieldOfActionFactory(cooperation=cooperation, name="Bauhof", order=2)
    first = FieldOfActionFactory(cooperation=cooperation, name="Digitales", order=1)
    measure_in(cooperation, "idea", title="Bauhof teilen", field_of_action=second)
    measure_in(cooperation, "idea", title="Portal", field_of_action=first)
    measure_in(cooperation, "done", title="E-Akte", field_of_action=first)

    data = cockpit(cooperation, day=DAY)

    assert [(group.name, [line.title for line in group.measures]) for group in data.fields] == [
        ("Digitales", ["E-Akte", "Portal"]),
        ("Bauhof", ["Bauhof teilen"]),
    ]
    assert data.status_counts() == {"idea": 2, "done": 1}
    assert [(name, counts["idea"], counts["done"]) for name, counts in data.status_by_field()] == [
        ("Digitales", 1, 1),
        ("Bauhof", 1, 0),
    ]


def test_next_meeting_of_each_body_shows_what_it_must_decide(cooperation):
    steering = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe", kind="steering_group")
    project = BodyFactory(cooperation=cooperation, name="Projektgruppe")
    next_steering = MeetingFactory(body=steering, date=days(10), state="planned")
    MeetingFactory(body=steering, date=days(40), state="planned")
    next_project = MeetingFactory(body=project, date=days(5), state="planned")
    topic = AgendaItemFactory(meeting=next_project, title="Bauhof")
    on_agenda = measure_in(
        cooperation, "decision_pending", title="Bauhof teilen", decision_due=days(3)
    )
    topic.measures.add(on_agenda)
    measure_in(cooperation, "decision_pending", title="Portal", decision_due=days(8))
    measure_in(cooperation, "decision_pending", title="Später", decision_due=days(20))
    by_meeting = task_for(cooperation, "Vorlage schreiben", Due.by_meeting(next_steering))
    by_next = task_for(cooperation, "Raum suchen", Due.by_next_meeting_of(project))

    data = cockpit(cooperation, day=DAY)

    assert [
        (
            next.meeting.pk,
            [line.title for line in next.decisions],
            next.topics,
            [task.pk for task in next.tasks],
        )
        for next in data.next_meetings
    ] == [
        (next_project.pk, ["Bauhof teilen"], ["Bauhof"], [by_next.pk]),
        (next_steering.pk, ["Portal"], [], [by_meeting.pk]),
    ]


def test_a_member_sees_their_municipalitys_tasks_first(cooperation):
    naunhof = MunicipalityFactory(name="Naunhof")
    brandis = MunicipalityFactory(name="Brandis")
    mayor = PersonFactory(cooperation=cooperation, name="Bürgermeister", municipality=naunhof)
    task_for(cooperation, "Brandis spät", Due.on_day(days(-20)), owner=brandis)
    task_for(cooperation, "Brandis noch später", Due.on_day(days(-40)), owner=brandis)
    task_for(cooperation, "Naunhof bald", Due.on_day(days(3)), owner=mayor)
    task_for(cooperation, "Naunhof spät", Due.on_day(days(-2)), owner=naunhof)
    task_for(cooperation, "Naunhof später", Due.on_day(days(30)), owner=naunhof)

    member = cockpit(cooperation, day=DAY, municipalities={naunhof.pk})
    coordinator = cockpit(cooperation, day=DAY)

    assert [
        (group.organisation, [t.title for t in group.overdue], [t.title for t in group.soon])
        for group in member.task_groups()
    ] == [
        ("Naunhof", ["Naunhof spät"], ["Naunhof bald"]),
        ("Brandis", ["Brandis noch später", "Brandis spät"], []),
    ]
    assert [group.organisation for group in coordinator.task_groups()] == ["Brandis", "Naunhof"]


def test_meetings_ahead_and_the_last_meetings_results(cooperation):
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    last = MeetingFactory(body=body, date=days(-7))
    MeetingFactory(body=body, date=days(-30))
    OutcomeFactory(meeting=last, text="Beschlossen", kind="decision", order=1)
    ahead = MeetingFactory(body=body, date=days(14), state="planned")
    MeetingFactory(body=body, date=days(100), state="planned")
    task = task_for(cooperation, "Bericht", Due.on_day(days(20)))

    data = cockpit(cooperation, day=DAY)

    assert [meeting.pk for meeting in data.meetings_ahead] == [ahead.pk]
    assert (data.last_meeting.meeting.pk, [r.text for r in data.last_meeting.results]) == (
        last.pk,
        ["Beschlossen"],
    )
    assert [(entry.date, entry.kind, entry.pk) for entry in data.timeline()] == [
        (days(14), "meeting", ahead.pk),
        (days(20), "task", task.pk),
    ]


def test_the_last_report_is_the_latest_current_issued_one(cooperation):
    older = issued(cooperation, datetime.date(2026, 8, 1), datetime.date(2026, 8, 31))
    newer = issued(cooperation, datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    correction = StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2026, 9, 30),
    )
    newer.superseded_by = correction
    newer.save()
    correction.state, correction.snapshot, correction.issued_at = "final", {}, timezone.now()
    correction.save()
    StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
    )

    assert latest_issued_report(cooperation) == correction
    assert older != correction


def test_without_an_issued_report_there_is_nothing_since(cooperation):
    StatusReportFactory(cooperation=cooperation)

    assert cockpit(cooperation, day=DAY).since is None


def test_since_the_last_report_lists_each_change_with_its_object(cooperation):
    today = timezone.localdate()
    report = issued(cooperation, datetime.date(2020, 1, 1), today - datetime.timedelta(days=10))
    since = report.period_end
    body = BodyFactory(cooperation=cooperation)
    meeting = MeetingFactory(body=body, date=since + datetime.timedelta(days=2))
    OutcomeFactory(meeting=meeting, text="Wir beschließen", kind="decision", order=1)
    OutcomeFactory(meeting=meeting, text="Zur Kenntnis", kind="information", order=2)
    OutcomeFactory(meeting=MeetingFactory(body=body, date=since), text="Davor", order=1)
    measure = MeasureFactory(cooperation=cooperation, title="Portal")
    change_status(measure=measure, to_status="idea", date=since - datetime.timedelta(days=5))
    change_status(measure=measure, to_status="in_progress", date=since + datetime.timedelta(1))
    created_before = since - datetime.timedelta(days=20)
    late = create_task(
        cooperation=cooperation, title="Zahlen liefern", measure=measure,
        due=Due.on_day(since + datetime.timedelta(days=3)), created_on=created_before,
    )  # fmt: skip
    new = create_task(cooperation=cooperation, title="Neu", created_on=today)
    done = create_task(cooperation=cooperation, title="Erledigt", created_on=created_before)
    done.state, done.done_on = Task.State.DONE, today
    done.save()
    moved = create_task(
        cooperation=cooperation, title="Verschoben", created_on=created_before,
        due=Due.on_day(datetime.date(2030, 1, 15)),
    )  # fmt: skip
    move_due(
        moved, due=Due.on_day(datetime.date(2030, 2, 15)), reason="Urlaub",
        version=current_version(moved),
    )  # fmt: skip

    changes = cockpit(cooperation, day=today).since

    assert (changes.since, changes.report_pk) == (since, report.pk)
    assert [(line.text, line.target, line.pk) for line in changes.decisions] == [
        ("Wir beschließen", "meeting", meeting.pk)
    ]
    assert [(line.text, line.target, line.pk) for line in changes.results] == [
        ("Zur Kenntnis", "meeting", meeting.pk)
    ]
    assert [(line.text, line.detail, line.pk) for line in changes.status_changes] == [
        ("Portal", "Idee → in Bearbeitung", measure.pk)
    ]
    assert [(line.text, line.pk) for line in changes.tasks_new] == [("Neu", new.pk)]
    assert [(line.text, line.pk) for line in changes.tasks_closed] == [("Erledigt", done.pk)]
    assert [(line.text, line.detail, line.pk) for line in changes.tasks_moved] == [
        ("Verschoben", "bis 15.01.2030 → bis 15.02.2030", moved.pk)
    ]
    assert [(line.text, line.detail, line.colour, line.pk) for line in changes.lights] == [
        ("Portal", "grün", "yellow", measure.pk)
    ]
    assert late.pk not in {line.pk for line in changes.tasks_new}


def portfolio(cooperation, count: int, body: Body, municipality) -> None:
    """``count`` measures, each with a late task, a task due by the body's next
    meeting, a status change and a result, in fields of action of their own."""
    for index in range(count):
        field = FieldOfActionFactory(cooperation=cooperation)
        measure = measure_in(
            cooperation, "decision_pending", field_of_action=field, decision_due=days(-index)
        )
        change_status(measure=measure, to_status="in_progress", date=days(-3))
        task_for(cooperation, f"Spät {index}", Due.on_day(days(-5)), measure=measure,
                 owner=municipality)  # fmt: skip
        task_for(cooperation, f"Bald {index}", Due.by_next_meeting_of(body), measure=measure)
        meeting = MeetingFactory(body=body, date=days(-index - 2))
        OutcomeFactory(meeting=meeting, kind="decision").measures.add(measure)
        AgendaItemFactory(meeting=MeetingFactory(body=body, date=days(index + 3), state="planned"))


def test_query_count_does_not_grow_with_the_data(cooperation):
    body = BodyFactory(cooperation=cooperation, kind="steering_group")
    municipality = MunicipalityFactory()
    issued(cooperation, datetime.date(2026, 10, 1), datetime.date(2026, 11, 30))
    portfolio(cooperation, 3, body, municipality)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            data = cockpit(cooperation, day=DAY, municipalities={municipality.pk})
        counts.append(len(queries))
        portfolio(cooperation, 3, body, municipality)
    assert len(data.measures) == 6
    assert counts[0] == counts[1]
    assert counts[0] <= 18
