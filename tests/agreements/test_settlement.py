"""The yearly settlement: advances from the plan, final shares from the year's actual cost
and figures, the difference per party, all to the cent."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikz.agreements.models import KeyFigure, Settlement
from ikz.agreements.settlement import settle
from tests.factories import (
    AgreementFactory,
    CostItemFactory,
    CostModelFactory,
    KeyFigureFactory,
    MunicipalityFactory,
    SettlementFactory,
)

END_2019 = datetime.date(2019, 12, 31)


def trade_office(plan_cases=(10, 20, 30), actual_cases=(12, 30, 18), plan="1000.00"):
    """The Gewerbeamt split by trade registrations: a plan of 2019, figures of 2020."""
    cost_model = CostModelFactory(name="Gewerbeamt", key="cases", figures_year=2019)
    CostItemFactory(cost_model=cost_model, kind="material", amount=Decimal(plan))
    towns = [
        MunicipalityFactory(name=name, population=1000, population_date=END_2019)
        for name in ("Borsdorf", "Großpösna", "Naunhof")
    ]
    cost_model.municipalities.set(towns)
    for year, values in ((2019, plan_cases), (2020, actual_cases)):
        for town, value in zip(towns, values, strict=True):
            KeyFigureFactory(cost_model=cost_model, municipality=town, year=year, value=value)
    agreement = AgreementFactory(cooperation=cost_model.cooperation, cost_model=cost_model)
    agreement.parties.set(towns)
    return cost_model, agreement


@pytest.mark.django_db
def test_settle_quarterly_advances_final_shares_and_differences():
    cost_model, agreement = trade_office()
    settlement = SettlementFactory(
        agreement=agreement, cost_model=cost_model, year=2020, actual_annual_cost=Decimal("1200")
    )

    statement = settle(settlement)

    assert statement.instalments == [
        "1. Quartal 2020",
        "2. Quartal 2020",
        "3. Quartal 2020",
        "4. Quartal 2020",
    ]
    assert [
        (
            line.municipality.name,
            line.plan.share,
            line.advances,
            line.final.share,
            line.difference,
            line.additional_payment,
            line.refund,
        )
        for line in statement.lines
    ] == [
        (
            "Borsdorf",
            Decimal("166.67"),
            [Decimal("41.67"), Decimal("41.67"), Decimal("41.67"), Decimal("41.66")],
            Decimal("240.00"),
            Decimal("73.33"),
            Decimal("73.33"),
            Decimal("0.00"),
        ),
        (
            "Großpösna",
            Decimal("333.33"),
            [Decimal("83.34"), Decimal("83.33"), Decimal("83.33"), Decimal("83.33")],
            Decimal("600.00"),
            Decimal("266.67"),
            Decimal("266.67"),
            Decimal("0.00"),
        ),
        (
            "Naunhof",
            Decimal("500.00"),
            [Decimal("125.00")] * 4,
            Decimal("360.00"),
            Decimal("-140.00"),
            Decimal("0.00"),
            Decimal("140.00"),
        ),
    ]
    assert (statement.plan.figures_year, statement.final.figures_year) == (2019, 2020)
    assert statement.difference_total == Decimal("200.00")


@pytest.mark.django_db
def test_settle_yearly_pays_the_plan_share_in_one_advance():
    cost_model, agreement = trade_office()
    settlement = SettlementFactory(
        agreement=agreement,
        cost_model=cost_model,
        year=2020,
        advance_schedule=Settlement.Schedule.YEARLY,
        actual_annual_cost=Decimal("900.00"),
    )

    statement = settle(settlement)

    assert statement.instalments == ["2020"]
    assert [line.advances for line in statement.lines] == [
        [Decimal("166.67")],
        [Decimal("333.33")],
        [Decimal("500.00")],
    ]


@pytest.mark.django_db
def test_settle_without_the_years_figures_is_refused_naming_the_municipality():
    cost_model, agreement = trade_office()
    KeyFigure.objects.filter(year=2020, municipality__name="Großpösna").delete()
    settlement = SettlementFactory(agreement=agreement, cost_model=cost_model, year=2020)

    with pytest.raises(ValidationError) as excinfo:
        settle(settlement)

    assert excinfo.value.messages == [
        "Für Großpösna sind keine Fallzahlen des Jahres 2020 hinterlegt."
    ]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2),
    actual=st.decimals(min_value=Decimal("0"), max_value=Decimal("999999.99"), places=2),
    plan_cases=st.tuples(*[st.integers(min_value=1, max_value=5000)] * 3),
    actual_cases=st.tuples(*[st.integers(min_value=1, max_value=5000)] * 3),
    schedule=st.sampled_from(Settlement.Schedule.values),
)
def test_settle_sums_are_exact_to_the_cent(plan, actual, plan_cases, actual_cases, schedule):
    cost_model, agreement = trade_office(plan_cases, actual_cases, plan=plan)
    settlement = SettlementFactory(
        agreement=agreement,
        cost_model=cost_model,
        year=2020,
        advance_schedule=schedule,
        actual_annual_cost=actual,
    )

    statement = settle(settlement)

    assert all(line.advance_total == line.plan.share for line in statement.lines)
    assert sum(line.advance_total for line in statement.lines) == plan
    assert sum(line.final.share for line in statement.lines) == actual
    assert sum(line.difference for line in statement.lines) == actual - plan
    assert all(
        max(line.advances) - min(line.advances) <= Decimal("0.01") for line in statement.lines
    )


@pytest.mark.django_db
def test_settlement_of_a_year_twice_is_refused():
    cost_model, agreement = trade_office()
    SettlementFactory(agreement=agreement, cost_model=cost_model, year=2020)
    again = Settlement(
        agreement=agreement, cost_model=cost_model, year=2020, actual_annual_cost=Decimal(1)
    )

    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()

    assert excinfo.value.message_dict == {
        "__all__": ["Für diese Vereinbarung gibt es bereits eine Abrechnung dieses Jahres."]
    }


@pytest.mark.django_db
def test_settlement_by_a_plan_of_another_cooperation_is_refused():
    cost_model, _agreement = trade_office()
    settlement = Settlement(
        agreement=AgreementFactory(), cost_model=cost_model, year=2020, actual_annual_cost=1
    )

    with pytest.raises(ValidationError) as excinfo:
        settlement.full_clean()

    assert excinfo.value.message_dict == {
        "cost_model": ["Der Plan muss ein Kostenmodell der Kooperation der Vereinbarung sein."]
    }
