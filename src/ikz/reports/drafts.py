"""Drafts of status reports: started for a period (several per period may exist),
edited while a draft, deleted, or started as the correction of an issued report."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ikz.core.models import Cooperation
from ikz.core.versions import check_version, lock
from ikz.reports.models import StatusReport
from ikz.reports.periods import period_label, report_title


def _refuse_final(report: StatusReport) -> None:
    if report.state == StatusReport.State.FINAL:
        raise ValidationError(
            _("An issued report is never changed; correct it with a new draft instead."),
            code="final",
        )


def start_report(
    *,
    cooperation: Cooperation,
    period_start: datetime.date,
    period_end: datetime.date,
    report_date: datetime.date,
    template: str,
    appendix: bool = False,
) -> StatusReport:
    """A new draft for the period, titled "Statusbericht <period>".

    Several drafts of one period may exist: only one of them is issued. A period that
    has a current issued report is refused (naming it: such a report is corrected from
    its own page, which keeps the link between both), and so is a period that overlaps
    another current issued report's. Side effect: the StatusReport row (with its
    history record)."""
    report = StatusReport(
        cooperation=cooperation,
        period_start=period_start,
        period_end=period_end,
        report_date=report_date,
        template=template,
        appendix=appendix and template == StatusReport.Template.FULL,
        title=report_title(period_start, period_end),
    )
    if StatusReport.objects.current().for_period(cooperation, period_start, period_end).exists():
        raise ValidationError(
            _("The report for %(period)s has been issued; to change it, correct it on its page."),
            code="issued",
            params={"period": period_label(period_start, period_end)},
        )
    report.full_clean()
    report.save()
    return report


def edit_report(
    report: StatusReport,
    *,
    version: int | None,
    template: str,
    appendix: bool,
    intro: str,
    decisions_text: str,
) -> StatusReport:
    """Store a draft's template, appendix, introduction and decisions text, if it is
    still at ``version`` (the version the form was based on).

    Side effects, in one transaction: the report's row locked and its version checked
    (``VersionConflict`` when someone saved it since: nothing is stored); its state
    read under the lock (ValidationError once issued: an issued report is never
    edited); the StatusReport row, validated first, with its history record."""
    with transaction.atomic():
        check_version(report, version)
        stored = StatusReport.objects.get(pk=report.pk)
        _refuse_final(stored)
        report.template = template
        report.appendix = appendix and template == StatusReport.Template.FULL
        report.intro = intro.strip()
        report.decisions_text = decisions_text.strip()
        report.full_clean()
        report.save()
    return report


def delete_draft(report: StatusReport, *, version: int | None) -> None:
    """Delete a draft, if it is still at ``version`` (what the confirmation page showed);
    an issued report is evidence and stays (ValidationError).

    Side effects, in one transaction: the row locked and its state read under the lock
    (a draft issued meanwhile is refused), its version checked (``VersionConflict``
    when someone saved it since: nothing is deleted), then the StatusReport row deleted
    (its history keeps a record of the deletion)."""
    with transaction.atomic():
        lock(report)
        _refuse_final(StatusReport.objects.get(pk=report.pk))
        check_version(report, version)
        report.delete()


def correct_report(report: StatusReport, *, today: datetime.date | None = None) -> StatusReport:
    """A new draft for the same period as the current issued ``report``, with its
    template, appendix, introduction and decisions text, dated ``today`` (the local
    date without one). Issuing it supersedes ``report`` (``issuing.issue_report``);
    ``report`` itself is not touched.

    ValidationError for a draft (it is edited, not corrected) or a report superseded
    already (its successor is the one to correct). Side effect: the new StatusReport
    row with its history record."""
    if report.state != StatusReport.State.FINAL:
        raise ValidationError(_("Only an issued report is corrected; edit the draft instead."))
    if report.superseded_by_id:
        raise ValidationError(
            _("This report has been superseded already; correct the report that replaced it.")
        )
    draft = StatusReport(
        cooperation=report.cooperation,
        period_start=report.period_start,
        period_end=report.period_end,
        report_date=today or timezone.localdate(),
        title=report.title,
        template=report.template,
        appendix=report.appendix,
        intro=report.intro,
        decisions_text=report.decisions_text,
    )
    draft.full_clean()
    draft.save()
    return draft
