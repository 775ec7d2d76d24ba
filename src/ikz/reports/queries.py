"""What the report pages read."""

from django.db.models import QuerySet

from ikz.core.models import Cooperation
from ikz.reports.models import StatusReport


def reports_of(cooperation: Cooperation | None) -> QuerySet[StatusReport]:
    """The cooperation's reports, newest period first, without their snapshots: a list
    never reads them, and they can be large."""
    return (
        StatusReport.objects.filter(cooperation=cooperation)
        .only("title", "period_start", "period_end", "report_date", "state", "cooperation")
        .order_by("-period_start")
    )
