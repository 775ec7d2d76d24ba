"""The purpose agreements: one on each of the first ``Shape.agreements``
measures the steering group decided (administration first), with its steps up to the
present, its checklist and its cost model (items, case numbers of the population date's
year, status-quo costs); an agreement in force for a whole past year has that year's
settlement."""

import datetime
from decimal import Decimal

from ikz.agreements.costs import cents, cost_breakdown
from ikz.agreements.models import (
    Agreement,
    AgreementStep,
    ChecklistItem,
    CostItem,
    CostModel,
    KeyFigure,
    Settlement,
    StatusQuoCost,
)
from ikz.core.domain import save_validated
from ikz.measures.models import AllocationKey, Measure, MeasureStatus
from ikz.sample.generator.state import CooperationState
from ikz.sample.generator.words import CHECKLIST

AGREEMENT_PATH = [
    Agreement.State.DESIRED,
    Agreement.State.DRAFTING,
    Agreement.State.DRAFT_AVAILABLE,
    Agreement.State.COUNCIL_RESOLUTIONS,
    Agreement.State.APPROVAL_REQUESTED,
    Agreement.State.APPROVED,
    Agreement.State.PUBLISHED,
    Agreement.State.IN_FORCE,
]


def add_agreements(state: CooperationState) -> None:
    rng = state.rng
    decided = [
        (result.plan, result) for result in state.results if result.status == MeasureStatus.DECIDED
    ]
    decided.sort(key=lambda pair: (pair[0].field_name != "Verwaltung", pair[1].outcome.pk))
    for plan, decision in decided[: state.shape.agreements]:
        measure = plan.measure
        parties = list(measure.municipalities.order_by("name"))
        if len(parties) < 2:
            parties = list(state.municipalities)
        kind = rng.choice(
            [Agreement.Kind.MANDATING, Agreement.Kind.DELEGATING, Agreement.Kind.JOINT_OFFICE]
        )
        performing = measure.lead_municipality or parties[0]
        fixed = rng.random() < 0.6
        cost_model = _add_cost_model(state, measure, parties)
        agreement = save_validated(
            Agreement(
                cooperation=state.cooperation,
                title=f"Zweckvereinbarung {measure.title}",
                kind=kind,
                performing_municipality=performing,
                measure=measure,
                task_catalogue=(
                    f"{performing.name} nimmt die Aufgaben „{measure.title}“ für die "
                    "beteiligten Kommunen wahr: Bearbeitung, Beratung, Berichtswesen."
                ),
                term=Agreement.Term.FIXED if fixed else Agreement.Term.INDEFINITE,
                term_years=rng.choice([3, 5, 10]) if fixed else None,
                notice_period_months=rng.choice([6, 12]),
                cost_model=cost_model,
            )
        )
        agreement.parties.set(parties)
        path = [
            agreement_state
            for agreement_state in AGREEMENT_PATH
            if agreement.needs_supervisory_approval
            or agreement_state not in (Agreement.State.APPROVAL_REQUESTED, Agreement.State.APPROVED)
        ]
        day, reached, reached_on = decision.outcome.meeting.date, None, None
        for index, agreement_state in enumerate(path):
            if day >= state.as_of:
                break
            save_validated(
                AgreementStep(
                    agreement=agreement,
                    state=agreement_state,
                    date=day,
                    outcome=decision.outcome if index == 0 else None,
                    note="" if index else "Beschluss der Lenkungsgruppe",
                )
            )
            reached, reached_on = index, day
            day += datetime.timedelta(days=rng.randint(30, 120))
        agreement.state = path[reached]
        agreement.save(update_fields=["state"])
        if agreement.state == Agreement.State.IN_FORCE:
            _add_settlement(state, agreement, in_force=reached_on)
        # A draft available has settled every point; before, the first ones.
        available = path.index(Agreement.State.DRAFT_AVAILABLE)
        points = list(ChecklistItem.Point)
        settled = len(points) if reached >= available else rng.randint(0, len(points) - 1)
        for point in points[:settled]:
            save_validated(ChecklistItem(agreement=agreement, point=point, note=CHECKLIST[point]))


def _add_cost_model(state: CooperationState, measure: Measure, parties: list) -> CostModel:
    rng = state.rng
    key = rng.choice([AllocationKey.POPULATION, AllocationKey.MIXED, AllocationKey.CASES])
    weights = {"weight_population": 0, "weight_equal": 0, "weight_cases": 0}
    if key == AllocationKey.MIXED:
        weights = {"weight_population": 50, "weight_equal": 30, "weight_cases": 20}
    model = save_validated(
        CostModel(
            cooperation=state.cooperation,
            name=f"Kostenmodell {measure.title}",
            scenario="Variante A",
            measure=measure,
            key=key,
            population_date=state.population_date,
            figures_year=state.population_date.year,
            **weights,
        )
    )
    model.municipalities.set(parties)
    items = [
        CostItem(
            kind=CostItem.Kind.STAFF,
            label="Sachbearbeitung",
            fte=Decimal(rng.choice(["0.500", "1.000", "1.500", "2.000"])),
            annual_cost_per_fte=Decimal(rng.randint(55, 75) * 1000),
        ),
        CostItem(
            kind=CostItem.Kind.MATERIAL,
            label="Arbeitsplatz und Software",
            amount=Decimal(rng.randint(5, 20) * 1000),
        ),
        CostItem(
            kind=CostItem.Kind.OVERHEAD,
            label="Gemeinkosten",
            overhead_percent=Decimal(rng.choice([10, 15, 20])),
        ),
        CostItem(
            kind=CostItem.Kind.ONE_OFF,
            label="Einrichtung",
            amount=Decimal(rng.randint(10, 50) * 1000),
            spread_years=rng.choice([3, 5]),
        ),
    ]
    for item in items:
        item.cost_model = model
        save_validated(item)
    for municipality in parties:
        if key != AllocationKey.POPULATION:
            save_validated(
                KeyFigure(
                    cost_model=model,
                    municipality=municipality,
                    kind=KeyFigure.Kind.CASES,
                    year=model.figures_year,
                    value=rng.randint(20, 400),
                )
            )
        save_validated(
            StatusQuoCost(
                cost_model=model,
                municipality=municipality,
                annual_cost=Decimal(rng.randint(8, 60) * 1000),
            )
        )
    return model


def _add_settlement(state: CooperationState, agreement: Agreement, in_force: datetime.date) -> None:
    """The settlement of the last whole year before the present, if the agreement was in
    force by its start: a few per cent above the plan, the figures of the year grown a
    tenth. No random numbers, so the data after it stays as the seed gives it."""
    year = state.as_of.year - 1
    if in_force > datetime.date(year, 1, 1):
        return
    cost_model = agreement.cost_model
    for figure in list(cost_model.key_figures.filter(year=cost_model.figures_year)):
        if figure.year != year:
            save_validated(
                KeyFigure(
                    cost_model=cost_model,
                    municipality=figure.municipality,
                    kind=figure.kind,
                    year=year,
                    value=(figure.value * Decimal("1.1")).quantize(Decimal(1)),
                )
            )
    save_validated(
        Settlement(
            agreement=agreement,
            cost_model=cost_model,
            year=year,
            advance_schedule=Settlement.Schedule.QUARTERLY,
            actual_annual_cost=cents(cost_breakdown(cost_model).total * Decimal("1.04")),
            note="Abrechnung nach Jahresrechnung",
        )
    )
