"""Cost checks and settlements in the browser: who reads and who changes them, each
action end to end, wrong input refused with its German message and nothing stored, the
downloads opened."""

import html
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from ikz.agreements.models import CostItem, CostModel, KeyFigure, Settlement, StatusQuoCost
from ikz.core.models import Role
from ikz.core.versions import current_version
from tests.factories import (
    AgreementFactory,
    CooperationFactory,
    CostItemFactory,
    CostModelFactory,
    KeyFigureFactory,
    MunicipalityFactory,
    ParticipationFactory,
    RoleFactory,
    SettlementFactory,
    StatusQuoCostFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(cooperation, municipality):
    """Borsdorf and Naunhof (the member's), both taking part in the Partheland."""
    borsdorf = ParticipationFactory(
        cooperation=cooperation, municipality=MunicipalityFactory(name="Borsdorf")
    ).municipality
    return [borsdorf, municipality]


@pytest.fixture
def plan(cooperation, towns):
    """The Gewerbeamt's cost check: one scenario by case numbers of 2022."""
    cost_model = CostModelFactory(
        cooperation=cooperation, name="Gewerbeamt", scenario="2 Kommunen", key="cases",
        figures_year=2022,
    )  # fmt: skip
    CostItemFactory(cost_model=cost_model, kind="material", label="Software", amount=1000)
    CostItemFactory(
        cost_model=cost_model, kind="staff", label="Sachbearbeitung", amount=None,
        fte=Decimal("0.5"), annual_cost_per_fte=Decimal("60000"),
    )  # fmt: skip
    cost_model.municipalities.set(towns)
    for town, value in zip(towns, (10, 30), strict=True):
        KeyFigureFactory(cost_model=cost_model, municipality=town, year=2022, value=value)
        KeyFigureFactory(cost_model=cost_model, municipality=town, year=2023, value=20)
    StatusQuoCostFactory(cost_model=cost_model, municipality=towns[1], annual_cost=25000)
    return cost_model


@pytest.fixture
def settlement(plan):
    agreement = AgreementFactory(cooperation=plan.cooperation, title="ZV Gewerbeamt")
    return SettlementFactory(
        agreement=agreement, cost_model=plan, year=2023, actual_annual_cost=Decimal("32000")
    )


@pytest.fixture
def other_coordinator_client() -> Client:
    client = Client()
    client.force_login(
        RoleFactory(cooperation=CooperationFactory(), kind=Role.Kind.COORDINATOR).user
    )
    return client


def urls(plan, settlement) -> dict:
    item = plan.items.first()
    naunhof = plan.municipalities.get(name="Naunhof")
    return {
        "cost_checks": "/k/partheland/kostenpruefungen/",
        "cost_check_create": "/k/partheland/kostenpruefungen/neu/",
        "cost_check": f"/kostenpruefungen/{plan.pk}/",
        "cost_check_xlsx": f"/kostenpruefungen/{plan.pk}/kostenpruefung.xlsx",
        "cost_check_pdf": f"/kostenpruefungen/{plan.pk}/kostenpruefung.pdf",
        "cost_scenario_copy": f"/kostenpruefungen/{plan.pk}/kopieren/",
        "cost_model_edit": f"/szenarien/{plan.pk}/",
        "cost_item_create": f"/szenarien/{plan.pk}/posten/neu/",
        "key_figures": f"/szenarien/{plan.pk}/kennzahlen/",
        "status_quo": f"/szenarien/{plan.pk}/status-quo/",
        "cost_item_edit": f"/kostenposten/{item.pk}/",
        "cost_item_delete": f"/kostenposten/{item.pk}/loeschen/",
        "settlements": "/k/partheland/abrechnungen/",
        "settlement_create": "/k/partheland/abrechnungen/neu/",
        "settlement": f"/abrechnungen/{settlement.pk}/",
        "settlement_pdf": f"/abrechnungen/{settlement.pk}/{naunhof.pk}/abrechnung.pdf",
    }


READ = {"cost_checks", "cost_check", "cost_check_xlsx", "cost_check_pdf", "settlements",
        "settlement", "settlement_pdf"}  # fmt: skip
POST_ONLY = {"cost_scenario_copy", "cost_item_delete"}


def test_the_pages_are_read_by_the_cooperations_people_and_changed_by_its_coordinators(
    plan, settlement, client, member_client, observer_client, coordinator_client,
    other_coordinator_client,
):  # fmt: skip
    seen = {}
    for name, url in urls(plan, settlement).items():
        seen[name] = (
            client.get(url).status_code,
            member_client.get(url).status_code,
            observer_client.get(url).status_code,
            member_client.post(url).status_code,
            observer_client.post(url).status_code,
            other_coordinator_client.get(url).status_code,
            coordinator_client.get(url).status_code,
        )
    expected = {}
    for name in seen:
        # A read-only page refuses a POST, a POST-only one a GET, before asking who
        # sends it.
        if name in POST_ONLY:
            expected[name] = (405, 405, 405, 403, 403, 405, 405)
            continue
        readers = 200 if name in READ else 403
        writers = 405 if name in READ else 403
        expected[name] = (302, readers, readers, writers, writers, 403, 200)
    assert seen == expected
    # Nothing changed by the members' and the observer's POSTs.
    assert CostModel.objects.count() == 1 and plan.items.count() == 2
    assert Settlement.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(plan, settlement, client):
    response = client.get(f"/kostenpruefungen/{plan.pk}/")

    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


def test_the_list_shows_each_cost_check_with_its_scenarios_and_annual_cost(plan, member_client):
    page = text_of(member_client.get("/k/partheland/kostenpruefungen/"))

    # 1.000 € material + 0,5 × 60.000 € staff
    assert "Gewerbeamt" in page and "2 Kommunen: 31.000,00 €" in page


def test_the_check_shows_scenarios_side_by_side_chart_with_table_and_allocation(
    plan, observer_client
):
    page = observer_client.get(f"/kostenpruefungen/{plan.pk}/").content.decode()
    text = text_of(observer_client.get(f"/kostenpruefungen/{plan.pk}/"))

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="allocation-chart"' in page
    assert "<details" in page and "Das Diagramm als Tabelle" in text
    # By cases 2022: Borsdorf 10, Naunhof 30 of 31.000 €.
    assert "Borsdorf 7.750,00 €" in text and "Naunhof 23.250,00 €" in text
    assert "Fälle 2022" in text  # the key figure's column names its year
    assert "1.750,00 €" in text  # Naunhof's saving against 25.000 € today
    assert "Szenario kopieren" not in text  # the observer does not change it


def test_the_downloads_open(plan, member_client):
    xlsx = member_client.get(f"/kostenpruefungen/{plan.pk}/kostenpruefung.xlsx")
    pdf = member_client.get(f"/kostenpruefungen/{plan.pk}/kostenpruefung.pdf")

    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.sheetnames) >= 2
    assert "attachment" in xlsx["Content-Disposition"]
    reader = PdfReader(io.BytesIO(pdf.content))
    assert "Gewerbeamt" in "".join(page.extract_text() for page in reader.pages)


def test_a_coordinator_creates_a_cost_check(cooperation, towns, coordinator_client):
    response = coordinator_client.post(
        "/k/partheland/kostenpruefungen/neu/",
        {
            "name": "Lohnbuchhaltung", "scenario": "alle", "key": "population",
            "population_date": "31.12.2019", "weight_population": 0, "weight_equal": 0,
            "weight_cases": 0, "municipalities": [town.pk for town in towns],
        },
    )  # fmt: skip

    cost_model = CostModel.objects.get(name="Lohnbuchhaltung")
    assert response.status_code == 302 and response["Location"] == (
        f"/kostenpruefungen/{cost_model.pk}/"
    )
    assert cost_model.municipalities.count() == 2


def test_a_cost_check_without_the_keys_date_and_without_payers_is_refused_in_german(
    cooperation, towns, coordinator_client
):
    page = text_of(
        coordinator_client.post(
            "/k/partheland/kostenpruefungen/neu/",
            {
                "name": "Lohnbuchhaltung",
                "key": "population",
                "weight_population": 0,
                "weight_equal": 0,
                "weight_cases": 0,
            },
        )  # fmt: skip
    )

    assert "Bitte prüfen Sie Ihre Angaben." in page
    assert "Bitte geben Sie bei einem Schlüssel nach Einwohnern den Stichtag der Zahlen an." in page
    assert "mindestens eine zahlende Kommune" in page
    assert not CostModel.objects.exists()


def test_a_scenario_is_copied_with_its_items(plan, coordinator_client):
    response = coordinator_client.post(
        f"/kostenpruefungen/{plan.pk}/kopieren/", {"source": plan.pk, "scenario": "mit Kreis"}
    )

    copy = CostModel.objects.get(scenario="mit Kreis")
    assert response["Location"] == f"/szenarien/{copy.pk}/"
    assert copy.items.count() == 2 and copy.key_figures.count() == 4


def test_a_copy_under_a_taken_name_is_refused(plan, coordinator_client):
    page = text_of(
        coordinator_client.post(
            f"/kostenpruefungen/{plan.pk}/kopieren/", {"source": plan.pk, "scenario": "2 Kommunen"}
        )
    )

    assert "diesem Namen und diesem Szenario" in page
    assert CostModel.objects.count() == 1


def test_a_scenarios_settings_are_saved(plan, towns, coordinator_client):
    response = coordinator_client.post(
        f"/szenarien/{plan.pk}/",
        {
            "name": "Gewerbeamt", "scenario": "gleich", "key": "equal", "weight_population": 0,
            "weight_equal": 0, "weight_cases": 0, "municipalities": [towns[0].pk],
            "version": current_version(plan),
        },
    )  # fmt: skip

    plan.refresh_from_db()
    assert response.status_code == 302
    assert (plan.scenario, plan.key, list(plan.municipalities.all())) == (
        "gleich", "equal", towns[:1],
    )  # fmt: skip


def test_mixed_weights_not_adding_up_are_refused_and_nothing_changes(
    plan, towns, coordinator_client
):
    page = text_of(
        coordinator_client.post(
            f"/szenarien/{plan.pk}/",
            {
                "name": "Gewerbeamt",
                "scenario": "gemischt",
                "key": "mixed",
                "weight_population": 50,
                "weight_equal": 10,
                "weight_cases": 0,
                "population_date": "31.12.2019",
                "municipalities": [towns[0].pk],
                "version": current_version(plan),
            },
        )  # fmt: skip
    )

    assert "100" in page and "Gewichte" in page
    plan.refresh_from_db()
    assert plan.scenario == "2 Kommunen"


def test_cost_items_are_added_edited_and_deleted(plan, coordinator_client):
    added = coordinator_client.post(
        f"/szenarien/{plan.pk}/posten/neu/",
        {"kind": "one_off", "label": "Einrichtung", "amount": "9.000,00", "spread_years": 3},
    )
    item = plan.items.get(label="Einrichtung")
    assert added.status_code == 302 and item.amount == Decimal("9000.00")

    edited = coordinator_client.post(
        f"/kostenposten/{item.pk}/",
        {"kind": "overhead", "label": "Gemeinkosten", "overhead_percent": "10,5",
         "version": current_version(item)},
    )  # fmt: skip
    item.refresh_from_db()
    assert edited.status_code == 302
    assert (item.kind, item.overhead_percent, item.amount) == (
        "overhead", Decimal("10.50"), None,
    )  # fmt: skip

    deleted = coordinator_client.post(
        f"/kostenposten/{item.pk}/loeschen/", {"version": current_version(item)}
    )
    assert deleted.status_code == 302 and not CostItem.objects.filter(pk=item.pk).exists()


def test_a_cost_item_without_its_kinds_values_is_refused_at_the_field(plan, coordinator_client):
    page = text_of(
        coordinator_client.post(
            f"/szenarien/{plan.pk}/posten/neu/", {"kind": "staff", "label": "Sachbearbeitung"}
        )
    )

    assert "Personalkosten brauchen die Vollzeitäquivalente" in page
    assert plan.items.count() == 2


def test_a_stale_delete_deletes_nothing(plan, coordinator_client):
    item = plan.items.first()
    stale = current_version(item)
    item.label = "Neu"
    item.save()

    coordinator_client.post(f"/kostenposten/{item.pk}/loeschen/", {"version": stale})

    assert CostItem.objects.filter(pk=item.pk).exists()


def test_key_figures_of_a_year_are_entered_per_municipality(plan, towns, coordinator_client):
    page = coordinator_client.get(f"/szenarien/{plan.pk}/kennzahlen/?jahr=2024")
    version = page.context["form"].initial["version"]
    borsdorf, naunhof = towns

    response = coordinator_client.post(
        f"/szenarien/{plan.pk}/kennzahlen/",
        {"kind": "cases", "year": 2024, f"kommune_{borsdorf.pk}": "1.200",
         f"kommune_{naunhof.pk}": "", "version": version},
    )  # fmt: skip

    assert response.status_code == 302
    assert list(KeyFigure.objects.filter(year=2024).values_list("municipality", "value")) == [
        (borsdorf.pk, Decimal("1200.000"))
    ]


def test_a_negative_key_figure_is_refused_and_nothing_stored(plan, towns, coordinator_client):
    version = (
        coordinator_client.get(f"/szenarien/{plan.pk}/kennzahlen/")
        .context["form"]
        .initial["version"]
    )
    page = text_of(
        coordinator_client.post(
            f"/szenarien/{plan.pk}/kennzahlen/",
            {
                "kind": "cases",
                "year": 2024,
                f"kommune_{towns[0].pk}": "-3",
                f"kommune_{towns[1].pk}": "5",
                "version": version,
            },
        )  # fmt: skip
    )

    assert "größer oder gleich 0" in page
    assert not KeyFigure.objects.filter(year=2024).exists()


def test_status_quo_costs_are_entered(plan, towns, coordinator_client):
    version = (
        coordinator_client.get(f"/szenarien/{plan.pk}/status-quo/")
        .context["form"]
        .initial["version"]
    )
    coordinator_client.post(
        f"/szenarien/{plan.pk}/status-quo/",
        {f"kommune_{towns[0].pk}": "12.345,67", f"kommune_{towns[1].pk}": "", "version": version},
    )

    assert list(StatusQuoCost.objects.values_list("municipality", "annual_cost")) == [
        (towns[0].pk, Decimal("12345.67"))
    ]


def test_a_settlement_is_created_and_its_statement_shown(plan, coordinator_client):
    agreement = AgreementFactory(cooperation=plan.cooperation, title="ZV Gewerbeamt")
    response = coordinator_client.post(
        "/k/partheland/abrechnungen/neu/",
        {"agreement": agreement.pk, "cost_model": plan.pk, "year": 2023,
         "advance_schedule": "quarterly", "actual_annual_cost": "32.000,00"},
    )  # fmt: skip
    settlement = Settlement.objects.get()
    assert response["Location"] == f"/abrechnungen/{settlement.pk}/"

    page = text_of(coordinator_client.get(f"/abrechnungen/{settlement.pk}/"))
    # Plan: Borsdorf 7.750 € in four instalments; final 16.000 € (20 of 40 cases):
    # 8.250 € to pay on top. Naunhof: 23.250 € paid, 16.000 € owed, 7.250 € back.
    assert "Vorauszahlung 1. Quartal 2023 Vorauszahlung 2. Quartal 2023" in page
    assert (
        "Borsdorf 1.937,50 € 1.937,50 € 1.937,50 € 1.937,50 € 7.750,00 € 16.000,00 € 8.250,00 €"
        in page
    )
    assert (
        "Naunhof 5.812,50 € 5.812,50 € 5.812,50 € 5.812,50 € 23.250,00 € 16.000,00 € – 7.250,00 €"
        in page
    )
    assert "Fälle 2023" in page


def test_a_settlement_with_a_negative_cost_is_refused(plan, coordinator_client):
    agreement = AgreementFactory(cooperation=plan.cooperation)
    page = text_of(
        coordinator_client.post(
            "/k/partheland/abrechnungen/neu/",
            {
                "agreement": agreement.pk,
                "cost_model": plan.pk,
                "year": 2023,
                "advance_schedule": "yearly",
                "actual_annual_cost": "-1",
            },
        )  # fmt: skip
    )

    assert "größer oder gleich 0" in page
    assert not Settlement.objects.exists()


def test_a_partys_settlement_statement_downloads_as_pdf(settlement, member_client):
    naunhof = settlement.cost_model.municipalities.get(name="Naunhof")
    response = member_client.get(f"/abrechnungen/{settlement.pk}/{naunhof.pk}/abrechnung.pdf")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Naunhof" in text and "Erstattung" in text


def test_the_work_navigation_leads_to_the_cost_checks(plan, member_client):
    page = member_client.get("/k/partheland/kostenpruefungen/").content.decode()

    assert re.search(
        r'<a href="/k/partheland/kostenpruefungen/" aria-current="true">Kostenprüfungen</a>', page
    )


def test_the_key_figure_rows_are_a_fieldset_of_the_paying_municipalities(plan, coordinator_client):
    page = coordinator_client.get(f"/szenarien/{plan.pk}/kennzahlen/").content.decode()

    fieldset = page.partition("<fieldset")[2].partition("</fieldset>")[0]
    assert "<legend" in fieldset and "Zahlen je zahlender Kommune" in fieldset
    assert re.findall(r'<label class="kern-label" for="id_kommune_\d+">(\w+)', fieldset) == [
        "Borsdorf",
        "Naunhof",
    ]
    assert 'value="30"' in fieldset  # Naunhof's cases of the plan's year 2022
