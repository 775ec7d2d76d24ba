"""Funding: the programmes every cooperation of a run applies to (created once
per installation), and ``Shape.applications`` applications of the cooperation, on
measures that have a status, in the state their submission date makes possible."""

import datetime
from decimal import Decimal

from ikz.core.domain import save_validated
from ikz.measures.models import AllocationKey, FundingApplication, FundingProgram
from ikz.sample.generator.state import CooperationState, Shape, add_months
from ikz.sample.generator.words import FUNDING_PROGRAMS

# An own share is split as a grant's is; staff shares and a fixed base split running
# costs. The list stays as it was, so the same seed gives the same data.
OWN_SHARE_KEYS = [
    AllocationKey.POPULATION,
    AllocationKey.EQUAL,
    AllocationKey.CASES,
    AllocationKey.MIXED,
]


def funding_programs(*, as_of: datetime.date, shape: Shape) -> list[FundingProgram]:
    """The programmes every generated cooperation applies to; one installation has each
    once (its name is unique), so an existing one is used as it is."""
    start = add_months(as_of, -(shape.years * 12 - shape.future_months))
    programs = []
    for index, (name, funder, rate, maximum) in enumerate(FUNDING_PROGRAMS):
        program = FundingProgram.objects.filter(name=name).first()
        if program is None:
            program = save_validated(
                FundingProgram(
                    name=name,
                    funder=funder,
                    rate_percent=Decimal(rate),
                    maximum_amount=Decimal(maximum),
                    eligible_costs="Personal- und Sachkosten, externe Beratung",
                    window_start=add_months(start, 3 * index),
                    window_end=add_months(as_of, 12 + 6 * index) - datetime.timedelta(days=1),
                )
            )
        programs.append(program)
    return programs


def add_funding(state: CooperationState) -> None:
    rng = state.rng
    candidates = [plan for plan in state.plans if plan.changes]
    States = FundingApplication.State
    for plan in rng.sample(candidates, min(state.shape.applications, len(candidates))):
        program = rng.choice(state.programs)
        applied = Decimal(rng.randint(20, 400) * 1000)
        first = plan.changes[0][0]
        submitted = first + datetime.timedelta(days=rng.randint(60, 300))
        if submitted >= state.as_of:
            application_state = rng.choice([States.ELIGIBILITY_CHECK, States.PREPARING])
        else:
            application_state = rng.choice(
                [States.SUBMITTED, States.GRANTED, States.REJECTED, States.PAID]
                + [States.PROOF_DUE, States.CLOSED]
            )
        granted = paid = None
        if application_state in (States.GRANTED, States.PAID, States.PROOF_DUE, States.CLOSED):
            granted = (applied * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("1"))
        if application_state in (States.PAID, States.PROOF_DUE, States.CLOSED):
            paid = granted
        proof = None
        if granted is not None:
            proof = add_months(submitted, rng.randint(18, 36)) - datetime.timedelta(days=1)
        application = save_validated(
            FundingApplication(
                cooperation=state.cooperation,
                program=program,
                title=f"Förderantrag {plan.title}",
                amount_applied=applied,
                amount_granted=granted,
                amount_paid=paid,
                own_share_key=rng.choice(OWN_SHARE_KEYS),
                state=application_state,
                submission_deadline=submitted,
                proof_deadline=proof,
            )
        )
        application.measures.set([plan.measure])
