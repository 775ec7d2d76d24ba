"""The record form in Chromium on a 360 px phone: short, the topic's measures ticked,
the others behind a search, and a wrong entry listed at the top, focused."""

import datetime

import pytest
from playwright.sync_api import expect

from ikz.core.models import Role
from ikz.measures.domain import Due, create_task
from ikz.meetings.domain import add_agenda_item, schedule_meeting
from tests.factories import (
    BodyFactory,
    MeasureFactory,
    MunicipalityFactory,
    ParticipationFactory,
    RoleFactory,
    UserFactory,
    partheland,
)
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The browser tests' fixture "page" (Chromium with axe-core), registered here too.
chromium_page = test_browser.page

# The complaint: the form was 6,400 px long on a phone; with 16 measures, 7
# voting municipalities and two task rows (the second behind its disclosure) it measures
# about 2,600 px now.
PHONE = {"width": 360, "height": 740}
SHORT_ENOUGH = 2750


def test_record_form_on_a_phone_is_short_and_preselects_the_topic(live_server, chromium_page):
    page = chromium_page
    cooperation = partheland()
    user = UserFactory(username="karin", email="karin@example.org")
    RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.COORDINATOR)
    for name in ("Belgershain", "Borsdorf", "Brandis", "Großpösna", "Machern", "Naunhof",
                 "Parthenstein"):  # fmt: skip
        ParticipationFactory(cooperation=cooperation, municipality=MunicipalityFactory(name=name))
    steering = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    measures = [
        MeasureFactory(cooperation=cooperation, title=f"Vorhaben {n:02}") for n in range(16)
    ]
    meeting = schedule_meeting(body=steering, date=datetime.date(2020, 6, 16), number=3)
    origin = create_task(
        cooperation=cooperation, title="Vorhaben 03 vorbereiten", measure=measures[3],
        due=Due.by_meeting(meeting),
    )  # fmt: skip
    item = add_agenda_item(meeting=meeting, title="Vorhaben 03", measures=[measures[3]])

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "karin@example.org")
    page.wait_for_url(lambda url: "/anmelden/" not in url)
    page.goto(f"{live_server.url}/sitzungen/{meeting.pk}/")
    page.locator(f'a[href$="?top={item.pk}"]').click()

    assert page.get_by_label("Vorhaben 03", exact=True).is_checked()
    assert page.get_by_label(origin.title).is_checked()
    assert not page.get_by_label("Vorhaben 07").is_visible()
    assert not page.get_by_role("group", name="Aufgabe 2").is_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert (height < SHORT_ENOUGH, width <= PHONE["width"]) == (True, True), (height, width)
    assert_accessible(page)

    # The other measures behind their disclosure, found by a search.
    page.get_by_text("15 weitere Maßnahmen").click()
    page.get_by_label("Maßnahmen durchsuchen").fill("07")
    assert page.get_by_label("Vorhaben 07").is_visible()
    assert not page.get_by_label("Vorhaben 08").is_visible()

    # Another topic (none) ticks its measures (none) and no task.
    page.get_by_label("Tagesordnungspunkt").select_option(
        label="keiner: ein Ergebnis ohne eigenen Tagesordnungspunkt"
    )
    assert not page.get_by_label("Vorhaben 03", exact=True).is_checked()
    assert not page.get_by_label(origin.title).is_checked()

    # Sent without its wording: the errors at the top, focused, linking to the field.
    page.get_by_label("Beratungsergebnis").fill("")
    page.get_by_text("Aufgabe 2 hinzufügen").click()
    second = page.get_by_role("group", name="Aufgabe 2")
    second.get_by_label("Was ist zu tun").fill("Stadtplan drucken")
    page.get_by_role("button", name="Ergebnis speichern").click()
    # A further task filled in is shown open again, as typed.
    expect(page.locator(".error-summary")).to_be_visible()
    expect(second.get_by_label("Was ist zu tun")).to_be_visible()
    expect(second.get_by_label("Was ist zu tun")).to_have_value("Stadtplan drucken")
    summary = page.locator(".error-summary")
    assert summary.evaluate("element => element === document.activeElement")
    summary.get_by_role("link").first.click()
    # The first wrong field is the kind of result, which nothing chose.
    assert page.evaluate("document.activeElement.id") == "id_kind_0"
