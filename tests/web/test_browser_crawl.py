"""Every page a coordinator or a municipality's member reaches by following links, in a
real Chromium: none leads into the admin, axe finds nothing serious on it at a desktop's
and at a phone's width, and none is wider than a phone's screen; on a phone the
navigation is behind a menu button and a list's rows are cards whose actions stay in
sight."""

from collections import Counter
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error, expect

from ikz.core.models import Cooperation, Municipality, Role
from ikz.measures.domain import create_task
from ikz.meetings.models import Meeting
from ikz.sample.demo import load_partheland
from tests.factories import RoleFactory, UserFactory
from tests.web.test_browser import (  # noqa: F401 (page: the fixture)
    ARTIFACTS,
    page,
    serious_violations,
    sign_in,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

# Files, not pages: what the links to them download is checked where it is made.
DOWNLOADS = {
    "audit_csv",
    "cooperation_logo",
    "document",
    "meeting_invitation",
    "meeting_minutes",
    "person_export",
    "report_download",
    "report_meeting_overview",
    "public_minutes",
    "public_report_download",
    # The report as its HTML file, served sandboxed without scripts (its own CSP): a
    # document, not a page of the site, and one that no script can check.
    "report_preview",
}
FILE_ENDINGS = (".csv", ".docx", ".ics", ".json", ".md", ".pdf", ".pptx", ".xlsx", ".zip")
# Pages of one kind differ in their data, not their layout: two of each (a meeting
# planned and one held, the first and the next page of a list) show what each kind
# holds, and the calendar's "next month" does not lead on for ever.
PER_KIND = 2
# A bound in case a page links to ever new kinds of pages; reaching it fails the test.
LIMIT = 150

HREFS = "() => Array.from(document.querySelectorAll('a[href]'), (link) => link.href)"
WIDTH = "document.documentElement.scrollWidth"


def kind_of(url: str, origin: str) -> str | None:
    """The kind of a page to visit: its URL name, with "?top" for the record form of one
    topic; None for another site, the admin, a file or signing out."""
    parts = urlsplit(url)
    if (
        f"{parts.scheme}://{parts.netloc}" != origin
        or parts.path.startswith("/admin/")
        or parts.path.endswith(FILE_ENDINGS)
    ):
        return None
    try:
        name = resolve(parts.path).url_name
    except Resolver404:
        return None
    if name in DOWNLOADS or name == "logout":
        return None
    return name + "?top" if "top" in parse_qs(parts.query) else name


def signed_in(live_server, page, kind, municipality=None) -> None:  # noqa: F811 (the fixture)
    """Signed in to the demo's Partheland with a role that is not a superuser's, for
    the municipality of that name if one is given."""
    cooperation = load_partheland()
    user = UserFactory(username="crawl", email="crawl@partheland.de")
    assert not user.is_superuser and not user.is_staff
    if municipality is not None:
        municipality = Municipality.objects.get(name=municipality)
    RoleFactory(user=user, cooperation=cooperation, kind=kind, municipality=municipality)
    page.goto(live_server.url + "/anmelden/")
    sign_in(page, "crawl@partheland.de")


def coordinator_signed_in(live_server, page) -> None:  # noqa: F811 (the fixture)
    signed_in(live_server, page, Role.Kind.COORDINATOR)


def crawl(page, origin: str, starts: list[str], name: str) -> Counter:  # noqa: F811
    """Follows the links from ``starts``, checks each page and returns how many pages of
    each kind it visited; the pages visited are listed in test-artifacts/crawl-<name>.txt."""
    queue = [origin + path for path in starts]
    queued = set(queue)
    visited = Counter(kind_of(url, origin) for url in queue)
    problems = []
    pages = []
    # Each page is checked at the width it was opened in, then at the other one: half
    # the pages are opened on a phone, half on a desktop, none twice.
    widths = [DESKTOP, PHONE]
    page.set_viewport_size(widths[0])
    while queue and len(pages) < LIMIT:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except Error as error:  # a link to a file the rules above did not know
            if "Download is starting" in str(error):
                continue
            raise
        if not response.ok or "text/html" not in response.headers.get("content-type", ""):
            problems.append((url, "status", response.status))
            continue
        pages.append(f"{kind_of(url, origin) or '-'}\t{url.removeprefix(origin)}")
        for width in widths:
            page.set_viewport_size(width)
            for violation in serious_violations(page):
                problems.append((url, width["width"], violation))
            if width == PHONE and page.evaluate(WIDTH) > PHONE["width"]:
                problems.append((url, "wider than a phone", page.evaluate(WIDTH)))
        widths.reverse()
        hrefs = [urldefrag(href).url for href in page.evaluate(HREFS)]
        admin = [href for href in hrefs if urlsplit(href).path.startswith("/admin/")]
        if admin:
            problems.append((url, "links to the admin", admin[0], len(admin)))
        for href in hrefs:
            kind = kind_of(href, origin)
            if kind is None or href in queued or visited[kind] >= PER_KIND:
                continue
            visited[kind] += 1
            queued.add(href)
            queue.append(href)

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"crawl-{name}.txt").write_text("\n".join(pages) + "\n")
    assert problems == [], "\n".join(map(str, problems))
    assert queue == [], f"More than {LIMIT} pages to check: {queue}"
    return visited


def test_no_page_a_coordinator_reaches_leads_to_the_admin_bars_anyone_or_is_too_wide(
    live_server,
    page,  # noqa: F811 (the fixture)
):
    coordinator_signed_in(live_server, page)
    # The list's first meetings are the planned ones: a meeting held, with its results to
    # correct, is a start of its own.
    held = Meeting.objects.filter(outcomes__isnull=False).latest("date")
    # The search is a form in the header, not a link: its results are a start too.
    starts = [
        "/start/", "/k/partheland/sitzungen/", f"/sitzungen/{held.pk}/", "/suche/?q=Gewerbeamt",
    ]  # fmt: skip
    visited = crawl(page, live_server.url, starts, "coordinator")

    # The crawl went through the work area, not only the first pages: every kind of
    # page a coordinator edits on, the master data with them.
    assert {
        "meetings", "meeting", "meeting_edit", "meeting_agenda_edit", "meeting_record",
        "meeting_record?top", "meeting_outcome_edit", "meeting_outcome_delete",
        "measures", "measure", "measure_edit", "tasks", "task", "task_create", "task_edit",
        "task_move_due", "reports", "roles", "audit", "masterdata_settings",
        "masterdata_municipalities", "masterdata_municipality", "masterdata_bodies",
        "masterdata_body", "masterdata_partners", "masterdata_fields", "masterdata_people",
        "cockpit", "municipalities", "municipality_matrix", "municipality", "search",
        "report", "report_edit", "report_compare", "report_issue",
    } - set(visited) == set()  # fmt: skip


def test_no_page_a_member_reaches_leads_to_the_admin_bars_anyone_or_is_too_wide(
    live_server,
    page,  # noqa: F811 (the fixture)
):
    signed_in(live_server, page, Role.Kind.MEMBER, "Brandis")
    # The demo gives Brandis no task of its own: one for the pages of a task it changes.
    create_task(
        cooperation=Cooperation.objects.get(slug="partheland"), title="Stadtplan drucken",
        owner=Municipality.objects.get(name="Brandis"),
    )  # fmt: skip
    # Brandis's tasks first: the pages of those a member may change.
    starts = ["/k/partheland/aufgaben/?ansicht=meine", "/start/", "/suche/?q=Gewerbeamt"]
    visited = crawl(page, live_server.url, starts, "member")

    assert {
        "meetings", "meeting", "measures", "measure", "tasks", "task", "task_create",
        "task_edit", "task_move_due", "cockpit", "municipalities", "municipality_matrix",
        "municipality", "search", "report",
    } - set(visited) == set()  # fmt: skip


def test_on_a_phone_the_navigation_is_behind_a_menu_button_and_rows_are_cards(
    live_server,
    page,  # noqa: F811 (the fixture)
):
    coordinator_signed_in(live_server, page)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/k/partheland/aufgaben/")
    navigation = page.get_by_role("navigation", name="Arbeit in Partheland")
    menu = page.get_by_role("button", name="Menü")

    # The first screen shows the page, not the header.
    expect(navigation).to_be_hidden()
    expect(page.get_by_role("button", name="Abmelden")).to_be_hidden()
    assert page.get_by_role("heading", level=1, name="Aufgaben").bounding_box()["y"] < 200
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-tools work-navigation")
    tab_to(page, "Menü")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Sitzungen")).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    assert page.evaluate(WIDTH) <= PHONE["width"]
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(menu).to_be_focused()

    # Each task a card with its state and its "Erledigt" in sight, no sideways scroll.
    row = page.get_by_role("row").filter(has=page.get_by_role("button", name="Erledigt")).first
    for element in (
        row.get_by_role("button", name="Erledigt"),
        row.get_by_role("cell", name="Offen"),
    ):
        expect(element).to_be_visible()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Still a table to a screen reader (Chromium's accessibility tree): rows of cells
    # under the column headers, each cell named by its content, not by the label shown.
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    roles = Counter(node["role"]["value"] for node in nodes if not node.get("ignored"))
    assert roles["table"] == 1 and roles["columnheader"] == 5 and roles["cell"] >= 5
    cells = [
        node["name"]["value"]
        for node in nodes
        if node["role"]["value"] == "cell" and not node.get("ignored")
    ]
    assert not any(cell.startswith(("Aufgabe:", "Status:", "Fällig:")) for cell in cells), cells

    # On a desktop the header shows it all, without the button.
    page.set_viewport_size(DESKTOP)
    expect(menu).to_be_hidden()
    expect(navigation.get_by_role("link", name="Sitzungen")).to_be_visible()


def test_without_javascript_a_phone_shows_the_navigation(
    live_server,
    page,  # noqa: F811 (the fixture)
):
    coordinator_signed_in(live_server, page)
    context = page.context.browser.new_context(
        locale="de-DE", java_script_enabled=False, viewport=PHONE
    )
    without_script = context.new_page()
    without_script.goto(live_server.url + "/anmelden/")
    sign_in(without_script, "crawl@partheland.de")
    without_script.goto(live_server.url + "/k/partheland/massnahmen/")

    expect(without_script.get_by_role("button", name="Menü")).to_be_hidden()
    expect(
        without_script.get_by_role("navigation", name="Arbeit in Partheland").get_by_role(
            "link", name="Aufgaben"
        )
    ).to_be_visible()
    assert without_script.evaluate(WIDTH) <= PHONE["width"]
    context.close()
