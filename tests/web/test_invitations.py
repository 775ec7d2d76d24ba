"""Invitations as the roles page shows and sends them: the inviter by name, the link to
the address the cockpit is reached at, "eingeladen am …" or "angemeldet seit …", and an
invitation sent again. Mails go through a real SMTP server on localhost (tests/smtp.py)."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from ikz.core.accounts import invite
from ikz.core.models import Role
from tests.factories import PersonFactory, RoleFactory, UserFactory
from tests.smtp import smtp_server

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")
PASSWORD = "Parthe-Aue-Muldental-2021"


@pytest.fixture
def mailbox(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with smtp_server(settings) as mailbox:
        yield mailbox


def text_of(message) -> str:
    return message.get_content().replace("\r\n", "\n")


def invite_anna(cooperation, by, capture):
    with capture(execute=True):
        invite(
            cooperation=cooperation,
            email="anna@borsdorf.de",
            kind=Role.Kind.OBSERVER,
            invited_by=by,
            name="Anna Albrecht",
        )
    return Role.objects.get(user__email="anna@borsdorf.de")


def test_invitation_names_the_inviter_by_their_person_and_links_to_the_base_url(
    settings, mailbox, cooperation, municipality, django_capture_on_commit_callbacks
):
    settings.IKZ_BASE_URL = "https://ikz.partheland.de"
    admin = UserFactory(username="admin", first_name="", last_name="")
    PersonFactory(cooperation=cooperation, municipality=municipality, user=admin, name="Karl Kühn")

    invite_anna(cooperation, admin, django_capture_on_commit_callbacks)

    text = text_of(mailbox.messages[0])
    assert "Karl Kühn hat Sie in das IKZ Cockpit der Kooperation Partheland eingeladen" in text
    assert "admin" not in text
    assert "https://ikz.partheland.de/einladung/" in text


def test_invitation_by_an_account_without_a_name_comes_from_the_coordinators(
    mailbox, cooperation, django_capture_on_commit_callbacks
):
    admin = UserFactory(username="admin", first_name="", last_name="", is_superuser=True)

    invite_anna(cooperation, admin, django_capture_on_commit_callbacks)

    text = text_of(mailbox.messages[0])
    assert (
        "Die Koordination der Kooperation Partheland hat Sie in ihr IKZ Cockpit eingeladen" in text
    )
    assert "admin" not in text


def test_password_reset_links_to_the_base_url(settings, mailbox, client):
    settings.IKZ_BASE_URL = "https://ikz.partheland.de"
    UserFactory(username="anna", email="anna@example.org")

    client.post("/passwort/vergessen/", {"email": "anna@example.org"})

    assert "https://ikz.partheland.de/passwort/neu/" in text_of(mailbox.messages[0])


def test_roles_page_says_invited_on_then_signed_in_since(
    mailbox, cooperation, coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    role = invite_anna(cooperation, coordinator, django_capture_on_commit_callbacks)
    today = timezone.localdate().strftime("%d.%m.%Y")

    page = coordinator_client.get("/k/partheland/rollen/").content.decode()
    assert f"eingeladen am {today}" in page
    assert f"/k/partheland/rollen/{role.pk}/einladen/" in page

    # Anna follows the link and chooses her password: she is signed in.
    (link,) = LINK.findall(text_of(mailbox.messages[0]))
    anna = Client()
    form_page = anna.get(urlparse(link).path, follow=True)
    anna.post(
        form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )

    page = coordinator_client.get("/k/partheland/rollen/").content.decode()
    assert f"angemeldet seit {today}" in page
    assert f"/k/partheland/rollen/{role.pk}/einladen/" not in page


def test_invitation_sent_again_by_another_coordinator_names_them(
    mailbox, cooperation, coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    role = invite_anna(cooperation, UserFactory(), django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/k/partheland/rollen/{role.pk}/einladen/")

    assert response["Location"] == "/k/partheland/rollen/"
    first, again = mailbox.messages
    assert again["To"] == "anna@borsdorf.de"
    assert "Karin Koch hat Sie in das IKZ Cockpit" in text_of(again)
    assert LINK.findall(text_of(again))[0].startswith("http://localhost:8000/einladung/")
    page = coordinator_client.get("/k/partheland/rollen/").content.decode()
    assert "Die Einladung ist erneut an anna@borsdorf.de gesendet." in page
    # Sending it again is no change of the role.
    assert Role.history.filter(id=role.pk).count() == 1


def test_invitation_is_not_sent_again_to_who_has_signed_in(
    mailbox, cooperation, coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    role = invite_anna(cooperation, coordinator, django_capture_on_commit_callbacks)
    Client().force_login(get_user_model().objects.get(email="anna@borsdorf.de"))

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/k/partheland/rollen/{role.pk}/einladen/", follow=True)

    assert len(mailbox.messages) == 1
    assert "hat sich bereits angemeldet und braucht keine Einladung." in response.content.decode()


def test_invitation_of_another_cooperations_role_is_not_found(cooperation, coordinator_client):
    other = RoleFactory(kind=Role.Kind.OBSERVER)

    assert coordinator_client.post(f"/k/partheland/rollen/{other.pk}/einladen/").status_code == 404
