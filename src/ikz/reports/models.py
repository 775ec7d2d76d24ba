"""Status reports: built from the data for whole months, frozen once issued."""

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ikz.core.models import Cooperation
from ikz.core.months import is_month_end


class StatusReportQuerySet(models.QuerySet):
    def for_period(self, cooperation, start: datetime.date, end: datetime.date):
        """The cooperation's reports of exactly this period: drafts, the current issued
        one and those it superseded."""
        return self.filter(cooperation=cooperation, period_start=start, period_end=end)

    def current(self):
        """Issued and not superseded: what the cooperation has reported."""
        return self.filter(state=StatusReport.State.FINAL, superseded_by__isnull=True)

    def chosen_for_period(self, cooperation, start: datetime.date, end: datetime.date):
        """The report that stands for the period: its current issued one, else its
        newest draft, else None. Superseded reports never stand for it."""
        return (
            self.for_period(cooperation, start, end)
            .filter(superseded_by__isnull=True)
            .annotate(
                issued=models.Case(models.When(state=StatusReport.State.FINAL, then=0), default=1)
            )
            .order_by("issued", "-pk")
            .first()
        )

    def overlapping(self, cooperation, start: datetime.date, end: datetime.date):
        """The cooperation's reports whose period shares a day with ``start``..``end``."""
        return self.filter(cooperation=cooperation, period_start__lte=end, period_end__gte=start)


class StatusReport(models.Model):
    class Template(models.TextChoices):
        SEED = "seed", _("status report (as in the steering group)")
        FULL = "full", _("full report with portfolio")
        MEETINGS = "meetings", _("meeting overview (all results of the period)")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    cooperation = models.ForeignKey(
        Cooperation,
        on_delete=models.CASCADE,
        related_name="status_reports",
        verbose_name=_("cooperation"),
    )
    period_start = models.DateField(_("period from"), help_text=_("First day of a month."))
    period_end = models.DateField(_("period until"), help_text=_("Last day of a month."))
    title = models.CharField(_("title"), max_length=300, blank=True)
    report_date = models.DateField(_("report date"))
    intro = models.TextField(_("introduction"), blank=True)
    # Written by the coordinator for the steering group; the data's own list of pending
    # decisions stays beside it.
    decisions_text = models.TextField(
        _("decisions needed"),
        blank=True,
        help_text=_("What the steering group is asked to decide; shown in every format."),
    )
    template = models.CharField(
        _("template"), max_length=10, choices=Template, default=Template.SEED
    )
    # The full report summarises the period's results by measure; the complete list of
    # them is an appendix a steering group rarely needs.
    appendix = models.BooleanField(
        _("with appendix"),
        default=False,
        help_text=_("Full report only: all results of the period's meetings at the end."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    snapshot = models.JSONField(_("data snapshot"), null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # An issued report is never edited: a corrected one replaces it, and both stay.
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Once issued, shown on the cooperation's public pages."),
    )
    history = HistoricalRecords()

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["cooperation_id", "-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="status_report_period_order",
                violation_error_message=_("A report period ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(snapshot__isnull=False, issued_at__isnull=False),
                name="status_report_final_has_snapshot",
                violation_error_message=_("A final report keeps its data snapshot."),
            ),
            # Drafts may be several; of the issued ones only one is current per period.
            models.UniqueConstraint(
                fields=["cooperation", "period_start", "period_end"],
                condition=Q(state="final", superseded_by__isnull=True),
                name="status_report_one_current_per_period",
                violation_error_message=_(
                    "The cooperation has a current issued report for this period already."
                ),
            ),
        ]

    def __str__(self):
        return self.title or f"{self.cooperation} {self.period_start:%m/%Y}–{self.period_end:%m/%Y}"

    def clean(self):
        # What was issued stays as issued: a final report is evidence.
        if self.pk and StatusReport.objects.filter(pk=self.pk, state=self.State.FINAL).exists():
            raise ValidationError(_("A final report cannot be changed any more."))
        # Whole months: checked here, not in the database, because a check on the day of
        # a date would need a function SQLite and PostgreSQL do not share.
        errors = {}
        if self.period_start and self.period_start.day != 1:
            errors[NON_FIELD_ERRORS] = [_("A report period starts on the first day of a month.")]
        if self.period_end and not is_month_end(self.period_end):
            errors["period_end"] = [_("A report period ends on the last day of a month.")]
        if errors:
            raise ValidationError(errors)
        if self.cooperation_id and self.period_start and self.period_end:
            other = overlapping_current(self)
            if other is not None:
                # Two reports on the same month would tell it twice, perhaps differently;
                # drafts may overlap, as only one of them will be issued.
                raise ValidationError(
                    {
                        "period_start": _(
                            "The period overlaps the report “%(report)s”; a month is "
                            "reported on once."
                        )
                        % {"report": other.title or other}
                    }
                )


def overlapping_current(report: StatusReport) -> StatusReport | None:
    """The current issued report that shares a month with ``report`` without being of
    the same period (the same period's is the one a correction supersedes), or None."""
    return (
        StatusReport.objects.current()
        .overlapping(report.cooperation_id, report.period_start, report.period_end)
        .exclude(pk=report.pk)
        .exclude(period_start=report.period_start, period_end=report.period_end)
        .first()
    )


def report_file_path(report_file, filename):
    return f"reports/{report_file.report.cooperation_id}/{report_file.report_id}/{filename}"


class ReportFile(models.Model):
    """A rendered file of a final report; with its SHA-256 it proves what was issued."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.PROTECT, related_name="files", verbose_name=_("report")
    )
    format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), upload_to=report_file_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report_id", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "format"],
                name="report_file_one_per_format",
                violation_error_message=_("The report has a file in this format already."),
            )
        ]

    def __str__(self):
        return f"{self.report} ({self.format})"
