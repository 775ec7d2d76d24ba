"""Cost allocation: exact to the cent, always summing to the total."""

from collections.abc import Hashable, Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ikz.agreements.models import CostItem, CostModel
from ikz.measures.models import AllocationKey

CENT = Decimal("0.01")


def allocate(total: Decimal, weights: Mapping[Hashable, Decimal | int]) -> dict:
    """Split ``total`` by ``weights`` into cent amounts that sum exactly to the total.

    Largest-remainder method: everyone gets the floor of their exact share in cents;
    the cents left go to the largest fractional remainders, ties to the earlier key,
    so the result is deterministic."""
    total = Decimal(total).quantize(CENT, rounding=ROUND_HALF_UP)
    if total < 0:
        raise ValidationError(_("A total to allocate cannot be negative."))
    weights = {key: Decimal(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in weights.values()):
        raise ValidationError(_("Allocation weights cannot be negative."))
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        raise ValidationError(_("At least one allocation weight must be above zero."))
    cents = int(total / CENT)
    exact = {key: cents * weight / weight_sum for key, weight in weights.items()}
    floors = {
        key: int(value.to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact.items()
    }
    left = cents - sum(floors.values())
    order = list(weights)
    by_remainder = sorted(order, key=lambda key: (-(exact[key] - floors[key]), order.index(key)))
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: Decimal(floors[key]) * CENT for key in order}


def annual_cost(cost_model: CostModel) -> Decimal:
    """Staff and material per year, overhead as a percentage of both, one-off costs
    spread evenly over their years."""
    items = list(cost_model.items.all())
    direct = Decimal(0)
    for item in items:
        if item.kind == CostItem.Kind.STAFF:
            direct += item.fte * item.annual_cost_per_fte
        elif item.kind == CostItem.Kind.MATERIAL:
            direct += item.amount
    overhead = sum(
        (
            direct * item.overhead_percent / 100
            for item in items
            if item.kind == CostItem.Kind.OVERHEAD
        ),
        Decimal(0),
    )
    one_off = sum(
        (item.amount / item.spread_years for item in items if item.kind == CostItem.Kind.ONE_OFF),
        Decimal(0),
    )
    return (direct + overhead + one_off).quantize(CENT, rounding=ROUND_HALF_UP)


def allocation_weights(cost_model: CostModel) -> dict:
    """Each paying municipality's weight under the model's key. A population key uses
    only figures of the model's reference date, so a split always names its basis."""
    municipalities = list(cost_model.municipalities.order_by("name"))
    if not municipalities:
        raise ValidationError(_("The cost model has no paying municipalities."))
    key = cost_model.key
    population = {}
    if key in (AllocationKey.POPULATION, AllocationKey.MIXED) and (
        key == AllocationKey.POPULATION or cost_model.weight_population
    ):
        for municipality in municipalities:
            if (
                municipality.population is None
                or municipality.population_date != cost_model.population_date
            ):
                raise ValidationError(
                    _("%(municipality)s has no population figure as of %(date)s.")
                    % {
                        "municipality": municipality.name,
                        "date": date_format(cost_model.population_date, "SHORT_DATE_FORMAT")
                        if cost_model.population_date
                        else "–",
                    }
                )
            population[municipality] = Decimal(municipality.population)
    cases = {}
    if key == AllocationKey.CASES or (key == AllocationKey.MIXED and cost_model.weight_cases):
        counts = {count.municipality_id: count.cases for count in cost_model.case_counts.all()}
        for municipality in municipalities:
            if municipality.pk not in counts:
                raise ValidationError(
                    _("%(municipality)s has no case numbers in this cost model.")
                    % {"municipality": municipality.name}
                )
            cases[municipality] = Decimal(counts[municipality.pk])
    if key == AllocationKey.POPULATION:
        return population
    if key == AllocationKey.CASES:
        return cases
    if key == AllocationKey.EQUAL:
        return {municipality: Decimal(1) for municipality in municipalities}
    # Mixed: each part is a share of 1, weighted by its percentage.
    count = Decimal(len(municipalities))
    population_sum = sum(population.values()) or Decimal(1)
    case_sum = sum(cases.values()) or Decimal(1)
    return {
        municipality: cost_model.weight_population
        * population.get(municipality, 0)
        / population_sum
        + cost_model.weight_equal / count
        + cost_model.weight_cases * cases.get(municipality, 0) / case_sum
        for municipality in municipalities
    }


def allocate_cost_model(cost_model: CostModel) -> dict:
    """Each paying municipality's annual share of the model's costs, in euros and cents."""
    return allocate(annual_cost(cost_model), allocation_weights(cost_model))
