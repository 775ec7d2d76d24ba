"""Business rules of meetings (ikz.meetings.domain): building the agenda, recording what
a meeting concluded with everything that follows from it, and what the public sees."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ikz.core.versions import VersionConflict
from ikz.measures.domain import Due, change_status, status_as_of
from ikz.measures.models import Measure, StatusChange, Task
from ikz.meetings.domain import (
    TaskDraft,
    add_agenda_item,
    attendance_version,
    hold_meeting,
    public_outcomes,
    publication_conflict,
    publication_version,
    publish_meeting,
    record_attendance,
    record_outcome,
    schedule_meeting,
    upcoming_public_meetings,
)
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MeetingFactory,
    MunicipalityFactory,
    OutcomeFactory,
    PartnerFactory,
    PersonFactory,
    TaskFactory,
)

# What a German user reads (src/ikz/locale/de/LC_MESSAGES/django.po).
NEW_STATUS_WITHOUT_MEASURES = (
    "Bitte geben Sie für einen neuen Status die Maßnahmen an, für die er gilt."
)
DUE_DOES_NOT_MATCH_PRECISION = (
    "Das Fälligkeitsdatum passt nicht zur gewählten Genauigkeit: Bei „Tag“ ist ein Datum nötig, "
    "bei „Monat“ der erste Tag des Monats, bei „Quartal“ der erste Tag des Quartals, bei „bis zu "
    "einer Sitzung“ eine Sitzung oder das Gremium, dessen nächste Sitzung noch nicht geplant "
    "ist, und kein Datum, bei „ohne Termin“ weder Datum noch Sitzung."
)

MAY_11 = datetime.date(2020, 5, 11)


def stored_counts():
    return (Outcome.objects.count(), StatusChange.objects.count(), Task.objects.count())


# add_agenda_item


@pytest.mark.django_db
def test_add_agenda_item_appends_items_numbered_by_position():
    meeting = MeetingFactory()

    first = add_agenda_item(meeting=meeting, title="Stellenbörse")
    second = add_agenda_item(meeting=meeting, title="Gewerbeamt", is_public=False)

    assert [(i.order, i.number, i.title, i.is_public) for i in meeting.agenda_items.all()] == [
        (1, "1", "Stellenbörse", True),
        (2, "2", "Gewerbeamt", False),
    ]
    assert (first.pk, second.pk) == tuple(meeting.agenda_items.values_list("pk", flat=True))


@pytest.mark.django_db
def test_add_agenda_item_continues_after_the_last_position():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, order=5)

    item = add_agenda_item(meeting=meeting, title="Personal Sharing")

    assert (item.order, item.number) == (6, "6")


@pytest.mark.django_db
def test_add_agenda_item_ignores_items_of_other_meetings():
    AgendaItemFactory(meeting=MeetingFactory(), order=4)

    item = add_agenda_item(meeting=MeetingFactory(), title="Stellenbörse")

    assert (item.order, item.number) == (1, "1")


@pytest.mark.django_db
def test_add_agenda_item_presented_by_a_partner():
    meeting = MeetingFactory()
    consultancy = PartnerFactory(cooperation=meeting.body.cooperation, name="Prozessbegleitung")

    item = add_agenda_item(meeting=meeting, title="Stellenbörse", presenter=consultancy)

    item.refresh_from_db()
    assert (item.presenter_partner, item.presenter_person) == (consultancy, None)


@pytest.mark.django_db
def test_add_agenda_item_presented_by_a_person():
    meeting = MeetingFactory()
    mayor = PersonFactory(cooperation=meeting.body.cooperation, role="Bürgermeister Naunhof")

    item = add_agenda_item(meeting=meeting, title="Stellenbörse", presenter=mayor)

    item.refresh_from_db()
    assert (item.presenter_person, item.presenter_partner) == (mayor, None)


@pytest.mark.django_db
def test_add_agenda_item_without_presenter():
    item = add_agenda_item(meeting=MeetingFactory(), title="Stellenbörse")

    assert item.presenter is None


@pytest.mark.django_db
def test_add_agenda_item_links_measures():
    meeting = MeetingFactory()
    stellenboerse = MeasureFactory(cooperation=meeting.body.cooperation)
    gewerbeamt = MeasureFactory(cooperation=meeting.body.cooperation)

    item = add_agenda_item(meeting=meeting, title="Stand", measures=[stellenboerse, gewerbeamt])

    assert set(item.measures.all()) == {stellenboerse, gewerbeamt}


@pytest.mark.django_db
def test_add_agenda_item_without_title_is_refused():
    meeting = MeetingFactory()

    with pytest.raises(ValidationError) as excinfo:
        add_agenda_item(meeting=meeting, title="")

    assert excinfo.value.message_dict == {"title": ["Dieses Feld darf nicht leer sein."]}
    assert AgendaItem.objects.count() == 0


# record_outcome: the outcome itself


@pytest.mark.django_db
def test_record_outcome_appends_outcomes_in_order():
    meeting = MeetingFactory()

    record_outcome(meeting=meeting, text="Die Stellenbörse geht online.")
    record_outcome(meeting=meeting, text="Gewerbeamt wird geprüft.")

    assert list(meeting.outcomes.values_list("order", "text")) == [
        (1, "Die Stellenbörse geht online."),
        (2, "Gewerbeamt wird geprüft."),
    ]


@pytest.mark.django_db
def test_record_outcome_numbers_within_its_meeting():
    OutcomeFactory(meeting=MeetingFactory(), order=9)
    meeting = MeetingFactory()
    OutcomeFactory(meeting=meeting, order=3)

    outcome = record_outcome(meeting=meeting, text="Weiter so.").outcome

    assert outcome.order == 4


@pytest.mark.django_db
def test_record_outcome_stores_kind_agenda_item_and_visibility():
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Gewerbeamt")

    outcome = record_outcome(
        meeting=meeting,
        agenda_item=item,
        kind=Outcome.Kind.MANDATE,
        text="Die Verwaltung prüft ein gemeinsames Gewerbeamt.",
        is_public=False,
    ).outcome

    stored = Outcome.objects.get(pk=outcome.pk)
    assert (stored.meeting, stored.agenda_item, stored.kind, stored.text, stored.is_public) == (
        meeting,
        item,
        "mandate",
        "Die Verwaltung prüft ein gemeinsames Gewerbeamt.",
        False,
    )


@pytest.mark.django_db
def test_record_outcome_without_agenda_item_is_information():
    outcome = record_outcome(
        meeting=MeetingFactory(), text="Gebührenfreie Werbung im Amtsblatt."
    ).outcome

    assert (outcome.agenda_item, outcome.kind) == (None, "information")


@pytest.mark.django_db
def test_record_outcome_links_measures():
    meeting = MeetingFactory()
    stellenboerse = MeasureFactory(cooperation=meeting.body.cooperation)
    gewerbeamt = MeasureFactory(cooperation=meeting.body.cooperation)

    outcome = record_outcome(
        meeting=meeting, text="Stand", measures=[stellenboerse, gewerbeamt]
    ).outcome

    assert set(outcome.measures.all()) == {stellenboerse, gewerbeamt}
    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_record_outcome_agenda_item_of_another_meeting_is_refused_and_nothing_stored():
    meeting = MeetingFactory()
    measure = MeasureFactory(cooperation=meeting.body.cooperation)
    foreign_item = AgendaItemFactory(meeting=MeetingFactory(), title="Gewerbeamt")

    with pytest.raises(ValidationError) as excinfo:
        record_outcome(
            meeting=meeting,
            agenda_item=foreign_item,
            text="Beschlossen.",
            measures=[measure],
            new_status="decided",
            tasks=[TaskDraft("Entwurf schreiben")],
        )

    assert excinfo.value.message_dict == {
        "agenda_item": ["Der Tagesordnungspunkt „Gewerbeamt“ gehört zu einer anderen Sitzung."]
    }
    assert stored_counts() == (0, 0, 0)


# record_outcome: status changes


@pytest.mark.django_db
def test_record_outcome_new_status_changes_each_measure_on_the_meeting_day():
    meeting = MeetingFactory(date=MAY_11)
    stellenboerse = MeasureFactory(cooperation=meeting.body.cooperation)
    change_status(measure=stellenboerse, date=datetime.date(2020, 4, 6), to_status="idea")
    gewerbeamt = MeasureFactory(cooperation=meeting.body.cooperation)

    outcome = record_outcome(
        meeting=meeting,
        kind=Outcome.Kind.DECISION,
        text="Beide Vorhaben werden umgesetzt.",
        measures=[stellenboerse, gewerbeamt],
        new_status="decided",
        status_note="Beschluss der Lenkungsgruppe",
    ).outcome

    changes = StatusChange.objects.filter(outcome=outcome).order_by("measure__pk")
    assert [(c.measure, c.date, c.from_status, c.to_status, c.note) for c in changes] == [
        (stellenboerse, MAY_11, "idea", "decided", "Beschluss der Lenkungsgruppe"),
        (gewerbeamt, MAY_11, "", "decided", "Beschluss der Lenkungsgruppe"),
    ]
    assert (status_as_of(stellenboerse), status_as_of(gewerbeamt)) == ("decided", "decided")


@pytest.mark.django_db
def test_record_outcome_new_status_skips_measure_already_in_that_status():
    meeting = MeetingFactory(date=MAY_11)
    decided = MeasureFactory(cooperation=meeting.body.cooperation)
    change_status(measure=decided, date=datetime.date(2020, 4, 6), to_status="decided")
    reviewed = MeasureFactory(cooperation=meeting.body.cooperation)
    change_status(measure=reviewed, date=datetime.date(2020, 4, 6), to_status="under_review")

    outcome = record_outcome(
        meeting=meeting, text="Beschlossen.", measures=[decided, reviewed], new_status="decided"
    ).outcome

    assert list(outcome.status_changes.values_list("measure", "from_status", "to_status")) == [
        (reviewed.pk, "under_review", "decided")
    ]
    assert decided.status_changes.count() == 1


@pytest.mark.django_db
def test_record_outcome_new_status_without_measures_is_refused_and_nothing_stored():
    meeting = MeetingFactory()

    with pytest.raises(ValidationError) as excinfo:
        record_outcome(meeting=meeting, text="Beschlossen.", new_status="decided")

    assert excinfo.value.message_dict == {"new_status": [NEW_STATUS_WITHOUT_MEASURES]}
    assert stored_counts() == (0, 0, 0)


@pytest.mark.django_db
def test_record_outcome_status_change_before_the_latest_is_refused_and_nothing_stored():
    meeting = MeetingFactory(date=MAY_11)
    on_time = MeasureFactory(cooperation=meeting.body.cooperation)
    late = MeasureFactory(cooperation=meeting.body.cooperation, title="Stellenbörse")
    change_status(measure=late, date=datetime.date(2020, 6, 1), to_status="in_progress")
    before = stored_counts()

    with pytest.raises(ValidationError) as excinfo:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            measures=[on_time, late],
            new_status="decided",
            tasks=[TaskDraft("Umsetzen")],
        )

    assert excinfo.value.message_dict == {
        "date": [
            "Der Status von „Stellenbörse“ wurde zuletzt am 01.06.2020 geändert. Eine neue "
            "Statusänderung kann nicht auf einen früheren Tag (11.05.2020) datiert werden."
        ]
    }
    assert stored_counts() == before == (0, 1, 0)
    assert status_as_of(on_time) is None


# record_outcome: tasks


# The importer's two status policies, as keyword parameters of record_outcome


@pytest.mark.django_db
def test_record_outcome_contested_measure_keeps_its_status_for_the_coordinator():
    meeting = MeetingFactory(date=MAY_11)
    contested = MeasureFactory(cooperation=meeting.body.cooperation, title="Personal Sharing")
    change_status(measure=contested, to_status="idea", date=datetime.date(2020, 4, 6))
    clear = MeasureFactory(cooperation=meeting.body.cooperation, title="Stellenbörse")

    recorded = record_outcome(
        meeting=meeting,
        text="Zweckvereinbarungen sind gewünscht.",
        measures=[contested, clear],
        new_status="decided",
        contested_measures=[contested],
    )

    assert (status_as_of(contested, MAY_11), status_as_of(clear, MAY_11)) == ("idea", "decided")
    assert [(m.title, reason) for m, reason in recorded.kept_statuses] == [
        ("Personal Sharing", "mehrere Ergebnisse, Status bleibt zu entscheiden")
    ]
    assert [(c.measure, c.to_status) for c in recorded.status_changes] == [(clear, "decided")]


@pytest.mark.django_db
def test_record_outcome_contested_measure_already_in_the_status_is_no_note():
    meeting = MeetingFactory(date=MAY_11)
    measure = MeasureFactory(cooperation=meeting.body.cooperation)
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 4, 6))

    recorded = record_outcome(
        meeting=meeting,
        text="Beschlossen.",
        measures=[measure],
        new_status="decided",
        contested_measures=[measure],
    )

    assert (recorded.kept_statuses, recorded.status_changes) == ((), ())
    assert measure.status_changes.count() == 1


@pytest.mark.django_db
def test_record_outcome_keep_later_status_leaves_the_later_history_alone():
    meeting = MeetingFactory(date=MAY_11)
    measure = MeasureFactory(cooperation=meeting.body.cooperation, title="Gewerbeamt")
    change_status(measure=measure, to_status="in_progress", date=datetime.date(2020, 6, 16))

    recorded = record_outcome(
        meeting=meeting,
        text="Zeitplan konkretisieren.",
        measures=[measure],
        new_status="under_review",
        keep_later_status=True,
    )

    assert list(measure.status_changes.values_list("date", "to_status")) == [
        (datetime.date(2020, 6, 16), "in_progress")
    ]
    assert [(m.title, reason) for m, reason in recorded.kept_statuses] == [
        ("Gewerbeamt", "ein späterer Status besteht, beibehalten")
    ]


@pytest.mark.django_db
def test_record_outcome_without_keep_later_status_refuses_to_rewrite_the_history():
    meeting = MeetingFactory(date=MAY_11)
    measure = MeasureFactory(cooperation=meeting.body.cooperation, title="Gewerbeamt")
    change_status(measure=measure, to_status="in_progress", date=datetime.date(2020, 6, 16))
    before = stored_counts()

    with pytest.raises(ValidationError):
        record_outcome(
            meeting=meeting, text="Prüfen.", measures=[measure], new_status="under_review"
        )

    assert stored_counts() == before


@pytest.mark.django_db
def test_record_outcome_reads_the_history_afresh_not_a_stale_prefetch():
    meeting = MeetingFactory(date=MAY_11)
    measure = MeasureFactory(cooperation=meeting.body.cooperation)
    stale = Measure.objects.prefetch_related("status_changes").get(pk=measure.pk)
    list(stale.status_changes.all())  # the prefetch knows no status yet
    change_status(measure=measure, to_status="decided", date=datetime.date(2020, 4, 6))

    outcome = record_outcome(
        meeting=meeting, text="Beschlossen.", measures=[stale], new_status="decided"
    ).outcome

    assert (outcome.status_changes.count(), measure.status_changes.count()) == (0, 1)


@pytest.mark.django_db
def test_record_outcome_returns_what_it_stored():
    meeting = MeetingFactory(date=MAY_11)
    changed = MeasureFactory(cooperation=meeting.body.cooperation, title="Stellenbörse")
    confirmed = MeasureFactory(cooperation=meeting.body.cooperation, title="Gewerbeamt")
    change_status(measure=confirmed, to_status="decided", date=datetime.date(2020, 4, 6))

    recorded = record_outcome(
        meeting=meeting,
        text="Beschlossen.",
        measures=[changed, confirmed],
        new_status="decided",
        tasks=[TaskDraft("Umsetzen")],
    )

    assert recorded.outcome == Outcome.objects.get()
    assert recorded.status_changes == tuple(StatusChange.objects.filter(outcome=recorded.outcome))
    assert [(c.measure, c.from_status, c.to_status) for c in recorded.status_changes] == [
        (changed, "", "decided")
    ]
    assert recorded.kept_statuses == ()
    assert recorded.tasks == (Task.objects.get(origin_outcome=recorded.outcome),)


@pytest.mark.django_db
def test_record_outcome_tasks_keep_their_place_in_the_list():
    meeting = MeetingFactory(date=MAY_11)
    TaskFactory(cooperation=meeting.body.cooperation, order=3)

    record_outcome(
        meeting=meeting,
        text="Zeitplan konkretisieren.",
        tasks=[TaskDraft("Zeitplan erstellen", order=7), TaskDraft("Kosten klären")],
    )

    assert list(
        Task.objects.filter(origin_outcome__isnull=False).values_list("title", "order")
    ) == [("Zeitplan erstellen", 7), ("Kosten klären", 8)]


# hold_meeting, schedule_meeting with an announcement, publish_meeting


@pytest.mark.django_db
def test_hold_meeting_marks_the_announced_meeting_held_and_fills_what_it_lacked():
    naunhof, grosspoesna = MunicipalityFactory(name="Naunhof"), MunicipalityFactory()
    announced = schedule_meeting(
        body=BodyFactory(name="Lenkungsgruppe"),
        date=MAY_11,
        location=naunhof,
        announcement="nächster Termin Lenkungsgruppe: 11.05.20 in Naunhof",
        next_step_order=6,
    )

    held = hold_meeting(meeting=announced, number=3, location=grosspoesna)

    held.refresh_from_db()
    assert (held.state, held.number, held.location, held.announcement, held.next_step_order) == (
        "held",
        3,
        naunhof,  # the place it was announced for stays
        "nächster Termin Lenkungsgruppe: 11.05.20 in Naunhof",
        6,
    )


@pytest.mark.django_db
def test_publish_meeting_makes_it_public():
    meeting = MeetingFactory(is_public=False)

    publish_meeting(meeting=meeting, version=publication_version(meeting))

    meeting.refresh_from_db()
    assert meeting.is_public is True


@pytest.mark.django_db
def test_publish_meeting_over_a_result_added_since_raises_and_publishes_nothing():
    meeting = MeetingFactory(is_public=False)
    topic = AgendaItemFactory(meeting=meeting, is_public=False)
    based_on = publication_version(meeting)
    record_outcome(meeting=meeting, text="Nachgetragen: Sitzungsgeld entfällt.")

    with pytest.raises(VersionConflict) as raised:
        publish_meeting(meeting=meeting, items=[topic.pk], version=based_on)

    meeting.refresh_from_db()
    topic.refresh_from_db()
    assert (meeting.is_public, topic.is_public) == (False, False)
    assert raised.value.conflict.version == publication_version(meeting) != based_on


@pytest.mark.django_db
def test_publish_meeting_without_a_version_raises():
    meeting = MeetingFactory(is_public=False)

    with pytest.raises(VersionConflict):
        publish_meeting(meeting=meeting, version=None)

    meeting.refresh_from_db()
    assert meeting.is_public is False


@pytest.mark.django_db
def test_publication_conflict_names_the_change_since_the_version_only():
    meeting = MeetingFactory()
    based_on = publication_version(meeting)
    assert publication_conflict(meeting=meeting, version=based_on) is None

    AgendaItemFactory(meeting=meeting)

    conflict = publication_conflict(meeting=meeting, version=based_on)
    assert (conflict.changes, conflict.version) == ([], publication_version(meeting))


@pytest.mark.django_db
def test_record_attendance_over_an_attendance_recorded_since_raises_and_keeps_it():
    meeting = MeetingFactory()
    naunhof = MunicipalityFactory(name="Naunhof")
    based_on = attendance_version(meeting)
    record_attendance(meeting=meeting, entries=[(naunhof, "excused", "")], version=based_on)

    with pytest.raises(VersionConflict) as raised:
        record_attendance(meeting=meeting, entries=[(naunhof, "present", "")], version=based_on)

    assert list(meeting.attendances.values_list("state", flat=True)) == ["excused"]
    assert raised.value.conflict.version == attendance_version(meeting)


@pytest.mark.django_db
def test_record_attendance_at_the_current_version_records():
    meeting = MeetingFactory()
    naunhof = MunicipalityFactory(name="Naunhof")
    record_attendance(
        meeting=meeting, entries=[(naunhof, "excused", "")], version=attendance_version(meeting)
    )

    record_attendance(
        meeting=meeting, entries=[(naunhof, "present", "")], version=attendance_version(meeting)
    )

    assert list(meeting.attendances.values_list("state", flat=True)) == ["present"]


@pytest.mark.django_db
def test_record_outcome_creates_tasks_concerning_the_single_measure():
    meeting = MeetingFactory(date=MAY_11)
    cooperation = meeting.body.cooperation
    measure = MeasureFactory(cooperation=cooperation)
    naunhof = MunicipalityFactory(name="Naunhof")
    TaskFactory(cooperation=cooperation, order=3)

    outcome = record_outcome(
        meeting=meeting,
        text="Entwurf einer Zweckvereinbarung",
        measures=[measure],
        tasks=[
            TaskDraft("Entwurf schreiben", owner=naunhof, due=Due.in_month(2020, 6)),
            TaskDraft("Im Rat beraten"),
        ],
    ).outcome

    tasks = list(outcome.tasks.order_by("order"))
    assert [
        (t.title, t.order, t.cooperation, t.measure, t.owner, t.due_precision, t.due_date, t.state)
        for t in tasks
    ] == [
        (
            "Entwurf schreiben",
            4,
            cooperation,
            measure,
            naunhof,
            "month",
            datetime.date(2020, 6, 1),
            "open",
        ),
        ("Im Rat beraten", 5, cooperation, measure, None, "none", None, "open"),
    ]


@pytest.mark.django_db
def test_record_outcome_tasks_are_created_on_the_meeting_day():
    meeting = MeetingFactory(date=MAY_11)

    outcome = record_outcome(meeting=meeting, text="Stand", tasks=[TaskDraft("Bericht")]).outcome

    assert outcome.tasks.get().created_on == MAY_11


@pytest.mark.django_db
def test_record_outcome_tasks_of_an_outcome_on_several_measures_concern_none():
    meeting = MeetingFactory()
    measures = MeasureFactory.create_batch(2, cooperation=meeting.body.cooperation)

    outcome = record_outcome(
        meeting=meeting, text="Stand", measures=measures, tasks=[TaskDraft("Bericht")]
    ).outcome

    assert list(outcome.tasks.values_list("title", "measure")) == [("Bericht", None)]


@pytest.mark.django_db
def test_record_outcome_tasks_without_measures_concern_none():
    meeting = MeetingFactory()
    body = BodyFactory(cooperation=meeting.body.cooperation, name="Lenkungsgruppe")

    outcome = record_outcome(
        meeting=meeting, text="Stand", tasks=[TaskDraft("Beschluss vorbereiten", owner=body)]
    ).outcome

    task = outcome.tasks.get()
    assert (task.measure, task.owner_body, task.origin_outcome) == (None, body, outcome)


@pytest.mark.django_db
def test_record_outcome_invalid_task_rolls_back_outcome_and_status_changes():
    meeting = MeetingFactory()
    measure = MeasureFactory(cooperation=meeting.body.cooperation)
    bad_due = Due(precision="month", date=datetime.date(2020, 6, 15))

    with pytest.raises(ValidationError) as excinfo:
        record_outcome(
            meeting=meeting,
            text="Beschlossen.",
            measures=[measure],
            new_status="decided",
            tasks=[TaskDraft("Gut", due=Due.in_month(2020, 6)), TaskDraft("Schlecht", due=bad_due)],
        )

    assert excinfo.value.message_dict == {"__all__": [DUE_DOES_NOT_MATCH_PRECISION]}
    assert stored_counts() == (0, 0, 0)
    assert status_as_of(measure) is None


# public_outcomes


def held_public_meeting(cooperation, **kwargs):
    return MeetingFactory(
        body__cooperation=cooperation, state=Meeting.State.HELD, is_public=True, **kwargs
    )


@pytest.mark.django_db
def test_public_outcomes_lists_public_outcomes_with_and_without_agenda_item():
    cooperation = CooperationFactory()
    meeting = held_public_meeting(cooperation)
    on_item = OutcomeFactory(
        meeting=meeting, order=1, agenda_item=AgendaItemFactory(meeting=meeting)
    )
    without_item = OutcomeFactory(meeting=meeting, order=2, agenda_item=None)

    assert list(public_outcomes(cooperation)) == [on_item, without_item]


@pytest.mark.django_db
def test_public_outcomes_excludes_internal_outcomes():
    cooperation = CooperationFactory()
    meeting = held_public_meeting(cooperation)
    shown = OutcomeFactory(meeting=meeting, order=1)
    OutcomeFactory(meeting=meeting, order=2, is_public=False)

    assert list(public_outcomes(cooperation)) == [shown]


@pytest.mark.django_db
def test_public_outcomes_excludes_outcomes_on_internal_agenda_items():
    cooperation = CooperationFactory()
    meeting = held_public_meeting(cooperation)
    shown = OutcomeFactory(
        meeting=meeting, order=1, agenda_item=AgendaItemFactory(meeting=meeting, is_public=True)
    )
    OutcomeFactory(
        meeting=meeting, order=2, agenda_item=AgendaItemFactory(meeting=meeting, is_public=False)
    )

    assert list(public_outcomes(cooperation)) == [shown]


@pytest.mark.django_db
def test_public_outcomes_excludes_outcomes_of_internal_meetings():
    cooperation = CooperationFactory()
    shown = OutcomeFactory(meeting=held_public_meeting(cooperation))
    OutcomeFactory(
        meeting=MeetingFactory(body__cooperation=cooperation, state="held", is_public=False)
    )

    assert list(public_outcomes(cooperation)) == [shown]


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["planned", "invited", "cancelled"])
def test_public_outcomes_excludes_meetings_not_held(state):
    cooperation = CooperationFactory()
    shown = OutcomeFactory(meeting=held_public_meeting(cooperation))
    OutcomeFactory(
        meeting=MeetingFactory(body__cooperation=cooperation, state=state, is_public=True)
    )

    assert list(public_outcomes(cooperation)) == [shown]


@pytest.mark.django_db
def test_public_outcomes_excludes_other_cooperations():
    cooperation = CooperationFactory()
    shown = OutcomeFactory(meeting=held_public_meeting(cooperation))
    OutcomeFactory(meeting=held_public_meeting(CooperationFactory()))

    assert list(public_outcomes(cooperation)) == [shown]


@pytest.mark.django_db
def test_public_outcomes_newest_meeting_first_then_in_order():
    cooperation = CooperationFactory()
    april = held_public_meeting(cooperation, date=datetime.date(2020, 4, 6))
    may = held_public_meeting(cooperation, date=MAY_11)
    april_1 = OutcomeFactory(meeting=april, order=1)
    may_2 = OutcomeFactory(meeting=may, order=2)
    may_1 = OutcomeFactory(meeting=may, order=1)

    assert list(public_outcomes(cooperation)) == [may_1, may_2, april_1]


# upcoming_public_meetings


JUNE_1 = datetime.date(2020, 6, 1)


def public_meeting(cooperation, date, state=Meeting.State.PLANNED, **kwargs):
    return MeetingFactory(
        body__cooperation=cooperation, date=date, state=state, is_public=True, **kwargs
    )


@pytest.mark.django_db
def test_upcoming_public_meetings_planned_and_invited_from_today_soonest_first():
    cooperation = CooperationFactory()
    lenkungsgruppe = public_meeting(cooperation, datetime.date(2020, 6, 16), state="invited")
    workshop = public_meeting(cooperation, datetime.date(2020, 6, 9))
    today = public_meeting(cooperation, JUNE_1)

    assert list(upcoming_public_meetings(cooperation, JUNE_1)) == [today, workshop, lenkungsgruppe]


@pytest.mark.django_db
def test_upcoming_public_meetings_excludes_past_meetings():
    cooperation = CooperationFactory()
    shown = public_meeting(cooperation, datetime.date(2020, 6, 9))
    public_meeting(cooperation, datetime.date(2020, 5, 31))

    assert list(upcoming_public_meetings(cooperation, JUNE_1)) == [shown]


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["held", "cancelled"])
def test_upcoming_public_meetings_excludes_held_and_cancelled(state):
    cooperation = CooperationFactory()
    shown = public_meeting(cooperation, datetime.date(2020, 6, 9))
    public_meeting(cooperation, datetime.date(2020, 6, 9), state=state)

    assert list(upcoming_public_meetings(cooperation, JUNE_1)) == [shown]


@pytest.mark.django_db
def test_upcoming_public_meetings_excludes_internal_meetings():
    cooperation = CooperationFactory()
    shown = public_meeting(cooperation, datetime.date(2020, 6, 9))
    MeetingFactory(
        body__cooperation=cooperation,
        date=datetime.date(2020, 6, 9),
        state="planned",
        is_public=False,
    )

    assert list(upcoming_public_meetings(cooperation, JUNE_1)) == [shown]


@pytest.mark.django_db
def test_upcoming_public_meetings_excludes_other_cooperations():
    cooperation = CooperationFactory()
    shown = public_meeting(cooperation, datetime.date(2020, 6, 9))
    public_meeting(CooperationFactory(), datetime.date(2020, 6, 9))

    assert list(upcoming_public_meetings(cooperation, JUNE_1)) == [shown]


@pytest.mark.django_db
def test_upcoming_public_meetings_same_day_by_start_time():
    cooperation = CooperationFactory()
    evening = public_meeting(cooperation, datetime.date(2020, 6, 9), start_time=datetime.time(18))
    morning = public_meeting(cooperation, datetime.date(2020, 6, 9), start_time=datetime.time(9))

    assert list(upcoming_public_meetings(cooperation, JUNE_1)) == [morning, evening]
