"""What the measure and task pages read: the portfolio with each measure's status and
traffic light, a measure's history and tasks, a cooperation's tasks as a list chooses
them, and how a task's due date moved; each in a fixed number of queries, however many
rows there are."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet

from ikz.core.models import Body, Cooperation, Municipality
from ikz.core.permissions import own_municipality_ids
from ikz.measures.domain import (
    OPEN_TASK_STATES,
    Due,
    TrafficLight,
    days_overdue,
    due_end,
    mean_progress,
    status_as_of,
    status_progress,
    traffic_light,
)
from ikz.measures.models import (
    TASK_OWNER_RELATIONS,
    FieldOfAction,
    Measure,
    MeasureStatus,
    StatusChange,
    Task,
    TaskComment,
)

# "Due soon": within the next two weeks, the usual distance between two meetings.
SOON_DAYS = 14


def portfolio_of(cooperation: Cooperation) -> QuerySet[Measure]:
    """The cooperation's measures with what their status and traffic light read."""
    return (
        Measure.objects.filter(cooperation=cooperation)
        .select_related("field_of_action", "lead_municipality")
        .prefetch_related(
            "status_changes", Prefetch("tasks", Task.objects.select_related("due_meeting"))
        )
        .order_by("field_of_action__order", "field_of_action__name", "title")
    )


def portfolio_rows(
    cooperation: Cooperation,
    *,
    today: datetime.date,
    words: Iterable[str] = (),
    field_of_action: FieldOfAction | None = None,
    municipality: Municipality | None = None,
    status: str = "",
    light: str = "",
) -> list[tuple[Measure, str, TrafficLight]]:
    """The portfolio as (measure, its status's label, its traffic light) on ``today``:
    the measures whose title or description has every one of ``words``, of the field
    of action, led by or taking part with the municipality, with the status and the
    light's colour, where given."""
    measures = portfolio_of(cooperation)
    for word in words:
        measures = measures.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if field_of_action:
        measures = measures.filter(field_of_action=field_of_action)
    if municipality:
        measures = measures.filter(
            Q(lead_municipality=municipality) | Q(municipalities=municipality)
        ).distinct()
    # Status and light follow from the history and the tasks, not from a column.
    rows = []
    for measure in measures:
        measure_status = status_as_of(measure, today)
        measure_light = traffic_light(measure, today)
        if status and measure_status != status:
            continue
        if light and measure_light.colour != light:
            continue
        label = MeasureStatus(measure_status).label if measure_status else ""
        rows.append((measure, label, measure_light))
    return rows


def measure_of_portfolio(measure: Measure) -> Measure:
    """The measure read as the portfolio reads it, with its municipalities."""
    return portfolio_of(measure.cooperation).prefetch_related("municipalities").get(pk=measure.pk)


def history_of(measure: Measure) -> list[StatusChange]:
    """The measure's status changes, oldest first, each with the result and meeting
    that caused it."""
    return list(
        StatusChange.objects.filter(measure=measure)
        .select_related(
            "outcome__meeting__body", "outcome__meeting__location", "outcome__agenda_item"
        )
        .order_by("date", "pk")
    )


def tasks_with_owners(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks with what their rows show: owner (a person with their municipality or
    partner), due meeting and measure."""
    return tasks.select_related(
        *TASK_OWNER_RELATIONS, "due_meeting__body", "due_meeting__location", "due_body", "measure"
    )


def task_with_owner(task: Task) -> Task:
    """The task read again with what its row and its forms show."""
    return tasks_with_owners(Task.objects).get(pk=task.pk)


def task_with_origin(task: Task) -> Task:
    """The task as its page shows it: with its owner and the result that set it."""
    return tasks_with_owners(Task.objects.select_related("origin_outcome__meeting__body")).get(
        pk=task.pk
    )


def due_order(task: Task):
    """Soonest due first, undated last, then in the cooperation's order."""
    end = due_end(task)
    return (end is None, end or datetime.date.max, task.order, task.pk)


def tasks_of(measure: Measure) -> list[Task]:
    """The measure's tasks with their owners, soonest due first."""
    return sorted(tasks_with_owners(Task.objects.filter(measure=measure)), key=due_order)


Shown = Literal["open", "mine", "overdue", "soon", "done"]


def my_municipality_ids(user, cooperation: Cooperation) -> set[int]:
    """The municipalities whose tasks are the account's own in the cooperation: those
    it is a member for (its roles) and the one its Person record acts for."""
    ids = own_municipality_ids(user, cooperation)
    person = getattr(user, "person", None)
    if person is not None and person.cooperation_id == cooperation.pk and person.municipality_id:
        ids.add(person.municipality_id)
    return ids


def task_rows(
    cooperation: Cooperation,
    *,
    today: datetime.date,
    shown: Shown = "open",
    user=None,
    municipality: Municipality | None = None,
    body: Body | None = None,
) -> list[tuple[Task, int]]:
    """The cooperation's tasks as (task, days overdue on ``today``), as a list shows
    them: the open ones soonest due first, or only those of ``user`` (their person's
    and their municipalities', ``my_municipality_ids``), overdue or due within ``SOON_DAYS``; or the done ones,
    last done first. Narrowed to a municipality (its own tasks and its people's) or a
    body (its own and those due by its meetings), where given."""
    tasks = tasks_with_owners(Task.objects.filter(cooperation=cooperation))
    if shown == "done":
        tasks = tasks.filter(state=Task.State.DONE)
    else:
        tasks = tasks.filter(state__in=OPEN_TASK_STATES)
    if shown == "mine":
        tasks = tasks.filter(
            Q(owner_person__user=user)
            | Q(owner_municipality__in=my_municipality_ids(user, cooperation))
        )
    if municipality:
        tasks = tasks.filter(
            Q(owner_municipality=municipality) | Q(owner_person__municipality=municipality)
        )
    if body:
        tasks = tasks.filter(Q(owner_body=body) | Q(due_meeting__body=body) | Q(due_body=body))
    rows = []
    for task in tasks:
        late = days_overdue(task, today)
        end = due_end(task)
        if shown == "overdue" and not late:
            continue
        if shown == "soon" and not (end and today <= end <= today + datetime.timedelta(SOON_DAYS)):
            continue
        rows.append((task, late))
    if shown == "done":
        # A task marked done in the admin may lack its date: last.
        rows.sort(key=lambda row: (row[0].done_on or datetime.date.min, row[0].pk), reverse=True)
    else:
        rows.sort(key=lambda row: due_order(row[0]))
    return rows


def due_history(task: Task) -> list[dict]:
    """Each time the due date moved: when, by whom, from what to what, and why
    (the reason kept with the history record)."""
    records = list(task.history.order_by("history_date", "history_id"))
    # The meetings app ranks above this one: its model is reached through the relation
    # the task declares, not imported.
    meeting_model = Task._meta.get_field("due_meeting").related_model
    meetings = meeting_model.objects.select_related("body", "location").in_bulk(
        {record.due_meeting_id for record in records if record.due_meeting_id}
    )
    bodies = Body.objects.in_bulk({record.due_body_id for record in records if record.due_body_id})

    def due_of(record) -> Due:
        return Due(
            record.due_precision,
            record.due_date,
            meetings.get(record.due_meeting_id),
            bodies.get(record.due_body_id),
        )

    moves = []
    for before, after in zip(records, records[1:], strict=False):
        if due_of(before) != due_of(after):
            moves.append(
                {
                    "when": after.history_date,
                    "who": after.history_user,
                    "before": due_of(before).label,
                    "after": due_of(after).label,
                    "reason": after.history_change_reason or "",
                }
            )
    return moves


def comments_of(task: Task) -> list[TaskComment]:
    """The task's comments, oldest first, each with its author."""
    return list(
        TaskComment.objects.filter(task=task).select_related("author").order_by("created_at", "pk")
    )


def state_history(task: Task) -> list[dict]:
    """Each time the task was marked done or opened again: when, by whom, its state
    afterwards (with the day it was done), and why (the reason kept with the history
    record, given when it was opened again)."""
    records = list(
        task.history.select_related("history_user").order_by("history_date", "history_id")
    )
    changes = []
    for before, after in zip(records, records[1:], strict=False):
        if before.state != after.state:
            changes.append(
                {
                    "when": after.history_date,
                    "who": after.history_user,
                    "state": Task.State(after.state).label,
                    "done_on": after.done_on,
                    "reason": after.history_change_reason or "",
                }
            )
    return changes


def fields_of_action_of(cooperation: Cooperation) -> QuerySet[FieldOfAction]:
    """The cooperation's fields of action in their order, each with its number of
    measures."""
    return (
        FieldOfAction.objects.filter(cooperation=cooperation)
        .annotate(measure_count=Count("measures"))
        .order_by("order", "name")
    )


# How a municipality takes part in a measure, as the matrix and its page name it.
LEAD = "lead"
PARTICIPATING = "participating"


def involvement(measure: Measure, municipality_id: int, participating: set[tuple[int, int]]) -> str:
    """``LEAD``, ``PARTICIPATING`` or "" (not involved); ``participating`` holds the
    (measure id, municipality id) pairs of the measures' participants."""
    if measure.lead_municipality_id == municipality_id:
        return LEAD
    return PARTICIPATING if (measure.pk, municipality_id) in participating else ""


def measure_matrix(
    cooperation: Cooperation, municipalities: list[Municipality]
) -> list[tuple[Measure, list[str]]]:
    """Each measure of the cooperation, by field of action and title, with how each of
    ``municipalities`` takes part in it (``involvement``), in that order; in two
    queries, however many measures and municipalities there are."""
    measures = (
        Measure.objects.filter(cooperation=cooperation)
        .select_related("field_of_action")
        .order_by("field_of_action__order", "field_of_action__name", "title")
    )
    participating = set(
        Measure.municipalities.through.objects.filter(measure__cooperation=cooperation).values_list(
            "measure_id", "municipality_id"
        )
    )
    return [
        (measure, [involvement(measure, m.pk, participating) for m in municipalities])
        for measure in measures
    ]


def measures_of_municipality(
    cooperation: Cooperation, municipality: Municipality, *, today: datetime.date
) -> list[tuple[Measure, str, str, TrafficLight]]:
    """The measures the municipality leads or takes part in, those it leads first, as
    (measure, ``LEAD`` or ``PARTICIPATING``, its status's label, its traffic light on
    ``today``)."""
    rows = [
        (measure, LEAD if measure.lead_municipality_id == municipality.pk else PARTICIPATING,
         label, light)
        for measure, label, light in portfolio_rows(
            cooperation, today=today, municipality=municipality
        )
    ]  # fmt: skip
    return sorted(rows, key=lambda row: row[1] != LEAD)


def tasks_of_municipality(
    cooperation: Cooperation, municipality: Municipality, *, today: datetime.date
) -> list[tuple[Task, int]]:
    """The municipality's open tasks (its own and its people's) as (task, days overdue
    on ``today``): the overdue ones first, then soonest due first."""
    rows = task_rows(cooperation, today=today, municipality=municipality)
    return sorted(rows, key=lambda row: (not row[1], due_order(row[0])))


@dataclass
class PublicProgress:
    """A public measure as citizens follow it: its status today, the percentage that
    stands for (``status_progress``), for a measure with public parts the mean of theirs
    (``mean_progress``), and those parts."""

    measure: Measure
    status: str | None
    progress: int | None
    parts: list["PublicProgress"] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return MeasureStatus(self.status).label if self.status else ""


def public_progress_of(cooperation: Cooperation, *, today: datetime.date) -> list[PublicProgress]:
    """The cooperation's public measures as a tree, in the portfolio's order: those not
    part of another public measure at the top, each with its public parts; read in two
    queries, however many there are."""
    measures = list(
        Measure.objects.filter(cooperation=cooperation, is_public=True)
        .select_related("field_of_action")
        .prefetch_related("status_changes")
        .order_by("field_of_action__order", "field_of_action__name", "title")
    )
    nodes = {}
    for measure in measures:
        status = status_as_of(measure, today)
        nodes[measure.pk] = PublicProgress(measure, status, status_progress(status))
    roots = []
    for measure in measures:
        parent = nodes.get(measure.parent_id)
        (parent.parts if parent else roots).append(nodes[measure.pk])

    def settle(node: PublicProgress, seen: frozenset) -> None:
        # The parts first, so that a part with parts of its own counts by its mean;
        # ``seen`` stops at a cycle, which the measure form refuses anyway.
        for part in node.parts:
            if part.measure.pk not in seen:
                settle(part, seen | {part.measure.pk})
        if node.parts:
            node.progress = mean_progress(part.progress for part in node.parts)

    for root in roots:
        settle(root, frozenset({root.measure.pk}))
    return roots


def find_progress(nodes: Iterable[PublicProgress], pk: int) -> PublicProgress | None:
    """The node of the measure ``pk`` anywhere in the tree ``public_progress_of`` gave."""
    for node in nodes:
        if node.measure.pk == pk:
            return node
        found = find_progress(node.parts, pk)
        if found is not None:
            return found
    return None
