"""The cost check (Kostenprüfung): a service's annual cost from its items, its split
between the paying municipalities by the model's key, exact to the cent and always
summing to the total, and the scenarios of one cost check side by side.

The functions read a cost model's ``items``, ``municipalities``, ``key_figures`` and
``status_quo_costs`` through ``.all()`` only, so a caller that prefetches them (as
``compare_scenarios`` does) pays no query per model."""

import datetime
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ikz.agreements.models import CostItem, CostModel, KeyFigure
from ikz.core.models import Cooperation, Municipality
from ikz.measures.models import AllocationKey

CENT = Decimal("0.01")
FIGURE_KIND = {
    AllocationKey.CASES: KeyFigure.Kind.CASES,
    AllocationKey.STAFF_FTE: KeyFigure.Kind.FTE,
    AllocationKey.STAFF_HOURS: KeyFigure.Kind.HOURS,
}


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: Mapping[Hashable, Decimal | int]) -> dict:
    """Split ``total`` by ``weights`` into cent amounts that sum exactly to the total.

    Largest-remainder method: everyone gets the floor of their exact share in cents;
    the cents left go to the largest fractional remainders, ties to the earlier key,
    so the result is deterministic."""
    total = cents(total)
    if total < 0:
        raise ValidationError(_("A total to allocate cannot be negative."))
    weights = {key: Decimal(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in weights.values()):
        raise ValidationError(_("Allocation weights cannot be negative."))
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        raise ValidationError(_("At least one allocation weight must be above zero."))
    total_cents = int(total / CENT)
    exact = {key: total_cents * weight / weight_sum for key, weight in weights.items()}
    floors = {
        key: int(value.to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact.items()
    }
    left = total_cents - sum(floors.values())
    order = list(weights)
    by_remainder = sorted(order, key=lambda key: (-(exact[key] - floors[key]), order.index(key)))
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: Decimal(floors[key]) * CENT for key in order}


# The annual cost


@dataclass(frozen=True)
class CostLine:
    """One cost item and what it adds to a year, to the cent."""

    item: CostItem
    annual: Decimal


@dataclass(frozen=True)
class CostBreakdown:
    """A cost model's annual cost: ``lines`` in the items' order; ``direct`` is staff
    plus material, each overhead a percentage of it; ``total`` the sum of the lines."""

    lines: list[CostLine]
    staff: Decimal
    material: Decimal
    overhead: Decimal
    one_off: Decimal

    @property
    def direct(self) -> Decimal:
        return self.staff + self.material

    @property
    def total(self) -> Decimal:
        return self.direct + self.overhead + self.one_off


def cost_breakdown(cost_model: CostModel) -> CostBreakdown:
    """Staff items (FTE × annual cost per FTE, employer costs included), material per
    year, overheads as a percentage of staff and material, one-off costs spread evenly
    over their years. Each line is rounded to the cent (half up) and the total is their
    sum, so a printed table adds up as a treasurer checks it."""
    items = list(cost_model.items.all())
    annual = {}
    for item in items:
        if item.kind == CostItem.Kind.STAFF:
            annual[item.pk] = cents(item.fte * item.annual_cost_per_fte)
        elif item.kind == CostItem.Kind.MATERIAL:
            annual[item.pk] = cents(item.amount)
        elif item.kind == CostItem.Kind.ONE_OFF:
            annual[item.pk] = cents(item.amount / item.spread_years)
    staff = sum((annual[i.pk] for i in items if i.kind == CostItem.Kind.STAFF), Decimal("0.00"))
    material = sum(
        (annual[i.pk] for i in items if i.kind == CostItem.Kind.MATERIAL), Decimal("0.00")
    )
    for item in items:
        if item.kind == CostItem.Kind.OVERHEAD:
            annual[item.pk] = cents((staff + material) * item.overhead_percent / 100)
    return CostBreakdown(
        lines=[CostLine(item=item, annual=annual[item.pk]) for item in items],
        staff=staff,
        material=material,
        overhead=sum(
            (annual[i.pk] for i in items if i.kind == CostItem.Kind.OVERHEAD), Decimal("0.00")
        ),
        one_off=sum(
            (annual[i.pk] for i in items if i.kind == CostItem.Kind.ONE_OFF), Decimal("0.00")
        ),
    )


# The allocation


@dataclass(frozen=True)
class AllocationLine:
    """One paying municipality's part: the figures its weight comes from (``population``
    as of the key's date; ``figure``: its cases, FTE or hours of the figures year), its
    weight, its exact and its rounded share (``base`` included), and its status-quo cost
    and saving (None where no status quo is recorded)."""

    municipality: Municipality
    population: int | None
    figure: Decimal | None
    weight: Decimal
    base: Decimal
    exact_share: Decimal
    share: Decimal
    status_quo: Decimal | None

    @property
    def saving(self) -> Decimal | None:
        return None if self.status_quo is None else self.status_quo - self.share


@dataclass(frozen=True)
class Allocation:
    """A cost model's ``total`` split by its key; ``lines`` in the municipalities' name
    order, their shares summing exactly to the total. ``population_date``,
    ``figures_year`` and ``base_amount`` are the key's reference data where it uses
    them; ``figure_kind`` the kind of key figure it reads (cases, FTE or hours)."""

    cost_model: CostModel
    breakdown: CostBreakdown
    total: Decimal
    population_date: datetime.date | None
    figures_year: int | None
    figure_kind: str | None
    base_amount: Decimal | None
    lines: list[AllocationLine]

    @property
    def key_label(self) -> str:
        return self.cost_model.get_key_display()

    @property
    def status_quo_total(self) -> Decimal | None:
        known = [line.status_quo for line in self.lines if line.status_quo is not None]
        return sum(known, Decimal("0.00")) if known else None

    @property
    def saving_total(self) -> Decimal | None:
        """The savings of the municipalities with a status quo, added up."""
        known = [line.saving for line in self.lines if line.saving is not None]
        return sum(known, Decimal("0.00")) if known else None


def _population(cost_model: CostModel, municipalities: list[Municipality]) -> dict:
    """The municipalities' population figures of the model's reference date (kept
    however the master data moved on since); refused naming the first municipality
    without a figure of that date."""
    population = {}
    for municipality in municipalities:
        figure = next(
            (
                figure.population
                for figure in municipality.population_figures.all()
                if figure.as_of == cost_model.population_date
            ),
            None,
        )
        if figure is None:
            raise ValidationError(
                _("%(municipality)s has no population figure as of %(date)s.")
                % {
                    "municipality": municipality.name,
                    "date": date_format(cost_model.population_date, "SHORT_DATE_FORMAT")
                    if cost_model.population_date
                    else "–",
                }
            )
        population[municipality] = figure
    return population


def _figures(
    cost_model: CostModel, municipalities: list[Municipality], kind: str, year: int | None
) -> dict:
    """The municipalities' key figures of ``kind`` and ``year``; refused naming the
    first municipality without one."""
    values = {
        figure.municipality_id: figure.value
        for figure in cost_model.key_figures.all()
        if figure.kind == kind and figure.year == year
    }
    messages = {
        KeyFigure.Kind.CASES: _("%(municipality)s has no case numbers of %(year)s."),
        KeyFigure.Kind.FTE: _("%(municipality)s has no staff share in FTE of %(year)s."),
        KeyFigure.Kind.HOURS: _("%(municipality)s has no staff share in hours of %(year)s."),
    }
    for municipality in municipalities:
        if municipality.pk not in values:
            raise ValidationError(
                messages[kind] % {"municipality": municipality.name, "year": year or "–"}
            )
    return {municipality: values[municipality.pk] for municipality in municipalities}


def allocation(
    cost_model: CostModel, *, total: Decimal | None = None, figures_year: int | None = None
) -> Allocation:
    """Each paying municipality's share of the annual cost under the model's key.

    ``total`` defaults to the cost breakdown's total and ``figures_year`` to the model's
    own; a settlement passes the year's actual cost and the settled year. Keys: per
    inhabitant (figures of the model's reference date), equal shares, case numbers or
    staff shares (FTE, hours) of the figures year, a fixed base each plus the rest per
    inhabitant, or a mix of population, equal shares and cases weighted in whole
    percentages. Shares to the cent by the largest remainder, summing to the total.

    Raises ValidationError, naming the municipality, where a figure the key needs is
    missing; and where nobody pays or the bases exceed the total."""
    breakdown = cost_breakdown(cost_model)
    total = breakdown.total if total is None else cents(total)
    figures_year = cost_model.figures_year if figures_year is None else figures_year
    municipalities = sorted(cost_model.municipalities.all(), key=lambda m: (m.name, m.pk))
    if not municipalities:
        raise ValidationError(_("The cost model has no paying municipalities."))
    key = cost_model.key
    uses_population = key in (AllocationKey.POPULATION, AllocationKey.BASE_POPULATION) or (
        key == AllocationKey.MIXED and cost_model.weight_population > 0
    )
    figure_kind = FIGURE_KIND.get(key)
    if key == AllocationKey.MIXED and cost_model.weight_cases > 0:
        figure_kind = KeyFigure.Kind.CASES
    population = _population(cost_model, municipalities) if uses_population else {}
    figures = _figures(cost_model, municipalities, figure_kind, figures_year) if figure_kind else {}
    base = Decimal("0.00")
    if key == AllocationKey.BASE_POPULATION:
        base = cost_model.base_amount
    rest = total - base * len(municipalities)
    if rest < 0:
        raise ValidationError(
            _("The fixed bases (%(bases)s €) exceed the annual cost (%(total)s €).")
            % {
                "bases": number_format(base * len(municipalities), 2, force_grouping=True),
                "total": number_format(total, 2, force_grouping=True),
            }
        )
    weights = _weights(cost_model, municipalities, population, figures)
    # allocate() refuses weights that are all zero, so the division below is safe.
    shares = allocate(rest, weights)
    weight_sum = sum(weights.values())
    status_quo = {
        cost.municipality_id: cost.annual_cost for cost in cost_model.status_quo_costs.all()
    }
    lines = [
        AllocationLine(
            municipality=municipality,
            population=population.get(municipality),
            figure=figures.get(municipality),
            weight=weights[municipality],
            base=base,
            exact_share=base + rest * weights[municipality] / weight_sum,
            share=base + shares[municipality],
            status_quo=status_quo.get(municipality.pk),
        )
        for municipality in municipalities
    ]
    return Allocation(
        cost_model=cost_model,
        breakdown=breakdown,
        total=total,
        population_date=cost_model.population_date if uses_population else None,
        figures_year=figures_year if figure_kind else None,
        figure_kind=figure_kind,
        base_amount=base if key == AllocationKey.BASE_POPULATION else None,
        lines=lines,
    )


def _weights(cost_model, municipalities, population, figures) -> dict:
    key = cost_model.key
    if key == AllocationKey.EQUAL:
        return {municipality: Decimal(1) for municipality in municipalities}
    if key in (AllocationKey.POPULATION, AllocationKey.BASE_POPULATION):
        return {municipality: Decimal(population[municipality]) for municipality in municipalities}
    if key != AllocationKey.MIXED:
        return {municipality: Decimal(figures[municipality]) for municipality in municipalities}
    # Mixed: each part is a share of 1, weighted by its percentage, so the weights add
    # up to 100.
    count = Decimal(len(municipalities))
    population_sum = Decimal(sum(population.values()) or 1)
    case_sum = sum(figures.values()) or Decimal(1)
    return {
        municipality: cost_model.weight_population
        * Decimal(population.get(municipality, 0))
        / population_sum
        + cost_model.weight_equal / count
        + cost_model.weight_cases * figures.get(municipality, Decimal(0)) / case_sum
        for municipality in municipalities
    }


# Scenarios side by side


@dataclass(frozen=True)
class Scenario:
    """One scenario of a cost check: its allocation, or why it has none."""

    cost_model: CostModel
    allocation: Allocation | None
    error: str | None

    @property
    def label(self) -> str:
        return self.cost_model.scenario or self.cost_model.name


@dataclass(frozen=True)
class ComparisonRow:
    """A municipality's lines in each scenario, None where it does not pay in one."""

    municipality: Municipality
    cells: list[AllocationLine | None]


@dataclass(frozen=True)
class ScenarioComparison:
    name: str
    scenarios: list[Scenario]
    rows: list[ComparisonRow]

    @property
    def allocations(self) -> list[Allocation]:
        return [scenario.allocation for scenario in self.scenarios if scenario.allocation]


def _cost_models(cooperation: Cooperation) -> QuerySet[CostModel]:
    return (
        CostModel.objects.filter(cooperation=cooperation)
        .select_related("measure")
        .order_by("name", "scenario", "pk")
        .prefetch_related(
            "items",
            "municipalities__population_figures",
            "key_figures",
            "status_quo_costs",
        )
    )


def _comparison(name: str, cost_models: list[CostModel]) -> ScenarioComparison:
    scenarios = []
    for cost_model in cost_models:
        try:
            scenarios.append(Scenario(cost_model, allocation(cost_model), None))
        except ValidationError as error:
            scenarios.append(Scenario(cost_model, None, " ".join(error.messages)))
    by_municipality: dict[int, list] = {}
    municipalities = {}
    for index, scenario in enumerate(scenarios):
        for line in scenario.allocation.lines if scenario.allocation else []:
            municipalities[line.municipality.pk] = line.municipality
            cells = by_municipality.setdefault(line.municipality.pk, [None] * len(scenarios))
            cells[index] = line
    rows = [
        ComparisonRow(municipality=municipality, cells=by_municipality[municipality.pk])
        for municipality in sorted(municipalities.values(), key=lambda m: (m.name, m.pk))
    ]
    return ScenarioComparison(name=name, scenarios=scenarios, rows=rows)


def compare_scenarios(cooperation: Cooperation, name: str) -> ScenarioComparison:
    """The scenarios of the cost check ``name`` side by side, in scenario order: per
    municipality (every one paying in any scenario, by name) its line in each scenario,
    the totals in each scenario's allocation. A scenario whose figures are incomplete
    carries the error instead of an allocation. Six queries, however many scenarios and
    municipalities."""
    return _comparison(name, list(_cost_models(cooperation).filter(name=name)))


def cost_checks(cooperation: Cooperation) -> list[ScenarioComparison]:
    """Every cost check of the cooperation, by name, its scenarios side by side; six
    queries, however many there are."""
    by_name: dict[str, list[CostModel]] = {}
    for cost_model in _cost_models(cooperation):
        by_name.setdefault(cost_model.name, []).append(cost_model)
    return [_comparison(name, cost_models) for name, cost_models in by_name.items()]


# The chart

CHART_LABEL_WIDTH = 150
CHART_BAR_MAX = 330
CHART_BAR_HEIGHT = 14
CHART_GAP = 10
# Room right of the longest bar for its amount.
CHART_VALUE_ROOM = 90
CHART_LEGEND_ROW = 20
# Colours with at least 3:1 contrast to white, told apart by the legend too.
CHART_COLOURS = ["#1d4e89", "#c05a00", "#2e7d32", "#7b1fa2", "#5d4037", "#00695c"]
STATUS_QUO_COLOUR = "#767676"


def euros(amount: Decimal | None) -> str:
    """An amount as German documents write it: 1.234,56 € ("–" for none)."""
    return "–" if amount is None else f"{number_format(amount, 2, force_grouping=True)} €"


def allocation_chart_svg(data: Allocation | ScenarioComparison) -> str:
    """A horizontal bar chart as standalone SVG markup (no script): per municipality a
    bar for its share in each scenario (for one allocation: its share and its status-quo
    cost), each labelled with its amount; ``role="img"`` with a <title> and a <desc>
    that states every amount, for readers who cannot see it."""
    if isinstance(data, Allocation):
        chart_id = f"allocation-chart-{data.cost_model.pk}"
        title = _("Shares of %(name)s") % {"name": data.cost_model}
        series = [(_("Share"), CHART_COLOURS[0])]
        rows = [(line.municipality.name, [line.share, line.status_quo]) for line in data.lines]
        if any(line.status_quo is not None for line in data.lines):
            series.append((_("Status quo"), STATUS_QUO_COLOUR))
        else:
            rows = [(name, values[:1]) for name, values in rows]
    else:
        chart_id = f"scenario-chart-{data.scenarios[0].cost_model.pk if data.scenarios else 0}"
        title = _("Shares of %(name)s by scenario") % {"name": data.name}
        shown = [index for index, s in enumerate(data.scenarios) if s.allocation]
        series = [
            (data.scenarios[index].label, CHART_COLOURS[number % len(CHART_COLOURS)])
            for number, index in enumerate(shown)
        ]
        rows = [
            (
                row.municipality.name,
                [row.cells[index].share if row.cells[index] else None for index in shown],
            )
            for row in data.rows
        ]
    top = max((value for _name, values in rows for value in values if value), default=0)
    group_height = len(series) * CHART_BAR_HEIGHT + CHART_GAP
    legend_height = len(series) * CHART_LEGEND_ROW
    groups, description = [], []
    for row_index, (name, values) in enumerate(rows):
        y0 = legend_height + row_index * group_height
        bars, said = [], []
        for (label, colour), value, index in zip(series, values, range(len(series)), strict=True):
            if value is None:
                continue
            width = int(round(CHART_BAR_MAX * value / top)) if top else 0
            bars.append(
                {
                    "y": y0 + index * CHART_BAR_HEIGHT,
                    "width": width,
                    "colour": colour,
                    "label": label,
                    "amount": euros(value),
                    "text_x": CHART_LABEL_WIDTH + width + 4,
                    "text_y": y0 + index * CHART_BAR_HEIGHT + CHART_BAR_HEIGHT - 3,
                }
            )
            said.append(f"{label} {euros(value)}")
        groups.append(
            {"name": name, "label_y": y0 + len(series) * CHART_BAR_HEIGHT // 2 + 4, "bars": bars}
        )
        description.append(f"{name}: {', '.join(said)}")
    return render_to_string(
        "agreements/allocation_chart.svg",
        {
            "chart_id": chart_id,
            "title": title,
            "description": "; ".join(description) + ".",
            "legend": [
                {"label": label, "colour": colour, "y": index * CHART_LEGEND_ROW}
                for index, (label, colour) in enumerate(series)
            ],
            "groups": groups,
            "width": CHART_LABEL_WIDTH + CHART_BAR_MAX + CHART_VALUE_ROOM,
            "height": legend_height + len(rows) * group_height,
            "label_width": CHART_LABEL_WIDTH,
            "legend_height": legend_height,
            "label_x": CHART_LABEL_WIDTH - 6,
            "bar_height": CHART_BAR_HEIGHT - 2,
        },
    )
