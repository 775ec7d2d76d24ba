"""Errors in production leave a trace: every request has an id (X-Request-ID), every
log line is one JSON object on stderr carrying it, and the 500 page shows it, so the
number a user reads out finds the traceback in the server's log."""

import json
import logging
import re

import pytest
from django.http import HttpResponse, HttpResponseServerError
from django.urls import include, path

from ikz import urls as cockpit_urls
from ikz.web.middleware import current_request_id

logger = logging.getLogger("ikz.test_logging")


def broken(request):
    raise RuntimeError("a bug in a view")


def answers_500(request):
    return HttpResponseServerError("kaputt")


def chatty(request):
    logger.warning("Logo von %s ist beschädigt", "Naunhof")
    return HttpResponse("ok")


# The cockpit's URLs and its 500 page, with views that fail or log.
urlpatterns = [
    path("kaputt/", broken),
    path("antwortet-500/", answers_500),
    path("gespraechig/", chatty),
    path("", include("ikz.urls")),
]
handler500 = cockpit_urls.handler500

NEW_ID = re.compile(r"[0-9a-f]{32}")


def page_sentence(request_id):
    return (
        f"Fehlernummer: {request_id} – bitte nennen Sie sie, wenn Sie sich an die "
        "Koordination wenden."
    )


@pytest.fixture
def production(settings, client):
    """DEBUG off and errors answered with the 500 page, as in production."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False


@pytest.fixture
def log_lines(capfd):
    """What the stderr handler set up from settings.LOGGING at Django's start writes
    from now on, each line parsed as JSON (a line that is not fails the test)."""
    capfd.readouterr()
    return lambda: [json.loads(line) for line in capfd.readouterr().err.splitlines()]


def without_time(line):
    assert set(line) >= {"time", "level", "logger", "request_id", "message"}
    return {key: value for key, value in line.items() if key not in {"time", "exception"}}


# No django_db mark here and below: a query while handling the error would fail the test.
def test_error_in_a_view_is_one_log_line_with_traceback_and_request_id(
    client, production, log_lines
):
    response = client.get("/kaputt/")

    lines = log_lines()
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert NEW_ID.fullmatch(request_id)
    assert len(lines) == 1
    assert without_time(lines[0]) == {
        "level": "ERROR",
        "logger": "django.request",
        "request_id": request_id,
        "message": "Internal Server Error: /kaputt/",
        "status": 500,
    }
    traceback = lines[0]["exception"]
    assert traceback.startswith("Traceback (most recent call last):\n")
    assert ", in broken\n" in traceback
    assert traceback.endswith("RuntimeError: a bug in a view")


def test_error_log_line_is_a_single_line_of_text(client, production, capfd, log_lines):
    client.get("/kaputt/")

    written = capfd.readouterr().err
    assert written.count("\n") == 1
    assert written.endswith("}\n")
    assert "a bug in a view" in written


def test_500_page_shows_the_request_id_of_the_log_line(client, production, log_lines):
    response = client.get("/kaputt/")

    page = response.content.decode()
    request_id = log_lines()[0]["request_id"]
    assert response.status_code == 500
    assert response["X-Request-ID"] == request_id
    assert page_sentence(request_id) in page
    assert "<h1>Serverfehler</h1>" in page


def test_500_response_returned_by_a_view_is_logged_with_its_request_id(
    client, production, log_lines
):
    # Django logs this only after the middleware has returned and reset the context.
    response = client.get("/antwortet-500/")

    lines = log_lines()
    assert response.status_code == 500
    assert [without_time(line) for line in lines] == [
        {
            "level": "ERROR",
            "logger": "django.request",
            "request_id": response["X-Request-ID"],
            "message": "Internal Server Error: /antwortet-500/",
            "status": 500,
        }
    ]


@pytest.mark.parametrize(
    "incoming",
    ["4f1c2a9e-7b3d-4c61-9a2e-1d5f6b7c8d90", "abc", "X" * 64, "0-0-0"],
)
def test_incoming_sane_request_id_is_kept(client, production, log_lines, incoming):
    response = client.get("/kaputt/", headers={"X-Request-ID": incoming})

    lines = log_lines()
    assert response["X-Request-ID"] == incoming
    assert [line["request_id"] for line in lines] == [incoming]
    assert page_sentence(incoming) in response.content.decode()


@pytest.mark.parametrize(
    "incoming",
    ["mit Leerzeichen", "a" * 200, "X" * 65, "abc_def", "ab;rm", "Äpfel", "abc\n", '"}{'],
)
def test_incoming_insane_request_id_is_replaced(client, production, log_lines, incoming):
    response = client.get("/kaputt/", headers={"X-Request-ID": incoming})

    lines = log_lines()
    request_id = response["X-Request-ID"]
    assert NEW_ID.fullmatch(request_id)
    assert [line["request_id"] for line in lines] == [request_id]
    assert incoming not in response.content.decode()


def test_every_request_gets_its_own_id(client, production, log_lines):
    first = client.get("/kaputt/")
    second = client.get("/kaputt/")

    lines = log_lines()
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [line["request_id"] for line in lines] == [first["X-Request-ID"], second["X-Request-ID"]]


@pytest.mark.django_db
def test_normal_page_has_a_request_id_header(client, production, log_lines):
    response = client.get("/")

    assert response.status_code == 200
    assert NEW_ID.fullmatch(response["X-Request-ID"])
    assert log_lines() == []


def test_cockpit_warning_during_a_request_is_a_log_line_with_its_id(client, production, log_lines):
    response = client.get("/gespraechig/")

    lines = log_lines()
    assert response.status_code == 200
    assert [without_time(line) for line in lines] == [
        {
            "level": "WARNING",
            "logger": "ikz.test_logging",
            "request_id": response["X-Request-ID"],
            "message": "Logo von Naunhof ist beschädigt",
        }
    ]


def test_cockpit_info_outside_a_request_is_a_log_line_without_id(log_lines):
    logging.getLogger("ikz.reports.slides").info("Folien erstellt")

    lines = log_lines()
    assert [without_time(line) for line in lines] == [
        {
            "level": "INFO",
            "logger": "ikz.reports.slides",
            "request_id": None,
            "message": "Folien erstellt",
        }
    ]


def test_request_id_does_not_outlive_its_request(client, production):
    client.get("/gespraechig/")

    assert current_request_id.get() is None


def test_500_page_that_cannot_be_rendered_falls_back_to_a_bare_page_with_the_id(
    client, production, log_lines, settings, tmp_path
):
    # Without a manifest, the static tag in 500.html raises ValueError.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    response = client.get("/kaputt/")

    lines = log_lines()
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert response.content.decode() == (
        '<!DOCTYPE html><html lang="de"><title>Serverfehler / Server error</title>'
        f"<h1>Serverfehler / Server error</h1><p>Fehlernummer / Error number: {request_id}</p>"
        "</html>"
    )
    assert [without_time(line) for line in lines] == [
        {
            "level": "ERROR",
            "logger": "ikz.web.errors",
            "request_id": request_id,
            "message": "500.html could not be rendered",
        },
        {
            "level": "ERROR",
            "logger": "django.request",
            "request_id": request_id,
            "message": "Internal Server Error: /kaputt/",
            "status": 500,
        },
    ]
    assert lines[0]["exception"].endswith(
        "ValueError: Missing staticfiles manifest entry for 'ikz/cockpit.css'"
    )
