"""The cost check: breakdown, every key's allocation to the cent, missing figures, the
scenarios side by side and the chart."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikz.agreements.costs import allocation, allocation_chart_svg, compare_scenarios, cost_breakdown
from ikz.agreements.models import CostModel, KeyFigure
from ikz.core.domain import edit_municipality
from ikz.core.versions import current_version
from tests.factories import (
    CooperationFactory,
    CostItemFactory,
    CostModelFactory,
    KeyFigureFactory,
    MunicipalityFactory,
    StatusQuoCostFactory,
)

END_2019 = datetime.date(2019, 12, 31)
SVG = "{http://www.w3.org/2000/svg}"


def three_towns():
    return [
        MunicipalityFactory(name=name, population=population, population_date=END_2019)
        for name, population in (("Naunhof", 8774), ("Belgershain", 3354), ("Brandis", 9676))
    ]


def cost_model_of(total="1000.00", towns=None, **fields):
    cost_model = CostModelFactory(**fields)
    CostItemFactory(cost_model=cost_model, kind="material", amount=Decimal(total))
    cost_model.municipalities.set(towns if towns is not None else three_towns())
    return cost_model


def figures(cost_model, kind, values, year=2019):
    towns = sorted(cost_model.municipalities.all(), key=lambda town: town.name)
    for town, value in zip(towns, values, strict=True):
        KeyFigureFactory(
            cost_model=cost_model, municipality=town, kind=kind, year=year, value=value
        )


def shares(result):
    return [(line.municipality.name, line.share) for line in result.lines]


# cost_breakdown


@pytest.mark.django_db
def test_cost_breakdown_rounds_each_line_to_the_cent_and_adds_the_lines():
    cost_model = CostModelFactory()
    staff = CostItemFactory(
        cost_model=cost_model,
        kind="staff",
        fte=Decimal("0.333"),
        annual_cost_per_fte=Decimal("61234.56"),
        amount=None,
    )
    material = CostItemFactory(cost_model=cost_model, kind="material", amount=Decimal("999.99"))
    overhead = CostItemFactory(
        cost_model=cost_model, kind="overhead", overhead_percent=Decimal("12.5"), amount=None
    )
    one_off = CostItemFactory(
        cost_model=cost_model, kind="one_off", amount=Decimal("10000.00"), spread_years=3
    )

    breakdown = cost_breakdown(cost_model)

    # 0.333 × 61,234.56 = 20,391.108… → 20,391.11; 12.5 % of 21,391.10 = 2,673.8875 → 2,673.89
    assert [(line.item, line.annual) for line in breakdown.lines] == [
        (staff, Decimal("20391.11")),
        (material, Decimal("999.99")),
        (overhead, Decimal("2673.89")),
        (one_off, Decimal("3333.33")),
    ]
    assert (breakdown.direct, breakdown.total) == (Decimal("21391.10"), Decimal("27398.32"))


# allocation: every key


@pytest.mark.django_db
def test_a_newer_population_figure_leaves_the_key_of_its_date_as_it_was():
    cost_model = cost_model_of(key="population", population_date=END_2019)
    before = shares(allocation(cost_model))
    naunhof = cost_model.municipalities.get(name="Naunhof")

    edit_municipality(
        naunhof, version=current_version(naunhof), population=8901,
        population_date=datetime.date(2023, 12, 31), population_source="Statistisches Landesamt",
    )  # fmt: skip

    assert shares(allocation(CostModel.objects.get(pk=cost_model.pk))) == before
    later = cost_model_of(key="population", population_date=datetime.date(2023, 12, 31),
                          towns=[naunhof])  # fmt: skip
    assert [line.population for line in allocation(later).lines] == [8901]
    assert list(naunhof.population_figures.values_list("as_of", "population")) == [
        (datetime.date(2023, 12, 31), 8901),
        (END_2019, 8774),
    ]


@pytest.mark.django_db
def test_allocation_population_shows_the_population_and_its_date():
    cost_model = cost_model_of(key="population", population_date=END_2019)

    result = allocation(cost_model)

    assert shares(result) == [
        ("Belgershain", Decimal("153.83")),
        ("Brandis", Decimal("443.77")),
        ("Naunhof", Decimal("402.40")),
    ]
    assert [line.population for line in result.lines] == [3354, 9676, 8774]
    assert (result.population_date, result.figures_year, result.total) == (
        END_2019,
        None,
        Decimal("1000.00"),
    )


@pytest.mark.django_db
def test_allocation_equal_shares_give_the_odd_cent_to_the_first_by_name():
    cost_model = cost_model_of(key="equal")

    result = allocation(cost_model)

    assert shares(result) == [
        ("Belgershain", Decimal("333.34")),
        ("Brandis", Decimal("333.33")),
        ("Naunhof", Decimal("333.33")),
    ]


@pytest.mark.django_db
def test_allocation_cases_uses_the_figures_of_the_models_year_only():
    cost_model = cost_model_of(key="cases", figures_year=2019)
    figures(cost_model, KeyFigure.Kind.CASES, [10, 20, 30])
    figures(cost_model, KeyFigure.Kind.CASES, [30, 20, 10], year=2020)

    result = allocation(cost_model)

    assert shares(result) == [
        ("Belgershain", Decimal("166.67")),
        ("Brandis", Decimal("333.33")),
        ("Naunhof", Decimal("500.00")),
    ]
    assert [line.figure for line in result.lines] == [Decimal(10), Decimal(20), Decimal(30)]
    assert (result.figures_year, result.figure_kind) == (2019, KeyFigure.Kind.CASES)


@pytest.mark.django_db
def test_allocation_staff_shares_in_fte():
    cost_model = cost_model_of(key="staff_fte", figures_year=2019)
    figures(cost_model, KeyFigure.Kind.FTE, [Decimal("0.5"), Decimal("1.25"), Decimal("0.75")])

    result = allocation(cost_model)

    assert shares(result) == [
        ("Belgershain", Decimal("200.00")),
        ("Brandis", Decimal("500.00")),
        ("Naunhof", Decimal("300.00")),
    ]
    assert result.figure_kind == KeyFigure.Kind.FTE


@pytest.mark.django_db
def test_allocation_staff_shares_in_hours_ignore_fte_figures():
    cost_model = cost_model_of(key="staff_hours", figures_year=2019)
    figures(cost_model, KeyFigure.Kind.HOURS, [10, 20, 30])
    figures(cost_model, KeyFigure.Kind.FTE, [1, 1, 1])

    result = allocation(cost_model)

    assert shares(result) == [
        ("Belgershain", Decimal("166.67")),
        ("Brandis", Decimal("333.33")),
        ("Naunhof", Decimal("500.00")),
    ]


@pytest.mark.django_db
def test_allocation_fixed_base_plus_per_inhabitant():
    cost_model = cost_model_of(
        key="base_population", population_date=END_2019, base_amount=Decimal("100.00")
    )

    result = allocation(cost_model)

    # 1,000 − 3 × 100 = 700 per inhabitant: 107.68, 310.64, 281.68
    assert shares(result) == [
        ("Belgershain", Decimal("207.68")),
        ("Brandis", Decimal("410.64")),
        ("Naunhof", Decimal("381.68")),
    ]
    assert [line.base for line in result.lines] == [Decimal("100.00")] * 3
    assert result.lines[0].exact_share == Decimal(100) + Decimal(700) * 3354 / 21804
    assert (result.base_amount, result.population_date) == (Decimal("100.00"), END_2019)


@pytest.mark.django_db
def test_allocation_fixed_bases_above_the_total_are_refused():
    cost_model = cost_model_of(
        total="250.00",
        key="base_population",
        population_date=END_2019,
        base_amount=Decimal("100.00"),
    )

    with pytest.raises(ValidationError) as excinfo:
        allocation(cost_model)

    assert excinfo.value.messages == [
        "Die Sockelbeträge (300,00 €) übersteigen die Jahreskosten (250,00 €)."
    ]


@pytest.mark.django_db
def test_allocation_mixed_population_equal_and_cases():
    cost_model = cost_model_of(
        key="mixed",
        weight_population=50,
        weight_equal=30,
        weight_cases=20,
        population_date=END_2019,
        figures_year=2019,
    )
    figures(cost_model, KeyFigure.Kind.CASES, [10, 20, 30])

    result = allocation(cost_model)

    # Belgershain: 50 × 3354/21804 + 10 + 20 × 10/60 = 21.0245…
    assert shares(result) == [
        ("Belgershain", Decimal("210.25")),
        ("Brandis", Decimal("388.55")),
        ("Naunhof", Decimal("401.20")),
    ]


@pytest.mark.django_db
def test_allocation_status_quo_and_saving_where_recorded():
    towns = three_towns()
    naunhof, belgershain, _brandis = towns
    cost_model = cost_model_of(towns=towns, key="equal")
    StatusQuoCostFactory(cost_model=cost_model, municipality=belgershain, annual_cost=500)
    StatusQuoCostFactory(cost_model=cost_model, municipality=naunhof, annual_cost=300)

    result = allocation(cost_model)

    assert [(line.status_quo, line.saving) for line in result.lines] == [
        (Decimal(500), Decimal("166.66")),
        (None, None),
        (Decimal(300), Decimal("-33.33")),
    ]
    assert (result.status_quo_total, result.saving_total) == (Decimal(800), Decimal("133.33"))


# allocation: missing figures name the municipality


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "kind", "message"),
    [
        ("cases", "cases", "Für Naunhof sind keine Fallzahlen des Jahres 2019 hinterlegt."),
        (
            "staff_fte",
            "fte",
            "Für Naunhof ist kein Personalanteil in VZÄ des Jahres 2019 hinterlegt.",
        ),
        (
            "staff_hours",
            "hours",
            "Für Naunhof ist kein Personalanteil in Stunden des Jahres 2019 hinterlegt.",
        ),
    ],
)
def test_allocation_missing_key_figure_is_refused_naming_the_municipality(key, kind, message):
    cost_model = cost_model_of(key=key, figures_year=2019)
    belgershain, brandis = sorted(cost_model.municipalities.all(), key=lambda t: t.name)[:2]
    KeyFigureFactory(cost_model=cost_model, municipality=belgershain, kind=kind, value=1)
    KeyFigureFactory(cost_model=cost_model, municipality=brandis, kind=kind, value=1)
    KeyFigureFactory(
        cost_model=cost_model,
        municipality=cost_model.municipalities.get(name="Naunhof"),
        kind=kind,
        year=2018,
        value=1,
    )

    with pytest.raises(ValidationError) as excinfo:
        allocation(cost_model)

    assert excinfo.value.messages == [message]


@pytest.mark.django_db
def test_allocation_base_key_without_population_is_refused_naming_the_municipality():
    towns = three_towns()
    towns[2].population_figures.all().delete()
    cost_model = cost_model_of(
        towns=towns, key="base_population", population_date=END_2019, base_amount=Decimal(10)
    )

    with pytest.raises(ValidationError) as excinfo:
        allocation(cost_model)

    assert excinfo.value.messages == [
        "Für Brandis ist keine Einwohnerzahl zum Stichtag 31.12.2019 hinterlegt."
    ]


# allocation: always to the cent


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    total=st.decimals(min_value=Decimal("0"), max_value=Decimal("9999999.99"), places=2),
    values=st.lists(st.integers(min_value=1, max_value=60000), min_size=1, max_size=7),
    key=st.sampled_from(["population", "equal", "cases", "staff_hours", "base_population"]),
)
def test_allocation_shares_sum_to_the_total_for_every_key(total, values, key):
    base = Decimal("0.00") if key != "base_population" else (total / 10 / len(values))
    cost_model = CostModelFactory(
        key=key,
        population_date=END_2019,
        figures_year=2019,
        base_amount=base.quantize(Decimal("0.01"), rounding="ROUND_FLOOR"),
    )
    CostItemFactory(cost_model=cost_model, kind="material", amount=total)
    towns = [MunicipalityFactory(population=value, population_date=END_2019) for value in values]
    cost_model.municipalities.set(towns)
    for town, value in zip(towns, values, strict=True):
        kind = "hours" if key == "staff_hours" else "cases"
        KeyFigureFactory(cost_model=cost_model, municipality=town, kind=kind, value=value)

    result = allocation(cost_model)

    assert sum(line.share for line in result.lines) == total
    assert all(abs(line.share - line.exact_share) < Decimal("0.01") for line in result.lines)


# Constraints of the new fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"key": "cases"},
            "Bitte geben Sie bei einem Schlüssel nach Fallzahlen oder Personalanteilen das "
            "Jahr der Zahlen an.",
        ),
        (
            {"key": "staff_fte"},
            "Bitte geben Sie bei einem Schlüssel nach Fallzahlen oder Personalanteilen das "
            "Jahr der Zahlen an.",
        ),
        (
            {"key": "base_population", "population_date": END_2019},
            "Bitte geben Sie bei Sockelbetrag plus Einwohneranteil den Sockelbetrag an "
            "(null oder mehr).",
        ),
        (
            {
                "key": "base_population",
                "population_date": END_2019,
                "base_amount": Decimal("-1"),
            },
            "Bitte geben Sie bei Sockelbetrag plus Einwohneranteil den Sockelbetrag an "
            "(null oder mehr).",
        ),
    ],
)
def test_cost_model_key_without_its_reference_data_is_refused(fields, message):
    cost_model = CostModel(cooperation=CooperationFactory(), name="Lohnbuchhaltung", **fields)

    with pytest.raises(ValidationError) as excinfo:
        cost_model.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        cost_model.save()

    assert excinfo.value.message_dict == {"__all__": [message]}


@pytest.mark.django_db
def test_key_figure_twice_for_the_same_year_and_kind_is_refused_another_year_accepted():
    figure = KeyFigureFactory(year=2019)
    again = KeyFigure(
        cost_model=figure.cost_model,
        municipality=figure.municipality,
        kind=figure.kind,
        year=2019,
        value=3,
    )
    next_year = KeyFigure(
        cost_model=figure.cost_model,
        municipality=figure.municipality,
        kind=figure.kind,
        year=2020,
        value=3,
    )

    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    next_year.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Für diese Kommune ist diese Zahl für dieses Jahr bereits hinterlegt."]
    }


# compare_scenarios


def payroll(cooperation, scenarios: dict, status_quo=Decimal("400.00")):
    """The cost check "Lohnbuchhaltung" with a scenario per (label: municipalities)."""
    for label, (towns, total) in scenarios.items():
        cost_model = CostModelFactory(
            cooperation=cooperation,
            name="Lohnbuchhaltung",
            scenario=label,
            key="population",
            population_date=END_2019,
        )
        CostItemFactory(cost_model=cost_model, kind="material", amount=Decimal(total))
        cost_model.municipalities.set(towns)
        for town in towns:
            StatusQuoCostFactory(cost_model=cost_model, municipality=town, annual_cost=status_quo)


@pytest.mark.django_db
def test_compare_scenarios_puts_each_municipalitys_share_per_scenario_side_by_side():
    cooperation = CooperationFactory()
    naunhof, belgershain, brandis = three_towns()
    payroll(
        cooperation,
        {
            "3 Kommunen": ([naunhof, belgershain, brandis], "1000.00"),
            "2 Kommunen": ([naunhof, brandis], "900.00"),
        },
    )
    CostModelFactory(cooperation=cooperation, name="Archiv")

    comparison = compare_scenarios(cooperation, "Lohnbuchhaltung")

    assert [scenario.label for scenario in comparison.scenarios] == ["2 Kommunen", "3 Kommunen"]
    assert [
        (row.municipality.name, [cell.share if cell else None for cell in row.cells])
        for row in comparison.rows
    ] == [
        ("Belgershain", [None, Decimal("153.83")]),
        ("Brandis", [Decimal("472.00"), Decimal("443.77")]),
        ("Naunhof", [Decimal("428.00"), Decimal("402.40")]),
    ]
    assert [
        (allocation.total, allocation.status_quo_total, allocation.saving_total)
        for allocation in comparison.allocations
    ] == [
        (Decimal("900.00"), Decimal("800.00"), Decimal("-100.00")),
        (Decimal("1000.00"), Decimal("1200.00"), Decimal("200.00")),
    ]


@pytest.mark.django_db
def test_compare_scenarios_keeps_a_scenario_with_missing_figures_with_its_error():
    cooperation = CooperationFactory()
    naunhof, belgershain, brandis = three_towns()
    payroll(cooperation, {"A": ([naunhof], "100.00")})
    broken = CostModelFactory(
        cooperation=cooperation,
        name="Lohnbuchhaltung",
        scenario="B",
        key="cases",
        figures_year=2019,
    )
    broken.municipalities.set([brandis])

    comparison = compare_scenarios(cooperation, "Lohnbuchhaltung")

    assert [(s.label, s.allocation is None, s.error) for s in comparison.scenarios] == [
        ("A", False, None),
        ("B", True, "Für Brandis sind keine Fallzahlen des Jahres 2019 hinterlegt."),
    ]
    assert [(row.municipality, len(row.cells)) for row in comparison.rows] == [(naunhof, 2)]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_compare_scenarios_takes_the_same_queries_for_more_scenarios_and_municipalities(
    size, django_assert_num_queries
):
    cooperation = CooperationFactory()
    towns = [
        MunicipalityFactory(population=1000 + index, population_date=END_2019)
        for index in range(2 * size)
    ]
    payroll(
        cooperation,
        {f"{count} Kommunen": (towns[:count], "1000.00") for count in range(1, 2 * size + 1)},
    )

    with django_assert_num_queries(6):
        comparison = compare_scenarios(cooperation, "Lohnbuchhaltung")

    assert (len(comparison.scenarios), len(comparison.rows)) == (2 * size, 2 * size)


# The chart


@pytest.mark.django_db
def test_allocation_chart_svg_has_a_bar_per_municipality_and_scenario_and_a_text_alternative():
    cooperation = CooperationFactory()
    naunhof, belgershain, brandis = three_towns()
    payroll(
        cooperation,
        {
            "3 Kommunen": ([naunhof, belgershain, brandis], "1000.00"),
            "2 Kommunen": ([naunhof, brandis], "900.00"),
        },
    )

    svg = ElementTree.fromstring(
        allocation_chart_svg(compare_scenarios(cooperation, "Lohnbuchhaltung"))
    )

    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Anteile an Lohnbuchhaltung nach Szenario"
    assert svg.find(f"{SVG}desc").text == (
        "Belgershain: 3 Kommunen 153,83 €; "
        "Brandis: 2 Kommunen 472,00 €, 3 Kommunen 443,77 €; "
        "Naunhof: 2 Kommunen 428,00 €, 3 Kommunen 402,40 €."
    )
    bars = [rect.find(f"{SVG}title").text for rect in svg.iter(f"{SVG}rect") if len(rect)]
    assert len(bars) == 5


@pytest.mark.django_db
def test_allocation_chart_svg_of_one_allocation_shows_share_and_status_quo():
    cooperation = CooperationFactory()
    naunhof = MunicipalityFactory(name="Naunhof", population=8774, population_date=END_2019)
    payroll(cooperation, {"": ([naunhof], "1234.50")}, status_quo=Decimal("2000.00"))

    svg = ElementTree.fromstring(
        allocation_chart_svg(allocation(CostModel.objects.get(name="Lohnbuchhaltung")))
    )

    assert svg.find(f"{SVG}desc").text == "Naunhof: Anteil 1.234,50 €, Status quo 2.000,00 €."
