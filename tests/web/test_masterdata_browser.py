"""The master data pages in Chromium, as a coordinator who is not a superuser: each at
1280 px and at 360 px without a sideways scroll and without a serious accessibility
violation, with its form's errors too; a colour too light refused, a darker one saved,
reached from the work navigation, never through the admin."""

import pytest
from playwright.sync_api import expect

from ikz.core.models import Cooperation, Membership
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web.test_browser import assert_accessible, page, screenshot, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def masterdata_pages(cooperation) -> list[tuple[str, str]]:
    base = "/k/partheland/stammdaten"
    membership = Membership.objects.filter(body__cooperation=cooperation).first()
    return [
        ("settings", f"{base}/einstellungen/"),
        ("municipalities", f"{base}/kommunen/"),
        ("municipality", f"{base}/kommunen/{cooperation.participations.first().municipality_id}/"),
        ("bodies", f"{base}/gremien/"),
        ("body", f"{base}/gremien/{membership.body_id}/"),
        ("membership", f"{base}/gremien/{membership.body_id}/mitglieder/{membership.pk}/"),
        ("partners", f"{base}/partner/"),
        ("partner", f"{base}/partner/{cooperation.partners.first().pk}/"),
        ("fields", f"{base}/handlungsfelder/"),
        ("field", f"{base}/handlungsfelder/{cooperation.fields_of_action.first().pk}/"),
        ("people", f"{base}/personen/"),
        ("person", f"{base}/personen/{membership.person_id}/"),
    ]


def test_master_data_pages_are_accessible_and_fit_a_phone(live_server, page):  # noqa: F811
    load_partheland()
    cooperation = Cooperation.objects.get(slug="partheland")
    user = UserFactory(username="koordination", email="koordination@partheland.de")
    RoleFactory(user=user, cooperation=cooperation)
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "koordination@partheland.de")
    page.goto(live_server.url + "/k/partheland/sitzungen/")
    expect(page.get_by_role("link", name="Daten", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Stammdaten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Einstellungen der Kooperation")

    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in masterdata_pages(cooperation):
            page.goto(live_server.url + path)
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            if width == 360:
                screenshot(page, f"masterdata-{name}-phone")
            assert "/admin/" not in page.content(), path

    page.set_viewport_size({"width": 1280, "height": 800})
    lists = {"municipalities", "bodies", "partners", "fields", "people"}
    for _name, path in (page for page in masterdata_pages(cooperation) if page[0] in lists):
        # The lists' forms for something new, sent empty: errors at the fields.
        page.goto(live_server.url + path)
        page.locator("main form.form button[type=submit]").last.click()
        expect(page.locator("main .kern-error").first).to_be_visible()
        assert_accessible(page)

    page.goto(live_server.url + "/k/partheland/stammdaten/einstellungen/")
    page.get_by_label("Hauptfarbe").fill("#ffcc00")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main .kern-error")).to_contain_text(
        "Die Farbe #ffcc00 erreicht auf Weiß nur ein Kontrastverhältnis von 1,5 : 1"
    )
    assert_accessible(page)
    page.get_by_label("Hauptfarbe").fill("#1F5F8B")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Einstellungen der Kooperation sind gespeichert.")).to_be_visible()
    cooperation.refresh_from_db()
    assert cooperation.primary_colour == "#1F5F8B"
