"""The tasks: ``Shape.tasks`` next steps, most arising from results, owned by
people, municipalities or bodies, due by day, month, quarter or meeting, in the state
their due date makes likely."""

import datetime

from ikz.core.models import Body
from ikz.core.months import month_end, quarter_end, quarter_of, quarter_start
from ikz.measures.models import Task, TaskComment
from ikz.meetings.models import Outcome
from ikz.sample.generator.meetings import next_meeting
from ikz.sample.generator.state import CooperationState, PlannedResult, bulk
from ikz.sample.generator.words import GENERIC_TASKS, MEASURE_TASKS, TASK_COMMENTS

# A task's state by how long ago it fell due (shares in %).
TASK_STATES_LONG_DUE = {Task.State.DONE: 89, Task.State.CANCELLED: 10, Task.State.OPEN: 1}
TASK_STATES_RECENTLY_DUE = {
    Task.State.DONE: 75,
    Task.State.CANCELLED: 5,
    Task.State.OPEN: 12,
    Task.State.IN_PROGRESS: 8,
}
TASK_STATES_NOT_DUE = {Task.State.OPEN: 55, Task.State.IN_PROGRESS: 30, Task.State.DONE: 15}
# How likely a task carries comments, and how many at most.
COMMENTED_SHARE = 0.2
MOST_COMMENTS = 3
# How likely a result of each kind sets a task.
KIND_WEIGHT = {
    Outcome.Kind.MANDATE: 4,
    Outcome.Kind.DECISION: 3,
    Outcome.Kind.DEFERRAL: 1,
    Outcome.Kind.INFORMATION: 1,
}


def add_tasks(state: CooperationState) -> None:
    rng = state.rng
    results = state.results
    count = state.shape.tasks
    from_results = round(count * 0.85) if results else 0
    drafts = []
    if results:
        weights = [KIND_WEIGHT[result.kind] for result in results]
        for result in rng.choices(results, weights, k=from_results):
            drafts.append((result.outcome.meeting.date, result))
    past_days = (state.as_of - state.start).days
    for _n in range(count - from_results):
        day = state.start + datetime.timedelta(days=rng.randint(0, past_days - 1))
        drafts.append((day, None))
    # Each task's place in the list is the order it arose in.
    drafts.sort(key=lambda draft: (draft[0], draft[1].outcome.pk if draft[1] else 0))
    tasks = [
        _task(state, order, created_on, result)
        for order, (created_on, result) in enumerate(drafts, start=1)
    ]
    bulk(Task, tasks)
    bulk(TaskComment, [comment for task in tasks for comment in _comments(state, task)])


def _comments(state: CooperationState, task: Task) -> list[TaskComment]:
    """A few notes on some tasks, written between the day it was set and its end (or
    the present); generated people have no accounts, so no author."""
    rng = state.rng
    if rng.random() >= COMMENTED_SHARE:
        return []
    last = min(task.done_on or state.as_of, state.as_of) - datetime.timedelta(days=1)
    span = max(0, (last - task.created_on).days)
    days = sorted(rng.randint(0, span) for _n in range(rng.randint(1, MOST_COMMENTS)))
    return [
        TaskComment(
            task=task,
            text=rng.choice(TASK_COMMENTS),
            created_at=datetime.datetime.combine(
                task.created_on + datetime.timedelta(days=day),
                datetime.time(9, 0),
                tzinfo=datetime.UTC,
            ),
        )
        for day in days
    ]


def _task(
    state: CooperationState, order: int, created_on: datetime.date, result: PlannedResult | None
) -> Task:
    rng = state.rng
    plan = result.plan if result else (rng.choice(state.plans) if rng.random() < 0.5 else None)
    meeting = result.outcome.meeting if result else None
    body_key = meeting.body_key if meeting else rng.choice(["steering", "project"])
    if plan is not None:
        title = rng.choice(MEASURE_TASKS).format(m=plan.title)
    else:
        title = rng.choice(GENERIC_TASKS).format(year=created_on.year + 1)
    owner = {"owner_person": None, "owner_municipality": None, "owner_body": None}
    draw = rng.random()
    if draw < 0.45:
        owner["owner_person"] = rng.choice(state.members[body_key])
    elif draw < 0.7:
        owner["owner_municipality"] = rng.choice(state.municipalities)
    elif draw < 0.9:
        owner["owner_body"] = state.bodies[rng.choice(["steering", "project", "admin"])]
    target = created_on + datetime.timedelta(days=rng.randint(14, 120))
    draw = rng.random()
    due = {
        "due_precision": Task.DuePrecision.DAY,
        "due_date": target,
        "due_meeting": None,
        "due_body": None,
    }
    if draw < 0.3:
        due["due_precision"], due["due_date"] = Task.DuePrecision.MONTH, target.replace(day=1)
    elif draw < 0.45:
        due["due_precision"] = Task.DuePrecision.QUARTER
        due["due_date"] = quarter_start(target.year, quarter_of(target))
    elif draw < 0.6:
        # Due by the next meeting of the owning body, else of the one that set it.
        due_body = _body_key(state, owner["owner_body"]) if owner["owner_body"] else body_key
        following = next_meeting(state, due_body, created_on)
        # Without a following meeting in the plan: due by it, its date still open.
        due = {
            "due_precision": Task.DuePrecision.MEETING,
            "due_date": None,
            "due_meeting": following,
            "due_body": None if following else state.bodies[due_body],
        }
    elif draw < 0.65:
        due = {
            "due_precision": Task.DuePrecision.NONE,
            "due_date": None,
            "due_meeting": None,
            "due_body": None,
        }
    ends = {
        Task.DuePrecision.DAY: lambda: due["due_date"],
        Task.DuePrecision.MONTH: lambda: month_end(due["due_date"]),
        Task.DuePrecision.QUARTER: lambda: quarter_end(due["due_date"]),
        # An open date is never due: the end of the generated plan stands in for it.
        Task.DuePrecision.MEETING: lambda: (
            due["due_meeting"].date if due["due_meeting"] else state.end
        ),
        Task.DuePrecision.NONE: lambda: created_on + datetime.timedelta(days=120),
    }
    due_end = ends[due["due_precision"]]()
    last_day = state.as_of - datetime.timedelta(days=1)
    # Long overdue tasks are nearly all settled; recently due ones are often still
    # open, which is what turns a light yellow or red.
    if due_end < state.as_of - datetime.timedelta(days=90):
        shares = TASK_STATES_LONG_DUE
    elif due_end < state.as_of:
        shares = TASK_STATES_RECENTLY_DUE
    else:
        shares = TASK_STATES_NOT_DUE
    task_state = rng.choices(list(shares), list(shares.values()))[0]
    done_on = None
    if task_state == Task.State.DONE:
        latest = min(last_day, due_end + datetime.timedelta(days=20))
        span = max(0, (latest - created_on).days)
        done_on = created_on + datetime.timedelta(days=rng.randint(min(1, span), span))
    return Task(
        cooperation=state.cooperation,
        title=title,
        measure=plan.measure if plan else None,
        state=task_state,
        created_on=created_on,
        done_on=done_on,
        origin_outcome=result.outcome if result else None,
        order=order,
        **owner,
        **due,
    )


def _body_key(state: CooperationState, body: Body) -> str:
    return next(key for key, value in state.bodies.items() if value == body)
