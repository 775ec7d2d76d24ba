"""A form sent after the session ended (the idle timeout, or signing out in another tab)
is not lost: the sign-in says why, and the same account finds the form's page with its
entries, to be saved once more; nothing is saved before. The notice before the idle
timeout and its "stay signed in"."""

import html
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ikz.measures.models import Measure
from ikz.web import kept
from tests.factories import MeasureFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-und-lang-2020"
ORIGIN = "http://testserver"
KEPT_NOTICE = "Ihre Eingaben stehen wieder im Formular: gespeichert ist noch nichts"
SIGN_IN_NOTICE = "Ihre Sitzung war abgelaufen: Ihre Eingaben sind aufbewahrt"


@pytest.fixture
def stadtplan(cooperation):
    return MeasureFactory(cooperation=cooperation, title="Online-Stadtplan")


def edit_page(measure: Measure) -> str:
    return f"/massnahmen/{measure.pk}/bearbeiten/"


def mark_of(page: str) -> str:
    """The account's mark on a signed-in page, which its script sends with each form."""
    return html.unescape(re.search(r'data-account="([^"]+)"', page)[1])


def typed(client, measure: Measure, **changes) -> dict:
    """What the coordinator sends from the edit page: its values, their changes, the
    page's mark (static ikz/session.js adds it)."""
    response = client.get(edit_page(measure))
    form = response.context["form"]
    data = {"title": measure.title, "progress": "0", "version": form.initial["version"]}
    return data | changes | {kept.MARK_FIELD: mark_of(response.content.decode())}


def kept_entries(page: str) -> dict | None:
    """The entries the page's script puts back into the form, if it has any."""
    found = re.search(
        r'<script id="kept-entries-data" type="application/json">(.*?)</script>', page
    )
    return json.loads(found[1]) if found else None


def sign_in(client, user, next_page: str):
    return client.post(
        "/anmelden/", {"username": user.email, "password": PASSWORD, "next": next_page}
    )


def test_form_sent_after_the_idle_timeout_opens_again_with_its_entries_after_signing_in(
    coordinator_client, coordinator, stadtplan
):
    data = typed(coordinator_client, stadtplan, title="Stadtplan für alle", progress="40")
    # The idle timeout: the session is gone on the server, the browser still sends its
    # cookie.
    Session.objects.all().delete()

    response = coordinator_client.post(
        edit_page(stadtplan), data, HTTP_REFERER=ORIGIN + edit_page(stadtplan)
    )

    assert response.status_code == 302
    assert response["Location"] == f"/anmelden/?next={edit_page(stadtplan)}"
    sign_in_page = coordinator_client.get(response["Location"]).content.decode()
    assert SIGN_IN_NOTICE in sign_in_page
    assert "Melden Sie sich mit demselben Konto an" in sign_in_page
    stadtplan.refresh_from_db()
    assert (stadtplan.title, stadtplan.progress) == ("Online-Stadtplan", 0)

    response = sign_in(coordinator_client, coordinator, edit_page(stadtplan))

    assert response["Location"] == edit_page(stadtplan)
    page = coordinator_client.get(edit_page(stadtplan)).content.decode()
    assert KEPT_NOTICE in page
    entries = kept_entries(page)
    assert entries["action"] == edit_page(stadtplan)
    assert entries["entries"]["title"] == ["Stadtplan für alle"]
    assert entries["entries"]["progress"] == ["40"]
    assert kept.MARK_FIELD not in entries["entries"]
    assert "csrfmiddlewaretoken" not in entries["entries"]
    # Shown, never saved on its own.
    stadtplan.refresh_from_db()
    assert (stadtplan.title, stadtplan.progress) == ("Online-Stadtplan", 0)


def test_kept_form_saved_once_more_lands_and_is_kept_no_longer(
    coordinator_client, coordinator, stadtplan
):
    data = typed(coordinator_client, stadtplan, title="Stadtplan für alle")
    coordinator_client.logout()  # signed out in another tab
    coordinator_client.post(edit_page(stadtplan), data)
    sign_in(coordinator_client, coordinator, edit_page(stadtplan))
    assert kept_entries(coordinator_client.get(edit_page(stadtplan)).content.decode())

    response = coordinator_client.post(
        edit_page(stadtplan), data | {kept.MARK_FIELD: data[kept.MARK_FIELD]}
    )

    assert response.status_code == 302
    stadtplan.refresh_from_db()
    assert stadtplan.title == "Stadtplan für alle"
    page = coordinator_client.get(edit_page(stadtplan)).content.decode()
    assert kept_entries(page) is None
    assert KEPT_NOTICE not in page


def test_another_account_signing_in_does_not_get_the_entries(
    coordinator_client, cooperation, stadtplan
):
    data = typed(coordinator_client, stadtplan, title="Nur für Karin")
    Session.objects.all().delete()
    coordinator_client.post(edit_page(stadtplan), data)
    colleague = RoleFactory(cooperation=cooperation, user=UserFactory(username="kollegin")).user

    sign_in(coordinator_client, colleague, edit_page(stadtplan))

    page = coordinator_client.get(edit_page(stadtplan)).content.decode()
    assert kept_entries(page) is None
    assert "Nur für Karin" not in page
    assert kept.SESSION_KEY not in coordinator_client.session


def test_form_without_the_pages_mark_is_not_kept_and_the_sign_in_says_so(
    coordinator_client, coordinator, stadtplan
):
    data = typed(coordinator_client, stadtplan, title="Ohne Skript")
    del data[kept.MARK_FIELD]
    Session.objects.all().delete()

    response = coordinator_client.post(edit_page(stadtplan), data, follow=True)

    page = response.content.decode()
    assert "Ihre Eingaben konnten nicht aufbewahrt werden" in page
    assert SIGN_IN_NOTICE not in page
    assert kept.SESSION_KEY not in coordinator_client.session


def test_a_forged_mark_is_not_kept(coordinator_client, stadtplan):
    data = typed(coordinator_client, stadtplan) | {kept.MARK_FIELD: "1:gefälscht"}
    Session.objects.all().delete()

    coordinator_client.post(edit_page(stadtplan), data)

    assert kept.SESSION_KEY not in coordinator_client.session


def test_entries_too_large_to_keep_are_not_kept(coordinator_client, stadtplan):
    data = typed(coordinator_client, stadtplan, title="x" * kept.MAX_CHARACTERS)
    Session.objects.all().delete()

    response = coordinator_client.post(edit_page(stadtplan), data, follow=True)

    assert "Ihre Eingaben konnten nicht aufbewahrt werden" in response.content.decode()
    assert kept.SESSION_KEY not in coordinator_client.session


def test_chosen_files_are_not_kept_and_the_page_says_so(coordinator_client, coordinator, stadtplan):
    data = typed(coordinator_client, stadtplan, title="Mit Anlage")
    Session.objects.all().delete()

    coordinator_client.post(
        edit_page(stadtplan), data | {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4")}
    )
    sign_in_page = coordinator_client.get(f"/anmelden/?next={edit_page(stadtplan)}")
    sign_in(coordinator_client, coordinator, edit_page(stadtplan))

    message = "Ausgewählte Dateien können nicht aufbewahrt werden: Bitte wählen Sie sie erneut aus."
    assert message in sign_in_page.content.decode()
    page = coordinator_client.get(edit_page(stadtplan)).content.decode()
    assert message in page
    assert kept_entries(page)["entries"]["title"] == ["Mit Anlage"]


def test_htmx_form_sent_after_the_session_ended_leads_the_whole_page_to_the_sign_in(
    coordinator_client, stadtplan
):
    data = typed(coordinator_client, stadtplan)
    Session.objects.all().delete()

    response = coordinator_client.post(
        edit_page(stadtplan),
        data,
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=ORIGIN + f"/massnahmen/{stadtplan.pk}/",
    )

    assert response["HX-Redirect"] == f"/anmelden/?next=/massnahmen/{stadtplan.pk}/"
    assert coordinator_client.session[kept.SESSION_KEY]["page"] == f"/massnahmen/{stadtplan.pk}/"


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token(client) -> str:
    return client.cookies["csrftoken"].value


def test_form_refused_by_the_csrf_check_after_a_new_sign_in_elsewhere_opens_with_its_entries(
    coordinator, stadtplan
):
    client = csrf_client(coordinator)
    data = typed(client, stadtplan, title="Nach neuer Anmeldung") | {
        "csrfmiddlewaretoken": token(client)
    }
    # Signed out and in again in another tab: the sign-in renews the form token.
    client.post("/abmelden/", {"csrfmiddlewaretoken": token(client)})
    client.post(
        "/anmelden/",
        {"username": coordinator.email, "password": PASSWORD, "csrfmiddlewaretoken": token(client)},
    )
    assert token(client) != data["csrfmiddlewaretoken"]

    response = client.post(
        edit_page(stadtplan),
        data,
        HTTP_ORIGIN=ORIGIN,
        HTTP_REFERER=ORIGIN + edit_page(stadtplan),
    )

    assert response.status_code == 302
    assert response["Location"] == edit_page(stadtplan)
    page = client.get(edit_page(stadtplan)).content.decode()
    assert KEPT_NOTICE in page
    assert kept_entries(page)["entries"]["title"] == ["Nach neuer Anmeldung"]
    stadtplan.refresh_from_db()
    assert stadtplan.title == "Online-Stadtplan"


def test_form_refused_by_the_csrf_check_without_a_session_is_kept_for_the_sign_in(
    coordinator, stadtplan
):
    client = csrf_client(coordinator)
    data = typed(client, stadtplan, title="Ohne Sitzung") | {"csrfmiddlewaretoken": "x" * 32}
    Session.objects.all().delete()

    response = client.post(edit_page(stadtplan), data, HTTP_ORIGIN=ORIGIN)

    assert response["Location"] == f"/anmelden/?next={edit_page(stadtplan)}"
    assert SIGN_IN_NOTICE in client.get(response["Location"]).content.decode()
    client.post(
        "/anmelden/",
        {"username": coordinator.email, "password": PASSWORD, "csrfmiddlewaretoken": token(client)},
    )
    page = client.get(edit_page(stadtplan)).content.decode()
    assert kept_entries(page)["entries"]["title"] == ["Ohne Sitzung"]
    stadtplan.refresh_from_db()
    assert stadtplan.title == "Online-Stadtplan"


def test_form_of_another_site_refused_by_the_csrf_check_is_not_kept(coordinator, stadtplan):
    client = csrf_client(coordinator)
    data = typed(client, stadtplan, title="Von woanders")

    response = client.post(edit_page(stadtplan), data, HTTP_ORIGIN="https://example.org")

    assert response.status_code == 403
    assert "<h1>Das Formular konnte nicht gesendet werden</h1>" in response.content.decode()
    assert kept.SESSION_KEY not in client.session


def test_form_of_another_account_refused_by_the_csrf_check_is_not_kept(
    coordinator, cooperation, stadtplan
):
    client = csrf_client(coordinator)
    data = typed(client, stadtplan, title="Von Karin")
    colleague = RoleFactory(cooperation=cooperation, user=UserFactory(username="kollegin")).user
    client.force_login(colleague)

    response = client.post(edit_page(stadtplan), data, HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 403
    assert kept.SESSION_KEY not in client.session


def test_sign_in_form_refused_by_the_csrf_check_is_never_kept(coordinator):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/anmelden/",
        {"username": coordinator.email, "password": PASSWORD, kept.MARK_FIELD: "x"},
        HTTP_ORIGIN=ORIGIN,
    )

    assert response.status_code == 403
    assert kept.SESSION_KEY not in client.session


def test_signed_in_pages_carry_the_notice_before_the_idle_timeout(coordinator_client, cooperation):
    page = coordinator_client.get("/k/partheland/sitzungen/").content.decode()

    notice = re.search(r'<div class="session-notice".*?>', page, re.DOTALL)[0]
    assert 'role="alertdialog"' in notice
    assert 'data-seconds="3600"' in notice
    assert 'data-warn-seconds="300"' in notice
    assert "hidden" in notice
    assert "Angemeldet bleiben" in page
    assert "Nach 60 Minuten ohne Aktivität werden Sie abgemeldet" in page
    assert '<script src="/static/ikz/session.js" defer></script>' in page


def test_pages_for_the_signed_out_carry_no_notice(client, cooperation):
    page = client.get("/k/partheland/").content.decode()

    assert "session-notice" not in page
    assert '<script src="/static/ikz/session.js" defer></script>' in page


def test_staying_signed_in_renews_the_session(coordinator_client):
    before = coordinator_client.session.get_expiry_date()

    response = coordinator_client.post("/konto/sitzung/verlaengern/")

    assert response.status_code == 204
    assert coordinator_client.session.get_expiry_date() >= before


def test_staying_signed_in_after_the_session_ended_leads_to_the_sign_in(coordinator_client):
    Session.objects.all().delete()

    response = coordinator_client.post("/konto/sitzung/verlaengern/")

    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/")
