"""Issue 21's "Done when" as one story, in a real Chromium, on the living demo (Monday
07.12.2026): a coordinator who is not a superuser lands on the cockpit, reads why a
measure is yellow and what changed since the last report, writes, issues and corrects
the report of November 2026 and searches "Gewerbeamt"; a member for Brandis sees
Brandis's tasks first; a citizen reads the Leitbild, a public meeting's results and
minutes, a public measure's progress and the accessibility statement. Every distinct
page passes axe at 1280 and 360 px and does not scroll sideways at 360 px."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from playwright.sync_api import expect

from ikz.core.models import Municipality, Role
from ikz.meetings.models import Meeting
from ikz.reports.models import StatusReport
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import assert_accessible, pdf_text, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page

COORDINATOR = "koordination@partheland.de"
BRANDIS = "hauptamt@brandis.de"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
WIDTH = "document.documentElement.scrollWidth"
INTRO = "Im November hat die Lenkungsgruppe das Gewerbeamt auf den Weg gebracht."
NOVEMBER = "November 2026"
RESULT = "Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich"


class Checked:
    """axe at 1280 and 360 px, no sideways scrolling at 360 px, once per kind of page
    (its URL name): the story passes some pages more than once."""

    def __init__(self, page, origin: str):
        self.page = page
        self.origin = origin
        self.kinds: list[str] = []

    def __call__(self, who: str, state: str = "") -> None:
        path = urlsplit(self.page.url).path
        kind = ":".join(filter(None, (who, resolve(path).url_name, state)))
        if kind in self.kinds:
            return
        self.kinds.append(kind)
        assert_accessible(self.page)
        self.page.set_viewport_size(PHONE)
        assert_accessible(self.page)
        assert self.page.evaluate(WIDTH) <= PHONE["width"], self.page.url
        self.page.set_viewport_size(DESKTOP)


def test_the_issue_is_done_on_the_living_demo(live_server, page, living_demo):
    cooperation = living_demo
    coordinator = UserFactory(username="koordination", email=COORDINATOR)
    assert not coordinator.is_superuser and not coordinator.is_staff
    RoleFactory(user=coordinator, cooperation=cooperation, kind=Role.Kind.COORDINATOR)
    member = UserFactory(username="brandis", email=BRANDIS)
    RoleFactory(
        user=member, cooperation=cooperation, kind=Role.Kind.MEMBER,
        municipality=Municipality.objects.get(name="Brandis"),
    )  # fmt: skip
    previous = StatusReport.objects.current().filter(cooperation=cooperation).latest("period_end")
    url = live_server.url
    check = Checked(page, url)
    page.set_default_timeout(20000)
    page.set_viewport_size(DESKTOP)

    # The coordinator signs in and lands on the cockpit.
    page.goto(url + "/anmelden/")
    check("anonymous")
    sign_in(page, COORDINATOR)
    page.wait_for_url(url + "/k/partheland/cockpit/")
    expect(page.get_by_role("heading", level=1, name="Cockpit von Partheland")).to_be_visible()

    # Why a measure is yellow.
    why = page.locator("details.light-reason", has_text="Warum gelb?").first
    reason = why.locator("p")
    expect(reason).to_be_hidden()
    why.locator("summary").click()
    expect(reason).not_to_have_text("")
    expect(reason).to_be_visible()

    # What changed since the last report, counted from the latest issued one.
    page.get_by_role("link", name="Seit dem letzten Bericht").click()
    section = page.locator("section", has=page.locator("#seit-dem-letzten-bericht"))
    expect(section.locator(f'a[href="/berichte/{previous.pk}/"]')).to_be_visible()
    changes = page.locator("#seit-dem-letzten-bericht-liste")
    if changes.get_attribute("open") is None:
        changes.locator("summary").click()
    expect(changes.get_by_role("link").first).to_be_visible()
    screenshot(page, "done-when-cockpit")
    check("coordinator")

    # The report of the last full month: created for the period as the product names it.
    page.goto(url + "/berichte/?kooperation=partheland")
    check("coordinator")
    page.get_by_label("Zeitraum").fill(NOVEMBER)
    page.get_by_label("Berichtsdatum").fill("2026-12-07")
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Statusbericht {NOVEMBER}")
    report = StatusReport.objects.get(cooperation=cooperation, period_end__month=11,
                                      period_end__year=2026)  # fmt: skip
    assert (report.state, report.period_start.isoformat()) == ("draft", "2026-11-01")

    # Its preview: the whole report in the page.
    preview = page.frame_locator("iframe.report-preview")
    expect(preview.get_by_text(f"Statusbericht {NOVEMBER}").first).to_be_visible()
    check("coordinator")

    # Its intro and another template.
    other = "seed" if report.template == "full" else "full"
    page.get_by_role("link", name="Entwurf bearbeiten").click()
    page.get_by_label("Einleitung").fill(INTRO)
    page.get_by_label("Vorlage").select_option(other)
    check("coordinator")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Entwurf ist gespeichert.")).to_be_visible()
    expect(preview.get_by_text(INTRO)).to_be_visible()
    report.refresh_from_db()
    assert (report.intro, report.template) == (INTRO, other)

    # Compared with the previous issued report.
    page.get_by_role("link", name="Mit dem vorigen ausgestellten Bericht vergleichen").click()
    expect(
        page.get_by_role("heading", level=1, name="Vergleich mit dem vorigen Bericht")
    ).to_be_visible()
    expect(page.locator(f'.lead a[href="/berichte/{previous.pk}/"]')).to_be_visible()
    check("coordinator")
    page.go_back()

    # Issued after the confirmation, which lists what becomes fixed.
    page.get_by_role("link", name="Endgültig ausstellen").click()
    expect(page.get_by_text("5 Dateien, eine je Format")).to_be_visible()
    check("coordinator")
    page.get_by_role("button", name="Endgültig ausstellen").click()
    expect(page.get_by_text("Der Bericht wurde ausgestellt")).to_be_visible()
    report.refresh_from_db()
    assert (report.state, report.issued_by, report.files.count()) == ("final", coordinator, 5)
    expect(page.get_by_text(report.files.get(format="pdf").sha256)).to_be_visible()
    check("coordinator", "issued")

    # Downloaded as issued.
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown (.md)").first.click()
    assert INTRO in download.value.path().read_text()

    # Superseded by a correction: the old one stays, marked "ersetzt durch".
    page.get_by_role("button", name="Berichtigen").click()
    expect(page.get_by_text("Eine Berichtigung ist als Entwurf angelegt")).to_be_visible()
    page.get_by_role("link", name="Endgültig ausstellen").click()
    expect(page.get_by_text("Er ersetzt")).to_be_visible()
    page.get_by_role("button", name="Endgültig ausstellen").click()
    expect(page.get_by_text("Der Bericht wurde ausgestellt")).to_be_visible()
    page.goto(url + f"/berichte/{report.pk}/")
    expect(page.get_by_text("Ersetzt durch")).to_be_visible()
    report.refresh_from_db()
    assert (report.state, report.superseded_by.state) == ("final", "final")
    assert list(StatusReport.objects.current().filter(period_start=report.period_start)) == [
        report.superseded_by
    ]

    # Search from the header: the measure, its results and its tasks.
    page.get_by_role("search").get_by_label("Suche").fill("Gewerbeamt")
    page.get_by_role("search").get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", level=1, name="Suche")).to_be_visible()
    for kind in ("Maßnahmen", "Ergebnisse", "Aufgaben"):
        expect(
            page.get_by_role("heading", level=2, name=re.compile(rf"^{kind} \(\d+\)$"))
        ).to_be_visible()
    expect(page.get_by_role("link", name="Zentralisierung Gewerbeamt", exact=True)).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "done-when-search")
    check("coordinator")
    page.get_by_role("button", name="Abmelden").click()

    # A member for Brandis: Brandis's tasks first on the cockpit.
    page.goto(url + "/anmelden/")
    sign_in(page, BRANDIS)
    page.wait_for_url(url + "/k/partheland/cockpit/")
    tasks = page.locator("section", has=page.locator("#aufgaben"))
    first = tasks.locator("h3").first
    expect(first).to_contain_text("Brandis")
    expect(first).to_contain_text("Ihre Kommune")
    expect(tasks.get_by_text("Ihre Kommune")).to_have_count(1)
    check("member")
    page.get_by_role("button", name="Abmelden").click()

    # An anonymous citizen, through the public navigation.
    page.goto(url + "/k/partheland/")
    check("anonymous")
    public = page.get_by_role("navigation", name="Öffentliche Seiten: Partheland")
    public.get_by_role("link", name="Leitbild").click()
    expect(page.get_by_role("heading", level=1, name="Leitbild")).to_be_visible()
    check("anonymous")

    meeting = Meeting.objects.get(body__cooperation=cooperation, outcomes__text__startswith=RESULT)
    page.goto(url + f"/k/partheland/termine/{meeting.pk}/")
    expect(page.get_by_text(RESULT)).to_be_visible()
    check("anonymous")
    with page.expect_download() as download:
        page.get_by_role("link", name="Niederschrift als PDF").click()
    assert RESULT[:40] in " ".join(pdf_text(download.value.path().read_bytes()).split())

    public.get_by_role("link", name="Vorhaben").click()
    check("anonymous")
    page.get_by_role("link", name="Zentralisierung Gewerbeamt").first.click()
    expect(page.get_by_role("heading", level=1, name="Zentralisierung Gewerbeamt")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Statushistorie")).to_be_visible()
    check("anonymous")

    page.get_by_role("contentinfo").get_by_role("link", name="Barrierefreiheit").click()
    expect(
        page.get_by_role("heading", level=1, name="Erklärung zur Barrierefreiheit")
    ).to_be_visible()
    check("anonymous")

    assert check.kinds == [
        "anonymous:login", "coordinator:cockpit", "coordinator:reports", "coordinator:report",
        "coordinator:report_edit", "coordinator:report_compare", "coordinator:report_issue",
        "coordinator:report:issued",
        "coordinator:search", "member:cockpit", "anonymous:cooperation",
        "anonymous:public_mission", "anonymous:public_meeting", "anonymous:public_measures",
        "anonymous:public_measure", "anonymous:accessibility",
    ]  # fmt: skip
