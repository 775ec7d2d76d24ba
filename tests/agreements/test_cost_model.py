"""Cost models: annual cost, weights per allocation key, the split, and the constraints."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ikz.agreements.costs import allocation, cost_breakdown
from ikz.agreements.models import CostItem, CostModel, KeyFigure
from tests.factories import (
    CooperationFactory,
    CostItemFactory,
    CostModelFactory,
    MunicipalityFactory,
)

END_2019 = datetime.date(2019, 12, 31)
MIXED_ERROR = "Die Gewichte eines gemischten Schlüssels müssen zusammen 100 % ergeben."
POPULATION_DATE_ERROR = (
    "Bitte geben Sie bei einem Schlüssel nach Einwohnern den Stichtag der Einwohnerzahlen an."
)
COST_ITEM_ERROR = (
    "Bitte geben Sie bei Personalkosten die VZÄ und die Jahreskosten je VZÄ an, bei "
    "Sachkosten einen Betrag, bei Gemeinkosten einen Prozentsatz und bei Einmalkosten einen "
    "Betrag sowie die Anzahl der Jahre, auf die sie verteilt werden."
)


def cost_model_with(items, **fields):
    cost_model = CostModelFactory(**fields)
    for kind, values in items:
        CostItemFactory(cost_model=cost_model, kind=kind, label=kind, **values)
    return cost_model


def annual_cost(cost_model):
    return cost_breakdown(cost_model).total


def allocation_weights(cost_model):
    return {line.municipality: line.weight for line in allocation(cost_model).lines}


def allocate_cost_model(cost_model):
    return {line.municipality: line.share for line in allocation(cost_model).lines}


def members(cost_model, *specs):
    """Paying municipalities as (name, population, population date)."""
    municipalities = [
        MunicipalityFactory(name=name, population=population, population_date=as_of)
        for name, population, as_of in specs
    ]
    cost_model.municipalities.set(municipalities)
    return municipalities


# annual_cost


@pytest.mark.django_db
def test_annual_cost_adds_staff_material_overhead_and_spread_one_off_costs():
    cost_model = cost_model_with(
        [
            (
                "staff",
                {"fte": Decimal("0.5"), "annual_cost_per_fte": Decimal("60000.00"), "amount": None},
            ),
            ("material", {"amount": Decimal("2000.00")}),
            ("overhead", {"overhead_percent": Decimal("10.00"), "amount": None}),
            ("one_off", {"amount": Decimal("9000.00"), "spread_years": 3}),
        ]
    )

    # direct 30,000 + 2,000; overhead 10 % of that 3,200; one-off 9,000 / 3 = 3,000
    assert annual_cost(cost_model) == Decimal("38200.00")


@pytest.mark.django_db
def test_annual_cost_overhead_is_a_percentage_of_staff_and_material_only():
    cost_model = cost_model_with(
        [
            ("material", {"amount": Decimal("1000.00")}),
            ("overhead", {"overhead_percent": Decimal("15.00"), "amount": None}),
            ("one_off", {"amount": Decimal("3000.00"), "spread_years": 3}),
        ]
    )

    assert annual_cost(cost_model) == Decimal("2150.00")


@pytest.mark.django_db
def test_annual_cost_several_overheads_each_apply_to_the_direct_costs():
    cost_model = cost_model_with(
        [
            ("material", {"amount": Decimal("1000.00")}),
            ("overhead", {"overhead_percent": Decimal("10.00"), "amount": None}),
            ("overhead", {"overhead_percent": Decimal("5.00"), "amount": None}),
        ]
    )

    assert annual_cost(cost_model) == Decimal("1150.00")


@pytest.mark.django_db
def test_annual_cost_rounds_to_the_cent():
    cost_model = cost_model_with([("one_off", {"amount": Decimal("1000.00"), "spread_years": 3})])

    assert annual_cost(cost_model) == Decimal("333.33")


@pytest.mark.django_db
def test_annual_cost_rounds_half_a_cent_up():
    cost_model = cost_model_with([("one_off", {"amount": Decimal("0.05"), "spread_years": 2})])

    assert annual_cost(cost_model) == Decimal("0.03")


@pytest.mark.django_db
def test_annual_cost_without_items_is_zero():
    cost_model = CostModelFactory()

    assert annual_cost(cost_model) == Decimal("0.00")


# weights and shares of allocation()


@pytest.mark.django_db
def test_allocation_weights_population_uses_figures_of_the_models_date():
    cost_model = CostModelFactory(key="population", population_date=END_2019)
    brandis, belgershain = members(
        cost_model, ("Brandis", 9676, END_2019), ("Belgershain", 3354, END_2019)
    )

    weights = allocation_weights(cost_model)

    assert list(weights.items()) == [(belgershain, Decimal(3354)), (brandis, Decimal(9676))]


@pytest.mark.django_db
def test_allocation_weights_population_of_another_date_is_refused_naming_the_municipality():
    cost_model = CostModelFactory(key="population", population_date=END_2019)
    members(
        cost_model,
        ("Belgershain", 3354, END_2019),
        ("Brandis", 9676, datetime.date(2022, 12, 31)),
    )

    with pytest.raises(ValidationError) as excinfo:
        allocation_weights(cost_model)

    assert excinfo.value.messages == [
        "Für Brandis ist keine Einwohnerzahl zum Stichtag 31.12.2019 hinterlegt."
    ]


@pytest.mark.django_db
def test_allocation_weights_population_missing_is_refused_naming_the_municipality():
    cost_model = CostModelFactory(key="population", population_date=END_2019)
    members(cost_model, ("Belgershain", 3354, END_2019), ("Machern", None, None))

    with pytest.raises(ValidationError) as excinfo:
        allocation_weights(cost_model)

    assert excinfo.value.messages == [
        "Für Machern ist keine Einwohnerzahl zum Stichtag 31.12.2019 hinterlegt."
    ]


@pytest.mark.django_db
def test_allocation_weights_equal_gives_everyone_one_share():
    cost_model = CostModelFactory(key="equal")
    naunhof, borsdorf = members(cost_model, ("Naunhof", 8774, END_2019), ("Borsdorf", None, None))

    weights = allocation_weights(cost_model)

    assert list(weights.items()) == [(borsdorf, Decimal(1)), (naunhof, Decimal(1))]


@pytest.mark.django_db
def test_allocation_weights_cases_uses_the_case_numbers():
    cost_model = CostModelFactory(key="cases", figures_year=2019)
    naunhof, brandis = members(cost_model, ("Naunhof", 8774, END_2019), ("Brandis", 9676, END_2019))
    KeyFigure.objects.create(cost_model=cost_model, municipality=naunhof, year=2019, value=120)
    KeyFigure.objects.create(cost_model=cost_model, municipality=brandis, year=2019, value=80)

    weights = allocation_weights(cost_model)

    assert list(weights.items()) == [(brandis, Decimal(80)), (naunhof, Decimal(120))]


@pytest.mark.django_db
def test_allocation_weights_cases_missing_are_refused_naming_the_municipality():
    cost_model = CostModelFactory(key="cases", figures_year=2019)
    naunhof, _ = members(cost_model, ("Naunhof", 8774, END_2019), ("Brandis", 9676, END_2019))
    KeyFigure.objects.create(cost_model=cost_model, municipality=naunhof, year=2019, value=120)

    with pytest.raises(ValidationError) as excinfo:
        allocation_weights(cost_model)

    assert excinfo.value.messages == [
        "Für Brandis sind keine Fallzahlen des Jahres 2019 hinterlegt."
    ]


@pytest.mark.django_db
def test_allocation_weights_mixed_population_and_equal():
    cost_model = CostModelFactory(
        key="mixed", weight_population=50, weight_equal=50, population_date=END_2019
    )
    big, small = members(cost_model, ("Alpha", 3000, END_2019), ("Beta", 1000, END_2019))

    weights = allocation_weights(cost_model)

    # 50 × 3000/4000 + 50/2 and 50 × 1000/4000 + 50/2
    assert weights == {big: Decimal("62.5"), small: Decimal("37.5")}


@pytest.mark.django_db
def test_allocation_weights_mixed_of_all_three_parts_add_up_to_100():
    cost_model = CostModelFactory(
        key="mixed",
        weight_population=40,
        weight_equal=40,
        weight_cases=20,
        population_date=END_2019,
        figures_year=2019,
    )
    alpha, beta = members(cost_model, ("Alpha", 3000, END_2019), ("Beta", 1000, END_2019))
    KeyFigure.objects.create(cost_model=cost_model, municipality=alpha, year=2019, value=10)
    KeyFigure.objects.create(cost_model=cost_model, municipality=beta, year=2019, value=30)

    weights = allocation_weights(cost_model)

    # Alpha: 40 × 3/4 + 40/2 + 20 × 1/4 = 55; Beta: 40 × 1/4 + 40/2 + 20 × 3/4 = 45
    assert (weights, sum(weights.values())) == (
        {alpha: Decimal(55), beta: Decimal(45)},
        Decimal(100),
    )


@pytest.mark.django_db
def test_allocation_weights_mixed_without_population_part_ignores_population_dates():
    cost_model = CostModelFactory(key="mixed", weight_equal=60, weight_cases=40, figures_year=2019)
    alpha, beta = members(
        cost_model, ("Alpha", None, None), ("Beta", 1000, datetime.date(2022, 12, 31))
    )
    KeyFigure.objects.create(cost_model=cost_model, municipality=alpha, year=2019, value=1)
    KeyFigure.objects.create(cost_model=cost_model, municipality=beta, year=2019, value=3)

    weights = allocation_weights(cost_model)

    assert weights == {alpha: Decimal(40), beta: Decimal(60)}


@pytest.mark.django_db
def test_allocation_weights_mixed_with_cases_part_needs_case_numbers():
    cost_model = CostModelFactory(key="mixed", weight_equal=60, weight_cases=40, figures_year=2019)
    members(cost_model, ("Alpha", None, None))

    with pytest.raises(ValidationError) as excinfo:
        allocation_weights(cost_model)

    assert excinfo.value.messages == ["Für Alpha sind keine Fallzahlen des Jahres 2019 hinterlegt."]


@pytest.mark.django_db
def test_allocation_weights_without_paying_municipalities_is_refused():
    cost_model = CostModelFactory(key="equal")

    with pytest.raises(ValidationError) as excinfo:
        allocation_weights(cost_model)

    assert excinfo.value.messages == ["Im Kostenmodell sind keine zahlenden Kommunen eingetragen."]


@pytest.mark.django_db
def test_allocate_cost_model_equal_shares_to_the_cent_in_name_order():
    cost_model = cost_model_with([("material", {"amount": Decimal("100.00")})], key="equal")
    gamma, alpha, beta = members(
        cost_model, ("Gamma", 1, END_2019), ("Alpha", 1, END_2019), ("Beta", 1, END_2019)
    )

    shares = allocate_cost_model(cost_model)

    assert list(shares.items()) == [
        (alpha, Decimal("33.34")),
        (beta, Decimal("33.33")),
        (gamma, Decimal("33.33")),
    ]


@pytest.mark.django_db
def test_allocate_cost_model_by_population():
    cost_model = cost_model_with(
        [("material", {"amount": Decimal("1000.00")})], key="population", population_date=END_2019
    )
    belgershain, brandis, naunhof = members(
        cost_model,
        ("Belgershain", 3354, END_2019),
        ("Brandis", 9676, END_2019),
        ("Naunhof", 8774, END_2019),
    )

    shares = allocate_cost_model(cost_model)

    assert shares == {
        belgershain: Decimal("153.83"),
        brandis: Decimal("443.77"),
        naunhof: Decimal("402.40"),
    }


# CostModel constraints


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {
            "key": "mixed",
            "weight_population": 50,
            "weight_equal": 30,
            "weight_cases": 20,
            "population_date": END_2019,
            "figures_year": 2019,
        },
        {"key": "mixed", "weight_equal": 100},
        {"key": "population", "population_date": END_2019},
        {"key": "equal"},
        {"key": "cases", "weight_population": 10, "figures_year": 2019},
    ],
)
def test_cost_model_valid_keys_are_accepted(fields):
    cost_model = CostModel(cooperation=CooperationFactory(), name="Archiv", **fields)

    cost_model.full_clean()
    cost_model.save()

    assert CostModel.objects.get(pk=cost_model.pk).key == fields["key"]


@pytest.mark.django_db
@pytest.mark.parametrize(("population", "equal", "cases"), [(50, 30, 10), (50, 30, 30), (0, 0, 0)])
def test_cost_model_mixed_weights_not_adding_to_100_rejected_in_full_clean(
    population, equal, cases
):
    cost_model = CostModel(
        cooperation=CooperationFactory(),
        name="Archiv",
        key="mixed",
        weight_population=population,
        weight_equal=equal,
        weight_cases=cases,
        population_date=END_2019,
        figures_year=2019,
    )

    with pytest.raises(ValidationError) as excinfo:
        cost_model.full_clean()

    assert excinfo.value.message_dict == {"__all__": [MIXED_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize(("population", "equal", "cases"), [(50, 30, 10), (50, 30, 30), (0, 0, 0)])
def test_cost_model_mixed_weights_not_adding_to_100_rejected_in_database(population, equal, cases):
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CostModel.objects.create(
            cooperation=cooperation,
            name="Archiv",
            key="mixed",
            weight_population=population,
            weight_equal=equal,
            weight_cases=cases,
            population_date=END_2019,
        )


@pytest.mark.django_db
def test_cost_model_population_key_without_date_rejected_in_full_clean():
    cost_model = CostModel(cooperation=CooperationFactory(), name="Archiv", key="population")

    with pytest.raises(ValidationError) as excinfo:
        cost_model.full_clean()

    assert excinfo.value.message_dict == {"__all__": [POPULATION_DATE_ERROR]}


@pytest.mark.django_db
def test_cost_model_population_key_without_date_rejected_in_database():
    cooperation = CooperationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CostModel.objects.create(cooperation=cooperation, name="Archiv", key="population")


@pytest.mark.django_db
def test_cost_model_name_and_scenario_twice_rejected_in_full_clean():
    existing = CostModelFactory(name="Archiv", scenario="A")
    cost_model = CostModel(
        cooperation=existing.cooperation, name="Archiv", scenario="A", key="equal"
    )

    with pytest.raises(ValidationError) as excinfo:
        cost_model.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Ein Kostenmodell mit diesem Namen und diesem Szenario ist bereits vorhanden."]
    }


@pytest.mark.django_db
def test_cost_model_same_name_in_another_scenario_is_accepted():
    existing = CostModelFactory(name="Archiv", scenario="A")
    cost_model = CostModel(
        cooperation=existing.cooperation, name="Archiv", scenario="B", key="equal"
    )

    cost_model.full_clean()
    cost_model.save()

    assert CostModel.objects.filter(name="Archiv").count() == 2


# CostItem constraint

VALID_ITEMS = [
    pytest.param(
        {"kind": "staff", "fte": Decimal("0.5"), "annual_cost_per_fte": Decimal("60000")},
        id="staff",
    ),
    pytest.param(
        {"kind": "staff", "fte": Decimal("1"), "annual_cost_per_fte": Decimal("0")}, id="staff-free"
    ),
    pytest.param({"kind": "material", "amount": Decimal("2000")}, id="material"),
    pytest.param({"kind": "material", "amount": Decimal("0")}, id="material-zero"),
    pytest.param({"kind": "overhead", "overhead_percent": Decimal("10")}, id="overhead"),
    pytest.param({"kind": "one_off", "amount": Decimal("9000"), "spread_years": 3}, id="one-off"),
    pytest.param(
        {"kind": "one_off", "amount": Decimal("9000"), "spread_years": 1}, id="one-off-1y"
    ),
]
INVALID_ITEMS = [
    pytest.param(
        {"kind": "staff", "fte": Decimal("0"), "annual_cost_per_fte": Decimal("60000")},
        id="staff-zero-fte",
    ),
    pytest.param(
        {"kind": "staff", "fte": Decimal("1"), "annual_cost_per_fte": Decimal("-1")},
        id="staff-negative-cost",
    ),
    pytest.param({"kind": "material", "amount": Decimal("-1")}, id="material-negative"),
    pytest.param({"kind": "overhead", "overhead_percent": Decimal("-5")}, id="overhead-negative"),
    pytest.param(
        {"kind": "one_off", "amount": Decimal("9000"), "spread_years": 0}, id="one-off-zero-years"
    ),
    pytest.param(
        {"kind": "one_off", "amount": Decimal("-1"), "spread_years": 3}, id="one-off-negative"
    ),
]
MISSING_ITEM_FIELDS = [
    pytest.param(
        {"kind": "staff", "annual_cost_per_fte": Decimal("60000")}, id="staff-without-fte"
    ),
    pytest.param({"kind": "staff", "fte": Decimal("1")}, id="staff-without-cost"),
    pytest.param({"kind": "material"}, id="material-without-amount"),
    pytest.param({"kind": "overhead"}, id="overhead-without-percent"),
    pytest.param({"kind": "one_off", "spread_years": 3}, id="one-off-without-amount"),
    pytest.param({"kind": "one_off", "amount": Decimal("9000")}, id="one-off-without-years"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("fields", VALID_ITEMS)
def test_cost_item_fields_matching_kind_are_accepted(fields):
    item = CostItem(cost_model=CostModelFactory(), label="Posten", **fields)

    item.full_clean()
    item.save()

    assert CostItem.objects.get(pk=item.pk).kind == fields["kind"]


@pytest.mark.django_db
@pytest.mark.parametrize("fields", INVALID_ITEMS + MISSING_ITEM_FIELDS)
def test_cost_item_fields_not_matching_kind_rejected_in_full_clean(fields):
    item = CostItem(cost_model=CostModelFactory(), label="Posten", **fields)

    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()

    assert excinfo.value.message_dict == {"__all__": [COST_ITEM_ERROR]}


@pytest.mark.django_db
@pytest.mark.parametrize("fields", INVALID_ITEMS + MISSING_ITEM_FIELDS)
def test_cost_item_fields_not_matching_kind_rejected_in_database(fields):
    cost_model = CostModelFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CostItem.objects.create(cost_model=cost_model, label="Posten", **fields)
