"""In a real Chromium, on the Partheland demo: a citizen without an account reads the
Leitbild, a public meeting's results and its minutes, and a public measure's progress,
through the public navigation; every public page passes axe at 1280 and 360 px and
fits a phone without scrolling sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from ikz.core.models import MissionStatement
from ikz.sample.demo import load_partheland
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, pdf_text, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page

LEITBILD = "Gemeinsam stark im Partheland."
RESULT = "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich"
WIDTH = "document.documentElement.scrollWidth"


def test_a_citizen_reads_the_leitbild_a_meetings_results_and_minutes_and_a_measures_progress(
    live_server, page
):
    cooperation = load_partheland()
    MissionStatement.objects.create(
        cooperation=cooperation, version=1, text=LEITBILD, adopted_on=datetime.date(2020, 6, 9)
    )
    page.set_default_timeout(8000)
    page.goto(live_server.url + "/")
    public = page.get_by_role("navigation", name="Öffentliche Seiten: Partheland")

    public.get_by_role("link", name="Leitbild").click()
    expect(page.get_by_role("heading", level=1, name="Leitbild")).to_be_visible()
    expect(page.get_by_text(LEITBILD)).to_be_visible()
    assert_accessible(page)

    public.get_by_role("link", name="Termine").click()
    page.get_by_role("link", name="7. Projektleitungsgruppe in Naunhof").click()
    expect(page.get_by_text(RESULT)).to_be_visible()
    screenshot(page, "public-meeting")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Niederschrift als PDF").click()
    assert RESULT[:40] in " ".join(pdf_text(download.value.path().read_bytes()).split())

    public.get_by_role("link", name="Vorhaben").click()
    page.get_by_role("link", name="Zentralisierung Gewerbeamt").first.click()
    expect(page.get_by_role("heading", level=1, name="Zentralisierung Gewerbeamt")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Statushistorie")).to_be_visible()
    screenshot(page, "public-measure")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_every_public_page_is_accessible_and_fits_the_screen(live_server, page, width):
    load_partheland()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    names = ["Start", "Leitbild", "Termine", "Vorhaben", "Dokumente", "Berichte", "Kontakt"]
    for name in names:
        page.get_by_role("navigation", name="Öffentliche Seiten: Partheland").get_by_role(
            "link", name=name, exact=True
        ).click()
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
        assert page.evaluate(WIDTH) <= width, page.url
    # The month calendar and the pages of a meeting and a measure.
    page.get_by_role("navigation", name="Öffentliche Seiten: Partheland").get_by_role(
        "link", name="Termine"
    ).click()
    page.get_by_role("link", name="Monatskalender").click()
    for address in (page.url, "/k/partheland/termine/kalender/2020-6/"):
        page.goto(address if address.startswith("http") else live_server.url + address)
        assert_accessible(page)
        assert page.evaluate(WIDTH) <= width, page.url
    page.goto(live_server.url + "/k/partheland/vorhaben/")
    page.get_by_role("link", name="Personal Sharing", exact=True).click()
    assert_accessible(page)
    assert page.evaluate(WIDTH) <= width, page.url
