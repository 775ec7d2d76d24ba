"""In a real Chromium, on the Partheland demo: a coordinator writes the report of the last
full month in the browser – preview, intro, template, comparison, issuing after the
confirmation, download, correction."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ikz.core.models import Role
from ikz.core.months import MONTHS_DE
from ikz.reports import issuing
from ikz.reports.models import ReportFile, StatusReport
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page

COORDINATOR = "koordination@partheland.de"
INTRO = "Im vergangenen Monat hat die Lenkungsgruppe das Gewerbeamt beschlossen."


def last_full_month(today: datetime.date) -> tuple[datetime.date, str]:
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return first, f"{MONTHS_DE[first.month - 1]} {first.year}"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check_both_widths(page) -> None:
    """axe at 1280 and at 360 px, and no horizontal scrolling at 360 px."""
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page)
    assert fits(page), page.url
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_coordinator_writes_issues_and_corrects_a_report(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cooperation = load_partheland()
    first, label = last_full_month(timezone.localdate())
    # The month is the test's to report on, whatever the demo issued for it already.
    later = StatusReport.objects.filter(cooperation=cooperation, period_end__gte=first)
    ReportFile.objects.filter(report__in=later).delete()
    later.delete()
    if not StatusReport.objects.current().filter(cooperation=cooperation).exists():
        issuing.issue_report(report=StatusReport.objects.filter(cooperation=cooperation).first())
    user = UserFactory(username="koordination", email=COORDINATOR)
    RoleFactory(user=user, cooperation=cooperation, kind=Role.Kind.COORDINATOR)
    page.set_default_timeout(20000)
    page.set_viewport_size({"width": 1280, "height": 800})
    url = live_server.url

    page.goto(url + "/anmelden/")
    sign_in(page, COORDINATOR)
    page.wait_for_url(lambda address: "/anmelden/" not in address)

    # Created for the month as the product names it.
    page.goto(url + "/berichte/?kooperation=partheland")
    page.get_by_label("Zeitraum").fill(label)
    page.get_by_label("Berichtsdatum").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Statusbericht {label}")
    report = StatusReport.objects.get(cooperation=cooperation, period_start=first)

    # The preview: the whole report in its frame.
    preview = page.frame_locator("iframe.report-preview")
    expect(preview.get_by_text(f"Statusbericht {label}").first).to_be_visible()
    screenshot(page, "report-draft")
    check_both_widths(page)

    # Its intro and its template.
    page.get_by_role("link", name="Entwurf bearbeiten").click()
    page.get_by_label("Einleitung").fill(INTRO)
    page.get_by_label("Vorlage").select_option(label="vollständiger Bericht mit Portfolio")
    check_both_widths(page)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Entwurf ist gespeichert.")).to_be_visible()
    expect(preview.get_by_text(INTRO)).to_be_visible()
    expect(preview.get_by_text("Maßnahmenportfolio").first).to_be_attached()
    report.refresh_from_db()
    assert (report.intro, report.template) == (INTRO, "full")

    # Compared with the previous issued report.
    page.get_by_role("link", name="Mit dem vorigen ausgestellten Bericht vergleichen").click()
    expect(
        page.get_by_role("heading", level=1, name="Vergleich mit dem vorigen Bericht")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Neue Ergebnisse")).to_be_visible()
    check_both_widths(page)
    page.go_back()

    # Issued after the confirmation, which lists the five files.
    page.get_by_role("link", name="Endgültig ausstellen").click()
    expect(page.get_by_text("5 Dateien, eine je Format")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Endgültig ausstellen").click()
    expect(page.get_by_text("Der Bericht wurde ausgestellt")).to_be_visible()
    report.refresh_from_db()
    assert (report.state, report.issued_by) == ("final", user)
    expect(page.get_by_text(report.files.get(format="pdf").sha256)).to_be_visible()
    check_both_widths(page)

    # Downloaded as issued.
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown (.md)").first.click()
    assert INTRO in download.value.path().read_text()

    # Corrected: the old one stays, marked as superseded.
    page.get_by_role("button", name="Berichtigen").click()
    expect(page.get_by_text("Eine Berichtigung ist als Entwurf angelegt")).to_be_visible()
    page.get_by_role("link", name="Endgültig ausstellen").click()
    expect(page.get_by_text("Er ersetzt")).to_be_visible()
    page.get_by_role("button", name="Endgültig ausstellen").click()
    expect(page.get_by_text("Der Bericht wurde ausgestellt")).to_be_visible()
    page.goto(url + f"/berichte/{report.pk}/")
    expect(page.get_by_text("Ersetzt durch")).to_be_visible()
    report.refresh_from_db()
    assert report.superseded_by.state == "final"
    check_both_widths(page)
