"""The second factor: setting it up with an authenticator app, the code after the
password, confirming and removing it, and coordinators of a cooperation that requires
it. Codes are computed from the secret as the person's app computes them."""

import time
from binascii import unhexlify

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ikz.core import second_factor
from ikz.core.accounts import invitation_tokens
from ikz.core.domain import grant_role
from ikz.core.models import Role
from ikz.web.second_factor import ENROLMENT_KEY, PENDING_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-und-lang-2020"
SETUP = "/konto/zweiter-faktor/"
REMOVE = "/konto/zweiter-faktor/entfernen/"
CODE_PAGE = "/anmelden/code/"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def anna(cooperation):
    user = UserFactory(username="anna", email="anna@example.org")
    grant_role(user=user, cooperation=cooperation, kind=Role.Kind.OBSERVER)
    return user


@pytest.fixture
def device(anna):
    return TOTPDevice.objects.create(user=anna, name="App", confirmed=True)


def code_of(key: str, offset: int = 0) -> str:
    """What the app shows now (or ``offset`` steps of 30 seconds from now)."""
    return f"{totp(unhexlify(key), t0=-offset * 30):06d}"


def sign_in(client, next_page=""):
    return client.post(
        "/anmelden/" + (f"?next={next_page}" if next_page else ""),
        {"username": "anna@example.org", "password": PASSWORD, "next": next_page},
    )


def page_of(response) -> str:
    return response.content.decode()


# Setting it up ------------------------------------------------------------------------


def test_setup_page_shows_a_qr_code_and_the_key_to_type(client, anna):
    client.force_login(anna)

    page = page_of(client.get(SETUP))

    key = client.session[ENROLMENT_KEY]
    assert '<img class="qr-code" src="data:image/svg+xml' in page
    assert second_factor.key_for_typing(key) in page
    assert second_factor.setup_address(anna, key).startswith(
        "otpauth://totp/IKZ%20Cockpit%3Aanna?secret="
    )
    assert "Zweiter Faktor" in page
    assert TOTPDevice.objects.count() == 0


def test_key_for_typing_is_base32_in_groups_of_four():
    assert second_factor.key_for_typing("00" * 20) == " ".join(["AAAA"] * 8)


def test_a_wrong_code_sets_up_nothing_and_keeps_the_key_for_the_next_try(client, anna):
    client.force_login(anna)
    client.get(SETUP)
    key = client.session[ENROLMENT_KEY]

    wrong = client.post(SETUP, {"code": code_of(key, offset=5)})
    letters = client.post(SETUP, {"code": "abcdef"})

    assert "Dieser Code stimmt nicht." in page_of(wrong)
    assert "Geben Sie die sechs Ziffern ein, die Ihre App zeigt." in page_of(letters)
    assert TOTPDevice.objects.count() == 0
    assert client.session[ENROLMENT_KEY] == key


def test_the_right_code_sets_it_up_and_confirms_this_session(client, anna):
    client.force_login(anna)
    client.get(SETUP)
    key = client.session[ENROLMENT_KEY]
    code = code_of(key)

    response = client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"})

    assert response["Location"] == "/start/"
    device = TOTPDevice.objects.get(user=anna)
    assert device.confirmed and device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert ENROLMENT_KEY not in client.session
    assert "Der zweite Faktor ist eingerichtet." in page_of(client.get(SETUP))


def test_setup_goes_back_to_a_page_of_this_site_only(client, anna):
    client.force_login(anna)
    client.get(SETUP)
    key = client.session[ENROLMENT_KEY]

    elsewhere = client.post(
        SETUP + "?next=https://example.com/", {"code": code_of(key), "next": "https://example.com/"}
    )

    assert elsewhere["Location"] == "/start/"


def test_the_code_that_set_it_up_does_not_sign_in_again(client, anna):
    client.force_login(anna)
    client.get(SETUP)
    key = client.session[ENROLMENT_KEY]
    code = code_of(key)
    client.post(SETUP, {"code": code})
    client.post("/abmelden/")

    sign_in(client)
    response = client.post(CODE_PAGE, {"code": code})

    assert "Dieser Code stimmt nicht." in page_of(response)
    assert SESSION_KEY not in client.session


def test_a_second_device_cannot_be_set_up_beside_the_first(anna, device):
    key = second_factor.new_key()
    with pytest.raises(Exception, match="bereits eingerichtet"):
        second_factor.enrol(anna, key, code_of(key))


# Signing in with it -------------------------------------------------------------------


def test_the_password_alone_does_not_sign_in_an_account_with_a_second_factor(client, device):
    response = sign_in(client)

    assert response["Location"] == CODE_PAGE
    assert SESSION_KEY not in client.session
    assert client.get("/start/")["Location"].startswith("/anmelden/")
    page = page_of(client.get(CODE_PAGE))
    assert "Bestätigen Sie Ihre Anmeldung" in page
    assert 'autocomplete="one-time-code"' in page


def test_the_right_code_signs_in_to_where_the_person_was_going(client, device):
    sign_in(client, next_page="/berichte/")

    response = client.post(CODE_PAGE, {"code": code_of(device.key)})

    assert response["Location"] == "/berichte/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY not in client.session
    assert client.get("/berichte/").status_code == 200


def test_a_wrong_code_signs_in_nothing(client, device):
    sign_in(client)

    response = client.post(CODE_PAGE, {"code": code_of(device.key, offset=5)})

    assert response.status_code == 200
    assert "Dieser Code stimmt nicht." in page_of(response)
    assert SESSION_KEY not in client.session


def test_wrong_codes_lock_the_device_with_the_time_to_try_again(client, device, settings):
    # A minute after the first wrong code, however slow the test runs.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    sign_in(client)
    client.post(CODE_PAGE, {"code": code_of(device.key, offset=5)})

    response = client.post(CODE_PAGE, {"code": code_of(device.key)})

    assert "Zu viele falsche Codes. Bitte versuchen Sie es nach " in page_of(response)
    assert SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_the_code_page_without_a_password_just_given_goes_back_to_the_sign_in(client, device):
    assert client.get(CODE_PAGE)["Location"] == "/anmelden/"

    sign_in(client)
    session = client.session
    session[PENDING_KEY] |= {"until": time.time() - 1}
    session.save()
    response = client.post(CODE_PAGE, {"code": code_of(device.key)})

    assert response["Location"] == "/anmelden/"
    assert SESSION_KEY not in client.session
    assert PENDING_KEY not in client.session


def test_an_invitation_link_does_not_sign_in_an_account_with_a_second_factor(client, anna, device):
    link = reverse(
        "web:invitation",
        args=[urlsafe_base64_encode(force_bytes(anna.pk)), invitation_tokens.make_token(anna)],
    )
    form_page = client.get(link, follow=True)
    new_password = "Parthe-Aue-Muldental-2021"

    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )

    assert SESSION_KEY not in client.session
    anna.refresh_from_db()
    assert anna.check_password(new_password)


# Confirming and removing it -----------------------------------------------------------


def test_a_session_without_the_code_confirms_it_on_the_setup_page(client, anna, device):
    client.force_login(anna)

    page = page_of(client.get(SETUP))
    response = client.post(SETUP, {"code": code_of(device.key)})

    assert "diese Sitzung hat ihn noch nicht bestätigt" in page
    assert response["Location"] == "/start/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def confirmed_session(client, anna, device):
    client.force_login(anna)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def test_removing_needs_a_right_code(client, anna, device):
    confirmed_session(client, anna, device)

    page = page_of(client.get(SETUP))
    wrong = client.post(REMOVE, {"code": code_of(device.key, offset=5)})

    assert f'action="{REMOVE}"' in page
    assert "Dieser Code stimmt nicht." in page_of(wrong)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_removing_with_a_right_code_leaves_the_password_alone(client, anna, device):
    confirmed_session(client, anna, device)

    right = client.post(REMOVE, {"code": code_of(device.key)})

    assert right["Location"] == SETUP
    assert not TOTPDevice.objects.exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    page = page_of(client.get(SETUP))
    assert "Der zweite Faktor ist entfernt." in page
    assert 'class="qr-code"' in page
    client.post("/abmelden/")
    assert sign_in(client)["Location"] == "/start/"


def test_a_confirmation_sent_after_the_session_confirmed_it_removes_nothing(client, anna, device):
    client.force_login(anna)
    client.post(SETUP, {"code": code_of(device.key)})  # confirmed, e.g. in another tab

    again = client.post(SETUP, {"code": code_of(device.key, offset=1)})

    assert again["Location"] == "/start/"
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_removing_needs_the_session_to_have_confirmed_it(client, anna, device):
    client.force_login(anna)

    response = client.post(REMOVE, {"code": code_of(device.key)})

    assert response["Location"] == SETUP
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


# A cooperation that requires it of its coordinators -----------------------------------


@pytest.fixture
def required(cooperation):
    """The cooperation requires a second factor of its coordinators."""
    cooperation.second_factor_for_coordinators = True
    cooperation.save()


def test_a_coordinator_without_it_is_sent_from_the_start_page_to_set_it_up(
    coordinator_client, required
):

    response = coordinator_client.get("/start/")

    assert response["Location"] == "/konto/zweiter-faktor/?next=/start/"
    page = page_of(coordinator_client.get(response["Location"]))
    assert "Die Kooperation Partheland verlangt von ihren Koordinatorinnen" in page
    assert 'name="next" value="/start/"' in page


def test_other_pages_remind_the_coordinator_without_it(coordinator_client, required):
    page = page_of(coordinator_client.get("/berichte/"))

    assert "Ihre Kooperation verlangt von ihren Koordinatorinnen" in page
    assert 'href="/konto/zweiter-faktor/?next=/berichte/"' in page


def test_a_coordinator_who_sets_it_up_coordinates_at_once(coordinator_client, required):
    coordinator_client.get(SETUP)
    key = coordinator_client.session[ENROLMENT_KEY]

    response = coordinator_client.post(
        SETUP + "?next=/k/partheland/rollen/",
        {"code": code_of(key), "next": "/k/partheland/rollen/"},
    )

    assert response["Location"] == "/k/partheland/rollen/"
    assert coordinator_client.get("/k/partheland/rollen/").status_code == 200
    assert "Ihre Kooperation verlangt" not in page_of(coordinator_client.get("/berichte/"))


def test_a_cooperation_without_the_rule_asks_nothing_of_its_coordinators(coordinator_client):
    assert coordinator_client.get("/k/partheland/rollen/").status_code == 200
    assert "Ihre Kooperation verlangt" not in page_of(coordinator_client.get("/berichte/"))
