"""Accounts: signing in with the e-mail address, the start page after it, a new password
by mail, invitations, throttled sign-ins and sessions that end when unused.

Mails go through a real SMTP server on localhost (tests/smtp.py) and links are followed
as the person would follow them."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ikz import config
from ikz.core.accounts import invitation_tokens, invite
from ikz.core.auth import EmailBackend
from ikz.core.domain import grant_role
from ikz.core.models import Role
from tests.factories import CooperationFactory, MunicipalityFactory, UserFactory
from tests.smtp import smtp_server

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-und-lang-2020"
NEW_PASSWORD = "Parthe-Aue-Muldental-2021"
LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Every sign-in checks a password: the production hasher would take a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mailbox(settings):
    with smtp_server(settings) as mailbox:
        yield mailbox


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("web:login"), {"username": username, "password": password}, **extra)


def cockpit_of(cooperation):
    return f"/k/{cooperation.slug}/cockpit/"


def text_of(message) -> str:
    return message.get_content().replace("\r\n", "\n")


def link_in(message) -> str:
    """The path of the one link in a mail's text."""
    (link,) = LINK.findall(text_of(message))
    return urlparse(link).path


def choose_password(client, link, password=NEW_PASSWORD):
    """Follows a mailed link to its form (which moves the token into the session) and
    sends the password."""
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


# Signing in with the e-mail address ------------------------------------------------


def test_sign_in_form_asks_for_email_address_and_password(client):
    page = client.get(reverse("web:login")).content.decode()

    assert '<label class="kern-label" for="id_username">E-Mail-Adresse</label>' in page
    assert '<label class="kern-label" for="id_password">Passwort</label>' in page
    assert 'maxlength="254"' in page
    assert '<a href="/passwort/vergessen/">Passwort vergessen?</a>' in page


def test_sign_in_with_email_address_in_any_case_lands_on_the_start_page(client, cooperation):
    user = UserFactory(username="anna", email="Anna.Schulze@Example.org")
    grant_role(user=user, cooperation=cooperation, kind=Role.Kind.OBSERVER)

    response = sign_in(client, " anna.schulze@EXAMPLE.org")

    assert response.status_code == 302
    assert response["Location"] == "/start/"
    assert client.get("/start/")["Location"] == cockpit_of(cooperation)


def test_sign_in_keeps_where_the_person_was_going(client, cooperation):
    UserFactory(username="anna", email="anna@example.org")

    response = client.post(
        "/anmelden/?next=/berichte/",
        {"username": "anna@example.org", "password": PASSWORD, "next": "/berichte/"},
    )

    assert response["Location"] == "/berichte/"


def test_wrong_password_is_refused_with_a_german_message(client):
    UserFactory(username="anna", email="anna@example.org")

    response = sign_in(client, "anna@example.org", "falsch")

    assert response.status_code == 200
    assert (
        "Bitte geben Sie eine korrekte E-Mail-Adresse und ein korrektes Passwort ein."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_superuser_signs_in_with_the_user_name_of_createsuperuser(client):
    get_user_model().objects.create_superuser("admin", "", PASSWORD)

    response = sign_in(client, "admin")

    assert response["Location"] == "/start/"
    assert client.get("/start/")["Location"] == "/admin/"


def backend_request():
    return RequestFactory().post("/anmelden/")


def test_backend_matches_the_address_in_any_case():
    user = UserFactory(username="anna", email="Anna@Example.org")

    assert EmailBackend().authenticate(backend_request(), "aNNA@example.ORG", PASSWORD) == user


def test_backend_refuses_inactive_accounts():
    UserFactory(username="anna", email="anna@example.org", is_active=False)

    assert EmailBackend().authenticate(backend_request(), "anna@example.org", PASSWORD) is None


def test_backend_refuses_an_address_several_accounts_have():
    UserFactory(username="anna", email="anna@example.org")
    UserFactory(username="anna.schulze", email="Anna@example.org")

    with pytest.raises(PermissionDenied):
        EmailBackend().authenticate(backend_request(), "anna@example.org", PASSWORD)


def test_sign_in_with_an_address_several_accounts_have_signs_in_neither(client):
    # The address is also one account's user name: the user-name backend must not pick it.
    UserFactory(username="anna@example.org", email="anna@example.org")
    UserFactory(username="anna.schulze", email="ANNA@example.org")

    response = sign_in(client, "anna@example.org")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_with_the_address_does_not_count_as_a_second_one(client):
    UserFactory(username="old", email="anna@example.org", is_active=False)
    UserFactory(username="anna", email="anna@example.org")

    assert sign_in(client, "anna@example.org")["Location"] == "/start/"


# The start page ----------------------------------------------------------------------


def test_start_page_needs_a_sign_in(client):
    assert client.get("/start/")["Location"] == "/anmelden/?next=/start/"


def test_start_page_without_a_role_says_whom_to_ask(client):
    client.force_login(UserFactory())

    response = client.get("/start/")

    assert response.status_code == 200
    assert (
        "Ihnen ist noch keine Rolle in einer Kooperation zugewiesen. Bitte wenden Sie sich "
        "an die Koordination Ihrer Kooperation." in response.content.decode()
    )


def test_start_page_with_one_cooperation_goes_to_its_cockpit(client, cooperation):
    user = UserFactory()
    grant_role(
        user=user,
        cooperation=cooperation,
        kind=Role.Kind.MEMBER,
        municipality=MunicipalityFactory(name="Naunhof"),
    )
    client.force_login(user)

    response = client.get("/start/")

    assert response.status_code == 302
    assert response["Location"] == "/k/partheland/cockpit/"


def test_start_page_with_several_cooperations_offers_them_by_name(client, cooperation):
    user = UserFactory()
    muldental = CooperationFactory(name="Muldental", slug="muldental")
    for each in (cooperation, muldental):
        grant_role(user=user, cooperation=each, kind=Role.Kind.COORDINATOR)
    CooperationFactory(name="Elbtal", slug="elbtal")
    client.force_login(user)

    page = client.get("/start/").content.decode()

    content = page.partition('<main id="main"')[2].partition("</main>")[0]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', content) == [
        ("/k/muldental/cockpit/", "Muldental"),
        ("/k/partheland/cockpit/", "Partheland"),
    ]
    assert "<h1>Ihre Kooperationen</h1>" in page


def test_start_page_sends_a_superuser_without_cooperations_to_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/start/")["Location"] == "/admin/"


def test_start_page_offers_a_superuser_every_cooperation(client, cooperation):
    CooperationFactory(name="Muldental", slug="muldental")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get("/start/").content.decode()

    assert len(re.findall(r'href="/k/[a-z-]+/cockpit/"', page)) == 2


# A new password by mail --------------------------------------------------------------


def test_password_reset_by_mail_then_sign_in_with_the_new_password(client, mailbox, cooperation):
    user = UserFactory(username="anna", email="anna@example.org")
    grant_role(user=user, cooperation=cooperation, kind=Role.Kind.OBSERVER)

    response = client.post("/passwort/vergessen/", {"email": "ANNA@example.org"})

    assert response["Location"] == "/passwort/gesendet/"
    (message,) = mailbox.messages
    assert message["To"] == "anna@example.org"
    assert message["Subject"] == "Neues Passwort für das IKZ Cockpit"
    assert "mit der E-Mail-Adresse anna@example.org" in text_of(message)
    link = link_in(message)
    assert link.startswith("/passwort/neu/")

    response = choose_password(client, link)

    assert response["Location"] == "/passwort/geaendert/"
    assert "Ihr Passwort wurde geändert." in client.get("/passwort/geaendert/").content.decode()
    assert sign_in(client, "anna@example.org", NEW_PASSWORD)["Location"] == "/start/"
    assert client.get("/start/")["Location"] == cockpit_of(cooperation)


def test_password_reset_page_asks_for_the_address(client):
    page = client.get("/passwort/vergessen/").content.decode()

    assert "<h1>Passwort vergessen?</h1>" in page
    assert '<label class="kern-label" for="id_email">E-Mail-Adresse</label>' in page


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailbox):
    response = client.post("/passwort/vergessen/", {"email": "niemand@example.org"}, follow=True)

    assert response.redirect_chain == [("/passwort/gesendet/", 302)]
    assert "Wenn ein Konto diese E-Mail-Adresse hat" in response.content.decode()
    assert mailbox.messages == []


def test_password_reset_link_works_once(client, mailbox):
    UserFactory(username="anna", email="anna@example.org")
    client.post("/passwort/vergessen/", {"email": "anna@example.org"})
    link = link_in(mailbox.messages[0])
    choose_password(client, link)

    page = client.get(link, follow=True).content.decode()

    assert "<h1>Link nicht mehr gültig</h1>" in page
    assert '<a href="/passwort/vergessen/">Neuen Link anfordern</a>' in page


# Invitations -------------------------------------------------------------------------


def test_invitation_creates_the_account_grants_the_role_and_mails_the_link(
    client, mailbox, cooperation, coordinator, django_capture_on_commit_callbacks
):
    naunhof = MunicipalityFactory(name="Naunhof")

    with django_capture_on_commit_callbacks(execute=True):
        user = invite(
            cooperation=cooperation,
            email="Bernd.Berger@Naunhof.DE",
            kind=Role.Kind.MEMBER,
            municipality=naunhof,
            invited_by=coordinator,
            name="Bernd Berger",
        )

    assert (user.username, user.email) == ("Bernd.Berger@naunhof.de",) * 2
    assert (user.first_name, user.last_name) == ("Bernd", "Berger")
    assert user.is_active and not user.has_usable_password()
    role = Role.objects.get(user=user)
    assert (role.cooperation, role.kind, role.municipality) == (cooperation, "member", naunhof)
    assert role.granted_by == coordinator
    (message,) = mailbox.messages
    assert message["To"] == "Bernd.Berger@naunhof.de"
    assert message["Subject"] == "Einladung zum IKZ Cockpit: Partheland"
    text = text_of(message)
    assert text.startswith("Guten Tag Bernd Berger,\n")
    assert "Karin Koch hat Sie in das IKZ Cockpit der Kooperation Partheland eingeladen" in text
    assert "innerhalb von 7 Tagen" in text
    assert "http://localhost:8000/einladung/" in text
    assert "können Sie es behalten" not in text


def test_invitation_link_sets_the_password_and_signs_in_to_the_start_page(
    client, mailbox, cooperation, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            cooperation=cooperation,
            email="bernd@naunhof.de",
            kind=Role.Kind.OBSERVER,
            invited_by=coordinator,
        )
    link = link_in(mailbox.messages[0])
    assert link.startswith("/einladung/")

    form_page = client.get(link, follow=True)
    assert (
        "Danach melden Sie sich mit Ihrer E-Mail-Adresse bernd@naunhof.de und diesem "
        "Passwort an." in form_page.content.decode()
    )
    response = choose_password(client, link)

    assert response["Location"] == "/start/"
    assert client.get("/start/")["Location"] == cockpit_of(cooperation)
    client.post("/abmelden/")
    assert sign_in(client, "bernd@naunhof.de", NEW_PASSWORD)["Location"] == "/start/"


def test_invitation_of_an_existing_account_adds_the_role_only(
    mailbox, cooperation, coordinator, django_capture_on_commit_callbacks
):
    existing = UserFactory(username="bernd", email="bernd@naunhof.de", first_name="Bernd")
    muldental = CooperationFactory(name="Muldental", slug="muldental")
    grant_role(user=existing, cooperation=muldental, kind=Role.Kind.OBSERVER)

    with django_capture_on_commit_callbacks(execute=True):
        user = invite(
            cooperation=cooperation,
            email="BERND@naunhof.de",
            kind=Role.Kind.OBSERVER,
            invited_by=coordinator,
            name="Someone Else",
        )

    assert user == existing
    assert get_user_model().objects.filter(email__iexact="bernd@naunhof.de").count() == 1
    assert user.check_password(PASSWORD)
    assert Role.objects.filter(user=user).count() == 2
    text = text_of(mailbox.messages[0])
    assert text.startswith("Guten Tag Bernd,\n")
    assert "können Sie es behalten und den Link ignorieren" in text


def test_invitation_into_a_role_held_already_stores_and_sends_nothing(
    mailbox, cooperation, coordinator, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        invite(
            cooperation=cooperation,
            email=coordinator.email,
            kind=Role.Kind.COORDINATOR,
            invited_by=coordinator,
        )

    assert callbacks == []
    assert mailbox.messages == []


def test_invitation_whose_role_is_refused_creates_no_account(
    mailbox, cooperation, coordinator, django_capture_on_commit_callbacks
):
    # A municipality member's role names the municipality.
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        invite(
            cooperation=cooperation,
            email="bernd@naunhof.de",
            kind=Role.Kind.MEMBER,
            invited_by=coordinator,
        )

    assert callbacks == []
    assert not get_user_model().objects.filter(email="bernd@naunhof.de").exists()
    assert mailbox.messages == []


def test_invitation_refuses_an_address_several_accounts_have(cooperation, coordinator):
    UserFactory(username="bernd", email="bernd@naunhof.de")
    UserFactory(username="b.berger", email="Bernd@naunhof.de")

    with pytest.raises(ValidationError):
        invite(
            cooperation=cooperation,
            email="bernd@naunhof.de",
            kind=Role.Kind.OBSERVER,
            invited_by=coordinator,
        )

    assert not Role.objects.filter(user__username__in=["bernd", "b.berger"]).exists()


@pytest.mark.parametrize("address", ["", "bernd", "bernd@"])
def test_invitation_refuses_what_is_no_address(cooperation, coordinator, address):
    with pytest.raises(ValidationError):
        invite(
            cooperation=cooperation, email=address, kind=Role.Kind.OBSERVER, invited_by=coordinator
        )

    assert Role.objects.count() == 1


def invited(cooperation, coordinator, days_ago, monkeypatch):
    """An invitation's link as it would be opened ``days_ago`` days after sending."""
    user = invite(
        cooperation=cooperation, email="bernd@naunhof.de", kind="observer", invited_by=coordinator
    )
    link = reverse(
        "web:invitation",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), invitation_tokens.make_token(user)],
    )
    later = datetime.datetime.now() + datetime.timedelta(days=days_ago)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    return link


def test_invitation_link_is_valid_longer_than_a_password_reset_link(
    client, settings, cooperation, coordinator, monkeypatch
):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
    link = invited(cooperation, coordinator, 6, monkeypatch)

    assert client.get(link, follow=True).context["validlink"]


def test_expired_invitation_link_says_to_ask_for_a_new_invitation(
    client, cooperation, coordinator, monkeypatch
):
    link = invited(cooperation, coordinator, 8, monkeypatch)

    page = client.get(link, follow=True).content.decode()

    assert "<h1>Einladung nicht mehr gültig</h1>" in page
    assert (
        "Bitte wenden Sie sich für eine neue Einladung an die Koordination Ihrer Kooperation."
        in page
    )


def test_invitation_days_come_from_the_setting(
    client, settings, cooperation, coordinator, monkeypatch
):
    settings.IKZ_INVITATION_DAYS = 2
    link = invited(cooperation, coordinator, 3, monkeypatch)

    assert not client.get(link, follow=True).context["validlink"]


def test_invitation_link_works_once(
    client, mailbox, cooperation, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            cooperation=cooperation,
            email="bernd@naunhof.de",
            kind="observer",
            invited_by=coordinator,
        )
    link = link_in(mailbox.messages[0])
    choose_password(client, link)
    client.post("/abmelden/")

    page = client.get(link, follow=True).content.decode()

    assert "<h1>Einladung nicht mehr gültig</h1>" in page


def test_password_reset_link_is_no_invitation_link(client, mailbox):
    UserFactory(username="anna", email="anna@example.org")
    client.post("/passwort/vergessen/", {"email": "anna@example.org"})
    reset_link = link_in(mailbox.messages[0])

    page = client.get(reset_link.replace("/passwort/neu/", "/einladung/"), follow=True)

    assert not page.context["validlink"]


# Throttling: django-axes -------------------------------------------------------------


def lock_out(client, username="anna@example.org"):
    """Five wrong passwords: the fifth locks the address for this client."""
    responses = [sign_in(client, username, "falsch").status_code for _attempt in range(5)]
    assert responses == [200, 200, 200, 200, 429]


def expected_lock_message():
    attempt = AccessAttempt.objects.get()
    until = timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=15))
    return (
        f"Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es ab {until:%H:%M} Uhr erneut."
    )


def test_sixth_wrong_password_is_refused_with_the_time_to_try_again(client):
    UserFactory(username="anna", email="anna@example.org")
    lock_out(client)

    response = sign_in(client, "anna@example.org", "falsch")

    assert response.status_code == 429
    assert expected_lock_message() in response.content.decode()
    assert str(timezone.get_current_timezone()) == "Europe/Berlin"


def test_right_password_is_refused_too_while_locked(client):
    UserFactory(username="anna", email="anna@example.org")
    lock_out(client)

    response = sign_in(client, "anna@example.org")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_in_works_again_after_the_cooloff(client):
    UserFactory(username="anna", email="anna@example.org")
    lock_out(client)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=15))

    response = sign_in(client, "anna@example.org")

    assert response["Location"] == "/start/"
    assert not AccessAttempt.objects.exists()


def test_a_successful_sign_in_forgets_the_failures(client):
    UserFactory(username="anna", email="Anna@example.org")
    for _attempt in range(4):
        sign_in(client, "anna@example.org", "falsch")

    sign_in(client, "Anna@example.org")

    assert not AccessAttempt.objects.exists()


def test_spelling_the_address_differently_counts_as_the_same(client):
    UserFactory(username="anna", email="anna@example.org")
    for username in [
        "anna@example.org",
        "ANNA@example.org",
        "Anna@Example.org",
        " anna@example.org",
    ]:
        assert sign_in(client, username, "falsch").status_code == 200

    assert sign_in(client, "anna@EXAMPLE.org", "falsch").status_code == 429


def test_failures_with_the_address_and_the_user_name_count_together(client):
    UserFactory(username="anna", email="anna@example.org")
    for username in ["anna@example.org", "anna", "anna@example.org", "Anna"]:
        assert sign_in(client, username, "falsch").status_code == 200

    assert sign_in(client, "anna", "falsch").status_code == 429


def test_lock_holds_one_address_from_one_client_only(client):
    UserFactory(username="anna", email="anna@example.org")
    UserFactory(username="bernd", email="bernd@example.org")
    lock_out(client)

    assert sign_in(client, "bernd@example.org")["Location"] == "/start/"
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_in(elsewhere, "anna@example.org")["Location"] == "/start/"


# Sessions that end when unused -------------------------------------------------------


def test_session_ends_after_the_configured_time_without_a_request(client):
    UserFactory(username="anna", email="anna@example.org")
    sign_in(client, "anna@example.org")
    assert client.get("/start/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    assert client.get("/start/")["Location"] == "/anmelden/?next=/start/"


def test_every_request_keeps_the_session_for_the_configured_time(client, settings):
    UserFactory(username="anna", email="anna@example.org")
    sign_in(client, "anna@example.org")
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=30))

    client.get("/start/")

    expiry = Session.objects.get().expire_date - timezone.now()
    assert datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < expiry
    assert expiry <= datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_session_cookie_ends_with_the_browser(client):
    UserFactory(username="anna", email="anna@example.org")

    cookie = sign_in(client, "anna@example.org").cookies["sessionid"]

    assert (cookie["max-age"], cookie["expires"]) == ("", "")


def test_session_lasts_an_hour_unless_configured():
    assert config.session_seconds({}) == 3600
    assert config.session_seconds({"IKZ_SESSION_MINUTES": "20"}) == 1200


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "IKZ_SESSION_MINUTES='0' muss mindestens 1 sein / must be at least 1."),
        (
            "eine Stunde",
            "IKZ_SESSION_MINUTES='eine Stunde' ist keine ganze Zahl / is not an integer.",
        ),
    ],
)
def test_session_minutes_that_are_no_positive_number_are_refused(value, message):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.session_seconds({"IKZ_SESSION_MINUTES": value})

    assert str(excinfo.value) == message


def test_invitation_days_are_seven_unless_configured():
    assert config.invitation_days({}) == 7
    assert config.invitation_days({"IKZ_INVITATION_DAYS": "14"}) == 14
    with pytest.raises(ImproperlyConfigured):
        config.invitation_days({"IKZ_INVITATION_DAYS": "-1"})


def test_base_url_is_read_without_trailing_slash():
    assert config.base_url({}) == "http://localhost:8000"
    assert config.base_url({"IKZ_BASE_URL": "https://ikz.example.de/ "}) == "https://ikz.example.de"


@pytest.mark.parametrize("value", ["ikz.example.de", "ftp://ikz.example.de", "https://"])
def test_base_url_that_is_no_web_address_is_refused(value):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        config.base_url({"IKZ_BASE_URL": value})

    assert str(excinfo.value) == (
        f"IKZ_BASE_URL={value!r} ist keine Web-Adresse / is not a web address, "
        "z. B. / e.g. https://ikz.example.de."
    )
