"""The coordinators' page of a cooperation's people and roles: invite, withdraw, and
the history of both."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from ikz.core.models import Role
from tests.factories import CooperationFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(cooperation) -> str:
    return reverse("web:roles", args=[cooperation.slug])


def withdrawal(role) -> str:
    return reverse("web:role_withdraw", args=[role.cooperation.slug, role.pk])


def test_roles_page_invites_a_member_with_a_mail_and_keeps_the_history(
    coordinator_client,
    cooperation,
    municipality,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    naunhof = municipality

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            page(cooperation),
            {
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
        shown = coordinator_client.get(page(cooperation)).content.decode()
    assert "Gemeindemitglied" in shown and "Naunhof" in shown
    assert "vergeben: Hauptamt@naunhof.de" in shown


def test_roles_page_withdraws_a_role_and_the_history_says_so(coordinator_client, cooperation):
    observer = RoleFactory(
        cooperation=cooperation, kind="observer", user=UserFactory(username="lra")
    )

    response = coordinator_client.post(withdrawal(observer))

    assert response.status_code == 302
    assert not Role.objects.filter(pk=observer.pk).exists()
    assert (
        "entzogen: lra – Beobachtung" in coordinator_client.get(page(cooperation)).content.decode()
    )


def test_roles_page_keeps_the_last_coordinator(coordinator_client, cooperation):
    own = Role.objects.get(kind="coordinator")

    response = coordinator_client.post(withdrawal(own), follow=True)

    assert Role.objects.filter(pk=own.pk).exists()
    assert (
        "Eine Kooperation behält mindestens eine Koordination; vergeben Sie die Rolle "
        "zuerst an eine andere Person." in response.content.decode()
    )


def test_roles_page_names_the_field_of_a_member_without_municipality(
    coordinator_client, cooperation
):
    response = coordinator_client.post(
        page(cooperation),
        {"email": "neu@example.org", "kind": "member"},
    )

    assert response.status_code == 200
    assert Role.objects.filter(kind="member").count() == 0
    assert "Die Rolle eines Gemeindemitglieds nennt die Gemeinde" in response.content.decode()


def test_a_role_of_another_cooperation_is_not_found_and_stays(coordinator_client, cooperation):
    elsewhere = RoleFactory(cooperation=CooperationFactory(slug="muldental"), kind="observer")
    address = reverse("web:role_withdraw", args=[cooperation.slug, elsewhere.pk])

    response = coordinator_client.post(address)

    assert response.status_code == 404
    assert Role.objects.filter(pk=elsewhere.pk).exists()


def test_roles_page_is_only_for_the_cooperations_coordinators(client, cooperation):
    other = CooperationFactory()
    user = UserFactory(username="fremd")
    RoleFactory(user=user, cooperation=other)
    RoleFactory(user=user, cooperation=cooperation, kind="observer")
    client.force_login(user)

    assert client.get(page(cooperation)).status_code == 403
    assert client.get(page(other)).status_code == 200


def test_roles_page_links_export_and_anonymisation_of_each_person(
    coordinator_client, cooperation, observer
):
    content = coordinator_client.get(page(cooperation)).content.decode()

    assert f'href="/k/partheland/personen/{observer.pk}/export/"' in content
    assert f'href="/k/partheland/personen/{observer.pk}/anonymisieren/"' in content


def test_person_export_is_a_json_download_of_what_is_held(
    coordinator_client, cooperation, observer
):
    response = coordinator_client.get(f"/k/partheland/personen/{observer.pk}/export/")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="person-{observer.pk}-'
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == "landratsamt@example.org"
    assert [entry["role"] for entry in data["role_history"]] == ["Beobachtung"]


def test_person_anonymise_asks_first_then_anonymises(coordinator_client, cooperation, observer):
    question = coordinator_client.get(f"/k/partheland/personen/{observer.pk}/anonymisieren/")
    assert "Lena Amt anonymisieren?" in question.content.decode()
    observer.refresh_from_db()
    assert observer.email == "landratsamt@example.org"  # asking changes nothing

    response = coordinator_client.post(
        f"/k/partheland/personen/{observer.pk}/anonymisieren/", follow=True
    )

    observer.refresh_from_db()
    assert (observer.email, observer.is_active) == ("", False)
    assert "Lena Amt ist anonymisiert." in response.content.decode()


def test_person_anonymise_of_oneself_says_why_not(coordinator_client, coordinator):
    me = coordinator

    response = coordinator_client.post(
        f"/k/partheland/personen/{me.pk}/anonymisieren/", follow=True
    )

    assert "Ihr eigenes Konto können Sie nicht anonymisieren." in response.content.decode()
    me.refresh_from_db()
    assert me.is_active is True


def test_person_of_another_cooperation_too_is_for_an_administrator(
    coordinator_client, cooperation, observer
):
    # The export and the anonymisation reach into every cooperation of the person.
    RoleFactory(user=observer, cooperation=CooperationFactory(slug="muldental"))

    assert (
        coordinator_client.get(f"/k/partheland/personen/{observer.pk}/export/").status_code == 403
    )
    assert (
        coordinator_client.post(f"/k/partheland/personen/{observer.pk}/anonymisieren/").status_code
        == 403
    )


def test_person_outside_the_cooperation_is_not_found(coordinator_client, cooperation):
    stranger = RoleFactory(cooperation=CooperationFactory(slug="muldental")).user

    assert (
        coordinator_client.get(f"/k/partheland/personen/{stranger.pk}/export/").status_code == 404
    )
