"""What the pages of the cost checks and the settlements read."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, QuerySet

from ikz.agreements.costs import cost_breakdown
from ikz.agreements.models import Agreement, CostItem, CostModel, KeyFigure, Settlement
from ikz.core.models import Cooperation, Municipality


@dataclass(frozen=True)
class ScenarioTotal:
    cost_model: CostModel
    total: Decimal


@dataclass(frozen=True)
class CostCheckRow:
    """A cost check of the list: its name, its first scenario (whose address is the
    check's), the measures its scenarios name and each scenario's annual cost."""

    name: str
    first: CostModel
    measures: list
    scenarios: list[ScenarioTotal]


def cost_check_rows(cooperation: Cooperation) -> list[CostCheckRow]:
    """The cooperation's cost checks by name, each with its scenarios in order. Two
    queries, however many checks and items."""
    cost_models = (
        CostModel.objects.filter(cooperation=cooperation)
        .select_related("measure")
        .prefetch_related("items")
        .order_by("name", "scenario", "pk")
    )
    rows: dict[str, list[CostModel]] = {}
    for cost_model in cost_models:
        rows.setdefault(cost_model.name, []).append(cost_model)
    return [
        CostCheckRow(
            name=name,
            first=models[0],
            measures=list({m.measure_id: m.measure for m in models if m.measure}.values()),
            scenarios=[ScenarioTotal(m, cost_breakdown(m).total) for m in models],
        )
        for name, models in rows.items()
    ]


def scenarios_of(cost_model: CostModel) -> QuerySet[CostModel]:
    """The scenarios of the cost check ``cost_model`` belongs to, in order."""
    return CostModel.objects.filter(
        cooperation_id=cost_model.cooperation_id, name=cost_model.name
    ).order_by("scenario", "pk")


def first_scenario(cost_model: CostModel) -> CostModel:
    """The scenario whose address is the cost check's."""
    return scenarios_of(cost_model).first()


def scenario_with_items(cost_model: CostModel) -> CostModel:
    """The scenario with its items and municipalities read at once."""
    return (
        CostModel.objects.select_related("cooperation", "measure")
        .prefetch_related("items", "municipalities")
        .get(pk=cost_model.pk)
    )


def item_versions(cost_model: CostModel) -> dict[int, int]:
    """The version (latest history record) of each of the scenario's cost items, in one
    query, for their delete buttons."""
    return dict(
        CostItem.history.filter(cost_model_id=cost_model.pk)
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
    )


def key_figures_of(cost_model: CostModel, *, kind: str, year: int) -> dict[int, Decimal]:
    """The scenario's figures of ``kind`` and ``year`` by municipality id."""
    return dict(
        KeyFigure.objects.filter(cost_model=cost_model, kind=kind, year=year).values_list(
            "municipality_id", "value"
        )
    )


def paying(cost_model: CostModel) -> list[Municipality]:
    return list(cost_model.municipalities.order_by("name", "pk"))


def settlement_rows(cooperation: Cooperation) -> QuerySet[Settlement]:
    """The cooperation's settlements, latest year first, with agreement and plan."""
    return (
        Settlement.objects.filter(agreement__cooperation=cooperation)
        .select_related("agreement", "cost_model")
        .order_by("-year", "agreement__title", "pk")
    )


def agreements_of(cooperation: Cooperation) -> QuerySet[Agreement]:
    return cooperation.agreements.order_by("title")


def cost_models_of(cooperation: Cooperation) -> QuerySet[CostModel]:
    return cooperation.cost_models.order_by("name", "scenario")


def settlement_for_statement(settlement: Settlement) -> Settlement:
    """The settlement with everything ``settle`` reads, in a fixed number of queries."""
    return (
        Settlement.objects.select_related("agreement__cooperation", "cost_model__cooperation")
        .prefetch_related(
            "cost_model__items",
            "cost_model__municipalities__population_figures",
            "cost_model__key_figures",
            "cost_model__status_quo_costs",
        )
        .get(pk=settlement.pk)
    )
