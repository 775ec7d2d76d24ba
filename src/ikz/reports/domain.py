"""Building a status report from the data: any period of whole months, as it was then."""

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from ikz.agreements.domain import SETTLED_STATES, state_as_of
from ikz.agreements.models import Agreement
from ikz.core.models import Cooperation
from ikz.core.months import is_month_end
from ikz.measures.domain import days_overdue, open_on, status_as_of, traffic_light
from ikz.measures.models import FundingApplication, Measure, MeasureStatus, StatusChange, Task
from ikz.meetings.models import AgendaItem, Meeting, Outcome
from ikz.reports.models import StatusReport
from ikz.reports.periods import format_date, period_label, report_title

# How far ahead "next steps" look for meetings after the period.
UPCOMING_MEETING_DAYS = 92


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
class FundingDeadline:
    date: datetime.date
    application: str
    deadline: str


@dataclass
class AgreementLine:
    title: str
    state: str
    needs_vat_assessment: bool


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
    portfolio: list[PortfolioRow] = field(default_factory=list)
    overdue_tasks: list[OverdueTask] = field(default_factory=list)
    agreements: list[AgreementLine] = field(default_factory=list)
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


def _next_steps(cooperation, end) -> list[str]:
    """Tasks open at the period's end and the meetings of the following months, in the
    order the coordinator wrote them (announced meetings share the tasks' numbering)."""
    tasks = open_on(Task.objects.filter(cooperation=cooperation), end).only("order", "title")
    meetings = (
        Meeting.objects.filter(
            body__cooperation=cooperation,
            date__gt=end,
            date__lte=end + datetime.timedelta(days=UPCOMING_MEETING_DAYS),
        )
        .exclude(state=Meeting.State.CANCELLED)
        .select_related("body", "location")
    )
    steps = [((task.order, 0, task.pk), task.title) for task in tasks]
    for meeting in meetings:
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
) -> ReportData:
    """The report for whole months ``period_start``..``period_end``; statuses and open
    tasks are taken as of the period's end, so a past period reads as it did then.
    Reads only; writes nothing.

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
        )


def _build_report(
    *,
    cooperation: Cooperation,
    period_start: datetime.date,
    period_end: datetime.date,
    report_date: datetime.date | None,
    template: str,
) -> ReportData:
    if period_start.day != 1 or not is_month_end(period_end) or period_end < period_start:
        raise ValidationError(_("A report period is one or more whole months."))
    changes = (
        StatusChange.objects.filter(
            measure__cooperation=cooperation, date__range=(period_start, period_end)
        )
        .select_related("measure")
        .order_by("date", "pk")
    )
    report = ReportData(
        cooperation=cooperation.name,
        title=cooperation.report_title or cooperation.name,
        period_start=period_start,
        period_end=period_end,
        period_label=period_label(period_start, period_end),
        report_date=report_date or period_end,
        template=template,
        meetings=_meeting_sections(cooperation, period_start, period_end),
        status_changes=[
            StatusChangeLine(
                change.date,
                change.measure.title,
                change.get_from_status_display() or "–",
                change.get_to_status_display(),
            )
            for change in changes
        ],
        next_steps=_next_steps(cooperation, period_end),
        primary_colour=cooperation.primary_colour,
        secondary_colour=cooperation.secondary_colour,
        logo_path=cooperation.logo.path if cooperation.logo else "",
    )
    if report.is_full:
        _add_portfolio(report, cooperation, period_end)
    return report


def _add_portfolio(report: ReportData, cooperation, day) -> None:
    """The full template's parts; the seed template reads none of this."""
    measures = (
        Measure.objects.filter(cooperation=cooperation)
        .select_related("field_of_action")
        .prefetch_related(
            "status_changes",
            # The light looks at the tasks still open then, not at every task ever done.
            Prefetch(
                "tasks", queryset=open_on(Task.objects.all(), day).select_related("due_meeting")
            ),
        )
        .order_by("field_of_action__order", "title")
    )
    counts = Counter()
    for measure in measures:
        status = status_as_of(measure, day)
        light = traffic_light(measure, day)
        # A measure nobody has given a status yet is part of the portfolio all the same.
        label = MeasureStatus(status).label if status else _("without status")
        counts[str(label)] += 1
        report.portfolio.append(
            PortfolioRow(
                measure.title,
                measure.field_of_action.name if measure.field_of_action else "",
                str(label),
                light.colour,
                light.label,
                light.reason,
            )
        )
    report.status_counts = dict(sorted(counts.items(), key=lambda item: -item[1]))
    # An owner is shown by name with its organisation: read them in the same query.
    tasks = open_on(Task.objects.filter(cooperation=cooperation), day).select_related(
        "due_meeting",
        "owner_person__municipality",
        "owner_person__partner",
        "owner_municipality",
        "owner_body",
    )
    report.overdue_tasks = sorted(
        (
            OverdueTask(task.title, str(task.owner or "–"), days_overdue(task, day))
            for task in tasks
            if days_overdue(task, day)
        ),
        key=lambda line: -line.days_overdue,
    )
    report.agreements = []
    agreements = Agreement.objects.filter(cooperation=cooperation).prefetch_related("steps")
    for agreement in agreements.order_by("title", "pk"):
        # As it stood at the period's end: a step reached later is not in this report.
        state = state_as_of(agreement, day)
        if state is None or state in SETTLED_STATES:
            continue
        report.agreements.append(
            AgreementLine(
                agreement.title, str(Agreement.State(state).label), agreement.needs_vat_assessment
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
