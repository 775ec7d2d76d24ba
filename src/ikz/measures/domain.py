"""Business rules of the measure portfolio: status history, due dates, traffic lights."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ikz.core.domain import delete_unreferenced, edit, save_validated
from ikz.core.models import Body, Municipality, Partner, Person
from ikz.core.months import MONTHS_DE, month_end, quarter_end, quarter_of, quarter_start
from ikz.core.versions import check_version, lock
from ikz.measures.models import (
    TASK_OWNER_FIELDS,
    FieldOfAction,
    Measure,
    MeasureStatus,
    StatusChange,
    Task,
    TaskComment,
)

CLOSED_STATUSES = {MeasureStatus.DONE, MeasureStatus.NOT_PURSUED}
OPEN_TASK_STATES = {Task.State.OPEN, Task.State.IN_PROGRESS}
# A task or a pending decision this many days late turns the light from yellow to red.
RED_AFTER_DAYS = 30


def latest_status_change(measure: Measure, day: datetime.date | None = None) -> StatusChange | None:
    """The measure's latest status change dated on or before ``day`` (any date without
    one); None before its first change. Changes on one day count in the order recorded.

    Reads ``measure.status_changes.all()``, so a caller listing many measures
    prefetches them once."""
    latest = None
    for change in measure.status_changes.all():
        if day is not None and change.date > day:
            continue
        if latest is None or (change.date, change.pk) > (latest.date, latest.pk):
            latest = change
    return latest


def status_as_of(measure: Measure, day: datetime.date | None = None) -> str | None:
    """The status the measure had at the end of ``day`` (today's without a day); None
    before its first change."""
    latest = latest_status_change(measure, day or timezone.localdate())
    return latest.to_status if latest else None


def stored_latest_status_change(measure: Measure) -> StatusChange | None:
    """The measure's latest status change as stored now, as ``latest_status_change``
    orders them: a prefetched history may predate a change recorded since."""
    return StatusChange.objects.filter(measure_id=measure.pk).order_by("-date", "-pk").first()


def _refuse_change_before(*, measure: Measure, latest: StatusChange | None, date) -> None:
    """The history only grows forward: a change dated before the ``latest`` recorded
    one is refused, since later reports were built on that history."""
    if latest and date < latest.date:
        raise ValidationError(
            {
                "date": _(
                    "The status of “%(measure)s” was last changed on %(latest)s; "
                    "a change cannot be dated before that (%(date)s)."
                )
                % {
                    "measure": measure.title,
                    "latest": date_format(latest.date, "SHORT_DATE_FORMAT"),
                    "date": date_format(date, "SHORT_DATE_FORMAT"),
                }
            }
        )


def check_status_change(*, measure: Measure, date: datetime.date) -> StatusChange | None:
    """The measure's latest change, after checking that a change on ``date`` may follow
    it (``_refuse_change_before``); read afresh, without a lock: for a form's check
    before the save, which checks again under the lock."""
    latest = stored_latest_status_change(measure)
    _refuse_change_before(measure=measure, latest=latest, date=date)
    return latest


def locked_latest_status_change(measure: Measure) -> StatusChange | None:
    """The measure's row locked until the transaction ends, then its latest change read:
    of two changes recorded at once, the second sees the first as its "from" status.
    Call it inside the transaction that records the change."""
    lock(measure)
    return stored_latest_status_change(measure)


def _append_status_change(
    *,
    measure: Measure,
    latest: StatusChange | None,
    to_status: str,
    date: datetime.date,
    note: str,
    outcome,
) -> StatusChange:
    """One StatusChange after ``latest``, read under the measure's lock
    (``locked_latest_status_change``), in the same transaction."""
    _refuse_change_before(measure=measure, latest=latest, date=date)
    change = StatusChange(
        measure=measure,
        date=date,
        from_status=latest.to_status if latest else "",
        to_status=to_status,
        note=note,
        outcome=outcome,
    )
    save_validated(change)
    return change


def change_status(
    *,
    measure: Measure,
    to_status: str,
    date: datetime.date,
    note: str = "",
    outcome=None,
) -> StatusChange:
    """Record that the measure changed to ``to_status`` on ``date``.

    Side effects, in one transaction: the measure's row locked and its latest change
    read under the lock; one StatusChange whose ``from_status`` is the status before
    it. The history only grows forward: a change dated before the latest recorded one
    is refused (ValidationError), since later reports were built on that history."""
    with transaction.atomic():
        latest = locked_latest_status_change(measure)
        return _append_status_change(
            measure=measure, latest=latest, to_status=to_status, date=date, note=note,
            outcome=outcome,
        )  # fmt: skip


# Why a meeting's result left a measure's status as it was, in the user's words.
KEPT_REASONS = {
    "contested": gettext_lazy("several results, status left to decide"),
    "later_kept": gettext_lazy("a later status exists, kept"),
}


@dataclass(frozen=True)
class StatusVerdict:
    """What a meeting's result did to one measure's status: ``confirmed`` (it had that
    status already), ``contested`` (left for a coordinator to decide), ``later_kept``
    (a later status kept) or ``changed`` (with the ``change`` recorded)."""

    measure: Measure
    kind: Literal["confirmed", "contested", "later_kept", "changed"]
    change: StatusChange | None = None

    @property
    def kept(self) -> bool:
        """Whether the measure kept a status other than the result's."""
        return self.kind in KEPT_REASONS

    @property
    def reason(self) -> str:
        """Why it kept it, in the user's words; "" when it did not."""
        return str(KEPT_REASONS[self.kind]) if self.kept else ""


def apply_outcome_status(
    *,
    measure: Measure,
    to_status: str,
    outcome,
    date: datetime.date,
    note: str,
    contested: bool,
    keep_later_status: bool,
) -> StatusVerdict:
    """Decide what a meeting's result on ``date`` that gives the measure ``to_status``
    means for it, on the history as it stands under the lock, and apply it.

    Side effects, in one transaction:
    1. the measure's row locked and its latest change read under the lock;
    2. unless the measure has ``to_status`` already (confirmed), is ``contested``
       (other results of the meeting concern it too: left to decide) or, with
       ``keep_later_status``, changed status after ``date`` (an older report imported
       after a newer one: the later status kept), one StatusChange pointing to
       ``outcome``, recorded as ``change_status`` records it (a change dated before
       the latest raises ValidationError)."""
    with transaction.atomic():
        latest = locked_latest_status_change(measure)
        if latest is not None and latest.to_status == to_status:
            return StatusVerdict(measure, "confirmed")
        if contested:
            return StatusVerdict(measure, "contested")
        if keep_later_status and latest is not None and latest.date > date:
            return StatusVerdict(measure, "later_kept")
        change = _append_status_change(
            measure=measure, latest=latest, to_status=to_status, date=date, note=note,
            outcome=outcome,
        )  # fmt: skip
        return StatusVerdict(measure, "changed", change)


@dataclass(frozen=True)
class Due:
    """When a task is due, as precisely as the meeting said it. Due by a meeting, it is
    that ``meeting``; or, while it is not planned yet, the next meeting of ``body`` (the
    open variant, "Termin offen"); or, as ``parse_due`` reads "Lenkungsgruppe am
    16.06.2020", the meeting of ``body`` on ``date``, which ``settle_due`` (in
    ``ikz.meetings.domain``) finds before a task takes it."""

    precision: str = Task.DuePrecision.NONE
    date: datetime.date | None = None
    meeting: object | None = None
    body: Body | None = None

    @classmethod
    def of(cls, task) -> "Due":
        """The task's due date (a Task, or a historical record of one)."""
        return cls(task.due_precision, task.due_date, task.due_meeting, task.due_body)

    @classmethod
    def on_day(cls, day: datetime.date) -> "Due":
        return cls(Task.DuePrecision.DAY, day)

    @classmethod
    def in_month(cls, year: int, month: int) -> "Due":
        return cls(Task.DuePrecision.MONTH, datetime.date(year, month, 1))

    @classmethod
    def in_quarter(cls, year: int, quarter: int) -> "Due":
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(
                {
                    "due_date": _("A quarter is 1, 2, 3 or 4, not %(quarter)s.")
                    % {"quarter": quarter}
                }
            )
        return cls(Task.DuePrecision.QUARTER, quarter_start(year, quarter))

    @classmethod
    def by_meeting(cls, meeting) -> "Due":
        return cls(Task.DuePrecision.MEETING, meeting=meeting)

    @classmethod
    def by_next_meeting_of(cls, body: Body) -> "Due":
        """Due by the next meeting of ``body``, which is not planned yet."""
        return cls(Task.DuePrecision.MEETING, body=body)

    @property
    def is_open(self) -> bool:
        """Due by a body's next meeting that is not planned yet: never overdue."""
        return self.precision == Task.DuePrecision.MEETING and self.meeting is None

    @property
    def label(self) -> str:
        """The due date as a task list says it: "bis 15.07.2020", "bis Ende Juni 2020",
        "bis Ende Q3 2020", "bis zur Sitzung „Lenkungsgruppe“ am 16.06.2020", "bis zur
        nächsten Lenkungsgruppe (Termin offen)"."""
        if self.precision == Task.DuePrecision.DAY:
            return _("by %(date)s") % {"date": date_format(self.date, "SHORT_DATE_FORMAT")}
        if self.precision == Task.DuePrecision.MONTH:
            return _("by the end of %(month)s") % {"month": date_format(self.date, "F Y")}
        if self.precision == Task.DuePrecision.QUARTER:
            return _("by the end of Q%(quarter)d %(year)d") % {
                "quarter": quarter_of(self.date),
                "year": self.date.year,
            }
        if self.precision == Task.DuePrecision.MEETING and self.meeting is not None:
            return _("by the meeting “%(meeting)s” on %(date)s") % {
                "meeting": self.meeting.heading,
                "date": date_format(self.meeting.date, "SHORT_DATE_FORMAT"),
            }
        if self.precision == Task.DuePrecision.MEETING and self.date is not None:
            return _("by the meeting of %(body)s on %(date)s") % {
                "body": self.body.name,
                "date": date_format(self.date, "SHORT_DATE_FORMAT"),
            }
        if self.precision == Task.DuePrecision.MEETING:
            return _("by the next %(body)s (date open)") % {"body": self.body.name}
        return _("no due date")

    def task_fields(self) -> dict:
        return {
            "due_precision": self.precision,
            "due_date": self.date,
            "due_meeting": self.meeting,
            "due_body": self.body if self.is_open else None,
        }


def due_end(task: Task) -> datetime.date | None:
    """The last day on which the task is still on time: the day itself, the last day of
    the month or quarter, or the day of the meeting it must be ready for; None without
    a due date or while that meeting is not planned yet."""
    precision = task.due_precision
    if precision == Task.DuePrecision.DAY:
        return task.due_date
    if precision == Task.DuePrecision.MONTH:
        return month_end(task.due_date)
    if precision == Task.DuePrecision.QUARTER:
        return quarter_end(task.due_date)
    if precision == Task.DuePrecision.MEETING and task.due_meeting is not None:
        return task.due_meeting.date
    return None


# Words a due date may be written with that say nothing of when ("bis Ende Juli 2020",
# "by the end of Q3 2020", "bis zur nächsten Lenkungsgruppe (Termin offen)").
DUE_FILLER = re.compile(
    r"\b(?:bis|zum|zur|zu|ende|spätestens|im|in|am|der|des|dem|sitzung|nächsten|nächste|"
    r"nächster|naechsten|naechste|termin|offen|by|the|end|of|on|next|meeting|date|open)\b"
    r"|[„“”\"'()\[\],:;–]",
    re.IGNORECASE,
)
DUE_DAY = re.compile(r"\b(\d{1,2})\.\s*(\d{1,2})(?:\.\s*(\d{4}|\d{2})?)?(?!\d)")
DUE_ISO_DAY = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
DUE_NUMERIC_MONTH = re.compile(r"\b(?:(\d{1,2})\s*/\s*(\d{4})|(\d{4})-(\d{1,2}))\b")
DUE_QUARTER = re.compile(
    r"\b(?:q\s*([1-4])|([1-4])\.\s*quartal)(?:\s*/?\s*(\d{4}))?\b", re.IGNORECASE
)
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
DUE_MONTH_NAMES = {
    name.casefold(): number
    for names in (MONTHS_DE, MONTHS_EN)
    for number, name in enumerate(names, start=1)
} | {"maerz": 3}
DUE_MONTH = re.compile(rf"\b({'|'.join(DUE_MONTH_NAMES)})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
DUE_NONE = {"ohne termin", "no due date"}


def unreadable_due(text: str) -> ValidationError:
    return ValidationError(
        {
            "due": _(
                "Due: “%(text)s” is no due date this form reads; write e.g. 16.06.2020, "
                "Juli 2020, 07/2020, Q3 2020 or “bis zur nächsten Lenkungsgruppe”."
            )
            % {"text": text}
        }
    )


def _year(year: str | None, after: datetime.date, last: tuple[int, int]) -> int:
    """The year written (two digits: this century), or else the one in which the period
    ending on (month, day) ``last`` ends on or after ``after``."""
    if year:
        return int(year) + (2000 if len(year) == 2 else 0)
    return after.year + (last < (after.month, after.day))


def _body_named(text: str, bodies) -> tuple[Body | None, str]:
    """The body the text names, by its full name (the longest, when one name holds
    another), and the text without it; or, after "nächste", the one body whose name
    starts with the word given. Several such bodies make the text ambiguous."""
    folded = text.casefold()
    named = [
        body for body in bodies
        if re.search(rf"(?<!\w){re.escape(body.name.casefold())}(?!\w)", folded)
    ]  # fmt: skip
    if named:
        body = max(named, key=lambda body: len(body.name))
        return body, re.sub(re.escape(body.name), " ", text, flags=re.IGNORECASE)
    word = re.search(
        r"\b(?:nächsten?|naechsten?|next)\s+(?:sitzung\s+(?:der|des)\s+)?(\w+)", text, re.I
    )
    if word is None:
        return None, text
    given = word[1].casefold()
    starting = sorted(
        (body for body in bodies if body.name.casefold().startswith(given)),
        key=lambda body: body.name,
    )
    if len(starting) > 1:
        raise ValidationError(
            {
                "due": _("Due: “%(given)s” may be %(bodies)s; write the body’s full name.")
                % {"given": word[1], "bodies": ", ".join(body.name for body in starting)}
            }
        )
    if not starting:
        raise ValidationError(
            {
                "due": _("Due: the cooperation has no body “%(given)s”; its bodies are %(bodies)s.")
                % {
                    "given": word[1],
                    "bodies": ", ".join(sorted(body.name for body in bodies)),
                }
            }
        )
    return starting[0], text[: word.start()] + " " + text[word.end() :]


def _day(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            {"due": _("Due: “%(text)s” names a day that does not exist.") % {"text": text}}
        ) from None


def _day_in(match: re.Match, *, after: datetime.date, text: str) -> datetime.date:
    """The day of a DUE_DAY match: without a year, the next one on or after ``after``."""
    day, month = int(match[1]), int(match[2])
    return _day(_year(match[3], after, (month, day)), month, day, text)


def parse_due(text: str, *, bodies, after: datetime.date) -> Due:
    """The due date ``text`` writes, in every form the product prints it: a day
    ("16.06.2020", "bis 16.06."), a month ("Juli 2020", "07/2020", "bis Ende Juni
    2020"), a quarter ("Q3 2020", "3. Quartal 2020"), a body's next meeting ("bis zur
    nächsten Lenkungsgruppe", "nächste Lenkungsgruppe", "zur nächsten Lenkungsgruppe
    (Termin offen)": the open variant, whose meeting ``settle_due`` looks for) or the
    meeting of a body on a day ("Lenkungsgruppe am 16.06.2020", "bis zur Sitzung „2.
    Lenkungsgruppe“ am 16.06.2020"); empty or "ohne Termin": none. ``bodies`` are the
    cooperation's; a day, month or quarter without a year is the next one that ends on
    or after ``after``.

    Pure: reads nothing from the database. Raises ValidationError on "due", naming the
    text and what it reads, for anything else, a day that does not exist, or a word
    after "nächste" that starts the names of several bodies."""
    cleaned = " ".join(text.split())
    if not cleaned or cleaned.casefold() in DUE_NONE | {str(_("no due date")).casefold()}:
        return Due()
    body, rest = _body_named(cleaned, bodies)
    if body is not None:
        return _meeting_due(body, rest, after=after, text=cleaned)
    rest = " ".join(DUE_FILLER.sub(" ", rest).split())
    if match := DUE_DAY.fullmatch(rest):
        return Due.on_day(_day_in(match, after=after, text=cleaned))
    if match := DUE_ISO_DAY.fullmatch(rest):
        return Due.on_day(_day(int(match[1]), int(match[2]), int(match[3]), cleaned))
    if match := DUE_NUMERIC_MONTH.fullmatch(rest):
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        if not 1 <= int(month) <= 12:
            raise ValidationError(
                {"due": _("Due: “%(text)s” names a month that does not exist.") % {"text": cleaned}}
            )
        return Due.in_month(int(year), int(month))
    if match := DUE_QUARTER.fullmatch(rest):
        quarter = int(match[1] or match[2])
        return Due.in_quarter(_year(match[3], after, (3 * quarter, 31)), quarter)
    if match := DUE_MONTH.fullmatch(rest):
        month = DUE_MONTH_NAMES[match[1].casefold()]
        return Due.in_month(_year(match[2], after, (month, 31)), month)
    raise unreadable_due(cleaned)


def _meeting_due(body: Body, rest: str, *, after: datetime.date, text: str) -> Due:
    """Due by ``body``'s meeting on the day ``rest`` names, or else by its next one; a
    month or quarter besides a body is refused: which of them would be meant?"""
    if match := DUE_ISO_DAY.search(rest):
        day = _day(int(match[1]), int(match[2]), int(match[3]), text)
        return Due(Task.DuePrecision.MEETING, date=day, body=body)
    if match := DUE_DAY.search(rest):
        return Due(
            Task.DuePrecision.MEETING, date=_day_in(match, after=after, text=text), body=body
        )
    if any(pattern.search(rest) for pattern in (DUE_NUMERIC_MONTH, DUE_QUARTER, DUE_MONTH)):
        raise ValidationError(
            {
                "due": _(
                    "Due: “%(text)s” names a body and a month or quarter; write either "
                    "“bis zur nächsten %(body)s” or a date."
                )
                % {"text": text, "body": body.name}
            }
        )
    return Due.by_next_meeting_of(body)


def open_on(tasks: QuerySet[Task], day: datetime.date) -> QuerySet[Task]:
    """The tasks still to do at the end of ``day``, selected in SQL: ``was_open_on`` for
    a whole list, so that a report does not read every task ever created."""
    return tasks.filter(
        Q(state__in=OPEN_TASK_STATES) | Q(state=Task.State.DONE, done_on__gt=day),
        created_on__lte=day,
    )


def open_on_any(tasks: QuerySet[Task], first: datetime.date, last: datetime.date) -> QuerySet[Task]:
    """The tasks still to do at the end of some day from ``first`` to ``last``: what a
    report comparing two days needs, in one query."""
    return tasks.filter(
        Q(state__in=OPEN_TASK_STATES) | Q(state=Task.State.DONE, done_on__gt=first),
        created_on__lte=last,
    )


def was_open_on(task: Task, day: datetime.date) -> bool:
    """Whether the task was still to do at the end of ``day``: created by then, and open
    now or done after it. A task created later did not exist yet on ``day``."""
    if task.created_on > day:
        return False
    if task.state in OPEN_TASK_STATES:
        return True
    return task.state == Task.State.DONE and task.done_on is not None and task.done_on > day


def days_overdue(task: Task, today: datetime.date) -> int:
    """How many days past its due end a task still open on ``today`` is; 0 when on
    time, done by then, cancelled or undated."""
    end = due_end(task)
    if end is None or today <= end or not was_open_on(task, today):
        return 0
    return (today - end).days


def is_overdue(task: Task, today: datetime.date) -> bool:
    return days_overdue(task, today) > 0


# The reason every green measure shares; reports say it once instead of on every row.
ON_TRACK = gettext_lazy("On track: no overdue task, no decision past its date.")
LIGHT_LABELS = {
    "green": gettext_lazy("green"),
    "yellow": gettext_lazy("yellow"),
    "red": gettext_lazy("red"),
    "grey": gettext_lazy("grey"),
}


@dataclass(frozen=True)
class TrafficLight:
    colour: Literal["green", "yellow", "red", "grey"]
    reason: str

    @property
    def label(self) -> str:
        return str(LIGHT_LABELS[self.colour])


def traffic_light(
    measure: Measure, today: datetime.date, *, red_after_days: int = RED_AFTER_DAYS
) -> TrafficLight:
    """The measure's Ampel with the rule that fired, checked from worst to best:
    red when a task or a pending decision is more than ``red_after_days`` late, yellow
    when one is late at all or the measure is on hold, green otherwise; grey for
    measures that are done or not pursued.

    Reads ``measure.status_changes.all()`` and ``measure.tasks.all()`` (prefetchable)."""
    status = status_as_of(measure, today)
    if status in CLOSED_STATUSES:
        return TrafficLight(
            "grey", _("Closed: %(status)s.") % {"status": MeasureStatus(status).label}
        )

    late_tasks = sorted(
        ((days_overdue(task, today), task) for task in measure.tasks.all()),
        key=lambda pair: (-pair[0], pair[1].pk),
    )
    worst_days, worst_task = late_tasks[0] if late_tasks else (0, None)
    decision_days = 0
    if (
        status == MeasureStatus.DECISION_PENDING
        and measure.decision_due
        and today > measure.decision_due
    ):
        decision_days = (today - measure.decision_due).days

    if worst_days > red_after_days:
        return TrafficLight(
            "red",
            _("Task “%(task)s” is %(days)d days overdue (red after %(limit)d days).")
            % {"task": worst_task.title, "days": worst_days, "limit": red_after_days},
        )
    if decision_days > red_after_days:
        return TrafficLight(
            "red",
            _("Decision pending %(days)d days past its date %(due)s (red after %(limit)d days).")
            % {
                "days": decision_days,
                "due": date_format(measure.decision_due, "SHORT_DATE_FORMAT"),
                "limit": red_after_days,
            },
        )
    if worst_days:
        return TrafficLight(
            "yellow",
            ngettext(
                "Task “%(task)s” is %(days)d day overdue.",
                "Task “%(task)s” is %(days)d days overdue.",
                worst_days,
            )
            % {"task": worst_task.title, "days": worst_days},
        )
    if decision_days:
        return TrafficLight(
            "yellow",
            _("Decision pending past its date %(due)s.")
            % {"due": date_format(measure.decision_due, "SHORT_DATE_FORMAT")},
        )
    if status == MeasureStatus.ON_HOLD:
        return TrafficLight("yellow", _("The measure is on hold."))
    return TrafficLight("green", str(ON_TRACK))


def owner_fields(owner) -> dict:
    """Task owner fields for a person, a municipality, a body, a partner or nobody."""
    fields = dict.fromkeys(TASK_OWNER_FIELDS)
    if owner is None:
        return fields
    for model, field in (
        (Person, "owner_person"),
        (Municipality, "owner_municipality"),
        (Body, "owner_body"),
        (Partner, "owner_partner"),
    ):
        if isinstance(owner, model):
            fields[field] = owner
            return fields
    raise TypeError(
        f"A task owner is a Person, Municipality, Body or Partner, not {type(owner).__name__}."
    )


def create_task(
    *,
    cooperation,
    title: str,
    description: str = "",
    owner=None,
    due: Due = Due(),
    measure: Measure | None = None,
    origin_outcome=None,
    created_on: datetime.date | None = None,
    order: int | None = None,
) -> Task:
    """Create an open task at ``order`` or else at the end of the cooperation's list.

    Side effects: one Task row, validated first so a bad due date or owner gives the
    user's error message rather than a database error."""
    if order is None:
        last = Task.objects.filter(cooperation=cooperation).order_by("-order").first()
        order = (last.order + 1) if last else 1
    task = Task(
        cooperation=cooperation,
        title=title,
        description=description,
        measure=measure,
        origin_outcome=origin_outcome,
        order=order,
        created_on=created_on or timezone.localdate(),
        **owner_fields(owner),
        **due.task_fields(),
    )
    save_validated(task)
    return task


def add_field_of_action(
    *, cooperation, name: str, order: int = 0, description: str = ""
) -> FieldOfAction:
    """Side effects: one FieldOfAction row, validated first."""
    return save_validated(
        FieldOfAction(cooperation=cooperation, name=name, order=order, description=description)
    )


def edit_field_of_action(field: FieldOfAction, *, version: int | None, **fields) -> FieldOfAction:
    """The field's name, order and description, if it is still at ``version``.

    Side effects: as ``ikz.core.domain.edit``."""
    return edit(field, version=version, **fields)


def remove_field_of_action(field: FieldOfAction, *, version: int | None) -> None:
    """Delete a field of action no measure belongs to; ValidationError naming the
    measures otherwise (they would lose their field).

    Side effects: as ``ikz.core.domain.delete_unreferenced``."""
    delete_unreferenced(field, version=version)


def add_measure(*, cooperation, title: str, municipalities=(), **fields) -> Measure:
    """A measure without a status yet (its first status change gives it one).

    Side effects, in one transaction (a measure is never stored without its
    municipalities): one Measure row, validated first; its participating
    municipalities."""
    with transaction.atomic():
        measure = Measure(cooperation=cooperation, title=title, **fields)
        save_validated(measure)
        measure.municipalities.set(municipalities)
    return measure


def change_status_by_hand(
    *, measure: Measure, to_status: str, date: datetime.date, reason: str
) -> StatusChange:
    """A status change outside a meeting (a council's decision reported later, a
    measure put on hold): the history must say why, as a meeting's result would.

    Side effects: those of ``change_status``, with the reason as the change's note; the
    measure's row is locked before its status is compared, so that of two coordinators
    recording the same change at once the second is told it has that status already."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"note": _("Give the reason for a status change outside a meeting.")})
    with transaction.atomic():
        lock(measure)
        # As stored now: a history read before the lock may miss the other's change.
        if to_status == status_as_of(Measure.objects.get(pk=measure.pk), date):
            raise ValidationError({"to_status": _("The measure has this status already.")})
        return change_status(measure=measure, to_status=to_status, date=date, note=reason)


def edit_measure(measure: Measure, *, version: int | None, municipalities, **fields) -> Measure:
    """Store what an edit form changed, if the measure is still at ``version`` (the
    version the form was based on).

    Side effects, in one transaction: the measure's row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); the Measure
    row, validated first (with its history record); its participating municipalities."""
    if fields.get("parent") is not None and measure.pk in parts_up_from(fields["parent"]):
        raise ValidationError(
            {"parent": _("“%(parent)s” is a part of this measure; it cannot contain it.")
             % {"parent": fields["parent"].title}}
        )  # fmt: skip
    with transaction.atomic():
        check_version(measure, version)
        for name, value in fields.items():
            setattr(measure, name, value)
        measure.full_clean()
        measure.save()
        measure.municipalities.set(municipalities)
    return measure


def parts_up_from(measure: Measure) -> set[int]:
    """The ids of the measure and of every measure it is part of, up to the top: a
    measure may not become a part of one of its own parts."""
    seen, current = set(), measure
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        current = current.parent
    return seen


def complete_task(
    task: Task, *, on: datetime.date, today: datetime.date | None = None, outcome=None
) -> Task:
    """Mark the task done on ``on``: a day from the one it was set on up to ``today``
    (the local date without one); with ``outcome``, done by that meeting's result.

    Side effects, in one transaction: the task's row locked and its state read under
    the lock (of two people marking it done at once, the second is told it is done
    already); the Task row (state, done_on, closed_by_outcome) and its history record."""
    today = today or timezone.localdate()
    if on > today:
        raise ValidationError(
            {"done_on": _("“Done on” cannot lie in the future (today is %(today)s).")
             % {"today": date_format(today, "SHORT_DATE_FORMAT")}}
        )  # fmt: skip
    if on < task.created_on:
        raise ValidationError(
            {"done_on": _("“Done on” cannot lie before the day the task was set (%(date)s).")
             % {"date": date_format(task.created_on, "SHORT_DATE_FORMAT")}}
        )  # fmt: skip
    with transaction.atomic():
        lock(task)
        task.refresh_from_db(fields=["state", "done_on"])
        if task.state not in OPEN_TASK_STATES:
            raise ValidationError(
                _("The task “%(task)s” is %(state)s already.")
                % {"task": task.title, "state": task.get_state_display()}
            )
        task.state, task.done_on = Task.State.DONE, on
        if outcome is not None:
            task.closed_by_outcome = outcome
        task.full_clean()
        task.save()
    return task


def reopen_task(task: Task, *, reason: str) -> Task:
    """Open a task again that was marked done by mistake or needs more work; the reason
    stays in its history (``state_history`` shows it on the task's page).

    Side effects, in one transaction: the task's row locked and its state read under
    the lock (a task open again already is refused); the Task row (state open, no
    done date, no longer closed by a result) and a history record carrying the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("“Reason”: say why the task is open again.")})
    with transaction.atomic():
        lock(task)
        task.refresh_from_db(fields=["state", "done_on"])
        if task.state != Task.State.DONE:
            raise ValidationError(
                _("The task “%(task)s” is %(state)s, not done; it cannot be opened again.")
                % {"task": task.title, "state": task.get_state_display()}
            )
        task.state, task.done_on, task.closed_by_outcome = Task.State.OPEN, None, None
        task._change_reason = reason  # django-simple-history keeps it with the record
        task.full_clean()
        task.save()
    return task


def rename_task(task: Task, *, title: str, description: str, version: int | None) -> Task:
    """Give the task a new title and description, if it is still at ``version`` (the
    version the form was based on).

    Side effects, in one transaction: the task's row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); the Task row's
    title and description, validated first, and its history record."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("“Title”: say what is to be done.")})
    with transaction.atomic():
        check_version(task, version)
        task.title, task.description = title, description.strip()
        task.full_clean()
        task.save()
    return task


def comment_on_task(task: Task, *, author, text: str) -> TaskComment:
    """A comment by ``author`` (an account) on the task, kept as written with its time.

    Side effects: one TaskComment row, validated first, and its history record."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("“Comment”: write something first.")})
    return save_validated(TaskComment(task=task, author=author, text=text))


def move_due(task: Task, *, due: Due, reason: str, version: int | None) -> Task:
    """Give the task a new due date, if it is still at ``version`` (the version the form
    was based on); the reason stays in its history.

    Side effects, in one transaction: the task's row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); the Task row's
    due fields and a history record carrying the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the new due date.")})
    with transaction.atomic():
        check_version(task, version)
        if task.state not in OPEN_TASK_STATES:
            raise ValidationError(
                _("The task “%(task)s” is %(state)s; its due date stays as it was.")
                % {"task": task.title, "state": task.get_state_display()}
            )
        for name, value in due.task_fields().items():
            setattr(task, name, value)
        task._change_reason = reason  # django-simple-history keeps it with the record
        task.full_clean()
        task.save()
    return task


def assign_task(task: Task, *, owner, version: int | None) -> Task:
    """Give the task to a person, a municipality, a body or nobody, if it is still at
    ``version`` (the version the form was based on).

    Side effects, in one transaction: the task's row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); the Task row's
    owner fields and its history record."""
    with transaction.atomic():
        check_version(task, version)
        for name, value in owner_fields(owner).items():
            setattr(task, name, value)
        task.full_clean()
        task.save()
    return task


# How far a measure has come by its status, as Decidim's accountability shows it to
# citizens: a share of the way from idea to done. On hold and not pursued are no step on
# that way; they are shown as what they are, without a percentage.
STATUS_PROGRESS = {
    MeasureStatus.IDEA: 0,
    MeasureStatus.UNDER_REVIEW: 10,
    MeasureStatus.DECISION_PENDING: 20,
    MeasureStatus.DECIDED: 40,
    MeasureStatus.IN_PROGRESS: 60,
    MeasureStatus.DONE: 100,
    MeasureStatus.ON_HOLD: None,
    MeasureStatus.NOT_PURSUED: None,
}


def status_progress(status: str | None) -> int | None:
    """The percentage a status stands for (``STATUS_PROGRESS``): 0 before the first
    status, None for a measure on hold or not pursued."""
    if status is None:
        return 0
    return STATUS_PROGRESS[MeasureStatus(status)]


def mean_progress(parts: Iterable[int | None]) -> int | None:
    """A parent's progress: the rounded mean of its parts' percentages, leaving out the
    parts without one (on hold, not pursued); None when no part has one."""
    counted = [part for part in parts if part is not None]
    if not counted:
        return None
    return round(sum(counted) / len(counted))
