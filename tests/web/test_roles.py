"""The coordinators' page of a cooperation's people and roles: invite, withdraw, and
the history of both."""

import pytest
from django.core import mail
from django.urls import reverse

from ikz.core.domain import add_member, add_municipality
from ikz.core.models import Municipality, Role
from tests.factories import CooperationFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperation():
    cooperation = CooperationFactory(name="Partheland", slug="partheland")
    add_member(
        cooperation=cooperation,
        municipality=add_municipality(name="Naunhof"),
        joined_on="2019-01-01",
    )
    return cooperation


@pytest.fixture
def coordinator(client, cooperation):
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=cooperation)
    client.force_login(user)
    return client


def page(cooperation) -> str:
    return reverse("web:roles", args=[cooperation.slug])


def test_roles_page_invites_a_member_with_a_mail_and_keeps_the_history(
    coordinator, cooperation, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    naunhof = Municipality.objects.get(name="Naunhof")

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            page(cooperation),
            {
                "action": "invite",
                "email": "Hauptamt@Naunhof.de",
                "name": "Anna Berg",
                "kind": "member",
                "municipality": naunhof.pk,
            },
        )

    role = Role.objects.get(kind="member")
    assert response["Location"] == page(cooperation)
    assert (role.user.email, role.municipality, role.cooperation) == (
        "Hauptamt@naunhof.de",
        naunhof,
        cooperation,
    )
    assert [message.to for message in mail.outbox] == [["Hauptamt@naunhof.de"]]
    with django_assert_max_num_queries(12):
        shown = coordinator.get(page(cooperation)).content.decode()
    assert "Gemeindemitglied" in shown and "Naunhof" in shown
    assert "vergeben: Hauptamt@naunhof.de" in shown


def test_roles_page_withdraws_a_role_and_the_history_says_so(coordinator, cooperation):
    observer = RoleFactory(
        cooperation=cooperation, kind="observer", user=UserFactory(username="lra")
    )

    response = coordinator.post(page(cooperation), {"action": "withdraw", "role": observer.pk})

    assert response.status_code == 302
    assert not Role.objects.filter(pk=observer.pk).exists()
    assert "entzogen: lra – Beobachtung" in coordinator.get(page(cooperation)).content.decode()


def test_roles_page_keeps_the_last_coordinator(coordinator, cooperation):
    own = Role.objects.get(kind="coordinator")

    response = coordinator.post(
        page(cooperation), {"action": "withdraw", "role": own.pk}, follow=True
    )

    assert Role.objects.filter(pk=own.pk).exists()
    assert (
        "Eine Kooperation behält mindestens eine Koordination; vergeben Sie die Rolle "
        "zuerst an eine andere Person." in response.content.decode()
    )


def test_roles_page_names_the_field_of_a_member_without_municipality(coordinator, cooperation):
    response = coordinator.post(
        page(cooperation),
        {"action": "invite", "email": "neu@example.org", "kind": "member"},
    )

    assert response.status_code == 200
    assert Role.objects.filter(kind="member").count() == 0
    assert "Die Rolle eines Gemeindemitglieds nennt die Gemeinde" in response.content.decode()


def test_roles_page_is_only_for_the_cooperations_coordinators(client, cooperation):
    other = CooperationFactory()
    user = UserFactory(username="fremd")
    RoleFactory(user=user, cooperation=other)
    RoleFactory(user=user, cooperation=cooperation, kind="observer")
    client.force_login(user)

    assert client.get(page(cooperation)).status_code == 403
    assert client.get(page(other)).status_code == 200
