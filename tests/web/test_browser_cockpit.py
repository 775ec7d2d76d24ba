"""In a real Chromium, on the Partheland demo with a yellow measure and an issued
report: a coordinator signs in and lands on the cockpit, opens why a measure is yellow
and what changed since the last report; axe finds nothing serious at a desktop's and a
phone's width, and the phone does not scroll sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ikz.core.models import Municipality, Role
from ikz.measures.domain import Due, change_status, create_task
from ikz.reports.models import StatusReport
from ikz.sample.demo import load_partheland
from tests.factories import MeasureFactory, RoleFactory, StatusReportFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page

COORDINATOR = "koordination@partheland.de"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
WIDTH = "document.documentElement.scrollWidth"
YELLOW = "Gemeinsame Vergabestelle"


def yellow_measure_and_issued_report(cooperation) -> None:
    today = timezone.localdate()
    measure = MeasureFactory(cooperation=cooperation, title=YELLOW)
    change_status(measure=measure, to_status="in_progress", date=today - datetime.timedelta(40))
    create_task(
        cooperation=cooperation, title="Vergabeordnung abstimmen", measure=measure,
        owner=Municipality.objects.get(name="Naunhof"),
        due=Due.on_day(today - datetime.timedelta(days=5)),
        created_on=today - datetime.timedelta(days=60),
    )  # fmt: skip
    StatusReportFactory(
        cooperation=cooperation,
        period_start=datetime.date(2000, 1, 1),
        period_end=today - datetime.timedelta(days=20),
        report_date=today - datetime.timedelta(days=20),
        state=StatusReport.State.FINAL,
        snapshot={},
        issued_at=timezone.now(),
    )


def test_coordinator_lands_on_the_cockpit_and_opens_a_reason_and_the_changes(live_server, page):
    cooperation = load_partheland()
    yellow_measure_and_issued_report(cooperation)
    RoleFactory(
        user=UserFactory(username="koordination", email=COORDINATOR),
        cooperation=cooperation,
        kind=Role.Kind.COORDINATOR,
    )
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, COORDINATOR)

    page.wait_for_url(live_server.url + "/k/partheland/cockpit/")
    expect(page.get_by_role("heading", level=1, name="Cockpit von Partheland")).to_be_visible()
    reason = page.get_by_text("Die Aufgabe „Vergabeordnung abstimmen“ ist seit 5 Tagen überfällig.")
    expect(reason).to_be_hidden()
    page.get_by_text(f"Warum gelb?: {YELLOW}").click()
    expect(reason).to_be_visible()
    page.get_by_role("link", name="Seit dem letzten Bericht").click()
    changes = page.locator("#seit-dem-letzten-bericht-liste")
    if changes.get_attribute("open") is None:
        changes.locator("summary").click()
    expect(changes.get_by_role("link").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cockpit-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate(WIDTH) <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "cockpit-phone")
