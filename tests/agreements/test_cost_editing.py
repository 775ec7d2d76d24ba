"""Keeping a cost check: scenarios created, edited and copied, cost items, key figures
and status-quo costs, settlements; each refused with its message and nothing stored
where a rule is broken, and refused on an older version."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ikz.agreements.cost_editing import (
    add_cost_item,
    copy_scenario,
    create_cost_model,
    create_settlement,
    delete_cost_item,
    edit_cost_item,
    edit_cost_model,
    key_figures_version,
    set_key_figures,
    set_status_quo_costs,
    status_quo_version,
)
from ikz.agreements.costs import allocation
from ikz.agreements.models import CostItem, CostModel, KeyFigure, Settlement, StatusQuoCost
from ikz.core.versions import VersionConflict, current_version
from tests.factories import (
    AgreementFactory,
    CooperationFactory,
    KeyFigureFactory,
    MeasureFactory,
    MunicipalityFactory,
    StatusQuoCostFactory,
)

pytestmark = pytest.mark.django_db
SETTINGS = {
    "name": "Gewerbeamt",
    "scenario": "3 Kommunen",
    "measure": None,
    "key": "cases",
    "weight_population": 0,
    "weight_equal": 0,
    "weight_cases": 0,
    "population_date": None,
    "figures_year": 2022,
    "base_amount": None,
}


@pytest.fixture
def towns():
    return [MunicipalityFactory(name=name) for name in ("Borsdorf", "Naunhof")]


@pytest.fixture
def plan(towns):
    cost_model = create_cost_model(
        cooperation=CooperationFactory(), municipalities=towns, **SETTINGS
    )
    add_cost_item(cost_model, kind="material", label="Software", amount=Decimal("1000"))
    return cost_model


def test_a_new_cost_check_is_its_first_scenario_with_its_paying_municipalities(plan, towns):
    assert (plan.name, plan.scenario, plan.key, plan.figures_year) == (
        "Gewerbeamt", "3 Kommunen", "cases", 2022,
    )  # fmt: skip
    assert list(plan.municipalities.order_by("name")) == towns


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"figures_year": None}, "__all__", "Fallzahlen oder Personalanteilen"),
        ({"key": "population"}, "__all__", "Stichtag"),
        ({"key": "mixed", "weight_population": 50}, "__all__", "100"),
    ],
)
def test_a_scenario_missing_what_its_key_needs_is_refused(towns, change, field, message):
    cooperation = CooperationFactory()
    with pytest.raises(ValidationError) as refused:
        create_cost_model(cooperation=cooperation, municipalities=towns, **SETTINGS | change)

    assert message in " ".join(refused.value.message_dict[field])
    assert not CostModel.objects.exists()


def test_a_scenario_without_paying_municipalities_or_with_another_cooperations_measure_is_refused():
    cooperation = CooperationFactory()
    with pytest.raises(ValidationError) as refused:
        create_cost_model(
            cooperation=cooperation, municipalities=[],
            **SETTINGS | {"measure": MeasureFactory()},
        )  # fmt: skip

    assert set(refused.value.message_dict) == {"measure", "municipalities"}
    assert not CostModel.objects.exists()


def test_a_scenario_is_edited_on_its_version_only(plan, towns):
    version = current_version(plan)
    edit_cost_model(
        plan, version=version, municipalities=towns[:1], **SETTINGS | {"scenario": "allein"}
    )
    plan.refresh_from_db()

    assert plan.scenario == "allein"
    assert list(plan.municipalities.all()) == towns[:1]
    with pytest.raises(VersionConflict):
        edit_cost_model(plan, version=version, municipalities=towns, **SETTINGS)
    plan.refresh_from_db()
    assert plan.scenario == "allein"


def test_a_copied_scenario_has_the_items_figures_and_status_quo_of_its_source(plan, towns):
    KeyFigureFactory(cost_model=plan, municipality=towns[0], year=2022, value=10)
    KeyFigureFactory(cost_model=plan, municipality=towns[1], year=2022, value=30)
    StatusQuoCostFactory(cost_model=plan, municipality=towns[0], annual_cost=500)

    copy = copy_scenario(plan, scenario="mit Landkreis")

    assert (copy.name, copy.scenario, copy.key) == ("Gewerbeamt", "mit Landkreis", "cases")
    assert [(i.kind, i.label, i.amount) for i in copy.items.all()] == [
        ("material", "Software", Decimal("1000.00"))
    ]
    assert [line.share for line in allocation(copy).lines] == [
        Decimal("250.00"), Decimal("750.00"),
    ]  # fmt: skip
    assert copy.status_quo_costs.get().annual_cost == 500
    assert plan.items.count() == 1  # the source keeps its own


def test_a_copy_under_a_taken_scenario_name_is_refused(plan):
    with pytest.raises(ValidationError, match="diesem Namen und diesem Szenario"):
        copy_scenario(plan, scenario="3 Kommunen")

    assert CostModel.objects.count() == 1


def test_a_cost_item_keeps_only_the_values_of_its_kind(plan):
    item = add_cost_item(
        plan, kind="staff", label="Sachbearbeitung", fte=Decimal("0.5"),
        annual_cost_per_fte=Decimal("60000"), amount=Decimal("99"),
    )  # fmt: skip

    assert (item.fte, item.annual_cost_per_fte, item.amount) == (
        Decimal("0.5"), Decimal("60000"), None,
    )  # fmt: skip


def test_a_cost_item_without_the_values_of_its_kind_is_refused(plan):
    with pytest.raises(ValidationError, match="bei Personalkosten die VZÄ"):
        add_cost_item(plan, kind="staff", label="Sachbearbeitung", amount=Decimal("10"))

    assert plan.items.count() == 1


def test_a_cost_item_is_edited_and_deleted_on_its_version_only(plan):
    item = plan.items.get()
    version = current_version(item)
    edit_cost_item(
        item, version=version, kind="one_off", label="Einrichtung", amount=Decimal("900"),
        spread_years=3,
    )  # fmt: skip
    item.refresh_from_db()
    assert (item.kind, item.amount, item.spread_years) == ("one_off", Decimal("900"), 3)

    with pytest.raises(VersionConflict):
        delete_cost_item(item, version=version)
    assert CostItem.objects.filter(pk=item.pk).exists()
    delete_cost_item(item, version=current_version(item))
    assert not CostItem.objects.filter(pk=item.pk).exists()


def test_key_figures_of_a_year_are_stored_changed_and_removed_per_municipality(plan, towns):
    set_key_figures(
        plan, kind="cases", year=2023, values={towns[0]: Decimal(12), towns[1]: Decimal(30)},
        version=key_figures_version(plan),
    )  # fmt: skip
    set_key_figures(
        plan, kind="cases", year=2023, values={towns[0]: Decimal(14), towns[1]: None},
        version=key_figures_version(plan),
    )  # fmt: skip

    assert list(KeyFigure.objects.values_list("municipality__name", "year", "value")) == [
        ("Borsdorf", 2023, Decimal("14.000"))
    ]


def test_key_figures_on_an_older_version_are_refused(plan, towns):
    stale = key_figures_version(plan)
    set_key_figures(plan, kind="cases", year=2023, values={towns[0]: Decimal(1)}, version=stale)
    with pytest.raises(VersionConflict):
        set_key_figures(plan, kind="cases", year=2023, values={towns[0]: Decimal(2)}, version=stale)

    assert KeyFigure.objects.get().value == 1


def test_status_quo_costs_are_stored_and_removed(plan, towns):
    set_status_quo_costs(
        plan, values={towns[0]: Decimal(800), towns[1]: None}, version=status_quo_version(plan)
    )
    assert list(StatusQuoCost.objects.values_list("municipality__name", "annual_cost")) == [
        ("Borsdorf", Decimal("800.00"))
    ]
    set_status_quo_costs(plan, values={towns[0]: None}, version=status_quo_version(plan))
    assert not StatusQuoCost.objects.exists()


def test_a_settlement_is_created_and_refused_with_another_cooperations_plan(plan):
    agreement = AgreementFactory(cooperation=plan.cooperation)
    settlement = create_settlement(
        agreement=agreement, cost_model=plan, year=2023, advance_schedule="quarterly",
        actual_annual_cost=Decimal("1200"),
    )  # fmt: skip
    assert settlement.pk

    with pytest.raises(ValidationError) as refused:
        create_settlement(
            agreement=AgreementFactory(), cost_model=plan, year=2023,
            advance_schedule="yearly", actual_annual_cost=Decimal("1"),
        )  # fmt: skip
    assert "cost_model" in refused.value.message_dict
    assert Settlement.objects.count() == 1


def test_an_overhead_item_needs_its_percentage(plan):
    with pytest.raises(ValidationError):
        add_cost_item(plan, kind="overhead", label="Gemeinkosten")
    assert plan.items.count() == 1
