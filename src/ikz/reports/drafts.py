"""Starting a status report: one draft per cooperation and period."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ikz.core.models import Cooperation
from ikz.reports.models import StatusReport
from ikz.reports.periods import period_label, report_title


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

    A cooperation has one report per period: when there is one already, nothing is
    written and ValidationError names the period (its template and date stay as they
    are; change them on that report instead). A period that overlaps another report's
    is refused the same way, naming that report."""
    label = period_label(period_start, period_end)
    exists = ValidationError(
        _("A report for %(period)s exists already."), code="exists", params={"period": label}
    )
    report = StatusReport(
        cooperation=cooperation,
        period_start=period_start,
        period_end=period_end,
        report_date=report_date,
        template=template,
        appendix=appendix and template == StatusReport.Template.FULL,
        title=report_title(period_start, period_end),
    )
    if StatusReport.objects.for_period(cooperation, period_start, period_end).exists():
        raise exists
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another coordinator started the same report a moment ago.
        if StatusReport.objects.for_period(cooperation, period_start, period_end).exists():
            raise exists from None
        raise
    return report
