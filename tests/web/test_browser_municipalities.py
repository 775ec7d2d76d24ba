"""In a real Chromium, on the Partheland demo: a Naunhof member opens their
municipality's page, the directory and the matrix; an anonymous citizen reads the
accessibility statement from the footer. axe finds no serious violation at 1280 and
360 px, and nothing scrolls sideways on a phone."""

import pytest
from playwright.sync_api import expect

from ikz.core.models import Municipality, Role
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page

NAUNHOF = "hauptamt@naunhof.de"
WIDTHS = (1280, 360)


def check_at_both_widths(page) -> None:
    """axe at 1280 and 360 px; at 360 px no sideways scrolling."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        if width == 360:
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_member_opens_their_municipality_the_directory_and_the_matrix(live_server, page):
    cooperation = load_partheland()
    naunhof = Municipality.objects.get(name="Naunhof")
    member = UserFactory(username="naunhof", email=NAUNHOF)
    RoleFactory(user=member, cooperation=cooperation, kind=Role.Kind.MEMBER, municipality=naunhof)
    page.set_default_timeout(8000)

    page.goto(live_server.url + "/anmelden/")
    sign_in(page, NAUNHOF)
    page.wait_for_url(lambda address: "/anmelden/" not in address)
    page.get_by_role("navigation", name="Arbeit in Partheland").get_by_role(
        "link", name="Kommunen"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Kommunen")).to_be_visible()
    check_at_both_widths(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Naunhof", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Naunhof")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Offene Aufgaben")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Maßnahmen")).to_be_visible()
    check_at_both_widths(page)

    page.goto(live_server.url + "/k/partheland/kommunen/matrix/")
    expect(page.get_by_role("heading", level=1, name="Kommunen und Maßnahmen")).to_be_visible()
    expect(page.get_by_text("federführend").first).to_be_visible()
    check_at_both_widths(page)


def test_citizen_reads_the_accessibility_statement_from_the_footer(live_server, page):
    load_partheland()
    page.set_default_timeout(8000)

    page.goto(live_server.url + "/k/partheland/")
    page.get_by_role("contentinfo").get_by_role("link", name="Barrierefreiheit").click()

    expect(
        page.get_by_role("heading", level=1, name="Erklärung zur Barrierefreiheit")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Durchsetzungsverfahren")).to_be_visible()
    check_at_both_widths(page)
