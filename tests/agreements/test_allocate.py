"""allocate(): exact to the cent, always summing to the total (largest remainder)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ikz.agreements.costs import allocate

CENT = Fraction(1, 100)

totals = st.decimals(min_value=0, max_value=Decimal("10000000"), places=2)
positive_weights = st.one_of(
    st.integers(min_value=1, max_value=1_000_000),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000000"), places=3),
)
weight_lists = st.lists(positive_weights, min_size=1, max_size=12)


def keyed(weights):
    return {f"Kommune {index}": weight for index, weight in enumerate(weights)}


@settings(max_examples=200, deadline=None)
@given(total=totals, weights=weight_lists)
def test_allocate_shares_sum_exactly_to_the_total(total, weights):
    shares = allocate(total, keyed(weights))

    assert sum(shares.values()) == total


@settings(max_examples=200, deadline=None)
@given(total=totals, weights=weight_lists)
def test_allocate_each_share_is_within_a_cent_of_its_exact_share(total, weights):
    weight_sum = sum(Fraction(weight) for weight in weights)

    shares = allocate(total, keyed(weights))

    exact = {
        key: Fraction(total) * Fraction(weight) / weight_sum
        for key, weight in keyed(weights).items()
    }
    assert all(abs(Fraction(shares[key]) - exact[key]) < CENT for key in exact)


@settings(max_examples=200, deadline=None)
@given(total=totals, weights=weight_lists)
def test_allocate_shares_are_cents_keyed_in_the_weights_order(total, weights):
    shares = allocate(total, keyed(weights))

    assert (list(shares), [share.as_tuple().exponent for share in shares.values()]) == (
        list(keyed(weights)),
        [-2] * len(weights),
    )


@settings(max_examples=100, deadline=None)
@given(total=totals, weights=weight_lists)
def test_allocate_zero_weight_gets_nothing(total, weights):
    shares = allocate(total, {**keyed(weights), "ohne Anteil": 0})

    assert shares["ohne Anteil"] == Decimal("0.00")


def test_allocate_100_euros_by_thirds_gives_the_first_key_the_extra_cent():
    shares = allocate(Decimal("100.00"), {"Belgershain": 1, "Borsdorf": 1, "Brandis": 1})

    assert shares == {
        "Belgershain": Decimal("33.34"),
        "Borsdorf": Decimal("33.33"),
        "Brandis": Decimal("33.33"),
    }


def test_allocate_ties_go_to_the_earlier_key_not_the_alphabetically_first():
    shares = allocate(Decimal("100.00"), {"Naunhof": 1, "Brandis": 1, "Machern": 1})

    assert shares == {
        "Naunhof": Decimal("33.34"),
        "Brandis": Decimal("33.33"),
        "Machern": Decimal("33.33"),
    }


def test_allocate_ties_are_deterministic_for_several_left_cents():
    shares = allocate(Decimal("0.02"), {"a": 1, "b": 1, "c": 1})

    assert shares == {"a": Decimal("0.01"), "b": Decimal("0.01"), "c": Decimal("0.00")}


def test_allocate_left_cent_goes_to_the_largest_remainder():
    # Exact shares 33.333… and 66.666… cents: the second has the larger remainder.
    shares = allocate(Decimal("1.00"), {"a": 1, "b": 2})

    assert shares == {"a": Decimal("0.33"), "b": Decimal("0.67")}


def test_allocate_by_population():
    # Exact cents: 15382.4986…, 44377.1785…, 40240.3229…; one cent left for Belgershain.
    shares = allocate(Decimal("1000.00"), {"Belgershain": 3354, "Brandis": 9676, "Naunhof": 8774})

    assert shares == {
        "Belgershain": Decimal("153.83"),
        "Brandis": Decimal("443.77"),
        "Naunhof": Decimal("402.40"),
    }


def test_allocate_exact_split_needs_no_rounding():
    shares = allocate(Decimal("90.00"), {"a": 1, "b": 2})

    assert shares == {"a": Decimal("30.00"), "b": Decimal("60.00")}


def test_allocate_accepts_an_integer_total_and_decimal_weights():
    shares = allocate(10, {"a": Decimal("0.5"), "b": Decimal("1.5")})

    assert shares == {"a": Decimal("2.50"), "b": Decimal("7.50")}


def test_allocate_zero_total_gives_zero_shares():
    shares = allocate(Decimal("0"), {"a": 1, "b": 3})

    assert shares == {"a": Decimal("0.00"), "b": Decimal("0.00")}


def test_allocate_negative_total_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        allocate(Decimal("-0.01"), {"a": 1})

    assert excinfo.value.messages == ["Der zu verteilende Gesamtbetrag darf nicht negativ sein."]


def test_allocate_negative_weight_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        allocate(Decimal("100.00"), {"a": 2, "b": -1})

    assert excinfo.value.messages == [
        "Die Gewichte des Verteilungsschlüssels dürfen nicht negativ sein."
    ]


@pytest.mark.parametrize("weights", [{"a": 0, "b": 0}, {"a": Decimal("0.000")}, {}])
def test_allocate_without_a_positive_weight_is_refused(weights):
    with pytest.raises(ValidationError) as excinfo:
        allocate(Decimal("100.00"), weights)

    assert excinfo.value.messages == [
        "Mindestens ein Gewicht des Verteilungsschlüssels muss größer als null sein."
    ]
