"""Building a status report from the data: any period of whole months, as it was then."""

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _

from ikz.agreements.costs import cost_checks, euros
from ikz.agreements.domain import SETTLED_STATES, state_as_of
from ikz.agreements.lifecycle import vat_assessment
from ikz.agreements.models import Agreement
from ikz.core.models import Cooperation
from ikz.core.months import is_month_end
from ikz.measures.domain import open_on
from ikz.measures.models import FundingApplication, StatusChange, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.cockpit import AHEAD_DAYS, Cockpit, cockpit
from ikz.reports.models import StatusReport
from ikz.reports.periods import format_date, period_label, report_title

# How far ahead "next steps" look for meetings after the period: as far as the cockpit.
UPCOMING_MEETING_DAYS = AHEAD_DAYS


@dataclass
class ResultLine:
    text: str
    kind: str
    topic: int | None  # position (1-based) of the topic it answers, None for none


@dataclass
class MeetingSection:
    date: datetime.date
    heading: str
    topics: list[str]
    results: list[ResultLine]


@dataclass
class StatusChangeLine:
    date: datetime.date
    measure: str
    before: str
    after: str


@dataclass
class PortfolioRow:
    measure: str
    field_of_action: str
    status: str
    colour: str
    colour_label: str
    reason: str


@dataclass
class OverdueTask:
    title: str
    owner: str
    days_overdue: int


@dataclass
class OwnerCount:
    """Overdue tasks of one owner's organisation: a municipality, a partner or a body."""

    owner: str
    count: int
    most_days: int


@dataclass
class UpcomingStep:
    """A next step of the full report: an open task on time, or a meeting ahead."""

    text: str
    owner: str
    due: str
    due_end: datetime.date | None


@dataclass
class FundingDeadline:
    date: datetime.date
    application: str
    deadline: str


@dataclass
class AgreementLine:
    title: str
    state: str
    # § 2b UStG: a criterion fails, so the service may be taxable from 01.01.2027.
    vat_at_risk: bool


@dataclass
class CostCheckLine:
    """One scenario of a cost check: its annual cost, what the paying municipalities pay
    on their own today and the saving, as printed (or why it cannot be computed)."""

    cost_check: str
    scenario: str
    annual_cost: str
    status_quo: str
    saving: str


@dataclass
class FieldLights:
    """How many of a field of action's measures show each light."""

    field_of_action: str
    green: int = 0
    yellow: int = 0
    red: int = 0
    grey: int = 0


@dataclass
class LightChange:
    measure: str
    before: str
    after: str
    colour: str


@dataclass
class DecisionNeeded:
    measure: str
    field_of_action: str
    due: datetime.date | None
    days_late: int


@dataclass
class MeasureResults:
    """The period's results on one measure: how many, and its latest decision."""

    measure: str
    results: int
    meetings: int
    decision_date: datetime.date | None
    decision: str


@dataclass
class Activity:
    """What happened from the day after ``since`` to the period's end."""

    since: datetime.date
    since_report: bool  # whether ``since`` is the end of the previous report
    meetings: int = 0
    results: int = 0
    decisions: int = 0
    status_changes: int = 0
    tasks_created: int = 0
    tasks_done: int = 0


@dataclass
class ReportData:
    """Everything a report shows, in the order it shows it; the snapshot of a final
    report is this structure as JSON."""

    cooperation: str
    title: str
    period_start: datetime.date
    period_end: datetime.date
    period_label: str
    report_date: datetime.date
    template: str
    meetings: list[MeetingSection]
    status_changes: list[StatusChangeLine]
    next_steps: list[str]
    appendix: bool = False
    # The coordinator's own words, kept with the report: an introduction, and what the
    # steering group is asked to decide (one decision a line).
    intro: str = ""
    decisions_text: str = ""
    portfolio: list[PortfolioRow] = field(default_factory=list)
    field_lights: list[FieldLights] = field(default_factory=list)
    activity: Activity | None = None
    light_changes: list[LightChange] = field(default_factory=list)
    decisions_needed: list[DecisionNeeded] = field(default_factory=list)
    results_by_measure: list[MeasureResults] = field(default_factory=list)
    results_without_measure: int = 0
    upcoming: list[UpcomingStep] = field(default_factory=list)
    overdue_by_owner: list[OwnerCount] = field(default_factory=list)
    # Longest overdue first.
    overdue_tasks: list[OverdueTask] = field(default_factory=list)
    agreements: list[AgreementLine] = field(default_factory=list)
    cost_checks: list[CostCheckLine] = field(default_factory=list)
    funding_deadlines: list[FundingDeadline] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    primary_colour: str = ""
    secondary_colour: str = ""
    logo_path: str = ""

    @property
    def heading(self) -> str:
        return report_title(self.period_start, self.period_end)

    @property
    def is_full(self) -> bool:
        return self.template == StatusReport.Template.FULL

    @property
    def is_meeting_overview(self) -> bool:
        return self.template == StatusReport.Template.MEETINGS

    def as_json(self) -> dict:
        return _jsonable(asdict(self))


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _meeting_sections(cooperation, start, end) -> list[MeetingSection]:
    meetings = (
        Meeting.objects.filter(
            body__cooperation=cooperation,
            state=Meeting.State.HELD,
            date__range=(start, end),
        )
        .select_related("body", "location")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("order")),
        )
        .order_by("date", "start_time", "pk")
    )
    sections = []
    for meeting in meetings:
        items = list(meeting.agenda_items.all())
        position = {item.pk: index for index, item in enumerate(items, start=1)}
        sections.append(
            MeetingSection(
                date=meeting.date,
                heading=meeting.heading,
                topics=[item.title for item in items],
                results=[
                    ResultLine(outcome.text, outcome.kind, position.get(outcome.agenda_item_id))
                    for outcome in meeting.outcomes.all()
                ],
            )
        )
    return sections


def _meetings_ahead(cooperation, end):
    """The meetings of the months after the period, as far as next steps look."""
    return (
        Meeting.objects.filter(
            body__cooperation=cooperation,
            date__gt=end,
            date__lte=end + datetime.timedelta(days=UPCOMING_MEETING_DAYS),
        )
        .exclude(state=Meeting.State.CANCELLED)
        .select_related("body", "location")
    )


def _next_steps(cooperation, end) -> list[str]:
    """Tasks open at the period's end and the meetings of the following months, in the
    order the coordinator wrote them (announced meetings share the tasks' numbering)."""
    tasks = open_on(Task.objects.filter(cooperation=cooperation), end).only("order", "title")
    steps = [((task.order, 0, task.pk), task.title) for task in tasks]
    for meeting in _meetings_ahead(cooperation, end):
        text = meeting.announcement or f"{meeting.heading}: {format_date(meeting.date)}"
        order = meeting.next_step_order if meeting.next_step_order is not None else 10**9
        steps.append(((order, 1, meeting.date.toordinal()), text))
    return [text for _key, text in sorted(steps)]


def build_report(
    *,
    cooperation: Cooperation,
    period_start: datetime.date,
    period_end: datetime.date,
    report_date: datetime.date | None = None,
    template: str = StatusReport.Template.SEED,
    appendix: bool = False,
    intro: str = "",
    decisions_text: str = "",
) -> ReportData:
    """The report for whole months ``period_start``..``period_end``; statuses and open
    tasks are taken as of the period's end, so a past period reads as it did then.
    ``intro`` and ``decisions_text`` are the coordinator's words the report shows.
    Reads only; writes nothing, and reads only what its template shows: the seed its
    meetings and next steps, the meeting overview its meetings, the full report its
    summary (and the meetings only with ``appendix``).

    Reports are German documents: status labels, traffic-light reasons and section
    words are written in the installation's language (settings.LANGUAGE_CODE), whatever
    language the request or the shell asks for, like the data around them."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_report(
            cooperation=cooperation,
            period_start=period_start,
            period_end=period_end,
            report_date=report_date,
            template=template,
            appendix=appendix and template == StatusReport.Template.FULL,
            intro=intro,
            decisions_text=decisions_text,
        )


def _build_report(
    *,
    cooperation: Cooperation,
    period_start: datetime.date,
    period_end: datetime.date,
    report_date: datetime.date | None,
    template: str,
    appendix: bool,
    intro: str = "",
    decisions_text: str = "",
) -> ReportData:
    if period_start.day != 1 or not is_month_end(period_end) or period_end < period_start:
        raise ValidationError(_("A report period is one or more whole months."))
    seed = template == StatusReport.Template.SEED
    report = ReportData(
        cooperation=cooperation.name,
        title=cooperation.report_title or cooperation.name,
        period_start=period_start,
        period_end=period_end,
        period_label=period_label(period_start, period_end),
        report_date=report_date or period_end,
        template=template,
        appendix=appendix,
        intro=intro.strip(),
        decisions_text=decisions_text.strip(),
        meetings=(
            _meeting_sections(cooperation, period_start, period_end)
            if template != StatusReport.Template.FULL or appendix
            else []
        ),
        status_changes=[],
        next_steps=_next_steps(cooperation, period_end) if seed else [],
        primary_colour=cooperation.primary_colour,
        secondary_colour=cooperation.secondary_colour,
        logo_path=cooperation.logo.path if cooperation.logo else "",
    )
    if report.is_full:
        _add_summary(report, cooperation, period_start, period_end)
    return report


def _status_changes(cooperation, start, end) -> list[StatusChangeLine]:
    changes = (
        StatusChange.objects.filter(measure__cooperation=cooperation, date__range=(start, end))
        .select_related("measure")
        .order_by("date", "pk")
    )
    return [
        StatusChangeLine(
            change.date,
            change.measure.title,
            change.get_from_status_display() or "–",
            change.get_to_status_display(),
        )
        for change in changes
    ]


def _since(cooperation, start) -> tuple[datetime.date, bool]:
    """The day the previous report ended, or the day before the period without one:
    "what changed since the previous report" starts the day after. Only a current
    issued report counts, as on the cockpit: drafts and superseded reports were never
    what the cooperation reported."""
    previous = (
        StatusReport.objects.current()
        .filter(cooperation=cooperation, period_end__lt=start)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    if previous is None:
        return start - datetime.timedelta(days=1), False
    return previous, True


def _activity(cooperation, since, end, since_report: bool) -> Activity:
    meetings = Meeting.objects.filter(
        body__cooperation=cooperation, state=Meeting.State.HELD, date__gt=since, date__lte=end
    )
    outcomes = Outcome.objects.filter(meeting__in=meetings).aggregate(
        results=Count("pk"), decisions=Count("pk", filter=Q(kind=Outcome.Kind.DECISION))
    )
    tasks = Task.objects.filter(cooperation=cooperation).aggregate(
        created=Count("pk", filter=Q(created_on__gt=since, created_on__lte=end)),
        done=Count("pk", filter=Q(state=Task.State.DONE, done_on__gt=since, done_on__lte=end)),
    )
    return Activity(
        since=since,
        since_report=since_report,
        meetings=meetings.count(),
        results=outcomes["results"],
        decisions=outcomes["decisions"],
        status_changes=StatusChange.objects.filter(
            measure__cooperation=cooperation, date__gt=since, date__lte=end
        ).count(),
        tasks_created=tasks["created"],
        tasks_done=tasks["done"],
    )


def _add_summary(report: ReportData, cooperation, start, end) -> None:
    """The full report's parts: what a steering group reads, not every line. Portfolio,
    lights, pending decisions and tasks are the cockpit's on the period's last day,
    compared with the end of the previous report."""
    since, since_report = _since(cooperation, start)
    report.activity = _activity(cooperation, since, end, since_report)
    report.status_changes = _status_changes(cooperation, start, end)
    data = cockpit(cooperation, day=end, since=since, page=False)
    _add_portfolio(report, data)
    _add_results(report, cooperation, data.measures, start, end)
    _add_tasks(report, data)
    _add_agreements_and_funding(report, cooperation, end)
    _add_cost_checks(report, cooperation)


def _add_portfolio(report: ReportData, data: Cockpit) -> None:
    counts = Counter()
    for group in data.fields:
        lights = FieldLights(group.name or str(_("without field of action")))
        for line in group.measures:
            counts[line.status_label] += 1
            report.portfolio.append(
                PortfolioRow(
                    line.title, line.field_of_action, line.status_label, line.colour,
                    line.colour_label, line.reason,
                )
            )  # fmt: skip
            setattr(lights, line.colour, getattr(lights, line.colour) + 1)
        report.field_lights.append(lights)
    report.status_counts = dict(sorted(counts.items(), key=lambda item: -item[1]))
    report.light_changes = [
        LightChange(change.text, change.detail, change.colour_label, change.colour)
        for change in data.light_changes
    ]
    report.decisions_needed = [
        DecisionNeeded(
            line.title,
            line.field_of_action,
            line.decision_due,
            max((data.day - line.decision_due).days, 0) if line.decision_due else 0,
        )
        for line in data.decisions_pending
    ]


def _add_results(report: ReportData, cooperation, measures, start, end) -> None:
    """The period's results counted per measure, with each measure's latest decision."""
    held = Q(
        meeting__body__cooperation=cooperation,
        meeting__state=Meeting.State.HELD,
        meeting__date__range=(start, end),
    )
    outcomes = {
        pk: (kind, text, meeting, date, order)
        for pk, kind, text, meeting, date, order in Outcome.objects.filter(held).values_list(
            "pk", "kind", "text", "meeting_id", "meeting__date", "order"
        )
    }
    links = Outcome.measures.through.objects.filter(
        outcome__in=Outcome.objects.filter(held).values("pk")
    ).values_list("outcome_id", "measure_id")
    by_measure: dict[int, list[int]] = {}
    for outcome, measure in links:
        by_measure.setdefault(measure, []).append(outcome)
    linked = {outcome for outcomes_of in by_measure.values() for outcome in outcomes_of}
    report.results_without_measure = len(outcomes) - len(linked)
    for measure in measures:
        rows = [outcomes[pk] for pk in by_measure.get(measure.pk, ())]
        if not rows:
            continue
        decisions = [row for row in rows if row[0] == Outcome.Kind.DECISION]
        latest = max(decisions, key=lambda row: (row[3], row[4])) if decisions else None
        report.results_by_measure.append(
            MeasureResults(
                measure.title,
                len(rows),
                len({row[2] for row in rows}),
                latest[3] if latest else None,
                latest[1] if latest else "",
            )
        )


def _add_tasks(report: ReportData, data: Cockpit) -> None:
    owners: dict[str, OwnerCount] = {}
    for task in data.overdue:
        report.overdue_tasks.append(OverdueTask(task.title, task.owner, task.days_overdue))
        counted = owners.setdefault(task.organisation, OwnerCount(task.organisation, 0, 0))
        counted.count += 1
        counted.most_days = max(counted.most_days, task.days_overdue)
    report.upcoming = [
        UpcomingStep(task.title, task.owner, task.due_label, task.due_end) for task in data.on_time
    ]
    for meeting in data.meetings_ahead:
        # The period's last day is in the report's meetings, not ahead of it.
        if meeting.date > data.day:
            report.upcoming.append(
                UpcomingStep(
                    meeting.announcement or meeting.heading,
                    meeting.body,
                    format_date(meeting.date),
                    meeting.date,
                )
            )
    day = data.day
    report.upcoming.sort(key=lambda step: (step.due_end is None, step.due_end or day, step.text))
    report.overdue_by_owner = sorted(owners.values(), key=lambda line: (-line.count, line.owner))


def _add_cost_checks(report: ReportData, cooperation) -> None:
    """The cost checks as they stand when the report is built: costs are plans, not
    dated history."""
    for check in cost_checks(cooperation):
        for scenario in check.scenarios:
            result = scenario.allocation
            report.cost_checks.append(
                CostCheckLine(
                    check.name,
                    scenario.label,
                    euros(result.total) if result else scenario.error,
                    euros(result.status_quo_total) if result else "–",
                    euros(result.saving_total) if result else "–",
                )
            )


def _add_agreements_and_funding(report: ReportData, cooperation, day) -> None:
    agreements = Agreement.objects.filter(cooperation=cooperation).prefetch_related("steps")
    for agreement in agreements.order_by("title", "pk"):
        # As it stood at the period's end: a step reached later is not in this report.
        state = state_as_of(agreement, day)
        if state is None or state in SETTLED_STATES:
            continue
        report.agreements.append(
            AgreementLine(
                agreement.title,
                str(Agreement.State(state).label),
                vat_assessment(agreement).flagged,
            )
        )
    deadlines = []
    for application in FundingApplication.objects.filter(cooperation=cooperation):
        for date, label in (
            (application.submission_deadline, _("submission")),
            (application.proof_deadline, _("proof of use")),
        ):
            if date and date > day:
                deadlines.append(FundingDeadline(date, application.title, label))
    report.funding_deadlines = sorted(deadlines, key=lambda line: line.date)
