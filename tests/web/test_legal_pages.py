"""The imprint and the privacy notice, filled from the cooperation's settings."""

import pytest
from django.test import override_settings

from tests.factories import CooperationFactory

pytestmark = pytest.mark.django_db

LEGAL = {
    "publisher": "Stadt Naunhof\nMarkt 1\n04683 Naunhof",
    "publisher_representative": "Bürgermeister Max Muster",
    "contact_email": "ikz@naunhof.example",
    "contact_phone": "034293 42-0",
    "content_responsible": "Erika Beispiel, Markt 1, 04683 Naunhof",
    "data_protection_officer": "Datenschutzbeauftragter der Stadt Naunhof\ndsb@naunhof.example",
    "supervisory_authority": "Sächsische Datenschutz- und Transparenzbeauftragte\n01067 Dresden",
    "privacy_addendum": "Gehostet bei der Kommunalen Informationsverarbeitung Sachsen.",
}


@pytest.fixture
def cooperation():
    return CooperationFactory(name="Partheland", slug="partheland", **LEGAL)


def test_imprint_shows_publisher_contact_and_responsible(client, cooperation):
    page = client.get("/k/partheland/impressum/").content.decode()

    assert "<h1>Impressum</h1>" in page
    assert "Stadt Naunhof<br>Markt 1<br>04683 Naunhof" in page
    assert "Vertreten durch Bürgermeister Max Muster" in page
    assert 'href="mailto:ikz@naunhof.example"' in page
    assert "034293 42-0" in page
    assert "Erika Beispiel, Markt 1, 04683 Naunhof" in page


def test_imprint_without_publisher_says_so(client):
    CooperationFactory(slug="leer")

    page = client.get("/k/leer/impressum/").content.decode()

    assert "hat ihren Herausgeber noch nicht eingetragen" in page
    assert "Vertreten durch" not in page


@override_settings(SESSION_COOKIE_AGE=45 * 60)
def test_privacy_notice_names_controller_officer_authority_and_session(client, cooperation):
    page = client.get("/k/partheland/datenschutz/").content.decode()

    assert "<h1>Datenschutzerklärung</h1>" in page
    assert "Stadt Naunhof<br>Markt 1<br>04683 Naunhof" in page
    assert "dsb@naunhof.example" in page
    assert "Sächsische Datenschutz- und Transparenzbeauftragte<br>01067 Dresden" in page
    assert "Gehostet bei der Kommunalen Informationsverarbeitung Sachsen." in page
    assert "nach 45 Minuten ohne Aktivität" in page
    assert "Art. 77 DSGVO" in page


def test_privacy_notice_without_officer_says_so(client):
    CooperationFactory(slug="leer")

    page = client.get("/k/leer/datenschutz/").content.decode()

    assert "hat ihren Datenschutzbeauftragten noch nicht eingetragen" in page


def test_cooperation_pages_link_imprint_and_privacy_notice(client, cooperation):
    page = client.get("/k/partheland/").content.decode()

    assert 'href="/k/partheland/impressum/">Impressum</a>' in page
    assert 'href="/k/partheland/datenschutz/">Datenschutzerklärung</a>' in page


def test_legal_pages_speak_english_on_request(client, cooperation):
    client.cookies["django_language"] = "en"

    page = client.get("/k/partheland/datenschutz/").content.decode()

    assert "<h1>Privacy notice</h1>" in page
    assert "Represented by Bürgermeister Max Muster" in page


def test_legal_pages_of_an_unknown_cooperation_are_404(client):
    assert client.get("/k/gibt-es-nicht/impressum/").status_code == 404
    assert client.get("/k/gibt-es-nicht/datenschutz/").status_code == 404
