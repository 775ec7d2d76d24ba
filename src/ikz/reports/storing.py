"""Storing a parsed report: every meeting, result, status change and task through the
domain functions, in one transaction, creating only what is not there yet."""

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ikz.core.domain import (
    add_body,
    add_municipality,
    add_partner,
    create_cooperation,
    find_or_add,
)
from ikz.core.models import Body, Cooperation, Municipality, Partner
from ikz.measures.domain import Due, add_measure, create_task
from ikz.measures.models import Measure, MeasureStatus, Task
from ikz.meetings.domain import (
    TaskDraft,
    add_agenda_item,
    hold_meeting,
    record_outcome,
    schedule_meeting,
    settle_due,
)
from ikz.meetings.models import Meeting
from ikz.reports import matching
from ikz.reports.drafts import start_report
from ikz.reports.models import StatusReport
from ikz.reports.outline import Block
from ikz.reports.parsing import (
    BODY_KINDS,
    ParsedDue,
    ParsedMeeting,
    ParsedReport,
    ParsedStep,
    parse_blocks,
)
from ikz.reports.periods import format_date, period_label
from ikz.reports.readers import ReportImportError, read_file

INTERNAL_NOTICE = gettext_lazy(
    "Imported meetings, topics and results are internal: nothing appears on the public "
    "pages until a coordinator publishes the meeting."
)


@contextmanager
def located(where: str):
    """A rule broken while storing (a meeting number used twice, a title too long) is
    reported at the line that caused it."""
    try:
        yield
    except ValidationError as error:
        raise ReportImportError(where, " ".join(error.messages)) from None


@dataclass
class ImportSummary:
    """What an import created (or, in a dry run, would create), line by line, and what
    the user must know about it."""

    created: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    cooperation: Cooperation | None = None
    notices: list[str] = field(default_factory=list)

    def add(self, kind: str, label: str) -> None:
        self.created.append(f"{kind}: {label}")


class _Store:
    def __init__(self, report: ParsedReport, summary: ImportSummary):
        self.report = report
        self.summary = summary

    def run(self) -> None:
        report = self.report
        self.cooperation = self.find_cooperation()
        self.summary.cooperation = self.cooperation
        # Without a portfolio yet, every topic becomes a measure of its own.
        self.had_portfolio = Measure.objects.filter(cooperation=self.cooperation).exists()
        self.draft_report()
        last = Task.objects.filter(cooperation=self.cooperation).order_by("-order").first()
        # Tasks and announced meetings share one numbering, in the report's order.
        self.first_order = last.order if last else 0
        # Announced meetings first, so that a task due "by the next Lenkungsgruppe"
        # finds its meeting; then every reported meeting, before any of its results.
        for step in report.next_steps:
            if step.is_meeting:
                with located(step.where):
                    self.planned_meeting(step)
        meetings = []
        for parsed in report.meetings:
            with located(parsed.where):
                meetings.append(self.meeting(parsed))
        recorded = set()
        for index, (parsed, meeting) in enumerate(zip(report.meetings, meetings, strict=True)):
            if meeting is not None:
                with located(parsed.where):
                    self.contents(index, parsed, meeting)
                recorded.add(index)
        for step in report.next_steps:
            if not step.is_meeting and (step.origin is None or step.origin[0] not in recorded):
                with located(step.where):
                    self.task(step)

    def find_cooperation(self) -> Cooperation:
        name = self.report.cooperation
        cooperation, created = find_or_add(
            lambda: Cooperation.objects.filter(name=name).first(),
            lambda: create_cooperation(
                name=name, slug=slugify(name), report_title=self.report.title
            ),
        )
        if created:
            self.summary.add(_("Cooperation"), cooperation.name)
        return cooperation

    def draft_report(self) -> None:
        report = self.report
        if StatusReport.objects.for_period(
            self.cooperation, report.period_start, report.period_end
        ).exists():
            return
        label = period_label(report.period_start, report.period_end)
        try:
            start_report(
                cooperation=self.cooperation,
                period_start=report.period_start,
                period_end=report.period_end,
                report_date=report.report_date,
                template=StatusReport.Template.SEED,
            )
        except ValidationError as error:
            # Another report covers part of the period: the data is imported all the
            # same, the draft is left for the coordinator to settle.
            self.summary.notices.append(
                _("Status report %(period)s not created: %(reason)s")
                % {"period": label, "reason": " ".join(error.messages)}
            )
            return
        self.summary.add(_("Status report"), label)

    def body(self, name: str) -> Body:
        kind = next((kind for word, kind in BODY_KINDS if word in name.lower()), Body.Kind.OTHER)
        if kind == Body.Kind.COUNCIL:
            # A council needs its municipality, which the report line does not give.
            kind = Body.Kind.OTHER
        body, created = find_or_add(
            lambda: Body.objects.filter(cooperation=self.cooperation, name__iexact=name).first(),
            lambda: add_body(cooperation=self.cooperation, name=name, kind=kind),
        )
        if created:
            self.summary.add(_("Body"), name)
        return body

    def place(self, name: str) -> Municipality | None:
        if not name:
            return None
        municipality, created = find_or_add(
            lambda: Municipality.objects.filter(name__iexact=name).first(),
            lambda: add_municipality(name=name),
        )
        if created:
            self.summary.add(_("Municipality (place, AGS to be added)"), name)
        return municipality

    def partner(self, name: str) -> Partner | None:
        if not name:
            return None
        partner, created = find_or_add(
            lambda: Partner.objects.filter(cooperation=self.cooperation, name__iexact=name).first(),
            lambda: add_partner(cooperation=self.cooperation, name=name),
        )
        if created:
            self.summary.add(_("Partner"), name)
        return partner

    def planned_meeting(self, step: ParsedStep) -> None:
        body = self.body(step.body)
        if Meeting.objects.filter(body=body, date=step.date).exists():
            return
        meeting = schedule_meeting(
            body=body,
            date=step.date,
            title=step.title,
            location=self.place(step.place),
            announcement=step.text,
            next_step_order=self.first_order + step.position,
            # Its agenda is the one the next report names, when that is read in.
            approval_topic=False,
        )
        self.summary.add(_("Planned meeting"), f"{format_date(step.date)} {meeting.heading}")

    def meeting(self, parsed: ParsedMeeting) -> Meeting | None:
        """The meeting reported on; None when it was imported before (nothing twice). A
        meeting an earlier report announced (same body and day, no topics yet) is the one
        now reported on: it is filled and marked held. Imported meetings, their topics and
        results are internal until a coordinator publishes them, even where the
        announcement was public: nobody has reviewed what the file says."""
        body = self.body(parsed.body)
        meeting = (
            Meeting.objects.filter(body=body, date=parsed.date)
            .filter(Q(number=parsed.number) | Q(number__isnull=True))
            .first()
        )
        if meeting is not None and (meeting.agenda_items.exists() or meeting.outcomes.exists()):
            return None
        location = self.place(parsed.place)
        if meeting is None:
            meeting = schedule_meeting(
                body=body,
                date=parsed.date,
                number=parsed.number,
                location=location,
                state=Meeting.State.HELD,
            )
            self.summary.add(_("Meeting"), f"{format_date(parsed.date)} {meeting.heading}")
        else:
            hold_meeting(meeting=meeting, number=parsed.number, location=location, is_public=False)
            self.summary.add(
                _("Meeting held (was planned)"), f"{format_date(parsed.date)} {meeting.heading}"
            )
        return meeting

    def contents(self, index: int, parsed: ParsedMeeting, meeting: Meeting) -> None:
        """Topics, then each result through ``record_outcome`` with the tasks that follow
        from it, under the importer's two status policies (see there); all internal."""
        if INTERNAL_NOTICE not in self.summary.notices:
            self.summary.notices.append(INTERNAL_NOTICE)
        measures = list(
            Measure.objects.filter(cooperation=self.cooperation).prefetch_related(
                "children", "status_changes"
            )
        )
        items, item_measures = [], []
        for topic in parsed.topics:
            if self.had_portfolio:
                topic_measures = [m for m in measures if matching.concerns(m.title, topic.text)]
            else:
                topic_measures = [self.new_measure(topic.measure_title, measures)]
            item_measures.append(most_specific(topic_measures))
            items.append(
                add_agenda_item(
                    meeting=meeting,
                    title=topic.text,
                    is_public=False,
                    presenter=self.partner(topic.presenter),
                    measures=item_measures[-1],
                )
            )
            self.summary.add(_("Topic"), topic.text)
        concerned = []
        for result in parsed.results:
            context = parsed.topics[result.topic].text if result.topic is not None else ""
            found = most_specific(
                [m for m in measures if matching.concerns(m.title, result.text, context)]
            )
            # A result naming no measure concerns those of the topic it answers.
            concerned.append(
                found or (item_measures[result.topic] if result.topic is not None else [])
            )
        results_per_measure = Counter(m.pk for found in concerned for m in found)
        contested = [m for m in measures if results_per_measure[m.pk] > 1]
        for result_index, (result, found) in enumerate(zip(parsed.results, concerned, strict=True)):
            drafts = [
                (step, self.task_draft(step))
                for step in self.report.next_steps
                if step.origin == (index, result_index) and not self.task_exists(step)
            ]
            recorded = record_outcome(
                meeting=meeting,
                text=result.text,
                kind=result.kind,
                agenda_item=items[result.topic] if result.topic is not None else None,
                measures=found,
                new_status=result.status if found else None,
                tasks=[draft for _step, draft in drafts],
                is_public=False,
                contested_measures=contested,
                keep_later_status=True,
            )
            self.summary.add(_("Result"), result.text)
            self.summary.links.append(
                self.result_line(parsed, result, found, recorded.kept_statuses)
            )
            for step, draft in drafts:
                self.summary.add(_("Task"), self.task_label(step, draft.due))
                self.summary.links.append(f"„{step.text}“ → „{result.text}“")

    def result_line(self, parsed, result, found, kept_statuses) -> str:
        topic_label = (
            _("topic %(number)d “%(topic)s”")
            % {"number": result.topic + 1, "topic": parsed.topics[result.topic].text}
            if result.topic is not None
            else _("no topic")
        )
        status_label = MeasureStatus(result.status).label if result.status else "–"
        return (
            f"„{result.text}“ → {topic_label}; "
            + _("measures: %(measures)s; status: %(status)s")
            % {"measures": ", ".join(m.title for m in found) or "–", "status": status_label}
            + "".join(f"; {measure.title}: {reason}" for measure, reason in kept_statuses)
        )

    def new_measure(self, title: str, measures: list[Measure]) -> Measure:
        measure = next((m for m in measures if m.title == title), None)
        if measure is None:
            measure = add_measure(cooperation=self.cooperation, title=title)
            measures.append(measure)
            self.summary.add(_("Measure"), title)
        return measure

    def task_exists(self, step: ParsedStep) -> bool:
        return Task.objects.filter(cooperation=self.cooperation, title=step.text).exists()

    def due(self, parsed: ParsedDue | None) -> Due:
        """The due date as written; due by the next meeting of a body, that meeting,
        or while it is not planned yet the open variant, which takes the meeting's date
        when it is planned (``settle_due``)."""
        if parsed is None:
            return Due()
        if parsed.precision == Task.DuePrecision.MEETING:
            body = self.due_body(parsed.body)
            if body is None:
                return Due()
            return settle_due(Due.by_next_meeting_of(body), after=parsed.after)
        return Due(parsed.precision, parsed.date)

    def due_body(self, name: str) -> Body | None:
        """The body of "bis zur nächsten <name>": one of the cooperation's, or one the
        name says the kind of, added like the body of a reported meeting; None for a
        word that names no body ("bis zur nächsten Sitzung")."""
        known = Body.objects.filter(cooperation=self.cooperation, name__iexact=name).first()
        if known is not None or not any(word in name.lower() for word, _kind in BODY_KINDS):
            return known
        return self.body(name)

    def task_draft(self, step: ParsedStep) -> TaskDraft:
        return TaskDraft(
            title=step.text, due=self.due(step.due), order=self.first_order + step.position
        )

    def task_label(self, step: ParsedStep, due: Due) -> str:
        """The task as the summary lists it, with the due date it keeps."""
        if due.precision == Task.DuePrecision.NONE and step.due is not None:
            return _(
                "%(task)s (due by the next %(body)s, no body of that name: without a due date)"
            ) % {
                "task": step.text,
                "body": step.due.body,
            }
        if due.precision == Task.DuePrecision.NONE:
            return step.text
        return f"{step.text} ({due.label})"

    def task(self, step: ParsedStep) -> None:
        """A task that follows from no result recorded now."""
        if self.task_exists(step):
            return
        due = self.due(step.due)
        create_task(
            cooperation=self.cooperation,
            title=step.text,
            due=due,
            created_on=self.report.report_date,
            order=self.first_order + step.position,
        )
        self.summary.add(_("Task"), self.task_label(step, due))


def most_specific(measures: list[Measure]) -> list[Measure]:
    """Drop a measure when one of its sub-measures is in the list too."""
    chosen = {measure.pk for measure in measures}
    return [m for m in measures if not any(child.pk in chosen for child in m.children.all())]


def import_report(
    *,
    blocks: list[Block],
    dry_run: bool = False,
    permitted: Callable[[Cooperation | None], bool] | None = None,
) -> ImportSummary:
    """Store a report read into blocks; all or nothing.

    Everything is parsed and checked first (``parsing.parse_blocks``); then, in one
    transaction: the cooperation (found by name or created with a slug from it), a draft
    StatusReport for the period, bodies and places, the meetings the next steps
    announce, each reported meeting with its topics and results (through
    ``record_outcome``, with the status changes they propose and the tasks that follow
    from them), and the remaining tasks. What exists already is left alone, so
    importing a file twice creates nothing twice. ``dry_run`` does all of it and rolls
    back, to tell what would be created.

    ``permitted`` is asked, before anything is written, whether the import may write
    into the cooperation the report names (None: it would be created); ValidationError
    when not."""
    report = parse_blocks(blocks)
    if permitted is not None:
        existing = Cooperation.objects.filter(name=report.cooperation).first()
        if not permitted(existing):
            message = (
                _("You may not import reports of the cooperation “%(name)s”.")
                if existing
                else _(
                    "The cooperation “%(name)s” does not exist yet; only an administrator "
                    "can create it."
                )
            )
            raise ValidationError(message % {"name": report.cooperation}, code="permission")
    summary = ImportSummary()
    with transaction.atomic():
        _Store(report, summary).run()
        if dry_run:
            transaction.set_rollback(True)
    return summary


def import_file(
    path: Path,
    *,
    name: str | None = None,
    dry_run: bool = False,
    permitted: Callable[[Cooperation | None], bool] | None = None,
) -> ImportSummary:
    """Read, parse and store a report file; ``name`` is the file's name as the user
    knows it (an upload is stored under another)."""
    return import_report(blocks=read_file(path, name), dry_run=dry_run, permitted=permitted)
