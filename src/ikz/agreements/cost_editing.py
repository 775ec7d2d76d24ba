"""Keeping a cost check (Kostenprüfung): its scenarios (cost models) with their key,
cost items, key figures and status-quo costs; and an agreement's yearly settlements.

One function per action, each in one transaction: the rows are validated
(``full_clean``) before they are stored, and an edit based on an older version than the
stored one is refused (``VersionConflict``); a broken rule raises a ValidationError
naming the field, and nothing is stored."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ikz.agreements.models import (
    Agreement,
    CostItem,
    CostModel,
    KeyFigure,
    Settlement,
    StatusQuoCost,
)
from ikz.core.domain import save_validated
from ikz.core.models import Cooperation, Municipality
from ikz.core.versions import check_rows_version, check_version, rows_version
from ikz.measures.models import Measure

# The fields of a cost model its settings form edits (the municipalities apart).
COST_MODEL_FIELDS = (
    "name",
    "scenario",
    "measure",
    "key",
    "weight_population",
    "weight_equal",
    "weight_cases",
    "population_date",
    "figures_year",
    "base_amount",
)
# The fields each kind of cost item uses; the others are emptied.
ITEM_FIELDS = {
    CostItem.Kind.STAFF: ("fte", "annual_cost_per_fte"),
    CostItem.Kind.MATERIAL: ("amount",),
    CostItem.Kind.OVERHEAD: ("overhead_percent",),
    CostItem.Kind.ONE_OFF: ("amount", "spread_years"),
}
ITEM_VALUE_FIELDS = ("fte", "annual_cost_per_fte", "amount", "overhead_percent", "spread_years")


def _check_cost_model(cost_model: CostModel, municipalities: Iterable[Municipality]) -> None:
    """The rules the model's own validation cannot see: its measure belongs to its
    cooperation, and somebody pays."""
    errors = {}
    measure: Measure | None = cost_model.measure
    if measure is not None and measure.cooperation_id != cost_model.cooperation_id:
        errors["measure"] = _("The measure must be one of the cooperation's.")
    if not list(municipalities):
        errors["municipalities"] = _("Choose at least one paying municipality.")
    if errors:
        raise ValidationError(errors)


def create_cost_model(
    *, cooperation: Cooperation, municipalities: Iterable[Municipality], **fields
) -> CostModel:
    """A scenario of the cost check ``fields["name"]`` (a new cost check where no
    scenario has that name yet), with the key ``fields`` give (``COST_MODEL_FIELDS``)
    and its paying municipalities.

    Side effects: one CostModel row (with its history), its municipalities."""
    municipalities = list(municipalities)
    cost_model = CostModel(cooperation=cooperation, **fields)
    _check_cost_model(cost_model, municipalities)
    with transaction.atomic():
        save_validated(cost_model)
        cost_model.municipalities.set(municipalities)
    return cost_model


def edit_cost_model(
    cost_model: CostModel,
    *,
    version: int | None,
    municipalities: Iterable[Municipality],
    **fields,
) -> CostModel:
    """A scenario's settings: its name and scenario, measure, key and the key's reference
    data (``COST_MODEL_FIELDS``), and its paying municipalities.

    Side effects: the version checked (row locked); the CostModel row saved (history);
    its municipalities replaced."""
    municipalities = list(municipalities)
    with transaction.atomic():
        check_version(cost_model, version)
        for name, value in fields.items():
            setattr(cost_model, name, value)
        _check_cost_model(cost_model, municipalities)
        save_validated(cost_model)
        cost_model.municipalities.set(municipalities)
    return cost_model


def copy_scenario(cost_model: CostModel, *, scenario: str) -> CostModel:
    """A new scenario of the same cost check, starting as a copy of ``cost_model``: its
    key, paying municipalities, cost items, key figures and status-quo costs.

    Side effects: one CostModel row, its municipalities, a copy of each CostItem,
    KeyFigure and StatusQuoCost row (each with its history)."""
    with transaction.atomic():
        copy = CostModel(
            cooperation=cost_model.cooperation,
            scenario=scenario,
            **{name: getattr(cost_model, name) for name in COST_MODEL_FIELDS if name != "scenario"},
        )
        save_validated(copy)
        copy.municipalities.set(cost_model.municipalities.all())
        for item in cost_model.items.all():
            save_validated(
                CostItem(
                    cost_model=copy,
                    kind=item.kind,
                    label=item.label,
                    **{name: getattr(item, name) for name in ITEM_VALUE_FIELDS},
                )
            )
        for figure in cost_model.key_figures.all():
            save_validated(
                KeyFigure(
                    cost_model=copy,
                    municipality_id=figure.municipality_id,
                    kind=figure.kind,
                    year=figure.year,
                    value=figure.value,
                )
            )
        for cost in cost_model.status_quo_costs.all():
            save_validated(
                StatusQuoCost(
                    cost_model=copy,
                    municipality_id=cost.municipality_id,
                    annual_cost=cost.annual_cost,
                )
            )
    return copy


def _item_values(kind: str, values: Mapping) -> dict:
    """The values the kind uses; the others empty, so that a changed kind leaves no
    stray amount behind."""
    used = ITEM_FIELDS.get(kind, ())
    return {name: values.get(name) if name in used else None for name in ITEM_VALUE_FIELDS}


def add_cost_item(cost_model: CostModel, *, kind: str, label: str, **values) -> CostItem:
    """A cost item of the scenario: staff (FTE, annual cost per FTE), material (amount
    per year), overhead (percentage of staff and material) or one-off (amount, years to
    spread it over); the values its kind does not use are dropped.

    Side effects: one CostItem row (with its history)."""
    with transaction.atomic():
        return save_validated(
            CostItem(cost_model=cost_model, kind=kind, label=label, **_item_values(kind, values))
        )


def edit_cost_item(
    item: CostItem, *, version: int | None, kind: str, label: str, **values
) -> CostItem:
    """A cost item's kind, label and values (as ``add_cost_item``).

    Side effects: the version checked (row locked); the CostItem row saved (history)."""
    with transaction.atomic():
        check_version(item, version)
        item.kind, item.label = kind, label
        for name, value in _item_values(kind, values).items():
            setattr(item, name, value)
        return save_validated(item)


def delete_cost_item(item: CostItem, *, version: int | None) -> None:
    """Side effects: the version checked (row locked); the CostItem row deleted (its
    history keeps it)."""
    with transaction.atomic():
        check_version(item, version)
        item.delete()


def key_figure_histories(cost_model: CostModel) -> tuple:
    return (KeyFigure.history.filter(cost_model_id=cost_model.pk),)


def key_figures_version(cost_model: CostModel) -> str:
    """The version of the scenario's key figures, for the form that edits them."""
    return rows_version(*key_figure_histories(cost_model))


def set_key_figures(
    cost_model: CostModel,
    *,
    kind: str,
    year: int,
    values: Mapping[Municipality, Decimal | None],
    version: str | None,
) -> None:
    """The scenario's key figures of ``kind`` and ``year``, one per municipality:
    a value stored or changed, none (None) removed.

    Side effects: the version of the scenario's key figures checked (the cost model's
    row locked); per municipality a KeyFigure row created, saved or deleted (history)."""
    with transaction.atomic():
        check_rows_version(cost_model, version, *key_figure_histories(cost_model))
        existing = {
            figure.municipality_id: figure
            for figure in cost_model.key_figures.filter(kind=kind, year=year)
        }
        for municipality, value in values.items():
            figure = existing.get(municipality.pk)
            if value is None:
                if figure is not None:
                    figure.delete()
                continue
            if figure is None:
                figure = KeyFigure(
                    cost_model=cost_model, municipality=municipality, kind=kind, year=year
                )
            elif figure.value == value:
                continue
            figure.value = value
            try:
                save_validated(figure)
            except ValidationError as error:
                raise ValidationError(
                    _("%(municipality)s: %(error)s")
                    % {"municipality": municipality.name, "error": " ".join(error.messages)}
                ) from error


def status_quo_histories(cost_model: CostModel) -> tuple:
    return (StatusQuoCost.history.filter(cost_model_id=cost_model.pk),)


def status_quo_version(cost_model: CostModel) -> str:
    """The version of the scenario's status-quo costs, for the form that edits them."""
    return rows_version(*status_quo_histories(cost_model))


def set_status_quo_costs(
    cost_model: CostModel,
    *,
    values: Mapping[Municipality, Decimal | None],
    version: str | None,
) -> None:
    """What each municipality pays today on its own: a cost stored or changed, none
    (None) removed.

    Side effects: the version of the scenario's status-quo costs checked (the cost
    model's row locked); per municipality a StatusQuoCost row created, saved or deleted
    (history)."""
    with transaction.atomic():
        check_rows_version(cost_model, version, *status_quo_histories(cost_model))
        existing = {cost.municipality_id: cost for cost in cost_model.status_quo_costs.all()}
        for municipality, value in values.items():
            cost = existing.get(municipality.pk)
            if value is None:
                if cost is not None:
                    cost.delete()
                continue
            if cost is None:
                cost = StatusQuoCost(cost_model=cost_model, municipality=municipality)
            elif cost.annual_cost == value:
                continue
            cost.annual_cost = value
            save_validated(cost)


def create_settlement(
    *,
    agreement: Agreement,
    cost_model: CostModel,
    year: int,
    advance_schedule: str,
    actual_annual_cost: Decimal,
    note: str = "",
) -> Settlement:
    """The yearly settlement of ``agreement``: the plan (``cost_model``, a cost model of
    the agreement's cooperation) gave the advances, ``actual_annual_cost`` and the key
    figures of ``year`` give the final shares (``ikz.agreements.settlement.settle``).

    Side effects: one Settlement row (with its history)."""
    with transaction.atomic():
        return save_validated(
            Settlement(
                agreement=agreement,
                cost_model=cost_model,
                year=year,
                advance_schedule=advance_schedule,
                actual_annual_cost=actual_annual_cost,
                note=note,
            )
        )
