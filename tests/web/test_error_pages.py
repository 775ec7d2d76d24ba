"""403, 404 and 500 are German pages in the cockpit's look, not Django's bare English
ones. Django shows them only with DEBUG off, as tests run."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import BadRequest, PermissionDenied
from django.template import loader
from django.test import Client
from django.urls import include, path, reverse

from ikz import urls as cockpit_urls
from ikz.reports.models import StatusReport
from tests.factories import (
    CooperationFactory,
    RoleFactory,
    StatusReportFactory,
    UserFactory,
    partheland,
)


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug in a view")


def bad(request):
    raise BadRequest("a request the view cannot take")


# The cockpit's URLs, its 500 page and two views that fail, for the tests that set
# ROOT_URLCONF here.
urlpatterns = [
    path("verboten/", refused),
    path("kaputt/", broken),
    path("ungueltig/", bad),
    path("", include("ikz.urls")),
]
handler500 = cockpit_urls.handler500


@pytest.fixture
def failing_views(settings):
    settings.ROOT_URLCONF = __name__


LAYOUT = ('<a class="skip-link" href="#main">Zum Inhalt springen</a>', 'class="site-footer"')
START_LINK = '<a href="/">Zurück zur Startseite</a>'


def test_tests_run_with_debug_off_as_in_production(settings):
    # With DEBUG on Django shows its technical pages instead, and these tests prove nothing.
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_unknown_address_is_a_german_404_page_in_the_layout(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get("/gibt-es-nicht/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Seite nicht gefunden – IKZ Cockpit</title>" in page
    assert "<h1>Seite nicht gefunden</h1>" in page
    assert "Bitte prüfen Sie die Adresse oder machen Sie auf der Startseite weiter." in page
    assert START_LINK in page
    assert all(part in page for part in LAYOUT)
    assert "Not Found" not in page


@pytest.mark.django_db
def test_missing_report_is_a_404_page_for_a_signed_in_coordinator(
    client, django_assert_max_num_queries
):
    user = UserFactory(username="coordinator", is_staff=True)
    RoleFactory(user=user, cooperation=partheland())
    client.force_login(user)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("web:report", args=[999]))

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in page
    # The header is the signed-in one; the exception's English text is not shown.
    assert "Abmelden</button>" in page
    assert "No StatusReport matches" not in page


@pytest.mark.django_db
def test_permission_denied_in_a_view_is_a_german_403_page_in_the_layout(
    client, django_assert_max_num_queries
):
    # May see reports, not start one: report_list itself raises PermissionDenied.
    user = UserFactory(username="leserin")
    user.user_permissions.add(Permission.objects.get(codename="view_statusreport"))
    client.force_login(user)
    cooperation = CooperationFactory()

    with django_assert_max_num_queries(10):
        response = client.post(
            reverse("web:reports"),
            {
                "cooperation": cooperation.pk,
                "period": "Juni 2020",
                "report_date": "2020-06-30",
                "template": "seed",
            },
        )

    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Zugriff verweigert</h1>" in page
    assert (
        "Sie sind als leserin angemeldet, aber dieses Konto hat dafür keine Berechtigung." in page
    )
    assert '<a href="/anmelden/?next=/berichte/">Mit einem anderen Konto anmelden</a>' in page
    assert START_LINK in page
    assert all(part in page for part in LAYOUT)
    assert StatusReport.objects.count() == 0


@pytest.mark.django_db
def test_coordinator_page_for_a_user_without_the_role_is_the_403_page(client):
    client.force_login(UserFactory(username="mitglied"))

    response = client.get(reverse("web:reports"))

    assert response.status_code == 403
    assert "<h1>Zugriff verweigert</h1>" in response.content.decode()


@pytest.mark.django_db
def test_403_for_an_anonymous_visitor_asks_to_sign_in(client, failing_views):
    response = client.get("/verboten/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Diese Seite ist nur für angemeldete Benutzer mit der nötigen Berechtigung." in page
    assert '<a href="/anmelden/?next=/verboten/">Anmelden</a>' in page
    assert START_LINK in page


@pytest.mark.django_db
def test_error_in_a_view_is_a_german_500_page_in_the_look(client, failing_views):
    client.raise_request_exception = False

    response = client.get("/kaputt/")

    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="de">' in page
    assert '<link rel="stylesheet" href="/static/ikz/cockpit.css">' in page
    assert "<h1>Serverfehler</h1>" in page
    assert "Ihre Anfrage konnte nicht ausgeführt werden." in page
    assert (
        f"Fehlernummer: {response['X-Request-ID']} – bitte nennen Sie sie, wenn Sie sich "
        "an die Koordination wenden."
    ) in page
    assert START_LINK in page
    assert "Server Error" not in page


# No django_db mark: a query would fail the test.
def test_500_page_renders_without_request_context_or_database():
    page = loader.get_template("500.html").render()

    assert "<h1>Serverfehler</h1>" in page
    assert '<link rel="stylesheet" href="/static/ikz/cockpit.css">' in page
    # Without an id (Django's own handler) the page leaves out the sentence about it.
    assert "Fehlernummer" not in page


@pytest.mark.django_db
def test_bad_request_is_a_german_400_page_in_the_layout(client, failing_views):
    response = client.get("/ungueltig/")

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Ungültige Anfrage – IKZ Cockpit</title>" in page
    assert "<h1>Ungültige Anfrage</h1>" in page
    assert "a request the view cannot take" not in page
    assert START_LINK in page
    assert all(part in page for part in LAYOUT)


@pytest.mark.django_db
def test_action_opened_as_a_link_is_a_german_405_page_with_the_allowed_method(client):
    coordinator = UserFactory(username="coordinator")
    RoleFactory(user=coordinator, cooperation=partheland())
    client.force_login(coordinator)
    report = StatusReportFactory(cooperation=partheland())

    response = client.get(
        reverse("web:report_correct", args=[report.pk]),
        HTTP_REFERER=f"http://testserver/berichte/{report.pk}/",
    )

    page = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "<h1>Diese Aktion ist über diese Adresse nicht möglich</h1>" in page
    assert "nur die Schaltfläche auf ihrer Seite sendet" in page
    assert f'<a href="/berichte/{report.pk}/">Zurück zur vorherigen Seite</a>' in page
    assert START_LINK in page
    assert all(part in page for part in LAYOUT)
    assert "Abmelden</button>" in page


@pytest.mark.django_db
def test_405_for_an_anonymous_visitor_is_the_page_too(client):
    response = client.post("/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "<h1>Diese Aktion ist über diese Adresse nicht möglich</h1>" in response.content.decode()


@pytest.mark.django_db
def test_form_without_the_csrf_cookie_is_a_german_403_page_in_the_layout():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/abmelden/", HTTP_REFERER="http://testserver/k/partheland/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>Das Formular konnte nicht gesendet werden – IKZ Cockpit</title>" in page
    assert "Ihr Browser hat das Sicherheits-Cookie (csrftoken) nicht mitgesendet" in page
    assert '<a href="/k/partheland/">Zurück zur Seite des Formulars</a>' in page
    assert START_LINK in page
    assert all(part in page for part in LAYOUT)
    assert "CSRF verification failed" not in page
    assert "Forbidden" not in page


@pytest.mark.django_db
def test_form_with_an_old_token_is_a_german_403_page_that_says_the_page_is_out_of_date():
    client = Client(enforce_csrf_checks=True)
    client.get("/anmelden/")

    response = client.post("/abmelden/", {"csrfmiddlewaretoken": "x" * 32})

    page = response.content.decode()
    assert response.status_code == 403
    assert "Die Seite, von der Sie es gesendet haben, ist veraltet" in page
    assert "Zurück zur Seite des Formulars" not in page
    assert START_LINK in page
