"""create_task(): a validated task at the end of the cooperation's list, with one owner."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ikz.measures.domain import Due, create_task, owner_fields
from ikz.measures.models import Task
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    MeasureFactory,
    MunicipalityFactory,
    OutcomeFactory,
    PartnerFactory,
    PersonFactory,
    TaskFactory,
)

PRECISION_ERROR = (
    "Das Fälligkeitsdatum passt nicht zur gewählten Genauigkeit: Bei „Tag“ ist ein Datum "
    "nötig, bei „Monat“ der erste Tag des Monats, bei „Quartal“ der erste Tag des Quartals, "
    "bei „bis zu einer Sitzung“ eine Sitzung oder das Gremium, dessen nächste Sitzung noch "
    "nicht geplant ist, und kein Datum, bei „ohne Termin“ weder Datum noch Sitzung."
)


@pytest.mark.django_db
def test_create_task_first_task_gets_order_1():
    cooperation = CooperationFactory()

    task = create_task(cooperation=cooperation, title="Zeitplan erstellen")

    assert (task.order, task.state, task.due_precision) == (1, "open", "none")


@pytest.mark.django_db
def test_create_task_appends_to_the_cooperations_list():
    cooperation = CooperationFactory()
    first = create_task(cooperation=cooperation, title="Zeitplan erstellen")
    second = create_task(cooperation=cooperation, title="Kosten klären")

    third = create_task(cooperation=cooperation, title="Förderung beantragen")

    assert (
        [first.order, second.order, third.order],
        list(Task.objects.filter(cooperation=cooperation).values_list("title", flat=True)),
    ) == ([1, 2, 3], ["Zeitplan erstellen", "Kosten klären", "Förderung beantragen"])


@pytest.mark.django_db
def test_create_task_appends_after_the_highest_order():
    cooperation = CooperationFactory()
    TaskFactory(cooperation=cooperation, order=7)
    TaskFactory(cooperation=cooperation, order=3)

    task = create_task(cooperation=cooperation, title="Kosten klären")

    assert task.order == 8


@pytest.mark.django_db
def test_create_task_order_is_per_cooperation():
    TaskFactory(cooperation=CooperationFactory(), order=5)
    cooperation = CooperationFactory()

    task = create_task(cooperation=cooperation, title="Kosten klären")

    assert task.order == 1


@pytest.mark.django_db
def test_create_task_at_an_explicit_position():
    cooperation = CooperationFactory()
    TaskFactory(cooperation=cooperation, order=7)

    task = create_task(cooperation=cooperation, title="Kosten klären", order=4)

    assert task.order == 4


@pytest.mark.django_db
def test_create_task_is_dated_today_by_default():
    cooperation = CooperationFactory()

    task = create_task(cooperation=cooperation, title="Kosten klären")

    assert Task.objects.get(pk=task.pk).created_on == timezone.localdate()


@pytest.mark.django_db
def test_create_task_keeps_the_date_it_arose_on():
    cooperation = CooperationFactory()

    task = create_task(
        cooperation=cooperation, title="Kosten klären", created_on=datetime.date(2020, 5, 25)
    )

    assert Task.objects.get(pk=task.pk).created_on == datetime.date(2020, 5, 25)


@pytest.mark.django_db
def test_create_task_stores_due_measure_and_origin():
    cooperation = CooperationFactory()
    measure = MeasureFactory(cooperation=cooperation)
    outcome = OutcomeFactory(meeting__body__cooperation=cooperation)

    task = create_task(
        cooperation=cooperation,
        title="Zeitplan erstellen",
        due=Due.in_quarter(2020, 3),
        measure=measure,
        origin_outcome=outcome,
    )

    stored = Task.objects.get(pk=task.pk)
    assert (stored.due_precision, stored.due_date, stored.measure, stored.origin_outcome) == (
        "quarter",
        datetime.date(2020, 7, 1),
        measure,
        outcome,
    )


@pytest.mark.django_db
def test_create_task_refuses_a_due_date_that_does_not_match_its_precision():
    cooperation = CooperationFactory()

    with pytest.raises(ValidationError) as excinfo:
        create_task(
            cooperation=cooperation,
            title="Zeitplan erstellen",
            due=Due(precision="month", date=datetime.date(2020, 6, 15)),
        )

    assert (excinfo.value.message_dict, Task.objects.count()) == (
        {"__all__": [PRECISION_ERROR]},
        0,
    )


@pytest.mark.django_db
def test_create_task_refuses_a_meeting_due_without_meeting():
    cooperation = CooperationFactory()

    with pytest.raises(ValidationError) as excinfo:
        create_task(cooperation=cooperation, title="Zeitplan", due=Due(precision="meeting"))

    assert excinfo.value.message_dict == {"__all__": [PRECISION_ERROR]}


@pytest.mark.django_db
def test_create_task_owner_person():
    cooperation = CooperationFactory()
    person = PersonFactory(cooperation=cooperation)

    task = create_task(cooperation=cooperation, title="Kosten klären", owner=person)

    assert (task.owner_person, task.owner_municipality, task.owner_body, task.owner) == (
        person,
        None,
        None,
        person,
    )


@pytest.mark.django_db
def test_create_task_owner_municipality():
    cooperation = CooperationFactory()
    municipality = MunicipalityFactory(name="Naunhof")

    task = create_task(cooperation=cooperation, title="Kosten klären", owner=municipality)

    assert (task.owner_person, task.owner_municipality, task.owner_body, task.owner) == (
        None,
        municipality,
        None,
        municipality,
    )


@pytest.mark.django_db
def test_create_task_owner_body():
    cooperation = CooperationFactory()
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")

    task = create_task(cooperation=cooperation, title="Kosten klären", owner=body)

    assert (task.owner_person, task.owner_municipality, task.owner_body, task.owner) == (
        None,
        None,
        body,
        body,
    )


@pytest.mark.django_db
def test_create_task_without_owner():
    cooperation = CooperationFactory()

    task = create_task(cooperation=cooperation, title="Kosten klären")

    assert (task.owner_person, task.owner_municipality, task.owner_body, task.owner) == (
        None,
        None,
        None,
        None,
    )


def test_owner_fields_of_none_are_all_empty():
    assert owner_fields(None) == {
        "owner_person": None,
        "owner_municipality": None,
        "owner_body": None,
        "owner_partner": None,
    }


@pytest.mark.django_db
def test_create_task_owner_partner():
    cooperation = CooperationFactory()
    partner = PartnerFactory(cooperation=cooperation, name="DSK-BIG")

    task = create_task(cooperation=cooperation, title="Fördermittel prüfen", owner=partner)

    assert (task.owner_partner, task.owner_municipality, task.owner_person, task.owner) == (
        partner,
        None,
        None,
        partner,
    )


@pytest.mark.django_db
def test_a_task_with_a_partner_and_a_body_as_owners_is_refused():
    cooperation = CooperationFactory()
    task = Task(
        cooperation=cooperation,
        title="Fördermittel prüfen",
        owner_partner=PartnerFactory(cooperation=cooperation),
        owner_body=BodyFactory(cooperation=cooperation),
    )

    with pytest.raises(ValidationError) as excinfo:
        task.full_clean()

    assert excinfo.value.messages == [
        "Bitte geben Sie für eine Aufgabe nur eine zuständige Stelle an: eine Person, eine "
        "Kommune, ein Gremium oder einen Partner."
    ]


@pytest.mark.django_db
def test_create_task_refuses_a_name_as_owner():
    cooperation = CooperationFactory()

    with pytest.raises(TypeError) as excinfo:
        create_task(cooperation=cooperation, title="Kosten klären", owner="Naunhof")

    assert (str(excinfo.value), Task.objects.count()) == (
        "A task owner is a Person, Municipality, Body or Partner, not str.",
        0,
    )
