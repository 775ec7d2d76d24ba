"""The cost check's workbook and PDF, and the settlement statement PDF, read back."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ikz.agreements.exports import cost_check_pdf, cost_check_xlsx, settlement_pdf
from ikz.agreements.models import KeyFigure
from ikz.agreements.settlement import settle
from tests.factories import (
    AgreementFactory,
    CooperationFactory,
    CostItemFactory,
    CostModelFactory,
    KeyFigureFactory,
    MunicipalityFactory,
    SettlementFactory,
    StatusQuoCostFactory,
)

END_2019 = datetime.date(2019, 12, 31)


@pytest.fixture
def payroll(db):
    """Lohnbuchhaltung: three towns per inhabitant, or two by staff hours with a base."""
    cooperation = CooperationFactory(name="Partheland")
    naunhof, belgershain, brandis = (
        MunicipalityFactory(name=name, population=population, population_date=END_2019)
        for name, population in (("Naunhof", 8774), ("Belgershain", 3354), ("Brandis", 9676))
    )
    three = CostModelFactory(
        cooperation=cooperation,
        name="Lohnbuchhaltung",
        scenario="3 Kommunen",
        key="population",
        population_date=END_2019,
    )
    CostItemFactory(
        cost_model=three,
        kind="staff",
        label="Sachbearbeitung E 9a",
        fte=Decimal("0.5"),
        annual_cost_per_fte=Decimal("61234.56"),
        amount=None,
    )
    CostItemFactory(cost_model=three, kind="material", label="Software", amount=Decimal("2500"))
    CostItemFactory(
        cost_model=three, kind="overhead", label="Gemeinkosten", overhead_percent=10, amount=None
    )
    CostItemFactory(
        cost_model=three, kind="one_off", label="Einrichtung", amount=Decimal(10000), spread_years=3
    )
    three.municipalities.set([naunhof, belgershain, brandis])
    StatusQuoCostFactory(cost_model=three, municipality=naunhof, annual_cost=Decimal("15000"))
    StatusQuoCostFactory(cost_model=three, municipality=brandis, annual_cost=Decimal("16000"))
    two = CostModelFactory(
        cooperation=cooperation,
        name="Lohnbuchhaltung",
        scenario="2 Kommunen",
        key="mixed",
        weight_population=60,
        weight_equal=20,
        weight_cases=20,
        population_date=END_2019,
        figures_year=2019,
    )
    CostItemFactory(cost_model=two, kind="material", label="Dienstleister", amount=Decimal("20000"))
    two.municipalities.set([naunhof, brandis])
    KeyFigureFactory(cost_model=two, municipality=naunhof, year=2019, value=120)
    KeyFigureFactory(cost_model=two, municipality=brandis, year=2019, value=80)
    return cooperation


def shares_of(sheet):
    """(municipality, share) of a scenario sheet, read from the share column."""
    rows = list(sheet.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if row[0] == "Kommune")
    column = rows[header].index("Anteil auf den Cent (€)")
    body = rows[header + 1 :]
    return [(row[0], Decimal(str(row[column])).quantize(Decimal("0.01"))) for row in body[:-1]], (
        rows[header],
        body[-1],
    )


def test_cost_check_xlsx_has_a_sheet_per_scenario_and_a_comparison(payroll):
    workbook = load_workbook(io.BytesIO(cost_check_xlsx(payroll, "Lohnbuchhaltung")))

    assert workbook.sheetnames == ["2 Kommunen", "3 Kommunen", "Vergleich"]


def test_cost_check_xlsx_shares_are_cents_summing_to_the_total_beside_formulas(payroll):
    workbook = load_workbook(io.BytesIO(cost_check_xlsx(payroll, "Lohnbuchhaltung")))
    sheet = workbook["3 Kommunen"]

    shares, (header, sums) = shares_of(sheet)

    # 0.5 × 61,234.56 = 30,617.28; + 2,500; + 10 % = 3,311.73; + 10,000 / 3 = 3,333.33
    assert shares == [
        ("Belgershain", Decimal("6116.44")),
        ("Brandis", Decimal("17645.41")),
        ("Naunhof", Decimal("16000.49")),
    ]
    assert sum(share for _name, share in shares) == Decimal("39762.34")
    assert header == (
        "Kommune",
        "Einwohner zum 31.12.2019",
        "Gewicht",
        "Anteil exakt (€)",
        "Anteil auf den Cent (€)",
        "Rundungsdifferenz (€)",
        "Status quo (€)",
        "Einsparung (€)",
    )
    assert sums == ("Summe", None, *[f"=SUM({c}12:{c}14)" for c in "CDEFGH"])
    formulas = [row[7] for row in sheet.iter_rows(min_row=5, max_row=9, values_only=True)]
    assert formulas == [
        "=ROUND(C5*D5,2)",
        "=ROUND(E6,2)",
        "=ROUND(F7/100*(H5+H6),2)",
        "=ROUND(E8/G8,2)",
        "=SUM(H5:H8)",
    ]
    assert [sheet[f"{c}12"].value for c in "CDFH"] == [
        "=B12",
        "=$H$9*C12/SUM(C$12:C$14)",
        "=E12-D12",
        '=IF(G12="","",G12-E12)',
    ]


def test_cost_check_xlsx_mixed_key_weighs_in_formulas_and_compares_by_reference(payroll):
    workbook = load_workbook(io.BytesIO(cost_check_xlsx(payroll, "Lohnbuchhaltung")))

    shares, (header, _sums) = shares_of(workbook["2 Kommunen"])
    comparison = list(workbook["Vergleich"].iter_rows(min_row=3, values_only=True))

    assert header[1:3] == ("Einwohner zum 31.12.2019", "Fälle 2019")
    assert sum(share for _name, share in shares) == Decimal("20000.00")
    assert workbook["2 Kommunen"]["D9"].value == ("=60*B9/SUM(B$9:B$10)+20/2+20*C9/SUM(C$9:C$10)")
    assert comparison[0] == (
        "Kommune",
        "Anteil 2 Kommunen (€)",
        "Einsparung 2 Kommunen (€)",
        "Anteil 3 Kommunen (€)",
        "Einsparung 3 Kommunen (€)",
    )
    assert comparison[1] == ("Belgershain", None, None, "='3 Kommunen'!E12", "='3 Kommunen'!H12")
    assert comparison[-1] == ("Summe", "=SUM(B4:B6)", "=SUM(C4:C6)", "=SUM(D4:D6)", "=SUM(E4:E6)")


def test_cost_check_pdf_shows_every_scenario_with_names_and_amounts(payroll):
    reader = PdfReader(io.BytesIO(cost_check_pdf(payroll, "Lohnbuchhaltung")))
    text = " ".join(page.extract_text() for page in reader.pages)

    assert reader.metadata.title == "Kostenprüfung Lohnbuchhaltung"
    for expected in (
        "Szenario 3 Kommunen",
        "Szenario 2 Kommunen",
        "Belgershain",
        "6.116,44 €",
        "17.645,41 €",
        "16.000,49 €",
        "39.762,34 €",
        "20.000,00 €",
        "Einwohner zum 31.12.2019",
        "Fälle 2019",
    ):
        assert expected in text


@pytest.fixture
def trade_office(db):
    cooperation = CooperationFactory(name="Partheland")
    towns = [
        MunicipalityFactory(name=name, population=1000, population_date=END_2019)
        for name in ("Borsdorf", "Großpösna", "Naunhof")
    ]
    plan = CostModelFactory(
        cooperation=cooperation, name="Gewerbeamt", key="cases", figures_year=2022
    )
    CostItemFactory(cost_model=plan, kind="material", amount=Decimal("1000.00"))
    plan.municipalities.set(towns)
    for year, values in ((2022, (10, 20, 30)), (2023, (12, 30, 18))):
        for town, value in zip(towns, values, strict=True):
            KeyFigureFactory(
                cost_model=plan,
                municipality=town,
                kind=KeyFigure.Kind.CASES,
                year=year,
                value=value,
            )
    agreement = AgreementFactory(
        cooperation=cooperation, title="Zweckvereinbarung Gewerbeamt", cost_model=plan
    )
    return SettlementFactory(
        agreement=agreement, cost_model=plan, year=2023, actual_annual_cost=Decimal("1200.00")
    ), towns


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, ["Borsdorf", "41,67 €", "41,66 €", "166,67 €", "240,00 €", "Nachzahlung", "73,33 €"]),
        (2, ["Naunhof", "125,00 €", "500,00 €", "360,00 €", "Erstattung", "140,00 €"]),
    ],
)
def test_settlement_pdf_states_the_partys_advances_final_share_and_difference(
    trade_office, index, expected
):
    settlement, towns = trade_office

    reader = PdfReader(io.BytesIO(settlement_pdf(settle(settlement), towns[index])))
    text = " ".join(page.extract_text() for page in reader.pages)

    assert reader.metadata.title == f"Abrechnung 2023: {towns[index].name}"
    for part in [
        *expected,
        "1. Quartal 2023",
        "Fälle 2022",
        "Fälle 2023",
        "1.200,00 €",
        "1.000,00 €",
    ]:
        assert part in text


def test_cost_check_xlsx_fixed_base_has_its_column_and_splits_only_the_rest(db):
    cooperation = CooperationFactory()
    cost_model = CostModelFactory(
        cooperation=cooperation,
        name="Archiv",
        scenario="Sockel",
        key="base_population",
        population_date=END_2019,
        base_amount=Decimal("100.00"),
    )
    CostItemFactory(cost_model=cost_model, kind="material", amount=Decimal("1000.00"))
    cost_model.municipalities.set(
        MunicipalityFactory(name=name, population=population, population_date=END_2019)
        for name, population in (("Belgershain", 3354), ("Brandis", 9676), ("Naunhof", 8774))
    )

    sheet = load_workbook(io.BytesIO(cost_check_xlsx(cooperation, "Archiv")))["Sockel"]
    shares, (header, _sums) = shares_of(sheet)

    assert header[2:5] == ("Gewicht", "Sockelbetrag (€)", "Anteil exakt (€)")
    assert shares == [
        ("Belgershain", Decimal("207.68")),
        ("Brandis", Decimal("410.64")),
        ("Naunhof", Decimal("381.68")),
    ]
    assert (sheet["D9"].value, sheet["E9"].value) == (
        100,
        "=D9+($H$6-SUM(D$9:D$11))*C9/SUM(C$9:C$11)",
    )
