"""In a real Chromium, on the Partheland demo: a coordinator types "Gewerbeamt" into the
header's search field and finds the measure, its topic, its result and its task, the
word marked; an anonymous citizen finds the public ones. axe finds nothing serious at
1280 and at 360 px."""

import pytest
from playwright.sync_api import expect

from ikz.core.models import Cooperation
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page


def test_search_from_the_header_finds_grouped_hits_with_marks(live_server, page):
    load_partheland()
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=Cooperation.objects.get(slug="partheland"))
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")
    page.wait_for_url(lambda address: "/anmelden/" not in address)

    page.get_by_role("search").get_by_label("Suche").fill("Gewerbeamt")
    page.get_by_role("search").get_by_role("button", name="Suchen").click()

    expect(page.get_by_role("heading", level=1, name="Suche")).to_be_visible()
    for heading in ("Maßnahmen (1)", "Themen (1)", "Ergebnisse (1)", "Aufgaben (1)"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.locator("mark", has_text="Gewerbeamts")).to_be_visible()
    screenshot(page, "search")
    assert_accessible(page)
    page.get_by_role("link", name="Zentralisierung Gewerbeamt", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Zentralisierung Gewerbeamt")).to_be_visible()


def test_anonymous_search_at_phone_width(live_server, page):
    load_partheland()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="Menü").click()
    page.get_by_role("search").get_by_label("Suche").fill("Gewerbeämter")
    page.get_by_role("search").get_by_label("Suche").press("Enter")

    expect(page.get_by_role("heading", level=2, name="Maßnahmen (1)")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Aufgaben (1)")).to_have_count(0)
    screenshot(page, "search-phone")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A public hit opens the public page of its measure.
    page.get_by_role("link", name="Zentralisierung Gewerbeamt", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Zentralisierung Gewerbeamt")).to_be_visible()
