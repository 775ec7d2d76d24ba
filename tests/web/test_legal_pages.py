"""The imprint, the privacy notice and the accessibility statement, filled from the
cooperation's settings."""

import datetime

import pytest
from django.test import override_settings

from tests.factories import CooperationFactory, RoleFactory

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


@pytest.mark.parametrize("path", ["impressum", "datenschutz", "barrierefreiheit"])
def test_legal_pages_have_the_public_frame_with_its_navigation(client, cooperation, path):
    page = client.get(f"/k/partheland/{path}/").content.decode()

    assert (
        'aria-label="Öffentliche Seiten: Partheland"' in page,
        'href="/k/partheland/kontakt/">Kontakt</a>' in page,
    ) == (True, True)


def test_legal_pages_speak_english_on_request(client, cooperation):
    client.cookies["django_language"] = "en"

    page = client.get("/k/partheland/datenschutz/").content.decode()

    assert "<h1>Privacy notice</h1>" in page
    assert "Represented by Bürgermeister Max Muster" in page


def test_legal_pages_of_an_unknown_cooperation_are_404(client):
    assert client.get("/k/gibt-es-nicht/impressum/").status_code == 404
    assert client.get("/k/gibt-es-nicht/datenschutz/").status_code == 404


# The imprint's further information (§ 5 DDG) -------------------------------------------


def test_imprint_names_supervision_vat_id_and_ddg(client):
    CooperationFactory(slug="voll", legal_supervision="Landratsamt Landkreis Leipzig",
                       vat_id="DE123456789", **LEGAL)  # fmt: skip

    page = client.get("/k/voll/impressum/").content.decode()

    assert "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG)." in page
    assert "<address>Landratsamt Landkreis Leipzig</address>" in page
    assert "Gemäß § 27a Umsatzsteuergesetz: DE123456789" in page


def test_imprint_without_responsible_person_names_the_representative(client):
    CooperationFactory(slug="vertreten", publisher="Stadt Naunhof",
                       publisher_representative="Bürgermeister Max Muster")  # fmt: skip

    page = client.get("/k/vertreten/impressum/").content.decode()

    responsible = page.split('<h2 id="responsible">Inhaltlich verantwortlich</h2>')[1]
    assert responsible.split("</section>")[0].strip() == (
        "<p>Bürgermeister Max Muster, Stadt Naunhof</p>"
    )


def test_privacy_notice_names_recipients_storage_and_the_saxon_authority_by_default(client):
    CooperationFactory(slug="leer")

    page = client.get("/k/leer/datenschutz/").content.decode()

    assert '<h2 id="recipients">Empfänger</h2>' in page
    assert '<h2 id="storage">Speicherdauer</h2>' in page
    assert "Art. 22 DSGVO" in page
    assert "Sächsische Datenschutz- und Transparenzbeauftragte<br>Postfach 11 01 32" in page


# The accessibility statement ------------------------------------------------------------


def section(page: str, anchor: str) -> str:
    return page.split(f'<h2 id="{anchor}">')[1].split("</section>")[0]


def test_accessibility_statement_shows_defaults_for_empty_settings(client, cooperation):
    page = client.get("/k/partheland/barrierefreiheit/").content.decode()

    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in page
    assert "Barrierefreie-Websites-Gesetz (BfWebG) des Freistaates Sachsen" in page
    assert 'href="http://testserver/k/partheland/"' in page
    assert "teilweise vereinbar" in section(page, "status")
    barriers = section(page, "barriers")
    assert "Dokumente zu Sitzungen und Maßnahmen" in barriers
    assert "als HTML-Seite und als getaggtes PDF" in barriers
    assert "noch nicht eingetragen" in section(page, "review")
    feedback = section(page, "feedback")
    assert 'href="mailto:ikz@naunhof.example"' in feedback
    assert "034293 42-0" in feedback
    assert "Stadt Naunhof<br>Markt 1<br>04683 Naunhof" in feedback
    enforcement = section(page, "enforcement")
    assert "Landesbeauftragter für Inklusion der Menschen mit Behinderungen<br>" in enforcement
    assert (
        'href="https://www.sk.sachsen.de/behindertenbeauftragter-der-saechsischen-'
        'staatsregierung.html"' in enforcement
    )


def test_accessibility_statement_is_filled_from_the_settings(client):
    CooperationFactory(
        slug="eigen",
        accessibility_status="full",
        accessibility_barriers="Die Karte der Radwege hat keine Textalternative.",
        accessibility_contact="Barrierefreiheit Naunhof\nbarrierefrei@naunhof.example",
        accessibility_enforcement_body="Schlichtungsstelle Beispiel",
        accessibility_reviewed_on=datetime.date(2026, 11, 30),
        accessibility_review_method="BITV-Test durch eine externe Prüfstelle",
    )

    page = client.get("/k/eigen/barrierefreiheit/").content.decode()

    assert "vollständig vereinbar" in section(page, "status")
    assert "<p>Die Karte der Radwege hat keine Textalternative.</p>" in section(page, "barriers")
    assert "Dokumente zu Sitzungen" not in page
    assert "zuletzt am 30. November 2026 überprüft" in section(page, "review")
    assert "Methode: BITV-Test durch eine externe Prüfstelle." in section(page, "review")
    feedback = section(page, "feedback")
    assert 'Naunhof<br><a href="mailto:barrierefrei@naunhof.example">' in feedback
    enforcement = section(page, "enforcement")
    assert "Schlichtungsstelle Beispiel" in enforcement
    assert "sk.sachsen.de" not in enforcement


def test_accessibility_statement_of_a_fully_compliant_site_without_own_list_lists_nothing(
    client,
):
    CooperationFactory(slug="voll", accessibility_status="full")

    page = client.get("/k/voll/barrierefreiheit/").content.decode()

    assert 'id="barriers"' not in page


def test_every_page_links_the_accessibility_statement_and_the_feedback_in_its_footer(
    client, cooperation
):
    coordinator = RoleFactory(cooperation=cooperation).user
    footer_links = (
        '<a href="/k/partheland/barrierefreiheit/">Barrierefreiheit</a>',
        '<a href="/k/partheland/barrierefreiheit/#feedback">Barriere melden</a>',
    )
    public_pages = ["/k/partheland/", "/k/partheland/impressum/", "/k/partheland/datenschutz/"]
    work_pages = ["/k/partheland/aufgaben/", "/k/partheland/kommunen/",
                  "/k/partheland/stammdaten/einstellungen/"]  # fmt: skip

    for url in public_pages:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert all(link in footer for link in footer_links), url
    client.force_login(coordinator)
    for url in work_pages:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert all(link in footer for link in footer_links), url


def test_pages_of_no_cooperation_link_the_legal_pages_of_the_only_cooperation(client, cooperation):
    footer = client.get("/anmelden/").content.decode().split('<footer class="site-footer">')[1]

    assert '<a href="/barrierefreiheit/#feedback">Barriere melden</a>' in footer
    assert '<a href="/impressum/">Impressum</a>' in footer
    for path, target in [
        ("/impressum/", "/k/partheland/impressum/"),
        ("/datenschutz/", "/k/partheland/datenschutz/"),
        ("/barrierefreiheit/", "/k/partheland/barrierefreiheit/"),
    ]:
        assert client.get(path).headers["Location"] == target


def test_with_several_cooperations_the_legal_page_of_no_cooperation_lets_one_choose(
    client, cooperation
):
    CooperationFactory(slug="muldental", name="Muldental")

    page = client.get("/barrierefreiheit/").content.decode()

    assert "Wählen Sie die Kooperation" in page
    assert '<a href="/k/muldental/barrierefreiheit/">Muldental</a>' in page
    assert '<a href="/k/partheland/barrierefreiheit/">' in page
    assert client.get("/rechtliches/").status_code == 404


def test_settings_keep_the_accessibility_statement(client, cooperation):
    client.force_login(RoleFactory(cooperation=cooperation).user)
    form = client.get("/k/partheland/stammdaten/einstellungen/").context["form"]
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data.update(accessibility_status="partial", accessibility_reviewed_on="30.11.2026",
                accessibility_review_method="Selbstbewertung mit dem BITV-Test")  # fmt: skip
    data.pop("logo", None)
    data["second_factor_for_coordinators"] = ""

    response = client.post("/k/partheland/stammdaten/einstellungen/", data)

    assert response.status_code == 302
    cooperation.refresh_from_db()
    assert (cooperation.accessibility_reviewed_on, cooperation.accessibility_review_method) == (
        datetime.date(2026, 11, 30),
        "Selbstbewertung mit dem BITV-Test",
    )


def test_accessibility_statement_of_an_unknown_cooperation_is_404(client):
    assert client.get("/k/gibt-es-nicht/barrierefreiheit/").status_code == 404
