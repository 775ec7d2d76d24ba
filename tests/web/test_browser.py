"""In a real Chromium: the public start page as a citizen's browser shows it, signing in,
and a coordinator's import and downloads."""

import datetime
import os
import re
import shutil
import subprocess
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect, sync_playwright

from ikz.core.models import Cooperation, Role
from ikz.measures.models import Measure, StatusChange, Task
from ikz.meetings.models import Meeting
from ikz.sample.demo import DEMO_REPORT, load_partheland
from tests.factories import CooperationFactory, RoleFactory, UserFactory, partheland, pdf_bytes

SEED = DEMO_REPORT
PDF = pdf_bytes()

CHROMIUM = shutil.which("chromium")
# Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ROOT = Path(__file__).resolve().parents[2]
# Screenshots of the pages the tests pass through, for a person to look at (not in git).
ARTIFACTS = ROOT / "test-artifacts"
# axe-core from npm (make install), run in each page to find what bars people using a
# screen reader or the keyboard.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(content: bytes) -> str:
    # poppler's pdftotext (Debian's poppler-utils, installed by .ci/run).
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def page(monkeypatch):
    if CHROMIUM is None:
        if os.environ.get("IKZ_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the browser tests (apt-get install chromium).")
        pytest.skip("Chromium is not installed.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the
    # test itself are still plain synchronous code.
    # Set for this test only: a later test's subprocess (the deploy check) must not
    # inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="de-DE")
        # Before the page's own scripts, past its Content-Security-Policy.
        context.add_init_script(path=AXE)
        yield context.new_page()
        browser.close()


def test_start_page_in_chromium_shows_members_and_switches_language(live_server, page):
    load_partheland()

    page.goto(live_server.url + "/")

    assert page.title() == "Partheland – IKZ Cockpit"
    expect(page.get_by_role("heading", level=2, name="Mitgliedskommunen")).to_be_visible()
    assert page.locator("#members ~ table tbody tr").count() == 7
    page.get_by_label("Sprache").select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    expect(page.get_by_role("heading", level=2, name="Member municipalities")).to_be_visible()


def sign_in(page, email: str):
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill("geheim-und-lang-2020")
    page.get_by_role("button", name="Anmelden").click()


def test_person_signs_in_with_email_address_and_lands_on_their_start_page(live_server, page):
    # Roles in two cooperations: the start page offers both; choosing one opens its
    # reports.
    user = UserFactory(username="anna", email="Anna.Schulze@naunhof.de")
    RoleFactory(user=user, cooperation=partheland(), kind=Role.Kind.OBSERVER)
    RoleFactory(user=user, cooperation=CooperationFactory(name="Muldental", slug="muldental"))

    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "anna.schulze@naunhof.de")

    assert page.url == live_server.url + "/start/"
    expect(page.get_by_role("heading", level=1, name="Ihre Kooperationen")).to_be_visible()
    page.get_by_role("link", name="Partheland").click()
    assert page.url == live_server.url + "/k/partheland/cockpit/"
    expect(page.get_by_role("heading", level=1, name="Cockpit von Partheland")).to_be_visible()


def test_coordinator_imports_the_seed_and_downloads_the_report_in_chromium(live_server, page):
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=partheland())

    page.goto(live_server.url + "/berichte/")
    sign_in(page, "koordination@partheland.de")
    page.get_by_role("link", name="Vorhandenen Bericht importieren").click()
    page.get_by_label("Berichtsdatei").set_input_files(str(SEED))
    page.get_by_label("nur prüfen, nichts schreiben").uncheck()
    page.get_by_role("button", name="Importieren").click()
    expect(page.get_by_role("heading", name="Angelegt")).to_be_visible()

    page.goto(live_server.url + "/berichte/")
    page.get_by_role("link", name="Statusbericht April/Mai 2020").click()
    downloads = page.get_by_role("list", name="Downloads")
    with page.expect_download() as download:
        downloads.get_by_role("link", name="PowerPoint (PPTX) (.pptx)").click()
    assert download.value.suggested_filename == "statusbericht-partheland-2020-04-2020-05.pptx"
    overview = page.get_by_role("list", name="Sitzungsübersicht")
    with page.expect_download() as download:
        overview.get_by_role("link", name="Word (DOCX) (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def test_coordinator_sets_up_the_second_factor_and_signs_in_with_a_code(live_server, page):
    # The Partheland requires a second factor of its coordinators: the first sign-in
    # leads to setting it up, the next asks for a code.
    cooperation = partheland()
    cooperation.second_factor_for_coordinators = True
    cooperation.save()
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=cooperation)

    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")
    assert page.url == live_server.url + "/konto/zweiter-faktor/?next=/start/"
    expect(page.get_by_role("img", name="QR-Code für die Authenticator-App")).to_be_visible()
    screenshot(page, "second-factor-setup")
    # What the app does with the key typed in by hand.
    key = b32decode(page.locator("code.secret").inner_text().replace(" ", ""))
    page.get_by_label("Code aus Ihrer App").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Zweiten Faktor einrichten").click()
    assert page.url == live_server.url + "/k/partheland/cockpit/"
    expect(page.get_by_text("Der zweite Faktor ist eingerichtet.")).to_be_visible()

    page.get_by_role("button", name="Abmelden").click()
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")
    assert page.url == live_server.url + "/anmelden/code/"
    screenshot(page, "second-factor-sign-in-code")
    page.get_by_label("Code aus Ihrer App").fill(f"{(totp(key) + 1) % 10**6:06d}")
    page.get_by_role("button", name="Anmelden").click()
    # Named at the top, linked to the field, and at the field itself.
    expect(page.get_by_role("link", name="Dieser Code stimmt nicht.")).to_be_visible()
    expect(page.locator("#id_code_error")).to_contain_text("Dieser Code stimmt nicht.")
    # The code of the coming half minute: the current one set the factor up.
    page.get_by_label("Code aus Ihrer App").fill(f"{totp(key, t0=-30):06d}")
    # A wrong code locks for a second.
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Anmelden").click()

    assert page.url == live_server.url + "/k/partheland/cockpit/"
    expect(
        page.get_by_role("navigation", name="Arbeit in Partheland").get_by_role(
            "link", name="Personen und Rollen"
        )
    ).to_be_visible()


def serious_violations(page) -> list:
    """The serious and critical violations of WCAG 2.1 AA that axe finds on the page:
    each its rule, impact and the elements."""
    # Only the violations in full: the passes axe would list cost as much time again.
    # Not into frames: the report's preview is a sandboxed frame without scripts, which
    # axe would wait a minute for; its page is checked on its own.
    results = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],"
        " resultTypes: ['violations'], iframes: false})"
    )
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def assert_accessible(page) -> None:
    """No serious or critical violation of WCAG 2.1 AA that axe finds on the page."""
    assert serious_violations(page) == [], page.url


def test_coordinator_plans_a_meeting_through_the_meeting_pages(live_server, page):
    load_partheland()
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=Cooperation.objects.get(slug="partheland"))
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")

    page.get_by_role("navigation", name="Arbeit in Partheland").get_by_role(
        "link", name="Sitzungen"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Sitzungen")).to_be_visible()
    screenshot(page, "meetings-list")
    assert_accessible(page)
    page.get_by_role("link", name="7. Projektleitungsgruppe in Naunhof").click()
    expect(
        page.get_by_role("heading", level=3, name="TOP 8: Prüfung und Konkretisierung")
    ).to_be_visible()
    screenshot(page, "meeting")
    assert_accessible(page)
    page.goto(live_server.url + "/k/partheland/sitzungen/kalender/2020-6/")
    expect(page.get_by_role("link", name="Leitbild-Workshop")).to_be_visible()
    screenshot(page, "meetings-calendar")
    assert_accessible(page)

    page.goto(live_server.url + "/k/partheland/sitzungen/")
    page.get_by_role("navigation", name="Gremien").get_by_role(
        "link", name="Projektleitungsgruppe"
    ).click()
    # The list of all bodies has the same button: on the page of this body only.
    expect(
        page.get_by_role("heading", level=1, name="Sitzungen: Projektleitungsgruppe")
    ).to_be_visible()
    page.get_by_role("link", name="Neue Sitzung").click()
    assert page.get_by_label("Nummer").input_value() == "8"
    page.get_by_label("Datum").fill("31.06.2020")
    page.get_by_label("Beginn").fill("14:30")
    page.get_by_label("Ort – optional", exact=True).select_option(label="Brandis")
    page.get_by_role("button", name="Sitzung planen").click()
    expect(page.locator("#id_date_error")).to_contain_text(
        "Bitte geben Sie den Tag als Tag.Monat.Jahr an"
    )
    page.get_by_role("link", name="Bitte geben Sie den Tag als Tag.Monat.Jahr an").click()
    expect(page.get_by_label("Datum")).to_be_focused()
    assert page.get_by_label("Beginn").input_value() == "14:30"
    screenshot(page, "meeting-new-with-errors")
    assert_accessible(page)
    page.get_by_label("Datum").fill("10.06.2020")
    page.get_by_role("button", name="Sitzung planen").click()
    expect(
        page.get_by_role("heading", level=1, name="8. Projektleitungsgruppe in Brandis")
    ).to_be_visible()
    expect(
        page.get_by_text("Die Sitzung „8. Projektleitungsgruppe in Brandis“ ist geplant.")
    ).to_be_visible()
    screenshot(page, "meeting-new")

    # The agenda: what the 7th left open and the pending decisions, taken over.
    page.get_by_role("link", name="Tagesordnung vorbereiten").click()
    assert page.get_by_label("Fördermöglichkeiten für Online-Stadtplan").is_checked()
    screenshot(page, "meeting-agenda-proposed")
    assert_accessible(page)
    page.get_by_role("button", name="Gewählte Themen auf die Tagesordnung setzen").click()
    expect(page.get_by_text("Themen sind auf die Tagesordnung gesetzt.")).to_be_visible()
    screenshot(page, "meeting-agenda")
    assert_accessible(page)

    # A decision that turns a measure from "under review" to "decided", voted on by the
    # municipalities.
    page.get_by_role("link", name="Zurück zur Sitzung").click()
    page.get_by_role(
        "link", name=re.compile("^Ergebnis erfassen.*Fördermöglichkeiten für Online-Stadtplan$")
    ).click()
    assert page.get_by_label("Tagesordnungspunkt").input_value()
    page.get_by_label("Beschluss").check()
    page.get_by_label("Beratungsergebnis").fill(
        "Der Förderantrag für den Online-Stadtplan wird gestellt."
    )
    page.get_by_label("Online-Stadtplan").check()
    page.get_by_label("Neuer Status dieser Maßnahmen").select_option(label="beschlossen")
    page.get_by_text("Abstimmung erfassen").click()
    page.get_by_label("Ja-Stimmen – optional", exact=True).fill("6")
    page.get_by_label("Nein-Stimmen – optional", exact=True).fill("0")
    page.get_by_label("Enthaltungen – optional", exact=True).fill("1")
    screenshot(page, "meeting-record")
    assert_accessible(page)
    page.get_by_role("button", name="Ergebnis speichern").click()
    expect(page.get_by_text("Das Ergebnis ist erfasst")).to_be_visible()
    topic = page.locator("li.agenda-item", has_text="Fördermöglichkeiten für Online-Stadtplan")
    expect(
        topic.get_by_text("Der Förderantrag für den Online-Stadtplan wird gestellt.").first
    ).to_be_visible()
    expect(topic.get_by_text("Abstimmung: 6 Ja, 0 Nein, 1 Enthaltung")).to_be_visible()
    change = StatusChange.objects.filter(measure__title="Online-Stadtplan").latest("pk")
    assert (change.date, change.to_status) == (datetime.date(2020, 6, 10), "decided")

    # A mandate without a topic of its own, with a task due by the next Lenkungsgruppe.
    page.get_by_role("link", name="Ergebnis erfassen", exact=True).click()
    page.get_by_label("Prüfauftrag").check()
    page.get_by_label("Beratungsergebnis").fill(
        "Brandis bereitet den Förderantrag für den Online-Stadtplan vor."
    )
    task = page.get_by_role("group", name="Aufgabe 1")
    task.get_by_label("Was ist zu tun").fill("Förderantrag einreichen")
    task.get_by_label("Zuständig").select_option(label="Brandis")
    task.get_by_label("Fällig – optional", exact=True).fill("bis zur nächsten Lenkungsgruppe")
    screenshot(page, "meeting-record-task")
    page.get_by_role("button", name="Ergebnis speichern").click()
    expect(page.get_by_text("Das Ergebnis ist erfasst")).to_be_visible()
    expect(
        page.locator("ul.outcomes")
        .get_by_text("Brandis bereitet den Förderantrag für den Online-Stadtplan vor.")
        .first
    ).to_be_visible()
    screenshot(page, "meeting-with-results")
    task = Task.objects.get(title="Förderantrag einreichen")
    assert (task.owner_municipality.name, task.due_meeting.date) == (
        "Brandis",
        datetime.date(2020, 6, 16),
    )

    # Who was there.
    page.get_by_role("link", name="Anwesenheit").click()
    brandis = page.get_by_role("group", name="Brandis")
    brandis.get_by_label("anwesend").check()
    brandis.get_by_label("vertreten durch").fill("Bürgermeister Arno Jesse")
    page.get_by_role("group", name="Naunhof").get_by_label("entschuldigt").check()
    screenshot(page, "meeting-attendance")
    assert_accessible(page)
    page.get_by_role("button", name="Anwesenheit speichern").click()
    expect(page.get_by_role("cell", name="Bürgermeister Arno Jesse")).to_be_visible()

    # The presentation of the meeting, attached to it; a program under a PDF's name is
    # refused first.
    page.get_by_role("link", name="Dokument anhängen").click()
    page.get_by_label("Datei").set_input_files(
        files=[{"name": "Stadtplan.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90"}]
    )
    page.get_by_role("button", name="Anhängen").click()
    expect(page.locator("#id_file_error")).to_contain_text("beginnt wie ein Programm (MZ)")
    screenshot(page, "document-upload-with-errors")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Präsentation Online-Stadtplan")
    page.get_by_label("Datei").set_input_files(
        files=[{"name": "Stadtplan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Anhängen").click()
    expect(page.get_by_role("link", name="Präsentation Online-Stadtplan")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Präsentation Online-Stadtplan").click()
    assert Path(download.value.path()).read_bytes() == PDF

    # Held, then published: the decision reaches the public page.
    page.get_by_role("link", name="Sitzung abschließen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(page.get_by_text("Die Sitzung ist als durchgeführt markiert.")).to_be_visible()
    page.get_by_role("link", name="Veröffentlichen").click()
    preview = page.get_by_role("region", name="Vorschau: was Bürgerinnen und Bürger sehen werden")
    expect(
        preview.get_by_text("Der Förderantrag für den Online-Stadtplan wird gestellt.")
    ).to_be_visible()
    screenshot(page, "meeting-publish")
    assert_accessible(page)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Die Sitzung ist veröffentlicht.")).to_be_visible()

    # Its minutes, with the vote and the wording of the decision.
    with page.expect_download() as download:
        page.get_by_role("link", name="Niederschrift als PDF").click()
    assert download.value.suggested_filename == (
        "Niederschrift-8-Projektleitungsgruppe-2020-06-10.pdf"
    )
    minutes = pdf_text(Path(download.value.path()).read_bytes())
    assert "Der Förderantrag für den Online-Stadtplan wird gestellt." in minutes
    assert "6 Ja, 0 Nein, 1 Enthaltung" in minutes
    page.goto(live_server.url + "/k/partheland/")
    expect(
        page.get_by_text("Der Förderantrag für den Online-Stadtplan wird gestellt.")
    ).to_be_visible()

    # The status change on the measure's page, with the meeting that caused it.
    page.goto(live_server.url + "/k/partheland/massnahmen/")
    page.get_by_role("main").get_by_label("Suche").fill("Stadtplan")
    page.get_by_role("button", name="Filtern").click()
    screenshot(page, "measures-list")
    assert_accessible(page)
    page.get_by_role("link", name="Online-Stadtplan").click()
    history = page.get_by_role("table", name="Statushistorie")
    expect(history.get_by_role("row", name="10.06.2020")).to_contain_text(
        "In Prüfung → Beschlossen"
    )
    expect(history.get_by_role("link", name="8. Projektleitungsgruppe")).to_be_visible()
    screenshot(page, "measure")
    assert_accessible(page)
    page.get_by_role("link", name="Status ändern").click()
    screenshot(page, "measure-status")
    assert_accessible(page)
    page.get_by_role("link", name="Abbrechen").click()
    page.get_by_role("link", name="Bearbeiten").click()
    screenshot(page, "measure-edit")
    assert_accessible(page)

    # The task in Brandis's list, marked done in its row.
    page.goto(live_server.url + "/k/partheland/aufgaben/")
    page.get_by_label("Kommune").select_option(label="Brandis")
    page.get_by_role("button", name="Zeigen").click()
    row = page.get_by_role("row", name="Förderantrag einreichen")
    expect(row).to_contain_text("bis zur Sitzung")
    screenshot(page, "tasks")
    assert_accessible(page)
    row.get_by_role("button", name="Erledigt").click()
    expect(page.get_by_role("row", name="Förderantrag einreichen")).to_contain_text("erledigt am")
    assert Task.objects.get(title="Förderantrag einreichen").state == "done"
    page.get_by_role("link", name="Förderantrag einreichen").click()
    screenshot(page, "task")
    assert_accessible(page)

    # The meeting in the June 2020 status report.
    page.goto(live_server.url + "/berichte/?kooperation=partheland")
    page.get_by_label("Zeitraum").fill("Juni 2020")
    page.get_by_label("Berichtsdatum").fill("2020-06-30")
    page.get_by_role("button", name="Entwurf anlegen").click()
    screenshot(page, "report-june-2020")
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown (.md)").first.click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "8. Projektleitungsgruppe" in report
    assert "Der Förderantrag für den Online-Stadtplan wird gestellt." in report


def test_work_pages_fit_a_phone(live_server, page):
    load_partheland()
    meeting = Meeting.objects.get(number=7, body__name="Projektleitungsgruppe")
    measure = Measure.objects.get(title="Online-Stadtplan")
    task = Task.objects.filter(cooperation__slug="partheland").first()
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=Cooperation.objects.get(slug="partheland"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")

    for name, path in (
        ("meetings-list", "/k/partheland/sitzungen/"),
        ("meetings-calendar", "/k/partheland/sitzungen/kalender/2020-6/"),
        ("meeting-new", "/k/partheland/sitzungen/neu/"),
        ("meeting", f"/sitzungen/{meeting.pk}/"),
        ("meeting-record", f"/sitzungen/{meeting.pk}/ergebnis/"),
        ("meeting-agenda", f"/sitzungen/{meeting.pk}/tagesordnung/"),
        ("document-upload", f"/sitzungen/{meeting.pk}/dokumente/neu/"),
        ("measures-list", "/k/partheland/massnahmen/"),
        ("measure", f"/massnahmen/{measure.pk}/"),
        ("measure-edit", f"/massnahmen/{measure.pk}/bearbeiten/"),
        ("tasks", "/k/partheland/aufgaben/"),
        ("task", f"/aufgaben/{task.pk}/"),
    ):
        page.goto(live_server.url + path)
        screenshot(page, f"{name}-phone")
        # Nothing wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


# Whether the focused element shows it (an outline of 2 px at least, or a shadow);
# null when the focus left the page after its last element (the next Tab comes back).
FOCUS_SHOWN = """() => {
    const element = document.activeElement;
    if (element === document.body) return null;
    const style = getComputedStyle(element);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== 'none';
}"""


def tab_to(page, name: str, *, limit: int = 150) -> None:
    """Press Tab until the element named ``name`` has the focus, checking on the way
    that every element that gets it shows it."""
    seen = []
    for _step in range(limit):
        page.keyboard.press("Tab")
        shown = page.evaluate(FOCUS_SHOWN)
        if shown is None:
            continue
        assert shown, page.evaluate("document.activeElement.outerHTML")
        label = page.evaluate(
            "((document.activeElement.innerText || document.activeElement.labels?.[0]?.innerText"
            " || document.activeElement.value || '')"
            " + ' ' + (document.activeElement.getAttribute('aria-label') || ''))"
            # A hidden part of a name (": the task's title") starts a line of its own.
            ".replace(/\\s+/g, ' ').replace(/ :/g, ':')"
        )
        seen.append(label)
        if name in label:
            return
    raise AssertionError(f"{name!r} not reached with Tab on {page.url}: {seen}")


def test_coordinator_works_with_the_keyboard_alone(live_server, page):
    # Tab, Enter, typing and arrow keys: a task marked done, a status changed with its
    # reason, a result recorded, each with the focus visible on the way.
    load_partheland()
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=Cooperation.objects.get(slug="partheland"))
    meeting = Meeting.objects.get(number=7, body__name="Projektleitungsgruppe")
    task = Task.objects.filter(cooperation__slug="partheland", state="open").first()
    page.goto(live_server.url + "/anmelden/")
    # The sign-in page puts the focus in its first field.
    expect(page.get_by_label("E-Mail-Adresse")).to_be_focused()
    page.keyboard.type("koordination@partheland.de")
    page.keyboard.press("Tab")
    page.keyboard.type("geheim-und-lang-2020")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + "/k/partheland/aufgaben/")
    tab_to(page, f"Erledigt: {task.title}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("row", name=task.title).first).to_contain_text("erledigt am")
    task.refresh_from_db()
    assert task.state == "done"

    page.goto(
        live_server.url + "/massnahmen/{}/".format(Measure.objects.get(title="Online-Stadtplan").pk)
    )
    tab_to(page, "Status ändern")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Status ändern")).to_be_visible()
    tab_to(page, "Bitte wählen")  # the new status, chosen with the arrow keys
    for _step in range(10):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.selectedOptions[0].text") == "in Umsetzung":
            break
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("12.06.2020")
    page.keyboard.press("Tab")
    page.keyboard.type("Ratsbeschluss vom 12.06.2020")
    tab_to(page, "Status ändern")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name="Statushistorie")).to_contain_text(
        "Ratsbeschluss vom 12.06.2020"
    )
    screenshot(page, "keyboard-measure")

    page.goto(live_server.url + f"/sitzungen/{meeting.pk}/ergebnis/")
    tab_to(page, "Beschluss")  # the kinds of result, chosen with the arrow keys
    for _step in range(4):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.labels[0].innerText") == "Information":
            break
    tab_to(page, "Beratungsergebnis")
    page.keyboard.type("Der Stand wird zur Kenntnis genommen.")
    tab_to(page, "Ergebnis speichern")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Das Ergebnis ist erfasst")).to_be_visible()
    assert meeting.outcomes.filter(text="Der Stand wird zur Kenntnis genommen.").exists()


def test_work_forms_with_wrong_input_stay_accessible(live_server, page):
    # Each form of the measures, tasks and documents sent empty: its errors stand next
    # to the fields, and axe finds nothing serious on the page that shows them.
    load_partheland()
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=Cooperation.objects.get(slug="partheland"))
    measure = Measure.objects.get(title="Online-Stadtplan")
    task = Task.objects.filter(cooperation__slug="partheland", state="open").first()
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")

    for name, path in (
        ("measure-new", "/k/partheland/massnahmen/neu/"),
        ("measure-status", f"/massnahmen/{measure.pk}/status/"),
        ("measure-document", f"/massnahmen/{measure.pk}/dokumente/neu/"),
        ("task-move-due", f"/aufgaben/{task.pk}/termin/"),
    ):
        page.goto(live_server.url + path)
        screenshot(page, name)
        assert_accessible(page)
        page.locator("main form.form button[type=submit]").first.click()
        expect(page.locator("main .kern-error").first).to_be_visible()
        screenshot(page, f"{name}-with-errors")
        assert_accessible(page)
    page.goto(live_server.url + f"/aufgaben/{task.pk}/zuweisen/")
    screenshot(page, "task-assign")
    assert_accessible(page)
