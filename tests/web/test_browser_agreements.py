"""Issue 22's "Done when" as one story, in a real Chromium, on the Partheland demo: a
coordinator who is not a superuser registers a purpose agreement for a shared building
yard, settles its checklist until the draft is available, records the resolutions of
both councils, sees that the Landratsamt must approve it (and that a mandate would need
no approval), publishes it and sees it in force from the next day; builds a cost check
with two scenarios, reads the allocation table and chart, downloads the XLSX (read back
with openpyxl), settles a year and downloads a party's statement and the draft text.
Every distinct page passes axe at 1280 and 360 px and does not scroll sideways at
360 px."""

import datetime
import io
import re
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ikz.agreements.models import Agreement, CostModel, Settlement
from ikz.core.models import Role
from tests.agreements.test_exports import shares_of
from tests.factories import RoleFactory, UserFactory
from tests.web import test_browser
from tests.web.test_browser import pdf_text, screenshot, sign_in
from tests.web.test_browser_done_when import DESKTOP, Checked

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

page = test_browser.page

COORDINATOR = "koordination@partheland.de"
TITLE = "Zweckvereinbarung Bauhof"
# 1.5 FTE at 68,000.00 € a year: the yard's staff, split per inhabitant of 31.12.2019
# (Belgershain 3,354, Großpösna 5,371, Machern 6,723, Naunhof 8,774), to the cent.
TOTAL = Decimal("102000.00")
SHARES = {
    "3 Kommunen": [
        ("Großpösna", Decimal("26252.73")),
        ("Machern", Decimal("32861.13")),
        ("Naunhof", Decimal("42886.14")),
    ],
    "4 Kommunen": [
        ("Belgershain", Decimal("14123.85")),
        ("Großpösna", Decimal("22617.54")),
        ("Machern", Decimal("28310.88")),
        ("Naunhof", Decimal("36947.73")),
    ],
}


def day(value: datetime.date) -> str:
    return f"{value:%d.%m.%Y}"


def step(page, heading: str, fields: dict, choices: dict | None = None) -> None:
    """A step's form on the agreement's page (its own region), filled and sent; the
    page reloads with the step's message."""
    form = page.get_by_role("region", name=heading, exact=True)
    # Not exact: an optional field's label ends in "– optional".
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    for label, value in (choices or {}).items():
        # A choice by its value, or ``{"label": …}`` by what the list shows.
        chosen = value if isinstance(value, dict) else {"value": value}
        form.get_by_label(label).select_option(**chosen)
    with page.expect_navigation():
        form.get_by_role("button", name=heading, exact=True).click()
    if not page.locator(".kern-alert--success").is_visible():
        screenshot(page, "agreement-step-refused")
    expect(page.locator(".kern-alert--success")).to_be_visible()


def test_a_coordinator_carries_an_agreement_through_its_lifecycle_and_costs(
    live_server, page, demo
):
    cooperation = demo
    coordinator = UserFactory(username="koordination", email=COORDINATOR)
    assert not coordinator.is_superuser and not coordinator.is_staff
    RoleFactory(user=coordinator, cooperation=cooperation, kind=Role.Kind.COORDINATOR)
    url = live_server.url
    check = Checked(page, url)
    page.set_default_timeout(20000)
    page.set_viewport_size(DESKTOP)
    page.goto(url + "/anmelden/")
    sign_in(page, COORDINATOR)
    page.wait_for_url(re.compile(r".*/k/partheland/.*"))

    # The register, and a new agreement: delegating the yard's work to Naunhof.
    page.goto(url + "/k/partheland/zweckvereinbarungen/")
    check("coordinator")
    page.get_by_role("link", name="Neue Zweckvereinbarung").click()
    page.get_by_label("Titel").fill(TITLE)
    page.locator("input[name=kind][value=delegating]").check()
    parties = page.get_by_role("group", name="Beteiligte")
    for name in ("Naunhof", "Borsdorf"):
        parties.get_by_label(name, exact=True).check()
    page.get_by_label("durchführende Kommune").select_option(label="Naunhof")
    page.get_by_label("Aufgabenkatalog").fill("Winterdienst\nGrünpflege\nStraßenunterhaltung")
    page.locator("input[name=term][value=indefinite]").check()
    page.get_by_label("Kündigungsfrist in Monaten").fill("12")
    page.get_by_label("gewünscht seit").fill("02.11.2026")
    check("coordinator")
    page.get_by_role("button", name="Zweckvereinbarung erfassen").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    agreement = Agreement.objects.get(title=TITLE)
    detail = f"{url}/zweckvereinbarungen/{agreement.pk}/"

    # Drafting: the checklist's open points block "draft available" until settled.
    step(page, "Entwurf beginnen", {"im Entwurf seit": "03.11.2026"})
    missing = page.get_by_role("region", name="Fehlt noch, bevor der Entwurf als vorliegend gilt")
    expect(missing).to_be_visible()
    expect(page.get_by_role("region", name="Entwurf liegt vor", exact=True)).to_have_count(0)
    check("coordinator", "drafting")
    for point, note in [
        ("resources", "Naunhof stellt Personal, Fahrzeuge und Halle."),
        ("costs", "Erstattung der Kosten nach Einwohnern, keine Gebühren."),
        ("data_protection", "Keine personenbezogenen Daten für andere Beteiligte."),
        ("liability", "Naunhof haftet nach den allgemeinen Regeln."),
        ("written_form", "Schriftform, Genehmigung durch das Landratsamt."),
    ]:
        step(page, "Punkt regeln", {"wie er geregelt ist": note}, {"Punkt": point})
    expect(
        page.get_by_text("Nichts fehlt: Der Entwurf kann als vorliegend gelten.")
    ).to_be_visible()
    step(page, "Entwurf liegt vor", {"Entwurf liegt vor seit": "10.11.2026"})

    # The councils of both parties resolve; approval by the district's Landratsamt.
    step(page, "An die Räte geben", {"an die Räte gegeben am": "11.11.2026"})
    for name in ("Borsdorf", "Naunhof"):
        step(
            page, "Ratsbeschluss erfassen", {"beschlossen am": "19.11.2026"},
            {"Rat von": {"label": name}, "Beschluss": "approved"},
        )  # fmt: skip
    resolutions = page.locator("section, table", has=page.locator("th", has_text="Borsdorf"))
    expect(resolutions.first).to_be_visible()
    expect(
        page.get_by_text("durch Landratsamt Landkreis Leipzig (§§ 72 Abs. 1, 74 SächsKomZG)")
    ).to_be_visible()
    check("coordinator", "resolved")
    step(page, "Genehmigung beantragen", {"Genehmigung beantragt am": "20.11.2026"})
    step(page, "Genehmigung erfassen", {"genehmigt am": "30.11.2026", "Aktenzeichen": "Az. 7"})

    # Published on 01.12.2026: in force from the next day.
    step(
        page, "Bekanntmachung erfassen",
        {"bekanntgemacht am": "01.12.2026", "Ausgabe des Sächsischen Amtsblatts": "Nr. 49/2026"},
    )  # fmt: skip
    expect(page.get_by_text("In Kraft seit 02.12.2026")).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.IN_FORCE
    assert list(agreement.steps.values_list("state", "date")) == [
        ("desired", datetime.date(2026, 11, 2)),
        ("drafting", datetime.date(2026, 11, 3)),
        ("draft_available", datetime.date(2026, 11, 10)),
        ("council_resolutions", datetime.date(2026, 11, 11)),
        ("approval_requested", datetime.date(2026, 11, 20)),
        ("approved", datetime.date(2026, 11, 30)),
        ("published", datetime.date(2026, 12, 1)),
        ("in_force", datetime.date(2026, 12, 2)),
    ]
    screenshot(page, "agreement-in-force")
    check("coordinator", "in force")

    # A mandate (Personal Sharing) needs no approval: the register says so before it starts.
    page.goto(url + "/k/partheland/zweckvereinbarungen/neu/")
    page.get_by_label("Titel").fill("Personal Sharing Bauhof")
    page.locator("input[name=kind][value=mandating]").check()
    page.locator("input[name=term][value=indefinite]").check()
    page.get_by_role("button", name="Zweckvereinbarung erfassen").click()
    expect(
        page.get_by_text("keine Genehmigung erforderlich (§ 72 Abs. 1 SächsKomZG)")
    ).to_be_visible()

    # A cost check of two scenarios: three municipalities, then four.
    page.goto(url + "/k/partheland/kostenpruefungen/")
    check("coordinator")
    page.get_by_role("link", name="Neue Kostenprüfung").click()
    page.get_by_label("Name der Kostenprüfung").fill("Bauhof")
    page.get_by_label(re.compile(r"^Szenario")).fill("3 Kommunen")
    page.get_by_label("Verteilungsschlüssel").select_option("population")
    page.get_by_label("Stichtag der Einwohnerzahl").fill("31.12.2019")
    paying = page.get_by_role("group", name="zahlende Kommunen")
    for name, _share in SHARES["3 Kommunen"]:
        paying.get_by_label(name, exact=True).check()
    check("coordinator")
    page.get_by_role("button", name="Kostenprüfung anlegen").click()
    three = CostModel.objects.get(name="Bauhof", scenario="3 Kommunen")
    page.goto(url + f"/szenarien/{three.pk}/")
    check("coordinator")
    page.get_by_role("link", name="Kostenposition hinzufügen").click()
    page.locator("input[name=kind][value=staff]").check()
    page.get_by_label("Bezeichnung").fill("Bauhofleitung und Kolonne")
    page.get_by_label("Vollzeitäquivalente (VZÄ)").fill("1,5")
    page.get_by_label("Jahreskosten je VZÄ in €").fill("68.000,00")
    check("coordinator")
    page.get_by_role("button", name="Kostenposition hinzufügen").click()
    expect(page.get_by_role("cell", name="Bauhofleitung und Kolonne", exact=True)).to_be_visible()
    page.get_by_role("link", name="Zurück zur Kostenprüfung").click()
    page.get_by_label("Kopie des Szenarios").select_option(label="3 Kommunen")
    page.get_by_label("Name des neuen Szenarios").fill("4 Kommunen")
    page.get_by_role("button", name="Szenario kopieren").click()
    page.get_by_role("group", name="zahlende Kommunen").get_by_label("Belgershain").check()
    page.get_by_role("form", name="Einstellungen und Schlüssel").get_by_role(
        "button", name="Speichern"
    ).click()
    expect(page.locator(".kern-alert--success")).to_be_visible()
    page.get_by_role("link", name="Zurück zur Kostenprüfung").click()

    # The allocation side by side, as a table and as a chart with its table.
    expect(page.get_by_role("heading", level=1, name="Bauhof")).to_be_visible()
    expect(page.get_by_text("Kostenprüfung mit 2 Szenarien")).to_be_visible()
    comparison = page.get_by_role("table", name="Anteil und Einsparung je Kommune und Szenario")
    expect(comparison.get_by_role("row", name=re.compile("^Summe"))).to_contain_text("102.000,00 €")
    naunhof = comparison.get_by_role("row", name=re.compile("^Naunhof"))
    expect(naunhof).to_contain_text("42.886,14 €")
    expect(naunhof).to_contain_text("36.947,73 €")
    expect(page.locator("figure.cost-chart svg")).to_be_visible()
    page.get_by_text("Das Diagramm als Tabelle").click()
    expect(page.get_by_role("table", name="Anteil je Kommune und Szenario")).to_be_visible()
    screenshot(page, "cost-check")
    check("coordinator")

    # The XLSX a treasurer opens: each scenario's shares to the cent, summing to the total.
    with page.expect_download() as download:
        page.get_by_role("link", name="Als Excel herunterladen (XLSX)").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    for scenario, expected in SHARES.items():
        shares, _sums = shares_of(workbook[scenario])
        assert shares == expected
        assert sum(share for _name, share in shares) == TOTAL

    # The cost plan of the agreement, and its settlement of 2026.
    page.goto(detail + "bearbeiten/")
    page.get_by_label("Kostenplan").select_option(label="Bauhof: 3 Kommunen")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("link", name="Bauhof: 3 Kommunen")).to_be_visible()
    page.goto(url + "/k/partheland/abrechnungen/")
    check("coordinator")
    page.get_by_role("link", name="Neue Abrechnung").click()
    page.get_by_label("Zweckvereinbarung").select_option(label=TITLE)
    page.get_by_label("Plan", exact=True).select_option(str(three.pk))
    page.get_by_label("Jahr", exact=True).fill("2026")
    page.get_by_label("tatsächliche Jahreskosten in €").fill("104.550,00")
    check("coordinator")
    page.get_by_role("button", name="Abrechnung anlegen").click()
    settlement = Settlement.objects.get(agreement=agreement, year=2026)
    expect(page.get_by_role("heading", level=1, name="Abrechnung 2026")).to_be_visible()
    check("coordinator")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF Abrechnung für Naunhof").click()
    statement = " ".join(pdf_text(download.value.path().read_bytes()).split())
    assert "Naunhof" in statement and "2026" in statement
    assert settlement.cost_model == three

    # The agreement's page names its plan and settlement, and gives the draft as Word.
    page.goto(detail)
    expect(page.get_by_role("link", name="2026", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Vertragsentwurf (Word)").click()
    draft = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(paragraph.text for paragraph in draft.paragraphs)
    assert TITLE in text and "Winterdienst" in text and "Borsdorf" in text
    assert "Naunhof stellt Personal, Fahrzeuge und Halle." in text

    assert check.kinds == [
        "coordinator:agreements", "coordinator:agreement_create",
        "coordinator:agreement:drafting", "coordinator:agreement:resolved",
        "coordinator:agreement:in force", "coordinator:cost_checks",
        "coordinator:cost_check_create", "coordinator:cost_model_edit",
        "coordinator:cost_item_create", "coordinator:cost_check", "coordinator:settlements",
        "coordinator:settlement_create", "coordinator:settlement",
    ]  # fmt: skip
