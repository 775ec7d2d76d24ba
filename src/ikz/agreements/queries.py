"""What the agreement pages read: the register with each agreement's parties, steps,
checklist and council resolutions, filtered or grouped by lifecycle step; the councils
still to resolve per municipality; one agreement with everything its page shows. Each in
a fixed number of queries, however many rows there are."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ikz.agreements.lifecycle import councils_still_to_resolve
from ikz.agreements.models import Agreement, AgreementStep, Party
from ikz.core.models import Cooperation, Municipality
from ikz.meetings.models import Consultation

# The register's pipeline, in the order an agreement passes it.
PIPELINE = [
    Agreement.State.DESIRED,
    Agreement.State.DRAFTING,
    Agreement.State.DRAFT_AVAILABLE,
    Agreement.State.COUNCIL_RESOLUTIONS,
    Agreement.State.APPROVAL_REQUESTED,
    Agreement.State.APPROVED,
    Agreement.State.PUBLISHED,
    Agreement.State.IN_FORCE,
    Agreement.State.TERMINATED,
    Agreement.State.NOT_PURSUED,
]


def with_register_data(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """The agreements with what the lifecycle's readers ask (``active_parties``,
    ``missing_points``, ``resolutions``, ``vat_assessment``) read in advance."""
    return agreements.select_related("performing_municipality", "measure").prefetch_related(
        Prefetch("party_rows", Party.objects.select_related("municipality")),
        Prefetch(
            "consultations",
            Consultation.objects.select_related(
                "body", "meeting__body", "meeting__location", "outcome"
            ),
        ),
        "checklist",
    )


def agreement_rows(
    cooperation: Cooperation,
    *,
    state: str = "",
    kind: str = "",
    municipality: Municipality | None = None,
) -> list[Agreement]:
    """The cooperation's agreements by title, those in ``state``, of ``kind`` and with
    ``municipality`` among their parties where given."""
    agreements = Agreement.objects.filter(cooperation=cooperation)
    if state:
        agreements = agreements.filter(state=state)
    if kind:
        agreements = agreements.filter(kind=kind)
    if municipality is not None:
        agreements = agreements.filter(party_rows__municipality=municipality).distinct()
    return list(with_register_data(agreements).order_by("title", "pk"))


def pipeline(agreements: list[Agreement]) -> list[tuple[str, str, list[Agreement]]]:
    """The agreements grouped by their step, in the pipeline's order: (state, label,
    agreements), every step, empty ones too."""
    return [
        (state.value, state.label, [row for row in agreements if row.state == state])
        for state in PIPELINE
    ]


@dataclass(frozen=True)
class CouncilsToResolve:
    municipality: Municipality
    agreements: list[Agreement]


def councils_to_resolve(agreements: list[Agreement]) -> list[CouncilsToResolve]:
    """Per municipality (by name), the agreements at "council resolutions" whose
    current revision its council has not yet approved."""
    by_municipality: dict[int, CouncilsToResolve] = {}
    for agreement in agreements:
        if agreement.state != Agreement.State.COUNCIL_RESOLUTIONS:
            continue
        for municipality in councils_still_to_resolve(agreement):
            entry = by_municipality.setdefault(municipality.pk, CouncilsToResolve(municipality, []))
            entry.agreements.append(agreement)
    return sorted(by_municipality.values(), key=lambda entry: entry.municipality.name)


def agreement_of_register(agreement: Agreement) -> Agreement:
    """The agreement with its parties, checklist, council resolutions, cost plan,
    settlements and steps (each with the meeting's result behind it) read in advance."""
    return (
        with_register_data(Agreement.objects.filter(pk=agreement.pk))
        .select_related("cooperation", "cost_model")
        .prefetch_related(
            "settlements",
            Prefetch(
                "steps",
                AgreementStep.objects.select_related(
                    "outcome__meeting__body", "outcome__meeting__location"
                ).order_by("date", "pk"),
            ),
        )
        .get()
    )
