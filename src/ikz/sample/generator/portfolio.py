"""The portfolio: fields of action and measures (some with sub-measures), each
with its path through the statuses planned over the meetings to come."""

import datetime
from collections import defaultdict

from ikz.measures.domain import add_field_of_action, add_measure
from ikz.measures.models import MeasureStatus
from ikz.meetings.models import Meeting
from ikz.sample.generator.meetings import plan_meetings
from ikz.sample.generator.state import CooperationState, MeasurePlan
from ikz.sample.generator.words import PORTFOLIO, STATUS_RESULTS

S = MeasureStatus
FIELDS_PER_COOPERATION = 7

# Status paths, forward only (the weight says how common each is).
PATHS = [
    (3, [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.DONE]),
    (
        3,
        [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.ON_HOLD]
        + [S.IN_PROGRESS],
    ),
    (
        2,
        [S.IDEA, S.UNDER_REVIEW, S.ON_HOLD, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED]
        + [S.IN_PROGRESS],
    ),
    (1, [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.NOT_PURSUED]),
    (
        1,
        [S.IDEA, S.UNDER_REVIEW, S.DECISION_PENDING, S.DECIDED, S.IN_PROGRESS, S.ON_HOLD]
        + [S.IN_PROGRESS, S.DONE],
    ),
]
PROGRESS = {
    S.IDEA: 0,
    S.UNDER_REVIEW: 5,
    S.DECISION_PENDING: 10,
    S.DECIDED: 20,
    S.IN_PROGRESS: 50,
    S.ON_HOLD: 30,
    S.DONE: 100,
    S.NOT_PURSUED: 0,
}


def add_portfolio(state: CooperationState) -> None:
    """The measures, planned before they are created: where a measure stands decides
    its start, progress and due decision, and its statuses are given by the meetings
    (planned here, saved by the next step) of the bodies that give them."""
    field_names = _plan_measures(state)
    state.planned_meetings = plan_meetings(state)
    held = [meeting for meeting in state.planned_meetings if meeting.state == Meeting.State.HELD]
    state.status_events = _plan_statuses(state, held)
    _create_measures(state, field_names)


def _plan_measures(state: CooperationState) -> list[str]:
    """``state.plans`` from the fields of action drawn for the cooperation, in turn;
    returns those fields' names."""
    rng = state.rng
    chosen = sorted(rng.sample(range(len(PORTFOLIO)), FIELDS_PER_COOPERATION))
    field_names = [list(PORTFOLIO)[index] for index in chosen]
    queues = {}
    for name in field_names:
        standalone, families = PORTFOLIO[name]
        entries = [(title, []) for title in standalone] + list(families)
        rng.shuffle(entries)
        queues[name] = entries
    past_days = (state.as_of - state.start).days
    plans: list[MeasurePlan] = []
    while len(plans) < state.shape.measures and any(queues.values()):
        for name in field_names:
            if not queues[name] or len(plans) >= state.shape.measures:
                continue
            title, children = queues[name].pop(0)
            first_day = state.start + datetime.timedelta(days=rng.randint(0, int(past_days * 0.65)))
            parent = MeasurePlan(title, name, None, first_day)
            plans.append(parent)
            room = state.shape.measures - len(plans)
            if children and room > 0:
                count = min(rng.randint(2, len(children)), room)
                for child in children[:count]:
                    later = first_day + datetime.timedelta(days=rng.randint(30, 200))
                    plans.append(MeasurePlan(child, name, parent, later))
    state.plans = plans
    return field_names


def _plan_statuses(state: CooperationState, held: list[Meeting]) -> dict[int, list]:
    """Each measure's path through the held meetings: one status per meeting of a
    body that gives it, forward in time. Meeting position → [(plan, status)]."""
    rng = state.rng
    events = defaultdict(list)
    weights = [weight for weight, _path in PATHS]
    stretch = state.shape.years / 5
    for plan in state.plans:
        path = rng.choices([path for _weight, path in PATHS], weights)[0]
        day, last = plan.first_day, -1
        for status in path:
            bodies = STATUS_RESULTS[status][0]
            position = next(
                (
                    index
                    for index in range(last + 1, len(held))
                    if held[index].date >= day
                    and held[index].body_key in bodies
                    and plan.discussed_by(held[index].body_key)
                ),
                None,
            )
            if position is None:
                break
            events[position].append((plan, status))
            plan.changes.append((held[position].date, status))
            last = position
            day = held[position].date + datetime.timedelta(days=int(rng.randint(30, 150) * stretch))
    return events


def _create_measures(state: CooperationState, field_names: list[str]) -> None:
    rng = state.rng
    fields = {}
    for order, name in enumerate(field_names, start=1):
        fields[name] = add_field_of_action(cooperation=state.cooperation, name=name, order=order)
    for plan in state.plans:
        final = plan.changes[-1][1] if plan.changes else None
        decided = next((date for date, status in plan.changes if status == S.DECIDED), None)
        planned_start = decided + datetime.timedelta(days=rng.randint(14, 90)) if decided else None
        members = (
            list(state.municipalities)
            if rng.random() < 0.5
            else rng.sample(state.municipalities, rng.randint(3, 6))
        )
        progress = PROGRESS.get(final, 0)
        if final == S.IN_PROGRESS:
            progress = rng.randint(2, 9) * 10
        decision_due = None
        if final == S.DECISION_PENDING:
            decision_due = plan.changes[-1][0] + datetime.timedelta(days=rng.randint(45, 120))
        plan.measure = add_measure(
            cooperation=state.cooperation,
            title=plan.title,
            field_of_action=fields[plan.field_name],
            parent=plan.parent.measure if plan.parent else None,
            description=f"Gemeinsames Vorhaben der Mitgliedskommunen: {plan.title}.",
            lead_municipality=rng.choice(members) if rng.random() < 0.6 else None,
            is_public=rng.random() < 0.8,
            planned_start=planned_start,
            planned_end=planned_start + datetime.timedelta(days=rng.randint(180, 720))
            if planned_start
            else None,
            decision_due=decision_due,
            progress=progress,
            municipalities=members,
        )
