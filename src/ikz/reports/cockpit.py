"""The cockpit: where a cooperation's work stands on a day. Every measure with its
traffic light and the rule that fired, what each body's next meeting must decide, the
tasks that are late or due soon, the meetings ahead and the last one's results, and
what changed since the last issued status report. The full report's summary is the
same data (``ikz.reports.domain``): one function, two views.

Reads only, in a fixed number of queries however many measures, tasks and meetings
there are."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ikz.core.models import Body, Cooperation
from ikz.measures.domain import (
    Due,
    days_overdue,
    due_end,
    open_on,
    open_on_any,
    status_as_of,
    traffic_light,
)
from ikz.measures.models import (
    TASK_OWNER_RELATIONS,
    Measure,
    MeasureStatus,
    StatusChange,
    Task,
)
from ikz.measures.queries import SOON_DAYS
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.models import StatusReport
from ikz.reports.periods import period_label

# How far ahead the cockpit's timeline and the report's next steps look: three months.
AHEAD_DAYS = 92
ONE_DAY = datetime.timedelta(days=1)
# The worst news first.
SEVERITY = {"red": 0, "yellow": 1, "green": 2, "grey": 3}
# The chart's and the counts' order of statuses; "" for a measure without one.
STATUS_ORDER = [*MeasureStatus.values, ""]


@dataclass
class MeasureLine:
    """A measure as the cockpit shows it on the day: its status and its light with the
    rule that fired."""

    pk: int
    title: str
    field_of_action: str  # "" without one
    status: str  # a MeasureStatus value, "" without a status yet
    status_label: str
    colour: str
    colour_label: str
    reason: str
    decision_due: datetime.date | None


@dataclass
class FieldOfActionLights:
    """A field of action's measures in the portfolio's order."""

    name: str  # "" for the measures without a field of action
    measures: list[MeasureLine] = field(default_factory=list)

    def count(self, colour: str) -> int:
        return sum(1 for line in self.measures if line.colour == colour)


@dataclass
class TaskLine:
    pk: int
    title: str
    owner: str  # "–" without one
    organisation: str  # the owner's municipality, partner or body (``organisation``)
    own: bool  # of one of the municipalities the cockpit is for
    due_label: str
    due_end: datetime.date | None
    days_overdue: int
    measure: str
    due_meeting_id: int | None
    due_body_id: int | None


@dataclass
class TaskGroup:
    """The late and soon-due tasks of one organisation."""

    organisation: str
    own: bool
    overdue: list[TaskLine] = field(default_factory=list)
    soon: list[TaskLine] = field(default_factory=list)


@dataclass
class MeetingLine:
    pk: int
    date: datetime.date
    heading: str
    body: str
    body_id: int
    announcement: str
    held: bool
    # Read for the page only: the topics, and the measures they concern.
    topics: list[str] = field(default_factory=list)
    measure_ids: set[int] = field(default_factory=set)


@dataclass
class NextMeeting:
    """What a body's next meeting must decide: the measures whose decision is due by
    it, its topics, and the tasks due by it."""

    meeting: MeetingLine
    decisions: list[MeasureLine] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tasks: list[TaskLine] = field(default_factory=list)


@dataclass
class ResultItem:
    pk: int
    text: str
    kind: str
    kind_label: str


@dataclass
class HeldMeeting:
    meeting: MeetingLine
    results: list[ResultItem] = field(default_factory=list)


@dataclass
class ChangeLine:
    """One line of "since the last report", with the object it links to: ``target``
    is "meeting", "measure" or "task" and ``pk`` its key."""

    date: datetime.date
    text: str
    detail: str
    target: str
    pk: int
    # For a light that changed: the light it shows now.
    colour: str = ""
    colour_label: str = ""


@dataclass
class SinceLastReport:
    """What changed after ``since`` (the end of ``report``'s period) up to the day."""

    since: datetime.date
    report_pk: int | None
    report_label: str
    results: list[ChangeLine] = field(default_factory=list)
    decisions: list[ChangeLine] = field(default_factory=list)
    status_changes: list[ChangeLine] = field(default_factory=list)
    tasks_new: list[ChangeLine] = field(default_factory=list)
    tasks_closed: list[ChangeLine] = field(default_factory=list)
    tasks_moved: list[ChangeLine] = field(default_factory=list)
    lights: list[ChangeLine] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(
            len(lines)
            for lines in (
                self.results, self.decisions, self.status_changes, self.tasks_new,
                self.tasks_closed, self.tasks_moved, self.lights,
            )
        )  # fmt: skip


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str  # "meeting" or "task"
    text: str
    pk: int


@dataclass
class Cockpit:
    """Where the cooperation's work stands on ``day``."""

    cooperation: str
    day: datetime.date
    fields: list[FieldOfActionLights]
    # Open on the day, late ones longest overdue first, the others soonest due first.
    overdue: list[TaskLine]
    on_time: list[TaskLine]
    # Not cancelled, from the day on, for AHEAD_DAYS, soonest first.
    meetings_ahead: list[MeetingLine]
    light_changes: list[ChangeLine] = field(default_factory=list)
    # The page's parts; the full report leaves them out.
    next_meetings: list[NextMeeting] = field(default_factory=list)
    last_meeting: HeldMeeting | None = None
    since: SinceLastReport | None = None

    @property
    def measures(self) -> list[MeasureLine]:
        return [line for group in self.fields for line in group.measures]

    @property
    def decisions_pending(self) -> list[MeasureLine]:
        """The measures waiting for a decision, the longest due first, undated last."""
        pending = [line for line in self.measures if line.status == MeasureStatus.DECISION_PENDING]
        return sorted(pending, key=lambda line: (line.decision_due is None, line.decision_due))

    def status_counts(self) -> dict[str, int]:
        """How many measures have each status, the status order's, without the empty."""
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for line in self.measures:
            counts[line.status] += 1
        return {status: count for status, count in counts.items() if count}

    def status_by_field(self) -> list[tuple[str, dict[str, int]]]:
        """Each field of action with how many of its measures have each status (every
        status of STATUS_ORDER, zeros included): the chart's numbers."""
        rows = []
        for group in self.fields:
            counts = dict.fromkeys(STATUS_ORDER, 0)
            for line in group.measures:
                counts[line.status] += 1
            rows.append((group.name, counts))
        return rows

    @property
    def soon(self) -> list[TaskLine]:
        """The tasks on time that are due within SOON_DAYS."""
        last = self.day + datetime.timedelta(days=SOON_DAYS)
        return [task for task in self.on_time if task.due_end and task.due_end <= last]

    def task_groups(self) -> list[TaskGroup]:
        """The late and soon-due tasks by organisation: those of the cockpit's own
        municipalities first, then the most late tasks first, then by name."""
        groups: dict[str, TaskGroup] = {}
        for task in self.overdue:
            groups.setdefault(task.organisation, TaskGroup(task.organisation, task.own))
            groups[task.organisation].overdue.append(task)
        for task in self.soon:
            groups.setdefault(task.organisation, TaskGroup(task.organisation, task.own))
            groups[task.organisation].soon.append(task)
        return sorted(
            groups.values(),
            key=lambda group: (not group.own, -len(group.overdue), -len(group.soon),
                               group.organisation),
        )  # fmt: skip

    def timeline(self) -> list[TimelineEntry]:
        """The meetings and the tasks' due dates from the day on, for AHEAD_DAYS."""
        last = self.day + datetime.timedelta(days=AHEAD_DAYS)
        entries = [
            TimelineEntry(meeting.date, "meeting", meeting.heading, meeting.pk)
            for meeting in self.meetings_ahead
            if not meeting.held
        ]
        entries += [
            TimelineEntry(task.due_end, "task", task.title, task.pk)
            for task in self.on_time
            if task.due_end and task.due_end <= last
        ]
        return sorted(entries, key=lambda entry: (entry.date, entry.kind, entry.text))


def latest_issued_report(cooperation: Cooperation) -> StatusReport | None:
    """The cooperation's current issued report with the latest period: the one "since
    the last report" counts from."""
    return (
        StatusReport.objects.filter(
            cooperation=cooperation,
            state=StatusReport.State.FINAL,
            superseded_by__isnull=True,
        )
        .order_by("-period_end", "-pk")
        .only("pk", "period_start", "period_end", "title", "cooperation_id")
        .first()
    )


def organisation(task: Task) -> str:
    """Whom a task is counted for: the owner's municipality or partner, the body, or
    the person without either."""
    if task.owner_person_id:
        person = task.owner_person
        return str(person.municipality or person.partner or person)
    if task.owner_municipality_id:
        return str(task.owner_municipality)
    if task.owner_body_id:
        return str(task.owner_body)
    if task.owner_partner_id:
        return str(task.owner_partner)
    return str(_("no owner"))


def _is_own(task: Task, municipalities: Collection[int]) -> bool:
    if task.owner_municipality_id:
        return task.owner_municipality_id in municipalities
    return bool(task.owner_person_id) and task.owner_person.municipality_id in municipalities


def cockpit(
    cooperation: Cooperation,
    *,
    day: datetime.date,
    since: datetime.date | None = None,
    municipalities: Collection[int] = (),
    page: bool = True,
) -> Cockpit:
    """The cooperation's cockpit on ``day``.

    ``since``: the day "since the last report" counts from (the lights compared with
    it); without it, the end of the latest current issued report (none: nothing to
    compare). ``municipalities``: the ids whose tasks come first (a member's own).
    ``page``: with the page's parts (the next meetings' agendas, the last meeting's
    results, the lines since the last report); the full report reads only the rest.

    Tasks count as open as of ``day`` (``open_on``), statuses as of ``day``
    (``status_as_of``), so a past day reads as it stood then."""
    report = None
    if since is None and page:
        report = latest_issued_report(cooperation)
        since = report.period_end if report else None
    measures = _measures(cooperation, since, day)
    lines = {measure.pk: _measure_line(measure, day) for measure in measures}
    fields: dict[str, FieldOfActionLights] = {}
    for measure in measures:
        name = lines[measure.pk].field_of_action
        fields.setdefault(name, FieldOfActionLights(name)).measures.append(lines[measure.pk])
    overdue, on_time = _open_tasks(cooperation, day, set(municipalities))
    result = Cockpit(
        cooperation=cooperation.name,
        day=day,
        fields=list(fields.values()),
        overdue=overdue,
        on_time=on_time,
        meetings_ahead=_meetings_ahead(cooperation, day, with_topics=page),
        light_changes=_light_changes(measures, lines, since, day) if since else [],
    )
    if page:
        result.next_meetings = _next_meetings(cooperation, result)
        result.last_meeting = _last_meeting(cooperation, day)
        if since is not None:
            result.since = _since_last_report(cooperation, since, day, report, result)
    return result


def _measures(cooperation, since, day) -> list[Measure]:
    return list(
        Measure.objects.filter(cooperation=cooperation)
        .select_related("field_of_action")
        .prefetch_related(
            "status_changes",
            # The lights look at the tasks still open on the two days compared, not at
            # every task ever done.
            Prefetch(
                "tasks",
                queryset=open_on_any(Task.objects.all(), since or day, day).select_related(
                    "due_meeting"
                ),
            ),
        )
        .order_by("field_of_action__order", "title")
    )


def _measure_line(measure: Measure, day) -> MeasureLine:
    status = status_as_of(measure, day) or ""
    light = traffic_light(measure, day)
    # A measure nobody has given a status yet is part of the portfolio all the same.
    label = MeasureStatus(status).label if status else _("without status")
    return MeasureLine(
        pk=measure.pk,
        title=measure.title,
        field_of_action=measure.field_of_action.name if measure.field_of_action else "",
        status=status,
        status_label=str(label),
        colour=light.colour,
        colour_label=light.label,
        reason=light.reason,
        decision_due=measure.decision_due,
    )


def _light_changes(measures, lines, since, day) -> list[ChangeLine]:
    """The measures whose light differs from the one on ``since``: what turned red
    first, then yellow."""
    changes = []
    for measure in measures:
        before = traffic_light(measure, since)
        now = lines[measure.pk]
        if before.colour != now.colour:
            changes.append(
                ChangeLine(
                    day,
                    measure.title,
                    before.label,
                    "measure",
                    measure.pk,
                    now.colour,
                    now.colour_label,
                )  # fmt: skip
            )
    changes.sort(key=lambda line: SEVERITY[line.colour])
    return changes


def _open_tasks(cooperation, day, municipalities) -> tuple[list[TaskLine], list[TaskLine]]:
    # An owner is shown by name with its organisation: read them in the same query.
    tasks = open_on(Task.objects.filter(cooperation=cooperation), day).select_related(
        "due_meeting__body", "due_meeting__location", "due_body", "measure",
        *TASK_OWNER_RELATIONS,
    )  # fmt: skip
    overdue, on_time = [], []
    for task in tasks:
        line = TaskLine(
            pk=task.pk,
            title=task.title,
            owner=str(task.owner or "–"),
            organisation=organisation(task),
            own=_is_own(task, municipalities),
            due_label=Due.of(task).label,
            due_end=due_end(task),
            days_overdue=days_overdue(task, day),
            measure=task.measure.title if task.measure else "",
            due_meeting_id=task.due_meeting_id,
            due_body_id=task.due_body_id,
        )
        (overdue if line.days_overdue else on_time).append(line)
    overdue.sort(key=lambda line: -line.days_overdue)
    on_time.sort(key=lambda line: (line.due_end is None, line.due_end or day, line.title))
    return overdue, on_time


def _meeting_line(meeting: Meeting) -> MeetingLine:
    return MeetingLine(
        pk=meeting.pk,
        date=meeting.date,
        heading=meeting.heading,
        body=meeting.body.name,
        body_id=meeting.body_id,
        announcement=meeting.announcement,
        held=meeting.state == Meeting.State.HELD,
    )


def _meetings_ahead(cooperation, day, *, with_topics: bool) -> list[MeetingLine]:
    """The meetings from ``day`` on, as far as AHEAD_DAYS; with ``with_topics`` each
    line carries its topics and the measures they concern (``topics``, ``measure_ids``)."""
    meetings = (
        Meeting.objects.filter(
            body__cooperation=cooperation,
            date__gte=day,
            date__lte=day + datetime.timedelta(days=AHEAD_DAYS),
        )
        .exclude(state=Meeting.State.CANCELLED)
        .select_related("body", "location")
        .order_by("date", "start_time", "pk")
    )
    lines = [_meeting_line(meeting) for meeting in meetings]
    if with_topics:
        # Read flat, not prefetched: a prefetch filters once per meeting and topic.
        by_pk = {line.pk: line for line in lines}
        topics = AgendaItem.objects.filter(meeting_id__in=by_pk).order_by("meeting_id", "order")
        for meeting, title in topics.values_list("meeting_id", "title"):
            by_pk[meeting].topics.append(title)
        links = AgendaItem.measures.through.objects.filter(agendaitem__meeting_id__in=by_pk)
        for meeting, measure in links.values_list("agendaitem__meeting_id", "measure_id"):
            by_pk[meeting].measure_ids.add(measure)
    return lines


def _next_meetings(cooperation, data: Cockpit) -> list[NextMeeting]:
    """Each body's next meeting not yet held, soonest first, with what it must decide:
    a measure waiting for a decision due by the meeting's day goes to the first such
    meeting whose topics name it, else to the steering group's next meeting; the tasks
    due by that meeting, or by the body's next meeting while it was not planned."""
    steering = set(
        Body.objects.filter(cooperation=cooperation, kind=Body.Kind.STEERING_GROUP).values_list(
            "pk", flat=True
        )
    )
    nexts: dict[int, NextMeeting] = {}
    for meeting in data.meetings_ahead:
        if not meeting.held and meeting.body_id not in nexts:
            nexts[meeting.body_id] = NextMeeting(meeting, topics=meeting.topics)
    for pending in data.decisions_pending:
        if pending.decision_due is None:
            continue
        due_by = [
            next_meeting
            for next_meeting in nexts.values()
            if pending.decision_due <= next_meeting.meeting.date
        ]
        chosen = next(
            (one for one in due_by if pending.pk in one.meeting.measure_ids),
            next((one for one in due_by if one.meeting.body_id in steering), None),
        )
        if chosen is not None:
            chosen.decisions.append(pending)
    for task in [*data.overdue, *data.on_time]:
        for next_meeting in nexts.values():
            if task.due_meeting_id == next_meeting.meeting.pk or (
                task.due_meeting_id is None and task.due_body_id == next_meeting.meeting.body_id
            ):
                next_meeting.tasks.append(task)
    return list(nexts.values())


def _last_meeting(cooperation, day) -> HeldMeeting | None:
    meeting = (
        Meeting.objects.filter(body__cooperation=cooperation, state=Meeting.State.HELD)
        .filter(date__lte=day)
        .select_related("body", "location")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("order")))
        .order_by("-date", "-start_time", "-pk")
        .first()
    )
    if meeting is None:
        return None
    return HeldMeeting(
        _meeting_line(meeting),
        [
            ResultItem(outcome.pk, outcome.text, outcome.kind, str(outcome.get_kind_display()))
            for outcome in meeting.outcomes.all()
        ],
    )


def _since_last_report(cooperation, since, day, report, data: Cockpit) -> SinceLastReport:
    """What changed after ``since`` up to ``day``: the held meetings' results and
    decisions, the status changes, the tasks created, done and moved (their due date
    changed, read from the tasks' history), and the lights that changed."""
    changes = SinceLastReport(
        since=since,
        report_pk=report.pk if report else None,
        report_label=(
            (report.title or period_label(report.period_start, report.period_end)) if report else ""
        ),
        lights=data.light_changes,
    )
    outcomes = (
        Outcome.objects.filter(
            meeting__body__cooperation=cooperation,
            meeting__state=Meeting.State.HELD,
            meeting__date__gt=since,
            meeting__date__lte=day,
        )
        .select_related("meeting__body", "meeting__location")
        .order_by("meeting__date", "meeting_id", "order")
    )
    for outcome in outcomes:
        line = ChangeLine(
            outcome.meeting.date, outcome.text, outcome.meeting.heading, "meeting",
            outcome.meeting_id,
        )  # fmt: skip
        if outcome.kind == Outcome.Kind.DECISION:
            changes.decisions.append(line)
        else:
            changes.results.append(line)
    status_changes = (
        StatusChange.objects.filter(measure__cooperation=cooperation, date__gt=since, date__lte=day)
        .select_related("measure")
        .order_by("date", "pk")
    )
    for change in status_changes:
        changes.status_changes.append(
            ChangeLine(
                change.date,
                change.measure.title,
                f"{change.get_from_status_display() or '–'} → {change.get_to_status_display()}",
                "measure",
                change.measure_id,
            )
        )
    tasks = Task.objects.filter(cooperation=cooperation).filter(
        Q(created_on__gt=since, created_on__lte=day)
        | Q(state=Task.State.DONE, done_on__gt=since, done_on__lte=day)
    )
    for task in tasks.order_by("created_on", "pk").only(
        "pk", "title", "created_on", "state", "done_on"
    ):
        if since < task.created_on <= day:
            changes.tasks_new.append(ChangeLine(task.created_on, task.title, "", "task", task.pk))
        if task.state == Task.State.DONE and task.done_on and since < task.done_on <= day:
            changes.tasks_closed.append(ChangeLine(task.done_on, task.title, "", "task", task.pk))
    changes.tasks_closed.sort(key=lambda line: (line.date, line.pk))
    changes.tasks_moved = _tasks_moved(cooperation, since, day)
    return changes


def _day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the installation's time zone: history records
    compared by their time, which an index serves, not by a date cast per row."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# What a history record says of a task's due date, read as plain values.
DUE_COLUMNS = ("due_precision", "due_date", "due_meeting_id", "due_body_id")


def _tasks_moved(cooperation, since, day) -> list[ChangeLine]:
    """The tasks that existed on ``since`` and whose due date changed after it, up to
    ``day``: from the due date they had then to the one they have now, each once."""
    after_since, after_day = _day_start(since + ONE_DAY), _day_start(day + ONE_DAY)
    touched = (
        Task.history.filter(
            cooperation_id=cooperation.pk,
            # A change, not the creation: only a change moves a due date.
            history_type="~",
            history_date__gte=after_since,
            history_date__lt=after_day,
            created_on__lte=since,
        )
        .values("id")
        .distinct()
    )
    records = Task.history.filter(id__in=touched, history_date__lt=after_day).order_by(
        "id", "history_date", "history_id"
    )
    by_task: dict[int, list[tuple]] = {}
    for task, when, title, *due in records.values_list("id", "history_date", "title", *DUE_COLUMNS):
        by_task.setdefault(task, []).append((when, title, tuple(due)))
    # (task, day moved, title, due before, due now) of each task whose due date moved.
    changes = []
    for task, task_records in by_task.items():
        before = [record for record in task_records if record[0] < after_since]
        first = before[-1] if before else task_records[0]
        when, title, due_now = task_records[-1]
        if first[2] != due_now:
            changes.append((task, timezone.localdate(when), title, first[2], due_now))
    dues = [due for change in changes for due in change[3:]]
    # Asked also without any (0 is no key): the page reads as often whatever moved.
    meetings = Meeting.objects.select_related("body", "location").in_bulk(
        {due[2] for due in dues if due[2]} or {0}
    )
    bodies = Body.objects.in_bulk({due[3] for due in dues if due[3]} or {0})

    def label(due: tuple) -> str:
        precision, date, meeting, body = due
        return Due(precision, date, meetings.get(meeting), bodies.get(body)).label

    moved = [
        ChangeLine(moved_on, title, f"{label(before)} → {label(now)}", "task", task)
        for task, moved_on, title, before, now in changes
    ]
    moved.sort(key=lambda line: (line.date, line.pk))
    return moved
