"""The portfolio of joint measures, its dated status history, tasks and funding."""

import functools
import itertools
import operator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ikz.core.models import Body, Cooperation, Municipality, Partner, Person


class MeasureStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    UNDER_REVIEW = "under_review", _("under review")
    DECISION_PENDING = "decision_pending", _("decision pending")
    DECIDED = "decided", _("decided")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_PURSUED = "not_pursued", _("not pursued")
    ON_HOLD = "on_hold", _("on hold")


class AllocationKey(models.TextChoices):
    POPULATION = "population", _("per inhabitant")
    EQUAL = "equal", _("equal shares")
    CASES = "cases", _("by case numbers")
    STAFF_FTE = "staff_fte", _("by staff shares (FTE)")
    STAFF_HOURS = "staff_hours", _("by staff shares (hours)")
    BASE_POPULATION = "base_population", _("fixed base plus per inhabitant")
    MIXED = "mixed", _("weighted mix")


class FieldOfAction(models.Model):
    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="fields_of_action",
        verbose_name=_("cooperation"),
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["cooperation_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "name"],
                name="field_of_action_name_unique",
                violation_error_message=_("A field of action with this name exists already."),
            )
        ]

    def __str__(self):
        return self.name


class Measure(models.Model):
    """A joint project. Its status is not stored here: it is the latest StatusChange."""

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("cooperation"),
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("field of action"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_measures",
        verbose_name=_("lead municipality"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="measures",
        verbose_name=_("participating municipalities"),
    )
    is_public = models.BooleanField(_("public"), default=False)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    decision_due = models.DateField(
        _("decision due by"),
        null=True,
        blank=True,
        help_text=_(
            "While the decision is pending past this date, the traffic light turns yellow."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress in %"), default=0, validators=[MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["cooperation_id", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "title"],
                name="measure_title_unique",
                violation_error_message=_("A measure with this title exists already."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="measure_progress_percent",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="measure_planned_end_after_start",
                violation_error_message=_("The planned end lies before the planned start."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="measure_not_its_own_parent",
                violation_error_message=_("A measure cannot be part of itself."),
            ),
        ]

    def __str__(self):
        return self.title


class StatusChange(models.Model):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("measure")
    )
    date = models.DateField(_("date"))
    from_status = models.CharField(
        _("from"),
        max_length=20,
        choices=MeasureStatus,
        blank=True,
        help_text=_("Empty for the first status."),
    )
    to_status = models.CharField(_("to"), max_length=20, choices=MeasureStatus)
    note = models.TextField(_("note"), blank=True)
    outcome = models.ForeignKey(
        "meetings.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("caused by outcome"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["measure_id", "date", "id"]
        get_latest_by = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="status_change_changes",
                violation_error_message=_("A status change needs a new status."),
            )
        ]

    def __str__(self):
        before = self.get_from_status_display() or "–"
        return f"{self.measure}: {before} → {self.get_to_status_display()}"


DUE_DATE_CONSTRAINT = "task_due_date_matches_precision"
DUE_DATE_MISMATCH = _(
    "The due date does not match its precision: a day needs a date, a month "
    "the first of the month, a quarter the first day of the quarter, a meeting "
    "a meeting or the body whose next meeting is not planned yet and no date, no due "
    "date neither."
)


TASK_OWNER_FIELDS = ("owner_person", "owner_municipality", "owner_body", "owner_partner")
# What a task's owner shows as (a person with their municipality or partner): read with
# the task, in one query.
TASK_OWNER_RELATIONS = (
    "owner_person__municipality",
    "owner_person__partner",
    "owner_municipality",
    "owner_body",
    "owner_partner",
)


class Task(models.Model):
    """A next step. Its due date is a day, a month ("bis Juni"), a quarter ("bis Q3")
    or a meeting ("bis zur nächsten Lenkungsgruppe"); month and quarter are stored as
    their first day. Due by the next meeting of a body that has none planned yet, the
    task keeps the body (``due_body``) until that meeting is planned and becomes its
    ``due_meeting``. The database checks which of date and meeting a precision needs;
    that the date is the first of its month or quarter only clean() checks, because
    SQLite and PostgreSQL share no function that would tell the day of a date."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    class DuePrecision(models.TextChoices):
        NONE = "none", _("no due date")
        DAY = "day", _("day")
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        MEETING = "meeting", _("by a meeting")

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("cooperation")
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("measure"),
    )
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner (person)"),
    )
    owner_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner (municipality)"),
    )
    owner_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner (body)"),
    )
    owner_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("owner (partner)"),
    )
    due_precision = models.CharField(
        _("due date precision"), max_length=10, choices=DuePrecision, default=DuePrecision.NONE
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("For a month or a quarter: its first day."),
    )
    due_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="due_tasks",
        verbose_name=_("due by meeting"),
    )
    due_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks_due_by_next_meeting",
        verbose_name=_("due by the next meeting of"),
        help_text=_("While that meeting is not planned yet."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.OPEN)
    # Reports for a past period list only the tasks that existed then.
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    origin_outcome = models.ForeignKey(
        "meetings.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("arising from outcome"),
    )
    closed_by_outcome = models.ForeignKey(
        "meetings.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_tasks",
        verbose_name=_("done with outcome"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["cooperation_id", "order", "id"]
        # Every new task takes the next place in its cooperation's list.
        indexes = [models.Index(fields=["cooperation", "order"], name="task_cooperation_order")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        due_precision="none",
                        due_date__isnull=True,
                        due_meeting__isnull=True,
                        due_body__isnull=True,
                    )
                    | Q(
                        due_precision__in=["day", "month", "quarter"],
                        due_date__isnull=False,
                        due_meeting__isnull=True,
                        due_body__isnull=True,
                    )
                    | Q(
                        due_precision="meeting",
                        due_date__isnull=True,
                        due_meeting__isnull=False,
                        due_body__isnull=True,
                    )
                    | Q(
                        due_precision="meeting",
                        due_date__isnull=True,
                        due_meeting__isnull=True,
                        due_body__isnull=False,
                    )
                ),
                name=DUE_DATE_CONSTRAINT,
                violation_error_message=DUE_DATE_MISMATCH,
            ),
            models.CheckConstraint(
                # Of every two owner fields, one is empty.
                condition=functools.reduce(
                    operator.and_,
                    (
                        Q(**{f"{first}__isnull": True}) | Q(**{f"{second}__isnull": True})
                        for first, second in itertools.combinations(TASK_OWNER_FIELDS, 2)
                    ),
                ),
                name="task_at_most_one_owner",
                violation_error_message=_(
                    "A task has one owner: a person, a municipality, a body or a partner."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state="done") | Q(done_on__isnull=True),
                name="task_done_on_only_when_done",
                violation_error_message=_("Only a task that is done has a completion date."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def owner(self):
        return self.owner_person or self.owner_municipality or self.owner_body or self.owner_partner

    def due_date_matches_precision(self) -> bool:
        date, meeting, body = self.due_date, self.due_meeting_id, self.due_body_id
        no_meeting = meeting is None and body is None
        first_of_month = date is not None and date.day == 1 and no_meeting
        return {
            self.DuePrecision.NONE: date is None and no_meeting,
            self.DuePrecision.DAY: date is not None and no_meeting,
            self.DuePrecision.MONTH: first_of_month,
            self.DuePrecision.QUARTER: first_of_month and date.month in (1, 4, 7, 10),
            # A meeting, or the body whose next meeting is not planned yet: one of them.
            self.DuePrecision.MEETING: date is None and (meeting is None) != (body is None),
        }.get(self.due_precision, False)

    def clean(self):
        if not self.due_date_matches_precision():
            raise ValidationError(DUE_DATE_MISMATCH)

    def get_constraints(self):
        # clean() checks the whole due-date rule; the constraint is the part of it the
        # database can check, so validating it as well would repeat the same message.
        return [
            (model, [c for c in constraints if c.name != DUE_DATE_CONSTRAINT])
            for model, constraints in super().get_constraints()
        ]


class TaskComment(models.Model):
    """A note on a task by one of the cooperation's people ("Zahlen liegen vor, fehlt
    noch Borsdorf"); kept as written, with its author and time."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="comments", verbose_name=_("task")
    )
    # Kept when the account goes: the comment stays part of the task's story.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment on a task")
        verbose_name_plural = _("comments on tasks")
        ordering = ["task_id", "created_at", "id"]

    def __str__(self):
        # Cut where it is marked as cut: the audit log and messages name it so.
        return Truncator(self.text).chars(80)


class FundingProgram(models.Model):
    name = models.CharField(_("name"), max_length=300, unique=True)
    funder = models.CharField(_("funder"), max_length=300)
    rate_percent = models.DecimalField(
        _("funding rate in %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    maximum_amount = models.DecimalField(
        _("maximum grant in €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eligible_costs = models.TextField(_("eligible costs"), blank=True)
    window_start = models.DateField(_("application window opens"), null=True, blank=True)
    window_end = models.DateField(_("application window closes"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_percent__isnull=True)
                | (Q(rate_percent__gt=0) & Q(rate_percent__lte=100)),
                name="funding_program_rate_percent",
                violation_error_message=_("The funding rate lies between 0 and 100 %%."),
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gte=models.F("window_start")),
                name="funding_program_window_order",
                violation_error_message=_("The application window closes before it opens."),
            ),
        ]

    def __str__(self):
        return self.name


class FundingApplication(models.Model):
    class State(models.TextChoices):
        ELIGIBILITY_CHECK = "eligibility_check", _("checking eligibility")
        PREPARING = "preparing", _("preparing")
        SUBMITTED = "submitted", _("submitted")
        GRANTED = "granted", _("granted")
        REJECTED = "rejected", _("rejected")
        PAID = "paid", _("paid")
        PROOF_DUE = "proof_due", _("proof of use due")
        CLOSED = "closed", _("closed")

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="funding_applications",
        verbose_name=_("cooperation"),
    )
    program = models.ForeignKey(
        FundingProgram,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("funding programme"),
    )
    title = models.CharField(_("title"), max_length=300)
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="funding_applications", verbose_name=_("measures")
    )
    amount_applied = models.DecimalField(
        _("applied for in €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("granted in €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_paid = models.DecimalField(
        _("paid out in €"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    own_share_key = models.CharField(
        _("key for the own share"),
        max_length=20,
        choices=AllocationKey,
        default=AllocationKey.POPULATION,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.ELIGIBILITY_CHECK
    )
    submission_deadline = models.DateField(_("submission deadline"), null=True, blank=True)
    proof_deadline = models.DateField(_("proof of use due by"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["cooperation_id", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_paid__isnull=True)
                | Q(amount_granted__isnull=True)
                | Q(amount_paid__lte=models.F("amount_granted")),
                name="funding_paid_within_grant",
                violation_error_message=_("More was paid out than granted."),
            ),
        ]

    def __str__(self):
        return self.title
