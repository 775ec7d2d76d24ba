"""What is held about a person, exported, and a person who leaves, anonymised."""

import json

import pytest
from django.core.exceptions import ValidationError

from ikz.core.models import Person, Role
from ikz.core.privacy import anonymise_person, export_person
from ikz.measures.models import Task
from tests.factories import (
    CooperationFactory,
    PersonFactory,
    RoleFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver():
    """Someone of the Partheland with a role, a person record with a task, and a change
    made by them; and the coordinator who stays."""
    cooperation = CooperationFactory(name="Partheland", slug="partheland")
    coordinator = RoleFactory(cooperation=cooperation).user
    user = UserFactory(
        username="erika", email="erika@naunhof.example", first_name="Erika", last_name="Muster"
    )
    RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.OBSERVER)
    person = PersonFactory(
        cooperation=cooperation, name="Erika Muster", email="erika@naunhof.example", user=user
    )
    task = TaskFactory(cooperation=cooperation, title="Stellenbörse abstimmen", owner_person=person)
    task.title = "Stellenbörse mit Borsdorf abstimmen"
    task.save()
    Task.history.filter(id=task.pk).update(history_user=user)
    return user, person, task, coordinator


def test_export_holds_account_roles_person_what_refers_to_it_and_changes(leaver):
    user, person, task, _coordinator = leaver

    data = export_person(user=user)

    assert data["account"]["email"] == "erika@naunhof.example"
    assert data["account"]["first_name"] == "Erika"
    assert "password" not in json.dumps(data)
    assert [row["text"] for row in data["refers_to_the_account"] if row["model"] == "Rolle"] == [
        str(Role.objects.get(user=user))
    ]
    assert [entry["role"] for entry in data["role_history"]] == ["Beobachtung"]
    assert data["person"]["name"] == "Erika Muster"
    assert {"model": "Aufgabe", "id": task.pk} in [
        {"model": row["model"], "id": row["id"]} for row in data["refers_to_the_person"]
    ]
    assert [(change["model"], change["id"]) for change in data["changes_made"]] == [
        ("Aufgabe", task.pk),
        ("Aufgabe", task.pk),
    ]
    json.dumps(data)  # as the download writes it


def test_anonymise_removes_name_and_address_everywhere_and_keeps_the_changes(leaver):
    user, person, task, coordinator = leaver

    anonymise_person(user=user, by=coordinator)

    user.refresh_from_db()
    assert (user.username, user.email, user.first_name, user.last_name) == (
        f"anonymisiert-{user.pk}",
        "",
        "",
        "",
    )
    assert user.is_active is False
    assert user.has_usable_password() is False
    person.refresh_from_db()
    assert (person.name, person.email, person.user_id) == ("", "", None)
    assert person.role == "Hauptamtsleitung"  # the office stays, not who held it
    assert set(Person.history.filter(id=person.pk).values_list("name", "email")) == {("", "")}
    assert not Role.objects.filter(user=user).exists()
    assert Task.history.filter(id=task.pk).count() == 2  # the changes stay …
    assert not Task.history.filter(history_user=user).exists()  # … without the person


def test_anonymise_the_last_coordinator_is_refused_and_changes_nothing(leaver):
    user, _person, _task, coordinator = leaver
    Role.objects.filter(user=user).update(kind=Role.Kind.COORDINATOR)
    Role.objects.filter(user=coordinator).delete()
    other = UserFactory(is_superuser=True)

    with pytest.raises(ValidationError, match="mindestens eine Koordination"):
        anonymise_person(user=user, by=other)

    user.refresh_from_db()
    assert user.email == "erika@naunhof.example"
    assert Person.objects.get(user=user).name == "Erika Muster"


def test_anonymise_refuses_ones_own_and_an_administrators_account(leaver):
    user, _person, _task, coordinator = leaver
    administrator = UserFactory(is_superuser=True)

    with pytest.raises(ValidationError, match="eigenes Konto"):
        anonymise_person(user=coordinator, by=coordinator)
    with pytest.raises(ValidationError, match="Administrator"):
        anonymise_person(user=administrator, by=coordinator)
