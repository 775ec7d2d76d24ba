"""What the report pages read."""

from django.db.models import F, QuerySet

from ikz.core.models import Cooperation
from ikz.reports.models import StatusReport


def reports_of(cooperation: Cooperation | None) -> QuerySet[StatusReport]:
    """The cooperation's reports, newest period first, without their snapshots: a list
    never reads them, and they can be large."""
    return (
        StatusReport.objects.filter(cooperation=cooperation)
        .only(
            "title",
            "period_start",
            "period_end",
            "report_date",
            "state",
            "cooperation",
            "superseded_by",
            "is_public",
        )
        # A period's reports together: the current issued one first, then what it
        # superseded, then the drafts, newest first.
        .order_by(
            "-period_start",
            "-period_end",
            "-state",
            F("superseded_by").asc(nulls_first=True),
            "-pk",
        )
    )
