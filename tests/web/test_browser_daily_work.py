"""In a real Chromium, on the Partheland demo: a day of a coordinator who is not a
superuser, and of a Brandis member, through the work pages only – never the admin."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from ikz.core.models import Municipality, Role
from ikz.measures.models import Measure, Task
from ikz.meetings.models import AgendaItem, Meeting
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, pdf_text, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium with axe-core, as the other browser tests have it.
page = test_browser.page

COORDINATOR = "koordination@partheland.de"
BRANDIS = "hauptamt@brandis.de"
# The demo's task due by the Lenkungsgruppe of 16.06.2020, taken from the report.
TIMETABLE = "Erstellung eines konkreten Zeitplans für die Zentralisierung des Gewerbeamts"
DECIDED = "Das Gewerbeamt wird ab dem 01.01.2021 in Naunhof zentral geführt."
CORRECTED = "Das Gewerbeamt wird ab dem 01.01.2021 für alle sieben Kommunen in Naunhof geführt."
AGREEMENT = "Zweckvereinbarung Gewerbeamt entwerfen"
FILES = "Gewerbeakten an Naunhof übergeben"
FUNDING = "Förderantrag Online-Stadtplan stellen"


def test_a_day_of_daily_work_without_the_admin(live_server, page):
    cooperation = load_partheland()
    coordinator = UserFactory(
        username="koordination", email=COORDINATOR, first_name="Karin", last_name="Koch"
    )
    RoleFactory(user=coordinator, cooperation=cooperation, kind=Role.Kind.COORDINATOR)
    assert not coordinator.is_superuser
    member = UserFactory(username="brandis", email=BRANDIS, first_name="Bernd", last_name="Brandt")
    RoleFactory(
        user=member, cooperation=cooperation, kind=Role.Kind.MEMBER,
        municipality=Municipality.objects.get(name="Brandis"),
    )  # fmt: skip
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    url = live_server.url
    today = timezone.localdate()
    page.set_default_timeout(8000)

    # 1. The Lenkungsgruppe of 16.06.2020, taken from the report without a time, gets
    # its start and end, its chair and its minute-taker.
    page.goto(url + "/anmelden/")
    sign_in(page, COORDINATOR)
    page.wait_for_url(lambda address: "/anmelden/" not in address)
    page.get_by_role("navigation", name="Arbeit in Partheland").get_by_role(
        "link", name="Sitzungen"
    ).click()
    page.get_by_role("link", name="Lenkungsgruppe in Großpösna").click()
    page.get_by_role("link", name="Sitzung bearbeiten").click()
    page.get_by_label("Beginn").fill("17:00")
    page.get_by_label("Ende").fill("19:00")
    page.get_by_label("Vorsitz").select_option(label="Bürgermeister/in Großpösna")
    page.get_by_label("Schriftführung").select_option(label="Hauptamtsleitung Brandis")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Dienstag, 16.06.2020, 17:00–19:00 Uhr")).to_be_visible()
    steering = Meeting.objects.get(body__name="Lenkungsgruppe", date="2020-06-16")
    assert (str(steering.chair), str(steering.minute_taker)) == (
        "Bürgermeister/in Großpösna", "Hauptamtsleitung Brandis",
    )  # fmt: skip

    # 2. On its agenda, what waits for it: the task due by it and the pending decisions.
    # The task's topic gets its measure; then its result, in the short form.
    page.get_by_role("link", name="Tagesordnung vorbereiten").click()
    page.get_by_role("button", name="Gewählte Themen auf die Tagesordnung setzen").click()
    expect(page.get_by_text("Themen sind auf die Tagesordnung gesetzt.")).to_be_visible()
    page.get_by_role("link", name=f"Bearbeiten – {TIMETABLE}").click()
    page.get_by_label("Zentralisierung Gewerbeamt").check()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("link", name="Zurück zur Sitzung").click()
    topic = page.locator("li.agenda-item", has_text=TIMETABLE)
    topic.get_by_role("link", name="Ergebnis erfassen").click()
    item = AgendaItem.objects.get(meeting=steering, title=TIMETABLE)
    expect(page.get_by_label("Tagesordnungspunkt")).to_have_value(str(item.pk))
    expect(page.get_by_label("Zentralisierung Gewerbeamt")).to_be_checked()
    expect(page.get_by_label(TIMETABLE)).to_be_checked()
    # The others behind their disclosure, the vote behind its own.
    expect(page.get_by_text("15 weitere Maßnahmen")).to_be_visible()
    expect(page.get_by_label("Online-Stadtplan")).to_be_hidden()
    expect(page.get_by_text("Abstimmung erfassen")).to_be_visible()
    expect(page.get_by_label("Ja-Stimmen – optional", exact=True)).to_be_hidden()
    page.get_by_label("Beschluss").check()
    page.get_by_label("Beratungsergebnis").fill(DECIDED)
    page.get_by_label("Neuer Status dieser Maßnahmen").select_option(label="beschlossen")
    task = page.get_by_role("group", name="Aufgabe 1")
    task.get_by_label("Was ist zu tun").fill(AGREEMENT)
    task.get_by_label("Zuständig").select_option(label="Naunhof")
    task.get_by_label("Fällig – optional", exact=True).fill("bis zur nächsten Lenkungsgruppe")
    # A second task is one disclosure away, keeping the form short on a phone.
    page.get_by_text("Aufgabe 2 hinzufügen").click()
    task = page.get_by_role("group", name="Aufgabe 2")
    task.get_by_label("Was ist zu tun").fill(FILES)
    task.get_by_label("Zuständig").select_option(label="Brandis")
    task.get_by_label("Fällig – optional", exact=True).fill("Q4 2020")
    screenshot(page, "daily-record")
    assert_accessible(page)
    page.get_by_role("button", name="Ergebnis speichern").click()
    expect(page.get_by_text("Das Ergebnis ist erfasst")).to_be_visible()
    topic = page.locator("li.agenda-item", has_text=TIMETABLE)
    expect(topic.get_by_text(DECIDED)).to_be_visible()
    # The task that brought the topic is done by it; the new one waits for a date.
    closed = Task.objects.get(title=TIMETABLE)
    assert (closed.state, closed.closed_by_outcome.text) == ("done", DECIDED)
    page.goto(url + "/k/partheland/aufgaben/")
    expect(page.get_by_role("row", name=TIMETABLE)).to_have_count(0)
    expect(page.get_by_role("row", name=AGREEMENT)).to_contain_text(
        "bis zur nächsten Lenkungsgruppe (Termin offen)"
    )
    page.go_back()

    # 3. Held and published; the wording corrected afterwards. The session ends while
    # the correction is typed: it is kept, and saved after signing in again.
    page.get_by_role("link", name="Sitzung abschließen").click()
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(page.get_by_text("Die Sitzung ist als durchgeführt markiert.")).to_be_visible()
    page.get_by_role("link", name="Veröffentlichen").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_text("Die Sitzung ist veröffentlicht.")).to_be_visible()
    topic.get_by_role("link", name="Berichtigen").click()
    page.get_by_label("Beratungsergebnis").fill(CORRECTED)
    Session.objects.all().delete()
    page.get_by_role("button", name="Berichtigung speichern").click()
    expect(
        page.get_by_text("Ihre Sitzung war abgelaufen: Ihre Eingaben sind aufbewahrt")
    ).to_be_visible()
    sign_in(page, COORDINATOR)
    expect(page.locator("#kept-entries")).to_contain_text("Ihre Eingaben stehen wieder im Formular")
    expect(page.get_by_label("Beratungsergebnis")).to_have_value(CORRECTED)
    assert_accessible(page)
    page.get_by_role("button", name="Berichtigung speichern").click()
    expect(page.get_by_text("Das Ergebnis ist berichtigt.")).to_be_visible()
    expect(topic.get_by_text(CORRECTED)).to_be_visible()
    expect(topic.get_by_text(f"Berichtigt am {today:%d.%m.%Y} von Karin Koch")).to_be_visible()
    citizen = page.context.browser.new_context(locale="de-DE")
    citizen.add_init_script(path=test_browser.AXE)
    citizen.on("request", lambda request: requested.append(request.url))
    public = citizen.new_page()
    public.goto(url + "/k/partheland/")
    screenshot(public, "daily-public")
    assert_accessible(public)
    expect(public.get_by_text(CORRECTED)).to_be_visible()
    expect(public.get_by_text(f"Berichtigt am {today:%d.%m.%Y} von Karin Koch")).to_be_visible()
    expect(public.get_by_text(DECIDED)).to_have_count(0)
    citizen.close()

    # 4. The next Lenkungsgruppe planned: the open task takes its day.
    page.goto(url + "/k/partheland/sitzungen/")
    page.get_by_role("navigation", name="Gremien").get_by_role(
        "link", name="Lenkungsgruppe"
    ).click()
    page.get_by_role("link", name="Neue Sitzung").click()
    page.get_by_label("Datum").fill("15.09.2020")
    page.get_by_label("Beginn").fill("17:00")
    page.get_by_label("Ort – optional", exact=True).select_option(label="Brandis")
    page.get_by_role("button", name="Sitzung planen").click()
    expect(page.get_by_text("ist geplant.")).to_be_visible()
    page.goto(url + "/k/partheland/aufgaben/")
    expect(page.get_by_role("row", name=AGREEMENT)).to_contain_text(
        re.compile(r"bis zur Sitzung „(\d+\. )?Lenkungsgruppe in Brandis“ am 15\.09\.2020")
    )

    # 5. A task of its own on a measure's page.
    page.goto(url + "/k/partheland/massnahmen/")
    page.get_by_role("link", name="Online-Stadtplan").click()
    page.get_by_role("link", name="Neue Aufgabe").click()
    expect(page.get_by_label("Maßnahme – optional", exact=True)).to_have_value(
        str(Measure.objects.get(title="Online-Stadtplan").pk)
    )
    page.get_by_label("Titel").fill(FUNDING)
    page.get_by_label("Zuständig").select_option(label="Brandis")
    page.get_by_label("Fällig – optional", exact=True).fill(
        f"{today + datetime.timedelta(days=30):%d.%m.%Y}"
    )
    page.get_by_role("button", name="Aufgabe vergeben").click()
    expect(page.get_by_text(f"Die Aufgabe „{FUNDING}“ ist vergeben.")).to_be_visible()
    expect(page.get_by_role("row", name=FUNDING)).to_contain_text("Brandis")
    assert Task.objects.get(title=FUNDING).measure.title == "Online-Stadtplan"

    # 6. The minutes, as SächsGemO § 40 asks.
    page.goto(url + "/k/partheland/sitzungen/")
    page.get_by_role("link", name="Lenkungsgruppe in Großpösna").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Niederschrift als PDF").click()
    minutes = pdf_text(Path(download.value.path()).read_bytes())
    minutes = " ".join(minutes.split())
    for held in (
        "Datum Dienstag, 16.06.2020", "Beginn 17:00 Uhr", "Ende 19:00 Uhr",
        "Vorsitz Bürgermeister/in Großpösna", "Schriftführung Hauptamtsleitung Brandis",
        CORRECTED, f"Berichtigt am {today:%d.%m.%Y} von Karin Koch",
        "Vorsitz: Bürgermeister/in Großpösna Schriftführung: Hauptamtsleitung Brandis",
    ):  # fmt: skip
        assert held in minutes, held
    assert minutes.count("(Datum, Unterschrift)") == 2

    # The Brandis member: Brandis's tasks are theirs; one done on a day, then reopened.
    page.get_by_role("button", name="Abmelden").click()
    page.goto(url + "/anmelden/")
    sign_in(page, BRANDIS)
    page.wait_for_url(lambda address: "/anmelden/" not in address)
    page.goto(url + "/k/partheland/aufgaben/")
    page.get_by_label("zeigen").select_option(label="meine Aufgaben")
    page.get_by_role("button", name="Zeigen").click()
    expect(page.get_by_role("row", name=FILES)).to_be_visible()
    expect(page.get_by_role("row", name=FUNDING)).to_be_visible()
    expect(page.get_by_role("row", name=AGREEMENT)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=FILES).click()
    page.get_by_label("Erledigt am").fill("30.11.2020")
    page.get_by_role("button", name="Als erledigt markieren").click()
    expect(page.get_by_text("erledigt am 30.11.2020").first).to_be_visible()
    page.get_by_label("Grund").fill("Die Akten des Jahres 2019 fehlen noch.")
    page.get_by_role("button", name="Wieder öffnen").click()
    expect(page.get_by_text(f"„{FILES}“ ist wieder offen.")).to_be_visible()
    history = page.get_by_role("table", name="Erledigt und wieder geöffnet")
    expect(history).to_contain_text("Die Akten des Jahres 2019 fehlen noch.")
    expect(history).to_contain_text("Bernd Brandt")
    task = Task.objects.get(title=FILES)
    assert (task.state, task.done_on) == ("open", None)

    # Nothing of the whole day went through the admin.
    assert requested
    assert [address for address in requested if "/admin/" in address] == []
