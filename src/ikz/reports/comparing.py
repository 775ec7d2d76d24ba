"""A report compared with the previous issued one: what is new, what changed, what was
closed. Both sides are read from the data as it stood at each period's end (the
history makes a past period reproducible), so that reports in the seed's template,
whose snapshot has no portfolio, compare as well as full ones."""

import datetime
from dataclasses import dataclass, field

from ikz.measures.domain import open_on
from ikz.measures.models import Measure, Task
from ikz.meetings.models import Meeting, Outcome
from ikz.reports.domain import build_report
from ikz.reports.models import StatusReport


@dataclass
class MeasureChange:
    measure: str
    measure_id: int | None
    before: str
    after: str
    colour: str = ""


@dataclass
class TaskLine:
    title: str
    task_id: int


@dataclass
class ResultLine:
    date: datetime.date
    meeting: str
    meeting_id: int
    text: str
    kind: str


@dataclass
class Comparison:
    previous: StatusReport | None
    since: datetime.date
    new_measures: list[MeasureChange] = field(default_factory=list)
    status_changes: list[MeasureChange] = field(default_factory=list)
    light_changes: list[MeasureChange] = field(default_factory=list)
    new_tasks: list[TaskLine] = field(default_factory=list)
    closed_tasks: list[TaskLine] = field(default_factory=list)
    new_results: list[ResultLine] = field(default_factory=list)


def previous_issued(report: StatusReport) -> StatusReport | None:
    """The current issued report the report follows: the latest ending by its period's
    end, other than itself (for a correction, the report it will supersede)."""
    return (
        StatusReport.objects.current()
        .filter(cooperation_id=report.cooperation_id, period_end__lte=report.period_end)
        .exclude(pk=report.pk)
        .order_by("-period_end", "-pk")
        .only("title", "period_start", "period_end", "report_date", "cooperation")
        .first()
    )


def _portfolio(report: StatusReport, start, end) -> dict:
    data = build_report(
        cooperation=report.cooperation,
        period_start=start,
        period_end=end,
        template=StatusReport.Template.FULL,
    )
    return {row.measure: row for row in data.portfolio}


def _open_tasks(report: StatusReport, day: datetime.date) -> dict[int, str]:
    tasks = open_on(Task.objects.filter(cooperation_id=report.cooperation_id), day)
    return dict(tasks.order_by("order", "pk").values_list("pk", "title"))


def compare(report: StatusReport) -> Comparison:
    """What the report's period end shows against the previous issued report's: new
    measures, status and traffic-light changes, tasks opened and closed, and the results
    of the meetings held in between. Without a previous issued report, everything since
    the period's start counts as new. Reads only."""
    previous = previous_issued(report)
    since = previous.period_end if previous else report.period_start - datetime.timedelta(days=1)
    comparison = Comparison(previous=previous, since=since)
    now = _portfolio(report, report.period_start, report.period_end)
    before = _portfolio(report, previous.period_start, previous.period_end) if previous else {}
    ids = dict(
        Measure.objects.filter(cooperation_id=report.cooperation_id).values_list("title", "pk")
    )
    for title, row in now.items():
        old = before.get(title)
        if old is None:
            comparison.new_measures.append(
                MeasureChange(title, ids.get(title), "", row.status, row.colour)
            )
            continue
        if old.status != row.status:
            comparison.status_changes.append(
                MeasureChange(title, ids.get(title), old.status, row.status)
            )
        if old.colour != row.colour:
            comparison.light_changes.append(
                MeasureChange(title, ids.get(title), old.colour_label, row.colour_label, row.colour)
            )
    open_now = _open_tasks(report, report.period_end)
    open_before = _open_tasks(report, since) if previous else {}
    comparison.new_tasks = [TaskLine(t, pk) for pk, t in open_now.items() if pk not in open_before]
    comparison.closed_tasks = [
        TaskLine(t, pk) for pk, t in open_before.items() if pk not in open_now
    ]
    outcomes = (
        Outcome.objects.filter(
            meeting__body__cooperation_id=report.cooperation_id,
            meeting__state=Meeting.State.HELD,
            meeting__date__gt=since,
            meeting__date__lte=report.period_end,
        )
        .select_related("meeting__body", "meeting__location")
        .order_by("meeting__date", "meeting_id", "order")
    )
    comparison.new_results = [
        ResultLine(
            outcome.meeting.date,
            outcome.meeting.heading,
            outcome.meeting_id,
            outcome.text,
            outcome.get_kind_display(),
        )
        for outcome in outcomes
    ]
    return comparison
